"""Migration 0006 as Azure SQL would run it (compiled offline): the live-trading column arrives off for
every existing tenant, and the downgrade drops its default constraint before the column."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.operations import Operations

from shared.adapters.sql import migrate

VERSION = Path(migrate.MIGRATIONS) / "versions" / "0006_tenant_live_trading.py"


def compiled(step: str) -> str:
    spec = importlib.util.spec_from_file_location("migration_0006", VERSION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = io.StringIO()
    context = MigrationContext.configure(dialect_name="mssql", opts={"as_sql": True, "output_buffer": out})
    with Operations.context(context):
        getattr(module, step)()
    return out.getvalue()


def test_existing_tenants_get_live_trading_off() -> None:
    assert "ALTER TABLE [Tenants] ADD [LiveTradingEnabled] BIT NOT NULL DEFAULT 0;" in compiled("upgrade")


def test_the_downgrade_drops_the_default_before_the_column() -> None:
    downgrade = compiled("downgrade")
    drop = downgrade.index("DROP COLUMN [LiveTradingEnabled]")
    assert "parent_column_id) = 'LiveTradingEnabled'" in downgrade[:drop] and "drop constraint" in downgrade[:drop]
