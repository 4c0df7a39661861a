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
# # 02 · 贝尔曼方程、时间差误差与 Huber 损失
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/dqn-course/dqn-cartpole/blob/main/notebooks/zh/02_bellman_td_huber.ipynb)
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/dqn-course/dqn-cartpole/main?urlpath=lab/tree/notebooks/zh/02_bellman_td_huber.ipynb)
# [English version](../02_bellman_td_huber.ipynb)
#
# **时间：** 约 40 分钟
#
# DQN 智能体（agent）从每个转换（transition）中学到的只有一个数：它自己的猜测错了多少。本笔记本从头搭建这个数：智能体想要最大化的回报（return）；把“整个未来”化为“一步加一个猜测”的贝尔曼方程（Bellman equation）；时间差误差（temporal-difference error，TD error）；以及把误差变成梯度（gradient）的 Huber 损失（Huber loss）。一路上会遇到以 **预测。** 开头的预测题（Predict question）：在运行下一个单元格之前，先猜一猜它会显示什么。
#
# ## 学习目标
#
# 学完本笔记本，你将能够……
#
# - 计算折扣回报（discounted return），并说明折扣因子（discount factor）γ（`GAMMA`）如何决定视野（horizon）；
# - 写出 $Q^*$ 的贝尔曼最优方程（Bellman optimality equation），说明为什么 CartPole 不需要对下一个状态（state）求平均，并构造目标 $r + \gamma \max_{a'} Q(s', a')$；说明什么时候**不能**自举（bootstrap），什么时候仍然必须自举：前者是回合（episode）终止（termination）时，后者是 CartPole 在第 500 步截断（truncation）时；
# - 看着时间差学习（TD learning）一次处理一个时间差误差，逐渐找出一个小世界的精确 Q 值（Q-value）；
# - 解释为什么 DQN 最小化的是时间差误差的 Huber 损失，而不是它的平方。

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

import matplotlib.pyplot as plt
import numpy as np
import torch

from dqn_helpers import discounted_return, huber, make_env, show_source, td_error, td_target
from dqn_helpers.teaching.chain import LEFT, RIGHT, chain_step, exact_q_values, td_learning
from dqn_helpers.teaching.exercises import check_td_target
from dqn_helpers.teaching.explorers import discount_explorer, huber_explorer
from dqn_helpers.teaching.questions import ask

GAMMA = 0.99  # 教程中的折扣因子

# %% [markdown]
# ## 1. 回报与折扣因子
#
# 每一步（step），环境（environment）都会付给智能体一个奖励（reward）$r_t$；在 CartPole 中，杆（pole）每多立住一步，奖励就是 $+1$。教程中的智能体要最大化的是**折扣回报**：未来所有奖励之和，其中每个奖励离现在越远，权重就压得越低：
#
# $$R_{t_0} = \sum_{t=t_0}^{\infty} \gamma^{t - t_0} r_t, \qquad 0 \le \gamma < 1 .$$
#
# 折扣因子 $\gamma$ 让这个和保持有限，也让遥远而不确定的未来中的奖励，比智能体很有把握马上就能拿到的奖励分量更轻。`discounted_return` 用霍纳法则（Horner's rule）$R = r_0 + \gamma\,(r_1 + \gamma\,(r_2 + \dots))$ 从后往前计算它：

# %%
show_source(discounted_return)

# %% [markdown]
# 算一个例子：三个奖励 $1, 0, 2$，$\gamma = 0.9$：$R = 1 + 0.9 \cdot 0 + 0.9^2 \cdot 2 = 1 + 0 + 1.62 = 2.62$。

# %%
example = discounted_return([1.0, 0.0, 2.0], gamma=0.9)  # 1 + 0.9·0 + 0.81·2
print(f"R = {example:.4f}")
assert math.isclose(example, 2.62)

