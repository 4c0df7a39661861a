"""Plots of a training run: the learning curve and the diagnostics beside it.

Every function draws on axes it is given (or makes its own) and returns them, so notebooks, the
command line and tests share one implementation.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from dqn_helpers.train import SOLVED_MEAN, SOLVED_WINDOW, TrainingHistory


def plot_durations(history: TrainingHistory, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Episode durations, their 100-episode mean and the 475 'solved' line (the tutorial's ``plot_durations``)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    episodes = np.arange(history.episodes)
    ax.plot(episodes, history.durations, color="tab:blue", alpha=0.45, lw=1, label="duration")
    ax.plot(episodes, history.mean100, color="tab:orange", lw=2, label=f"{SOLVED_WINDOW}-episode mean")
    ax.axhline(SOLVED_MEAN, color="tab:green", ls="--", lw=1, label=f"solved ({SOLVED_MEAN:g})")
    if history.solved_episode is not None:
        ax.axvline(history.solved_episode, color="tab:green", lw=1, alpha=0.6)
    ax.set_xlabel("episode")
    ax.set_ylabel("duration (steps)")
    ax.set_ylim(0, 520)
    ax.set_xlim(0, max(history.episodes, 10))
    ax.set_title(title or f"seed {history.seed}: {history.episodes} episodes, {history.stopped_reason}")
    ax.legend(loc="upper left", fontsize="small")
    return ax


def plot_diagnostics(history: TrainingHistory, axes: Sequence[Axes] | None = None) -> Sequence[Axes]:
    """Three panels: mean loss, mean max-Q and ε per episode."""
    if axes is None:
        _, axes = plt.subplots(1, 3, figsize=(10, 2.8))
    episodes = np.arange(history.episodes)
    for ax, values, label in zip(
        axes,
        (history.losses, history.mean_max_q, history.epsilons),
        ("mean Huber loss", r"mean $\max_a Q(s,a)$", r"$\varepsilon$"),
        strict=True,
    ):
        ax.plot(episodes, values, lw=1, marker="." if history.episodes < 50 else None)
        ax.set_xlim(0, max(history.episodes, 10))
        ax.set_xlabel("episode")
        ax.set_title(label)
    return axes


def plot_training(history: TrainingHistory) -> Figure:
    """A figure with the learning curve on top and the three diagnostics below."""
    fig = plt.figure(figsize=(10, 6.5), layout="constrained")
    grid = fig.add_gridspec(2, 3, height_ratios=(1.4, 1))
    plot_durations(history, fig.add_subplot(grid[0, :]))
    plot_diagnostics(history, [fig.add_subplot(grid[1, i]) for i in range(3)])
    return fig
