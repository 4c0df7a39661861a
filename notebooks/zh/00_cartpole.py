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
# # 00 · CartPole：认识任务
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/dqn-course/dqn-cartpole/blob/main/notebooks/zh/00_cartpole.ipynb)
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/dqn-course/dqn-cartpole/main?urlpath=lab/tree/notebooks/zh/00_cartpole.ipynb)
# [English version](../00_cartpole.ipynb)
#
# **时间：** 约 30 分钟
#
# 在教智能体（agent）任何本领之前，我们先仔细看看要交给它的是一份什么样的工作。本课程以 Adam Paszke 和 Mark Towers 编写的 PyTorch 教程 *Reinforcement Learning (DQN)* 为蓝本，任务是 Gymnasium 的 `CartPole-v1`：通过向左或向右推动小车（cart），让立在小车上的杆（pole）保持平衡。
#
# 学习过程中会不时出现**预测题**（Predict question）：在运行下一个单元格之前，先猜猜它会显示什么。作答后按 *检查*（Check），然后运行单元格，看看结果如何。
#
# ## 学习目标
#
# 学完本笔记本，你将能够……
#
# - 说出 CartPole 的观测（observation）包含哪四个数、它们的界限，以及两个动作（action）；
# - 用 Gymnasium 的 `reset`/`step` 循环运行一个回合（episode），并读出它的奖励（reward）、`terminated` 和 `truncated`；
# - 区分终止（termination，杆倒了）和截断（truncation，时间用完了），并说明为什么学习时必须区别对待二者；
# - 测出随机策略（random policy）的基线（baseline），并用你自己编写的策略（policy）超越它；
# - 说明启发式规则（heuristic）`angle + angular_velocity` 为什么能让杆保持平衡，以及它仍有哪些不足。

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
import gymnasium as gym
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import HTML, Markdown

from dqn_helpers import CARTPOLE_ID, make_env, run_episodes
from dqn_helpers.envs import ANGLE_LIMIT, MAX_EPISODE_STEPS, POSITION_LIMIT
from dqn_helpers.teaching.exercises import check_lean_policy
from dqn_helpers.teaching.questions import ask
from dqn_helpers.teaching.render import animate, record_episode
from dqn_helpers.tools.doctor import check_cartpole_renders, check_packages, doctor

# %% [markdown]
# 先快速检查一下你的运行环境能否支撑整个系列：关键软件包的版本、后面笔记本里的滑块能否正常显示、CartPole 能否绘制出自己的画面、课程数据能否加载。每个问题都附有修复方法（在终端里运行 `python -m dqn_helpers doctor` 也会做同样的检查）。
#
# 本笔记本只需要其中两项检查：软件包，以及 CartPole 能绘制自己。控件（widgets）或课程数据如果报 `PROBLEM`，并不妨碍本笔记本运行，但请在笔记本 02 之前修好：笔记本 02–05 的滑块需要控件，笔记本 03 和 05 需要课程数据。（没有控件时，本笔记本的*预测题*会显示为纯文本，而不是按钮。）

# %%
doctor()  # 打印报告：每项检查一行，每个问题下面还有一行 'fix:'
needed_here = [check_packages(), check_cartpole_renders()]  # 本笔记本需要其中哪几项
missing = [check.name for check in needed_here if not check.ok]
assert not missing, f"this notebook needs {missing}: apply the 'fix:' lines above, then run this cell again"

# %% [markdown]
# ## 任务
#
# 一根杆通过铰链立在小车顶上，小车在无摩擦的轨道上滚动。每一步（step），智能体从两个动作中选一个：把小车向左推，或者向右推。杆必须保持直立，小车也必须留在轨道上。
#
# 和所有强化学习（reinforcement learning）任务一样，智能体和环境（environment）轮流行动：智能体看到当前的**状态**（state），选择一个**动作**，环境则回应下一个状态，以及一个衡量这一步好坏的**奖励**。我们用 `make_env` 创建环境，它是 `gymnasium.make("CartPole-v1")` 外面的一层薄包装（wrapper）：

