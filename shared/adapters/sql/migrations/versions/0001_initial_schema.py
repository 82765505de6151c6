"""The specification's relational schema, plus the GDPR deletion-grace columns on Tenants.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

from shared.adapters.sql.types import Int, Money, NVarcharMax, TimeOfDay, UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _filtered(column: str) -> dict[str, Any]:
    return {
        "mssql_where": sa.text(f"{column} = 1"),
        "postgresql_where": sa.text(f'"{column}"'),
        "sqlite_where": sa.text(f'"{column}" = 1'),
    }


def upgrade() -> None:
    op.create_table(
        "Tenants",
        sa.Column("Id", sa.String(50), nullable=False),
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
        sa.PrimaryKeyConstraint("Id", name="PK_Tenants"),
    )
    op.create_index("IX_Tenants_Email", "Tenants", ["Email"], unique=True)
    op.create_index("IX_Tenants_Status", "Tenants", ["Status"])

    op.create_table(
        "ChannelConfigurations",
        sa.Column("Id", sa.String(50), nullable=False),
        sa.Column("TenantId", sa.String(50), nullable=False),
        sa.Column("ChannelId", sa.BigInteger(), nullable=False),
        sa.Column("ChannelName", sa.String(255), nullable=True),
        sa.Column("RegexPattern", NVarcharMax(), nullable=False),
        sa.Column("IsEnabled", sa.Boolean(), nullable=False),
        sa.Column("CreatedAt", UtcDateTime(), nullable=False),
        sa.Column("UpdatedAt", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("Id", name="PK_ChannelConfigurations"),
        sa.ForeignKeyConstraint(["TenantId"], ["Tenants.Id"], name="FK_ChannelConfigurations_TenantId"),
        sa.UniqueConstraint("TenantId", "ChannelId", name="UQ_ChannelConfigurations_TenantId_ChannelId"),
    )
    op.create_index("IX_Channels_TenantId", "ChannelConfigurations", ["TenantId"])
    op.create_index("IX_Channels_TenantChannel", "ChannelConfigurations", ["TenantId", "ChannelId"], unique=True)
    op.create_index("IX_Channels_Enabled", "ChannelConfigurations", ["TenantId", "IsEnabled"], **_filtered("IsEnabled"))

    op.create_table(
        "TradingConfigurations",
        sa.Column("Id", sa.String(50), nullable=False),
        sa.Column("TenantId", sa.String(50), nullable=False),
        sa.Column("SizingMode", Int(), nullable=False),
        sa.Column("FixedUnits", Int(), nullable=True),
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
        sa.PrimaryKeyConstraint("Id", name="PK_TradingConfigurations"),
        sa.ForeignKeyConstraint(["TenantId"], ["Tenants.Id"], name="FK_TradingConfigurations_TenantId"),
        sa.UniqueConstraint("TenantId", name="UQ_TradingConfigurations_TenantId"),
    )

    op.create_table(
        "BrokerConnections",
        sa.Column("Id", sa.String(50), nullable=False),
        sa.Column("TenantId", sa.String(50), nullable=False),
        sa.Column("BrokerType", Int(), nullable=False),
        sa.Column("DisplayName", sa.String(255), nullable=False),
        sa.Column("IsActive", sa.Boolean(), nullable=False),
        sa.Column("EncryptedCredentials", NVarcharMax(), nullable=False),
        sa.Column("Metadata", NVarcharMax(), nullable=False),
        sa.Column("CreatedAt", UtcDateTime(), nullable=False),
        sa.Column("UpdatedAt", UtcDateTime(), nullable=True),
        sa.Column("LastUsedAt", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("Id", name="PK_BrokerConnections"),
        sa.ForeignKeyConstraint(["TenantId"], ["Tenants.Id"], name="FK_BrokerConnections_TenantId"),
    )
    op.create_index("IX_Brokers_TenantId", "BrokerConnections", ["TenantId"])
    op.create_index("IX_Brokers_TenantActive", "BrokerConnections", ["TenantId", "IsActive"], **_filtered("IsActive"))
    op.create_index("IX_Brokers_TenantType", "BrokerConnections", ["TenantId", "BrokerType"])

    op.create_table(
        "ChannelBrokerMappings",
        sa.Column("ChannelConfigurationId", sa.String(50), nullable=False),
        sa.Column("BrokerConnectionId", sa.String(50), nullable=False),
        sa.PrimaryKeyConstraint("ChannelConfigurationId", "BrokerConnectionId", name="PK_ChannelBrokerMappings"),
        sa.ForeignKeyConstraint(
            ["ChannelConfigurationId"], ["ChannelConfigurations.Id"],
            name="FK_ChannelBrokerMappings_ChannelConfigurationId",
        ),
        sa.ForeignKeyConstraint(
            ["BrokerConnectionId"], ["BrokerConnections.Id"], name="FK_ChannelBrokerMappings_BrokerConnectionId"
        ),
    )


def downgrade() -> None:
    for table in ("ChannelBrokerMappings", "BrokerConnections", "TradingConfigurations", "ChannelConfigurations",
                  "Tenants"):
        op.drop_table(table)
