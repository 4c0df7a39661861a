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
# # 03 · Q 网络与 ε-贪心
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/dqn-course/dqn-cartpole/blob/main/notebooks/zh/03_q_network.ipynb)
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/dqn-course/dqn-cartpole/main?urlpath=lab/tree/notebooks/zh/03_q_network.ipynb)
# [English version](../03_q_network.ipynb)
#
# **时间：** 约 40 分钟
#
# 在笔记本 02 里，我们用一张表为每个状态（state）和动作（action）各存一个 Q 值（Q-value）。CartPole 的状态是 4 个实数，可能的状态多得远非一张表所能容纳，所以 DQN 改用一个小型神经网络（neural network）：输入一个状态，为每个动作输出一个 Q 值。本笔记本先来认识这个网络，再窥探一下训练好的网络学到了什么，最后看看智能体（agent）在还处于学习阶段时如何选择动作：ε-贪心（ε-greedy）。一路上会遇到以 **预测。** 开头的预测题（Predict question）：在运行下一个单元格之前，先猜一猜它会显示什么。
#
# ## 学习目标
#
# 学完本笔记本，你将能够……
#
# - 搭建教程里的 Q 网络（Q-network）`DQN`，分别用一个状态和一批（batch）状态运行它，并数出它有多少个权重（weights）；
# - 解释为什么它是一个作用于 4 个数的小型多层感知机（multilayer perceptron，MLP），而不是教程正文所描述的卷积网络（convolutional network）；
# - 读懂 $Q(s, \text{right}) - Q(s, \text{left})$ 的热力图（heatmap；它只是状态空间的一个切片），并说出训练好的智能体学到了什么；
# - 解释为什么未经训练的网络不能一味贪心（greedy）地行动，以及 ε-贪心如何借助 `EPS_START`、`EPS_END` 和 `EPS_DECAY` 来调节探索（exploration）。

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
import math
import random

import matplotlib.pyplot as plt
import numpy as np
import torch

from dqn_helpers import DQN, epsilon_by_step, get_preset, greedy_action, make_env, select_action, show_source
from dqn_helpers.checkpoint import load_pretrained
from dqn_helpers.evaluation import evaluate, run_episodes
from dqn_helpers.teaching.exercises import check_epsilon_by_step
from dqn_helpers.teaching.explorers import EPSILON_STEPS, epsilon_explorer
from dqn_helpers.teaching.plots import plot_q_heatmap
from dqn_helpers.teaching.questions import ask

BATCH_SIZE = 128  # 本笔记本用到的教程超参数（hyperparameter）
EPS_START = 0.9
EPS_END = 0.05
EPS_DECAY = 1000

# %% [markdown]
# ## 1. Q 网络
#
# 教程正文说，模型是“一个卷积神经网络，输入当前屏幕图块与上一帧屏幕图块之差”（原文：“a convolutional neural network that takes in the difference between the current and previous screen patches”）。这句话是教程旧版本遗留下来的：旧版从渲染出的图像中学习 CartPole。单张图片能看出杆（pole）在哪里，却看不出它动得多快，所以那个版本把两帧画面之差喂给网络。
#
# 如今教程实际运行的代码，以及本课程，都不再使用像素。网络读取的是环境（environment）本来就提供的 **4 个状态数值**：小车（cart）位置、小车速度、杆的角度和杆的角速度。它们完整地描述了这个系统（连速度都包含在内），因此既不需要帧差，也不需要卷积。剩下的就是一个小型多层感知机（MLP）：三个线性层，层与层之间是 ReLU，
#
# $$Q(s, \cdot) = W_3\,\mathrm{ReLU}\big(W_2\,\mathrm{ReLU}(W_1 s + b_1) + b_2\big) + b_3 ,$$
#
# 隐藏层有 128 个单元（hidden unit）。它有两个输出，$Q(s, \text{left})$ 和 $Q(s, \text{right})$：对每个动作，它给出网络预期的回报（return），即现在采取这个动作能得到多少。

# %%
show_source(DQN)

