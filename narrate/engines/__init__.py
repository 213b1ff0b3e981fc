"""Speech engines behind one small interface, found by name in a registry.

Built-in engines are registered like plug-ins: a package adds one through the
``narrate.engines`` entry-point group, naming a zero-argument factory.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import import_module
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from narrate.config import did_you_mean, shown
from narrate.errors import EngineError

if TYPE_CHECKING:
    from narrate.config import Settings


@dataclass(frozen=True)
class Voice:
    """A voice an engine offers: id to pass as --voice, a display name, its language codes."""

    id: str
    name: str
    languages: tuple[str, ...] = ()
    # Known for neural voices (Piper): "low", "medium", "high"; the model's own rate.
    quality: str = ""
    sample_rate: int = 0


# Options an engine's factory takes in each worker, as (name, value) pairs (hashable).
Options = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Layout:
    """How a build runs an engine: worker processes, threads in each, device, memory each.

    ``options`` are passed to the engine's factory in every worker (``get_engine``); they
    shape speed, never the sound, so they are no part of a chunk's cache key.
    """

    workers: int
    threads: int = 1
    device: str = "cpu"
    memory: int = 0  # estimated resident bytes per worker; 0 when not known
    options: Options = ()


@dataclass(frozen=True)
class Audio:
    """Synthesised speech: signed 16-bit little-endian mono PCM at ``sample_rate``."""

    pcm: bytes
    sample_rate: int

    @property
    def samples(self) -> int:
        """Number of samples."""
        return len(self.pcm) // 2


@runtime_checkable
class Engine(Protocol):
    """What every speech engine provides."""

    name: str

    def available(self) -> bool:
        """True when the engine and its system dependencies are installed."""

    def missing(self) -> str:
        """One line saying what to install when ``available()`` is False."""

    def version(self) -> str:
        """A string that changes whenever the engine's output may change (part of cache keys)."""

    def voices(self) -> list[Voice]:
        """The voices the engine offers."""

    def default_voice(self, language: str) -> str:
        """The voice id to use for an ISO 639-1 language code."""

    def synthesize(self, text: str, voice: str, rate: int) -> Audio:
        """Speak ``text`` with ``voice`` at ``rate`` words per minute; raises EngineError."""

    # Optional: ``warm()`` loads the engine ahead of the first chunk (worker start-up);
    # ``files()`` lists the files its output depends on (None: unknown), which the build
    # stamp watches; an engine without it never has a build answered from the stamp;
    # ``layout(jobs, device, voice) -> Layout`` chooses workers and threads for a build;
    # ``voice_problem(voice) -> str | None`` judges a voice its list may not show (a file).


BUILTIN = {
    "pyttsx3": "narrate.engines.pyttsx3_engine:Pyttsx3Engine",
    "espeak": "narrate.engines.espeak:EspeakEngine",
    "silent": "narrate.engines.silent:SilentEngine",
    "piper": "narrate.engines.piper:PiperEngine",
}


def _factories() -> dict[str, str | Callable[[], Engine]]:
    found: dict[str, str | Callable[[], Engine]] = dict(BUILTIN)
    for ep in entry_points(group="narrate.engines"):
        found.setdefault(ep.name, ep.value)
    return found


def _factory(name: str) -> str | Callable[[], Engine] | None:
    # A built-in name is never a plug-in's (built-ins come first): finding it reads no
    # entry points, which scans the metadata of every installed package (a build asked
    # several times, for 5 to 10 ms each).
    return BUILTIN.get(name) or _factories().get(name)


def engine_names() -> list[str]:
    """Names of every registered engine."""
    return sorted(_factories())


class EngineSpec:
    """The registry's rule for the settings (config's SettingsSpec): the engine must exist."""

    @staticmethod
    def problem(name: str, value: Any) -> str | None:
        """Why ``value`` cannot be the ``engine`` setting, or None."""
        if name != "engine" or (isinstance(value, str) and value in BUILTIN):
            return None
        names = engine_names()
        if value in names:
            return None
        return f"{shown(value)} is unknown{did_you_mean(value, names)}: " + (
            f"choose one of {', '.join(names)}"
        )

    @staticmethod
    def validate(settings: Settings, origin: Mapping[str, str]) -> None:
        """Nothing here depends on more than one setting."""


def get_engine(name: str, options: Options = ()) -> Engine:
    """An engine instance by name, given its layout's options; EngineError for an unknown name."""
    factory = _factory(name)
    if factory is None:
        raise EngineError(f"unknown engine {name!r}: choose one of {', '.join(engine_names())}")
    if isinstance(factory, str):
        module, _, attr = factory.partition(":")
        factory = getattr(import_module(module), attr)
    return factory(**dict(options))


@functools.lru_cache(maxsize=16)
def layout_for(name: str, jobs: int, device: str = "auto", voice: str = "") -> Layout:
    """The build's layout for an engine, decided once per process (MemAvailable drifts).

    Engines without a ``layout`` method get ``jobs`` single-threaded workers, or one per
    core when ``jobs`` is 0.
    """
    engine = get_engine(name)
    choose = getattr(engine, "layout", None)
    if choose is None:
        return Layout(workers=jobs if jobs > 0 else (os.cpu_count() or 1))
    return choose(jobs, device, voice)


def require(engine: Engine) -> None:
    """Raise EngineError with an install hint when the engine is not usable here."""
    if not engine.available():
        raise EngineError(engine.missing())


def trim_silence(audio: Audio, threshold: int = 328, margin_ms: int = 20) -> Audio:
    """Cut leading and trailing silence (below ``threshold``, about -40 dBFS) but keep a margin.

    Engines pad their output unevenly; trimming makes the inserted pauses exact.
    Audio that is all silence is returned unchanged.
    """
    import numpy as np  # here: listing engines or voices needs no numpy

    n = len(audio.pcm) // 2
    samples = np.frombuffer(audio.pcm, dtype="<i2", count=n).astype(np.int32)
    loud = np.flatnonzero(np.abs(samples) > threshold)
    if not len(loud):
        return audio
    first, last = int(loud[0]), int(loud[-1])
    margin = audio.sample_rate * margin_ms // 1000
    lo, hi = max(0, first - margin), min(n, last + 1 + margin)
    return Audio(audio.pcm[2 * lo : 2 * hi], audio.sample_rate)
