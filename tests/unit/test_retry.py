"""Transient-fault classification reads pyodbc-, psycopg- and sqlite-shaped errors (RELIABILITY 24, 25)."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa

from shared.adapters.sql.retry import RetryPolicy, is_transient


class FakePyodbcError(Exception):
    """pyodbc errors carry (SQLSTATE, message); the native number is only inside the message."""


class FakePgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__("pg error")
        self.sqlstate = sqlstate


def wrapped(orig: BaseException, invalidated: bool = False) -> sa.exc.DBAPIError:
    return sa.exc.OperationalError("SELECT 1", {}, orig, connection_invalidated=invalidated)


@pytest.mark.parametrize("number", [40613, 40197, 40501, 49918, 49919, 49920, 10928, 10929, 4060, 233, 64, 1205])
def test_azure_sql_transient_numbers_are_retried(number: int) -> None:
    error = FakePyodbcError("42000", f"[Microsoft][ODBC Driver 18 for SQL Server][SQL Server]Database busy. ({number})")
    assert is_transient(wrapped(error))


def test_message_first_argument_order_is_also_read() -> None:
    assert is_transient(FakePyodbcError("[SQL Server]Resource limit reached (10928) (SQLExecDirectW)", "42000"))


@pytest.mark.parametrize("state", ["08S01", "08001"])
def test_disconnect_sqlstates_are_retried(state: str) -> None:
    assert is_transient(wrapped(FakePyodbcError(state, "Communication link failure")))


@pytest.mark.parametrize("error", [
    FakePyodbcError("23000", "Violation of PRIMARY KEY constraint 'PK_Tenants'. (2627)"),
    FakePyodbcError("28000", "Login failed for user '<token-identified principal>'. (18456)"),
    FakePyodbcError("HYT00", "Query timeout expired (0)"),
    ValueError("not a database error"),
])
def test_permanent_errors_and_timeouts_are_not_retried(error: BaseException) -> None:
    assert not is_transient(error)


def test_postgres_serialization_and_deadlock_are_retried() -> None:
    assert is_transient(wrapped(FakePgError("40001"))) and is_transient(wrapped(FakePgError("40P01")))
    assert not is_transient(wrapped(FakePgError("23505")))


def test_sqlite_busy_is_retried_and_an_invalidated_connection_always_is() -> None:
    assert is_transient(wrapped(sqlite3.OperationalError("database is locked")))
    assert is_transient(wrapped(ValueError("whatever"), invalidated=True))


class TestRetryPolicy:
    def test_transient_failures_are_replayed_with_growing_bounded_delays(self) -> None:
        pauses: list[float] = []
        policy = RetryPolicy(attempts=4, base_delay=5, max_delay=60, sleep=pauses.append)
        calls = iter([wrapped(FakePgError("40001"))] * 3 + [None])

        def work() -> str:
            error = next(calls)
            if error is not None:
                raise error
            return "done"

        assert policy.run(work) == "done"
        assert len(pauses) == 3 and all(5 <= p <= 60 for p in pauses)
        assert pauses[2] <= 20  # third retry: ceiling 5 * 2**2

    def test_gives_up_after_the_last_attempt(self) -> None:
        attempts: list[int] = []
        policy = RetryPolicy(attempts=3, base_delay=0, max_delay=0, sleep=lambda _s: None)

        def work() -> None:
            attempts.append(1)
            raise wrapped(FakePgError("40P01"))

        with pytest.raises(sa.exc.OperationalError):
            policy.run(work)
        assert len(attempts) == 3

    def test_permanent_errors_surface_at_once(self) -> None:
        attempts: list[int] = []

        def work() -> None:
            attempts.append(1)
            raise wrapped(FakePyodbcError("23000", "duplicate (2627)"))

        with pytest.raises(sa.exc.OperationalError):
            RetryPolicy(sleep=lambda _s: None).run(work)
        assert attempts == [1]
