"""What the commands do so that no work is lost: check where results go first, and finish writing them.

Before a command starts minutes of work, :func:`check_folder` and :func:`check_file` make sure its
results can be written there: the place is (or can become) a folder or file, it is writable, and
it does not already hold results that would be replaced without ``--force``. Each problem is one
sentence; the command prints it and exits with status 2 at once.

While the work runs, :class:`Interruptions` turns Ctrl-C (SIGINT), SIGTERM (``kill``, a job
scheduler) and SIGHUP (a closed terminal) into a request to stop: training ends within one step and
the command writes what was learned. Later signals are noted and ignored, so a second Ctrl-C while
the files are written cannot cut them short. The exit status is then the shells' convention for a
process ended by a signal, 128 + its number (130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP).
"""

from __future__ import annotations

import signal
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

# Signals that ask a command to stop (SIGHUP does not exist on Windows).
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


def _writable(folder: Path, option: str) -> str | None:
    """Create ``folder`` (and its parents) if needed and write a scratch file in it; a problem, or None."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        return f"cannot write to {option} {str(folder)!r} ({error.strerror or error})"
    return None


def check_folder(folder: Path, results: Sequence[str], force: bool, option: str = "--out") -> str | None:
    """Can a command write ``results`` (file names) into ``folder``? A one-sentence problem, or None.

    ``folder`` is created if it does not exist. A folder that already holds any of ``results`` is
    refused unless ``force`` (the files are then replaced, each whole, when the new ones are ready).
    """
    name = repr(str(folder))
    if folder.exists() and not folder.is_dir():
        return f"{option} {name} is a file, not a folder"
    for parent in folder.parents:
        if parent.exists() and not parent.is_dir():
            return f"cannot create {option} {name}: {str(parent)!r} is a file"
    present = [result for result in results if (folder / result).exists()]
    blocked = [result for result in present if (folder / result).is_dir()]
    if blocked:
        return f"{option} {name} has a folder where the result {blocked[0]!r} goes; move it away first"
    if present and not force:
        return (
            f"{option} {name} already holds results ({', '.join(present)}); "
            f"add --force to replace them, or choose another {option}"
        )
    return _writable(folder, option)


def check_file(path: Path, force: bool, option: str = "--out") -> str | None:
    """Can a command write the file ``path``? A one-sentence problem, or None (see :func:`check_folder`)."""
    name = repr(str(path))
    if path.is_dir():
        return f"{option} {name} is a folder; give a file name"
    if path.exists() and not force:
        return f"{option} {name} already exists; add --force to replace it, or choose another {option}"
    for parent in path.parents:
        if parent.exists() and not parent.is_dir():
            return f"cannot create {option} {name}: {str(parent)!r} is a file"
    return _writable(path.parent, option)


class Interruptions:
    """Within a ``with`` block, SIGINT, SIGTERM and SIGHUP set :attr:`stop` instead of ending the process.

    The first signal is kept in :attr:`received`; later ones change nothing. The handlers in place
    before the block come back after it. Use it from the main thread (Python delivers signals there).

    >>> with Interruptions() as interruptions:
    ...     signal.raise_signal(signal.SIGTERM)
    >>> interruptions.stop.is_set(), interruptions.received == signal.SIGTERM, interruptions.exit_status(0)
    (True, True, 143)
    """

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.received: int | None = None
        self._previous: dict[int, Any] = {}

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.received is None:
            self.received = signum
        self.stop.set()

    def __enter__(self) -> Interruptions:
        for signum in STOP_SIGNALS:
            self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    @property
    def name(self) -> str:
        """The first signal's name (``"SIGTERM"``), or ``""``."""
        return "" if self.received is None else signal.Signals(self.received).name

    def exit_status(self, status: int) -> int:
        """``status``, or 128 + the signal's number if one came (the shells' convention)."""
        return status if self.received is None else 128 + self.received
