"""Plots of a training run: the learning curve and the diagnostics beside it.

Every function draws on axes it is given (or makes its own) and returns them, so notebooks, the
command line and tests share one implementation.
"""

from __future__ import annotations

import io
import time
from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from torch import nn

from dqn_helpers import checks
from dqn_helpers.envs import ANGLE_LIMIT
from dqn_helpers.history import SOLVED_MEAN, SOLVED_WINDOW, TrainingHistory
from dqn_helpers.language import N_, _
from dqn_helpers.policy import epsilon_by_step
from dqn_helpers.teaching import arguments

MAX_DPI, MAX_PIXELS = 1_000, 10_000  # a PNG of more than 10_000 pixels a side is no picture for a notebook
MAX_INCHES = 50  # a side of a figure
STOPPED = {  # how each way a run can end reads in plot_durations' title (shown through _())
    "completed": N_("completed"),
    "solved": N_("solved"),
    "stopped": N_("stopped"),
    "interrupted": N_("interrupted"),
    "diverged": N_("diverged"),
}


def figure_png(fig: Figure, dpi: float = 80) -> bytes:
    """The figure as PNG bytes (for an ``ipywidgets.Image`` or ``IPython.display.Image``)."""
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {arguments.shown(fig)}")
    dpi = checks.number_in("dpi", dpi, 1, MAX_DPI, note="dots per inch")
    width, height = fig.get_size_inches() * dpi
    if max(width, height) > MAX_PIXELS:
        raise ValueError(
            f"fig at dpi {dpi:g} would be {width:.0f} × {height:.0f} pixels: "
            f"at most {MAX_PIXELS:_} a side, make the figure or the dpi smaller"
        )
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})  # fast to encode
    return buffer.getvalue()


def plot_durations(history: TrainingHistory, ax: Axes | None = None, title: str | None = None) -> Axes:
    """The tutorial's ``plot_durations``: episode durations, their 100-episode mean, the 475 'solved' line.

    Also the greedy evaluations made during training and the one whose network was kept (a star).
    """
    arguments.training_history("history", history)
    arguments.instance_or_none("ax", ax, Axes, "matplotlib Axes")
    if ax is None:
        ax = plt.subplots(figsize=(6, 3.5))[1]
    episodes = np.arange(history.episodes)
    ax.plot(episodes, history.durations, color="tab:blue", alpha=0.45, lw=1, label=_("duration"))
    mean = _("{window}-episode mean").format(window=SOLVED_WINDOW)
    ax.plot(episodes, history.mean100, color="tab:orange", lw=2, label=mean)
    ax.axhline(SOLVED_MEAN, color="tab:green", ls="--", lw=1, label=_("solved ({solved:g})").format(solved=SOLVED_MEAN))
    if history.solved_episode is not None:
        ax.axvline(history.solved_episode, color="tab:green", lw=1, alpha=0.6)
    if history.evaluated_at and history.best_episode is not None and history.best_eval is not None:
        ax.plot(history.evaluated_at, history.eval_means, "k.", ms=4, label=_("greedy evaluation (ε = 0)"))
        ax.plot(history.best_episode, history.best_eval, "k*", ms=11, label=_("kept agent"))
    ax.set_xlabel(_("episode"))
    ax.set_ylabel(_("duration (steps)"))
    ax.set_ylim(0, 520)
    ax.set_xlim(0, max(history.episodes, 10))
    reason = history.stopped_reason
    stopped = _(STOPPED[reason]) if reason in STOPPED else reason
    heading = _("seed {seed}: {episodes} episodes, {stopped}")
    ax.set_title(title or heading.format(seed=history.seed, episodes=history.episodes, stopped=stopped))
    ax.legend(loc="upper left", fontsize="small")
    return ax


LOSS_TITLES = {"huber": N_("mean Huber loss"), "mse": N_("mean squared TD error")}  # shown through _()


def plot_diagnostics(history: TrainingHistory, axes: Sequence[Axes] | None = None) -> Sequence[Axes]:
    """Four panels: mean loss, mean max-Q, ε and the learning rate per episode."""
    arguments.training_history("history", history)
    arguments.axes_or_none("axes", axes, 4)
    if axes is None:
        axes = plt.subplots(1, 4, figsize=(12, 2.8))[1]
    episodes = np.arange(history.episodes)
    for ax, values, label in zip(
        axes,
        (history.losses, history.mean_max_q, history.epsilons, history.learning_rates),
        (_(LOSS_TITLES[history.config.loss]), _(r"mean $\max_a Q(s,a)$"), r"$\varepsilon$", _("learning rate")),
        strict=True,
    ):
        ax.plot(episodes, values, lw=1, marker="." if history.episodes < 50 else None)
        ax.set_xlim(0, max(history.episodes, 10))
        ax.set_xlabel(_("episode"))
        ax.set_title(label)
    return axes


def plot_training(history: TrainingHistory, fig: Figure | None = None) -> Figure:
    """A figure with the learning curve on top and the four diagnostics below (drawn on ``fig`` if given)."""
    arguments.training_history("history", history)
    arguments.instance_or_none("fig", fig, Figure, "a matplotlib Figure")
    fig = fig if fig is not None else plt.figure(figsize=(10, 6.5), layout="constrained")
    grid = fig.add_gridspec(2, 4, height_ratios=(1.4, 1))
    plot_durations(history, fig.add_subplot(grid[0, :]))
    plot_diagnostics(history, [fig.add_subplot(grid[1, i]) for i in range(4)])
    return fig


