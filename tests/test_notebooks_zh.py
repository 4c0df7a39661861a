"""The Chinese edition (notebooks/zh/): every English notebook has a Chinese twin whose code is the same.

Code cells are compared cell by cell as Python tokens with the comments dropped, so a comment may be
translated (or reworded) but any change to code, a string or a number fails, naming the notebook and
the cell. Blank lines and line breaks inside brackets do not count; a cell missing on one side does.
One difference is allowed, and spelled out by :func:`chinese_setup`: the Chinese setup cell adds
``[zh]`` to the Colab install (the CJK font), finds the package two folders up (``notebooks/zh/``),
and ends by switching the package's messages and plots to Chinese.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHINESE = sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb"))
SWITCH = 'from dqn_helpers import language\n\nlanguage.use("zh")'


def code_tokens(source: str) -> list[tuple[int, str]]:
    """The cell's Python tokens without comments and layout: what the cell *does*, not how it reads."""
    layout = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING}
    tokens = tokenize.generate_tokens(io.StringIO(source + "\n").readline)
    return [(token.type, token.string) for token in tokens if token.type not in layout]


def chinese_setup(english: str) -> str:
    """The Chinese notebooks' setup cell, made from the English one (comments aside)."""
    chinese = english.replace('f"dqn-helpers @ {url}"', 'f"dqn-helpers[zh] @ {url}"')
    chinese = chinese.replace('sys.path.insert(0, "..")', 'sys.path.insert(0, "../..")')
    return f"{chinese}\n\n{SWITCH}\n"


def code_cells(ipynb: Path) -> list[str]:
    return [c.source for c in nbformat.read(ipynb, as_version=4).cells if c.cell_type == "code"]


def first_difference(english: list[tuple[int, str]], chinese: list[tuple[int, str]]) -> str:
    for i, (a, b) in enumerate(zip(english, chinese, strict=False)):
        if a != b:
            return f"token {i}: English has {a[1]!r}, Chinese has {b[1]!r}"
    shorter = "Chinese" if len(chinese) < len(english) else "English"
    return f"the {shorter} cell stops after {min(len(english), len(chinese))} tokens"


def test_every_english_notebook_has_a_chinese_twin():
    assert [p.name for p in CHINESE] == [p.name for p in ENGLISH], "notebooks/zh/ needs one twin per notebook"


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.name)
def test_code_cells_are_the_english_ones(english):
    chinese = english.parent / "zh" / english.name
    assert chinese.exists(), f"notebooks/zh/{english.name} is missing"
    ours, theirs = code_cells(english), code_cells(chinese)
    assert len(ours) == len(theirs), (
        f"{english.name}: {len(ours)} code cells in English, {len(theirs)} in notebooks/zh/ (a cell is missing)"
    )
    ours[0] = chinese_setup(ours[0])
    for number, (a, b) in enumerate(zip(ours, theirs, strict=True), start=1):
        ta, tb = code_tokens(a), code_tokens(b)
        assert ta == tb, (
            f"zh/{english.name}, code cell {number} (starts {b.strip().splitlines()[0][:60]!r}): "
            f"its code differs from the English cell: {first_difference(ta, tb)}"
        )


@pytest.mark.parametrize("chinese", CHINESE, ids=lambda p: p.name)
def test_solution_cells_keep_their_tags_and_colab_title(chinese):
    english = chinese.parent.parent / chinese.name
    tags = [
        (c.metadata.get("tags", []), c.metadata.get("jupyter", {}))
        for c in nbformat.read(english, as_version=4).cells
        if c.cell_type == "code"
    ]
    cells = [c for c in nbformat.read(chinese, as_version=4).cells if c.cell_type == "code"]
    assert [(c.metadata.get("tags", []), c.metadata.get("jupyter", {})) for c in cells] == tags, (
        f"zh/{chinese.name}: code cells' tags and hidden flags must be the English ones"
    )
    for cell in cells:
        if "solution" in cell.metadata.get("tags", []):
            assert cell.source.startswith("# @title"), f"zh/{chinese.name}: '# @title' hides the solution on Colab"


def test_the_comparison_catches_a_changed_string_and_ignores_a_translated_comment():
    english = 'x = 1  # one\nprint("ok")\n'
    assert code_tokens(english) == code_tokens('x = 1  # 一\nprint("ok")\n')
    assert code_tokens(english) != code_tokens('x = 1  # one\nprint("好")\n')
    assert code_tokens(english) != code_tokens("x = 2  # one\nprint('ok')\n")
    assert re.search(r"\[zh\]", chinese_setup('f"dqn-helpers @ {url}"'))
