"""The playground's atlas: precomputed training runs over a grid of EPS_DECAY × τ × lr, several seeds each.

Moving the playground's sliders onto a grid point shows these runs at once, without training. The
atlas is ``dqn_helpers/data/atlas.json``; rebuild it with ``python -m dqn_helpers atlas --force`` (the
grid, seeds and episode budget below; it runs the trainings in parallel processes).

Every run uses the ``default`` preset with ``stop_when_solved=False`` and :data:`EPISODES` episodes,
changing only ``eps_decay``, ``tau`` and ``lr``.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dqn_helpers import checks
from dqn_helpers.config import WHOLE_NUMBERS, DQNConfig, get_preset
from dqn_helpers.files import atomic_path
from dqn_helpers.parallel import MAX_WORKERS, check_progress, map_in_processes
from dqn_helpers.playground.model import Run, check_config, check_runs, numbers_list

ATLAS_PATH = Path(__file__).resolve().parents[1] / "data" / "atlas.json"
GRID: dict[str, tuple[float, ...]] = {
    "eps_decay": (500.0, 2000.0, 8000.0),
    "tau": (0.005, 0.05, 1.0),
    "lr": (1e-4, 1e-3, 1e-2),
}
SEEDS = (0, 1, 2)
EPISODES = 400
BASE_PRESET = "default"
RUN_KEYS = ("eps_decay", "tau", "lr", "seed", "durations")  # what the file says about each run


@dataclass(frozen=True)
class Atlas:
    """The grid, how the runs were made, and the runs (each a :class:`~dqn_helpers.playground.model.Run`)."""

    grid: dict[str, tuple[float, ...]]
    seeds: tuple[int, ...]
    episodes: int
    base_config: DQNConfig
    runs: tuple[Run, ...]
    build_seconds: float | None = None

    def __post_init__(self) -> None:
        """Check the atlas as a whole: one run per grid point and seed, each ``episodes`` long."""
        object.__setattr__(self, "grid", check_grid(self.grid))  # (a frozen dataclass: set once, here)
        object.__setattr__(self, "seeds", check_seeds(self.seeds))
        object.__setattr__(self, "episodes", check_episodes(self.episodes))
        if check_config("base_config", self.base_config).num_episodes != self.episodes:
            raise ValueError(f"base_config.num_episodes must be {self.episodes}, got {self.base_config.num_episodes}")
        if self.build_seconds is not None:
            checks.number_in("build_seconds", self.build_seconds, 0, math.inf)
        keys: set[tuple[float, float, float, int]] = set()
        for i, run in enumerate(check_runs("runs", self.runs)):
            if not self.covers(run.config) or run.seed not in self.seeds:
                point = f"eps_decay={run.config.eps_decay:g}, tau={run.config.tau:g}, lr={run.config.lr:g}"
                raise ValueError(f"runs[{i}] must be on the grid, with one of the seeds, got {point}, seed {run.seed}")
            if len(run.durations) != self.episodes:
                raise ValueError(f"runs[{i}].durations must hold {self.episodes} episodes, got {len(run.durations)}")
            keys.add((run.config.eps_decay, run.config.tau, run.config.lr, run.seed))
        expected = len(self.seeds) * math.prod(len(values) for values in self.grid.values())
        if len(keys) != len(self.runs) or len(self.runs) != expected:
            raise ValueError(f"runs must hold one run per grid point and seed ({expected}), got {len(self.runs)}")

    def at(self, eps_decay: float, tau: float, lr: float) -> list[Run]:
        """The runs at this grid point (all seeds), or ``[]`` when the point is not on the grid."""
        self.base_config.replace(eps_decay=eps_decay, tau=tau, lr=lr)  # DQNConfig's checks of the three values
        point = {"eps_decay": eps_decay, "tau": tau, "lr": lr}
        return [run for run in self.runs if all(_same(getattr(run.config, k), v) for k, v in point.items())]

    def covers(self, config: DQNConfig) -> bool:
        """True when ``config`` is the base config with only ``eps_decay``, ``tau`` and ``lr`` on grid values."""
        check_config("config", config)
        point = {name: getattr(config, name) for name in self.grid}
        if not all(any(_same(point[name], value) for value in values) for name, values in self.grid.items()):
            return False
        return config.replace(**{name: getattr(self.base_config, name) for name in self.grid}) == self.base_config

    def runs_for(self, config: DQNConfig) -> list[Run]:
        """The runs made with ``config`` (whatever its number of episodes), or ``[]`` if it is not on the grid."""
        check_config("config", config)
        if not self.covers(config.replace(num_episodes=self.episodes)):
            return []
        return self.at(config.eps_decay, config.tau, config.lr)


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6)


def check_grid(grid: object) -> dict[str, tuple[float, ...]]:
    """``grid`` if it sets exactly :data:`GRID`'s names, each to distinct values a ``DQNConfig`` takes."""
    if not isinstance(grid, Mapping) or set(grid) != set(GRID):
        raise ValueError(f"grid must set exactly {sorted(GRID)}, got {grid!r}")
    checked = {}
    for name in GRID:
        values = grid[name]
        if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
            raise ValueError(f"grid[{name!r}] must be a list of values, got {values!r}")
        # DQNConfig checks each value, e.g. "tau must be a number in (0, 1] (1 = copy the policy net), got 'x'"
        checked[name] = tuple(getattr(get_preset(BASE_PRESET, **{name: value}), name) for value in values)
        if not values or len(set(checked[name])) != len(values):
            raise ValueError(f"grid[{name!r}] must be a non-empty list of distinct values, got {values!r}")
    return checked


