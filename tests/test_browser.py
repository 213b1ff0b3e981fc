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
from pubkit import TRICKY, published

from narrate.server import NarrateServer, make_server

FRENCH = "French\n\nUn article en français\n\nLe premier paragraphe parle. Il a deux phrases.\n"
ARABIC = "Arabic\n\nمقال باللغة العربية (تجربة)\n\nهذه الفقرة الأولى. فيها جملتان.\n"

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
    (root / "seeds" / "arabic.txt").write_text(ARABIC, "utf-8")
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
     ("francais.html", "fr"), ("arabic.html", "en"),
     ("000_8dea0efc4732bc9d.transcript.html", "en"), ("arabic.transcript.html", "ar")],
)  # fmt: skip
def test_axe_finds_no_violation(path: str, lang: str, site: str, page) -> None:  # noqa: ANN001
    page.goto(site + path)
    assert page.evaluate("document.documentElement.lang") == lang
    assert axe_violations(page) == []


def test_right_to_left_text_lays_out_right_to_left(site: str, page) -> None:  # noqa: ANN001
    page.goto(site + "arabic.html")
    direction = "el => getComputedStyle(el).direction"
    assert page.eval_on_selector("#text p:not(.hint)", direction) == "rtl"
    assert page.eval_on_selector("#text-heading", direction) == "ltr"  # the interface's words
    assert page.eval_on_selector("header", direction) == "ltr"
    page.goto(site + "arabic.transcript.html")
    assert page.eval_on_selector("main p", direction) == "rtl"


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


def test_highlight_follows_playback_within_100_ms(site: str, page) -> None:  # noqa: ANN001
    page.goto(site + "tricky.html")
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    page.evaluate(RECORD)
    first = page.locator("#s4")
    start = float(first.get_attribute("data-start"))
    first.click()  # click-to-seek: the player jumps to the sentence and plays
    page.wait_for_function("!document.getElementById('player').paused", timeout=5000)
    assert abs(page.evaluate("document.getElementById('player').currentTime") - start) < 0.3
    assert page.get_attribute("#s4", "class") == "s now"
    assert page.get_attribute("#s4", "aria-current") == "true"
    page.wait_for_function(
        "document.getElementById('player').currentTime > Number("
        "document.getElementById('s7').dataset.start) + 0.2",
        timeout=15000,
    )
    changes = page.evaluate("window.changes")
    ids = [c["id"] for c in changes]
    assert ids[:4] == ["s4", "s5", "s6", "s7"], changes
    for change in changes[1:4]:  # reached by playing, not by the click
        lag = change["t"] - change["start"]
        assert 0 <= lag < 0.1, change
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


def _controlled(page) -> None:  # noqa: ANN001
    page.wait_for_function("navigator.serviceWorker && !!navigator.serviceWorker.controller",
                           timeout=15000)  # fmt: skip


