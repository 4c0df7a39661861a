"""Tests of dqn_helpers.teaching.plots: the live training plot, the learning curve and the Q-value heatmap."""

import re

import numpy as np
import pytest
import torch
from _helpers import Screen
from torch import nn

from dqn_helpers import DQN, LiveTrainingPlot, get_preset, plot_durations, plot_q_heatmap, plot_training, train
from dqn_helpers.teaching.plots import epsilon_curve, figure_png, plot_diagnostics, q_grid


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


def small_history():
    from dqn_helpers import DQNConfig, TrainingHistory

    history = TrainingHistory(DQNConfig(num_episodes=2), 0)
    history.record_episode(10, float("nan"), 0.9, float("nan"), 0.1, 1e-4)
    return history


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda h: plot_durations(None),
            TypeError,
            "history must be a TrainingHistory (what train() returns), got None",
        ),
        (lambda h: plot_durations({"durations": [1]}), TypeError, "history must be a TrainingHistory"),
        (lambda h: plot_durations(h, ax="x"), TypeError, "ax must be matplotlib Axes or None, got 'x'"),
        (
            lambda h: plot_training(None),
            TypeError,
            "history must be a TrainingHistory (what train() returns), got None",
        ),
        (lambda h: plot_training(h, fig="x"), TypeError, "fig must be a matplotlib Figure or None, got 'x'"),
        (lambda h: plot_diagnostics(h, axes=[]), ValueError, "axes must be 4 matplotlib Axes or None, got []"),
        (lambda h: LiveTrainingPlot(every_seconds=0)(None), TypeError, "history must be a TrainingHistory"),
    ],
)
def test_plots_refuse_what_is_not_a_history_or_axes(call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call(small_history())


def test_a_history_whose_lists_disagree_is_refused():
    history = small_history()
    history.durations.append(3)
    with pytest.raises(ValueError, match=r"history must have one entry per episode .* got lengths \{'durations': 2, "):
        plot_training(history)


class NaNNet(nn.Module):
    def forward(self, state):
        return torch.full((*state.shape[:-1], 2), float("nan"))


@pytest.mark.parametrize(
    "net, error, message",
    [
        (None, TypeError, "policy_net must be a Q-network (a torch.nn.Module), got None"),
        (lambda s: s, TypeError, "policy_net must be a Q-network (a torch.nn.Module), got <function"),
        (DQN(4, 1), ValueError, "policy_net does not fit CartPole-v1: the network must give one Q-value per action (2"),
        (DQN(4, 3), ValueError, "policy_net does not fit CartPole-v1: the network must give one Q-value per action (2"),
        (DQN(6, 3), ValueError, "policy_net does not fit CartPole-v1: the network cannot take CartPole-v1's states"),
        (DQN(4, 2).double(), ValueError, "policy_net does not fit CartPole-v1"),
        (NaNNet(), ValueError, "policy_net must give finite Q-values, got NaN or ±inf on the grid"),
    ],
)
def test_the_heatmap_needs_a_cartpole_q_network(net, error, message):
    import matplotlib.pyplot as plt

    figures = plt.get_fignums()
    with pytest.raises(error, match=re.escape(message)):
        plot_q_heatmap(net)
    assert plt.get_fignums() == figures  # refused before a figure was made


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n": -1}, "n must be a whole number in 2 … 300, got -1"),
        ({"n": 2.5}, "n must be a whole number in 2 … 300, got 2.5"),
        ({"n": 10**6}, "n must be a whole number in 2 … 300, got 1000000"),
        ({"max_angular_velocity": float("nan")}, "max_angular_velocity must be a number > 0 (rad/s), got nan"),
    ],
)
def test_q_grid_refuses_a_bad_grid(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        q_grid(PushTowardsLean(), **kwargs)


def test_q_grid_takes_numpy_numbers():
    _, velocities, q = q_grid(PushTowardsLean(), n=np.int64(3), max_angular_velocity=np.float32(1.0))
    assert q.shape == (3, 3, 2) and velocities.tolist() == [-1.0, 0.0, 1.0]


def test_epsilon_curve_takes_float_steps_and_refuses_what_are_not_steps():
    np.testing.assert_allclose(
        epsilon_curve(np.linspace(0, 1000, 3), 0.9, 0.05, 1000)[[0, 2]], [0.9, 0.05 + 0.85 / np.e]
    )
    for steps, shown in ((np.array([np.nan]), "array([nan])"), (np.array([-1]), "array([-1])"), (5, "5")):
        with pytest.raises(
            ValueError,
            match=re.escape(f"steps must be a list or 1-D array of environment steps (numbers >= 0), got {shown}"),
        ):
            epsilon_curve(steps, 0.9, 0.05, 1000)
    with pytest.raises(ValueError, match=re.escape("eps_start must be a number in [0, 1] (a probability), got 2")):
        epsilon_curve([0], 2, 0.05, 1000)


@pytest.mark.parametrize(
    "fig, dpi, error, message",
    [
        (None, 80, TypeError, "fig must be a matplotlib Figure, got None"),
        ("figure", 80, TypeError, "fig must be a matplotlib Figure, got 'figure'"),
        ((2, 2), 0, ValueError, "dpi must be a number in [1, 1000] (dots per inch), got 0"),
        ((2, 2), -5, ValueError, "dpi must be a number in [1, 1000] (dots per inch), got -5"),
        ((2, 2), 10**6, ValueError, "dpi must be a number in [1, 1000] (dots per inch), got 1000000"),
        ((2, 2), "x", ValueError, "dpi must be a number in [1, 1000] (dots per inch), got 'x'"),
        ((200, 2), 100, ValueError, "fig at dpi 100 would be 20000 × 200 pixels: at most 10_000 a side"),
    ],
)
def test_figure_png_refuses_what_it_cannot_draw(fig, dpi, error, message):
    from matplotlib.figure import Figure

    with pytest.raises(error, match=re.escape(message)):
        figure_png(Figure(figsize=fig) if isinstance(fig, tuple) else fig, dpi)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"every_seconds": "2"}, "every_seconds must be >= 0, got '2'"),
        ({"every_seconds": None}, "every_seconds must be >= 0, got None"),
        ({"figsize": (-1, 3)}, "figsize must be (width, height) in inches, each in (0, 50], got (-1, 3)"),
        (
            {"figsize": (10**6, 10**6)},
            "figsize must be (width, height) in inches, each in (0, 50], got (1000000, 1000000)",
        ),
        ({"figsize": "big"}, "figsize must be (width, height) in inches, each in (0, 50], got 'big'"),
        ({"dpi": 0}, "dpi must be a number in [1, 1000] (dots per inch), got 0"),
        ({"dpi": -1}, "dpi must be a number in [1, 1000] (dots per inch), got -1"),
    ],
)
def test_live_plot_refuses_bad_settings_when_made(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        LiveTrainingPlot(**kwargs)


def test_live_plot_takes_numpy_numbers(screen):
    live = LiveTrainingPlot(every_seconds=np.float64(0.0), figsize=(np.int64(4), 3.0), dpi=np.int64(40))
    live(small_history())
    assert live.draws == 1 and len(screen.shown) == 1