# %% [markdown]
# 在 CartPole 中每个奖励都是 $+1$，所以一个持续 $T$ 步的回合，其回报是一个等比数列的和（geometric sum），$\sum_{k<T} \gamma^k = \frac{1 - \gamma^T}{1 - \gamma}$。在下一个单元格对几种长度算出它之前，先猜一猜（输入一个数，然后按 *检查*（Check））：

# %%
ask("02.perfect-return")

# %%
for T in (10, 22, 100, 500):
    R = discounted_return([1.0] * T, GAMMA)
    print(f"episode of {T:3d} steps: return {R:6.2f}   (closed form {(1 - GAMMA**T) / (1 - GAMMA):6.2f})")
    assert math.isclose(R, (1 - GAMMA**T) / (1 - GAMMA), rel_tol=1e-9)
assert 99 < discounted_return([1.0] * 500, GAMMA) < 100  # 一个完美的 500 步回合约值 99.3

# %% [markdown]
# 取教程的 $\gamma = 0.99$ 时，无论杆立多久，回报都不可能超过 $\frac{1}{1-\gamma} = 100$。
#
# ### 有效视野 $1/(1-\gamma)$
#
# $k$ 步之后的奖励，权重是 $\gamma^k$。所有权重加起来是 $\sum_k \gamma^k = \frac{1}{1-\gamma}$，这个数很适合用来粗略估计**智能体往前看多远**：$\gamma = 0.99$ 时约 100 步（$k = 100$ 处的权重是 $0.99^{100} \approx 0.37 \approx 1/e$）；$\gamma = 0.9$ 时只有约 10 步。
#
# 拖动滑块。左图显示权重 $\gamma^k$ 和视野（红线）；右图显示一个 $T$ 步 CartPole 回合的回报，它最终趋平于 $\frac{1}{1-\gamma}$。

# %%
discount = discount_explorer(gamma=GAMMA)
discount.widget

# %% [markdown]
# 同一个交互演示（explorer），这次用代码来操作：设置 γ，再读回画图所用的那些数（`discount.data`）。

# %%
discount.controls["gamma"].value = 0.9
data = discount.data
print(f"γ = 0.9:  horizon {data['horizon']:.1f} steps, weights γ^0…γ^3 = {np.round(data['weights'][:4], 3)}")
print(f"          weight 10 steps ahead {data['weights'][10]:.3f}, 500-step return {data['returns'][499]:.2f}")
assert math.isclose(data["horizon"], 10.0)
assert math.isclose(data["weights"][10], 0.9**10)
assert math.isclose(data["returns"][499], discounted_return([1.0] * 500, 0.9))  # returns[T-1]：T 步的回合

discount.controls["gamma"].value = GAMMA  # 恢复教程的取值
assert math.isclose(discount.data["horizon"], 100.0)
assert 0.36 < discount.data["weights"][100] < 0.37  # 0.99^100 ≈ 1/e

