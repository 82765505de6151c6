"""Alembic migrations produce exactly the metadata's schema, and `pipster db upgrade` applies them."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from shared.adapters.sql import migrate
from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.schema import metadata

PIPSTER = Path(sys.executable).parent / "pipster"  # the console script pyproject declares


def test_migrated_database_matches_the_metadata(database: SqlDatabase) -> None:
    with database.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    assert diffs == []


def test_spec_indexes_exist_after_migration(database: SqlDatabase) -> None:
    inspector = sa.inspect(database.engine)
    names = {ix["name"] for table in migrate.table_names() for ix in inspector.get_indexes(table)}
    assert {"IX_Tenants_Email", "IX_Tenants_Status", "IX_Channels_TenantId", "IX_Channels_TenantChannel",
            "IX_Channels_Enabled", "IX_Brokers_TenantId", "IX_Brokers_TenantActive", "IX_Brokers_TenantType"} <= names


def test_upgrade_is_idempotent(database: SqlDatabase) -> None:
    assert migrate.upgrade(database.engine) == migrate.head_revision()


def test_0013_copies_each_existing_changes_tenant_from_its_trade(tmp_path: Path) -> None:
    """A database with trades written before 0013: after it, every change carries its trade's tenant."""
    from shared.adapters.sql.engine import create_engine

    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate.upgrade(engine, "0012")
    at = "2026-01-05 12:00:00.000000"
    with engine.begin() as conn:
        for tenant in ("ten_a", "ten_b"):
            conn.execute(sa.text(
                'INSERT INTO "Tenants" ("Id", "Email", "DisplayName", "Status", "Plan", "CreatedAt", '
                '"LiveTradingEnabled") VALUES (:t, :t || \'@example.com\', :t, 1, 1, :at, 0)'), {"t": tenant, "at": at})
            conn.execute(sa.text(
                'INSERT INTO "Trades" ("Id", "TenantId", "BrokerConnectionId", "ChannelId", "MessageKey", "MessageId", '
                '"Symbol", "Side", "Status", "Version", "CreatedAt") VALUES (:id, :t, \'brk_1\', -1, :id, 1, '
                '\'XAUUSD\', \'Buy\', \'Closed\', 1, :at)'), {"id": f"trd_{tenant}", "t": tenant, "at": at})
            for n in range(2):
                conn.execute(sa.text(
                    'INSERT INTO "TradeChanges" ("Id", "TradeId", "Sequence", "At", "Kind", "RealizedPnl", "Detail") '
                    "VALUES (:id, :trade, :n, :at, 'Closed', -5, '{}')"),
                    {"id": f"tchg_{tenant}_{n}", "trade": f"trd_{tenant}", "n": n, "at": at})

    migrate.upgrade(engine)

    with engine.connect() as conn:
        owners = conn.execute(sa.text('SELECT "Id", "TenantId" FROM "TradeChanges" ORDER BY "Id"')).all()
    assert [tuple(r) for r in owners] == [("tchg_ten_a_0", "ten_a"), ("tchg_ten_a_1", "ten_a"),
                                          ("tchg_ten_b_0", "ten_b"), ("tchg_ten_b_1", "ten_b")]
    database = SqlDatabase(engine)
    assert database.repositories.trades.realized_since(tenant_id="ten_a", since=datetime(2026, 1, 5, tzinfo=UTC)) == -10
    engine.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    from shared.adapters.sql.engine import create_engine

    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


@pytest.mark.parametrize("run", [1, 2])
def test_cli_upgrade_on_a_fresh_file(tmp_path: Path, run: int) -> None:
    env = {"PIPSTER_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    for _ in range(run):  # the second run finds the database at head and does nothing
        done = subprocess.run([str(PIPSTER), "db", "upgrade"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    assert f"is at revision {migrate.head_revision()}" in done.stdout
    assert (tmp_path / "data" / "pipster.db").exists()
