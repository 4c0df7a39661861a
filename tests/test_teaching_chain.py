"""Tests of dqn_helpers.teaching.chain: the chain world of notebook 02, exact Q* and tabular TD learning."""

import re

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


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: exact_q_values(5, 0.9, tol=-1.0), "tol must be a number in (0, 1] (the largest change"),
        (lambda: exact_q_values(5, 0.9, tol=float("nan")), "tol must be a number in (0, 1] (the largest change"),
        (lambda: exact_q_values(5, 0.9, tol="x"), "tol must be a number in (0, 1] (the largest change"),
        (lambda: exact_q_values(5, "0.9"), "gamma must be in [0, 1) for the chain, got '0.9'"),
        (lambda: exact_q_values(5, None), "gamma must be in [0, 1) for the chain, got None"),
        (lambda: exact_q_values(5, float("nan")), "gamma must be in [0, 1) for the chain, got nan"),
        (
            lambda: exact_q_values(10**6, 0.9),
            "n (the number of states) must be at most 200 (a tiny chain), got 1000000",
        ),
        (lambda: chain_step(1.5, RIGHT, 5), "state must be in 0 … 4, got 1.5"),
        (lambda: chain_step("0", RIGHT, 5), "state must be in 0 … 4, got '0'"),
        (lambda: chain_step(0, True, 5), "action must be 0 (left) or 1 (right), got True"),
        (lambda: chain_step(0, np.array([1]), 5), "action must be 0 (left) or 1 (right), got array([1])"),
        (lambda: chain_step(4, RIGHT, 5.5), "n (the number of states) must be a whole number >= 1, got 5.5"),
        (lambda: td_learning(episodes=-1), "episodes must be a whole number in 1 … 10_000, got -1"),
        (lambda: td_learning(episodes=2.5), "episodes must be a whole number in 1 … 10_000, got 2.5"),
        (lambda: td_learning(episodes=10**12), "episodes must be a whole number in 1 … 10_000, got 1000000000000"),
        (lambda: td_learning(max_steps=0), "max_steps must be a whole number in 1 … 1_000, got 0"),
        (lambda: td_learning(max_steps="50"), "max_steps must be a whole number in 1 … 1_000, got '50'"),
        (lambda: td_learning(alpha="0.5"), "alpha (the step size) must be in (0, 1], got '0.5'"),
        (lambda: td_learning(alpha=None), "alpha (the step size) must be in (0, 1], got None"),
        (lambda: td_learning(seed=-1), "seed must be a whole number in 0 … 4_294_967_295, got -1"),
        (lambda: td_learning(seed="a"), "seed must be a whole number in 0 … 4_294_967_295, got 'a'"),
        (lambda: td_learning(seed=1.5), "seed must be a whole number in 0 … 4_294_967_295, got 1.5"),
    ],
)
def test_bad_values_of_every_argument_are_refused_by_name(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


def test_numpy_numbers_are_numbers():
    np.testing.assert_allclose(exact_q_values(np.int64(3), np.float64(0.5)), exact_q_values(3, 0.5))
    assert chain_step(np.int64(2), np.int64(RIGHT), np.int64(3)) == (2, 1.0, True)
    run = td_learning(
        n=np.int64(3), gamma=np.float32(0.5), alpha=np.float64(0.5), episodes=np.int64(3), seed=np.uint32(1)
    )
    assert len(run.max_error) == 3
