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
# # 06 · DQN 出错的时候，以及它后来怎样变得更好
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/dqn-course/dqn-cartpole/blob/main/notebooks/zh/06_when_dqn_goes_wrong.ipynb)
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/dqn-course/dqn-cartpole/main?urlpath=lab/tree/notebooks/zh/06_when_dqn_goes_wrong.ipynb)
# [English version](../06_when_dqn_goes_wrong.ipynb)
#
# **时间：** 约 50 分钟。
#
# 笔记本 04 的智能体（agent）学会了。可是不少照着 PyTorch DQN 教程动手的人都来问过：为什么自己的智能体学不会，或者为什么学会之后又忘掉了（pytorch/tutorials 的 issue #263、#683、#1755、#1894、#3080）。教程本身就收到过这类报告，而在自己的代码里，原因往往只是一行。本笔记本用多个随机种子（seed）上的真实运行，展示每种经典错误会让一次运行变成什么样，让你再遇到时能认出它，并能把它和单纯的运气不好区分开。接着，它测量 DQN 的 Q 值（Q-value）离真实值有多远（通常的嫌疑对象是目标中的那个 max），并检验为解决这个问题而提出的一行改动：Double DQN（双重 DQN）。
#
# ## 学习目标
#
# 学完本笔记本，你将能够
#
# - 读懂一次运行的三条曲线，即 100 回合均值（100-episode mean）、损失（loss）和平均 max-Q，并把 DQN 的各种经典故障（bug）和它们造成的曲线对应起来；
# - 把一次失败的运行放到同一设置的多个随机种子之中，判断它是运气不好，还是代码有问题；
# - 解释为什么对带噪声的估计取 $\max_{a'}$ 会系统性地偏高，并测量 CartPole 的 Q 值离智能体实际得到的回报（return）有多远；
# - 写出 Double DQN 的目标，并说出它在这里改变了什么、没有改变什么；
# - 说出 DQN 之后出现的方法：对决网络（dueling networks）、优先回放（prioritized replay）、n 步回报（n-step returns）、Rainbow。

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
import numpy as np
import torch

from dqn_helpers import show_source, train
from dqn_helpers.teaching.bugs import broken_td_loss
from dqn_helpers.teaching.diagnosis import (
    BUG_VARIANTS,
    EXERCISE,
    check_zoo_matches,
    exercise_figure,
    features,
    is_my_run_unlucky,
)
from dqn_helpers.teaching.loss_check import check_double_dqn_target
from dqn_helpers.teaching.overestimation import max_bias, max_bias_explorer
from dqn_helpers.teaching.questions import ask
from dqn_helpers.teaching.zoo import BUG_SEEDS, SEEDS, VARIANTS, ZOO_PATH, base_config, load_zoo
from dqn_helpers.teaching.zoo_plots import plot_bands, plot_overestimation, plot_variants, series
from dqn_helpers.update import td_loss

# %% [markdown]
# ## 1. 故障图鉴
#
# 课程附带一套*故障图鉴*（bug zoo）。它用的是笔记本 04 的那种运行：`default` 预设（preset）换上教程的 Huber 损失（Huber loss），训练 400 个回合（episode），不提前停止；一份按正确的写法运行，其余每份各植入一种经典故障。每次运行都出自 `train()`（笔记本 04 读过的那个训练循环），要么换上一个写错的时间差损失（TD loss）`broken_td_loss(bug)`，其中的故障正是 04 的自测（self-check）点名的那些，要么改动一项设置；没有哪一份是训练循环的复制品。运行 `python -m dqn_helpers zoo` 可以重新生成它。随机种子 900 到 909 没有参与课程中任何设置的选择：它们只用来测量。

# %%
zoo = load_zoo()
print(f"{len(zoo.runs)} runs of {zoo.episodes} episodes, {ZOO_PATH.stat().st_size / 1e3:.0f} kB")
print(f"seeds {SEEDS[0]}–{SEEDS[-1]} for the correct run, the default preset and Double DQN; {len(BUG_SEEDS)} per bug")
if zoo.build_seconds:
    print(f"built in {zoo.build_seconds / 60:.0f} minutes with two processes")
