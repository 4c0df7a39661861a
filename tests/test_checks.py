"""Tests of dqn_helpers.checks: each argument check's returned value and type, its boundaries and its message."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dqn_helpers.checks import (
    MAX_SEED,
    boolean,
    finite_number,
    number_in,
    one_of,
    positive_number,
    positive_number_or_none,
    seed,
    whole_number,
)


def message(check, *args, **kwargs):
    """The ValueError message of ``check(*args, **kwargs)``."""
    with pytest.raises(ValueError) as error:
        check(*args, **kwargs)
    return str(error.value)


# whole_number


@pytest.mark.parametrize("value", [3, np.int64(3), np.int32(3), np.uint8(3)])
def test_whole_number_returns_a_plain_int(value):
    result = whole_number("n", value)
    assert result == 3 and type(result) is int


def test_whole_number_accepts_its_minimum_and_refuses_one_below():
    assert whole_number("n", 1) == 1  # the default minimum is 1
    assert whole_number("n", 0, minimum=0) == 0
    assert whole_number("n", -2, minimum=-2) == -2
    assert message(whole_number, "n", 0) == "n must be a whole number >= 1, got 0"
    assert message(whole_number, "step", -1, minimum=0) == "step must be a whole number >= 0, got -1"
    assert message(whole_number, "n", np.int64(4), minimum=5) == "n must be a whole number >= 5, got np.int64(4)"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (True, "True"),  # a bool is not a number here, although True == 1
        (False, "False"),
        (2.0, "2.0"),  # a float is refused even when it is whole
        (np.float32(2.0), repr(np.float32(2.0))),
        ("3", "'3'"),
        (None, "None"),
        (float("nan"), "nan"),
        (float("inf"), "inf"),
    ],
)
def test_whole_number_refuses_anything_but_an_integer(value, shown):
    assert (
        message(whole_number, "batch_size", value, minimum=0) == f"batch_size must be a whole number >= 0, got {shown}"
    )


# A value of any of these kinds; whole_number must accept exactly the integers (Python or NumPy, not bool).
ANY_VALUE = st.one_of(
    st.integers(),
    st.integers(-(2**63), 2**63 - 1).map(np.int64),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=3),
    st.none(),
)


@given(value=ANY_VALUE, minimum=st.integers(-5, 5))
def test_whole_number_accepts_exactly_the_integers_from_the_minimum(value, minimum):
    is_integer = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if is_integer and value >= minimum:
        result = whole_number("n", value, minimum)
        assert type(result) is int and result == value
    else:
        assert message(whole_number, "n", value, minimum) == f"n must be a whole number >= {minimum}, got {value!r}"


# number_in


@pytest.mark.parametrize("value", [1, np.int64(1), np.float32(0.5), 0.25])
def test_number_in_returns_a_plain_float(value):
    result = number_in("p", value, 0, 1)
    assert result == float(value) and type(result) is float


def test_number_in_includes_both_ends_unless_low_is_open():
    assert number_in("gamma", 0, 0, 1) == 0.0 and number_in("gamma", 1, 0, 1) == 1.0
    assert number_in("tau", 1.0, 0, 1, low_open=True) == 1.0  # (0, 1]: the high end is still in
    assert number_in("tau", 1e-12, 0, 1, low_open=True) == 1e-12
    assert message(number_in, "tau", 0.0, 0, 1, low_open=True) == "tau must be a number in (0, 1], got 0.0"
    assert message(number_in, "gamma", 1.01, 0, 1) == "gamma must be a number in [0, 1], got 1.01"
    assert message(number_in, "gamma", -0.1, 0, 1) == "gamma must be a number in [0, 1], got -0.1"


def test_number_in_adds_its_note_in_parentheses():
    assert (
        message(number_in, "eps", 1.5, 0, 1, note="a probability")
        == "eps must be a number in [0, 1] (a probability), got 1.5"
    )
    assert (
        message(number_in, "tau", 0, 0, 1, low_open=True, note="1 = copy the policy net")
        == "tau must be a number in (0, 1] (1 = copy the policy net), got 0"
    )
    assert message(number_in, "x", 5, 0, 1e-3) == "x must be a number in [0, 0.001], got 5"  # ends shown with :g


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (True, "True"),
        (False, "False"),
        (float("nan"), "nan"),
        (float("inf"), "inf"),
        (float("-inf"), "-inf"),
        ("0.5", "'0.5'"),
        (None, "None"),
    ],
)
def test_number_in_refuses_bools_non_finite_values_and_non_numbers(value, shown):
    assert message(number_in, "p", value, -math.inf, math.inf) == f"p must be a number in [-inf, inf], got {shown}"


# positive_number


@pytest.mark.parametrize("value", [2, np.int64(2), np.float64(2.0), 2.0])
def test_positive_number_returns_a_plain_float(value):
    result = positive_number("lr", value)
    assert result == 2.0 and type(result) is float


def test_positive_number_refuses_zero_and_accepts_just_above():
    assert positive_number("lr", 1e-300) == 1e-300
    assert message(positive_number, "lr", 0.0) == "lr must be a number > 0, got 0.0"
    assert message(positive_number, "lr", -1e-3) == "lr must be a number > 0, got -0.001"
    assert message(positive_number, "eps_decay", 0, note="steps") == "eps_decay must be a number > 0 (steps), got 0"


@pytest.mark.parametrize(
    ("value", "shown"),
    [(True, "True"), (float("nan"), "nan"), (float("inf"), "inf"), ("1", "'1'"), (None, "None")],
)
def test_positive_number_refuses_bools_non_finite_values_and_non_numbers(value, shown):
    assert message(positive_number, "lr", value) == f"lr must be a number > 0, got {shown}"


# positive_number_or_none


def test_positive_number_or_none_passes_none_and_returns_a_plain_float():
    assert positive_number_or_none("grad_clip_norm", None) is None
    result = positive_number_or_none("grad_clip_norm", np.int64(10))
    assert result == 10.0 and type(result) is float
    assert positive_number_or_none("grad_clip_norm", 1e-300) == 1e-300


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, "0"), (-1.0, "-1.0"), (True, "True"), (float("nan"), "nan"), (float("inf"), "inf"), ("1", "'1'")],
)
def test_positive_number_or_none_refuses_the_rest(value, shown):
    expected = f"grad_clip_value must be a number > 0 or None, got {shown}"
    assert message(positive_number_or_none, "grad_clip_value", value) == expected


# one_of


def test_one_of_returns_the_value_itself():
    value = "tutorial"
    assert one_of("preset", value, {"default", "tutorial"}) is value
    assert one_of("loss", "mse", ("huber", "mse")) == "mse"


def test_one_of_lists_the_allowed_values_sorted():
    assert (
        message(one_of, "preset", "fast", {"tutorial", "default"})
        == "preset must be one of ['default', 'tutorial'], got 'fast'"
    )
    assert message(one_of, "action", 2, [1, 0]) == "action must be one of [0, 1], got 2"


# boolean


@pytest.mark.parametrize("value", [True, False])
def test_boolean_returns_true_or_false(value):
    assert boolean("double_dqn", value) is value


@pytest.mark.parametrize(("value", "shown"), [(0, "0"), (1, "1"), ("yes", "'yes'"), (None, "None"), (1.0, "1.0")])
def test_boolean_refuses_numbers_and_strings(value, shown):
    assert message(boolean, "double_dqn", value) == f"double_dqn must be True or False, got {shown}"


def test_whole_number_with_a_maximum_names_the_range():
    assert whole_number("n", 4096, 1, 4096) == 4096
    assert message(whole_number, "hidden", 4097, 1, 4096) == "hidden must be a whole number in 1 … 4_096, got 4097"
    assert message(whole_number, "n", 10**30, 1, 10) == f"n must be a whole number in 1 … 10, got {10**30}"


def test_a_seed_fits_every_generator_it_seeds():
    assert seed("seed", MAX_SEED) == 2**32 - 1 and seed("seed", np.uint32(7)) == 7
    for bad in (-1, 2**32, 2**64, 1.0, True):
        assert message(seed, "seed", bad) == f"seed must be a whole number in 0 … 4_294_967_295, got {bad!r}"


def test_boolean_takes_numpy_bools_and_nothing_else():
    assert boolean("flag", np.bool_(True)) is True and boolean("flag", False) is False
    for bad in ("False", 0, 1, np.array([True]), None):
        assert message(boolean, "flag", bad) == f"flag must be True or False, got {bad!r}"


def test_one_of_compares_kind_and_value_without_array_surprises():
    assert one_of("loss", "mse", ("huber", "mse")) == "mse"
    for bad in (np.array(["mse", "huber"]), ["mse"], 1):
        assert message(one_of, "loss", bad, ("huber", "mse")).startswith("loss must be one of ['huber', 'mse'], got")


def test_an_int_beyond_a_floats_range_is_not_a_finite_number():
    for check in (
        lambda v: finite_number("x", v),
        lambda v: number_in("x", v, 0, 1),
        lambda v: positive_number("x", v),
    ):
        with pytest.raises(ValueError, match=r"x must be .* got 1000"):
            check(10**400)
    assert finite_number("x", 10**300) == 1e300
    assert finite_number("x", np.float32(0.5)) == 0.5
    for bad in (math.nan, -math.inf, "1", None, True):
        with pytest.raises(ValueError, match=f"x must be a finite number, got {bad!r}"):
            finite_number("x", bad)


def test_one_of_lists_choices_of_several_kinds():
    with pytest.raises(ValueError, match=r"x must be one of \['a', 1\], got 3"):
        one_of("x", 3, [1, "a"])
    with pytest.raises(ValueError, match=r"x must be one of \[500.0, 2000.0\], got 3"):
        one_of("x", 3, [2000.0, 500.0])
