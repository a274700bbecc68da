"""The red team's three floods (issue 14: H2, M1, M2) against a real server, with the server's memory and a
normal user's latency while each runs.

    .venv/bin/python bench/floods.py [--repo DIR]      # DIR: another checkout, e.g. the commit before the fix

- H2: 19 /feedback calls, each carrying a client-built answer of ~30 MB (50 citations of 200,000 Chinese characters).
- M1: 200 concurrent direct POSTs to /gradio_api/run/ask (the route that skipped the queue).
- M2: 100 concurrent /ask calls, each with one 10 MB history turn (10 million ASCII characters).

While a flood runs, a "normal user" asks "贵州雷山县怎么发展农村电商？" through the queue again and again; its
latencies are the figure that matters. The server runs in its own process (bench/load.py's ``start_server``);
peak RSS is the kernel's VmHWM, the feedback database's size is read from disk. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import REPO, free_port, percentile, start_server, wait_for

QUESTION = "贵州雷山县怎么发展农村电商？"


def body(data: list[Any]) -> bytes:
    """A call's JSON body, encoded once (a flood sends the same bytes from every thread: the client's memory
    must not be what the benchmark measures)."""
    return json.dumps({"data": data}, ensure_ascii=False).encode()


def call(base: str, name: str, content: bytes, timeout: float = 120) -> tuple[int, str]:
    """One named call through the queue (/call/<name>, then its event stream): (HTTP status, final text);
    status 0 when the connection failed."""
    try:
        with httpx.Client(timeout=timeout) as client:
            started = client.post(f"{base}gradio_api/call/{name}", content=content,
                                  headers={"content-type": "application/json"})  # fmt: skip
            if started.status_code != 200:
                return started.status_code, started.text[:200]
            event = started.json()["event_id"]
            text = client.get(f"{base}gradio_api/call/{name}/{event}").text
            return 200, text[-300:]
    except httpx.HTTPError as exc:
        return 0, repr(exc)


def status_of(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def normal_user(base: str, stop: threading.Event, latencies: list[float]) -> None:
    question = body([QUESTION, None, None, None, None])
    while not stop.is_set():
        started = time.perf_counter()
        status, text = call(base, "ask", question, timeout=300)
        status = status if "error" not in text[-200:] else 500
        latencies.append((time.perf_counter() - started) * 1000 if status == 200 else float("inf"))
        time.sleep(0.2)


def flood_h2(base: str) -> list[int]:
    citation = {"marker": 1, "source_id": "pei2026", "title": "t", "section": "5.1", "quote": "长" * 200_000,
                "chunk_id": "x", "source_label": "x"}  # fmt: skip
    answer = {"question": "q", "language": "zh", "answer": "a", "citations": [citation] * 50}
    content = body([answer, -1, "flood"])
    return [call(base, "feedback", content)[0] for _ in range(19)]


def flood_m1(base: str) -> list[int]:
    def one() -> int:
        body = {"data": [QUESTION, None, None, None, None]}
        try:
            return httpx.post(f"{base}gradio_api/run/ask", json=body, timeout=300).status_code
        except httpx.HTTPError:
            return 0

    return parallel(one, 200)


def flood_m2(base: str) -> list[int]:
    content = body([QUESTION, None, None, [{"role": "user", "content": "x" * 10_000_000}], None])
    return parallel(lambda: call(base, "ask", content, timeout=300)[0], 100)


def parallel(fn: Callable[[], int], n: int) -> list[int]:
    codes: list[int] = []
    lock = threading.Lock()

    def run() -> None:
        code = fn()
        with lock:
            codes.append(code)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return codes


def measure(name: str, flood: Callable[[str], list[int]], base: str, pid: int, data_dir: Path) -> str:
    stop, latencies = threading.Event(), []  # type: ignore[var-annotated]
    user = threading.Thread(target=normal_user, args=(base, stop, latencies))
    user.start()
    started = time.perf_counter()
    codes = flood(base)
    seconds = time.perf_counter() - started
    threads = status_of(pid, "Threads")
    stop.set()
    user.join()
    db = sum(p.stat().st_size for p in data_dir.glob("feedback.sqlite3*"))
    finite = [v for v in latencies if v != float("inf")]
    counts = ", ".join(f"{c}×{codes.count(c)}" for c in sorted(set(codes)))
    return (f"| {name} | {seconds:.1f} | {counts} | {len(latencies)} | "
            f"{statistics.median(finite) if finite else float('nan'):.0f} / {percentile(finite, 0.95):.0f} | "
            f"{status_of(pid, 'VmHWM') / 1024:.0f} | {threads} | {db / 1e6:.1f} |")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repo", type=Path, default=REPO, help="serve another checkout (e.g. an older commit)")
    args = parser.parse_args()
    port, data_dir = free_port(), Path(tempfile.mkdtemp(prefix="advisor-floods-"))
    os.environ.setdefault("ADVISOR_PATHS_DATA_DIR", str(data_dir))
    proc = start_server(port, data_dir, args.repo.resolve())
    base = f"http://127.0.0.1:{port}/"
    rows = []
    try:
        wait_for(base, proc, 240)
        call(base, "ask", body([QUESTION, None, None, None, None]))  # warm, as a server that warms itself would be
        for name, flood in (("H2 feedback 19 × 30 MB", flood_h2), ("M1 200 × /run/ask", flood_m1),
                            ("M2 100 × 10 MB history", flood_m2)):  # fmt: skip
            rows.append(measure(name, flood, base, proc.pid, data_dir))
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)
    print(f"checkout: {args.repo.resolve()}")
    print(
        "| flood | seconds | HTTP codes | normal asks | normal p50 / p95 ms | peak RSS MB | threads | feedback DB MB |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
