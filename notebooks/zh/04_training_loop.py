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
# # 04 · 训练循环与目标网络
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/dqn-course/dqn-cartpole/blob/main/notebooks/zh/04_training_loop.ipynb)
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/dqn-course/dqn-cartpole/main?urlpath=lab/tree/notebooks/zh/04_training_loop.ipynb)
# [English version](../04_training_loop.ipynb)
#
# **时间：** 约 50 分钟（训练本身在笔记本电脑的 CPU 上需要一到两分钟）。
#
# 所有零件都已备齐：00 的环境（environment）、01 的回放内存（replay memory）、02 的时间差目标（TD target）和 Huber 损失（Huber loss）、03 的 Q 网络（Q-network）和 ε-贪心（ε-greedy）。本笔记本把它们组装起来：你将亲手写出 DQN 的核心，也就是一个批（batch）的损失（loss）；读懂调用它的训练循环（training loop）；再用*你自己的*损失训练一个智能体（agent），让它把杆（pole）稳稳地立满 500 步。
#
# ## 学习目标
#
# 学完本笔记本，你将能够
#
# - 亲手写出一个批的时间差损失（TD loss），说出其中每个张量（tensor）的形状，并叫得出它可能出现的各种经典故障（bug），自测（self-check）会逐一检查；
# - 对照教程逐行读懂训练循环，并解释为什么这里的 `terminated` 标志和教程的 `non_final_mask` 给出相同的目标；
# - 解释为什么 DQN 要另外维护一个缓慢移动的*目标网络*（target network），并比较软更新（soft update）和硬更新（hard update）；
# - 说出平方时间差误差（squared TD error）、梯度范数裁剪（gradient-norm clipping）和逐渐衰减的学习率（learning rate）各自改变了什么、为什么它们让训练更可靠，以及本课程为什么测量了 Double DQN（双重 DQN）目标却没有采用它；
# - 在 CPU 上用自己的损失在 CartPole-v1 上训练一个 DQN 智能体，并读懂它的学习曲线（learning curve）和诊断指标（diagnostics）；
# - 保留一次运行中出现过的最佳网络，对它做贪心（greedy）评估，观看它的表现，并把它保存为检查点（checkpoint）。

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
import copy
import tempfile
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from IPython.display import HTML, Image

from dqn_helpers import (
    DQN,
    PRESETS,
    LiveTrainingPlot,
    TensorReplayMemory,
    evaluate,
    make_env,
    optimize_model,
    show_source,
    soft_update,
    td_target,
    train,
)
from dqn_helpers.checkpoint import load_checkpoint, save_checkpoint
from dqn_helpers.history import SOLVED_MEAN
from dqn_helpers.playground.atlas import load_atlas
from dqn_helpers.teaching.diagram import dqn_dataflow
from dqn_helpers.teaching.exercises import check_soft_update
from dqn_helpers.teaching.explorers import target_tracking_explorer
from dqn_helpers.teaching.loss_check import check_td_loss
from dqn_helpers.teaching.plots import figure_png
from dqn_helpers.teaching.questions import ask
from dqn_helpers.teaching.render import animate, record_episode
from dqn_helpers.training import training_loop
from dqn_helpers.update import make_optimizer, make_scheduler, td_loss

# %% [markdown]
# ## 一张图看懂训练循环
#
# 在每个回合（episode）的每一步（step），智能体根据策略网络（policy network）的 Q 值（Q-value）按 ε-贪心选择动作（action），把发生的事情存进回放内存，并且（每隔几步）从旧的步中随机抽取一批来学习：**时间差损失**把策略网络的 $Q_\theta(s, a)$ 与一个目标 $y$ 相比较，$y$ 由奖励（reward）和**目标网络** $Q_{\theta'}$ 构造而成；优化器（optimizer）让 $\theta$ 沿着这个损失下降；目标网络则通过*软更新*慢慢跟上策略网络。这里 $\theta$ 代表策略网络的全部权重（weights）和偏置（biases），也就是笔记本 03 中的 $W$ 和 $b$；$\theta'$ 代表目标网络中它们的副本。（教程在这里放了一张它的训练循环示意图；下面这张图由本课程绘制，用的是本笔记本中的名称。）

# %%
Image(figure_png(dqn_dataflow()))

# %% [markdown]
# 我们先从核心讲起，也就是时间差损失，再阅读包在它外面的训练循环。
#
# ## 逐步拆解时间差损失
#
# 为了看清各个形状，我们先往回放内存里装入 1 000 个随机的 CartPole 转换（transition），再一步步手动完成一次更新。`BATCH_SIZE` 取教程的 128。

# %%
BATCH_SIZE, GAMMA = 128, 0.99
torch.manual_seed(0)
env = make_env()
memory = TensorReplayMemory(10_000, n_observations=4, seed=0)
obs, _ = env.reset(seed=0)
env.action_space.seed(0)
for _ in range(1_000):
    action = env.action_space.sample()
    next_obs, reward, terminated, truncated, _ = env.step(action)
    memory.push(torch.as_tensor(obs), action, torch.as_tensor(next_obs), reward, terminated)
    obs = env.reset()[0] if terminated or truncated else next_obs
env.close()

policy_net, target_net = DQN(4, 2), DQN(4, 2)
target_net.load_state_dict(policy_net.state_dict())  # 开始时 θ' ← θ，与教程相同
batch = memory.sample(BATCH_SIZE)
for name, value in batch._asdict().items():
    print(f"batch.{name:<12} {tuple(value.shape)!s:<10} {value.dtype}")
assert batch.states.shape == (BATCH_SIZE, 4) and batch.actions.shape == (BATCH_SIZE,)

