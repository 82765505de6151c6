"""The envelope columns of the relational store, for re-encryption (see ``AbstractCiphertextStore``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import sqlalchemy as sa

from shared.adapters.sql.schema import broker_connections, telegram_bots, tenants
from shared.crypto.ciphertexts import AbstractCiphertextStore, CiphertextSwap, StoredCiphertext
from shared.crypto.columns import BROKER_CREDENTIALS, TELEGRAM_API_HASH, TELEGRAM_BOT_TOKEN, SecretColumn

if TYPE_CHECKING:
    from shared.adapters.sql.database import SqlDatabase, SqlUnitOfWork
    from shared.ports.repositories import AbstractUnitOfWork

# column -> (row id, tenant id, envelope) columns
_COLUMNS: dict[SecretColumn, tuple[sa.Column[Any], sa.Column[Any], sa.Column[Any]]] = {
    TELEGRAM_API_HASH: (tenants.c.Id, tenants.c.Id, tenants.c.TelegramApiHash),
    BROKER_CREDENTIALS: (broker_connections.c.Id, broker_connections.c.TenantId,
                         broker_connections.c.EncryptedCredentials),
    TELEGRAM_BOT_TOKEN: (telegram_bots.c.TenantId, telegram_bots.c.TenantId, telegram_bots.c.EncryptedBotToken),
}


class SqlCiphertextStore(AbstractCiphertextStore):
    """Each call is one transaction through ``SqlDatabase.transact`` (replayed whole on a transient fault)."""

    def __init__(self, database: SqlDatabase) -> None:
        self._database = database

    def scan(
        self, *, column: SecretColumn, excluding_prefix: str, after_row_id: str | None, limit: int
    ) -> list[StoredCiphertext]:
        row_id, tenant_id, value = _COLUMNS[column]
        statement = (
            sa.select(row_id.label("row_id"), tenant_id.label("tenant_id"), value.label("envelope"))
            .where(*self._pending(value, excluding_prefix))
            .order_by(row_id)
            .limit(limit)
        )
        if after_row_id is not None:
            statement = statement.where(row_id > after_row_id)

        def work(uow: AbstractUnitOfWork) -> list[StoredCiphertext]:
            rows = _connection(uow).execute(statement).all()
            return [StoredCiphertext(column, r.tenant_id, r.row_id, r.envelope) for r in rows]

        return self._database.transact(work, what="scan envelopes")

    def compare_and_swap(self, *, column: SecretColumn, swaps: Sequence[CiphertextSwap]) -> int:
        row_id, _, value = _COLUMNS[column]
        table = value.table

        def work(uow: AbstractUnitOfWork) -> int:
            connection = _connection(uow)
            changed = 0
            for swap in swaps:
                statement = sa.update(table).where(row_id == swap.row_id, value == swap.old)
                changed += connection.execute(statement.values({value.name: swap.new})).rowcount
            return changed

        return self._database.transact(work, what="re-encrypt envelopes") if swaps else 0

    def count(self, *, column: SecretColumn, excluding_prefix: str) -> int:
        _, _, value = _COLUMNS[column]
        statement = sa.select(sa.func.count()).select_from(value.table).where(*self._pending(value, excluding_prefix))
        return int(self._database.transact(lambda uow: _connection(uow).execute(statement).scalar_one(),
                                           what="count envelopes"))

    @staticmethod
    def _pending(value: sa.Column[Any], excluding_prefix: str) -> list[sa.ColumnElement[bool]]:
        # autoescape: a '_' or '%' in a prefix is matched literally, not as a LIKE wildcard
        return [value.is_not(None), value != "", sa.not_(value.startswith(excluding_prefix, autoescape=True))]


def _connection(uow: AbstractUnitOfWork) -> sa.Connection:
    return cast("SqlUnitOfWork", uow).connection
