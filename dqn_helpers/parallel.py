"""Many trainings at once: :func:`map_in_processes` runs a function over jobs in worker processes.

The playground's atlas and notebook 06's zoo are built with it (each job one ``train()`` run).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from dqn_helpers import checks

Job = TypeVar("Job")
MAX_WORKERS = 64  # as the command line's --workers


def map_in_processes(
    function: Callable[[Job], Any],
    jobs: Sequence[Job],
    workers: int = 2,
    progress: Callable[[int, int], Any] | None = None,
) -> list[Any]:
    """``[function(job) for job in jobs]``, computed ``workers`` processes at a time, in the jobs' order.

    ``progress(done, total)`` is called as results come in. On Ctrl-C, or when a job raises, the jobs
    still waiting are cancelled and the exception propagates: there is no partial result.
    """
    workers = checks.whole_number("workers", workers, 1, MAX_WORKERS)
    check_progress(progress)
    results = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        try:
            for done, result in enumerate(pool.map(function, jobs), start=1):
                results.append(result)
                if progress is not None:
                    progress(done, len(jobs))
        except BaseException:  # Ctrl-C or a failed job: start none of the jobs still waiting
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return results


def check_progress(progress: object) -> None:
    """Refuse a ``progress`` that is neither a function ``progress(done, total)`` nor ``None``."""
    if progress is not None and not callable(progress):
        raise ValueError(f"progress must be a function progress(done, total) or None, got {progress!r}")