# %% [markdown]
# **1. 实际采取的动作的 $Q_\theta(s, a)$。** 网络给出两个动作的值，形状为 `(B, 2)`；`gather` 在每一行中挑出该行在批中所记录的动作对应的那一列：

# %%
q_values = policy_net(batch.states)  # Q_θ(s, ·)                     (B, 2)
state_action_values = q_values.gather(1, batch.actions.unsqueeze(1)).squeeze(1)  # Q_θ(s, a)  (B,)
print("q_values", tuple(q_values.shape), "→ state_action_values", tuple(state_action_values.shape))
assert torch.equal(state_action_values, q_values[torch.arange(BATCH_SIZE), batch.actions])

# %% [markdown]
# **2. 用目标网络计算时间差目标**，不带梯度（gradient），因为目标是我们要去靠近的常量，而不是要优化的对象：
#
# $$y = r + \gamma\,(1 - \text{terminated})\,\max_{a'} Q_{\theta'}(s', a')$$
#
# 教程用 `next_state = None` 标记终止（terminated）的一步，并令它的 $V(s') = 0$。它只在回合终止时这样做，所以*截断*（truncated）的一步（500 步上限）仍然会自举（bootstrap，见笔记本 02）。本课程把同样的信息存成 `terminated` 这一列，因为张量里放不下 `None`（笔记本 01）。

# %%
with torch.no_grad():
    next_q_max = target_net(batch.next_states).max(dim=1).values  # max_a' Q_θ'(s', a')     (B,)
    targets = td_target(batch.rewards, next_q_max, batch.terminated, GAMMA)  # y            (B,)
print("next_q_max", tuple(next_q_max.shape), "targets", tuple(targets.shape), "requires_grad:", targets.requires_grad)
assert not targets.requires_grad
assert torch.equal(targets[batch.terminated], batch.rewards[batch.terminated])  # 杆倒下之后就没有未来了

# %% [markdown]
# **3. 损失与一步更新。** 对 $\delta = Q_\theta(s, a) - y$ 取平均 Huber 损失，只反向传播到 $\theta$；教程把梯度的每个元素裁剪到 $\pm 100$，并使用带 AMSGrad 的 AdamW。`optimize_model` 就是 `td_loss` 再加上这一步优化器更新，它返回损失以及 $\max_a Q_\theta(s, a)$ 的均值（一个诊断指标，见下文）：

# %%
show_source(optimize_model)

# %% [markdown]
# 在这一个批上反复更新，必然会把它的损失压下去（我们在网络的副本上做，这样再次运行这个单元格时结果不变）：

# %%
net = copy.deepcopy(policy_net)
optimizer = make_optimizer(net, PRESETS["tutorial"])
losses = [optimize_model(net, target_net, optimizer, batch, GAMMA)[0] for _ in range(200)]
print(f"loss on one fixed batch: {losses[0]:.4f} → {losses[-1]:.6f} after 200 updates")
assert losses[-1] < 0.1 * losses[0]

# %% [markdown]
# （实际训练中千万不要只在一个批上训练：那恰恰是回放内存要避免的、对相关数据的过拟合（overfitting）。这里只是为了证明这次更新会把 $Q_\theta$ 推向 $y$。）
#
# **2′. Double DQN 目标**：一个广为人知的变体，课程的包以 `double_dqn=True` 提供它。我们测量过它，但没有把它放进 `default` 预设（preset），详见下文。由策略网络挑选下一个动作，由目标网络给它估值。现在 `net` 已经偏离了 `target_net`，两者给出的值不再相同。用一个网络挑选、用另一个网络估值，结果永远不会超过目标网络自己的最大值：

# %%
with torch.no_grad():
    next_actions = net(batch.next_states).argmax(dim=1, keepdim=True)  # 由 θ 挑选的 a'     (B, 1)
    next_q_double = target_net(batch.next_states).gather(1, next_actions).squeeze(1)  # 由 θ' 估值  (B,)
lower = (next_q_double < next_q_max).float().mean().item()
print(f"Double DQN's next-state value is below max_a' Q_θ'(s', a') for {lower:.0%} of the batch, never above")
assert (next_q_double <= next_q_max).all()

# %% [markdown]
# ## 练习：编写时间差损失
#
# 这是 DQN 的核心，也是大多数 DQN 故障的藏身之处。请编写 `my_td_loss(policy_net, target_net, batch, gamma)`：教程中一个批的损失，结果是一个数。
#
# 请使用参数 `gamma`，而不是本笔记本的 `GAMMA`（自测会用 γ = 0.9 调用你的函数）。
#
# 1. $Q_\theta(s, a)$：策略网络对 `batch.states` 给出的值，在每一行中取该行动作对应的列（`gather`），形状为 `(B,)`；
# 2. 目标 $y = r + \gamma\,(1 - \text{terminated})\,\max_{a'} Q_{\theta'}(s', a')$，用**目标**网络在 `torch.no_grad()` 下计算，形状为 `(B,)`。批中带有环境的两个标志，`batch.terminated` 和 `batch.truncated`：哪一个意味着没有未来？这些标志是 `bool` 张量，PyTorch 不允许对它们做 `1 - flags`：先用 `batch.terminated.float()` 把它们变成 0/1（笔记本 02 的 `td_target` 会替你做这一步）；
# 3. 两者的平均 Huber 损失 `F.smooth_l1_loss(state_action_values, targets)`：一个数，并且要保留它的梯度（不要对它调用 `.item()` 或 `.detach()`）。教程的损失是 Huber；`default` 预设则改为对 δ 取平方（`F.mse_loss`，见下文），只需改一个词。
#
# `check_td_loss` 会在一个所有 Q 值都已知的批上运行你的函数，并指出它发现的经典故障：终止之后仍然自举、把截断当成终止、梯度流进了目标、`gather` 用错了维度、`(B, 1)` 减 `(B,)` 的广播（broadcasting）悄悄得到一个 `B × B` 的损失，或者在目标里用了策略网络。然后它用你的损失，在两个探针环境（probe environment，见 `dqn_helpers.envs`）上训练一个很小的智能体；这两个环境的 Q 值是已知的：1 和 γ = 0.9。
#
# 动手之前，先预测一个常见的失误会造成什么后果：

