"""Trade lifecycle: trades, their legs and history; lifecycle settings on channel and trading
configurations; the paper broker's positions (partial closes, exits) and its idempotent actions.

Every new column on an existing table is nullable or has a default, so rows written before keep today's
behaviour and older code reading the tables is unaffected.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

from shared.adapters.sql.types import Int, Money, NVarcharMax, UtcDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _added() -> dict[str, list[sa.Column[Any]]]:
    """New columns of existing tables (fresh objects each call: a Column belongs to one table)."""
    return {
        "ChannelConfigurations": [
            sa.Column("FollowUpLinking", sa.String(20), nullable=False, server_default="reply"),
            sa.Column("FollowUpWindowHours", Int(), nullable=False, server_default=sa.text("24")),
            sa.Column("EditPolicy", sa.String(20), nullable=False, server_default="apply"),
            sa.Column("DeletePolicy", sa.String(20), nullable=False, server_default="cancelPending"),
        ],
        "TradingConfigurations": [
            sa.Column("TakeProfitStrategy", sa.String(10), nullable=False, server_default="even"),
            sa.Column("TakeProfitWeights", sa.String(100), nullable=True),
            sa.Column("BreakevenAfterTp", Int(), nullable=True),
            sa.Column("PendingExpiryMinutes", Int(), nullable=True),
            sa.Column("MaxSignalDelaySeconds", Int(), nullable=True),
            sa.Column("MaxOpenTrades", Int(), nullable=True),
            sa.Column("RequireStopLoss", sa.Boolean(), nullable=False, server_default=sa.false()),
            sa.Column("DailyLossLimitPercent", Money(5, 2), nullable=True),
        ],
        "PaperOrders": [
            sa.Column("ClosedUnits", Money(20, 8), nullable=False, server_default=sa.text("0")),
            sa.Column("ClosePrice", Money(20, 8), nullable=True),
            sa.Column("ClosedAt", UtcDateTime(), nullable=True),
            sa.Column("CloseReason", sa.String(20), nullable=True),
            sa.Column("RealizedPnl", Money(20, 8), nullable=False, server_default=sa.text("0")),
            sa.Column("FilledAt", UtcDateTime(), nullable=True),
            sa.Column("ExpiresAt", UtcDateTime(), nullable=True),
        ],
    }


def _cascade(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.Id"], name=f"FK_{table}_{column}", ondelete="CASCADE")


def upgrade() -> None:
    for table, columns in _added().items():
        for column in columns:
            op.add_column(table, column)
    op.create_table(
        "Trades",
        sa.Column("Id", sa.String(50), nullable=False),
        sa.Column("TenantId", sa.String(50), nullable=False),
        sa.Column("BrokerConnectionId", sa.String(50), nullable=False),
        sa.Column("ChannelId", sa.BigInteger(), nullable=False),
        sa.Column("MessageKey", sa.String(150), nullable=False),
        sa.Column("MessageId", sa.BigInteger(), nullable=False),
        sa.Column("Symbol", sa.String(30), nullable=False),
        sa.Column("Side", sa.String(4), nullable=False),
        sa.Column("Status", sa.String(20), nullable=False),
        sa.Column("Version", Int(), nullable=False),
        sa.Column("CreatedAt", UtcDateTime(), nullable=False),
        sa.Column("UpdatedAt", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("Id", name="PK_Trades"),
        _cascade("Trades", "TenantId", "Tenants"),
        sa.UniqueConstraint("TenantId", "MessageKey", "BrokerConnectionId",
                            name="UQ_Trades_TenantId_MessageKey_BrokerConnectionId"),
    )
    op.create_index("IX_Trades_TenantCreated", "Trades", ["TenantId", "CreatedAt"])
    op.create_index("IX_Trades_TenantStatus", "Trades", ["TenantId", "Status"])
    op.create_index("IX_Trades_ChannelSymbol", "Trades", ["TenantId", "ChannelId", "Symbol", "CreatedAt"])
    op.create_table(
        "TradeLegs",
        sa.Column("TradeId", sa.String(50), nullable=False),
        sa.Column("LegIndex", Int(), nullable=False, autoincrement=False),
        sa.Column("Units", Money(20, 8), nullable=False),
        sa.Column("ClosedUnits", Money(20, 8), nullable=False),
        sa.Column("OrderType", sa.String(10), nullable=False),
        sa.Column("RequestedEntry", Money(20, 8), nullable=True),
        sa.Column("EntryFill", Money(20, 8), nullable=True),
        sa.Column("StopLoss", Money(20, 8), nullable=True),
        sa.Column("TakeProfit", Money(20, 8), nullable=True),
        sa.Column("Status", sa.String(20), nullable=False),
        sa.Column("OpenedAt", UtcDateTime(), nullable=True),
        sa.Column("ClosePrice", Money(20, 8), nullable=True),
        sa.Column("ClosedAt", UtcDateTime(), nullable=True),
        sa.Column("CloseReason", sa.String(20), nullable=True),
        sa.Column("RealizedPnl", Money(20, 8), nullable=False),
        sa.Column("ClientOrderId", sa.String(100), nullable=False),
        sa.Column("BrokerOrderId", sa.String(100), nullable=True),
        sa.Column("BrokerTradeId", sa.String(100), nullable=True),
        sa.PrimaryKeyConstraint("TradeId", "LegIndex", name="PK_TradeLegs"),
        _cascade("TradeLegs", "TradeId", "Trades"),
    )
    op.create_table(
        "TradeChanges",
        sa.Column("Id", sa.String(50), nullable=False),
        sa.Column("TradeId", sa.String(50), nullable=False),
        sa.Column("Sequence", Int(), nullable=False),
        sa.Column("At", UtcDateTime(), nullable=False),
        sa.Column("Kind", sa.String(30), nullable=False),
        sa.Column("LegIndex", Int(), nullable=True),
        sa.Column("ActionId", sa.String(100), nullable=True),
        sa.Column("RealizedPnl", Money(20, 8), nullable=True),
        sa.Column("Detail", NVarcharMax(), nullable=False),
        sa.PrimaryKeyConstraint("Id", name="PK_TradeChanges"),
        _cascade("TradeChanges", "TradeId", "Trades"),
    )
    op.create_index("IX_TradeChanges_TradeSequence", "TradeChanges", ["TradeId", "Sequence"])
    op.create_table(
        "PaperActions",
        sa.Column("BrokerConnectionId", sa.String(50), nullable=False),
        sa.Column("ActionId", sa.String(100), nullable=False),
        sa.Column("TenantId", sa.String(50), nullable=False),
        sa.Column("Kind", sa.String(10), nullable=False),
        sa.Column("ClientOrderId", sa.String(100), nullable=False),
        sa.Column("Result", NVarcharMax(), nullable=False),
        sa.Column("CreatedAt", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("BrokerConnectionId", "ActionId", name="PK_PaperActions"),
        _cascade("PaperActions", "BrokerConnectionId", "BrokerConnections"),
    )


def downgrade() -> None:
    for table in ("PaperActions", "TradeChanges", "TradeLegs", "Trades"):
        op.drop_table(table)
    for table, columns in _added().items():
        with op.batch_alter_table(table) as batch:  # SQLite rebuilds the table; the others ALTER in place
            for column in columns:
                batch.drop_column(column.name, mssql_drop_default=column.server_default is not None)
