"""Tests of dqn_helpers.teaching.zoo: the shipped bug zoo, building one, and refusing a broken file."""

import json
import warnings

import pytest

from dqn_helpers import parallel
from dqn_helpers.teaching.bugs import BUGS, broken_td_loss
from dqn_helpers.teaching.zoo import (
    BUG_SEEDS,
    EPISODES,
    PROBE_EVERY,
    REFERENCES,
    SEEDS,
    VARIANTS,
    ZOO_PATH,
    load_zoo,
    variant_config,
)
from dqn_helpers.teaching.zoo_build import build_zoo
from dqn_helpers.training import train


def test_the_shipped_zoo_holds_every_variant_and_seed_whole():
    zoo = load_zoo()
    assert zoo.episodes == EPISODES and set(zoo.seeds) == set(VARIANTS)
    for variant in VARIANTS:
        runs = zoo.runs_of(variant)
        assert sorted(run.seed for run in runs) == list(SEEDS if variant in REFERENCES else BUG_SEEDS)
        for run in runs:
            assert len(run.durations) == EPISODES or run.stopped_reason == "diverged"
            assert len(run.q_estimate) == len(run.greedy_return) == len(run.durations) // PROBE_EVERY
    assert ZOO_PATH.stat().st_size < 1_000_000  # small enough to ship with the package


def test_every_variant_plants_what_it_says():
    for key, variant in VARIANTS.items():
        assert variant.bug is None or variant.bug in BUGS
        assert (variant.bug is None) != (variant.changes == ()) or key == "correct", key
        config = variant_config(key)
        assert all(getattr(config, name) == value for name, value in variant.changes)
    assert variant_config("correct").loss == "huber" and not variant_config("correct").stop_when_solved


def test_a_zoo_run_is_the_run_train_makes_and_the_probe_changes_nothing(tmp_path):
    seeds = {"correct": [3], "ignores_terminated": [3], "lr_x10": [4]}
    zoo = build_zoo(tmp_path / "zoo.json", workers=2, seeds=seeds, episodes=60)
    assert json.loads((tmp_path / "zoo.json").read_text())["seeds"] == seeds
    for variant, (seed,) in seeds.items():
        (run,) = zoo.runs_of(variant)
        bug = VARIANTS[variant].bug
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            history = train(variant_config(variant, 60), seed=seed, loss_fn=broken_td_loss(bug) if bug else None)
        assert list(run.durations) == history.durations  # measuring Q and G along the way did not change training
        assert len(run.q_estimate) == 60 // PROBE_EVERY and all(g >= 1 for g in run.greedy_return)


def test_an_interrupted_build_writes_nothing_and_keeps_the_old_file(tmp_path):
    path = tmp_path / "zoo.json"
    path.write_text("the old zoo")

    def ctrl_c(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_zoo(path, workers=1, progress=ctrl_c, seeds={"correct": [0, 1, 2]}, episodes=5)
    assert path.read_text() == "the old zoo" and list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"workers": 0}, "workers must be a whole number in 1 … 64, got 0"),
        ({"seeds": {"wrong_bug": [0]}}, "variant must be one of"),
        ({"seeds": {"correct": []}}, r"seeds\['correct'\] must be a non-empty list of seeds, got \[\]"),
        ({"seeds": {"correct": [1, 1]}}, r"seeds\['correct'\] must be distinct seeds"),
        ({"seeds": {"correct": [-1]}}, r"seeds\['correct'\]\[0\] must be a whole number in 0 … "),
        ({"seeds": []}, "seeds must map variants"),
        ({"episodes": 0}, "episodes must be a whole number in 1 … 100_000, got 0"),
        ({"progress": "yes"}, "progress must be a function"),
        ({"path": "."}, "path must be the path of a file"),
    ],
)
def test_build_zoo_checks_every_argument_before_any_training(tmp_path, monkeypatch, changes, message):
    monkeypatch.chdir(tmp_path)

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker process was started")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    arguments = {"path": tmp_path / "zoo.json", "seeds": {"correct": [0]}, "episodes": 5} | changes
    with pytest.raises(ValueError, match=message):
        build_zoo(**arguments)


def _shipped_json():
    return json.loads(ZOO_PATH.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda d: d.pop("runs"), "a zoo is a JSON object with"),
        (lambda d: d.update(probe_every=5), "another base config or probe interval"),
        (lambda d: d["base_config"].update(lr=0.5), "another base config or probe interval"),
        (lambda d: d["variants"]["correct"].update(bug="broadcast"), "its variants differ"),
        (lambda d: d["runs"].pop(), "runs must hold one run per variant and seed"),
        (lambda d: d["runs"][0]["durations"].pop(), r"runs\[0\].durations must hold 400 episodes"),
        (lambda d: d["runs"][0]["durations"].__setitem__(0, 501), r"CartPole-v1 episode lengths"),
        (lambda d: d["runs"][0]["q_estimate"].pop(), r"runs\[0\].q_estimate must hold 40 numbers"),
        (lambda d: d["runs"][0].pop("losses"), r"runs\[0\] must be an object with"),
        (lambda d: d["runs"][0].update(stopped_reason="bored"), r"runs\[0\].stopped_reason must be one of"),
    ],
)
def test_a_wrong_zoo_file_is_refused_naming_the_problem_and_the_fix(tmp_path, edit, problem):
    data = _shipped_json()
    edit(data)
    path = tmp_path / "zoo.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match=problem) as error:
        load_zoo(path)
    assert "python -m dqn_helpers zoo --force" in str(error.value) and "\n" not in str(error.value)


def test_a_missing_or_unreadable_zoo_says_how_to_build_it(tmp_path):
    with pytest.raises(ValueError, match=r"no zoo at .*build it with `python -m dqn_helpers zoo`"):
        load_zoo(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("not json")
    with pytest.raises(ValueError, match="is not a valid zoo"):
        load_zoo(tmp_path / "bad.json")
    with pytest.raises(ValueError, match="path must be the path of a file"):
        load_zoo(tmp_path)
    with pytest.raises(ValueError, match="variant must be one of"):
        load_zoo().runs_of("no_such_bug")