# %% [markdown]
# **这对 CartPole 为什么重要。** 在随机推动下，杆大约 22 步后就会倒下（笔记本 00），所以一个错误的代价可能要在它发生十几步甚至更久之后才显现出来。视野只有 10 步的智能体几乎“看不见”这样的倒下正在逼近；视野有 100 步的智能体则看得见。这是教程选择 $\gamma = 0.99$ 的原因之一。
#
# ## 2. 贝尔曼方程与时间差目标
#
# 教程想要一个函数 $Q^*(s, a)$：智能体在状态 $s$ 下采取动作（action）$a$，之后尽可能玩好，所能得到的回报。有了它，行动就很简单：$\pi^*(s) = \arg\max_a Q^*(s, a)$。我们不知道 $Q^*$，所以训练一个神经网络去近似它。
#
# 训练信号来自**贝尔曼最优方程**。从 $s$ 出发的回报，等于第一个奖励加上从下一个状态 $s'$ 出发的折扣回报。如果智能体从 $s'$ 起尽可能玩好，它会在那里选最好的动作，所以第二部分就是 $\max_{a'} Q^*(s', a')$。如果在状态 $s$ 下采取动作 $a$ 总是到达同一个下一状态 $s'$，即**确定性动力学**（deterministic dynamics），那么方程就是这样：
#
# $$Q^*(s, a) = r(s, a) + \gamma \max_{a'} Q^*(s', a') .$$
#
# 如果动力学是随机的（地面打滑、一阵风），同一个 $(s, a)$ 就可能到达不同的下一状态，右边于是变成对这些状态的平均，即**期望形式**（expectation form）：
#
# $$Q^*(s, a) = \mathbb{E}_{s' \sim P(\cdot \mid s, a)}\big[\, r(s, a) + \gamma \max_{a'} Q^*(s', a') \,\big] .$$
#
# （教程对任意策略（policy）$\pi$ 把它写成 $Q^\pi(s, a) = r + \gamma Q^\pi(s', \pi(s'))$；对最优策略 $\pi^*(s') = \arg\max_{a'} Q^*(s', a')$ 来说，两者是一回事。）
#
# CartPole 需要哪种形式？它的初始状态是随机的（笔记本 00），但初始状态只决定回合从哪里开始，并不属于从 $s$ 到 $s'$ 的任何一步。先猜一猜：

# %%
ask("02.deterministic-bellman")

# %% [markdown]
# 两个随机种子（seed）不同的环境，都被放进同一个状态 $s$（`CartPoleEnv` 把状态存放在 `.state` 中），然后向右推：

# %%
same_state = np.array([0.02, -0.3, 0.05, 0.4])  # 小车位置、小车速度、杆的角度、角速度
starts, next_states = [], []
for seed in (1, 2):  # 两个不同的随机初始状态……
    env = make_env()
    start, _ = env.reset(seed=seed)
    env.unwrapped.state = same_state.copy()  # ……然后把两者都放进同一个状态 s
    next_state, *_ = env.step(1)  # 向右推
    starts.append(start)
    next_states.append(next_state)
    env.close()
print("start states:      ", starts[0], "and", starts[1])
print("s′ after one push: ", next_states[0], "and", next_states[1])
assert not np.array_equal(starts[0], starts[1])  # 随机种子给出了不同的初始状态……
assert np.array_equal(next_states[0], next_states[1])  # ……但同一个 (s, a) 给出同一个 s′

# %% [markdown]
# 所以 CartPole 需要的是**确定性形式**，不用对 $s'$ 求平均：同一个 $(s, a)$ 总是给出同一个 $s'$，而且每一步的奖励都是 $+1$。教程说这个环境是确定性的，就是这个意思。（DQN 也能应对随机的动力学，而且从不需要计算这个平均：回放内存（replay memory，见笔记本 01）中的每个转换都是一个采样得到的 $s'$，对许多转换的损失（loss）求平均，也就对 $s'$ 求了平均。）
#
# DQN 不知道 $Q^*$，所以它把自己网络的猜测 $Q$ 放到右边。这个右边就是**时间差目标**（TD target）$y$：根据一步真实的经验，加上网络自己对此后情况的猜测，$Q(s, a)$ *应该*是多少：
#
# $$y = r + \gamma \, (1 - \text{terminated}) \max_{a'} Q(s', a') .$$
#
# 课程的包用 `td_target(reward, next_q_max, terminated, gamma)` 计算它。你会在本笔记本末尾的练习里亲手写这个函数，所以这里先直接用，不看它的内部。
#
# ### 终止与截断
#
# 因子 $(1 - \text{terminated})$ 负责把未来关掉。CartPole 有两种结束回合的方式，而它们**并不**一样：
#
# - **终止**（terminated）：杆的倾角超过了 12°，或者小车（cart）驶出了轨道。之后什么也没有了，所以 $y = r$。
# - **截断**（truncated）：回合达到了 CartPole-v1 的 500 步上限。杆**没有**倒；我们只是不再看下去了。第 500 步的某个状态和第 50 步的同一个状态一样好，它的未来依然存在，所以目标仍然要自举：$y = r + \gamma \max_{a'} Q(s', a')$。
#
# 把截断当成终止是一个经典的 bug。它等于告诉智能体：好好平衡 500 步，换来的却是一道毫无价值的悬崖。更糟的是，状态里并不包含步数，所以网络会看到*同一个*直立状态，在第 50 步时目标 $\approx 100$，在第 500 步时目标却是 $1$，这两条教训互相矛盾，网络无法调和。教程的代码处理得对：它只在 `if terminated` 时才存 `next_state = None`（没有未来）。
#
# 下面三个转换的奖励相同，都是 $r = 1$，对下一个状态的猜测也相同，都是 $\max_{a'} Q(s', a') = 80$：一个普通的步、一个杆倒下的步，以及一个仍在进行的回合的第 500 步（截断）。在下一个单元格用 $\gamma = 0.99$ 算出它们的目标之前，先猜一猜：

