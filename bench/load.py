"""Load test: N concurrent users × M questions against a real server on loopback, via gradio_client.

    .venv/bin/python bench/load.py [--users 32] [--questions 10] [--max-seconds 600]

Starts the real app (create_app, the grounded engine, embedded Chroma in a temporary data dir) on a
free 127.0.0.1 port, then runs the users in threads, each with its own gradio_client.Client calling
the named /ask endpoint. Bounded in count (users × questions) and time (--max-seconds); prints a
Markdown table (requests, errors, p50/p95/max latency, throughput) and the server's queue settings.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--max-seconds", type=float, default=600.0)
    args = parser.parse_args()

    from gradio_client import Client

    from advisor.chain import Advisor
    from advisor.settings import PathSettings, Settings
    from advisor.web import create_app

    settings = Settings(paths=PathSettings(data_dir=Path(tempfile.mkdtemp(prefix="advisor-load-"))))
    app = create_app(Advisor(settings))
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + args.max_seconds
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def user(n: int) -> None:
        client = Client(url, verbose=False)
        for i in range(args.questions):
            if time.monotonic() > deadline:
                return
            question = QUESTIONS[(n + i) % len(QUESTIONS)]
            started = time.perf_counter()
            try:
                result = client.predict(question, None, None, None, api_name="/ask")
                ok = isinstance(result, dict) and "error" not in result and result.get("answer")
                problem = None if ok else f"bad result: {str(result)[:120]}"
            except Exception as exc:  # a failed request is counted, not fatal
                problem = f"{exc.__class__.__name__}: {exc}"
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                if problem:
                    errors.append(problem)

    started = time.perf_counter()
    threads = [threading.Thread(target=user, args=(n,)) for n in range(args.users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(1.0, deadline - time.monotonic() + 30))
    wall = time.perf_counter() - started
    app.close()

    web = settings.web
    print("| users × questions | requests | errors | p50 ms | p95 ms | max ms | req/s | concurrency / queue |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    print(
        f"| {args.users} × {args.questions} | {len(latencies)} | {len(errors)} | "
        f"{statistics.median(latencies):.0f} | {percentile(latencies, 0.95):.0f} | {max(latencies):.0f} | "
        f"{len(latencies) / wall:.1f} | {web.concurrency} / {web.max_queue} |"
    )
    for problem in errors[:5]:
        print("error:", problem)
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
