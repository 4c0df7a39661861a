"""The translation catalog: ``python -m dqn_helpers catalog`` keeps it in step with the code.

It extracts every message the package shows, merges them into the ``.po`` and compiles the ``.mo``
that :mod:`dqn_helpers.language` reads.

Messages are the string literals inside ``_()`` and ``N_()`` in the package's modules (found by
Babel's extractor, the one Jinja, Flask and Sphinx use) and every question of
:mod:`dqn_helpers.teaching.bank`: its prompt, explanation and choices. A translator edits only
``dqn_helpers/locale/zh_CN/LC_MESSAGES/dqn_helpers.po``, then runs the command again.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from dqn_helpers import language
from dqn_helpers.teaching import bank

PACKAGE = Path(language.__file__).parent
KEYWORDS = {"_": None, "N_": None}
STAMP = datetime(2026, 12, 1, tzinfo=timezone.utc)
CONTACT = "https://github.com/dqn-course/dqn-cartpole/issues"


def question_messages() -> list[tuple[str, str]]:
    """Each bank question's texts, with where they come from: ``(message, "bank/q04.py:04.x")``."""
    found = []
    for module in pkgutil.iter_modules(bank.__path__):
        for question in importlib.import_module(f"{bank.__name__}.{module.name}").QUESTIONS:
            where = f"dqn_helpers/teaching/bank/{module.name}.py:{question.key}"
            for text in (question.prompt, question.explanation, *question.choices):
                found.append((text, where))
    return found


def template() -> Catalog:
    """Every message of the package, untranslated."""
    catalog = Catalog(domain=language.DOMAIN, project="dqn-helpers")
    options = {"encoding": "utf-8"}
    for path, line, message, _comments, _context in extract_from_dir(
        PACKAGE, [("**.py", "python")], {"**.py": options}, keywords=KEYWORDS
    ):
        catalog.add(message, locations=[(f"dqn_helpers/{path}", line)])
    for message, where in question_messages():
        catalog.add(message, locations=[(where, 0)])
    return catalog


def po_path(locale: str = "zh_CN") -> Path:
    return language.LOCALES / locale / "LC_MESSAGES" / f"{language.DOMAIN}.po"


def read(locale: str = "zh_CN") -> Catalog:
    with po_path(locale).open("rb") as file:
        return read_po(file, locale=locale, domain=language.DOMAIN)


def update(locale: str = "zh_CN") -> tuple[int, int]:
    """Merge the package's messages into the ``.po`` and compile the ``.mo``.

    New messages arrive untranslated and vanished ones are dropped. Returns (messages, untranslated).
    """
    catalog = read(locale)
    catalog.update(template(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    for message in catalog:  # our messages use str.format, never %: "99% of" is not a %-format
        message.flags.discard("python-format")
    catalog.fuzzy = False
    catalog.creation_date = catalog.revision_date = STAMP  # no date churn in the .po's diffs
    catalog.project, catalog.version = "dqn-helpers", ""
    catalog.copyright_holder = "the dqn-cartpole course's authors"
    catalog.msgid_bugs_address = catalog.last_translator = catalog.language_team = CONTACT
    with po_path(locale).open("wb") as file:
        write_po(file, catalog, width=120, omit_header=False, sort_by_file=False)
    with po_path(locale).with_suffix(".mo").open("wb") as file:
        write_mo(file, catalog)
    messages = [m for m in catalog if m.id]
    return len(messages), sum(1 for m in messages if not m.string)
