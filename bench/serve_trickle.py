"""narrate serve under a starvation attack: trickling and idle sockets, and one real client.

Builds the seed article on the silent engine and serves it with ``narrate serve`` on
127.0.0.1. First the real client alone asks for the feed ``--requests`` times (the
baseline); then ``--trickle`` sockets each send one byte of a request head every
``--interval`` seconds and ``--idle`` sockets send nothing, and the real client asks again
the same number of times, one request a second. Prints the client's worst and median
latency in each phase, their ratio, and whether every request of the attacked phase was
answered within ``--budget`` seconds (2 s: the figure the server is held to).

    .venv/bin/python bench/serve_trickle.py [--trickle 70] [--idle 64] [--requests 20]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import NARRATE, SEED

REQUEST = b"GET /feed.xml HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"


def ask(address: tuple[str, int], timeout: float) -> float:
    """Seconds until the whole feed came back (``timeout`` + 1 if it did not)."""
    started = time.perf_counter()
    try:
        with socket.create_connection(address, timeout=timeout) as sock:
            sock.sendall(REQUEST)
            head = sock.recv(12)
            while sock.recv(65536):
                pass
    except OSError:
        return timeout + 1
    return time.perf_counter() - started if head == b"HTTP/1.1 200" else timeout + 1


def client(address: tuple[str, int], n: int, timeout: float) -> list[float]:
    """``n`` requests, one a second."""
    times = []
    for _ in range(n):
        times.append(ask(address, timeout))
        time.sleep(max(0.0, 1.0 - times[-1]))
    return times


def trickle(address: tuple[str, int], stop: threading.Event, interval: float) -> None:
    """One socket that sends a request head a byte at a time, for as long as it is open."""
    try:
        with socket.create_connection(address, timeout=5) as sock:
            for byte in REQUEST * 100:
                sock.sendall(bytes([byte]))
                if stop.wait(interval):
                    return
    except OSError:
        return  # closed by the server: a new one takes its place
    if not stop.is_set():
        trickle(address, stop, interval)


def main() -> None:
    """Run both phases and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trickle", type=int, default=70)
    parser.add_argument("--idle", type=int, default=64)
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--budget", type=float, default=2.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "arts").mkdir()
        (work / "arts" / SEED.name).write_bytes(SEED.read_bytes())
        subprocess.run([*NARRATE, "build", str(work / "arts"), "-o", str(work / "out"),
                        "--engine", "silent", "-q"], check=True)  # fmt: skip
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            [*NARRATE, "serve", "-o", str(work / "out"), "--port", str(port), "-q"],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            assert server.stdout is not None
            server.stdout.readline()  # "Serving ...": it listens
            address = ("127.0.0.1", port)
            alone = client(address, args.requests, 30.0)
            stop = threading.Event()
            idle = [socket.create_connection(address) for _ in range(args.idle)]
            attackers = [
                threading.Thread(target=trickle, args=(address, stop, args.interval), daemon=True)
                for _ in range(args.trickle)
            ]
            for thread in attackers:
                thread.start()
            time.sleep(1.0)  # every attacking socket connected and trickling
            attacked = client(address, args.requests, 30.0)
            stop.set()
            for sock in idle:
                sock.close()
        finally:
            server.terminate()
            server.wait(10)
    for name, times in (
        ("alone", alone),
        (f"{args.trickle} trickling + {args.idle} idle", attacked),
    ):
        print(f"{name}: median {statistics.median(times):.3f} s, worst {max(times):.3f} s")
    ratio = max(attacked) / max(alone)
    within = all(t <= args.budget for t in attacked)
    print(f"worst attacked / worst alone: {ratio:.1f}x; every request within {args.budget:g} s: "
          f"{'yes' if within else 'NO'}")  # fmt: skip
    sys.exit(0 if within else 1)


if __name__ == "__main__":
    main()
