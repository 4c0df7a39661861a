"""How a self-check runs and reports (the exercises' checks are in :mod:`dqn_helpers.teaching.exercises`).

A check is a generator of cases: each case either raises :class:`Wrong` with what was expected and
how to fix it, or yields a few words saying what it confirmed. :func:`run_check` turns that into the
one line a learner sees: ``✓ …`` when every case holds, ``✗ …`` with the first failure, or a note
that the exercise is not attempted yet (the learner's function still raises ``NotImplementedError``).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import torch

from dqn_helpers import checks


class Wrong(AssertionError):
    """One case of a self-check failed; the message says what was expected and how to fix it."""


def run_check(name: str, cases: Callable[[], Iterator[str]]) -> bool:
    """Run the cases and print one line about them; ``True`` only when every case passed."""
    passed = []
    try:
        for case in cases():
            passed.append(case)
    except NotImplementedError:
        print(
            f"… {name}: not attempted yet. Replace `raise NotImplementedError` with your code, or reveal the solution."
        )
        return False
    except Wrong as wrong:
        print(f"✗ {name}: {wrong}")
        return False
    except Exception as error:  # the learner's code crashed: say where, without a wall of traceback
        print(f"✗ {name}: your function raised {type(error).__name__}: {error}")
        return False
    print(f"✓ {name}: all {len(passed)} checks passed ({'; '.join(passed)}).")
    return True


def _as_number(got: Any) -> float | None:
    """``got`` as a ``float`` if it is a number or holds exactly one (a tensor or an array), else ``None``."""
    if (isinstance(got, torch.Tensor) and got.numel() == 1) or (isinstance(got, np.ndarray) and got.size == 1):
        got = got.item()
    return float(got) if isinstance(got, numbers.Real) and not isinstance(got, bool) else None


def expect_close(got: Any, expected: float, what: str, hint: str = "") -> None:
    """Raise :class:`Wrong` unless ``got`` (a number or a one-element tensor) is ``expected`` to 1e-5.

    ``got`` is the learner's answer, so anything but a number is :class:`Wrong` too; ``expected``
    is the check's own and must be a finite number (``ValueError`` otherwise).
    """
    expected = checks.finite_number("expected", expected)
    value = _as_number(got)
    if value is None:
        raise Wrong(f"{what}: expected a number close to {expected:.6g}, got {repr(got)[:80]}. {hint}".strip())
    if not math.isclose(value, expected, rel_tol=1e-5, abs_tol=1e-6):
        raise Wrong(f"{what}: expected {expected:.6g}, got {value:.6g}. {hint}".strip())
