"""Opening a database by URL (SQLite by default, PostgreSQL for replicas) with messages that say how to fix it.

Used by the feedback store (advisor/feedback.py); nothing here knows its tables.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, MetaData, create_engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from advisor.errors import ConfigError, MissingDependencyError

BUSY_TIMEOUT_MS = 10_000
#: Seconds a database server may take to accept a connection (libpq waits forever by default, which
#: would hang start-up and every write when the server's host is gone). `?connect_timeout=N` in the URL wins.
CONNECT_TIMEOUT_S = 10
SETTING = "ADVISOR_FEEDBACK_DB_URL"


def parse_url(url: str) -> URL:
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


def make_engine(url: URL, connect_args: dict[str, Any], shown: str) -> Any:
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


def add_new_columns(conn: Connection, metadata: MetaData) -> None:
    """ALTER TABLE ADD COLUMN for each column a table made by an older version lacks (no data is touched)."""
    inspector = inspect(conn)
    for table in metadata.sorted_tables:
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in present:
                kind = column.type.compile(dialect=conn.dialect)
                conn.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))
        for index in table.indexes:
            index.create(conn, checkfirst=True)


def sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL, a busy timeout and normal sync on every new SQLite connection: concurrent writers wait, not fail."""
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
