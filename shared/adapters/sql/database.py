"""The relational store's entry points: transactional units of work and the hot-path reader."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, TypeVar, cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.sql.base import Executable

from shared.adapters.sql.prepared import CompiledQuery, PreparedInsert, PreparedQuery
from shared.adapters.sql.repositories import (
    SqlBrokerConnectionRepository,
    SqlChannelConfigurationRepository,
    SqlTenantRepository,
    SqlTradingConfigurationRepository,
)
from shared.adapters.sql.repositories.api_keys import SqlApiKeyRepository
from shared.adapters.sql.repositories.cache_outbox import SqlCacheOutboxRepository
from shared.adapters.sql.repositories.held_signals import SqlHeldSignalRepository
from shared.adapters.sql.repositories.stats import SqlStatsRepository
from shared.adapters.sql.repositories.telegram_bots import SqlTelegramBotRepository
from shared.adapters.sql.repositories.trades import SqlTradeRepository
from shared.adapters.sql.retry import RetryPolicy
from shared.adapters.sql.rows import Executor
from shared.ports.repositories import AbstractRepositories, AbstractUnitOfWork

logger = logging.getLogger(__name__)
T = TypeVar("T")


def _bind(target: Any, db: Executor) -> None:
    target.tenants = SqlTenantRepository(db)
    target.channels = SqlChannelConfigurationRepository(db)
    target.trading = SqlTradingConfigurationRepository(db)
    target.brokers = SqlBrokerConnectionRepository(db)
    target.api_keys = SqlApiKeyRepository(db)
    target.trades = SqlTradeRepository(db)
    target.stats = SqlStatsRepository(db)
    target.held_signals = SqlHeldSignalRepository(db)
    target.telegram_bots = SqlTelegramBotRepository(db)
    target.cache_outbox = SqlCacheOutboxRepository(db)


def _on_cursor(conn: sa.Connection, sql: str, arguments: Any, run: Callable[[Any], T]) -> T:
    """``run(cursor)`` on a DBAPI cursor of ``conn``; a driver error is raised as SQLAlchemy raises it
    (``IntegrityError`` for a constraint, a dropped connection invalidated), so callers handle it alike."""
    dialect = conn.dialect
    dbapi_connection = conn.connection.dbapi_connection
    cursor = dbapi_connection.cursor()  # type: ignore[union-attr]  # checked out or in a transaction: never None
    try:
        return run(cursor)
    except dialect.loaded_dbapi.Error as exc:
        invalidated = dialect.is_disconnect(exc, dbapi_connection, cursor)
        if invalidated:
            conn.invalidate()
        raise sa.exc.DBAPIError.instance(
            sql, arguments, exc, dialect.loaded_dbapi.Error, connection_invalidated=invalidated, dialect=dialect,
        ) from exc
    finally:
        cursor.close()


def _fetch(conn: sa.Connection, compiled: CompiledQuery, arguments: Any, *, one: bool) -> list[Any]:
    def run(cursor: Any) -> list[Any]:
        cursor.execute(compiled.sql, arguments)
        return compiled.rows(cursor, list(cursor.fetchmany(1) if one else cursor.fetchall()))

    return _on_cursor(conn, compiled.sql, arguments, run)


class _TransactionExecutor:
    """Statements inside a unit of work's transaction: prepared ones straight on its DBAPI cursor (see
    ``prepared``), anything else through SQLAlchemy as usual."""

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    @property
    def dialect_name(self) -> str:
        return self._connection.dialect.name

    def execute(self, statement: Executable, parameters: Any = None, /) -> CursorResult[Any]:
        return self._connection.execute(statement, parameters)

    def fetch_one(self, query: PreparedQuery, parameters: Mapping[str, Any]) -> Any | None:
        rows = self._fetch(query, parameters, one=True)
        return rows[0] if rows else None

    def fetch_all(self, query: PreparedQuery, parameters: Mapping[str, Any] | None = None) -> list[Any]:
        return self._fetch(query, parameters or {}, one=False)

    def _fetch(self, query: PreparedQuery, parameters: Mapping[str, Any], *, one: bool) -> list[Any]:
        compiled = query.for_dialect(self._connection.dialect)
        return _fetch(self._connection, compiled, compiled.arguments(parameters), one=one)

    def insert_many(self, insert: PreparedInsert, rows: Sequence[Mapping[str, Any]]) -> None:
        """Full rows in one ``executemany`` on the transaction's own DBAPI connection."""
        if not rows:
            return
        dialect = self._connection.dialect
        compiled = insert.for_dialect(dialect)
        arguments = [compiled.arguments(row) for row in rows]

        def run(cursor: Any) -> None:
            if getattr(dialect, "fast_executemany", False):  # pyodbc: as SQLAlchemy's own executemany sets it
                cursor.fast_executemany = True
            cursor.executemany(compiled.sql, arguments)

        _on_cursor(self._connection, compiled.sql, arguments, run)


