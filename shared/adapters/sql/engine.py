"""Engine construction per dialect: one pooled engine per process.

Every engine hides bound parameters from its logs and exception messages: they carry emails and
encrypted credentials, which belong in neither.

SQLite runs in WAL mode with foreign keys on and ``BEGIN IMMEDIATE`` write transactions (so writers
queue on the busy timeout instead of failing on a lock upgrade). Azure SQL connects with an Entra ID
access token from ``azure-identity`` handed to the ODBC driver: no password ever sits in a setting.
"""

from __future__ import annotations

import logging
import struct
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url

logger = logging.getLogger(__name__)

SQL_COPT_SS_ACCESS_TOKEN = 1256  # msodbcsql.h: pre-connect attribute carrying an Entra ID token
AZURE_SQL_SCOPE = "https://database.windows.net/.default"


class TokenCredential(Protocol):
    """The one azure-identity call we use."""

    def get_token(self, *scopes: str) -> Any: ...


def safe_url(url: str | URL) -> str:
    """The URL as it may be logged: password hidden."""
    return make_url(url).render_as_string(hide_password=True)


def create_engine(
    url: str,
    *,
    pool_size: int = 5,
    max_overflow: int = 10,
    pool_timeout: float = 30.0,
    credential: TokenCredential | None = None,
    dbapi_module: ModuleType | None = None,
) -> Engine:
    """Build the process's engine for ``url``. ``dbapi_module`` replaces the driver (tests).

    Every dialect gets the same pool settings: the pool is sized for the process's concurrency (see
    ``Settings.sql_pool``), and ``pool_timeout`` bounds how long work waits for a connection.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    extra: dict[str, Any] = {} if dbapi_module is None else {"module": dbapi_module}
    pool = {"pool_size": pool_size, "max_overflow": max_overflow, "pool_timeout": pool_timeout}
    if backend == "sqlite":
        engine = _sqlite_engine(parsed, pool, extra)
    elif backend == "mssql":
        engine = _mssql_engine(parsed, pool, credential, extra)
    else:
        engine = sa.create_engine(parsed, **pool, pool_pre_ping=True, pool_recycle=1800, hide_parameters=True,
                                  **extra)
    logger.info("sql engine ready: %s", safe_url(parsed))
    return engine


def _sqlite_engine(url: URL, pool: dict[str, Any], extra: dict[str, Any]) -> Engine:
    database = url.database or ":memory:"
    in_memory = database == ":memory:"
    if not in_memory:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    # A file database gets a QueuePool sized like any other; an in-memory one must stay on its single-connection
    # pool (each new connection would be a new, empty database).
    # Pre-ping costs an in-process statement here; it keeps a connection closed under the pool out of use.
    pooling = {} if in_memory else {**pool, "pool_pre_ping": True}
    engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, hide_parameters=True,
                              **pooling, **extra)

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from pysqlite so BEGIN IMMEDIATE can be issued below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
            # Straight to the driver: every write transaction pays this, and SQLAlchemy's statement path
            # costs several times the statement itself here.
            connection.connection.driver_connection.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]  # in use: set

    return engine


def _mssql_engine(url: URL, pool: dict[str, Any], credential: TokenCredential | None, extra: dict[str, Any]) -> Engine:
    if "module" not in extra:
        import pyodbc  # imported only here: it needs unixODBC, which only the mssql target has

        # SQLAlchemy pools connections; ODBC's own pool would hold sessions the pool believes closed.
        pyodbc.pooling = False
    engine = sa.create_engine(
        url, **pool, pool_pre_ping=True, pool_recycle=1800, fast_executemany=True, hide_parameters=True, **extra,
    )
    if url.password:
        return engine  # an explicit SQL login (e.g. a local SQL Server); Azure uses the token below
    token_source = credential

    @sa.event.listens_for(engine, "do_connect")
    def _provide_token(_dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> None:
        nonlocal token_source
        if token_source is None:
            from azure.identity import DefaultAzureCredential

            token_source = DefaultAzureCredential()
        # SQLAlchemy asks for Windows auth when the URL has no user; the token replaces it.
        cargs[0] = cargs[0].replace(";Trusted_Connection=Yes", "")
        token = token_source.get_token(AZURE_SQL_SCOPE).token
        cparams["attrs_before"] = {SQL_COPT_SS_ACCESS_TOKEN: access_token_struct(token)}

    return engine


def access_token_struct(token: str) -> bytes:
    """The ODBC driver's token format: a little-endian length prefix and the UTF-16-LE token."""
    encoded = token.encode("utf-16-le")
    return struct.pack(f"<I{len(encoded)}s", len(encoded), encoded)