# %% [markdown]
# ### 前向传播（forward pass）
#
# 和教程里一样，`n_observations` 和 `n_actions` 都取自环境。一个形状为 `(4,)` 的状态给出两个 Q 值，形状为 `(2,)`。贪心动作（greedy action）就是较大那个 Q 值的下标。

# %%
env = make_env()
n_actions = env.action_space.n  # 2：向左推（0）或向右推（1）
state, info = env.reset(seed=0)
n_observations = len(state)  # 4

torch.manual_seed(0)  # 每次运行都得到同样的“随机”初始权重
policy_net = DQN(n_observations, n_actions)

state = torch.tensor(state, dtype=torch.float32)
q_values = policy_net(state)
print(f"state {state.numpy().round(3)} of shape {tuple(state.shape)}")
print(f"Q-values {q_values.detach().numpy().round(4)} of shape {tuple(q_values.shape)}")
print(f"greedy action: {int(q_values.argmax())}")
assert state.shape == (4,) and q_values.shape == (2,)

# %% [markdown]
# 训练时，`optimize_model`（笔记本 04）会把整整一批 `BATCH_SIZE = 128` 个状态一次性送进网络：输入形状 `(128, 4)`，输出 `(128, 2)`，每个状态对应一行 Q 值。（教程对单个状态也会用 `unsqueeze(0)` 加上一个批维度：输入 `(1, 4)`，输出 `(1, 2)`。）

# %%
start_states = np.stack([env.reset(seed=seed)[0] for seed in range(BATCH_SIZE)])  # 128 个不同的初始状态
state_batch = torch.tensor(start_states, dtype=torch.float32)
q_batch = policy_net(state_batch)
print(f"{tuple(state_batch.shape)} → {tuple(q_batch.shape)}")
assert state_batch.shape == (BATCH_SIZE, 4) and q_batch.shape == (BATCH_SIZE, 2)
assert policy_net(state.unsqueeze(0)).shape == (1, 2)  # 教程的写法
assert torch.allclose(q_batch[0], policy_net(state_batch[0]))  # 每一行都等于该状态单独做前向传播的结果

# %% [markdown]
# 形状不对是一种常见的 bug（例如只输入了 3 个数，或者批的两个维度顺序颠倒）。课程的 `DQN` 会告诉你它期望的是什么：

# %%
try:
    policy_net(torch.zeros(4, BATCH_SIZE))  # 批的两个维度弄反了
except ValueError as error:
    print("ValueError:", error)

# %% [markdown]
# ### 有多少个权重？
#
# 每个 `Linear(n_in, n_out)` 层有一个 $n_{out} \times n_{in}$ 的权重矩阵和 $n_{out}$ 个偏置（bias）：

# %%
for name, parameter in policy_net.named_parameters():
    print(f"{name:15s} {tuple(parameter.shape)!s:12s} {parameter.numel():6,d}")
n_parameters = sum(parameter.numel() for parameter in policy_net.parameters())
print(f"{'total':15s} {'':12s} {n_parameters:6,d}")
assert n_parameters == (4 * 128 + 128) + (128 * 128 + 128) + (128 * 2 + 2) == 17_410

