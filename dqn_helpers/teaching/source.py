"""Show the package's own code in a notebook, so what learners read is what runs (never a copy)."""

from __future__ import annotations

import inspect
from typing import Any


def source_of(obj: Any) -> str:
    """The source code of a function, class or module from ``dqn_helpers`` (or anywhere)."""
    try:
        return inspect.getsource(obj)
    except (TypeError, OSError) as error:
        raise ValueError(f"no source code available for {obj!r}: {error}") from None


def show_source(obj: Any) -> Any:
    """A syntax-highlighted Markdown block with ``obj``'s source (the last line of a cell displays it)."""
    from IPython.display import Markdown

    return Markdown(f"```python\n{source_of(obj).rstrip()}\n```")