# %%
env = make_env()  # = gymnasium.make("CartPole-v1")
print(env)
print("observation space:", env.observation_space)
print("action space:     ", env.action_space)

assert env.spec.id == CARTPOLE_ID
assert env.observation_space.shape == (4,) and env.action_space.n == 2

# %% [markdown]
# ## 智能体观测到什么
#
# 一个观测由 4 个实数组成。观测空间（observation space）给出了它们的取值范围；不过回合早在那之前就会结束，也就是在最后一列的终止界限处：

# %%
names = ["cart position", "cart velocity", "pole angle", "pole angular velocity"]
units = ["m", "m/s", "rad", "rad/s"]
stops = [f"beyond ±{POSITION_LIMIT} m", "never", f"beyond ±{ANGLE_LIMIT:.3f} rad (12°)", "never"]
rows = ["| # | number | unit | observation space | ends the episode when |", "|---|---|---|---|---|"]
for i, (name, unit, stop) in enumerate(zip(names, units, stops, strict=True)):
    high = env.observation_space.high[i]
    bound = "±∞" if np.isinf(high) else f"±{high:.3g}"
    rows.append(f"| {i} | {name} | {unit} | {bound} | {stop} |")
Markdown("\n".join(rows))

# %% [markdown]
# 有几点值得注意：
#
# - 观测空间中位置和角度的范围是终止界限的**两倍**（±4.8 m 和 ±0.419 rad = ±24°），所以在回合结束之前，观测永远不会超出它的空间。
# - 速度在观测空间中没有界限。实际上它们一直很小（只有几个单位），因为远在任何东西快起来之前，杆就已经倒了。
# - 角度为正表示杆向**右**倾斜；位置为正表示小车在中心的右侧。
#
# 教程把这 4 个数原样输入它的网络，不做任何缩放，我们也一样。下面的代码检查我们包里的界限与环境本身是否一致：

# %%
cartpole = env.unwrapped  # 各层包装器里面的 CartPoleEnv，物理常数都保存在它这里
assert cartpole.x_threshold == POSITION_LIMIT
assert np.isclose(cartpole.theta_threshold_radians, ANGLE_LIMIT)
assert np.isclose(np.degrees(ANGLE_LIMIT), 12.0)
assert np.allclose(env.observation_space.high[[0, 2]], [2 * POSITION_LIMIT, 2 * ANGLE_LIMIT])
assert np.isinf(env.observation_space.high[[1, 3]]).all()

# %% [markdown]
# ## 回合从哪里开始
#
# `env.reset(seed=…)` 用给定的随机种子（seed）开始一个新回合，并返回第一个观测（还有一个 `info` 字典，对 CartPole 来说它是空的）。4 个数的初始值各自在 $[-0.05, 0.05]$ 中均匀随机地选取：小车靠近中心，杆几乎直立，但又不是完全直立。

# %%
observation, info = env.reset(seed=0)
print("first observation:", observation, " info:", info)

starts = np.array([env.reset(seed=seed)[0] for seed in range(200)])
print("largest |number| over 200 starts:", np.abs(starts).max(axis=0).round(4))

assert observation.shape == (4,) and observation.dtype == np.float32
assert np.abs(starts).max() <= 0.05
assert np.array_equal(env.reset(seed=0)[0], observation)  # 同一个随机种子给出同一个起点

# %% [markdown]
# ## 动作与动力学：用文字说一说
#
# 动作空间（action space）是 `Discrete(2)`：动作 `0` 把小车推向**左**，动作 `1` 把它推向**右**，力的大小始终是 10 N。没有“什么都不做”这个选项：每一步都是一次推动。
#
# 这个模拟是教科书式的倒立摆（inverted pendulum）：小车质量 1 kg，杆质量 0.1 kg、半长 0.5 m，重力加速度 9.8 m/s²。每一步用一个 0.02 s 的欧拉步（Euler step）推进运动方程，所以 50 步就是一秒的模拟时间，一个 500 步的回合持续 10 秒。
#
# 向右推小车会让小车向右加速，同时让杆向**左**摆，就像你移动手掌时，立在掌心的扫帚会朝反方向倒一样。来看看从上面那个起点出发的第一步：

