# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 01 · 回放内存
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/dqn-course/dqn-cartpole/blob/main/notebooks/zh/01_replay_memory.ipynb)
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/dqn-course/dqn-cartpole/main?urlpath=lab/tree/notebooks/zh/01_replay_memory.ipynb)
# [English version](../01_replay_memory.ipynb)
#
# **时间：** 约 30 分钟
#
# DQN 智能体（agent）并不是从刚刚走完的那一步（step）中学习。它把每一步都存进**回放内存**（replay memory），每次更新时，再从新旧各步中随机抽出一小把来学习。本笔记本会说明这样做的原因，并逐步搭建课程用到的两种回放内存：教程里的那一种，以及一种由张量（tensor）构成、速度更快的版本。
#
# 学习过程中，**预测题**（Predict question）会请你在运行下一个单元格之前，先猜猜它会显示什么：先作答，按 *检查*（Check），再运行那个单元格看看结果。
#
# ## 学习目标
#
# 学完本笔记本，你将能够……
#
# - 借助一张图解释：DQN 为什么从随机的小批量（mini-batch）中学习，而不是从连续的步中学习；
# - 使用教程中的 `Transition` 和 `ReplayMemory`，并说出内存满了以后会发生什么；
# - 读懂环形缓冲区（ring buffer）`TensorReplayMemory`，并说出它如何存储一个终止步（terminal step）；
# - 亲手写出环形缓冲区的采样（sampling）函数。

# %%
# 准备：在 Colab 上安装课程的包和中文字体（torch 和 ipywidgets 已经装好，保持不变）。
import importlib.util
import subprocess
import sys

if importlib.util.find_spec("dqn_helpers") is None:
    if "google.colab" in sys.modules:
        url = "git+https://github.com/dqn-course/dqn-cartpole"
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"dqn-helpers[zh] @ {url}"], check=True)
    else:
        sys.path.insert(0, "../..")  # 仓库的克隆，从 notebooks/zh/ 运行

from dqn_helpers import language

language.use("zh")  # 反馈、控件标签和图表文字都用中文

# %%
import random
import timeit

import matplotlib.pyplot as plt
import numpy as np
import torch

from dqn_helpers import Batch, ReplayMemory, TensorReplayMemory, Transition, make_env, show_source
from dqn_helpers.config import get_preset
from dqn_helpers.envs import ANGLE_LIMIT, POSITION_LIMIT
from dqn_helpers.replay import stack_transitions
from dqn_helpers.teaching.exercises import check_sample
from dqn_helpers.teaching.questions import ask

BATCH_SIZE = 128  # 教程的取值：每次更新用的转换数……
MEMORY_CAPACITY = 10_000  # ……以及内存保存的转换数

torch.manual_seed(0)
random.seed(0)  # ReplayMemory 用 Python 的 random 模块采样

# %% [markdown]
# ## 先攒一些经验
#
# 一个**转换**（transition）就是一步经验：状态（state）$s$、在这个状态下采取的动作（action）$a$、下一个状态 $s'$ 以及奖励（reward）$r$。教程用一个 `NamedTuple` 给这几个部分命名：

# %%
show_source(Transition)

# %% [markdown]
# （教程里说它的状态是“屏幕差分图像”（screen difference images）。这句话是旧版本留下来的：在 CartPole-v1 中，状态就是笔记本 00 里的那 4 个数。）
#
# 我们需要一些经验来观察，所以先随机地玩若干回合（episode），直到攒够 10 000 步，也就是教程中回放内存的大小。每一步我们都保存上面 4 个部分，外加 `terminated`，并记下它来自哪个回合：

# %%
env = make_env()
env.action_space.seed(0)
experience = []  # (state, action, next_state, reward, terminated)，按发生的先后顺序
episode_of = []  # 每一步所属的回合
episode = 0
while len(experience) < MEMORY_CAPACITY:
    state, _ = env.reset(seed=episode)
    done = False
    while not done:
        action = int(env.action_space.sample())
        next_state, reward, terminated, truncated, _ = env.step(action)
        experience.append((state, action, next_state, reward, terminated))
        episode_of.append(episode)
        state, done = next_state, terminated or truncated
    episode += 1
env.close()

episode_of = np.array(episode_of)
print(f"{len(experience)} steps from {episode} random episodes, {len(experience) / episode:.1f} steps per episode")
assert len(experience) >= MEMORY_CAPACITY and episode_of[-1] == episode - 1
assert 4.5 < BATCH_SIZE / (len(experience) / episode) < 6.5  # 连续 128 步横跨五六个回合

