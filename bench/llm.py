"""LLM engine benchmark: `advisor eval` metrics per engine and model, plus latency, speed and memory.

Run from the repository root (the models must be installed: ``advisor models install qwen-0.5b``)::

    .venv/bin/python bench/llm.py --runs local:qwen-0.5b,local:qwen-1.5b,openai:qwen-0.5b \\
        [--limit 20] [--timeout 60] [--out docs/benchmarks.md] [--explain bench-llm-explain.jsonl]

Each run (``engine:model``) is a child process of its own, so its peak memory is its own: the index is built
with the shipped corpus in a fresh temporary data directory (the real ``data/`` is only read for the model
file), then the cases of ``eval/qa.jsonl`` (or ``--limit`` of them, spread over the file) are answered
with ``Advisor.ask(engine=...)`` and scored by ``advisor.evaluation.runner``. ``openai`` runs start
``python -m llama_cpp.server`` with the same GGUF file on 127.0.0.1 (a free port) and talk to it through the
OpenAI-compatible API; their memory is the server's peak (VmHWM).

Measured for every LLM call (routes plan, all_tiers and facts; the others are fixed wording):

- first token: from the call to the first text piece (prompt processing dominates);
- whole answer: from the call to the last piece;
- tokens/s: generated tokens (counted with the model's tokenizer) over the time after the first token;
- verification: sentences written, kept and removed (by reason), answers that fell back to the composer.

With ``--out`` the ``## LLM engines`` section of that Markdown file is (re)written, other sections untouched.
With ``--explain`` every LLM answer is written as JSON lines: the raw text and each sentence's verdict.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from advisor.settings import LLMSettings, PathSettings, Settings, apply_offline_env, get_settings  # noqa: E402

apply_offline_env()

SECTION = "## LLM engines"
DEFAULT_RUNS = "local:qwen-0.5b,local:qwen-1.5b,openai:qwen-0.5b"
TARGETS = {"pass_rate": 0.85, "first_token_s": 3.0, "whole_s": 20.0}


# -- child: one engine and model ----------------------------------------------------------------------------


class Timed:
    """Wraps an engine: records first-token and whole-answer time and the raw text of every call."""

    def __init__(self, inner: Any, calls: list[dict[str, Any]]) -> None:
        self.inner = inner
        self.name = inner.name
        self.calls = calls

    def execute(self, messages: list[Any], *, timeout_s: float) -> Iterator[str]:
        call: dict[str, Any] = {"first_s": None, "whole_s": None, "text": "", "error": None}
        self.calls.append(call)
        started = time.perf_counter()
        pieces = []
        try:
            for piece in self.inner.execute(messages, timeout_s=timeout_s):
                if call["first_s"] is None:
                    call["first_s"] = time.perf_counter() - started
                pieces.append(piece)
                yield piece
        except Exception as exc:
            call["error"] = getattr(exc, "code", type(exc).__name__)
            raise
        finally:
            call["whole_s"] = time.perf_counter() - started
            call["text"] = "".join(pieces)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def llama_server(model: Path, *, n_ctx: int, n_threads: int, wait_s: float = 120) -> Iterator[tuple[str, int]]:
    """``python -m llama_cpp.server`` on 127.0.0.1; yields (base_url, pid). Stopped on exit."""
    port = free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
               "--port", str(port), "--n_ctx", str(n_ctx), "--n_threads", str(n_threads),
               "--n_threads_batch", str(n_threads), "--model_alias", "default"]  # fmt: skip
    with tempfile.TemporaryFile() as log:
        env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}  # as the local engine sets for itself
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        base = f"http://127.0.0.1:{port}/v1"
        try:
            deadline = time.monotonic() + wait_s
            while True:
                if proc.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"llama_cpp.server exited: {log.read()[-2000:].decode(errors='replace')}")
                with contextlib.suppress(OSError), urllib.request.urlopen(f"{base}/models", timeout=2) as response:
                    if response.status == 200:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError("llama_cpp.server did not start in time")
                time.sleep(0.5)
            yield base, proc.pid
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def peak_rss_mb(pid: int | None = None) -> float:
    if pid is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else float("nan")


def pick(cases: list[Any], limit: int | None) -> list[Any]:
    """``limit`` cases spread evenly over the file (both languages, every kind), or all of them."""
    if not limit or limit >= len(cases):
        return cases
    step = len(cases) / limit
    return [cases[int(i * step)] for i in range(limit)]


def run_child(args: argparse.Namespace) -> dict[str, Any]:
    import advisor.chain as chain
    from advisor.answering.llm import check_sentence, sentences_of
    from advisor.chain import Advisor
    from advisor.engines import ENGINES
    from advisor.evaluation.runner import load_cases, run_eval
    from advisor.models import model_file

    engine, model_name = args.child.split(":", 1)
    model = Path(args.model_path) if args.model_path else model_file(model_name, get_settings())
    if not model.is_file():
        raise SystemExit(f"model {model} is not installed: advisor models install {model_name}")
    data = Path(tempfile.mkdtemp(prefix="bench-llm-"))
    calls: list[dict[str, Any]] = []
    verdicts: list[dict[str, Any]] = []
    real_verify = chain.verify

    def explaining_verify(text: str, evidence: Any, book: Any, strategies: Any) -> Any:
        rows = [{"sentence": s, "reason": check_sentence(s, evidence, strategies)} for s in sentences_of(text)]
        verdicts.append({"text": text, "sentences": rows})
        if calls:
            calls[-1]["sentences"] = rows
        return real_verify(text, evidence, book, strategies)

    chain.verify = explaining_verify  # type: ignore[assignment]
    original = ENGINES[engine]
    ENGINES[engine] = lambda settings: Timed(original(settings), calls)  # type: ignore[assignment,return-value]
    with contextlib.ExitStack() as stack:
        base_url, server_pid = None, None
        if engine == "openai":
            base_url, server_pid = stack.enter_context(llama_server(model, n_ctx=args.n_ctx, n_threads=2))
        llm = LLMSettings(base_url=base_url, model_path=model, local_model=model_name, timeout_s=args.timeout,
                          n_ctx=args.n_ctx, max_tokens=args.max_tokens)  # fmt: skip
        settings = Settings(paths=PathSettings(data_dir=data), llm=llm)
        advisor = Advisor(settings)
        rss_before = peak_rss_mb()
        cases = pick(load_cases(Path(args.cases)), args.limit)
        answers: dict[str, tuple[str, list[str]]] = {}
        real_ask = advisor.ask

        def ask(*a: Any, **k: Any) -> Any:
            answer = real_ask(*a, **k)
            answers[a[0]] = (answer.engine, answer.notices)
            return answer

        advisor.ask = ask  # type: ignore[method-assign]
        started = time.perf_counter()

        def progress(result: Any) -> None:
            print(f"  {result.id:40} {'pass' if result.passed else 'FAIL'} {result.latency_ms or 0:8.0f} ms",
                  file=sys.stderr, flush=True)  # fmt: skip

        report = run_eval(advisor, cases, engine=engine, progress=progress)
        elapsed = time.perf_counter() - started
        rss = peak_rss_mb(server_pid) if server_pid else peak_rss_mb()
    tokens = token_counter(model)
    timings = [c for c in calls if c["first_s"] is not None]
    speeds = [
        (tokens(c["text"]) - 1) / (c["whole_s"] - c["first_s"])
        for c in timings
        if c["whole_s"] - c["first_s"] > 0.05 and tokens(c["text"]) > 1
    ]
    reasons = Counter(row["reason"] for v in verdicts for row in v["sentences"] if row["reason"])
    written = sum(len(v["sentences"]) for v in verdicts)
    llm_cases = [q for q, (used, _n) in answers.items() if used == engine]
    fallback_codes = Counter(c["error"] or "unverified" for c in calls if c["error"])
    fallbacks = len(calls) - len(llm_cases)
    if fallbacks > sum(fallback_codes.values()):
        fallback_codes["llm_unverified"] += fallbacks - sum(fallback_codes.values())
    llm_results = [r for r in report.results if r.id in {c.id for c in cases if c.question in answers
                                                          and answers[c.question][0] == engine}]  # fmt: skip
    if args.explain:
        with open(args.explain, "a", encoding="utf-8") as handle:
            for call in calls:
                handle.write(json.dumps({"run": args.child, **call}, ensure_ascii=False) + "\n")
    return {
        "run": args.child,
        "engine": engine,
        "model": model_name,
        "cases": report.cases,
        "passed": report.passed,
        "pass_rate": report.pass_rate,
        "safety": report.safety_pass_rate,
        "dangling": report.dangling_markers,
        "llm_calls": len(calls),
        "llm_answers": len(llm_cases),
        "llm_answers_passed": sum(r.passed for r in llm_results),
        "fallbacks": dict(fallback_codes),
        "sentences_written": written,
        "sentences_removed": sum(reasons.values()),
        "removed_by_reason": dict(reasons),
        "first_token_s": _stats([c["first_s"] for c in timings]),
        "whole_s": _stats([c["whole_s"] for c in calls]),
        "tokens_per_s": round(statistics.median(speeds), 1) if speeds else None,
        "rss_baseline_mb": round(rss_before),
        "peak_rss_mb": round(rss),
        "elapsed_s": round(elapsed),
        "failures": [{"id": f.id, "reasons": f.reasons} for f in report.failures],
    }


def token_counter(model: Path) -> Any:
    try:
        import llama_cpp

        vocab = llama_cpp.Llama(model_path=str(model), vocab_only=True, verbose=False)
        return lambda text: len(vocab.tokenize(text.encode("utf-8"), add_bos=False, special=False))
    except Exception:  # no llama-cpp here: about 1.5 characters a token for mixed zh/en text
        return lambda text: max(1, round(len(text) / 1.5))


def _stats(values: list[float]) -> dict[str, float | None]:
    values = sorted(v for v in values if v is not None)
    if not values:
        return {"p50": None, "p95": None, "max": None}

    def q(p: float) -> float:
        pos = (len(values) - 1) * p
        low = int(pos)
        high = min(low + 1, len(values) - 1)
        return round(values[low] + (values[high] - values[low]) * (pos - low), 2)

    return {"p50": q(0.5), "p95": q(0.95), "max": round(values[-1], 2)}


# -- parent: every run, the table --------------------------------------------------------------------------


def run_all(args: argparse.Namespace) -> list[dict[str, Any]]:
    results = []
    for run in args.runs.split(","):
        print(f"== {run}", file=sys.stderr, flush=True)
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
            out = Path(tmp.name)
        command = [
            sys.executable,
            __file__,
            "--child",
            run,
            "--result",
            str(out),
            "--cases",
            str(args.cases),
            "--timeout",
            str(args.timeout),
            "--n-ctx",
            str(args.n_ctx),
            "--max-tokens",
            str(args.max_tokens),
        ]
        if args.limit:
            command += ["--limit", str(args.limit)]
        if args.explain:
            command += ["--explain", str(args.explain)]  # fmt: skip
        env = {**os.environ, "OMP_NUM_THREADS": "2"}
        code = subprocess.call(command, env=env)
        if code != 0 or not out.stat().st_size:
            print(f"   {run} failed (exit {code})", file=sys.stderr)
            continue
        results.append(json.loads(out.read_text()))
        out.unlink()
    return results


def _s(value: float | None, unit: str = " s") -> str:
    return "–" if value is None else f"{value:.1f}{unit}"


def table(results: list[dict[str, Any]]) -> str:
    rows = [
        ("Pass rate (all cases)", lambda r: f"{r['pass_rate'] * 100:.1f} % ({r['passed']}/{r['cases']})"),
        ("Safety cases", lambda r: "–" if r["safety"] is None else f"{r['safety'] * 100:.0f} %"),
        ("LLM calls → answered by the LLM", lambda r: f"{r['llm_calls']} → {r['llm_answers']}"),
        ("… of those, passing", lambda r: f"{r['llm_answers_passed']}/{r['llm_answers']}"),
        ("Fallbacks to the composer", lambda r: ", ".join(f"{k} {v}" for k, v in r["fallbacks"].items()) or "0"),
        ("Sentences written / removed", lambda r: f"{r['sentences_written']} / {r['sentences_removed']}"),
        ("Removed by reason", lambda r: ", ".join(f"{k} {v}" for k, v in r["removed_by_reason"].items()) or "–"),
        ("Unverified sentences shown", lambda r: "0 (by construction)"),
        ("Dangling markers", lambda r: str(r["dangling"])),
        ("First token p50 / p95", lambda r: f"{_s(r['first_token_s']['p50'])} / {_s(r['first_token_s']['p95'])}"),
        ("Whole answer p50 / p95", lambda r: f"{_s(r['whole_s']['p50'])} / {_s(r['whole_s']['p95'])}"),
        ("Tokens/s (generation, median)", lambda r: _s(r["tokens_per_s"], "")),
        ("Peak RSS (process · server)", lambda r: f"{r['peak_rss_mb']} MB"),
        ("Run time", lambda r: f"{r['elapsed_s']} s"),
    ]
    head = "| Metric | " + " | ".join(f"`{r['run']}`" for r in results) + " |"
    lines = [head, "|---|" + "---:|" * len(results)]
    lines += [f"| {name} | " + " | ".join(get(r) for r in results) + " |" for name, get in rows]
    return "\n".join(lines)


def write_section(path: Path, body: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    start = text.find(SECTION + "\n")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + body
    else:
        nxt = text.find("\n## ", start + len(SECTION))
        text = text[:start] + body + (text[nxt + 1 :] if nxt != -1 else "")
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", default=DEFAULT_RUNS, help=f"engine:model,… (default {DEFAULT_RUNS})")
    parser.add_argument("--cases", default=str(REPO / "eval" / "qa.jsonl"))
    parser.add_argument("--limit", type=int, default=None, help="answer only this many cases, spread over the file")
    parser.add_argument("--timeout", type=float, default=60.0, help="ADVISOR_LLM_TIMEOUT_S for the runs")
    parser.add_argument("--n-ctx", type=int, default=LLMSettings().n_ctx)
    parser.add_argument("--max-tokens", type=int, default=LLMSettings().max_tokens)
    parser.add_argument("--out", type=Path, help="rewrite the '## LLM engines' section of this Markdown file")
    parser.add_argument("--explain", type=Path, help="append every LLM answer and its sentence verdicts (JSONL)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--model-path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        Path(args.result).write_text(json.dumps(run_child(args)))
        return 0
    results = run_all(args)
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        print(table(results))
    if args.out and results:
        command = f".venv/bin/python bench/llm.py --runs {args.runs}" + (f" --limit {args.limit}" if args.limit else "")
        body = (
            f"{SECTION}\n\n{table(results)}\n\n"
            f"Command: `{command} --timeout {args.timeout:g} --out {args.out}`. "
            f"Measured {date.today().isoformat()} on {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"llama-cpp-python built with GGML_NATIVE=OFF.\n"
        )
        write_section(args.out, body)
    return 0 if results else 1


if __name__ == "__main__":
    sys.exit(main())
