"""Fuzzing: whatever bytes arrive, narrate answers with a result or one NarrateError, never a crash.

Targets: the reader (any bytes as .txt, .md or .html, then chunking, the intro and the
normaliser, as a build prepares an article), Markdown and HTML built from their own
syntax, the normaliser alone, the settings loader (TOML files and NARRATE_* variables),
and the server's request parsing (raw requests on a socket).

``make test`` runs each target briefly. ``make fuzz`` sets NARRATE_FUZZ_SECONDS (600) and
each target then runs for its share of that time in rounds of fresh random inputs; the
number of inputs tried is printed per target.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pubkit import published
from test_normalise_properties import FRAGMENTS

from narrate.config import SECTIONS, Settings, load_settings
from narrate.errors import NarrateError
from narrate.pipeline import prepare
from narrate.server import make_server
from narrate.textnorm import normalise

TARGETS = 6
# Each round of a long run: enough inputs that Hypothesis explores, short enough to stop on time.
ROUND = 200


# Read once at import: the test fixtures clear every NARRATE_* variable before each test.
_FUZZ_SECONDS = os.environ.get("NARRATE_FUZZ_SECONDS", "0")


def _budget() -> float:
    try:
        return float(_FUZZ_SECONDS) / TARGETS
    except ValueError:
        return 0.0


def fuzz(name: str, prop: Callable[..., None], brief: int, **found: st.SearchStrategy) -> None:
    """Run ``prop`` on ``brief`` inputs drawn from ``found``, or for its share of the fuzz time."""
    budget = _budget()
    count = [0]

    @settings(
        max_examples=ROUND if budget else brief,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(**found)
    def counted(**drawn: object) -> None:
        count[0] += 1
        prop(**drawn)

    start = time.monotonic()
    outcome = "no failure"
    try:
        counted()
        while time.monotonic() - start < budget:
            counted()
    except BaseException:
        outcome = "FAILED"
        raise
    finally:
        if budget:  # make fuzz runs pytest with -s, so this reaches the terminal
            spent = time.monotonic() - start
            print(f"\nfuzz {name}: {count[0]} inputs in {spent:.0f} s, {outcome}", flush=True)


SILENT = Settings(engine="silent", jobs=1)

# --- the reader and everything before synthesis ---------------------------------------------

MARKDOWN = ["# ", "## ", "### ", "*", "**", "_", "__", "`", "```", "[", "]", "(", ")", "](",
            "![", "> ", "- ", "* ", "1. ", "---", "\\", "<", ">", "&amp;", "&#", ";", "|",
            "\n", "\n\n", "  ", "\t", "\r\n", "\ufeff", "a", "Mr.", "...", "http://x.y/",
            "a+a+a@", "\u00a0", "\u200b", "é", "東京",
            # Hostile: front matter with YAML anchors and aliases, code, bidi overrides.
            "---\n", "title: ", "&a ", "*a", "[*a, *a]", "<script>", "</script>", "<style>",
            "\u202e", "\u2066"]  # fmt: skip
HTML = ["<html>", "<head>", "<title>", "</title>", "<meta property='og:title' content='",
        "'>", "<body>", "<article>", "</article>", "<h1>", "</h1>", "<h2>", "<p>", "</p>",
        "<br>", "<script>", "</script>", "<style>", "<nav>", "</nav>", "<li>", "<ul>", "<a href='",
        "<!--", "-->", "<![CDATA[", "]]>", "&", "&amp;", "&#0;", "&#x110000;", "&nbsp;", "<",
        ">", "\"", "'", "=", "\n", " ", "text", "Cookie", "Loading", "<img alt='", "<figure>",
        "<figcaption>", "<", "</", "<!DOCTYPE html>", "\x00", "\ufffd",
        # Hostile: unclosed tags the reader's patterns once scanned from, bidi overrides.
        "<meta ", "<sup ", "<h1 ", "\u202e"]  # fmt: skip


def _prepare(tmp: Path, name: str, data: bytes) -> None:
    path = tmp / name
    path.write_bytes(data)
    try:
        edition = prepare(path, SILENT)
    except NarrateError:
        return
    assert all(isinstance(s.spoken, str) for s in edition.segments)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# The hostile inputs that once hung, crashed or spoofed the reader: each is read or refused
# in one NarrateError, in linear time.
HOSTILE = {
    "bomb.md": "---\ntitle: B\n" + "".join(
        f"l{n}: &l{n} [{', '.join([f'*l{n - 1}' if n else 'lol'] * 9)}]\n" for n in range(9)
    ) + "---\n\nBody.\n",
    "loop.md": "---\ntitle: &x [*x]\n---\n\nBody.\n",
    "huge.md": "---\n" + "key: value\n" * 20_000 + "---\n\nBody.\n",
    "script.md": "# T\n\nHello <script>steal()</script> <style>p{}</style> world.\n",
    "metas.html": "<html><head>" + "<meta " * 20_000 + "</head><body><p>x</p></body></html>",
    "h1s.html": "<html><body>" + "<h1>" * 20_000 + "<p>x</p></body></html>",
    "bidi.txt": "English\n\nInvoice \u202etxt.exe\u202c\n\nA \u2067body\u2069 here.\n",
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_fuzz_seeds_hostile(scratch: Path, name: str) -> None:
    _prepare(scratch, name, HOSTILE[name].encode("utf-8"))


def test_fuzz_reader_bytes(scratch: Path) -> None:
    def prop(data: bytes, suffix: str) -> None:
        _prepare(scratch, "article" + suffix, data)

    fuzz("reader_bytes", prop, 40, data=st.binary(max_size=3000),
         suffix=st.sampled_from([".txt", ".md", ".html"]))  # fmt: skip


def _joined(tokens: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(tokens), st.text(max_size=8)), max_size=60).map(
        "".join
    )


def test_fuzz_markdown(scratch: Path) -> None:
    def prop(text: str, encoding: str) -> None:
        _prepare(
            scratch,
            "article.md",
            text.encode(encoding, "surrogatepass" if "utf" in encoding else "replace"),
        )

    fuzz("markdown", prop, 40, text=_joined(MARKDOWN),
         encoding=st.sampled_from(["utf-8", "utf-16", "latin-1"]))  # fmt: skip


def test_fuzz_html(scratch: Path) -> None:
    def prop(text: str) -> None:
        _prepare(scratch, "article.html", text.encode("utf-8", "surrogatepass"))

    fuzz("html", prop, 40, text=_joined(HTML))


# --- the normaliser ------------------------------------------------------------------------

speech_like = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=10), st.integers().map(str)),
    max_size=40,
).map(" ".join)


def test_fuzz_normaliser() -> None:
    def prop(text: str, language: str) -> None:
        assert isinstance(normalise(text, language), str)

    fuzz("normaliser", prop, 60, text=speech_like,
         language=st.sampled_from(["en", "fr", "de", "es", "xx", ""]))  # fmt: skip


# --- the settings loader -------------------------------------------------------------------

KEYS = [key for keys in SECTIONS.values() for key in keys]
toml_value = st.recursive(
    st.one_of(
        st.text(max_size=20), st.integers(), st.booleans(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(["", "0", "-1", "999999999", "{title:d}", "{x}", "javascript:alert(1)",
                         "http://a b/", "pyttsx3", "silent", "News > Daily News", "tcp://h:1"]),
    ),
    lambda inner: st.lists(inner, max_size=3),
    max_leaves=5,
)  # fmt: skip


def _toml(tables: dict[str, dict[str, object]]) -> str:
    # JSON's strings, numbers, booleans and arrays are also TOML's.
    lines = []
    for section, table in tables.items():
        lines.append(f"[{json.dumps(section)}]")
        lines += [f"{json.dumps(key)} = {json.dumps(value)}" for key, value in table.items()]
    return "\n".join(lines) + "\n"


settings_strategies = dict(
    tables=st.dictionaries(
        st.one_of(st.sampled_from(list(SECTIONS)), st.text(max_size=5)),
        st.dictionaries(
            st.one_of(st.sampled_from(KEYS), st.text(max_size=5)), toml_value, max_size=4
        ),
        max_size=3,
    ),  # fmt: skip
    raw=st.one_of(st.none(), st.binary(max_size=200)),
    environ=st.dictionaries(
        st.sampled_from([f"NARRATE_{key.upper()}" for key in KEYS]),
        st.text(alphabet=st.characters(codec=None), max_size=12),
        max_size=3,
    ),
)


def test_fuzz_settings_loader(scratch: Path) -> None:
    path = scratch / "narrate.toml"

    def prop(tables: dict, raw: bytes | None, environ: dict[str, str]) -> None:
        if raw is None:
            path.write_text(_toml(tables), "utf-8", errors="surrogatepass")
        else:
            path.write_bytes(raw)
        try:
            loaded = load_settings(path, environ=environ)
        except NarrateError:
            return
        assert isinstance(loaded, Settings)

    fuzz("settings_loader", prop, 60, **settings_strategies)


# --- the server's request parsing ----------------------------------------------------------


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    out = published(tmp_path_factory.mktemp("served"))
    server = make_server(out, "127.0.0.1", 0, None)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[:2]
    server.shutdown()
    server.server_close()


PATHS = ["/", "/feed.xml", "/index.html", "/tricky.mp3", "/tricky.vtt", "/cover.png",
         "/.narrate/catalogue.sqlite", "/../etc/passwd", "/%2e%2e/", "/%00", "/a" * 3,
         "/" + "x" * 300, "//", "/tricky.mp3?x=1", "/%ff", "/\u00e9", "*"]  # fmt: skip
HEADERS = ["Range", "If-None-Match", "If-Modified-Since", "If-Range", "Host", "Connection",
           "Content-Length", "Transfer-Encoding", "Expect"]  # fmt: skip
header_value = st.one_of(
    st.sampled_from(["bytes=0-", "bytes=0-0", "bytes=-1", "bytes=5-2", "bytes=0-1,3-4",
                     "bytes=" + "9" * 50, "bytes=-" + "9" * 50, "*", "\"x\"", "0", "-1",
                     "Thu, 01 Jan 1970 00:00:00 GMT", "close", "chunked", "100-continue",
                     "evil.example", "x\"><script>", "[::1]:80"]),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
)  # fmt: skip


request_strategies = dict(
    method=st.sampled_from(["GET", "HEAD", "POST", "OPTIONS", "get", "G\x00T"]),
    path=st.one_of(st.sampled_from(PATHS), st.text(max_size=30).map(lambda t: "/" + t)),
    version=st.sampled_from(["HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/x", ""]),
    headers=st.lists(st.tuples(st.sampled_from(HEADERS), header_value), max_size=4),
    garbage=st.one_of(st.none(), st.binary(max_size=200)),
)


def _read_all(sock: socket.socket) -> bytes:
    # Read to the end, so the server never writes into a closed socket.
    chunks = []
    while block := sock.recv(1 << 16):
        chunks.append(block)
    return b"".join(chunks)


def test_fuzz_server_requests(server_url: tuple[str, int]) -> None:
    fuzz("server_requests", lambda **drawn: _request(server_url, **drawn), 40,
         **request_strategies)  # fmt: skip


def _request(
    server_url: tuple[str, int], method: str, path: str, version: str,
    headers: list[tuple[str, str]], garbage: bytes | None,
) -> None:  # fmt: skip
    if garbage is not None:
        request = garbage + b"\r\n\r\n"
    else:
        lines = [f"{method} {path} {version}".strip(), *(f"{k}: {v}" for k, v in headers)]
        request = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "surrogatepass")
    with socket.create_connection(server_url, timeout=10) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        answer = _read_all(sock)
    # Anything that reads as a request is answered; bytes that are not may be dropped.
    if garbage is None and method in ("GET", "HEAD") and version.startswith("HTTP/1."):
        assert answer.startswith(b"HTTP/1."), (request[:200], answer)
    # The server lives on: a plain request still gets the feed.
    with socket.create_connection(server_url, timeout=10) as sock:
        sock.sendall(b"HEAD /feed.xml HTTP/1.0\r\n\r\n")
        sock.shutdown(socket.SHUT_WR)
        assert _read_all(sock).split(b"\r\n", 1)[0] in (b"HTTP/1.0 200 OK", b"HTTP/1.1 200 OK")
