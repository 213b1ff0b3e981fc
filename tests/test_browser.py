"""The pages in a real headless Chromium: zero axe-core violations, the read-along works.

These tests fail (never skip) when Chromium or axe-core is missing: `make test` installs them.

Keyboard path of an episode page (what test_keyboard_plays_from_a_sentence presses):
Tab from the top of the page reaches, in order, the "Skip to the text" link, the channel
link, the headline (the read-along's single tab stop, a sentence acting as a button), the
audio player (Space plays and pauses), the download and transcript links, the chapter links
(Enter seeks and plays), then the subscribe links. From the headline, or after following the
skip link and pressing Tab, the arrow keys move between sentences (Down/Right next, Up/Left
previous, Home first, End last) and Enter or Space plays from the focused sentence. The tab
stop follows the voice, so Tab into the text lands on the sentence being read.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from pubkit import published

from narrate.server import NarrateServer, make_server

# Every test here drives Chromium, with axe-core from node_modules.
pytestmark = pytest.mark.slow

FRENCH = "French\n\nUn article en français\n\nLe premier paragraphe parle. Il a deux phrases.\n"

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--autoplay-policy=user-gesture-required"]  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A published folder served on a free port; its base URL."""
    root = tmp_path_factory.mktemp("browser")
    (root / "seeds").mkdir()
    (root / "seeds" / "francais.txt").write_text(FRENCH, "utf-8")
    out = published(root)
    srv: NarrateServer = make_server(out, "127.0.0.1", 0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv.url
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201
    """Debian's Chromium driven by Playwright (never a downloaded browser build)."""
    assert CHROMIUM.is_file(), "chromium is not installed: apt-get install chromium"
    assert AXE.is_file(), "axe-core is not installed: npm install"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):  # noqa: ANN001, ANN201
    context = browser.new_context()
    yield context.new_page()
    context.close()


def axe_violations(page) -> list[dict]:  # noqa: ANN001
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => { const r = await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.map(n => n.html)})); }"
    )
    return result


@pytest.mark.parametrize(
    ("path", "lang"),
    [("index.html", "en"), ("tricky.html", "en"), ("000_8dea0efc4732bc9d.html", "en"),
     ("francais.html", "fr")],
)  # fmt: skip
def test_axe_finds_no_violation(path: str, lang: str, site: str, page) -> None:  # noqa: ANN001
    page.goto(site + path)
    assert page.evaluate("document.documentElement.lang") == lang
    assert axe_violations(page) == []


def test_axe_finds_no_violation_while_reading_along(site: str, page) -> None:  # noqa: ANN001
    page.goto(site + "tricky.html")
    page.locator("#s4").click()
    page.wait_for_function("document.querySelector('.s.now') !== null")
    page.wait_for_function("document.getElementById('caption').hidden === false")
    assert axe_violations(page) == []


# Records, from inside the page, each change of the highlighted sentence with the media time
# at which it happened.
RECORD = """() => {
  window.changes = [];
  const player = document.getElementById('player');
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.target.classList.contains('now')) {
        window.changes.push({id: r.target.id, t: player.currentTime,
                             start: Number(r.target.dataset.start)});
      }
    }
  }).observe(document.getElementById('text'), {subtree: true, attributes: true,
                                                attributeFilter: ['class']});
}"""


# Animation frames held in a queue the test runs itself, so "the next frame" is a step the
# test takes, not a moment a loaded machine may delay.
FRAMES = """
window.frames_ = [];
window.requestAnimationFrame = (callback) => window.frames_.push(callback);
window.cancelAnimationFrame = () => {};
window.runFrame = () => {
  const due = window.frames_;
  window.frames_ = [];
  due.forEach((callback) => callback(performance.now()));
  return due.length;
};
"""
# One frame run between two readings of the media clock: which sentence is lit after it.
ONE_FRAME = """() => {
  const player = document.getElementById('player');
  const before = player.currentTime;
  const ran = window.runFrame();
  return {before, after: player.currentTime, ran,
          now: [...document.querySelectorAll('.s.now')].map((e) => e.id)};
}"""


