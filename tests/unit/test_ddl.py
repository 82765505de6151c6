"""The schema as a DBA reviews it for Azure SQL: compiled offline and compared with the spec."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shared.adapters.sql import migrate
from shared.adapters.sql.schema import metadata
from shared.cli import main

GOLDEN = Path(__file__).parents[1] / "golden" / "schema.mssql.sql"
MSSQL = migrate.ddl("mssql")


def column_type(table: str, column: str) -> str:
    body = MSSQL.split(f"CREATE TABLE [{table}] (", 1)[1].split(";", 1)[0]
    match = re.search(rf"\[{column}\] ([A-Z]+(?:\([^)]*\))?) (NOT NULL|NULL)", body)
    assert match, f"{table}.{column} missing"
    return f"{match.group(1)} {match.group(2)}"


def test_compiled_mssql_ddl_matches_the_reviewed_golden_file() -> None:
    assert GOLDEN.read_text() == MSSQL


@pytest.mark.parametrize(("table", "column", "expected"), [
    ("Tenants", "Id", "VARCHAR(50) NOT NULL"),
    ("Tenants", "Email", "VARCHAR(255) NOT NULL"),
    ("Tenants", "DisplayName", "VARCHAR(255) NOT NULL"),
    ("Tenants", "Status", "INT NOT NULL"),
    ("Tenants", "Plan", "INT NOT NULL"),
    ("Tenants", "TelegramApiId", "INT NULL"),
    ("Tenants", "TelegramApiHash", "VARCHAR(255) NULL"),
    ("Tenants", "TelegramPhoneNumber", "VARCHAR(50) NULL"),
    ("Tenants", "CreatedAt", "DATETIMEOFFSET NOT NULL"),
    ("Tenants", "DeactivatedAt", "DATETIMEOFFSET NULL"),
    ("ChannelConfigurations", "TenantId", "VARCHAR(50) NOT NULL"),
    ("ChannelConfigurations", "ChannelId", "BIGINT NOT NULL"),
    ("ChannelConfigurations", "ChannelName", "VARCHAR(255) NULL"),
    ("ChannelConfigurations", "RegexPattern", "NVARCHAR(MAX) NOT NULL"),
    ("ChannelConfigurations", "IsEnabled", "BIT NOT NULL"),
    ("ChannelConfigurations", "UpdatedAt", "DATETIMEOFFSET NULL"),
    ("TradingConfigurations", "SizingMode", "INT NOT NULL"),
    ("TradingConfigurations", "FixedUnits", "DECIMAL(20, 8) NULL"),  # the spec's INT; decimal since 0012
    ("TradingConfigurations", "EquityPercentage", "DECIMAL(5, 2) NULL"),
    ("TradingConfigurations", "MaxTotalExposurePercent", "DECIMAL(5, 2) NOT NULL"),
    ("TradingConfigurations", "MaxSlippagePips", "DECIMAL(10, 2) NULL"),
    ("TradingConfigurations", "WhitelistedSymbols", "NVARCHAR(MAX) NOT NULL"),
    ("TradingConfigurations", "BlacklistedSymbols", "NVARCHAR(MAX) NOT NULL"),
    ("TradingConfigurations", "TradingSessionStart", "TIME NULL"),
    ("TradingConfigurations", "TradingSessionEnd", "TIME NULL"),
    ("TradingConfigurations", "TradingSessionDays", "VARCHAR(100) NULL"),
    ("TradingConfigurations", "AutoExecuteEnabled", "BIT NOT NULL"),
    ("BrokerConnections", "BrokerType", "INT NOT NULL"),
    ("BrokerConnections", "IsActive", "BIT NOT NULL"),
    ("BrokerConnections", "EncryptedCredentials", "NVARCHAR(MAX) NOT NULL"),
    ("BrokerConnections", "Metadata", "NVARCHAR(MAX) NOT NULL"),
    ("BrokerConnections", "LastUsedAt", "DATETIMEOFFSET NULL"),
    ("ChannelBrokerMappings", "ChannelConfigurationId", "VARCHAR(50) NOT NULL"),
    ("ChannelBrokerMappings", "BrokerConnectionId", "VARCHAR(50) NOT NULL"),
    # Trade lifecycle (ours): additive columns, the trade tables, the paper simulator's positions
    ("ChannelConfigurations", "FollowUpLinking", "VARCHAR(20) NOT NULL"),
    ("ChannelConfigurations", "FollowUpWindowHours", "INT NOT NULL"),
    ("TradingConfigurations", "TakeProfitStrategy", "VARCHAR(10) NOT NULL"),
    ("TradingConfigurations", "RequireStopLoss", "BIT NOT NULL"),
    ("TradingConfigurations", "DailyLossLimitPercent", "DECIMAL(5, 2) NULL"),
    ("Trades", "ChannelId", "BIGINT NOT NULL"),
    ("Trades", "Version", "INT NOT NULL"),
    ("TradeLegs", "Units", "DECIMAL(20, 8) NOT NULL"),
    ("TradeLegs", "RealizedPnl", "DECIMAL(20, 8) NOT NULL"),
    ("TradeLegs", "ClosedAt", "DATETIMEOFFSET NULL"),
    ("TradeChanges", "Detail", "NVARCHAR(MAX) NOT NULL"),
    ("PaperOrders", "ClosedUnits", "DECIMAL(20, 8) NOT NULL"),
    ("PaperActions", "Result", "NVARCHAR(MAX) NOT NULL"),
    ("ChannelStatFacts", "Day", "DATE NOT NULL"),
    ("ChannelStatFacts", "Pnl", "DECIMAL(20, 8) NULL"),
    ("ChannelStatFacts", "At", "DATETIMEOFFSET NOT NULL"),
    ("ChannelDailyStats", "Day", "DATE NOT NULL"),
    ("ChannelDailyStats", "RejectedByRule", "NVARCHAR(MAX) NOT NULL"),
    ("ChannelDailyStats", "MaxDrawdown", "DECIMAL(20, 8) NOT NULL"),
])
def test_every_column_has_the_spec_type(table: str, column: str, expected: str) -> None:
    assert column_type(table, column) == expected


def test_no_deprecated_or_approximate_types() -> None:
    for banned in ("NTEXT", " TEXT", "NUMERIC", "DATETIME ", "DATETIME2", "FLOAT"):
        assert banned not in MSSQL, banned


@pytest.mark.parametrize("statement", [
    "CREATE UNIQUE INDEX [IX_Tenants_Email] ON [Tenants] ([Email])",
    "CREATE INDEX [IX_Tenants_Status] ON [Tenants] ([Status])",
    "CREATE INDEX [IX_Channels_TenantId] ON [ChannelConfigurations] ([TenantId])",
    "CREATE UNIQUE INDEX [IX_Channels_TenantChannel] ON [ChannelConfigurations] ([TenantId], [ChannelId])",
    "CREATE INDEX [IX_Channels_Enabled] ON [ChannelConfigurations] ([TenantId], [IsEnabled]) WHERE IsEnabled = 1",
    "CREATE INDEX [IX_Brokers_TenantId] ON [BrokerConnections] ([TenantId])",
    "CREATE INDEX [IX_Brokers_TenantActive] ON [BrokerConnections] ([TenantId], [IsActive]) WHERE IsActive = 1",
    "CREATE INDEX [IX_Brokers_TenantType] ON [BrokerConnections] ([TenantId], [BrokerType])",
    "CONSTRAINT [UQ_ChannelConfigurations_TenantId_ChannelId] UNIQUE ([TenantId], [ChannelId])",
    "CONSTRAINT [UQ_TradingConfigurations_TenantId] UNIQUE ([TenantId])",
    "CONSTRAINT [PK_ChannelBrokerMappings] PRIMARY KEY ([ChannelConfigurationId], [BrokerConnectionId])",
    "FOREIGN KEY([TenantId]) REFERENCES [Tenants] ([Id])",
    "FOREIGN KEY([ChannelConfigurationId]) REFERENCES [ChannelConfigurations] ([Id])",
    "FOREIGN KEY([BrokerConnectionId]) REFERENCES [BrokerConnections] ([Id])",
    "[FollowUpLinking] VARCHAR(20) NOT NULL DEFAULT 'reply'",
    "[TakeProfitStrategy] VARCHAR(10) NOT NULL DEFAULT 'even'",
    "CONSTRAINT [UQ_Trades_TenantId_MessageKey_BrokerConnectionId] UNIQUE ([TenantId], [MessageKey], "
    "[BrokerConnectionId])",
    "CONSTRAINT [FK_TradeLegs_TradeId] FOREIGN KEY([TradeId]) REFERENCES [Trades] ([Id]) ON DELETE CASCADE",
    "CREATE INDEX [IX_Trades_ChannelSymbol] ON [Trades] ([TenantId], [ChannelId], [Symbol], [CreatedAt])",
])
def test_spec_indexes_and_constraints_are_present(statement: str) -> None:
    assert statement in MSSQL


@pytest.mark.parametrize(("dialect", "marker"), [
    ("postgresql", 'WHERE "IsEnabled"'), ("sqlite", 'WHERE "IsEnabled" = 1'), ("mssql", "DATETIMEOFFSET")])
def test_cli_prints_ddl_for_each_dialect(dialect: str, marker: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "ddl", "--dialect", dialect]) == 0
    out = capsys.readouterr().out
    # 5 spec tables, 4 paper, API keys, 3 trade tables, held signals; and their indexes
    tables = len(metadata.tables)
    indexes = sum(len(t.indexes) for t in metadata.tables.values())
    assert marker in out and out.count("CREATE TABLE") == tables and out.count("CREATE ") == tables + indexes


def test_cli_rejects_an_unknown_dialect(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["db", "ddl", "--dialect", "oracle"])
    assert exit_.value.code == 2 and "invalid choice" in capsys.readouterr().err
