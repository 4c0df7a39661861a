"""The widgets in a real browser: JupyterLab and Notebook 7 under Debian's Chromium, driven by Playwright.

Each test starts a throwaway Jupyter server on 127.0.0.1 (see ``_jupyter.py``) over a copy of the
notebooks, opens a notebook, runs all its cells from the Run menu, and then does what a learner does:
moves the ε-decay slider of notebook 03 with the keyboard and checks an answer to one of its prediction
questions (in the English notebook and in its Chinese twin, whose plots, captions and buttons speak
Chinese), or presses Train and Stop in notebook 05.
A screenshot of every step goes to ``artifacts/browser/`` (also on failure), so a person can look
at what a learner sees.

Chromium is Debian's (``/usr/bin/chromium``; ``make test`` installs it when missing), never a
browser downloaded by Playwright.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import time
from pathlib import Path

import pytest
from _jupyter import jupyter_server
from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts" / "browser"
CHROMIUM = Path(os.environ.get("DQN_CHROMIUM", "/usr/bin/chromium"))
# Headless, and quiet on a machine without internet (no background connections to Google's hosts).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip
INTERFACES = {  # name: (the server's Python module, the URL of a notebook)
    "lab": ("jupyterlab", "lab/tree/{}"),  # opened with ?reset: a fresh workspace, only this notebook
    "notebook": ("notebook", "notebooks/{}"),  # the classic Notebook interface, version 7
}
RUN_ALL_TIMEOUT_MS = 300_000


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), (
        f"no Chromium at {CHROMIUM}: `make test` installs Debian's chromium (apt-get install chromium), "
        "or set DQN_CHROMIUM to another Chromium binary"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module", params=sorted(INTERFACES))
def server(request, tmp_path_factory):
    """A Jupyter server of one interface over a fresh copy of the notebooks (runs never touch the repo)."""
    interface = request.param
    module, _ = INTERFACES[interface]
    base = tmp_path_factory.mktemp(f"browser-{interface}")
    root = base / "notebooks"
    root.mkdir()
    for notebook in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"):
        shutil.copy(notebook, root)
    (root / "zh").mkdir()
    for notebook in (ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb"):
        shutil.copy(notebook, root / "zh")
    with jupyter_server(sys.executable, root, base / "home", app=module) as running:
        yield interface, running


class Learner:
    """A browser tab on one notebook, with the steps a learner takes and a screenshot of each."""

    def __init__(self, page: Page, interface: str, server, notebook: str) -> None:
        self.page, self.interface, self.notebook = page, interface, notebook
        self.prefix = f"{interface}-{notebook.split('_')[0].replace('/', '-')}"
        self.shots = 0
        _, url = INTERFACES[interface]
        self.url = server.page(url.format(notebook)) + ("&reset" if interface == "lab" else "")

    def screenshot(self, step: str) -> Path:
        self.shots += 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.prefix}-{self.shots}-{step}.png"
        self.page.screenshot(path=path)
        return path

    def open(self) -> None:
        self.page.goto(self.url)
        self.page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        expect(self.page.locator(".jp-Toolbar-kernelName").first).to_contain_text("Python 3", timeout=60_000)
        expect(self.page.locator(".jp-Notebook-ExecutionIndicator").first).to_have_attribute(
            "data-status", "idle", timeout=60_000
        )
        self.screenshot("opened")

    def run_all(self) -> None:
        """Run > Run All Cells, then wait until every code cell shows an execution count."""
        self.page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
        self.page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        expect(self.page.locator(".jp-CodeCell .jp-InputArea-prompt").first).to_have_text(
            re.compile(r"\[(\*|\d+)\]"), timeout=30_000
        )
        self.page.wait_for_function(
            """() => {
                const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
                return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
            }""",
            timeout=RUN_ALL_TIMEOUT_MS,
        )
        errors = self.page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')
        assert errors.count() == 0, errors.all_inner_texts()
        self.screenshot("ran-all")

    @contextlib.contextmanager
    def steps(self):
        """Open the notebook and run it; on any failure, keep a screenshot of the moment."""
        try:
            self.open()
            self.run_all()
            yield self
        except BaseException:
            with contextlib.suppress(Exception):
                self.screenshot("FAILED")
            raise


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield context.new_page()
    context.close()


# What notebook 03's explorer and question say, in each language: (notebook, "Why:", Check button).
EDITIONS = {"en": ("03_q_network.ipynb", "Why:", "Check"), "zh": ("zh/03_q_network.ipynb", "原因：", "检查")}
CJK = re.compile(r"[\u4e00-\u9fff]")


# Both interfaces in English; the Chinese twin in JupyterLab (its code is the English code).
@pytest.mark.parametrize(
    ("server", "edition"), [("lab", "en"), ("notebook", "en"), ("lab", "zh")], indirect=["server"], ids=str
)
def test_epsilon_decay_slider_redraws_the_schedule(page, server, edition):
    interface, running = server
    notebook, why_label, check_label = EDITIONS[edition]
    with Learner(page, interface, running, notebook).steps() as learner:
        slider = page.locator(".widget-slider", has=page.locator("label", has_text="EPS_DECAY"))
        expect(slider).to_have_count(1)
        explorer = page.locator(".jp-OutputArea-output", has=slider)
        image, caption = explorer.locator("img"), explorer.locator(".widget-html-content").last
        readout = slider.locator(".widget-readout")
        before = int(readout.inner_text())
        picture = image.get_attribute("src")  # a blob: URL of the PNG the kernel sent
        assert picture
        expect(caption).to_contain_text(f"EPS_DECAY = {before}")
        explorer.scroll_into_view_if_needed()
        learner.screenshot("slider-before")

        handle = slider.locator(".noUi-handle")
        if interface == "lab":
            handle.press("ArrowRight")  # focus the handle, one step of 100
            expect(readout).to_have_text(str(before + 100))
        else:
            # Notebook 7 takes the arrow keys for itself (the keydown reaches the active cell, not the
            # slider); Page Up still moves the slider, by 5 steps.
            handle.press("PageUp")
            expect(readout).to_have_text(str(before + 500))
        after = int(readout.inner_text())
        assert after > before
        expect(caption).to_contain_text(f"EPS_DECAY = {after}")
        expect(image).not_to_have_attribute("src", picture)  # the kernel redrew the plot
        assert bool(CJK.search(caption.inner_text())) == (edition == "zh"), caption.inner_text()
        learner.screenshot("slider-after")  # in zh: a Chinese notebook with a Chinese plot

        # A prediction question: its explanation stays hidden until the learner checks an answer.
        question = page.locator(".widget-vbox", has=page.locator(".widget-radio-box")).first
        question.scroll_into_view_if_needed()
        why = question.locator(".widget-html", has_text=why_label)
        expect(why).to_be_hidden()
        question.locator(".widget-radio-box label").first.click()  # choose the first answer
        question.locator("button", has_text=check_label).click()
        expect(question.locator(".widget-html", has_text=re.compile("^[✓✗]"))).to_have_count(1)
        expect(why).to_be_visible()
        learner.screenshot("question-checked")


def settled(locator, attribute: str, quiet_seconds: float = 1.0, timeout: float = 30) -> str:
    """The attribute's value once it has not changed for ``quiet_seconds`` (pending redraws have arrived)."""
    value, since, deadline = locator.get_attribute(attribute), time.monotonic(), time.monotonic() + timeout
    while time.monotonic() - since < quiet_seconds:
        assert time.monotonic() < deadline, f"{attribute} kept changing for {timeout:.0f} s"
        time.sleep(0.05)
        current = locator.get_attribute(attribute)
        if current != value:
            value, since = current, time.monotonic()
    return value


