"""Tests of dqn_helpers.playground.model: the knobs (KNOBS) and the values their sliders offer."""

from dqn_helpers.config import PRESETS
from dqn_helpers.playground.atlas import GRID
from dqn_helpers.playground.model import KNOBS


def test_log_knobs_land_exactly_on_grid_and_preset_values():
    for name, values in GRID.items():
        assert set(values) <= set(KNOBS[name].choices), f"{name}: every atlas value must be reachable by the slider"
    for preset in PRESETS.values():
        for name, knob in KNOBS.items():
            assert not knob.choices or getattr(preset, name) in knob.choices
