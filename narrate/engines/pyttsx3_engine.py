"""pyttsx3 over eSpeak NG, the default engine, with its known faults worked around.

pyttsx3 2.99's eSpeak driver returns from ``runAndWait()`` before eSpeak's thread has
written the file, so we wait for the ``finished-utterance`` event (with a timeout);
it prints "Audio saved to ..." on stdout, which we swallow; and it appends audio by
bytes concatenation, quadratic in text length, which sentence-sized chunks avoid.
Output that is missing or implausibly short is rendered once more with a fresh engine.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import functools
import io
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

from narrate.engines import Audio, Voice, pace
from narrate.engines.espeak import (
    INSTALL_HINT,
    espeak_files,
    espeak_version,
    espeak_voices,
    pick_voice,
    read_wav,
)
from narrate.errors import EngineError

# eSpeak speaks roughly at the requested words per minute; less than this share of the
# expected length means the driver truncated the text.
_MIN_SHARE = 0.3


@functools.lru_cache(maxsize=1)
def _pyttsx3_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pyttsx3")
    except PackageNotFoundError:
        return ""


@functools.lru_cache(maxsize=1)
def _library() -> str | None:
    # ctypes runs `ldconfig -p` to find a library: once per process, not once per check.
    return ctypes.util.find_library("espeak-ng") or ctypes.util.find_library("espeak")


class Pyttsx3Engine:
    """One pyttsx3 engine, created lazily and reused for every chunk of this process."""

    name = "pyttsx3"

    def __init__(self) -> None:
        self._engine: Any = None
        self._done = threading.Event()
        self._voices: list[Voice] | None = None

    def available(self) -> bool:
        """True when pyttsx3 imports and libespeak-ng is installed."""
        if not _pyttsx3_version():
            return False
        return bool(_library())

    def missing(self) -> str:
        """Install hint."""
        if not _pyttsx3_version():
            return "pyttsx3 is not installed: pip install 'pyttsx3==2.99'"
        return INSTALL_HINT

    def version(self) -> str:
        """pyttsx3's and eSpeak NG's versions, and the pace table's."""
        return f"pyttsx3-{_pyttsx3_version()}+espeak-ng-{espeak_version()}+pace-{pace.digest()}"

    def files(self) -> list[str] | None:
        """The files its speech depends on (the build stamp watches them)."""
        return espeak_files()

    def _get(self) -> Any:
        if self._engine is None:
            if not self.available():
                raise EngineError(self.missing())
            import pyttsx3

            with contextlib.redirect_stdout(io.StringIO()):
                self._engine = pyttsx3.init("espeak")
            self._engine.connect("finished-utterance", self._finished)
        return self._engine

    def _finished(self, name: str | None = None, completed: bool = True) -> None:
        self._done.set()

    def _reset(self) -> None:
        """Drop the engine so the next call starts a fresh one."""
        import pyttsx3

        engine, self._engine = self._engine, None
        with contextlib.suppress(Exception):
            engine.stop()
        # pyttsx3 caches engines per driver name; forget it so init() builds a new one.
        with contextlib.suppress(Exception):
            pyttsx3._activeEngines.clear()

    def warm(self) -> None:
        """Start the driver now (a worker does this before its first chunk)."""
        self._get()

    def voices(self) -> list[Voice]:
        """The voices eSpeak NG offers through pyttsx3.

        Read from ``espeak-ng --voices`` when it is there, which lists the same voices
        (pyttsx3 lower-cases the ids): starting the driver in the main process only to
        list them would cost a quarter of a second, half of it when the process exits.
        """
        if self._voices is None and espeak_voices():
            self._voices = [
                Voice(id=v.id.lower(), name=v.name, languages=v.languages) for v in espeak_voices()
            ]
        if self._voices is None:
            found = []
            for v in self._get().getProperty("voices"):
                langs = tuple(
                    lang.decode(errors="replace") if isinstance(lang, bytes) else str(lang)
                    for lang in (v.languages or ())
                )
                found.append(Voice(id=v.id, name=v.name, languages=langs))
            self._voices = found
        return self._voices

    def default_voice(self, language: str) -> str:
        """The voice for a language code."""
        return pick_voice(self.voices(), language)

    def synthesize(self, text: str, voice: str, rate: int) -> Audio:
        """Speak ``text`` at ``rate`` words per minute of speech, as measured (see pace)."""
        return self._speak(text, voice, rate, round(pace.setting("pyttsx3", rate)))

    def raw_synthesize(self, text: str, voice: str, setting: float) -> Audio:
        """Speak ``text`` with eSpeak NG's own rate ``setting``."""
        return self._speak(text, voice, round(setting), round(setting))

    def _speak(self, text: str, voice: str, rate: int, setting: int) -> Audio:
        """Speak ``text`` to a WAV file and load it; retries once with a fresh engine."""
        words = max(1, len(text.split()))
        expected = words / max(rate, 1) * 60
        timeout = 30 + expected * 2
        last = "no audio was written"
        for _attempt in range(2):
            try:
                audio = self._render(text, voice, setting, timeout)
            except EngineError as exc:
                last = str(exc)
                self._reset()
                continue
            if audio.samples / audio.sample_rate >= expected * _MIN_SHARE or words < 4:
                return audio
            last = (
                f"audio of {audio.samples / audio.sample_rate:.1f} s is too short for {words} words"
            )
            self._reset()
        raise EngineError(f"pyttsx3 failed on {text[:40]!r}: {last}; try --engine espeak")

    def _render(self, text: str, voice: str, rate: int, timeout: float) -> Audio:
        engine = self._get()
        fd, name = tempfile.mkstemp(prefix="narrate-pyttsx3-", suffix=".wav")
        os.close(fd)
        path = Path(name)
        try:
            engine.setProperty("voice", voice)
            engine.setProperty("rate", rate)
            self._done.clear()
            with contextlib.redirect_stdout(io.StringIO()):
                engine.save_to_file(text, str(path))
                engine.runAndWait()
                finished = self._done.wait(timeout)
            if not finished:
                raise EngineError(f"no audio after {timeout:.0f} s")
            if path.stat().st_size <= 44:
                raise EngineError("an empty audio file was written")
            return read_wav(path)
        finally:
            path.unlink(missing_ok=True)
