"""The hyperparameter playground of notebook 05: set ε, τ, lr, seed and preset, press Train, watch.

Training runs in a background thread (the notebook stays responsive) and stops within one
environment step when **Stop** sets its ``threading.Event``; the run so far is kept. Every finished
or stopped run stays on the plot until **Clear**; runs of the same settings with different seeds
are drawn as a band (median and min–max of their 100-episode means). When the sliders sit on a
point of the precomputed :mod:`~dqn_helpers.playground.atlas` grid, its runs appear at once, untrained.

The plot (:class:`~dqn_helpers.playground.figure.RunsPlot`) is a PNG updated in place through a
display handle (no ipympl; ipywidgets 7.7 and 8), at most every ``redraw_seconds`` while training.
"""

from __future__ import annotations

import re
import threading
import time
import weakref
from typing import Any, ClassVar

from dqn_helpers import checks
from dqn_helpers.config import DQNConfig
from dqn_helpers.history import TrainingHistory
from dqn_helpers.language import _
from dqn_helpers.playground.atlas import Atlas, load_atlas
from dqn_helpers.playground.controls import Controls
from dqn_helpers.playground.figure import RunsPlot
from dqn_helpers.playground.model import Run, caption, describe
from dqn_helpers.training import TrainingDiverged, train

MAX_WAIT = 24 * 3600  # the longest timeout, in seconds, that run_now() and wait() take: a day


def playground_ui(redraw_seconds: float = 0.3) -> Playground:
    """The playground of notebook 05, with the shipped atlas.

    Creating a new one stops the training of any earlier one, so re-running the notebook cell never
    leaves a training thread behind.
    """
    return Playground(redraw_seconds=redraw_seconds)