# %% [markdown]
# 大约 17 000 个数，几乎全在中间那一层。下面课程训练好的智能体要宽一倍（256 个单元，约 68 000 个数；原因见笔记本 04）。按深度学习的标准，两者都非常小，所以本课程在笔记本电脑的 CPU 上就能轻松完成训练。
#
# ## 2. Q 网络在想什么？Q 值热力图
#
# 从权重很难看懂一个 Q 网络，从它的输出却很容易。我们把小车固定在轨道中央、静止不动（小车位置 0，小车速度 0），只改变最要紧的两个数：x 轴是杆的**角度**，从 −12° 到 +12°，杆倒过这个角度，回合（episode）就结束；y 轴是杆的**角速度**。所以一张热力图只是 4 维状态空间（state space）的一个*切片*，而不是全部。对每种组合，颜色表示
#
# $$Q(s, \text{right}) - Q(s, \text{left}) .$$
#
# 红色：网络倾向于向右推。蓝色：向左推。黑线是偏好发生切换的地方，也就是贪心动作的边界。
#
# 要看训练好的网络，我们用 `load_pretrained()` 加载课程预训练的智能体。这个检查点（checkpoint）随 `dqn_helpers` 包一起发布，所以只要装了这个包就能加载，在 Colab 上也一样。它由 `make pretrained` 生成，也就是 `python -m dqn_helpers train --preset default --seed 0`：用课程的 `default` 预设（preset）和随机种子（seed）0，一直训练到 100 回合均值（100-episode mean，最近 100 个回合的平均回报）达到 475 为止，正是笔记本 04 做的那次训练（这是它在我们机器上的训练过程：换一种 CPU，同一个随机种子可能会走出另一条路）。我们用的是 `ckpt.agent`，即这次训练保留下来的网络：训练期间贪心评估成绩最好的那个（笔记本 04 会解释）。它的网络结构与上面的相同（4 个输入，两个带 ReLU 的隐藏层，2 个输出），只是隐藏层宽了一倍：每层 256 个单元，而不是 128 个（原因见笔记本 04）。首先检查它是否真的能让杆保持平衡。`evaluate` 从它训练时没见过的初始状态出发，贪心地（ε = 0）玩 20 个回合：

# %%
ckpt = load_pretrained()  # 与 load_checkpoint(path) 返回的 Checkpoint 对象相同
net = ckpt.agent  # 保留下来的网络（ckpt.policy_net 是训练结束时的网络）
print(f"preset default, seed {ckpt.history.seed}: {ckpt.history.stopped_reason} after {ckpt.history.steps:,} steps")
assert ckpt.config == get_preset("default") and ckpt.history.seed == 0
assert (net.layer1.out_features, net.layer2.out_features, net.layer3.out_features) == (256, 256, 2)
assert ckpt.history.stopped_reason == "solved" and ckpt.history.mean100[-1] >= 475
durations = evaluate(net, n_episodes=20)
print(f"greedy durations: {durations}")
print(f"mean {np.mean(durations):.1f} steps (500 is the most CartPole-v1 allows)")
assert np.mean(durations) >= 475

# %%
fig, (ax_untrained, ax_trained) = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
untrained_grid = plot_q_heatmap(policy_net, ax_untrained, title="untrained network (random weights)")
trained_grid = plot_q_heatmap(net, ax_trained, title="trained network")
plt.show()
untrained_spread = np.abs(untrained_grid["q"][..., 1] - untrained_grid["q"][..., 0]).max()
trained_spread = np.abs(trained_grid["q"][..., 1] - trained_grid["q"][..., 0]).max()
print(f"largest |Q(right) − Q(left)| on the grid: untrained {untrained_spread:.2f}, trained {trained_spread:.1f}")
assert untrained_spread < 0.5 and trained_spread > 10

# %% [markdown]
# 先看颜色条。**未经训练**的网络，差值非常小（最多零点几），边界落在哪里全凭偶然：权重是随机的，偏好也是随机的。
#
# **训练好的**网络学会了两件事。两者都是从这个切片（小车静止在轨道中央）上读出来的；换成别的小车位置和速度，图可能会不一样。
#
# 1. **往杆倾斜的方向推。** 杆向右倾斜并正在向右倒（右上四分之一区域的中部）是红色：向右推，让小车回到杆的下方。它的镜像，即左下区域，是蓝色。这正是你在手掌上平衡一把扫帚时的做法。（在远处的角落里，杆已接近 12° 的极限并且倒得很快，颜色可能会反过来：到了那里，无论小车怎么动杆都会倒下；一个会平衡的智能体很少会走到那一步，它在那里偏好什么也就无关紧要。）
# 2. **还要看角速度。** 边界是斜的，不是竖直的：往哪边推，不只取决于杆往哪边倾斜，还取决于它怎样摆动。
#
# 下面的检查把第一条性质写成一个 assert，范围是这个切片中推一下还能挽救的状态（小车静止在中央，杆倾斜 2°–8°，以 0.2–1 rad/s 的角速度摆动）：

