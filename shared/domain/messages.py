"""Queue message contracts: TelegramMessageReceived (telegram-messages) and TradeCommand (trade-commands).

JSON in camelCase, as the spec's documents. Parsing is strict: a malformed message is rejected with an
``InvalidMessageError`` naming the field, so the trigger can acknowledge it (retrying cannot fix it)
and record why.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from shared.domain import rules
from shared.domain.errors import ValidationError

CONTENT_MAX_CHARS = 4096  # Telegram's own message limit


class InvalidMessageError(ValidationError):
    """A queue message that can never be processed: bad JSON, a missing or malformed field."""


def _require(body: dict[str, Any], field: str, kind: type | tuple[type, ...]) -> Any:
    if field not in body or body[field] is None:
        raise InvalidMessageError(field, "is required")
    value = body[field]
    if isinstance(value, bool) or not isinstance(value, kind):
        raise InvalidMessageError(field, f"must be {getattr(kind, '__name__', 'of the right type')}")
    return value


def _timestamp(field: str, value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidMessageError(field, "must be an ISO 8601 timestamp") from None
    if parsed.tzinfo is None:
        raise InvalidMessageError(field, "must carry a UTC offset")
    return parsed.astimezone(UTC)


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _json_object(raw: bytes | str) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidMessageError("body", f"is not JSON ({type(exc).__name__})") from None
    if not isinstance(body, dict):
        raise InvalidMessageError("body", "must be a JSON object")
    return body


@dataclass(frozen=True, slots=True)
class TelegramMessageReceived:
    """A message seen in a tenant's Telegram channel (the listener or a bot webhook produces it)."""

    tenant_id: str
    channel_id: int
    message_id: int
    content: str
    timestamp: datetime
    sender_id: int | None = None
    correlation_id: str | None = None  # set by the HTTP ingest (x-correlation-id); else derived from the key
    traceparent: str | None = None
    reply_to_message_id: int | None = None  # the message this one answers (a follow-up to a signal)
    edited_at: datetime | None = None  # set on an edit: this is a revision of ``message_id``
    deleted: bool = False  # the message was deleted from the channel (the session listener sees those)

    @property
    def key(self) -> str:
        """The spec's idempotency identity: ``{tenantId}:{channelId}:{messageId}``."""
        return f"{self.tenant_id}:{self.channel_id}:{self.message_id}"

    @property
    def revision_key(self) -> str:
        """This delivery's own identity: the message key, plus the edit time of an edit (each revision is
        its own message) or ``deleted`` for a deletion; an original message keeps its plain key."""
        if self.deleted:
            return f"{self.key}:deleted"
        if self.edited_at is not None:
            return f"{self.key}:edited:{int(self.edited_at.timestamp())}"
        return self.key

    @classmethod
    def parse(cls, raw: bytes | str) -> TelegramMessageReceived:
        body = _json_object(raw)
        try:
            tenant_id = rules.entity_id("tenantId", _require(body, "tenantId", str))
        except ValidationError as exc:
            raise InvalidMessageError("tenantId", exc.reason) from None
        content = _require(body, "content", str)
        if len(content) > CONTENT_MAX_CHARS:
            raise InvalidMessageError("content", f"must be at most {CONTENT_MAX_CHARS} characters")
        sender = body.get("senderId")
        if sender is not None and (isinstance(sender, bool) or not isinstance(sender, int)):
            raise InvalidMessageError("senderId", "must be an integer")
        correlation, trace = body.get("correlationId"), body.get("traceparent")
        reply_to = body.get("replyToMessageId")
        if reply_to is not None and (isinstance(reply_to, bool) or not isinstance(reply_to, int)):
            raise InvalidMessageError("replyToMessageId", "must be an integer")
        edited = body.get("editedAt")
        if edited is not None and not isinstance(edited, str):
            raise InvalidMessageError("editedAt", "must be an ISO 8601 timestamp")
        deleted = body.get("deleted", False)
        if not isinstance(deleted, bool):
            raise InvalidMessageError("deleted", "must be true or false")
        return cls(
            tenant_id=tenant_id,
            channel_id=_require(body, "channelId", int),
            message_id=_require(body, "messageId", int),
            content=content,
            timestamp=_timestamp("timestamp", _require(body, "timestamp", str)),
            sender_id=sender,
            correlation_id=correlation[:100] if isinstance(correlation, str) and correlation else None,
            traceparent=trace if isinstance(trace, str) else None,
            reply_to_message_id=reply_to,
            edited_at=_timestamp("editedAt", edited) if edited is not None else None,
            deleted=deleted,
        )

    def to_json(self) -> str:
        # The optional fields appear only when set: an original message's JSON is what it always was.
        return json.dumps({
            "tenantId": self.tenant_id, "channelId": self.channel_id, "messageId": self.message_id,
            "content": self.content, "timestamp": self.timestamp.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "senderId": self.sender_id,
            **({"correlationId": self.correlation_id} if self.correlation_id else {}),
            **({"traceparent": self.traceparent} if self.traceparent else {}),
            **({"replyToMessageId": self.reply_to_message_id} if self.reply_to_message_id is not None else {}),
            **({"editedAt": _iso(self.edited_at)} if self.edited_at is not None else {}),
            **({"deleted": True} if self.deleted else {}),
        }, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class TradeCommand:
    """One sized order for one broker connection, derived from one message (queue ``trade-commands``).

    ``client_order_id`` is deterministic per (message, broker connection): redelivering or re-deriving the
    command can never place a second order.
    """

    client_order_id: str
    tenant_id: str
    broker_connection_id: str
    message_key: str
    channel_id: int
    message_id: int
    units: int
    signal: dict[str, Any]
    correlation_id: str
    received_at: datetime
    traceparent: str | None = None

    def to_json(self) -> str:
        body = {
            "clientOrderId": self.client_order_id, "tenantId": self.tenant_id,
            "brokerConnectionId": self.broker_connection_id, "messageKey": self.message_key,
            "channelId": self.channel_id, "messageId": self.message_id, "units": self.units, "signal": self.signal,
            "correlationId": self.correlation_id,
            "receivedAt": self.received_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        }
        if self.traceparent:
            body["traceparent"] = self.traceparent
        return json.dumps(body, separators=(",", ":"))

    @classmethod
    def parse(cls, raw: bytes | str) -> TradeCommand:
        body = _json_object(raw)
        units = _require(body, "units", int)
        if units <= 0:
            raise InvalidMessageError("units", "must be positive")
        signal = _require(body, "signal", dict)
        trace = body.get("traceparent")
        try:
            tenant_id = rules.entity_id("tenantId", _require(body, "tenantId", str))
            broker_id = rules.entity_id("brokerConnectionId", _require(body, "brokerConnectionId", str))
        except ValidationError as exc:
            raise InvalidMessageError(exc.field, exc.reason) from None
        return cls(
            client_order_id=_require(body, "clientOrderId", str)[:100], tenant_id=tenant_id,
            broker_connection_id=broker_id, message_key=_require(body, "messageKey", str),
            channel_id=_require(body, "channelId", int), message_id=_require(body, "messageId", int),
            units=units, signal=signal, correlation_id=_require(body, "correlationId", str)[:100],
            received_at=_timestamp("receivedAt", _require(body, "receivedAt", str)),
            traceparent=trace if isinstance(trace, str) else None,
        )
