"""Migration 0013 as Azure SQL would run it (compiled offline): ``TradeChanges.TenantId`` arrives nullable,
is copied from each change's trade before its index is built, and the downgrade drops the index first."""

from __future__ import annotations

from tests.support.migrations import compiled as migration_sql


def compiled(step: str, dialect: str = "mssql") -> str:
    return migration_sql("0013_trade_changes_tenant.py", step, dialect)


def test_the_column_is_added_filled_from_the_trades_then_indexed() -> None:
    upgrade = compiled("upgrade")
    added = upgrade.index("ALTER TABLE [TradeChanges] ADD [TenantId] VARCHAR(50) NULL;")
    filled = upgrade.index("UPDATE [TradeChanges] SET [TenantId]=(SELECT [Trades].[TenantId]")
    indexed = upgrade.index("CREATE INDEX [IX_TradeChanges_TenantAt] ON [TradeChanges] ([TenantId], [At]);")
    assert added < filled < indexed
    assert "WHERE [Trades].[Id] = [TradeChanges].[TradeId]" in upgrade


def test_the_downgrade_drops_the_index_before_the_column() -> None:
    downgrade = compiled("downgrade")
    assert downgrade.index("DROP INDEX [IX_TradeChanges_TenantAt]") < downgrade.index("DROP COLUMN [TenantId]")
