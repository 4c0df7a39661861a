"""Tests of dqn_helpers.playground.ui, driven headlessly: knobs, Train, Stop, Clear, bands and precomputed runs."""

import re
import threading
import time

import numpy as np
import pytest
from _helpers import Screen
from matplotlib.collections import PolyCollection

from dqn_helpers.config import PRESETS
from dqn_helpers.history import TrainingHistory, moving_mean
from dqn_helpers.playground.atlas import SEEDS, build_atlas
from dqn_helpers.playground.model import describe
from dqn_helpers.playground.ui import Playground
from dqn_helpers.training import TrainingDiverged


@pytest.fixture(scope="module")
def tiny_atlas(tmp_path_factory):
    grid = {"eps_decay": [2000.0], "tau": [0.005, 1.0], "lr": [1e-3]}  # the default preset's ε decay and lr
    return build_atlas(tmp_path_factory.mktemp("atlas") / "atlas.json", workers=1, grid=grid, seeds=[0, 1], episodes=6)


def short(playground, episodes=20):
    playground.controls["episodes"].value = episodes
    return playground


def test_train_uses_the_knobs_and_the_curve_grows():
    screen = Screen()
    playground = short(Playground(atlas=None, display=screen), episodes=20)
    playground.show()
    assert screen.shown[0] is playground.widget and len(screen.shown) == 2  # controls, then the plot
    playground.controls["lr"].value = 3e-4
    playground.controls["tau"].value = 0.01
    playground.controls["seed"].value = 3
    assert playground.train() is True
    assert playground.wait(timeout=120)
    run = playground.runs[-1]
    assert run.status == "completed" and len(run.durations) == 20
    assert run.config.lr == pytest.approx(3e-4) and run.config.tau == pytest.approx(0.01) and run.seed == 3
    assert run.config.train_every == PRESETS["default"].train_every  # the preset under the knobs
    assert screen.updates and screen.updates[-1].data.startswith(b"\x89PNG")
    assert playground.first_point_seconds is not None and playground.first_point_seconds < 5
    assert "completed after 20 episodes" in playground.status.value
    assert not playground.train_button.disabled and playground.stop_button.disabled
    best = max(moving_mean(run.durations))
    assert playground.caption.value == (
        f"On the plot: default, tau=0.01, lr=0.0003, seed 3: completed after 20 episodes, "
        f"best 100-episode mean {best:.0f}."
    )


def test_stop_keeps_the_run_and_a_second_train_is_refused():
    playground = short(Playground(atlas=None, display=Screen()), episodes=600)
    assert playground.train()
    deadline = time.perf_counter() + 60
    while not playground.runs[-1].durations and time.perf_counter() < deadline:
        time.sleep(0.01)
    assert playground.train() is False and "still going" in playground.status.value
    assert len(playground.runs) == 1
    playground.redraw()
    assert re.fullmatch(r"On the plot: default, seed 0: running, \d+ episodes so far, .*\.", playground.caption.value)
    playground.stop()
    assert playground.wait(timeout=5), "training did not stop within 5 s of Stop"
    run = playground.runs[-1]
    assert run.status == "stopped" and 0 < len(run.durations) < 600
    assert all(t.name != "dqn-playground" for t in threading.enumerate())
    assert f"default, seed 0: stopped after {len(run.durations)} episodes" in playground.caption.value


def test_a_new_playground_stops_the_old_one():  # re-running the notebook cell leaves no stray thread
    old = short(Playground(atlas=None, display=Screen()), episodes=600)
    old.train()
    Playground(atlas=None, display=Screen())
    assert not old.running and old.runs[-1].status == "stopped"


def test_invalid_knobs_are_named_and_not_trained():
    playground = Playground(atlas=None, display=Screen())
    playground.controls["eps_start"].value = 0.1
    playground.controls["eps_end"].value = 0.5
    assert playground.train() is False
    assert "eps_end (0.5) must not exceed eps_start (0.1)" in playground.status.value
    assert playground.runs == []


