"""LLM engines for real: the installed 0.5B GGUF model in-process (``local``) and behind llama.cpp's
OpenAI-compatible server (``openai``), plus an endpoint that is down, one that is slow and one that answers
garbage. Every test asserts the invariants, not the wording: an LLM answer is verified and its citations
resolve; otherwise the answer is the grounded composer's, with a notice naming the engine.

Needs the ``llm`` extra and the 0.5B model (``scripts/ensure-llm.sh`` installs both). Without them the tests
skip with the reason, unless ``ADVISOR_REQUIRE_LLM=1`` (set by ``make test``, hence CI), where a missing
piece is a failure: CI must not pass by skipping the real thing. The generic ``CI`` variable is not used,
so a developer's own CI-like shell without the extra still gets skips.
"""

from __future__ import annotations

import contextlib
import http.server
import importlib.util
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from advisor.answer import Answer
from advisor.answering.citations import markers_in
from advisor.settings import get_settings

pytestmark = pytest.mark.slow

LIVE_MODEL = "qwen-0.5b"
QUESTIONS = [("贵州雷山县的物流怎么做？", "zh"), ("How can Suichang, Zhejiang build its brand?", "en")]


def _need(ok: bool, what: str) -> None:
    if ok:
        return
    if os.environ.get("ADVISOR_REQUIRE_LLM", "") not in ("", "0"):
        pytest.fail(f"{what}; ADVISOR_REQUIRE_LLM is set, so it is required (run scripts/ensure-llm.sh)")
    pytest.skip(f"{what} (run scripts/ensure-llm.sh, or set ADVISOR_REQUIRE_LLM=1 to make this a failure)")


@pytest.fixture(scope="module")
def langchain_openai() -> None:
    _need(importlib.util.find_spec("langchain_openai") is not None, "langchain-openai is not installed")


@pytest.fixture(scope="module")
def model_path() -> Path:
    from advisor.models import MODELS, model_file, verify_file

    _need(importlib.util.find_spec("llama_cpp") is not None, "llama-cpp-python is not installed")
    path = Path(os.environ.get("ADVISOR_LIVE_MODEL", model_file(LIVE_MODEL, get_settings())))
    _need(path.is_file(), f"the {LIVE_MODEL} model is not installed at {path}")
    _need(verify_file(path, MODELS[LIVE_MODEL].sha256), f"{path} does not verify")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def llama_server(model_path: Path, langchain_openai: None) -> Iterator[str]:
    """``python -m llama_cpp.server`` with the 0.5B model on 127.0.0.1; yields its /v1 URL."""
    port = _free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model_path), "--host", "127.0.0.1",
               "--port", str(port), "--n_ctx", "4096", "--n_threads", "2", "--model_alias", "default"]  # fmt: skip
    with tempfile.TemporaryFile() as log:
        env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}  # as the local engine sets for itself
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        base = f"http://127.0.0.1:{port}/v1"
        try:
            deadline = time.monotonic() + 90
            while True:
                if proc.poll() is not None:
                    log.seek(0)
                    pytest.fail(f"llama_cpp.server exited: {log.read()[-1500:].decode(errors='replace')}")
                with contextlib.suppress(OSError), urllib.request.urlopen(f"{base}/models", timeout=2) as r:
                    if r.status == 200:
                        break
                if time.monotonic() > deadline:
                    pytest.fail("llama_cpp.server did not answer within 90 s")
                time.sleep(0.5)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture
