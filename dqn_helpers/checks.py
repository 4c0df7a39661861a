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
import operator
from collections.abc import Collection
from typing import TypeVar

T = TypeVar("T")


def _note(note: str) -> str:
    return f" ({note})" if note else ""


MAX_SEED = 2**32 - 1  # NumPy's legacy seeding takes 0 … 2**32 - 1; torch.manual_seed at most 2**64 - 1
MAX_UNITS = 4_096  # the most numbers in a state, actions or units in a layer that the course's networks take


def whole_number(name: str, value: object, minimum: int = 1, maximum: int | None = None) -> int:
    """``value`` as an ``int`` if it is a whole number ``>= minimum`` (and ``<= maximum``, if given)."""
    number = operator.index(value) if isinstance(value, numbers.Integral) and not isinstance(value, bool) else None
    if number is None or number < minimum or (maximum is not None and number > maximum):
        allowed = f">= {minimum}" if maximum is None else f"in {minimum:_} … {maximum:_}"
        raise ValueError(f"{name} must be a whole number {allowed}, got {value!r}")
    return number


def seed(name: str, value: object) -> int:
    """``value`` as an ``int`` if it is a whole number in ``0 … MAX_SEED`` (a random seed)."""
    return whole_number(name, value, 0, MAX_SEED)


def _finite(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float, such as 10**400
        return False


def finite_number(name: str, value: object) -> float:
    """``value`` as a ``float`` if it is a finite number (not NaN, not ±inf)."""
    if not _finite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)  # type: ignore[arg-type]


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
    if not any(isinstance(value, type(choice)) and value == choice for choice in allowed):  # no array surprises
        try:
            listed = sorted(allowed)  # type: ignore[type-var]
        except TypeError:  # choices of several kinds, such as 1 and "a"
            listed = sorted(allowed, key=repr)
        raise ValueError(f"{name} must be one of {listed}, got {value!r}")
    return value


def boolean(name: str, value: object) -> bool:
    """``value`` as a ``bool`` if it is ``True`` or ``False`` (also NumPy's; not 0, 1 or ``"False"``)."""
    numpy_bool = getattr(getattr(value, "dtype", None), "kind", None) == "b" and getattr(value, "shape", None) == ()
    if not (isinstance(value, bool) or numpy_bool):  # (NumPy's bool scalar, without importing NumPy)
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return bool(value)
