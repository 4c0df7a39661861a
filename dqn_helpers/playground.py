"""The hyperparameter playground of notebook 05: set ε, τ, lr, seed and preset, press Train, watch.

Training runs in a background thread (the notebook stays responsive) and stops within one
environment step when **Stop** sets its ``threading.Event``; the run so far is kept. Every finished
or stopped run stays on the plot until **Clear**; runs of the same settings with different seeds
are drawn as a band (median and min–max of their 100-episode means). When the sliders sit on a
point of the precomputed :mod:`~dqn_helpers.atlas` grid, its runs appear at once, without training.

The plot is a PNG updated in place through a display handle (no ipympl; ipywidgets 7.7 and 8), at
most every ``redraw_seconds`` while training.
"""

from __future__ import annotations

import dataclasses
import io
import math
import threading
import time
import weakref
from dataclasses import dataclass, field
from typing import Any, ClassVar

import ipywidgets as widgets
import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from dqn_helpers.atlas import Atlas, load_atlas, moving_mean
from dqn_helpers.policy import epsilon_by_step
from dqn_helpers.train import PRESETS, SOLVED_MEAN, DQNConfig, TrainingDiverged, TrainingHistory, train

KNOBS = ("eps_start", "eps_end", "eps_decay", "tau", "lr")  # what the sliders set, on top of the preset


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
        """What identifies a group of seeds: the config (everything but the seed)."""
        return tuple(sorted(self.config.to_dict().items()))


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


def _log_slider(description: str, value: float, low: int, high: int) -> widgets.FloatLogSlider:
    return widgets.FloatLogSlider(
        description=description, value=value, base=10, min=low, max=high, step=0.05, readout_format=".2g",
        continuous_update=False, style={"description_width": "initial"},
    )  # fmt: skip


def _slider(kind: type, description: str, **kwargs: Any) -> widgets.ValueWidget:
    return kind(description=description, continuous_update=False, style={"description_width": "initial"}, **kwargs)


