"""The bug zoo: DQN on CartPole with one classic bug planted, beside the correct agent, several seeds each.

Notebook 06 shows these runs without training. They are ``dqn_helpers/data/zoo.json``; rebuild it with
``python -m dqn_helpers zoo --force`` (the variants, seeds and episodes below, trained in parallel
processes by :func:`~dqn_helpers.teaching.zoo_build.build_zoo`).

Every run is ``train(config, seed=seed, loss_fn=...)``: the config is :func:`base_config` (notebook 04's
run: the ``default`` preset with the tutorial's Huber loss, no early stop) with the variant's
``changes``, and the loss is the tutorial's with the variant's bug planted
(:func:`~dqn_helpers.teaching.bugs.broken_td_loss`). Every :data:`PROBE_EVERY` episodes, the run also
records, on the fixed start states of :mod:`~dqn_helpers.teaching.overestimation`, the mean of
max_a Q(s, a) and the mean discounted return the greedy policy gets from there.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dqn_helpers import checks
from dqn_helpers.config import WHOLE_NUMBERS, DQNConfig, get_preset
from dqn_helpers.files import file_path
from dqn_helpers.history import STOPPED_REASONS, moving_mean
from dqn_helpers.language import N_

ZOO_PATH = Path(__file__).resolve().parents[1] / "data" / "zoo.json"
EPISODES = 400
PROBE_EVERY = 10  # episodes between two measurements of Q against the greedy return
PROBE_STATES = 10  # fixed start states for that measurement


@dataclass(frozen=True)
class Variant:
    """One curve family of the zoo: ``bug`` (a key of ``BUGS``) planted in the loss, and/or config ``changes``.

    ``label`` and ``what`` are in English; show them to a learner through ``_()``.
    """

    label: str
    what: str
    bug: str | None = None
    changes: tuple[tuple[str, Any], ...] = ()


VARIANTS: dict[str, Variant] = {
    "correct": Variant(N_("correct"), N_("notebook 04's run: the tutorial's loss, written right")),
    "default": Variant(
        N_("default preset"),
        N_("the `default` preset as `python -m dqn_helpers train` runs it: the squared error"),
        changes=(("loss", "mse"),),
    ),
    "double_dqn": Variant(
        N_("Double DQN"), N_("the policy net picks a', the target net values it"), changes=(("double_dqn", True),)
    ),
    "truncation_as_termination": Variant(
        N_("truncation as termination"), N_("the time limit ends the future too"), "truncation_as_termination"
    ),
    "ignores_terminated": Variant(
        N_("no terminal mask"), N_("the target bootstraps after the pole fell"), "ignores_terminated"
    ),
    "policy_net_target": Variant(
        N_("no target network"), N_("the target uses the policy net (no gradient through it)"), "policy_net_target"
    ),
    "target_never_updated": Variant(
        N_("target never updated"),
        N_("the target net stays the random first copy"),
        changes=(("target_update_every", 1_000_000),),
    ),
    "residual_gradient": Variant(
        N_("residual gradient"),
        N_("the target uses the policy net, and gradients flow through it"),
        "residual_gradient",
    ),
    "broadcast": Variant(
        N_("(B, 1) − (B,) broadcast"), N_("Q(s, a) is a column, the target a row: a B × B loss"), "broadcast"
    ),
    "eps_never_decays": Variant(
        N_("ε never decays"),
        N_("ε stays at 0.9: the agent acts at random most of the time"),
        changes=(("eps_decay", 1e9),),
    ),
    "lr_x10": Variant(N_("learning rate × 10"), N_("lr = 1e-2 instead of 1e-3"), changes=(("lr", 1e-2),)),
}
REFERENCES = ("correct", "default", "double_dqn")  # many seeds each: the bands a learner's run is compared with
SEEDS = tuple(range(900, 910))  # fresh seeds: nothing in the course was tuned on them
BUG_SEEDS = SEEDS[:4]
DEFAULT_SEEDS: dict[str, tuple[int, ...]] = {key: SEEDS if key in REFERENCES else BUG_SEEDS for key in VARIANTS}
RUN_SERIES = ("durations", "losses", "mean_max_q", "q_estimate", "greedy_return")


def base_config(episodes: int = EPISODES) -> DQNConfig:
    """Notebook 04's run: the ``default`` preset with the Huber loss, ``episodes`` long, no early stop or evaluation."""
    return get_preset("default", loss="huber", stop_when_solved=False, num_episodes=episodes, eval_episodes=0)


def variant_config(variant: str, episodes: int = EPISODES) -> DQNConfig:
    """:func:`base_config` with the variant's changes."""
    return base_config(episodes).replace(**dict(VARIANTS[checks.one_of("variant", variant, VARIANTS)].changes))


@dataclass(frozen=True)
class ZooRun:
    """One run: per-episode durations, losses and mean max-Q; every ``PROBE_EVERY`` episodes, Q and G."""

    variant: str
    seed: int
    durations: tuple[int, ...]
    losses: tuple[float, ...]  # NaN before learning starts
    mean_max_q: tuple[float, ...]
    q_estimate: tuple[float, ...]  # mean over the fixed states of max_a Q(s, a), after episodes 10, 20, …
    greedy_return: tuple[float, ...]  # mean over the fixed states of the greedy policy's discounted return
    stopped_reason: str = "completed"

    @property
    def mean100(self) -> list[float]:
        return moving_mean(self.durations)


