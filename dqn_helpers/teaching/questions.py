"""Predict, then see: short questions asked before the cell that answers them.

A :class:`Question` is multiple choice (``choices`` and the index of the right one) or asks for a
number (``answer`` and a ``tolerance``). In a notebook, ``ask("04.truncated-target")`` shows it
with a *Check* button; the feedback says right or wrong, and the explanation, hidden until then,
appears after the first check. ``ask(...).check(answer)`` does the same from code (tests use it).

The questions themselves live in :mod:`dqn_helpers.teaching.bank`, one module per notebook, so a
notebook's code cell holds only the key: the text can be translated without touching the code.
"""

from __future__ import annotations

import html
import importlib
import math
from dataclasses import dataclass

import ipywidgets as widgets

from dqn_helpers import checks
from dqn_helpers.language import _


@dataclass(frozen=True)
class Question:
    """One prediction question.

    Attributes:
        key: ``"<notebook>.<name>"``, e.g. ``"02.deterministic-bellman"``; ``ask`` finds it by this.
        prompt: the question (HTML is escaped; backticks are shown as code).
        explanation: why the answer is what it is, drawn from what the next cell shows.
        choices: the options of a multiple-choice question; empty for a number question.
        answer: the index of the right choice, or the right number.
        tolerance: a number answer within ``answer ± tolerance`` counts as right.
    """

    key: str
    prompt: str
    explanation: str
    answer: float
    choices: tuple[str, ...] = ()
    tolerance: float = 0.0

    def __post_init__(self) -> None:
        if self.choices:
            checks.whole_number(f"{self.key}: answer", self.answer, 0, len(self.choices) - 1)
        else:
            checks.finite_number(f"{self.key}: answer", self.answer)
            checks.number_in(f"{self.key}: tolerance", self.tolerance, 0, math.inf)

    def is_right(self, given: object) -> bool:
        """Whether ``given`` (a choice's index, or a number) is the answer."""
        if self.choices:
            return checks.whole_number("answer", given, 0, len(self.choices) - 1) == self.answer
        return abs(checks.finite_number("answer", given) - self.answer) <= self.tolerance

    def feedback(self, given: object) -> str:
        """One line: right or wrong, and what was given (the explanation is shown beside it)."""
        if self.choices:
            shown = _(self.choices[checks.whole_number("answer", given, 0, len(self.choices) - 1)])
            message = _("✓ Right: {choice}.") if self.is_right(given) else _("✗ Not quite: {choice}. Read why below.")
            return message.format(choice=shown)
        right = self.is_right(given)  # checks that ``given`` is a number
        number = float(given)  # type: ignore[arg-type]
        if right:
            return _("✓ Right: {given:g} (the answer is {answer:g}).").format(given=number, answer=self.answer)
        return _("✗ Not quite: {given:g}. The answer is {answer:g}; read why below.").format(
            given=number, answer=self.answer
        )


def _code(text: str) -> str:
    """``text`` as HTML, with `backticked` spans shown as code."""
    parts = html.escape(text).split("`")
    return "".join(f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts))


class QuestionWidget:
    """A question on screen: the prompt, the options (or a number box), *Check*, feedback, explanation."""

    def __init__(self, question: Question) -> None:
        self.question = question
        self.prompt = widgets.HTML(_("<b>Predict.</b> {question}").format(question=_code(_(question.prompt))))
        if question.choices:
            options = [(_plain(_(choice)), i) for i, choice in enumerate(question.choices)]
            wide = widgets.Layout(width="95%")  # each choice on one line, not cut at the default 300 px
            self.input: widgets.ValueWidget = widgets.RadioButtons(options=options, value=None, layout=wide)
        else:
            self.input = widgets.Text(value="", placeholder=_("a number"), description=_("your answer:"))
        self.button = widgets.Button(description=_("Check"))
        self.result = widgets.HTML("")
        self.explanation = widgets.HTML(
            _("<i>Why:</i> {explanation}").format(explanation=_code(_(question.explanation)))
        )
        self.explanation.layout.display = "none"  # hidden until a first check
        self.button.on_click(lambda _button: self.check(self._typed()))
        self.widget = widgets.VBox([self.prompt, self.input, self.button, self.result, self.explanation])

    def _typed(self) -> object:
        """The answer on screen: a choice's index, a number, or ``None`` (nothing, or not a number)."""
        value = self.input.value
        if not isinstance(value, str):
            return value
        try:
            return float(value.replace(",", "."))
        except ValueError:
            return None

    def check(self, given: object) -> bool:
        """Check ``given``, show the feedback and the explanation; ``True`` if it is right."""
        if given is None:
            self.result.value = _("Choose an answer (or type a number) first, then press Check.")
            return False
        self.result.value = html.escape(self.question.feedback(given))
        self.explanation.layout.display = None
        return self.question.is_right(given)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def _plain(text: str) -> str:
    return text.replace("`", "")


def question(key: str) -> Question:
    """The question with this key, from the bank module of its notebook (``"04.x"`` → ``bank.q04``)."""
    notebook = key.split(".", 1)[0] if isinstance(key, str) else ""
    try:
        bank = importlib.import_module(f"dqn_helpers.teaching.bank.q{notebook}")
    except ModuleNotFoundError:
        raise ValueError(f"key must be '<notebook>.<name>' for a notebook with questions, got {key!r}") from None
    found = {q.key: q for q in bank.QUESTIONS}
    if key not in found:
        raise ValueError(f"key must be one of {sorted(found)}, got {key!r}")
    return found[key]


def ask(key: str) -> QuestionWidget:
    """Show the question ``key`` with a *Check* button (display the result, or end a cell with it)."""
    return QuestionWidget(question(key))
