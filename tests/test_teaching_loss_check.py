"""Tests of dqn_helpers.teaching.loss_check and .bugs: 04's TD-loss exercise names each classic bug."""

import functools
import itertools
import re

import pytest
import torch
import torch.nn.functional as F

from dqn_helpers import update
from dqn_helpers.teaching.bugs import BUGS, broken_td_loss
from dqn_helpers.teaching.loss_check import (
    GAMMA,
    check_double_dqn_target,
    check_td_loss,
    fingerprint,
)
from dqn_helpers.transitions import Batch
from dqn_helpers.update import td_loss


def verdict_of(check, function, capsys):
    ok = check(function)
    return ok, capsys.readouterr().out


def verdict(loss_fn, capsys):
    ok = check_td_loss(loss_fn)
    return ok, capsys.readouterr().out


def test_the_packages_loss_passes_every_case(capsys):
    ok, out = verdict(td_loss, capsys)
    assert ok and out.startswith("✓ TD loss: all 4 checks passed") and "Q = γ = 0.9" in out


def test_the_stub_is_not_attempted_yet(capsys):
    def my_td_loss(policy_net, target_net, batch, gamma):
        raise NotImplementedError

    ok, out = verdict(my_td_loss, capsys)
    assert not ok and out.startswith("… TD loss: not attempted yet")


@pytest.mark.filterwarnings("ignore:Using a target size")  # the broadcast bug: torch warns, as a learner would see
@pytest.mark.parametrize("bug", sorted(BUGS))
def test_each_classic_bug_is_named(bug, capsys):
    ok, out = verdict(broken_td_loss(bug), capsys)
    assert not ok and out.strip() == f"✗ TD loss: {BUGS[bug]}"


def test_the_known_case_tells_every_bug_apart():
    """Each bug changes the loss of the known batch, or its gradient, by a different amount.

    (Except gradient_into_target: its loss and policy gradient are right, and the check sees it apart.)
    """
    prints = {bug: fingerprint(broken_td_loss(bug)) for bug in BUGS if bug != "gradient_into_target"}
    prints["correct"] = fingerprint(td_loss)
    for (a, x), (b, y) in itertools.combinations(prints.items(), 2):
        assert abs(x[0] - y[0]) > 1e-3 or abs(x[1] - y[1]) > 1e-3, (a, b, x, y)
    assert prints["residual_gradient"][0] == prints["policy_net_target"][0]  # the same loss, another gradient


def test_the_squared_error_and_other_mistakes_are_told_apart(capsys):
    ok, out = verdict(functools.partial(td_loss, loss="mse"), capsys)
    assert not ok and "mean squared error; the tutorial's loss is Huber" in out

    def per_transition(policy_net, target_net, batch, gamma):  # forgot the mean
        q = policy_net(batch.states).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
        return F.smooth_l1_loss(q, torch.zeros_like(q), reduction="none")

    ok, out = verdict(per_transition, capsys)
    assert not ok and "it returned a tensor of shape (4,): return the batch's loss as one number" in out

    def detached(policy_net, target_net, batch, gamma):
        return td_loss(policy_net, target_net, batch, gamma).detach()

    ok, out = verdict(detached, capsys)
    assert not ok and "records no gradient" in out

    def off_by_gamma(policy_net, target_net, batch, gamma):
        return td_loss(policy_net, target_net, batch, gamma * 0.5)

    def global_gamma(policy_net, target_net, batch, gamma):  # the notebook's GAMMA = 0.99, not the argument
        return td_loss(policy_net, target_net, batch, 0.99)

    ok, out = verdict(global_gamma, capsys)
    assert not ok and "it used γ = 0.99: use the `gamma` argument" in out

    ok, out = verdict(off_by_gamma, capsys)
    assert not ok and "on a batch with known Q-values the loss should be 3.9000, got" in out


def test_a_loss_that_is_right_on_the_batch_but_learns_wrong_values_is_caught_by_the_probes(capsys):
    calls = {"n": 0}

    def right_once(policy_net, target_net, batch, gamma):  # right on the known batch, then halves every target
        calls["n"] += 1
        return td_loss(policy_net, target_net, batch, gamma if calls["n"] <= 2 else gamma / 2)

    ok, out = verdict(right_once, capsys)
    assert not ok and "trained on dqn_helpers/TwoStepProbe-v0, it learned Q =" in out


def test_broken_losses_are_named_and_only_known_bugs_exist():
    assert broken_td_loss("broadcast").__name__ == "td_loss_broadcast"
    assert "B × B" in broken_td_loss("broadcast").__doc__
    with pytest.raises(ValueError, match=r"bug must be one of \['broadcast', "):
        broken_td_loss("typo")
    assert GAMMA == 0.9


def double_target_solution(policy_net, target_net, next_states):
    with torch.no_grad():
        next_actions = policy_net(next_states).argmax(dim=1, keepdim=True)  # θ picks a'
        return target_net(next_states).gather(1, next_actions).squeeze(1)  # θ' values it


def test_the_double_dqn_target_check_passes_the_solution_and_the_package(capsys):
    ok, out = verdict_of(check_double_dqn_target, double_target_solution, capsys)
    assert ok and out.startswith("✓ Double DQN target: all 2 checks passed")

    def from_the_package(policy_net, target_net, next_states):  # td_loss's Double DQN branch, on the same numbers
        batch = Batch(next_states, torch.zeros(len(next_states), dtype=torch.long), next_states,
                      torch.zeros(len(next_states)), torch.zeros(len(next_states), dtype=torch.bool))  # fmt: skip
        captured = {}
        original = update.td_target

        def spy(rewards, next_q, terminated, gamma):
            captured["next_q"] = next_q
            return original(rewards, next_q, terminated, gamma)

        update.td_target = spy
        try:
            td_loss(policy_net, target_net, batch, 0.9, double_dqn=True)
        finally:
            update.td_target = original
        return captured["next_q"]

    ok, out = verdict_of(check_double_dqn_target, from_the_package, capsys)
    assert ok, out


@pytest.mark.parametrize(
    ("target", "hint"),
    [
        (lambda p, t, s: t(s).max(dim=1).values.detach(), "that is DQN's target, max_a'"),
        (lambda p, t, s: p(s).gather(1, t(s).argmax(dim=1, keepdim=True)).squeeze(1).detach(), "the roles are swapped"),
        (lambda p, t, s: p(s).max(dim=1).values.detach(), "that is the policy net's own max"),
        (lambda p, t, s: t(s).gather(1, p(s).argmax(dim=1, keepdim=True)).squeeze(1), "the target records gradients"),
        (lambda p, t, s: t(s).gather(1, p(s).argmax(dim=1, keepdim=True)).detach(), r"shape \(4, 1\)"),
        (lambda p, t, s: torch.zeros(4), r"expected \[5.0, 5.25, 4.0, 6.0\], got \[0.0, 0.0, 0.0, 0.0\]"),
    ],
)
def test_the_double_dqn_target_check_names_each_mistake(target, hint, capsys):
    ok, out = verdict_of(check_double_dqn_target, target, capsys)
    assert not ok and re.search(hint, out), out
