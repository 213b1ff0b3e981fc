"""The synthesise stage on the silent engine: exact lengths, one rendering per chunk, and
the bounded worker loop behind it."""

from __future__ import annotations

import operator
from pathlib import Path

import pytest

from narrate.cache import ChunkCache
from narrate.edition import Edition, Segment
from narrate.encode import EncodeSpec
from narrate.engines import get_engine
from narrate.engines.silent import SAMPLE_RATE, silent_samples
from narrate.errors import EngineError
from narrate.synthesise import Synthesiser, Voicing, synthesise, voicing_for
from narrate.workers import Workers

SPEC = EncodeSpec()


def _edition(*spoken: str) -> Edition:
    segments = tuple(
        Segment(index=i, kind="sentence", paragraph=0, text=s, spoken=s)
        for i, s in enumerate(spoken)
    )
    return Edition(source="a.txt", slug="a", source_sha256="", title="A", segments=segments)


@pytest.fixture
def voicing() -> Voicing:
    return voicing_for(get_engine("silent"), "en", "", 175)


def test_every_segment_gets_its_chunk_and_exact_length(tmp_path: Path, voicing: Voicing) -> None:
    edition = _edition("One sentence.", "", "Another, longer sentence.", "One sentence.")
    with Synthesiser("silent") as synthesiser:
        done, report = synthesise(edition, voicing, tmp_path, synthesiser, SPEC)
    assert done.sample_rate == SPEC.out_rate
    # Doubled from the engine's 22.05 kHz to the 44.1 kHz output.
    expected = [silent_samples(s.spoken, 175) * SPEC.out_rate // SAMPLE_RATE if s.spoken else 0
                for s in edition.segments]  # fmt: skip
    assert [s.samples for s in done.segments] == expected
    assert [bool(s.audio) for s in done.segments] == [True, False, True, True]
    assert done.segments[0].audio == done.segments[3].audio == voicing.key("One sentence.")
    # The same words twice are spoken once.
    assert (report.rendered, report.encoded, report.cached) == (2, 0, 0)


def test_a_second_pass_renders_nothing_and_new_audio_settings_only_encode(
    tmp_path: Path, voicing: Voicing
) -> None:
    edition = _edition("First.", "Second.")
    bitrate = EncodeSpec(bitrate=96)
    with Synthesiser("silent") as synthesiser:
        synthesise(edition, voicing, tmp_path, synthesiser, SPEC, keep_audio=True)
        _, again = synthesise(edition, voicing, tmp_path, synthesiser, SPEC)
        _, other = synthesise(edition, voicing, tmp_path, synthesiser, bitrate)
        # Without the audio kept, new audio settings speak again.
        _, lean = synthesise(edition, voicing, tmp_path / "lean", synthesiser, SPEC)
        _, respoken = synthesise(edition, voicing, tmp_path / "lean", synthesiser, bitrate)
    assert (again.rendered, again.encoded, again.cached) == (0, 0, 2)
    assert (other.rendered, other.encoded, other.cached) == (0, 2, 0)
    assert (lean.rendered, respoken.rendered, respoken.encoded) == (2, 2, 0)
    assert not list((tmp_path / "lean").rglob("*.wav"))
    cache = ChunkCache(tmp_path)
    assert cache.read_unit(voicing.key("First."), EncodeSpec(bitrate=96)) is not None


def test_the_voicing_names_engine_code_voice_and_rate(voicing: Voicing) -> None:
    assert voicing.version.startswith("silent-1+")
    keys = {
        voicing.key("Words."),
        Voicing(voicing.engine, voicing.voice, 200, voicing.version).key("Words."),
        Voicing(voicing.engine, "other", 175, voicing.version).key("Words."),
        Voicing(voicing.engine, voicing.voice, 175, "silent-2").key("Words."),
    }
    assert len(keys) == 4


def test_engine_errors_come_back_as_one_line(
    tmp_path: Path, voicing: Voicing, monkeypatch: pytest.MonkeyPatch
) -> None:
    import narrate.synthesise

    monkeypatch.setattr(narrate.synthesise, "render_chunk", lambda v, text: f"cannot say {text!r}")
    with Synthesiser("silent") as synthesiser, pytest.raises(EngineError) as caught:
        synthesise(_edition("One.", "Two.", "Three."), voicing, tmp_path, synthesiser, SPEC)
    # The longest chunk goes first, so its error is the one named.
    assert str(caught.value) == "cannot say 'Three.' (and 2 more)"


def test_the_bounded_loop_keeps_a_window_in_flight_and_returns_every_result() -> None:
    pulled: list[int] = []

    def tasks():  # noqa: ANN202
        for n in range(20):
            pulled.append(n)
            yield str(n), (n, n)

    results: dict[str, int] = {}
    seen_when_first: list[int] = []

    def on_result(name: str, value: int) -> None:
        if not results:
            seen_when_first.append(len(pulled))
        results[name] = value

    workers = Workers(2)
    try:
        workers.run(operator.mul, tasks(), on_result, window=3)
    finally:
        workers.close()
    assert results == {str(n): n * n for n in range(20)}
    # Arguments are made only as tasks are submitted: a window, not the whole queue.
    assert seen_when_first == [3]


def test_one_worker_runs_tasks_here_in_order() -> None:
    order: list[str] = []
    Workers(1).run(operator.add, [("a", (1, 2)), ("b", (3, 4))], lambda n, v: order.append(n))
    assert order == ["a", "b"]