def test_a_diverged_run_is_kept_and_reported(monkeypatch):
    def diverging(config, seed, callback, stop_event):
        history = TrainingHistory(config=config, seed=seed)
        for duration in (10, 12):
            history.record_episode(duration, 0.5, 0.9, 1.0, 0.0, 1e-3)
            callback(history)
        raise TrainingDiverged("the loss became nan in episode 2 at step 30 (update 3); lower lr", history)

    monkeypatch.setattr("dqn_helpers.playground.ui.train", diverging)
    playground = Playground(atlas=None, display=Screen())
    playground.train()
    playground.wait(timeout=10)
    assert playground.runs[-1].status == "diverged" and playground.runs[-1].durations == [10, 12]
    assert "the loss became nan in episode 2" in playground.status.value


def test_seeds_of_one_setting_make_a_band_and_clear_forgets_them():
    playground = short(Playground(atlas=None, display=Screen()), episodes=15)
    for seed in (0, 1):
        playground.controls["seed"].value = seed
        playground.train()
        playground.wait(timeout=120)
    playground.redraw()
    assert any(isinstance(c, PolyCollection) for c in playground.plot.ax_curve.collections)  # the band
    assert "2 seeds" in playground.plot.ax_legend.get_legend().get_texts()[0].get_text()
    playground.clear()
    assert playground.runs == [] and not playground.plot.ax_curve.collections


def test_the_preset_sets_the_knobs():
    playground = Playground(atlas=None, display=Screen())
    playground.controls["preset"].value = "tutorial"
    assert playground.controls["eps_decay"].value == pytest.approx(PRESETS["tutorial"].eps_decay)
    assert playground.config().train_every == 1
    assert describe(playground.config().replace(lr=3e-3), "tutorial") == "tutorial, lr=0.003"


def test_grid_points_show_precomputed_runs(tiny_atlas):
    playground = Playground(atlas=tiny_atlas, display=Screen())
    playground.controls["tau"].value = 1.0
    assert len(playground.atlas_runs) == 2 and {r.seed for r in playground.atlas_runs} == {0, 1}
    assert playground.atlas_runs[0].durations == list(tiny_atlas.at(2000, 1.0, 1e-3)[0].durations)
    assert "Precomputed: 2 seeds" in playground.status.value
    assert playground.caption.value == "On the plot: precomputed: 2 seeds of default, tau=1."
    playground.controls["tau"].value = 0.02  # off the grid: nothing precomputed
    assert playground.atlas_runs == []
    assert playground.caption.value == "On the plot: nothing yet."
    playground.controls["tau"].value = 0.005
    playground.controls["eps_start"].value = 0.5  # on the grid, but another ε start: not the atlas' setting
    assert playground.atlas_runs == []


def test_run_now_sets_knobs_trains_and_returns_the_run():
    playground = Playground(atlas=None, display=Screen())
    run = playground.run_now(episodes=20, seed=5, eps_end=0.1)
    assert run is playground.runs[-1] and run.status == "completed"
    assert len(run.durations) == 20 and run.seed == 5 and run.config.eps_end == pytest.approx(0.1)
    with pytest.raises(ValueError, match="episodes = 12 is outside its range 20 … 600"):
        playground.run_now(episodes=12)
    with pytest.raises(ValueError, match=r"lr = 0\.5 is not one of the slider's values \[1e-05, "):
        playground.run_now(lr=0.5)
    with pytest.raises(ValueError, match=r"unknown knob\(s\) \['gama'\]; the knobs are"):
        playground.run_now(gama=0.9)
    with pytest.raises(RuntimeError, match=r"Train was refused: ⚠ eps_end .* must not exceed eps_start"):
        playground.run_now(eps_start=0.0, eps_end=0.5)
    playground.set_knobs(eps_start=0.9, eps_end=0.1)
    with pytest.raises(ValueError, match=r"eps_start = nan is outside its range 0 … 1"):
        playground.run_now(eps_start=float("nan"))
    assert playground.controls["eps_start"].value == 0.9  # the slider did not move to NaN ...
    assert playground.run_now(episodes=20).status == "completed"  # ... so the next run goes ahead


