"""Tests of dqn_helpers.playground.figure: how RunsPlot draws live runs and the bands of several seeds."""

import pytest

from dqn_helpers.config import PRESETS
from dqn_helpers.playground.figure import RunsPlot
from dqn_helpers.playground.model import Run


def test_stopped_runs_do_not_cut_a_band_short_and_a_seed_counts_once():
    config = PRESETS["default"]
    runs = [Run(config, seed, "live", "default", [20] * 300, status="completed") for seed in (0, 1, 2)]
    runs += [Run(config, 1, "live", "default", [30] * 300, status="completed")]  # seed 1 again
    runs += [Run(config, 3, "live", "default", [10] * 20, status="stopped")]
    plot = RunsPlot()
    plot.render(runs, [], config, layout=1)
    band_line = next(line for line in plot.ax_curve.lines if "3 seeds" in line.get_label())
    assert len(band_line.get_xdata()) == 300  # not cut to the stopped run's 20 episodes
    assert any("seed 3 (stopped)" in line.get_label() for line in plot.ax_curve.lines)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((None, [], None), r"runs must be a list of Runs, got None"),
        ((["run"], [], None), r"runs\[0\] must be a Run, got 'run'"),
        (([], None, None), r"atlas_runs must be a list of Runs, got None"),
        (([], [], "cfg"), r"config must be a DQNConfig, got 'cfg'"),
    ],
)
def test_render_names_a_wrong_argument(arguments, message):
    with pytest.raises(ValueError, match=message):
        RunsPlot().render(*arguments, layout=1)


def test_a_running_run_without_losses_is_drawn():  # a run made by hand, not by training: durations only
    config = PRESETS["default"].replace(num_episodes=30)
    plot = RunsPlot()
    running = Run(config, 0, durations=[12] * 2_000)
    for _ in range(2):  # the full draw, then the blit of the live lines
        assert plot.render([running], [], config, layout=1).startswith(b"\x89PNG")
    assert len(plot.ax_curve.lines[0].get_xdata()) == 2_000
