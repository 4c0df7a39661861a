"""Building the bug zoo (:mod:`dqn_helpers.teaching.zoo`): every variant × seed trained by ``train()``, in parallel.

``python -m dqn_helpers zoo --force`` calls :func:`build_zoo`; the file is written only when every run has
finished, and whole.
"""

from __future__ import annotations

import json
import math
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from dqn_helpers import checks
from dqn_helpers.files import atomic_path, file_path
from dqn_helpers.parallel import MAX_WORKERS, check_progress, map_in_processes
from dqn_helpers.teaching.zoo import (
    DEFAULT_SEEDS,
    EPISODES,
    PROBE_EVERY,
    PROBE_STATES,
    REFERENCES,
    VARIANTS,
    ZOO_PATH,
    Zoo,
    base_config,
    check_variant_seeds,
    episodes_checked,
    load_zoo,
    variant_config,
)


def _one_run(job: tuple[str, int, int]) -> dict[str, Any]:
    from dqn_helpers.teaching.bugs import broken_td_loss  # here, not above: the CLI checks --out before torch loads
    from dqn_helpers.teaching.overestimation import greedy_returns, q_estimates, start_states
    from dqn_helpers.training import TrainingDiverged, train

    variant, seed, episodes = job
    config, bug = variant_config(variant, episodes), VARIANTS[variant].bug
    states, q_estimate, greedy_return = start_states(PROBE_STATES), [], []

    def probe(history: Any) -> None:
        if history.episodes % PROBE_EVERY == 0:
            q_estimate.append(float(q_estimates(history.policy_net, states).mean()))
            greedy_return.append(float(greedy_returns(history.policy_net, states, config.gamma).mean()))

    with warnings.catch_warnings():  # the broadcast bug makes torch warn about sizes at every update
        warnings.simplefilter("ignore")
        try:
            history = train(config, seed=seed, callback=probe, loss_fn=broken_td_loss(bug) if bug else None)
        except TrainingDiverged as error:
            history = error.history
    return {
        "variant": variant, "seed": seed, "stopped_reason": history.stopped_reason, "durations": history.durations,
        "losses": _rounded(history.losses), "mean_max_q": _rounded(history.mean_max_q),
        "q_estimate": _rounded(q_estimate), "greedy_return": _rounded(greedy_return),
    }  # fmt: skip


def _rounded(values: Sequence[float]) -> list[float | None]:
    """4 significant digits (the plots need no more), NaN as JSON's null."""
    return [None if not math.isfinite(v) else float(f"{v:.4g}") for v in values]


def build_zoo(
    path: str | Path = ZOO_PATH,
    workers: int = 2,
    progress: Callable[[int, int], Any] | None = None,
    seeds: Mapping[str, Sequence[int]] = DEFAULT_SEEDS,
    episodes: int = EPISODES,
) -> Zoo:
    """Train every variant × seed (``workers`` processes at a time) and write the zoo to ``path``, whole.

    Every argument is checked before any training starts; an interrupted build leaves the old file as it was.
    """
    path, workers = file_path("path", path), checks.whole_number("workers", workers, 1, MAX_WORKERS)
    check_progress(progress)
    seeds, episodes = check_variant_seeds(seeds), episodes_checked(episodes)
    jobs = [(variant, seed, episodes) for variant, variant_seeds in seeds.items() for seed in variant_seeds]
    jobs.sort(key=lambda job: job[0] not in REFERENCES)  # the long runs first: the two processes end together
    start = time.perf_counter()
    runs = map_in_processes(_one_run, jobs, workers, progress)
    data = {
        "about": "DQN with classic bugs planted, for notebook 06; rebuild: python -m dqn_helpers zoo --force",
        "episodes": episodes,
        "probe_every": PROBE_EVERY,
        "base_config": base_config(episodes).to_dict(),
        "variants": {key: {"bug": VARIANTS[key].bug, "changes": dict(VARIANTS[key].changes)} for key in seeds},
        "seeds": {key: list(value) for key, value in seeds.items()},
        "build_seconds": round(time.perf_counter() - start, 1),
        "runs": runs,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as temporary:
        temporary.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    return load_zoo(path)
