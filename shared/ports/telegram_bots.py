"""The TelegramBots repository port (one row per tenant)."""

from __future__ import annotations

import abc

from shared.domain import rules
from shared.domain.telegram_bot import TelegramBot


class AbstractTelegramBotRepository(abc.ABC):
    def get(self, *, tenant_id: str) -> TelegramBot | None:
        return self._get(rules.entity_id("tenant_id", tenant_id))

    def save(self, bot: TelegramBot) -> None:
        """Insert or replace the tenant's bot (a tenant has at most one)."""
        self._save(bot)

    @abc.abstractmethod
    def _get(self, tenant_id: str) -> TelegramBot | None: ...
    @abc.abstractmethod
    def _save(self, bot: TelegramBot) -> None: ...
