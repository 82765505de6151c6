"""Signal review: signals held for a person's decision, and each channel's review settings and parser words.

The new channel columns have defaults (AutoExecute on, no threshold, no vocabulary): rows written before
keep today's behaviour.

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-30
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

from shared.adapters.sql.types import Int, Money, NVarcharMax, UtcDateTime

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def _channel_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("AutoExecute", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("ReviewBelowConfidence", Money(3, 2), nullable=True),
        sa.Column("Vocabulary", NVarcharMax(), nullable=True),
    ]


def upgrade() -> None:
    for column in _channel_columns():
        op.add_column("ChannelConfigurations", column)
    op.create_table(
        "HeldSignals",
        sa.Column("Id", sa.String(50), nullable=False),
        sa.Column("TenantId", sa.String(50), nullable=False),
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
        sa.PrimaryKeyConstraint("Id", name="PK_HeldSignals"),
        sa.ForeignKeyConstraint(["TenantId"], ["Tenants.Id"], name="FK_HeldSignals_TenantId"),
        sa.UniqueConstraint("TenantId", "MessageKey", "SignalIndex",
                            name="UQ_HeldSignals_TenantId_MessageKey_SignalIndex"),
    )
    op.create_index("IX_HeldSignals_TenantStatus", "HeldSignals", ["TenantId", "Status", "CreatedAt"])


def downgrade() -> None:
    op.drop_table("HeldSignals")
    with op.batch_alter_table("ChannelConfigurations") as batch:  # SQLite rebuilds the table
        for column in _channel_columns():
            batch.drop_column(column.name, mssql_drop_default=column.server_default is not None)
