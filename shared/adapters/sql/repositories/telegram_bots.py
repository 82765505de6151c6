"""TelegramBots table repository."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from shared.adapters.sql.prepared import prepared
from shared.adapters.sql.rows import Executor, integrity_error
from shared.adapters.sql.schema import telegram_bots
from shared.domain.errors import NotFoundError
from shared.domain.telegram_bot import TelegramBot
from shared.ports.telegram_bots import AbstractTelegramBotRepository

_b = telegram_bots.c
_BY_TENANT = prepared(sa.select(telegram_bots).where(_b.TenantId == sa.bindparam("tenant")))


class SqlTelegramBotRepository(AbstractTelegramBotRepository):
    def __init__(self, db: Executor) -> None:
        self._db = db

    def _get(self, tenant_id: str) -> TelegramBot | None:
        row = self._db.fetch_one(_BY_TENANT, {"tenant": tenant_id})
        if row is None:
            return None
        return TelegramBot(tenant_id=row.TenantId, bot_id=row.BotId, encrypted_token=row.EncryptedBotToken,
                           created_at=row.CreatedAt, updated_at=row.UpdatedAt,
                           webhook_secret_hash=row.WebhookSecretHash, webhook_set_at=row.WebhookSetAt)

    def _save(self, bot: TelegramBot) -> None:
        values: dict[str, Any] = {
            "BotId": bot.bot_id, "EncryptedBotToken": bot.encrypted_token, "WebhookSecretHash": bot.webhook_secret_hash,
            "WebhookSetAt": bot.webhook_set_at, "UpdatedAt": bot.updated_at,
        }
        changed = self._db.execute(telegram_bots.update().where(_b.TenantId == bot.tenant_id).values(values))
        if changed.rowcount:
            return
        try:
            self._db.execute(telegram_bots.insert(), {**values, "TenantId": bot.tenant_id, "CreatedAt": bot.created_at})
        except sa.exc.IntegrityError as exc:
            raise integrity_error(exc, unique={}, missing=NotFoundError("tenant", bot.tenant_id)) from exc
