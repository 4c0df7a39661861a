"""Tests of dqn_helpers.update: one DQN update against hand-computed targets, and what it refuses."""

import math

import pytest
import torch

from dqn_helpers import DQN, get_preset, optimize_model
from dqn_helpers.transitions import Batch, Transition, stack_transitions
from dqn_helpers.update import make_optimizer, make_scheduler


def linear_net(weight: list[float], bias: list[float]) -> torch.nn.Linear:
    """Q(s) = weight · s + bias for a one-number state and two actions."""
    net = torch.nn.Linear(1, 2)
    with torch.no_grad():
        net.weight.copy_(torch.tensor(weight).unsqueeze(1))
        net.bias.copy_(torch.tensor(bias))
    return net


# One transition s=0 → s'=1, a=0, r=0, not terminated. The policy net says Q(s) = [4, 0] and
# Q(s') = [1, 2] (so it prefers a'=1); the target net says Q'(s') = [5, 3].
BATCH = Batch(
    states=torch.tensor([[0.0]]),
    actions=torch.tensor([0]),
    next_states=torch.tensor([[1.0]]),
    rewards=torch.tensor([0.0]),
    terminated=torch.tensor([False]),
)


# vanilla: max_a' Q'(s', a') = 5; Double DQN: Q'(s', argmax_a' Q(s', a')) = Q'(s', 1) = 3
@pytest.mark.parametrize(("double_dqn", "target"), [(False, 5.0), (True, 3.0)])
def test_double_dqn_lets_the_policy_net_pick_and_the_target_net_value(double_dqn, target):
    policy_net, target_net = linear_net([-3.0, 2.0], [4.0, 0.0]), linear_net([0.0, 0.0], [5.0, 3.0])
    optimizer = torch.optim.SGD(policy_net.parameters(), lr=0.0)
    loss, mean_max_q = optimize_model(policy_net, target_net, optimizer, BATCH, gamma=1.0, double_dqn=double_dqn)
    delta = 4.0 - target  # Q(s, a=0) - y with y = 0 + 1 · target
    assert loss == pytest.approx(abs(delta) - 0.5 if abs(delta) > 1 else 0.5 * delta**2)
    assert mean_max_q == pytest.approx(4.0)


def test_grad_clip_norm_bounds_the_length_of_the_whole_gradient():
    policy_net, target_net = linear_net([-3.0, 2.0], [40.0, 0.0]), linear_net([0.0, 0.0], [5.0, 3.0])
    before = torch.cat([p.detach().flatten().clone() for p in policy_net.parameters()])
    optimizer = torch.optim.SGD(policy_net.parameters(), lr=1.0)  # a step of -gradient
    optimize_model(policy_net, target_net, optimizer, BATCH, gamma=1.0, grad_clip_value=None, grad_clip_norm=0.25)
    after = torch.cat([p.detach().flatten() for p in policy_net.parameters()])
    # unclipped, the Huber gradient of Q(s, 0) = b_0 is 1 (δ = 35 > 1): clipping shrinks it to 0.25
    assert torch.linalg.vector_norm(after - before).item() == pytest.approx(0.25)


def cartpole_batch(**changes) -> Batch:
    """Four CartPole-shaped transitions, with some columns replaced."""
    batch = Batch(
        states=torch.zeros(4, 4),
        actions=torch.tensor([0, 1, 0, 1]),
        next_states=torch.ones(4, 4),
        rewards=torch.ones(4),
        terminated=torch.tensor([False, False, True, False]),
    )
    return batch._replace(**changes)


