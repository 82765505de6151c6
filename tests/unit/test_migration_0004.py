"""Migration 0004 as Azure SQL would run it (compiled offline: no SQL Server runs here): every NOT NULL
column it adds to a table with rows carries a default, its new tables are the reviewed schema's, and the
downgrade drops each default constraint before its column (SQL Server refuses the drop otherwise)."""

from __future__ import annotations

import re

from shared.adapters.sql import migrate
from tests.support.migrations import compiled as migration_sql


def compiled(step: str) -> str:
    return migration_sql("0004_trade_lifecycle.py", step)


def test_every_added_not_null_column_has_a_default() -> None:
    added = re.findall(r"ALTER TABLE \[(\w+)\] ADD \[(\w+)\] ([^;]+);", compiled("upgrade"))
    assert len(added) == 19
    for table, column, definition in added:
        assert "NOT NULL" not in definition or "DEFAULT" in definition, (table, column, definition)


def lines(statement: str) -> list[str]:
    """A CREATE TABLE's clauses, whatever their order and indentation."""
    return sorted(line.strip().rstrip(",").strip() for line in statement.splitlines())


# Columns later migrations added to 0004's tables (the reviewed schema is today's).
LATER = {"TradeChanges": {"[TenantId] VARCHAR(50) NULL"}}  # 0013


def test_new_tables_match_the_reviewed_schema() -> None:
    upgrade, golden = compiled("upgrade"), migrate.ddl("mssql")
    for table in ("Trades", "TradeLegs", "TradeChanges", "PaperActions"):
        statement = re.search(rf"CREATE TABLE \[{table}\] \(.*?\n\);", upgrade, re.S)
        reviewed = re.search(rf"CREATE TABLE \[{table}\] \(.*?\n\);", golden, re.S)
        assert statement is not None and reviewed is not None, table
        today = [line for line in lines(reviewed.group(0)) if line not in LATER.get(table, set())]
        assert lines(statement.group(0)) == today, table


def test_the_downgrade_drops_defaults_before_columns() -> None:
    downgrade = compiled("downgrade")
    for column in ("FollowUpLinking", "FollowUpWindowHours", "TakeProfitStrategy", "RequireStopLoss", "ClosedUnits",
                   "RealizedPnl"):
        before = downgrade[:downgrade.index(f"DROP COLUMN [{column}]")].rsplit("GO", 2)[-2]
        assert f"parent_column_id) = '{column}'" in before and "drop constraint" in before, column
    assert "DROP TABLE [Trades]" in downgrade and "DROP TABLE [PaperActions]" in downgrade