# %%
angles = np.degrees(trained_grid["angles"])[None, :]  # 列：杆的角度
velocities = trained_grid["angular_velocities"][:, None]  # 行：角速度
greedy = trained_grid["greedy"]  # 0 = 向左，1 = 向右
falling_right = (angles > 2) & (angles < 8) & (velocities > 0.2) & (velocities < 1)  # 向右倾斜并向右倒
falling_left = (angles < -2) & (angles > -8) & (velocities < -0.2) & (velocities > -1)
print(f"leaning and falling right → push right in {greedy[falling_right].mean():.0%} of those states")
print(f"leaning and falling left  → push left  in {1 - greedy[falling_left].mean():.0%} of those states")
assert np.all(greedy[falling_right] == 1) and np.all(greedy[falling_left] == 0)


# %% [markdown]
# 再来看边界的倾斜。下面的 `q_at` 给出训练好的网络在同一切片中某个状态下的 Q 值。在它算出结果之前，先猜一猜：

# %%
ask("03.swinging-back")


# %%
def q_at(network, angle_degrees, angular_velocity):
    """Q(s, ·) for the cart at rest in the middle, pole at the given angle and angular velocity."""
    state = torch.tensor([0.0, 0.0, math.radians(angle_degrees), angular_velocity])
    return network(state).detach()


swinging_back = q_at(net, 5, -1.5)  # 向右倾斜，但正快速向左摆回
print(f"5° right, swinging left at 1.5 rad/s: Q = {swinging_back.numpy().round(1)} → push left")
assert greedy_action(net, torch.tensor([0.0, 0.0, math.radians(5), -1.5])) == 0
assert swinging_back[0] - swinging_back[1] > 10  # 向左，而且优势很大
assert greedy_action(net, torch.tensor([0.0, 0.0, math.radians(-5), 1.5])) == 1  # 镜像情形也一样

# %% [markdown]
# 杆向右倾斜，网络却向*左*推，因为片刻之后杆就会向左倾斜。它对杆将要到达的位置作出反应，而不只是对杆现在的位置。
#
# 还有一样东西值得一读：Q 值本身。笔记本 02 说明过，每步奖励（reward）为 +1、$\gamma = 0.99$ 时，任何回报都不可能超过 $\frac{1}{1-\gamma} = 100$；一个完美的 500 步回合值 99.3。训练好的智能体面对直立且静止的杆（小车静止在中央），预期能“永远”平衡下去。它认为这值多少？

# %%
ask("03.upright-q")

# %%
upright = q_at(net, 0, 0.0)
print(f"upright and still: Q(left) = {upright[0]:.1f}, Q(right) = {upright[1]:.1f}")
assert 100 < upright.max() < 120  # 高于任何可能的回报，但高出不到 20 %
assert not ckpt.config.double_dqn  # 训练时用的是普通的 max 目标

# %% [markdown]
# 在 100 到 120 之间：比任何可能的回报都高。这个网络在高估（overestimation）。它的目标值取的是自己那些带噪声的估计中的 $\max$，而一组带噪声的数的最大值会偏高；自举（bootstrapping）又把这个偏差从一个状态传到另一个状态。Double DQN（双重 DQN）的目标能减小这一偏差；训练这个智能体所用的课程 `default` 预设没有采用它，笔记本 04 会用测量结果说明原因。
#
# ## 3. 探索：ε-贪心
#
# 一个总是采取贪心动作的网络，只能看到它已有的信念所带来的后果。而一开始，这些信念是随机的（看看左边那张热力图！）。如果一个未经训练的网络从第一步起就 ε = 0、从不探索，它会玩得怎么样？单个网络可能运气好，也可能运气差，所以下一个单元格请来 50 个未经训练的网络（随机种子 0–49；种子 0 就是左边热力图里的那个网络），每个贪心地玩 20 个回合，再和每一步都往同一个方向推的做法作比较。

# %%
ask("03.greedy-untrained")