# %%
ask("04.broadcast")

# %%
with torch.no_grad():
    column = q_values.gather(1, batch.actions.unsqueeze(1))  # (B, 1)：没有 squeeze
    print("(B, 1) − (B,) →", tuple((column - targets).shape))
assert (column - targets).shape == (BATCH_SIZE, BATCH_SIZE)


# %%
def my_td_loss(policy_net, target_net, batch, gamma):
    raise NotImplementedError  # 在这里写你的代码


# %%
passed_td_loss = check_td_loss(my_td_loss)

# %% [markdown]
# 做完了或者卡住了，就点击折叠起来的单元格，展开参考答案（solution）。


# %% jupyter={"source_hidden": true} tags=["solution"]
# @title 参考答案 { display-mode: "form" }
def td_loss_solution(policy_net, target_net, batch, gamma):
    q_values = policy_net(batch.states)  # Q_θ(s, ·)  (B, n_actions)
    state_action_values = q_values.gather(1, batch.actions.unsqueeze(1)).squeeze(1)  # Q_θ(s, a)  (B,)
    with torch.no_grad():  # y 是要靠近的常量：梯度不流入 θ'
        next_q_max = target_net(batch.next_states).max(dim=1).values  # max_a' Q_θ'(s', a')  (B,)
        targets = batch.rewards + gamma * (1.0 - batch.terminated.float()) * next_q_max  # y  (B,)
        # 只有 terminated 才停止自举：截断的一步（batch.truncated）仍然有未来
    return F.smooth_l1_loss(state_action_values, targets)  # 平均 Huber 损失，一个数


assert check_td_loss(td_loss_solution)

# %% [markdown]
# 包里自带的版本 `td_loss` 做的是同样的计算（另外提供平方误差和 Double DQN 目标两个选项）；你不传入损失函数时，`train` 就用它：

# %%
show_source(td_loss)

# %% [markdown]
# 下面的智能体用你的损失来训练（在你的版本通过检查之前，先用参考答案）：

# %%
your_td_loss = my_td_loss if passed_td_loss else td_loss_solution
print(f"training below uses {your_td_loss.__name__}")

# %% [markdown]
# ## 逐行阅读训练循环
#
# `train` 先检查参数、为所有随机源设置随机种子（seed），然后运行 `training_loop`。下面就是它，也就是下文的智能体所运行的完整循环（记录训练历史、刷新实时图表以及干净地停止所需的记账代码也都在里面）：

# %%
show_source(training_loop)

# %% [markdown]
# 下面是教程的循环和它的 `optimize_model`，只保留了关键的几行：
#
# ```python
# for i_episode in range(num_episodes):                 # 有 GPU 时 600，没有时 50
#     state, info = env.reset()
#     state = torch.tensor(state, dtype=torch.float32, device=device).unsqueeze(0)
#     for t in count():
#         action = select_action(state)                 # ε-贪心，ε 随 steps_done 衰减
#         observation, reward, terminated, truncated, _ = env.step(action.item())
#         reward = torch.tensor([reward], device=device)
#         done = terminated or truncated
#         next_state = None if terminated else torch.tensor(observation, ...).unsqueeze(0)
#         memory.push(state, action, next_state, reward)
#         state = next_state
#         optimize_model()                              # 每一步更新一次
#         # 软更新：θ′ ← τθ + (1 − τ)θ′，通过两个网络的 state dict 完成
#         if done:
#             episode_durations.append(t + 1)
#             break
#
# def optimize_model():
#     transitions = memory.sample(BATCH_SIZE)
#     batch = Transition(*zip(*transitions))
#     non_final_mask = torch.tensor(tuple(map(lambda s: s is not None, batch.next_state)), dtype=torch.bool)
#     non_final_next_states = torch.cat([s for s in batch.next_state if s is not None])
#     state_batch, action_batch = torch.cat(batch.state), torch.cat(batch.action)
#     reward_batch = torch.cat(batch.reward)
#     state_action_values = policy_net(state_batch).gather(1, action_batch)     # (B, 1)
#     next_state_values = torch.zeros(BATCH_SIZE)
#     with torch.no_grad():
#         next_state_values[non_final_mask] = target_net(non_final_next_states).max(1)[0]
#     expected_state_action_values = (next_state_values * GAMMA) + reward_batch
#     loss = nn.SmoothL1Loss()(state_action_values, expected_state_action_values.unsqueeze(1))
#     ...                                               # zero_grad、backward、裁剪到 ±100、step
# ```
#
# 逐行对照，本课程的循环做的是同样的事，只有四处不同：
#
# - **如何记录“回合在这里结束了”。** 对于终止的一步，教程存入 `next_state = None`；随后 `optimize_model` 构造 `non_final_mask`，在*有*下一个状态（state）的位置为 True，只对这些状态运行目标网络（用 `torch.cat` 把不是 `None` 的那些拼起来），其余位置的 `next_state_values` 保持为 0。本课程存下真实的下一个状态和一个 `terminated` 标志，再乘以 $1 - \text{terminated}$。两种做法在终止之后都给出 $y = r$，在其他情况下都给出 $y = r + \gamma \max_{a'} Q_{\theta'}(s', a')$，截断的步也包括在内（教程同样只根据 `terminated` 来设置 `next_state`）。下一个单元格在真实的转换上验证这一点。
# - **形状。** 教程保留 `(B, 1)` 的列，并把目标 unsqueeze 成同样的形状；本课程则处处 squeeze 成 `(B,)`。两者混用，就是练习里的那个广播故障。
# - **学习的频率。** 教程每一步之后都更新，从凑够一个完整批的第一步开始；本课程（`default` 预设）每 `train_every = 4` 步更新一次，并且要等内存中存有 `learning_starts = 1 000` 个转换之后才开始。
# - **记录的内容。** 本课程的循环还维护一个 `TrainingHistory`（回合时长、损失、Q 值、ε、学习率），每 10 个回合评估一次贪心策略，并保留最佳网络。

