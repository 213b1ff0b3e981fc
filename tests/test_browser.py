"""The pages in a real headless Chromium: zero axe-core violations, player usable by keyboard.

These tests fail (never skip) when Chromium or axe-core is missing: `make test` installs them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from pubkit import published

from narrate.server import NarrateServer, make_server

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--autoplay-policy=user-gesture-required"]  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A published folder served on a free port; its base URL."""
    out = published(tmp_path_factory.mktemp("browser"))
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


@pytest.mark.parametrize("path", ["index.html", "tricky.html", "000_8dea0efc4732bc9d.html"])
def test_axe_finds_no_violation(path: str, site: str, page) -> None:  # noqa: ANN001
    page.goto(site + path)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert axe_violations(page) == []


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
