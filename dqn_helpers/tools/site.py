"""A static, executed HTML rendering of the series, for reading without running (``make html``).

Each notebook runs top to bottom in a fresh kernel (working directory ``notebooks/``, as in the
course), and is written as ``NN_name.html`` beside an ``index.html`` that lists them with their
titles and times. Links between notebooks point to the HTML pages. The widgets' last state is saved
in the page, so with an internet connection (the widget renderer loads from a CDN) the explorers
show their plots; the sliders do not recompute anything — run the notebooks for that.

Needs nbclient and nbconvert (in ``requirements-lock.txt``).
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from dqn_helpers.files import atomic_path

NOTEBOOK_NAME = re.compile(r"\d\d_[a-z0-9_]+")


def notebook_paths(folder: Path, only: Sequence[str] | None = None) -> list[Path]:
    """The series' notebooks in ``folder``, in order, or those whose number or name is in ``only`` (``"03"``)."""
    every = sorted(path for path in folder.glob("[0-9][0-9]_*.ipynb") if NOTEBOOK_NAME.fullmatch(path.stem))
    if not only:
        return every
    chosen: list[Path] = []
    for wanted in only:
        matches = [path for path in every if path.stem == wanted or path.stem.split("_")[0] == wanted]
        if not matches:
            raise ValueError(f"no notebook {wanted!r}; choose from {[path.stem for path in every]} or their numbers")
        chosen.extend(match for match in matches if match not in chosen)
    return chosen


def _title_and_time(cells: list) -> tuple[str, str]:
    text = next((cell.source for cell in cells if cell.cell_type == "markdown"), "")
    title = next((line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("# ")), "")
    minutes = re.search(r"\*\*Time:\*\*\s*([^\n]+)", "\n".join(c.source for c in cells if c.cell_type == "markdown"))
    return title, (minutes[1].strip() if minutes else "")


def _link_pages(body: str, stems: Sequence[str]) -> str:
    """Links to ``NN_name.ipynb`` (relative, as in the notebooks) point to ``NN_name.html``."""
    for stem in stems:
        body = re.sub(rf'href="(?:\.\./)?(?:notebooks/)?{stem}\.ipynb', f'href="{stem}.html', body)
    return body


def build_site(
    notebooks: Path,
    out: Path,
    only: Sequence[str] | None = None,
    timeout: float = 900,
    progress: Callable[[str], None] = print,
) -> Path:
    """Execute the notebooks in the folder ``notebooks`` and write their pages and an index to ``out``.

    Writes ``out/NN_name.html`` and ``out/index.html``, and returns the index.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    paths = notebook_paths(notebooks, only)
    if not paths:
        raise ValueError(
            f"no notebooks (NN_name.ipynb) in {str(notebooks)!r}: run from a clone of the course's repository"
        )
    out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    every_stem = [path.stem for path in notebook_paths(notebooks)]  # links go to every notebook's page
    rows = []
    for path in paths:
        started = time.perf_counter()
        progress(f"running {path.name} …")
        notebook = nbformat.read(path, as_version=4)
        NotebookClient(
            notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
        body, _ = exporter.from_notebook_node(notebook)
        page = out / f"{path.stem}.html"
        with atomic_path(page) as temporary:
            temporary.write_text(_link_pages(body, every_stem))
        title, minutes = _title_and_time(notebook.cells)
        rows.append((page.name, title or path.stem, minutes))
        progress(f"  wrote {page} ({time.perf_counter() - started:.0f} s)")
    items = "\n".join(
        f'<li><a href="{html.escape(name)}">{html.escape(title)}</a>'
        + (f" <small>({html.escape(minutes)})</small>" if minutes else "")
        + "</li>"
        for name, title, minutes in rows
    )
    index = out / "index.html"
    with atomic_path(index) as temporary:
        temporary.write_text(_index_page(items))
    progress(f"wrote {index}")
    return index


def _index_page(items: str) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Deep Q-Learning on CartPole — the series</title>
<style>body {{ font-family: sans-serif; max-width: 48em; margin: 2em auto; line-height: 1.5 }}</style></head>
<body>
<h1>Deep Q-Learning on CartPole, step by step</h1>
<p>The notebooks as they run, executed on {time.strftime("%Y-%m-%d")} with <code>make html</code>.
This is for reading: the sliders and buttons do not compute anything here.
To play, open the notebooks in JupyterLab, on Colab or on Binder (see the README).</p>
<ul>
{items}
</ul>
</body></html>
"""
