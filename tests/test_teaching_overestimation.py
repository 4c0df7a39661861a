"""Tests of dqn_helpers.teaching.overestimation: Q against the greedy return, and the bias of the max."""

import math

import gymnasium as gym
import pytest
import torch
from torch import nn

from dqn_helpers.teaching.overestimation import (
    greedy_returns,
    max_bias,
    max_bias_explorer,
    noisy_maxima,
    q_estimates,
    start_states,
)


class Constant(nn.Module):
    """Q(s) = the same two numbers for every state: the greedy policy always takes one action."""

    def __init__(self, q0: float, q1: float) -> None:
        super().__init__()
        self.q = nn.Parameter(torch.tensor([q0, q1]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.q.expand(len(x), 2)


def steps_until_the_pole_falls(state: torch.Tensor, action: int) -> int:
    """Step CartPole from ``state`` with one action until it terminates: the episode's length, counted by hand."""
    env = gym.make("CartPole-v1").unwrapped
    env.reset(seed=0)
    env.state = state.double().numpy().copy()
    steps, terminated = 0, False
    while not terminated:
        _, _, terminated, _, _ = env.step(action)
        steps += 1
    return steps


def test_start_states_are_cartpole_resets_and_the_same_every_time():
    states = start_states(10)
    assert states.shape == (10, 4) and bool((states.abs() <= 0.05).all())  # reset draws each number in ±0.05
    assert torch.equal(states, start_states(10)) and not torch.equal(states[:1], start_states(1, seed=7))


def test_the_greedy_return_is_the_discounted_sum_of_the_episode():
    states = start_states(3)
    always_right = Constant(0.0, 1.0)
    for gamma in (0.99, 1.0):
        returns = greedy_returns(always_right, states, gamma)
        for state, got in zip(states, returns, strict=True):
            steps = steps_until_the_pole_falls(state, 1)
            assert 5 < steps < 20  # pushing one way drops the pole within a few steps
            assert got.item() == pytest.approx(sum(gamma**t for t in range(steps)), rel=1e-6)


def test_the_rollout_stops_at_the_horizon_and_ignores_the_500_step_limit():
    states = start_states(2)
    assert greedy_returns(Constant(0.0, 1.0), states, 0.5, horizon=3).tolist() == [1.75, 1.75]
    # a policy that balances: a hand-written controller as a network (push towards where the pole leans)
    balancer = nn.Linear(4, 2, bias=False)
    with torch.no_grad():
        balancer.weight.copy_(torch.tensor([[0.0, 0.0, -1.0, -1.0], [0.0, 0.0, 1.0, 1.0]]))
    returns = greedy_returns(balancer, states, 1.0, horizon=600)
    assert returns.tolist() == [600.0, 600.0]  # past CartPole-v1's 500 steps, as the TD target sees it


def test_q_estimates_are_the_max_over_actions():
    assert q_estimates(Constant(2.0, -1.0), start_states(4)).tolist() == [2.0] * 4


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: q_estimates(Constant(0.0, 1.0), torch.zeros(3)),
            r"states must be an \(n, 4\) tensor of CartPole states",
        ),
        (lambda: q_estimates(Constant(0.0, 1.0), torch.full((1, 4), math.nan)), "states must be finite numbers"),
        (lambda: q_estimates(nn.Linear(3, 2), start_states(1)), "the network cannot take CartPole-v1's states of 4"),
        (lambda: q_estimates("net", start_states(1)), "policy_net must be a network"),
        (lambda: greedy_returns(Constant(0.0, 1.0), start_states(1), 1.5), r"gamma must be a number in \[0, 1\]"),
        (lambda: greedy_returns(Constant(0.0, 1.0), start_states(1), 0.9, horizon=0), "horizon must be a whole number"),
        (lambda: start_states(0), "n must be a whole number in 1 … 10_000, got 0"),
        (lambda: max_bias(0, 1.0), "n_actions must be a whole number in 1 … 1_000, got 0"),
        (lambda: max_bias(2, -1.0), r"noise must be a number in \[0, 1000\]"),
        (lambda: max_bias_explorer(noise=9.0), r"noise must be a number in \[0, 5\] \(the slider's range\)"),
    ],
)
def test_bad_input_is_refused_naming_the_argument(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_the_max_of_noisy_estimates_is_biased_upwards_and_the_double_estimator_is_not():
    assert max_bias(2, 0.0) == (0.0, 0.0)  # no noise, no bias
    one = max_bias(1, 1.0)
    assert abs(one[0]) < 0.01 and abs(one[1]) < 0.01  # one action: nothing to pick, no bias
    two, double = max_bias(2, 1.0)
    assert two == pytest.approx(1 / math.sqrt(math.pi), abs=0.01)  # E[max of two N(0, 1)] = 1/√π
    assert abs(double) < 0.01
    assert max_bias(2, 3.0)[0] == pytest.approx(3 * two, rel=1e-9)  # the bias scales with the noise
    biases = [max_bias(n, 1.0)[0] for n in (2, 4, 8)]
    assert biases == sorted(biases) and biases[-1] > 1.3  # and grows with the number of actions
    maxima, _ = noisy_maxima(3, 1.0, samples=10)
    assert maxima.shape == (10,)


def test_the_explorer_redraws_with_the_sliders_and_says_the_bias_in_words():
    explorer = max_bias_explorer()
    assert "the max over 2 actions is +0.5" in explorer.caption.value
    explorer.controls["n_actions"].value = 8
    assert explorer.data["bias"] > 1.3 and abs(explorer.data["double_bias"]) < 0.05
    explorer.controls["noise"].value = 0.0
    assert explorer.data["bias"] == 0.0 and explorer.redraws == 3
