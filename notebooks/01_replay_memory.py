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
# # 01 · Replay memory
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/dqn-course/dqn-cartpole/blob/main/notebooks/01_replay_memory.ipynb)
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/dqn-course/dqn-cartpole/main?urlpath=lab/tree/notebooks/01_replay_memory.ipynb)
# [中文版](zh/01_replay_memory.ipynb)
#
# **Time:** about 30 minutes
#
# A DQN agent does not learn from the step it has just taken. It stores every step in a **replay
# memory** and, at each update, learns from a random handful of old and new steps. This notebook
# shows why, and builds up the two memories the course uses: the tutorial's, and a faster one made
# of tensors.
#
# Along the way, **Predict** questions ask you what the next cell will show before you run it:
# answer, press *Check*, then run the cell and see.
#
# ## Learning objectives
#
# After this notebook you can …
#
# - explain, with a plot, why DQN learns from random mini-batches instead of consecutive steps;
# - use the tutorial's `Transition` and `ReplayMemory`, and say what happens when the memory is full;
# - read the ring buffer `TensorReplayMemory` and say how it stores a terminal step;
# - write the sampling function of a ring buffer yourself.

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

BATCH_SIZE = 128  # the tutorial's values: transitions per update …
MEMORY_CAPACITY = 10_000  # … and transitions the memory keeps

torch.manual_seed(0)
random.seed(0)  # ReplayMemory samples with Python's random module

# %% [markdown]
# ## Some experience to store
#
# A **transition** is one step of experience: the state $s$, the action $a$ taken in it, the next
# state $s'$ and the reward $r$. The tutorial names its parts in a `NamedTuple`:

# %%
show_source(Transition)

# %% [markdown]
# (The tutorial says its states are "screen difference images". That text is left over from an
# older version: in CartPole-v1 a state is the 4 numbers from notebook 00.)
#
# We need some experience to look at, so let's play random episodes until we have 10 000 steps,
# the tutorial's memory size. For each step we keep the 4 parts plus `terminated`, and which
# episode it came from:

# %%
env = make_env()
env.action_space.seed(0)
experience = []  # (state, action, next_state, reward, terminated), in the order they happened
episode_of = []  # the episode each step belongs to
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
assert 4.5 < BATCH_SIZE / (len(experience) / episode) < 6.5  # 128 steps in a row span five or six episodes

# %% [markdown]
# ## Why not learn from the steps as they come?
#
# The next cell draws two plots. On the left, the pole angle at step $t$ against the angle at step
# $t+1$ of the same episode, for every pair of neighbouring steps. On the right, the same steps go
# into a replay memory, a random sample is drawn from it as DQN does, and the angle of each sampled
# transition is plotted against the angle of the next one *in the sample*.
#
# Above each plot, the **correlation coefficient** $\rho$ says how well one number predicts the
# other: $\rho = 1$ when the points lie on a rising line, $\rho = 0$ when one tells nothing about
# the other.

# %%
ask("01.correlation")

# %%
memory = ReplayMemory(MEMORY_CAPACITY)
for state, action, next_state, reward, terminated in experience:
    memory.push(state, action, None if terminated else next_state, reward)  # the tutorial's convention

angles = np.array([state[2] for state, *_ in experience])
same_episode = episode_of[1:] == episode_of[:-1]  # pairs (t, t+1) that belong to one episode
now, then = angles[:-1][same_episode], angles[1:][same_episode]
rho_consecutive = np.corrcoef(now, then)[0, 1]  # ρ = cov(x, y) / (σ_x σ_y)

sample = memory.sample(1024)  # 1 024 transitions drawn at random, without replacement
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
# Neighbouring steps of an episode are nearly the same situation: 0.02 s apart, the pole has
# hardly moved, so the points lie on a line and knowing one angle you know the other. In the random
# sample the line is gone: neighbours there come from different moments of different episodes.
#
# Why does that matter? The network learns by gradient descent on mini-batches, and gradient
# descent works best when each batch is a fair, varied sample of everything the agent has seen.
# 128 consecutive steps are not: here they are five or six random episodes in a row; once the agent
# balances well, they are 2.5 seconds of a *single* episode, all with the pole nearly upright. The
# network would fit that moment, forget the rest, and fit the next moment instead.
#
# The replay memory fixes this, and it gives a second gift: **reuse**. Call the capacity $N$
# (`MEMORY_CAPACITY` = 10 000) and the batch size $B$ (`BATCH_SIZE` = 128). Each update draws $B$ of
# the $N$ stored transitions, so a given one is in the batch with probability $B/N$. With one push
# and one update per step, a transition stays in the full memory for $N$ updates, and so it is used
#
# $$N \cdot \frac{B}{N} = B = 128 \text{ times on average}$$
#
# before it is evicted, instead of once (the course's `default` preset trains every 4 steps with a
# memory of 100 000: about 32 times once the memory is full; a typical run solves in under 100 000
# steps, so its memory never fills and nothing is evicted at all). The same count for both settings:

