"""Piper neural voices (piper-tts on onnxruntime), one model load per worker process.

Voices are ``.onnx`` models beside their ``.onnx.json`` configs: by name when an
installed Python package ships them (found from package metadata, never the network),
or by path. What Piper speaks is narrate's normalised text; Piper's own sentence
silence is never added, since pauses are narrate's. How many worker processes a build
uses, and how many onnxruntime threads each, is decided here (``layout``), from the
cores, the memory available and the device: ``bench/engines.py`` measured that N
single-threaded processes spend less CPU per second of speech than one process with N
threads on the same cores.

Piper's models draw their noise (the prior's and the duration predictor's) inside the
graph, from a generator whose state runs on from call to call, so the same sentence never
sounded the same twice and no build was reproducible. Each voice is loaded with those draws
replaced by slices of a fixed bank of normal noise (``seeded_model``): the same sentence,
voice and settings now give the same samples in any process, in any order, with the noise
the model was trained with.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distributions, version
from pathlib import Path
from typing import Any

from narrate.engines import Audio, Layout, Voice, pace
from narrate.errors import EngineError
from narrate.workers import usable_cores

INSTALL_HINT = "Piper is not installed: pip install 'narrate[piper]'"
# The voice whose measured pace stands in for a voice never measured (narrate.engines.pace).
PACE_VOICE = "en_US-joe-medium"
DEVICES = ("auto", "cpu", "cuda")
# Resident memory of a worker besides its model (onnxruntime's arenas for a long sentence,
# piper's eSpeak data, narrate, numpy), and per byte of model: bench/engines.py measured
# 670 to 750 MB per worker with the 63 MB packaged voice; this estimate gives 765 MB.
BASE_MEMORY = 450 * 2**20
MODEL_FACTOR = 5
# What a build leaves to the rest of the machine when counting workers against MemAvailable.
RESERVE = 512 * 2**20
# The noise bank: values per draw (4 MB of float32; a medium voice's prior uses 192 a frame,
# so one sentence of 60 s takes about 1M; a longer one repeats the bank) and its seed.
NOISE_VALUES = 2**20
NOISE_SEED = 1770


@dataclass(frozen=True)
class PiperVoiceFile:
    """A Piper voice on disk: its id, model and config paths, and facts from the config."""

    id: str
    model: Path
    config: Path
    language: str
    quality: str
    sample_rate: int
    package: str = ""

    def voice(self) -> Voice:
        """As a narrate Voice (language code with a hyphen, as ``--language`` filters)."""
        return Voice(
            id=self.id,
            name=f"{self.id} ({self.quality or 'unknown'} quality, {self.sample_rate} Hz"
            + (f", from {self.package})" if self.package else ")"),
            languages=(self.language.replace("_", "-"),),
            quality=self.quality,
            sample_rate=self.sample_rate,
        )


def read_voice(model: Path, package: str = "") -> PiperVoiceFile:
    """The voice of a ``.onnx`` model with its ``.onnx.json``; raises EngineError if unusable."""
    config = model.with_name(model.name + ".json")
    if model.suffix != ".onnx" or not model.is_file():
        raise EngineError(f"{model}: no such Piper voice (a .onnx file with its .onnx.json)")
    if not config.is_file():
        raise EngineError(f"{model}: its config {config.name} is missing beside it")
    try:
        data = json.loads(config.read_text("utf-8"))
        rate = int(data["audio"]["sample_rate"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EngineError(f"{config}: not a Piper voice config ({exc})") from None
    lang = data.get("language", {}).get("code") or data.get("espeak", {}).get("voice", "")
    quality = str(data.get("audio", {}).get("quality", ""))
    stem = model.name[: -len(".onnx")]
    return PiperVoiceFile(stem, model, config, str(lang), quality, rate, package)


def data_folder() -> Path:
    """Where ``narrate voices --download`` installs voices: $XDG_DATA_HOME/narrate/voices."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
    return Path(base) / "narrate" / "voices"


