"""Tests of dqn_helpers.policy: the ε schedule, ε-greedy and greedy action choice, target-network updates."""

import math
import random
from collections import Counter

import pytest
import torch
from torch import nn

from dqn_helpers import DQN, epsilon_by_step, greedy_action, hard_update, select_action, soft_update


def test_epsilon_schedule_by_hand():
    assert epsilon_by_step(0, 0.9, 0.05, 1000) == pytest.approx(0.9)
    assert epsilon_by_step(1000, 0.9, 0.05, 1000) == pytest.approx(0.05 + 0.85 / math.e)
    assert epsilon_by_step(2000, 1.0, 0.0, 1000) == pytest.approx(math.exp(-2))
    assert epsilon_by_step(10**6, 0.9, 0.05, 1000) == pytest.approx(0.05)
    values = [epsilon_by_step(t) for t in range(0, 5000, 100)]
    assert values == sorted(values, reverse=True)


def test_epsilon_schedule_rejects_bad_input():
    with pytest.raises(ValueError, match="step must be a whole number >= 0, got -1"):
        epsilon_by_step(-1)
    with pytest.raises(ValueError, match=r"eps_decay must be a number > 0 \(steps\), got 0"):
        epsilon_by_step(5, eps_decay=0)


class Fixed(nn.Module):
    """A 'network' that always prefers action 1."""

    def forward(self, x):
        return torch.tensor([0.0, 1.0, -1.0])


def test_select_action_is_greedy_at_eps_zero_and_uniform_at_eps_one():
    rng = random.Random(0)
    assert {select_action(Fixed(), torch.zeros(4), 0.0, 3, rng) for _ in range(50)} == {1}
    counts = Counter(select_action(Fixed(), torch.zeros(4), 1.0, 3, rng) for _ in range(3000))
    assert set(counts) == {0, 1, 2} and all(800 < c < 1200 for c in counts.values())
    with pytest.raises(ValueError, match=r"eps must be a number in \[0, 1\] \(a probability\), got 1.5"):
        select_action(Fixed(), torch.zeros(4), 1.5, 3, rng)


def test_select_action_share_of_random_actions_matches_eps():
    rng = random.Random(1)
    n = 4000
    non_greedy = sum(select_action(Fixed(), torch.zeros(4), 0.3, 3, rng) != 1 for _ in range(n))
    # random with probability 0.3, and then a non-greedy action with probability 2/3 → 0.2
    assert abs(non_greedy / n - 0.2) < 0.03


def test_greedy_action_records_no_gradient():
    net = DQN(4, 2)
    assert greedy_action(net, torch.zeros(4)) in (0, 1)
    assert all(p.grad is None for p in net.parameters())


def constant_net(value: float) -> DQN:
    net = DQN(2, 2, hidden=3)
    with torch.no_grad():
        for p in net.parameters():
            p.fill_(value)
    return net


def test_soft_update_formula_by_hand():
    target, policy = constant_net(0.0), constant_net(1.0)
    soft_update(target, policy, 0.1)  # θ' = 0.1·1 + 0.9·0
    assert all(torch.allclose(p, torch.full_like(p, 0.1)) for p in target.parameters())
    soft_update(target, policy, 0.1)  # θ' = 0.1·1 + 0.9·0.1
    assert all(torch.allclose(p, torch.full_like(p, 0.19)) for p in target.parameters())
    assert all(torch.equal(p, torch.ones_like(p)) for p in policy.parameters())  # policy untouched


def test_soft_update_with_tau_one_is_a_hard_update():
    target, policy = constant_net(0.0), DQN(2, 2, hidden=3)
    soft_update(target, policy, 1.0)
    assert all(torch.allclose(t, p) for t, p in zip(target.parameters(), policy.parameters(), strict=True))


def test_hard_update_copies_and_keeps_them_independent():
    target, policy = constant_net(0.0), constant_net(2.0)
    hard_update(target, policy)
    assert all(torch.equal(p, torch.full_like(p, 2.0)) for p in target.parameters())
    with torch.no_grad():
        next(policy.parameters()).fill_(5.0)
    assert torch.equal(next(target.parameters()), torch.full_like(next(target.parameters()), 2.0))


