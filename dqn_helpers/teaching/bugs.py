r"""The classic bugs of a DQN update, each planted in an otherwise correct TD loss.

:func:`broken_td_loss` returns the tutorial's loss (mean Huber of :math:`Q_\theta(s, a) - y`) with
one bug from :data:`BUGS`. The self-check of notebook 04 (:func:`~dqn_helpers.teaching.loss_check.check_td_loss`)
compares a learner's loss with each of them to name the bug it sees, and :func:`~dqn_helpers.training.train`
can train with them (``loss_fn=broken_td_loss("…")``) to show what each does to a run.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from dqn_helpers import checks
from dqn_helpers.language import N_
from dqn_helpers.transitions import Batch
from dqn_helpers.update import TDLoss

BUGS = {
    "ignores_terminated": N_(
        "it bootstraps after the pole fell: use (1 - terminated) so a terminated step's target is just r"
    ),
    "truncation_as_termination": N_(
        "it stops bootstrapping at the time limit too: only `batch.terminated` ends the "
        "future; a truncated step still has the value max Q'(s', a')"
    ),
    "gradient_into_target": N_(
        "gradients flow into the target: compute the target under `torch.no_grad()` (or "
        "`.detach()` it), it is a constant to move towards"
    ),
    "gather_wrong_dim": N_(
        "`gather` picks along the wrong dimension: `q_values.gather(1, actions.unsqueeze(1))` "
        "picks, in each row, the column of that row's action"
    ),
    "broadcast": N_(
        "a (B, 1) column minus a (B,) row broadcasts to a B × B matrix: `.squeeze(1)` the gathered "
        "Q-values so both are (B,)"
    ),
    "policy_net_target": N_(
        "the target uses the policy network: compute max Q'(s', a') with `target_net`, the slowly moving copy"
    ),
    "residual_gradient": N_(
        "the target uses the policy network, and gradients flow through it: use `target_net` "
        "under `torch.no_grad()`, so that the update moves Q(s, a) towards y and not y towards Q(s, a)"
    ),
}
"""Each bug's name and the hint a learner gets when their loss matches it (in English: show it with ``_()``)."""


def broken_td_loss(bug: str) -> TDLoss:
    """The tutorial's TD loss with ``bug`` (a key of :data:`BUGS`) planted in it."""
    checks.one_of("bug", bug, BUGS)

    def loss(policy_net: nn.Module, target_net: nn.Module, batch: Batch, gamma: float) -> torch.Tensor:
        q_values = policy_net(batch.states)  # (B, n_actions)
        picked = q_values.gather(0 if bug == "gather_wrong_dim" else 1, batch.actions.unsqueeze(1))  # (B, 1)
        state_action_values = picked if bug == "broadcast" else picked.squeeze(1)  # (B,), or (B, 1) for the bug
        with torch.set_grad_enabled(bug in ("gradient_into_target", "residual_gradient")):
            next_net = policy_net if bug in ("policy_net_target", "residual_gradient") else target_net
            next_q = next_net(batch.next_states).max(dim=1).values  # (B,)
            ended = batch.terminated
            if bug == "ignores_terminated":
                ended = torch.zeros_like(ended)
            if bug == "truncation_as_termination" and batch.truncated is not None:
                ended = ended | batch.truncated
            targets = batch.rewards + gamma * (1.0 - ended.float()) * next_q  # (B,)
        return F.smooth_l1_loss(state_action_values, targets)

    loss.__name__ = f"td_loss_{bug}"
    loss.__doc__ = f"The tutorial's TD loss, except that {BUGS[bug]}"
    return loss
