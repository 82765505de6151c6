"""Alembic migrations produce exactly the metadata's schema, and `pipster db upgrade` applies them."""

from __future__ import annotations

import subprocess
import sys
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
