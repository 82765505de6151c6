"""A tenant's Telegram bot: register its token (sealed) and point its webhook at Pipster.

The token is sealed before it reaches the unit of work and opened only here, in memory, to call the Bot
API. Setting the webhook draws a new secret, stores its hash, then hands the secret to Telegram: between
the two, deliveries carrying the previous secret answer 401 and Telegram redelivers them (it retries any
non-2xx answer), so a rotation loses nothing.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from shared.clock import Clock
from shared.crypto.columns import TELEGRAM_BOT_TOKEN
from shared.crypto.envelope import EnvelopeCipher
from shared.domain import rules
from shared.domain.errors import InvalidStateError, NotFoundError, ValidationError
from shared.domain.telegram_bot import ALLOWED_UPDATES, TelegramBot, bot_id_of, new_secret, secret_hash
from shared.ports.bot_api import AbstractBotApi
from shared.ports.repositories import AbstractUnitOfWork
from shared.ports.transactions import TransactionRunner

logger = logging.getLogger(__name__)
WEBHOOK_PATH = "/api/telegram/webhook/"


class TelegramBotService:
    def __init__(self, db: TransactionRunner, cipher: EnvelopeCipher, bot_api: AbstractBotApi, clock: Clock, *,
                 public_base_url: str) -> None:
        self._db = db
        self._cipher = cipher
        self._bot_api = bot_api
        self._clock = clock
        self._base = public_base_url.rstrip("/")

    def webhook_url(self, tenant_id: str) -> str | None:
        """Where Telegram posts this tenant's updates; None while PIPSTER_PUBLIC_BASE_URL is unset."""
        return f"{self._base}{WEBHOOK_PATH}{tenant_id}" if self._base else None

    def register(self, *, tenant_id: str, bot_token: str) -> TelegramBot:
        """Store (or replace) the tenant's bot token. A new token means a new webhook: set it again."""
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        bot_id = bot_id_of(bot_token)
        envelope = self._cipher.encrypt(bot_token, TELEGRAM_BOT_TOKEN.context(tenant_id=tenant_id, row_id=tenant_id))
        rules.text("botToken", envelope, 500)
        now = self._clock.now()

        def work(uow: AbstractUnitOfWork) -> TelegramBot:
            tenant = uow.tenants.get_by_id(tenant_id=tenant_id)
            if tenant is None:
                raise NotFoundError("tenant", tenant_id, field="tenant_id")
            tenant.ensure_active()
            previous = uow.telegram_bots.get(tenant_id=tenant_id)
            bot = TelegramBot(tenant_id=tenant_id, bot_id=bot_id, encrypted_token=envelope,
                              created_at=previous.created_at if previous else now, updated_at=now)
            uow.telegram_bots.save(bot)
            return bot

        bot = self._db.transact(work, what="register telegram bot")
        logger.info("telegram bot %s registered for tenant %s", bot_id, tenant_id)
        return bot

    def get(self, *, tenant_id: str) -> TelegramBot:
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        bot = self._db.repositories.telegram_bots.get(tenant_id=tenant_id)
        if bot is None:
            raise NotFoundError("telegram bot", tenant_id, field="tenant_id")
        return bot

    def set_webhook(self, *, tenant_id: str) -> TelegramBot:
        """Call ``setWebhook`` with a fresh secret; ``BotApiError`` when Telegram refuses or is unreachable."""
        url = self.webhook_url(rules.entity_id("tenant_id", tenant_id))
        if url is None:
            raise InvalidStateError("PIPSTER_PUBLIC_BASE_URL", "is not set: the operator must set the app's "
                                    "public https base URL before a webhook can be set")
        if not url.startswith("https://"):
            logger.warning("webhook URL of tenant %s is not https: Telegram accepts only https", tenant_id)
        bot = self.get(tenant_id=tenant_id)
        token = self._cipher.decrypt_text(bot.encrypted_token,
                                          TELEGRAM_BOT_TOKEN.context(tenant_id=tenant_id, row_id=tenant_id))
        secret = new_secret()
        pending = replace(bot, webhook_secret_hash=secret_hash(secret), webhook_set_at=None,
                          updated_at=self._clock.now())
        self._save(pending, expected_token=bot.encrypted_token)
        self._bot_api.set_webhook(token=token, url=url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
        done = replace(pending, webhook_set_at=self._clock.now())
        self._save(done, expected_token=bot.encrypted_token)
        logger.info("webhook set for the telegram bot of tenant %s", tenant_id)
        return done

    def _save(self, bot: TelegramBot, *, expected_token: str) -> None:
        def work(uow: AbstractUnitOfWork) -> None:
            current = uow.telegram_bots.get(tenant_id=bot.tenant_id)
            if current is None or current.encrypted_token != expected_token:
                # The token was replaced meanwhile: this webhook belongs to the previous bot.
                raise ValidationError("botToken", "changed while the webhook was being set; set it again")
            uow.telegram_bots.save(bot)

        self._db.transact(work, what="save telegram bot")
