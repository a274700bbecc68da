"""Feedback and question log for trainers (SQLAlchemy; SQLite under data/ by default, any server by URL).

What is stored, and nothing more: for every answered question its text (phone, ID and card numbers
masked), language, place, tier, scope, topics, whether it was answered with citations, the answer text
and the time; for every 👍/👎 the rating and the optional comment (masked too), tied to the logged
answer it rates. No user names, IPs or cookies. Rows older than the retention period (30 days unless
ADVISOR_FEEDBACK_RETENTION_DAYS says otherwise) are deleted.

A rating refers to an answer this server produced: ``log_question`` returns an unguessable token (the
``answer_id`` /ask hands out) and ``rate`` takes it, so nobody can store invented answers, and a second
rating of the same answer replaces the first (one rating per answer).

One code path for every database: ``ADVISOR_FEEDBACK_DB_URL`` unset means the SQLite file
``data/feedback.sqlite3`` (created 0600 in a 0700 folder); set it (e.g.
``postgresql+psycopg://advisor:…@db/advisor``, needs the ``postgres`` extra) so several app replicas share
one log. SQLite runs in WAL mode with a busy timeout, and writes retry on "database is locked", so
concurrent writers lose nothing. On PostgreSQL the tables are created under an advisory lock, so replicas
starting together do not race each other's ``CREATE TABLE``; columns added by newer versions are added
to older tables at start.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Boolean, Connection, DateTime, Integer, String, Text, delete, event, func, select, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from advisor.answer import Answer
from advisor.database import (
    BUSY_TIMEOUT_MS,
    CONNECT_TIMEOUT_S,
    SETTING,
    add_new_columns,
    make_engine,
    parse_url,
    sqlite_pragmas,
)
from advisor.errors import BackendError, UserInputError
from advisor.inputs import clean_text

MAX_COMMENT_CHARS = 2_000
#: An answer is a few KB; the log keeps at most this much of one.
MAX_ANSWER_CHARS = 20_000
#: Deleting old rows runs at most this often (it is one indexed DELETE per table).
PRUNE_EVERY_S = 600
#: Chinese ID card (18), mobile (11), bank card (15–19) numbers and landlines: what a worried farmer might
#: type into a question or comment and a trainer must not read.
_PERSONAL_NUMBER = re.compile(
    r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|1[3-9][0-9]{9}|[0-9]{15,19}|0[0-9]{2,3}-[0-9]{7,8})(?![0-9])"
)
MASK = "[***]"
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
    # Added in version 0.2 (added to older tables at start):
    token: Mapped[str | None] = mapped_column(String(32), unique=True, index=True)
    answer: Mapped[str | None] = mapped_column(Text)
    county_name_en: Mapped[str | None] = mapped_column(String(200))
    county_level: Mapped[str | None] = mapped_column(String(16))


class Feedback(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    rating: Mapped[int] = mapped_column(Integer)  # +1 or -1
    comment: Mapped[str] = mapped_column(Text, default="")
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    citations: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of Citation objects (old rows)
    language: Mapped[str | None] = mapped_column(String(8))
    county_code: Mapped[str | None] = mapped_column(String(12))
    scope: Mapped[str | None] = mapped_column(String(32))
    question_id: Mapped[int | None] = mapped_column(Integer, index=True)  # version 0.2: the logged answer rated


def _now() -> datetime:
    return datetime.now(UTC)


def _answered(answer: Answer) -> bool:
    return answer.scope == "in_scope" and answer.clarification is None and bool(answer.citations)


def _rows(result: Any) -> int:
    """Rows a DELETE removed (a CursorResult's rowcount; typed as the generic Result)."""
    return int(getattr(result, "rowcount", 0) or 0)


def mask_personal(text: str) -> str:
    """Phone, ID card and bank card numbers replaced by [***] (nothing else changes)."""
    return _PERSONAL_NUMBER.sub(MASK, text)


def _stored(text: str, limit: int) -> str:
    return mask_personal(clean_text(text or "").strip())[:limit]


class FeedbackStore:
    """One store per database URL; thread-safe (one engine with a connection pool, short sessions)."""

    def __init__(self, url: str, *, retention_days: int = 30) -> None:
        self.url = url
        self.retention = timedelta(days=retention_days)
        self._pruned_at = 0.0
        parsed = parse_url(url)
        self.dialect = parsed.get_backend_name()
        self._sqlite = self.dialect == "sqlite"
        #: The URL without its password, for messages and `advisor doctor`.
        self.display_url = parsed.render_as_string(hide_password=True)
        connect_args: dict[str, Any] = {}
        if self._sqlite:
            connect_args = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
            self._ensure_private_file(parsed)
        elif self.dialect == "postgresql" and "connect_timeout" not in parsed.query:
            connect_args = {"connect_timeout": CONNECT_TIMEOUT_S}
        self.engine = make_engine(parsed, connect_args, self.display_url)
        if self._sqlite:
            event.listen(self.engine, "connect", sqlite_pragmas)
        self._init_lock = threading.Lock()
        self._write(lambda s: None, create=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def from_settings(cls, settings: Any) -> FeedbackStore:
        """The store the settings name (database URL and retention)."""
        return cls(settings.feedback_url, retention_days=settings.feedback.retention_days)

    @staticmethod
    def _ensure_private_file(url: URL) -> None:
        """The folder (0700 when we create it) and the database file, readable by this user only."""
        from pathlib import Path

        path = url.database or ""
        if not path or path == ":memory:" or path.startswith("file:"):
            return
        file = Path(path).expanduser()
        if not file.parent.exists():
            file.parent.mkdir(parents=True, mode=0o700)
        file.touch(mode=0o600, exist_ok=True)
        file.chmod(0o600)  # also a file made by an older version; SQLite gives its -wal and -shm files this mode

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
        add_new_columns(conn, Base.metadata)

    def _retryable(self, exc: DBAPIError, create: bool) -> bool:
        message = str(exc.orig).lower()
        if self._sqlite and isinstance(exc, OperationalError) and "locked" in message:
            return True
        # Another process created the table between our check and our CREATE (SQLite has no schema lock).
        return create and ("already exists" in message or "duplicate column" in message)

    def _backend_error(self, exc: DBAPIError) -> BackendError:
        if self._sqlite:
            hint = "check that the data/ directory is writable and the disk is not full"
        else:
            hint = f"check that the database server in {SETTING} is running and reachable, and its user and password"
        detail = " ".join(str(exc.orig).split())  # drivers' messages span lines; errors are one line
        return BackendError(f"Feedback database error ({self.display_url}): {detail}", hint=hint,
                            code="feedback_db_error")  # fmt: skip

    def log_question(self, answer: Answer) -> str:
        """Log one answer; returns its token (the answer_id a rating refers to)."""
        county = answer.county
        token = secrets.token_urlsafe(16)
        row = QuestionLog(
            created_at=_now(),
            question=_stored(answer.question, MAX_ANSWER_CHARS),
            language=answer.language,
            county_code=county.code if county else None,
            county_name=(county.label_zh or county.full_name) if county else None,
            county_name_en=(county.label_en or county.name_en) if county else None,
            county_level=county.level if county else None,
            tier=county.tier if county else None,
            scope=answer.scope,
            topics=json.dumps(answer.topics, ensure_ascii=False),
            answered=_answered(answer),
            clarification=answer.clarification.reason if answer.clarification else None,
            token=token,
            answer=answer.answer[:MAX_ANSWER_CHARS],
        )
        self._insert(row)
        self._prune_now_and_then()
        return token

    def rate(self, answer_id: str, rating: int | bool, comment: str = "") -> int:
        """Store 👍 (+1/True) or 👎 (-1/False) for the logged answer `answer_id`, replacing an earlier rating."""
        value = (1 if rating else -1) if isinstance(rating, bool) else rating
        if value not in (1, -1):
            raise UserInputError("rating must be +1 (👍) or -1 (👎)", code="bad_rating")
        if not isinstance(answer_id, str) or not 0 < len(answer_id) <= 32:
            raise UserInputError("answer_id must be the answer_id /ask returned.", code="bad_answer_id")
        note = _stored(comment, MAX_COMMENT_CHARS)

        def upsert(session: Session) -> int:
            logged = session.scalar(select(QuestionLog).where(QuestionLog.token == answer_id))
            if logged is None:
                raise UserInputError("No answer with this answer_id (it may be older than the retention period).",
                                     hint="rate an answer /ask returned", code="unknown_answer")  # fmt: skip
            session.execute(delete(Feedback).where(Feedback.question_id == logged.id))
            row = Feedback(created_at=_now(), rating=value, comment=note, question=logged.question,
                           answer=logged.answer or "", language=logged.language, county_code=logged.county_code,
                           scope=logged.scope, question_id=logged.id)  # fmt: skip
            session.add(row)
            session.flush()
            return int(row.id)

        result: int = self._write(upsert)
        return result

    def _insert(self, row: Any) -> int:
        """Add one row in its own transaction; its id once committed."""

        def add(session: Session) -> int:
            session.add(row)
            session.flush()
            return int(row.id)

        result: int = self._write(add)
        return result

    def _prune_now_and_then(self) -> None:
        if time.monotonic() - self._pruned_at >= PRUNE_EVERY_S:
            self._pruned_at = time.monotonic()
            self.prune()

    def prune(self) -> int:
        """Delete questions and ratings older than the retention period; how many rows went."""
        cutoff = _now() - self.retention

        def work(session: Session) -> int:
            gone = _rows(session.execute(delete(Feedback).where(Feedback.created_at < cutoff)))
            return gone + _rows(session.execute(delete(QuestionLog).where(QuestionLog.created_at < cutoff)))

        result: int = self._write(work)
        return result

    def delete_all(self) -> int:
        """The trainer's "delete all": every question and rating; how many rows went."""

        def work(session: Session) -> int:
            return _rows(session.execute(delete(Feedback))) + _rows(session.execute(delete(QuestionLog)))

        result: int = self._write(work)
        return result

    # -- reading -----------------------------------------------------------------------------------

    def feedback_rows(self, limit: int = 100) -> list[dict[str, Any]]:
        """The latest ratings: only what a trainer reads (time, rating, question, comment, place)."""
        columns = (Feedback.id, Feedback.created_at, Feedback.rating, Feedback.comment, Feedback.question,
                   Feedback.language, Feedback.county_code, Feedback.question_id)  # fmt: skip
        with self._sessions() as session:
            rows = session.execute(select(*columns).order_by(Feedback.id.desc()).limit(limit)).all()
        return [
            {"id": r.id, "time": r.created_at.isoformat(timespec="seconds"), "rating": r.rating, "comment": r.comment,
             "question": r.question, "language": r.language, "county_code": r.county_code, "question_id": r.question_id}
            for r in rows
        ]  # fmt: skip

    def question_count(self) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(func.count(QuestionLog.id))) or 0)

    def export_questions(self, limit: int = 10_000) -> list[dict[str, Any]]:
        """Every logged question with its rating (newest first), for the trainer's download."""
        columns = (QuestionLog.id, QuestionLog.created_at, QuestionLog.question, QuestionLog.language,
                   QuestionLog.county_name, QuestionLog.county_code, QuestionLog.tier, QuestionLog.scope,
                   QuestionLog.answered, Feedback.rating, Feedback.comment)  # fmt: skip
        query = (select(*columns).outerjoin(Feedback, Feedback.question_id == QuestionLog.id)
                 .order_by(QuestionLog.id.desc()).limit(limit))  # fmt: skip
        with self._sessions() as session:
            rows = session.execute(query).all()
        return [
            {"time": r.created_at.isoformat(timespec="seconds"), "question": r.question, "language": r.language,
             "county": r.county_name, "code": r.county_code, "tier": r.tier, "scope": r.scope,
             "answered": bool(r.answered), "rating": r.rating, "comment": r.comment}
            for r in rows
        ]  # fmt: skip

    def trainer_summary(self, top: int = 10, recent: int = 20) -> dict[str, Any]:
        """What trainers look at: most-asked topics and places, unanswered questions, feedback."""
        place = (QuestionLog.county_code, QuestionLog.county_name, QuestionLog.county_name_en, QuestionLog.tier,
                 QuestionLog.county_level)  # fmt: skip
        unanswered_columns = (QuestionLog.created_at, QuestionLog.question, QuestionLog.scope,
                              QuestionLog.language, QuestionLog.clarification)  # fmt: skip
        with self._sessions() as session:
            logs = session.execute(select(QuestionLog.topics, *place)).all()
            unanswered = session.execute(
                select(*unanswered_columns).where(QuestionLog.answered.is_(False))
                .order_by(QuestionLog.id.desc()).limit(recent)
            ).all()  # fmt: skip
            ups = session.scalar(select(func.count(Feedback.id)).where(Feedback.rating > 0)) or 0
            downs = session.scalar(select(func.count(Feedback.id)).where(Feedback.rating < 0)) or 0
        unanswered_rows = [
            {"time": q.created_at.isoformat(timespec="seconds"), "question": q.question, "scope": q.scope,
             "language": q.language, "clarification": q.clarification}
            for q in unanswered
        ]  # fmt: skip
        topics: Counter[str] = Counter()
        places: Counter[tuple[str, str, str, str, str]] = Counter()
        tiers: Counter[str] = Counter()
        for topic_json, code, name, name_en, tier, level in logs:
            topics.update(json.loads(topic_json or "[]"))
            if code:
                places[(code, name or code, name_en or name or code, tier or "", level or "")] += 1
            if tier:
                tiers[tier] += 1
        return {
            "questions": len(logs),
            "topics": [{"topic": t, "count": n} for t, n in topics.most_common(top)],
            "counties": [
                {"code": c, "name": nm, "name_en": en, "tier": tr, "level": lv, "count": n}
                for (c, nm, en, tr, lv), n in places.most_common(top)
            ],
            "tiers": dict(tiers),
            "unanswered": unanswered_rows,
            "feedback": {"up": int(ups), "down": int(downs), "recent": self.feedback_rows(recent)},
            "retention_days": self.retention.days,
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
