"""Live trading is off until the tenant enables it: ``Tenants.LiveTradingEnabled`` (false for every
existing tenant, so no connection marked ``live`` trades real money because of this upgrade).

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("Tenants", sa.Column("LiveTradingEnabled", sa.Boolean(), nullable=False,
                                       server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("Tenants") as batch:  # SQLite rebuilds the table; the others ALTER in place
        batch.drop_column("LiveTradingEnabled", mssql_drop_default=True)
