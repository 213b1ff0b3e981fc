"""Piper voices a command away: download by name from a voice repository, list, and the voice
that follows an article's language.

The repository is a local HTTP server on 127.0.0.1 serving the packaged test voice in the
official layout (``en/en_US/NAME/QUALITY/...``, a ``voices.json`` with sizes and MD5s, a
model card); no test touches the internet.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import write_article
from typer.testing import CliRunner

from narrate import synthesise
from narrate.cli import app
from narrate.config import load_settings
from narrate.engines.piper import PiperEngine, find_voice
from narrate.voices import VoiceError, choose_voice, download, licence_of, voice_paths

JOE = "en_US-joe-medium"
NAME = "en_US-kit-medium"  # the packaged voice, published under another name
CARD = """# Model card for kit (medium)

* Language: en_US (English, United States)
* Speakers: 1
* Quality: medium

## Dataset

* URL: https://example.org/kit
* License: CC0 (public domain), tested here
"""
runner = CliRunner()


class Repository:
    """A voice repository on 127.0.0.1: path -> bytes, with a log of what was asked."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.asked: list[str] = []
        repo = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                path = self.path.split("?", 1)[0].lstrip("/")
                repo.asked.append(path)
                body = repo.files.get(path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/voices/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def _published(name: str = NAME, language: str = "en_US") -> dict[str, bytes]:
    joe = find_voice(JOE)
    config = json.loads(joe.config.read_text("utf-8"))
    config["language"] = {**config.get("language", {}), "code": language}
    files = {
        f"{p}": data
        for p, data in zip(
            voice_paths(name).values(),
            (joe.model.read_bytes(), json.dumps(config).encode(), CARD.encode()),
            strict=True,
        )
    }
    catalogue = {
        name: {
            "key": name,
            "files": {
                p: {"size_bytes": len(d), "md5_digest": hashlib.md5(d).hexdigest()}
                for p, d in files.items()
            },
        }
    }
    return {f"voices/{p}": d for p, d in files.items()} | {
        "voices/voices.json": json.dumps(catalogue).encode()
    }


@pytest.fixture
def repo() -> Iterator[Repository]:
    served = Repository(_published())
    yield served
    served.server.shutdown()


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "narrate" / "voices"


def test_the_official_layout_from_a_name() -> None:
    assert voice_paths("es_ES-davefx-medium") == {
        "model": "es/es_ES/davefx/medium/es_ES-davefx-medium.onnx",
        "config": "es/es_ES/davefx/medium/es_ES-davefx-medium.onnx.json",
        "card": "es/es_ES/davefx/medium/MODEL_CARD",
    }
    with pytest.raises(VoiceError, match="not a Piper voice name"):
        voice_paths("../../etc/passwd")
    assert licence_of(CARD) == "CC0 (public domain), tested here"
    assert licence_of("# no licence here") == "not stated"


def test_download_installs_shows_the_card_and_a_build_uses_it(
    repo: Repository, data_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "narrate.toml").write_text(f'[speech]\nvoices_url = "{repo.url}"\n')
    result = runner.invoke(app, ["voices", "--download", NAME])
    assert result.exit_code == 0, result.output
    assert "# Model card for kit (medium)" in result.output
    assert "Licence: CC0 (public domain), tested here" in result.output
    folder = data_home / NAME
    assert sorted(p.name for p in folder.iterdir()) == [
        "MODEL_CARD",
        f"{NAME}.onnx",
        f"{NAME}.onnx.json",
    ]
    assert (folder / f"{NAME}.onnx").read_bytes() == find_voice(JOE).model.read_bytes()
    assert not [p for p in data_home.iterdir() if p.name.startswith(".")]  # no leftovers
    assert "voices/voices.json" in repo.asked
    # Listed with its language, quality and licence.
    listed = runner.invoke(app, ["voices", "--engine", "piper"])
    assert listed.exit_code == 0, listed.output
    header, *rows = listed.output.splitlines()
    assert header.split() == ["VOICE", "LANGUAGE", "QUALITY", "RATE", "LICENCE"]
    row = next(r for r in rows if r.startswith(NAME + " "))
    assert row.split()[1:5] == ["en-US", "medium", "22050", "Hz"]
    assert row.endswith("CC0 (public domain), tested here")
    # A build reads with it, by name (found in the data folder by every worker).
    monkeypatch.setattr(synthesise, "_worker_engines", {})
    article = write_article(tmp_path, "a.txt", "Title", "The new voice reads this.")
    built = runner.invoke(
        app, ["render", str(article), "--out", str(tmp_path / "out"), "--engine", "piper",
              "--voice", NAME, "--jobs", "1"],
    )  # fmt: skip
    assert built.exit_code == 0, built.output
    assert (tmp_path / "out" / "a.mp3").stat().st_size > 5000


def test_a_damaged_download_installs_nothing(
    repo: Repository, data_home: Path, tmp_path: Path
) -> None:
    model = f"voices/{voice_paths(NAME)['model']}"
    repo.files[model] = repo.files[model][:-1] + b"\0"  # same size, another MD5
    settings = load_settings(voices_url=repo.url)
    with pytest.raises(VoiceError, match=r"en_US-kit-medium\.onnx: its MD5 differs"):
        download(NAME, settings)
    repo.files[model] = repo.files[model][:1000]
    with pytest.raises(VoiceError, match="1000 bytes downloaded, the catalogue says"):
        download(NAME, settings)
    assert not data_home.exists() or not list(data_home.iterdir())
    result = runner.invoke(app, ["voices", "--download", "xx_XX-nobody-low"], env={
        "NARRATE_VOICES_URL": repo.url})  # fmt: skip
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: 'xx_XX-nobody-low' is not in {repo.url}voices.json: check the name"
    )