# %% [markdown]
# ## 为什么不直接用刚产生的步来学习？
#
# 下一个单元格会画两张图。左图：对每一对相邻的步，以同一回合中第 $t$ 步的杆（pole）角度为横坐标、第 $t+1$ 步的角度为纵坐标。右图：把同样的这些步放进回放内存，像 DQN 那样从中随机抽取一个样本，再以样本中每个转换的角度为横坐标、*样本中*下一个转换的角度为纵坐标。
#
# 每张图上方的**相关系数**（correlation coefficient）$\rho$ 表示一个数能在多大程度上预测另一个数：点落在一条上升的直线上时 $\rho = 1$，一个数对另一个数毫无提示时 $\rho = 0$。

# %%
ask("01.correlation")

# %%
memory = ReplayMemory(MEMORY_CAPACITY)
for state, action, next_state, reward, terminated in experience:
    memory.push(state, action, None if terminated else next_state, reward)  # 教程的约定

angles = np.array([state[2] for state, *_ in experience])
same_episode = episode_of[1:] == episode_of[:-1]  # 属于同一回合的 (t, t+1) 对
now, then = angles[:-1][same_episode], angles[1:][same_episode]
rho_consecutive = np.corrcoef(now, then)[0, 1]  # ρ = cov(x, y) / (σ_x σ_y)

sample = memory.sample(1024)  # 随机、无放回地抽取 1 024 个转换
sampled_angles = np.array([transition.state[2] for transition in sample])
rho_sampled = np.corrcoef(sampled_angles[:-1], sampled_angles[1:])[0, 1]

fig, axes = plt.subplots(1, 2, figsize=(8, 3.4), sharex=True, sharey=True, layout="constrained")
axes[0].scatter(np.degrees(now), np.degrees(then), s=2, alpha=0.3)
axes[0].set_title(f"consecutive steps: ρ = {rho_consecutive:.3f}")
axes[0].set_xlabel("pole angle at step t (°)")
axes[0].set_ylabel("pole angle at step t+1 (°)")
axes[1].scatter(np.degrees(sampled_angles[:-1]), np.degrees(sampled_angles[1:]), s=2, alpha=0.3, color="tab:orange")
axes[1].set_title(f"neighbours in a random sample: ρ = {rho_sampled:.3f}")
axes[1].set_xlabel("pole angle of sample i (°)")
axes[1].set_ylabel("pole angle of sample i+1 (°)")
plt.show()

assert rho_consecutive > 0.98
assert abs(rho_sampled) < 0.15

# %% [markdown]
# 同一回合里相邻的两步几乎是同一个局面：两者只隔 0.02 s，杆几乎没动，所以点落在一条直线上，知道其中一个角度就等于知道了另一个。在随机样本里，这条直线消失了：样本中相邻的转换来自不同回合的不同时刻。
#
# 这有什么关系？网络在小批量上用梯度下降（gradient descent）来学习，而当每一批（batch）都是对智能体见过的全部经验的一次公平、多样的抽样时，梯度下降的效果最好。连续的 128 步做不到这一点：在这里，它们是接连的五六个随机回合；等智能体能把杆稳住以后，它们就是*同一个*回合中的 2.5 秒，杆在这段时间里几乎一直竖直。网络会去拟合这一刻，忘掉其余的经验，接着又转去拟合下一刻。
#
# 回放内存解决了这个问题，还附带第二个好处：**重复利用**（reuse）。把容量（capacity）记为 $N$（`MEMORY_CAPACITY` = 10 000），批大小（batch size）记为 $B$（`BATCH_SIZE` = 128）。每次更新从存着的 $N$ 个转换中抽取 $B$ 个，所以某个特定的转换进入这一批的概率是 $B/N$。如果每步推入（push）一次、更新一次，一个转换会在满的内存里停留 $N$ 次更新，因此在被挤出内存（evicted）之前，它被使用的平均次数是
#
# $$N \cdot \frac{B}{N} = B = 128 \text{ times on average}$$
#
# 而不是只用一次。课程的 `default` 预设（preset）每 4 步训练一次，内存容量为 100 000：内存满了以后，每个转换平均约被使用 32 次；不过一次典型的运行不到 100 000 步就能解决（solve，即 100 回合均值达到 475）CartPole，所以它的内存根本填不满，也就没有任何转换被挤出。下面对两种设置做同样的计算：

