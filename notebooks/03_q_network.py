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
# # 03 · Q-network and ε-greedy
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/dqn-course/dqn-cartpole/blob/main/notebooks/03_q_network.ipynb)
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/dqn-course/dqn-cartpole/main?urlpath=lab/tree/notebooks/03_q_network.ipynb)
# [中文版](zh/03_q_network.ipynb)
#
# **Time:** about 40 minutes
#
# In notebook 02 a table held one Q-value per state and action. CartPole's states are four real
# numbers, far too many for a table, so DQN uses a small neural network instead: a state goes in, one
# Q-value per action comes out. This notebook looks at that network, peeks at what a trained one has
# learned, and then at how the agent chooses actions while it is still learning: ε-greedy. Along the
# way, boxes marked **Predict** ask you to guess what the next cell will show before you run it.
#
# ## Learning objectives
#
# After this notebook you can …
#
# - build the tutorial's Q-network `DQN`, run it on one state and on a batch, and count its weights;
# - explain why it is a small MLP on 4 numbers and not the convolutional network the tutorial's text
#   describes;
# - read a heatmap of $Q(s, \text{right}) - Q(s, \text{left})$ (a slice of the state space) and say what
#   a trained agent has learned;
# - explain why an untrained network must not play greedily, and how ε-greedy with `EPS_START`,
#   `EPS_END` and `EPS_DECAY` shapes exploration.

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

BATCH_SIZE = 128  # the tutorial's hyperparameters used in this notebook
EPS_START = 0.9
EPS_END = 0.05
EPS_DECAY = 1000

# %% [markdown]
# ## 1. The Q-network
#
# The tutorial's text says the model is "a convolutional neural network that takes in the difference
# between the current and previous screen patches". That sentence is left over from an older version
# of the tutorial, which learned CartPole from rendered images. A single picture shows where the pole
# is but not how fast it moves, so that version fed the network the difference of two frames.
#
# The code the tutorial runs today, and this course, skip the pixels. The network reads the **4 state
# numbers** the environment already provides: cart position, cart velocity, pole angle and pole
# angular velocity. They describe the system completely (velocities included), so no frame
# differences and no convolutions are needed. What remains is a small multilayer perceptron (MLP):
# three linear layers with ReLU in between,
#
# $$Q(s, \cdot) = W_3\,\mathrm{ReLU}\big(W_2\,\mathrm{ReLU}(W_1 s + b_1) + b_2\big) + b_3 ,$$
#
# with 128 hidden units. It has two outputs, $Q(s, \text{left})$ and $Q(s, \text{right})$: for each
# action, the return the network expects if it takes that action now.

# %%
show_source(DQN)

# %% [markdown]
# ### A forward pass
#
# `n_observations` and `n_actions` come from the environment, as in the tutorial. One state of shape
# `(4,)` gives two Q-values of shape `(2,)`. The greedy action is the index of the larger one.

# %%
env = make_env()
n_actions = env.action_space.n  # 2: push left (0) or right (1)
state, info = env.reset(seed=0)
n_observations = len(state)  # 4

torch.manual_seed(0)  # the same "random" initial weights every run
policy_net = DQN(n_observations, n_actions)

state = torch.tensor(state, dtype=torch.float32)
q_values = policy_net(state)
print(f"state {state.numpy().round(3)} of shape {tuple(state.shape)}")
print(f"Q-values {q_values.detach().numpy().round(4)} of shape {tuple(q_values.shape)}")
print(f"greedy action: {int(q_values.argmax())}")
assert state.shape == (4,) and q_values.shape == (2,)

# %% [markdown]
# During training, `optimize_model` (notebook 04) sends a whole batch of `BATCH_SIZE = 128` states
# through the network at once: shape `(128, 4)` in, `(128, 2)` out, one row of Q-values per state. (The
# tutorial also gives single states a batch dimension, `unsqueeze(0)`: `(1, 4)` in, `(1, 2)` out.)

# %%
start_states = np.stack([env.reset(seed=seed)[0] for seed in range(BATCH_SIZE)])  # 128 different start states
state_batch = torch.tensor(start_states, dtype=torch.float32)
q_batch = policy_net(state_batch)
print(f"{tuple(state_batch.shape)} → {tuple(q_batch.shape)}")
assert state_batch.shape == (BATCH_SIZE, 4) and q_batch.shape == (BATCH_SIZE, 2)
assert policy_net(state.unsqueeze(0)).shape == (1, 2)  # the tutorial's style
assert torch.allclose(q_batch[0], policy_net(state_batch[0]))  # each row is that state's own forward pass

