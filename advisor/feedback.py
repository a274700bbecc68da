"""Feedback and question log for trainers (SQLAlchemy; SQLite under data/ by default, any server by URL).

What is stored, and nothing more: for every answered question its text, language, county code/name,
tier, scope, topics, whether it was answered with citations, and the time; for every 👍/👎 the rating,
the optional comment, the question, the answer and its citations. No user names, IPs or cookies.

One code path for every database: ``ADVISOR_FEEDBACK_DB_URL`` unset means the SQLite file
``data/feedback.sqlite3``; set it (e.g. ``postgresql+psycopg://advisor:…@db/advisor``, needs the
``postgres`` extra) so several app replicas share one log. SQLite runs in WAL mode with a busy timeout,
and writes retry on "database is locked", so concurrent writers (the web queue runs several answers at
once) lose nothing. On PostgreSQL the tables are created under an advisory lock, so replicas starting
together do not race each other's ``CREATE TABLE``.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    DateTime,
    Integer,
    String,
    Text,
    create_engine,
    event,
    func,
    select,
    text,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from advisor.answer import Answer
from advisor.errors import BackendError, ConfigError, MissingDependencyError, UserInputError

BUSY_TIMEOUT_MS = 10_000
#: Seconds a database server may take to accept a connection (libpq waits forever by default, which
#: would hang start-up and every write when the server's host is gone). `?connect_timeout=N` in the URL wins.
CONNECT_TIMEOUT_S = 10
MAX_COMMENT_CHARS = 2_000
SETTING = "ADVISOR_FEEDBACK_DB_URL"
_RETRIES = 8
#: pg_advisory_xact_lock key that serialises CREATE TABLE between replicas ("advi" in ASCII).
_SCHEMA_LOCK = 0x61647669


class Base(DeclarativeBase):
    pass


class QuestionLog(Base):
    __tablename__ = "question_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    question: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    county_code: Mapped[str | None] = mapped_column(String(12), index=True)
    county_name: Mapped[str | None] = mapped_column(String(200))
    tier: Mapped[str | None] = mapped_column(String(16))
    scope: Mapped[str] = mapped_column(String(32), index=True)
    topics: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    answered: Mapped[bool] = mapped_column(Boolean, default=True)
    clarification: Mapped[str | None] = mapped_column(String(32))


class Feedback(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    rating: Mapped[int] = mapped_column(Integer)  # +1 or -1
    comment: Mapped[str] = mapped_column(Text, default="")
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    citations: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of Citation objects
    language: Mapped[str | None] = mapped_column(String(8))
    county_code: Mapped[str | None] = mapped_column(String(12))
    scope: Mapped[str | None] = mapped_column(String(32))


def _now() -> datetime:
    return datetime.now(UTC)


def _answered(answer: Answer) -> bool:
    return answer.scope == "in_scope" and answer.clarification is None and bool(answer.citations)


class FeedbackStore:
    """One store per database URL; thread-safe (one engine with a connection pool, short sessions)."""

    def __init__(self, url: str) -> None:
        self.url = url
        parsed = _parse(url)
        self.dialect = parsed.get_backend_name()
        self._sqlite = self.dialect == "sqlite"
        #: The URL without its password, for messages and `advisor doctor`.
        self.display_url = parsed.render_as_string(hide_password=True)
        connect_args: dict[str, Any] = {}
        if self._sqlite:
            connect_args = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
            self._ensure_dir(parsed)
        elif self.dialect == "postgresql" and "connect_timeout" not in parsed.query:
            connect_args = {"connect_timeout": CONNECT_TIMEOUT_S}
        self.engine = _engine(parsed, connect_args, self.display_url)
        if self._sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._init_lock = threading.Lock()
        self._write(lambda s: None, create=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @staticmethod
    def _ensure_dir(url: URL) -> None:
        from pathlib import Path

        path = url.database or ""
        if path and path != ":memory:" and not path.startswith("file:"):
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)

    # -- writing -----------------------------------------------------------------------------------

    def _write(self, work: Any, *, create: bool = False) -> Any:
        """Run `work(session)` in a transaction, retrying while SQLite reports the database locked."""
        delay = 0.02
        for attempt in range(_RETRIES):
            try:
                if create:
                    with self._init_lock, self.engine.begin() as conn:
                        self._create_tables(conn)
                    return None
                with Session(self.engine, expire_on_commit=False) as session, session.begin():
                    return work(session)
            except DBAPIError as exc:
                if not self._retryable(exc, create) or attempt == _RETRIES - 1:
                    raise self._backend_error(exc) from exc
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
        return None  # pragma: no cover

    def _create_tables(self, conn: Connection) -> None:
        if self.dialect == "postgresql":  # held until this transaction ends; other replicas wait here
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
        Base.metadata.create_all(conn)

    def _retryable(self, exc: DBAPIError, create: bool) -> bool:
        message = str(exc.orig).lower()
        if self._sqlite and isinstance(exc, OperationalError) and "locked" in message:
            return True
        # Another process created the table between our check and our CREATE (SQLite has no schema lock).
        return create and "already exists" in message

    def _backend_error(self, exc: DBAPIError) -> BackendError:
        if self._sqlite:
            hint = "check that the data/ directory is writable and the disk is not full"
        else:
            hint = f"check that the database server in {SETTING} is running and reachable, and its user and password"
        detail = " ".join(str(exc.orig).split())  # drivers' messages span lines; errors are one line
        return BackendError(f"Feedback database error ({self.display_url}): {detail}", hint=hint,
                            code="feedback_db_error")  # fmt: skip

    def log_question(self, answer: Answer) -> int:
        """Log one answered question (no personal data); returns the row id."""
        county = answer.county
        row = QuestionLog(
            created_at=_now(),
            question=answer.question,
            language=answer.language,
            county_code=county.code if county else None,
            county_name=(county.label_zh or county.full_name) if county else None,
            tier=county.tier if county else None,
            scope=answer.scope,
            topics=json.dumps(answer.topics, ensure_ascii=False),
            answered=_answered(answer),
            clarification=answer.clarification.reason if answer.clarification else None,
        )

        return self._insert(row)

    def record_feedback(self, answer: Answer | dict[str, Any], rating: int | bool, comment: str = "") -> int:
        """Store 👍 (rating +1/True) or 👎 (-1/False) with the question, answer and citations."""
        ans = answer if isinstance(answer, Answer) else Answer.model_validate(answer)
        value = (1 if rating else -1) if isinstance(rating, bool) else rating
        if value not in (1, -1):
            raise UserInputError("rating must be +1 (👍) or -1 (👎)", code="bad_rating")
        text = (comment or "").strip()[:MAX_COMMENT_CHARS]
        row = Feedback(
            created_at=_now(),
            rating=value,
            comment=text,
            question=ans.question,
            answer=ans.answer,
            citations=json.dumps([c.model_dump(mode="json") for c in ans.citations], ensure_ascii=False),
            language=ans.language,
            county_code=ans.county.code if ans.county else None,
            scope=ans.scope,
        )

        return self._insert(row)

    def _insert(self, row: Any) -> int:
        """Add one row in its own transaction; its id once committed."""

        def add(session: Session) -> int:
            session.add(row)
            session.flush()
            return int(row.id)

        result: int = self._write(add)
        return result

    # -- reading -----------------------------------------------------------------------------------

    def feedback_rows(self, limit: int = 100) -> list[dict[str, Any]]:
        with self._sessions() as session:
            rows = session.scalars(select(Feedback).order_by(Feedback.id.desc()).limit(limit)).all()
            return [
                {"id": r.id, "time": r.created_at.isoformat(), "rating": r.rating, "comment": r.comment,
                 "question": r.question, "answer": r.answer, "citations": json.loads(r.citations or "[]"),
                 "language": r.language, "county_code": r.county_code, "scope": r.scope}
                for r in rows
            ]  # fmt: skip

    def question_count(self) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(func.count(QuestionLog.id))) or 0)

    def trainer_summary(self, top: int = 10, recent: int = 20) -> dict[str, Any]:
        """What trainers look at: most-asked topics and counties, unanswered questions, feedback."""
        with self._sessions() as session:
            logs = session.execute(
                select(QuestionLog.topics, QuestionLog.county_code, QuestionLog.county_name, QuestionLog.tier)
            ).all()
            unanswered = session.scalars(
                select(QuestionLog).where(QuestionLog.answered.is_(False)).order_by(QuestionLog.id.desc()).limit(recent)
            ).all()
            ups = session.scalar(select(func.count(Feedback.id)).where(Feedback.rating > 0)) or 0
            downs = session.scalar(select(func.count(Feedback.id)).where(Feedback.rating < 0)) or 0
            unanswered_rows = [
                {"time": q.created_at.isoformat(timespec="seconds"), "question": q.question, "scope": q.scope,
                 "language": q.language, "clarification": q.clarification}
                for q in unanswered
            ]  # fmt: skip
        topics: Counter[str] = Counter()
        counties: Counter[tuple[str, str, str]] = Counter()
        tiers: Counter[str] = Counter()
        for topic_json, code, name, tier in logs:
            topics.update(json.loads(topic_json or "[]"))
            if code:
                counties[(code, name or code, tier or "")] += 1
            if tier:
                tiers[tier] += 1
        return {
            "questions": len(logs),
            "topics": [{"topic": t, "count": n} for t, n in topics.most_common(top)],
            "counties": [
                {"code": c, "name": nm, "tier": tr, "count": n} for (c, nm, tr), n in counties.most_common(top)
            ],
            "tiers": dict(tiers),
            "unanswered": unanswered_rows,
            "feedback": {"up": int(ups), "down": int(downs), "recent": self.feedback_rows(recent)},
        }

    def health(self) -> str:
        """One line for `advisor doctor`: where feedback goes and that it answers (BackendError if not)."""
        try:
            with self._sessions() as session:
                rows = int(session.scalar(select(func.count(Feedback.id))) or 0)
        except DBAPIError as exc:
            raise self._backend_error(exc) from exc
        return f"{self.display_url} answers; {rows} feedback rows"

    def close(self) -> None:
        self.engine.dispose()


def _parse(url: str) -> URL:
    """A SQLAlchemy URL, or a ConfigError naming the setting (never a bare traceback)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(
            f"{SETTING} is not a database URL: {exc}",
            hint="e.g. postgresql+psycopg://advisor:PASSWORD@127.0.0.1:5432/advisor, or unset it for SQLite",
        ) from exc
    # Plain postgresql:// means psycopg2 to SQLAlchemy; the driver we ship is psycopg 3.
    return parsed.set(drivername="postgresql+psycopg") if parsed.drivername == "postgresql" else parsed


def _engine(url: URL, connect_args: dict[str, Any], shown: str) -> Any:
    """create_engine with the two ways it fails on a deployment (unknown dialect, driver not installed)
    turned into messages that say what to install or fix."""
    try:
        return create_engine(url, connect_args=connect_args, pool_pre_ping=url.get_backend_name() != "sqlite")
    except NoSuchModuleError as exc:
        raise ConfigError(
            f"{SETTING} names an unknown database kind: {shown}",
            hint="use sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST:PORT/DB",
        ) from exc
    except ImportError as exc:
        if url.get_backend_name() == "postgresql":
            hint = "run: pip install -e '.[postgres]' (psycopg 3; write the URL as postgresql+psycopg://…)"
        else:
            hint = f"install the Python driver for {url.drivername}, or unset {SETTING} for SQLite"
        raise MissingDependencyError(f"The database driver for {shown} is not installed ({exc}).", hint=hint) from exc


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
