"""Tests of dqn_helpers.teaching.selfcheck: one line per check — passed, wrong, crashed or not attempted."""

import re

import numpy as np
import pytest
import torch

from dqn_helpers.teaching.selfcheck import Wrong, expect_close, run_check


def test_every_case_passing_prints_what_was_checked(capsys):
    assert run_check("demo", lambda: iter(["shapes", "values"])) is True
    assert capsys.readouterr().out == "✓ demo: all 2 checks passed (shapes; values).\n"


def test_the_first_wrong_case_is_the_message(capsys):
    def cases():
        yield "shapes"
        raise Wrong("expected 3, got 4")

    assert run_check("demo", cases) is False
    assert capsys.readouterr().out == "✗ demo: expected 3, got 4\n"


def test_an_untouched_stub_is_not_attempted_and_a_crash_is_named(capsys):
    def stub():
        raise NotImplementedError
        yield  # a generator, like every check

    def crash():
        yield str(1 / 0)

    assert run_check("demo", stub) is False
    assert "… demo: not attempted yet" in capsys.readouterr().out
    assert run_check("demo", crash) is False
    assert capsys.readouterr().out == "✗ demo: your function raised ZeroDivisionError: division by zero\n"


def test_expect_close_takes_numbers_and_one_element_tensors():
    expect_close(torch.tensor(0.1 + 0.2), 0.3, "sum")
    with pytest.raises(Wrong, match=r"at step 0: expected 0.9, got 0.8. ε starts at EPS_START."):
        expect_close(0.8, 0.9, "at step 0", "ε starts at EPS_START.")


def test_expect_close_takes_numpy_numbers_and_one_element_arrays():
    expect_close(np.float32(0.5), 0.5, "half")
    expect_close(np.array([0.5]), np.float64(0.5), "half")


@pytest.mark.parametrize(
    ("got", "shown"), [(torch.ones(2), "tensor([1., 1.])"), ("a", "'a'"), (None, "None"), (True, "True")]
)
def test_an_answer_that_is_not_one_number_is_wrong(got, shown):
    with pytest.raises(Wrong, match=re.escape(f"x: expected a number close to 1, got {shown}. a hint")):
        expect_close(got, 1.0, "x", "a hint")


@pytest.mark.parametrize("expected", [float("nan"), float("inf"), "1", None])
def test_the_expected_value_must_be_a_finite_number(expected):
    with pytest.raises(ValueError, match=re.escape(f"expected must be a finite number, got {expected!r}")):
        expect_close(1.0, expected, "x")
