"""Tests of dqn_helpers.playground.atlas: the shipped precomputed runs and loading an atlas file."""

import json
import time

import numpy as np
import pytest

from dqn_helpers import parallel
from dqn_helpers.playground import atlas as atlas_module
from dqn_helpers.playground.atlas import GRID, SEEDS, build_atlas, load_atlas


def test_shipped_atlas_matches_its_grid():
    shipped = load_atlas()
    assert shipped.grid == GRID and shipped.seeds == SEEDS
    assert shipped.base_config == atlas_module.base_config()
    for eps_decay in GRID["eps_decay"]:
        for tau in GRID["tau"]:
            for lr in GRID["lr"]:
                runs = shipped.at(eps_decay, tau, lr)
                assert sorted(r.seed for r in runs) == list(SEEDS)
                assert all(len(r.durations) == shipped.episodes for r in runs)


def test_a_broken_atlas_file_says_how_to_rebuild(tmp_path):
    with pytest.raises(ValueError, match=r"no atlas at .*python -m dqn_helpers atlas"):
        load_atlas(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{}")
    with pytest.raises(ValueError, match="is not a valid atlas"):
        load_atlas(tmp_path / "bad.json")


def test_an_interrupted_build_starts_no_more_runs_and_leaves_the_old_atlas_whole(tmp_path):
    path = tmp_path / "atlas.json"
    path.write_text("the old atlas")
    grid = {"eps_decay": [500.0, 2000.0], "tau": [0.005, 0.05], "lr": [1e-3, 1e-2]}  # 8 points × 2 seeds

    def ctrl_c(done, total):
        raise KeyboardInterrupt

    started = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        build_atlas(path, workers=1, grid=grid, seeds=[0, 1], episodes=200, progress=ctrl_c)
    assert time.perf_counter() - started < 35  # the one or two runs begun, not all 16 (about 60 s)
    assert path.read_text() == "the old atlas" and sorted(p.name for p in tmp_path.iterdir()) == ["atlas.json"]


def test_a_path_that_is_not_a_file_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"path must be a file path \(a str or Path\), got None"):
        load_atlas(None)
    with pytest.raises(ValueError, match=r"path must be a readable atlas file, got '.*' \(Is a directory\)"):
        load_atlas(tmp_path)


def shipped_json():
    return json.loads(atlas_module.ATLAS_PATH.read_text(encoding="utf-8"))


def first_run(**changes):
    data = shipped_json()
    data["runs"][0].update(changes)
    return data


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([1, 2], r"an atlas is a JSON object with \['grid', 'seeds', 'episodes', 'base_config', 'runs'\]"),
        (first_run(durations="abc"), r"runs\[0\]: durations must be a list of numbers, got 'abc'"),
        (first_run(durations=[-1, 10**9]), r"runs\[0\]: durations\[0\] must be a whole number >= 0, got -1"),
        (first_run(durations=[20] * 3), r"runs\[0\]\.durations must hold 400 episodes, got 3"),
        (first_run(tau=0), r"runs\[0\]: tau must be a number in \(0, 1\] .*, got 0"),
        (first_run(tau=0.3), r"runs\[0\] must be on the grid, with one of the seeds, got eps_decay=500, tau=0.3"),
        (first_run(seed=7), r"runs\[0\] must be on the grid, with one of the seeds, got .*, seed 7"),
        ({**shipped_json(), "seeds": "abc"}, r"seeds must be a list of numbers, got 'abc'"),
        ({**shipped_json(), "episodes": -5}, r"episodes must be a whole number in 1 … 100_000, got -5"),
        ({**shipped_json(), "grid": {"eps_decay": [1.0]}}, r"grid must set exactly \['eps_decay', 'lr', 'tau'\]"),
        ({**shipped_json(), "runs": []}, r"runs must hold one run per grid point and seed \(81\), got 0"),
        ({**shipped_json(), "build_seconds": -1}, r"build_seconds must be a number in \[0, inf\], got -1"),
        ({**shipped_json(), "episodes": 300}, r"base_config\.num_episodes must be 300, got 400"),
    ],
)
def test_a_wrong_atlas_file_is_refused_in_one_line_naming_the_file_and_the_problem(tmp_path, data, problem):
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps(data))
    line = rf"^'.*wrong\.json' is not a valid atlas \({problem}.*\); rebuild it with `python -m dqn_helpers atlas"
    with pytest.raises(ValueError, match=line) as error:
        load_atlas(path)
    assert "\n" not in str(error.value)


def test_a_deeply_nested_file_is_refused_not_a_recursion_error(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ValueError, match=r"deep\.json' is not a valid atlas \(maximum recursion depth"):
        load_atlas(path)


def test_the_atlas_questions_name_a_wrong_argument():
    shipped = load_atlas()
    with pytest.raises(ValueError, match=r"eps_decay must be a number in \(0, 1e\+09\] \(steps\), got 'a'"):
        shipped.at("a", 0.05, 1e-3)
    with pytest.raises(ValueError, match=r"lr must be a number in \(0, 1\], got None"):
        shipped.at(2000, 0.05, None)
    with pytest.raises(ValueError, match=r"config must be a DQNConfig, got None"):
        shipped.covers(None)
    with pytest.raises(ValueError, match=r"config must be a DQNConfig, got 'default'"):
        shipped.runs_for("default")
    assert len(shipped.at(np.float64(2000), 0.005, 1e-3)) == len(SEEDS)  # NumPy numbers are numbers


GOOD = {"workers": 1, "grid": {"eps_decay": [500.0], "tau": [0.05], "lr": [1e-3]}, "seeds": (0,), "episodes": 1}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"path": None}, r"path must be a file path \(a str or Path\), got None"),
        ({"workers": 0}, r"workers must be a whole number in 1 … 64, got 0"),
        ({"workers": "2"}, r"workers must be a whole number in 1 … 64, got '2'"),
        ({"progress": "x"}, r"progress must be a function progress\(done, total\) or None, got 'x'"),
        ({"seeds": ["a"]}, r"seeds\[0\] must be a whole number in 0 … 4_294_967_295, got 'a'"),
        ({"seeds": (-1,)}, r"seeds\[0\] must be a whole number in 0 … 4_294_967_295, got -1"),
        ({"seeds": []}, r"seeds must be a non-empty list of distinct seeds, got \[\]"),
        ({"seeds": [1, 1]}, r"seeds must be a non-empty list of distinct seeds, got \[1, 1\]"),
        ({"grid": {"eps_decay": [500.0]}}, r"grid must set exactly \['eps_decay', 'lr', 'tau'\], got"),
        ({"grid": {**GOOD["grid"], "tau": []}}, r"grid\['tau'\] must be a non-empty list of distinct values, got \[\]"),
        ({"grid": {**GOOD["grid"], "tau": ["x"]}}, r"tau must be a number in \(0, 1\] .*, got 'x'"),
        ({"grid": {**GOOD["grid"], "tau": 0.05}}, r"grid\['tau'\] must be a list of values, got 0.05"),
        ({"episodes": 0}, r"episodes must be a whole number in 1 … 100_000, got 0"),
        ({"episodes": 2.7}, r"episodes must be a whole number in 1 … 100_000, got 2.7"),
    ],
)
def test_build_atlas_checks_every_argument_before_any_training_starts(tmp_path, monkeypatch, changes, message):
    def no_pool(*args, **kwargs):
        raise AssertionError("a worker process was started")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    arguments = {"path": tmp_path / "atlas.json", **GOOD, **changes}
    with pytest.raises(ValueError, match=message):
        build_atlas(**arguments)
    assert list(tmp_path.iterdir()) == []
