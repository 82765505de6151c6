"""The specification's five tables and their indexes, with its names, types and constraints.

Two columns are ours, not the spec's: ``Tenants.DeletionRequestedAt`` and ``Tenants.PurgeAfter``
carry the GDPR 30-day deletion grace. One type is ours: ``TradingConfigurations.FixedUnits`` is a
DECIMAL(20, 8) quantity (the spec's INT cannot hold 0.002 BTC or 0.5 lots; migration 0012).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from shared.adapters.sql.types import Int, Money, NVarcharMax, TimeOfDay, UtcDateTime

metadata = sa.MetaData(
    naming_convention={
        "pk": "PK_%(table_name)s",
        "fk": "FK_%(table_name)s_%(column_0_name)s",
        "uq": "UQ_%(table_name)s_%(column_0_N_name)s",
        "ck": "CK_%(table_name)s_%(constraint_name)s",
        "ix": "IX_%(table_name)s_%(column_0_N_name)s",
    }
)


def _where(column: str) -> dict[str, Any]:  # dialect keyword arguments: typed by name, not value
    """The filtered-index predicate, spelled as each dialect needs it (spec: ``WHERE IsEnabled = 1``)."""
    return {
        "mssql_where": sa.text(f"{column} = 1"),
        "postgresql_where": sa.text(f'"{column}"'),
        "sqlite_where": sa.text(f'"{column}" = 1'),
    }


tenants = sa.Table(
    "Tenants",
    metadata,
    sa.Column("Id", sa.String(50), primary_key=True),
    sa.Column("Email", sa.String(255), nullable=False),
    sa.Column("DisplayName", sa.String(255), nullable=False),
    sa.Column("Status", Int(), nullable=False),
    sa.Column("Plan", Int(), nullable=False),
    sa.Column("TelegramApiId", Int(), nullable=True),
    sa.Column("TelegramApiHash", sa.String(255), nullable=True),
    sa.Column("TelegramPhoneNumber", sa.String(50), nullable=True),
    sa.Column("CreatedAt", UtcDateTime(), nullable=False),
    sa.Column("DeactivatedAt", UtcDateTime(), nullable=True),
    sa.Column("DeletionRequestedAt", UtcDateTime(), nullable=True),
    sa.Column("PurgeAfter", UtcDateTime(), nullable=True),
    sa.Column("LiveTradingEnabled", sa.Boolean(), nullable=False, server_default=sa.false()),
)
sa.Index("IX_Tenants_Email", tenants.c.Email, unique=True)
sa.Index("IX_Tenants_Status", tenants.c.Status)

channel_configurations = sa.Table(
    "ChannelConfigurations",
    metadata,
    sa.Column("Id", sa.String(50), primary_key=True),
    sa.Column("TenantId", sa.String(50), sa.ForeignKey("Tenants.Id"), nullable=False),
    sa.Column("ChannelId", sa.BigInteger(), nullable=False),
    sa.Column("ChannelName", sa.String(255), nullable=True),
    sa.Column("RegexPattern", NVarcharMax(), nullable=False),
    sa.Column("IsEnabled", sa.Boolean(), nullable=False),
    sa.Column("CreatedAt", UtcDateTime(), nullable=False),
    sa.Column("UpdatedAt", UtcDateTime(), nullable=True),
    # Trade lifecycle (ours, migration 0004): how follow-ups, edits and deletions act on trades.
    sa.Column("FollowUpLinking", sa.String(20), nullable=False, server_default="reply"),
    sa.Column("FollowUpWindowHours", Int(), nullable=False, server_default=sa.text("24")),
    sa.Column("EditPolicy", sa.String(20), nullable=False, server_default="apply"),
    sa.Column("DeletePolicy", sa.String(20), nullable=False, server_default="cancelPending"),
    # Review (ours, migration 0008): hold doubtful parses for a person; the channel's extra parser words.
    sa.Column("AutoExecute", sa.Boolean(), nullable=False, server_default=sa.true()),
    sa.Column("ReviewBelowConfidence", Money(3, 2), nullable=True),
    sa.Column("Vocabulary", NVarcharMax(), nullable=True),
    sa.UniqueConstraint("TenantId", "ChannelId"),
)
sa.Index("IX_Channels_TenantId", channel_configurations.c.TenantId)
sa.Index(
    "IX_Channels_TenantChannel", channel_configurations.c.TenantId, channel_configurations.c.ChannelId, unique=True
)
sa.Index(
    "IX_Channels_Enabled", channel_configurations.c.TenantId, channel_configurations.c.IsEnabled, **_where("IsEnabled")
)

trading_configurations = sa.Table(
    "TradingConfigurations",
    metadata,
    sa.Column("Id", sa.String(50), primary_key=True),
    sa.Column("TenantId", sa.String(50), sa.ForeignKey("Tenants.Id"), nullable=False, unique=True),
    sa.Column("SizingMode", Int(), nullable=False),
    sa.Column("FixedUnits", Money(20, 8), nullable=True),  # a decimal quantity since migration 0012
    sa.Column("EquityPercentage", Money(5, 2), nullable=True),
    sa.Column("MaxTotalExposurePercent", Money(5, 2), nullable=False),
    sa.Column("MaxSlippagePips", Money(10, 2), nullable=True),
    sa.Column("WhitelistedSymbols", NVarcharMax(), nullable=False),
    sa.Column("BlacklistedSymbols", NVarcharMax(), nullable=False),
    sa.Column("TradingSessionStart", TimeOfDay(), nullable=True),
    sa.Column("TradingSessionEnd", TimeOfDay(), nullable=True),
    sa.Column("TradingSessionDays", sa.String(100), nullable=True),
    sa.Column("AutoExecuteEnabled", sa.Boolean(), nullable=False),
    sa.Column("CreatedAt", UtcDateTime(), nullable=False),
    sa.Column("UpdatedAt", UtcDateTime(), nullable=True),
    # Trade lifecycle rules (ours, migration 0004); the defaults keep a tenant's trading as it was.
    sa.Column("TakeProfitStrategy", sa.String(10), nullable=False, server_default="even"),
    sa.Column("TakeProfitWeights", sa.String(100), nullable=True),  # CSV of percentages
    sa.Column("BreakevenAfterTp", Int(), nullable=True),
    sa.Column("PendingExpiryMinutes", Int(), nullable=True),
    sa.Column("MaxSignalDelaySeconds", Int(), nullable=True),
    sa.Column("MaxOpenTrades", Int(), nullable=True),
    sa.Column("RequireStopLoss", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("DailyLossLimitPercent", Money(5, 2), nullable=True),
)

broker_connections = sa.Table(
    "BrokerConnections",
    metadata,
    sa.Column("Id", sa.String(50), primary_key=True),
    sa.Column("TenantId", sa.String(50), sa.ForeignKey("Tenants.Id"), nullable=False),
    sa.Column("BrokerType", Int(), nullable=False),
    sa.Column("DisplayName", sa.String(255), nullable=False),
    sa.Column("IsActive", sa.Boolean(), nullable=False),
    sa.Column("EncryptedCredentials", NVarcharMax(), nullable=False),
    sa.Column("Metadata", NVarcharMax(), nullable=False),
    sa.Column("CreatedAt", UtcDateTime(), nullable=False),
    sa.Column("UpdatedAt", UtcDateTime(), nullable=True),
    sa.Column("LastUsedAt", UtcDateTime(), nullable=True),
)
sa.Index("IX_Brokers_TenantId", broker_connections.c.TenantId)
sa.Index("IX_Brokers_TenantActive", broker_connections.c.TenantId, broker_connections.c.IsActive, **_where("IsActive"))
sa.Index("IX_Brokers_TenantType", broker_connections.c.TenantId, broker_connections.c.BrokerType)

channel_broker_mappings = sa.Table(
    "ChannelBrokerMappings",
    metadata,
    sa.Column("ChannelConfigurationId", sa.String(50), sa.ForeignKey("ChannelConfigurations.Id"), primary_key=True),
    sa.Column("BrokerConnectionId", sa.String(50), sa.ForeignKey("BrokerConnections.Id"), primary_key=True),
)


# The built-in paper broker's own tables (not in the spec): an account, its orders and settable quotes per
# broker connection. They cascade with their connection so deleting a connection or tenant needs no extra step.
_BROKER_FK: dict[str, Any] = {"ondelete": "CASCADE"}
paper_accounts = sa.Table(
    "PaperAccounts",
    metadata,
    sa.Column("BrokerConnectionId", sa.String(50), sa.ForeignKey("BrokerConnections.Id", **_BROKER_FK),
              primary_key=True),
    sa.Column("TenantId", sa.String(50), nullable=False),
    sa.Column("Currency", sa.String(3), nullable=False),
    sa.Column("Balance", Money(20, 2), nullable=False),
    sa.Column("CreatedAt", UtcDateTime(), nullable=False),
)

paper_orders = sa.Table(
    "PaperOrders",
    metadata,
    sa.Column("Id", sa.String(50), primary_key=True),
    sa.Column("BrokerConnectionId", sa.String(50), sa.ForeignKey("BrokerConnections.Id", **_BROKER_FK),
              nullable=False),
    sa.Column("TenantId", sa.String(50), nullable=False),
    sa.Column("ClientOrderId", sa.String(100), nullable=False),
    sa.Column("Symbol", sa.String(30), nullable=False),
    sa.Column("Side", sa.String(4), nullable=False),
    sa.Column("OrderType", sa.String(10), nullable=False),
    sa.Column("Units", Money(20, 8), nullable=False),  # a decimal quantity since migration 0012
    sa.Column("Price", Money(20, 8), nullable=True),
    sa.Column("StopLoss", Money(20, 8), nullable=True),
    sa.Column("TakeProfits", NVarcharMax(), nullable=False),
    sa.Column("Status", sa.String(20), nullable=False),
    sa.Column("FillPrice", Money(20, 8), nullable=True),
    sa.Column("CreatedAt", UtcDateTime(), nullable=False),
    # The simulator's positions (migration 0004): partial closes, the exit and what it booked.
    sa.Column("ClosedUnits", Money(20, 8), nullable=False, server_default=sa.text("0")),
    sa.Column("ClosePrice", Money(20, 8), nullable=True),
    sa.Column("ClosedAt", UtcDateTime(), nullable=True),
    sa.Column("CloseReason", sa.String(20), nullable=True),
    sa.Column("RealizedPnl", Money(20, 8), nullable=False, server_default=sa.text("0")),
    sa.Column("FilledAt", UtcDateTime(), nullable=True),
    sa.Column("ExpiresAt", UtcDateTime(), nullable=True),
    sa.UniqueConstraint("BrokerConnectionId", "ClientOrderId"),
)

paper_quotes = sa.Table(
    "PaperQuotes",
    metadata,
    sa.Column("BrokerConnectionId", sa.String(50), sa.ForeignKey("BrokerConnections.Id", **_BROKER_FK),
              primary_key=True),
    sa.Column("Symbol", sa.String(30), primary_key=True),
    sa.Column("Bid", Money(20, 8), nullable=False),
    sa.Column("Ask", Money(20, 8), nullable=False),
    sa.Column("UpdatedAt", UtcDateTime(), nullable=False),
)

# Every action after the first order (modify, close, cancel) by its action id: a redelivered action
# answers with its first result and changes nothing.
paper_actions = sa.Table(
    "PaperActions",
    metadata,
    sa.Column("BrokerConnectionId", sa.String(50), sa.ForeignKey("BrokerConnections.Id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("ActionId", sa.String(100), primary_key=True),
    sa.Column("TenantId", sa.String(50), nullable=False),
    sa.Column("Kind", sa.String(10), nullable=False),
    sa.Column("ClientOrderId", sa.String(100), nullable=False),
    sa.Column("Result", NVarcharMax(), nullable=False),
    sa.Column("CreatedAt", UtcDateTime(), nullable=False),
)


# Tenant API keys (not in the spec): the configuration API authenticates tenants with them. Only a SHA-256
# of each key's secret part is stored; the key itself is shown once, when issued.
tenant_api_keys = sa.Table(
    "TenantApiKeys",
    metadata,
    sa.Column("Id", sa.String(50), primary_key=True),
    sa.Column("TenantId", sa.String(50), sa.ForeignKey("Tenants.Id", ondelete="CASCADE"), nullable=False),
    sa.Column("KeyHash", sa.String(64), nullable=False),
    sa.Column("CreatedAt", UtcDateTime(), nullable=False),
    sa.Column("RevokedAt", UtcDateTime(), nullable=True),
)
sa.Index("IX_TenantApiKeys_TenantId", tenant_api_keys.c.TenantId)


# Managed trades (ours, migration 0004): one signal x one broker connection, its legs and its history.
# Legs and history go with their trade; a trade goes with its tenant. BrokerConnectionId carries no
# foreign key on purpose: a trade's history outlives the connection it was placed through.
trades = sa.Table(
    "Trades",
    metadata,
    sa.Column("Id", sa.String(50), primary_key=True),
    sa.Column("TenantId", sa.String(50), sa.ForeignKey("Tenants.Id", ondelete="CASCADE"), nullable=False),
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
    sa.UniqueConstraint("TenantId", "MessageKey", "BrokerConnectionId"),
)
sa.Index("IX_Trades_TenantCreated", trades.c.TenantId, trades.c.CreatedAt)
sa.Index("IX_Trades_TenantStatus", trades.c.TenantId, trades.c.Status)
sa.Index("IX_Trades_ChannelSymbol", trades.c.TenantId, trades.c.ChannelId, trades.c.Symbol, trades.c.CreatedAt)

trade_legs = sa.Table(
    "TradeLegs",
    metadata,
    sa.Column("TradeId", sa.String(50), sa.ForeignKey("Trades.Id", ondelete="CASCADE"), primary_key=True),
    sa.Column("LegIndex", Int(), primary_key=True, autoincrement=False),
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
)

trade_changes = sa.Table(
    "TradeChanges",
    metadata,
    sa.Column("Id", sa.String(50), primary_key=True),
    sa.Column("TradeId", sa.String(50), sa.ForeignKey("Trades.Id", ondelete="CASCADE"), nullable=False),
    sa.Column("Sequence", Int(), nullable=False),  # the order of changes, also within one instant
    sa.Column("At", UtcDateTime(), nullable=False),
    sa.Column("Kind", sa.String(30), nullable=False),
    sa.Column("LegIndex", Int(), nullable=True),
    sa.Column("ActionId", sa.String(100), nullable=True),
    sa.Column("RealizedPnl", Money(20, 8), nullable=True),
    sa.Column("Detail", NVarcharMax(), nullable=False),
    # The trade's tenant, copied (migration 0013): the day's realised P&L is one range of this index
    # (``dailyLossLimitPercent``), whatever the tenant's history holds. Null on no row written since.
    sa.Column("TenantId", sa.String(50), nullable=True),
)
sa.Index("IX_TradeChanges_TradeSequence", trade_changes.c.TradeId, trade_changes.c.Sequence)
sa.Index("IX_TradeChanges_TenantAt", trade_changes.c.TenantId, trade_changes.c.At)


# Signals held for a person's decision (ours, migration 0008): a doubtful parse, or a channel that reviews all.
held_signals = sa.Table(
    "HeldSignals",
    metadata,
    sa.Column("Id", sa.String(50), primary_key=True),
    sa.Column("TenantId", sa.String(50), sa.ForeignKey("Tenants.Id"), nullable=False),
    sa.Column("ChannelId", sa.BigInteger(), nullable=False),
    sa.Column("MessageKey", sa.String(200), nullable=False),
    sa.Column("MessageId", sa.BigInteger(), nullable=False),
    sa.Column("SignalIndex", Int(), nullable=False),
    sa.Column("Signal", NVarcharMax(), nullable=False),
    sa.Column("HoldReason", sa.String(40), nullable=False),
    sa.Column("Status", sa.String(20), nullable=False),
    sa.Column("MessageAt", UtcDateTime(), nullable=False),
    sa.Column("CreatedAt", UtcDateTime(), nullable=False),
    sa.Column("CorrelationId", sa.String(64), nullable=False, server_default=""),
    sa.Column("ResolvedAt", UtcDateTime(), nullable=True),
    sa.Column("ResolvedBy", sa.String(100), nullable=True),
    sa.Column("RejectionNote", sa.String(500), nullable=True),
    sa.UniqueConstraint("TenantId", "MessageKey", "SignalIndex"),
)
sa.Index("IX_HeldSignals_TenantStatus", held_signals.c.TenantId, held_signals.c.Status, held_signals.c.CreatedAt)
# A tenant's Telegram bot (not in the spec): the Bot API webhook intake. The token is an envelope (like the
# other secrets); the webhook's secret token is kept only as a SHA-256, so the row alone cannot forge updates.
telegram_bots = sa.Table(
    "TelegramBots",
    metadata,
    sa.Column("TenantId", sa.String(50), sa.ForeignKey("Tenants.Id", ondelete="CASCADE"), primary_key=True),
    sa.Column("BotId", sa.BigInteger(), nullable=False),
    sa.Column("EncryptedBotToken", sa.String(500), nullable=False),
    sa.Column("WebhookSecretHash", sa.String(64), nullable=True),
    sa.Column("WebhookSetAt", UtcDateTime(), nullable=True),
    sa.Column("CreatedAt", UtcDateTime(), nullable=False),
    sa.Column("UpdatedAt", UtcDateTime(), nullable=False),
)

# Tables kept in modules of their own register on this metadata; imported last because they need it.
from shared.adapters.sql import schema_stats  # noqa: E402,F401  (registers the statistics tables)

# Cache invalidations recorded with the configuration write that made them (a transactional outbox): removed
# once the cache has them, retried by the cache-repair job until then. No foreign key: a purged tenant's
# entries still have to leave the cache.
cache_outbox = sa.Table(
    "CacheOutbox",
    metadata,
    sa.Column("Id", sa.String(50), primary_key=True),
    sa.Column("Entity", sa.String(20), nullable=False),
    sa.Column("TenantId", sa.String(50), nullable=False),
    sa.Column("ChannelIds", sa.String(1000), nullable=False),
    sa.Column("CreatedAt", UtcDateTime(), nullable=False),
    sa.Column("Attempts", sa.Integer(), nullable=False),
)
sa.Index("IX_CacheOutbox_CreatedAt", cache_outbox.c.CreatedAt)