def test_highlight_follows_playback_within_a_frame(site: str, page) -> None:  # noqa: ANN001
    page.add_init_script(FRAMES)
    page.goto(site + "tricky.html")
    page.wait_for_function("document.getElementById('player').readyState >= 1", polling=20)
    page.evaluate(RECORD)
    starts = {
        el.get_attribute("id"): float(el.get_attribute("data-start"))
        for el in page.locator(".s[data-start]").all()
    }
    first = page.locator("#s4")
    start = starts["s4"]
    first.click()  # click-to-seek: the player jumps to the sentence and plays
    page.wait_for_function("!document.getElementById('player').paused", polling=20)
    assert abs(page.evaluate("document.getElementById('player').currentTime") - start) < 0.3
    assert page.get_attribute("#s4", "class") == "s now"
    assert page.get_attribute("#s4", "aria-current") == "true"

    def lit_at(t: float) -> str:
        return max((s, k) for k, s in starts.items() if s <= t)[1]

    for sentence in ("s5", "s6", "s7"):
        page.wait_for_function(
            f"document.getElementById('player').currentTime > {starts[sentence]}",
            polling=20,  # Playwright's own polling waits on frames, which the test now holds
            timeout=15000,
        )
        frame = page.evaluate(ONE_FRAME)
        # While playing, a check is always waiting for the next frame (about 17 ms away on a
        # 60 Hz display; timeupdate alone comes four times a second), and after it the lit
        # sentence is the one the voice is in.
        assert frame["ran"] >= 1, frame
        assert frame["now"] in ([lit_at(frame["before"])], [lit_at(frame["after"])]), frame
    ids = [c["id"] for c in page.evaluate("window.changes")]
    assert ids[:4] == ["s4", "s5", "s6", "s7"], ids
    assert page.locator(".s.now").count() == 1


def test_keyboard_plays_from_a_sentence(site: str, page) -> None:  # noqa: ANN001
    """The path in this module's docstring: Tab to the headline, arrows, Enter."""
    page.goto(site + "tricky.html")
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('s')"):
            break
    else:
        pytest.fail("Tab never reached the text")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "button"
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "s2"
    start = float(page.get_attribute("#s2", "data-start"))
    page.keyboard.press("Enter")
    page.wait_for_function("!document.getElementById('player').paused", timeout=5000)
    assert abs(page.evaluate("document.getElementById('player').currentTime") - start) < 0.3
    assert "now" in (page.get_attribute("#s2", "class") or "")


def test_captions_are_shown_as_text(site: str, page) -> None:  # noqa: ANN001
    page.goto(site + "tricky.html")
    page.wait_for_function(
        "(() => { const t = document.querySelector('track'); return t && t.readyState === 2; })()",
        timeout=5000,
    )
    caption = page.locator("#caption")
    assert caption.is_visible() and caption.get_attribute("aria-live") == "polite"
    page.locator("#title .s").click()  # the headline, read in the first cue
    expected = page.evaluate(
        "document.getElementById('player').textTracks[0].cues[0].getCueAsHTML().textContent"
    )
    page.wait_for_function(
        f"document.getElementById('caption').textContent === {expected!r}", timeout=5000
    )
    assert expected.startswith("Tom & Jerry <say>")


@pytest.mark.parametrize(("motion", "duration"), [("reduce", "0s"), ("no-preference", "0.15s")])
def test_highlight_respects_reduced_motion(motion: str, duration: str, site: str,
                                           browser) -> None:  # noqa: ANN001  # fmt: skip
    context = browser.new_context(reduced_motion=motion)
    page = context.new_page()
    page.goto(site + "tricky.html")
    value = page.evaluate("getComputedStyle(document.getElementById('s4')).transitionDuration")
    context.close()
    assert value == duration


def test_page_works_without_javascript(site: str, browser) -> None:  # noqa: ANN001
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "tricky.html")
    assert page.locator("audio#player[controls]").is_visible()
    assert page.locator("#s1").inner_text().startswith("The opening paragraph says <b>hello</b>")
    assert page.locator("#s1").get_attribute("role") is None
    assert not page.locator("#caption").is_visible()
    assert not page.locator("#readalong-hint").is_visible()
    hrefs = page.eval_on_selector_all("a[data-start]", "links => links.map(a => a.href)")
    assert hrefs and all("tricky.mp3#t=" in h for h in hrefs)
    context.close()


def test_keyboard_reaches_and_starts_the_player(site: str, page) -> None:  # noqa: ANN001
    page.goto(site + "tricky.html")
    player = page.locator("audio#player")
    assert player.get_attribute("autoplay") is None
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    assert page.evaluate("document.getElementById('player').paused")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "player":
            break
    else:
        pytest.fail("Tab never reached the audio player")
    page.keyboard.press("Space")
    page.wait_for_function("!document.getElementById('player').paused", timeout=5000)


def test_chapter_link_seeks_by_keyboard(site: str, page) -> None:  # noqa: ANN001
    page.goto(site + "tricky.html")
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    link = page.locator("a[data-start]").nth(2)
    start = float(link.get_attribute("data-start"))
    assert start > 0
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"Math.abs(document.getElementById('player').currentTime - {start}) < 1"
        " && !document.getElementById('player').paused",
        timeout=5000,
    )
    assert page.url == site + "tricky.html"


def test_captions_track_loads(site: str, page) -> None:  # noqa: ANN001
    page.goto(site + "tricky.html")
    page.wait_for_function(
        "(() => { const t = document.querySelector('track'); return t && t.readyState === 2; })()",
        timeout=5000,
    )
    assert page.evaluate("document.querySelector('track').track.kind") == "captions"
