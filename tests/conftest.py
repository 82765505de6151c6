"""Fixtures shared by every layer of the suite: clocks, databases on SQLite and PostgreSQL, services."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from shared.adapters.sql import migrate
from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.engine import create_engine
from shared.adapters.sql.retry import RetryPolicy
from shared.adapters.sql.schema import metadata
from tests.support import services

NO_WAIT = RetryPolicy(attempts=3, base_delay=0, max_delay=0, sleep=lambda _s: None)


@pytest.fixture
def clock():
    from shared.clock import FixedClock

    return FixedClock(datetime(2026, 1, 5, 12, 0, tzinfo=UTC))  # a Monday


def _migrated(url: str) -> SqlDatabase:
    database = SqlDatabase(create_engine(url), NO_WAIT)
    migrate.upgrade(database.engine)
    return database


@pytest.fixture(scope="session")
def sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqlDatabase]:
    path: Path = tmp_path_factory.mktemp("sqlite") / "pipster.db"
    database = _migrated(f"sqlite:///{path}")
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[SqlDatabase]:
    with services.postgres_schema() as url:
        database = _migrated(url)
        yield database
        database.dispose()


def _truncate(database: SqlDatabase) -> None:
    with database.engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(sa.delete(table))


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> Iterator[SqlDatabase]:
    """The same tests on SQLite and on the PostgreSQL server, each in a fresh database/schema, emptied per test."""
    name = "postgres_database" if request.param == "postgresql" else "sqlite_database"
    db: SqlDatabase = request.getfixturevalue(name)
    yield db
    _truncate(db)


@pytest.fixture(scope="session")
def azurite() -> Iterator[services.Azurite]:
    with services.azurite() as running:
        yield running


@pytest.fixture
def restartable_azurite() -> Iterator[services.RestartableAzurite]:
    """An Azurite of the test's own, to stop and start again (same ports and data) without disturbing others."""
    running = services.RestartableAzurite()
    running.start()
    try:
        yield running
    finally:
        running.close()


@pytest.fixture(scope="session")
def redis_url() -> str:
    return services.require_redis()