# %% [markdown]
# A wrong shape is a common bug (for example feeding 3 numbers, or a batch the wrong way round). The
# course's `DQN` says what it expected:

# %%
try:
    policy_net(torch.zeros(4, BATCH_SIZE))  # the batch the wrong way round
except ValueError as error:
    print("ValueError:", error)

# %% [markdown]
# ### How many weights?
#
# Each `Linear(n_in, n_out)` layer has an $n_{out} \times n_{in}$ weight matrix and $n_{out}$ biases:

# %%
for name, parameter in policy_net.named_parameters():
    print(f"{name:15s} {tuple(parameter.shape)!s:12s} {parameter.numel():6,d}")
n_parameters = sum(parameter.numel() for parameter in policy_net.parameters())
print(f"{'total':15s} {'':12s} {n_parameters:6,d}")
assert n_parameters == (4 * 128 + 128) + (128 * 128 + 128) + (128 * 2 + 2) == 17_410

# %% [markdown]
# About 17 000 numbers, almost all of them in the middle layer. The course's trained agent below is
# twice as wide (256 units, about 68 000 numbers; notebook 04 says why). Either is tiny by
# deep-learning standards, which is why this course trains comfortably on a laptop CPU.
#
# ## 2. What does a Q-network think? Heatmaps of Q-values
#
# A Q-network is hard to read from its weights, but easy to read from its outputs. We fix the cart in
# the middle of the track at rest (cart position 0, cart velocity 0) and vary the two numbers that
# matter most: the pole **angle** (x-axis, from −12° to +12°, where the episode ends) and its
# **angular velocity** (y-axis). So a heatmap is a *slice* of the 4-dimensional state space, not all
# of it. For each combination the colour shows
#
# $$Q(s, \text{right}) - Q(s, \text{left}) .$$
#
# Red: the network prefers to push right. Blue: left. The black line is where it switches: the
# boundary of the greedy action.
#
# For a trained network we load the course's pretrained agent with `load_pretrained()`. The
# checkpoint ships inside the `dqn_helpers` package, so it loads wherever the package is installed,
# on Colab too. It was made by `make pretrained`, that is
# `python -m dqn_helpers train --preset default --seed 0`: the course's `default` preset with seed 0,
# trained until its 100-episode mean reached 475, the run notebook 04 does (as it went on our machine:
# on another CPU the same seed takes another path). We use `ckpt.agent`, the network the run kept: the
# one with the best greedy evaluation during training (notebook 04 explains). Its network has the
# same layout as the one above (4 inputs, two hidden layers with ReLU, 2 outputs), but its hidden
# layers are twice as wide: 256 units each instead of 128 (notebook 04 says why).
# First, check that it really balances. `evaluate` plays 20 episodes greedily (ε = 0) from start
# states it has not trained on:

# %%
ckpt = load_pretrained()  # the same Checkpoint object load_checkpoint(path) returns
net = ckpt.agent  # the kept network (ckpt.policy_net is the one training ended with)
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
# Look at the colour bars first. The **untrained** network's differences are tiny (a few tenths at
# most) and where its boundary lies is chance: random weights, random preferences.
#
# The **trained** network has learned two things. Both are read off this slice, a cart at rest in the
# middle of the track; at other cart positions and velocities the picture can differ.
#
# 1. **Push towards the lean.** Pole leaning right and falling right (the middle of the upper right
#    quarter) is red: push right, so the cart moves back under the pole. Its mirror image, lower left,
#    is blue. It is what you would do balancing a broom on your hand. (In a far corner, a pole near
#    the 12° limit and falling fast, the colour can flip: from there the pole falls whatever the cart
#    does, a balancing agent rarely gets there, and what it prefers there hardly matters.)
# 2. **Watch the angular velocity, too.** The boundary is tilted, not vertical: which way to push
#    depends on how the pole swings, not only on which way it leans.
#
# The check below states the first property as an assert, for the states of this slice that a push can
# still save (cart at rest in the middle, pole leaning 2°–8° and swinging at 0.2–1 rad/s):

