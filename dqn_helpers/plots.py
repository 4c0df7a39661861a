"""Plots of a training run: the learning curve and the diagnostics beside it.

Every function draws on axes it is given (or makes its own) and returns them, so notebooks, the
command line and tests share one implementation.
"""

from __future__ import annotations

import io
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import PIL.Image
import torch
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from torch import nn

from dqn_helpers.envs import ANGLE_LIMIT
from dqn_helpers.policy import epsilon_by_step
from dqn_helpers.train import PRESETS, SOLVED_MEAN, SOLVED_WINDOW, DQNConfig, TrainingHistory, moving_mean


def figure_png(fig: Figure, dpi: int = 80) -> bytes:
    """The figure as PNG bytes (for an ``ipywidgets.Image`` or ``IPython.display.Image``)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})  # fast to encode
    return buffer.getvalue()


def plot_durations(history: TrainingHistory, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Episode durations, their 100-episode mean and the 475 'solved' line (the tutorial's ``plot_durations``),
    plus the greedy evaluations made during training and the one whose network was kept (a star)."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    episodes = np.arange(history.episodes)
    ax.plot(episodes, history.durations, color="tab:blue", alpha=0.45, lw=1, label="duration")
    ax.plot(episodes, history.mean100, color="tab:orange", lw=2, label=f"{SOLVED_WINDOW}-episode mean")
    ax.axhline(SOLVED_MEAN, color="tab:green", ls="--", lw=1, label=f"solved ({SOLVED_MEAN:g})")
    if history.solved_episode is not None:
        ax.axvline(history.solved_episode, color="tab:green", lw=1, alpha=0.6)
    if history.evaluated_at:
        ax.plot(history.evaluated_at, history.eval_means, "k.", ms=4, label="greedy evaluation (ε = 0)")
        ax.plot(history.best_episode, history.best_eval, "k*", ms=11, label="kept agent")
    ax.set_xlabel("episode")
    ax.set_ylabel("duration (steps)")
    ax.set_ylim(0, 520)
    ax.set_xlim(0, max(history.episodes, 10))
    ax.set_title(title or f"seed {history.seed}: {history.episodes} episodes, {history.stopped_reason}")
    ax.legend(loc="upper left", fontsize="small")
    return ax


LOSS_TITLES = {"huber": "mean Huber loss", "mse": "mean squared TD error"}


def plot_diagnostics(history: TrainingHistory, axes: Sequence[Axes] | None = None) -> Sequence[Axes]:
    """Four panels: mean loss, mean max-Q, ε and the learning rate per episode."""
    if axes is None:
        _, axes = plt.subplots(1, 4, figsize=(12, 2.8))
    episodes = np.arange(history.episodes)
    for ax, values, label in zip(
        axes,
        (history.losses, history.mean_max_q, history.epsilons, history.learning_rates),
        (LOSS_TITLES[history.config.loss], r"mean $\max_a Q(s,a)$", r"$\varepsilon$", "learning rate"),
        strict=True,
    ):
        ax.plot(episodes, values, lw=1, marker="." if history.episodes < 50 else None)
        ax.set_xlim(0, max(history.episodes, 10))
        ax.set_xlabel("episode")
        ax.set_title(label)
    return axes


def plot_training(history: TrainingHistory, fig: Figure | None = None) -> Figure:
    """A figure with the learning curve on top and the four diagnostics below (drawn on ``fig`` if given)."""
    fig = fig if fig is not None else plt.figure(figsize=(10, 6.5), layout="constrained")
    grid = fig.add_gridspec(2, 4, height_ratios=(1.4, 1))
    plot_durations(history, fig.add_subplot(grid[0, :]))
    plot_diagnostics(history, [fig.add_subplot(grid[1, i]) for i in range(4)])
    return fig


class LiveTrainingPlot:
    """A :func:`~dqn_helpers.train.train` callback that redraws :func:`plot_training` in place.

    The first call shows the figure with ``display(..., display_id=True)``; later calls replace it
    through the returned handle (no flicker, no growing output) at most once every ``every_seconds``,
    since drawing costs ~0.1 s. Call :meth:`finish` after training for the final picture.

    >>> live = LiveTrainingPlot()                     # doctest: +SKIP
    >>> history = train("default", callback=live)     # doctest: +SKIP
    >>> live.finish(history)                          # doctest: +SKIP
    """

    def __init__(self, every_seconds: float = 2.0, figsize: tuple[float, float] = (10, 6), dpi: int = 72) -> None:
        if not every_seconds >= 0:
            raise ValueError(f"every_seconds must be >= 0, got {every_seconds!r}")
        self.every_seconds = every_seconds
        self.dpi = dpi
        self.figure = Figure(figsize=figsize, layout="constrained")  # not pyplot: shown only through the handle
        self.handle: Any = None
        self.draws = 0
        self._last = -float("inf")

    def __call__(self, history: TrainingHistory) -> None:
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


def q_grid(
    policy_net: nn.Module, n: int = 61, max_angular_velocity: float = 2.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Q-values on a grid of pole angle × angular velocity, cart at rest in the middle.

    Returns ``(angles, angular_velocities, q)`` with ``q[i, j, a]`` = Q(s, a) for
    ``s = (0, 0, angles[j], angular_velocities[i])``.
    """
    angles = np.linspace(-ANGLE_LIMIT, ANGLE_LIMIT, n, dtype=np.float32)
    velocities = np.linspace(-max_angular_velocity, max_angular_velocity, n, dtype=np.float32)
    vv, aa = np.meshgrid(velocities, angles, indexing="ij")
    states = np.stack([np.zeros_like(aa), np.zeros_like(aa), aa, vv], axis=-1).reshape(-1, 4)
    with torch.no_grad():
        q = policy_net(torch.from_numpy(states)).numpy().reshape(n, n, -1)
    return angles, velocities, q


