"""The hyperparameter playground of notebook 05: set ε, τ, lr, seed and preset, press Train, watch.

Training runs in a background thread (the notebook stays responsive) and stops within one
environment step when **Stop** sets its ``threading.Event``; the run so far is kept. Every finished
or stopped run stays on the plot until **Clear**; runs of the same settings with different seeds
are drawn as a band (median and min–max of their 100-episode means). When the sliders sit on a
point of the precomputed :mod:`~dqn_helpers.atlas` grid, its runs appear at once, without training.

The plot (:class:`dqn_helpers.plots.RunsPlot`) is a PNG updated in place through a display handle
(no ipympl; ipywidgets 7.7 and 8), at most every ``redraw_seconds`` while training.
"""

from __future__ import annotations

import dataclasses
import math
import re
import threading
import time
import weakref
from typing import Any, ClassVar

import ipywidgets as widgets

from dqn_helpers.atlas import Atlas, load_atlas
from dqn_helpers.plots import KNOBS, Run, RunsPlot, describe
from dqn_helpers.train import PRESETS, DQNConfig, TrainingDiverged, TrainingHistory, train

# The values the log-scale knobs offer: every atlas grid value and both presets' values are among them,
# so a learner dragging a slider lands exactly on them (a continuous log slider only reaches 10^(k/20)).
CHOICES: dict[str, tuple[float, ...]] = {
    "eps_decay": (100.0, 200.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0, 16000.0, 30000.0),
    "tau": (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0),
    "lr": (1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2),
}


def _choice_slider(description: str, name: str, value: float) -> widgets.SelectionSlider:
    return widgets.SelectionSlider(
        description=description, options=[(f"{v:g}", v) for v in CHOICES[name]], value=value,
        continuous_update=False, style={"description_width": "initial"},
    )  # fmt: skip


def _slider(kind: type, description: str, **kwargs: Any) -> widgets.ValueWidget:
    return kind(description=description, continuous_update=False, style={"description_width": "initial"}, **kwargs)


