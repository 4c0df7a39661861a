"""Files in and out: results written whole, and a first look at a file before torch reads it.

:func:`atomic_path` hands out a temporary name beside the real one; only when the writing has
finished is the temporary file renamed over the real one (``os.replace``, atomic on one file
system). A reader sees the old file or the new one, never a mixture, and an interrupted write
leaves the old file as it was.

:func:`archive_problem` looks at a file that should be a ``torch.save`` archive (a zip file) without
importing torch, so a command can refuse a wrong file at once.
"""

from __future__ import annotations

import contextlib
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

from dqn_helpers import checks


def file_path(name: str, path: object) -> Path:
    """``path`` as a :class:`~pathlib.Path` if it names a file (a ``str`` or a path, not empty, not a folder)."""
    if not isinstance(path, str | os.PathLike) or not str(path) or Path(path).is_dir():
        raise ValueError(f"{name} must be the path of a file (a str or a pathlib.Path, not a folder), got {path!r}")
    return Path(path)


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
    path = file_path("path", path)
    temporary = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


ZIP_MAGIC = b"PK\x03\x04"  # the first bytes of a zip archive, which torch.save writes
CHECKPOINT_MAX_BYTES = 256 * 2**20  # 256 MB: two networks of the widest DQNConfig allows (hidden 4096), twice


def archive_problem(path: str | Path, max_bytes: int | None = None) -> str | None:
    """Why ``path`` cannot be a checkpoint: not a ``torch.save`` archive, or over ``max_bytes`` on disk or unpacked.

    ``None`` if it may be one (:func:`dqn_helpers.checkpoint.load_checkpoint` then reads it).
    """
    path = file_path("path", path)
    max_bytes = CHECKPOINT_MAX_BYTES if max_bytes is None else checks.whole_number("max_bytes", max_bytes)
    name = repr(str(path))
    if not path.is_file():
        return f"no checkpoint file at {name}"
    if path.stat().st_size > max_bytes:
        return f"{name} is {path.stat().st_size:_} bytes; a checkpoint is at most {max_bytes:_}"
    with path.open("rb") as f:
        starts_as_zip = f.read(len(ZIP_MAGIC)) == ZIP_MAGIC
    if not starts_as_zip or not zipfile.is_zipfile(path):  # torch.save writes a zip archive, from byte 0
        hint = " (it has bytes in front of one)" if zipfile.is_zipfile(path) else ""
        return f"{name} is not a PyTorch checkpoint (not a torch.save archive{hint})"
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        return f"{name} is a damaged archive ({error})"
    if unpacked > max_bytes:
        return f"{name} unpacks to {unpacked:_} bytes; a checkpoint is at most {max_bytes:_}"
    return None
