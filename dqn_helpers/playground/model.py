"""The playground's model: its knobs, its runs, and how seeds of one setting become a band.

A :class:`Run` is one curve on the playground's plot, a live training or one precomputed by the
atlas (:mod:`dqn_helpers.playground.atlas`); both are the same record. A knob is a field of
:class:`~dqn_helpers.config.DQNConfig` with a slider: to add one, add it to :data:`KNOBS`; the
controls, the config the Train button uses and the plot's labels all follow from that table.
"""

from __future__ import annotations

import copy
import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

import numpy as np

from dqn_helpers import checks
from dqn_helpers.config import PRESETS, DQNConfig
from dqn_helpers.history import moving_mean
from dqn_helpers.language import N_, _

# --- the checks of this module's arguments ---------------------------------------------------------


def check_config(name: str, value: object) -> DQNConfig:
    """``value`` if it is a :class:`~dqn_helpers.config.DQNConfig` (``ValueError`` naming ``name`` otherwise)."""
    if not isinstance(value, DQNConfig):
        raise ValueError(f"{name} must be a DQNConfig, got {value!r}")
    return value


def check_runs(name: str, runs: object) -> list[Run]:
    """``runs`` as a list if it is a list (or tuple) of :class:`Run` (``ValueError`` naming the first that is not)."""
    if not isinstance(runs, (list, tuple)):
        raise ValueError(f"{name} must be a list of Runs, got {runs!r}")
    for i, run in enumerate(runs):
        if not isinstance(run, Run):
            raise ValueError(f"{name}[{i}] must be a Run, got {run!r}")
    return list(runs)


def numbers_list(name: str, values: object, check: Callable[[str, Any], Any]) -> list[Any]:
    """``values`` as a list, each value passed through ``check`` (named ``name[i]``); a list, tuple or 1-D array."""
    if isinstance(values, (str, bytes)) or not isinstance(values, (list, tuple, np.ndarray)):
        raise ValueError(f"{name} must be a list of numbers, got {values!r}")
    return [check(f"{name}[{i}]", value) for i, value in enumerate(values)]


def _duration(name: str, value: object) -> int:
    return checks.whole_number(name, value, minimum=0)


def _number(name: str, value: object) -> float:  # NaN too: a loss is NaN in the episodes before learning starts
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {value!r}")
    return float(value)


def _finite(name: str, value: object) -> float:
    if not math.isfinite(_number(name, value)):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Knob:
    """A slider for one ``DQNConfig`` field: over ``choices`` (a log scale) or from ``low`` to ``high``."""

    label: str
    choices: tuple[float, ...] = ()
    low: float = 0.0
    high: float = 1.0
    step: float = 0.05

    def __post_init__(self) -> None:
        if not isinstance(self.label, str) or not self.label:
            raise ValueError(f"label must be a non-empty string, got {self.label!r}")
        numbers_list("choices", self.choices, checks.positive_number)
        if not _finite("low", self.low) < _finite("high", self.high):
            raise ValueError(f"low must be below high, got low={self.low!r}, high={self.high!r}")
        checks.positive_number("step", self.step)


# The log-scale knobs offer every atlas grid value and both presets' values, so a learner dragging a
# slider lands exactly on them (a continuous log slider only reaches values such as 10^(k/20)).
KNOBS: dict[str, Knob] = {
    "eps_start": Knob("EPS_START", step=0.05),
    "eps_end": Knob("EPS_END", step=0.01),
    "eps_decay": Knob("EPS_DECAY", choices=(100.0, 200.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0, 16000.0, 30000.0)),
    "tau": Knob("τ (TAU)", choices=(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)),
    "lr": Knob("lr", choices=(1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2)),
}

