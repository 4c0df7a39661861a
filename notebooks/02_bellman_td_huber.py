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
# # 02 · Bellman, TD error, Huber loss
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/dqn-course/dqn-cartpole/blob/main/notebooks/02_bellman_td_huber.ipynb)
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/dqn-course/dqn-cartpole/main?urlpath=lab/tree/notebooks/02_bellman_td_huber.ipynb)
# [中文版](zh/02_bellman_td_huber.ipynb)
#
# **Time:** about 40 minutes
#
# A DQN agent learns from a single number per transition: how wrong its own guess was. This notebook
# builds that number from the ground up: the return the agent wants to maximise, the Bellman equation
# that turns "the whole future" into "one step plus a guess", the TD error, and the Huber loss that
# turns the error into a gradient. Along the way, boxes marked **Predict** ask you to guess what the
# next cell will show before you run it.
#
# ## Learning objectives
#
# After this notebook you can …
#
# - compute a discounted return and explain what the discount factor γ (`GAMMA`) does to the horizon;
# - write the Bellman optimality equation for $Q^*$, say why CartPole needs no average over the next
#   state, and build the target $r + \gamma \max_{a'} Q(s', a')$; say when it must **not** bootstrap
#   (termination) and when it still must (CartPole's 500-step truncation);
# - watch TD learning find the exact Q-values of a tiny world, one TD error at a time;
# - explain why DQN minimises the Huber loss of the TD error instead of its square.

# %%
# Setup: on Colab, install the course's package (torch and ipywidgets are already there and stay as they are).
import importlib.util
import subprocess
import sys

if importlib.util.find_spec("dqn_helpers") is None:
    if "google.colab" in sys.modules:
        url = "git+https://github.com/dqn-course/dqn-cartpole"
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"dqn-helpers @ {url}"], check=True)
    else:
        sys.path.insert(0, "..")  # a clone of the repository, run from notebooks/

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

GAMMA = 0.99  # the tutorial's discount factor

# %% [markdown]
# ## 1. The return and the discount factor
#
# Every step the environment pays the agent a reward $r_t$; in CartPole it is $+1$ for every step the
# pole stays up. The tutorial's agent maximises the **discounted return**, the sum of all future
# rewards, each one weighted down by how far away it is:
#
# $$R_{t_0} = \sum_{t=t_0}^{\infty} \gamma^{t - t_0} r_t, \qquad 0 \le \gamma < 1 .$$
#
# The discount $\gamma$ keeps the sum finite, and it makes rewards in the uncertain far future count
# less than rewards the agent is fairly sure to collect soon. `discounted_return` computes it
# backwards, with Horner's rule $R = r_0 + \gamma\,(r_1 + \gamma\,(r_2 + \dots))$:

# %%
show_source(discounted_return)

# %% [markdown]
# A worked example with three rewards $1, 0, 2$ and $\gamma = 0.9$:
# $R = 1 + 0.9 \cdot 0 + 0.9^2 \cdot 2 = 1 + 0 + 1.62 = 2.62$.

# %%
example = discounted_return([1.0, 0.0, 2.0], gamma=0.9)  # 1 + 0.9·0 + 0.81·2
print(f"R = {example:.4f}")
assert math.isclose(example, 2.62)

# %% [markdown]
# In CartPole every reward is $+1$, so the return of an episode that lasts $T$ steps is a geometric
# sum, $\sum_{k<T} \gamma^k = \frac{1 - \gamma^T}{1 - \gamma}$. Before the next cell computes it for a
# few lengths, a guess (type a number, then press *Check*):

# %%
ask("02.perfect-return")

# %%
for T in (10, 22, 100, 500):
    R = discounted_return([1.0] * T, GAMMA)
    print(f"episode of {T:3d} steps: return {R:6.2f}   (closed form {(1 - GAMMA**T) / (1 - GAMMA):6.2f})")
    assert math.isclose(R, (1 - GAMMA**T) / (1 - GAMMA), rel_tol=1e-9)
assert 99 < discounted_return([1.0] * 500, GAMMA) < 100  # a perfect 500-step episode is worth about 99.3