class Playground(Controls):
    """The playground: its controls, its runs and its live plot.

    The controls are :class:`~dqn_helpers.playground.controls.Controls`; this class trains behind them.

    Args:
        atlas: precomputed runs (default: the atlas shipped with the package; ``None`` if it is missing).
        redraw_seconds: the least time between two redraws while training (0.3 s: up to 3 per second).
        display: ``IPython.display.display`` (a test passes a recorder).

    Any other argument raises ``ValueError``, and an earlier playground then keeps running.
    """

    _instances: ClassVar[weakref.WeakSet[Playground]] = weakref.WeakSet()

    def __init__(self, atlas: Atlas | str | None = "shipped", redraw_seconds: float = 0.3, display: Any = None) -> None:
        if not (atlas is None or isinstance(atlas, Atlas) or (isinstance(atlas, str) and atlas == "shipped")):
            raise ValueError(f"atlas must be an Atlas, None or 'shipped', got {atlas!r}")
        redraw_seconds = checks.positive_number("redraw_seconds", redraw_seconds)
        if display is not None and not callable(display):
            raise ValueError(f"display must be a function such as IPython's display, or None, got {display!r}")
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

        super().__init__()
        self.train_button.on_click(self.train)
        self.stop_button.on_click(self.stop)
        self.clear_button.on_click(self.clear)
        self._config: DQNConfig | None = None  # what the knobs say; None while a knob is invalid
        self._closed = False
        self._busy = False
        self.plot = RunsPlot()
        self.knobs_changed()

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
            self.say(_("A run is still going: press <b>Stop</b> first (one run at a time)."))
            return False
        config = self._config
        if config is None:
            self.knobs_changed()  # says which knob is invalid
            return False
        self._busy = True
        run = Run(config, int(self.controls["seed"].value), "live", self.controls["preset"].value)
        self.runs.append(run)
        self._stop.clear()
        self._started = time.perf_counter()
        self.first_point_seconds = None
        self._last_draw = 0.0
        self.train_button.disabled, self.stop_button.disabled = True, False
        self.say(_("Training {run}, seed {seed} …").format(run=describe(config, run.preset), seed=run.seed))
        self._thread = threading.Thread(target=self._train, args=(run,), name="dqn-playground", daemon=True)
        self._thread.start()
        return True

    def run_now(self, timeout: float = 600, **knobs: Any) -> Run:
        """Set some knobs (e.g. ``episodes=30, seed=7, eps_end=0.0``), train, wait, and return the run.

        What a learner does with the sliders and the Train button, in one call (for scripted cells and
        tests); the knobs keep their new values. Raises ``ValueError`` naming a bad ``timeout`` or knob,
        and ``RuntimeError`` with the status message if Train is refused or the run does not end in time.
        """
        checks.number_in("timeout", timeout, 0, MAX_WAIT, low_open=True, note="seconds")
        if self.running:
            raise RuntimeError("a run is still going: stop it (or wait) before starting another")
        self.set_knobs(**knobs)
        if not self.train():
            raise RuntimeError(f"Train was refused: {re.sub('<[^>]+>', '', self.status.value)}")
        if not self.wait(timeout):
            self.stop()
            self.wait(10)  # it ends within one environment step, so the next call may train again
            raise RuntimeError(f"the run did not end within {timeout} s; it was stopped")
        return self.runs[-1]

    def stop(self, _button: Any = None) -> None:
        """Ask the running training to stop (it ends within one environment step; its episodes are kept)."""
        self._stop.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the current run ends (True) or ``timeout`` seconds pass (False); ``None``: no limit."""
        if timeout is not None:
            checks.number_in("timeout", timeout, 0, MAX_WAIT, note="seconds, or None for no limit")
        if self._thread is not None:
            self._thread.join(timeout)
        return self._thread is None or not self._thread.is_alive()

    def clear(self, _button: Any = None) -> None:
        """Forget every finished run (a running one stays)."""
        with self._lock:
            self.runs = [run for run in self.runs if run.status == "running"]
        self.redraw()
        self.say(_("Cleared."))

    def close(self) -> None:
        """Stop training, wait for the thread and retire the controls (when the notebook cell runs again)."""
        self.stop()
        self.wait(timeout=10)
        self._closed = True
        self.train_button.disabled = self.stop_button.disabled = self.clear_button.disabled = True
        self.say(_("This playground was replaced by a newer one (the cell ran again)."))

    # --- the background thread ------------------------------------------------------------------

    def _train(self, run: Run) -> None:
        try:
            history = train(
                run.config, seed=run.seed, callback=lambda h: self._on_episode(run, h), stop_event=self._stop
            )
            run.status = history.stopped_reason
        except TrainingDiverged as error:
            run.status = "diverged"
            self.say(f"⚠ {error}")
        except Exception as error:  # shown to the learner, never lost in a thread
            run.status = "failed"
            self.say(_("⚠ training failed: {kind}: {error}").format(kind=type(error).__name__, error=error))
        finally:
            self.redraw()
            if run.status in ("completed", "stopped", "solved"):
                best = max(run.mean100, default=0.0)
                text = _(
                    "Run {status} after {episodes} episodes; best 100-episode mean {best:.0f}. "
                    "It stays on the plot: change a knob and train again to compare."
                )
                self.say(text.format(status=_(run.status), episodes=len(run.durations), best=best))
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

    def knobs_changed(self) -> None:
        """Read the knobs once; show the atlas runs for their grid point, if on one; say what is shown."""
        try:
            self._config = config = self.config()
        except ValueError as error:
            self._config = config = None
            self.say(f"⚠ {error}")
        found: list[Run] = []
        if config is not None and self.atlas is not None and self.controls["preset"].value == "default":
            found = self.atlas.runs_for(config)
            if found:
                text = _(
                    "Precomputed: {seeds} seeds at this grid point ({episodes} episodes each), "
                    "shown dashed without training. Press <b>Train</b> for a live run."
                )
                self.say(text.format(seeds=len(found), episodes=self.atlas.episodes))
        if config is not None and not found and not self.running:
            self.say(_("Not a precomputed point: press <b>Train</b> for a live run."))
        self.atlas_runs = found  # one assignment: a redraw from the training thread never sees half a list
        self.redraw()

    # --- the plot (drawn by RunsPlot) ----------------------------------------------------------------

    def redraw(self) -> None:
        """Redraw the plot now and push it to the notebook through the display handle."""
        from IPython.display import Image

        with self._draw_lock:
            with self._lock:  # a snapshot: the training thread keeps appending episodes
                runs = [run.snapshot() for run in self.runs]
                shown = tuple((id(r), r.status) for r in self.runs)
            layout = (shown, tuple(id(r) for r in self.atlas_runs), self._config)
            self.png = self.plot.render(runs, self.atlas_runs, self._config, layout)
            self.caption.value = caption(runs, self.atlas_runs)
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
