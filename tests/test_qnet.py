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
    with pytest.raises(ValueError, match="n_actions must be a whole number in 1 … 4_096, got 0"):
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
        with pytest.raises(ValueError, match="n_actions must be a whole number in 1 … 4_096"):
            DQN(4, bad)


@pytest.mark.parametrize(
    ("sizes", "message"),
    [
        ((4, 2, 4_097), r"hidden must be a whole number in 1 … 4_096, got 4097"),
        ((4, 2, 10**30), r"hidden must be a whole number in 1 … 4_096, got 10{30}"),
        ((2**40, 2, 1), r"n_observations must be a whole number in 1 … 4_096, got 1099511627776"),
        ((4, 2**40, 1), r"n_actions must be a whole number in 1 … 4_096, got 1099511627776"),
    ],
)
def test_dqn_refuses_sizes_that_would_allocate_gigabytes(sizes, message):
    with pytest.raises(ValueError, match=message.replace("10{30}", "1" + "0" * 30)):
        DQN(*sizes)
    with pytest.raises(ValueError, match=message.replace("10{30}", "1" + "0" * 30)):
        DQN.parameter_shapes(*sizes)


@pytest.mark.parametrize(
    ("states", "got"),
    [
        (np.zeros(4, dtype=np.float32), "got ndarray"),
        ([0.0, 0.0, 0.0, 0.0], "got list"),
        (None, "got NoneType"),
        (torch.zeros(4, dtype=torch.float64), "got a torch.float64 tensor"),
        (torch.zeros(4, dtype=torch.int64), "got a torch.int64 tensor"),
        (torch.zeros(4, dtype=torch.bool), "got a torch.bool tensor"),
    ],
)
def test_dqn_says_what_it_takes_instead_of_a_torch_error(states, got):
    with pytest.raises(TypeError, match=rf"DQN takes a torch.float32 tensor of states \(e.g. .*\), {got}"):
        DQN(4, 2, hidden=8)(states)