# %%
angles = np.degrees(trained_grid["angles"])[None, :]  # columns: pole angle
velocities = trained_grid["angular_velocities"][:, None]  # rows: angular velocity
greedy = trained_grid["greedy"]  # 0 = left, 1 = right
falling_right = (angles > 2) & (angles < 8) & (velocities > 0.2) & (velocities < 1)  # leaning and falling right
falling_left = (angles < -2) & (angles > -8) & (velocities < -0.2) & (velocities > -1)
print(f"leaning and falling right → push right in {greedy[falling_right].mean():.0%} of those states")
print(f"leaning and falling left  → push left  in {1 - greedy[falling_left].mean():.0%} of those states")
assert np.all(greedy[falling_right] == 1) and np.all(greedy[falling_left] == 0)


# %% [markdown]
# Now the tilt. `q_at` below gives the trained network's Q-values in one state of the same slice.
# Before it does, a guess:

# %%
ask("03.swinging-back")


# %%
def q_at(network, angle_degrees, angular_velocity):
    """Q(s, ·) for the cart at rest in the middle, pole at the given angle and angular velocity."""
    state = torch.tensor([0.0, 0.0, math.radians(angle_degrees), angular_velocity])
    return network(state).detach()


swinging_back = q_at(net, 5, -1.5)  # leans right, but swings back left fast
print(f"5° right, swinging left at 1.5 rad/s: Q = {swinging_back.numpy().round(1)} → push left")
assert greedy_action(net, torch.tensor([0.0, 0.0, math.radians(5), -1.5])) == 0
assert swinging_back[0] - swinging_back[1] > 10  # left, and by a wide margin
assert greedy_action(net, torch.tensor([0.0, 0.0, math.radians(-5), 1.5])) == 1  # and the mirror image

# %% [markdown]
# The pole leans right, yet the network pushes *left*, because in a moment the pole will lean left.
# It reacts to where the pole is going, not only to where it is.
#
# One more thing to read off: the Q-values themselves. Notebook 02 showed that with reward +1 per step
# and $\gamma = 0.99$ no return can exceed $\frac{1}{1-\gamma} = 100$; a perfect 500-step episode is
# worth 99.3. A trained agent with the pole upright and still (cart at rest in the middle) expects to
# balance "forever". What does it think that is worth?

# %%
ask("03.upright-q")

# %%
upright = q_at(net, 0, 0.0)
print(f"upright and still: Q(left) = {upright[0]:.1f}, Q(right) = {upright[1]:.1f}")
assert 100 < upright.max() < 120  # above what any return can be, by less than 20 %
assert not ckpt.config.double_dqn  # trained with the plain max target

# %% [markdown]
# Between 100 and 120: above what any return can be. The network overestimates. Its target takes the
# $\max$ over its own noisy estimates, and the maximum of noisy numbers is biased upwards; bootstrapping
# passes the bias back from state to state. The Double DQN target reduces this bias; the course's
# `default` preset, which trained this agent, leaves it out, and notebook 04 measures why.
#
# ## 3. Exploration: ε-greedy
#
# A network that always takes its greedy action only ever sees the consequences of what it already
# believes. Early on, those beliefs are random (the left heatmap!). How well does an untrained network
# play if it never explores, with ε = 0 from the first step? One network could be lucky or unlucky, so
# the next cell asks 50 untrained networks (seeds 0–49; seed 0 is the network of the left heatmap), 20
# greedy episodes each, and compares them with pushing the same way every step.

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
    torch.manual_seed(seed)  # seed 0: the same weights as policy_net
    mean_length, right_share = greedy_play(DQN(n_observations, n_actions))
    mean_lengths.append(mean_length)
    one_way += right_share in (0.0, 1.0)  # pushed the same way in every state it met
median_length = np.median(mean_lengths)
always_right = np.mean(run_episodes(lambda observation: 1, n_episodes=20))
print(f"50 untrained networks, greedy: median episode {median_length:.2f} steps")
print(f"pushing right every step:               {always_right:.2f} steps")
print(f"{one_way} of the 50 pushed the same way in every state they met")
print(f"mean episode of each, sorted: {np.sort(np.round(mean_lengths)).astype(int)}")
print(f"seed 0 (the left heatmap's network): {mean_lengths[0]:.1f} steps")
assert 9 <= median_length <= 10 and 9 <= always_right <= 10  # typical greedy play: about as short as pushing one way
assert one_way > 25  # most untrained networks push the same way all the time
assert mean_lengths[0] > 2 * median_length  # seed 0, the left heatmap's network, is one of the lucky ones