# %%
ask("02.truncated-target")

# %%
next_q_max = 80.0  # 网络对 s' 中最佳动作的猜测
y_ongoing = td_target(1.0, next_q_max, terminated=False, gamma=GAMMA)
y_terminated = td_target(1.0, next_q_max, terminated=True, gamma=GAMMA)  # 杆倒了
y_truncated = td_target(1.0, next_q_max, terminated=False, gamma=GAMMA)  # 第 500 步：截断，不是终止
print(f"ordinary step:          y = {y_ongoing.item():.2f}")
print(f"terminated (pole fell): y = {y_terminated.item():.2f}")
print(f"truncated (step 500):   y = {y_truncated.item():.2f}")
assert math.isclose(y_ongoing.item(), 1 + 0.99 * 80, rel_tol=1e-6)
assert y_terminated.item() == 1.0
assert y_truncated.item() == y_ongoing.item()

# %% [markdown]
# `td_target` 逐元素计算，所以回放内存中的一整批（batch）转换可以一次算完，就像教程的 `optimize_model` 计算 `next_state_values * GAMMA + reward_batch`，其中终止状态（教程中称为 final state）的 `next_state_values` 设为 0：

# %%
reward_batch = torch.tensor([1.0, 1.0, 1.0, 1.0])
next_state_values = torch.tensor([80.0, 95.0, 3.0, 99.0])  # 每个转换的 max_a' Q(s', a')
terminated_batch = torch.tensor([False, False, True, False])  # 第三个倒了；第四个被截断
targets = td_target(reward_batch, next_state_values, terminated_batch, GAMMA)
print(targets)
assert torch.allclose(targets, torch.tensor([80.2, 95.05, 1.0, 99.01]))

# %% [markdown]
# ### 时间差误差
#
# 贝尔曼方程两边之差就是**时间差误差**（TD error），定义与教程相同：
#
# $$\delta = Q(s, a) - \big(r + \gamma \max_{a'} Q(s', a')\big) = Q(s, a) - y .$$
#
# $\delta$ 为正，表示网络*高估*（overestimate）了 $Q(s, a)$；为负，表示网络*低估*了它。训练会把 $\delta$ 推向 0。

# %%
show_source(td_error)

# %%
delta = td_error(q_value=4.0, target=10.0)  # 网络说 4，一步经验说 10
print(f"δ = {delta.item():+.1f}: an underestimate")
assert delta.item() == -6.0

# %% [markdown]
# ## 3. 在一条小链上做时间差学习
#
# “把 $Q(s, a)$ 朝 $y$ 推一点”真能得到正确的值吗？毕竟 $y$ 本身也是由猜测构成的。我们在已知答案的地方检验一下。这条**链**（chain）有 $n = 5$ 个状态，排成一排：
#
# ```
#  [0] — [1] — [2] — [3] — [4] → 终点（奖励 1，终止）
# ```
#
# 动作 1 向右移，动作 0 向左移（在状态 0 向左会撞墙，原地不动）。从最后一个状态向右移，回合以奖励 1 结束；其余每一步的奖励都是 0。

