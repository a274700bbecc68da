"""Load test: N concurrent users × M questions against a real server on loopback, via gradio_client.

    .venv/bin/python bench/load.py [--users 32] [--questions 10] [--max-seconds 300] [--url URL] [--cold] [--repo DIR] [--restart]

Without ``--url`` it starts the real server the way a trainer does (``advisor serve`` in its own
process, grounded engine, embedded Chroma and feedback DB in a temporary data dir) on a free
127.0.0.1 port. The server runs in a separate process on purpose: clients in the same process would
compete with it for the GIL and the numbers would measure the benchmark, not the app.

``--cold`` skips the warm-up round, so the first users' answers are measured as they come right after the
port opens (the server warms itself before opening it; an older one did not: ``--repo`` that checkout).

Each user is a thread with its own gradio_client.Client calling the named /ask endpoint; the users
start together (a barrier) and ask mixed zh/en questions. Bounded in count (users × questions) and in
time (--max-seconds: no request starts after it, and a request waiting past it counts as an error).
Prints the load average before/after, the server's queue settings and a Markdown table of errors,
p50/p95/max latency and throughput, plus the server-side compute time (the answer's timings_ms.total)
so queueing and computing can be told apart.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

QUESTIONS = [
    "贵州雷山县怎么发展农村电商？",
    "How can Suichang, Zhejiang improve logistics?",
    "河南兰考县物流怎么补强？",
    "What should Dingxi, Gansu do first about internet access?",
    "我是云南澜沧县的茶农，怎么做品牌？",
    "What is actor-network theory?",
    "2025年农产品网络零售额增长了多少？",
    "How can a cooperative in Caoxian, Shandong get a loan?",
    "吉林省抚松县的人才怎么培养？",
    "Which development models does the paper describe?",
]


@dataclass
class Results:
    """Everything the users measured; one lock, because 32 threads append to it."""

    latencies_ms: list[float] = field(default_factory=list)
    compute_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, latency_ms: float, compute_ms: float | None, problem: str | None) -> None:
        with self.lock:
            self.latencies_ms.append(latency_ms)
            if compute_ms is not None:
                self.compute_ms.append(compute_ms)
            if problem:
                self.errors.append(problem)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile; good enough for 320 samples and needs no numpy."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def start_server(port: int, data_dir: Path, repo: Path = REPO) -> subprocess.Popen[bytes]:
    """``advisor serve`` in its own process group, so it can be stopped with everything it started.

    ``repo`` another checkout (an older commit, for "before" figures): its code is imported instead. All the
    benchmark's users come from one address, so this checkout's per-client limit is lifted."""
    env = {**os.environ, "ADVISOR_PATHS_DATA_DIR": str(data_dir), "ADVISOR_ENGINE": "grounded"}
    env.pop("ADVISOR_CHROMA_URL", None)
    if repo == REPO:
        env["ADVISOR_WEB_REQUESTS_PER_MINUTE"] = "1000000"
    else:
        env["PYTHONPATH"] = str(repo)
    cmd = [sys.executable, "-m", "advisor.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    log = (data_dir / "server.log").open("wb")
    return subprocess.Popen(cmd, cwd=repo, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_for(url: str, proc: subprocess.Popen[bytes] | None, seconds: float) -> None:
    """Poll until the page answers (the first start builds the index, ~10 s)."""
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"the server exited with code {proc.returncode}")
        try:
            if httpx.get(url + "gradio_api/info", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the server at {url} did not answer within {seconds:.0f} s")


def ask_once(client: Any, question: str, timeout: float) -> tuple[float | None, str | None]:
    """One /ask call: (server compute ms, problem or None). Never raises: a failure is a result."""
    try:
        result = client.submit(question, None, None, None, api_name="/ask").result(timeout=timeout)
    except Exception as exc:
        return None, f"{exc.__class__.__name__}: {exc}"[:200]
    if not isinstance(result, dict) or "error" in result or not result.get("answer"):
        return None, f"bad result: {str(result)[:120]}"
    return float(result.get("timings_ms", {}).get("total", 0.0)), None


def make_client(url: str) -> Any:
    """A gradio_client.Client for plain http on loopback.

    ssl_verify=False because gradio_client opens a new httpx client for every request, and with
    verification on each one loads the CA bundle (~37 % of this process's CPU in py-spy); over plain
    http there is no TLS to verify, so nothing is lost, and the CPU goes to the server instead.
    """
    from gradio_client import Client

    return Client(url, verbose=False, analytics_enabled=False, download_files=False, ssl_verify=False)


def run_users(url: str, users: int, questions: int, deadline: float, results: Results) -> float:
    """Start the users together; return the wall time from the barrier to the last answer."""
    barrier = threading.Barrier(users + 1)

    def user(n: int) -> None:
        client = make_client(url)
        barrier.wait()
        for i in range(questions):
            if time.monotonic() > deadline:
                return
            started = time.perf_counter()
            compute, problem = ask_once(client, QUESTIONS[(n + i) % len(QUESTIONS)], deadline - time.monotonic())
            results.add((time.perf_counter() - started) * 1000, compute, problem)

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join(timeout=max(1.0, deadline - time.monotonic() + 5))
    return time.perf_counter() - started


def warm_up(url: str) -> None:
    """Ask every question once, untimed: the first answers pay for lazy loading, not for load."""
    client = make_client(url)
    for question in QUESTIONS:
        ask_once(client, question, 60)


def server_rss_mb(proc: subprocess.Popen[bytes] | None) -> str:
    if proc is None:
        return "n/a"
    for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return f"{int(line.split()[1]) / 1024:.0f} MB"
    return "n/a"


def report(args: argparse.Namespace, results: Results, wall: float, loads: tuple[float, float], rss: str) -> None:
    from advisor.settings import get_settings

    web = get_settings().web
    lat, comp = results.latencies_ms, results.compute_ms
    print(f"load average (1 min) before / after: {loads[0]:.2f} / {loads[1]:.2f} on {os.cpu_count()} cores")
    print(f"server: concurrency {web.concurrency}, queue {web.max_queue}, threads {web.threads}; RSS after {rss}")
    print()
    print("| users × questions | requests | errors | p50 ms | p95 ms | max ms | req/s | server compute p50 / p95 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {args.users} × {args.questions} | {len(lat)} | {len(results.errors)} | "
        f"{statistics.median(lat):.0f} | {percentile(lat, 0.95):.0f} | {max(lat):.0f} | {len(lat) / wall:.1f} | "
        f"{statistics.median(comp) if comp else float('nan'):.0f} / {percentile(comp, 0.95):.0f} |"
    )
    for problem in results.errors[:5]:
        print("error:", problem)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--max-seconds", type=float, default=300.0, help="time bound of the measured run")
    parser.add_argument("--url", help="an already running server (default: start one on a free port)")
    parser.add_argument("--cold", action="store_true", help="measure the first round right after start (no warm-up)")
    parser.add_argument("--repo", type=Path, default=REPO, help="serve another checkout (e.g. an older commit)")
    parser.add_argument("--restart", action="store_true",
                        help="start from a copy of data/ with its built index, as a server restarts (no build at start)")  # fmt: skip
    args = parser.parse_args()

    from advisor.settings import apply_offline_env

    apply_offline_env()
    proc, data_dir = None, None
    url = args.url
    if url is None:
        port, data_dir = free_port(), Path(tempfile.mkdtemp(prefix="advisor-load-"))
        if args.restart:
            shutil.copytree(REPO / "data" / "chroma", data_dir / "chroma")
        proc = start_server(port, data_dir, args.repo.resolve())
        url = f"http://127.0.0.1:{port}/"
    url = url if url.endswith("/") else url + "/"
    try:
        wait_for(url, proc, 180)
        if not args.cold:
            warm_up(url)
        load_before = os.getloadavg()[0]
        results = Results()
        wall = run_users(url, args.users, args.questions, time.monotonic() + args.max_seconds, results)
        load_after = os.getloadavg()[0]
        rss = server_rss_mb(proc)
    finally:
        if proc is not None:
            os.killpg(proc.pid, 15)
            proc.wait(timeout=30)
        if data_dir is not None:
            shutil.rmtree(data_dir, ignore_errors=True)
    report(args, results, wall, (load_before, load_after), rss)
    complete = len(results.latencies_ms) == args.users * args.questions
    return 0 if complete and not results.errors else 1


if __name__ == "__main__":
    sys.exit(main())
