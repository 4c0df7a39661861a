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
# # 00 · CartPole: the task
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/dqn-course/dqn-cartpole/blob/main/notebooks/00_cartpole.ipynb)
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/dqn-course/dqn-cartpole/main?urlpath=lab/tree/notebooks/00_cartpole.ipynb)
# [中文版](zh/00_cartpole.ipynb)
#
# **Time:** about 30 minutes
#
# Before we teach an agent anything, we look closely at the job we give it. This course follows the
# PyTorch tutorial *Reinforcement Learning (DQN)* by Adam Paszke and Mark Towers, and its task is
# Gymnasium's `CartPole-v1`: keep a pole balanced on a cart by pushing the cart left or right.
#
# Along the way, **Predict** questions ask you what the next cell will show before you run it:
# answer, press *Check*, then run the cell and see.
#
# ## Learning objectives
#
# After this notebook you can …
#
# - name the four numbers CartPole observes, their limits, and the two actions;
# - run an episode with Gymnasium's `reset`/`step` loop and read its reward, `terminated` and `truncated`;
# - tell termination (the pole fell) from truncation (time ran out) and say why learning must treat them differently;
# - measure a random-policy baseline and beat it with a policy you write yourself;
# - say why the heuristic `angle + angular_velocity` balances the pole, and what it still gets wrong.

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
# A quick check that your environment is ready for the whole series: the versions that matter,
# whether the sliders of later notebooks will render, whether CartPole can draw itself, whether the
# course's data loads. Each problem comes with its fix (the same check runs in a terminal as
# `python -m dqn_helpers doctor`).
#
# This notebook needs only two of the checks: the packages, and CartPole drawing itself. A
# `PROBLEM` with the widgets or the course data does not stop it, but fix it before notebook 02: the
# sliders of notebooks 02–05 need the widgets, notebooks 03 and 05 the course data. (Without the
# widgets, this notebook's *Predict* questions show as plain text instead of buttons.)

# %%
doctor()  # prints the report: one line per check, and a 'fix:' line under each problem
needed_here = [check_packages(), check_cartpole_renders()]  # what this notebook needs of it
missing = [check.name for check in needed_here if not check.ok]
assert not missing, f"this notebook needs {missing}: apply the 'fix:' lines above, then run this cell again"

# %% [markdown]
# ## The task
#
# A pole stands on a hinge on top of a cart, and the cart rolls on a frictionless track. At every
# step the agent picks one of two actions: push the cart left or push it right. The pole must stay
# upright and the cart must stay on the track.
#
# As in every reinforcement-learning task, the agent and the environment take turns: the agent sees
# the current **state**, picks an **action**, and the environment answers with the next state and a
# **reward** that says how good that was. We make the environment with `make_env`, a thin wrapper
# around `gymnasium.make("CartPole-v1")`:

# %%
env = make_env()  # = gymnasium.make("CartPole-v1")
print(env)
print("observation space:", env.observation_space)
print("action space:     ", env.action_space)

assert env.spec.id == CARTPOLE_ID
assert env.observation_space.shape == (4,) and env.action_space.n == 2

# %% [markdown]
# ## What the agent observes
#
# An observation is 4 real numbers. The observation space gives their bounds; the episode ends
# much earlier, at the termination limits in the last column:

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
# A few things to notice:
#
# - The position and angle bounds of the observation space are **twice** the termination limits
#   (±4.8 m and ±0.419 rad = ±24°), so an observation never leaves its space before the episode ends.
# - The velocities are unbounded in the space. In practice they stay small (a few units), because
#   the pole falls long before anything gets fast.
# - A positive angle means the pole leans to the **right**, a positive position that the cart is right of centre.
#
# The tutorial feeds these 4 numbers to its network as they are, without any scaling, and so will we.
# The code checks that the limits in our package agree with the environment itself:

# %%
cartpole = env.unwrapped  # the CartPoleEnv inside the wrappers, which holds the physics constants
assert cartpole.x_threshold == POSITION_LIMIT
assert np.isclose(cartpole.theta_threshold_radians, ANGLE_LIMIT)
assert np.isclose(np.degrees(ANGLE_LIMIT), 12.0)
assert np.allclose(env.observation_space.high[[0, 2]], [2 * POSITION_LIMIT, 2 * ANGLE_LIMIT])
assert np.isinf(env.observation_space.high[[1, 3]]).all()

