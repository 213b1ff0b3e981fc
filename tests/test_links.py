"""Listen later: a page's address as input, kept as a snapshot (pages served on 127.0.0.1)."""

from __future__ import annotations

import functools
import json
import socket
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from narrate.catalogue import entries
from narrate.cli import app

runner = CliRunner()
ENV = {"NARRATE_ENGINE": "silent", "NARRATE_JOBS": "1"}
WORDS = " ".join(
    f"Sentence {n} of the report says the river rose again overnight in the valley."
    for n in range(1, 9)
)
ARTICLE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Floods return to the valley | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example"></head>
<body><header><nav><a href="/">Home</a></nav></header>
<article><h1>Floods return to the valley</h1><p>{WORDS}</p><p>{WORDS}</p></article>
<footer>Copyright The Daily Example</footer></body></html>"""
SCRIPTED = """<!DOCTYPE html><html><head><title>App</title></head>
<body><div id="root"></div><script>document.getElementById('root').textContent='Hi';</script>
</body></html>"""
PAYWALL = """<!DOCTYPE html><html><head><title>Big story</title></head><body><article>
<h1>Big story</h1><p>The first lines of a big story.</p>
<p>Subscribe to continue reading this article.</p></article></body></html>"""


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, ThreadingHTTPServer]]:
    """Pages served from a folder on 127.0.0.1; (base URL, server)."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "floods.html").write_text(ARTICLE, "utf-8")
    (root / "app.html").write_text(SCRIPTED, "utf-8")
    (root / "paywall.html").write_text(PAYWALL, "utf-8")
    (root / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    handler = functools.partial(Quiet, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", server
    server.shutdown()
    server.server_close()


def invoke(*args: str, stdin: str | None = None):  # noqa: ANN201
    return runner.invoke(app, list(args), env=ENV, input=stdin)


def test_render_a_page_by_its_address(site: tuple[str, ThreadingHTTPServer],
                                      tmp_path: Path) -> None:  # fmt: skip
    base, _ = site
    out = tmp_path / "out"
    result = invoke("render", base + "floods.html", "-o", str(out))
    assert result.exit_code == 0, result.output
    entry = json.loads((out / "floods.json").read_text("utf-8"))
    assert entry["title"] == "Floods return to the valley"
    assert entry["url"] == base + "floods.html"  # where it was read: the episode's link
    assert "river rose again" in " ".join(s["text"] for s in entry["segments"])


def test_script_of_a_page_by_its_address(site: tuple[str, ThreadingHTTPServer]) -> None:
    base, _ = site
    result = invoke("script", base + "floods.html")
    assert result.exit_code == 0, result.output
    assert "Floods return to the valley" in result.stdout and "Home" not in result.stdout


def test_add_twice_is_one_episode_and_the_snapshot_outlives_the_page(
    site: tuple[str, ThreadingHTTPServer], tmp_path: Path
) -> None:
    base, server = site
    out = tmp_path / "out"
    url = base + "floods.html"
    first = invoke("add", url, "-o", str(out))
    assert first.exit_code == 0, first.output
    assert "Added floods.html" in first.stdout
    assert [e.title for e in entries(out)] == ["Floods return to the valley"]
    snapshot = out / ".narrate" / "links" / "floods.html"
    kept = snapshot.read_text("utf-8")
    assert 'name="narrate:fetched"' in kept and f'rel="canonical" href="{url}"' in kept
    again = invoke("add", url + "#comments", "-o", str(out))  # the same page
    assert again.exit_code == 0 and "Already in the edition" in again.stdout
    assert len(entries(out)) == 1
    # The page gone: the edition is rebuilt from its snapshot (at another rate, so that
    # every chunk is spoken again), never fetched again.
    server.shutdown()
    server.server_close()
    rebuilt = invoke("add", url, "-o", str(out), "--rate", "200")
    assert rebuilt.exit_code == 0, rebuilt.output
    (line,) = [x for x in rebuilt.stdout.splitlines() if x.startswith("floods.mp3:")]
    assert "chunks rendered, 0 from cache" in line  # spoken again, from the snapshot
    assert [e.title for e in entries(out)] == ["Floods return to the valley"]


def test_add_reads_addresses_from_standard_input(site: tuple[str, ThreadingHTTPServer],
                                                 tmp_path: Path) -> None:  # fmt: skip
    base, _ = site
    out = tmp_path / "out"
    result = invoke("add", "-", "-o", str(out), stdin=f"# to read\n{base}floods.html\n\n")
    assert result.exit_code == 0, result.output
    assert len(entries(out)) == 1


def test_remove_by_address(site: tuple[str, ThreadingHTTPServer], tmp_path: Path) -> None:
    base, _ = site
    out = tmp_path / "out"
    assert invoke("add", base + "floods.html", "-o", str(out)).exit_code == 0
    result = invoke("remove", base + "floods.html", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert entries(out) == [] and not (out / "floods.mp3").exists()
    assert not (out / ".narrate" / "links" / "floods.html").exists()
    assert json.loads((out / ".narrate" / "links" / "links.json").read_text("utf-8")) == {}
    unknown = invoke("remove", base + "floods.html", "-o", str(out))
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith(f"Error: {base}floods.html: not an address of this edition")


def test_build_of_a_page_address_adds_it(site: tuple[str, ThreadingHTTPServer],
                                         tmp_path: Path) -> None:  # fmt: skip
    base, _ = site
    out = tmp_path / "out"
    result = invoke("build", base + "floods.html", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert [e.title for e in entries(out)] == ["Floods return to the valley"]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("missing.html", "the server answered 404"),
        ("picture.png", "is not a web page (HTML); give the address of an article"),
        ("app.html", "no article text found in the page (it may be drawn by JavaScript)"),
        ("paywall.html", "only a subscription notice was found, not the article"),
    ],
)
def test_pages_that_cannot_be_read_are_one_line(
    page: str, message: str, site: tuple[str, ThreadingHTTPServer], tmp_path: Path
) -> None:
    base, _ = site
    out = tmp_path / "out"
    result = invoke("add", base + page, "-o", str(out))
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: {base}{page}: ") and message in line, line
    assert "Traceback" not in result.output
    assert not list((out / ".narrate" / "links").glob("*.html"))


def test_unreachable_host_and_bad_addresses_are_one_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/a.html"
    result = invoke("add", url, "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: {url}: cannot fetch")
    result = invoke("remove", "https://", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1 and "not a web address" in result.stderr
