"""A static, executed HTML rendering of the series, for reading without running (``make html``).

Each notebook runs top to bottom in a fresh kernel (working directory: its folder, as in the
course), and is written as ``NN_name.html`` beside an ``index.html`` that lists them with their
titles and times; the Chinese edition (``notebooks/zh/``) goes to ``zh/`` the same way. Links between
notebooks point to the HTML pages, so each page links to its translation (the notebooks link to
each other: ``zh/NN_name.ipynb`` and ``../NN_name.ipynb``), and each index to the other.
The widgets' last state is saved in the page, so with an internet connection (the widget renderer
loads from a CDN) the explorers show their plots; the sliders do not recompute anything — run the notebooks for that.

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
    markdown = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    minutes = re.search(r"\*\*(?:Time:|时间：)\*\*\s*([^\n]+)", markdown)
    return title, (minutes[1].strip() if minutes else "")


def _link_pages(body: str, stems: Sequence[str]) -> str:
    """Links to ``NN_name.ipynb`` point to ``NN_name.html``, in the same place relative to the page.

    ``zh/NN_name.ipynb`` and ``../NN_name.ipynb`` link a page and its translation.
    """
    for stem in stems:
        body = re.sub(
            rf'href="(?:(?:\.\./)?notebooks/)?((?:\.\./|zh/)?){stem}\.ipynb', rf'href="\g<1>{stem}.html', body
        )
    return body


def build_site(
    notebooks: Path,
    out: Path,
    only: Sequence[str] | None = None,
    timeout: float = 900,
    progress: Callable[[str], None] = print,
) -> Path:
    """Execute the notebooks in the folder ``notebooks`` and write their pages and an index to ``out``.

    Writes ``out/NN_name.html`` and ``out/index.html``, then the same for ``notebooks/zh/`` (if it
    exists) in ``out/zh/``; returns the English index.
    """
    index = _build_pages(notebooks, out, only, timeout, progress, "en")
    if (notebooks / "zh").is_dir() and notebook_paths(notebooks / "zh"):
        _build_pages(notebooks / "zh", out / "zh", only, timeout, progress, "zh")
    return index


def _build_pages(
    notebooks: Path,
    out: Path,
    only: Sequence[str] | None,
    timeout: float,
    progress: Callable[[str], None],
    language: str,
) -> Path:
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
        temporary.write_text(_index_page(items) if language == "en" else _index_page_zh(items))
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
To play, open the notebooks in JupyterLab, on Colab or on Binder (see the README).
<a href="zh/index.html" lang="zh-Hans">中文版</a></p>
<ul>
{items}
</ul>
</body></html>
"""


def _index_page_zh(items: str) -> str:
    return f"""<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>CartPole 上的深度 Q 学习——系列笔记本</title>
<style>body {{ font-family: sans-serif; max-width: 48em; margin: 2em auto; line-height: 1.7 }}</style></head>
<body>
<h1>一步一步学 CartPole 上的深度 Q 学习（DQN）</h1>
<p>这些笔记本运行后的样子，于 {time.strftime("%Y-%m-%d")} 用 <code>make html</code> 执行生成。
这里只供阅读：滑块和按钮不会重新计算。想动手，请在 JupyterLab、Colab 或 Binder 中打开笔记本（见 README.zh.md）。
<a href="../index.html" lang="en">English</a></p>
<ul>
{items}
</ul>
</body></html>
"""
