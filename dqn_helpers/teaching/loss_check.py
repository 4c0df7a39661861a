r"""04's central exercise: the self-check of a learner's TD loss, :func:`check_td_loss`.

The loss of one batch (:data:`~dqn_helpers.update.TDLoss`): ``td_loss(policy_net, target_net, batch,
gamma)`` returns the mean Huber loss of :math:`Q_\theta(s, a) - y`, with
:math:`y = r + \gamma (1 - \text{terminated}) \max_{a'} Q_{\theta'}(s', a')`. The check runs it on a
small batch whose every number is known, names the classic bug it sees
(:data:`~dqn_helpers.teaching.bugs.BUGS`), then trains on the probe environments, whose Q-values are
known: 1 for the one-step probe, γ and 1 for the two-step probe.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator

import torch
from torch import nn

from dqn_helpers.config import DQNConfig
from dqn_helpers.envs import ONE_STEP_PROBE_ID, TWO_STEP_PROBE_ID
from dqn_helpers.language import N_, _
from dqn_helpers.teaching.bugs import BUGS, broken_td_loss
from dqn_helpers.teaching.selfcheck import Wrong, run_check
from dqn_helpers.transitions import Batch
from dqn_helpers.update import TDLoss, td_loss

GAMMA = 0.9
PROBE = {"batch_size": 16, "memory_capacity": 500, "hidden": 16, "lr": 3e-3, "tau": 0.1, "num_episodes": 300}


def linear_net(weight: list[float], bias: list[float]) -> nn.Linear:
    """Q(s) = weight · s + bias for a one-number state and two actions: every Q-value is known."""
    net = nn.Linear(1, 2)
    with torch.no_grad():
        net.weight.copy_(torch.tensor(weight).unsqueeze(1))
        net.bias.copy_(torch.tensor(bias))
    return net


def known_case() -> tuple[nn.Module, nn.Module, Batch]:
    """Two networks and four transitions (one terminated, one truncated) on which every bug gives another loss."""
    policy_net = linear_net([-3.0, 2.0], [4.0, 0.0])  # Q(s) = (4 − 3s, 2s)
    target_net = linear_net([0.5, 1.0], [5.0, 3.0])  # Q'(s) = (5 + s/2, 3 + s)
    batch = Batch(
        states=torch.tensor([[0.0], [1.0], [2.0], [3.0]]),
        actions=torch.tensor([0, 1, 1, 0]),
        next_states=torch.tensor([[1.0], [2.0], [3.0], [4.0]]),
        rewards=torch.tensor([1.0, 1.0, 1.0, 0.5]),
        terminated=torch.tensor([False, True, False, False]),
        truncated=torch.tensor([False, False, True, False]),
    )
    return policy_net, target_net, batch


def _value_of(loss_fn: TDLoss, policy_net: nn.Module, target_net: nn.Module, batch: Batch) -> float:
    with warnings.catch_warnings():  # the broadcast bug makes torch warn about sizes
        warnings.simplefilter("ignore")
        return float(loss_fn(policy_net, target_net, batch, GAMMA))


def fingerprint(loss_fn: TDLoss) -> tuple[float, float]:
    """The loss on :func:`known_case` and the sum of its gradient in the policy net (two bugs share the value)."""
    policy_net, target_net, batch = known_case()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = loss_fn(policy_net, target_net, batch, GAMMA)
    value.backward()
    return float(value), _gradient_sum(policy_net)


def _gradient_sum(net: nn.Module) -> float:
    return float(sum(p.grad.sum() for p in net.parameters() if p.grad is not None))


def check_td_loss(loss_fn: TDLoss) -> bool:
    """04: ``loss_fn(policy_net, target_net, batch, gamma)`` must be the tutorial's TD loss of the batch."""

    def cases() -> Iterator[str]:
        policy_net, target_net, batch = known_case()
        got = loss_fn(policy_net, target_net, batch, GAMMA)
        if not isinstance(got, torch.Tensor):
            message = _("it returned {value}: return the batch's loss as one number, the mean over the batch")
            raise Wrong(message.format(value=repr(got)))
        if got.dim() != 0:
            message = _(
                "it returned a tensor of shape {shape}: return the batch's loss as one number, the mean over the batch"
            )
            raise Wrong(message.format(shape=tuple(got.shape)))
        if not got.requires_grad:
            raise Wrong(
                _("its loss records no gradient: Q_θ(s, a) must be computed with gradients on (only y without)")
            )
        yield _("one number with a gradient")
        got.backward()
        if any(p.grad is not None and p.grad.abs().sum() > 0 for p in target_net.parameters()):
            hint = BUGS["gradient_into_target"]  # (not inside _(): the catalog would take the key for a message)
            raise Wrong(_(hint))
        yield _("no gradient into the target network")
        expected = _value_of(td_loss, *known_case())
        value, gradient = float(got), _gradient_sum(policy_net)
        if abs(value - expected) > 1e-4:
            for bug, hint in BUGS.items():
                bug_value, bug_gradient = fingerprint(broken_td_loss(bug))
                if abs(value - bug_value) <= 1e-4 and abs(gradient - bug_gradient) <= 1e-4:
                    raise Wrong(_(hint))
            if abs(value - _value_of(lambda *a: td_loss(*a, loss="mse"), *known_case())) <= 1e-4:
                raise Wrong(_("that is the mean squared error; the tutorial's loss is Huber: F.smooth_l1_loss"))
            if abs(value - _value_of(lambda p, t, b, _g: td_loss(p, t, b, 0.99), *known_case())) <= 1e-4:
                message = _("it used γ = 0.99: use the `gamma` argument (the check passes gamma = {gamma})")
                raise Wrong(message.format(gamma=GAMMA))
            message = _("on a batch with known Q-values the loss should be {expected:.4f}, got {got:.4f}")
            raise Wrong(message.format(expected=expected, got=value))
        yield _("the loss of a batch with a terminated and a truncated step")
        from dqn_helpers.training import train  # here: only this part of the check trains

        for env_id, state, want in ((ONE_STEP_PROBE_ID, 0.0, 1.0), (TWO_STEP_PROBE_ID, 0.0, GAMMA)):
            config = DQNConfig(env_id=env_id, gamma=GAMMA, eval_episodes=0, **PROBE)  # type: ignore[arg-type]
            net = train(config, seed=0, loss_fn=loss_fn).policy_net
            assert net is not None
            learned = float(net(torch.tensor([state])))
            if abs(learned - want) > 0.05:
                message = _("trained on {env_id}, it learned Q = {learned:.3f} for the first state, not {expected:g}")
                raise Wrong(message.format(env_id=env_id, learned=learned, expected=want))
        yield _("trained on the probes, it learns Q = 1 and Q = γ = {gamma}").format(gamma=GAMMA)

    return run_check(_("TD loss"), cases)


