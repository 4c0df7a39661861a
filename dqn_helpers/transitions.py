"""One step of experience and a batch of them: :class:`Transition`, :class:`Batch` and their checks.

:class:`Transition` is the tutorial's record of one step; :class:`Batch` is a mini-batch of them
stacked into tensors, which the update consumes; :func:`stack_transitions` turns one into the
other. :func:`check_state` and :func:`check_action` are what both replay memories ask of a
transition before they store it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import torch

from dqn_helpers import checks


class Transition(NamedTuple):
    """One step of experience, named as in the tutorial.

    ``next_state`` is ``None`` when the step *terminated* the episode (the pole fell or the cart
    left the track); then there is no future value to bootstrap from.
    """

    state: Any
    action: Any
    next_state: Any
    reward: Any


class Batch(NamedTuple):
    """A mini-batch from :class:`TensorReplayMemory`, one row per transition.

    Shapes for ``B`` transitions of ``n`` observation numbers: ``states`` and ``next_states``
    ``(B, n)`` float32, ``actions`` ``(B,)`` int64, ``rewards`` ``(B,)`` float32,
    ``terminated`` and ``truncated`` ``(B,)`` bool.

    ``truncated`` (the time limit ended the episode) is kept so that both of the environment's flags
    are there to see; the TD target uses only ``terminated``: a truncated step still bootstraps.
    ``None`` where it is not known (the tutorial's transitions do not record it).
    """

    states: torch.Tensor
    actions: torch.Tensor
    next_states: torch.Tensor
    rewards: torch.Tensor
    terminated: torch.Tensor
    truncated: torch.Tensor | None = None


def stack_transitions(transitions: Sequence[Transition]) -> Batch:
    """Stack a list of the tutorial's transitions into one :class:`Batch`, as its ``optimize_model`` does.

    The tutorial transposes the list (``Transition(*zip(*transitions))``: a batch of transitions
    becomes one transition of batches) and joins each field into one tensor with ``torch.cat``.
    Here states may be arrays or tensors of any shape with the same number of elements (e.g. ``(4,)``
    or the tutorial's ``(1, 4)``), actions and rewards numbers or one-element tensors. A terminal
    step (``next_state=None``) becomes ``terminated=True`` with a zero next state, which is never used.

    >>> batch = stack_transitions([Transition([0.0, 1.0], 1, [2.0, 3.0], 1.0), Transition([4.0, 5.0], 0, None, 1.0)])
    >>> batch.states.shape, batch.actions.tolist(), batch.terminated.tolist()
    (torch.Size([2, 2]), [1, 0], [False, True])
    """
    if isinstance(transitions, str | bytes) or not isinstance(transitions, Sequence) or len(transitions) == 0:
        raise ValueError(f"stack_transitions needs a list of one or more transitions, got {transitions!r}")
    try:
        batch = Transition(*zip(*transitions, strict=True))  # a batch of transitions -> a transition of batches
        states = torch.stack([_row(state) for state in batch.state])
        zero = torch.zeros(states.shape[1])
        next_states = torch.stack([zero if state is None else _row(state) for state in batch.next_state])
        actions = torch.tensor([_scalar(action) for action in batch.action])
        rewards = torch.tensor([_scalar(reward) for reward in batch.reward], dtype=torch.float32)
    except (TypeError, ValueError, RuntimeError) as error:  # not 4 fields, strings, None, ragged states, …
        raise ValueError(f"stack_transitions cannot stack these transitions: {error}") from None
    terminated = torch.tensor([state is None for state in batch.next_state], dtype=torch.bool)
    return check_batch(Batch(states, actions, next_states, rewards, terminated))


def _row(value: Any) -> torch.Tensor:
    return torch.as_tensor(value, dtype=torch.float32).reshape(-1)


def check_batch(batch: Batch) -> Batch:
    """``batch`` if it has :class:`Batch`'s shapes and dtypes (``B >= 1``), finite numbers and actions ``>= 0``."""
    if not isinstance(batch, Batch) or not all(isinstance(column, torch.Tensor) for column in batch[:5]):
        raise TypeError(
            f"batch must be a Batch of tensors (from a replay memory's sample or stack_transitions), got {batch!r:.80}"
        )
    size, width = batch.states.shape if batch.states.dim() == 2 else (0, 0)
    expected = {
        "states": ((size, width), torch.float32), "next_states": ((size, width), torch.float32),
        "actions": ((size,), torch.int64), "rewards": ((size,), torch.float32), "terminated": ((size,), torch.bool),
        "truncated": ((size,), torch.bool),
    }  # fmt: skip
    columns = {name: column for name, column in zip(Batch._fields, batch, strict=True) if column is not None}
    for name, column in columns.items():
        shape, dtype = expected[name]
        if (
            size == 0
            or width == 0
            or not isinstance(column, torch.Tensor)
            or column.shape != shape
            or column.dtype != dtype
        ):
            found = ", ".join(
                f"{n} {c.dtype} {tuple(c.shape)}" if isinstance(c, torch.Tensor) else f"{n} {c!r:.20}"
                for n, c in columns.items()
            )
            raise ValueError(
                "a batch must hold B >= 1 rows: states and next_states float32 (B, n), actions int64 (B,), "
                f"rewards float32 (B,), terminated (and truncated, if known) bool (B,); got {found}"
            )
    if not (torch.isfinite(batch.states).all() and torch.isfinite(batch.next_states).all()):
        raise ValueError("the batch's states must be finite numbers, got NaN or infinite ones")
    if not torch.isfinite(batch.rewards).all():
        raise ValueError(f"the batch's rewards must be finite numbers, got {batch.rewards.tolist()!r:.80}")
    if int(batch.actions.min()) < 0:
        raise ValueError(f"the batch's actions must be whole numbers >= 0, got {batch.actions.tolist()!r:.80}")
    return batch


def _scalar(value: Any) -> Any:
    """A one-element tensor or array as a Python number (``tensor([[1]])`` → 1); anything else as it is."""
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        return value.item()
    if isinstance(value, np.ndarray) and value.size == 1:
        return value.item()
    return value


def check_action(action: Any, n_actions: int) -> int:
    """``action`` as an ``int``: a whole number ``0 … n_actions-1`` (a one-element integer tensor counts)."""
    n_actions = checks.whole_number("n_actions", n_actions, 1, checks.MAX_UNITS)
    return checks.whole_number("action", _scalar(action), 0, n_actions - 1)


FLOAT32_MAX = float(np.finfo(np.float32).max)  # about 3.4e38: states and rewards are stored as float32


def check_state(name: str, value: Any) -> np.ndarray:
    """``value`` (a tensor, an array or a list of numbers) as a NumPy array of finite float32 numbers."""
    try:
        array = value.numpy(force=True) if isinstance(value, torch.Tensor) else np.asarray(value)
        # NaN fails every comparison; a number beyond float32's range would be stored as inf
        ok = array.dtype.kind in "biuf" and array.size > 0
        ok = ok and all(-FLOAT32_MAX <= x <= FLOAT32_MAX for x in array.ravel().tolist())
    except (TypeError, ValueError, RuntimeError):  # ragged lists, objects NumPy cannot read
        ok = False
    if not ok:
        raise ValueError(
            f"{name} must be finite numbers within float32's range ±3.4e38 (a tensor, an array or a list), "
            f"got {value!r}"
        )
    return array


def check_reward(reward: Any) -> float:
    """``reward`` (a number or a one-element tensor) as a ``float`` within float32's range."""
    return checks.number_in("reward", _scalar(reward), -FLOAT32_MAX, FLOAT32_MAX)