for key, variant in VARIANTS.items():
    print(f"  {key:26} {variant.what}")
assert set(zoo.seeds) == set(VARIANTS) and all(len(run.durations) == zoo.episodes for run in zoo.runs)

# %% [markdown]
# ### 读懂一次运行：三条曲线
#
# 下面每一列是一种设置，每一行是一条曲线，画成一条*区间带*（band）：线是各随机种子的中位数，阴影是从最低到最高的随机种子所覆盖的范围，和笔记本 05 一样。
#
# - **100 回合均值**：回合持续步数的 100 回合均值，反映智能体实际做了什么（绿线是 475，即解决（solved））。
# - **损失**：该回合中各次更新的平均时间差损失，纵轴为对数刻度。
# - **平均 max-Q**（mean max-Q）：对各批（batch）中的状态（state）求 $\max_a Q(s, a)$ 的平均值。红线是 $1/(1-\gamma) = 100$：每步奖励（reward）为 1、γ = 0.99 时，没有哪个状态的价值能超过它（杆永远不倒时 $\sum_t \gamma^t = 100$）。超过 100 之后，纵轴改为对数刻度。

# %%
fig = plot_variants(["correct", "default"])


def solved_by_400(variant):
    """How many of the variant's seeds reach a 100-episode mean of 475 within the zoo's 400 episodes."""
    return sum(max(run.mean100[99:]) >= 475 for run in zoo.runs_of(variant))


def final_means(variant):
    """Each seed's 100-episode mean after episode 400."""
    return sorted(round(run.mean100[-1]) for run in zoo.runs_of(variant))


correct = features(zoo.runs_of("correct"))
losses = series(zoo.runs_of("correct"), "losses")
print("04's setting: final means", final_means("correct"), f"reached 475: {solved_by_400('correct')} of 10")
print("default:      final means", final_means("default"), f"reached 475: {solved_by_400('default')} of 10")
print(
    f"04's setting, median over seeds: loss {np.nanmedian(losses[:, 100:], axis=0).min():.2f} … "
    f"{np.nanmedian(losses[:, 100:], axis=0).max():.2f} from episode 100 on, max-Q at the end {correct['q_end']:.0f}"
)
assert final_means("correct")[0] < 100 and final_means("correct")[-1] == 500 and solved_by_400("correct") == 3
assert final_means("default")[0] > 390 and solved_by_400("default") == 5
assert 90 < correct["q_end"] < 110 and 0.05 < correct["loss_end"] < 0.5
assert 0.09 < np.nanmedian(losses[:, 100:], axis=0).min() < np.nanmedian(losses[:, 100:], axis=0).max() < 0.4

# %% [markdown]
# 健康的运行是什么样子（左图）：最初 1 000 步之后学习开始，从那以后 100 回合均值一路上升；max-Q 从 0 向 100 爬升，到第 400 回合刚好超过 100。损失*并不*随着智能体变好而下降：从第 100 回合起，它一直停在约 0.1 到 0.4 之间，而回合长度从 19 步增长到 400 多步，这是因为目标随着 Q 一起增大。损失不是得分。
#
# 这条区间带很宽。到第 400 回合，笔记本 04 的设置下十个随机种子的结果散布在 68 到 500 之间；其中 3 个在途中达到过 475 的 100 回合均值（解决），而其中一个后来又跌回 360。`default` 预设（右图，用的是平方误差）更集中，在 395 到 500 之间，有 5 个解决。（这些运行只有 400 个回合；笔记本 04 允许 600 个，而一次运行常常在第 300 到 500 回合之间解决。）单独一个失败的随机种子本身说明不了什么。
#
# 看图鉴之前，先想一想：其中某个故障会带来什么样的结果？

# %%
ask("06.no-terminal-mask")

