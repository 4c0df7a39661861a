"""Tests of dqn_helpers.history: what a training run records (the 100-episode mean)."""

import json

import pytest

from dqn_helpers import DQN, get_preset
from dqn_helpers.history import TrainingHistory, last_mean, moving_mean


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
        (
            {**history.to_dict(), "durations": [10, 20, "30"]},
            r"a history's duration must be a whole number >= 0, got '30'",
        ),
        ({**history.to_dict(), "seed": "x"}, r"a history's seed must be a whole number in 0 … 4_294_967_295, got 'x'"),
        ({**history.to_dict(), "steps": -1}, r"a history's steps must be a whole number >= 0, got -1"),
        ({**history.to_dict(), "stopped_reason": "bogus"}, r"a history's stopped_reason must be one of \['completed'"),
        (
            {**history.to_dict(), "solved_episode": 99},
            r"a history's solved_episode must be a whole number in 0 … 2, got 99",
        ),
        (
            {**history.to_dict(), "evaluated_at": [1], "eval_means": []},
            "evaluated_at and eval_means must be lists of one length",
        ),
        ({**history.to_dict(), "evaluated_at": None}, "evaluated_at and eval_means must be lists of one length"),
        (
            {**history.to_dict(), "evaluated_at": [7], "eval_means": [9.0]},
            r"evaluated_at entry must be a whole number in 0 … 2, got 7",
        ),
        ({**history.to_dict(), "best_episode": 1}, r"best_episode must be one of evaluated_at, got 1"),
        (
            {**history.to_dict(), "mean100": ["a", 1.0, 2.0]},
            r"a history's mean100 entry must be a finite number, got 'a'",
        ),
        ({**history.to_dict(), "losses": ["a", 1.0, 2.0]}, r"a history's losses must be numbers or null"),
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


def test_the_mean_of_no_episodes_and_a_bad_window_are_refused():
    with pytest.raises(ValueError, match="last_mean needs at least one duration, got none"):
        last_mean([])
    for window in (0, -1, 2.5):
        with pytest.raises(ValueError, match=f"window must be a whole number >= 1, got {window}"):
            moving_mean([1, 2], window=window)
        with pytest.raises(ValueError, match=f"window must be a whole number >= 1, got {window}"):
            last_mean([1, 2], window=window)


def test_a_history_refuses_what_a_run_cannot_record():
    with pytest.raises(TypeError, match="config must be a DQNConfig, got NoneType"):
        TrainingHistory(config=None, seed=0)
    with pytest.raises(ValueError, match="seed must be a whole number in 0 … 4_294_967_295, got 'x'"):
        TrainingHistory(config=get_preset("tutorial"), seed="x")
    history = small_history()
    with pytest.raises(ValueError, match="duration must be a whole number >= 0, got -5"):
        history.record_episode(-5, 1.0, 0.5, 1.0, 1.0, 1e-4)
    with pytest.raises(ValueError, match=r"epsilon must be a number in \[0, 1\], got nan"):
        history.record_episode(5, 1.0, float("nan"), 1.0, 1.0, 1e-4)
    for durations in ([], "12", None):
        with pytest.raises(ValueError, match="durations must be a list of one or more episode lengths"):
            history.record_evaluation(DQN(4, 2, hidden=8), durations)
    with pytest.raises(ValueError, match="an evaluation's duration must be a whole number >= 0, got nan"):
        history.record_evaluation(DQN(4, 2, hidden=8), [float("nan")])
    assert history.episodes == 3 and history.evaluated_at == []  # nothing recorded by a refused call


def test_written_files_go_to_a_folder_given_as_text_and_not_over_a_file(tmp_path):
    history = small_history()
    assert [p.name for p in history.write_files(str(tmp_path / "run"))] == ["history.csv", "history.json"]
    (tmp_path / "afile").write_text("x")
    with pytest.raises(ValueError, match=r"out must be a folder, got .*afile', which is a file"):
        history.write_files(tmp_path / "afile")