def test_the_widgets_factory_makes_a_playground_with_the_shipped_atlas():
    from dqn_helpers.playground.ui import playground_ui

    playground = playground_ui()
    assert isinstance(playground, Playground) and playground.atlas is not None
    assert len(playground.atlas_runs) == len(SEEDS)  # the default knobs sit on a grid point


def test_status_says_when_nothing_is_precomputed_and_reset_restores_the_preset(tiny_atlas):
    playground = Playground(atlas=tiny_atlas, display=Screen())
    playground.controls["tau"].value = 0.02
    assert "Not a precomputed point" in playground.status.value
    playground.controls["eps_end"].value = 0.95
    assert "must not exceed eps_start" in playground.status.value
    redraws = playground.draws
    playground.reset()
    assert playground.draws == redraws + 1  # one redraw for the whole preset, not one per knob
    assert playground.config() == PRESETS["default"].replace(
        num_episodes=playground.config().num_episodes, stop_when_solved=False
    )
    assert "must not exceed" not in playground.status.value


def test_a_replaced_playground_is_retired():
    old = Playground(atlas=None, display=Screen())
    Playground(atlas=None, display=Screen())
    assert old.train() is False and old.train_button.disabled
    assert "replaced by a newer one" in old.status.value


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"atlas": "bogus"}, r"atlas must be an Atlas, None or 'shipped', got 'bogus'"),
        ({"atlas": 42}, r"atlas must be an Atlas, None or 'shipped', got 42"),
        ({"redraw_seconds": "x"}, r"redraw_seconds must be a number > 0, got 'x'"),
        ({"redraw_seconds": float("nan")}, r"redraw_seconds must be a number > 0, got nan"),
        ({"redraw_seconds": -1}, r"redraw_seconds must be a number > 0, got -1"),
        ({"display": "x"}, r"display must be a function such as IPython's display, or None, got 'x'"),
    ],
)
def test_a_wrong_argument_is_refused_and_the_earlier_playground_keeps_going(arguments, message):
    earlier = Playground(atlas=None, display=Screen())
    with pytest.raises(ValueError, match=message):
        Playground(**{"atlas": None, **arguments})
    assert not earlier.train_button.disabled and "replaced" not in earlier.status.value


def test_the_widgets_factory_checks_redraw_seconds():
    from dqn_helpers.playground.ui import playground_ui

    with pytest.raises(ValueError, match=r"redraw_seconds must be a number > 0, got None"):
        playground_ui(redraw_seconds=None)
    assert Playground(atlas=None, redraw_seconds=np.float32(0.5)).redraw_seconds == 0.5


def test_a_wrong_timeout_starts_no_run_and_moves_no_knob_and_the_next_call_trains():
    playground = Playground(atlas=None, display=Screen())
    for timeout in ("x", None, -1, 0, float("nan"), float("inf"), 1e300):
        allowed = r"timeout must be a number in \(0, 86400\] \(seconds\), got "
        with pytest.raises(ValueError, match=allowed + re.escape(repr(timeout)) + "$"):
            playground.run_now(timeout=timeout, episodes=20)
        assert playground.runs == [] and not playground.running
    assert playground.controls["episodes"].value == 300
    with pytest.raises(ValueError, match=r"timeout must be a number in \[0, 86400\] \(seconds, or None .*\), got 'x'"):
        playground.wait(timeout="x")
    assert playground.run_now(timeout=np.float64(120), episodes=20).status == "completed"


def test_a_run_that_times_out_is_stopped_before_run_now_returns():
    playground = Playground(atlas=None, display=Screen())
    with pytest.raises(RuntimeError, match=r"the run did not end within 0.2 s; it was stopped"):
        playground.run_now(timeout=0.2, episodes=600)
    assert playground.runs[-1].status == "stopped" and not playground.running
    assert playground.run_now(episodes=20).status == "completed"  # at once: nothing is still going
