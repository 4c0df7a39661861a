"""Tests of dqn_helpers.parallel: jobs in worker processes, results in order, nothing partial."""

import os

import pytest

from dqn_helpers.parallel import map_in_processes


def square_and_pid(x):
    return x * x, os.getpid()


def fail_on_three(x):
    if x == 3:
        raise RuntimeError("job 3 failed")
    return x


def test_results_come_back_in_the_jobs_order_from_worker_processes():
    seen = []
    results = map_in_processes(
        square_and_pid, range(8), workers=2, progress=lambda done, total: seen.append((done, total))
    )
    assert [r[0] for r in results] == [x * x for x in range(8)]
    assert all(pid != os.getpid() for _, pid in results)
    assert seen == [(i, 8) for i in range(1, 9)]


def test_a_failed_job_or_ctrl_c_gives_no_partial_result():
    with pytest.raises(RuntimeError, match="job 3 failed"):
        map_in_processes(fail_on_three, range(6), workers=2)

    def ctrl_c(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        map_in_processes(square_and_pid, range(6), workers=1, progress=ctrl_c)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"workers": 0}, "workers must be a whole number in 1 … 64, got 0"),
        ({"workers": 65}, "workers must be a whole number in 1 … 64, got 65"),
        ({"progress": "yes"}, "progress must be a function progress"),
    ],
)
def test_bad_arguments_are_refused_before_any_process_starts(arguments, message):
    with pytest.raises(ValueError, match=message):
        map_in_processes(square_and_pid, [1], **arguments)