@functools.lru_cache(maxsize=1)
def package_voices() -> tuple[PiperVoiceFile, ...]:
    """Voices shipped inside installed Python packages (a .onnx listed with its .onnx.json)."""
    found: dict[str, PiperVoiceFile] = {}
    for dist in distributions():
        # The RECORD text is searched first: parsing every package's file list is slow.
        record = dist.read_text("RECORD") or ""
        if ".onnx.json," not in record:
            continue
        names = {line.rsplit(",", 2)[0] for line in record.splitlines() if ".onnx" in line}
        for name in sorted(names):
            if name.endswith(".onnx") and f"{name}.json" in names:
                model = Path(str(dist.locate_file(name)))
                try:
                    voice = read_voice(model, dist.metadata["Name"] or "")
                except EngineError:
                    continue
                found.setdefault(voice.id, voice)
    return tuple(sorted(found.values(), key=lambda v: v.id))


def folder_voices(folder: Path) -> tuple[PiperVoiceFile, ...]:
    """Voices in a folder: every ``.onnx`` with its ``.onnx.json``, one level of subfolders."""
    found = []
    for model in sorted([*folder.glob("*.onnx"), *folder.glob("*/*.onnx")]):
        if model.parent.name.startswith("."):
            continue  # a download still in progress
        try:
            found.append(read_voice(model))
        except EngineError:
            continue
    return tuple(found)


def installed_voices(folders: tuple[str, ...] = ()) -> tuple[PiperVoiceFile, ...]:
    """Every installed voice: in ``folders`` first, the user's data folder, then packages."""
    found: dict[str, PiperVoiceFile] = {}
    for folder in (*(Path(os.path.expanduser(f)) for f in folders if f), data_folder()):
        for voice in folder_voices(folder):
            found.setdefault(voice.id, voice)
    for voice in package_voices():
        found.setdefault(voice.id, voice)
    return tuple(sorted(found.values(), key=lambda v: v.id))


def find_voice(voice: str, folders: tuple[str, ...] = ()) -> PiperVoiceFile:
    """A voice by installed name or by path to its ``.onnx``; raises EngineError otherwise."""
    if voice.endswith(".onnx") or os.sep in voice:
        return read_voice(Path(os.path.expanduser(voice)))
    known = installed_voices(folders)
    for each in known:
        if each.id == voice:
            return each
    names = ", ".join(v.id for v in known) or "none installed"
    raise EngineError(
        f"no Piper voice named {voice!r} (installed: {names}); "
        f"install one with: narrate voices --download NAME, "
        "or pass the path of a .onnx voice with its .onnx.json"
    )


def available_memory() -> int:
    """MemAvailable from /proc/meminfo in bytes (0 when it cannot be read)."""
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def worker_memory(model_bytes: int) -> int:
    """Estimated resident memory of one worker holding a model of ``model_bytes``."""
    return BASE_MEMORY + MODEL_FACTOR * model_bytes


def cuda_present() -> bool:
    """True when onnxruntime was built with CUDA (onnxruntime-gpu) and a GPU is visible."""
    if importlib.util.find_spec("onnxruntime") is None:
        return False
    import onnxruntime

    if "CUDAExecutionProvider" not in onnxruntime.get_available_providers():
        return False
    return Path("/dev/nvidia0").exists() or any(Path("/proc/driver/nvidia/gpus").glob("*"))


def resolve_device(device: str) -> str:
    """The device ("cpu" or "cuda") for a setting; EngineError when CUDA is asked but absent."""
    if device not in DEVICES:
        raise EngineError(f"device must be one of {', '.join(DEVICES)}, not {device!r}")
    if device == "cuda" and not cuda_present():
        raise EngineError(
            "device = cuda, but no CUDA device with onnxruntime-gpu was found: "
            'pip install onnxruntime-gpu, or set device = "auto"'
        )
    if device == "auto":
        return "cuda" if cuda_present() else "cpu"
    return device


