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
# # 06 · When DQN goes wrong, and how it got better
#
# [![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/dqn-course/dqn-cartpole/blob/main/notebooks/06_when_dqn_goes_wrong.ipynb)
# [![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/dqn-course/dqn-cartpole/main?urlpath=lab/tree/notebooks/06_when_dqn_goes_wrong.ipynb)
# [中文版](zh/06_when_dqn_goes_wrong.ipynb)
#
# **Time:** about 50 minutes.
#
# Notebook 04's agent learned. Many who follow the PyTorch DQN tutorial write to ask why theirs does
# not, or why it learns and then forgets (pytorch/tutorials issues #263, #683, #1755, #1894, #3080).
# The tutorial itself has drawn such reports, and in one's own code the cause is often a single line.
# This notebook shows what each classic mistake does to a run, with real runs
# over several seeds, so that you can recognise one when you see it, and tell it from bad luck. Then
# it measures how far DQN's Q-values are from the truth, the max in its target being the usual suspect,
# and tests the one-line change meant to address it, Double DQN.
#
# ## Learning objectives
#
# After this notebook you can
#
# - read a run's three curves (the 100-episode mean, the loss, the mean max-Q) and match the classic
#   DQN bugs to the curves they make;
# - decide whether a run that fails is unlucky or broken, by placing it among seeds of its setting;
# - explain why $\max_{a'}$ over noisy estimates is biased upwards, and measure how far CartPole's
#   Q-values are from the returns the agent really gets;
# - write the Double DQN target and say what it changed here, and what it did not;
# - name what came after DQN: dueling networks, prioritized replay, n-step returns, Rainbow.

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
# ## 1. The bug zoo
#
# The course ships a *zoo*: notebook 04's run (the `default` preset with the tutorial's Huber loss,
# 400 episodes, no early stop), once as it should be and once with each classic bug planted. Every run
# was made by `train()`, the loop notebook 04 read, with a broken TD loss (`broken_td_loss(bug)`, the
# very bugs 04's self-check names) or one setting changed; nothing is a copy of the training loop.
# `python -m dqn_helpers zoo` rebuilds it. The seeds, 900 to 909, played no part in choosing any
# setting of the course: they only measure.

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
# ### Reading a run: three curves
#
# Each column below is one setting, each row one curve, drawn as a *band*: the median over the seeds
# (the line) and the range from the lowest to the highest seed (the shading), as in notebook 05.
#
# - **100-episode mean** of the episode durations: what the agent does (the green line is 475, solved).
# - **loss**: the mean TD loss of the episode's updates, on a log scale.
# - **mean max-Q**: the mean of $\max_a Q(s, a)$ over the states of the batches. The red line is
#   $1/(1-\gamma) = 100$: with a reward of 1 per step and γ = 0.99, no state is worth more
#   ($\sum_t \gamma^t = 100$ for a pole that never falls). Above 100 the axis turns logarithmic.

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
# How a healthy run looks (left): once learning starts, after the first 1 000 steps, the 100-episode
# mean climbs; max-Q climbs from 0 towards 100 and is just past it at episode 400. The loss does *not* fall as
# the agent gets better: from episode 100 on it stays between about 0.1 and 0.4 while the episodes grow
# from 19 steps to over 400, because the targets grow with Q. A loss is not a score.
#
# The band is wide. At episode 400 the ten seeds of notebook 04's setting are anywhere between 68 and
# 500; 3 of them reached a 100-episode mean of 475 on the way (solved), and one of those fell back to
# 360. The `default` preset (right, the squared error) is tighter, 395 to 500, with 5 solved. (These
# runs have 400 episodes; notebook 04 allowed 600, and a run often solves between episodes 300 and
# 500.) One seed that fails says little on its own.
#
# Before the zoo: what would you expect of one of its bugs?

# %%
ask("06.no-terminal-mask")