# %%
print(f"force {cartpole.force_mag} N, cart {cartpole.masscart} kg, pole {cartpole.masspole} kg, ", end="")
print(f"half-length {cartpole.length} m, gravity {cartpole.gravity} m/s²")
print(f"one step: {cartpole.kinematics_integrator} integration over {cartpole.tau} s")
start, _ = env.reset(seed=0)
after_push_right, reward, terminated, truncated, info = env.step(1)
change = after_push_right - start
print("change after one push right:", ", ".join(f"{n} {c:+.3f}" for n, c in zip(names, change, strict=True)))

assert (cartpole.force_mag, cartpole.tau, cartpole.masscart, cartpole.masspole) == (10.0, 0.02, 1.0, 0.1)
assert change[1] > 0  # 小车向右加速……
assert change[3] < 0  # ……而杆开始向左转动

# %% [markdown]
# **确定的动力学，随机的起点。** 教程说这个环境是确定性的（deterministic）。就*动力学*（dynamics）而言，这没错：相同的状态加上相同的动作，总是得到相同的下一个状态。但起始状态是随机的，所以除非两个回合从同一个随机种子开始，否则它们会各不相同。两个环境副本以同样的方式开始、接受同样的推动，就会始终保持一致：

# %%
twin_a, twin_b = make_env(), make_env()
obs_a, _ = twin_a.reset(seed=42)
obs_b, _ = twin_b.reset(seed=42)
for action in [1, 1, 0, 1, 0, 0, 1, 0]:
    obs_a, *_ = twin_a.step(action)
    obs_b, *_ = twin_b.step(action)
print("after 8 identical pushes:", obs_a, "and", obs_b)
assert np.array_equal(obs_a, obs_b)
twin_a.close()
twin_b.close()

# %% [markdown]
# ## 奖励
#
# 每一步都给出 $+1$ 的奖励，包括杆倒下的那一步。因此，一个 $T$ 步回合的**回报**（return）就是它的长度：
#
# $$G = \sum_{t=0}^{T-1} r_t = T,$$
#
# 所以，获得更多奖励的智能体，就是让杆平衡得更久的智能体。笔记本 02 还会加入折扣因子（discount factor）$\gamma$。当连续 100 个回合的平均回报（即 100 回合均值）达到 475 时，Gymnasium 就认为 CartPole-v1 已被解决（solved）。
#
# ## 一个回合，一步一步来
#
# 下面是完整的智能体–环境循环，用的是一个*随机*智能体：每次往哪边推都靠抛硬币决定。`env.step(action)` 返回五样东西：下一个观测、奖励、`terminated`、`truncated`，以及一个 `info` 字典。

# %%
observation, info = env.reset(seed=0)
env.action_space.seed(0)  # 让抛硬币的结果可以复现
total_reward, steps = 0.0, 0
while True:
    action = env.action_space.sample()  # 随机推一下：0 或 1
    observation, reward, terminated, truncated, info = env.step(action)
    total_reward += reward  # G = Σ r_t
    steps += 1
    if terminated or truncated:
        break

print(f"{steps} steps, return {total_reward}, terminated={terminated}, truncated={truncated}")
print("last observation:", ", ".join(f"{n} {x:+.3f}" for n, x in zip(names, observation, strict=True)))

assert terminated and not truncated
assert total_reward == steps  # 每步 +1：回报就是回合长度
assert env.spec.reward_threshold == 475  # “解决”：100 个回合的平均回报达到 475
assert abs(observation[0]) > POSITION_LIMIT or abs(observation[2]) > ANGLE_LIMIT  # 确实超出了界限
assert np.abs(observation[[1, 3]]).max() < 5  # 速度最多也只有几个单位