# %%
transitions = memory.transitions()[-BATCH_SIZE:]  # 内存中最后 128 步，采用教程的存储形式
mask = torch.tensor([t.next_state is not None for t in transitions])  # non_final_mask
next_state_values = torch.zeros(BATCH_SIZE)
with torch.no_grad():
    non_final_next_states = torch.stack([t.next_state for t in transitions if t.next_state is not None])
    next_state_values[mask] = target_net(non_final_next_states).max(1).values
    tutorial_y = next_state_values * GAMMA + torch.tensor([t.reward for t in transitions])
    rows = torch.arange(len(memory) - BATCH_SIZE, len(memory))  # 同样这些步，采用本课程的存储形式
    course_y = td_target(
        memory.rewards[rows], target_net(memory.next_states[rows]).max(1).values, memory.terminated[rows], GAMMA
    )
print(f"{int((~mask).sum())} terminated steps among them; the largest difference between the two targets:",
      f"{(tutorial_y - course_y).abs().max().item():.1e}")  # fmt: skip
assert torch.allclose(tutorial_y, course_y)

# %% [markdown]
# ## 目标网络
#
# 如果时间差目标用的就是我们正在更新的*同一个*网络，那么每更新一步，目标也会跟着移动：网络在追自己的尾巴。因此 DQN 用一个缓慢移动的副本 $\theta'$ 来计算 $y$。维护这个副本有两种方式：
#
# - **硬更新**（DQN 论文，Mnih et al., 2015，*Nature*）：每隔 $C$ 步复制一次 $\theta' \leftarrow \theta$，其间保持不变；
# - **软更新**（教程的做法）：每一步都执行 $\theta' \leftarrow \tau\theta + (1-\tau)\theta'$，其中 $\tau = 0.005$，于是 $\theta'$ 是 $\theta$ 的指数移动平均（exponential moving average），大约滞后 $1/\tau = 200$ 步。
#
# 调节 τ（对数刻度）和硬更新的周期，看看当策略网络的一个权重在第 100 步从 0 跳到 1、在第 900 步降到 0.5 时，目标网络中对应的权重如何跟随：

# %%
tracking = target_tracking_explorer(tau=0.005, hard_every=200)
tracking.widget

# %% [markdown]
# 当 $\tau = 1$ 时，软更新*就是*每一步复制一次：完全没有滞后。图背后的数字：

# %%
tracking.controls["tau"].value = 1.0
assert (tracking.data["soft"] == tracking.data["policy"]).all()  # τ = 1：目标网络就是策略网络
tracking.controls["tau"].value = 0.005
lag = next(t for t, w in enumerate(tracking.data["soft"]) if t >= 100 and w >= 1 - 1 / np.e)
print(f"τ = 0.005: the target covers 63% (1 − 1/e) of the jump {lag - 99} steps after it; 1/τ = 200")
assert abs((lag - 99) - 200) <= 2  # (1 − τ)^n = 1/e  ⇔  n = −1 / ln(1 − τ) ≈ 1/τ

# %% [markdown]
# τ 是按**环境步**起作用的：无论这一步有没有学习，循环在每一步之后都会做一次软更新（`target_update_every = 1`）。而 `default` 预设只每 `train_every = 4` 步学习一次。预测一下：这时 $\theta'$ 会落后 $\theta$ 多少次*梯度更新*？

# %%
ask("04.target-lag")

# %%
config = PRESETS["default"]
lag_in_updates = (1 / config.tau) / config.train_every  # 200 步，每 4 步一次更新
per_update = 1 - (1 - config.tau) ** config.train_every  # 两次梯度更新之间有四次软更新
print(
    f"τ = {config.tau} per step and an update every {config.train_every} steps: θ′ lags about "
    f"{lag_in_updates:.0f} updates, and between two updates it moves {per_update:.4f} of the way (≈ 4τ)"
)
assert config.target_update_every == 1 and lag_in_updates == 50 and abs(per_update - 4 * config.tau) < 1e-3

# %% [markdown]
# 教程实现软更新的方式是每一步都重建两个网络的状态字典（state dict）。本课程的包则用 `Tensor.lerp_` 逐个参数原地（in place）完成同样的运算：

# %%
show_source(soft_update)

# %% [markdown]
# ## 练习：编写软更新
#
# 编写 `my_soft_update(target_net, policy_net, tau)`，把 `target_net` 的每个参数**原地**设为 $\tau\theta + (1-\tau)\theta'$（目标网络对象及其参数张量都还是原来那些），并且不改动 `policy_net`。提示：`zip(target_net.parameters(), policy_net.parameters())`；原地修改的张量方法以 `_` 结尾；自动求导（autograd）记录计算时不能原地修改参数，所以要在 `torch.no_grad()` 下操作。


# %%
def my_soft_update(target_net, policy_net, tau):
    raise NotImplementedError  # 在这里写你的代码


# %%
passed = check_soft_update(my_soft_update)

# %% [markdown]
# 做完了或者卡住了，就点击折叠起来的单元格，展开参考答案。