def test_playground_trains_live_and_stop_keeps_the_run(page, server):
    interface, running = server
    with Learner(page, interface, running, "05_playground.ipynb").steps() as learner:
        train = page.get_by_role("button", name="Train")  # (the name carries the icon: not exact)
        stop = page.get_by_role("button", name="Stop")
        cell = page.locator(".jp-CodeCell", has=train)
        plot = cell.locator(".jp-OutputArea-output img").last  # the live plot under the controls
        caption = cell.locator(".widget-html-content", has_text=re.compile(r"^On the plot:"))
        status = cell.locator(".widget-html-content").filter(has_not_text=re.compile(r"^On the plot:"))
        episodes = cell.locator(".widget-slider", has=page.locator("label", has_text="episodes"))
        episodes.locator(".noUi-handle").press("End")  # the longest run (600 episodes): it cannot end before Stop
        expect(episodes.locator(".widget-readout")).to_have_text("600")
        expect(stop).to_be_disabled()
        train.scroll_into_view_if_needed()
        before = settled(plot, "src")  # after the redraw that the episodes knob asked for
        learner.screenshot("ready")

        train.click()
        expect(caption).to_contain_text("running", timeout=30_000)
        expect(stop).to_be_enabled()
        # Two new pictures while training, each drawn at a later episode than the one before.
        updates, last_src, last_episode = [], before, -1
        deadline = time.monotonic() + 60
        while len(updates) < 2 and time.monotonic() < deadline:
            src = plot.get_attribute("src")
            match = re.search(r"running, (\d+) episodes so far", caption.inner_text())
            if src != last_src and match and int(match[1]) > last_episode:
                last_src, last_episode = src, int(match[1])
                updates.append(last_episode)
            time.sleep(0.05)
        assert len(updates) == 2, f"the plot updated {len(updates)} time(s) in 60 s of training (episodes {updates})"
        learner.screenshot("training")

        stop.click()
        expect(status).to_contain_text(re.compile(r"Run stopped after \d+ episodes"), timeout=30_000)
        episodes_run = int(re.search(r"Run stopped after (\d+) episodes", status.inner_text())[1])
        assert episodes_run >= updates[-1]
        expect(train).to_be_enabled()
        expect(stop).to_be_disabled()
        # The stopped run stays on the plot: listed with its episodes, drawn, and nothing trains any more.
        expect(caption).to_contain_text(re.compile(rf"seed \d+: stopped after {episodes_run} episodes"))
        final = settled(plot, "src")
        assert final != before
        learner.screenshot("stopped")
