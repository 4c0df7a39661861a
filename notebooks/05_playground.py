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
# # 05 · Playground: turn the knobs
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/dqn-course/dqn-cartpole/blob/main/notebooks/05_playground.ipynb)
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/dqn-course/dqn-cartpole/main?urlpath=lab/tree/notebooks/05_playground.ipynb)
#
# **Time:** about 30 minutes (longer if you keep playing).
#
# Notebook 04 trained one agent with one setting. Here you change the settings yourself — the
# exploration schedule, the target network's τ, the learning rate — and watch what each does to
# learning, live, side by side with earlier runs.
#
# ## Learning objectives
#
# After this notebook you can
#
# - predict what a too-high learning rate, a hard-copied target network (τ = 1) or too little
#   exploration does to DQN's learning curve, and recognise it when you see it;
# - tell a real difference between two settings from seed-to-seed noise, by running several seeds;
# - summarise several seeds' curves as a median and a band.

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
import numpy as np

from dqn_helpers import show_source
from dqn_helpers.playground.atlas import EPISODES, GRID, SEEDS, load_atlas
from dqn_helpers.playground.model import band
from dqn_helpers.playground.ui import playground_ui
from dqn_helpers.teaching.exercises import check_band

# %% [markdown]
# ## The playground
#
# - **preset**: the starting point, `default` (the course's, notebook 04) or `tutorial`; choosing one
#   moves the knobs to its values. Everything you do not set here stays as the preset has it.
# - **EPS_START, EPS_END, EPS_DECAY**: the ε-greedy schedule (notebook 03), drawn top right.
# - **τ**: how fast the target network follows the policy network (notebook 04); 1 copies it every step.
# - **lr**: AdamW's learning rate, where it starts: the `default` preset lowers it to a tenth over
#   25 000 updates (notebook 04). EPS_DECAY, τ and lr move in roughly ×2–×3 steps (a log scale).
# - **seed** and **episodes**: which run, and how long (the playground does not stop when solved, so
#   you see what happens after).
#
# Press **Train**: the curve of the 100-episode mean grows live (the faint line is each episode's
# duration), with the legend below it and the ε schedule and the loss beside it. **Stop** ends the run
# within a step and keeps it. Every run stays on the plot, labelled with the knobs that differ from the
# preset, until **Clear**.
# Runs of the same setting with different seeds are drawn as one band (median and range).
#
# **Live or precomputed?** Training a few hundred episodes takes tens of seconds per run, and comparing
# settings takes many runs, so the course ships an *atlas*: the `default` preset trained for 400
# episodes with 3 seeds at every combination of EPS_DECAY ∈ {500, 2000, 8000}, τ ∈ {0.005, 0.05, 1}
# and lr ∈ {1e-4, 1e-3, 1e-2}. When the knobs sit on such a point (with the `default` preset and its
# EPS_START and EPS_END), the atlas runs appear at once as a **dashed** band marked *precomputed*.
# Solid lines are runs you trained *live*, here.

# %%
playground = playground_ui()
playground

# %% [markdown]
# Running this cell again replaces the playground (and stops its training, if any), so no training is
# left running in the background.
#
# The knobs start on the `default` preset, which is a grid point: the three dashed precomputed seeds
# are already on the plot. Moving **lr** to 1e-2 shows that grid point's runs instead:

# %%
playground.controls["lr"].value = 1e-2
assert len(playground.atlas_runs) == 3 and all(run.config.lr == 1e-2 for run in playground.atlas_runs)
playground.controls["tau"].value = 0.02  # not on the grid: nothing precomputed to show
assert playground.atlas_runs == [] and "Not a precomputed point" in playground.status.value
playground.reset()  # every knob back to the default preset
assert len(playground.atlas_runs) == 3

# %% [markdown]
# The atlas is real data, made by `python -m dqn_helpers atlas` (anyone can rebuild it). Here is what
# it holds:

