"""Units become decimals: a tenant's fixed units (``TradingConfigurations.FixedUnits``) and the paper broker's
order size (``PaperOrders.Units``) take DECIMAL(20, 8) like the trade legs, so 0.002 BTC or 0.5 lots can be
sized and ordered. Every whole number stored before reads back unchanged.

The downgrade narrows the columns back to whole numbers: a fractional size stored since would be cut to its
whole part by the database, so check for one before downgrading.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from shared.adapters.sql.types import Int, Money

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("TradingConfigurations") as batch:  # SQLite rebuilds the table; the others ALTER
        batch.alter_column("FixedUnits", existing_type=Int(), type_=Money(20, 8), existing_nullable=True)
    with op.batch_alter_table("PaperOrders") as batch:
        batch.alter_column("Units", existing_type=sa.BigInteger(), type_=Money(20, 8), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("PaperOrders") as batch:
        batch.alter_column("Units", existing_type=Money(20, 8), type_=sa.BigInteger(), existing_nullable=False)
    with op.batch_alter_table("TradingConfigurations") as batch:
        batch.alter_column("FixedUnits", existing_type=Money(20, 8), type_=Int(), existing_nullable=True)