# %% [markdown]
# Typical greedy play of an untrained network is worse than random play (about 22 steps, notebook 00).
# A few networks are luckier than the rest, by chance. Seed 0, the left heatmap's network, is one of
# the luckiest of the 50 (its boundary happens to follow the angular velocity), so that heatmap is not a
# typical untrained network; but none of them sees anything beyond the consequences of its own
# arbitrary preferences.
#
# So the agent must also **explore**. The tutorial's `select_action` does it the simplest way,
# **ε-greedy**: with probability $\varepsilon$ take a uniformly random action, otherwise the greedy one
# $\arg\max_a Q(s, a)$. A single uniform draw decides, exactly as in the tutorial:
# `sample > eps_threshold` → greedy.

# %%
show_source(select_action)

# %% [markdown]
# The probability $\varepsilon$ is not fixed. It starts high (explore a lot while the network knows
# nothing) and decays exponentially with the number of steps taken, `steps_done`:
#
# $$\varepsilon(t) = \varepsilon_{end} + (\varepsilon_{start} - \varepsilon_{end})\, e^{-t / \mathrm{EPS\_DECAY}} .$$
#
# After `EPS_DECAY` steps the distance to `EPS_END` has shrunk to $1/e \approx 37\%$ of what it was
# (so ε itself is then $0.05 + 0.37 \times 0.85 \approx 0.36$ for the tutorial's values, not 0.37). In
# the tutorial's `select_action` this formula is inlined and a global `steps_done` counts the calls. In
# the course it is a function of its own, `epsilon_by_step(step, eps_start, eps_end, eps_decay)`, and
# the training loop passes its result to `select_action`. You will write it yourself in the exercise
# at the end of this notebook.
#
# Try the knobs. The left plot is the schedule $\varepsilon(t)$ over the first 10 000 steps; the right
# one is the expected share of random actions among the first $t$ steps, the running average of
# $\varepsilon$. For scale: a random agent's episodes last about 22 steps, so the tutorial's
# `EPS_DECAY = 1000` steps is only around 45 early episodes.

# %%
schedule = epsilon_explorer(eps_start=EPS_START, eps_end=EPS_END, eps_decay=EPS_DECAY)
schedule.widget

# %% [markdown]
# Driving the sliders from code, and checking the plot against the formula. Summing a geometric
# series gives the expected number of random actions in the first $N + 1$ steps in closed form:
# $\sum_{t=0}^{N} \varepsilon(t) = (N+1)\,\varepsilon_{end} + (\varepsilon_{start} - \varepsilon_{end})
# \frac{1 - r^{N+1}}{1 - r}$ with $r = e^{-1/\mathrm{EPS\_DECAY}}$.


# %%
def expected_random_actions(eps_start, eps_end, eps_decay, n_steps=EPSILON_STEPS + 1):
    r = math.exp(-1 / eps_decay)
    return n_steps * eps_end + (eps_start - eps_end) * (1 - r**n_steps) / (1 - r)


data = schedule.data
print(f"tutorial: ε(0) = {data['eps'][0]:.3f}, ε(1000) = {data['eps'][1000]:.4f}, ε(10000) = {data['eps'][-1]:.4f}")
print(f"          {data['expected_random']:,.0f} random actions expected in the first {EPSILON_STEPS:,} steps")
assert math.isclose(data["eps"][0], EPS_START)
assert math.isclose(data["eps"][EPS_DECAY], EPS_END + (EPS_START - EPS_END) / math.e)  # the 1/e point
assert math.isclose(data["eps"][-1], EPS_END, abs_tol=1e-4)  # it levels off at EPS_END, not 0
assert math.isclose(data["expected_random"], expected_random_actions(EPS_START, EPS_END, EPS_DECAY), rel_tol=1e-9)
tutorial_random = data["expected_random"]

schedule.controls["eps_decay"].value = 2000  # the course's default preset decays twice as slowly
data = schedule.data
print(f"EPS_DECAY = 2000: ε(2000) = {data['eps'][2000]:.4f}, {data['expected_random']:,.0f} random actions expected")
assert math.isclose(data["eps"][2000], EPS_END + (EPS_START - EPS_END) / math.e)
assert math.isclose(data["expected_random"], expected_random_actions(EPS_START, EPS_END, 2000), rel_tol=1e-9)
assert data["expected_random"] > tutorial_random