# %%
atlas = load_atlas()
settings = len(GRID["eps_decay"]) * len(GRID["tau"]) * len(GRID["lr"])
print(f"{len(atlas.runs)} runs: {settings} settings × {len(SEEDS)} seeds, {EPISODES} episodes each")
if atlas.build_seconds:
    print(f"built in {atlas.build_seconds / 60:.0f} minutes")
assert len(atlas.runs) == len(GRID["eps_decay"]) * len(GRID["tau"]) * len(GRID["lr"]) * len(SEEDS)
assert all(len(run.durations) == EPISODES for run in atlas.runs)

# %% [markdown]
# A quick live run, the way the **Train** button starts one (CI runs this cell, so it is short):
# 30 episodes of the `default` preset with seed 7.

# %%
playground.reset()  # the default preset, whatever you changed above
run = playground.run_now(episodes=30, seed=7)  # sets the knobs, presses Train, waits for the end
print(f"{run.status}: {len(run.durations)} episodes, last 100-episode mean {run.mean100[-1]:.1f}")
assert run.status == "completed" and len(run.durations) == 30 and run.seed == 7
playground.controls["episodes"].value = 300  # back to a useful length for your own runs

# %% [markdown]
# ## A guided tour
#
# Four experiments. For each: set the knobs as described (the first three are on the atlas grid, so
# their curves appear at once), predict what you will see, then compare with the explanation. The
# cells below each one read the same precomputed runs, so you can check the numbers.
#
# We summarise a run by its 100-episode mean after the last of its 400 episodes, the best value it
# reached on the way, and whether it *solved* CartPole (a 100-episode mean of 475 or more, at any point):


# %%
def final_means(eps_decay=2000, tau=0.005, lr=1e-3):
    """Each seed's 100-episode mean at the end of the atlas runs for one setting (seeds 0, 1, 2)."""
    return [run.mean100[-1] for run in atlas.at(eps_decay, tau, lr)]


def best_means(eps_decay=2000, tau=0.005, lr=1e-3):
    """Each seed's best 100-episode mean during the run."""
    return [max(run.mean100) for run in atlas.at(eps_decay, tau, lr)]


def solved(eps_decay=2000, tau=0.005, lr=1e-3):
    """How many of the seeds solved: a 100-episode mean of at least 475 (from episode 100 on)."""
    return sum(max(run.mean100[99:]) >= 475 for run in atlas.at(eps_decay, tau, lr))


def at_episode(episode, eps_decay=2000, tau=0.005, lr=1e-3):
    """Each seed's 100-episode mean at one episode of the run."""
    return [run.mean100[episode] for run in atlas.at(eps_decay, tau, lr)]


baseline = final_means()
print("default (EPS_DECAY 2000, τ 0.005, lr 1e-3), final means of seeds 0, 1, 2:", [round(m) for m in baseline])
print(f"solved: {solved()} of 3 seeds")
assert min(baseline) > 425 and solved() == 3

# %% [markdown]
# ### 1. A learning rate ten times too high
#
# Set **lr** to 1e-2 (τ 0.005, EPS_DECAY 2000). *Prediction?* A bigger step should learn faster — at
# first. Here it does not even do that: at episode 150 the two learning rates are within seed noise.
# Then the bigger steps keep moving the Q-values, and the targets computed from them, too far for the
# agent to settle: it stalls, and no seed's 100-episode mean gets past about 300, while all three
# default seeds solve (by episode 385). Every seed ends well below the default's worst.
# (Ten times too low, 1e-4, is slow instead: still below 50 at episode 250, ending at 200–244.)

# %%
fast, fast_best, slow = final_means(lr=1e-2), best_means(lr=1e-2), final_means(lr=1e-4)
early = {lr: at_episode(150, lr=lr) for lr in (1e-2, 1e-3)}
print(
    "lr 1e-2: at episode 150",
    [round(m) for m in early[1e-2]],
    "best",
    [round(m) for m in fast_best],
    "→ final",
    [round(m) for m in fast],
)
print("lr 1e-3 (default): at episode 150", [round(m) for m in early[1e-3]], "final", [round(m) for m in baseline])
print("lr 1e-4: at episode 250", [round(m) for m in at_episode(250, lr=1e-4)], "final", [round(m) for m in slow])
assert min(early[1e-2]) < max(early[1e-3]) and min(early[1e-3]) < max(early[1e-2])  # the seeds overlap
assert max(fast_best) < 350 and solved(lr=1e-2) == 0  # stalls …
assert all(max(run.mean100[99:386]) >= 475 for run in atlas.at(2000, 0.005, 1e-3))  # … the default solves
assert max(fast) < min(baseline) - 100  # every seed below the default's worst
assert max(at_episode(250, lr=1e-4)) < 50 and 190 < min(slow) <= max(slow) < 250 and solved(lr=1e-4) == 0