# %% [markdown]
# ## 练习 1：哪条曲线是哪个故障？
#
# 下面是图鉴中的六种故障，画成曲线 A–F，每种四个随机种子。请把每条曲线和它的故障对应起来。各个故障及其名称（也就是自测所认的名称）如下：
#
# | 名称 | 错在哪里 |
# | --- | --- |
# | `ignores_terminated` | 没有终止掩码（terminal mask）：即使杆已经倒下，目标仍是 $r + \gamma \max_{a'} Q'(s', a')$ |
# | `policy_net_target` | 没有目标网络（target network）：$\max_{a'} Q(s', a')$ 直接来自策略网络（policy network）本身（在 `no_grad` 下） |
# | `target_never_updated` | 目标网络从不更新：它一直是开始时那个随机网络 |
# | `broadcast` | 形状为 (B, 1) 的 `Q(s, a)` 减去形状为 (B,) 的目标：得到一个 B × B 的差值矩阵 |
# | `eps_never_decays` | ε 一直停在 0.9：不管智能体学到了多少，十个动作（action）里有九个是随机的 |
# | `lr_x10` | 学习率（learning rate）大了十倍：1e-2 |
#
# 对每一种故障，先想一想：它对目标、对 Q、对智能体的行为各有什么影响？然后再到曲线里去找它。自测会指出哪些对应是错的，并给每一处附上一条取自该曲线的提示。

# %%
fig = exercise_figure()

# %%
my_matches = {"A": ..., "B": ..., "C": ..., "D": ..., "E": ..., "F": ...}  # 把每个 ... 换成上表中的一个名称

# %%
passed = check_zoo_matches(my_matches)

# %% [markdown]
# 做完了或者卡住了，就点击折叠起来的单元格，展开参考答案（solution）。

# %% jupyter={"source_hidden": true} tags=["solution"]
# @title 参考答案 { display-mode: "form" }
zoo_solution = {
    "A": "eps_never_decays",
    "B": "ignores_terminated",
    "C": "lr_x10",
    "D": "broadcast",
    "E": "target_never_updated",
    "F": "policy_net_target",
}
assert check_zoo_matches(zoo_solution)

# %% [markdown]
# ### 贴上标签的图鉴

# %%
fig = plot_variants(list(EXERCISE.values()))
bugs = {variant: features(zoo.runs_of(variant)) for variant in BUG_VARIANTS}
for variant in EXERCISE.values():
    print(f"{variant:22}", {name: round(value, 2) for name, value in bugs[variant].items()})

# %% [markdown]
# 以下都是四个随机种子的中位数，按练习中的顺序排列：
#
# - **ε 从不衰减**（A）。智能体从它看到的经验中*离策略*（off-policy）地学习：到第 100 回合，它的贪心策略（greedy policy）从十个固定的初始状态出发，已经能拿到 97 的折扣回报（discounted return，最高为 100）。但它几乎从不按这个策略行动：十个动作里有九个是随机的，所以它的回合和随机玩法差不多长（约 24 步；笔记本 00 的随机智能体：22 步）。由于只能从随机玩法所到达的状态中学习，它大概连这点成绩也保不住：到第 400 回合，贪心策略的回报已经降到 49。
# - **没有终止掩码**（B）。目标里没有任何东西表明倒下是坏事：每个目标都是 $1 + \gamma \max Q'$，于是所有状态、所有动作的 Q 都一样地朝 100 爬升（第 400 回合时为 24，仍在上升），而损失几乎为 0，因为这样的目标很容易拟合。两个动作看上去一模一样；一个分不清它们的网络会在所有地方都选同一个动作，小车（cart）就被一直推向一边：每回合 10 步，比随机玩法还差。
# - **学习率 × 10**（C）。它确实在学，100 回合均值升到 87，然后又跌回 59：步子太大，智能体稳定不下来，新的更新把先前学到的东西又抹掉了。
# - **(B, 1) − (B,) 广播**（broadcasting；D）。差值是一个 B × B 矩阵，于是批中的每个 Q(s, a) 都被拉向批中的每一个目标，也就是拉向这些目标的平均值：Q 不再依赖状态或动作，而损失随着 Q 增长到约 1.2。PyTorch 会对此发出警告（“Using a target size … that is different to the input size”）：这条警告值得认真读。
# - **目标网络从不更新**（E）。目标网络一直是开始时那个随机网络，它的输出接近 0：每个目标都是 $1 + \gamma \cdot (\approx 0)$，而 Q 学到的恰恰就是这个：max-Q 稳定在 1.0，再也不动。每个状态看起来都一样好；每回合 11 步。
# - **没有目标网络**（F）。每次更新都会抬高 Q(s, a)，同时也抬高了相似的下一状态的 $\max_{a'} Q(s', a')$，而它正是下一次更新的目标：网络在追自己的尾巴。max-Q 无限制地增长（最后超过 80 000），损失也跟着增长。这正是 DQN 之所以要有目标网络的原因。