# %%
def greedy_play(network, n_episodes=20):
    """Mean length of greedy episodes of `network`, and the share of its pushes that went right."""
    pushes = []

    def act(observation):
        pushes.append(greedy_action(network, torch.as_tensor(observation)))
        return pushes[-1]

    return np.mean(run_episodes(act, n_episodes)), np.mean(pushes)


mean_lengths, one_way = [], 0
for seed in range(50):
    torch.manual_seed(seed)  # 种子 0：与 policy_net 的权重相同
    mean_length, right_share = greedy_play(DQN(n_observations, n_actions))
    mean_lengths.append(mean_length)
    one_way += right_share in (0.0, 1.0)  # 在遇到的每个状态中都往同一个方向推
median_length = np.median(mean_lengths)
always_right = np.mean(run_episodes(lambda observation: 1, n_episodes=20))
print(f"50 untrained networks, greedy: median episode {median_length:.2f} steps")
print(f"pushing right every step:               {always_right:.2f} steps")
print(f"{one_way} of the 50 pushed the same way in every state they met")
print(f"mean episode of each, sorted: {np.sort(np.round(mean_lengths)).astype(int)}")
print(f"seed 0 (the left heatmap's network): {mean_lengths[0]:.1f} steps")
assert 9 <= median_length <= 10 and 9 <= always_right <= 10  # 典型的贪心玩法：和一直往一个方向推差不多短
assert one_way > 25  # 大多数未经训练的网络始终往同一个方向推
assert mean_lengths[0] > 2 * median_length  # 种子 0（左边热力图的网络）是幸运的那几个之一

# %% [markdown]
# 未经训练的网络，典型的贪心表现比随机玩法还差（随机玩法大约 22 步，见笔记本 00）。少数几个网络纯属偶然，比其他的幸运。种子 0，也就是左边热力图的网络，是这 50 个中最幸运的之一（它的边界恰好跟着角速度走），所以那张热力图并不代表典型的未训练网络；但它们当中没有一个能看到自身随意偏好所带来的后果之外的任何东西。
#
# 所以智能体还必须**探索**。教程的 `select_action` 用最简单的方式来做，即 **ε-贪心**：以概率 $\varepsilon$ 均匀随机地选一个动作，否则选贪心动作 $\arg\max_a Q(s, a)$。和教程里完全一样，由一次均匀抽样来决定：`sample > eps_threshold` → 贪心。

# %%
show_source(select_action)

# %% [markdown]
# 概率 $\varepsilon$ 并不是固定的。它一开始很高（网络一无所知时多探索），然后随已走的步数（step）`steps_done` 指数衰减：
#
# $$\varepsilon(t) = \varepsilon_{end} + (\varepsilon_{start} - \varepsilon_{end})\, e^{-t / \mathrm{EPS\_DECAY}} .$$
#
# 经过 `EPS_DECAY` 步之后，与 `EPS_END` 之间的差距缩小到原来的 $1/e \approx 37\%$（所以按教程的取值，这时 ε 本身约为 $0.05 + 0.37 \times 0.85 \approx 0.36$，而不是 0.37）。在教程的 `select_action` 中，这个公式是直接内联写的，并由一个全局变量 `steps_done` 统计调用次数。本课程把它写成了一个独立的函数 `epsilon_by_step(step, eps_start, eps_end, eps_decay)`，由训练循环（training loop）把它的结果传给 `select_action`。你将在本笔记本末尾的练习（exercise）中亲手实现它。
#
# 动手调一调这些旋钮（knob）。左图是前 10 000 步的 ε 衰减计划（schedule）$\varepsilon(t)$；右图是前 $t$ 步中随机动作所占比例的期望，也就是 $\varepsilon$ 的累计平均值。作个参照：随机智能体的回合大约持续 22 步，所以教程的 `EPS_DECAY = 1000` 步只相当于最初的大约 45 个回合。

# %%
schedule = epsilon_explorer(eps_start=EPS_START, eps_end=EPS_END, eps_decay=EPS_DECAY)
schedule.widget

