"""Beyond one machine: app replicas sharing one Chroma server and one PostgreSQL for feedback.

Every service is real and started here, on loopback, in temporary directories: PostgreSQL from
Debian's packages (``initdb`` + ``pg_ctl``; as the ``postgres`` user when the tests run as root, since
PostgreSQL refuses to run as root), ``chroma run`` from the venv, and the app itself as separate
``advisor serve`` processes, exactly as docs/deploy.md describes. Each runs in its own process group and
is stopped by a finalizer, whatever the test did.

A missing piece (PostgreSQL binaries, the psycopg driver, the chroma CLI) skips with the reason, unless
``ADVISOR_REQUIRE_SERVICES`` is set (CI, `make test`), where it fails instead.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from advisor.answer import Answer, Citation
from advisor.errors import BackendError, ConfigError, MissingDependencyError

REQUIRE = bool(os.environ.get("ADVISOR_REQUIRE_SERVICES"))
BIN = Path(sys.executable).parent
APP_START_S = 240  # two replicas loading the embedding model at once on a busy 2-core machine
QUESTION = "贵州雷山县怎么发展农村电商？"


def missing(reason: str) -> None:
    """Skip for a developer without the service; fail where services are required (CI)."""
    if REQUIRE:
        pytest.fail(f"{reason} (ADVISOR_REQUIRE_SERVICES is set, so this is a failure)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tail(path: Path, lines: int = 30) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    return ""


def stop_group(proc: subprocess.Popen[bytes], grace_s: float = 10.0) -> None:
    """SIGTERM the process group, then SIGKILL what is left; never leaves a child behind."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(grace_s)
    with contextlib.suppress(ProcessLookupError):  # stragglers in the group even if the leader exited
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(5)


def spawn(cmd: list[str], log: Path, *, env: dict[str, str] | None = None, cwd: Path | None = None) -> Any:
    handle = log.open("wb")
    try:
        return subprocess.Popen(cmd, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=env, cwd=cwd, start_new_session=True)  # fmt: skip
    finally:
        handle.close()  # the child keeps its own descriptor


def wait_http(url: str, proc: subprocess.Popen[bytes], log: Path, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{proc.args!r} exited with {proc.returncode} before answering {url}:\n{tail(log)}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        time.sleep(0.5)
    pytest.fail(f"{url} did not answer within {timeout_s:.0f} s:\n{tail(log)}")


# -- PostgreSQL -----------------------------------------------------------------------------------------


def pg_bindir() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres: on PATH, else Debian's newest version."""
    on_path = shutil.which("pg_ctl")
    candidates = [Path(on_path).resolve().parent] if on_path else []
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.name)],
                      reverse=True)  # fmt: skip
    for folder in [*candidates, *versions]:
        if all((folder / tool).exists() for tool in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


@dataclass
class Postgres:
    bindir: Path
    root: Path
    port: int
    password: str
    user: str | None  # the OS user PostgreSQL runs as (None: ourselves)

    def url(self, database: str = "advisor") -> str:
        return f"postgresql+psycopg://advisor:{self.password}@127.0.0.1:{self.port}/{database}"

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        kwargs: dict[str, Any] = {}
        if self.user is not None:
            record = pwd.getpwnam(self.user)
            kwargs = {"user": record.pw_uid, "group": record.pw_gid, "extra_groups": []}
        return subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=self.root,
                              env={**os.environ, "LC_ALL": "C", "HOME": str(self.root)}, **kwargs)  # fmt: skip

    def sql(self, statement: str, database: str = "advisor") -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.url(database).replace("+psycopg", ""), autocommit=True) as conn:
            cursor = conn.execute(statement)  # type: ignore[call-overload]
            return list(cursor.fetchall()) if cursor.description else []

    def stop(self) -> None:
        self.run(str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "fast", "-w", "-t", "30", "stop")
        pid_file = self.root / "data" / "postmaster.pid"
        if pid_file.exists():  # pg_ctl failed: kill the postmaster (its children follow)
            with contextlib.suppress(ValueError, ProcessLookupError, OSError):
                os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)


