"""The playground's picture.

:class:`RunsPlot` draws runs (:class:`~dqn_helpers.playground.model.Run`) into a PNG, fast enough to
redraw several times a second while one of them trains.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from dqn_helpers.config import DQNConfig
from dqn_helpers.history import SOLVED_MEAN
from dqn_helpers.language import _
from dqn_helpers.playground.model import FINISHED, Run, band, check_config, check_runs, describe
from dqn_helpers.teaching.plots import epsilon_curve


class RunsPlot:
    """The playground's picture: learning curves, the ε schedule, the loss and a legend.

    The largest panel holds every run's 100-episode mean (seeds of one setting as a band) and the
    running run's episode durations, with the legend below it, where it covers no data; on the right,
    the ε schedule and the loss.

    Redraws must stay cheap while training runs, so the layout is fixed and the plot blits: the axes
    are drawn once per change of what is shown; during a run only its lines are drawn again on a saved
    background (~10 ms instead of ~150 ms for a full draw).
    """

    def __init__(self) -> None:
        self.figure = Figure(figsize=(12, 6), dpi=72)
        self.canvas = FigureCanvasAgg(self.figure)
        self.figure.subplots_adjust(left=0.06, right=0.985, bottom=0.09, top=0.94)
        outer = self.figure.add_gridspec(1, 2, width_ratios=(2.5, 1), wspace=0.15)
        left = outer[0].subgridspec(2, 1, height_ratios=(3, 1), hspace=0.22)  # the curves; the legend below
        right = outer[1].subgridspec(2, 1, hspace=0.45)
        self.ax_curve = self.figure.add_subplot(left[0])
        self.ax_legend = self.figure.add_subplot(left[1])
        self.ax_eps = self.figure.add_subplot(right[0])
        self.ax_loss = self.figure.add_subplot(right[1])
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
        runs, atlas_runs = check_runs("runs", runs), check_runs("atlas_runs", atlas_runs)
        if config is not None:
            check_config("config", config)
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
            loss_line.set_data(np.arange(len(running.losses)), running.losses)  # (a run made by hand may have none)
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
        for axis in (ax, ax_eps, ax_loss, self.ax_legend):
            axis.clear()
        finished = [r for r in runs if r is not running]
        groups: dict[tuple[Any, ...], dict[int, Run]] = {}
        singles = []  # stopped, diverged or failed runs: drawn alone, so they do not cut a band short
        for run in finished + atlas_runs:  # seeds of the same settings form one group; a seed's latest run counts
            if run.status in FINISHED:
                groups.setdefault((run.source, run.settings()), {})[run.seed] = run
            else:
                singles.append(run)
        planned = [running.config.num_episodes] if running is not None else []
        longest = max([len(r.durations) + 10 for r in runs + atlas_runs] + planned + [50])
        colors = iter(f"C{i % 10}" for i in range(1000))
        for (source, _config), by_seed in groups.items():
            members = list(by_seed.values())
            color = next(colors)
            text = _("{run} (precomputed, {seeds} seeds)") if source == "atlas" else _("{run} (live, {seeds} seeds)")
            if len(members) == 1:
                text = _("{run} (precomputed, 1 seed)") if source == "atlas" else _("{run} (live, 1 seed)")
            label = text.format(run=describe(members[0].config, members[0].preset), seeds=len(members))
            style = "--" if source == "atlas" else "-"
            if len(members) == 1:
                ax.plot(members[0].mean100, color=color, ls=style, lw=1.8, label=label)
            else:  # a band: median and min–max of the seeds' 100-episode means
                median, low, high = band([m.mean100 for m in members])
                ax.fill_between(np.arange(len(median)), low, high, color=color, alpha=0.2)
                ax.plot(median, color=color, ls=style, lw=1.8, label=label)
        for run in singles:
            label = _("{run}, seed {seed} ({status})").format(
                run=describe(run.config, run.preset), seed=run.seed, status=_(run.status)
            )
            ax.plot(run.mean100, color=next(colors), lw=1.2, label=label)
        self._live_lines = None
        if running is not None:
            color = next(colors)
            episodes = np.arange(len(running.durations))
            label = _("{run}, seed {seed} (training…)").format(
                run=describe(running.config, running.preset), seed=running.seed
            )
            (durations_line,) = ax.plot(episodes, running.durations, color=color, alpha=0.3, lw=0.8, animated=True)
            (mean_line,) = ax.plot(episodes, running.mean100, color=color, lw=2.2, label=label, animated=True)
            (loss_line,) = ax_loss.plot(running.losses, color="tab:red", lw=1, animated=True)
            self._live_lines = (durations_line, mean_line, loss_line)
            ax_loss.set(yscale="log", ylim=(1e-3, 10), xlim=(0, running.config.num_episodes))
        elif finished and finished[-1].losses:
            ax_loss.plot(finished[-1].losses, color="tab:red", lw=1)
            ax_loss.set_yscale("log")
        ax.axhline(SOLVED_MEAN, color="gray", ls=":", lw=1, label=_("solved ({mean:g})").format(mean=SOLVED_MEAN))
        ax.set(xlim=(0, longest), ylim=(0, 520), xlabel=_("episode"), ylabel=_("100-episode mean"))
        ax.set_title(_("every run stays until Clear; dashed = precomputed (atlas)"))
        self.ax_legend.axis("off")  # the legend's own panel, beside the curves instead of on them
        handles, labels = ax.get_legend_handles_labels()
        self.ax_legend.legend(handles, labels, loc="upper left", ncol=2, fontsize="small", frameon=False)
        config = running.config if running is not None else config
        if config is not None:
            steps = np.linspace(0, 20_000, 200)
            ax_eps.plot(
                steps, epsilon_curve(steps, config.eps_start, config.eps_end, config.eps_decay), color="tab:purple"
            )
        ax_eps.set(ylim=(0, 1.02), title=_("ε schedule (per environment step)"))
        ax_loss.set(xlabel=_("episode"), title=_("loss (latest run)"))