# %% [markdown]
# 下面用代码来拨动滑块，并把图和公式对照检查。对等比数列求和，可以得到前 $N + 1$ 步中随机动作期望次数的闭式表达式（closed form）：$\sum_{t=0}^{N} \varepsilon(t) = (N+1)\,\varepsilon_{end} + (\varepsilon_{start} - \varepsilon_{end}) \frac{1 - r^{N+1}}{1 - r}$，其中 $r = e^{-1/\mathrm{EPS\_DECAY}}$。


# %%
def expected_random_actions(eps_start, eps_end, eps_decay, n_steps=EPSILON_STEPS + 1):
    r = math.exp(-1 / eps_decay)
    return n_steps * eps_end + (eps_start - eps_end) * (1 - r**n_steps) / (1 - r)


data = schedule.data
print(f"tutorial: ε(0) = {data['eps'][0]:.3f}, ε(1000) = {data['eps'][1000]:.4f}, ε(10000) = {data['eps'][-1]:.4f}")
print(f"          {data['expected_random']:,.0f} random actions expected in the first {EPSILON_STEPS:,} steps")
assert math.isclose(data["eps"][0], EPS_START)
assert math.isclose(data["eps"][EPS_DECAY], EPS_END + (EPS_START - EPS_END) / math.e)  # 1/e 处
assert math.isclose(data["eps"][-1], EPS_END, abs_tol=1e-4)  # 它趋于 EPS_END，而不是 0
assert math.isclose(data["expected_random"], expected_random_actions(EPS_START, EPS_END, EPS_DECAY), rel_tol=1e-9)
tutorial_random = data["expected_random"]

schedule.controls["eps_decay"].value = 2000  # 课程的 default 预设衰减得慢一倍
data = schedule.data
print(f"EPS_DECAY = 2000: ε(2000) = {data['eps'][2000]:.4f}, {data['expected_random']:,.0f} random actions expected")
assert math.isclose(data["eps"][2000], EPS_END + (EPS_START - EPS_END) / math.e)
assert math.isclose(data["expected_random"], expected_random_actions(EPS_START, EPS_END, 2000), rel_tol=1e-9)
assert data["expected_random"] > tutorial_random

schedule.controls["eps_end"].value = 0.95  # 高于 EPS_START：ε 会变大，滑块下方会出现一条警告
assert schedule.message.value.startswith("⚠")  # 警告，任何语言都以 ⚠ 开头

schedule.controls["eps_end"].value = EPS_END  # 恢复教程的衰减计划
schedule.controls["eps_decay"].value = EPS_DECAY
assert schedule.message.value == "" and math.isclose(schedule.data["expected_random"], tutorial_random)

# %% [markdown]
# 注意，`EPS_END = 0.05` 意味着探索永远不会停止：即使是训练好的智能体，在训练中平均每 20 步也有一步是随机动作。正因如此，笔记本 04 用 `evaluate` 在 ε = 0 下评判训练好的智能体。
#
# ### `select_action` 真的以概率 ε 探索吗？
#
# 我们来数一数。在一个贪心动作很明确的状态下（杆向右倾斜并向右倒：向右推），让预训练网络对几个不同的 ε 值各选 4 000 个动作。一个套在 `random.Random` 上的小“间谍”（spy）统计 `select_action` 请求随机动作的次数，单元格还会统计非贪心动作（向左推）的次数。

# %%
ask("03.non-greedy-share")


# %%
class CountingRandom(random.Random):
    """A seeded random.Random that counts the random actions (calls to randrange) select_action draws."""

    def __init__(self, seed):
        super().__init__(seed)
        self.random_actions = 0

    def randrange(self, *args, **kwargs):
        self.random_actions += 1
        return super().randrange(*args, **kwargs)


