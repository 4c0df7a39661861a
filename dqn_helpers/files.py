"""Writing files so that a crash, a full disk or a second Ctrl-C never leaves half a file.

:func:`atomic_path` hands out a temporary name beside the real one; only when the writing has
finished is the temporary file renamed over the real one (``os.replace``, atomic on one file
system). A reader sees the old file or the new one, never a mixture, and an interrupted write
leaves the old file as it was.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; when the block ends without an error, rename it to ``path``.

    The temporary file keeps the suffix (``.name.12345.tmp.png``), so tools that choose a format by
    the file name still do. On an error it is deleted and ``path`` is left untouched.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = Path(folder) / "notes.txt"
    ...     with atomic_path(target) as temporary:
    ...         _ = temporary.write_text("done")
    ...     target.read_text(), sorted(p.name for p in Path(folder).iterdir())
    ('done', ['notes.txt'])
    """
    path = Path(path)
    temporary = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
