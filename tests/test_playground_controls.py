"""Tests of dqn_helpers.playground.controls: one slider per knob, the config they say, clear refusals."""

import numpy as np
import pytest

from dqn_helpers.config import PRESETS
from dqn_helpers.playground.controls import Controls, knob_slider
from dqn_helpers.playground.model import KNOBS


class Counting(Controls):
    def __init__(self):
        self.changes = 0
        super().__init__()

    def knobs_changed(self):
        self.changes += 1


def test_every_knob_has_a_slider_on_its_default_value_and_the_config_follows_them():
    controls = Controls()
    assert set(KNOBS) <= set(controls.controls)
    for name in KNOBS:
        assert controls.controls[name].value == getattr(PRESETS["default"], name)
    controls.set_knobs(lr=1e-2, episodes=40)
    config = controls.config()
    assert config == PRESETS["default"].replace(lr=1e-2, num_episodes=40, stop_when_solved=False)


def test_a_value_off_a_log_slider_or_out_of_range_or_an_unknown_knob_is_refused_by_name():
    controls = Controls()
    with pytest.raises(ValueError, match=r"lr = 0.002 is not one of the slider's values \[1e-05"):
        controls.set_knobs(lr=0.002)
    with pytest.raises(ValueError, match=r"eps_end = 1.5 is outside its range 0 … 1"):
        controls.set_knobs(eps_end=1.5)
    with pytest.raises(ValueError, match=r"unknown knob\(s\) \['learning_rate'\]; the knobs are"):
        controls.set_knobs(learning_rate=1e-3)


@pytest.mark.parametrize(
    ("knobs", "message"),
    [
        ({"eps_start": float("nan")}, r"eps_start = nan is outside its range 0 … 1"),
        ({"lr": float("nan")}, r"lr = nan is not one of the slider's values"),
        ({"eps_end": "0.1"}, r"eps_end must be a finite number, got '0.1'"),
        ({"seed": 2.5}, r"seed must be a whole number, got 2.5"),
        ({"episodes": True}, r"episodes must be a whole number, got True"),
        ({"preset": "fast"}, r"preset must be one of \['default', 'tutorial'\], got 'fast'"),
        ({"tau": 0.5, "eps_start": float("inf")}, r"eps_start = inf is outside its range"),  # tau does not move
    ],
)
def test_a_refused_value_moves_no_control(knobs, message):
    controls = Controls()
    before = {name: control.value for name, control in controls.controls.items()}
    with pytest.raises(ValueError, match=message):
        controls.set_knobs(**knobs)
    assert {name: control.value for name, control in controls.controls.items()} == before
    assert controls.config() == PRESETS["default"].replace(num_episodes=300, stop_when_solved=False)


def test_choosing_a_preset_moves_every_knob_with_one_notification():
    controls = Counting()
    controls.set_knobs(tau=1.0, eps_end=0.3)
    before = controls.changes
    controls.controls["preset"].value = "tutorial"
    assert controls.changes == before + 1  # not one per knob
    for name in KNOBS:
        assert controls.controls[name].value == getattr(PRESETS["tutorial"], name)
    with pytest.raises(ValueError, match=r"preset must be one of \['default', 'tutorial'\], got 'fast'"):
        controls.reset("fast")


@pytest.mark.parametrize(
    ("knob", "value", "message"),
    [
        ("tau", 0.123, r"value must be one of τ \(TAU\)'s values \[0.001, .*\], got 0.123"),
        ("tau", "0.05", r"value must be one of τ \(TAU\)'s values .*, got '0.05'"),
        ("eps_start", 5.0, r"value must be a number in \[0, 1\] \(EPS_START's range\), got 5.0"),
        ("eps_start", float("nan"), r"value must be a number in \[0, 1\] \(EPS_START's range\), got nan"),
        ("eps_start", None, r"value must be a number in \[0, 1\] \(EPS_START's range\), got None"),
    ],
)
def test_knob_slider_refuses_a_value_its_slider_does_not_offer(knob, value, message):
    with pytest.raises(ValueError, match=message):
        knob_slider(KNOBS[knob], value)


def test_knob_slider_takes_numpy_numbers_and_names_a_wrong_knob():
    assert knob_slider(KNOBS["tau"], np.float64(0.05)).value == 0.05
    assert knob_slider(KNOBS["eps_end"], np.float32(0.25)).value == 0.25
    with pytest.raises(ValueError, match=r"knob must be a Knob \(one of KNOBS' values\), got 'tau'"):
        knob_slider("tau", 0.05)


def test_say_refuses_what_is_not_text():
    controls = Controls()
    with pytest.raises(ValueError, match=r"html must be a string, got None"):
        controls.say(None)
    assert controls.status.value == "Set the knobs and press <b>Train</b>."
