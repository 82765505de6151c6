"""Tenant lookup by id: repository vs the raw driver, on SQLite and the local PostgreSQL.

Goals (issue: foundation): repository <= 4x raw on SQLite and <= 3x raw on PostgreSQL.
"""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from bench.harness import compare, report
from shared.adapters.sql import migrate
from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.engine import create_engine
from shared.domain.tenant import Tenant

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
N_TENANTS = 1000


def _seed(database: SqlDatabase) -> str:
    now = datetime.now(UTC)
    tenants = [Tenant(id=f"ten_{i:06d}", email=f"t{i}@example.com", display_name=f"Tenant {i}", created_at=now)
               for i in range(N_TENANTS)]

    def work(uow) -> None:  # type: ignore[no-untyped-def]
        for t in tenants:
            uow.tenants.add(t)

    database.transact(work)
    return tenants[N_TENANTS // 2].id


def sqlite_case() -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        database = SqlDatabase(create_engine(f"sqlite:///{path}"))
        migrate.upgrade(database.engine)
        key = _seed(database)
        raw = sqlite3.connect(path, isolation_level=None)
        cursor = raw.cursor()
        sql = 'SELECT * FROM "Tenants" WHERE "Id" = ?'
        repo = database.repositories.tenants
        figures = compare({
            "raw sqlite3 (baseline)": lambda: cursor.execute(sql, (key,)).fetchone(),
            "repository get_by_id -> Tenant": lambda: repo.get_by_id(tenant_id=key),
        })
        raw.close()
        database.dispose()
    return report("tenant lookup by id — SQLite (WAL)", figures, 4.0)


def postgres_case() -> bool:
    import psycopg

    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    schema = "pipster_bench"
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        database = SqlDatabase(create_engine(f"{POSTGRES}?options=-csearch_path%3D{schema}"))
        migrate.upgrade(database.engine)
        key = _seed(database)
        raw = psycopg.connect("host=127.0.0.1 port=5432 dbname=test user=postgres", autocommit=True,
                              options=f"-csearch_path={schema}")
        cursor = raw.cursor()
        sql = 'SELECT * FROM "Tenants" WHERE "Id" = %s'
        repo = database.repositories.tenants
        figures = compare({
            "raw psycopg (baseline)": lambda: cursor.execute(sql, (key,)).fetchone(),
            "repository get_by_id -> Tenant": lambda: repo.get_by_id(tenant_id=key),
        }, calls=1000)
        raw.close()
        database.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
    return report("tenant lookup by id — PostgreSQL 127.0.0.1", figures, 3.0)


def main() -> bool:
    return all([sqlite_case(), postgres_case()])