# %% jupyter={"source_hidden": true} tags=["solution"]
# @title 参考答案 { display-mode: "form" }
def soft_update_solution(target_net, policy_net, tau):
    with torch.no_grad():  # 这是参数更新，不属于任何损失
        for target_param, policy_param in zip(target_net.parameters(), policy_net.parameters(), strict=True):
            target_param.mul_(1 - tau).add_(tau * policy_param)  # θ' ← (1−τ)θ' + τθ，原地修改
            # 也可以一次调用完成：target_param.lerp_(policy_param, tau)，包里用的就是这个


assert check_soft_update(soft_update_solution)

# %% [markdown]
# ## 超参数
#
# `train()` 接受一个 `DQNConfig`。预设 `"tutorial"` 与教程的取值一一相同；`"default"` 是本课程的设置，经过调优，能在 CPU 上用大约一分钟解决（solve）CartPole，而且几乎在每个随机种子、每种 CPU 上都能做到。下面把每个超参数（hyperparameter）并排列出（`*` 标出本课程改动过的）：

# %%
tutorial, default = PRESETS["tutorial"].to_dict(), PRESETS["default"].to_dict()
changed = {name: (tutorial[name], default[name]) for name in tutorial if tutorial[name] != default[name]}
print(f"{'field':<20}{'tutorial':>12}{'default':>12}")
for name in tutorial:
    print(f"{name:<20}{tutorial[name]!s:>12}{default[name]!s:>12}{'  *' if name in changed else ''}")
assert changed["train_every"] == (1, 4) and changed["hidden"] == (128, 256)
assert changed["loss"] == ("huber", "mse") and "double_dqn" not in changed  # 测量过，没有采用（见下文）
assert changed["grad_clip_norm"] == (None, 10.0) and changed["lr_end_factor"] == (1.0, 0.1)
assert {"gamma", "tau", "batch_size", "eps_start", "eps_end"}.isdisjoint(changed)

# %% [markdown]
# 前面几个在教程里的名字是 `BATCH_SIZE`、`GAMMA`、`EPS_START`、`EPS_END`、`EPS_DECAY`、`TAU` 和 `LR`；它的回放内存容纳 10 000 个转换，网络有 128 个单元。教程还有三项设置没有起名字：
#
# - **回合数**：有 GPU 时 600，否则 50（`num_episodes`），这样在 CPU 上运行不会太久，但 50 个回合远远不够学会 CartPole（教程自己也这么说）。本课程的预设在 CPU 上也允许 600 个回合；`default` 一旦解决就立即停止。
# - **`device`**：有 `cuda` 时，教程会把网络和张量都放到 `cuda` 上（`.to(device)`）。本课程一切都在 CPU 上运行，这么小的网络在 CPU 上大约一分钟就能训练好。
# - **优化器**：`AdamW(lr=LR, amsgrad=True)`。AdamW 的*权重衰减*（weight decay，PyTorch 默认值 0.01）在梯度之外，每一步还会把每个权重缩小一点。*AMSGrad* 除以迄今为止出现过的最大平均平方梯度，而不是当前的平均平方梯度，因此步长永远不会因为梯度碰巧变小而变大。
#
# 还有四个值改变的是循环在更新之外所做的事（README 的预设表格给出了每一项的理由）：`memory_capacity` 取 100 000 而不是 10 000，这样当智能体每次都能平衡 500 步时，倒下的经历仍然留在内存里；`learning_starts` 取 1 000，这样最初的几次更新看到的是 1 000 个随机转换，而不只是最前面的 128 个；`eps_decay` 取 2 000，于是 ε 的衰减速度减半；还有 `stop_when_solved`，让一次运行在 100 回合均值（100-episode mean）第一次达到 475 时就停止。
#
# **更少但更大的更新。** 解决意味着 100 回合均值达到 475，所以光是最后 100 个回合就至少有 47 500 步；如果每一步都更新一次（在 CPU 上约一毫秒），单是这段窗口就要花去大半分钟。因此取 `train_every = 4`：每四个环境步更新一次。更新次数只剩四分之一，教程的 128 单元网络在 600 个回合内就学不够了；把网络加宽一倍（`hidden = 256`，中间层的权重变为四倍），每次更新的开销大约翻倍，但每次更新能学到更多。
#
# **对更新本身的三项改进。** 只做上面这些改动时（本课程早先的预设），在没有针对它调优过的 CPU 上，运行经常失败：在一台 Intel Xeon 上，10 个新随机种子中有 6 个失败。失败的运行要么*崩溃*（collapse，从一个好的策略退回到约 10 步的回合，总往一个方向推），要么*停滞*（stall）在 150–300 步，要么*徘徊*（hover）在略低于 475 的地方。对 `optimize_model` 及其优化器做了三项广为人知的改动之后，失败率降到大约每 20 次运行 1 次（在新随机种子上 80 次运行中有 76 次解决；在两种数值路径下分别是 40 次中 37 次和 40 次中 39 次，两种数值路径指的是 CPU 的数学库可能采用的两种舍入方式；在我们的 CPU 上用时的中位数为 50 秒；见 README 的性能表格）。下面每一项都是完整的改动，并附上我们在调参搜索中测得的结果（[`benchmarks/TUNING.md`](https://github.com/dqn-course/dqn-cartpole/blob/main/benchmarks/TUNING.md)），以及在 20 个新随机种子上把它重新去掉时测得的结果，这些种子从未用来挑选设置（即 [`benchmarks/RESULTS.md`](https://github.com/dqn-course/dqn-cartpole/blob/main/benchmarks/RESULTS.md) 中的消融实验（ablation）；它们是在当时的预设上测量的，那时预设还带有 Double DQN 目标，后来已经去掉了）。
#
# 1. **平方时间差误差**取代 Huber：损失 $= \frac1B\sum \delta^2$。Huber 把任何一个转换的拉力限制在 1 以内。到了训练后期，内存中几乎每个转换都来自保持平衡的杆，它们的估值接近 100；少数以倒下告终的转换（目标为 1）恰恰就是 Huber 所限制的那些大误差，没有了它们，网络就会忘记杆还可能倒下。取平方之后，大误差的拉力与它的大小成正比（CleanRL 的 DQN 用的也是这个）。测量结果：在 Huber 版本失败的四个随机种子上（两次崩溃，两次停在 475 以下），平方误差四个全部解决；在 20 个新随机种子上重新去掉它时，Huber 解决了其中 15 个（另外五个徘徊在 455–469），平方误差解决了 19 个。
# 2. **裁剪梯度的长度**，在教程把每个元素裁剪到 ±100 之外再加一道：$g \leftarrow g \cdot \min(1, c/\lVert g\rVert)$，其中 $c = 10$（`torch.nn.utils.clip_grad_norm_`）。平方误差本身没有上限；这一项让单个异常的批无论朝哪个方向，都无法把权重推得太远。去掉它后的测量结果：解决的运行一样多（20 个中 19 个），但解决得更晚，中位数在第 426 个回合而不是第 378 个，更新次数约多 18 %。
# 3. **逐渐衰减的学习率**（`torch.optim.lr_scheduler.LinearLR`）：经过 $k$ 次更新后
#    $$\alpha_k = \alpha\,\big(1 - (1-f)\min(1, k/K)\big),\qquad \alpha = 10^{-3},\ f = 0.1,\ K = 25\,000.$$
#    早期的大步长能从最初那些短回合里为数不多的更新中学到很多；后期的小步长则保护一个已经能平衡的策略，不让某个倒霉的批把它推倒。测量结果：从 1e-3 起步，而不是早先预设的 3e-4（教程用的是 1e-4），让最初每个回合约 15 步的阶段提前大约 50 个回合结束；在 12 000 次更新内衰减到 3e-5，会让较慢的运行半途冻结（新随机种子上四次失败中有三次是这样），而衰减得更慢、下限为 1e-4 的方案在 12 个新随机种子中解决了 11 个。在 20 个新随机种子上重新去掉它（改用恒定的 1e-3）：解决了 15 个而不是 19 个，另外五个徘徊在 431–474。
#
# **没有采用：Double DQN**（van Hasselt et al., 2016）。对带噪声的估计取最大值，结果会偏高：$\max_{a'} Q_{\theta'}(s', a')$ 会挑中目标网络碰巧高估（overestimation）的那个动作。让策略网络*选择*动作、目标网络*估值*（上面的 2′）可以消除这一偏差：
# $$y = r + \gamma\,(1-\text{terminated})\;Q_{\theta'}\big(s', \arg\max_{a'} Q_\theta(s', a')\big).$$
# 它原本是预设的一部分，直到我们在 20 个新随机种子上把它去掉：不用它时 20 次运行全部解决，用它时解决 19 次，中位数分别在第 374 和第 378 个回合。CartPole 只有两个动作、奖励都是 1，留给最大值去高估的余地很小；而且用了它，崩溃的运行的 Q 值照样冲过了 100。一个经测量毫无作用的改动，只会多一样需要解释、也可能写错的东西，所以预设不采用它；在更难的游戏上它是标准的修正手段，用 `double_dqn=True` 就能打开。
#
# 下面是训练器构造出的学习率调度（schedule），每次更新推进一步：