# %%
for preset in ("tutorial", "default"):
    config = get_preset(preset)
    updates_per_step = config.gradient_steps / config.train_every
    steps_in_memory = config.memory_capacity  # 每步推入一次：一个转换在 N 次推入之后被挤出
    uses = steps_in_memory * updates_per_step * config.batch_size / config.memory_capacity  # 每次更新 N·(B/N)
    print(
        f"{preset:8}: N = {config.memory_capacity:7,d}, B = {config.batch_size}, "
        f"{updates_per_step:.2f} updates per step → each transition used {uses:.0f} times on average"
    )
    assert uses == {"tutorial": BATCH_SIZE, "default": 32}[preset]

# %% [markdown]
# ## 教程中的 `ReplayMemory`
#
# 教程里的回放内存是“一个有界大小的循环缓冲区，保存最近观察到的转换”（a cyclic buffer of bounded size that holds the transitions observed recently）：也就是一个有最大长度的 `deque`。我们的版本加了一些检查，出错时会给出清楚的错误信息；行为与教程相同。

# %%
show_source(ReplayMemory)

# %% [markdown]
# 读一读代码，然后预测下一个单元格会做什么：它创建一个容量为 3 的内存，依次推入转换 0、1、2、3、4（转换 $k$ 的状态就是 $k$），然后向它要一个大小为 4 的样本。

# %%
ask("01.full-memory")

# %%
ask("01.sample-too-many")

# %%
tiny = ReplayMemory(3)
for k in range(5):
    tiny.push(float(k), 0, float(k + 1), 1.0)
print("stored states:", [transition.state for transition in tiny.memory])
refused = None
try:
    tiny.sample(4)
except ValueError as error:
    refused = error
print("sample(4):", repr(refused))

assert [transition.state for transition in tiny.memory] == [2.0, 3.0, 4.0]
assert isinstance(refused, ValueError)  # 3 个转换里取不出 4 个互不相同的转换
assert sorted(transition.state for transition in tiny.sample(3)) == [2.0, 3.0, 4.0]  # 三个都在，各出现一次

# %% [markdown]
# 代码里有三点值得细看：
#
# - `push(*args)` 先检查转换（状态是有限值且形状一致，动作属于 `n_actions` 个动作之一，奖励是有限值），再把 4 个参数包装成一个 `Transition` 追加进去。被拒绝的推入会抛出一个指明问题所在的 `ValueError`，并且什么也不存。
# - `deque(maxlen=capacity)`：双端队列（deque）满了以后，`append` 会悄悄丢掉另一端的元素，也就是最旧的那个。所以这个内存是**先进先出**（first in, first out，FIFO）的：推入 3 时丢掉了 0，推入 4 时丢掉了 1。
# - `sample` 就是 `random.sample`：取出 `batch_size` 个*互不相同*的转换，每个已存的转换被选中的可能性相同（即**无放回**抽样，sampling without replacement）。要的比存的多就会报错，所以教程的训练要等内存里至少有 `BATCH_SIZE` 个转换才开始。

# %% [markdown]
# **终止步。** 对于让回合*终止*（terminated）的那一步，教程存入 `next_state=None` 作为标记：没有下一个状态可以用来自举（bootstrap）。*截断*（truncated）的步则保留真实的下一个状态（原因见笔记本 00）。我们用随机玩法填充的内存已经满了，其中的 `None` 恰好对应最后 10 000 步里那些终止的步：

# %%
kept = experience[-MEMORY_CAPACITY:]  # 内存里保存的是最新的 MEMORY_CAPACITY 步
n_terminal = sum(transition.next_state is None for transition in memory.memory)
print(f"{len(memory)} transitions, {n_terminal} of them terminal")
assert len(memory) == MEMORY_CAPACITY
assert n_terminal == sum(terminated for *_, terminated in kept)

# %% [markdown]
# 要从样本中学习，教程先把它*转置*（transpose）：`Transition(*zip(*transitions))`，把“一批转换”变成“一个由批组成的转换”（所有状态、所有动作……）。然后用 `torch.cat` 把每个部分拼成一个张量。`stack_transitions` 做的是同样的事，返回一个由张量组成的 `Batch`（状态、动作、下一个状态、奖励以及 `terminated`）；`terminated` 取代了 `None`，终止的那一行会得到一个全零的下一个状态，这个值永远不会被用到：

