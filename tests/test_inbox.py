"""narrate serve --inbox: links sent with the token are added in the background; nothing
else changes anything (pages and servers on 127.0.0.1 only)."""

from __future__ import annotations

import functools
import http.client
import json
import stat
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from pubkit import feed_tree, published, settings, xpath
from test_links import ARTICLE, Quiet

from narrate.inbox import Inbox, bookmarklet, link_of, token
from narrate.pipeline import inbox_work
from narrate.server import NarrateServer, make_server

TITLE = "Floods return to the valley"


@pytest.fixture
def secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return token()


@pytest.fixture
def article(tmp_path: Path) -> Iterator[str]:
    """An article on another local server (another origin); its address."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "floods.html").write_text(ARTICLE, "utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/floods.html"
    server.shutdown()
    server.server_close()


@pytest.fixture
def served(tmp_path: Path, secret: str) -> Iterator[tuple[NarrateServer, Inbox, Path]]:
    out = published(tmp_path)
    inbox = Inbox(inbox_work(out, settings()), per_minute=5)
    srv = make_server(out, "127.0.0.1", 0, inbox=inbox, inbox_token=secret)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv, inbox, out
    inbox.close()
    srv.shutdown()
    srv.server_close()


def post(srv: NarrateServer, body: str, path: str = "/add", **headers: str):  # noqa: ANN201
    host, port = srv.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    kind = {"Content-Type": "application/x-www-form-urlencoded"}
    conn.request("POST", path, body=body.encode(), headers={**kind, **headers})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), data


def get(srv: NarrateServer, path: str):  # noqa: ANN201
    host, port = srv.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), data


def titles(out: Path) -> list[str]:
    return [t.text or "" for t in xpath(feed_tree(out), "channel/item/title")]


def test_the_token_is_made_once_and_kept_private(secret: str, tmp_path: Path) -> None:
    path = tmp_path / "config" / "narrate" / "inbox-token"
    assert path.read_text("utf-8").strip() == secret and len(secret) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert token() == secret


def test_a_link_with_the_token_is_added_in_the_background(
    served: tuple[NarrateServer, Inbox, Path], secret: str, article: str
) -> None:
    srv, inbox, out = served
    status, _, body = post(srv, f"url={article}&token={secret}")
    assert status == 202
    assert json.loads(body) == {"id": 1, "url": article, "state": "queued"}
    assert inbox.wait(120)
    (job,) = inbox.jobs()
    assert job.state == "done", job.reason
    assert TITLE in titles(out)
    # The index shows it to this machine, with the bookmarklet.
    _, headers, page = get(srv, "/index.html")
    html = page.decode("utf-8")
    assert 'id="inbox"' in html and f"{article} (added)" in html
    assert headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        ("url=https://example.org/a.html", {}, 403),  # no token
        ("url=https://example.org/a.html&token=wrong", {}, 403),
        # A form posted by another site: without the token it is refused like any other.
        ("url=https://example.org/a.html", {"Origin": "http://evil.example"}, 403),
    ],
)
def test_nothing_without_the_token(
    body: str, headers: dict[str, str], status: int, served: tuple[NarrateServer, Inbox, Path]
) -> None:
    srv, inbox, out = served
    before = (out / "feed.xml").read_bytes()
    assert post(srv, body, **headers)[0] == status
    assert inbox.jobs() == [] and (out / "feed.xml").read_bytes() == before


def test_get_and_bad_posts_change_nothing(
    served: tuple[NarrateServer, Inbox, Path], secret: str
) -> None:
    srv, inbox, _ = served
    status, headers, _ = get(srv, f"/add?url=https://example.org/a.html&token={secret}")
    assert status == 405 and headers["Allow"] == "POST"
    assert post(srv, f"url=ftp://example.org/a&token={secret}")[0] == 400
    assert post(srv, "x" * 9000)[0] == 413
    assert post(srv, f"url=https://example.org/a.html&token={secret}", path="/feed.xml")[0] == 405
    assert inbox.jobs() == []


def test_a_client_sending_too_many_is_refused_a_while(
    served: tuple[NarrateServer, Inbox, Path], secret: str
) -> None:
    srv, inbox, _ = served
    inbox.close()  # nothing is read: only the counting is under test
    codes = [post(srv, f"url=https://example.org/{n}.html&token={secret}")[0] for n in range(7)]
    assert codes == [202] * 5 + [429] * 2


def test_manifest_shares_to_the_inbox_only_for_a_trusted_client(
    served: tuple[NarrateServer, Inbox, Path], secret: str
) -> None:
    srv, _, out = served
    _, _, body = get(srv, "/manifest.webmanifest")
    share = json.loads(body)["share_target"]
    assert share["method"] == "POST" and share["action"] == f"add?token={secret}"
    assert share["params"]["url"] == "url"
    assert "share_target" not in json.loads((out / "manifest.webmanifest").read_text("utf-8"))


def test_a_shared_text_with_an_address_in_it() -> None:
    assert link_of({"text": "Read this: https://example.org/a.html?x=1 via app"}) == (
        "https://example.org/a.html?x=1"
    )
    assert link_of({"url": " https://example.org/b ", "text": "x"}) == "https://example.org/b"


@pytest.mark.slow  # the browser
def test_the_bookmarklet_adds_the_page_it_runs_on(
    served: tuple[NarrateServer, Inbox, Path], secret: str, article: str
) -> None:
    from playwright.sync_api import sync_playwright
    from test_browser import ARGS, CHROMIUM

    srv, inbox, out = served
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context()
        try:
            index = context.new_page()
            index.goto(srv.url + "index.html")
            code = index.get_by_role("link", name="Listen later").get_attribute("href")
            assert code == bookmarklet(srv.url, secret)
            page = context.new_page()
            page.goto(article)
            # A form posted from the article's own origin without the token: refused.
            other = context.new_page()
            other.goto(article)
            with other.expect_navigation():
                other.evaluate(
                    f"""() => {{ const f = document.createElement('form'); f.method = 'POST';
                    f.action = '{srv.url}add'; const i = document.createElement('input');
                    i.name = 'url'; i.value = location.href; f.appendChild(i);
                    document.body.appendChild(f); f.submit(); }}"""
                )
            assert "Forbidden" in other.content() and inbox.jobs() == []
            with context.expect_page() as sent:
                page.evaluate(code.removeprefix("javascript:"))  # the bookmarklet, run there
            answer = sent.value
            answer.wait_for_load_state()
            assert f"{article} (waiting)" in answer.inner_text("main")
            assert inbox.wait(120)
            assert [j.state for j in inbox.jobs()] == ["done"]
            assert TITLE in titles(out)
        finally:
            context.close()
            browser.close()
