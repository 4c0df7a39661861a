"""What a training run records: :class:`TrainingHistory`, one entry per finished episode.

CartPole-v1 counts as *solved* when the mean duration of 100 consecutive episodes reaches 475 (its
``reward_threshold`` in Gymnasium): :data:`SOLVED_WINDOW` and :data:`SOLVED_MEAN`.
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import json
import math
import typing
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dqn_helpers import checks
from dqn_helpers.config import DQNConfig
from dqn_helpers.files import atomic_path

if TYPE_CHECKING:
    from dqn_helpers.qnet import DQN

# Why a run ended: all its episodes, the 100-episode mean reached 475, a stop event, or Ctrl-C.
StoppedReason = Literal["completed", "solved", "stopped", "interrupted", "diverged"]
STOPPED_REASONS: tuple[StoppedReason, ...] = typing.get_args(StoppedReason)
SOLVED_WINDOW = 100  # CartPole-v1 counts as solved when the mean of 100 consecutive episodes ...
SOLVED_MEAN = 475.0  # ... reaches 475 (its reward_threshold in Gymnasium)
PER_EPISODE = ("durations", "mean100", "losses", "epsilons", "learning_rates", "mean_max_q", "episode_end_times")


def last_mean(durations: Sequence[int], window: int = SOLVED_WINDOW) -> float:
    """The mean of the last ``window`` durations (of all of them while there are fewer)."""
    checks.whole_number("window", window)
    if len(durations) == 0:
        raise ValueError("last_mean needs at least one duration, got none")
    recent = durations[-window:]
    return sum(recent) / len(recent)


def moving_mean(durations: Sequence[int], window: int = SOLVED_WINDOW) -> list[float]:
    """:func:`last_mean` after every episode: the ``mean100`` curve of a whole list of durations."""
    checks.whole_number("window", window)
    return [last_mean(durations[max(0, i + 1 - window) : i + 1], window) for i in range(len(durations))]


@dataclass
class TrainingHistory:
    """Everything a run records, one entry per finished episode.

    ``mean100[i]`` is the mean duration of episodes ``max(0, i-99) … i``; the task is *solved* at the
    first episode ``i ≥ 99`` where it reaches 475. ``losses`` and ``mean_max_q`` are averages over the
    episode's updates (NaN before learning starts); ``epsilons`` and ``learning_rates`` are ε and the
    learning rate at the episode's end;
    ``episode_end_times`` is the wall time in seconds since the start. ``stopped_reason`` is one of
    ``"completed"`` (all episodes run), ``"solved"``, ``"stopped"`` (the stop event),
    ``"interrupted"`` (Ctrl-C) or ``"diverged"`` (the history of a
    :class:`~dqn_helpers.training.TrainingDiverged`). A stopped run keeps its finished episodes.

    ``evaluated_at`` are the episodes after which the greedy policy was evaluated (see
    ``DQNConfig.eval_every``) and ``eval_means`` its mean durations there; ``best_episode`` and
    ``best_eval`` say which evaluation was the best (the later of equals). ``policy_net`` is the network
    as training left it, ``best_net`` a copy of the best evaluated one, and :attr:`agent` the one to
    keep (networks are not part of :meth:`to_dict`; save them with :mod:`dqn_helpers.checkpoint`).
    """

    config: DQNConfig
    seed: int
    durations: list[int] = field(default_factory=list)
    mean100: list[float] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    epsilons: list[float] = field(default_factory=list)
    learning_rates: list[float] = field(default_factory=list)
    mean_max_q: list[float] = field(default_factory=list)
    episode_end_times: list[float] = field(default_factory=list)
    steps: int = 0
    updates: int = 0
    wall_time: float = 0.0
    solved_episode: int | None = None
    stopped_reason: StoppedReason = "completed"
    evaluated_at: list[int] = field(default_factory=list)
    eval_means: list[float] = field(default_factory=list)
    best_episode: int | None = None
    best_eval: float | None = None
    policy_net: DQN | None = field(default=None, repr=False, compare=False)  # the network as training left it
    best_net: DQN | None = field(default=None, repr=False, compare=False)  # the best evaluated one

    def __post_init__(self) -> None:
        if not isinstance(self.config, DQNConfig):
            raise TypeError(f"config must be a DQNConfig, got {type(self.config).__name__}")
        checks.seed("seed", self.seed)

    @property
    def episodes(self) -> int:
        return len(self.durations)

    @property
    def solved(self) -> bool:
        return self.solved_episode is not None

    @property
    def time_to_solve(self) -> float | None:
        """Seconds from the start to the end of the solving episode, or ``None``."""
        return None if self.solved_episode is None else self.episode_end_times[self.solved_episode]

    def record_episode(
        self, duration: int, loss: float, epsilon: float, mean_max_q: float, now: float, learning_rate: float
    ) -> None:
        """Append one finished episode: its length in steps, mean loss, final ε, mean max-Q, end time and lr."""
        checks.whole_number("duration", duration, 0)
        checks.number_in("epsilon", epsilon, 0, 1)
        self.durations.append(duration)
        self.mean100.append(last_mean(self.durations))
        self.losses.append(loss)
        self.epsilons.append(epsilon)
        self.learning_rates.append(learning_rate)
        self.mean_max_q.append(mean_max_q)
        self.episode_end_times.append(now)
        if self.solved_episode is None and len(self.durations) >= SOLVED_WINDOW and self.mean100[-1] >= SOLVED_MEAN:
            self.solved_episode = len(self.durations) - 1

    def record_evaluation(self, net: DQN, durations: Sequence[int]) -> None:
        """Record a greedy evaluation of ``net`` after the latest episode.

        Keeps a copy of ``net`` if it scores at least as well as the best so far (the later of two
        equals: it trained longer).
        """
        if isinstance(durations, str) or not isinstance(durations, Sequence) or len(durations) == 0:
            raise ValueError(f"durations must be a list of one or more episode lengths, got {durations!r}")
        for duration in durations:
            checks.whole_number("an evaluation's duration", duration, 0)
        mean = sum(durations) / len(durations)
        self.evaluated_at.append(self.episodes - 1)
        self.eval_means.append(mean)
        if self.best_eval is None or mean >= self.best_eval:
            self.best_eval, self.best_episode = mean, self.episodes - 1
            self.best_net = copy.deepcopy(net)

    @property
    def agent(self) -> DQN | None:
        """The network to keep: the best evaluated one, or the last one if there was no evaluation."""
        return self.best_net if self.best_net is not None else self.policy_net

    def to_dict(self) -> dict[str, Any]:
        """Plain data (lists, numbers, strings): everything but the networks."""
        data = {
            f.name: copy.copy(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if f.name not in ("policy_net", "best_net")
        }
        data["config"] = self.config.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainingHistory:
        """The history :meth:`to_dict` wrote; ``ValueError`` if ``data`` is not one whole, consistent history."""
        fields = {f.name for f in dataclasses.fields(cls)} - {"policy_net", "best_net"}
        if not isinstance(data, dict) or set(data) != fields:
            keys = sorted(data) if isinstance(data, dict) else type(data).__name__
            raise ValueError(f"a history needs exactly the keys {sorted(fields)}, got {keys}")
        per_episode = {name: data[name] for name in PER_EPISODE}
        if not all(isinstance(values, list) for values in per_episode.values()):
            raise ValueError(f"a history's {list(PER_EPISODE)} must be lists")
        lengths = {name: len(values) for name, values in per_episode.items()}
        if len(set(lengths.values())) != 1:
            raise ValueError(f"a history's per-episode lists must have one entry per episode, got lengths {lengths}")
        _check_numbers(data)
        return cls(**{**data, "config": DQNConfig.from_dict(data["config"])})

    def rows(self) -> list[dict[str, float | int]]:
        """One dict per episode (for CSV files and tables)."""
        return [
            {
                "episode": i,
                "duration": self.durations[i],
                "mean100": self.mean100[i],
                "loss": self.losses[i],
                "epsilon": self.epsilons[i],
                "learning_rate": self.learning_rates[i],
                "mean_max_q": self.mean_max_q[i],
                "time_s": self.episode_end_times[i],
            }
            for i in range(self.episodes)
        ]

    def write_files(self, out: str | Path) -> list[Path]:
        """Write ``history.csv`` (one row per episode) and ``history.json`` (:meth:`to_dict`) into ``out``.

        Each file is written whole or not at all (:func:`~dqn_helpers.files.atomic_path`).
        """
        out = Path(out)
        if out.exists() and not out.is_dir():
            raise ValueError(f"out must be a folder, got {str(out)!r}, which is a file")
        out.mkdir(parents=True, exist_ok=True)
        csv_path, json_path = out / "history.csv", out / "history.json"
        rows = self.rows()
        with atomic_path(csv_path) as temporary, temporary.open("w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]) if rows else ["episode"])
            writer.writeheader()
            writer.writerows(rows)
        data = self.to_dict()
        for key in ("losses", "mean_max_q"):  # JSON has no NaN: an episode without updates is null
            data[key] = [None if math.isnan(v) else v for v in data[key]]
        with atomic_path(json_path) as temporary:
            temporary.write_text(json.dumps(data, indent=1))
        return [csv_path, json_path]


def _check_numbers(data: dict[str, Any]) -> None:
    """Refuse a history whose numbers cannot be what a run recorded (the keys and lengths are checked)."""
    episodes = len(data["durations"])
    for duration in data["durations"]:
        checks.whole_number("a history's duration", duration, 0)
    for name in ("mean100", "episode_end_times", "epsilons", "learning_rates"):
        for value in data[name]:
            checks.finite_number(f"a history's {name} entry", value)
    for name in ("losses", "mean_max_q"):  # NaN (written as null) before learning starts
        if not all(v is None or (isinstance(v, int | float) and not isinstance(v, bool)) for v in data[name]):
            raise ValueError(f"a history's {name} must be numbers or null, got {data[name]!r:.80}")
    checks.seed("a history's seed", data["seed"])
    checks.whole_number("a history's steps", data["steps"], 0)
    checks.whole_number("a history's updates", data["updates"], 0)
    checks.number_in("a history's wall_time", data["wall_time"], 0, 1e9)
    checks.one_of("a history's stopped_reason", data["stopped_reason"], STOPPED_REASONS)
    if data["solved_episode"] is not None:
        checks.whole_number("a history's solved_episode", data["solved_episode"], 0, episodes - 1)
    evaluated_at, eval_means = data["evaluated_at"], data["eval_means"]
    if not (isinstance(evaluated_at, list) and isinstance(eval_means, list) and len(evaluated_at) == len(eval_means)):
        raise ValueError("a history's evaluated_at and eval_means must be lists of one length")
    for episode, mean in zip(evaluated_at, eval_means, strict=True):
        checks.whole_number("a history's evaluated_at entry", episode, 0, max(episodes - 1, 0))
        checks.finite_number("a history's eval_means entry", mean)
    if data["best_episode"] is not None and data["best_episode"] not in evaluated_at:
        raise ValueError(f"a history's best_episode must be one of evaluated_at, got {data['best_episode']!r}")