# %% [markdown]
# ## 终止与截断
#
# 一个回合可以用两种截然不同的方式结束，Gymnasium 会分别报告：
#
# - **`terminated=True`**：任务本身结束了。杆倾斜超过了 12°，或者小车离开了 ±2.4 m 的范围，就像上面那个回合一样。这是一个*终止状态*（terminal state）：它之后什么都没有，不再有奖励，所以之后的价值（value）恰好为 0。
# - **`truncated=True`**：任务之外的一个时钟让回合停了下来。`gymnasium.make` 给环境套了一层 `TimeLimit`（在上面 `print(env)` 的输出里可以看到），它在 500 步时截断每一个回合。这时杆仍然立着；要是时钟没有叫停，智能体本来还会继续每步拿到 $+1$。
#
# 为什么这很重要：DQN 从一步中学习时，会在奖励之上加上对下一个状态价值的估计（笔记本 02 把它写成 $r + \gamma \max_{a'} Q(s', a')$）。终止之后，未来确实是空的，所以这个估计必须为 0。截断之后则不然：智能体必须继续从 $s'$ *自举*（bootstrapping），否则它会学到“平衡 500 步会招来灾难”。教程的代码只标记终止的步（`next_state = None`），这是对的；笔记本 02 会用数字展示两者的差别。
#
# 随机智能体从来撑不到 500 步，所以为了看到时钟起作用，我们另建一个环境副本，给它一个只有 10 步的很短的时钟，然后重放同一个随机回合：同样的起点，同样的抛硬币结果。

# %%
ask("00.clock-stops")

# %%
short_env = gym.make(CARTPOLE_ID, max_episode_steps=10)  # 同一个任务，时间限制为 10 步
observation, _ = short_env.reset(seed=0)
short_env.action_space.seed(0)  # 和上面同样的抛硬币结果
steps = 0
while True:
    observation, reward, terminated, truncated, info = short_env.step(short_env.action_space.sample())
    steps += 1
    if terminated or truncated:
        break
print(f"stopped after {steps} steps: terminated={terminated}, truncated={truncated}")
print(f"the pole is still up: angle {observation[2]:+.3f} rad, within ±{ANGLE_LIMIT:.3f}")

assert env.spec.max_episode_steps == MAX_EPISODE_STEPS == 500
assert steps == 10 and truncated and not terminated
assert abs(observation[2]) < ANGLE_LIMIT and abs(observation[0]) < POSITION_LIMIT
short_env.close()

# %% [markdown]
# 在本笔记本的后面，一个手写的控制器（controller）会达到真正的 500 步上限。
#
# ## 随机基线
#
# 如果随机地推，杆能立多久？`run_episodes(None, n, seed)` 用随机动作玩 `n` 个回合（第 `i` 个回合从 `reset(seed=seed + i)` 开始），并返回它们的长度。这个数就是本课程中每个智能体都必须超越的底线。

# %%
ask("00.random-length")

# %%
random_durations = np.array(run_episodes(None, 200, seed=0))
random_mean = random_durations.mean()
print(
    f"random play, 200 episodes: mean {random_mean:.1f} steps, median {np.median(random_durations):.0f}, "
    f"shortest {random_durations.min()}, longest {random_durations.max()}"
)

fig, ax = plt.subplots(figsize=(6, 2.8))
ax.hist(random_durations, bins=np.arange(0, 101, 4), color="tab:gray")
ax.axvline(random_mean, color="k", ls="--", lw=1, label=f"mean {random_mean:.1f}")
ax.set_xlabel("episode length (steps)")
ax.set_ylabel("episodes")
ax.set_title("Random pushes: the pole falls within a second or so")
ax.legend()
plt.show()

assert 18 <= random_mean <= 26  # 大约 22，在任何机器上都一样
assert random_durations.max() < MAX_EPISODE_STEPS  # 随机玩法从来达不到时间限制
assert np.median(random_durations) < random_mean  # 大多数回合比平均值短
assert 0 < (random_durations >= 50).sum() < 20  # 少数回合能持续一秒（50 步）或更久