def test_fetches_are_capped_and_http_only(
    repo: Repository, data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from narrate import voices

    monkeypatch.setattr(voices, "MAX_VOICE_BYTES", 1000)
    settings = load_settings(voices_url=repo.url)
    with pytest.raises(VoiceError, match="more than the 1000 allowed"):
        download(NAME, settings)
    with pytest.raises(Exception, match="voices_url"):
        load_settings(voices_url="file:///etc/")
    monkeypatch.setattr(voices, "FETCH_DEADLINE_S", 0.0)
    with pytest.raises(VoiceError, match="took longer than"):
        download(NAME, settings)
    assert not data_home.exists() or not list(data_home.iterdir())


def test_without_a_catalogue_the_layout_is_fetched_unchecked(
    repo: Repository, data_home: Path
) -> None:
    del repo.files["voices/voices.json"]
    got = download(NAME, load_settings(voices_url=repo.url))
    assert (got.id, got.language, got.quality) == (NAME, "en-US", "medium")
    assert got.model == data_home / NAME / f"{NAME}.onnx"


def _folder_voice(folder: Path, name: str, language: str) -> None:
    joe = find_voice(JOE)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.onnx").symlink_to(joe.model)
    config = json.loads(joe.config.read_text("utf-8"))
    config["language"] = {"code": language}
    (folder / f"{name}.onnx.json").write_text(json.dumps(config), "utf-8")


def test_the_voice_follows_the_language(
    tmp_path: Path, data_home: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "myvoices"
    _folder_voice(folder, "es_ES-uno-medium", "es_ES")
    _folder_voice(folder, "es_ES-dos-medium", "es_ES")
    settings = load_settings(engine="piper", voice=JOE, voices_dir=str(folder))
    engine = PiperEngine(folders=str(folder))
    # English: the configured voice.
    assert choose_voice(engine, "en", settings) == JOE
    # Spanish, which it does not speak: an installed Spanish voice (by path: workers
    # know nothing of the configured folder).
    assert choose_voice(engine, "es", settings) == str(folder / "es_ES-dos-medium.onnx")
    # The voice set for the language wins.
    chosen = settings.replace(voice_es="es_ES-uno-medium")
    assert choose_voice(engine, "es", chosen) == str(folder / "es_ES-uno-medium.onnx")
    # French: none installed; read with the configured voice, and one warning line.
    with caplog.at_level(logging.WARNING, logger="narrate"):
        assert choose_voice(engine, "fr", settings) == JOE
        assert choose_voice(engine, "fr", settings) == JOE
    warned = [r.getMessage() for r in caplog.records if "no piper voice" in r.getMessage()]
    assert warned == [
        "no piper voice for 'fr' is installed: reading it with en_US-joe-medium "
        "(install one: narrate voices --download NAME)"
    ]


def test_a_spanish_article_is_read_by_the_spanish_voice(
    tmp_path: Path, data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _folder_voice(data_home / "es_ES-tres-medium", "es_ES-tres-medium", "es_ES")
    heard: list[str] = []
    original = PiperEngine.synthesize

    def spy(self, text, voice, rate):  # noqa: ANN001, ANN202
        heard.append(voice)
        return original(self, text, voice, rate)

    monkeypatch.setattr(PiperEngine, "synthesize", spy)
    monkeypatch.setattr(synthesise, "_worker_engines", {})
    article = tmp_path / "es.txt"
    article.write_text("Spanish\n\nHola\n\nBuenos días a todos.\n", "utf-8")
    from narrate.pipeline import render

    settings = load_settings(engine="piper", voice=JOE, jobs=1, intro=False, outro=False)
    render(article, tmp_path / "out", settings)
    assert heard and set(heard) == {"es_ES-tres-medium"}
    shutil.rmtree(data_home)