# %% [markdown]
# With the tutorial's $\gamma = 0.99$ the return can never exceed $\frac{1}{1-\gamma} = 100$, however
# long the pole stays up.
#
# ### The effective horizon $1/(1-\gamma)$
#
# The weight of a reward $k$ steps ahead is $\gamma^k$. All the weights add up to
# $\sum_k \gamma^k = \frac{1}{1-\gamma}$, and this number is a good rule of thumb for **how far the
# agent looks ahead**: with $\gamma = 0.99$ about 100 steps (the weight at $k = 100$ is
# $0.99^{100} \approx 0.37 \approx 1/e$); with $\gamma = 0.9$ only about 10.
#
# Move the slider. The left plot shows the weights $\gamma^k$ and the horizon (red line); the right one
# the return of a CartPole episode of $T$ steps, which flattens out at $\frac{1}{1-\gamma}$.

# %%
discount = discount_explorer(gamma=GAMMA)
discount.widget

# %% [markdown]
# The same explorer, driven from code: set γ, read back the numbers the plot was drawn from
# (`discount.data`).

# %%
discount.controls["gamma"].value = 0.9
data = discount.data
print(f"γ = 0.9:  horizon {data['horizon']:.1f} steps, weights γ^0…γ^3 = {np.round(data['weights'][:4], 3)}")
print(f"          weight 10 steps ahead {data['weights'][10]:.3f}, 500-step return {data['returns'][499]:.2f}")
assert math.isclose(data["horizon"], 10.0)
assert math.isclose(data["weights"][10], 0.9**10)
assert math.isclose(data["returns"][499], discounted_return([1.0] * 500, 0.9))  # returns[T-1]: a T-step episode

discount.controls["gamma"].value = GAMMA  # back to the tutorial's value
assert math.isclose(discount.data["horizon"], 100.0)
assert 0.36 < discount.data["weights"][100] < 0.37  # 0.99^100 ≈ 1/e

# %% [markdown]
# **Why this matters for CartPole.** Under random pushes the pole falls after about 22 steps (notebook
# 00), so a mistake can show its cost a dozen or more steps after it was made. An agent with a horizon
# of 10 steps barely "sees" such a fall coming; with a horizon of 100 it does. That is one reason the
# tutorial picks $\gamma = 0.99$.
#
# ## 2. The Bellman equation and the TD target
#
# The tutorial wants a function $Q^*(s, a)$: the return the agent gets if it takes action $a$ in state
# $s$ and then plays as well as possible. With it, acting is easy: $\pi^*(s) = \arg\max_a Q^*(s, a)$.
# We don't know $Q^*$, so we train a neural network to approximate it.
#
# The training signal comes from the **Bellman optimality equation**. The return from $s$ is the
# first reward plus the discounted return from the next state $s'$. If the agent plays as well as
# possible from $s'$ on, it picks the best action there, so that second part is
# $\max_{a'} Q^*(s', a')$. When the action $a$ in state $s$ always leads to the same next state $s'$
# (**deterministic dynamics**), that is all:
#
# $$Q^*(s, a) = r(s, a) + \gamma \max_{a'} Q^*(s', a') .$$
#
# When the dynamics are random (a slippery floor, a gust of wind), the same $(s, a)$ can lead to
# different next states, and the right-hand side becomes an average over them, the **expectation
# form**:
#
# $$Q^*(s, a) = \mathbb{E}_{s' \sim P(\cdot \mid s, a)}\big[\, r(s, a) + \gamma \max_{a'} Q^*(s', a') \,\big] .$$
#
# (The tutorial writes it for any policy $\pi$ as $Q^\pi(s, a) = r + \gamma Q^\pi(s', \pi(s'))$; for the
# best policy, $\pi^*(s') = \arg\max_{a'} Q^*(s', a')$, the two are the same.)
#
# Which form does CartPole need? Its start state is random (notebook 00), but the start state only
# decides where an episode begins; it is not part of any step from $s$ to $s'$. A guess first:

# %%
ask("02.deterministic-bellman")

# %% [markdown]
# Two environments with different seeds, both put into the same state $s$ (`CartPoleEnv` keeps its
# state in `.state`) and pushed right:

# %%
same_state = np.array([0.02, -0.3, 0.05, 0.4])  # cart position, cart velocity, pole angle, angular velocity
starts, next_states = [], []
for seed in (1, 2):  # two different random starts …
    env = make_env()
    start, _ = env.reset(seed=seed)
    env.unwrapped.state = same_state.copy()  # … then the same state s for both
    next_state, *_ = env.step(1)  # push right
    starts.append(start)
    next_states.append(next_state)
    env.close()