# %% [markdown]
# 大约 22 步，不到半秒的模拟时间：杆几乎立刻就倒了，没有一个随机回合能接近 500 步。（大多数回合比平均值短：少数几个长回合把平均值拉到了中位数之上。）
#
# ## 看一个回合
#
# `record_episode(policy, seed)` 玩一个回合，并为每个状态保存一幅画面（`render_mode="rgb_array"` 把画面画进一张图像，不需要窗口）；`animate` 把这些画面做成一个小播放器。下面是从随机种子 0 开始的那个随机回合，每一帧都在：

# %%
frames, duration = record_episode(None, seed=0)  # None = 随机动作
print(f"{duration} steps, {len(frames)} frames of shape {frames[0].shape}")
assert len(frames) == duration + 1 and frames[0].shape == (400, 600, 3)
HTML(animate(frames, every=1, fps=10))  # 放慢到每秒 10 帧：实时应为每秒 50 帧

# %% [markdown]
# ## 练习：朝倾斜的方向推
#
# 在手掌上立一把扫帚，它往哪边倒，你就会把手往哪边移。写一个策略，让小车做同样的事：给定一个观测，如果杆向右倾斜就返回 `1`（向右推），否则返回 `0`（向左推）。4 个数中的哪一个告诉你杆往哪边倾斜？写好之后，运行它下面的自测（self-check）。


# %%
def lean_policy(observation: np.ndarray) -> int:
    """Push the cart towards the side the pole leans: 1 (right) or 0 (left)."""
    raise NotImplementedError  # 在这里写你的代码


# %%
passed = check_lean_policy(lean_policy)

# %% [markdown]
# 做完了或者卡住了，就点击下面折叠起来的单元格，展开参考答案（solution）。


# %% jupyter={"source_hidden": true} tags=["solution"]
# @title 参考答案 { display-mode: "form" }
def lean_policy_solution(observation: np.ndarray) -> int:
    angle = observation[2]  # 下标 2 是杆的角度；为正表示向右倾斜
    return 1 if angle > 0 else 0  # 把小车移到杆的下方


assert check_lean_policy(lean_policy_solution)

# %% [markdown]
# ## 朝倾斜方向推，对比随机玩法
#
# 参考答案的规则在随机玩法用过的那 200 个起点上各玩一遍。你的 `lean_policy` 通过检查后，也会在这些起点上玩一遍；如果它只看角度的符号，得分会完全相同。

# %%
ask("00.lean-score")

# %%
lean_durations = np.array(run_episodes(lean_policy_solution, 200, seed=0))
lean_mean = lean_durations.mean()
print(f"random: {random_mean:.1f} steps on average; towards the lean: {lean_mean:.1f} ({lean_mean / random_mean:.1f}×)")
if passed:
    print(f"your lean_policy: {np.mean(run_episodes(lean_policy, 200, seed=0)):.1f} steps on average")

fig, ax = plt.subplots(figsize=(6, 2.8))
bins = np.arange(0, max(random_durations.max(), lean_durations.max()) + 5, 4)
ax.hist(random_durations, bins=bins, alpha=0.6, color="tab:gray", label=f"random (mean {random_mean:.0f})")
ax.hist(lean_durations, bins=bins, alpha=0.6, color="tab:blue", label=f"lean policy (mean {lean_mean:.0f})")
ax.set_xlabel("episode length (steps)")
ax.set_ylabel("episodes")
ax.legend()
plt.show()

assert 1.5 < lean_mean / random_mean < 2.5  # 平均持续时间约为随机玩法的两倍……
assert 30 < lean_mean < 50 and lean_durations.max() < 100  # ……平均不到一秒，而且从不接近 500

# %% [markdown]
# 平均下来大约是随机玩法的两倍长，但一个典型的回合仍不到一秒模拟时间（50 步），最长也不超过两秒左右。看看它是怎么失败的（每隔一帧显示一帧）：

# %%
frames, duration = record_episode(lean_policy_solution, seed=0)
print(f"{duration} steps")
HTML(animate(frames, every=2, fps=10))

# %% [markdown]
# 它为什么会失败？我们来跟踪一个回合里杆的角度。小函数 `play` 运行和前面一样的循环，并保存每一个观测：


