"""Tests of dqn_helpers.playground.atlas: the shipped precomputed runs and loading an atlas file."""

import time

import pytest

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
