"""Tests of dqn_helpers.history: what a training run records (the 100-episode mean)."""

import pytest

from dqn_helpers.history import moving_mean


def test_moving_mean_is_the_100_episode_mean():
    assert moving_mean([10, 20, 30]) == [10, 15, 20]
    durations = list(range(1, 151))
    assert moving_mean(durations)[149] == pytest.approx(sum(range(51, 151)) / 100)
