"""Every tenant id in the relational store, active or not: the tenants whose events the archive copies."""

from __future__ import annotations

import sqlalchemy as sa

from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.schema import tenants


def all_tenant_ids(database: SqlDatabase) -> list[str]:
    with database.engine.connect() as conn:
        return [row[0] for row in conn.execute(sa.select(tenants.c.Id).order_by(tenants.c.Id))]
