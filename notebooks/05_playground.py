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
from dqn_helpers.atlas import EPISODES, GRID, SEEDS, load_atlas
from dqn_helpers.exercises import check_band
from dqn_helpers.plots import band
from dqn_helpers.widgets import playground_ui

# %% [markdown]
# ## The playground
#
# - **preset**: the starting point, `default` (the course's, notebook 04) or `tutorial`; choosing one
#   moves the knobs to its values. Everything you do not set here stays as the preset has it.
# - **EPS_START, EPS_END, EPS_DECAY**: the ε-greedy schedule (notebook 03), drawn in the middle panel.
# - **τ**: how fast the target network follows the policy network (notebook 04); 1 copies it every step.
# - **lr**: AdamW's learning rate. EPS_DECAY, τ and lr move in roughly ×2–×3 steps (a log scale).
# - **seed** and **episodes**: which run, and how long (the playground does not stop when solved, so
#   you see what happens after).
#
# Press **Train**: the curve of the 100-episode mean grows live (the faint line is each episode's
# duration), with the ε schedule and the loss beside it. **Stop** ends the run within a step and keeps
# it. Every run stays on the plot, labelled with the knobs that differ from the preset, until **Clear**.
# Runs of the same setting with different seeds are drawn as one band (median and range).
#
# **Live or precomputed?** Training a few hundred episodes takes tens of seconds per run, and comparing
# settings takes many runs, so the course ships an *atlas*: the `default` preset trained for 400
# episodes with 3 seeds at every combination of EPS_DECAY ∈ {500, 2000, 8000}, τ ∈ {0.005, 0.05, 1}
# and lr ∈ {1e-4, 3e-4, 3e-3}. When the knobs sit on such a point (with the `default` preset and its
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
# are already on the plot. Moving **lr** to 3e-3 shows that grid point's runs instead:

# %%
playground.controls["lr"].value = 3e-3
assert len(playground.atlas_runs) == 3 and all(run.config.lr == 3e-3 for run in playground.atlas_runs)
playground.controls["tau"].value = 0.02  # not on the grid: nothing precomputed to show
assert playground.atlas_runs == [] and "Not a precomputed point" in playground.status.value
playground.reset()  # every knob back to the default preset
assert len(playground.atlas_runs) == 3
#
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
# We summarise a run by its 100-episode mean after the last of its 400 episodes (and, where it matters,
# the best value it reached on the way):


# %%
def final_means(eps_decay=2000, tau=0.005, lr=3e-4):
    """Each seed's 100-episode mean at the end of the atlas runs for one setting (seeds 0, 1, 2)."""
    return [run.mean100[-1] for run in atlas.at(eps_decay, tau, lr)]


def best_means(eps_decay=2000, tau=0.005, lr=3e-4):
    """Each seed's best 100-episode mean during the run."""
    return [max(run.mean100) for run in atlas.at(eps_decay, tau, lr)]


baseline = final_means()
print("default (EPS_DECAY 2000, τ 0.005, lr 3e-4), final means of seeds 0, 1, 2:", [round(m) for m in baseline])
assert np.median(baseline) > 200

# %% [markdown]
# ### 1. A learning rate ten times too high
#
# Set **lr** to 3e-3 (τ 0.005, EPS_DECAY 2000). *Prediction?* A bigger step learns faster — at first.
# But each update now moves the Q-values so far that the targets computed from them jump around too:
# the agent reaches long episodes well before the default setting does, then forgets much of it (two
# of the three seeds fall far below their best), and every seed ends below the default setting.

# %%
fast, fast_best = final_means(lr=3e-3), best_means(lr=3e-3)
early = {lr: [run.mean100[150] for run in atlas.at(2000, 0.005, lr)] for lr in (3e-3, 3e-4)}  # at episode 150
print(
    "lr 3e-3: at episode 150",
    [round(m) for m in early[3e-3]],
    "best",
    [round(m) for m in fast_best],
    "→ final",
    [round(m) for m in fast],
)
print("lr 3e-4 (default): at episode 150", [round(m) for m in early[3e-4]], "final", [round(m) for m in baseline])
assert min(early[3e-3]) > max(early[3e-4])  # faster at first
assert sum(best > final + 100 for best, final in zip(fast_best, fast, strict=True)) >= 2  # rose, then fell back
assert all(f < d for f, d in zip(fast, baseline, strict=True))  # seed by seed

# %% [markdown]
# ### 2. No target network: τ = 1
#
# Set **τ** to 1 (lr back to 3e-4). Now $\theta' \leftarrow \theta$ every step: the target is the network
# being trained, and every update also moves the target it is chasing. Here that is fatal: within
# 200–250 episodes, while ε is still above 0.2, the agent settles into pushing one way, about 10 steps
# an episode — worse than random — for the rest of the 400. Try τ = 0.05 as well: at lr 3e-4 it ends
# the same way. (About 10 steps means "one action everywhere", not one particular cause: a learning
# rate that is too low, 1e-4, also ends there within 400 episodes.)

# %%
copied = final_means(tau=1.0)
print("τ = 1: final", [round(m) for m in copied], " τ = 0.05:", [round(m) for m in final_means(tau=0.05)])
assert max(copied) < 20 and max(final_means(tau=0.05)) < 20
assert all(np.mean(run.durations[250:]) < 12 for run in atlas.at(2000, 1.0, 3e-4))  # from episode 250 on
assert max(final_means(lr=1e-4)) < 20  # too low a learning rate ends there too

# %% [markdown]
# ### 3. Exploring too briefly
#
# Set **EPS_DECAY** to 500 (τ 0.005, lr 3e-4). ε falls to its end value four times sooner, within the
# first hundred or so short episodes, before the network knows anything: the agent commits early to
# what it has seen. Every seed ends lower than with the default 2000. Then try 8000 (ε stays high for
# longer): in the atlas its median seed ends about where 2000's does, and one seed ends far lower; with
# three seeds that is no clear difference.

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
assert all(b < d for b, d in zip(brief, baseline, strict=True))  # seed by seed
assert abs(np.median(long) - np.median(baseline)) < 50 and min(long) < min(baseline) - 100

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
# setting land apart. Before calling one setting better than another, check that the difference is
# larger than this spread.

# %%
spread = max(baseline) - min(baseline)
print(f"default setting, 3 seeds: final 100-episode means {[round(m) for m in baseline]}, spread {spread:.0f}")
assert spread > 50  # the same setting, three seeds, about 80 steps apart

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
# - A learning rate that is too high learns fast and then forgets.
# - The target network matters: with τ = 1 (or even 0.05, at lr 3e-4) the target moves with every
#   update, and within a few hundred episodes the agent only pushes one way.
# - Exploration has to last long enough: with EPS_DECAY 500 every seed ends worse; without any
#   exploration the agent may never try the other action.
# - RL is noisy. Compare settings over several seeds (a band), not one run each.
#
# Where to go from here: the command line (`python -m dqn_helpers train --help`) trains and saves agents
# outside a notebook, and the README lists what the course measured about speed and reliability.