DOUBLE_STATES = torch.tensor([[0.0], [0.5], [1.0], [3.0]])  # the policy net of known_case() picks 0, 0, 1, 1 here
DOUBLE_MISTAKES = {  # what else a Double DQN target could be by mistake, and what to say (show it with _())
    "max_target": (lambda q, q_target: q_target.max(dim=1).values, N_("that is DQN's target, max_a' Q_θ'(s', a'): "
                   "let the policy net pick a', then read that action's value from the target net")),
    "swapped": (lambda q, q_target: q.gather(1, q_target.argmax(dim=1, keepdim=True)).squeeze(1),
                N_("the roles are swapped: the policy net θ picks a' (argmax), the target net θ' values it")),
    "max_policy": (lambda q, q_target: q.max(dim=1).values, N_("that is the policy net's own max: value a' with "
                   "the target net, Q_θ'(s', a')")),
}  # fmt: skip


def check_double_dqn_target(double_target: Callable[[nn.Module, nn.Module, torch.Tensor], torch.Tensor]) -> bool:
    """06: ``double_target(policy_net, target_net, next_states)`` must be Q_θ'(s', argmax_a' Q_θ(s', a')), (B,)."""

    def cases() -> Iterator[str]:
        policy_net, target_net, _batch = known_case()
        got = double_target(policy_net, target_net, DOUBLE_STATES)
        if not isinstance(got, torch.Tensor):
            message = _("it returned {value}: return one value per next state, shape (B,) (`.squeeze(1)` after gather)")
            raise Wrong(message.format(value=repr(got)))
        if got.shape != (len(DOUBLE_STATES),):
            message = _(
                "it returned a tensor of shape {shape}: return one value per next state, shape (B,) "
                "(`.squeeze(1)` after gather)"
            )
            raise Wrong(message.format(shape=tuple(got.shape)))
        if got.requires_grad:
            raise Wrong(_("the target records gradients: compute it under `torch.no_grad()`, it is a constant"))
        yield _("one value per next state, no gradient")
        with torch.no_grad():
            q, q_target = policy_net(DOUBLE_STATES), target_net(DOUBLE_STATES)
        expected = torch.tensor([5.0, 5.25, 4.0, 6.0])  # Q'(s) = (5 + s/2, 3 + s) at the actions 0, 0, 1, 1
        if not torch.allclose(got.float(), expected, atol=1e-5):
            for mistake, hint in DOUBLE_MISTAKES.values():
                if torch.allclose(got.float(), mistake(q, q_target), atol=1e-5):
                    raise Wrong(_(hint))
            message = _("on four next states with known Q-values expected {expected}, got {got}")
            raise Wrong(message.format(expected=expected.tolist(), got=got.tolist()))
        yield _("the target net's value of the action the policy net picks")

    return run_check(_("Double DQN target"), cases)
