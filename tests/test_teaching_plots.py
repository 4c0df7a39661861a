"""Tests of dqn_helpers.teaching.plots: the live training plot, the learning curve and the Q-value heatmap."""

import numpy as np
import pytest
import torch
from _helpers import Screen
from torch import nn

from dqn_helpers import DQN, LiveTrainingPlot, get_preset, plot_durations, plot_q_heatmap, train
from dqn_helpers.teaching.plots import figure_png, q_grid


@pytest.fixture
def screen(monkeypatch):
    """A Screen in place of IPython's display(), which LiveTrainingPlot imports when it draws."""
    import IPython.display

    screen = Screen()
    monkeypatch.setattr(IPython.display, "display", screen)
    return screen


def test_live_plot_shows_once_then_updates_in_place(screen):
    live = LiveTrainingPlot(every_seconds=0.0)
    history = train(get_preset("tutorial", num_episodes=4), seed=0, callback=live)
    live.finish(history)
    assert len(screen.shown) == 1 and len(screen.updates) == 4  # 4 episodes + finish, one display
    assert live.draws == 5
    assert screen.updates[-1].data[:8] == b"\x89PNG\r\n\x1a\n"
    curve = live.figure.axes[0].lines[0]
    assert list(curve.get_ydata()) == history.durations  # the last picture shows the whole history


@pytest.mark.usefixtures("screen")
def test_live_plot_throttles_redraws():
    live = LiveTrainingPlot(every_seconds=3600)
    train(get_preset("tutorial", num_episodes=5), seed=0, callback=live)
    assert live.draws == 1  # the first episode only; the rest fall inside the hour


def test_live_plot_rejects_a_negative_interval():
    with pytest.raises(ValueError, match="every_seconds must be >= 0, got -1"):
        LiveTrainingPlot(every_seconds=-1)


class PushTowardsLean(nn.Module):
    def forward(self, state):
        lean = state[..., 2] + 0.5 * state[..., 3]
        return torch.stack([-lean, lean], dim=-1)


def test_q_grid_covers_angle_and_angular_velocity():
    angles, velocities, q = q_grid(PushTowardsLean(), n=5)
    assert q.shape == (5, 5, 2)
    assert angles[0] == pytest.approx(-0.2094395) and angles[-1] == pytest.approx(0.2094395)
    assert velocities.tolist() == [-2.0, -1.0, 0.0, 1.0, 2.0]
    # q[i, j] belongs to angular velocity i and angle j
    assert q[4, 4, 1] == pytest.approx(0.2094395 + 1.0) and q[0, 2, 1] == pytest.approx(-1.0)


def test_heatmap_shows_the_greedy_action():
    import matplotlib.pyplot as plt

    grid = plot_q_heatmap(PushTowardsLean(), title="hand-written")
    assert grid["greedy"][-1, -1] == 1 and grid["greedy"][0, 0] == 0  # falling right → right, left → left
    plt.close("all")
    grid = plot_q_heatmap(DQN(4, 2))
    assert set(np.unique(grid["greedy"])) <= {0, 1}
    plt.close("all")


def test_figure_png_is_a_png():
    from matplotlib.figure import Figure

    assert figure_png(Figure()).startswith(b"\x89PNG")


def test_the_learning_curve_marks_the_greedy_evaluations_and_the_kept_agent():
    history = train(get_preset("tutorial", num_episodes=6, eval_every=2, eval_episodes=1), seed=0)
    lines = {line.get_label(): line for line in plot_durations(history).lines}
    evaluations = lines["greedy evaluation (ε = 0)"]
    assert list(evaluations.get_xdata()) == history.evaluated_at == [1, 3, 5]
    assert list(evaluations.get_ydata()) == history.eval_means
    assert list(lines["kept agent"].get_xdata()) == [history.best_episode]
    assert list(lines["kept agent"].get_ydata()) == [history.best_eval]