# %%
show_source(stack_transitions)

# %%
COLUMNS = ("states", "actions", "next_states", "rewards", "terminated")  # 学习器用到的批中各列
batch = stack_transitions(memory.sample(BATCH_SIZE))
for column in COLUMNS:
    tensor = getattr(batch, column)
    print(f"{column:12} {tuple(tensor.shape)!s:9} {tensor.dtype}")
assert batch.states.shape == batch.next_states.shape == (BATCH_SIZE, 4)
assert batch.actions.shape == batch.rewards.shape == batch.terminated.shape == (BATCH_SIZE,)

# %% [markdown]
# 每次更新都要跑这么多 Python 代码：逐个挑出 128 个对象，再把每个对象拆开、把各部分重新拼起来，每个字段都要做 128 次。
#
# ## 由张量构成的环形缓冲区：`TensorReplayMemory`
#
# `TensorReplayMemory` 把同样的数据存放在只分配一次的张量里，每个转换占一行，每个张量都有 `capacity` 行。第 $k$ 次推入（从 0 开始编号）写入第 $k \bmod \text{capacity}$ 行，所以缓冲区满了以后，每次推入都会覆盖最旧的那一行：和双端队列一样是先进先出，但数据不必挪来挪去。采样时先选出行号，再一次性从每个张量中取出（gather）这些行。和双端队列版本一样，推入在写入任何内容之前会先检查整个转换，所以被拒绝的推入不会留下写了一半的行。

# %%
show_source(TensorReplayMemory)

# %% [markdown]
# 再来看容量为 3 的例子：下一个单元格把转换 0 … 4 推入一个容量为 3 的 `TensorReplayMemory`，然后按顺序打印它的各行，以及它的 `transitions()`。

# %%
ask("01.ring-rows")

# %%
tiny_tensors = TensorReplayMemory(3, n_observations=4, seed=0)
for k in range(5):
    tiny_tensors.push(torch.full((4,), float(k)), 0, torch.full((4,), k + 1.0), 1.0, terminated=False)
rows = tiny_tensors.states[:, 0].tolist()
oldest_first = [float(transition.state[0]) for transition in tiny_tensors.transitions()]
print("row by row:  ", rows)
print("oldest first:", oldest_first)

assert rows == [3.0, 4.0, 2.0]  # 推入 3 时覆盖了第 0 行，推入 4 时覆盖了第 1 行
assert oldest_first == [transition.state for transition in tiny.memory] == [2.0, 3.0, 4.0]

# %% [markdown]
# 各行按环形依次被覆盖：推入 3 写入第 0 行，推入 4 写入第 1 行，所以各行依次存着 3、4、2。`transitions()` 按从旧到新的顺序列出它们，和双端队列完全一样。
#
# **`terminated` 单独占一列。** 张量里放不下 `None`，所以 `push` 接受第五个参数 `terminated`，并把它存进一个布尔列。终止的那一行保留真实的最后一个观测（observation），也就是超出界限的那一个。而且这里存的是 `terminated`，不是 `terminated or truncated`：截断的步以 `terminated=False` 存入，因此学习器（learner）仍会从它自举。
#
# 我们用同样的 10 000 步填满一个这样的内存：

# %%
tensor_memory = TensorReplayMemory(MEMORY_CAPACITY, n_observations=4, seed=0)
for state, action, next_state, reward, terminated in experience:
    tensor_memory.push(state, action, next_state, reward, terminated)

terminal_rows = tensor_memory.terminated.nonzero().squeeze(1)
final = tensor_memory.next_states[terminal_rows[0]]
print(f"{int(tensor_memory.terminated.sum())} terminal rows; the first one's final observation: {final.numpy()}")

assert int(tensor_memory.terminated.sum()) == n_terminal  # 与双端队列中的终止步相同
assert abs(final[0]) > POSITION_LIMIT or abs(final[2]) > ANGLE_LIMIT  # 真实的最后观测，超出了某个界限
in_deque, in_tensors = stack_transitions(list(memory.memory)), stack_transitions(tensor_memory.transitions())
assert all(torch.equal(getattr(in_deque, c), getattr(in_tensors, c)) for c in COLUMNS)  # 内容相同，顺序也相同