# %%
def play(policy, seed: int) -> tuple[np.ndarray, bool, bool]:
    """The observations of one episode of ``policy`` from ``reset(seed=seed)``, and how it ended."""
    observation, _ = env.reset(seed=seed)
    observations = [observation]
    while True:
        observation, _reward, terminated, truncated, _info = env.step(policy(observation))
        observations.append(observation)
        if terminated or truncated:
            return np.array(observations), terminated, truncated


lean_trace, lean_terminated, _ = play(lean_policy_solution, seed=1)

fig, ax = plt.subplots(figsize=(6, 2.8))
ax.plot(np.degrees(lean_trace[:, 2]), color="tab:blue", label="push towards the lean")
ax.axhspan(-12, 12, color="tab:green", alpha=0.1, label="±12°: still balancing")
ax.set_xlabel("step")
ax.set_ylabel("pole angle (°)")
ax.legend(loc="lower left", fontsize="small")
plt.show()

swings = np.sign(lean_trace[:, 2])
crossings = np.flatnonzero(swings[1:] != swings[:-1]) + 1  # 杆经过直立位置的那些步
peaks = [np.degrees(np.abs(swing).max()) for swing in np.split(lean_trace[:, 2], crossings)]
print("largest angle of each swing (°):", ", ".join(f"{peak:.1f}" for peak in peaks))

assert lean_terminated and abs(lean_trace[-1, 2]) > ANGLE_LIMIT
assert len(crossings) >= 2  # 杆在倒下之前左右来回摆动……
assert all(np.diff(peaks[1:]) > 0)  # ……而且每一次完整的摆动都比上一次摆得更远

# %% [markdown]
# 这个策略只对杆*在哪里*做出反应，而不管它*往哪里去*。它一直朝同一个方向推，直到杆重新直立；可到那时，杆已经在快速摆向另一侧了。每次摆动都比上一次冲得更过头，直到某一次超过 12°。
#
# ## 再多看一个数：前瞻的启发式规则
#
# 杆往哪里去，由第四个数——角速度（angular velocity）——告诉我们。一条**启发式规则**（经验法则，而不是物理定律）把这两个数结合起来：朝 `angle + angular_velocity` 所指的那一侧推。
#
# 严格来说，这个和是把弧度与弧度每秒相加，物理上不允许这样做。可以把它读作“角度 + 1 s × 角速度”：如果杆保持现在的转速，一秒之后角度大约会在哪里。撇开单位不谈，这是一种粗糙的前瞻（look-ahead），但已经足以给摆动“刹车”：当杆仍向右倾斜、却已经在快速往左摆回时，这个和为负，启发式规则就向左推，从而减缓摆动；而只看倾斜的策略在这时会向右推，让摆动更快。
#
# 从与上图相同的起点开始玩：

# %%
ask("00.look-ahead")


# %%
def look_ahead_policy(observation: np.ndarray) -> int:
    """A heuristic: push towards where the pole is heading, angle + 1 s × angular velocity (units aside)."""
    angle, angular_velocity = observation[2], observation[3]
    return 1 if angle + angular_velocity > 0 else 0


look_trace, terminated, truncated = play(look_ahead_policy, seed=1)
steps = len(look_trace) - 1
print(f"{steps} steps: terminated={terminated}, truncated={truncated}, final angle {look_trace[-1, 2]:+.3f} rad")

fig, ax = plt.subplots(figsize=(6, 2.8))
ax.plot(np.degrees(lean_trace[:, 2]), color="tab:blue", label="push towards the lean")
ax.plot(np.degrees(look_trace[:, 2]), color="tab:orange", label="look-ahead: angle + angular velocity")
ax.axhspan(-12, 12, color="tab:green", alpha=0.1)
ax.set_xlabel("step")
ax.set_ylabel("pole angle (°)")
ax.legend(loc="lower right", fontsize="small")
plt.show()