def weights(net):
    return [p.detach().clone() for p in net.parameters()]


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"grad_clip_value": -1}, ValueError, "grad_clip_value must be a number > 0 or None, got -1"),
        ({"grad_clip_value": 0}, ValueError, "grad_clip_value must be a number > 0 or None, got 0"),
        ({"grad_clip_value": math.nan}, ValueError, "grad_clip_value must be a number > 0 or None, got nan"),
        ({"grad_clip_value": "1"}, ValueError, "grad_clip_value must be a number > 0 or None, got '1'"),
        ({"grad_clip_norm": 0}, ValueError, "grad_clip_norm must be a number > 0 or None, got 0"),
        ({"double_dqn": "no"}, ValueError, "double_dqn must be True or False, got 'no'"),
        ({"loss": "l1"}, ValueError, r"loss must be one of \['huber', 'mse'\], got 'l1'"),
        ({"gamma": 1.5}, ValueError, r"gamma must be a number in \[0, 1\], got 1.5"),
        ({"batch": None}, TypeError, "batch must be a Batch of tensors .* got None"),
        ({"batch": ([0.0] * 4, [0], [1.0] * 4, [1.0], [False])}, TypeError, "batch must be a Batch of tensors"),
        (
            {"batch": cartpole_batch(actions=torch.tensor([0, 5, 0, 1]))},
            ValueError,
            r"batch.actions must be in 0 … 1 \(policy_net gives 2 Q-values\), got 5",
        ),
        (
            {"batch": cartpole_batch(actions=torch.tensor([0, -1, 0, 1]))},
            ValueError,
            r"actions must be whole numbers >= 0, got \[0, -1, 0, 1\]",
        ),
        ({"batch": cartpole_batch(actions=torch.tensor([0.0, 1.0, 0.0, 1.0]))}, ValueError, "actions torch.float32"),
        (
            {"batch": cartpole_batch(rewards=torch.tensor([math.nan, 1.0, 1.0, 1.0]))},
            ValueError,
            r"rewards must be finite numbers, got \[nan",
        ),
        (
            {"batch": cartpole_batch(rewards=torch.ones(3))},
            ValueError,
            r"a batch must hold B >= 1 rows: .* rewards torch.float32 \(3,\)",
        ),
        (
            {
                "batch": Batch(
                    torch.zeros(0, 4),
                    torch.zeros(0, dtype=torch.int64),
                    torch.zeros(0, 4),
                    torch.zeros(0),
                    torch.zeros(0, dtype=torch.bool),
                )
            },
            ValueError,
            "a batch must hold B >= 1 rows",
        ),
        ({"optimizer": None}, TypeError, "optimizer must be a torch.optim.Optimizer, got NoneType"),
        (
            {"target_net": DQN(4, 3, hidden=8)},
            ValueError,
            r"target_net gives Q-values of shape \(4, 3\), policy_net \(4, 2\)",
        ),
        ({"target_net": "x"}, TypeError, "target_net must be a network .* got str"),
    ],
)
def test_optimize_model_refuses_bad_arguments_and_changes_nothing(change, error, message):
    torch.manual_seed(0)
    policy_net, target_net = DQN(4, 2, hidden=8), DQN(4, 2, hidden=8)
    arguments = {
        "policy_net": policy_net, "target_net": target_net, "batch": cartpole_batch(), "gamma": 0.9,
        "optimizer": torch.optim.SGD(policy_net.parameters(), lr=0.1),
    }  # fmt: skip
    arguments.update(change)
    before = weights(policy_net)
    with pytest.raises(error, match=message):
        optimize_model(**arguments)
    assert all(torch.equal(a, b) for a, b in zip(before, weights(policy_net), strict=True))


def test_stack_transitions_checks_what_it_stacks():
    good = Transition([0.0, 1.0], 1, [2.0, 3.0], 1.0)
    for transitions, message in [
        (None, "needs a list of one or more transitions, got None"),
        ([Transition([0.0, 1.0], 0, [1.0, 2.0, 3.0], 1.0)], r"next_states torch.float32 \(1, 3\)"),
        ([good, Transition([0.0, 1.0, 2.0], 0, None, 1.0)], "cannot stack these transitions"),
        ([Transition([0.0, 1.0], "left", [1.0, 2.0], 1.0)], "cannot stack these transitions"),
        ([Transition([0.0, 1.0], 1.7, [1.0, 2.0], 1.0)], r"actions torch.float32 \(1,\)"),
        ([Transition([0.0, 1.0], -5, [1.0, 2.0], 1.0)], r"actions must be whole numbers >= 0, got \[-5\]"),
        ([Transition([0.0, 1.0], 0, [1.0, 2.0], math.nan)], r"rewards must be finite numbers, got \[nan\]"),
        ([Transition([math.nan, 1.0], 0, [1.0, 2.0], 1.0)], "states must be finite numbers"),
        ([Transition([], 0, None, 1.0)], "a batch must hold B >= 1 rows"),
        ([(1, 2)], "cannot stack these transitions"),
    ]:
        with pytest.raises(ValueError, match=message):
            stack_transitions(transitions)
    assert stack_transitions([good, good]).actions.tolist() == [1, 1]


def test_the_optimizer_and_scheduler_name_a_wrong_argument():
    config = get_preset("default")
    with pytest.raises(TypeError, match=r"policy_net must be a network .* got NoneType"):
        make_optimizer(None, config)
    with pytest.raises(TypeError, match=r"config must be a DQNConfig \(e.g. get_preset\('default'\)\), got str"):
        make_optimizer(DQN(4, 2, hidden=8), "tutorial")
    with pytest.raises(TypeError, match=r"optimizer must be a torch.optim.Optimizer, got str"):
        make_scheduler("adam", config)
