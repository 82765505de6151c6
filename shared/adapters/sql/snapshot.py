"""Consistent reads across tables (for backups), and row values as JSON and back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from shared.adapters.sql.types import Day, Money, TimeOfDay, UtcDateTime


@contextmanager
def snapshot(engine: Engine) -> Iterator[sa.Connection]:
    """A read-only connection that sees one point in time across every table it reads.

    SQLite (WAL): a deferred read transaction, which never blocks writers. PostgreSQL: REPEATABLE READ.
    Azure SQL: SNAPSHOT isolation (on by default in Azure SQL Database).
    """
    name = engine.dialect.name
    if name == "sqlite":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("BEGIN DEFERRED")
            try:
                yield conn
            finally:
                conn.exec_driver_sql("COMMIT")
        return
    level = "SNAPSHOT" if name == "mssql" else "REPEATABLE READ"
    with engine.connect().execution_options(isolation_level=level) as conn, conn.begin() as tx:
        yield conn
        tx.rollback()  # read-only: nothing to keep


def to_json_value(value: Any) -> Any:
    if isinstance(value, date | time):  # a datetime is a date too
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def from_json_value(column: sa.Column[Any], value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, UtcDateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, TimeOfDay):
        return time.fromisoformat(value)
    if isinstance(kind, Day):
        return date.fromisoformat(value)
    if isinstance(kind, Money):
        return Decimal(value)
    return value