# %% [markdown]
# ## Exercise 1: which bug is which?
#
# Below are six of the zoo's bugs as curves A–F, four seeds each. Match each curve to its bug. The
# bugs, by the names the check expects:
#
# | name | the mistake |
# | --- | --- |
# | `ignores_terminated` | no terminal mask: the target is $r + \gamma \max_{a'} Q'(s', a')$ even after the pole fell |
# | `policy_net_target` | no target network: $\max_{a'} Q(s', a')$ comes from the policy net itself (under `no_grad`) |
# | `target_never_updated` | the target network is never updated: it stays the random network it started as |
# | `broadcast` | `Q(s, a)` of shape (B, 1) minus targets of shape (B,): a B × B matrix of differences |
# | `eps_never_decays` | ε stays at 0.9: nine actions in ten are random, however much the agent has learned |
# | `lr_x10` | a learning rate ten times too high, 1e-2 |
#
# For each, think first: what does it do to the targets, to Q, to what the agent does? Then look for
# it in the curves. The check says which matches are wrong, with a hint drawn from the curve.

# %%
fig = exercise_figure()

# %%
my_matches = {"A": ..., "B": ..., "C": ..., "D": ..., "E": ..., "F": ...}  # replace each ... by a name above

# %%
passed = check_zoo_matches(my_matches)

# %% [markdown]
# Reveal the solution (click the collapsed cell) when you are done or stuck.

# %% jupyter={"source_hidden": true} tags=["solution"]
# @title Solution { display-mode: "form" }
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
# ### The zoo, labelled

# %%
fig = plot_variants(list(EXERCISE.values()))
bugs = {variant: features(zoo.runs_of(variant)) for variant in BUG_VARIANTS}
for variant in EXERCISE.values():
    print(f"{variant:22}", {name: round(value, 2) for name, value in bugs[variant].items()})

# %% [markdown]
# Medians over the four seeds, in the order of the exercise:
#
# - **ε never decays** (A). The agent learns *off-policy* from what it sees: at episode 100 its
#   greedy policy, played from ten fixed start states, already earns a discounted return of 97 of 100.
#   But it hardly ever acts on it: nine actions in ten are random, so its episodes last about as long
#   as random play's (about 24 steps; notebook 00's random agent: 22). Learning only from the states
#   that random play visits, it probably cannot keep even that: the greedy return is down to 49 by
#   episode 400.
# - **No terminal mask** (B). Nothing in the targets says that falling is bad: every target is
#   $1 + \gamma \max Q'$, so Q climbs towards 100 for every state and action alike (24 at episode 400,
#   and still climbing), and the loss is almost 0, since such targets are easy to fit. The two
#   actions look the same; a network that cannot tell them apart picks one everywhere, and the cart is
#   pushed one way: 10 steps an episode, worse than random.
# - **Learning rate × 10** (C). It learns, to a 100-episode mean of 87, then falls back to 59: steps
#   too big for the agent to settle undo what earlier updates learned.
# - **The (B, 1) − (B,) broadcast** (D). The difference is a B × B matrix, so every Q(s, a) of the
#   batch is pulled towards every target of the batch, that is towards their average: Q no longer
#   depends on the state or the action, while the loss grows with Q to about 1.2.
#   PyTorch warns about it ("Using a target size … that is different to the input size"): a warning
#   worth reading.
# - **Target never updated** (E). The target network stays the random network it started as, whose
#   outputs are close to 0: every target is $1 + \gamma \cdot (\approx 0)$, and Q learns exactly that:
#   max-Q settles at 1.0 and stays there. Every state looks equally good; 11 steps an episode.
# - **No target network** (F). Each update raises Q(s, a), and with it $\max_{a'} Q(s', a')$ of the
#   similar next states, which is the target of the next update: the network chases its own tail.
#   max-Q grows without bound (over 80 000 at the end), and the loss with it. This is why DQN has a
#   target network at all.

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
# ### Bugs that hide in the curves
#
# Two of notebook 04's classic bugs are not in the exercise, because the curves barely show them.
# *Truncation treated as termination* gives the last step of a 500-step episode the target 1 instead
# of $1 + \gamma \max Q'$. And the *residual gradient* (04's check names it) computes the target from
# the policy network with gradients flowing through it, so that each update also moves the target
# towards Q(s, a). Predict the first:

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
# The figure's first column has ten seeds, the others four (900–903), so compare seed for seed, as
# printed. Truncation as termination hides completely: its final 100-episode means are within 22 steps
# of the correct run's on the same seeds. Only one transition in 500 of the best episodes gets a wrong target,
# and none in a shorter one. The bug is real (on a task where time limits cut most episodes short it
# matters more), but no curve will show it to you here: notebook 04's check does.
#
# The gradient into the target does not break learning either: with gradients flowing through both
# sides, the update minimises the TD loss itself, a different algorithm (the *residual
# gradient*, Baird 1995), which is stable where the no-target-network bug (F) exploded. Here its four
# seeds end between 449 and 500, as well as or better than the correct run on the same seeds. What
# differs is Q: it rises more slowly (a median max-Q of 81 at episode 400, still climbing, where the
# correct run on the same four seeds is at 95), because each update also pulls the target towards Q(s, a).
# It is still not DQN: 04's check names it.
#
# Notebook 04's form of the bug, `target_net(...)` without `torch.no_grad()`, changes nothing at all: the
# gradient reaches the target network's weights, but the optimiser only steps the policy network (it
# still costs time and memory, so fix it). Two short live runs, identical:

# %%
config = base_config(70)  # 04's setting, 70 episodes: long enough for learning to start
right = train(config, seed=1)
leaky = train(config, seed=1, loss_fn=broken_td_loss("gradient_into_target"))
print(f"{right.updates} updates each; the same durations: {right.durations == leaky.durations}")
assert right.updates > 0 and right.durations == leaky.durations
same_weights = zip(right.policy_net.parameters(), leaky.policy_net.parameters(), strict=True)
assert all(torch.equal(a, b) for a, b in same_weights)

# %% [markdown]
# ## 2. Is my run unlucky?
#
# A run that fails is not always broken: at episode 400, ten correct runs of notebook 04's setting
# ended anywhere between 68 and 500. `is_my_run_unlucky(run)` puts a run among the shipped seeds of
# its own setting (04's, the `default` preset, or Double DQN), at the run's last episode, and says
# which of four it is: *solved*; *too early to tell* (before episode 150 the seeds have barely
# started to differ); *within the spread* of those seeds (it can be bad luck: a slow seed); or *below
# every one of them*, and then which of the zoo's bugs its curves (the mean, the loss, max-Q) resemble
# most. It cannot prove a bug, only that the run is outside what ten correct runs did.

# %%
ask("06.unlucky")

# %% [markdown]
# A live run, short because its episodes are: 250 episodes of 04's setting with a loss that ignores
# `terminated` (a few seconds).

# %%
buggy = train(base_config(250), seed=5, loss_fn=broken_td_loss("ignores_terminated"))
diagnosis = is_my_run_unlucky(buggy)
assert diagnosis.verdict.startswith("below every one of the 10 seeds")
assert diagnosis.nearest_bug == "ignores_terminated" and diagnosis.percentile == 0

# %% [markdown]
# Your own runs: after training in notebook 04, `is_my_run_unlucky(history)` (import it from
# `dqn_helpers.teaching.diagnosis`); in notebook 05, `is_my_run_unlucky(playground.runs[-1])`; for the
# command line, the path of the run's `history.json`, e.g.
# `is_my_run_unlucky("runs/default-seed0/history.json")`. A setting the zoo has no seeds of (the
# `tutorial` preset, other knobs) gets an error that names the settings it has.

# %% [markdown]
# ## 3. Overestimation, measured
#
# ### Why the max is optimistic
#
# DQN's target takes a max, $y = r + \gamma \max_{a'} Q_{\theta'}(s', a')$, over *estimates*, which
# have errors. Even when the errors are 0 on average, their max is not: it picks whichever action's
# error happened to be high. The bias enters the target, the target enters Q(s, a), and Q(s, a) is
# the next target's $Q(s', a')$: errors can pile up (Thrun and Schwartz 1993; van Hasselt 2010).

# %%
ask("06.max-bias")

# %%
two_actions, double_estimate = max_bias(n_actions=2, noise=1.0)
print(f"E[max of two N(0, 1)] ≈ {two_actions:.3f} (1/√π = {1 / np.sqrt(np.pi):.3f})")
print(f"the double estimator: {double_estimate:+.3f}")
assert abs(two_actions - 1 / np.sqrt(np.pi)) < 0.01 and abs(double_estimate) < 0.01
max_bias_explorer()

