"""Every row one tenant owns, table by table, read at one point in time (GDPR access and portability).

Ownership is derived from the schema rather than listed, so a table added later is exported too: a table
is the tenant's when it has a ``TenantId`` column, or a foreign key into a table that is the tenant's
(channel-to-broker mappings, paper quotes). Secret columns are masked, never exported.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.schema import metadata, tenants
from shared.adapters.sql.snapshot import snapshot, to_json_value
from shared.domain.events import REDACTED, is_secret_key

# Secrets by name: what the event redaction rules already catch, plus the API keys' hashes.
MASKED_COLUMNS = frozenset({"KeyHash"})


def _masked(column: str) -> bool:
    return column in MASKED_COLUMNS or is_secret_key(column)


def _owned_selects(tenant_id: str) -> dict[str, sa.Select[Any]]:
    """For each table the tenant owns rows of: the SELECT of those rows (tables in dependency order)."""
    selects: dict[str, sa.Select[Any]] = {tenants.name: sa.select(tenants).where(tenants.c.Id == tenant_id)}
    for table in metadata.sorted_tables:
        if table.name in selects:
            continue
        if "TenantId" in table.c:
            selects[table.name] = sa.select(table).where(table.c.TenantId == tenant_id)
            continue
        for fk in table.foreign_keys:
            parent = selects.get(fk.column.table.name)
            if parent is not None:
                owned_keys = parent.with_only_columns(fk.column).scalar_subquery()
                selects[table.name] = sa.select(table).where(fk.parent.in_(owned_keys))
                break
    return selects


def tenant_rows(database: SqlDatabase, tenant_id: str) -> dict[str, list[dict[str, Any]]]:
    """``{table: [row as JSON values]}`` for every table the tenant owns rows in (secrets masked)."""
    out: dict[str, list[dict[str, Any]]] = {}
    with snapshot(database.engine) as conn:
        for name, select in _owned_selects(tenant_id).items():
            rows = conn.execute(select).mappings().all()
            out[name] = [{column: (REDACTED if value not in (None, "") else value) if _masked(column)
                          else to_json_value(value) for column, value in row.items()} for row in rows]
    return out
