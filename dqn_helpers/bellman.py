r"""Returns, the Bellman target, the TD error and the Huber loss.

The agent maximises the discounted return

.. math:: R_{t_0} = \sum_{t=t_0}^{\infty} \gamma^{t-t_0} r_t .

Q-learning trains :math:`Q(s, a)` towards the Bellman target
:math:`y = r + \gamma \max_{a'} Q(s', a')`. The difference is the temporal-difference (TD) error
:math:`\delta = Q(s, a) - y`, and DQN minimises the Huber loss of :math:`\delta`.

**Terminated versus truncated.** CartPole ends an episode in two ways. *Terminated*: the pole fell
or the cart left the track; the future is truly empty, so :math:`y = r`. *Truncated*: the 500-step
time limit; the pole was still up and the state still has value, so the target still bootstraps,
:math:`y = r + \gamma \max_{a'} Q(s', a')`. Treating truncation as termination teaches the agent
that step 500 is a cliff.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import torch

from dqn_helpers import checks

TensorLike = torch.Tensor | float | int | bool | Sequence[float]


def _numbers(name: str, value: TensorLike) -> torch.Tensor:
    """``value`` (a number, a list of numbers or a tensor) as a float32 tensor."""
    try:
        return torch.as_tensor(value, dtype=torch.float32)
    except (TypeError, ValueError, RuntimeError):  # a string, None, a ragged list, a complex number
        raise TypeError(f"{name} must be a number, a list of numbers or a tensor, got {value!r}") from None


def _same_shape(**tensors: torch.Tensor) -> None:
    """Refuse tensors of different shapes: a (B, 1) beside a (B,) would silently broadcast to (B, B)."""
    shapes = {name: tuple(tensor.shape) for name, tensor in tensors.items() if tensor.dim() > 0}
    if len(set(shapes.values())) > 1:
        listed = ", ".join(f"{name} {shape}" for name, shape in shapes.items())
        names = ", ".join(tensors)
        raise ValueError(f"{names} must have the same shape (or be single numbers), got {listed}")


def discounted_return(rewards: Sequence[float], gamma: float) -> float:
    r"""The discounted return :math:`\sum_k \gamma^k r_k` of a reward sequence, first reward undiscounted.

    >>> discounted_return([1.0, 1.0, 1.0], 0.5)  # 1 + 0.5 + 0.25
    1.75
    """
    gamma = checks.number_in("gamma", gamma, 0, 1)
    values = rewards.tolist() if isinstance(rewards, torch.Tensor | np.ndarray) else rewards
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise TypeError(f"rewards must be a list of numbers, got {rewards!r}")
    checked = [checks.finite_number(f"rewards[{i}]", reward) for i, reward in enumerate(values)]
    total = 0.0
    for reward in reversed(checked):  # Horner's rule: R = r_0 + γ (r_1 + γ (r_2 + …))
        total = reward + gamma * total
    if not math.isfinite(total):
        raise ValueError(f"the discounted return of these rewards is beyond a float's range, got {total}")
    return total


def td_target(reward: TensorLike, next_q_max: TensorLike, terminated: TensorLike, gamma: float) -> torch.Tensor:
    r"""The Bellman target :math:`y = r + \gamma \, (1 - \text{terminated}) \max_{a'} Q(s', a')`.

    Pass ``terminated`` only -- never ``terminated or truncated``: a truncated step bootstraps.
    Works element-wise on batches (tensors of one shape) and on single numbers; ``terminated`` is
    True/False or 0/1. A NaN in gives a NaN out (training watches its loss for that).

    >>> td_target(1.0, 10.0, False, 0.9)  # 1 + 0.9 * 10
    tensor(10.)
    >>> td_target(1.0, 10.0, True, 0.9)   # the episode is over: no future value
    tensor(1.)
    """
    gamma = checks.number_in("gamma", gamma, 0, 1)
    reward, next_q_max = _numbers("reward", reward), _numbers("next_q_max", next_q_max)
    ended = _numbers("terminated", terminated)
    _same_shape(reward=reward, next_q_max=next_q_max, terminated=ended)
    if not ((ended == 0) | (ended == 1)).all():
        raise ValueError(f"terminated must be True or False (or 1 or 0), got {terminated!r}")
    bootstrap = 1.0 - ended  # 0 after termination: no future value
    return reward + gamma * bootstrap * next_q_max


def td_error(q_value: TensorLike, target: TensorLike) -> torch.Tensor:
    r"""The TD error :math:`\delta = Q(s, a) - y`, as the tutorial defines it.

    >>> td_error(4.0, 10.0)
    tensor(-6.)
    """
    q_value, target = _numbers("q_value", q_value), _numbers("target", target)
    _same_shape(q_value=q_value, target=target)
    return q_value - target


def huber(delta: TensorLike) -> torch.Tensor:
    r"""The tutorial's Huber loss, element-wise.

    .. math::
        \mathcal{L}(\delta) = \begin{cases} \tfrac12 \delta^2 & |\delta| \le 1 \\
                                            |\delta| - \tfrac12 & \text{otherwise} \end{cases}

    Quadratic near zero, linear (gradient ±1) far away, so one wild target cannot blow up an update.
    Equal to ``torch.nn.SmoothL1Loss(reduction="none", beta=1.0)``; DQN minimises its batch mean.

    >>> huber(torch.tensor([0.5, -3.0]))
    tensor([0.1250, 2.5000])
    """
    delta = _numbers("delta", delta)
    magnitude = delta.abs()
    return torch.where(magnitude <= 1.0, 0.5 * delta**2, magnitude - 0.5)