print("start states:      ", starts[0], "and", starts[1])
print("s′ after one push: ", next_states[0], "and", next_states[1])
assert not np.array_equal(starts[0], starts[1])  # the seeds gave different starts …
assert np.array_equal(next_states[0], next_states[1])  # … but the same (s, a) gives the same s′

# %% [markdown]
# So CartPole needs the **deterministic form**, with no average over $s'$: the same $(s, a)$ always
# gives the same $s'$, and the reward is $+1$ on every step. That is the sense in which the tutorial
# calls the environment deterministic. (DQN copes with random dynamics too,
# without ever computing the average: every transition in the replay memory (notebook 01) is one
# sampled $s'$, and averaging the loss over many of them averages over $s'$.)
#
# DQN does not know $Q^*$, so it puts its network's own guess $Q$ on the right-hand side. That
# right-hand side is the **TD target** $y$, what $Q(s, a)$ *should* be according to one real step
# of experience and the network's own guess for what comes after:
#
# $$y = r + \gamma \, (1 - \text{terminated}) \max_{a'} Q(s', a') .$$
#
# The package computes it with `td_target(reward, next_q_max, terminated, gamma)`. You will write
# that function yourself in the exercise at the end of this notebook, so we use it here without
# looking inside.
#
# ### Terminated versus truncated
#
# The factor $(1 - \text{terminated})$ switches the future off. CartPole ends an episode in two ways,
# and they are **not** the same:
#
# - **Terminated**: the pole fell past 12° or the cart left the track. Nothing comes after, so
#   $y = r$.
# - **Truncated**: the episode hit CartPole-v1's 500-step limit. The pole did **not** fall; we just
#   stopped watching. The state at step 500 is as good as the same state at step 50, and its future
#   exists, so the target still bootstraps: $y = r + \gamma \max_{a'} Q(s', a')$.
#
# Treating truncation as termination is a classic bug. It tells the agent that balancing well for 500
# steps leads to a cliff worth nothing. Worse, the state does not contain the step count, so the
# network sees *the same* upright state with target $\approx 100$ at step 50 and target $1$ at step
# 500, contradictory lessons it cannot reconcile. The tutorial's code gets it right: it stores
# `next_state = None` (no future) only `if terminated`.
#
# Three transitions with the same reward $r = 1$ and the same guess $\max_{a'} Q(s', a') = 80$ for the
# next state: an ordinary step, a step on which the pole fell, and the 500th step of an episode that
# is still going (truncated). Before the cell computes their targets with $\gamma = 0.99$:

# %%
ask("02.truncated-target")

# %%
next_q_max = 80.0  # the network's guess for the best action in s'
y_ongoing = td_target(1.0, next_q_max, terminated=False, gamma=GAMMA)
y_terminated = td_target(1.0, next_q_max, terminated=True, gamma=GAMMA)  # the pole fell
y_truncated = td_target(1.0, next_q_max, terminated=False, gamma=GAMMA)  # step 500: truncated, NOT terminated
print(f"ordinary step:          y = {y_ongoing.item():.2f}")
print(f"terminated (pole fell): y = {y_terminated.item():.2f}")
print(f"truncated (step 500):   y = {y_truncated.item():.2f}")
assert math.isclose(y_ongoing.item(), 1 + 0.99 * 80, rel_tol=1e-6)
assert y_terminated.item() == 1.0
assert y_truncated.item() == y_ongoing.item()

# %% [markdown]
# `td_target` works element-wise, so a whole batch from the replay memory goes through at once, the
# way the tutorial's `optimize_model` computes `next_state_values * GAMMA + reward_batch` with
# `next_state_values` set to 0 for final states:

# %%
reward_batch = torch.tensor([1.0, 1.0, 1.0, 1.0])
next_state_values = torch.tensor([80.0, 95.0, 3.0, 99.0])  # max_a' Q(s', a') for each transition
terminated_batch = torch.tensor([False, False, True, False])  # the third one fell; the fourth was truncated
targets = td_target(reward_batch, next_state_values, terminated_batch, GAMMA)
print(targets)
assert torch.allclose(targets, torch.tensor([80.2, 95.05, 1.0, 99.01]))

# %% [markdown]
# ### The TD error
#
# The difference between the two sides of the Bellman equation is the **temporal-difference (TD)
# error**, defined as in the tutorial:
#
# $$\delta = Q(s, a) - \big(r + \gamma \max_{a'} Q(s', a')\big) = Q(s, a) - y .$$
#
# A positive $\delta$ means the network *overestimates* $Q(s, a)$, a negative one that it
# *underestimates* it. Training pushes $\delta$ towards 0.