@pytest.mark.parametrize("tau", [0.0, -0.5, 1.5])
def test_soft_update_rejects_tau_outside_0_1(tau):
    with pytest.raises(ValueError, match=rf"tau must be a number in \(0, 1\] \(1 = copy the policy net\), got {tau}"):
        soft_update(constant_net(0.0), constant_net(1.0), tau)


def test_soft_update_moves_the_target_in_place_and_leaves_the_policy_alone():
    target, policy = constant_net(0.0), constant_net(1.0)
    before = [id(p) for p in target.parameters()]
    soft_update(target, policy, 0.25)
    assert [id(p) for p in target.parameters()] == before  # the same tensors, changed in place
    assert all(torch.allclose(p, torch.full_like(p, 0.25)) for p in target.parameters())
    assert all(torch.equal(p, torch.ones_like(p)) for p in policy.parameters())


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"eps_start": 2.0}, r"eps_start must be a number in \[0, 1\] \(a probability\), got 2.0"),
        ({"eps_start": math.nan}, r"eps_start must be a number in \[0, 1\] \(a probability\), got nan"),
        ({"eps_start": "0.9"}, r"eps_start must be a number in \[0, 1\] \(a probability\), got '0.9'"),
        ({"eps_end": -1}, r"eps_end must be a number in \[0, 1\] \(a probability\), got -1"),
        ({"eps_end": None}, r"eps_end must be a number in \[0, 1\] \(a probability\), got None"),
    ],
)
def test_epsilon_schedule_refuses_probabilities_outside_0_1(kwargs, message):
    with pytest.raises(ValueError, match=message):
        epsilon_by_step(5, **kwargs)


def test_greedy_action_takes_one_state_in_either_of_the_tutorials_shapes():
    net = DQN(4, 2, hidden=8)
    assert greedy_action(net, torch.zeros(4)) == greedy_action(net, torch.zeros(1, 4))
    for batch in (torch.randn(3, 4), torch.zeros(0, 4)):
        with pytest.raises(ValueError, match=r"greedy_action takes one state, got states of shape .*argmax\(dim=1\)"):
            greedy_action(net, batch)
    with pytest.raises(TypeError, match=r"policy_net must be a network .* got NoneType"):
        greedy_action(None, torch.zeros(4))


def test_select_action_refuses_what_would_pick_an_impossible_action():
    net, state = DQN(4, 2, hidden=8), torch.zeros(4)
    for n_actions in (0, -3, 2.5, "2", 10**30):
        with pytest.raises(ValueError, match=rf"n_actions must be a whole number in 1 … 4_096, got {n_actions!r}"):
            select_action(net, state, 1.0, n_actions)
    with pytest.raises(ValueError, match="n_actions is 7, but policy_net gives 2 Q-values"):
        select_action(net, state, 0.0, 7)
    for rng in (0, object()):
        with pytest.raises(TypeError, match=r"rng must be a random.Random or None, got"):
            select_action(net, state, 0.5, 2, rng=rng)


@pytest.mark.parametrize("update", [lambda t, p: soft_update(t, p, 0.5), hard_update])
def test_target_updates_refuse_a_network_of_another_shape(update):
    with pytest.raises(ValueError, match=r"the target network must be a copy of the policy network .* got \[\(8, 4\)"):
        update(DQN(4, 2, hidden=8), DQN(4, 2, hidden=16))
    with pytest.raises(ValueError, match="must be a copy of the policy network"):
        update(DQN(4, 2, hidden=8), nn.Linear(4, 2))
    with pytest.raises(ValueError, match="must be a copy of the policy network"):
        update(DQN(4, 2, hidden=8), DQN(4, 2, hidden=8).double())
    with pytest.raises(TypeError, match=r"the target network must be a network .* got NoneType"):
        update(None, DQN(4, 2, hidden=8))
    with pytest.raises(TypeError, match=r"the policy network must be a network .* got str"):
        update(DQN(4, 2, hidden=8), "x")
