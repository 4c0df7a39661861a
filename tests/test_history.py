"""Tests of dqn_helpers.history: what a training run records (the 100-episode mean)."""

import json

import pytest

from dqn_helpers import get_preset
from dqn_helpers.history import TrainingHistory, moving_mean


def test_moving_mean_is_the_100_episode_mean():
    assert moving_mean([10, 20, 30]) == [10, 15, 20]
    durations = list(range(1, 151))
    assert moving_mean(durations)[149] == pytest.approx(sum(range(51, 151)) / 100)


def small_history():
    history = TrainingHistory(config=get_preset("tutorial"), seed=3)
    for duration in (10, 20, 30):
        history.record_episode(duration, float("nan"), 0.5, 1.0, 0.1 * duration, 1e-4)
    return history


def test_a_history_round_trips_and_a_broken_one_is_refused():
    history = small_history()
    assert TrainingHistory.from_dict(history.to_dict()) == history
    broken = [
        ({**history.to_dict(), "durations": [10, 20]}, r"one entry per episode, got lengths"),
        ({**history.to_dict(), "durations": [10, 20, "30"]}, r"durations must be whole numbers"),
        ({**history.to_dict(), "extra": 1}, r"a history needs exactly the keys"),
        ({k: v for k, v in history.to_dict().items() if k != "seed"}, r"a history needs exactly the keys"),
        ([1, 2, 3], r"a history needs exactly the keys .*, got list"),
        (
            {**history.to_dict(), "config": {"lr": 1e-3}},
            r"a config needs every DQNConfig field: missing \['num_episodes'",
        ),
    ]
    for data, message in broken:
        with pytest.raises(ValueError, match=message):
            TrainingHistory.from_dict(data)


def test_written_files_replace_old_ones_whole(tmp_path, monkeypatch):
    history = small_history()
    paths = history.write_files(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.csv", "history.json"] == [p.name for p in paths]
    assert json.loads((tmp_path / "history.json").read_text())["durations"] == [10, 20, 30]
    old = (tmp_path / "history.json").read_text()
    history.record_episode(40, 1.0, 0.5, 1.0, 4.0, 1e-4)

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("dqn_helpers.history.json.dumps", full_disk)
    with pytest.raises(OSError, match="No space"):
        history.write_files(tmp_path)
    assert (tmp_path / "history.json").read_text() == old  # the old file, whole
    assert len((tmp_path / "history.csv").read_text().splitlines()) == 5  # header and 4 episodes: written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.csv", "history.json"]  # no temporary left