# %%
for preset in ("tutorial", "default"):
    config = get_preset(preset)
    updates_per_step = config.gradient_steps / config.train_every
    steps_in_memory = config.memory_capacity  # one push per step: a transition is evicted N pushes later
    uses = steps_in_memory * updates_per_step * config.batch_size / config.memory_capacity  # N·(B/N) per update
    print(
        f"{preset:8}: N = {config.memory_capacity:7,d}, B = {config.batch_size}, "
        f"{updates_per_step:.2f} updates per step → each transition used {uses:.0f} times on average"
    )
    assert uses == {"tutorial": BATCH_SIZE, "default": 32}[preset]

# %% [markdown]
# ## The tutorial's `ReplayMemory`
#
# The tutorial's memory is "a cyclic buffer of bounded size that holds the transitions observed
# recently": a `deque` with a maximum length. Our version adds checks with clear error messages;
# the behaviour is the tutorial's.

# %%
show_source(ReplayMemory)

# %% [markdown]
# Read it, then predict what the next cell does: it makes a memory of capacity 3, pushes the
# transitions 0, 1, 2, 3, 4 into it (transition $k$ has the state $k$), and then asks it for a
# sample of 4.

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
assert isinstance(refused, ValueError)  # 4 distinct transitions out of 3 do not exist
assert sorted(transition.state for transition in tiny.sample(3)) == [2.0, 3.0, 4.0]  # all three, each once

# %% [markdown]
# Three things to read in the code:
#
# - `push(*args)` checks the transition first (finite states of one shape, an action among the
#   `n_actions`, a finite reward), then wraps its 4 arguments in a `Transition` and appends it. A
#   refused push raises a `ValueError` that names the problem and stores nothing.
# - `deque(maxlen=capacity)`: once the deque is full, `append` silently drops the element at the
#   other end, the oldest. The memory is **first in, first out** (FIFO): pushing 3 dropped 0, pushing
#   4 dropped 1.
# - `sample` is `random.sample`: `batch_size` *distinct* transitions, each stored one equally likely
#   (sampling **without replacement**). Asking for more than are stored is an error, which is why the
#   tutorial's training waits until the memory holds at least `BATCH_SIZE` transitions.

# %% [markdown]
# **Terminal steps.** The tutorial marks a step that *terminated* the episode by storing
# `next_state=None`: there is no next state to bootstrap from. A *truncated* step keeps its real
# next state (notebook 00 showed why). Our memory of random play is full, and its `None`s are
# exactly the terminated steps among the last 10 000:

# %%
kept = experience[-MEMORY_CAPACITY:]  # the memory holds the newest MEMORY_CAPACITY steps
n_terminal = sum(transition.next_state is None for transition in memory.memory)
print(f"{len(memory)} transitions, {n_terminal} of them terminal")
assert len(memory) == MEMORY_CAPACITY
assert n_terminal == sum(terminated for *_, terminated in kept)

# %% [markdown]
# To learn from a sample, the tutorial first *transposes* it, `Transition(*zip(*transitions))`:
# a batch of transitions becomes one transition of batches (all states, all actions, …). Then it
# joins each part into one tensor with `torch.cat`. `stack_transitions` does the same and returns
# a `Batch` of tensors (states, actions, next states, rewards and `terminated`); `terminated`
# replaces the `None`s, and a terminal row gets a zero next state that is never used:

# %%
show_source(stack_transitions)

# %%
COLUMNS = ("states", "actions", "next_states", "rewards", "terminated")  # what the learner uses of a batch
batch = stack_transitions(memory.sample(BATCH_SIZE))
for column in COLUMNS:
    tensor = getattr(batch, column)
    print(f"{column:12} {tuple(tensor.shape)!s:9} {tensor.dtype}")
assert batch.states.shape == batch.next_states.shape == (BATCH_SIZE, 4)
assert batch.actions.shape == batch.rewards.shape == batch.terminated.shape == (BATCH_SIZE,)