# %%
assert bugs["eps_never_decays"]["g_best"] > 95 and bugs["eps_never_decays"]["g_end"] < 50
assert 20 < bugs["eps_never_decays"]["end100"] < 30
assert bugs["ignores_terminated"]["end100"] < 11 and bugs["ignores_terminated"]["loss_end"] < 0.01
assert 20 < bugs["ignores_terminated"]["q_end"] < 30
assert bugs["lr_x10"]["best100"] > 85 and bugs["lr_x10"]["end100"] < 60
assert bugs["broadcast"]["loss_end"] > 1.1 and bugs["broadcast"]["end100"] < 15
assert 1.0 <= bugs["target_never_updated"]["q_end"] < 1.1 and bugs["target_never_updated"]["end100"] < 12
assert bugs["policy_net_target"]["q_end"] > 80_000 and bugs["policy_net_target"]["loss_end"] > 10_000

# %% [markdown]
# ### 藏在曲线里的故障
#
# 笔记本 04 的经典故障中有两个没有出现在练习里，因为曲线几乎看不出它们。*把截断当作终止*（truncation treated as termination）会让一个 500 步回合的最后一步得到目标 1，而不是 $1 + \gamma \max Q'$。*残差梯度*（residual gradient，04 的检查会点出它）则用策略网络计算目标，并让梯度（gradient）流过它，于是每次更新也会把目标推向 Q(s, a)。先预测第一个：

# %%
ask("06.hidden-bug")

# %%
fig = plot_variants(["correct", "truncation_as_termination", "residual_gradient"])
for variant in ("correct", "truncation_as_termination", "residual_gradient"):
    on_bug_seeds = [run for run in zoo.runs_of(variant) if run.seed in BUG_SEEDS]
    seeds_900_903 = [round(run.mean100[-1]) for run in on_bug_seeds]
    q_end = features(on_bug_seeds)["q_end"]  # the median over the same four seeds
    print(f"{variant:26} final means on seeds 900–903: {seeds_900_903}, max-Q at the end {q_end:.0f}")
correct_by_seed = {run.seed: run for run in zoo.runs_of("correct")}
for bug in zoo.runs_of("truncation_as_termination"):
    assert abs(bug.mean100[-1] - correct_by_seed[bug.seed].mean100[-1]) < 25
residual = features(zoo.runs_of("residual_gradient"))
same_seeds = features([run for run in zoo.runs_of("correct") if run.seed in BUG_SEEDS])
assert residual["end100"] > 400 and residual["q_end"] < same_seeds["q_end"] - 10

