"""Telegram bots: a tenant's bot token (an envelope) and its webhook secret's hash.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from shared.adapters.sql.types import UtcDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "TelegramBots",
        sa.Column("TenantId", sa.String(50), nullable=False),
        sa.Column("BotId", sa.BigInteger(), nullable=False),
        sa.Column("EncryptedBotToken", sa.String(500), nullable=False),
        sa.Column("WebhookSecretHash", sa.String(64), nullable=True),
        sa.Column("WebhookSetAt", UtcDateTime(), nullable=True),
        sa.Column("CreatedAt", UtcDateTime(), nullable=False),
        sa.Column("UpdatedAt", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("TenantId", name="PK_TelegramBots"),
        sa.ForeignKeyConstraint(["TenantId"], ["Tenants.Id"], name="FK_TelegramBots_TenantId", ondelete="CASCADE"),
    )


def downgrade() -> None:
    op.drop_table("TelegramBots")