def plan(jobs: int, device: str, cores: int, available: int, model_bytes: int) -> Layout:
    """Worker processes x onnxruntime threads for a build (a pure function, for tests).

    On CPU: one single-threaded worker per core (measured faster than one process using
    every core), unless ``jobs`` says how many; fewer when ``available`` memory cannot
    hold them. Always one thread each: onnxruntime's samples depend on how many threads
    split the work (1, 2 and 16 threads gave three different results for one sentence),
    and a build must sound the same on any machine and whatever its free memory. On
    CUDA: one worker that feeds the GPU (reproducible on that GPU only).
    """
    cores = max(1, cores)
    per_worker = worker_memory(model_bytes)
    if device == "cuda":
        return Layout(1, cores, "cuda", per_worker, (("device", "cuda"), ("threads", str(cores))))
    workers = jobs if jobs > 0 else cores
    if available > 0:
        workers = min(workers, max(1, (available - RESERVE) // per_worker))
    return Layout(workers, 1, "cpu", per_worker, (("device", "cpu"), ("threads", "1")))


def seeded_model(model: bytes) -> tuple[bytes, list[str]]:
    """The model with each RandomNormalLike draw read from a noise input instead.

    Returns the model's bytes and the names of its new inputs, each a 1-D float32 bank that
    the draw's shape is cut from (tiled when a draw needs more values than it holds).
    """
    import onnx
    from onnx import TensorProto, helper

    proto = onnx.load_from_string(model)
    graph = proto.graph
    inputs: list[str] = []
    nodes = []
    for node in graph.node:
        if node.op_type != "RandomNormalLike":
            nodes.append(node)
            continue
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        k = len(inputs)
        bank = f"narrate_noise_{k}"
        inputs.append(bank)
        graph.input.append(helper.make_tensor_value_info(bank, TensorProto.FLOAT, ["values"]))
        n = f"narrate_noise_{k}/"
        graph.initializer.extend([
            helper.make_tensor(n + "zero", TensorProto.INT64, [1], [0]),
            helper.make_tensor(n + "one", TensorProto.INT64, [1], [1]),
            helper.make_tensor(n + "scale", TensorProto.FLOAT, [], [attrs.get("scale", 1.0)]),
            helper.make_tensor(n + "mean", TensorProto.FLOAT, [], [attrs.get("mean", 0.0)]),
        ])  # fmt: skip
        nodes += [
            helper.make_node("Shape", [node.input[0]], [n + "shape"]),
            helper.make_node("ReduceProd", [n + "shape"], [n + "count"], keepdims=1),
            helper.make_node("Shape", [bank], [n + "have"]),
            # ceil(count / have) copies of the bank hold the draw.
            helper.make_node("Sub", [n + "have", n + "one"], [n + "have1"]),
            helper.make_node("Add", [n + "count", n + "have1"], [n + "up"]),
            helper.make_node("Div", [n + "up", n + "have"], [n + "copies"]),
            helper.make_node("Tile", [bank, n + "copies"], [n + "tiled"]),
            helper.make_node("Slice", [n + "tiled", n + "zero", n + "count"], [n + "flat"]),
            helper.make_node("Reshape", [n + "flat", n + "shape"], [n + "unit"]),
            helper.make_node("Mul", [n + "unit", n + "scale"], [n + "scaled"]),
            helper.make_node("Add", [n + "scaled", n + "mean"], [node.output[0]]),
        ]
    del graph.node[:]
    graph.node.extend(nodes)
    return proto.SerializeToString(), inputs


class SeededSession:
    """An onnxruntime session of a seeded model that feeds its noise banks on every run."""

    def __init__(self, session: Any, banks: dict[str, Any]) -> None:
        self.session = session
        self.banks = banks

    def run(self, outputs: Any, feed: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        """Run the model with ``feed`` and the noise banks."""
        return self.session.run(outputs, {**feed, **self.banks}, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.session, name)


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return ""


class PiperEngine:
    """Piper voices; each process loads a model once and keeps it for every chunk."""

    name = "piper"

    def __init__(self, threads: str | int = 0, device: str = "auto", folders: str = "") -> None:
        self.threads = int(threads)
        self.device = device
        # Voices folders to search besides the user's data folder (os.pathsep between).
        self.folders = tuple(f for f in folders.split(os.pathsep) if f)
        self._voices: dict[Path, Any] = {}

    def available(self) -> bool:
        """True when piper-tts and onnxruntime are importable."""
        return all(
            importlib.util.find_spec(m) is not None for m in ("piper", "onnxruntime", "onnx")
        )

    def missing(self) -> str:
        """Install hint."""
        return INSTALL_HINT

    def version(self) -> str:
        """piper-tts's and onnxruntime's versions, and the pace table's."""
        return (
            f"piper-tts-{_version('piper-tts')}+onnxruntime-{_version('onnxruntime')}"
            f"+pace-{pace.digest()}"
        )

    def voices(self) -> list[Voice]:
        """Installed voices: the configured folders, the user's data folder, packages."""
        return [v.voice() for v in installed_voices(self.folders)]

    def voice_problem(self, voice: str) -> str | None:
        """Why ``voice`` cannot be spoken (an installed name or a .onnx path), or None."""
        try:
            find_voice(voice, self.folders)
        except EngineError as exc:
            return str(exc)
        return None

    def default_voice(self, language: str) -> str:
        """An installed voice for an ISO 639-1 code (US English first for "en")."""
        language = language.lower()
        known = installed_voices(self.folders)
        matches = [v for v in known if v.language.lower().split("_")[0] == language]
        matches.sort(key=lambda v: (v.language.lower() != f"{language}_us", v.id))
        if not matches:
            have = ", ".join(f"{v.id} ({v.language})" for v in known) or "none"
            raise EngineError(
                f"no Piper voice for language {language!r} is installed (installed: {have}); "
                "install one with: narrate voices --download NAME"
            )
        return matches[0].id

    def layout(self, jobs: int, device: str, voice: str = "") -> Layout:
        """Workers and threads for this machine, its free memory and the voice's size."""
        # A bad --voice is reported here, once, before any worker starts.
        found = [find_voice(voice, self.folders)] if voice else list(installed_voices(self.folders))
        size = found[0].model.stat().st_size if found else 64 * 2**20
        return plan(jobs, resolve_device(device), usable_cores(), available_memory(), size)

    def _load(self, voice: str) -> Any:
        found = find_voice(voice, self.folders)
        loaded = self._voices.get(found.model)
        if loaded is not None:
            return loaded
        if not self.available():
            raise EngineError(INSTALL_HINT)
        import numpy as np
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig

        options = onnxruntime.SessionOptions()
        # 0 lets onnxruntime take every core (a library caller's choice); a build's layout
        # always asks for 1, since the samples depend on the thread count (see ``plan``).
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        device = resolve_device(self.device)
        providers = ["CUDAExecutionProvider"] if device == "cuda" else []
        try:
            config = PiperConfig.from_dict(json.loads(found.config.read_text("utf-8")))
            model, inputs = seeded_model(found.model.read_bytes())
            session = onnxruntime.InferenceSession(
                model, sess_options=options, providers=[*providers, "CPUExecutionProvider"]
            )
        except Exception as exc:  # noqa: BLE001 - onnx and onnxruntime raise untyped errors
            raise EngineError(f"{found.model}: Piper could not load the voice ({exc})") from None
        rng = np.random.default_rng(NOISE_SEED)
        banks = {name: rng.standard_normal(NOISE_VALUES, dtype=np.float32) for name in inputs}
        seeded = SeededSession(session, banks)
        loaded = self._voices[found.model] = PiperVoice(session=seeded, config=config)  # type: ignore[arg-type]
        return loaded

    def warm(self) -> None:
        """Import piper and onnxruntime ahead of the first chunk (a worker's start-up).

        The model itself loads with the first chunk, once the voice and the thread count
        that the build chose are known.
        """
        if self.available():
            import onnxruntime  # noqa: F401
            import piper  # noqa: F401

    def synthesize(self, text: str, voice: str, rate: int) -> Audio:
        """Speak ``text`` at ``rate`` words per minute of speech, as measured.

        The length scale comes from the voice's measured pace table; a voice never measured
        borrows the packaged voice's, relative to its own length scale.
        """
        table = f"piper:{find_voice(voice, self.folders).id}"
        if pace.has_table(table):
            return self.raw_synthesize(text, voice, pace.setting(table, rate))
        own = self._load(voice).config.length_scale
        return self.raw_synthesize(text, voice, own * pace.setting(f"piper:{PACE_VOICE}", rate))

    def raw_synthesize(self, text: str, voice: str, scale: float) -> Audio:
        """Speak ``text`` with length scale ``scale``: Piper's sentences joined with no
        silence, at its own sample rate."""
        from piper import SynthesisConfig

        piper_voice = self._load(voice)
        try:
            chunks = list(piper_voice.synthesize(text, SynthesisConfig(length_scale=scale)))
        except Exception as exc:  # noqa: BLE001 - phonemizer and onnxruntime errors vary
            raise EngineError(f"Piper failed on {text[:40]!r}: {exc}") from None
        pcm = b"".join(chunk.audio_int16_bytes for chunk in chunks)
        if not pcm:
            raise EngineError(f"Piper gave no audio for {text[:40]!r}")
        return Audio(pcm, piper_voice.config.sample_rate)