# %%
default_config = PRESETS["default"]
scheduler_demo = make_scheduler(make_optimizer(DQN(4, 2, default_config.hidden), default_config), default_config)
rates = []
for _ in range(30_000):
    rates.append(scheduler_demo.get_last_lr()[0])
    scheduler_demo.optimizer.step()  # （没有梯度：什么都不会动，但调度器要求先调用一次优化器的 step）
    scheduler_demo.step()
for k in (0, 12_500, 25_000, 29_999):
    print(f"lr after {k:>6,} updates: {rates[k]:.2e}")
halfway = default_config.lr * (1 - (1 - default_config.lr_end_factor) / 2)  # α (1 − (1 − f) · ½)
assert rates[0] == default_config.lr and abs(rates[default_config.lr_decay_updates // 2] - halfway) < 1e-9
assert abs(rates[-1] - default_config.lr * default_config.lr_end_factor) < 1e-12  # 之后一直保持在这个值

# %% [markdown]
# 其余每个取值的理由见 [README](https://github.com/dqn-course/dqn-cartpole#presets-tutorial-and-default)，[`benchmarks/TUNING.md`](https://github.com/dqn-course/dqn-cartpole/blob/main/benchmarks/TUNING.md) 则逐个随机种子地列出了还尝试过哪些设置。
#
# ## 你将看到什么
#
# 训练之前，先预测一下曲线的形状。随机玩法的一个回合大约持续 22 步（笔记本 00）。最初的 1 000 步（`learning_starts`，大约 50 个回合）只用来填充内存；之后在 ε 仍然很大时开始学习。接下来回合会怎样变化？

# %%
ask("04.dip")

# %% [markdown]
# 实验场（playground）的图集（atlas，笔记本 05）里存有 `default` 设置在三个随机种子上预先计算的运行。下面是从开始学习后的第一个回合起，它们每 10 个回合的均值：

# %%
atlas = load_atlas()
base = atlas.base_config
RANDOM_PLAY = 22  # 随机玩法的平均回合长度（笔记本 00）
for run in atlas.runs_for(base):
    durations = np.array(run.durations)
    first = int(np.argmax(np.cumsum(durations) >= base.learning_starts))  # 开始学习的那个回合
    means = [round(durations[i : i + 10].mean()) for i in range(first, first + 90, 10)]
    print(f"seed {run.seed}: learning starts in episode {first}; then 10-episode means {means}")
    assert min(means[:4]) < RANDOM_PLAY - 4 and max(means) > 5 * RANDOM_PLAY  # 先跌到随机玩法以下，然后上升

# %% [markdown]
# 在每次运行中，一旦开始学习，接下来几十个回合都比随机玩法**更短**：刚开始学习的网络几乎在所有状态下都偏爱同一个动作，随着 ε 下降，智能体越来越频繁地往同一个方向推，这比随机推更快地让杆倒下。正是这些短暂、一边倒的回合教会了它：一直往一个方向推就会倒下；两个动作的值随之拉开，在接下来的 50 个回合之内，回合长度就增长到数百步。所以开头的下跌是在学习，而不是出了故障。之后，一次运行常常是阶梯式上升，在 100–300 步会有大约一百个回合的平台期，然后 100 回合均值才达到 475。
#
# ## 训练一个智能体
#
# 现在来真的，用**你的**时间差损失：`train(..., loss_fn=your_td_loss)` 会对每个批调用你的函数，而不是包里的那个。你的损失是教程的 Huber 损失，所以这次运行使用 `default` 预设并设置 `loss="huber"`（这样配置里记录的就是实际训练的内容）。`train` 运行上面的循环，并在每个回合结束后调用 `live`；`live` 原地重绘学习曲线（最多每两秒一次）。上方的面板就是教程里的那张图：回合长度（每个回合的步数）和 100 回合均值；当这个均值达到 475 时，CartPole-v1 就算解决了，`default` 预设也在那里停止。（教程的 `plot_durations` 在第 100 个回合之前把均值画成 0，因为 `unfold(0, 100, 1)` 需要 100 个回合；本课程的均值是对已有的回合求平均，所以从第 0 个回合就开始画。）想提前停止，就中断内核（■）：训练会在当前这一步之后结束，`history` 保留每个已完成的回合。
#
# 每 10 个回合，`train` 还会从固定的起始状态出发，**贪心地**（ε = 0，总是选 $\arg\max_a Q(s, a)$）玩 5 个回合，并保留一份迄今为止最佳网络的副本：黑点就是这些评估，星号是它保留下来的网络。评估不影响训练（不消耗随机数，也不做更新）；它只占运行时间的百分之几。

# %%
SEED = 0  # 如果你的运行没有解决，试试 SEED = 1, 2, …，然后重新运行这个单元格
live = LiveTrainingPlot(every_seconds=2.0)
history = train(PRESETS["default"].replace(loss="huber"), seed=SEED, callback=live, loss_fn=your_td_loss)
live.finish(history)
print(
    f"{history.stopped_reason} after {history.episodes} episodes, {history.steps:,} steps, "
    f"{history.updates:,} updates, {history.wall_time:.0f} s"
)

# %% [markdown]
# 解决了吗？用教程的 Huber 损失（也就是你写的那个），`default` 设置在我们的机器上、600 个回合之内解决了 12 个新随机种子中的 9 个（随机种子 800–811，在第 303 到第 513 个回合之间解决，中位数 342）；另外三个的最佳 100 回合均值分别为 311、426 和 461，而各次运行保留下来的网络，在 12 次贪心评估中有 11 次仍然平衡满了 500 步（[`benchmarks/RESULTS.md`](https://github.com/dqn-course/dqn-cartpole/blob/main/benchmarks/RESULTS.md)）。换成包里的平方误差，也就是 `train("default")`，80 次运行中有 76 次解决。单次 DQN 运行是*混沌*（chaotic）的：同一个随机种子在另一种 CPU 上会走出另一条路，因为浮点数求和的最后几位不同，而这点差异会不断放大。所以你的曲线不必和旁边同学的一样，一次不走运的运行也不代表你的配置出了故障。

# %%
if history.solved:
    print(f"solved at episode {history.solved_episode} (counting from 0) after {history.time_to_solve:.0f} s")
    assert history.mean100[history.solved_episode] >= SOLVED_MEAN and history.stopped_reason == "solved"
else:
    print(
        f"not solved within {history.episodes} episodes: the best 100-episode mean was {max(history.mean100):.0f}.\n"
        "With the Huber loss that happens to about 1 run in 4. The kept agent (next cells) usually\n"
        "balances anyway; to see a run that solves, set another SEED (1, 2, …) in the training cell\n"
        "and run it again."
    )

# %% [markdown]
# 第二个小面板显示网络的平均 $\max_a Q(s, a)$。预测一下它会走向哪里：

# %%
ask("04.max-q")

# %% [markdown]
# ### 解读诊断指标
#
# 当一次运行出了问题，要看的就是这四个小面板：
#
# - **每个回合的平均损失**（这里是 Huber，也就是你的损失；`train("default")` 则是平方时间差误差）。它不会降到零：随着智能体进步、到达新的状态，目标一直在移动。损失爆炸（或者变成 NaN，`train` 会报告发生在哪个回合、哪一步）说明学习率太高。
# - **平均 $\max_a Q(s, a)$**，即网络预测的价值。每步奖励为 1、$\gamma = 0.99$ 时，一根永远保持平衡的杆价值 $\sum_k \gamma^k = 1/(1-\gamma) = 100$；随着智能体学会平衡，它的 Q 值会向 100 攀升。网络给出的值只是估计，所以曲线最后落在 100 附近，略低或略高（笔记本 03 中那个智能体对直立状态的估值约为 110）。远高于 100 的值意味着高估正在失控：在这里，没有哪个回报（return）能超过 100。
# - **ε**，随机动作所占的比例，从 0.9 衰减到 0.05。
# - **学习率**，`default` 预设会随着训练的进行而降低它（见上文）。

# %%
final_q = history.mean_max_q[-1]
print(f"mean max-Q in the last episode: {final_q:.1f} (a pole balanced forever is worth 1/(1-γ) = 100)")
if history.solved:  # 解决了的运行学到的值接近 100，而且不会远高于 100
    assert 50 < final_q < 110
assert history.epsilons[-1] < 0.06

# %% [markdown]
# ## 保留下来的智能体
#
# 训练结束时的网络，不一定是这次运行中出现过的最佳网络：一次运行在最佳时刻之后可能会摇摆（如果没有解决，甚至会崩溃）。所以 `train` 交出两个网络：`history.policy_net`，训练结束时的网络；以及 `history.best_net`，贪心评估成绩最好的那个网络的副本（成绩相同时取较晚的那个：它训练得更久）。应该使用的是 `history.agent`（即 `best_net`）。在 20 个新回合上评估它，这些回合的起始状态既没有在训练中用过，也没有在训练期间的评估中用过：

# %%
agent = history.agent
print(f"kept: the network after episode {history.best_episode}, greedy evaluation {history.best_eval:.0f} then")
durations = evaluate(agent, n_episodes=20)
print("greedy durations on 20 new episodes:", durations)
last = evaluate(history.policy_net, n_episodes=20)
print(f"mean {np.mean(durations):.1f} for the kept agent; {np.mean(last):.1f} for the last network")
assert history.best_eval == max(history.eval_means)  # 保留的就是评估成绩最好的那个
if history.solved:
    assert np.mean(durations) >= SOLVED_MEAN  # 在从未用来挑选它的起始状态上也能平衡

# %% [markdown]
# 再来看看它的表现（一个回合中每 8 帧取 1 帧，让动画保持小巧）：

# %%
frames, steps = record_episode(agent, seed=123)
print(f"this episode lasted {steps} steps (500 is the most CartPole-v1 allows)")
HTML(animate(frames, every=8, fps=50 / 8))

# %% [markdown]
# ## 保存智能体
#
# 一个检查点包含两个网络（最后的那个和保留下来的那个）、配置和训练历史。加载时使用 `torch.load(..., weights_only=True)`，它会拒绝那些会执行代码的文件，所以来自陌生人的检查点无法控制你的机器。这里我们把它保存到一个临时文件夹，再加载回来：

# %%
with tempfile.TemporaryDirectory() as folder:
    path = save_checkpoint(Path(folder) / "cartpole.pt", history.policy_net, history.config, history)
    print(f"{path.name}: {path.stat().st_size / 1024:.0f} KB")
    loaded = load_checkpoint(path)
print(f"loaded.agent is {loaded.agent_name}")
assert loaded.config == history.config and loaded.history.durations == history.durations
assert evaluate(loaded.agent, n_episodes=5) == durations[:5]  # 同一个保留下来的网络

# %% [markdown]
# 在终端里，用下面的命令可以得到同样的运行及其文件（CSV、JSON、学习曲线 PNG、检查点）：
#
# ```bash
# python -m dqn_helpers train --preset default --seed 0 --out runs/default-seed0
# python -m dqn_helpers evaluate runs/default-seed0/checkpoint.pt --episodes 20
# ```
#
# `evaluate` 使用保留下来的智能体；加上 `--last` 则使用训练结束时的网络。按 Ctrl-C 会停止 `train`，但仍会写出所有文件；如果同一个 `--out` 里已有更早的运行，它会拒绝覆盖，除非你加上 `--force`（详见 README 的“How runs are kept”一节）。
#
# ## 小结
#
# - 时间差损失把一批转换变成 $Q_\theta(s,a)$ `(B,)`、由目标网络算出的时间差目标 $y = r + \gamma(1-\text{terminated})\max_{a'}Q_{\theta'}(s',a')$ `(B,)`（不计算梯度；终止之后不自举，截断之后照常自举），以及平均 Huber 损失；`optimize_model` 再加上一步 AdamW 更新。你亲手写了它，`train(loss_fn=...)` 用它完成了训练。
# - 训练循环按 ε-贪心行动，存下环境的两个标志，每隔几步学习一次，并在每一步都对目标网络做软更新；教程的 `non_final_mask` 与本课程的 `terminated` 标志给出相同的目标。
# - 目标网络移动得很慢：$\theta' \leftarrow \tau\theta + (1-\tau)\theta'$（软更新），或者每 $C$ 步复制一次（硬更新），这样我们追赶的目标就不会跑掉。
# - `default` 预设在教程的更新之上加了三项改进：平方时间差误差、裁剪梯度长度和逐渐衰减的学习率。Double DQN 目标经测量在 CartPole 上没有带来差别，仍作为一个选项保留。有了这些改进，在 CPU 上 20 次运行中有 19 次能在大约一分钟内解决 CartPole-v1（100 回合均值 ≥ 475），在我们试过的任何随机种子和 CPU 上都是如此；但任何一次运行仍可能失败，因为单次 DQN 运行是混沌的。
# - 训练会一边进行一边评估贪心策略，并保留最佳网络：`history.agent` 才是你应该使用、保存和分享的那个，即使曲线在最后出现了摇摆。
# - 运行表现异常时，观察损失、平均 max-Q（智能体学会平衡后约为 $1/(1-\gamma)$）、ε 和学习率。
#
# ## 下一步
#
# 改动一处，看看会发生什么：换一个随机种子（每个种子需要的回合数各不相同），关掉或打开一项改进（`PRESETS["default"].replace(loss="huber")` 或 `.replace(double_dqn=True)`），或者换成 `"tutorial"` 预设（`train("tutorial", seed=0)` 会跑满 600 个回合，解决了也不停下：需要好几分钟）。实验场笔记本（05，本系列的下一个笔记本）用滑块来调节这些旋钮（knob），并实时比较各次运行。
