"""Ingest: a bot webhook or an external Telegram listener hands a channel message to the pipeline.

The message is only enqueued here (fast, and durable once the queue accepted it); the pipeline decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from shared.clock import Clock
from shared.domain.errors import NotFoundError, ValidationError
from shared.domain.messages import TelegramMessageReceived
from shared.domain.tenant import Tenant
from shared.observability.telemetry import telemetry
from shared.ports.queues import TELEGRAM_MESSAGES, AbstractMessageQueue


class TenantReader(Protocol):
    def get_tenant(self, *, tenant_id: str) -> Tenant | None: ...


@dataclass(frozen=True, slots=True)
class Accepted:
    message_key: str
    queue_message_id: str


class IngestService:
    """Turns a posted message into a TelegramMessageReceived on ``telegram-messages``."""

    def __init__(self, queues: AbstractMessageQueue, clock: Clock, tenants: TenantReader) -> None:
        self._queues = queues
        self._clock = clock
        self._tenants = tenants

    def accept(self, *, tenant_id: str, channel_id: int, message_id: int, content: str,
               timestamp: datetime | None = None, sender_id: int | None = None,
               correlation_id: str | None = None, reply_to_message_id: int | None = None,
               edited_at: datetime | None = None, deleted: bool = False) -> Accepted:
        """Raises ``QueueUnavailableError`` when the queue could not be written: nothing was accepted;
        ``NotFoundError`` for a tenant that does not exist, ``InvalidStateError`` for one that is not active
        (suspended, deactivated, scheduled for deletion): the pipeline would refuse its messages anyway."""
        tenant = self._tenants.get_tenant(tenant_id=tenant_id)  # cached; invalidated by every status change
        if tenant is None:
            raise NotFoundError("tenant", tenant_id, field="tenant_id")
        tenant.ensure_active()
        posted = timestamp or self._clock.now()
        if posted.tzinfo is None:
            posted = posted.replace(tzinfo=UTC)
        if not content.strip() and not deleted:
            raise ValidationError("content", "is required (only a deletion may leave it empty)")
        if deleted and edited_at is not None:
            raise ValidationError("deleted", "a deletion is not also an edit: drop editedAt")
        if edited_at is not None and edited_at.tzinfo is None:
            raise ValidationError("editedAt", "must carry a UTC offset")
        with telemetry.span("http ingest", tenant=tenant_id):
            message = TelegramMessageReceived(
                tenant_id=tenant_id, channel_id=channel_id, message_id=message_id, content=content,
                timestamp=posted, sender_id=sender_id, correlation_id=correlation_id or None,
                traceparent=telemetry.inject().get("traceparent"), reply_to_message_id=reply_to_message_id,
                edited_at=edited_at, deleted=deleted,
            )
            queue_id = self._queues.send(TELEGRAM_MESSAGES, message.to_json())
        return Accepted(message.key, queue_id)
