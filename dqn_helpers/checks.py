"""One home for each check of an argument, named after what it checks.

Each check returns the value (a NumPy integer becomes an ``int``, a number a ``float``) or raises
``ValueError`` with one message shape: ``"<name> must be <what is allowed>, got <the value>"``.
A ``bool`` is never accepted as a number, although Python lets ``True`` count as 1.

>>> whole_number("batch_size", 0)
Traceback (most recent call last):
    ...
ValueError: batch_size must be a whole number >= 1, got 0
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Collection
from typing import TypeVar

T = TypeVar("T")


def _note(note: str) -> str:
    return f" ({note})" if note else ""


def whole_number(name: str, value: object, minimum: int = 1) -> int:
    """``value`` as an ``int`` if it is a whole number ``>= minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return int(value)


def _finite(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, numbers.Real) and math.isfinite(value)


def number_in(name: str, value: object, low: float, high: float, *, low_open: bool = False, note: str = "") -> float:
    """``value`` as a ``float`` if it is a finite number in ``[low, high]`` (``(low, high]`` if ``low_open``)."""
    if not _finite(value) or not (low < value if low_open else low <= value) or not value <= high:  # type: ignore[operator]
        interval = f"{'(' if low_open else '['}{low:g}, {high:g}]"
        raise ValueError(f"{name} must be a number in {interval}{_note(note)}, got {value!r}")
    return float(value)  # type: ignore[arg-type]


def positive_number(name: str, value: object, note: str = "") -> float:
    """``value`` as a ``float`` if it is a finite number ``> 0``."""
    if not _finite(value) or not value > 0:  # type: ignore[operator]
        raise ValueError(f"{name} must be a number > 0{_note(note)}, got {value!r}")
    return float(value)  # type: ignore[arg-type]


def positive_number_or_none(name: str, value: object) -> float | None:
    """``None``, or ``value`` as a ``float`` if it is a finite number ``> 0`` (an optional limit)."""
    if value is None:
        return None
    if not _finite(value) or not value > 0:  # type: ignore[operator]
        raise ValueError(f"{name} must be a number > 0 or None, got {value!r}")
    return float(value)  # type: ignore[arg-type]


def one_of(name: str, value: T, allowed: Collection[T]) -> T:
    """``value`` if it is one of ``allowed`` (the message lists them)."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {sorted(allowed)}, got {value!r}")  # type: ignore[type-var]
    return value


def boolean(name: str, value: object) -> bool:
    """``value`` if it is ``True`` or ``False`` (not 0, 1 or ``"yes"``)."""
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return value