# %% [markdown]
# ## Where an episode starts
#
# `env.reset(seed=…)` starts a new episode and returns the first observation (and an `info` dict,
# empty for CartPole). Each of the 4 numbers starts uniformly at random in $[-0.05, 0.05]$: the cart
# is near the centre and the pole is almost, but not quite, upright.

# %%
observation, info = env.reset(seed=0)
print("first observation:", observation, " info:", info)

starts = np.array([env.reset(seed=seed)[0] for seed in range(200)])
print("largest |number| over 200 starts:", np.abs(starts).max(axis=0).round(4))

assert observation.shape == (4,) and observation.dtype == np.float32
assert np.abs(starts).max() <= 0.05
assert np.array_equal(env.reset(seed=0)[0], observation)  # the same seed gives the same start

# %% [markdown]
# ## The actions and the dynamics, in words
#
# The action space is `Discrete(2)`: action `0` pushes the cart **left**, action `1` pushes it
# **right**, always with the same force of 10 N. There is no "do nothing": every step is a push.
#
# The simulation is a textbook inverted pendulum: a cart of 1 kg, a pole of 0.1 kg and half-length
# 0.5 m, gravity 9.8 m/s². Each step advances the equations of motion by one Euler step of 0.02 s,
# so 50 steps are one second of simulated time and a 500-step episode lasts 10 seconds.
#
# Pushing the cart right accelerates the cart to the right and, like a broom balanced on your palm
# when you move your hand, makes the pole swing to the **left**. Watch the first step from the
# start above:

# %%
print(f"force {cartpole.force_mag} N, cart {cartpole.masscart} kg, pole {cartpole.masspole} kg, ", end="")
print(f"half-length {cartpole.length} m, gravity {cartpole.gravity} m/s²")
print(f"one step: {cartpole.kinematics_integrator} integration over {cartpole.tau} s")
start, _ = env.reset(seed=0)
after_push_right, reward, terminated, truncated, info = env.step(1)
change = after_push_right - start
print("change after one push right:", ", ".join(f"{n} {c:+.3f}" for n, c in zip(names, change, strict=True)))

assert (cartpole.force_mag, cartpole.tau, cartpole.masscart, cartpole.masspole) == (10.0, 0.02, 1.0, 0.1)
assert change[1] > 0  # the cart speeds up to the right …
assert change[3] < 0  # … and the pole starts to rotate to the left

# %% [markdown]
# **Deterministic dynamics, random start.** The tutorial says the environment is deterministic.
# That is true of the *dynamics*: the same state and the same action always give the same next
# state. But the start state is random, so two episodes differ unless they start from the same
# seed. Two copies of the environment, started alike and given the same pushes, stay identical:

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
# ## Reward
#
# Every step gives a reward of $+1$, including the step on which the pole falls. The **return** of an
# episode of $T$ steps is therefore simply its length,
#
# $$G = \sum_{t=0}^{T-1} r_t = T,$$
#
# so an agent that collects more reward is an agent that balances longer. (Notebook 02 adds the
# discount factor $\gamma$.) Gymnasium counts CartPole-v1 as solved when the average return over
# 100 consecutive episodes reaches 475.
#
# ## One episode, step by step
#
# Here is the whole agent–environment loop, with a *random* agent that picks each push by coin flip.
# `env.step(action)` returns five things: the next observation, the reward, `terminated`,
# `truncated` and an `info` dict.

# %%
observation, info = env.reset(seed=0)
env.action_space.seed(0)  # makes the coin flips reproducible
total_reward, steps = 0.0, 0
while True:
    action = env.action_space.sample()  # a random push: 0 or 1
    observation, reward, terminated, truncated, info = env.step(action)
    total_reward += reward  # G = Σ r_t
    steps += 1
    if terminated or truncated:
        break

print(f"{steps} steps, return {total_reward}, terminated={terminated}, truncated={truncated}")
print("last observation:", ", ".join(f"{n} {x:+.3f}" for n, x in zip(names, observation, strict=True)))

assert terminated and not truncated
assert total_reward == steps  # +1 per step: the return is the episode length
assert env.spec.reward_threshold == 475  # "solved": a 100-episode average of 475
assert abs(observation[0]) > POSITION_LIMIT or abs(observation[2]) > ANGLE_LIMIT  # it really left the limits
assert np.abs(observation[[1, 3]]).max() < 5  # the velocities are still a few units at most