schedule.controls["eps_end"].value = 0.95  # above EPS_START: ε would grow, and a warning appears under the sliders
assert schedule.message.value.startswith("⚠")  # the warning, in any language

schedule.controls["eps_end"].value = EPS_END  # back to the tutorial's schedule
schedule.controls["eps_decay"].value = EPS_DECAY
assert schedule.message.value == "" and math.isclose(schedule.data["expected_random"], tutorial_random)

# %% [markdown]
# Note that `EPS_END = 0.05` never stops exploring: even a trained agent takes a random action on one
# step in 20, on average, during training. That is why notebook 04 judges a trained agent with
# `evaluate`, at ε = 0.
#
# ### Does `select_action` really explore with probability ε?
#
# Let's count. The pretrained network, in a state where its greedy action is clear (pole leaning right
# and falling right: push right), chooses 4 000 actions for each of a few values of ε. A small spy
# around `random.Random` counts how often `select_action` asks for a random action, and the cell also
# counts the non-greedy actions (push left).

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


state = torch.tensor([0.0, 0.0, math.radians(6), 1.0])  # leaning right and falling right
assert greedy_action(net, state) == 1  # push right
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
# Mind the subtlety: a random action is uniform over both actions, so half the time it *is* the greedy
# one. The share of random actions is $\varepsilon$, the share of non-greedy actions only
# $\varepsilon / 2$.
#
# ## Exercise: write `epsilon_by_step`
#
# Write the tutorial's ε schedule yourself:
#
# $$\varepsilon(t) = \varepsilon_{end} + (\varepsilon_{start} - \varepsilon_{end})\, e^{-t / \mathrm{EPS\_DECAY}} .$$
#
# It gets the step count `step` ($t$), `eps_start`, `eps_end` and `eps_decay`, and returns a float.
# `math.exp` is all you need.


# %%
def my_epsilon_by_step(step, eps_start, eps_end, eps_decay):
    """ε after `step` steps: decays exponentially from eps_start towards eps_end."""
    raise NotImplementedError  # your code here


# %%
passed = check_epsilon_by_step(my_epsilon_by_step)

# %% [markdown]
# Reveal the solution (click the collapsed cell) when you are done or stuck.


# %% jupyter={"source_hidden": true} tags=["solution"]
# @title Solution { display-mode: "form" }
def epsilon_by_step_solution(step, eps_start, eps_end, eps_decay):
    """ε after `step` steps: decays exponentially from eps_start towards eps_end."""
    gap = eps_start - eps_end  # how much exploration there is left to lose
    return eps_end + gap * math.exp(-step / eps_decay)  # the gap shrinks by 1/e every eps_decay steps


assert check_epsilon_by_step(epsilon_by_step_solution)

# %% [markdown]
# The package's version, which the rest of the course uses (the ε widget above and the training loop
# of notebook 04 call it):

# %%
show_source(epsilon_by_step)

# %% [markdown]
# ## Summary
#
# - The tutorial's Q-network `DQN` is a 3-layer MLP (4 → 128 → 128 → 2, 17 410 weights). It reads the
#   4 state numbers; the "CNN on screen differences" in the tutorial's text is a leftover.
# - One state `(4,)` gives `(2,)` Q-values, a batch `(128, 4)` gives `(128, 2)`; the greedy action is
#   the `argmax`.
# - A heatmap of $Q(s, \text{right}) - Q(s, \text{left})$ is a slice of the state space (here: cart at
#   rest in the middle). In it, the trained network pushes towards the side the pole leans and
#   anticipates with the angular velocity. Upright, its Q-values are a little above
#   $\frac{1}{1-\gamma} = 100$, more than any return can be: DQN's targets overestimate.
# - Greedy play of an untrained network typically pushes one way and ends in 9–10 steps, shorter than
#   random play: the agent must explore.
# - ε-greedy explores with probability $\varepsilon$, which decays from `EPS_START` to `EPS_END` with
#   time constant `EPS_DECAY` steps. Half of the random actions happen to be the greedy one.
#
# ## Next
#
# [04 · Training loop and target network](04_training_loop.ipynb): put the replay memory, the
# Bellman target, the Q-network and ε-greedy together in `optimize_model`, add a target network, and
# train an agent that solves CartPole.
