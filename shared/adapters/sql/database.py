"""The relational store's entry points: transactional units of work and the hot-path reader."""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.sql.base import Executable

from shared.adapters.sql.prepared import CompiledQuery, PreparedQuery
from shared.adapters.sql.repositories import (
    SqlBrokerConnectionRepository,
    SqlChannelConfigurationRepository,
    SqlTenantRepository,
    SqlTradingConfigurationRepository,
)
from shared.adapters.sql.repositories.api_keys import SqlApiKeyRepository
from shared.adapters.sql.repositories.cache_outbox import SqlCacheOutboxRepository
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
    target.cache_outbox = SqlCacheOutboxRepository(db)


class _TransactionExecutor:
    """Statements inside a unit of work's transaction, through SQLAlchemy as usual."""

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection

    def execute(self, statement: Executable, parameters: Any = None, /) -> CursorResult[Any]:
        return self._connection.execute(statement, parameters)

    def fetch_one(self, query: PreparedQuery, parameters: Mapping[str, Any]) -> Any | None:
        return self._connection.execute(query.statement, dict(parameters)).first()

    def fetch_all(self, query: PreparedQuery, parameters: Mapping[str, Any] | None = None) -> list[Any]:
        return list(self._connection.execute(query.statement, dict(parameters or {})).all())


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


class _ThreadReader:
    """Executes reads on a per-thread autocommit connection, kept open between calls.

    The hot path reads a tenant, a channel and a trading configuration per message; a pool checkout,
    a BEGIN and a ROLLBACK per read would cost more than the read. Autocommit means each statement
    sees the latest committed data. A dropped connection is replaced and the read retried. When a
    thread ends, its thread-local holder is collected and a finalizer returns the connection to the
    pool, so short-lived threads cannot drain it.
    """

    def __init__(self, engine: Engine, retry: RetryPolicy) -> None:
        self._engine = engine
        self._retry = retry
        self._local = threading.local()
        self._all: list[sa.Connection] = []
        self._lock = threading.RLock()

    def _connection(self) -> sa.Connection:
        conn: sa.Connection | None = getattr(self._local, "conn", None)
        if conn is None or conn.closed or conn.invalidated:
            conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            self._local.conn = conn
            holder = self._local.holder = _ThreadHold()
            weakref.finalize(holder, self._release, conn)
            with self._lock:
                self._all.append(conn)
        return conn

    def _release(self, conn: sa.Connection) -> None:
        """Back to the pool: the thread that held ``conn`` has ended (or discarded it)."""
        with self._lock:
            if conn in self._all:
                self._all.remove(conn)
        if not conn.closed:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - a connection we cannot close is one the pool will not get back
                logger.warning("could not return a reader connection to the pool")

    def execute(self, statement: Executable, parameters: Any = None, /) -> CursorResult[Any]:
        if not getattr(statement, "is_select", False):
            raise RuntimeError("the reader only reads: writes go through a unit of work")

        def once() -> CursorResult[Any]:
            try:
                return self._connection().execute(statement, parameters)
            except sa.exc.DBAPIError:
                self._discard()
                raise

        return self._retry.run(once, what="sql read")

    def fetch_one(self, query: PreparedQuery, parameters: Mapping[str, Any]) -> Any | None:
        rows = self._fetch(query, parameters, one=True)
        return rows[0] if rows else None

    def fetch_all(self, query: PreparedQuery, parameters: Mapping[str, Any] | None = None) -> list[Any]:
        return self._fetch(query, parameters or {}, one=False)

    def _fetch(self, query: PreparedQuery, parameters: Mapping[str, Any], *, one: bool) -> list[Any]:
        compiled = query.for_dialect(self._engine.dialect)
        arguments = compiled.arguments(parameters)
        cursor = getattr(self._local, "cursor", None)
        if cursor is not None:
            try:  # the common case, kept free of closures and retry bookkeeping
                cursor.execute(compiled.sql, arguments)
                raw = cursor.fetchmany(1) if one else cursor.fetchall()
                return compiled.rows(cursor, raw)
            except Exception:  # noqa: BLE001 - any failure takes the careful path below, which retries or raises
                self._discard()
        return self._retry.run(lambda: self._fetch_fresh(compiled, arguments, one), what="sql read")

    def _fetch_fresh(self, compiled: CompiledQuery, arguments: Any, one: bool) -> list[Any]:
        dialect = self._engine.dialect
        dbapi_connection = self._connection().connection.dbapi_connection
        cursor = dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(compiled.sql, arguments)
            raw = cursor.fetchmany(1) if one else cursor.fetchall()
        except dialect.loaded_dbapi.Error as exc:
            invalidated = dialect.is_disconnect(exc, dbapi_connection, cursor)
            cursor.close()
            self._discard()
            raise sa.exc.DBAPIError.instance(
                compiled.sql, arguments, exc, dialect.loaded_dbapi.Error,
                connection_invalidated=invalidated, dialect=dialect,
            ) from exc
        self._local.cursor = cursor  # kept for the next read on this thread
        return compiled.rows(cursor, raw)

    def _discard(self) -> None:
        conn = getattr(self._local, "conn", None)
        cursor = getattr(self._local, "cursor", None)
        self._local.conn = self._local.cursor = None
        if cursor is not None:
            try:
                cursor.close()
            except Exception:  # noqa: BLE001,S110 - the connection is being thrown away anyway
                pass
        if conn is not None:
            with self._lock:
                if conn in self._all:
                    self._all.remove(conn)
            conn.invalidate()

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()


class _ThreadHold:
    """Lives exactly as long as its thread's locals; its finalizer releases the thread's connection."""

    __slots__ = ("__weakref__",)


class SqlRepositories(AbstractRepositories):
    def __init__(self, reader: Executor) -> None:
        _bind(self, reader)


class SqlDatabase:
    """Owns the process's engine. ``transact`` replays a whole transaction on transient faults."""

    def __init__(self, engine: Engine, retry: RetryPolicy | None = None) -> None:
        self.engine = engine
        self.retry = retry or RetryPolicy()
        self._reader = _ThreadReader(engine, self.retry)
        self.repositories: AbstractRepositories = SqlRepositories(self._reader)

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

    def ping(self) -> None:
        """One round trip (readiness)."""
        with self.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1")).scalar()

    def dispose(self) -> None:
        self._reader.close()
        self.engine.dispose()
