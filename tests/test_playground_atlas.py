"""Tests of dqn_helpers.playground.atlas: the shipped precomputed runs and loading an atlas file."""

import pytest

from dqn_helpers.playground import atlas as atlas_module
from dqn_helpers.playground.atlas import GRID, SEEDS, load_atlas


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