# %%
show_source(td_error)

# %%
delta = td_error(q_value=4.0, target=10.0)  # the network says 4, one step of experience says 10
print(f"δ = {delta.item():+.1f}: an underestimate")
assert delta.item() == -6.0

# %% [markdown]
# ## 3. TD learning on a tiny chain
#
# Does "nudge $Q(s, a)$ towards $y$" really lead to the right values, when $y$ itself is built from
# guesses? Let's test it where we know the answer. The **chain** has $n = 5$ states in a row:
#
# ```
#  [0] — [1] — [2] — [3] — [4] → goal (reward 1, terminated)
# ```
#
# Action 1 moves right, action 0 moves left (state 0 bumps into the wall and stays). Moving right from
# the last state ends the episode with reward 1; every other step pays 0.

# %%
n, gamma = 5, 0.9
print("chain_step(3, RIGHT) ->", chain_step(3, RIGHT, n))  # (next state, reward, terminated)
print("chain_step(4, RIGHT) ->", chain_step(4, RIGHT, n))  # the goal
print("chain_step(0, LEFT)  ->", chain_step(0, LEFT, n))  # the wall
assert chain_step(4, RIGHT, n) == (4, 1.0, True)
assert chain_step(0, LEFT, n) == (0, 0.0, False)

# %% [markdown]
# ### The exact answer
#
# The best play is "always right", and the single reward arrives after $n - i$ steps from state $i$.
# So the optimal values have a closed form:
#
# $$Q^*(i, \text{right}) = \gamma^{\,n-1-i}, \qquad Q^*(i, \text{left}) = \gamma \, Q^*(\max(i-1, 0), \text{right}).$$
#
# `exact_q_values` does not use this formula. It starts from $Q = 0$ and applies the Bellman equation
# to every state and action, over and over, until nothing changes (value iteration). Both must agree:

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
# ### Learning it from experience
#
# Now forget the exact answer and learn from experience, like an agent. `td_learning` walks the chain
# with **uniformly random** actions and, after every step, moves one table entry a fraction $\alpha$
# of the way towards the TD target:
#
# $$y = r + \gamma (1 - \text{terminated}) \max_{a'} Q(s', a'), \qquad
# \delta = Q(s, a) - y, \qquad Q(s, a) \leftarrow Q(s, a) - \alpha\,\delta .$$
#
# It uses the very same `td_target` and `td_error` as above. Although the actions are random, it
# learns the values of the *best* play, because the target takes the $\max$ over the next actions.
# (That is why Q-learning is called *off-policy*, and why DQN can learn from old transitions in its
# replay memory.) Each episode starts in state 0 and ends at the goal, or is cut after 50 steps
# (truncated), and that last step still bootstraps.

# %%
show_source(td_learning)

# %% [markdown]
# The next cell runs 200 episodes with $\alpha = 0.5$ and prints the table after the first episode,
# after 10 and at the end. The table starts at $Q = 0$ everywhere, and the first episode walks at
# random until it reaches the goal.

# %%
ask("02.first-episode")

# %%
run = td_learning(n=n, gamma=gamma, alpha=0.5, episodes=200, seed=0)
print_q_table(run.q_history[0], "After 1 episode")
print_q_table(run.q_history[9], "After 10 episodes")
print_q_table(run.q, f"After {len(run.max_error)} episodes")
assert np.count_nonzero(run.q_history[0]) == 1 and run.q_history[0][4, RIGHT] == 0.5  # one entry, halfway to 1

# %% [markdown]
# After the first episode a single entry knows anything: $Q(4, \text{right})$, which saw the reward
# once and moved halfway ($\alpha = 0.5$) towards it. The reward has to be *discovered* before it can
# spread. Each TD update copies value one step back along the chain, so the values flow backwards from
# the goal, episode by episode. The plot shows the largest error in the table,
# $\max_{s,a} |Q(s, a) - Q^*(s, a)|$, after every episode (log scale). It bottoms out near $10^{-7}$:
# that is the rounding of 32-bit floats, not a learning problem.

# %%
fig, ax = plt.subplots(figsize=(6, 3))
ax.semilogy(np.arange(1, len(run.max_error) + 1), run.max_error)
ax.set(xlabel="episode", ylabel=r"$\max_{s,a} |Q - Q^*|$", title="TD learning on the chain converges to Q*")
ax.grid(True, which="major", alpha=0.3)
plt.show()

