"""Migration 0012: fixed units and the paper broker's order size become DECIMAL(20, 8). Rows written before
(whole numbers) read back unchanged on SQLite and PostgreSQL, a fraction fits afterwards, and Azure SQL gets
an ALTER COLUMN (compiled offline: no SQL Server runs here)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from shared.adapters.sql import migrate
from shared.adapters.sql.engine import create_engine
from shared.adapters.sql.schema import paper_orders, trading_configurations
from tests.support import services
from tests.support.migrations import compiled

NOW = "2026-01-05 12:00:00+00:00"


@contextmanager
def engine_for(dialect: str, tmp_path: Path) -> Iterator[sa.Engine]:
    if dialect == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / 'before.db'}")
        yield engine
        engine.dispose()
        return
    with services.postgres_schema() as url:
        engine = create_engine(url)
        yield engine
        engine.dispose()


def _rows_before(conn: sa.Connection) -> None:
    """A tenant with 7 fixed units and a paper order of 3 units, as revision 0011 stores them."""
    statements = [
        ('INSERT INTO "Tenants" ("Id", "Email", "DisplayName", "Status", "Plan", "CreatedAt") '
         "VALUES ('ten_1', 'a@example.com', 'A', 0, 0, :now)"),
        ('INSERT INTO "TradingConfigurations" ("Id", "TenantId", "SizingMode", "FixedUnits", '
         '"MaxTotalExposurePercent", "WhitelistedSymbols", "BlacklistedSymbols", "AutoExecuteEnabled", "CreatedAt") '
         "VALUES ('tcf_1', 'ten_1', 1, 7, 100, '[]', '[]', :false, :now)"),
        ('INSERT INTO "BrokerConnections" ("Id", "TenantId", "BrokerType", "DisplayName", "IsActive", '
         '"EncryptedCredentials", "Metadata", "CreatedAt") '
         "VALUES ('brk_1', 'ten_1', 0, 'Paper', :true, '{}', '{}', :now)"),
        ('INSERT INTO "PaperOrders" ("Id", "BrokerConnectionId", "TenantId", "ClientOrderId", "Symbol", "Side", '
         '"OrderType", "Units", "TakeProfits", "Status", "CreatedAt") '
         "VALUES ('pord_1', 'brk_1', 'ten_1', 'pip-1', 'XAUUSD', 'Buy', 'Market', 3, '[]', 'Filled', :now)"),
    ]
    for statement in statements:
        params = {name: value for name, value in (("now", NOW), ("true", True), ("false", False))
                  if f":{name}" in statement}
        conn.execute(sa.text(statement), params)


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_whole_units_stored_before_read_back_unchanged_and_a_fraction_fits_after(tmp_path: Path,
                                                                                 dialect: str) -> None:
    with engine_for(dialect, tmp_path) as engine:
        migrate.upgrade(engine, "0011")
        with engine.begin() as conn:
            _rows_before(conn)
        assert migrate.upgrade(engine, "0012") == "0012"
        fixed, units = trading_configurations.c.FixedUnits, paper_orders.c.Units  # the columns' types now
        with engine.begin() as conn:
            assert conn.execute(sa.select(fixed)).scalar_one() == Decimal(7)
            assert conn.execute(sa.select(units)).scalar_one() == Decimal(3)
            conn.execute(sa.update(trading_configurations).values(FixedUnits=Decimal("0.002")))
            conn.execute(sa.update(paper_orders).values(Units=Decimal("0.5")))
            assert conn.execute(sa.select(fixed)).scalar_one() == Decimal("0.002")
            assert conn.execute(sa.select(units)).scalar_one() == Decimal("0.5")


def test_azure_sql_alters_both_columns_in_place() -> None:
    upgrade = compiled("0012_decimal_units.py", "upgrade")
    assert "ALTER TABLE [TradingConfigurations] ALTER COLUMN [FixedUnits] DECIMAL(20, 8) NULL;" in upgrade
    assert "ALTER TABLE [PaperOrders] ALTER COLUMN [Units] DECIMAL(20, 8) NOT NULL;" in upgrade
    downgrade = compiled("0012_decimal_units.py", "downgrade")
    assert "ALTER COLUMN [FixedUnits] INT NULL;" in downgrade and "ALTER COLUMN [Units] BIGINT NOT NULL;" in downgrade