# %%
n, gamma = 5, 0.9
print("chain_step(3, RIGHT) ->", chain_step(3, RIGHT, n))  # (下一个状态, 奖励, terminated)
print("chain_step(4, RIGHT) ->", chain_step(4, RIGHT, n))  # 终点
print("chain_step(0, LEFT)  ->", chain_step(0, LEFT, n))  # 墙
assert chain_step(4, RIGHT, n) == (4, 1.0, True)
assert chain_step(0, LEFT, n) == (0, 0.0, False)

# %% [markdown]
# ### 精确答案
#
# 最优玩法是“一直向右”，从状态 $i$ 出发，唯一的那个奖励在 $n - i$ 步之后到来。所以最优值有闭式解（closed form）：
#
# $$Q^*(i, \text{right}) = \gamma^{\,n-1-i}, \qquad Q^*(i, \text{left}) = \gamma \, Q^*(\max(i-1, 0), \text{right}).$$
#
# `exact_q_values` 并不用这个公式。它从 $Q = 0$ 出发，对每个状态和动作一遍又一遍地应用贝尔曼方程，直到不再变化为止，这叫值迭代（value iteration）。两者必须一致：

# %%
q_exact = exact_q_values(n, gamma)


def print_q_table(q: np.ndarray, title: str) -> None:
    print(title)
    print("state    Q(s, left)  Q(s, right)")
    for state, (left, right) in enumerate(q):
        print(f"  {state}      {left:8.4f}    {right:8.4f}")


print_q_table(q_exact, f"Exact Q* (n = {n}, γ = {gamma})")

states = np.arange(n)
closed_form_right = gamma ** (n - 1 - states)  # γ^(n-1-i)
assert np.allclose(q_exact[:, RIGHT], closed_form_right)
assert np.allclose(q_exact[:, LEFT], gamma * closed_form_right[np.maximum(states - 1, 0)])

# %% [markdown]
# ### 从经验中学习
#
# 现在忘掉精确答案，像智能体一样从经验中学习。`td_learning` 用**均匀随机**的动作在链上行走，每走一步，就把对应的那一个表项朝时间差目标挪近，挪动的距离是两者差距的 $\alpha$ 倍：
#
# $$y = r + \gamma (1 - \text{terminated}) \max_{a'} Q(s', a'), \qquad
# \delta = Q(s, a) - y, \qquad Q(s, a) \leftarrow Q(s, a) - \alpha\,\delta .$$
#
# 它用的正是上面那两个 `td_target` 和 `td_error`。虽然动作是随机的，它学到的却是*最优*玩法的值，因为目标对下一步的动作取了 $\max$。（这就是 Q 学习（Q-learning）被称为*离策略*（off-policy）方法的原因，也是 DQN 能从回放内存里的旧转换中学习的原因。）每个回合从状态 0 开始，到达终点时结束，或者在 50 步后被切断（截断），而这最后一步仍然要自举。

# %%
show_source(td_learning)

# %% [markdown]
# 下一个单元格以 $\alpha = 0.5$ 运行 200 个回合，并在第 1 个回合之后、第 10 个回合之后和最后分别打印表格。表格一开始处处都是 $Q = 0$，第一个回合随机行走，直到到达终点。

# %%
ask("02.first-episode")

# %%
run = td_learning(n=n, gamma=gamma, alpha=0.5, episodes=200, seed=0)
print_q_table(run.q_history[0], "After 1 episode")
print_q_table(run.q_history[9], "After 10 episodes")
print_q_table(run.q, f"After {len(run.max_error)} episodes")
assert np.count_nonzero(run.q_history[0]) == 1 and run.q_history[0][4, RIGHT] == 0.5  # 只有一项，走到了通往 1 的一半