assert steps == MAX_EPISODE_STEPS and truncated and not terminated
assert np.abs(look_trace[:, 2]).max() < ANGLE_LIMIT / 2  # 它甚至从未接近倒下
assert np.abs(look_trace[100:, 2]).max() < np.abs(look_trace[:50, 2]).max() / 2  # 摆动越来越小

# %% [markdown]
# 摆动没有变大，反而缩小到不足一度；我们也第一次看到一个回合被真正的 500 步上限**截断**：它结束是因为时钟走完了，杆仍然直立——这恰恰是智能体在学习时仍必须把未来算进去的那种情况。
#
# ## 这条启发式规则有多好？
#
# 只看一个起点算不上测量。让启发式规则从前面那 200 个起点出发各玩一遍，统计这些回合都是怎么结束的：

# %%
ask("00.look-ahead-failures")

# %%
episodes = [play(look_ahead_policy, seed) for seed in range(200)]  # 每个元素是 (observations, terminated, truncated)
n_truncated = sum(truncated for _trace, _terminated, truncated in episodes)
off_track = [trace for trace, terminated, _ in episodes if terminated and abs(trace[-1, 0]) > POSITION_LIMIT]
n_fallen = sum(terminated and abs(trace[-1, 2]) > ANGLE_LIMIT for trace, terminated, _ in episodes)
largest_angle = max(np.abs(trace[:, 2]).max() for trace, _, _ in episodes)
print(f"200 starts: {n_truncated} reached the 500-step limit, {len(off_track)} ran off the track, {n_fallen} fell over")
print(f"the largest pole angle in any of them: {np.degrees(largest_angle):.1f}°")

fig, ax = plt.subplots(figsize=(6, 2.8))
for trace in off_track:
    ax.plot(trace[:, 0], color="tab:red", lw=1)
ax.axhspan(-POSITION_LIMIT, POSITION_LIMIT, color="tab:green", alpha=0.1, label="±2.4 m: on the track")
ax.set_xlabel("step")
ax.set_ylabel("cart position (m)")
ax.set_title("The episodes that terminated: the cart drifts away")
ax.legend(loc="lower left", fontsize="small")
plt.show()

assert n_truncated > 150  # 大多数回合达到了时间限制……
assert len(off_track) > 0 and n_truncated + len(off_track) == 200  # ……其余的都以小车离开轨道告终
assert n_fallen == 0 and largest_angle < ANGLE_LIMIT / 2  # 杆本身从未接近倒下

# %% [markdown]
# 这条启发式规则能让杆保持平衡，但它从不看小车（第 0 和第 1 个数）。杆立着的时候，没有什么能阻止小车漂移；从某些起点出发，小车会在时钟走完之前滚出轨道。更好的手工规则还会把小车的位置和速度也考虑进去，而它们的权重（weights）只能靠反复试验去找。
#
# 这个控制器是我们靠琢磨物理规律找到的。DQN 的意义在于：智能体将*仅凭奖励*找到至少这么好的策略，而无需有人告诉它这 4 个数是什么意思。

# %%
env.close()

# %% [markdown]
# ## 小结
#
# - CartPole-v1 观测 4 个数（小车的位置和速度、杆的角度和角速度），有 2 个动作（向左推、向右推）；每个起点都在 ±0.05 内随机选取，动力学是确定的。
# - 每一步得 $+1$，所以回报就是回合长度；100 个回合的平均回报达到 475 即算解决。
# - **终止**（terminated）：杆超过了 12° 或小车超出了 ±2.4 m，这是真正的结束，之后没有未来价值。**截断**（truncated）：500 步的时钟走完了，未来仍然算数。
# - 随机玩法大约能坚持 22 步；朝倾斜方向推大约是它的两倍。启发式规则 `angle + angular_velocity` 是一种粗糙的前瞻，从大多数起点都能达到 500 步上限，其余的则因为让小车漂出轨道而失败。
#
# ## 下一步
#
# [01 · 回放内存](01_replay_memory.ipynb)：智能体把用来学习的那些步存放在哪里（即回放内存，replay memory），以及为什么要按随机顺序从中学习。