# %% [markdown]
# 图中第一列有十个随机种子，其余两列只有四个（900–903），所以请像打印结果那样逐个随机种子比较。把截断当作终止完全隐身了：在相同的随机种子上，它最终的 100 回合均值与正确运行相差都不超过 22 步。只有最好的那些回合（500 步）里的 500 个转换（transition）中有一个得到错误的目标，更短的回合里一个也没有。这个故障是真实存在的（在大多数回合都被时间上限截断的任务上，它的影响更大），但在这里没有哪条曲线能让你看到它：能发现它的是笔记本 04 的检查。
#
# 把梯度传进目标同样没有破坏学习：梯度同时流过两边时，这个更新最小化的就是时间差损失本身，这是另一种算法（*残差梯度*，Baird 1995）；没有目标网络的故障（F）在这里爆炸了，它却是稳定的。这里它的四个随机种子最终落在 449 到 500 之间，与相同随机种子上的正确运行一样好，甚至更好。不同的是 Q：它上升得更慢（第 400 回合时 max-Q 的中位数为 81，仍在上升，而同样四个随机种子上的正确运行是 95），因为每次更新也会把目标拉向 Q(s, a)。它仍然不是 DQN：04 的检查会点出它。
#
# 而笔记本 04 里这个故障的写法——调用 `target_net(...)` 却没有包在 `torch.no_grad()` 里——则什么也不会改变：梯度确实会到达目标网络的权重（weights），但优化器（optimizer）只更新策略网络（不过它仍然浪费时间和内存，所以还是要改掉）。两次简短的实时运行，结果完全相同：

# %%
config = base_config(70)  # 04 的设置，70 个回合：足够让学习开始
right = train(config, seed=1)
leaky = train(config, seed=1, loss_fn=broken_td_loss("gradient_into_target"))
print(f"{right.updates} updates each; the same durations: {right.durations == leaky.durations}")
assert right.updates > 0 and right.durations == leaky.durations
same_weights = zip(right.policy_net.parameters(), leaky.policy_net.parameters(), strict=True)
assert all(torch.equal(a, b) for a, b in same_weights)

# %% [markdown]
# ## 2. 我的运行只是运气不好吗？
#
# 一次失败的运行不一定有故障：到第 400 回合，笔记本 04 设置下的十次正确运行，结果散布在 68 到 500 之间。`is_my_run_unlucky(run)` 会把一次运行放到它所属设置（04 的设置、`default` 预设或 Double DQN）随课程提供的那些随机种子之中，在这次运行的最后一个回合处比较，并告诉你它属于四种情况中的哪一种：*已解决*；*现在下结论还太早*（第 150 回合之前，各个随机种子几乎还没有拉开差距）；*在这些随机种子的分布范围之内*（可能只是运气不好：一个慢热的随机种子）；或者*比其中每一个都低*，这时它还会说出这次运行的曲线（均值、损失、max-Q）最像图鉴里的哪一种故障。它无法证明存在故障，只能说明这次运行落在了十次正确运行的范围之外。

# %%
ask("06.unlucky")

# %% [markdown]
# 来一次实时运行，它很快，因为它的回合都很短：用 04 的设置训练 250 个回合，损失函数忽略了 `terminated`（只需几秒钟）。

# %%
buggy = train(base_config(250), seed=5, loss_fn=broken_td_loss("ignores_terminated"))
diagnosis = is_my_run_unlucky(buggy)
assert diagnosis.verdict.startswith("below every one of the 10 seeds")
assert diagnosis.nearest_bug == "ignores_terminated" and diagnosis.percentile == 0

# %% [markdown]
# 检查你自己的运行：在笔记本 04 中训练完之后，用 `is_my_run_unlucky(history)`（从 `dqn_helpers.teaching.diagnosis` 导入）；在笔记本 05 中，用 `is_my_run_unlucky(playground.runs[-1])`；在命令行上训练的，传入这次运行的 `history.json` 的路径，例如 `is_my_run_unlucky("runs/default-seed0/history.json")`。如果图鉴里没有某个设置的随机种子（`tutorial` 预设、调了其他旋钮的设置），会得到一个错误，其中列出图鉴有哪些设置。

# %% [markdown]
# ## 3. 实测高估
#
# ### 为什么 max 是乐观的
#
# DQN 的目标对*估计值*取 max：$y = r + \gamma \max_{a'} Q_{\theta'}(s', a')$，而估计值是有误差的。即使误差平均为 0，它们的最大值也不是 0：max 会挑中误差碰巧偏高的那个动作。这个偏差（bias）进入目标，目标进入 Q(s, a)，而 Q(s, a) 又是下一个目标里的 $Q(s', a')$：误差可能层层累积，造成高估（overestimation；Thrun 和 Schwartz 1993；van Hasselt 2010）。

