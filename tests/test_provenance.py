"""Code hashes: the imports of each module are parsed once, then remembered by file stamp."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from narrate import provenance


@pytest.fixture
def memo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> provenance._ImportMemo:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return provenance._ImportMemo()


def test_a_file_is_parsed_once_and_again_when_it_changes(
    memo: provenance._ImportMemo, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = provenance.module_file("narrate.feed")
    assert feed is not None
    parsed: list[Path] = []
    real = provenance.imports

    def counting(path: Path, top_level_only: bool = False) -> set[str]:
        parsed.append(path)
        return real(path, top_level_only)

    monkeypatch.setattr(provenance, "imports", counting)
    found = memo.imports(feed)
    assert "narrate.catalogue" in found and found == real(feed)
    memo.save()
    # A new process reads the memo: the file is not parsed again.
    again = provenance._ImportMemo()
    assert again.imports(feed) == found and parsed == [feed]
    # A file whose size or time is not the one remembered is parsed again.
    data = json.loads(provenance._memo_path().read_text("utf-8"))
    data[str(feed)][0][1] += 1
    data[str(feed)][1] = ["narrate.not_a_module"]
    provenance._memo_path().write_text(json.dumps(data), "utf-8")
    assert provenance._ImportMemo().imports(feed) == found and parsed == [feed, feed]


def test_an_unreadable_memo_is_rebuilt(memo: provenance._ImportMemo) -> None:
    path = provenance._memo_path()
    path.parent.mkdir(parents=True)
    path.write_text("{not json", "utf-8")
    feed = provenance.module_file("narrate.feed")
    assert feed is not None and memo.imports(feed) == provenance.imports(feed)
    memo.save()
    assert str(feed) in json.loads(path.read_text("utf-8"))
