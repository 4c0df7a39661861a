"""Tests of dqn_helpers.teaching.chain: the chain world of notebook 02, exact Q* and tabular TD learning."""

import numpy as np
import pytest

from dqn_helpers.teaching.chain import LEFT, RIGHT, chain_step, exact_q_values, td_learning


def test_chain_steps():
    assert chain_step(0, LEFT, 3) == (0, 0.0, False)  # the left wall
    assert chain_step(1, LEFT, 3) == (0, 0.0, False)
    assert chain_step(1, RIGHT, 3) == (2, 0.0, False)
    assert chain_step(2, RIGHT, 3) == (2, 1.0, True)  # the goal
    with pytest.raises(ValueError, match=r"action must be 0 .* or 1"):
        chain_step(0, 2, 3)
    with pytest.raises(ValueError, match="state must be in 0 … 2, got 3"):
        chain_step(3, LEFT, 3)


@pytest.mark.parametrize("n, gamma", [(1, 0.5), (3, 0.9), (6, 0.99)])
def test_exact_q_values_match_the_closed_form(n, gamma):
    q = exact_q_values(n, gamma)
    v = gamma ** (n - 1 - np.arange(n))  # V*(i) = γ^(n-1-i)
    np.testing.assert_allclose(q[:, RIGHT], v)
    np.testing.assert_allclose(q[:, LEFT], gamma * v[np.maximum(np.arange(n) - 1, 0)])


def test_hand_computed_three_state_chain():
    q = exact_q_values(3, 0.5)
    np.testing.assert_allclose(q, [[0.125, 0.25], [0.125, 0.5], [0.25, 1.0]])


def test_td_learning_converges_to_exact_q():
    run = td_learning(n=5, gamma=0.9, alpha=0.5, episodes=200, seed=0)
    np.testing.assert_allclose(run.q, exact_q_values(5, 0.9), atol=1e-5)
    assert len(run.max_error) == len(run.q_history) == 200
    assert run.max_error[0] > 0.1 and run.max_error[-1] < 1e-5
    assert td_learning(seed=0).max_error == run.max_error  # reproducible


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n": 0}, "n .* must be a whole number >= 1, got 0"),
        ({"gamma": 1.0}, r"gamma must be in \[0, 1\) for the chain, got 1.0"),
        ({"alpha": 0.0}, r"alpha .* must be in \(0, 1\], got 0.0"),
    ],
)
def test_bad_arguments_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        td_learning(**kwargs)