def plot_q_heatmap(policy_net: nn.Module, ax: Axes | None = None, title: str = "") -> dict[str, np.ndarray]:
    """Heatmap of :math:`Q(s, \text{right}) - Q(s, \text{left})` over pole angle × angular velocity.

    Red: the network prefers pushing right; blue: left; the black line is where it switches
    (the greedy action's boundary). Returns the grid it drew (see :func:`q_grid`).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 3.8))
    angles, velocities, q = q_grid(policy_net)
    advantage = q[..., 1] - q[..., 0]
    limit = float(np.abs(advantage).max()) or 1.0
    mesh = ax.pcolormesh(np.degrees(angles), velocities, advantage, cmap="coolwarm", vmin=-limit, vmax=limit)
    if advantage.min() < 0 < advantage.max():
        ax.contour(np.degrees(angles), velocities, advantage, levels=[0.0], colors="black", linewidths=1)
    ax.figure.colorbar(mesh, ax=ax, label="Q(right) − Q(left)")
    ax.set(xlabel="pole angle (degrees, + leans right)", ylabel="angular velocity (rad/s)", title=title)
    return {"angles": angles, "angular_velocities": velocities, "q": q, "greedy": q.argmax(axis=-1)}


KNOBS = ("eps_start", "eps_end", "eps_decay", "tau", "lr")  # what the playground's sliders set on a preset


@dataclass
class Run:
    """One curve on the plot: a live (or stopped) training, or a precomputed atlas run."""

    config: DQNConfig
    seed: int
    source: str  # "live" or "atlas"
    preset: str = "default"
    durations: list[int] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    status: str = "running"

    @property
    def mean100(self) -> list[float]:
        return moving_mean(self.durations)

    def settings(self) -> tuple[Any, ...]:
        """What identifies a group of seeds: the config, apart from the seed and the number of episodes."""
        return tuple(sorted((k, v) for k, v in self.config.to_dict().items() if k != "num_episodes"))


def band(curves: list[list[float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per episode, the median, lowest and highest value over several seeds' curves.

    Curves are cut to the shortest one, so every point summarises all seeds.
    """
    if not curves:
        raise ValueError("band needs at least one curve")
    length = min(len(curve) for curve in curves)
    values = np.array([curve[:length] for curve in curves], dtype=float)  # (seeds, episodes)
    return np.median(values, axis=0), values.min(axis=0), values.max(axis=0)


def describe(config: DQNConfig, preset: str) -> str:
    """The knobs that differ from the preset, e.g. ``"default, lr=0.003, tau=1"``."""
    base = PRESETS[preset]
    changed = [f"{name}={getattr(config, name):.4g}" for name in KNOBS if getattr(config, name) != getattr(base, name)]
    return ", ".join([preset, *changed])