# %%
ask("06.max-bias")

# %%
two_actions, double_estimate = max_bias(n_actions=2, noise=1.0)
print(f"E[max of two N(0, 1)] ≈ {two_actions:.3f} (1/√π = {1 / np.sqrt(np.pi):.3f})")
print(f"the double estimator: {double_estimate:+.3f}")
assert abs(two_actions - 1 / np.sqrt(np.pi)) < 0.01 and abs(double_estimate) < 0.01
max_bias_explorer()

# %% [markdown]
# 绿色直方图是*双重估计量*（double estimator）：用一组带噪声的估计来挑选动作，再从另一组独立的估计中读出它的值。后者的噪声和挑选无关，所以平均而言是准确的。拖动交互演示（explorer）中的滑块看看：max 的偏差随噪声增大、也随动作数量增大；双重估计量的偏差始终为 0。
#
# ### 在 CartPole 上
#
# 在 CartPole 上，真实值是可以测出来的。从一个固定的初始状态 $s$ 出发，网络的贪心策略获得折扣回报 $G(s) = \sum_t \gamma^t r_t$；CartPole 是确定性的，所以一次推演（rollout）就能精确得到它（一直玩到结束，不受 500 步上限的限制，和时间差目标（TD target）看待它的方式一样）。如果网络对它自己的策略估计得准确，那么 $\max_a Q(s, a) = G(s)$，而且永远不会超过 100。在每一次运行中，图鉴每隔 10 个回合、在同样的十个初始状态上把这两者都测一遍。左图：max-Q（实线）和 G（虚线）；右图：两者之差。

# %%
fig = plot_overestimation(["correct", "double_dqn"])