# %% [markdown]
# ## 两种内存的对比
#
# 现在两种内存存着同样的 10 000 个转换。它们各自存入一个转换要多久？把 `BATCH_SIZE` 个转换以张量形式交给学习器又要多久？计时结果反映的是这台机器此刻的情况，所以每次运行都会有所不同。和通常给代码计时的做法一样，`timeit` 把每项测量重复几次，我们取最快的一次：其余几次是被别的事情拖慢了。


# %%
def microseconds_per_call(function, calls: int, repeat: int = 3) -> float:
    """The fastest of ``repeat`` timings of ``calls`` calls to ``function``, per call."""
    return min(timeit.repeat(function, number=calls, repeat=repeat)) / calls * 1e6


def push_all(fresh_memory, terminal_as_none: bool) -> None:
    for state, action, next_state, reward, terminated in experience:
        if terminal_as_none:
            fresh_memory.push(state, action, None if terminated else next_state, reward)
        else:
            fresh_memory.push(state, action, next_state, reward, terminated)


n = len(experience)
push_deque = microseconds_per_call(lambda: push_all(ReplayMemory(MEMORY_CAPACITY), True), 1) / n
push_tensor = microseconds_per_call(lambda: push_all(TensorReplayMemory(MEMORY_CAPACITY, 4), False), 1) / n
sample_deque = microseconds_per_call(lambda: stack_transitions(memory.sample(BATCH_SIZE)), 50)
sample_tensor = microseconds_per_call(lambda: tensor_memory.sample(BATCH_SIZE), 50)

print("ratio = ReplayMemory's time / TensorReplayMemory's time")
print(f"{'':34}{'ReplayMemory':>14}{'TensorReplayMemory':>20}{'ratio':>8}")
print(f"{'push one transition (µs)':34}{push_deque:14.1f}{push_tensor:20.1f}{push_deque / push_tensor:8.2f}")
print(
    f"{f'sample {BATCH_SIZE} as tensors (µs)':34}{sample_deque:14.1f}{sample_tensor:20.1f}"
    f"{sample_deque / sample_tensor:8.1f}"
)

# %% [markdown]
# 这张表可以这样读：
#
# - **推入**：两者都先检查转换。之后双端队列只需存一个引用，而环形缓冲区要把数字复制进自己的各行（两个状态各 4 个数，再加上动作、奖励和 `terminated`），所以这一项是双端队列更快（在我们的机器上大约快一倍）。不过无论哪种，都只是微秒量级。
# - **采样**：这一项通常是环形缓冲区遥遥领先。双端队列的批要从 128 个 Python 对象逐个字段地拼起来；环形缓冲区只需抽出 128 个行号，再从它的每个张量里取出这些行。
#
# 一个训练步要做一次推入和（在教程中）一次采样，所以真正要紧的是采样。课程在笔记本 04 里的训练器用的就是 `TensorReplayMemory`。两种内存交给学习器的东西必须相同，事实也确实如此：

# %%
deque_batch = stack_transitions(memory.sample(BATCH_SIZE))
tensor_batch = tensor_memory.sample(BATCH_SIZE)
stored_states = {tuple(state.tolist()) for state, *_ in kept}
for name, batch in (("ReplayMemory", deque_batch), ("TensorReplayMemory", tensor_batch)):
    shapes = [tuple(getattr(batch, column).shape) for column in COLUMNS]
    print(f"{name:18} {int(batch.terminated.sum())} terminal rows, shapes {shapes}")
    assert isinstance(batch, Batch)
    assert shapes == [(BATCH_SIZE, 4), (BATCH_SIZE,), (BATCH_SIZE, 4), (BATCH_SIZE,), (BATCH_SIZE,)]
    assert all(tuple(row) in stored_states for row in batch.states.tolist())  # 每一行都是存过的一步
    assert len({tuple(row) for row in batch.states.tolist()}) == BATCH_SIZE  # 没有哪个转换出现两次
    assert (batch.rewards == 1.0).all() and set(batch.actions.tolist()) <= {0, 1}

assert (deque_batch.next_states[deque_batch.terminated] == 0).all()  # None 的占位值
assert (tensor_batch.next_states[tensor_batch.terminated].abs().amax(dim=1) > 0).all()  # 真实的最后状态

