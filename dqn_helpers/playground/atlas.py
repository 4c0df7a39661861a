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
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dqn_helpers.config import DQNConfig, get_preset
from dqn_helpers.files import atomic_path
from dqn_helpers.playground.model import Run

ATLAS_PATH = Path(__file__).resolve().parents[1] / "data" / "atlas.json"
GRID: dict[str, tuple[float, ...]] = {
    "eps_decay": (500.0, 2000.0, 8000.0),
    "tau": (0.005, 0.05, 1.0),
    "lr": (1e-4, 1e-3, 1e-2),
}
SEEDS = (0, 1, 2)
EPISODES = 400
BASE_PRESET = "default"


@dataclass(frozen=True)
class Atlas:
    """The grid, how the runs were made, and the runs (each a :class:`~dqn_helpers.playground.model.Run`)."""

    grid: dict[str, tuple[float, ...]]
    seeds: tuple[int, ...]
    episodes: int
    base_config: DQNConfig
    runs: tuple[Run, ...]
    build_seconds: float | None = None

    def at(self, eps_decay: float, tau: float, lr: float) -> list[Run]:
        """The runs at this grid point (all seeds), or ``[]`` when the point is not on the grid."""
        point = {"eps_decay": eps_decay, "tau": tau, "lr": lr}
        return [run for run in self.runs if all(_same(getattr(run.config, k), v) for k, v in point.items())]

    def covers(self, config: DQNConfig) -> bool:
        """True when ``config`` is the base config with only ``eps_decay``, ``tau`` and ``lr`` on grid values."""
        point = {name: getattr(config, name) for name in self.grid}
        if not all(any(_same(point[name], value) for value in values) for name, values in self.grid.items()):
            return False
        return config.replace(**{name: getattr(self.base_config, name) for name in self.grid}) == self.base_config

    def runs_for(self, config: DQNConfig) -> list[Run]:
        """The runs made with ``config`` (whatever its number of episodes), or ``[]`` if it is not on the grid."""
        if not self.covers(config.replace(num_episodes=self.episodes)):
            return []
        return self.at(config.eps_decay, config.tau, config.lr)


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6)


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
    existing atlas as it was.
    """
    if sorted(grid) != sorted(GRID):
        raise ValueError(f"the grid must set exactly {sorted(GRID)}, got {sorted(grid)}")
    points = [
        (float(eps_decay), float(tau), float(lr), int(seed), int(episodes))
        for eps_decay in grid["eps_decay"]
        for tau in grid["tau"]
        for lr in grid["lr"]
        for seed in seeds
    ]
    start = time.perf_counter()
    runs = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        try:
            for done, run in enumerate(pool.map(_one_run, points), start=1):
                runs.append(run)
                if progress is not None:
                    progress(done, len(points))
        except BaseException:  # Ctrl-C or a failed run: start none of the runs still waiting, write nothing
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    seconds = time.perf_counter() - start
    data = {
        "about": "precomputed DQN runs for the playground (notebook 05); rebuild: python -m dqn_helpers atlas",
        "grid": {name: [float(v) for v in values] for name, values in grid.items()},
        "seeds": [int(seed) for seed in seeds],
        "episodes": int(episodes),
        "base_config": base_config(episodes).to_dict(),
        "build_seconds": round(seconds, 1),
        "runs": runs,
    }
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as temporary:  # the old atlas stays whole until the new one is
        temporary.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    return load_atlas(path)


def load_atlas(path: str | Path = ATLAS_PATH) -> Atlas:
    """Read an atlas file; a missing or malformed file raises ``ValueError`` saying how to rebuild it."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        base = DQNConfig.from_dict(data["base_config"])
        grid = {name: tuple(float(v) for v in values) for name, values in data["grid"].items()}
        runs = tuple(
            Run(
                base.replace(eps_decay=float(r["eps_decay"]), tau=float(r["tau"]), lr=float(r["lr"])),
                int(r["seed"]), "atlas", BASE_PRESET, list(r["durations"]), status="completed",
            )
            for r in data["runs"]
        )  # fmt: skip
        atlas = Atlas(grid, tuple(data["seeds"]), int(data["episodes"]), base, runs, data.get("build_seconds"))
    except FileNotFoundError:
        raise ValueError(f"no atlas at {str(path)!r}; build it with `python -m dqn_helpers atlas`") from None
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(
            f"{str(path)!r} is not a valid atlas ({error}); rebuild it with `python -m dqn_helpers atlas --force`"
        ) from None
    return atlas