# %% [markdown]
# ## Termination versus truncation
#
# An episode can end in two very different ways, and Gymnasium reports them separately:
#
# - **`terminated=True`**: the task itself ended. The pole leaned past 12° or the cart left ±2.4 m,
#   as in the episode above. This is a *terminal state*: nothing comes after it, no more reward,
#   so the value of what follows is exactly 0.
# - **`truncated=True`**: a clock outside the task stopped the episode. `gymnasium.make` wrapped the
#   environment in a `TimeLimit` (you can see it in `print(env)` above) that cuts every episode at
#   500 steps. At that moment the pole is still up, and had the clock not stopped, the agent would
#   have kept collecting $+1$ per step.
#
# Why it matters: when DQN learns from a step, it adds to the reward an estimate of the value of
# the next state (notebook 02 writes it as $r + \gamma \max_{a'} Q(s', a')$). After termination the
# future is really empty, so that estimate must be 0. After truncation it is not: the agent must keep
# *bootstrapping* from $s'$, or it learns that balancing for 500 steps leads to disaster. The
# tutorial's code marks only terminated steps (`next_state = None`), which is right; notebook 02
# shows the difference in numbers.
#
# A random agent never lasts 500 steps, so to see the clock at work we make a copy of the
# environment with a very short clock of 10 steps, and replay the same random episode: the same
# start, the same coin flips.

# %%
ask("00.clock-stops")

# %%
short_env = gym.make(CARTPOLE_ID, max_episode_steps=10)  # the same task, with a 10-step time limit
observation, _ = short_env.reset(seed=0)
short_env.action_space.seed(0)  # the same coin flips as above
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
# Later in this notebook a hand-written controller reaches the real 500-step limit.
#
# ## A random baseline
#
# How long does the pole stay up if we push at random? `run_episodes(None, n, seed)` plays `n`
# episodes with random actions (episode `i` starts from `reset(seed=seed + i)`) and returns their
# lengths. This number is the floor that every agent in the course must beat.

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

assert 18 <= random_mean <= 26  # about 22, on any machine
assert random_durations.max() < MAX_EPISODE_STEPS  # random play never reaches the time limit
assert np.median(random_durations) < random_mean  # most episodes are shorter than the mean
assert 0 < (random_durations >= 50).sum() < 20  # a few last a second (50 steps) or more

# %% [markdown]
# About 22 steps, less than half a second of simulated time: the pole tips over almost at once,
# and no random episode comes anywhere near 500. (Most episodes are shorter than the mean: a few
# long ones pull the mean above the median.)
#
# ## Watch an episode
#
# `record_episode(policy, seed)` plays one episode and keeps a picture of every state
# (`render_mode="rgb_array"` draws into an image, no window needed); `animate` turns the pictures
# into a small player. Here is the random episode from seed 0, all of its frames:

# %%
frames, duration = record_episode(None, seed=0)  # None = random actions
print(f"{duration} steps, {len(frames)} frames of shape {frames[0].shape}")
assert len(frames) == duration + 1 and frames[0].shape == (400, 600, 3)
HTML(animate(frames, every=1, fps=10))  # slowed down to 10 frames per second: real time would be 50

# %% [markdown]
# ## Exercise: push towards the lean
#
# Balance a broom on your palm and you move your hand towards the side it falls to. Write a policy
# that does the same with the cart: given an observation, return `1` (push right) if the pole leans
# right and `0` (push left) otherwise. Which of the 4 numbers tells you where the pole leans?
# Then run the self-check below it.


# %%
def lean_policy(observation: np.ndarray) -> int:
    """Push the cart towards the side the pole leans: 1 (right) or 0 (left)."""
    raise NotImplementedError  # your code here


# %%
passed = check_lean_policy(lean_policy)

# %% [markdown]
# Reveal the solution (click the collapsed cell) when you are done or stuck.


# %% jupyter={"source_hidden": true} tags=["solution"]
# @title Solution { display-mode: "form" }
def lean_policy_solution(observation: np.ndarray) -> int:
    angle = observation[2]  # index 2 is the pole angle; positive means it leans right
    return 1 if angle > 0 else 0  # move the cart under the pole


assert check_lean_policy(lean_policy_solution)

# %% [markdown]
# ## Pushing towards the lean against random play
#
# The solution's rule plays the same 200 starts as random play did. Once your `lean_policy` passes
# the check, it plays them too; if it looks only at the sign of the angle, it scores the same.

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

assert 1.5 < lean_mean / random_mean < 2.5  # about twice as long as random play …
assert 30 < lean_mean < 50 and lean_durations.max() < 100  # … under a second on average, and never near 500

