"""The notebooks as files: each .ipynb agrees with its jupytext .py pair, carries no outputs, and has
the parts every notebook of the course promises (badges, time, objectives, set-up, exercise, summary),
in English (notebooks/) and in Chinese (notebooks/zh/; their code is compared in test_notebooks_zh.py).
Running them is nbval's job (`pytest --nbval-lax notebooks/`, part of `make test`)."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
import pytest
import tomllib

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
ENGLISH = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
IPYNBS = ENGLISH + sorted((NOTEBOOKS / "zh").glob("[0-9][0-9]_*.ipynb"))
PYS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py")) + sorted((NOTEBOOKS / "zh").glob("[0-9][0-9]_*.py"))
# What each edition's title cell and headings say: (time, objectives, exercise, summary, next, translation link)
PROMISES = {
    "en": (
        r"\*\*Time:\*\* about (\d+) minutes",
        "## Learning objectives",
        "## Exercise",
        "## Summary",
        "## Next",
        "[中文版](zh/{})",
    ),
    "zh": (
        r"\*\*时间：\*\* 约 (\d+) 分钟",
        "## 学习目标",
        "## 练习",
        "## 小结",
        "## 下一步",
        "[English version](../{})",
    ),
}


def name(ipynb: Path) -> str:
    """``zh/00_cartpole.ipynb`` for a Chinese notebook, ``00_cartpole.ipynb`` for an English one."""
    return str(ipynb.relative_to(NOTEBOOKS))


def edition(ipynb: Path) -> str:
    return "zh" if ipynb.parent.name == "zh" else "en"


REPOSITORY = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
SLUG = REPOSITORY.removeprefix("https://github.com/")


def test_there_are_notebooks_and_every_one_has_its_pair():
    assert IPYNBS, "no notebooks found"
    assert [name(p.with_suffix("")) for p in IPYNBS] == [name(p.with_suffix("")) for p in PYS], (
        "each NN_name.ipynb needs NN_name.py and vice versa"
    )


@pytest.mark.parametrize("ipynb", IPYNBS, ids=name)
def test_pair_agrees(ipynb):
    py = ipynb.with_suffix(".py")
    expected = jupytext.writes(jupytext.read(ipynb), fmt="py:percent")
    assert expected == py.read_text(encoding="utf-8"), (
        f"{name(ipynb)} and its .py differ: edit the .py, then run `make notebooks` (jupytext --sync)"
    )


@pytest.mark.parametrize("ipynb", IPYNBS, ids=name)
def test_committed_without_outputs(ipynb):
    notebook = nbformat.read(ipynb, as_version=4)
    dirty = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"{name(ipynb)}: cells {dirty} have outputs; clear them (jupytext --sync from the .py does)"


def cells(ipynb: Path) -> list:
    return nbformat.read(ipynb, as_version=4).cells


@pytest.mark.parametrize("ipynb", IPYNBS, ids=name)
def test_has_what_every_notebook_promises(ipynb):
    notebook = cells(ipynb)
    title = notebook[0].source
    number = ipynb.name[:2]
    time, objectives, exercise, summary, following, translation = PROMISES[edition(ipynb)]
    assert notebook[0].cell_type == "markdown" and title.startswith(f"# {number} · "), f"{name(ipynb)}: title"
    colab = f"https://colab.research.google.com/github/{SLUG}/blob/main/notebooks/{name(ipynb)}"
    binder = f"https://mybinder.org/v2/gh/{SLUG}/main?urlpath=lab/tree/notebooks/{name(ipynb)}"
    assert colab in title and binder in title, f"{name(ipynb)}: the Colab and Binder badges must point to this file"
    assert translation.format(ipynb.name) in title, f"{name(ipynb)}: a link to its translation"
    minutes = re.search(time, title)
    assert minutes, f"{name(ipynb)}: the time estimate"
    english = cells(NOTEBOOKS / ipynb.name)[0].source
    assert minutes[1] == re.search(PROMISES["en"][0], english)[1], f"{name(ipynb)}: the English time estimate"
    assert objectives in title, f"{name(ipynb)}: learning objectives"
    markdown = "\n".join(c.source for c in notebook if c.cell_type == "markdown")
    for heading in (exercise, summary):
        assert heading in markdown, f"{name(ipynb)}: missing {heading!r}"
    if ipynb.name != ENGLISH[-1].name:
        assert following in markdown, f"{name(ipynb)}: missing a pointer to the next notebook"


@pytest.mark.parametrize("ipynb", IPYNBS, ids=name)
def test_setup_cell_is_plain_python_and_installs_only_on_colab(ipynb):
    setup = next(c for c in cells(ipynb) if c.cell_type == "code")
    assert 'importlib.util.find_spec("dqn_helpers")' in setup.source
    assert '"google.colab" in sys.modules' in setup.source
    assert f"git+{REPOSITORY}" in setup.source
    assert "%pip" not in setup.source and "!pip" not in setup.source  # jupytext would comment them out
    assert "torch" not in setup.source.split("pip")[-1]  # never (re)install torch on Colab


# What an older Colab image already has (mid-2024; newer images have newer versions). The setup
# cell's `pip install` must accept these as they are: reinstalling torch, ipywidgets or numpy in a
# running Colab kernel forces a restart (or breaks the session).
COLAB_PREINSTALLED = {"torch": "2.4.0+cu121", "ipywidgets": "7.7.1", "numpy": "1.26.4", "matplotlib": "3.7.1"}


def test_colab_keeps_its_torch_ipywidgets_and_numpy():
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = {Requirement(line).name: Requirement(line) for line in project["dependencies"]}
    for name, version in COLAB_PREINSTALLED.items():
        assert requirements[name].specifier.contains(version, prereleases=True), (
            f"pyproject's {requirements[name]} would make pip replace Colab's {name} {version}"
        )
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            requirement = Requirement(line)
            if requirement.name in COLAB_PREINSTALLED:
                assert requirement.specifier.contains(COLAB_PREINSTALLED[requirement.name], prereleases=True), line


@pytest.mark.parametrize("ipynb", IPYNBS, ids=name)
def test_exercise_has_a_stub_a_self_check_and_a_hidden_solution(ipynb):
    code = [c for c in cells(ipynb) if c.cell_type == "code"]
    assert any("raise NotImplementedError" in c.source for c in code), f"{name(ipynb)}: an exercise stub"
    assert any(re.search(r"\bcheck_\w+\(", c.source) for c in code), f"{name(ipynb)}: a self-check call"
    solutions = [c for c in code if "solution" in c.metadata.get("tags", [])]
    assert solutions, f"{name(ipynb)}: a solution cell tagged 'solution'"
    for cell in solutions:
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, f"{name(ipynb)}: hide the solution"
        assert cell.source.startswith("# @title"), f"{name(ipynb)}: '# @title' hides the solution on Colab"
        assert re.search(r"assert check_\w+\(", cell.source), f"{name(ipynb)}: the solution must pass its check"


@pytest.mark.parametrize("ipynb", IPYNBS, ids=name)
def test_notebook_asserts_what_it_claims(ipynb):
    asserts = sum(len(re.findall(r"^\s*assert ", c.source, re.M)) for c in cells(ipynb) if c.cell_type == "code")
    assert asserts >= 3, f"{name(ipynb)}: only {asserts} asserts; check the claims the prose makes"


@pytest.mark.parametrize(("readme", "minutes"), [("README.md", r"\d+ min"), ("README.zh.md", r"\d+ 分钟")])
def test_readme_lists_every_notebook_with_its_time(readme, minutes):
    text = (ROOT / readme).read_text(encoding="utf-8")
    for ipynb in IPYNBS:
        if (readme == "README.zh.md") != (edition(ipynb) == "zh"):
            continue
        rows = (line for line in text.splitlines() if line.startswith("| ") and f"notebooks/{name(ipynb)})" in line)
        row = next(rows, None)
        assert row is not None, f"{readme}'s notebook table has no row for {name(ipynb)}"
        assert re.search(minutes, row), f"{readme} row of {name(ipynb)} needs its time"