class Playground:
    """The playground's controls, its runs and its live plot.

    Args:
        atlas: precomputed runs (default: the atlas shipped with the package; ``None`` if it is missing).
        redraw_seconds: the least time between two redraws while training (0.3 s: up to 3 per second).
        display: ``IPython.display.display`` (a test passes a recorder).
    """

    _instances: ClassVar[weakref.WeakSet[Playground]] = weakref.WeakSet()

    def __init__(self, atlas: Atlas | str | None = "shipped", redraw_seconds: float = 0.3, display: Any = None) -> None:
        for old in list(Playground._instances):  # re-running the notebook cell: no stray training threads
            old.close()
        Playground._instances.add(self)
        if atlas == "shipped":
            try:
                atlas = load_atlas()
            except ValueError:
                atlas = None
        self.atlas: Atlas | None = atlas  # type: ignore[assignment]
        self.redraw_seconds = redraw_seconds
        self._display = display
        self.runs: list[Run] = []
        self.atlas_runs: list[Run] = []
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()  # guards self.runs (the training thread appends episodes)
        self._draw_lock = threading.Lock()  # one redraw at a time (button handlers and the thread)
        self._last_draw = 0.0
        self.draws = 0
        self.png = b""  # the last picture
        self.first_point_seconds: float | None = None  # Train pressed → first episode plotted (benchmarks)
        self.handle: Any = None

        default = PRESETS["default"]
        self.controls: dict[str, widgets.ValueWidget] = {
            "preset": widgets.ToggleButtons(options=sorted(PRESETS), value="default", description="preset"),
            "eps_start": _slider(widgets.FloatSlider, "EPS_START", value=default.eps_start, min=0, max=1, step=0.05),
            "eps_end": _slider(widgets.FloatSlider, "EPS_END", value=default.eps_end, min=0, max=1, step=0.01),
            "eps_decay": _log_slider("EPS_DECAY", default.eps_decay, 2, 4.5),
            "tau": _log_slider("τ (TAU)", default.tau, -3, 0),
            "lr": _log_slider("lr", default.lr, -5, -2),
            "seed": widgets.BoundedIntText(value=0, min=0, max=10_000, description="seed"),
            "episodes": _slider(widgets.IntSlider, "episodes", value=300, min=20, max=600, step=10),
        }
        self.train_button = widgets.Button(description="Train", button_style="success", icon="play")
        self.stop_button = widgets.Button(description="Stop", button_style="danger", icon="stop", disabled=True)
        self.clear_button = widgets.Button(description="Clear", icon="trash")
        self.train_button.on_click(self.train)
        self.stop_button.on_click(self.stop)
        self.clear_button.on_click(self.clear)
        self.status = widgets.HTML("Set the knobs and press <b>Train</b>.")
        self.controls["preset"].observe(self._on_preset, names="value")
        for name in KNOBS:
            self.controls[name].observe(self._on_knob, names="value")
        c = self.controls
        self.widget = widgets.VBox(
            [
                widgets.HBox([c["preset"], c["seed"], c["episodes"]]),
                widgets.HBox([c["eps_start"], c["eps_end"], c["eps_decay"]]),
                widgets.HBox([c["tau"], c["lr"]]),
                widgets.HBox([self.train_button, self.stop_button, self.clear_button]),
                self.status,
            ]
        )
        self._build_figure()
        self._on_knob()

    # --- what the knobs say ------------------------------------------------------------------

    def config(self) -> DQNConfig:
        """The preset with the knobs applied (``ValueError`` with the message if a value is invalid)."""
        c = self.controls
        return PRESETS[c["preset"].value].replace(
            num_episodes=int(c["episodes"].value), stop_when_solved=False,
            **{name: float(c[name].value) for name in KNOBS},
        )  # fmt: skip

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # --- buttons ------------------------------------------------------------------------------

    def train(self, _button: Any = None) -> bool:
        """Start a training run in the background; refused (False) while one is running or if a knob is invalid."""
        if self.running:
            self._say("A run is still going: press <b>Stop</b> first (one run at a time).")
            return False
        try:
            config = self.config()
        except ValueError as error:
            self._say(f"⚠ {error}")
            return False
        run = Run(config, int(self.controls["seed"].value), "live", self.controls["preset"].value)
        self.runs.append(run)
        self._stop.clear()
        self._started = time.perf_counter()
        self.first_point_seconds = None
        self._last_draw = 0.0
        self.train_button.disabled, self.stop_button.disabled = True, False
        self._say(f"Training {describe(config, self.controls['preset'].value)}, seed {run.seed} …")
        self._thread = threading.Thread(target=self._train, args=(run,), name="dqn-playground", daemon=True)
        self._thread.start()
        return True

    def run_now(self, timeout: float = 600, **knobs: Any) -> Run:
        """Set some knobs (e.g. ``episodes=30, seed=7, eps_end=0.0``), train, wait, and return the run.

        What a learner does with the sliders and the Train button, in one call (for scripted cells and
        tests); the knobs keep their new values. Raises ``ValueError`` naming a knob that does not exist,
        and ``RuntimeError`` with the status message if Train is refused or the run does not end in time.
        """
        unknown = sorted(set(knobs) - set(self.controls))
        if unknown:
            raise ValueError(f"unknown knob(s) {unknown}; the knobs are {sorted(self.controls)}")
        for name, value in knobs.items():
            control = self.controls[name]
            control.value = value
            if isinstance(value, (int, float)) and not math.isclose(control.value, value, rel_tol=1e-9):
                low, high = (control.base**control.min, control.base**control.max) if hasattr(control, "base") else (
                    control.min, control.max)  # fmt: skip
                raise ValueError(f"{name} = {value!r} is outside the slider's range {low:g} … {high:g}")
        if not self.train():
            raise RuntimeError(f"Train was refused: {self.status.value}")
        if not self.wait(timeout):
            self.stop()
            raise RuntimeError(f"the run did not end within {timeout} s; it was stopped")
        return self.runs[-1]

    def stop(self, _button: Any = None) -> None:
        """Ask the running training to stop (it ends within one environment step; its episodes are kept)."""
        self._stop.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the current run ends (True) or ``timeout`` seconds pass (False)."""
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.running

    def clear(self, _button: Any = None) -> None:
        """Forget every finished run (a running one stays)."""
        with self._lock:
            self.runs = [run for run in self.runs if run.status == "running"]
        self.redraw()
        self._say("Cleared.")

    def close(self) -> None:
        """Stop training and wait for the thread (used when the notebook cell is run again)."""
        self.stop()
        self.wait(timeout=10)

    # --- the background thread ------------------------------------------------------------------

    def _train(self, run: Run) -> None:
        try:
            history = train(
                run.config, seed=run.seed, callback=lambda h: self._on_episode(run, h), stop_event=self._stop
            )
            run.status = history.stopped_reason
        except TrainingDiverged as error:
            run.status = "diverged"
            self._say(f"⚠ {error}")
        except Exception as error:  # shown to the learner, never lost in a thread
            run.status = "failed"
            self._say(f"⚠ training failed: {type(error).__name__}: {error}")
        finally:
            self.train_button.disabled, self.stop_button.disabled = False, True
            self.redraw()
            if run.status in ("completed", "stopped", "solved"):
                best = max(run.mean100, default=0.0)
                self._say(
                    f"Run {run.status} after {len(run.durations)} episodes; best 100-episode mean {best:.0f}. "
                    "It stays on the plot: change a knob and train again to compare."
                )

    def _on_episode(self, run: Run, history: TrainingHistory) -> None:
        with self._lock:
            run.durations = list(history.durations)
            run.losses = list(history.losses)
        if time.perf_counter() - self._last_draw >= self.redraw_seconds:
            self.redraw()
            if self.first_point_seconds is None:  # the first episode is on the screen
                self.first_point_seconds = time.perf_counter() - self._started

    # --- knobs ----------------------------------------------------------------------------------

    def _on_preset(self, change: dict[str, Any]) -> None:
        preset = PRESETS[change["new"]]
        for name in KNOBS:  # the knobs jump to the preset's values
            self.controls[name].value = getattr(preset, name)

    def _on_knob(self, _change: Any = None) -> None:
        """Show the atlas runs for the knobs' grid point, if they are on one."""
        self.atlas_runs = []
        try:
            config = self.config()
        except ValueError as error:
            self._say(f"⚠ {error}")
            config = None
        on_grid = config is not None and self.atlas is not None and self.controls["preset"].value == "default"
        if on_grid and self.atlas.covers(config.replace(num_episodes=self.atlas.episodes)):
            for found in self.atlas.at(config.eps_decay, config.tau, config.lr):
                atlas_config = self.atlas.base_config.replace(eps_decay=found.eps_decay, tau=found.tau, lr=found.lr)
                self.atlas_runs.append(
                    Run(atlas_config, found.seed, "atlas", "default", list(found.durations), status="atlas")
                )
            self._say(
                f"Precomputed: {len(self.atlas_runs)} seeds at this grid point ({self.atlas.episodes} episodes each), "
                "shown dashed without training. Press <b>Train</b> for a live run."
            )
        self.redraw()

    def _say(self, html: str) -> None:
        self.status.value = html

    # --- the plot -------------------------------------------------------------------------------

    def _build_figure(self) -> None:
        # Redraws must stay cheap while training runs: a fixed layout, and blitting. The axes are drawn
        # once per change of the set of runs; during a run only its lines are drawn on a saved background.
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

    def _render(self) -> bytes:
        """Draw the plot and return it as PNG bytes.

        The axes are rebuilt when the set of runs (or the knobs) changed; otherwise only the running
        run's lines are drawn again, on top of the saved background.
        """
        with self._lock:  # a snapshot: the training thread keeps appending episodes
            runs = [dataclasses.replace(r, durations=list(r.durations), losses=list(r.losses)) for r in self.runs]
            shown = tuple((id(r), r.status) for r in self.runs)
        layout = (shown, tuple(id(r) for r in self.atlas_runs), self._knob_config())
        running = runs[-1] if runs and runs[-1].status == "running" else None
        if layout != self._layout or self._background is None:
            self._layout = layout
            self._rebuild(runs, running)
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

    def _knob_config(self) -> DQNConfig | None:
        try:
            return self.config()
        except ValueError:
            return None

    def _rebuild(self, runs: list[Run], running: Run | None) -> None:
        ax, ax_eps, ax_loss = self.ax_curve, self.ax_eps, self.ax_loss
        for axis in (ax, ax_eps, ax_loss):
            axis.clear()
        finished = [r for r in runs if r is not running]
        groups: dict[tuple[Any, ...], list[Run]] = {}
        for run in finished + self.atlas_runs:  # seeds of the same settings form one group
            groups.setdefault((run.source, run.settings()), []).append(run)
        planned = [running.config.num_episodes] if running is not None else []
        longest = max([len(r.durations) + 10 for r in runs + self.atlas_runs] + planned + [50])
        colors = iter(f"C{i % 10}" for i in range(1000))
        for (source, _), members in groups.items():
            color = next(colors)
            seeds = f"{len(members)} seed" + ("s" if len(members) > 1 else "")
            label = f"{describe(members[0].config, members[0].preset)} ({source}, {seeds})"
            style = "--" if source == "atlas" else "-"
            if len(members) == 1:
                ax.plot(members[0].mean100, color=color, ls=style, lw=1.8, label=label)
            else:  # a band: median and min–max of the seeds' 100-episode means
                median, low, high = band([m.mean100 for m in members])
                ax.fill_between(np.arange(len(median)), low, high, color=color, alpha=0.2)
                ax.plot(median, color=color, ls=style, lw=1.8, label=label)
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
        ax.set_title("every run stays until Clear; dashed = precomputed", fontsize="medium")
        if groups or running is not None:
            ax.legend(loc="upper left", fontsize="x-small")
        config = running.config if running is not None else self._knob_config()
        if config is not None:
            steps = np.linspace(0, 20_000, 200)
            eps = [epsilon_by_step(int(t), config.eps_start, config.eps_end, config.eps_decay) for t in steps]
            ax_eps.plot(steps, eps, color="tab:purple")
        ax_eps.set(ylim=(0, 1.02), xlabel="steps", title="ε schedule")
        ax_loss.set(xlabel="episode", title="loss (latest run)")

    def redraw(self) -> None:
        """Redraw the plot now and push it to the notebook through the display handle."""
        from IPython.display import Image

        with self._draw_lock:
            self.png = self._render()
            if self.handle is not None:
                self.handle.update(Image(data=self.png, format="png"))
            self._last_draw = time.perf_counter()
            self.draws += 1

    def show(self) -> None:
        """Display the controls and, below them, the plot (updated in place from then on)."""
        from IPython.display import Image
        from IPython.display import display as ipython_display

        display = self._display or ipython_display
        display(self.widget)
        self.handle = display(Image(data=self.png, format="png"), display_id=True)

    def _ipython_display_(self) -> None:
        self.show()