state = torch.tensor([0.0, 0.0, math.radians(6), 1.0])  # 向右倾斜并向右倒
assert greedy_action(net, state) == 1  # 向右推
n_draws = 4000
for eps in (0.0, 0.05, 0.3, 0.9, 1.0):
    rng = CountingRandom(seed=0)
    actions = [select_action(net, state, eps, n_actions, rng) for _ in range(n_draws)]
    random_share = rng.random_actions / n_draws
    non_greedy_share = actions.count(0) / n_draws
    print(
        f"ε = {eps:4.2f}: random actions {random_share:6.1%}, non-greedy {non_greedy_share:6.1%} (ε/2 = {eps / 2:.1%})"
    )
    assert abs(random_share - eps) < 0.03
    assert abs(non_greedy_share - eps / 2) < 0.03

# %% [markdown]
# 注意其中的微妙之处：随机动作在两个动作上均匀分布，所以有一半的时候它*恰好就是*贪心动作。随机动作的比例是 $\varepsilon$，而非贪心动作的比例只有 $\varepsilon / 2$。
#
# ## 练习：编写 `epsilon_by_step`
#
# 亲手写出教程的 ε 衰减计划：
#
# $$\varepsilon(t) = \varepsilon_{end} + (\varepsilon_{start} - \varepsilon_{end})\, e^{-t / \mathrm{EPS\_DECAY}} .$$
#
# 它接收步数 `step`（$t$）、`eps_start`、`eps_end` 和 `eps_decay`，返回一个浮点数。只需要用到 `math.exp`。


# %%
def my_epsilon_by_step(step, eps_start, eps_end, eps_decay):
    """ε after `step` steps: decays exponentially from eps_start towards eps_end."""
    raise NotImplementedError  # 在这里写你的代码


# %%
passed = check_epsilon_by_step(my_epsilon_by_step)

# %% [markdown]
# 写完或卡住时，再点开折叠的单元格查看参考答案（solution）。


# %% jupyter={"source_hidden": true} tags=["solution"]
# @title 参考答案 { display-mode: "form" }
def epsilon_by_step_solution(step, eps_start, eps_end, eps_decay):
    """ε after `step` steps: decays exponentially from eps_start towards eps_end."""
    gap = eps_start - eps_end  # 还剩多少探索可以减掉
    return eps_end + gap * math.exp(-step / eps_decay)  # 每过 eps_decay 步，差距缩小为原来的 1/e


assert check_epsilon_by_step(epsilon_by_step_solution)

# %% [markdown]
# 课程其余部分用的是包里的版本（上面的 ε 交互演示（explorer）和笔记本 04 的训练循环都会调用它）：

# %%
show_source(epsilon_by_step)

# %% [markdown]
# ## 小结
#
# - 教程的 Q 网络 `DQN` 是一个 3 层 MLP（4 → 128 → 128 → 2，共 17 410 个权重）。它读取 4 个状态数值；教程正文里“基于屏幕差分的 CNN”是遗留下来的说法。
# - 一个状态 `(4,)` 给出 `(2,)` 的 Q 值，一批 `(128, 4)` 给出 `(128, 2)`；贪心动作就是 `argmax`。
# - $Q(s, \text{right}) - Q(s, \text{left})$ 的热力图是状态空间的一个切片（这里：小车静止在中央）。在这个切片里，训练好的网络往杆倾斜的一侧推，并借助角速度提前预判。杆直立时，它的 Q 值略高于 $\frac{1}{1-\gamma} = 100$，超过了任何可能的回报：DQN 的目标会高估。
# - 未经训练的网络贪心地玩，通常只往一个方向推，9–10 步就结束，比随机玩法还短：智能体必须探索。
# - ε-贪心以概率 $\varepsilon$ 探索，$\varepsilon$ 从 `EPS_START` 衰减到 `EPS_END`，时间常数为 `EPS_DECAY` 步。随机动作中有一半恰好是贪心动作。
#
# ## 下一步
#
# [04 · 训练循环与目标网络](04_training_loop.ipynb)：在 `optimize_model` 中把回放内存（replay memory）、由贝尔曼方程得到的时间差目标（TD target）、Q 网络和 ε-贪心组合起来，再加上目标网络（target network），训练出一个能解决（solve）CartPole 的智能体。
