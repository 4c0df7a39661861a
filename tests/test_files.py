"""Tests of dqn_helpers.files: a file is replaced whole or not at all."""

import os

import pytest

from dqn_helpers.files import atomic_path


def test_the_new_file_appears_only_when_writing_has_finished(tmp_path):
    target = tmp_path / "curve.png"
    target.write_text("old")
    with atomic_path(target) as temporary:
        assert temporary.parent == tmp_path and temporary.suffix == ".png" and temporary != target
        temporary.write_text("new")
        assert target.read_text() == "old"  # still the old one while writing
    assert target.read_text() == "new" and sorted(os.listdir(tmp_path)) == ["curve.png"]


def test_an_error_while_writing_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "history.json"
    target.write_text("old")
    with pytest.raises(KeyboardInterrupt), atomic_path(target) as temporary:
        temporary.write_text("half")
        raise KeyboardInterrupt  # a Ctrl-C in the middle
    assert target.read_text() == "old" and sorted(os.listdir(tmp_path)) == ["history.json"]
