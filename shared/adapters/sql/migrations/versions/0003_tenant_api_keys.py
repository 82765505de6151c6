"""Tenant API keys for the configuration API (hashes only).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

from shared.adapters.sql.types import UtcDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "TenantApiKeys",
        sa.Column("Id", sa.String(50), nullable=False),
        sa.Column("TenantId", sa.String(50), nullable=False),
        sa.Column("KeyHash", sa.String(64), nullable=False),
        sa.Column("CreatedAt", UtcDateTime(), nullable=False),
        sa.Column("RevokedAt", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("Id", name="PK_TenantApiKeys"),
        sa.ForeignKeyConstraint(["TenantId"], ["Tenants.Id"], name="FK_TenantApiKeys_TenantId", ondelete="CASCADE"),
    )
    op.create_index("IX_TenantApiKeys_TenantId", "TenantApiKeys", ["TenantId"])


def downgrade() -> None:
    op.drop_table("TenantApiKeys")
