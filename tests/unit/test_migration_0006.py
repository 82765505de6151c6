"""Migration 0006 as Azure SQL would run it (compiled offline): the live-trading column arrives off for
every existing tenant, and the downgrade drops its default constraint before the column."""

from __future__ import annotations

from tests.support.migrations import compiled as migration_sql


def compiled(step: str) -> str:
    return migration_sql("0006_tenant_live_trading.py", step)


def test_existing_tenants_get_live_trading_off() -> None:
    assert "ALTER TABLE [Tenants] ADD [LiveTradingEnabled] BIT NOT NULL DEFAULT 0;" in compiled("upgrade")


def test_the_downgrade_drops_the_default_before_the_column() -> None:
    downgrade = compiled("downgrade")
    drop = downgrade.index("DROP COLUMN [LiveTradingEnabled]")
    assert "parent_column_id) = 'LiveTradingEnabled'" in downgrade[:drop] and "drop constraint" in downgrade[:drop]