@dataclass(frozen=True)
class Zoo:
    """How the runs were made and the runs; checked whole on construction (``ValueError``)."""

    episodes: int
    seeds: dict[str, tuple[int, ...]]
    runs: tuple[ZooRun, ...]
    build_seconds: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "episodes", episodes_checked(self.episodes))
        object.__setattr__(self, "seeds", check_variant_seeds(self.seeds))
        expected = {(v, s) for v, seeds in self.seeds.items() for s in seeds}
        got = [(run.variant, run.seed) for run in self.runs]
        if set(got) != expected or len(got) != len(expected):
            raise ValueError(f"runs must hold one run per variant and seed ({len(expected)}), got {len(got)}")
        for i, run in enumerate(self.runs):
            _check_run(i, run, self.episodes)

    def runs_of(self, variant: str) -> list[ZooRun]:
        """The variant's runs, one per seed."""
        checks.one_of("variant", variant, self.seeds)
        return [run for run in self.runs if run.variant == variant]


def check_variant_seeds(seeds: object) -> dict[str, tuple[int, ...]]:
    """``seeds`` if it maps variants (keys of :data:`VARIANTS`) to non-empty lists of distinct seeds."""
    if not isinstance(seeds, Mapping) or not seeds:
        raise ValueError(f"seeds must map variants ({', '.join(VARIANTS)}) to lists of seeds, got {seeds!r}")
    return {checks.one_of("variant", key, VARIANTS): _seeds(f"seeds[{key!r}]", value) for key, value in seeds.items()}


def _seeds(name: str, values: object) -> tuple[int, ...]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or not values:
        raise ValueError(f"{name} must be a non-empty list of seeds, got {values!r}")
    checked = tuple(checks.seed(f"{name}[{i}]", value) for i, value in enumerate(values))
    if len(set(checked)) != len(checked):
        raise ValueError(f"{name} must be distinct seeds, got {values!r}")
    return checked


def episodes_checked(episodes: object) -> int:
    """``episodes`` if it is a number of episodes a ``DQNConfig`` takes."""
    return checks.whole_number("episodes", episodes, 1, WHOLE_NUMBERS["num_episodes"][1])


def _check_run(i: int, run: object, episodes: int) -> None:
    if not isinstance(run, ZooRun):
        raise ValueError(f"runs[{i}] must be a ZooRun, got {run!r}")
    checks.one_of(f"runs[{i}].stopped_reason", run.stopped_reason, STOPPED_REASONS)
    n = len(run.durations)
    if n != episodes and not (run.stopped_reason == "diverged" and n < episodes):
        raise ValueError(f"runs[{i}].durations must hold {episodes} episodes, got {n}")
    for name in RUN_SERIES:
        values, length = getattr(run, name), n // PROBE_EVERY if name in ("q_estimate", "greedy_return") else n
        if len(values) != length or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            raise ValueError(f"runs[{i}].{name} must hold {length} numbers, got {values!r:.80}")
    if not all(isinstance(d, int) and 1 <= d <= 500 for d in run.durations):
        raise ValueError(f"runs[{i}].durations must be CartPole-v1 episode lengths (1 … 500)")


def load_zoo(path: str | Path = ZOO_PATH) -> Zoo:
    """Read a zoo file; a missing, unreadable or malformed one raises ``ValueError`` saying how to rebuild it."""
    path = file_path("path", path)
    try:
        return _zoo_from(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise ValueError(f"no zoo at {str(path)!r}; build it with `python -m dqn_helpers zoo`") from None
    except OSError as error:
        raise ValueError(f"path must be a readable zoo file, got {str(path)!r} ({error.strerror})") from None
    except (KeyError, TypeError, ValueError, RecursionError) as error:
        raise ValueError(
            f"{str(path)!r} is not a valid zoo ({error}); rebuild it with `python -m dqn_helpers zoo --force`"
        ) from None


def _zoo_from(data: object) -> Zoo:
    keys = ("episodes", "probe_every", "base_config", "variants", "seeds", "runs")
    if not isinstance(data, dict) or not all(key in data for key in keys):
        raise ValueError(f"a zoo is a JSON object with {list(keys)}")
    if data["probe_every"] != PROBE_EVERY or DQNConfig.from_dict(data["base_config"]) != base_config(data["episodes"]):
        raise ValueError("it was made with another base config or probe interval than this version of the course")
    variants = {key: {"bug": VARIANTS[key].bug, "changes": dict(VARIANTS[key].changes)} for key in data["seeds"]}
    if data["variants"] != variants:
        raise ValueError("its variants differ from this version of the course's VARIANTS")
    runs = []
    for i, run in enumerate(data["runs"]):
        if not isinstance(run, dict) or not all(key in run for key in ("variant", "seed", *RUN_SERIES)):
            raise ValueError(f"runs[{i}] must be an object with variant, seed, {', '.join(RUN_SERIES)}")
        series: dict[str, Any] = {name: tuple(math.nan if v is None else v for v in run[name]) for name in RUN_SERIES}
        runs.append(ZooRun(run["variant"], run["seed"], **series, stopped_reason=run.get("stopped_reason", "")))
    return Zoo(data["episodes"], data["seeds"], tuple(runs), data.get("build_seconds"))