# %%
final_error = run.max_error[-1]
print(f"max error: {run.max_error[0]:.3f} after episode 1, {final_error:.1e} after episode {len(run.max_error)}")
assert run.max_error[0] > 0.1  # it started far away …
assert final_error < 1e-6  # … and ends at Q*, up to float32 rounding (about 1e-7)
assert np.allclose(run.q, q_exact, atol=1e-4)
assert np.all(np.argmax(run.q, axis=1) == RIGHT)  # the learned greedy policy: always right

# %% [markdown]
# This is the whole idea of DQN on a table. DQN replaces the table with a neural network and the
# update $Q \leftarrow Q - \alpha\delta$ with a gradient step. The two are closely related:
# $\alpha\delta$ is exactly $\alpha$ times the gradient of $\tfrac12\delta^2$ with respect to $Q(s, a)$
# (holding $y$ fixed). Which loss of $\delta$ to take the gradient of is the last question of this
# notebook.
#
# ## 4. Huber loss versus squared loss
#
# To train the network, the tutorial averages a loss of the TD errors over a batch $B$ of transitions
# from the replay memory:
#
# $$\mathcal{L} = \frac{1}{|B|} \sum_{(s, a, s', r) \in B} \mathcal{L}(\delta), \qquad
# \mathcal{L}(\delta) = \begin{cases} \tfrac12 \delta^2 & \text{for } |\delta| \le 1, \\
# |\delta| - \tfrac12 & \text{otherwise.} \end{cases}$$
#
# This is the **Huber loss**: the squared error for small $|\delta|$, the absolute error for large
# ones.

# %%
show_source(huber)

# %% [markdown]
# What matters for learning is the **gradient**, because that is how hard each transition pulls on the
# weights. For $\tfrac12\delta^2$ the gradient is $\delta$ itself: twice the error, twice the pull,
# without limit. For Huber it is $\delta$ near zero and $\pm 1$ beyond $|\delta| = 1$. Move the slider
# (red dots: Huber; hollow grey dots: squared):

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
    if abs(d) <= 1:  # inside |δ| ≤ 1 they agree
        assert math.isclose(data["grad_at_delta"], data["squared_grad_at_delta"], rel_tol=1e-6)
losses.controls["delta"].value = 3.0
assert math.isclose(losses.data["grad_at_delta"], 1.0)  # Huber: capped at 1
assert math.isclose(losses.data["squared_grad_at_delta"], 3.0)  # squared: grows with δ
assert math.isclose(losses.data["loss_at_delta"], 2.5) and math.isclose(losses.data["squared_loss_at_delta"], 4.5)
assert np.allclose(losses.data["huber_grad"], np.clip(losses.data["deltas"], -1, 1), atol=1e-6)
losses.controls["delta"].value = 2.0  # back to the start

# %% [markdown]
# **Why a capped gradient helps.** Early in training the targets are built from the network's own
# poor guesses, and a few transitions can have huge TD errors. Take a batch in which three errors are
# small (0.1, −0.2, 0.3) and one is 50. With the squared loss (½δ², averaged over the batch) each
# gradient is the error itself divided by the batch size, so the outlier supplies
# $50 / 50.6 \approx 99\%$ of the gradient. The cell computes the outlier's share for both losses
# (the size of its gradient over the sum of all four sizes). What will it be with Huber?

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

assert 0.98 < outlier_share["squared"] < 1.0  # "99%": 50 / (0.1 + 0.2 + 0.3 + 50)
assert 0.55 < outlier_share["Huber"] < 0.65  # "about 60%": 1 / (0.1 + 0.2 + 0.3 + 1)

# %% [markdown]
# With Huber the outlier's pull is capped at 1 (divided by the batch size, as every gradient here), so
# its share falls from 99% to about 60% and the other transitions supply the rest: it still pulls
# hardest, but it no longer drowns them out.
#
# The cap has a price, too: an outlier is not always noise. Late in a CartPole run, almost every
# transition comes from a balanced pole, valued near 100, and the rare ones that end in a fall (target
# 1) are the large errors. Capped, they can be drowned out, and the agent forgets that falling is
# possible. So the course's `default` preset (notebook 04) uses the squared error after all, and caps
# the length of the whole gradient instead; the tutorial's preset keeps Huber. Both are DQN. (On 20
# fresh seeds, the `default` preset solved CartPole in 19 runs with the squared error and in 15 with
# Huber; notebook 04 has the details.)
#
# The tutorial calls this loss `nn.SmoothL1Loss()`. With `beta=1.0` (the default), PyTorch's smooth L1
# loss of a prediction $Q$ and a target $y$ is exactly our `huber` of $\delta = Q - y$; the tutorial's
# default `reduction="mean"` takes the batch average $\frac{1}{|B|}\sum$. (PyTorch also has
# `nn.HuberLoss`; with `delta=1.0` it is the same function.)

