r"""The Q-network: a small multilayer perceptron from a state to one Q-value per action.

The tutorial's text calls it a convolutional network that looks at the difference between screen
patches; that text is left over from an older version. The network it actually builds (and this
one) is a 3-layer MLP on the 4 state numbers of CartPole:

.. math:: Q(s, \cdot) = W_3\,\mathrm{ReLU}(W_2\,\mathrm{ReLU}(W_1 s + b_1) + b_2) + b_3

with :math:`W_1 \in \mathbb{R}^{h \times n_{obs}}`, :math:`W_2 \in \mathbb{R}^{h \times h}` and
:math:`W_3 \in \mathbb{R}^{n_{actions} \times h}`.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from dqn_helpers import checks


def _check_sizes(n_observations: int, n_actions: int, hidden: int) -> tuple[int, int, int]:
    return (
        checks.whole_number("n_observations", n_observations, 1, checks.MAX_UNITS),
        checks.whole_number("n_actions", n_actions, 1, checks.MAX_UNITS),
        checks.whole_number("hidden", hidden, 1, checks.MAX_UNITS),
    )


class DQN(nn.Module):
    """``Linear(n_observations, hidden) → ReLU → Linear(hidden, hidden) → ReLU → Linear(hidden, n_actions)``.

    Call it with one state of shape ``(n_observations,)`` or a batch ``(B, n_observations)``;
    it returns ``(n_actions,)`` or ``(B, n_actions)`` Q-values.
    """

    def __init__(self, n_observations: int, n_actions: int, hidden: int = 128) -> None:
        super().__init__()
        self.n_observations, self.n_actions, hidden = _check_sizes(n_observations, n_actions, hidden)
        self.layer1 = nn.Linear(self.n_observations, hidden)
        self.layer2 = nn.Linear(hidden, hidden)
        self.layer3 = nn.Linear(hidden, self.n_actions)

    @staticmethod
    def parameter_shapes(n_observations: int, n_actions: int, hidden: int) -> dict[str, tuple[int, ...]]:
        """The shape of each tensor in the ``state_dict`` of ``DQN(n_observations, n_actions, hidden)``.

        Computed, not built: a checkpoint's weights are checked against it before any network exists.
        """
        n_observations, n_actions, hidden = _check_sizes(n_observations, n_actions, hidden)
        return {
            "layer1.weight": (hidden, n_observations), "layer1.bias": (hidden,),
            "layer2.weight": (hidden, hidden), "layer2.bias": (hidden,),
            "layer3.weight": (n_actions, hidden), "layer3.bias": (n_actions,),
        }  # fmt: skip

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Q-values of one state ``(n_observations,)`` or of a batch ``(B, n_observations)``."""
        if not isinstance(x, torch.Tensor) or x.dtype != self.layer1.weight.dtype:
            got = f"a {x.dtype} tensor" if isinstance(x, torch.Tensor) else type(x).__name__
            raise TypeError(
                f"DQN takes a {self.layer1.weight.dtype} tensor of states "
                f"(e.g. torch.as_tensor(obs, dtype=torch.float32)), got {got}"
            )
        if x.shape[-1:] != (self.n_observations,):
            raise ValueError(
                f"DQN expects states with {self.n_observations} numbers in the last dimension, "
                f"got a tensor of shape {tuple(x.shape)}"
            )
        x = F.relu(self.layer1(x))
        x = F.relu(self.layer2(x))
        return self.layer3(x)
