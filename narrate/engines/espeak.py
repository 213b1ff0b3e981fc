"""eSpeak NG through its own command line: no Python binding needed."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

from narrate.engines import Audio, Voice, pace
from narrate.errors import EngineError

INSTALL_HINT = "eSpeak NG is not installed: apt-get install espeak-ng"


@functools.lru_cache(maxsize=1)
def _version_line() -> str:
    exe = shutil.which("espeak-ng")
    if not exe:
        return ""
    return subprocess.run([exe, "--version"], capture_output=True, text=True, check=False).stdout


def espeak_version() -> str:
    """eSpeak NG's version string ("1.51"), or "" when the CLI is missing."""
    out = _version_line()
    match = re.search(r"text-to-speech:\s*(\S+)", out)
    return match.group(1) if match else out.strip()[:40]


def espeak_data() -> str:
    """The folder of eSpeak NG's voice data, or "" when it is not known."""
    match = re.search(r"Data at:\s*(.+)", _version_line())
    return match.group(1).strip() if match else ""


def espeak_files() -> list[str] | None:
    """The files whose change may change eSpeak NG's speech; None when they are unknown."""
    exe, data = shutil.which("espeak-ng"), espeak_data()
    if not exe or not data:
        return None
    return [os.path.realpath(exe), os.path.join(data, "phondata")]


@functools.lru_cache(maxsize=1)
def espeak_voices() -> tuple[Voice, ...]:
    """Voices listed by ``espeak-ng --voices``."""
    exe = shutil.which("espeak-ng")
    if not exe:
        return ()
    out = subprocess.run([exe, "--voices"], capture_output=True, text=True, check=False).stdout
    voices = []
    for line in out.splitlines()[1:]:
        cols = line.split()
        if len(cols) >= 5:
            voices.append(Voice(id=cols[4], name=cols[3].replace("_", " "), languages=(cols[1],)))
    return tuple(voices)


# The regional voice a newsreader of each language would use (US English conventions).
PREFERRED = {"en": "en-us", "fr": "fr-fr", "pt": "pt-br"}


def pick_voice(voices: list[Voice] | tuple[Voice, ...], language: str) -> str:
    """The voice for a language code: the preferred region, the plain language, a variant."""
    language = language.lower()
    for wanted in (PREFERRED.get(language, language), language):
        for voice in voices:
            if wanted in (lang.lower() for lang in voice.languages):
                return voice.id
    for voice in voices:
        if any(lang.lower().split("-")[0] == language for lang in voice.languages):
            return voice.id
    # No voice for the language: read it with the English voice rather than fail.
    return pick_voice(voices, "en") if language != "en" and voices else language


class EspeakEngine:
    """Runs ``espeak-ng`` once per chunk."""

    name = "espeak"

    def available(self) -> bool:
        """True when the espeak-ng command is on PATH."""
        return shutil.which("espeak-ng") is not None

    def missing(self) -> str:
        """Install hint."""
        return INSTALL_HINT

    def version(self) -> str:
        """eSpeak NG's version, and the pace table's."""
        return f"espeak-ng-{espeak_version()}+pace-{pace.digest()}"

    def files(self) -> list[str] | None:
        """The files its speech depends on (the build stamp watches them)."""
        return espeak_files()

    def voices(self) -> list[Voice]:
        """eSpeak NG's voices."""
        return list(espeak_voices())

    def default_voice(self, language: str) -> str:
        """eSpeak NG's voice for a language code."""
        return pick_voice(espeak_voices(), language)

    def synthesize(self, text: str, voice: str, rate: int) -> Audio:
        """Speak ``text`` at ``rate`` words per minute of speech, as measured (see pace)."""
        return self.raw_synthesize(text, voice, pace.setting("espeak", rate))

    def raw_synthesize(self, text: str, voice: str, setting: float) -> Audio:
        """Render with ``espeak-ng -w -s SETTING``, reading the text from stdin."""
        rate = round(setting)
        exe = shutil.which("espeak-ng")
        if exe is None:
            raise EngineError(INSTALL_HINT)
        with tempfile.TemporaryDirectory(prefix="narrate-espeak-") as tmp:
            out = Path(tmp) / "chunk.wav"
            proc = subprocess.run(
                [exe, "-v", voice, "-s", str(rate), "-w", str(out), "--stdin"],
                input=text.encode("utf-8"),
                capture_output=True,
                timeout=60 + len(text) / 20,
                check=False,
            )
            if proc.returncode != 0 or not out.exists():
                err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
                raise EngineError(f"espeak-ng failed: {err[-1] if err else 'no output'}")
            return read_wav(out)


def read_wav(path: Path) -> Audio:
    """Load a mono 16-bit WAV file as Audio; raises EngineError on anything else."""
    try:
        with wave.open(str(path), "rb") as wav:
            if wav.getnchannels() != 1 or wav.getsampwidth() != 2:
                raise EngineError(f"{path}: expected mono 16-bit audio from the engine")
            return Audio(wav.readframes(wav.getnframes()), wav.getframerate())
    except (wave.Error, EOFError) as exc:
        raise EngineError(f"the engine wrote an unreadable WAV file ({exc})") from None