# %% [markdown]
# That is a lot of Python for every update: pick 128 objects one by one, then take each apart and
# put the parts back together, 128 times per field.
#
# ## A ring buffer of tensors: `TensorReplayMemory`
#
# `TensorReplayMemory` keeps the same data in tensors allocated once, one row per transition,
# `capacity` rows each. Push number $k$ (counting from 0) writes row $k \bmod \text{capacity}$, so
# once the buffer is full each push overwrites the oldest row: the same FIFO as the deque, with no
# data moving around. Sampling picks row numbers and gathers those rows from every tensor at once.
# Like the deque, a push checks the whole transition before it writes anything, so a refused push
# cannot leave half a row behind.

# %%
show_source(TensorReplayMemory)

# %% [markdown]
# The capacity-3 example again: the next cell pushes transitions 0 … 4 into a
# `TensorReplayMemory` of capacity 3, then prints its rows in order, and its `transitions()`.

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

assert rows == [3.0, 4.0, 2.0]  # push 3 overwrote row 0, push 4 row 1
assert oldest_first == [transition.state for transition in tiny.memory] == [2.0, 3.0, 4.0]

# %% [markdown]
# Rows are overwritten in a circle: push 3 wrote row 0 and push 4 row 1, so the rows hold 3, 4, 2.
# `transitions()` lists them oldest first, exactly like the deque.
#
# **`terminated` is its own column.** A tensor cannot hold `None`, so `push` takes a fifth argument,
# `terminated`, and stores it in a boolean column. The terminal row keeps the real final
# observation, the one beyond the limits. And it is `terminated`, not `terminated or truncated`:
# a truncated step is stored with `terminated=False`, so the learner will still bootstrap from it.
#
# We fill one with the same 10 000 steps:

# %%
tensor_memory = TensorReplayMemory(MEMORY_CAPACITY, n_observations=4, seed=0)
for state, action, next_state, reward, terminated in experience:
    tensor_memory.push(state, action, next_state, reward, terminated)

terminal_rows = tensor_memory.terminated.nonzero().squeeze(1)
final = tensor_memory.next_states[terminal_rows[0]]
print(f"{int(tensor_memory.terminated.sum())} terminal rows; the first one's final observation: {final.numpy()}")

assert int(tensor_memory.terminated.sum()) == n_terminal  # the same terminal steps as the deque
assert abs(final[0]) > POSITION_LIMIT or abs(final[2]) > ANGLE_LIMIT  # a real final observation, past a limit
in_deque, in_tensors = stack_transitions(list(memory.memory)), stack_transitions(tensor_memory.transitions())
assert all(torch.equal(getattr(in_deque, c), getattr(in_tensors, c)) for c in COLUMNS)  # same, in the same order

# %% [markdown]
# ## The two memories side by side
#
# Both memories now hold the same 10 000 transitions. How long does each take to store one
# transition, and to hand the learner a batch of `BATCH_SIZE` as tensors? The timings are of this
# machine, right now, so they vary from run to run. As usual when timing code, `timeit` runs each
# measurement a few times and we keep the fastest: the others were slowed down by something else.


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
# Read the table like this:
#
# - **Push**: both first check the transition. Then the deque only stores a reference, while the
#   ring buffer copies the numbers into its rows (4 + 4 for the two states, then action, reward and
#   `terminated`), so the deque is faster here (about twice, on our machine). Either way it takes
#   microseconds.
# - **Sample**: here the ring buffer usually wins by far. The deque's batch is built from 128
#   Python objects, field by field; the ring buffer draws 128 row numbers and gathers those rows
#   from each of its tensors.
#
# A training step does one push and (in the tutorial) one sample, so the sample is what counts.
# The course's trainer in notebook 04 uses `TensorReplayMemory`. Both memories must give the
# learner the same thing, and they do:

# %%
deque_batch = stack_transitions(memory.sample(BATCH_SIZE))
tensor_batch = tensor_memory.sample(BATCH_SIZE)
stored_states = {tuple(state.tolist()) for state, *_ in kept}
for name, batch in (("ReplayMemory", deque_batch), ("TensorReplayMemory", tensor_batch)):
    shapes = [tuple(getattr(batch, column).shape) for column in COLUMNS]
    print(f"{name:18} {int(batch.terminated.sum())} terminal rows, shapes {shapes}")
    assert isinstance(batch, Batch)
    assert shapes == [(BATCH_SIZE, 4), (BATCH_SIZE,), (BATCH_SIZE, 4), (BATCH_SIZE,), (BATCH_SIZE,)]
    assert all(tuple(row) in stored_states for row in batch.states.tolist())  # every row is a stored step
    assert len({tuple(row) for row in batch.states.tolist()}) == BATCH_SIZE  # no transition twice
    assert (batch.rewards == 1.0).all() and set(batch.actions.tolist()) <= {0, 1}