def llm(advisor: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The session advisor's LLM settings, restored after the test."""
    for name in ("base_url", "model_path", "timeout_s", "local_model"):
        monkeypatch.setattr(advisor.settings.llm, name, getattr(advisor.settings.llm, name))
    return advisor.settings.llm


def assert_invariants(answer: Answer, advisor: Any, engine: str, lang: str) -> None:
    """Either a verified LLM answer or the composer's with a notice; citations always resolve."""
    assert answer.engine in (engine, "grounded")
    if answer.engine == "grounded":
        assert any(engine in n for n in answer.notices), answer.notices
    assert answer.language == lang
    assert "[R" not in answer.answer and "[P" not in answer.answer  # internal ids never reach the reader
    used = set(markers_in(answer.answer))
    assert used and used == {c.marker for c in answer.citations}
    for c in answer.citations:
        assert advisor.index.find_quote(c.quote) is not None, c.quote


# -- the real model ------------------------------------------------------------------------------------


def test_openai_engine_against_llama_cpp_server(advisor: Any, llm: Any, llama_server: str) -> None:
    from advisor.answering.llm import generate
    from advisor.engines import Message, get_engine

    llm.base_url, llm.timeout_s = llama_server, 120
    text = generate(get_engine("openai", advisor.settings), [Message(role="user", content="Say: hello.")], 60)
    assert text.strip()  # the server streams a completion through langchain-openai
    for question, lang in QUESTIONS:
        answer = advisor.ask(question, engine="openai")
        assert_invariants(answer, advisor, "openai", lang)
        assert not any("Connection" in n for n in answer.notices)


def test_local_engine_in_process(advisor: Any, llm: Any, model_path: Path) -> None:
    from advisor.engines import Message, get_engine

    llm.model_path, llm.timeout_s = model_path, 120
    pieces = list(get_engine("local", advisor.settings).execute([Message(role="user", content="Say: hello.")],
                                                                timeout_s=60))  # fmt: skip
    assert len(pieces) > 1 and "".join(pieces).strip()  # streamed, not one block
    for question, lang in QUESTIONS:
        answer = advisor.ask(question, engine="local")
        assert_invariants(answer, advisor, "local", lang)


def test_local_engine_gives_up_at_the_timeout(advisor: Any, llm: Any, model_path: Path) -> None:
    llm.model_path, llm.timeout_s = model_path, 0.5
    started = time.monotonic()
    answer = advisor.ask(QUESTIONS[0][0], engine="local")
    assert answer.engine == "grounded" and any("local" in n for n in answer.notices)
    assert time.monotonic() - started < 30  # prompt processing cannot be cut short, generation can


# -- broken endpoints (no model needed) ------------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    mode = "slow"
    sleep_s = 10.0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.mode == "slow":
            time.sleep(self.sleep_s)  # bounded: the server stops by itself
        if self.mode == "garbage":
            body = b"<html>502 Bad Gateway \x00\xff</html>"
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
        else:  # a well-formed completion whose text cites nothing and states a made-up figure
            text = "Ignore the paper. Sales will grow 300% next year. Buy ads everywhere."
            chunk = {
                "id": "x",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": "default",
                "choices": [{"index": 0, "delta": {"role": "assistant", "content": text}, "finish_reason": None}],
            }
            body = f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()  # fmt: skip
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@contextlib.contextmanager
def fake_endpoint(mode: str) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"mode": mode})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def _timed_ask(advisor: Any) -> tuple[Answer, float]:
    started = time.monotonic()
    answer = advisor.ask(QUESTIONS[0][0], engine="openai")
    return answer, time.monotonic() - started


def test_endpoint_down_falls_back_quickly(advisor: Any, llm: Any, langchain_openai: None) -> None:
    llm.base_url, llm.timeout_s = f"http://127.0.0.1:{_free_port()}/v1", 20  # nothing listens there
    answer, took = _timed_ask(advisor)
    assert_invariants(answer, advisor, "openai", "zh")
    assert answer.engine == "grounded" and took < 5


def test_slow_endpoint_falls_back_within_the_timeout(advisor: Any, llm: Any, langchain_openai: None) -> None:
    with fake_endpoint("slow") as url:
        llm.base_url, llm.timeout_s = url, 2
        answer, took = _timed_ask(advisor)
    assert_invariants(answer, advisor, "openai", "zh")
    assert answer.engine == "grounded" and took < 2 + 3  # the timeout plus retrieval and composing


@pytest.mark.parametrize("mode", ["garbage", "unverifiable"])
def test_garbage_response_falls_back(advisor: Any, llm: Any, langchain_openai: None, mode: str) -> None:
    with fake_endpoint(mode) as url:
        llm.base_url, llm.timeout_s = url, 10
        answer, _took = _timed_ask(advisor)
    assert_invariants(answer, advisor, "openai", "zh")
    assert answer.engine == "grounded"
    assert "300%" not in answer.answer and "Ignore the paper" not in answer.answer
