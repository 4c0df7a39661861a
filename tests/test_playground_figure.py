"""Tests of dqn_helpers.playground.figure: how RunsPlot draws live runs and the bands of several seeds."""

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
