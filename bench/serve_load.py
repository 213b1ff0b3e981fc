"""narrate serve under 100 concurrent ranged clients, against socketserver's defaults.

Builds the seed article on the silent engine, then serves it twice, each in its own
process on 127.0.0.1: ``baseline`` (listen backlog 5, a thread per connection, no idle
timeout: what the server was before) and ``narrate`` (backlog 128, bounded threads, idle
timeout). For each, ``--clients`` threads start at once and each sends ``--requests``
GETs of a random byte range of the episode, each on a new connection, as podcast apps do
when they seek. A request fails if it is refused, times out (``--timeout``), or its body
is not exactly the bytes asked for. Prints failures and latency percentiles of each, and
the ratio of narrate's p99 to the baseline's. Bounded: at most clients x requests
requests per server, and ``--deadline`` seconds per server.

    .venv/bin/python bench/serve_load.py [--clients 100] [--requests 5] [--rounds 2]
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import NARRATE, ROOT, SEED


def serve(mode: str, folder: Path) -> None:
    """Serve ``folder`` on a free port in this process; print the port, run until killed."""
    from narrate import server

    if mode == "baseline":
        server.NarrateServer.request_queue_size = 5
        srv = server.NarrateServer(
            folder,
            "127.0.0.1",
            0,
            idle_timeout=None,
            max_threads=1 << 20,  # type: ignore[arg-type]
        )
    else:
        srv = server.make_server(folder, "127.0.0.1", 0)
    print(srv.server_address[1], flush=True)
    srv.serve_forever()


def fetch(port: int, start: int, end: int, expected: bytes, timeout: float) -> float | None:
    """Seconds for one ranged GET on a new connection, or None if it failed."""
    began = time.perf_counter()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(
                f"GET /seed.mp3 HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes={start}-{end}\r\n"
                "Connection: close\r\n\r\n".encode()
            )
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
    except OSError:
        return None
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 206") or body != expected:
        return None
    return time.perf_counter() - began


def load(port: int, data: bytes, clients: int, requests: int, timeout: float,
         deadline: float) -> tuple[int, list[float]]:  # fmt: skip
    """(failures, latencies) of ``clients`` threads sending ``requests`` each."""
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    barrier = threading.Barrier(clients)
    stop = time.monotonic() + deadline

    def client(seed: int) -> None:
        nonlocal failures
        rng = random.Random(seed)
        barrier.wait()
        for _ in range(requests):
            if time.monotonic() > stop:
                with lock:
                    failures += 1
                continue
            start = rng.randrange(len(data))
            end = min(len(data) - 1, start + rng.randrange(1, 256 * 1024))
            took = fetch(port, start, end, data[start : end + 1], timeout)
            with lock:
                if took is None:
                    failures += 1
                else:
                    latencies.append(took)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures, latencies


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (0..1) of ``values``; inf when there are none."""
    if not values:
        return float("inf")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2, help="alternate servers this often")
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--deadline", type=float, default=60.0)
    parser.add_argument("--serve", nargs=2, metavar=("MODE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], Path(args.serve[1]))
        return
    with tempfile.TemporaryDirectory() as work:
        src = Path(work) / "src"
        src.mkdir()
        (src / "seed.txt").write_bytes(SEED.read_bytes())
        out = Path(work) / "out"
        subprocess.run([*NARRATE, "build", str(src), "--out", str(out), "--engine", "silent"],
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        data = (out / "seed.mp3").read_bytes()
        results: dict[str, tuple[int, list[float]]] = {"baseline": (0, []), "narrate": (0, [])}
        for _ in range(args.rounds):
            for mode in results:
                proc = subprocess.Popen(
                    [sys.executable, __file__, "--serve", mode, str(out)],
                    stdout=subprocess.PIPE, text=True, cwd=ROOT,
                )  # fmt: skip
                try:
                    assert proc.stdout is not None
                    port = int(proc.stdout.readline())
                    failed, took = load(port, data, args.clients, args.requests, args.timeout,
                                        args.deadline)  # fmt: skip
                finally:
                    proc.terminate()
                    proc.wait(timeout=10)
                before_failed, before_took = results[mode]
                results[mode] = (before_failed + failed, before_took + took)
    total = args.clients * args.requests * args.rounds
    print(f"{args.clients} concurrent clients x {args.requests} ranged GETs x {args.rounds} "
          f"rounds = {total} requests per server; episode {len(data)} bytes")  # fmt: skip
    for mode, (failed, took) in results.items():
        print(f"{mode:9} failures {failed:4} ({100 * failed / total:.1f}%)  "
              f"p50 {1000 * statistics.median(took) if took else float('inf'):8.1f} ms  "
              f"p99 {1000 * percentile(took, 0.99):8.1f} ms  "
              f"max {1000 * max(took, default=float('inf')):8.1f} ms")  # fmt: skip
    ratio = percentile(results["narrate"][1], 0.99) / percentile(results["baseline"][1], 0.99)
    print(f"p99 narrate / baseline: {ratio:.2f}")


if __name__ == "__main__":
    main()