class RunsPlot:
    """The playground's picture: every run's 100-episode mean (seeds of one setting as a band), the
    running run's episode durations, the ε schedule and the loss.

    Redraws must stay cheap while training runs, so the layout is fixed and the plot blits: the axes
    are drawn once per change of what is shown; during a run only its lines are drawn again on a saved
    background (~10 ms instead of ~150 ms for a full draw).
    """

    def __init__(self) -> None:
        self.figure = Figure(figsize=(10, 3.4), dpi=60)
        self.canvas = FigureCanvasAgg(self.figure)
        self.figure.subplots_adjust(left=0.06, right=0.99, bottom=0.15, top=0.9, wspace=0.3)
        grid = self.figure.add_gridspec(1, 3, width_ratios=(2.4, 1, 1))
        self.ax_curve = self.figure.add_subplot(grid[0])
        self.ax_eps = self.figure.add_subplot(grid[1])
        self.ax_loss = self.figure.add_subplot(grid[2])
        self._layout: tuple[Any, ...] | None = None  # what the axes were last built for
        self._live_lines: tuple[Any, Any, Any] | None = None  # the running run's duration, mean and loss lines
        self._background: Any = None

    def render(self, runs: list[Run], atlas_runs: list[Run], config: DQNConfig | None, layout: Any) -> bytes:
        """Draw the runs and return the picture as PNG bytes.

        ``runs`` are the trained runs, oldest first (the last may be ``"running"``), ``atlas_runs`` the
        precomputed ones on show, ``config`` the knobs' setting (for the ε panel when nothing runs).
        The axes are rebuilt when ``layout`` (anything that identifies what is shown) changed; otherwise
        only the running run's lines are drawn again, on top of the saved background.
        """
        running = runs[-1] if runs and runs[-1].status == "running" else None
        if layout != self._layout or self._background is None:
            self._layout = layout
            self._rebuild(runs, atlas_runs, running, config)
            self.canvas.draw()  # everything but the animated live lines
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        else:
            self.canvas.restore_region(self._background)
        if running is not None and self._live_lines is not None:
            durations_line, mean_line, loss_line = self._live_lines
            episodes = np.arange(len(running.durations))
            durations_line.set_data(episodes, running.durations)
            mean_line.set_data(episodes, running.mean100)
            loss_line.set_data(episodes, running.losses)
            self.ax_curve.draw_artist(durations_line)
            self.ax_curve.draw_artist(mean_line)
            self.ax_loss.draw_artist(loss_line)
        width, height = self.canvas.get_width_height()
        buffer = io.BytesIO()
        PIL.Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba()).save(
            buffer, format="png", compress_level=1
        )
        return buffer.getvalue()

    def _rebuild(self, runs: list[Run], atlas_runs: list[Run], running: Run | None, config: DQNConfig | None) -> None:
        ax, ax_eps, ax_loss = self.ax_curve, self.ax_eps, self.ax_loss
        for axis in (ax, ax_eps, ax_loss):
            axis.clear()
        finished = [r for r in runs if r is not running]
        groups: dict[tuple[Any, ...], dict[int, Run]] = {}
        singles = []  # stopped, diverged or failed runs: drawn alone, so they do not cut a band short
        for run in finished + atlas_runs:  # seeds of the same settings form one group; a seed's latest run counts
            if run.status in ("completed", "solved", "atlas"):
                groups.setdefault((run.source, run.settings()), {})[run.seed] = run
            else:
                singles.append(run)
        planned = [running.config.num_episodes] if running is not None else []
        longest = max([len(r.durations) + 10 for r in runs + atlas_runs] + planned + [50])
        colors = iter(f"C{i % 10}" for i in range(1000))
        for (source, _), by_seed in groups.items():
            members = list(by_seed.values())
            color = next(colors)
            seeds = f"{len(members)} seed" + ("s" if len(members) > 1 else "")
            label = f"{describe(members[0].config, members[0].preset)} ({source}, {seeds})"
            style = "--" if source == "precomputed" else "-"
            if len(members) == 1:
                ax.plot(members[0].mean100, color=color, ls=style, lw=1.8, label=label)
            else:  # a band: median and min–max of the seeds' 100-episode means
                median, low, high = band([m.mean100 for m in members])
                ax.fill_between(np.arange(len(median)), low, high, color=color, alpha=0.2)
                ax.plot(median, color=color, ls=style, lw=1.8, label=label)
        for run in singles:
            label = f"{describe(run.config, run.preset)}, seed {run.seed} ({run.status})"
            ax.plot(run.mean100, color=next(colors), lw=1.2, label=label)
        self._live_lines = None
        if running is not None:
            color = next(colors)
            episodes = np.arange(len(running.durations))
            label = f"{describe(running.config, running.preset)}, seed {running.seed} (training…)"
            (durations_line,) = ax.plot(episodes, running.durations, color=color, alpha=0.3, lw=0.8, animated=True)
            (mean_line,) = ax.plot(episodes, running.mean100, color=color, lw=2.2, label=label, animated=True)
            (loss_line,) = ax_loss.plot(episodes, running.losses, color="tab:red", lw=1, animated=True)
            self._live_lines = (durations_line, mean_line, loss_line)
            ax_loss.set(yscale="log", ylim=(1e-3, 10), xlim=(0, running.config.num_episodes))
        elif finished and finished[-1].losses:
            ax_loss.plot(finished[-1].losses, color="tab:red", lw=1)
            ax_loss.set_yscale("log")
        ax.axhline(SOLVED_MEAN, color="gray", ls=":", lw=1)
        ax.set(xlim=(0, longest), ylim=(0, 520), xlabel="episode", ylabel="100-episode mean")
        ax.set_title("every run stays until Clear; dashed = precomputed (atlas)", fontsize="medium")
        if groups or singles or running is not None:
            ax.legend(loc="upper left", fontsize="x-small")
        config = running.config if running is not None else config
        if config is not None:
            steps = np.linspace(0, 20_000, 200)
            eps = [epsilon_by_step(int(t), config.eps_start, config.eps_end, config.eps_decay) for t in steps]
            ax_eps.plot(steps, eps, color="tab:purple")
        ax_eps.set(ylim=(0, 1.02), xlabel="steps", title="ε schedule")
        ax_loss.set(xlabel="episode", title="loss (latest run)")
