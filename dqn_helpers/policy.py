r"""Acting and keeping the target network: ε-greedy and soft/hard target updates.

**ε-greedy.** With probability ε take a uniformly random action (explore), otherwise the greedy
action :math:`\arg\max_a Q(s, a)` (exploit). The tutorial decays ε exponentially with the number of
steps taken:

.. math:: \varepsilon(t) = \varepsilon_{end} + (\varepsilon_{start} - \varepsilon_{end})\, e^{-t / \tau_\varepsilon}

where :math:`\tau_\varepsilon` is ``EPS_DECAY``: after ``EPS_DECAY`` steps, the gap to
:math:`\varepsilon_{end}` has shrunk to :math:`1/e \approx 37\%`.

**Target network.** The Bellman target uses a slowly moving copy :math:`\theta'` of the policy
weights :math:`\theta`. A soft update nudges it every step, :math:`\theta' \leftarrow \tau\theta +
(1-\tau)\theta'`; a hard update copies it outright (:math:`\tau = 1`).
"""

from __future__ import annotations

import math
import random

import torch
from torch import nn

from dqn_helpers import checks


def epsilon_by_step(step: int, eps_start: float = 0.9, eps_end: float = 0.05, eps_decay: float = 1000) -> float:
    r""":math:`\varepsilon_{end} + (\varepsilon_{start} - \varepsilon_{end}) e^{-step/\text{eps\_decay}}`.

    >>> epsilon_by_step(0)
    0.9
    >>> round(epsilon_by_step(1000), 4)  # 0.05 + 0.85 / e
    0.3627
    """
    checks.whole_number("step", step, minimum=0)
    checks.positive_number("eps_decay", eps_decay, note="steps")
    return eps_end + (eps_start - eps_end) * math.exp(-step / eps_decay)


def greedy_action(policy_net: nn.Module, state: torch.Tensor) -> int:
    r""":math:`\arg\max_a Q(s, a)` for one state (no gradient is recorded)."""
    with torch.no_grad():
        return int(policy_net(state).argmax())


def select_action(
    policy_net: nn.Module,
    state: torch.Tensor,
    eps: float,
    n_actions: int,
    rng: random.Random | None = None,
) -> int:
    """ε-greedy: a random action with probability ``eps``, else the greedy one.

    As in the tutorial, one uniform draw decides: ``sample > eps`` → greedy. ``rng`` (a
    ``random.Random``) makes the choice reproducible; by default the ``random`` module is used.
    """
    checks.number_in("eps", eps, 0, 1, note="a probability")
    sample = rng.random() if rng is not None else random.random()
    if sample > eps:
        return greedy_action(policy_net, state)
    return rng.randrange(n_actions) if rng is not None else random.randrange(n_actions)


def soft_update(target_net: nn.Module, policy_net: nn.Module, tau: float) -> None:
    r"""In place, for every parameter: :math:`\theta' \leftarrow \tau\theta + (1-\tau)\theta'`.

    ``lerp_`` computes exactly :math:`\theta' + \tau(\theta - \theta')`, the same thing; the tutorial
    builds the same average by rebuilding both networks' state dicts.
    """
    checks.number_in("tau", tau, 0, 1, low_open=True, note="1 = copy the policy net")
    with torch.no_grad():  # a parameter update, not part of any loss
        for target_param, policy_param in zip(target_net.parameters(), policy_net.parameters(), strict=True):
            target_param.lerp_(policy_param, tau)


def hard_update(target: nn.Module, policy: nn.Module) -> None:
    r"""Copy the policy weights into the target network: :math:`\theta' \leftarrow \theta`."""
    with torch.no_grad():
        for target_param, policy_param in zip(target.parameters(), policy.parameters(), strict=True):
            target_param.copy_(policy_param)
