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
    eps_start = checks.number_in("eps_start", eps_start, 0, 1, note="a probability")
    eps_end = checks.number_in("eps_end", eps_end, 0, 1, note="a probability")
    checks.positive_number("eps_decay", eps_decay, note="steps")
    return eps_end + (eps_start - eps_end) * math.exp(-step / eps_decay)


def greedy_action(policy_net: nn.Module, state: torch.Tensor) -> int:
    r""":math:`\arg\max_a Q(s, a)` for one state (no gradient is recorded).

    ``state`` is one state, ``(n_observations,)`` or the tutorial's ``(1, n_observations)``; for a
    batch, use ``policy_net(states).argmax(dim=1)``.
    """
    _check_network("policy_net", policy_net)
    with torch.no_grad():
        q_values = policy_net(state)
    if q_values.shape[:-1].numel() != 1:
        raise ValueError(
            f"greedy_action takes one state, got states of shape {tuple(state.shape)}; "
            "for a batch use policy_net(states).argmax(dim=1)"
        )
    return int(q_values.argmax())


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
    checks.whole_number("n_actions", n_actions, 1, checks.MAX_UNITS)
    if getattr(policy_net, "n_actions", n_actions) != n_actions:
        raise ValueError(f"n_actions is {n_actions}, but policy_net gives {policy_net.n_actions} Q-values")
    if rng is not None and not isinstance(rng, random.Random):
        raise TypeError(f"rng must be a random.Random or None, got {type(rng).__name__}")
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
        for target_param, policy_param in _paired_parameters(target_net, policy_net):
            target_param.lerp_(policy_param, tau)


def hard_update(target: nn.Module, policy: nn.Module) -> None:
    r"""Copy the policy weights into the target network: :math:`\theta' \leftarrow \theta`."""
    with torch.no_grad():
        for target_param, policy_param in _paired_parameters(target, policy):
            target_param.copy_(policy_param)


def _check_network(name: str, net: object) -> None:
    if not isinstance(net, nn.Module):
        raise TypeError(f"{name} must be a network (a torch.nn.Module such as DQN), got {type(net).__name__}")


def _paired_parameters(target: nn.Module, policy: nn.Module) -> list[tuple[nn.Parameter, nn.Parameter]]:
    """The two networks' parameters side by side, if they are copies of one architecture."""
    _check_network("the target network", target)
    _check_network("the policy network", policy)
    target_params, policy_params = list(target.parameters()), list(policy.parameters())
    pairs = list(zip(target_params, policy_params, strict=False))
    if len(target_params) != len(policy_params) or any(t.shape != p.shape or t.dtype != p.dtype for t, p in pairs):
        raise ValueError(
            "the target network must be a copy of the policy network (same layers, shapes and dtypes), got "
            f"{[tuple(t.shape) for t in target_params]} and {[tuple(p.shape) for p in policy_params]}"
        )
    return pairs