def start_postgres() -> Postgres:
    bindir = pg_bindir()
    if bindir is None:
        missing(
            "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found on PATH or in /usr/lib/postgresql; "
            "install them with scripts/ensure-postgres.sh (as root) or apt-get install postgresql"
        )
    assert bindir is not None
    try:
        import psycopg  # noqa: F401
    except ImportError:
        missing("the psycopg driver is not installed (pip install -e '.[postgres]')")
    user: str | None = None
    if os.geteuid() == 0:  # PostgreSQL will not run as root
        user = next((u for u in ("postgres", "nobody") if _user_exists(u)), None)
        if user is None:
            missing("running as root and there is no 'postgres' or 'nobody' user to run PostgreSQL as")
    root = Path(tempfile.mkdtemp(prefix="advisor-pg-"))
    pg = Postgres(bindir, root, free_port(), secrets.token_hex(12), user)
    (root / "pw").write_text(pg.password + "\n")
    if user is not None:
        record = pwd.getpwnam(user)
        for path in (root, root / "pw"):
            os.chown(path, record.pw_uid, record.pw_gid)
    init = pg.run(str(bindir / "initdb"), "-D", str(root / "data"), "-U", "advisor", f"--pwfile={root / 'pw'}",
                  "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync")  # fmt: skip
    if init.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"initdb failed:\n{init.stdout}\n{init.stderr}")
    options = f"-h 127.0.0.1 -p {pg.port} -k {root} -c fsync=off -c max_connections=50"
    start = pg.run(str(bindir / "pg_ctl"), "-D", str(root / "data"), "-l", str(root / "server.log"), "-w", "-t", "60",
                   "-o", options, "start")  # fmt: skip
    if start.returncode != 0:
        log = tail(root / "server.log")
        pg.stop()
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start:\n{start.stdout}\n{start.stderr}\n{log}")
    try:
        pg.sql("CREATE DATABASE advisor", database="postgres")
    except BaseException:
        pg.stop()
        shutil.rmtree(root, ignore_errors=True)
        raise
    return pg


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    pg = start_postgres()
    try:
        yield pg
    finally:
        pg.stop()
        shutil.rmtree(pg.root, ignore_errors=True)


def sample(question: str = QUESTION) -> Answer:
    cite = Citation(marker=1, source_id="pei2026", title="t", section="5.1", quote="西部采用移动基站与卫星宽带消除网络盲点",
                    chunk_id="pei2026:zh:5.1:2")  # fmt: skip
    return Answer(question=question, language="zh", answer="西部保底 [1]", citations=[cite], topics=["digital"])


# -- the store on PostgreSQL ----------------------------------------------------------------------------


def test_store_on_postgres_under_concurrent_writers(postgres: Postgres) -> None:
    import threading

    from advisor.feedback import FeedbackStore

    postgres.sql("CREATE DATABASE threads", database="postgres")
    store = FeedbackStore(postgres.url("threads"))
    assert "***" in store.display_url and postgres.password not in store.display_url
    threads, per_thread = 16, 10
    errors: list[BaseException] = []
    gate = threading.Barrier(threads)

    def work(n: int) -> None:
        try:
            gate.wait()
            for i in range(per_thread):
                store.rate(store.log_question(sample(f"q{n}-{i}")), i % 2 == 0, f"c{n}-{i}")
        except BaseException as exc:  # re-raised below
            errors.append(exc)

    pool = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    assert not errors
    assert postgres.sql("SELECT COUNT(DISTINCT comment) FROM feedback", "threads") == [(threads * per_thread,)]
    assert store.question_count() == threads * per_thread
    assert store.trainer_summary()["feedback"]["up"] == threads * per_thread // 2
    assert "160 feedback rows" in store.health()
    store.close()


