"""Tests of dqn_helpers.playground.model: the knobs (KNOBS) and the values their sliders offer; refusals."""

import math

import numpy as np
import pytest

from dqn_helpers.config import PRESETS
from dqn_helpers.playground.atlas import GRID
from dqn_helpers.playground.model import KNOBS, Knob, Run, band, caption, describe


def test_log_knobs_land_exactly_on_grid_and_preset_values():
    for name, values in GRID.items():
        assert set(values) <= set(KNOBS[name].choices), f"{name}: every atlas value must be reachable by the slider"
    for preset in PRESETS.values():
        for name, knob in KNOBS.items():
            assert not knob.choices or getattr(preset, name) in knob.choices


CONFIG = PRESETS["default"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"config": None}, r"config must be a DQNConfig, got None"),
        ({"seed": "x"}, r"seed must be a whole number in 0 … 4_294_967_295, got 'x'"),
        ({"seed": -1}, r"seed must be a whole number in 0 … 4_294_967_295, got -1"),
        ({"source": "bogus"}, r"source must be one of \['atlas', 'live'\], got 'bogus'"),
        ({"preset": "bogus"}, r"preset must be one of \['default', 'tutorial'\], got 'bogus'"),
        ({"durations": "abc"}, r"durations must be a list of numbers, got 'abc'"),
        ({"durations": [3, "a"]}, r"durations\[1\] must be a whole number >= 0, got 'a'"),
        ({"durations": [float("nan")]}, r"durations\[0\] must be a whole number >= 0, got nan"),
        ({"durations": [-1]}, r"durations\[0\] must be a whole number >= 0, got -1"),
        ({"losses": [0.5, "x"]}, r"losses\[1\] must be a number, got 'x'"),
        ({"status": "bogus"}, r"status must be one of \['completed', .*\], got 'bogus'"),
    ],
)
def test_a_run_refuses_a_wrong_field_by_name(changes, message):
    fields = {"config": CONFIG, "seed": 0, **changes}
    with pytest.raises(ValueError, match=message):
        Run(**fields)


def test_a_run_takes_numpy_numbers_and_keeps_python_ones():
    run = Run(CONFIG, np.int64(3), durations=np.array([10, 12]), losses=[np.float32(0.5), float("nan")])
    assert run.seed == 3 and type(run.seed) is int
    assert run.durations == [10, 12] and all(type(d) is int for d in run.durations)
    assert run.losses[0] == 0.5 and math.isnan(run.losses[1])  # a loss is NaN before learning starts
    copy = run.snapshot()
    copy.durations.append(7)
    assert run.durations == [10, 12] and copy.config is run.config


@pytest.mark.parametrize(
    ("curves", "message"),
    [
        (None, r"curves must be a non-empty list of curves \(lists of numbers\), got None"),
        ([], r"curves must be a non-empty list of curves \(lists of numbers\), got \[\]"),
        ([1, 2], r"curves\[0\] must be a list of numbers, got 1"),
        ([[1.0, float("nan")]], r"curves\[0\]\[1\] must be a finite number, got nan"),
        ([[1.0], ["a"]], r"curves\[1\]\[0\] must be a number, got 'a'"),
    ],
)
def test_band_refuses_what_is_not_a_list_of_curves(curves, message):
    with pytest.raises(ValueError, match=message):
        band(curves)


def test_band_takes_an_array_of_curves():
    median, low, high = band(np.array([[1.0, 2.0], [3.0, 6.0]]))
    assert median.tolist() == [2.0, 4.0] and low.tolist() == [1.0, 2.0] and high.tolist() == [3.0, 6.0]


def test_describe_and_caption_name_a_wrong_argument():
    with pytest.raises(ValueError, match=r"preset must be one of \['default', 'tutorial'\], got 'bogus'"):
        describe(CONFIG, "bogus")
    with pytest.raises(ValueError, match=r"config must be a DQNConfig, got None"):
        describe(None, "default")
    with pytest.raises(ValueError, match=r"runs must be a list of Runs, got None"):
        caption(None, [])
    with pytest.raises(ValueError, match=r"atlas_runs\[0\] must be a Run, got 'x'"):
        caption([], ["x"])


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"label": ""}, r"label must be a non-empty string, got ''"),
        ({"label": "x", "choices": (0.1, 0.0)}, r"choices\[1\] must be a number > 0, got 0.0"),
        ({"label": "x", "low": 2.0}, r"low must be below high, got low=2.0, high=1.0"),
        ({"label": "x", "high": float("inf")}, r"high must be a finite number, got inf"),
        ({"label": "x", "step": 0}, r"step must be a number > 0, got 0"),
    ],
)
def test_a_knob_refuses_a_wrong_field_by_name(fields, message):
    with pytest.raises(ValueError, match=message):
        Knob(**fields)
