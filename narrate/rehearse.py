"""Rehearsing an edit: the changed chunks of an edited article spoken while the command loads.

When the build stamp shows that all that differs from the last complete build is the bytes
of one article it built (``narrate.stamp.one_edit``), what the build will do is known
before its command line is even parsed: read that article with the settings of the last
build (nothing they come from has changed) and speak the few chunks the cache lacks. So,
as the command starts:

- its first reading process reads that article at once, instead of a sample (``read``),
  keeps the result for the build's own request, and hands the edition to
- a speaking process, forked at the same time, which finds what the cache lacks, loads
  the engine and the encoder, and speaks and encodes those chunks into the cache
  (``speak``);
- on two cores, the command waits for the reading process before it loads its command
  line (``give_way``).

Both run on other cores while the command line and the pipeline load in the command's
own process, which takes about as long. The build itself then runs as always: its request
to read the article is answered at once, and before it speaks what the cache lacks it
waits for the rehearsal to end, finds the chunks it spoke in the cache, and counts them as
spoken (``wait``).

Nothing here decides what is published. Units are named by their content, so a rehearsal
that guessed wrong (settings that differ after all) only leaves units the cache's bound
drops, and one that fails leaves the work to the build. An edit with more than
``MOST_CHUNKS`` chunks to speak is left to the build's worker processes, whose server
then starts at once.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from narrate.config import Settings
    from narrate.isolate import Warm
    from narrate.stamp import Edit

# More chunks than this to speak are left to the build's worker processes.
MOST_CHUNKS = 2

_listener: threading.Thread | None = None
_speaker: BaseProcess | None = None
_article = ""
_budget = 0.0
_spoken: frozenset[str] = frozenset()
_read = threading.Event()  # the reading process has handed the edition over (or failed)
READ = "read"


def plan(edit: Edit, budget: float) -> tuple[Warm, Callable[[], None]]:
    """What the first reading process runs first (instead of ``prepare.warm``), and what
    to call once that process is started, before any thread is: it forks the speaking
    process and listens to it. ``budget``: how long anything waits for another."""
    import multiprocessing

    from narrate.isolate import Warm

    edition_out, edition_in = multiprocessing.Pipe(duplex=False)
    warm = Warm("narrate.rehearse", "read", (edit.article, edit.settings, edition_out, edition_in))

    def start() -> None:
        global _listener, _speaker, _article, _budget
        said_out, said_in = multiprocessing.Pipe(duplex=False)
        try:
            speaker = multiprocessing.get_context("fork").Process(  # type: ignore[attr-defined]
                target=speak, args=(edit, edition_out, edition_in, said_in, budget), daemon=True
            )
            speaker.start()
        except (OSError, ValueError):  # no process to be had, or no fork on this system
            said_out.close()
            return  # the build speaks what is missing
        finally:
            for end in (edition_in, edition_out, said_in):
                end.close()
        # It ignores the SIGTERM multiprocessing sends a daemon process at exit, and would
        # be waited for: killed first (exit handlers run last registered first).
        atexit.register(_end)
        _speaker, _article, _budget = speaker, os.path.realpath(edit.article), budget
        _listener = threading.Thread(target=_listen, args=(said_out, budget), daemon=True)
        _listener.start()

    return warm, start


def _end() -> None:
    if _speaker is not None:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            _speaker.kill()


def _settings(values: dict[str, Any]) -> Settings:
    from narrate.config import Settings

    return Settings(**{**values, "lexicons": tuple(values.get("lexicons", ()))})


def read(article: str, settings: dict[str, Any], unused: Connection, conn: Connection) -> None:
    """In the reading process: read ``article`` ahead as the last build's ``settings`` would
    (``prepare.read_ahead``, kept for the build's request), and send the edition (None if
    that fails) on ``conn``, whose other end (``unused``) only the speaking process keeps."""
    from pathlib import Path

    from narrate.prepare import read_ahead

    unused.close()  # a speaking process that died then breaks the pipe: no send waits
    edition = None
    try:
        edition = read_ahead(Path(article), _settings(settings))
    except Exception:  # noqa: BLE001, S110 - the build reads it again, and says what is wrong
        pass
    finally:
        with contextlib.suppress(OSError, ValueError):
            conn.send(edition)
        conn.close()


def speak(
    edit: Edit, edition_out: Connection, unused: Connection, said: Connection, budget: float
) -> None:
    """In the speaking process: take the edition read (``read``) as soon as it comes;
    find the chunks the cache lacks and tell the command how many; when they are few,
    speak and encode them into the cache, and tell the command which."""
    from narrate.supervise import worker_started

    worker_started()  # stop signals are the command's; die with it
    unused.close()  # the reading process's end: its death is then seen here at once
    logging.getLogger("narrate").disabled = True  # the build says what goes wrong
    taken: list[Any] = []
    telling = threading.Lock()

    def tell(message: Any) -> None:
        with telling, contextlib.suppress(OSError, ValueError):
            said.send(message)

    def take() -> None:
        try:
            with contextlib.suppress(EOFError, OSError):
                if edition_out.poll(budget):
                    taken.append(edition_out.recv())
        finally:
            tell(READ)  # the reading process is done

    # Taken at once, so that the reading process never waits on a full pipe for this one.
    taking = threading.Thread(target=take, daemon=True)
    taking.start()
    try:
        from pathlib import Path

        from narrate.cache import ChunkCache, cache_dir
        from narrate.encode import encode_spec
        from narrate.synthesise import Synthesiser, load_encoder, voicing_for, voicing_of
        from narrate.voices import engine_for

        settings = _settings(edit.settings)
        if settings.scheduler:
            return  # the cluster speaks every chunk
        spec = encode_spec(settings)
        threading.Thread(target=load_encoder, daemon=True).start()
        engine = engine_for(settings)
        # What the chunks' keys are made of but the article's language (programs run, code
        # hashed, libraries found), while the article is read.
        voicing_for(engine, settings.language, settings.voice, settings.rate)
        spec.ident()
        taking.join()
        edition = taken[0] if taken else None
        if edition is None:
            return
        voicing = voicing_of(engine, edition, settings, warn=False)
        store = ChunkCache(cache_dir(Path(edit.out), settings.cache_dir))
        wanted = {voicing.key(s.spoken): s.spoken for s in edition.segments if s.spoken.strip()}
        todo = sorted((k, text) for k, text in wanted.items() if not store.has_unit(k, spec))
        tell(len(todo))
        if todo and len(todo) <= MOST_CHUNKS:
            with Synthesiser(settings.engine) as here:
                here.render(voicing, todo, store, spec, keep_audio=settings.keep_audio)
            tell(sorted(k for k, _ in todo if store.has_unit(k, spec)))
    except Exception:  # noqa: BLE001, S110 - the build speaks what is missing, and says why
        pass
    finally:
        with contextlib.suppress(OSError):
            said.close()


def _listen(said: Connection, budget: float) -> None:
    """In the command: start the workers' server as soon as the speaking process finds
    too much to speak, and keep the keys of the chunks it spoke."""
    global _spoken
    from narrate.supervise import shield_thread

    shield_thread()
    try:
        if not said.poll(2 * budget) or said.recv() != READ:
            return
        _read.set()
        if not said.poll(budget):
            return
        count = said.recv()
        if count > MOST_CHUNKS:
            from narrate.workers import prestart

            prestart()
        elif count and said.poll(budget):
            _spoken = frozenset(said.recv())
    except (EOFError, OSError, TypeError, ValueError):
        pass
    finally:
        _read.set()
        said.close()


def give_way(most: float) -> None:
    """On a machine with fewer cores than the rehearsal's two processes and this one, wait
    (up to ``most`` seconds) for the reading process to hand the edition over before
    loading the command line: this process's work is not needed before the rehearsal's
    is done, and running all three at once slows the two it waits for (by about a
    hundredth of a second in a one-paragraph edit of the seed, on two cores)."""
    from narrate.workers import usable_cores

    if _listener is not None and usable_cores() < 3:
        _read.wait(most)


def active(article: str) -> bool:
    """Whether a rehearsal of ``article`` was started (it speaks what the build needs)."""
    return _listener is not None and os.path.realpath(article) == _article


def wait(article: str) -> frozenset[str]:
    """The keys of the chunks a rehearsal spoke for ``article``, once it has ended (at
    once, and empty, when no rehearsal is of that article; after the budget, what it
    spoke by then)."""
    if _listener is None or not active(article):
        return frozenset()
    _listener.join(3 * _budget)
    return _spoken