class SqlUnitOfWork(AbstractUnitOfWork):
    """A connection and a transaction for the duration of a ``with`` block."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: sa.Connection | None = None
        self._transaction: sa.RootTransaction | None = None

    @property
    def connection(self) -> sa.Connection:
        if self._connection is None:
            raise RuntimeError("the unit of work is used outside its `with` block")
        return self._connection

    def __enter__(self) -> SqlUnitOfWork:
        self._connection = self._engine.connect()
        self._transaction = self._connection.begin()
        _bind(self, _TransactionExecutor(self._connection))
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            super().__exit__(exc_type, exc, tb)
        finally:
            if self._connection is not None:
                self._connection.close()
            self._connection = self._transaction = None

    def commit(self) -> None:
        if self._transaction is None:
            raise RuntimeError("the unit of work is used outside its `with` block")
        self._transaction.commit()

    def rollback(self) -> None:
        if self._transaction is not None and self._transaction.is_active:
            self._transaction.rollback()


class PoolExhaustedError(RuntimeError):
    """Every pooled connection is checked out: new work waits for the pool timeout (readiness says so)."""


@dataclass(frozen=True)
class PoolStatus:
    """The engine pool's occupancy, as readiness and metrics report it."""

    size: int
    checked_out: int
    overflow: int
    capacity: int | None  # None: the pool does not limit (SQLite in memory, NullPool)

    @property
    def exhausted(self) -> bool:
        return self.capacity is not None and self.checked_out >= self.capacity


class _PooledReader:
    """Executes each read on a pooled autocommit connection, returned to the pool as soon as the read ends.

    A connection is never kept by a thread between reads: the hosts run dozens of threads (queue batches,
    the HTTP server's workers), and a connection pinned to each of them drained the pool in a burst of a
    few messages, after which every read waited for the pool's timeout and all trading stopped.
    Autocommit means each statement sees the latest committed data and leaves no transaction to roll back
    on return. A dropped connection is invalidated and the read retried on a fresh one.
    """

    def __init__(self, engine: Engine, retry: RetryPolicy) -> None:
        self._engine = engine
        self._retry = retry

    @property
    def dialect_name(self) -> str:
        return self._engine.dialect.name

    def _checkout(self) -> sa.Connection:
        return self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")

    def execute(self, statement: Executable, parameters: Any = None, /) -> CursorResult[Any]:
        if not getattr(statement, "is_select", False):
            raise RuntimeError("the reader only reads: writes go through a unit of work")

        def once() -> CursorResult[Any]:
            with self._checkout() as conn:
                # Buffered (a frozen copy), so the rows outlive the connection's return to the pool; callers
                # only iterate or take ``first``/``all``/``scalar``, which the copy offers as a cursor would.
                return cast(CursorResult[Any], conn.execute(statement, parameters).freeze()())

        return self._retry.run(once, what="sql read")

    def insert_many(self, insert: PreparedInsert, rows: Sequence[Mapping[str, Any]]) -> None:
        raise RuntimeError("the reader only reads: writes go through a unit of work")

    def fetch_one(self, query: PreparedQuery, parameters: Mapping[str, Any]) -> Any | None:
        rows = self._fetch(query, parameters, one=True)
        return rows[0] if rows else None

    def fetch_all(self, query: PreparedQuery, parameters: Mapping[str, Any] | None = None) -> list[Any]:
        return self._fetch(query, parameters or {}, one=False)

    def _fetch(self, query: PreparedQuery, parameters: Mapping[str, Any], *, one: bool) -> list[Any]:
        compiled = query.for_dialect(self._engine.dialect)
        arguments = compiled.arguments(parameters)
        return self._retry.run(lambda: self._fetch_once(compiled, arguments, one), what="sql read")

    def _fetch_once(self, compiled: CompiledQuery, arguments: Any, one: bool) -> list[Any]:
        with self._checkout() as conn:
            return _fetch(conn, compiled, arguments, one=one)


class SqlRepositories(AbstractRepositories):
    def __init__(self, reader: Executor) -> None:
        _bind(self, reader)


class SqlDatabase:
    """Owns the process's engine. ``transact`` replays a whole transaction on transient faults."""

    def __init__(self, engine: Engine, retry: RetryPolicy | None = None) -> None:
        self.engine = engine
        self.retry = retry or RetryPolicy()
        self.repositories: AbstractRepositories = SqlRepositories(_PooledReader(engine, self.retry))

    def unit_of_work(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)

    def transact(self, work: Callable[[AbstractUnitOfWork], T], *, what: str = "sql transaction") -> T:
        """Run ``work`` in a fresh unit of work and commit; on a transient fault start over."""

        def once() -> T:
            with self.unit_of_work() as uow:
                result = work(uow)
                uow.commit()
                return result

        return self.retry.run(once, what=what)

    def pool_status(self) -> PoolStatus:
        pool = self.engine.pool
        if not isinstance(pool, sa.pool.QueuePool):
            return PoolStatus(size=0, checked_out=0, overflow=0, capacity=None)
        size, overflow = pool.size(), pool.overflow()
        # overflow() counts from -size (no connection opened yet) up to max_overflow.
        capacity = size + pool._max_overflow if pool._max_overflow >= 0 else None
        return PoolStatus(size=size, checked_out=pool.checkedout(), overflow=max(overflow, 0), capacity=capacity)

    def ping(self) -> None:
        """One round trip; refuses at once, instead of waiting for the pool timeout, when the pool is drained."""
        status = self.pool_status()
        if status.exhausted:
            raise PoolExhaustedError(f"all {status.capacity} pooled connections are checked out")
        with self.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()