# %% [markdown]
# The green histogram is the *double estimator*: pick the action with one set of noisy estimates,
# read its value from a second, independent set. Its noise has nothing to do with the choice, so it
# is right on average. Move the sliders: the max's bias grows with the noise and with the number of
# actions; the double estimator's stays at 0.
#
# ### On CartPole
#
# On CartPole the truth can be measured. From a fixed start state $s$, the network's greedy policy
# earns the discounted return $G(s) = \sum_t \gamma^t r_t$; CartPole is deterministic, so one rollout
# (played out to the end, without the 500-step limit, as the TD target sees it) gives it exactly. If the
# network were right about its own
# policy, $\max_a Q(s, a) = G(s)$, and never above 100. The zoo measured both every 10 episodes, on
# the same ten start states, in every run. Left: max-Q (solid) and G (dashed); right: their difference.

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
assert np.median(gap_at("correct", 150)) < -40 and gap_at("correct", 150).max() < -15  # early: too low
assert 10 < np.median(gap_at("correct", 400)) < 15 and gap_at("correct", 400).min() > 0
assert above_100("correct", 400) == 9
assert 10 < np.median(gap_at("double_dqn", 400)) < 15 and above_100("double_dqn", 400) == 10
for variant, balancing, low, high in (("correct", 7, 103, 121), ("double_dqn", 5, 103, 112)):
    q, g = (series(zoo.runs_of(variant), name)[:, -1] for name in ("q_estimate", "greedy_return"))
    assert (g > 99.9).sum() == balancing and low < q[g > 99.9].min() and q[g > 99.9].max() < high

# %% [markdown]
# Two phases. Early on, Q is far *below* G: at episode 150 the greedy policy already earns a return of
# about 82 from the start states, while Q, which started at 0 and is learned from one-step targets,
# says 40. Q lags the policy. Then, once the greedy policy balances (G = 100, as high as it gets),
# Q keeps rising: at episode 400 it is above 100 on 9 of the 10 seeds, a value no state can have, a
# median of 13 above the greedy policy's return (at least 3; the 90 is a seed whose greedy policy had
# collapsed while Q had not yet followed). On the 7 seeds whose greedy policy balances (G = 100), max-Q
# is 104–120: overestimation, measured.
#
# And the double estimator? With Double DQN (next section), the same ten seeds overshoot about as
# much: above 100 on all 10 at episode 400, a median of 12 above G. On its 5 seeds that balance, max-Q
# is 104–111, a median of 7 above 100 against 13 without it: perhaps lower, but five and seven seeds
# cannot show it. On CartPole, with this setting, it did not remove the optimism. A likely reason, not
# tested here: the target network is a slowly
# moving average of the policy network (τ = 0.005), so the two share most of their errors, and the
# double estimator only removes the part of the bias that comes from errors they do *not* share.

# %% [markdown]
# ## 4. Double DQN
#
# DQN's target uses the target network twice: to choose the best next action and to value it. An
# action whose value happens to be overestimated is therefore both chosen and believed. Double DQN
# (van Hasselt, Guez and Silver, 2016) gives the two jobs to the two networks DQN already has:
#
# $$y = r + \gamma\, Q_{\theta'}\big(s', \arg\max_{a'} Q_\theta(s', a')\big)$$
#
# The policy network θ picks the action, the target network θ′ says what it is worth; for a
# terminated step, $y = r$ as before. In the course it is one setting, `double_dqn=True`, and one
# branch of `td_loss` (shown after the exercise).

# %% [markdown]
# ### Exercise 2: the Double DQN target
#
# Write `my_double_target(policy_net, target_net, next_states)`: for a batch of next states (B, 4),
# return the B values $Q_{\theta'}(s', \arg\max_{a'} Q_\theta(s', a'))$, a tensor of shape (B,), without
# gradients. Hints: `argmax(dim=1, keepdim=True)`, `gather(1, …)`, `.squeeze(1)`, `torch.no_grad()`.


# %%
def my_double_target(policy_net, target_net, next_states):
    raise NotImplementedError  # your code here


# %%
passed_double = check_double_dqn_target(my_double_target)


