"""Tests of dqn_helpers.teaching.diagnosis and zoo_plots: the zoo exercise, "is my run unlucky?", the figures."""

import json
import math
from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dqn_helpers.config import get_preset
from dqn_helpers.history import TrainingHistory
from dqn_helpers.teaching.diagnosis import (
    BUG_VARIANTS,
    EXERCISE,
    HINTS,
    check_zoo_matches,
    exercise_figure,
    features,
    is_my_run_unlucky,
    plot_diagnosis,
    reference_for,
)
from dqn_helpers.teaching.zoo import REFERENCES, VARIANTS, base_config, load_zoo, variant_config
from dqn_helpers.teaching.zoo_plots import band, plot_bands, plot_overestimation, plot_variants

ZOO = load_zoo()


def verdict(matches, capsys):
    ok = check_zoo_matches(matches)
    return ok, capsys.readouterr().out


def test_the_solution_passes_and_the_stub_is_not_attempted(capsys):
    ok, out = verdict(dict(EXERCISE), capsys)
    assert ok and out.startswith(f"✓ bug zoo: all {len(EXERCISE)} checks passed (A: {EXERCISE['A']}; ")
    ok, out = verdict(dict.fromkeys(EXERCISE, ...), capsys)
    assert not ok and out.startswith("… bug zoo: not attempted yet")


def test_wrong_matches_are_named_each_with_a_hint_from_its_curve(capsys):
    matches = dict(EXERCISE)
    matches["A"], matches["B"] = EXERCISE["B"], EXERCISE["A"]
    ok, out = verdict(matches, capsys)
    assert not ok and out.startswith(f"✗ bug zoo: 2 of {len(EXERCISE)} matches are wrong.")
    assert f"curve A is not {EXERCISE['B']}: " in out and f"curve B is not {EXERCISE['A']}: " in out
    assert "curve C" not in out
    assert HINTS[EXERCISE["A"]].format(**features(ZOO.runs_of(EXERCISE["A"]))) in out  # the hint of what A really is


@pytest.mark.parametrize(
    ("matches", "message"),
    [
        ({"A": "broadcast"}, "match each of the curves A, B, C, D, E, F once, got the letters ['A']"),
        (dict(EXERCISE) | {"A": "gremlins"}, "A: 'gremlins' is not one of the bugs: "),
        (dict(EXERCISE) | {"A": "correct"}, "A: 'correct' is not one of the bugs"),
    ],
)
def test_a_malformed_answer_says_what_is_expected(matches, message, capsys):
    ok, out = verdict(matches, capsys)
    assert not ok and message in out


def test_the_exercise_curves_are_bugs_each_once_and_its_figure_shows_only_letters():
    assert len(set(EXERCISE.values())) == len(EXERCISE) and set(EXERCISE.values()) <= set(BUG_VARIANTS)
    fig = exercise_figure()
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == [f"curve {letter}" for letter in EXERCISE]
    plt.close(fig)


def test_every_hint_is_true_of_its_curves():
    """What each hint says about its curve, checked on the shipped runs (the hints quote these numbers)."""
    f = {variant: features(ZOO.runs_of(variant)) for variant in BUG_VARIANTS}
    correct = features(ZOO.runs_of("correct"))
    assert f["eps_never_decays"]["g_best"] > 3 * f["eps_never_decays"]["end100"]  # learned more than it shows
    assert f["ignores_terminated"]["loss_end"] < 0.05 and f["ignores_terminated"]["end100"] < 15
    assert f["ignores_terminated"]["q_end"] > 2 * f["ignores_terminated"]["g_end"]  # Q above what the agent earns
    assert f["lr_x10"]["best100"] > f["lr_x10"]["end100"] + 20  # climbs, then falls back
    assert f["broadcast"]["loss_end"] > 0.5 and f["broadcast"]["end100"] < 20
    assert f["target_never_updated"]["q_end"] < 1.5 and f["target_never_updated"]["q_peak"] < 1.5
    assert f["policy_net_target"]["q_end"] > 1_000 and f["policy_net_target"]["loss_end"] > 100
    assert f["residual_gradient"]["q_end"] < correct["q_end"] - 10 and f["residual_gradient"]["end100"] > 300
    for variant in ("ignores_terminated", "broadcast", "eps_never_decays"):  # max-Q climbs all the way
        q = band(ZOO.runs_of(variant), "mean_max_q")[0]
        assert q[-1] > q[-100] > q[-200], variant
    for bug, right in zip(ZOO.runs_of("truncation_as_termination"), ZOO.runs_of("correct"), strict=False):
        assert bug.seed == right.seed and abs(bug.mean100[-1] - right.mean100[-1]) < 30  # hides in the curves
    for variant in BUG_VARIANTS:
        text = HINTS[variant].format(**f[variant])
        assert "nan" not in text and variant not in text, (variant, text)


