"""Tests of dqn_helpers.files: a file is replaced whole or not at all."""

import math
import os

import pytest

from dqn_helpers.files import archive_problem, atomic_path


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


def test_paths_may_be_text_and_must_name_a_file(tmp_path):
    with atomic_path(str(tmp_path / "a.txt")) as temporary:
        temporary.write_text("x")
    assert (tmp_path / "a.txt").read_text() == "x"
    assert archive_problem(str(tmp_path / "a.txt")).endswith("is not a PyTorch checkpoint (not a torch.save archive)")
    for path in (None, "", tmp_path, 5):
        with pytest.raises(ValueError, match=r"path must be the path of a file .* got"), atomic_path(path):
            pass
        with pytest.raises(ValueError, match=r"path must be the path of a file .* got"):
            archive_problem(path)
    for max_bytes in (-1, 0, math.nan, "x"):
        with pytest.raises(ValueError, match=f"max_bytes must be a whole number >= 1, got {max_bytes!r}"):
            archive_problem(tmp_path / "a.txt", max_bytes=max_bytes)