def plot_caption(runs: list[Run], atlas_runs: list[Run]) -> str:
    """The plot in words: each live run with its state and length, and the precomputed seeds shown."""
    parts = []
    for run in runs:
        label = f"{describe(run.config, run.preset)}, seed {run.seed}"
        best = f", best 100-episode mean {max(run.mean100):.0f}" if run.durations else ""
        if run.status == "running":
            parts.append(f"{label}: running, {len(run.durations)} episodes so far{best}")
        else:
            parts.append(f"{label}: {run.status} after {len(run.durations)} episodes{best}")
    if atlas_runs:
        parts.append(f"precomputed: {len(atlas_runs)} seeds of {describe(atlas_runs[0].config, 'default')}")
    return "On the plot: " + ("; ".join(parts) if parts else "nothing yet") + "."


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
            "eps_decay": _choice_slider("EPS_DECAY", "eps_decay", default.eps_decay),
            "tau": _choice_slider("τ (TAU)", "tau", default.tau),
            "lr": _choice_slider("lr", "lr", default.lr),
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
        # What the plot shows, in words (updated with every redraw; tests and screen readers read it).
        self.caption = widgets.HTML("")
        self._applying_preset = False
        self._closed = False
        self._busy = False
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
                self.caption,
            ]
        )
        self.plot = RunsPlot()
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
        """True from Train until the run has ended and been drawn."""
        return self._busy

    # --- buttons ------------------------------------------------------------------------------

    def train(self, _button: Any = None) -> bool:
        """Start a training run in the background; refused (False) while one is running or if a knob is invalid."""
        if self._closed:
            return False
        if self.running:
            self._say("A run is still going: press <b>Stop</b> first (one run at a time).")
            return False
        try:
            config = self.config()
        except ValueError as error:
            self._say(f"⚠ {error}")
            return False
        self._busy = True
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
        if self.running:
            raise RuntimeError("a run is still going: stop it (or wait) before starting another")
        for name, value in knobs.items():
            control = self.controls[name]
            if name in CHOICES:
                if not any(math.isclose(value, choice) for choice in CHOICES[name]):
                    raise ValueError(f"{name} = {value!r} is not one of the slider's values {list(CHOICES[name])}")
                value = next(choice for choice in CHOICES[name] if math.isclose(value, choice))
            control.value = value
            if isinstance(value, (int, float)) and not math.isclose(control.value, value, rel_tol=1e-9):
                raise ValueError(f"{name} = {value!r} is outside its range {control.min:g} … {control.max:g}")
        if not self.train():
            raise RuntimeError(f"Train was refused: {re.sub('<[^>]+>', '', self.status.value)}")
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
        return self._thread is None or not self._thread.is_alive()

    def clear(self, _button: Any = None) -> None:
        """Forget every finished run (a running one stays)."""
        with self._lock:
            self.runs = [run for run in self.runs if run.status == "running"]
        self.redraw()
        self._say("Cleared.")

    def close(self) -> None:
        """Stop training, wait for the thread and retire the controls (when the notebook cell runs again)."""
        self.stop()
        self.wait(timeout=10)
        self._closed = True
        self.train_button.disabled = self.stop_button.disabled = self.clear_button.disabled = True
        self._say("This playground was replaced by a newer one (the cell ran again).")

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
            self.redraw()
            if run.status in ("completed", "stopped", "solved"):
                best = max(run.mean100, default=0.0)
                self._say(
                    f"Run {run.status} after {len(run.durations)} episodes; best 100-episode mean {best:.0f}. "
                    "It stays on the plot: change a knob and train again to compare."
                )
            self._busy = False  # only now may Train start another run
            self.train_button.disabled, self.stop_button.disabled = self._closed, True

    def _on_episode(self, run: Run, history: TrainingHistory) -> None:
        with self._lock:
            run.durations = list(history.durations)
            run.losses = list(history.losses)
        if time.perf_counter() - self._last_draw >= self.redraw_seconds:
            self.redraw()
            if self.first_point_seconds is None:  # the first episode is on the screen
                self.first_point_seconds = time.perf_counter() - self._started

    # --- knobs ----------------------------------------------------------------------------------

    def reset(self, preset: str = "default") -> None:
        """Set every knob to ``preset``'s values (even if that preset is already selected)."""
        if preset not in PRESETS:
            raise ValueError(f"unknown preset {preset!r}; choose one of {sorted(PRESETS)}")
        self._applying_preset = True  # one redraw at the end, not one per knob
        try:
            self.controls["preset"].value = preset
            for name in KNOBS:
                self.controls[name].value = getattr(PRESETS[preset], name)
        finally:
            self._applying_preset = False
        self._on_knob()

    def _on_preset(self, change: dict[str, Any]) -> None:
        if not self._applying_preset:
            self.reset(change["new"])  # the knobs jump to the preset's values

    def _on_knob(self, _change: Any = None) -> None:
        """Show the atlas runs for the knobs' grid point, if they are on one, and say what is shown."""
        if self._applying_preset:
            return
        found: list[Run] = []
        try:
            config = self.config()
        except ValueError as error:
            config = None
            self._say(f"⚠ {error}")
        on_grid = config is not None and self.atlas is not None and self.controls["preset"].value == "default"
        if on_grid and self.atlas.covers(config.replace(num_episodes=self.atlas.episodes)):
            for run in self.atlas.at(config.eps_decay, config.tau, config.lr):
                atlas_config = self.atlas.base_config.replace(eps_decay=run.eps_decay, tau=run.tau, lr=run.lr)
                found.append(Run(atlas_config, run.seed, "precomputed", "default", list(run.durations), status="atlas"))
            self._say(
                f"Precomputed: {len(found)} seeds at this grid point ({self.atlas.episodes} episodes each), "
                "shown dashed without training. Press <b>Train</b> for a live run."
            )
        elif config is not None and not self.running:
            self._say("Not a precomputed point: press <b>Train</b> for a live run.")
        self.atlas_runs = found  # one assignment: a redraw from the training thread never sees half a list
        self.redraw()

    def _say(self, html: str) -> None:
        self.status.value = html

    # --- the plot (drawn by dqn_helpers.plots.RunsPlot) ------------------------------------------

    def _knob_config(self) -> DQNConfig | None:
        try:
            return self.config()
        except ValueError:
            return None

    def redraw(self) -> None:
        """Redraw the plot now and push it to the notebook through the display handle."""
        from IPython.display import Image

        with self._draw_lock:
            with self._lock:  # a snapshot: the training thread keeps appending episodes
                runs = [dataclasses.replace(r, durations=list(r.durations), losses=list(r.losses)) for r in self.runs]
                shown = tuple((id(r), r.status) for r in self.runs)
            config = self._knob_config()
            layout = (shown, tuple(id(r) for r in self.atlas_runs), config)
            self.png = self.plot.render(runs, self.atlas_runs, config, layout)
            self.caption.value = plot_caption(runs, self.atlas_runs)
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