# %% [markdown]
# 第一个回合之后，只有一个表项知道了点什么：$Q(4, \text{right})$，它见到了一次奖励，并朝它移动了一半（$\alpha = 0.5$）。奖励必须先被*发现*，然后才能传播开。每次时间差更新都把值沿着链往回复制一步，于是值从终点出发，一个回合接一个回合地向后流动。下图显示每个回合之后表中的最大误差 $\max_{s,a} |Q(s, a) - Q^*(s, a)|$（对数坐标）。它最低降到 $10^{-7}$ 附近：那是 32 位浮点数的舍入误差，不是学习出了问题。

# %%
fig, ax = plt.subplots(figsize=(6, 3))
ax.semilogy(np.arange(1, len(run.max_error) + 1), run.max_error)
ax.set(xlabel="episode", ylabel=r"$\max_{s,a} |Q - Q^*|$", title="TD learning on the chain converges to Q*")
ax.grid(True, which="major", alpha=0.3)
plt.show()

# %%
final_error = run.max_error[-1]
print(f"max error: {run.max_error[0]:.3f} after episode 1, {final_error:.1e} after episode {len(run.max_error)}")
assert run.max_error[0] > 0.1  # 一开始差得很远……
assert final_error < 1e-6  # ……最后到达 Q*，只差 float32 的舍入（约 1e-7）
assert np.allclose(run.q, q_exact, atol=1e-4)
assert np.all(np.argmax(run.q, axis=1) == RIGHT)  # 学到的贪心策略：一直向右

# %% [markdown]
# 这就是 DQN 在表格上的全部思想。DQN 把表格换成神经网络，把更新 $Q \leftarrow Q - \alpha\delta$ 换成一次梯度更新。两者关系密切：$\alpha\delta$ 恰好是 $\tfrac12\delta^2$ 对 $Q(s, a)$ 的梯度的 $\alpha$ 倍（保持 $y$ 不变）。对 $\delta$ 的哪一种损失求梯度，是本笔记本的最后一个问题。
#
# ## 4. Huber 损失与平方损失
#
# 为了训练网络，教程对回放内存中一批转换 $B$ 的时间差误差计算损失，再求平均：
#
# $$\mathcal{L} = \frac{1}{|B|} \sum_{(s, a, s', r) \in B} \mathcal{L}(\delta), \qquad
# \mathcal{L}(\delta) = \begin{cases} \tfrac12 \delta^2 & \text{for } |\delta| \le 1, \\
# |\delta| - \tfrac12 & \text{otherwise.} \end{cases}$$
#
# 这就是 **Huber 损失**：$|\delta|$ 较小时是平方误差（squared error），较大时是绝对误差（absolute error）。

# %%
show_source(huber)

# %% [markdown]
# 对学习来说，要紧的是**梯度**，因为它决定了每个转换对权重（weights）的拉力有多大。对 $\tfrac12\delta^2$ 来说，梯度就是 $\delta$ 本身：误差翻倍，拉力也翻倍，没有上限。对 Huber 来说，梯度在零附近是 $\delta$，超过 $|\delta| = 1$ 后是 $\pm 1$。拖动滑块（红点：Huber；空心灰点：平方损失）：

# %%
losses = huber_explorer(delta=2.0)
losses.widget

# %%
for d in (0.5, 3.0, -3.0):
    losses.controls["delta"].value = d
    data = losses.data
    print(
        f"δ = {d:+.1f}:  loss  Huber {data['loss_at_delta']:.3f}, squared {data['squared_loss_at_delta']:.3f}   "
        f"gradient  Huber {data['grad_at_delta']:+.2f}, squared {data['squared_grad_at_delta']:+.2f}"
    )
    if abs(d) <= 1:  # 在 |δ| ≤ 1 以内两者一致
        assert math.isclose(data["grad_at_delta"], data["squared_grad_at_delta"], rel_tol=1e-6)