def gap_at(variant, episode):
    """Each seed's max-Q minus G, averaged over the ten start states, after `episode` (a multiple of 10)."""
    runs = zoo.runs_of(variant)
    return series(runs, "q_estimate")[:, episode // 10 - 1] - series(runs, "greedy_return")[:, episode // 10 - 1]


def above_100(variant, episode):
    """How many seeds' max-Q on the start states is above 100, the most any state is worth."""
    return int((series(zoo.runs_of(variant), "q_estimate")[:, episode // 10 - 1] > 100).sum())


for variant in ("correct", "double_dqn"):
    for episode in (150, 400):
        gap = gap_at(variant, episode)
        print(
            f"{variant:10} episode {episode}: max-Q − G median {np.median(gap):+6.1f} (seeds {gap.min():+.1f} … "
            f"{gap.max():+.1f}), max-Q above 100 on {above_100(variant, episode)} of 10 seeds"
        )
assert np.median(gap_at("correct", 150)) < -40 and gap_at("correct", 150).max() < -15  # 早期：偏低
assert 10 < np.median(gap_at("correct", 400)) < 15 and gap_at("correct", 400).min() > 0
assert above_100("correct", 400) == 9
assert 10 < np.median(gap_at("double_dqn", 400)) < 15 and above_100("double_dqn", 400) == 10
for variant, balancing, low, high in (("correct", 7, 103, 121), ("double_dqn", 5, 103, 112)):
    q, g = (series(zoo.runs_of(variant), name)[:, -1] for name in ("q_estimate", "greedy_return"))
    assert (g > 99.9).sum() == balancing and low < q[g > 99.9].min() and q[g > 99.9].max() < high

# %% [markdown]
# 分两个阶段。早期，Q 远*低于* G：在第 150 回合，贪心策略从初始状态出发已经能拿到约 82 的回报，而 Q 从 0 起步、靠一步的目标学习，只给出 40。Q 落后于策略。之后，一旦贪心策略能让杆（pole）保持平衡（G = 100，已经是最高），Q 还在继续上升：到第 400 回合，十个随机种子中有 9 个的 Q 超过了 100，这是任何状态都不可能有的值；Q 比贪心策略的回报高出的幅度，中位数为 13（最少高 3；高出 90 的那个随机种子，贪心策略已经崩溃，而 Q 还没来得及跟着降下来）。在贪心策略能保持平衡（G = 100）的 7 个随机种子上，max-Q 为 104–120：这就是实测到的高估。
#
# 那么双重估计量呢？用 Double DQN（下一节）时，同样的十个随机种子超出的幅度差不多：第 400 回合时 10 个全都超过 100，中位数比 G 高 12。在它能保持平衡的 5 个随机种子上，max-Q 为 104–111，中位数比 100 高 7，而不用它时是 13：也许低了一些，但五个和七个随机种子不足以说明这一点。在 CartPole 上、在这个设置下，它没有消除这种乐观。一个可能的原因（这里没有验证）：目标网络是策略网络的一个缓慢移动的平均（τ = 0.005），两者的误差大部分是共有的，而双重估计量只能消除偏差中由它们*不*共有的误差造成的那一部分。

# %% [markdown]
# ## 4. Double DQN
#
# DQN 的目标两次用到目标网络：一次用来选出最好的下一个动作，一次用来给它估值。因此，一个价值碰巧被高估的动作，既会被选中，又会被信以为真。Double DQN（van Hasselt、Guez 和 Silver，2016）把这两项工作分给 DQN 本来就有的两个网络：
#
# $$y = r + \gamma\, Q_{\theta'}\big(s', \arg\max_{a'} Q_\theta(s', a')\big)$$
#
# 由策略网络 θ 挑选动作，目标网络 θ′ 说出它值多少；对于已终止（terminated）的步，和以前一样 $y = r$。在本课程中，它就是一项设置 `double_dqn=True`，加上 `td_loss` 中的一个分支（练习之后会展示）。

# %% [markdown]
# ### 练习 2：Double DQN 的目标
#
# 编写 `my_double_target(policy_net, target_net, next_states)`：给定形状为 (B, 4) 的一批下一状态，返回 B 个值 $Q_{\theta'}(s', \arg\max_{a'} Q_\theta(s', a'))$，即一个形状为 (B,) 的张量（tensor），不带梯度。提示：`argmax(dim=1, keepdim=True)`、`gather(1, …)`、`.squeeze(1)`、`torch.no_grad()`。


# %%
def my_double_target(policy_net, target_net, next_states):
    raise NotImplementedError  # 在这里写你的代码


# %%
passed_double = check_double_dqn_target(my_double_target)


# %% jupyter={"source_hidden": true} tags=["solution"]
# @title 参考答案 { display-mode: "form" }
def double_target_solution(policy_net, target_net, next_states):
    with torch.no_grad():  # 目标是一个常量
        next_actions = policy_net(next_states).argmax(dim=1, keepdim=True)  # θ 挑选 a'  (B, 1)
        return target_net(next_states).gather(1, next_actions).squeeze(1)  # θ' 给它估值  (B,)


assert check_double_dqn_target(double_target_solution)

# %% [markdown]
# 课程包里的 `td_loss`，两种目标都在其中：

# %%
show_source(td_loss)

# %% [markdown]
# ### 它在这里带来了什么
#
# 图鉴用 Double DQN 的目标、在同样的十个随机种子上训练了笔记本 04 的设置。先预测一下：

# %%
ask("06.double-reliability")

# %%
ax = plot_bands(["correct", "double_dqn"])
print("04's setting: final means", final_means("correct"), f"reached 475: {solved_by_400('correct')} of 10")
print(
    "Double DQN:   final means",
    final_means("double_dqn"),
    f"reached 475: {solved_by_400('double_dqn')} of 10",
)
assert solved_by_400("correct") == 3 and solved_by_400("double_dqn") == 6
assert abs(np.median(final_means("double_dqn")) - np.median(final_means("correct"))) < 20

# %% [markdown]
# 在 400 个回合之内，Double DQN 在 10 个随机种子中的 6 个上解决了任务，普通的目标是 3 个；最终均值的中位数相差 14 步（431 和 417）。十个随机种子无法把这些差别和运气区分开：对 10 中 3 与 10 中 6 做 Fisher 精确检验（Fisher exact test），得到 p = 0.37。课程在它的 `default` 预设上另用二十个随机种子（500–519，600 个回合以内；见 `benchmarks/RESULTS.md` 中的“Ablations”（消融实验）一节）测量了这个问题：用 Double DQN 时 20 个中有 19 个解决，不用时 20 个全部解决，所以这个预设没有采用它。
#
# Double DQN 是一个机制清楚、站得住脚的想法，在 Atari 游戏上它既降低了价值估计，也提高了得分。在 CartPole 上、在这个设置下，我们没能测出它带来的好处，无论是在高估上还是在可靠性上。一篇论文的结果是针对它所用任务的结论：请在你自己的任务上测一测。

# %% [markdown]
# ## 后来的发展
#
# DQN（2015）只是一个开端。下面这些后来的想法各自针对它的一个问题，而 Rainbow 把它们结合在了一起：
#
# - **Double DQN**（2016，见上文）：针对 max 的乐观，用不同的网络分别挑选和估值。
# - **优先经验回放**（prioritized experience replay；Schaul 等，2016）：均匀采样回放的大多是网络已经预测得很好的转换；更频繁地回放时间差误差（TD error）大的那些转换，并用重要性权重（importance weights）纠正由此带来的偏差，就能更快地从出人意料的转换中学到东西。
# - **对决网络**（dueling networks；Wang 等，2016）：在许多状态下，选哪个动作几乎无关紧要；用两个输出头，一个给出状态价值 V(s)，一个给出优势（advantage）A(s, a)，令 Q = V + A − mean(A)，这样不论是哪个动作，每次更新都能改进 V(s)。
# - **n 步回报**：一步的目标每更新一次只把奖励往回传一步；目标 $r_t + \gamma r_{t+1} + \dots + \gamma^{n-1} r_{t+n-1} + \gamma^n \max_{a'} Q'(s_{t+n}, a')$ 则一次往回传 n 步（代价是旧的、离策略的动作带来的一些偏差）。
# - **值分布强化学习**（distributional RL；C51，2017）学习回报的整个分布，而不只是它的均值；**噪声网络**（noisy networks，2018）用权重中学出来的噪声代替 ε 来探索（exploration）。
# - **Rainbow**（Hessel 等，2018）：以上全部合在一起；在 Atari 上，这个组合胜过其中任何一项单独使用。
#
# Stable-Baselines3 的 `DQN` 和 CleanRL 的单文件 `dqn.py` 都是本课程所构建算法的易读实现；你在这里写过的 PyTorch 代码，在那里同样适用。

# %% [markdown]
# ## 小结
#
# - 看三条曲线，而不是一条：100 回合均值（智能体做了什么）、损失（不是得分：它不会随智能体进步而下降）和 max-Q（在这里最多为 $1/(1-\gamma) = 100$）。
# - 每种经典故障都留下自己的印记：没有终止掩码，损失接近 0，每个动作的 Q 都在爬升；没有目标网络，Q 爆炸；目标网络从不更新，Q 卡在 1；广播故障，损失降不下来；ε 从不衰减，回合长度停在随机玩法的水平，而 max-Q 在上升；学习率大十倍，一个很低的峰值（约 90）之后便是下跌。正确的运行也可能回落。
# - 有些故障会隐身：把截断当作终止几乎不改变 CartPole 的曲线，而把梯度传进目标网络（`target_net` 不加 `no_grad`）则什么也不改变。测试能发现曲线发现不了的问题。
# - 运气的影响很大：同一设置下的十次正确运行，最终结果从 68 到 500 不等。在认定是故障之前，先把失败的运行和它所属设置的那些随机种子比一比（`is_my_run_unlucky`）。
# - 对带噪声的估计取 max 会系统性地偏高（两个动作时偏高 0.56 σ）。在 CartPole 上，Q 先是落后于贪心策略的回报，然后几乎在每个随机种子上都超过 100；Double DQN 用一个网络挑选、用另一个网络估值，在这里既没有可测量地改变这一点，也没有改变运行解决任务的频率。