# %% [markdown]
# ### 2. No target network: τ = 1
#
# Set **τ** to 1 (lr back to 1e-3). Now $\theta' \leftarrow \theta$ every step: the target is the network
# being trained, and every update also moves the target it is chasing. The agent still learns, but
# does not keep it: two of the three seeds fall back to about 10 steps an episode (one action
# everywhere) for 50 episodes or more mid-run before climbing again, and no seed solves; they end at
# 134–171. Try τ = 0.05 as well: a target twenty times quicker than the default's. All three seeds
# climb higher (best 100-episode means 282–444) and none holds it: they end at 67–157, and one
# (seed 2) collapses to about 10 steps an episode for 50 episodes in a row.

# %%
copied, between = final_means(tau=1.0), final_means(tau=0.05)
print("τ = 1: final", [round(m) for m in copied], " τ = 0.05: final", [round(m) for m in between])


def lowest_stretch(run, start=100, length=50):
    """The lowest mean duration over `length` consecutive episodes, from episode `start` on."""
    return min(np.mean(run.durations[i : i + length]) for i in range(start, len(run.durations) - length + 1))


assert sum(lowest_stretch(run) < 15 for run in atlas.at(2000, 1.0, 1e-3)) >= 2  # fell back to ~10 steps
assert solved(tau=1.0) == 0 and 100 < min(copied) <= max(copied) < 200
collapsed = atlas.at(2000, 0.05, 1e-3)[2]  # seed 2
assert solved(tau=0.05) == 0 and min(best_means(tau=0.05)) > 250 and max(between) < 200  # rose, then fell
assert max(collapsed.mean100) > 250 and lowest_stretch(collapsed) < 15  # from its best to ~10 steps

# %% [markdown]
# ### 3. Exploring too briefly
#
# Set **EPS_DECAY** to 500 (τ 0.005, lr 1e-3). ε falls to its end value four times sooner, within the
# first hundred or so short episodes, before the network knows anything: the agent commits early to
# what it has seen. At episode 150 every seed is still at about 12 steps (the default's: 79–120); then
# they climb later and less far: none solves, and they end at 114–437, every seed below the
# default's worst. Then try 8000 (ε stays high for longer): the curve, which shows the exploring
# agent, rises later (at episode 150 the median seed is at 39, the default's at 103). Two seeds solve,
# later than the default's (at episodes 390 and 399), the third ends at 350: later, perhaps no worse
# in the end — three seeds cannot tell.

# %%
brief, long = final_means(eps_decay=500), final_means(eps_decay=8000)
print(
    "EPS_DECAY 500:",
    [round(m) for m in brief],
    " 2000:",
    [round(m) for m in baseline],
    " 8000:",
    [round(m) for m in long],
)
at150 = {eps_decay: at_episode(150, eps_decay=eps_decay) for eps_decay in (500, 2000, 8000)}
print("at episode 150:", {eps_decay: [round(m) for m in means] for eps_decay, means in at150.items()})
assert max(at150[500]) < 20 and min(at150[2000]) > 50  # stuck early, unlike the default
assert solved(eps_decay=500) == 0 and max(brief) < min(baseline)  # later, and less far
assert np.median(at150[8000]) < np.median(at150[2000]) - 30  # later
assert solved(eps_decay=8000) == 2 and min(long) > 300

