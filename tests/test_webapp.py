"""The edition as an offline web app: manifest, service worker, search list, page hooks."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from pubkit import CHANNEL, published

from narrate.catalogue import entries
from narrate.server import cache_control, mime_type
from narrate.webapp import (
    EPISODES_FILE,
    MANIFEST_FILE,
    WORKER_FILE,
    build_worker,
    player_strings,
)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return published(tmp_path_factory.mktemp("webapp"))


def test_manifest_makes_the_edition_installable(out: Path) -> None:
    manifest = json.loads((out / MANIFEST_FILE).read_text("utf-8"))
    assert manifest["name"] == CHANNEL and manifest["lang"] == "en" and manifest["dir"] == "ltr"
    assert manifest["start_url"] == "index.html" and manifest["display"] == "standalone"
    (icon,) = manifest["icons"]
    assert icon["src"] == "cover.png" and icon["type"] == "image/png"
    width, height = map(int, icon["sizes"].split("x"))
    assert width == height >= 512  # what browsers need to offer installing it
    assert mime_type(MANIFEST_FILE) == "application/manifest+json; charset=utf-8"


def test_every_page_links_the_manifest_and_the_cover_as_icon(out: Path) -> None:
    for entry in entries(out):
        for name in ("index.html", entry.page):
            html = (out / name).read_text("utf-8")
            assert f'<link rel="manifest" href="{MANIFEST_FILE}">' in html
            assert '<link rel="icon" href="cover.png" type="image/png">' in html  # no 404s
            assert '<script type="application/json" id="narrate-ui">' in html


def test_worker_keeps_the_shell_and_changes_with_the_edition(out: Path) -> None:
    worker = (out / WORKER_FILE).read_text("utf-8")
    shell = json.loads(re.search(r"var SHELL = (\[.*?\]);", worker).group(1))  # type: ignore[union-attr]
    assert {"./", "index.html", "feed.xml", MANIFEST_FILE, EPISODES_FILE, "cover.png"} <= set(shell)
    for entry in entries(out):
        assert entry.page in shell and entry.vtt in shell
    assert all((out / name).is_file() for name in shell if name != "./")
    assert "__SHELL__" not in worker and "__EDITION__" not in worker
    edition = re.search(r"var EDITION = '([0-9a-f]{16})'", worker)
    assert edition is not None
    # Another edition (an episode fewer) is another worker, so browsers update.
    assert build_worker(entries(out), True).decode("utf-8") == worker
    assert build_worker(entries(out)[1:], True).decode("utf-8") != worker
    assert cache_control(WORKER_FILE) == cache_control("index.html")  # revalidated


def test_search_list_holds_each_episodes_title_and_text(out: Path) -> None:
    rows = json.loads((out / EPISODES_FILE).read_text("utf-8"))
    listed = entries(out)
    assert [r["file"] for r in rows] == [e.file for e in listed]
    seed = next(r for r in rows if r["file"].startswith("000_"))
    assert "bodies of over 4,000 people were found" in seed["text"]


def test_every_interface_language_has_every_word() -> None:
    strings = player_strings()
    assert set(strings) == {"en", "es", "fr", "de"}
    for lang, words in strings.items():
        assert set(words) == set(strings["en"]), lang
        for key, text in words.items():
            fields = set(re.findall(r"\{(\w+)\}", text))
            assert fields == set(re.findall(r"\{(\w+)\}", strings["en"][key])), (lang, key)


def test_search_list_and_worker_read_only_the_editions_of_changed_episodes(
    out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from narrate import webapp
    from narrate.config import Settings

    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    settings = Settings(title=CHANNEL)
    listed = entries(copy)
    read: list[str] = []
    real = webapp.Entry.edition.func  # type: ignore[attr-defined]
    monkeypatch.setattr(webapp.Entry.edition, "func", lambda e: read.append(e.file) or real(e))

    def publish(made_of: list[webapp.Entry]) -> list[str]:
        read.clear()
        webapp.write_webapp(copy, [replace(e) for e in made_of], settings)  # nothing cached
        return read

    publish(listed)  # what they are made from is kept from here on
    files = {n: (copy / n).read_bytes() for n in (EPISODES_FILE, WORKER_FILE)}
    # Unchanged: every row and hash is taken from what was written last, no edition read.
    assert publish(listed) == []
    assert {n: (copy / n).read_bytes() for n in files} == files
    # One episode retitled: its edition alone is read, and both are as if made anew.
    changed = [replace(listed[0], title="A new title"), *listed[1:]]
    assert publish(changed) == [listed[0].file]
    assert (copy / EPISODES_FILE).read_bytes() == webapp.build_episodes(changed)
    assert (copy / WORKER_FILE).read_bytes() == build_worker(changed, True)
    assert json.loads((copy / EPISODES_FILE).read_text("utf-8"))[0]["title"] == "A new title"
    # Kept by other code, or not matching the list: every edition is read again.
    kept = json.loads((copy / webapp._MADE).read_text("utf-8"))
    for damaged in ({**kept, "code": "other"}, {**kept, "episodes": kept["episodes"][1:]}):
        (copy / webapp._MADE).write_text(json.dumps(damaged), "utf-8")
        assert sorted(set(publish(changed))) == sorted(e.file for e in changed)
        assert (copy / EPISODES_FILE).read_bytes() == webapp.build_episodes(changed)
