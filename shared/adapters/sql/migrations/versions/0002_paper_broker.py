"""The built-in paper broker's tables: accounts, orders (unique client order id per connection), quotes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

from shared.adapters.sql.types import Money, NVarcharMax, UtcDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _broker_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["BrokerConnectionId"], ["BrokerConnections.Id"],
                                   name=f"FK_{table}_BrokerConnectionId", ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "PaperAccounts",
        sa.Column("BrokerConnectionId", sa.String(50), nullable=False),
        sa.Column("TenantId", sa.String(50), nullable=False),
        sa.Column("Currency", sa.String(3), nullable=False),
        sa.Column("Balance", Money(20, 2), nullable=False),
        sa.Column("CreatedAt", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("BrokerConnectionId", name="PK_PaperAccounts"),
        _broker_fk("PaperAccounts"),
    )
    op.create_table(
        "PaperOrders",
        sa.Column("Id", sa.String(50), nullable=False),
        sa.Column("BrokerConnectionId", sa.String(50), nullable=False),
        sa.Column("TenantId", sa.String(50), nullable=False),
        sa.Column("ClientOrderId", sa.String(100), nullable=False),
        sa.Column("Symbol", sa.String(30), nullable=False),
        sa.Column("Side", sa.String(4), nullable=False),
        sa.Column("OrderType", sa.String(10), nullable=False),
        sa.Column("Units", sa.BigInteger(), nullable=False),
        sa.Column("Price", Money(20, 8), nullable=True),
        sa.Column("StopLoss", Money(20, 8), nullable=True),
        sa.Column("TakeProfits", NVarcharMax(), nullable=False),
        sa.Column("Status", sa.String(20), nullable=False),
        sa.Column("FillPrice", Money(20, 8), nullable=True),
        sa.Column("CreatedAt", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("Id", name="PK_PaperOrders"),
        _broker_fk("PaperOrders"),
        sa.UniqueConstraint(
            "BrokerConnectionId", "ClientOrderId", name="UQ_PaperOrders_BrokerConnectionId_ClientOrderId"
        ),
    )
    op.create_table(
        "PaperQuotes",
        sa.Column("BrokerConnectionId", sa.String(50), nullable=False),
        sa.Column("Symbol", sa.String(30), nullable=False),
        sa.Column("Bid", Money(20, 8), nullable=False),
        sa.Column("Ask", Money(20, 8), nullable=False),
        sa.Column("UpdatedAt", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("BrokerConnectionId", "Symbol", name="PK_PaperQuotes"),
        _broker_fk("PaperQuotes"),
    )


def downgrade() -> None:
    for table in ("PaperQuotes", "PaperOrders", "PaperAccounts"):
        op.drop_table(table)
