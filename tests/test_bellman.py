"""Tests of dqn_helpers.bellman: returns, Bellman targets, TD errors and the Huber loss against hand computation."""

import math

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from dqn_helpers import discounted_return, huber, td_error, td_target


def test_discounted_return_by_hand():
    assert discounted_return([1, 1, 1], 0.5) == 1 + 0.5 + 0.25
    assert discounted_return([0, 0, 10], 0.9) == pytest.approx(0.81 * 10)
    assert discounted_return([], 0.9) == 0.0
    assert discounted_return([3, 4], 0.0) == 3.0  # γ = 0: only the first reward counts


def test_discounted_return_of_a_long_cartpole_episode_approaches_the_geometric_limit():
    # 500 rewards of +1 with γ = 0.99: (1 − 0.99^500) / (1 − 0.99) ≈ 99.34, just under 1/(1−γ) = 100
    assert discounted_return([1.0] * 500, 0.99) == pytest.approx((1 - 0.99**500) / 0.01)


def test_td_target_terminated_does_not_bootstrap_but_truncated_does():
    terminated = td_target(1.0, 50.0, True, 0.99)
    truncated = td_target(1.0, 50.0, False, 0.99)  # the 500-step limit: the state still has value
    assert terminated.item() == 1.0
    assert truncated.item() == pytest.approx(1.0 + 0.99 * 50.0)


def test_td_target_on_a_batch():
    rewards = torch.tensor([1.0, 1.0, 0.0])
    next_q_max = torch.tensor([10.0, 10.0, 4.0])
    terminated = torch.tensor([False, True, False])
    assert torch.allclose(td_target(rewards, next_q_max, terminated, 0.5), torch.tensor([6.0, 1.0, 2.0]))


def test_td_error_sign_follows_the_tutorial():
    # δ = Q(s, a) − (r + γ max Q(s', a')): an overestimate is a positive error
    assert td_error(12.0, td_target(1.0, 10.0, False, 1.0)).item() == 1.0
    assert td_error(torch.tensor([0.0, 2.0]), torch.tensor([1.0, 1.0])).tolist() == [-1.0, 1.0]


@pytest.mark.parametrize("gamma", [-0.1, 1.5])
def test_gamma_outside_unit_interval_is_refused(gamma):
    with pytest.raises(ValueError, match=rf"gamma must be a number in \[0, 1\], got {gamma}"):
        td_target(1.0, 1.0, False, gamma)
    with pytest.raises(ValueError, match="gamma must be a number in"):
        discounted_return([1.0], gamma)


def test_huber_by_hand():
    delta = torch.tensor([0.0, 0.5, -1.0, 1.0, 3.0, -2.0])
    expected = torch.tensor([0.0, 0.125, 0.5, 0.5, 2.5, 1.5])
    assert torch.allclose(huber(delta), expected)


def test_huber_gradient_is_delta_inside_and_sign_outside():
    delta = torch.tensor([0.3, -0.7, 4.0, -9.0], requires_grad=True)
    huber(delta).sum().backward()
    assert torch.allclose(delta.grad, torch.tensor([0.3, -0.7, 1.0, -1.0]))


@given(st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=1, max_size=20))
def test_huber_equals_smooth_l1_with_beta_one(values):
    delta = torch.tensor(values, dtype=torch.float32)
    reference = torch.nn.SmoothL1Loss(reduction="none", beta=1.0)(delta, torch.zeros_like(delta))
    assert torch.allclose(huber(delta), reference)
    assert not math.isnan(huber(delta).sum().item())


@pytest.mark.parametrize(
    ("rewards", "error", "message"),
    [
        (None, TypeError, "rewards must be a list of numbers, got None"),
        (5, TypeError, "rewards must be a list of numbers, got 5"),
        ("123", TypeError, "rewards must be a list of numbers, got '123'"),
        (["a"], ValueError, r"rewards\[0\] must be a finite number, got 'a'"),
        ([1.0, math.nan], ValueError, r"rewards\[1\] must be a finite number, got nan"),
        ([math.inf, -math.inf], ValueError, r"rewards\[0\] must be a finite number, got inf"),
        ([10**400], ValueError, r"rewards\[0\] must be a finite number, got 1000"),
        ([1e308] * 3, ValueError, "the discounted return of these rewards is beyond a float's range, got inf"),
        (torch.ones(2, 2), ValueError, r"rewards\[0\] must be a finite number, got \[1.0, 1.0\]"),
    ],
)
def test_discounted_return_refuses_what_is_not_a_list_of_finite_rewards(rewards, error, message):
    with pytest.raises(error, match=message):
        discounted_return(rewards, 0.9)


def test_discounted_return_takes_tensors_and_arrays_of_rewards():
    assert discounted_return(torch.ones(3), 0.5) == discounted_return([1, 1, 1], 0.5) == 1.75


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: td_target("a", 1.0, False, 0.9),
            TypeError,
            "reward must be a number, a list of numbers or a tensor, got 'a'",
        ),
        (lambda: td_target(1.0, None, False, 0.9), TypeError, "next_q_max must be a number, .* got None"),
        (lambda: td_target(1.0, 1.0, "yes", 0.9), TypeError, "terminated must be a number, .* got 'yes'"),
        (lambda: td_target(1.0, 1.0, 2, 0.9), ValueError, r"terminated must be True or False \(or 1 or 0\), got 2"),
        (lambda: td_target(1.0, 1.0, -1.5, 0.9), ValueError, "terminated must be True or False"),
        (lambda: td_target([1, 2], [1, [2]], False, 0.9), TypeError, "next_q_max must be a number"),
        (lambda: td_error("a", 1.0), TypeError, "q_value must be a number, a list of numbers or a tensor, got 'a'"),
        (lambda: huber(None), TypeError, "delta must be a number, a list of numbers or a tensor, got None"),
        (lambda: huber(1j), TypeError, "delta must be a number, .* got 1j"),
    ],
)
def test_bellman_functions_name_the_argument_they_cannot_read(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_a_batch_of_mismatched_shapes_is_refused_not_broadcast():
    """A (B, 1) column beside a (B,) row would broadcast to a (B, B) matrix: the classic silent bug."""
    with pytest.raises(
        ValueError,
        match=r"reward, next_q_max, terminated must have the same shape .* got reward \(3,\), next_q_max \(3, 1\)",
    ):
        td_target(torch.ones(3), torch.ones(3, 1), False, 0.9)
    with pytest.raises(
        ValueError, match=r"reward, next_q_max, terminated must have the same shape .* next_q_max \(2,\)"
    ):
        td_target(torch.ones(3), torch.ones(2), torch.zeros(3), 0.9)
    with pytest.raises(
        ValueError, match=r"q_value, target must have the same shape .* q_value \(3,\), target \(3, 1\)"
    ):
        td_error(torch.ones(3), torch.ones(3, 1))
    assert td_target(torch.ones(3), 2.0, torch.tensor([True, False, True]), 0.5).tolist() == [1.0, 2.0, 1.0]