# %% [markdown]
# ### 4. No exploration at all (live)
#
# Set **EPS_START** and **EPS_END** to 0 and train (this one is not in the atlas: the curve is solid).
# The agent always takes $\arg\max_a Q(s, a)$ of a network that knows nothing yet. With no random
# actions it only ever sees the consequences of its own choices. With seed 1 the untrained network
# prefers the same action in every state, so the cart is pushed one way until the pole falls, about
# 9 steps — worse than random play (about 22 steps, notebook 00) — and nothing ever shows it the other
# action. Here is a short version of that run:

# %%
playground.reset()
greedy_only = playground.run_now(eps_start=0.0, eps_end=0.0, episodes=40, seed=1)
print(f"ε = 0, seed 1: mean duration over 40 episodes {np.mean(greedy_only.durations):.1f}")
assert np.mean(greedy_only.durations) < 11  # stuck pushing one way: about 9 steps
# (other seeds differ: an untrained network can also happen to balance for a while, then lose it)
playground.reset()  # ε back to the default preset's schedule
playground.controls["episodes"].value = 300

# %% [markdown]
# ### And the seeds
#
# Pick any setting and train it with seeds 0, 1, 2: the band shows how far runs of the *same*
# setting land apart. The default setting happens to be a tight one (its seeds end within about 15
# steps of each other), but across the atlas's 27 settings the median spread is about 90 steps, and
# with EPS_DECAY 500 and τ = 1 the three seeds end anywhere from 133 to 500. Before calling one
# setting better than another, check that the difference is larger than this spread.

# %%
spread = max(baseline) - min(baseline)
print(f"default setting, 3 seeds: final 100-episode means {[round(m) for m in baseline]}, spread {spread:.0f}")
points = [(eps_decay, tau, lr) for eps_decay in GRID["eps_decay"] for tau in GRID["tau"] for lr in GRID["lr"]]
spreads = [max(final_means(*point)) - min(final_means(*point)) for point in points]
print(f"all {len(points)} settings: median spread {np.median(spreads):.0f}, largest {max(spreads):.0f}")
assert spread < 20  # the default: three seeds close together
widest = final_means(eps_decay=500, tau=1.0)
assert 80 < np.median(spreads) < 110 and max(widest) - min(widest) > 350  # 133 … 500

# %% [markdown]
# ## Exercise: summarise seeds as a band
#
# Write `my_band(curves)`: given a list of curves (one list of 100-episode means per seed, possibly of
# different lengths), return three arrays — per episode, the **median**, the **lowest** and the
# **highest** value across seeds — cut to the shortest curve so every point summarises all seeds.
# Hint: `np.array([curve[:length] for curve in curves])` has shape (seeds, episodes).


# %%
def my_band(curves):
    raise NotImplementedError  # your code here


# %%
passed = check_band(my_band)

# %% [markdown]
# Reveal the solution (click the collapsed cell) when you are done or stuck.


# %% jupyter={"source_hidden": true} tags=["solution"]
# @title Solution { display-mode: "form" }
def band_solution(curves):
    length = min(len(curve) for curve in curves)  # cut to the shortest curve
    values = np.array([curve[:length] for curve in curves], dtype=float)  # (seeds, episodes)
    return np.median(values, axis=0), values.min(axis=0), values.max(axis=0)  # across seeds: axis 0


assert check_band(band_solution)

# %% [markdown]
# The playground draws its bands with the package's version of the same function:

# %%
show_source(band)

# %% [markdown]
# ## Summary
#
# - A learning rate ten times too high (1e-2) was no faster here and stalled far below solved; ten
#   times too low (1e-4) was slow. Of the three, only the default 1e-3 solved, with every seed.
# - The target network matters: with τ = 1 the target moves with every update, the curves swing and
#   no seed solves; with τ = 0.05 the seeds climb higher and then fall back, one to ~10 steps.
# - Exploration has to last long enough: with EPS_DECAY 500 every seed ends worse, and 8000 starts
#   later; without any exploration the agent may never try the other action.
# - RL is noisy. Compare settings over several seeds (a band), not one run each.
#
# Where to go from here: the command line (`python -m dqn_helpers train --help`) trains and saves agents
# outside a notebook, and the README lists what the course measured about speed and reliability.
