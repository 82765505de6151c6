"""Per-channel statistics (ours, migration 0007): the counted facts and the per-UTC-day summaries.

``ChannelStatFacts`` holds each fact once (key: tenant and entry id: an event id, ``open:{tradeId}``, ...)
with what the day's summary needs, so a day can be folded again exactly (closes in time order for the
drawdown). ``ChannelDailyStats`` is that fold, one row per tenant, channel and day: what the statistics
routes read. Both go with their tenant.
"""

from __future__ import annotations

import sqlalchemy as sa

from shared.adapters.sql.schema import metadata
from shared.adapters.sql.types import Day, Int, Money, NVarcharMax, UtcDateTime

channel_stat_facts = sa.Table(
    "ChannelStatFacts",
    metadata,
    sa.Column("TenantId", sa.String(50), sa.ForeignKey("Tenants.Id", ondelete="CASCADE"), primary_key=True),
    sa.Column("EntryId", sa.String(120), primary_key=True),
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
)
sa.Index("IX_ChannelStatFacts_Day", channel_stat_facts.c.TenantId, channel_stat_facts.c.ChannelId,
         channel_stat_facts.c.Day)
sa.Index("IX_ChannelStatFacts_Message", channel_stat_facts.c.TenantId, channel_stat_facts.c.MessageKey)

COUNT_COLUMNS = ("SignalsReceived", "SignalsTraded", "SignalsRejected", "SignalsHeld", "NotASignal",
                 "TradesOpened", "TradesClosed", "TradesCancelled", "Wins", "Losses", "RCount", "DelayCount")
MONEY_COLUMNS = ("GrossProfit", "GrossLoss", "CurveNet", "CurveHigh", "CurveLow", "MaxDrawdown")

channel_daily_stats = sa.Table(
    "ChannelDailyStats",
    metadata,
    sa.Column("TenantId", sa.String(50), sa.ForeignKey("Tenants.Id", ondelete="CASCADE"), primary_key=True),
    sa.Column("ChannelId", sa.BigInteger(), primary_key=True, autoincrement=False),
    sa.Column("Day", Day(), primary_key=True),
    *(sa.Column(name, Int(), nullable=False) for name in COUNT_COLUMNS),
    *(sa.Column(name, Money(20, 8), nullable=False) for name in MONEY_COLUMNS),
    sa.Column("RSum", Money(20, 4), nullable=False),
    sa.Column("DelayMsSum", sa.BigInteger(), nullable=False),
    sa.Column("RejectedByRule", NVarcharMax(), nullable=False),
    sa.Column("UpdatedAt", UtcDateTime(), nullable=False),
)