def check_seeds(seeds: object) -> tuple[int, ...]:
    """``seeds`` as a tuple if it is a non-empty list of distinct seeds."""
    checked = tuple(numbers_list("seeds", seeds, checks.seed))
    if not checked or len(set(checked)) != len(checked):
        raise ValueError(f"seeds must be a non-empty list of distinct seeds, got {seeds!r}")
    return checked


def check_episodes(episodes: object) -> int:
    """``episodes`` if it is a whole number of episodes a ``DQNConfig`` takes."""
    return checks.whole_number("episodes", episodes, 1, WHOLE_NUMBERS["num_episodes"][1])


def _path(path: object) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise ValueError(f"path must be a file path (a str or Path), got {path!r}")
    return Path(path)


def base_config(episodes: int = EPISODES) -> DQNConfig:
    """The config every atlas run starts from: the ``default`` preset, ``episodes`` long, no early stop."""
    return get_preset(BASE_PRESET, stop_when_solved=False, num_episodes=episodes)


def _one_run(point: tuple[float, float, float, int, int]) -> dict[str, Any]:
    from dqn_helpers.training import train  # here, not above: `atlas --out` is checked before torch loads

    eps_decay, tau, lr, seed, episodes = point
    history = train(base_config(episodes).replace(eps_decay=eps_decay, tau=tau, lr=lr), seed=seed)
    return {"eps_decay": eps_decay, "tau": tau, "lr": lr, "seed": seed, "durations": history.durations}


def build_atlas(
    path: str | Path = ATLAS_PATH,
    workers: int = 2,
    progress: Callable[[int, int], Any] | None = None,
    grid: Mapping[str, Sequence[float]] = GRID,
    seeds: Sequence[int] = SEEDS,
    episodes: int = EPISODES,
) -> Atlas:
    """Train every grid point × seed (``workers`` processes at a time) and write the atlas to ``path``.

    The file is written only when every run has finished, and whole: an interrupted build leaves an
    existing atlas as it was. Every argument is checked before any training starts (``ValueError``).
    """
    path, workers = _path(path), checks.whole_number("workers", workers, 1, MAX_WORKERS)
    check_progress(progress)
    grid, seeds, episodes = check_grid(grid), check_seeds(seeds), check_episodes(episodes)
    points = [
        (eps_decay, tau, lr, seed, episodes)
        for eps_decay in grid["eps_decay"]
        for tau in grid["tau"]
        for lr in grid["lr"]
        for seed in seeds
    ]
    start = time.perf_counter()
    runs = map_in_processes(_one_run, points, workers, progress)
    seconds = time.perf_counter() - start
    data = {
        "about": "precomputed DQN runs for the playground (notebook 05); rebuild: python -m dqn_helpers atlas",
        "grid": {name: list(values) for name, values in grid.items()},
        "seeds": list(seeds),
        "episodes": episodes,
        "base_config": base_config(episodes).to_dict(),
        "build_seconds": round(seconds, 1),
        "runs": runs,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as temporary:  # the old atlas stays whole until the new one is
        temporary.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    return load_atlas(path)


def load_atlas(path: str | Path = ATLAS_PATH) -> Atlas:
    """Read an atlas file; a missing, unreadable or malformed one raises ``ValueError`` saying how to rebuild it."""
    path = _path(path)
    try:
        return _atlas_from(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise ValueError(f"no atlas at {str(path)!r}; build it with `python -m dqn_helpers atlas`") from None
    except OSError as error:  # a folder, no permission to read, ...
        raise ValueError(f"path must be a readable atlas file, got {str(path)!r} ({error.strerror})") from None
    except (KeyError, TypeError, ValueError, RecursionError) as error:  # not JSON, or not an atlas's JSON
        raise ValueError(
            f"{str(path)!r} is not a valid atlas ({error}); rebuild it with `python -m dqn_helpers atlas --force`"
        ) from None


def _atlas_from(data: object) -> Atlas:
    """The atlas in a file's JSON (``ValueError`` naming the first part that is missing or wrong)."""
    keys = ("grid", "seeds", "episodes", "base_config", "runs")
    if not isinstance(data, dict) or not all(key in data for key in keys):
        raise ValueError(f"an atlas is a JSON object with {list(keys)}")
    base = DQNConfig.from_dict(data["base_config"])
    if not isinstance(data["runs"], list):
        raise ValueError("runs must be a list")
    runs = tuple(_run_from(i, run, base) for i, run in enumerate(data["runs"]))
    return Atlas(data["grid"], data["seeds"], data["episodes"], base, runs, data.get("build_seconds"))


def _run_from(i: int, run: object, base: DQNConfig) -> Run:
    if not isinstance(run, dict) or not all(key in run for key in RUN_KEYS):
        raise ValueError(f"runs[{i}] must be an object with {list(RUN_KEYS)}")
    try:
        config = base.replace(eps_decay=run["eps_decay"], tau=run["tau"], lr=run["lr"])
        return Run(config, run["seed"], "atlas", BASE_PRESET, run["durations"], status="completed")
    except ValueError as error:
        raise ValueError(f"runs[{i}]: {error}") from None