def test_a_run_is_compared_with_the_seeds_of_its_own_setting():
    assert reference_for(base_config().replace(stop_when_solved=True, eval_episodes=20, num_episodes=600)) == "correct"
    assert reference_for(get_preset("default")) == "default"  # what `python -m dqn_helpers train` runs
    assert reference_for(variant_config("double_dqn", 50)) == "double_dqn"
    with pytest.raises(ValueError, match="the zoo has no seeds of this run's setting; it has these"):
        reference_for(get_preset("tutorial"))
    with pytest.raises(TypeError, match="config must be a DQNConfig"):
        reference_for("default")


def as_run(zoo_run, episodes=None):
    config = variant_config(zoo_run.variant if zoo_run.variant in REFERENCES else "correct")
    n = episodes or len(zoo_run.durations)
    return SimpleNamespace(
        config=config, durations=list(zoo_run.durations[:n]), mean_max_q=list(zoo_run.mean_max_q[:n])
    )


def test_a_reference_seed_is_within_its_own_spread_and_an_early_run_is_too_early(capsys):
    for run in ZOO.runs_of("correct"):
        diagnosis = is_my_run_unlucky(as_run(run, 300), show=False)
        assert diagnosis.nearest_bug is None and 0 <= diagnosis.percentile <= 100
        assert diagnosis.verdict.startswith(("within the spread", "solved at episode"))
    early = is_my_run_unlucky(as_run(ZOO.runs_of("correct")[0], 120), show=False)
    assert early.verdict.startswith("too early to tell") and early.episodes == 120
    assert "Among the 10 seeds of 'correct': too early to tell" in capsys.readouterr().out


def test_a_planted_bug_is_below_every_seed_and_recognised():
    """Each run with a bug in its loss, read as a learner's run of 04's setting: the diagnosis names the bug."""
    for variant in ("ignores_terminated", "broadcast", "policy_net_target"):
        named = [is_my_run_unlucky(as_run(run), show=False).nearest_bug for run in ZOO.runs_of(variant)]
        assert named.count(variant) >= len(named) - 1, (variant, named)


def test_a_cli_history_file_can_be_diagnosed_and_a_wrong_one_is_refused(tmp_path):
    run = ZOO.runs_of("default")[0]
    history = TrainingHistory(config=get_preset("default"), seed=0)
    for duration in run.durations[:200]:
        history.record_episode(duration, math.nan, 0.05, math.nan, 0.0, 1e-3)
    path = tmp_path / "history.json"
    path.write_text(json.dumps(history.to_dict()))
    diagnosis = is_my_run_unlucky(path, show=False)
    assert diagnosis.reference == "default" and diagnosis.episodes == 200
    (tmp_path / "bad.json").write_text("{}")
    with pytest.raises(ValueError, match=r"run must be a history\.json that `train` wrote"):
        is_my_run_unlucky(tmp_path / "bad.json", show=False)
    with pytest.raises(TypeError, match="run must be a TrainingHistory, the playground's run, or the path"):
        is_my_run_unlucky([10, 20, 30], show=False)
    with pytest.raises(ValueError, match="at least one finished episode"):
        is_my_run_unlucky(SimpleNamespace(config=base_config(), durations=[]), show=False)


def test_the_plots_draw_bands_and_refuse_what_is_not_in_the_zoo():
    fig = plot_variants(["correct", "broadcast"])
    assert len(fig.axes) == 6 and [ax.get_title() for ax in fig.axes[:2]] == ["correct", VARIANTS["broadcast"].label]
    plt.close(fig)
    ax = plot_bands(["correct", "double_dqn"])
    assert len(ax.get_legend().get_texts()) == 2
    plt.close(ax.figure)
    fig = plot_overestimation()
    assert len(fig.axes) == 2
    plt.close(fig)
    ax = plot_diagnosis(is_my_run_unlucky(as_run(ZOO.runs_of("broadcast")[0]), show=False))
    assert [t.get_text() for t in ax.get_legend().get_texts()][-1] == "your run"
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="variant must be one of"):
        plot_variants(["gremlins"])
    with pytest.raises(ValueError, match="titles must hold one title per variant"):
        plot_variants(["correct"], ["A", "B"])
    with pytest.raises(ValueError, match="variants must be a non-empty list of names"):
        plot_bands("correct")


def test_a_band_is_the_median_and_range_over_seeds():
    runs = ZOO.runs_of("correct")
    median, low, high = band(runs, "mean100")
    values = np.array([run.mean100 for run in runs])
    assert np.allclose(median, np.median(values, axis=0)) and np.allclose(low, values.min(axis=0))
    assert np.allclose(high, values.max(axis=0))
    assert np.isnan(band(runs, "losses")[0][0])  # no update in the first episode: no loss, and no warning
