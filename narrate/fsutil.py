"""Crash-safe file writes: write to a temporary name in the same folder, then rename."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(dest: Path, durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; rename it over ``dest`` only on success.

    ``durable=False`` skips the fsync, for files checked by their hash when read. An
    OSError that names no file (``write`` on a full disk) is raised naming ``dest``.
    """
    import tempfile  # here: the build stamp's fast check imports this module for sha256_file

    with _naming(dest):
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
        os.close(fd)
    tmp_path = Path(tmp)
    try:
        with _naming(dest):
            yield tmp_path
            if durable:
                with open(tmp_path, "rb") as fh:
                    os.fsync(fh.fileno())
            os.chmod(tmp_path, 0o644)
            os.replace(tmp_path, dest)
    finally:
        tmp_path.unlink(missing_ok=True)


@contextlib.contextmanager
def _naming(dest: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        if exc.filename is not None or exc.errno is None:
            raise
        raise OSError(exc.errno, exc.strerror or os.strerror(exc.errno), str(dest)) from exc


def write_if_changed(dest: Path, data: bytes, durable: bool = True) -> bool:
    """Atomically write ``data`` unless ``dest`` already holds exactly it; True if written.

    Only a regular file of the same size is read to compare: a ``dest`` that is (or links
    to) a device or a FIFO is never read, only replaced.
    """
    try:
        info = os.stat(dest)
        if stat.S_ISREG(info.st_mode) and info.st_size == len(data):
            with open(dest, "rb") as fh:
                if fh.read(len(data) + 1) == data:
                    return False
    except OSError:
        pass
    with atomic_path(dest, durable) as tmp:
        tmp.write_bytes(data)
    return True


def identity(path: str | Path) -> list[int]:
    """A file's size and modification time (nanoseconds): unchanged, it was not written."""
    info = os.stat(path)
    return [info.st_size, info.st_mtime_ns]


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