losses.controls["delta"].value = 3.0
assert math.isclose(losses.data["grad_at_delta"], 1.0)  # Huber：上限为 1
assert math.isclose(losses.data["squared_grad_at_delta"], 3.0)  # 平方：随 δ 增长
assert math.isclose(losses.data["loss_at_delta"], 2.5) and math.isclose(losses.data["squared_loss_at_delta"], 4.5)
assert np.allclose(losses.data["huber_grad"], np.clip(losses.data["deltas"], -1, 1), atol=1e-6)
losses.controls["delta"].value = 2.0  # 恢复初始值

# %% [markdown]
# **为什么给梯度设上限有帮助。** 训练初期，目标是由网络自己很差的猜测构成的，少数转换的时间差误差可能非常大。设想一批中有三个误差很小（0.1、−0.2、0.3），一个是 50。用平方损失（½δ²，在批内取平均）时，每个梯度就是误差本身除以批大小，所以离群值（outlier）贡献了 $50 / 50.6 \approx 99\%$ 的梯度。下面的单元格对两种损失分别算出离群值所占的份额（它的梯度大小除以全部四个梯度大小之和）。用 Huber 时会是多少？

# %%
ask("02.huber-share")

# %%
batch_deltas = torch.tensor([0.1, -0.2, 0.3, 50.0])
outlier_share = {}
for name, loss_fn in (("squared", lambda d: 0.5 * d**2), ("Huber", huber)):
    d = batch_deltas.clone().requires_grad_(True)
    loss_fn(d).mean().backward()
    outlier_share[name] = (d.grad.abs() / d.grad.abs().sum())[-1].item()
    print(f"{name:8s}: gradients {d.grad.numpy().round(3)}, the outlier's share {outlier_share[name]:.0%}")

assert 0.98 < outlier_share["squared"] < 1.0  # “99%”：50 / (0.1 + 0.2 + 0.3 + 50)
assert 0.55 < outlier_share["Huber"] < 0.65  # “约 60%”：1 / (0.1 + 0.2 + 0.3 + 1)

# %% [markdown]
# 用 Huber 时，离群值的拉力上限是 1（和这里的每个梯度一样，还要除以批大小），所以它的份额从 99% 降到约 60%，其余部分由其他转换提供：它的拉力仍然最大，但不再把其他转换淹没。
#
# 这个上限也有代价：离群值并不总是噪声。在一次 CartPole 训练的后期，几乎每个转换都来自平衡良好的杆，价值接近 100，而少数以倒下告终的转换（目标为 1）才是大误差。一旦设了上限，它们就可能被淹没，智能体会忘记杆是会倒的。所以课程的 `default` 预设（preset，见笔记本 04）最终还是用了平方误差，转而给整个梯度的长度设上限；教程的预设则保留了 Huber。两者都是 DQN。（在 20 个新的随机种子上，`default` 预设用平方误差时有 19 次运行解决（solved，即 100 回合均值达到 475）了 CartPole，用 Huber 时有 15 次；详见笔记本 04。）
#
# 教程把这个损失写作 `nn.SmoothL1Loss()`。当 `beta=1.0`（默认值）时，PyTorch 对预测 $Q$ 和目标 $y$ 计算的 smooth L1 损失，恰好就是我们对 $\delta = Q - y$ 计算的 `huber`；教程使用默认的 `reduction="mean"`，即取批平均 $\frac{1}{|B|}\sum$。（PyTorch 还有 `nn.HuberLoss`；当 `delta=1.0` 时，它是同一个函数。）

# %%
q_values = torch.linspace(-4, 4, 81)
y = torch.zeros_like(q_values)  # 这样 δ = Q − y = Q
smooth_l1 = torch.nn.SmoothL1Loss(reduction="none", beta=1.0)(q_values, y)
assert torch.allclose(huber(td_error(q_values, y)), smooth_l1)
assert torch.allclose(huber(q_values).mean(), torch.nn.SmoothL1Loss()(q_values, y))  # reduction="mean"
assert torch.allclose(smooth_l1, torch.nn.HuberLoss(reduction="none", delta=1.0)(q_values, y))
print("huber(δ) == SmoothL1Loss(beta=1.0) == HuberLoss(delta=1.0) on 81 values of δ in [-4, 4]")

