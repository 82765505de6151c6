"""Per-channel statistics: the counted facts and the per-channel per-UTC-day summaries (issue 19).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from shared.adapters.sql.types import Day, Int, Money, NVarcharMax, UtcDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_COUNTS = ("SignalsReceived", "SignalsTraded", "SignalsRejected", "SignalsHeld", "NotASignal", "TradesOpened",
           "TradesClosed", "TradesCancelled", "Wins", "Losses", "RCount", "DelayCount")
_MONEY = ("GrossProfit", "GrossLoss", "CurveNet", "CurveHigh", "CurveLow", "MaxDrawdown")


def _tenant(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["TenantId"], ["Tenants.Id"], name=f"FK_{table}_TenantId", ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "ChannelStatFacts",
        sa.Column("TenantId", sa.String(50), nullable=False),
        sa.Column("EntryId", sa.String(120), nullable=False),
        sa.Column("ChannelId", sa.BigInteger(), nullable=False),
        sa.Column("Day", Day(), nullable=False),
        sa.Column("Kind", sa.String(20), nullable=False),
        sa.Column("At", UtcDateTime(), nullable=False),
        sa.Column("MessageKey", sa.String(150), nullable=True),
        sa.Column("Rule", sa.String(100), nullable=True),
        sa.Column("Traded", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("Pnl", Money(20, 8), nullable=True),
        sa.Column("Risk", Money(20, 8), nullable=True),
        sa.Column("DelayMs", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("TenantId", "EntryId", name="PK_ChannelStatFacts"),
        _tenant("ChannelStatFacts"),
    )
    op.create_index("IX_ChannelStatFacts_Day", "ChannelStatFacts", ["TenantId", "ChannelId", "Day"])
    op.create_index("IX_ChannelStatFacts_Message", "ChannelStatFacts", ["TenantId", "MessageKey"])
    op.create_table(
        "ChannelDailyStats",
        sa.Column("TenantId", sa.String(50), nullable=False),
        sa.Column("ChannelId", sa.BigInteger(), nullable=False, autoincrement=False),
        sa.Column("Day", Day(), nullable=False),
        *(sa.Column(name, Int(), nullable=False) for name in _COUNTS),
        *(sa.Column(name, Money(20, 8), nullable=False) for name in _MONEY),
        sa.Column("RSum", Money(20, 4), nullable=False),
        sa.Column("DelayMsSum", sa.BigInteger(), nullable=False),
        sa.Column("RejectedByRule", NVarcharMax(), nullable=False),
        sa.Column("UpdatedAt", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("TenantId", "ChannelId", "Day", name="PK_ChannelDailyStats"),
        _tenant("ChannelDailyStats"),
    )


def downgrade() -> None:
    op.drop_table("ChannelDailyStats")
    op.drop_table("ChannelStatFacts")