# %% jupyter={"source_hidden": true} tags=["solution"]
# @title Solution { display-mode: "form" }
def double_target_solution(policy_net, target_net, next_states):
    with torch.no_grad():  # a target is a constant
        next_actions = policy_net(next_states).argmax(dim=1, keepdim=True)  # θ picks a'  (B, 1)
        return target_net(next_states).gather(1, next_actions).squeeze(1)  # θ' values it  (B,)


assert check_double_dqn_target(double_target_solution)

# %% [markdown]
# The package's `td_loss`, with both targets:

# %%
show_source(td_loss)

# %% [markdown]
# ### What it bought here
#
# The zoo trained notebook 04's setting with the Double DQN target on the same ten seeds. Predict:

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
# Double DQN solved on 6 of the 10 seeds within 400 episodes, the plain target on 3, and the median
# final means differ by 14 steps (431 and 417). Ten seeds cannot tell these apart from luck: a Fisher
# exact test of 3 of 10 against 6 of 10 gives p = 0.37. The course measured the question on its `default`
# preset
# over twenty more seeds (500–519, within 600 episodes; `benchmarks/RESULTS.md`, "Ablations"): 19 of
# 20 solved with Double DQN, 20 of 20 without, so the preset leaves it out.
#
# Double DQN is a sound idea with a clear mechanism, and on Atari games it lowered the value
# estimates and raised the scores. On CartPole, with this setting, we could not measure a gain, in
# the overestimation or in reliability. A paper's result is a claim about its tasks: measure it on yours.

# %% [markdown]
# ## What came next
#
# DQN (2015) was the start. Each of these later ideas addresses one of its problems, and Rainbow
# combined them:
#
# - **Double DQN** (2016, above): the max's optimism, by choosing and valuing with different networks.
# - **Prioritized experience replay** (Schaul et al., 2016): uniform sampling mostly replays
#   transitions the network already predicts well; replaying those with a large TD error more often
#   (with importance weights to correct the bias) learns faster from the surprising ones.
# - **Dueling networks** (Wang et al., 2016): in many states it hardly matters which action is taken;
#   two heads, a state value V(s) and advantages A(s, a), with Q = V + A − mean(A), let every update
#   improve V(s) whatever the action.
# - **n-step returns**: a one-step target moves a reward back by one step per update; the target
#   $r_t + \gamma r_{t+1} + \dots + \gamma^{n-1} r_{t+n-1} + \gamma^n \max_{a'} Q'(s_{t+n}, a')$ moves it n
#   steps at once (at the price of some bias from old, off-policy actions).
# - **Distributional RL** (C51, 2017) learns the whole distribution of returns instead of its mean;
#   **noisy networks** (2018) explore with learned noise in the weights instead of ε.
# - **Rainbow** (Hessel et al., 2018): all of these together; on Atari the combination beat each part alone.
#
# Stable-Baselines3's `DQN` and CleanRL's single-file `dqn.py` are readable implementations of the
# algorithm this course built; the same PyTorch you wrote here carries over.

# %% [markdown]
# ## Summary
#
# - Read three curves, not one: the 100-episode mean (what the agent does), the loss (not a score:
#   it does not fall as the agent improves) and max-Q (at most $1/(1-\gamma) = 100$ here).
# - Each classic bug leaves its own mark: no terminal mask, a near-zero loss and Q climbing for every
#   action; no target network, Q exploding; a target never updated, Q stuck at 1; the broadcast, a loss
#   that cannot fall; ε that never decays, episodes at random play's length while max-Q climbs; a
#   learning rate ten times too high, a low peak (about 90) and a fall. Correct runs can fall back too.
# - Some bugs hide: truncation treated as termination barely changes CartPole's curves, and a gradient
#   into the target network (`target_net` without `no_grad`) changes nothing at all. Tests catch what
#   curves cannot.
# - Bad luck is large: ten correct runs of one setting ended anywhere from 68 to 500. Compare a failed
#   run with the seeds of its setting before calling it a bug (`is_my_run_unlucky`).
# - The max of noisy estimates is biased upwards (0.56 σ for two actions). On CartPole, Q first lags
#   the greedy return, then overshoots 100 on nearly every seed; Double DQN, which chooses with one
#   network and values with the other, did not measurably change that here, nor how often runs solved.
