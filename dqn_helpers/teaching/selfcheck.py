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
from dqn_helpers.language import _


class Wrong(AssertionError):
    """One case of a self-check failed; the message says what was expected and how to fix it."""


def run_check(name: str, cases: Callable[[], Iterator[str]]) -> bool:
    """Run the cases and print one line about them; ``True`` only when every case passed.

    ``name`` and the words the cases yield or raise are already in the learner's language (``_()``).
    """
    passed = []
    try:
        for case in cases():
            passed.append(case)
    except NotImplementedError:
        message = _(
            "… {check}: not attempted yet. Replace `raise NotImplementedError` with your code, or reveal the solution."
        )
        print(message.format(check=name))
        return False
    except Wrong as wrong:
        print(_("✗ {check}: {problem}").format(check=name, problem=wrong))
        return False
    except Exception as error:  # the learner's code crashed: say where, without a wall of traceback
        message = _("✗ {check}: your function raised {error_type}: {error}")
        print(message.format(check=name, error_type=type(error).__name__, error=error))
        return False
    message = _("✓ {check}: all {count} checks passed ({passed}).")
    print(message.format(check=name, count=len(passed), passed=_("; ").join(passed)))
    return True


def _as_number(got: Any) -> float | None:
    """``got`` as a ``float`` if it is a number or holds exactly one (a tensor or an array), else ``None``."""
    if (isinstance(got, torch.Tensor) and got.numel() == 1) or (isinstance(got, np.ndarray) and got.size == 1):
        got = got.item()
    return float(got) if isinstance(got, numbers.Real) and not isinstance(got, bool) else None


def expect_close(got: Any, expected: float, what: str, hint: str = "") -> None:
    """Raise :class:`Wrong` unless ``got`` (a number or a one-element tensor) is ``expected`` to 1e-5.

    ``got`` is the learner's answer, so anything but a number is :class:`Wrong` too; ``expected``
    is the check's own and must be a finite number (``ValueError`` otherwise). ``what`` (the case)
    and ``hint`` are the caller's words, already translated with ``_()``.
    """
    expected = checks.finite_number("expected", expected)
    value = _as_number(got)
    if value is None:
        message = _("{case}: expected a number close to {expected:.6g}, got {got}. {hint}")
        raise Wrong(message.format(case=what, expected=expected, got=repr(got)[:80], hint=hint).strip())
    if not math.isclose(value, expected, rel_tol=1e-5, abs_tol=1e-6):
        message = _("{case}: expected {expected:.6g}, got {got:.6g}. {hint}")
        raise Wrong(message.format(case=what, expected=expected, got=value, hint=hint).strip())
