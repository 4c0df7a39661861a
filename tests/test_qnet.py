"""Tests of dqn_helpers.qnet: the tutorial's Q-network, its shapes and the sizes it accepts."""

import gymnasium as gym
import numpy as np
import pytest
import torch
from torch import nn

from dqn_helpers import DQN


def test_dqn_is_the_tutorials_mlp():
    net = DQN(4, 2)
    layers = [(m.in_features, m.out_features) for m in net.modules() if isinstance(m, nn.Linear)]
    assert layers == [(4, 128), (128, 128), (128, 2)]
    assert sum(p.numel() for p in net.parameters()) == 4 * 128 + 128 + 128 * 128 + 128 + 128 * 2 + 2
    assert DQN(4, 2, hidden=16).layer2.in_features == 16


def test_dqn_output_shapes():
    net = DQN(4, 2)
    assert net(torch.zeros(4)).shape == (2,)
    assert net(torch.zeros(32, 4)).shape == (32, 2)


def test_dqn_explains_a_wrong_input_shape():
    with pytest.raises(ValueError, match=r"expects states with 4 numbers .* got a tensor of shape \(32, 3\)"):
        DQN(4, 2)(torch.zeros(32, 3))
    with pytest.raises(ValueError, match="n_actions must be a whole number >= 1, got 0"):
        DQN(4, 0)


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
        with pytest.raises(ValueError, match="n_actions must be a whole number >= 1"):
            DQN(4, bad)
