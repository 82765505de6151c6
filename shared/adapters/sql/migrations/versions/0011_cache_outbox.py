"""The cache invalidation outbox (pending cache invalidations recorded with their configuration write).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from shared.adapters.sql.types import UtcDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "CacheOutbox",
        sa.Column("Id", sa.String(50), nullable=False),
        sa.Column("Entity", sa.String(20), nullable=False),
        sa.Column("TenantId", sa.String(50), nullable=False),
        sa.Column("ChannelIds", sa.String(1000), nullable=False),
        sa.Column("CreatedAt", UtcDateTime(), nullable=False),
        sa.Column("Attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("Id", name="PK_CacheOutbox"),
    )
    op.create_index("IX_CacheOutbox_CreatedAt", "CacheOutbox", ["CreatedAt"])


def downgrade() -> None:
    op.drop_table("CacheOutbox")