@pytest.mark.slow
def test_replicas_starting_together_create_the_tables_once(postgres: Postgres) -> None:
    """Four processes open a fresh database at the same moment (the advisory lock serialises CREATE TABLE)."""
    postgres.sql("CREATE DATABASE race", database="postgres")
    code = ("import sys, time; from advisor.feedback import FeedbackStore; from advisor.answer import Answer\n"
            "time.sleep(max(0.0, float(sys.argv[2]) - time.time()))\n"
            "s = FeedbackStore(sys.argv[1]); s.rate(s.log_question(Answer(question='q', language='zh', answer='a')), 1)")  # fmt: skip
    at = str(time.time() + 6)  # each imports SQLAlchemy first, then all open the store at this moment
    runs = [subprocess.Popen([sys.executable, "-c", code, postgres.url("race"), at], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(4)]  # fmt: skip
    outcomes = [(p.wait(120), p.stderr.read() if p.stderr else "") for p in runs]
    assert all(rc == 0 for rc, _ in outcomes), outcomes
    assert postgres.sql("SELECT COUNT(*) FROM feedback", "race") == [(4,)]


def test_bad_password_and_unreachable_server_say_how_to_fix(postgres: Postgres) -> None:
    from advisor.feedback import FeedbackStore

    wrong = postgres.url().replace(postgres.password, "not-the-password")
    with pytest.raises(BackendError) as info:
        FeedbackStore(wrong)
    assert info.value.code == "feedback_db_error" and "ADVISOR_FEEDBACK_DB_URL" in (info.value.hint or "")
    assert "not-the-password" not in str(info.value)
    started = time.monotonic()
    with pytest.raises(BackendError):
        FeedbackStore(f"postgresql://advisor:x@127.0.0.1:{free_port()}/advisor?connect_timeout=3")
    assert time.monotonic() - started < 10


def test_url_mistakes_are_config_errors() -> None:
    from advisor.feedback import FeedbackStore

    with pytest.raises(ConfigError):
        FeedbackStore("not a url")
    with pytest.raises(ConfigError):
        FeedbackStore("nosuchdb://x/y")
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        with pytest.raises(MissingDependencyError) as info:
            FeedbackStore("postgresql+psycopg2://u:p@127.0.0.1:1/x")
        assert ".[postgres]" in (info.value.hint or "")


# -- two replicas, one Chroma server, one PostgreSQL ----------------------------------------------------


@dataclass
class Service:
    url: str
    proc: subprocess.Popen[bytes]
    log: Path


@pytest.fixture(scope="module")
def deploy_dir() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="advisor-deploy-"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def chroma_server(deploy_dir: Path) -> Iterator[Service]:
    chroma = BIN / "chroma"
    if not chroma.exists():
        missing(f"the chroma CLI is not in {BIN} (it comes with the chromadb package)")
    port = free_port()
    log = deploy_dir / "chroma.log"
    proc = spawn([str(chroma), "run", "--path", str(deploy_dir / "chroma"), "--host", "127.0.0.1", "--port", str(port)],
                 log, cwd=deploy_dir)  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        wait_http(f"{url}/api/v2/heartbeat", proc, log, 60)
        yield Service(url, proc, log)
    finally:
        stop_group(proc)


def app_env(data_dir: Path, chroma_url: str, feedback_url: str) -> dict[str, str]:
    """The replica's whole configuration; ADVISOR_* from the test's own environment is left out."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env.update({"ADVISOR_CHROMA_URL": chroma_url, "ADVISOR_FEEDBACK_DB_URL": feedback_url,
                "ADVISOR_PATHS_DATA_DIR": str(data_dir), "ADVISOR_ENGINE": "grounded"})  # fmt: skip
    return env


@pytest.fixture(scope="module")
def replicas(deploy_dir: Path, chroma_server: Service, postgres: Postgres) -> Iterator[list[Service]]:
    advisor = BIN / "advisor"
    if not advisor.exists():
        pytest.fail(f"{advisor} is missing: install the project with pip install -e .")
    feedback_url = postgres.url()
    # Build the index into the Chroma server once, before any replica starts (docs/deploy.md).
    env = app_env(deploy_dir / "admin", chroma_server.url, feedback_url)
    built = subprocess.run(
        [str(advisor), "index"], env=env, cwd=deploy_dir, capture_output=True, text=True, timeout=600
    )
    assert built.returncode == 0, built.stderr
    assert "passages in collection" in built.stdout
    services: list[Service] = []
    try:
        for n in (1, 2):
            port, log = free_port(), deploy_dir / f"replica-{n}.log"
            env = app_env(deploy_dir / f"replica-{n}", chroma_server.url, feedback_url)
            proc = spawn([str(advisor), "serve", "--host", "127.0.0.1", "--port", str(port)], log, env=env,
                         cwd=deploy_dir)  # fmt: skip
            services.append(Service(f"http://127.0.0.1:{port}/", proc, log))
        for service in services:  # both load at once; wait for each
            wait_http(f"{service.url}gradio_api/info", service.proc, service.log, APP_START_S)
        yield services
    finally:
        for service in services:
            stop_group(service.proc)


@pytest.mark.slow
def test_two_replicas_answer_and_record_feedback_in_one_postgres(
    replicas: list[Service], postgres: Postgres, deploy_dir: Path
) -> None:
    from gradio_client import Client

    for n, replica in enumerate(replicas, start=1):
        assert httpx.get(f"{replica.url}ready", timeout=5).status_code == 200  # the readiness probe (docs/deploy.md)
        client = Client(replica.url, verbose=False)
        answer = client.predict(QUESTION, None, None, [], api_name="/ask")
        assert "error" not in answer, answer
        assert answer["county"]["code"] == "522634" and answer["citations"], answer
        saved = client.predict(answer["answer_id"], 1 if n == 1 else -1, f"from replica {n}", api_name="/feedback")
        assert set(saved) == {"id", "rating"} and saved["rating"] == (1 if n == 1 else -1), saved
        bad = client.predict(answer["answer_id"], 0, "", api_name="/feedback")
        assert bad["error"]["code"] == "bad_rating"
        assert client.predict("made-up", 1, "", api_name="/feedback")["error"]["code"] == "unknown_answer"

    rows = postgres.sql("SELECT comment, rating, question, county_code FROM feedback ORDER BY id")
    assert rows == [("from replica 1", 1, QUESTION, "522634"), ("from replica 2", -1, QUESTION, "522634")]
    assert postgres.sql("SELECT COUNT(*) FROM question_log") == [(2,)]
    for n in (1, 2):  # nothing local: no embedded index, no SQLite file on either replica
        data = deploy_dir / f"replica-{n}"
        assert not (data / "chroma").exists() and not (data / "feedback.sqlite3").exists()
    assert all(r.proc.poll() is None for r in replicas)
