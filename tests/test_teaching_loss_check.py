"""Tests of dqn_helpers.teaching.loss_check and .bugs: 04's TD-loss exercise names each classic bug."""

import functools
import itertools

import pytest
import torch
import torch.nn.functional as F

from dqn_helpers.teaching.bugs import BUGS, broken_td_loss
from dqn_helpers.teaching.loss_check import GAMMA, _value_of, check_td_loss, known_case
from dqn_helpers.update import td_loss


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
    """Each bug changes the loss of the known batch by a different amount (except the gradient, checked apart)."""
    values = {bug: _value_of(broken_td_loss(bug), *known_case()) for bug in BUGS if bug != "gradient_into_target"}
    values["correct"] = _value_of(td_loss, *known_case())
    ordered = sorted(values.values())
    assert min(b - a for a, b in itertools.pairwise(ordered)) > 1e-3, values


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
