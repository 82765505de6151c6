"""Transient-fault handling for the relational store, in one place.

Azure SQL drops connections during reconfiguration and throttles under load; the documented answer
is to retry the *whole transaction* on a fresh connection with exponential backoff, starting at no
less than 5 s (RELIABILITY S1). Timeouts (HYT00) are not retried here: the statement may have been
applied, so the caller must reconcile first (S3).
"""

from __future__ import annotations

import logging
import random
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import exc as sa_exc

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Azure SQL error numbers that mean "try again" (SqlConfigurableRetryFactory / EF Core's detector).
TRANSIENT_SQL_SERVER_NUMBERS = frozenset(
    {40613, 40197, 40501, 49918, 49919, 49920, 10928, 10929, 4060, 233, 64,
     40540, 40143, 4221, 1205, 10053, 10054, 10060}
)
# ODBC SQLSTATEs of a dropped or unusable connection (SQLAlchemy's pyodbc is_disconnect list).
DISCONNECT_SQLSTATES = frozenset({"08S01", "08001", "08003", "08007", "08S02", "01002", "HY010"})
# PostgreSQL: serialization failure, deadlock, admin shutdown, cannot connect now, connection failures.
TRANSIENT_PG_SQLSTATES = frozenset({"40001", "40P01", "57P01", "57P02", "57P03", "08000", "08003", "08006", "08001"})
_SQLITE_BUSY = frozenset({"SQLITE_BUSY", "SQLITE_LOCKED"})
_NUMBER_IN_MESSAGE = re.compile(r"\((\d{2,5})\)")
_SQLSTATE_IN_ARGS = re.compile(r"^[0-9A-Z]{5}$")


def sql_server_numbers(error: BaseException) -> set[int]:
    """Native error numbers in a pyodbc error: its args are (SQLSTATE, message) in either order,
    and the number appears only in the message text, as ``(40613)``."""
    numbers: set[int] = set()
    for arg in getattr(error, "args", ()):
        if isinstance(arg, str):
            numbers.update(int(n) for n in _NUMBER_IN_MESSAGE.findall(arg))
    return numbers


def sqlstates(error: BaseException) -> set[str]:
    states = {arg for arg in getattr(error, "args", ()) if isinstance(arg, str) and _SQLSTATE_IN_ARGS.match(arg)}
    pg_state = getattr(error, "sqlstate", None)
    if isinstance(pg_state, str):
        states.add(pg_state)
    return states


def is_transient(error: BaseException) -> bool:
    """Whether retrying the whole transaction on a new connection may succeed."""
    if isinstance(error, sa_exc.DBAPIError):
        if error.connection_invalidated:
            return True
        error = error.orig if error.orig is not None else error
    if isinstance(error, sqlite3.OperationalError):
        return getattr(error, "sqlite_errorname", "") in _SQLITE_BUSY or "database is locked" in str(error)
    states = sqlstates(error)
    if "HYT00" in states or "HYT01" in states:
        return False
    if states & (DISCONNECT_SQLSTATES | TRANSIENT_PG_SQLSTATES):
        return True
    return bool(sql_server_numbers(error) & TRANSIENT_SQL_SERVER_NUMBERS)


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter between ``base_delay`` and ``max_delay`` seconds."""

    attempts: int = 5
    base_delay: float = 5.0
    max_delay: float = 60.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)

    def delay(self, attempt: int) -> float:
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return self.base_delay + random.uniform(0, max(0.0, ceiling - self.base_delay))  # noqa: S311 - jitter only

    def run(self, work: Callable[[], T], *, what: str = "sql") -> T:
        """Run ``work``; on a transient error run it again from the start, up to ``attempts`` times."""
        for attempt in range(1, self.attempts + 1):
            try:
                return work()
            except Exception as exc:
                if attempt == self.attempts or not is_transient(exc):
                    raise
                pause = self.delay(attempt)
                logger.warning("%s: transient failure (attempt %s of %s), retrying in %.1fs: %s",
                               what, attempt, self.attempts, pause, type(exc).__name__)
                self.sleep(pause)
        raise AssertionError("unreachable")  # pragma: no cover
