"""``TradeChanges.TenantId`` (copied from the trade) and ``IX_TradeChanges_TenantAt``: the daily loss guard
reads the day's realised P&L as one index range instead of joining every trade the tenant ever had.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("TradeChanges", sa.Column("TenantId", sa.String(50), nullable=True))
    trades = sa.table("Trades", sa.column("Id"), sa.column("TenantId"))
    changes = sa.table("TradeChanges", sa.column("TradeId"), sa.column("TenantId"))
    owner = sa.select(trades.c.TenantId).where(trades.c.Id == changes.c.TradeId).scalar_subquery()
    op.execute(changes.update().values(TenantId=owner))
    op.create_index("IX_TradeChanges_TenantAt", "TradeChanges", ["TenantId", "At"])


def downgrade() -> None:
    op.drop_index("IX_TradeChanges_TenantAt", table_name="TradeChanges")
    with op.batch_alter_table("TradeChanges") as batch:  # SQLite rebuilds the table; the others ALTER in place
        batch.drop_column("TenantId")