# %%
q_values = torch.linspace(-4, 4, 81)
y = torch.zeros_like(q_values)  # so that δ = Q − y = Q
smooth_l1 = torch.nn.SmoothL1Loss(reduction="none", beta=1.0)(q_values, y)
assert torch.allclose(huber(td_error(q_values, y)), smooth_l1)
assert torch.allclose(huber(q_values).mean(), torch.nn.SmoothL1Loss()(q_values, y))  # reduction="mean"
assert torch.allclose(smooth_l1, torch.nn.HuberLoss(reduction="none", delta=1.0)(q_values, y))
print("huber(δ) == SmoothL1Loss(beta=1.0) == HuberLoss(delta=1.0) on 81 values of δ in [-4, 4]")

# %% [markdown]
# ## Exercise: write `td_target`
#
# Write the TD target yourself:
#
# $$y = r + \gamma \, (1 - \text{terminated}) \max_{a'} Q(s', a') .$$
#
# It gets the reward, $\max_{a'} Q(s', a')$, the `terminated` flag and `gamma`. Each of the first three
# can be a single number or a tensor (a batch), so compute element-wise, with no `if` on the values.
# Return a tensor.
#
# *Hint:* `1 - terminated` fails on a `bool` tensor; convert it first with
# `torch.as_tensor(terminated, dtype=torch.float32)`.


# %%
def my_td_target(reward, next_q_max, terminated, gamma):
    """y = r + γ (1 − terminated) max_a' Q(s', a'), element-wise."""
    raise NotImplementedError  # your code here


# %%
passed = check_td_target(my_td_target)

# %% [markdown]
# Reveal the solution (click the collapsed cell) when you are done or stuck.


# %% jupyter={"source_hidden": true} tags=["solution"]
# @title Solution { display-mode: "form" }
def td_target_solution(reward, next_q_max, terminated, gamma):
    """y = r + γ (1 − terminated) max_a' Q(s', a'), element-wise."""
    reward = torch.as_tensor(reward, dtype=torch.float32)  # numbers and tensors alike
    next_q_max = torch.as_tensor(next_q_max, dtype=torch.float32)
    not_terminated = 1.0 - torch.as_tensor(terminated, dtype=torch.float32)  # 0 where the episode really ended
    return reward + gamma * not_terminated * next_q_max  # truncated steps have terminated = False: they bootstrap


assert check_td_target(td_target_solution)

# %% [markdown]
# The package's version, which the rest of the course uses (notebook 04's `optimize_model` calls it):

# %%
show_source(td_target)

# %% [markdown]
# ## Summary
#
# - The agent maximises the discounted return $\sum_t \gamma^t r_t$. With reward $+1$ per step it is
#   at most $\frac{1}{1-\gamma}$, which is also the agent's effective horizon: 100 steps for
#   $\gamma = 0.99$.
# - The Bellman optimality equation $Q^*(s, a) = r(s, a) + \gamma \max_{a'} Q^*(s', a')$ needs no average
#   over $s'$ in CartPole: its dynamics are deterministic given $(s, a)$ (only the start state is
#   random). With the network's own guess in place of $Q^*$ it gives a target $y$ from one step of
#   experience; the TD error is $\delta = Q(s, a) - y$.
# - Only **termination** (the pole fell) removes the future. **Truncation** at 500 steps must still
#   bootstrap: the pole was up and the future exists.
# - Repeating TD updates from random experience finds the exact $Q^*$ of the chain world: values flow
#   back from the reward, episode by episode.
# - DQN minimises the Huber loss of $\delta$ (`SmoothL1Loss`): quadratic near 0, linear beyond
#   $|\delta| = 1$. Its gradient is capped at $\pm 1$, so a single wild transition pulls hardest but
#   no longer drowns out the rest of the batch (99 % of the gradient with the squared loss, about 60 % with Huber).
#
# ## Next
#
# [03 · Q-network and ε-greedy](03_q_network.ipynb): the neural network that replaces the table, and
# how the agent balances exploring and exploiting.