assert (deque_batch.next_states[deque_batch.terminated] == 0).all()  # a placeholder for None
assert (tensor_batch.next_states[tensor_batch.terminated].abs().amax(dim=1) > 0).all()  # the real final state

# %% [markdown]
# (The last check shows the one difference: in the deque's batch a terminal row's next state is
# the zero placeholder; the ring buffer kept the real final observation. The learner never looks
# at either, because the TD target of a terminated step is just $r$: notebook 02.)
#
# ## Exercise: sample from the ring buffer
#
# Write `sample(memory, batch_size)` for a `TensorReplayMemory` without using its own `sample`.
# It must return a `Batch(states, actions, next_states, rewards, terminated)` of `batch_size`
# transitions, and:
#
# - draw only **filled** rows: while the memory is not full yet, rows `len(memory)` and beyond
#   hold zeros, not transitions. (Why are the filled rows always `0 … len(memory) - 1`?)
# - draw **without replacement**, each filled row equally likely;
# - use the **same rows** for all 5 tensors, so each batch row is one transition;
# - raise a `ValueError` when `batch_size` is larger than `len(memory)`.
#
# The tensors are `memory.states`, `memory.actions`, `memory.next_states`, `memory.rewards` and
# `memory.terminated`. Useful: `torch.randperm(n)` is a random order of `0 … n-1`, and a tensor
# indexed with a tensor of row numbers, `memory.states[rows]`, gathers those rows.


# %%
def sample(memory: TensorReplayMemory, batch_size: int) -> Batch:
    """``batch_size`` distinct stored transitions of ``memory``, chosen uniformly, as a Batch."""
    raise NotImplementedError  # your code here


# %%
passed = check_sample(sample)

# %% [markdown]
# Reveal the solution (click the collapsed cell) when you are done or stuck.


# %% jupyter={"source_hidden": true} tags=["solution"]
# @title Solution { display-mode: "form" }
def sample_solution(memory: TensorReplayMemory, batch_size: int) -> Batch:
    stored = len(memory)  # rows 0 … stored-1 are filled: pushes fill row 0, 1, 2, … before wrapping around
    if batch_size > stored:
        raise ValueError(f"cannot sample {batch_size} transitions: the memory holds only {stored}")
    rows = torch.randperm(stored)[:batch_size]  # distinct rows, each equally likely
    return Batch(  # the same rows from every tensor: row i of the batch is one transition
        memory.states[rows],
        memory.actions[rows],
        memory.next_states[rows],
        memory.rewards[rows],
        memory.terminated[rows],
    )


assert check_sample(sample_solution)

# %% [markdown]
# `torch.randperm(stored)` shuffles *all* the row numbers to keep 128 of them. That is fine for
# 10 000 rows, but the course's `default` preset keeps 100 000, and shuffling those takes
# milliseconds per batch. The package's `sample` instead asks NumPy for 128 distinct rows directly
# (`Generator.choice(len(self), size=batch_size, replace=False)`), which takes microseconds at any size.
#
# Your function (or the solution, until yours passes) on the full memory:

# %%
sample_fn = sample if passed else sample_solution
batch = sample_fn(tensor_memory, BATCH_SIZE)
print("first three rows:\n", batch.states[:3], "\nactions", batch.actions[:3], "terminated", batch.terminated[:3])
assert batch.states.shape == (BATCH_SIZE, 4) and batch.terminated.dtype == torch.bool

# %% [markdown]
# ## Summary
#
# - Consecutive steps are strongly correlated (ρ ≈ 0.99 for the pole angle); steps drawn at random
#   from a replay memory are not. Learning from random mini-batches keeps gradient descent fed with
#   varied data, and reuses each transition about `BATCH_SIZE` times with one update per step
#   (32 times in the course's `default` preset once its memory of 100 000 is full; it updates every 4 steps).
# - The tutorial's `ReplayMemory` is a `deque(maxlen=capacity)` of `Transition`s: FIFO eviction,
#   `random.sample` without replacement, `next_state=None` for a terminated step.
# - `TensorReplayMemory` is a ring buffer of preallocated tensors (row $k \bmod$ capacity), stores
#   `terminated` as its own column (truncated steps are not terminal), and returns a whole `Batch`
#   in one gather: same contents, much less Python per batch.
#
# ## Next
#
# [02 · Bellman, TD error, Huber loss](02_bellman_td_huber.ipynb): what the learner computes from
# each sampled transition.
