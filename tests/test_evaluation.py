"""Tests of dqn_helpers.evaluation: greedy evaluation and running episodes with any policy."""

import pytest
import torch
from _helpers import AlwaysLeft
from torch import nn

from dqn_helpers import DQN, evaluate, run_episodes


class Balancer(nn.Module):
    """A hand-written controller: push towards the side the pole falls to (angle + angular velocity)."""

    def forward(self, state):
        lean = state[..., 2] + state[..., 3]
        return torch.stack([-lean, lean], dim=-1)


def test_evaluate_is_greedy_and_reproducible():
    good = evaluate(Balancer(), n_episodes=5, seed=0)
    bad = evaluate(AlwaysLeft(), n_episodes=5, seed=0)
    assert len(good) == len(bad) == 5
    assert min(good) > max(bad)  # the controller balances far longer than always pushing left
    assert max(bad) < 20 and all(1 <= d <= 500 for d in good)
    assert evaluate(Balancer(), n_episodes=5, seed=0) == good


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"n_episodes": 0}, r"n_episodes must be a whole number in 1 … 10_000, got 0"),
        ({"n_episodes": 10**6}, r"n_episodes must be a whole number in 1 … 10_000, got 1000000"),
        ({"seed": 2**64}, r"seed must be a whole number in 0 … 4_294_967_295, got 18446744073709551616"),
        ({"seed": -1}, r"seed must be a whole number in 0 … 4_294_967_295, got -1"),
        ({"env_id": "NoSuchEnv-v0"}, r"unknown environment 'NoSuchEnv-v0'"),
        ({"env_id": 5}, r"env_id must be a registered Gymnasium id such as 'CartPole-v1', got 5"),
    ],
)
def test_evaluate_and_run_episodes_refuse_bad_arguments(arguments, message):
    for run in (evaluate, run_episodes):
        with pytest.raises(ValueError, match=message):
            run(Balancer(), **arguments)


def diverged_network() -> DQN:
    net = DQN(4, 2)
    with torch.no_grad():
        net.layer2.weight[0, 0] = float("nan")
    return net


@pytest.mark.parametrize(
    ("network", "message"),
    [
        (nn.Linear(4, 7), r"one Q-value per action \(2 for CartPole-v1\), got an output of shape \(1, 7\)"),
        (DQN(4, 3), r"one Q-value per action \(2 for CartPole-v1\), got an output of shape \(1, 3\)"),
        (nn.Linear(3, 2), r"cannot take CartPole-v1's states of 4 numbers \(mat1 and mat2 shapes"),
        (DQN(6, 2), r"cannot take CartPole-v1's states of 4 numbers \(DQN expects states with 6 numbers"),
        (DQN(4, 2).double(), r"cannot take CartPole-v1's states of 4 numbers \(DQN takes a torch.float64 tensor"),
        (
            diverged_network(),
            "the network's weights contain NaN or infinite numbers: the training that made it diverged",
        ),
    ],
)
def test_a_network_that_does_not_fit_the_environment_is_named_before_any_episode(network, message):
    for run in (evaluate, run_episodes):
        with pytest.raises(ValueError, match=message):
            run(network, n_episodes=2)
    with pytest.raises(ValueError, match=r"MountainCar-v0's states of 2 numbers"):
        evaluate(DQN(4, 2), n_episodes=1, env_id="MountainCar-v0")


def test_run_episodes_accepts_functions_and_random_play():
    lean = run_episodes(lambda obs: int(obs[2] > 0), n_episodes=10, seed=0)
    random_play = run_episodes(None, n_episodes=10, seed=0)
    assert run_episodes(None, n_episodes=10, seed=0) == random_play  # random actions are seeded too
    assert sum(lean) > sum(random_play)
    assert run_episodes(Balancer(), n_episodes=3, seed=0) == evaluate(Balancer(), n_episodes=3, seed=0)


@pytest.mark.parametrize(
    "policy, error, message",
    [
        (lambda obs: 2, ValueError, r"the policy returned 2; valid actions are the integers 0 … 1"),
        (lambda obs: "left", ValueError, r"the policy returned 'left'"),
        (lambda obs: 0.5, ValueError, r"the policy returned 0.5"),
        ("left", TypeError, "policy must be a Q-network, a function of the observation or None, got str"),
    ],
)
def test_a_bad_policy_is_named(policy, error, message):
    with pytest.raises(error, match=message):
        run_episodes(policy, n_episodes=1)


def test_evaluate_wants_a_network():
    with pytest.raises(TypeError, match="evaluate needs a Q-network"):
        evaluate(lambda obs: 0)


def test_random_play_in_a_continuous_environment_is_refused_by_name():
    with pytest.raises(ValueError, match=r"DQN needs a discrete action space; Pendulum-v1 has Box"):
        run_episodes(None, 1, env_id="Pendulum-v1")