# %% [markdown]
# （最后这项检查体现了两者唯一的区别：在双端队列给出的批里，终止行的下一个状态是全零的占位值；环形缓冲区则保留了真实的最后观测。学习器根本不会去看这两个值，因为终止步的时间差目标（TD target）就是 $r$，详见笔记本 02。）
#
# ## 练习：从环形缓冲区中采样
#
# 为 `TensorReplayMemory` 写一个 `sample(memory, batch_size)`，不要用它自带的 `sample`。它必须返回由 `batch_size` 个转换组成的 `Batch(states, actions, next_states, rewards, terminated)`，并且：
#
# - 只从**已填充**的行中抽取：内存还没满时，第 `len(memory)` 行及之后的行存的是零，而不是转换。（为什么已填充的行总是 `0 … len(memory) - 1`？）
# - **无放回**地抽取，每个已填充的行被抽中的可能性相同；
# - 5 个张量都用**同样的行**，这样批里的每一行才是同一个转换；
# - 当 `batch_size` 大于 `len(memory)` 时抛出 `ValueError`。
#
# 这些张量是 `memory.states`、`memory.actions`、`memory.next_states`、`memory.rewards` 和 `memory.terminated`。可能用得上：`torch.randperm(n)` 是 `0 … n-1` 的一个随机排列；用一个由行号组成的张量去索引另一个张量，例如 `memory.states[rows]`，就能取出这些行。


# %%
def sample(memory: TensorReplayMemory, batch_size: int) -> Batch:
    """``batch_size`` distinct stored transitions of ``memory``, chosen uniformly, as a Batch."""
    raise NotImplementedError  # 在这里写你的代码


# %%
passed = check_sample(sample)

# %% [markdown]
# 做完了或者卡住了，再点开折叠起来的单元格，查看参考答案（solution）。


# %% jupyter={"source_hidden": true} tags=["solution"]
# @title 参考答案 { display-mode: "form" }
def sample_solution(memory: TensorReplayMemory, batch_size: int) -> Batch:
    stored = len(memory)  # 第 0 … stored-1 行已填充：推入先依次填第 0、1、2……行，之后才绕回开头
    if batch_size > stored:
        raise ValueError(f"cannot sample {batch_size} transitions: the memory holds only {stored}")
    rows = torch.randperm(stored)[:batch_size]  # 互不相同的行，每行被选中的可能性相同
    return Batch(  # 每个张量都取同样的行：批的第 i 行是同一个转换
        memory.states[rows],
        memory.actions[rows],
        memory.next_states[rows],
        memory.rewards[rows],
        memory.terminated[rows],
    )


assert check_sample(sample_solution)

# %% [markdown]
# `torch.randperm(stored)` 为了留下 128 个行号，把*所有*行号都打乱了一遍。10 000 行时这没问题，但课程的 `default` 预设要存 100 000 行，每取一批都把它们全部打乱一遍，要花上毫秒量级的时间。课程包里的 `sample` 则直接向 NumPy 要 128 个互不相同的行号（`Generator.choice(len(self), size=batch_size, replace=False)`），无论内存多大都只需微秒量级的时间。
#
# 在满的内存上运行你的函数（在你的函数通过检查之前，先用参考答案代替）：

# %%
sample_fn = sample if passed else sample_solution
batch = sample_fn(tensor_memory, BATCH_SIZE)
print("first three rows:\n", batch.states[:3], "\nactions", batch.actions[:3], "terminated", batch.terminated[:3])
assert batch.states.shape == (BATCH_SIZE, 4) and batch.terminated.dtype == torch.bool

# %% [markdown]
# ## 小结
#
# - 连续的步高度相关（杆角度的 ρ ≈ 0.99）；从回放内存中随机抽取的步则不然。从随机小批量中学习，能让梯度下降持续获得多样的数据；在每步更新一次时，每个转换平均被重复使用约 `BATCH_SIZE` 次（课程的 `default` 预设每 4 步更新一次，它容量为 100 000 的内存装满以后，约为 32 次）。
# - 教程的 `ReplayMemory` 是一个存放 `Transition` 的 `deque(maxlen=capacity)`：先进先出地淘汰旧转换，用 `random.sample` 无放回地抽样，终止的步存为 `next_state=None`。
# - `TensorReplayMemory` 是由预先分配的张量构成的环形缓冲区（第 $k \bmod$ capacity 行），把 `terminated` 单独存为一列（截断的步不算终止），并且一次取行就返回整个 `Batch`：内容相同，每批要执行的 Python 代码却少得多。
#
# ## 下一步
#
# [02 · 贝尔曼方程、时间差误差与 Huber 损失](02_bellman_td_huber.ipynb)：学习器从每个抽到的转换中计算什么。