Source = Literal["live", "atlas"]
# How a run ended (a TrainingHistory's stopped_reason, or what went wrong); "running" until then.
Status = Literal["running", "completed", "solved", "stopped", "interrupted", "diverged", "failed"]
# Each Status as a word the learner reads, for the catalog: shown as _(run.status).
STATUS_WORDS = [N_("running"), N_("completed"), N_("solved"), N_("stopped"), N_("interrupted"), N_("diverged")]
STATUS_WORDS += [N_("failed")]
FINISHED: tuple[Status, ...] = ("completed", "solved")  # runs that went the distance: seeds of them form a band


@dataclass
class Run:
    """One curve on the playground's plot: a live (or stopped) training, or a precomputed atlas run.

    Every field is checked on construction (``ValueError`` naming it); NumPy numbers become Python ones.
    """

    config: DQNConfig
    seed: int
    source: Source = "live"
    preset: str = "default"
    durations: list[int] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    status: Status = "running"

    def __post_init__(self) -> None:
        check_config("config", self.config)
        self.seed = checks.seed("seed", self.seed)
        checks.one_of("source", self.source, get_args(Source))
        checks.one_of("preset", self.preset, tuple(PRESETS))
        self.durations = numbers_list("durations", self.durations, _duration)
        self.losses = numbers_list("losses", self.losses, _number)
        checks.one_of("status", self.status, get_args(Status))

    @property
    def mean100(self) -> list[float]:
        return moving_mean(self.durations)

    def snapshot(self) -> Run:
        """A copy with lists of its own, to draw while training appends to this run (fast: not checked again)."""
        copied = copy.copy(self)
        copied.durations, copied.losses = list(self.durations), list(self.losses)
        return copied

    def settings(self) -> tuple[Any, ...]:
        """What identifies a group of seeds: the config, apart from the seed and the number of episodes."""
        return tuple(sorted((k, v) for k, v in self.config.to_dict().items() if k != "num_episodes"))


def band(curves: list[list[float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per episode, the median, lowest and highest value over several seeds' curves.

    Curves are cut to the shortest one, so every point summarises all seeds. Raises ``ValueError``
    unless ``curves`` is a non-empty list of lists of finite numbers.
    """
    if isinstance(curves, (str, bytes)) or not isinstance(curves, (list, tuple, np.ndarray)) or len(curves) == 0:
        raise ValueError(f"curves must be a non-empty list of curves (lists of numbers), got {curves!r}")
    curves = [numbers_list(f"curves[{i}]", curve, _finite) for i, curve in enumerate(curves)]
    length = min(len(curve) for curve in curves)
    values = np.array([curve[:length] for curve in curves], dtype=float)  # (seeds, episodes)
    return np.median(values, axis=0), values.min(axis=0), values.max(axis=0)


def describe(config: DQNConfig, preset: str) -> str:
    """The knobs that differ from the preset, e.g. ``"default, lr=0.003, tau=1"``."""
    check_config("config", config)
    base = PRESETS[checks.one_of("preset", preset, tuple(PRESETS))]
    changed = [f"{name}={getattr(config, name):.4g}" for name in KNOBS if getattr(config, name) != getattr(base, name)]
    return ", ".join([preset, *changed])


def caption(runs: list[Run], atlas_runs: list[Run]) -> str:
    """The plot in words: each live run with its state and length, and the precomputed seeds shown."""
    check_runs("runs", runs)
    check_runs("atlas_runs", atlas_runs)
    parts = []
    for run in runs:
        label = _("{run}, seed {seed}").format(run=describe(run.config, run.preset), seed=run.seed)
        best = _(", best 100-episode mean {best:.0f}").format(best=max(run.mean100)) if run.durations else ""
        if run.status == "running":
            text = _("{label}: running, {episodes} episodes so far{best}")
        else:
            text = _("{label}: {status} after {episodes} episodes{best}")
        parts.append(text.format(label=label, status=_(run.status), episodes=len(run.durations), best=best))
    if atlas_runs:
        text = _("precomputed: {seeds} seeds of {run}")
        parts.append(text.format(seeds=len(atlas_runs), run=describe(atlas_runs[0].config, "default")))
    return _("On the plot: {parts}.").format(parts=_("; ").join(parts) if parts else _("nothing yet"))
