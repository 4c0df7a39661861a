"""The language the package speaks to a learner: English (the default) or Simplified Chinese.

Every message a learner reads (self-check feedback, question feedback, explorer captions, widget
labels, playground status lines, plot titles and axis labels) is written in English inside
``_("…")`` and looked up, when it is shown, in the standard library's :mod:`gettext` catalog
``dqn_helpers/locale/<language>/LC_MESSAGES/dqn_helpers.mo``. The Chinese notebooks' setup cell
calls ``language.use("zh")``; ``use("en")`` switches back.

A message with values is formatted *after* it is translated, so a translation may move them::

    _("{steps} steps").format(steps=n)

The catalog's source is ``dqn_helpers.po`` beside the ``.mo``; ``python -m dqn_helpers catalog``
extracts the messages, merges them into it and compiles it (see ``tests/test_language.py``).
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "dqn_helpers"
LOCALES = Path(__file__).parent / "locale"
LANGUAGES = {"en": None, "zh": "zh_CN"}
"""The languages :func:`use` accepts, each with the catalog's folder under ``locale/`` (English needs none)."""
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "SimHei")
"""Fonts with Chinese glyphs, best first: the ``mplfonts`` package's Noto Sans CJK SC (``pip install
dqn-helpers[zh]``), then what macOS and Windows ship."""

_translation: gettext.NullTranslations = gettext.NullTranslations()
_current = "en"


def use(language: str) -> None:
    """Speak ``language`` ("en" or "zh") from now on: messages, widget labels and plot text."""
    global _translation, _current
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {sorted(LANGUAGES)}, got {language!r}")
    folder = LANGUAGES[language]
    if folder is None:
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, LOCALES, languages=[folder])
        _use_cjk_font()
    _current = language


def current() -> str:
    """The language in use: "en" or "zh"."""
    return _current


def _(message: str) -> str:
    """``message`` in the language in use (itself in English, or when the catalog lacks it)."""
    return _translation.gettext(message)


def _use_cjk_font() -> None:
    """Make matplotlib draw Chinese with real glyphs, not boxes.

    Registers mplfonts' Noto Sans CJK SC if it is installed, then puts the first CJK font matplotlib
    knows ahead of its default font.
    """
    import matplotlib
    from matplotlib import font_manager

    try:
        import mplfonts  # type: ignore[import-untyped]

        for path in sorted((Path(mplfonts.__file__).parent / "fonts").glob("NotoSansCJKsc-Regular.*")):
            font_manager.fontManager.addfont(str(path))
    except ImportError:
        pass
    known = {font.name for font in font_manager.fontManager.ttflist}
    found = [name for name in CJK_FONTS if name in known]
    if not found:
        print(
            "No font with Chinese characters found, so plots would show boxes: install one with "
            '`%pip install mplfonts` (or `pip install "dqn-helpers[zh]"`), then run language.use("zh") again.'
        )
        return
    # The CJK font first: it is also the font of the words around $math$ in a label (mathtext takes
    # the first family only). matplotlib falls back, glyph by glyph, to DejaVu Sans for the symbols
    # the CJK font lacks (Q̂₁).
    sans = [name for name in matplotlib.rcParams["font.sans-serif"] if name not in ("DejaVu Sans", found[0])]
    matplotlib.rcParams["font.sans-serif"] = [found[0], "DejaVu Sans", *sans]
    matplotlib.rcParams["font.family"] = [found[0], "DejaVu Sans"]  # a list: the fallback works across it
    matplotlib.rcParams["axes.unicode_minus"] = False  # CJK fonts often lack U+2212, the minus sign


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it yet.

    For a constant defined at import time: it is translated with ``_(constant)`` where it is shown.
    """
    return message