# %% [markdown]
# ## 练习：编写 `td_target`
#
# 自己写出时间差目标：
#
# $$y = r + \gamma \, (1 - \text{terminated}) \max_{a'} Q(s', a') .$$
#
# 它接收奖励、$\max_{a'} Q(s', a')$、`terminated` 标志和 `gamma`。前三个参数都既可以是单个数，也可以是张量（tensor，即一批数据），所以要逐元素计算，不要对这些值写 `if`。返回一个张量。
#
# *提示：* 对 `bool` 张量做 `1 - terminated` 会出错；先用 `torch.as_tensor(terminated, dtype=torch.float32)` 把它转换一下。


# %%
def my_td_target(reward, next_q_max, terminated, gamma):
    """y = r + γ (1 − terminated) max_a' Q(s', a'), element-wise."""
    raise NotImplementedError  # 在这里写你的代码


# %%
passed = check_td_target(my_td_target)

# %% [markdown]
# 写完了或者卡住了，再展开参考答案（点击折叠起来的单元格）。


# %% jupyter={"source_hidden": true} tags=["solution"]
# @title 参考答案 { display-mode: "form" }
def td_target_solution(reward, next_q_max, terminated, gamma):
    """y = r + γ (1 − terminated) max_a' Q(s', a'), element-wise."""
    reward = torch.as_tensor(reward, dtype=torch.float32)  # 数和张量都能处理
    next_q_max = torch.as_tensor(next_q_max, dtype=torch.float32)
    not_terminated = 1.0 - torch.as_tensor(terminated, dtype=torch.float32)  # 回合真正结束的地方为 0
    return reward + gamma * not_terminated * next_q_max  # 截断的步 terminated = False：它们照常自举


assert check_td_target(td_target_solution)

# %% [markdown]
# 下面是包里的版本，课程的其余部分用的都是它（笔记本 04 的 `optimize_model` 会调用它）：

# %%
show_source(td_target)

# %% [markdown]
# ## 小结
#
# - 智能体最大化折扣回报 $\sum_t \gamma^t r_t$。每步奖励为 $+1$ 时，它至多为 $\frac{1}{1-\gamma}$，这也是智能体的有效视野：$\gamma = 0.99$ 时为 100 步。
# - 在 CartPole 中，贝尔曼最优方程 $Q^*(s, a) = r(s, a) + \gamma \max_{a'} Q^*(s', a')$ 不需要对 $s'$ 求平均：给定 $(s, a)$，它的动力学是确定性的（只有初始状态是随机的）。用网络自己的猜测代替 $Q^*$，就能从一步经验得到目标 $y$；时间差误差为 $\delta = Q(s, a) - y$。
# - 只有**终止**（杆倒了）才会去掉未来。在 500 步处的**截断**仍然必须自举：杆还立着，未来依然存在。
# - 从随机经验出发反复做时间差更新，能找出链世界的精确 $Q^*$：值从奖励处出发，一个回合接一个回合地往回流动。
# - DQN 最小化 $\delta$ 的 Huber 损失（`SmoothL1Loss`）：在 0 附近是二次的，超过 $|\delta| = 1$ 后是线性的。它的梯度上限为 $\pm 1$，所以单个离谱的转换拉力虽然仍是最大的，但不再淹没批中其余的转换（用平方损失时它占梯度的 99%，用 Huber 时约占 60%）。
#
# ## 下一步
#
# [03 · Q 网络与 ε-贪心](03_q_network.ipynb)：取代表格的神经网络（Q 网络，Q-network），以及智能体如何在探索（exploration）与利用（exploitation）之间取得平衡。