class LiveTrainingPlot:
    """A :func:`~dqn_helpers.training.train` callback that redraws :func:`plot_training` in place.

    The first call shows the figure with ``display(..., display_id=True)``; later calls replace it
    through the returned handle (no flicker, no growing output) at most once every ``every_seconds``,
    since drawing costs ~0.1 s. Call :meth:`finish` after training for the final picture.

    >>> live = LiveTrainingPlot()                     # doctest: +SKIP
    >>> history = train("default", callback=live)     # doctest: +SKIP
    >>> live.finish(history)                          # doctest: +SKIP
    """

    def __init__(self, every_seconds: float = 2.0, figsize: tuple[float, float] = (10, 6), dpi: float = 72) -> None:
        if not arguments.is_number(every_seconds) or not every_seconds >= 0:
            raise ValueError(f"every_seconds must be >= 0, got {every_seconds!r}")
        self.every_seconds = every_seconds
        self.dpi = checks.number_in("dpi", dpi, 1, MAX_DPI, note="dots per inch")
        figsize = arguments.figsize("figsize", figsize, MAX_INCHES)
        self.figure = Figure(figsize=figsize, layout="constrained")  # not pyplot: shown only through the handle
        self.handle: Any = None
        self.draws = 0
        self._last = -float("inf")

    def __call__(self, history: TrainingHistory) -> None:
        arguments.training_history("history", history)
        if time.perf_counter() - self._last >= self.every_seconds:
            self.draw(history)

    def draw(self, history: TrainingHistory) -> None:
        """Redraw now and update the displayed image."""
        from IPython.display import Image, display

        self.figure.clear()
        plot_training(history, self.figure)
        image = Image(data=figure_png(self.figure, self.dpi), format="png")
        if self.handle is None:
            self.handle = display(image, display_id=True)
        else:
            self.handle.update(image)
        self.draws += 1
        self._last = time.perf_counter()

    def finish(self, history: TrainingHistory) -> None:
        """Draw the final state of the run."""
        self.draw(history)


MAX_GRID = 300  # n × n states through the network: 300 is 90_000 of them


def q_grid(
    policy_net: nn.Module, n: int = 61, max_angular_velocity: float = 2.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Q-values on a grid of pole angle × angular velocity, cart at rest in the middle.

    Returns ``(angles, angular_velocities, q)`` with ``q[i, j, a]`` = Q(s, a) for
    ``s = (0, 0, angles[j], angular_velocities[i])``.
    """
    arguments.q_network("policy_net", policy_net)
    checks.whole_number("n", n, 2, MAX_GRID)
    checks.positive_number("max_angular_velocity", max_angular_velocity, note="rad/s")
    angles = np.linspace(-ANGLE_LIMIT, ANGLE_LIMIT, n, dtype=np.float32)
    velocities = np.linspace(-max_angular_velocity, max_angular_velocity, n, dtype=np.float32)
    vv, aa = np.meshgrid(velocities, angles, indexing="ij")
    states = np.stack([np.zeros_like(aa), np.zeros_like(aa), aa, vv], axis=-1).reshape(-1, 4)
    with torch.no_grad():
        q = policy_net(torch.from_numpy(states)).numpy().reshape(n, n, -1)
    if not np.isfinite(q).all():
        raise ValueError("policy_net must give finite Q-values, got NaN or ±inf on the grid (are its weights NaN?)")
    return angles, velocities, q


def plot_q_heatmap(policy_net: nn.Module, ax: Axes | None = None, title: str = "") -> dict[str, np.ndarray]:
    r"""Heatmap of :math:`Q(s, \text{right}) - Q(s, \text{left})` over pole angle × angular velocity.

    Red: the network prefers pushing right; blue: left; the black line is where it switches
    (the greedy action's boundary). Returns the grid it drew (see :func:`q_grid`).
    """
    arguments.instance_or_none("ax", ax, Axes, "matplotlib Axes")
    angles, velocities, q = q_grid(policy_net)  # (checks policy_net before a figure is made)
    if ax is None:
        ax = plt.subplots(figsize=(4.5, 3.8))[1]
    advantage = q[..., 1] - q[..., 0]
    limit = float(np.abs(advantage).max()) or 1.0
    mesh = ax.pcolormesh(np.degrees(angles), velocities, advantage, cmap="coolwarm", vmin=-limit, vmax=limit)
    if advantage.min() < 0 < advantage.max():
        ax.contour(np.degrees(angles), velocities, advantage, levels=[0.0], colors="black", linewidths=1)
    ax.figure.colorbar(mesh, ax=ax, label=_("Q(right) − Q(left)"))
    ax.set(xlabel=_("pole angle (degrees, + leans right)"), ylabel=_("angular velocity (rad/s)"), title=title)
    return {"angles": angles, "angular_velocities": velocities, "q": q, "greedy": q.argmax(axis=-1)}


def epsilon_curve(steps: np.ndarray, eps_start: float, eps_end: float, eps_decay: float) -> np.ndarray:
    """ε after each of ``steps`` (environment steps), by :func:`~dqn_helpers.policy.epsilon_by_step`."""
    steps = arguments.step_counts("steps", steps)
    checks.number_in("eps_start", eps_start, 0, 1, note="a probability")
    checks.number_in("eps_end", eps_end, 0, 1, note="a probability")
    checks.positive_number("eps_decay", eps_decay, note="steps")
    return np.array([epsilon_by_step(int(step), eps_start, eps_end, eps_decay) for step in steps])