# %% [markdown]
# About twice as long as random play on average, yet still under a second of simulated time (50 steps)
# for a typical episode, and never more than a couple of seconds. Watch it fail (every second frame):

# %%
frames, duration = record_episode(lean_policy_solution, seed=0)
print(f"{duration} steps")
HTML(animate(frames, every=2, fps=10))

# %% [markdown]
# Why does it fail? Let's follow the pole angle through one episode. The small function `play` runs
# the same loop as before and keeps every observation:


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
crossings = np.flatnonzero(swings[1:] != swings[:-1]) + 1  # the steps at which the pole passes upright
peaks = [np.degrees(np.abs(swing).max()) for swing in np.split(lean_trace[:, 2], crossings)]
print("largest angle of each swing (°):", ", ".join(f"{peak:.1f}" for peak in peaks))

assert lean_terminated and abs(lean_trace[-1, 2]) > ANGLE_LIMIT
assert len(crossings) >= 2  # the pole swings from side to side before it falls …
assert all(np.diff(peaks[1:]) > 0)  # … and each full swing goes further out than the one before

# %% [markdown]
# The policy reacts only to where the pole *is*, not to where it is *going*. It keeps pushing the
# same way until the pole is upright again, but by then the pole swings fast towards the other
# side. Each swing overshoots more than the last, until one passes 12°.
#
# ## One more number: a look-ahead heuristic
#
# Where the pole is going is the fourth number, the angular velocity. A **heuristic** (a rule of
# thumb, not a law of physics) combines the two: push towards the side of `angle + angular_velocity`.
#
# Strictly, that sum adds radians to radians per second, which physics does not allow. Read it as
# angle + 1 s × angular velocity: roughly where the angle would be one second from now if the pole
# kept turning at its present speed. It is a crude look-ahead, units aside, and it is enough to
# brake the swings: when the pole still leans right but already swings back fast to the left, the
# sum is negative and the heuristic pushes left, which slows the swing, where the lean policy
# would push right and speed it up.
#
# Played from the same start as the plot above:

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
assert np.abs(look_trace[:, 2]).max() < ANGLE_LIMIT / 2  # it never even comes close to falling
assert np.abs(look_trace[100:, 2]).max() < np.abs(look_trace[:50, 2]).max() / 2  # the swings shrink

# %% [markdown]
# The swings shrink to a fraction of a degree instead of growing, and for the first time we see an
# episode **truncated** by the real 500-step limit: it ended because the clock ran out, with the
# pole upright, exactly the case in which a learner must still count on the future.
#
# ## How good is the heuristic?
#
# One start is not a measurement. Play the heuristic from the same 200 starts as before, and count
# how the episodes end:

# %%
ask("00.look-ahead-failures")

# %%
episodes = [play(look_ahead_policy, seed) for seed in range(200)]  # (observations, terminated, truncated)
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

assert n_truncated > 150  # most episodes reach the time limit …
assert len(off_track) > 0 and n_truncated + len(off_track) == 200  # … the others end with the cart off the track
assert n_fallen == 0 and largest_angle < ANGLE_LIMIT / 2  # the pole itself never comes close to falling

# %% [markdown]
# The heuristic balances the pole, but it never looks at the cart (numbers 0 and 1). Nothing stops
# the cart from drifting while the pole stays up, and from some starts it rolls off the track
# before the clock runs out. A better hand-made rule would weigh the cart's position and velocity
# too, with weights to be found by trial and error.
#
# We found this controller by thinking about physics. The point of DQN is that the agent will find
# a policy at least this good *from the reward alone*, without being told what the 4 numbers mean.

# %%
env.close()

# %% [markdown]
# ## Summary
#
# - CartPole-v1 observes 4 numbers (cart position and velocity, pole angle and angular velocity) and
#   has 2 actions (push left, push right); each start is random in ±0.05, the dynamics are deterministic.
# - Every step earns $+1$, so the return is the episode length; 475 on average over 100 episodes counts as solved.
# - **Terminated**: the pole passed 12° or the cart passed ±2.4 m, a real end with no future value.
#   **Truncated**: the 500-step clock ran out, the future still counts.
# - Random play lasts about 22 steps; pushing towards the lean about twice as long. The heuristic
#   `angle + angular_velocity`, a crude look-ahead, reaches the 500-step limit from most starts and
#   loses the others by letting the cart drift off the track.
#
# ## Next
#
# [01 · Replay memory](01_replay_memory.ipynb): where the agent keeps the steps it learns from, and
# why it learns from them in random order.
