"""Tests of dqn_helpers.tools.site (`make html`): the static site executes the notebooks and links them together."""

import re
from pathlib import Path

import pytest

from dqn_helpers.tools.site import _link_pages, build_site, notebook_paths

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_notebook_selection_by_number_or_name():
    every = notebook_paths(NOTEBOOKS)
    assert [path.stem[:2] for path in every] == ["00", "01", "02", "03", "04", "05", "06"]
    assert notebook_paths(NOTEBOOKS, ["03", "00_cartpole", "03"]) == [every[3], every[0]]
    with pytest.raises(ValueError, match=r"no notebook '09'; choose from \['00_cartpole'"):
        notebook_paths(NOTEBOOKS, ["09"])


def test_links_between_notebooks_point_to_the_pages():
    body = '<a href="01_replay_memory.ipynb">next</a> <a href="../notebooks/03_q_network.ipynb#x">03</a>'
    assert _link_pages(body, ["01_replay_memory", "03_q_network"]) == (
        '<a href="01_replay_memory.html">next</a> <a href="03_q_network.html#x">03</a>'
    )
    translations = '<a href="zh/01_replay_memory.ipynb">中文版</a> <a href="../01_replay_memory.ipynb">English</a>'
    assert _link_pages(translations, ["01_replay_memory"]) == (
        '<a href="zh/01_replay_memory.html">中文版</a> <a href="../01_replay_memory.html">English</a>'
    )


def test_site_of_one_notebook_is_executed(tmp_path):
    index = build_site(NOTEBOOKS, tmp_path, only=["00"], progress=lambda _line: None)
    page = (tmp_path / "00_cartpole.html").read_text()
    assert page.count("jp-OutputArea-output") > 10  # the cells ran: their outputs are in the page
    assert "data:image/png;base64," in page  # figures included
    assert "Traceback" not in page
    listing = index.read_text()
    minutes = re.search(r"\*\*Time:\*\* about (\d+) minutes", (NOTEBOOKS / "00_cartpole.py").read_text()).group(1)
    assert f'<a href="00_cartpole.html">00 · CartPole: the task</a> <small>(about {minutes} minutes)</small>' in listing
    assert '<a href="zh/index.html" lang="zh-Hans">中文版</a>' in listing
    # the Chinese edition, in zh/: executed too, and each page links to its translation
    chinese = (tmp_path / "zh" / "00_cartpole.html").read_text()
    assert chinese.count("jp-OutputArea-output") > 10 and "Traceback" not in chinese
    assert 'href="../00_cartpole.html"' in chinese and 'href="zh/00_cartpole.html"' in page
    zh_listing = (tmp_path / "zh" / "index.html").read_text()
    assert f"<small>(约 {minutes} 分钟)</small>" in zh_listing and '<a href="../index.html" lang="en">' in zh_listing


def test_no_notebooks_is_an_error_not_an_empty_site(tmp_path):
    with pytest.raises(ValueError, match=r"no notebooks .* run from a clone"):
        build_site(tmp_path / "nowhere", tmp_path / "out", progress=lambda _line: None)
    assert not (tmp_path / "out").exists()
