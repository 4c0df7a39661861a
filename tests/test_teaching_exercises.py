"""Tests of dqn_helpers.teaching.exercises: self-checks pass right answers, name mistakes, spot untouched stubs."""

import random

import pytest
import torch

from dqn_helpers import epsilon_by_step, soft_update, td_target
from dqn_helpers.replay import Batch
from dqn_helpers.teaching.exercises import (
    check_epsilon_by_step,
    check_lean_policy,
    check_sample,
    check_soft_update,
    check_td_target,
)


def stub(*_args):
    raise NotImplementedError


def verdict(check, fn, capsys):
    ok = check(fn)
    return ok, capsys.readouterr().out


@pytest.mark.parametrize(
    "check",
    [check_lean_policy, check_sample, check_td_target, check_epsilon_by_step, check_soft_update],
)
def test_an_untouched_stub_is_not_attempted_yet(check, capsys):
    ok, out = verdict(check, stub, capsys)
    assert not ok and "not attempted yet" in out


def test_correct_answers_pass(capsys):
    assert check_td_target(td_target)
    assert check_epsilon_by_step(epsilon_by_step)
    assert check_soft_update(soft_update)
    assert check_sample(lambda memory, batch_size: memory.sample(batch_size))
    assert check_lean_policy(lambda obs: int(obs[2] > 0))
    assert capsys.readouterr().out.count("✓") == 5


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda r, q, t, g: r + g * q, "After termination there is no future"),
        (lambda r, q, t, g: r + q * (1 - t), "y = r + γ·max Q(s')"),
        (lambda r, q, t, g: r if t else r + g * q, "Boolean value of Tensor"),  # an `if` cannot handle a batch
    ],
)
def test_td_target_mistakes_are_named(wrong, hint, capsys):
    ok, out = verdict(check_td_target, wrong, capsys)
    assert not ok and "✗" in out and hint in out


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda t, s, e, d: e + (s - e) * (1 - t / d), "after EPS_DECAY steps"),
        (lambda t, s, e, d: s * 2.718281828 ** (-t / d), "after EPS_DECAY steps"),
    ],
)
def test_epsilon_mistakes_are_named(wrong, hint, capsys):
    ok, out = verdict(check_epsilon_by_step, wrong, capsys)
    assert not ok and hint in out


def columns(memory):
    return memory.states, memory.actions, memory.next_states, memory.rewards, memory.terminated


def from_capacity(memory, batch_size):  # a classic bug: rows that were never filled
    rows = torch.randperm(memory.capacity)[:batch_size]
    return Batch(*(c[rows] for c in columns(memory)))


def with_replacement(memory, batch_size):
    rows = torch.randint(0, len(memory), (batch_size,))
    return Batch(*(c[rows] for c in columns(memory)))


def first_rows(memory, batch_size):
    if batch_size > len(memory):
        raise ValueError("too many")
    rows = torch.arange(batch_size)
    return Batch(*(c[rows] for c in columns(memory)))


def mixed_rows(memory, batch_size):
    return Batch(*(c[torch.randperm(len(memory))[:batch_size]] for c in columns(memory)))


def no_error(memory, batch_size):
    rows = torch.randperm(len(memory))[: min(batch_size, len(memory))]
    return Batch(*(c[rows] for c in columns(memory)))


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (from_capacity, "only rows 0 … 29 hold transitions"),
        (with_replacement, "repeats a transition"),
        (first_rows, "sample uniformly"),
        (mixed_rows, "mixes different transitions"),
        (no_error, "must raise ValueError"),
        (lambda memory, batch_size: random.sample(memory.transitions(), batch_size), "expected a Batch"),
    ],
)
def test_sample_mistakes_are_named(wrong, hint, capsys):
    ok, out = verdict(check_sample, wrong, capsys)
    assert not ok and hint in out


def rebuild(target, policy, tau):  # the tutorial's way, but returning a new dict instead of loading it
    return {k: tau * v + (1 - tau) * target.state_dict()[k] for k, v in policy.state_dict().items()}


def swapped(target, policy, tau):
    with torch.no_grad():
        for t, p in zip(target.parameters(), policy.parameters(), strict=True):
            t.copy_((1 - tau) * p + tau * t)


def moves_policy(target, policy, tau):
    with torch.no_grad():
        for t, p in zip(target.parameters(), policy.parameters(), strict=True):
            t.lerp_(p, tau)
            p.mul_(1.0)
            p.add_(0.001)


def replaces(target, policy, tau):
    for name, module in (("layer1", target.layer1), ("layer2", target.layer2), ("layer3", target.layer3)):
        source = getattr(policy, name)
        module.weight = torch.nn.Parameter(tau * source.weight.detach() + (1 - tau) * module.weight.detach())
        module.bias = torch.nn.Parameter(tau * source.bias.detach() + (1 - tau) * module.bias.detach())


def with_grad(target, policy, tau):
    for t, p in zip(target.parameters(), policy.parameters(), strict=True):
        t.mul_(1 - tau).add_(tau * p)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (rebuild, "expected τ·θ + (1 − τ)·θ'"),
        (swapped, "expected τ·θ + (1 − τ)·θ'"),
        (moves_policy, "the policy network's layer1.weight changed"),
        (replaces, "is a new tensor"),
        (with_grad, "use torch.no_grad()"),
    ],
)
def test_soft_update_mistakes_are_named(wrong, hint, capsys):
    ok, out = verdict(check_soft_update, wrong, capsys)
    assert not ok and hint in out


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda obs: int(obs[2] < 0), "your policy pushes left"),
        (lambda obs: 2, "returned 2"),
        (lambda obs: int(obs[0] > 100), "your policy pushes left"),
    ],
)
def test_lean_policy_mistakes_are_named(wrong, hint, capsys):
    ok, out = verdict(check_lean_policy, wrong, capsys)
    assert not ok and hint in out


@pytest.mark.parametrize(("episodes", "shown"), [(0, "0"), ("5", "'5'"), (2.5, "2.5"), (10**6, "1000000")])
def test_the_checks_own_episodes_are_refused_before_the_learners_policy_runs(episodes, shown, capsys):
    with pytest.raises(ValueError, match=f"episodes must be a whole number in 1 … 10_000, got {shown}"):
        check_lean_policy(lambda obs: int(obs[2] > 0), episodes)
    assert capsys.readouterr().out == ""  # no ✗ line blaming the learner's function


def test_an_answer_that_is_not_a_number_is_wrong_not_a_crash(capsys):
    for answer, shown in (("ten", "'ten'"), (torch.ones(2), "tensor([1., 1.])"), (None, "None")):
        ok, out = verdict(check_td_target, lambda *_args, answer=answer: answer, capsys)
        assert not ok and f"expected a number close to 10, got {shown}" in out and "raised" not in out
