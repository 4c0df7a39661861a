"""Tests of dqn_helpers.playground.exercise: 05's check of when a run is solved names each mistake."""

import pytest

from dqn_helpers.playground.exercise import check_solved_episode


def verdict(check, fn, capsys):
    ok = check(fn)
    return ok, capsys.readouterr().out


def test_an_untouched_stub_is_not_attempted_yet(capsys):
    def my_solved_episode(durations):
        raise NotImplementedError

    ok, out = verdict(check_solved_episode, my_solved_episode, capsys)
    assert not ok and "not attempted yet" in out


def solved_solution(durations):
    for i in range(99, len(durations)):
        if sum(durations[i - 99 : i + 1]) / 100 >= 475:
            return i
    return None


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda d: None if solved_solution(d) is None else solved_solution(d) + 1, "episodes count from 0"),
        (
            lambda d: next((i for i in range(len(d)) if sum(d[max(0, i - 99) : i + 1]) / min(i + 1, 100) >= 475), None),
            "fewer than 100 episodes does not count",
        ),
        (lambda d: next((i for i in range(99, len(d)) if sum(d[i - 99 : i + 1]) / 100 > 475), None), "at least 475"),
        (lambda d: next((i for i in range(99, len(d)) if d[i] >= 475), None), "one long episode is not enough"),
        (lambda d: -1 if solved_solution(d) is None else solved_solution(d), "never reaches 475: return None"),
    ],
)
def test_solved_episode_mistakes_are_named(wrong, hint, capsys):
    ok, out = verdict(check_solved_episode, wrong, capsys)
    assert not ok and hint in out


def test_the_solved_episode_solution_passes_on_every_atlas_run(capsys):
    ok, out = verdict(check_solved_episode, solved_solution, capsys)
    assert ok and "all 81 atlas runs" in out
