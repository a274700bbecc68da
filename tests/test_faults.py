"""Faults a classroom server meets, each with the real thing: processes, SIGKILL, closed ports.

Already covered elsewhere, not repeated here: 16 writer *threads* on one store (test_feedback.py);
Chroma URLs that are closed, silent or malformed at the store level, and a store whose server goes
away (test_store_contract.py); index missing, stale, half-built or corrupt (test_index.py); an LLM
endpoint that is down, slow or answers garbage (test_llm_live.py, test_engines.py).
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, make_settings

from advisor.errors import BackendError
from advisor.feedback import FeedbackStore

pytestmark = pytest.mark.slow

#: One writer process: waits for the go file, then records feedback rows and question-log rows with
#: unique tags, printing each tag only after its transaction committed. ``big`` makes each row ~60 KB (the log keeps 20,000 characters of an answer),
#: so most of the writer's time is spent inside a write (where a SIGKILL should land).
WRITER = """
import sys, time
from pathlib import Path
from advisor.answer import Answer
from advisor.feedback import FeedbackStore
url, tag, rows, go, big = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]), sys.argv[5] == "1"
store = FeedbackStore(url)
print("ready", flush=True)
while not go.exists():
    time.sleep(0.01)
filler = "长" * 100_000 if big else "answer"
for i in range(rows):
    answer = Answer(question=f"{tag}-{i}", language="zh", answer=filler, scope="in_scope")
    store.rate(store.log_question(answer), 1, f"{tag}-{i}")
    print(f"{tag}-{i}", flush=True)
"""


def start_writer(url: str, tag: str, rows: int, go: Path, *, big: bool = False) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, url, tag, str(rows), str(go), "1" if big else "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO,
    )  # fmt: skip


def wait_ready(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "ready", proc.stderr.read() if proc.stderr else line


def rows_in(db: Path) -> tuple[set[str], set[str], str]:
    """(feedback comments, logged questions, integrity_check) read with plain sqlite3, not our code."""
    with sqlite3.connect(db) as conn:
        comments = {r[0] for r in conn.execute("SELECT comment FROM feedback")}
        questions = {r[0] for r in conn.execute("SELECT question FROM question_log")}
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    return comments, questions, integrity


# -- SQLite feedback: several processes, and one killed mid-write ---------------------------------------


def test_sixteen_writer_processes_lose_nothing(tmp_path: Path) -> None:
    """Separate processes (separate connections and file locks), not threads: the web workers of
    several app processes on one SQLite file. Every committed row must be there, none twice."""
    db, go = tmp_path / "feedback.sqlite3", tmp_path / "go"
    url, writers, rows = f"sqlite:///{db}", 16, 15
    FeedbackStore(url).close()  # tables exist before the race; creating them concurrently is tested elsewhere
    procs = [start_writer(url, f"w{n}", rows, go) for n in range(writers)]
    for proc in procs:
        wait_ready(proc)
    go.touch()
    committed: set[str] = set()
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
        committed |= set(out.split()) - {"ready"}
    assert len(committed) == writers * rows
    comments, questions, integrity = rows_in(db)
    assert comments == committed and questions == committed
    assert integrity == "ok"


def test_writer_killed_mid_write_keeps_every_committed_row(tmp_path: Path) -> None:
    """SIGKILL while a writer is busy with 200 KB rows (and a second writer goes on): every row it
    reported committed is there, the file passes integrity_check and takes new writes."""
    db, go = tmp_path / "feedback.sqlite3", tmp_path / "go"
    url = f"sqlite:///{db}"
    FeedbackStore(url).close()
    victim = start_writer(url, "victim", 10_000, go, big=True)
    other = start_writer(url, "other", 40, go)
    wait_ready(victim)
    wait_ready(other)
    go.touch()
    assert victim.stdout is not None
    committed = {victim.stdout.readline().strip() for _ in range(5)}
    time.sleep(0.137)  # land somewhere inside a later write
    victim.send_signal(signal.SIGKILL)
    rest, _ = victim.communicate(timeout=30)
    committed |= set(rest.split())
    out, err = other.communicate(timeout=120)
    assert other.returncode == 0, err
    assert victim.returncode == -signal.SIGKILL
    comments, questions, integrity = rows_in(db)
    assert integrity == "ok"
    assert committed <= comments and committed <= questions
    assert set(out.split()) - {"ready"} <= comments
    store = FeedbackStore(url)  # opens cleanly and writes again
    assert store.health().endswith(f"{len(comments)} feedback rows")
    store.close()


# -- Chroma server unreachable in server mode ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(params=["closed", "silent"])
def dead_chroma_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A loopback URL where nothing listens, or where a socket accepts and never answers."""
    if request.param == "closed":
        yield f"http://127.0.0.1:{free_port()}"
        return
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        yield f"http://127.0.0.1:{silent.getsockname()[1]}"


def test_app_with_unreachable_chroma_fails_fast_with_the_fix(tmp_path: Path, dead_chroma_url: str) -> None:
    """What `advisor serve` and every face build first: the Advisor. It must not hang on a dead server."""
    from advisor.chain import Advisor

    settings = make_settings(tmp_path)
    settings.chroma.url, settings.chroma.timeout_s = dead_chroma_url, 2
    started = time.monotonic()
    with pytest.raises(BackendError) as info:
        Advisor(settings)
    assert time.monotonic() - started < 20
    assert info.value.code == "chroma_unreachable"
    assert dead_chroma_url in info.value.message
    assert "ADVISOR_CHROMA_URL" in (info.value.hint or "") and "chroma run" in (info.value.hint or "")


def run_cli(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ADVISOR_PATHS_DATA_DIR": str(tmp_path), "ADVISOR_CHROMA_URL": url,
           "ADVISOR_CHROMA_TIMEOUT_S": "2"}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "advisor.cli", *args], capture_output=True, text=True, env=env,
                          cwd=REPO, timeout=120)  # fmt: skip


def test_doctor_says_chroma_is_unreachable_and_how_to_fix(tmp_path: Path, dead_chroma_url: str) -> None:
    proc = run_cli(tmp_path, dead_chroma_url, "doctor")
    assert proc.returncode == 4
    lines = {line.split()[1]: line for line in proc.stdout.splitlines() if line.startswith(("ok", "FAIL"))}
    store = next(line for line in proc.stdout.splitlines() if "vector store" in line)
    assert store.startswith("FAIL") and dead_chroma_url in store
    assert "chroma run" in store and "ADVISOR_CHROMA_URL" in store
    assert lines["settings"].startswith("ok") and lines["corpus"].startswith("ok")  # the rest is still checked
    assert "Traceback" not in proc.stderr


def test_serve_with_unreachable_chroma_exits_with_a_message(tmp_path: Path) -> None:
    """The web app refuses to start (exit 4, one line saying what to do) instead of hanging."""
    started = time.monotonic()
    proc = run_cli(tmp_path, f"http://127.0.0.1:{free_port()}", "serve", "--port", str(free_port()))
    assert time.monotonic() - started < 60
    assert proc.returncode == 4
    assert "Cannot reach the Chroma server" in proc.stderr and "chroma run" in proc.stderr
    assert "Traceback" not in proc.stderr
