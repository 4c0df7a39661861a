"""Tests of dqn_helpers.teaching.questions: right and wrong answers, the hidden explanation, the bank."""

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import dqn_helpers.teaching.bank
from dqn_helpers.teaching.questions import Question, QuestionWidget, ask, question

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
CHOICE = Question("99.choice", "Which is `right`?", "Because.", answer=1, choices=("no", "`yes`", "maybe"))
NUMBER = Question("99.number", "How many?", "Counted.", answer=22.0, tolerance=2.0)


def test_a_choice_is_right_only_at_its_index():
    assert CHOICE.is_right(1) and not CHOICE.is_right(0)
    assert CHOICE.feedback(1) == "✓ Right: `yes`."
    assert CHOICE.feedback(2).startswith("✗ Not quite: maybe.")
    with pytest.raises(ValueError, match="answer must be a whole number in 0 … 2, got 3"):
        CHOICE.is_right(3)


def test_a_number_is_right_within_its_tolerance():
    assert NUMBER.is_right(20) and NUMBER.is_right(24.0) and not NUMBER.is_right(24.5)
    assert NUMBER.feedback(30) == "✗ Not quite: 30. The answer is 22; read why below."
    with pytest.raises(ValueError, match="answer must be a finite number, got nan"):
        NUMBER.is_right(float("nan"))


def test_a_broken_question_is_refused_when_written():
    with pytest.raises(ValueError, match=r"99.x: answer must be a whole number in 0 … 1, got 2"):
        Question("99.x", "?", "!", answer=2, choices=("a", "b"))
    with pytest.raises(ValueError, match=r"99.x: tolerance must be a number in \[0, inf\], got -1"):
        Question("99.x", "?", "!", answer=1.0, tolerance=-1)


def test_the_explanation_is_hidden_until_the_first_check():
    shown = QuestionWidget(CHOICE)
    assert shown.explanation.layout.display == "none" and shown.result.value == ""
    assert "<code>right</code>" in shown.prompt.value
    assert not shown.check(None) and shown.explanation.layout.display == "none"
    assert not shown.check(0) and "Not quite" in shown.result.value
    assert shown.explanation.layout.display is None and "Because." in shown.explanation.value
    shown.input.value = 1
    shown.button.click()
    assert shown.result.value.startswith("✓ Right")


def test_a_number_typed_in_the_box_is_read_and_text_is_not():
    shown = QuestionWidget(NUMBER)
    shown.input.value = "21,5"
    shown.button.click()
    assert shown.result.value.startswith("✓ Right: 21.5")
    shown.input.value = "many"
    shown.button.click()
    assert shown.result.value.startswith("Choose an answer")


def test_unknown_keys_are_named():
    with pytest.raises(ValueError, match=r"key must be '<notebook>.<name>' for a notebook with questions, got 'x'"):
        ask("x")
    with pytest.raises(ValueError, match=r"key must be one of \['00\."):
        question("00.no-such-question")


def bank_modules():
    return [
        importlib.import_module(f"dqn_helpers.teaching.bank.{m.name}")
        for m in pkgutil.iter_modules(dqn_helpers.teaching.bank.__path__)
    ]


def test_every_question_in_the_bank_is_well_formed_and_keyed_by_its_notebook():
    for module in bank_modules():
        notebook = module.__name__.rsplit(".q", 1)[1]
        keys = [q.key for q in module.QUESTIONS]
        assert len(keys) == len(set(keys)), module.__name__
        for q in module.QUESTIONS:
            assert q.key.startswith(f"{notebook}.") and q.prompt.strip() and len(q.explanation) > 40, q.key


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py")), ids=lambda p: p.stem)
def test_every_notebook_asks_three_to_five_questions_from_its_bank(notebook):
    keys = re.findall(r'ask\("([^"]+)"\)', notebook.read_text())
    assert 3 <= len(keys) <= 5, f"{notebook.name} asks {len(keys)} questions"
    assert len(set(keys)) == len(keys)
    for key in keys:
        assert key.startswith(notebook.name[:2] + "."), key
        question(key)  # exists
    module = importlib.import_module(f"dqn_helpers.teaching.bank.q{notebook.name[:2]}")
    assert sorted(keys) == sorted(q.key for q in module.QUESTIONS), "every question in the bank is asked once"
