"""Helpers added for notebooks 02 and 03: the squared-loss numbers of the Huber explorer, and a Q-network
built straight from a Gymnasium environment's sizes (numpy integers)."""

import gymnasium as gym
import numpy as np
import pytest
import torch

from dqn_helpers import DQN
from dqn_helpers.widgets import huber_explorer


@pytest.mark.parametrize("delta", [-3.0, -0.5, 0.0, 0.5, 3.0])
def test_huber_explorer_reports_the_squared_loss_beside_huber(delta):
    explorer = huber_explorer(delta)
    data = explorer.data
    assert data["squared_loss_at_delta"] == pytest.approx(0.5 * delta**2)
    assert data["squared_grad_at_delta"] == pytest.approx(delta)
    np.testing.assert_allclose(data["squared_grad"], data["deltas"])  # d(½δ²)/dδ = δ
    if abs(delta) <= 1:  # inside |δ| ≤ 1 Huber is the squared loss
        assert data["loss_at_delta"] == pytest.approx(data["squared_loss_at_delta"])
        assert data["grad_at_delta"] == pytest.approx(data["squared_grad_at_delta"])
    else:  # outside, Huber's gradient is capped at ±1
        assert data["grad_at_delta"] == pytest.approx(np.sign(delta))
    hollow = explorer.figure.axes[1].lines[3]  # the squared gradient's marker on the gradient plot
    assert hollow.get_ydata()[0] == pytest.approx(delta)


def test_dqn_accepts_the_sizes_gymnasium_reports():
    env = gym.make("CartPole-v1")
    try:
        n_actions = env.action_space.n  # an np.int64, as in the tutorial's `n_actions = env.action_space.n`
        assert isinstance(n_actions, np.integer)
        net = DQN(np.int64(env.observation_space.shape[0]), n_actions)
    finally:
        env.close()
    assert type(net.n_actions) is int and type(net.n_observations) is int
    assert net(torch.zeros(4)).shape == (2,)
    for bad in (2.0, np.float32(2.0), True, np.int64(0)):
        with pytest.raises(ValueError, match="n_actions must be a positive whole number"):
            DQN(4, bad)