def test_saved_episode_plays_offline_where_it_was_left(site: str, browser) -> None:  # noqa: ANN001
    """Save an episode, leave it in its last chapter at 1.5x, go offline, reload, play: it
    resumes there, at that speed, from the saved copy, and the lock screen shows the chapter."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site + "index.html")
        _controlled(page)
        article = page.locator('article[data-episode="tricky.mp3"]')
        article.get_by_role("button", name="Save for offline").click()
        page.wait_for_function(
            "document.querySelector('article[data-episode=\"tricky.mp3\"] button.save')"
            ".getAttribute('aria-pressed') === 'true'", timeout=15000)  # fmt: skip
        assert "Saved for offline: 1 episode(s)" in page.locator(".usage").inner_text()
        page.goto(site + "tricky.html")
        _controlled(page)
        page.wait_for_function("document.getElementById('player').readyState >= 1")
        chapters = page.evaluate("fetch('tricky.chapters.json').then(r => r.json())")["chapters"]
        assert len(chapters) == 3
        left = round(chapters[2]["startTime"] + 0.5, 1)
        page.get_by_label("Speed").select_option("1.5")
        page.evaluate(f"document.getElementById('player').currentTime = {left}")
        remembered = "JSON.parse(localStorage.getItem('narrate:/:positions') || '{}')"
        page.wait_for_function(f"({remembered}['tricky.mp3'] || {{}}).t > {left - 0.15}")

        context.set_offline(True)
        page.reload()
        page.wait_for_function("document.getElementById('player').readyState >= 1")
        assert abs(page.evaluate("document.getElementById('player').currentTime") - left) < 0.15
        page.locator("h1").click()  # a user's gesture, which playback needs
        page.evaluate("document.getElementById('player').play()")
        page.wait_for_function(f"document.getElementById('player').currentTime > {left + 0.3}",
                               timeout=15000)  # fmt: skip
        assert page.evaluate("document.getElementById('player').playbackRate") == 1.5
        page.wait_for_function("navigator.mediaSession.metadata !== null")
        meta = page.evaluate("({title: navigator.mediaSession.metadata.title,"
                             " album: navigator.mediaSession.metadata.album,"
                             " art: navigator.mediaSession.metadata.artwork.length})")  # fmt: skip
        assert meta == {"title": TRICKY, "album": chapters[2]["title"], "art": 1}
        # The index, offline too, with the episode under "continue listening".
        page.goto(site + "index.html")
        assert page.get_by_role("heading", name="Continue listening").is_visible()
        assert page.locator(".library li a").first.inner_text() == TRICKY
    finally:
        context.close()


def test_search_finds_episodes_by_title_and_by_text(site: str, page) -> None:  # noqa: ANN001
    page.goto(site + "index.html")
    box = page.get_by_role("searchbox", name="Search episodes")
    visible = "[...document.querySelectorAll('article.episode')].filter(a => !a.hidden)"
    box.fill("français")  # in a title
    page.wait_for_function(f"{visible}.length === 1")
    assert page.evaluate(f"{visible}[0].dataset.episode") == "francais.mp3"
    box.fill("clearing")  # only in the seed's text ("found while clearing")
    page.wait_for_function(f"{visible}.length === 1 && {visible}[0].dataset.episode"
                           " === '000_8dea0efc4732bc9d.mp3'")  # fmt: skip
    assert "1 episode(s) found." in page.locator(".library [role=status]").inner_text()
    box.fill("")
    page.wait_for_function(f"{visible}.length === 4")


def test_player_tools_skip_and_change_chapters(site: str, page) -> None:  # noqa: ANN001
    page.goto(site + "tricky.html")
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    now = "document.getElementById('player').currentTime"
    page.get_by_role("button", name="Forward 30 s").click()  # past the end: at the end
    page.wait_for_function(f"{now} > document.getElementById('player').duration - 0.1")
    page.get_by_role("button", name="Back 15 s").click()
    assert page.evaluate(now) == 0
    chapters = page.evaluate("fetch('tricky.chapters.json').then(r => r.json())")["chapters"]
    page.get_by_role("button", name="Next chapter").click()
    page.wait_for_function(f"Math.abs({now} - {chapters[1]['startTime']}) < 0.01")
    page.get_by_role("button", name="Next chapter").click()
    page.wait_for_function(f"Math.abs({now} - {chapters[2]['startTime']}) < 0.01")
    page.get_by_role("button", name="Previous chapter").click()
    page.wait_for_function(f"Math.abs({now} - {chapters[1]['startTime']}) < 0.01")
    # Speed is one setting for every episode, kept across pages.
    page.get_by_label("Speed").select_option("0.75")
    page.goto(site + "000_8dea0efc4732bc9d.html")
    assert page.get_by_label("Speed").input_value() == "0.75"
    assert page.evaluate("document.getElementById('player').playbackRate") == 0.75


def test_queue_plays_the_chosen_episode_next(site: str, page) -> None:  # noqa: ANN001
    page.goto(site + "index.html")
    french = page.locator('article[data-episode="francais.mp3"]')
    french.get_by_role("button", name="Play next").click()
    assert french.get_by_role("button", name="Play next").get_attribute("aria-pressed") == "true"
    first = page.locator("article.episode audio").first
    first.evaluate("a => { a.preload = 'metadata'; a.load(); }")
    page.wait_for_function("document.querySelector('article.episode audio').readyState >= 1")
    page.locator("h1").click()  # a user's gesture, which playback needs
    first.evaluate("a => { a.currentTime = Math.max(0, a.duration - 0.3); return a.play(); }")
    page.wait_for_function(
        "!document.querySelector('audio[data-episode=\"francais.mp3\"]').paused", timeout=15000
    )
    assert french.get_by_role("button", name="Play next").get_attribute("aria-pressed") == "false"


def test_an_index_episode_without_a_player_gets_one_when_played(
    browser,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    import narrate.page

    monkeypatch.setattr(narrate.page, "INDEX_PLAYERS", 1)
    out = published(tmp_path)
    srv: NarrateServer = make_server(out, "127.0.0.1", 0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(srv.url + "index.html")
        assert page.locator("audio").count() == 1
        second = page.locator("article.episode").nth(1)
        second.get_by_role("button", name="Play", exact=True).click()
        playing = "!document.querySelectorAll('audio')[1].paused"
        page.wait_for_function(f"document.querySelectorAll('audio').length === 2 && {playing}",
                               timeout=15000)  # fmt: skip
        label = second.locator("audio").get_attribute("aria-label")
        assert label == f"Audio version of “{second.get_attribute('data-title')}”"
        assert axe_violations(page) == []
    finally:
        context.close()
        srv.shutdown()
        srv.server_close()
