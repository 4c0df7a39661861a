"""Checks of the teaching functions' arguments that need NumPy, torch or matplotlib.

The generic checks (whole numbers, numbers in a range, seeds) are in :mod:`dqn_helpers.checks`;
these keep their message shape: ``"<name> must be <what is allowed>, got <the value>"``.
A value of the wrong kind raises ``TypeError``, a value of the right kind that does not fit ``ValueError``.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from torch import nn

from dqn_helpers.envs import CARTPOLE_ID, make_env
from dqn_helpers.evaluation import check_network
from dqn_helpers.history import PER_EPISODE, TrainingHistory


def shown(value: Any) -> str:
    """``repr(value)``, cut to 80 characters (a message must stay one readable line)."""
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:77]}…"


def is_number(value: object) -> bool:
    """Whether ``value`` is a real number, Python's or NumPy's, and not a ``bool`` (NaN fails every comparison)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def is_whole_number(value: object) -> bool:
    """Whether ``value`` is an integer, Python's or NumPy's, and not a ``bool``."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def instance_or_none(name: str, value: object, kind: type, what: str) -> None:
    """Refuse ``value`` unless it is ``None`` or a ``kind`` (``what`` says which kind in the message)."""
    if value is not None and not isinstance(value, kind):
        raise TypeError(f"{name} must be {what} or None, got {shown(value)}")


def axes_or_none(name: str, axes: object, count: int) -> None:
    """Refuse ``axes`` unless it is ``None`` or ``count`` matplotlib ``Axes`` (a list, tuple or 1-D array)."""
    items = list(axes) if isinstance(axes, (list, tuple, np.ndarray)) else []
    if axes is not None and (len(items) != count or not all(isinstance(ax, Axes) for ax in items)):
        raise ValueError(f"{name} must be {count} matplotlib Axes or None, got {shown(axes)}")


def training_history(name: str, history: object) -> TrainingHistory:
    """``history`` if it is a :class:`TrainingHistory` whose per-episode lists have one entry per episode."""
    if not isinstance(history, TrainingHistory):
        raise TypeError(f"{name} must be a TrainingHistory (what train() returns), got {shown(history)}")
    per_episode = {field: getattr(history, field) for field in PER_EPISODE}
    lengths = {field: len(v) if isinstance(v, list) else type(v).__name__ for field, v in per_episode.items()}
    if len(set(lengths.values())) != 1:
        raise ValueError(f"{name} must have one entry per episode in each of its lists, got lengths {lengths}")
    return history


def figsize(name: str, value: Any, max_inches: float) -> tuple[float, float]:
    """``value`` as ``(width, height)`` if it is two numbers in ``(0, max_inches]`` (a figure size in inches)."""
    pair = isinstance(value, (tuple, list)) and len(value) == 2
    if not pair or not all(is_number(x) and 0 < x <= max_inches for x in value):
        raise ValueError(f"{name} must be (width, height) in inches, each in (0, {max_inches:g}], got {shown(value)}")
    return float(value[0]), float(value[1])


def q_network(name: str, net: object, env_id: str = CARTPOLE_ID) -> nn.Module:
    """``net`` if it is a torch module that turns one state of ``env_id`` into one Q-value per action.

    The fit is :func:`~dqn_helpers.evaluation.check_network`'s, with ``name`` in front of its message.
    """
    if not isinstance(net, nn.Module):
        raise TypeError(f"{name} must be a Q-network (a torch.nn.Module), got {shown(net)}")
    env = make_env(env_id)
    try:
        check_network(net, env)
    except (TypeError, ValueError) as error:  # (a DQN refuses states of another dtype with a TypeError)
        raise ValueError(f"{name} does not fit {env_id}: {error}") from None
    finally:
        env.close()
    return net


def step_counts(name: str, value: object) -> np.ndarray:
    """``value`` as a float array if it is a list or 1-D array of finite numbers ``>= 0`` (environment steps)."""
    try:
        array = np.asarray(value, dtype=float) if isinstance(value, (list, tuple, range, np.ndarray)) else None
    except (TypeError, ValueError):  # strings, None, ragged lists
        array = None
    if array is None or array.ndim != 1 or not np.all(np.isfinite(array) & (array >= 0)):
        raise ValueError(f"{name} must be a list or 1-D array of environment steps (numbers >= 0), got {shown(value)}")
    return array


def frames(name: str, value: object) -> list[np.ndarray]:
    """``value`` as a list if it holds at least one image and all have one shape ``(height, width, 3 or 4)``.

    A 4-D array (a stack of images, as ``np.stack(frames)`` makes) counts as a list of its images.
    """
    if isinstance(value, np.ndarray) and value.ndim == 4:
        value = list(value)
    if not isinstance(value, (list, tuple)) or not value:
        raise ValueError(f"{name} must be a list of at least one frame (an image array), got {shown(value)}")
    first = value[0]
    for i, frame in enumerate(value):
        image = isinstance(frame, np.ndarray) and frame.ndim == 3 and frame.dtype.kind in "uif"
        if not image or frame.shape[2] not in (3, 4) or min(frame.shape[:2]) < 1:
            got = f"an array of shape {frame.shape}" if isinstance(frame, np.ndarray) else shown(frame)
            raise ValueError(f"{name}[{i}] must be an image, an array of shape (height, width, 3 or 4), got {got}")
        if frame.shape != first.shape:
            raise ValueError(f"{name}[{i}] must have the shape of {name}[0], {first.shape}, got {frame.shape}")
    return list(value)
