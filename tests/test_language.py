"""The Chinese edition's package side: the gettext catalog is complete, compiled and faithful, the
language switch works and fails clearly, and Chinese plot text renders with real glyphs."""

from __future__ import annotations

import gettext
import re
import warnings

import matplotlib
import pytest

from dqn_helpers import language
from dqn_helpers.tools import catalog

matplotlib.use("Agg")
SYMBOLS = "✓✗…⚠"
CJK = re.compile(r"[\u4e00-\u9fff]")
NAMES = r"Double DQN|DQN|max-Q|Huber|AdamW|CartPole-v1"  # names that stay as they are in Chinese


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    language.use("en")


def translations() -> dict[str, str]:
    return {m.id: m.string for m in catalog.read() if m.id}


def test_every_message_the_package_shows_has_a_chinese_translation():
    messages = {m.id for m in catalog.template() if m.id}
    assert len(messages) > 300  # the bank's questions and every module's messages
    po = {m.id: m for m in catalog.read() if m.id}
    missing = sorted(messages - po.keys())
    assert not missing, (
        f"{len(missing)} messages are not in the .po, e.g. {missing[0]!r}: run python -m dqn_helpers catalog"
    )
    untranslated = sorted(m for m in messages if not po[m].string or po[m].fuzzy)
    assert not untranslated, f"{len(untranslated)} messages have no (or a fuzzy) translation, e.g. {untranslated[0]!r}"
    stale = sorted(po.keys() - messages)
    assert not stale, f"the .po holds messages the package no longer shows, e.g. {stale[0]!r}: run the catalog command"


def test_translations_keep_placeholders_symbols_tags_and_code():
    def placeholders(text: str) -> list[str]:
        return sorted(re.findall(r"\{[^{}]*\}", text))

    for english, chinese in translations().items():
        where = f"{english[:60]!r} → {chinese[:40]!r}"
        assert placeholders(english) == placeholders(chinese), f"{where}: the {{placeholders}} differ"
        assert english[:1] not in SYMBOLS or chinese[:1] == english[:1], f"{where}: keep the leading {english[0]}"
        assert sorted(re.findall(r"</?\w+>", english)) == sorted(re.findall(r"</?\w+>", chinese)), f"{where}: tags"
        assert english.count("`") == chinese.count("`"), f"{where}: the `code` spans differ"
        words = re.sub(r"\{[^{}]*\}|`[^`]*`|</?\w+>|" + NAMES, "", english)  # what is left to translate
        assert CJK.search(chinese) or not re.search(r"[A-Za-z]{3,}", words), f"{where}: not translated"


def test_the_compiled_catalog_is_the_po():
    with (catalog.po_path().with_suffix(".mo")).open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    stale = [english for english, chinese in translations().items() if compiled.gettext(english) != chinese]
    assert not stale, f"the .mo is older than the .po ({len(stale)} messages): run python -m dqn_helpers catalog"


def test_the_language_switch_translates_at_display_time_and_switches_back():
    language.use("zh")
    assert language.current() == "zh" and language._("Check") == "检查"
    assert language._("a message nobody wrote") == "a message nobody wrote"  # falls back to English
    language.use("en")
    assert language.current() == "en" and language._("Check") == "Check"


def test_an_unknown_language_is_a_clear_error_that_keeps_the_current_one():
    language.use("zh")
    with pytest.raises(ValueError, match=r"language must be one of \['en', 'zh'\], got 'fr'"):
        language.use("fr")
    assert language.current() == "zh"


def test_chinese_feedback_reaches_the_learner(capsys):
    from dqn_helpers.teaching.questions import ask
    from dqn_helpers.teaching.selfcheck import run_check

    language.use("zh")
    widget = ask("01.full-memory")
    assert CJK.search(widget.prompt.value) and widget.button.description == "检查"
    widget.check(1)
    assert widget.result.value.startswith("✓") and CJK.search(widget.result.value)

    def cases():
        raise NotImplementedError
        yield ""

    assert not run_check("replay", cases)
    printed = capsys.readouterr().out
    assert printed.startswith("…") and CJK.search(printed)


def test_a_chinese_plot_renders_every_glyph(tmp_path, caplog):
    """Fails on matplotlib's 'Glyph … missing from font' warning, or mathtext's "Font 'default' does not
    have a glyph" log line: boxes instead of characters."""
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    language.use("zh")
    fonts = matplotlib.rcParams["font.sans-serif"]
    assert fonts[:2] == ["Noto Sans CJK SC", "DejaVu Sans"], fonts  # Chinese (and Latin), then symbols
    chinese = font_manager.FontProperties(family=["Noto Sans CJK SC"])
    assert "NotoSansCJK" in font_manager.findfont(chinese, fallback_to_default=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning: make it fail the test
        figure, ax = plt.subplots()
        ax.plot([0, 1], [0, -1], label=language._("episode") + " Q̂₁ − ε γ τ")  # and the symbols beside it
        ax.set(title="回放内存、时间差误差、策略网络与目标网络的软更新", xlabel=language._("episode"))
        ax.set_ylabel(language._("100-episode mean"))
        ax.legend()
        ax.text(0.1, -0.5, language._(r"$\varepsilon$ schedule"))  # Chinese beside $math$: mathtext draws it
        ax.text(0.1, -0.8, language._(r"return $\sum_{k<T} \gamma^k$"))
        figure.savefig(tmp_path / "zh.png")
        plt.close(figure)
    missing = [record.getMessage() for record in caplog.records if "glyph" in record.getMessage().lower()]
    assert not missing, missing
    assert (tmp_path / "zh.png").stat().st_size > 1000


def test_every_chinese_figure_of_the_package_has_its_glyphs(caplog):
    """The explorers, the loop diagram and 06's figures, drawn in Chinese, with no box for a character."""
    import matplotlib.pyplot as plt

    from dqn_helpers.teaching import diagram, explorers, overestimation, plots, zoo_plots

    language.use("zh")
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # 'Glyph … missing from font(s)'
        shown = [
            explorers.discount_explorer(),
            explorers.huber_explorer(),
            explorers.epsilon_explorer(eps_end=0.95),  # with its ⚠ warning
            explorers.target_tracking_explorer(),
            overestimation.max_bias_explorer(),
        ]
        figures = [diagram.dqn_dataflow(), zoo_plots.plot_overestimation(), plt.figure()]
        zoo_plots.plot_bands(["correct", "lr_x10"], ax=figures[-1].gca())
        for figure in figures:
            plots.figure_png(figure)
            plt.close(figure)
    assert all(CJK.search(explorer.caption.value) for explorer in shown if explorer.caption.value)
    missing = [record.getMessage() for record in caplog.records if "glyph" in record.getMessage().lower()]
    assert not missing, missing


def test_without_a_chinese_font_the_learner_is_told_how_to_get_one(monkeypatch, capsys):
    monkeypatch.setattr(language, "CJK_FONTS", ("A Font Nobody Has",))
    language.use("zh")
    assert language.current() == "zh" and language._("Check") == "检查"  # the messages still switch
    printed = capsys.readouterr().out
    assert "%pip install mplfonts" in printed and 'language.use("zh") again' in printed
