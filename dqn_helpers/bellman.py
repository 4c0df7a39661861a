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

from collections.abc import Sequence

import torch

from dqn_helpers import checks

TensorLike = torch.Tensor | float | int | bool | Sequence[float]


def discounted_return(rewards: Sequence[float], gamma: float) -> float:
    r"""The discounted return :math:`\sum_k \gamma^k r_k` of a reward sequence, first reward undiscounted.

    >>> discounted_return([1.0, 1.0, 1.0], 0.5)  # 1 + 0.5 + 0.25
    1.75
    """
    checks.number_in("gamma", gamma, 0, 1)
    total = 0.0
    for reward in reversed(list(rewards)):  # Horner's rule: R = r_0 + γ (r_1 + γ (r_2 + …))
        total = float(reward) + gamma * total
    return total


def td_target(reward: TensorLike, next_q_max: TensorLike, terminated: TensorLike, gamma: float) -> torch.Tensor:
    r"""The Bellman target :math:`y = r + \gamma \, (1 - \text{terminated}) \max_{a'} Q(s', a')`.

    Pass ``terminated`` only -- never ``terminated or truncated``: a truncated step bootstraps.
    Works element-wise on batches (tensors) and on single numbers.

    >>> td_target(1.0, 10.0, False, 0.9)  # 1 + 0.9 * 10
    tensor(10.)
    >>> td_target(1.0, 10.0, True, 0.9)   # the episode is over: no future value
    tensor(1.)
    """
    checks.number_in("gamma", gamma, 0, 1)
    reward = torch.as_tensor(reward, dtype=torch.float32)
    next_q_max = torch.as_tensor(next_q_max, dtype=torch.float32)
    bootstrap = 1.0 - torch.as_tensor(terminated, dtype=torch.float32)
    return reward + gamma * bootstrap * next_q_max


def td_error(q_value: TensorLike, target: TensorLike) -> torch.Tensor:
    r"""The TD error :math:`\delta = Q(s, a) - y`, as the tutorial defines it.

    >>> td_error(4.0, 10.0)
    tensor(-6.)
    """
    return torch.as_tensor(q_value, dtype=torch.float32) - torch.as_tensor(target, dtype=torch.float32)


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
    delta = torch.as_tensor(delta, dtype=torch.float32)
    magnitude = delta.abs()
    return torch.where(magnitude <= 1.0, 0.5 * delta**2, magnitude - 0.5)
