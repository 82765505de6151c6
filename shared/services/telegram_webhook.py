"""The Bot API webhook: a Telegram update of a configured channel becomes a TelegramMessageReceived.

Fast by construction: one keyed read of the bot's row (the secret's hash), the cached channel
configuration, one idempotency claim and one enqueue; the pipeline does everything else. Telegram
redelivers on any non-2xx answer, so what can never be processed answers 200 and is only counted, and
only a failure that a retry can fix (the queue or the idempotency store unavailable) answers 503.
"""

from __future__ import annotations

import enum
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from shared.clock import Clock
from shared.domain import rules
from shared.domain.errors import ValidationError
from shared.domain.messages import CONTENT_MAX_CHARS, TelegramMessageReceived
from shared.domain.telegram_bot import ALLOWED_UPDATES, TelegramBot
from shared.observability.telemetry import telemetry
from shared.ports.idempotency import IdempotencyPayloadMismatchError
from shared.ports.queues import TELEGRAM_MESSAGES, AbstractMessageQueue
from shared.ports.repositories import AbstractRepositories
from shared.services.config_provider import CachedConfigProvider
from shared.services.idempotency import MessageIdempotency

logger = logging.getLogger(__name__)
_UNKNOWN_BOT_HASH = "0" * 64  # compared against when the tenant has no bot: the same work as a wrong secret


class WebhookUnauthorizedError(Exception):
    """Wrong or missing secret, or no bot for that tenant (indistinguishable on purpose)."""


class WebhookOutcome(enum.StrEnum):
    ENQUEUED = "enqueued"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"


@dataclass(frozen=True, slots=True)
class WebhookResult:
    outcome: WebhookOutcome
    reason: str | None = None
    message_key: str | None = None


class TelegramWebhookService:
    def __init__(self, repositories: AbstractRepositories, config: CachedConfigProvider,
                 idempotency: MessageIdempotency, queues: AbstractMessageQueue, clock: Clock) -> None:
        self._repos = repositories
        self._config = config
        self._idempotency = idempotency
        self._queues = queues
        self._clock = clock

    def authenticate(self, *, tenant_id: str, secret: str | None) -> str:
        """The tenant id when ``secret`` is its bot's webhook secret; else ``WebhookUnauthorizedError``."""
        try:
            tenant_id = rules.entity_id("tenant_id", tenant_id)
        except ValidationError:
            raise WebhookUnauthorizedError from None
        bot = self._repos.telegram_bots.get(tenant_id=tenant_id)
        if bot is None:
            now = self._clock.now()
            TelegramBot(tenant_id, 0, "", now, now, _UNKNOWN_BOT_HASH).accepts(secret)
            raise WebhookUnauthorizedError
        if not bot.accepts(secret):
            raise WebhookUnauthorizedError
        return tenant_id

    def handle(self, *, tenant_id: str, secret: str | None, body: bytes) -> WebhookResult:
        """Raises ``WebhookUnauthorizedError`` (401), and ``QueueUnavailableError`` or the idempotency
        store's errors when nothing could be accepted now (503: Telegram redelivers)."""
        tenant_id = self.authenticate(tenant_id=tenant_id, secret=secret)
        with telemetry.span("telegram webhook", tenant=tenant_id):
            result = self._accept(tenant_id, body)
        telemetry.count(f"telegram.webhook.{result.outcome.value}")
        if result.outcome is WebhookOutcome.IGNORED:
            logger.info("telegram update ignored for tenant %s: %s", tenant_id, result.reason)
        return result

    def _accept(self, tenant_id: str, body: bytes) -> WebhookResult:
        try:
            update = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError):
            return WebhookResult(WebhookOutcome.IGNORED, "body is not JSON")
        update_id = update.get("update_id") if isinstance(update, dict) else None
        if isinstance(update_id, bool) or not isinstance(update_id, int):
            return WebhookResult(WebhookOutcome.IGNORED, "no update_id")
        kind = next((k for k in ALLOWED_UPDATES if isinstance(update.get(k), dict)), None)
        if kind is None:
            return WebhookResult(WebhookOutcome.IGNORED, "update kind not handled")
        message = to_message(tenant_id, update[kind], edited=kind.startswith("edited_"))
        if isinstance(message, str):
            return WebhookResult(WebhookOutcome.IGNORED, message)
        config = self._config.get(tenant_id=tenant_id, channel_id=message.channel_id)
        if config.tenant is None or not config.tenant.is_active:
            return WebhookResult(WebhookOutcome.IGNORED, "tenant is not active")
        if config.channel is None or not config.channel.is_enabled:
            return WebhookResult(WebhookOutcome.IGNORED, "chat is not a configured, enabled channel")
        key = self._idempotency.keys.telegram_update(tenant_id, update_id)
        try:
            outcome = self._idempotency.run_key(
                key, payload=json.dumps(update, sort_keys=True, separators=(",", ":")),
                handler=lambda: self._queues.send(TELEGRAM_MESSAGES, message.to_json()))
        except IdempotencyPayloadMismatchError:
            return WebhookResult(WebhookOutcome.IGNORED, "update_id seen before with other content")
        if outcome.duplicate:
            return WebhookResult(WebhookOutcome.DUPLICATE, message_key=message.key)
        return WebhookResult(WebhookOutcome.ENQUEUED, message_key=message.key)


def to_message(tenant_id: str, message: dict[str, Any], *, edited: bool) -> TelegramMessageReceived | str:
    """The Bot API ``Message`` as our contract, or why it cannot be one."""
    chat = message.get("chat")
    chat_id = chat.get("id") if isinstance(chat, dict) else None
    message_id, date = message.get("message_id"), message.get("date")
    if not (isinstance(chat_id, int) and isinstance(message_id, int) and isinstance(date, int)):
        return "message without chat.id, message_id or date"
    content = message.get("text", message.get("caption"))
    if not isinstance(content, str) or not content:
        return "message without text or caption"
    reply = message.get("reply_to_message")
    reply_id = reply.get("message_id") if isinstance(reply, dict) else None
    edit_date = message.get("edit_date")
    if edited and not isinstance(edit_date, int):
        return "edited message without edit_date"
    sender = message.get("from")
    sender_id = sender.get("id") if isinstance(sender, dict) else None
    return TelegramMessageReceived(
        tenant_id=tenant_id, channel_id=chat_id, message_id=message_id, content=content[:CONTENT_MAX_CHARS],
        timestamp=datetime.fromtimestamp(date, UTC), sender_id=sender_id if _is_int(sender_id) else None,
        traceparent=telemetry.inject().get("traceparent"), reply_to_message_id=reply_id if _is_int(reply_id) else None,
        edited_at=datetime.fromtimestamp(edit_date, UTC) if edited and isinstance(edit_date, int) else None)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
