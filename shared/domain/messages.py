"""Queue message contracts: TelegramMessageReceived (telegram-messages) and TradeCommand (trade-commands).

JSON in camelCase, as the spec's documents. Parsing is strict: a malformed message is rejected with an
``InvalidMessageError`` naming the field, so the trigger can acknowledge it (retrying cannot fix it)
and record why. "Malformed" includes values no store or broker can hold: ids outside the columns'
BIGINT, a unit count beyond what a JSON number carries exactly, and a trade command whose source signal
does not read back (missing symbol, a "NaN" price). Such values used to reach SQL or the broker, fail
there on every delivery, and end in the poison queue instead of as an event.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from shared.domain import rules
from shared.domain.errors import ValidationError
from shared.domain.signal import ParsedSignal

CONTENT_MAX_CHARS = 4096  # Telegram's own message limit
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1  # the id columns' range (Telegram ids are 64-bit signed)
UNITS_MAX = 10**15  # a JSON number (an IEEE double) carries every whole number up to here exactly


class InvalidMessageError(ValidationError):
    """A queue message that can never be processed: bad JSON, a missing or malformed field."""


def _require(body: dict[str, Any], field: str, kind: type | tuple[type, ...]) -> Any:
    if field not in body or body[field] is None:
        raise InvalidMessageError(field, "is required")
    value = body[field]
    if isinstance(value, bool) or not isinstance(value, kind):
        raise InvalidMessageError(field, f"must be {getattr(kind, '__name__', 'of the right type')}")
    return value


def _integer(body: dict[str, Any], field: str, *, low: int = BIGINT_MIN, high: int = BIGINT_MAX,
             required: bool = True) -> Any:
    if not required and body.get(field) is None:
        return None
    value = _require(body, field, int)
    if not low <= value <= high:
        raise InvalidMessageError(field, f"must be between {low} and {high}")
    return value


def _timestamp(field: str, value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidMessageError(field, "must be an ISO 8601 timestamp") from None
    if parsed.tzinfo is None:
        raise InvalidMessageError(field, "must carry a UTC offset")
    return parsed.astimezone(UTC)


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

    @property
    def key(self) -> str:
        """The spec's idempotency identity: ``{tenantId}:{channelId}:{messageId}``."""
        return f"{self.tenant_id}:{self.channel_id}:{self.message_id}"

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
        correlation, trace = body.get("correlationId"), body.get("traceparent")
        return cls(
            tenant_id=tenant_id,
            channel_id=_integer(body, "channelId"),
            message_id=_integer(body, "messageId", low=1),
            content=content,
            timestamp=_timestamp("timestamp", _require(body, "timestamp", str)),
            sender_id=_integer(body, "senderId", required=False),
            correlation_id=correlation[:100] if isinstance(correlation, str) and correlation else None,
            traceparent=trace if isinstance(trace, str) else None,
        )

    def to_json(self) -> str:
        return json.dumps({
            "tenantId": self.tenant_id, "channelId": self.channel_id, "messageId": self.message_id,
            "content": self.content, "timestamp": self.timestamp.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "senderId": self.sender_id,
            **({"correlationId": self.correlation_id} if self.correlation_id else {}),
            **({"traceparent": self.traceparent} if self.traceparent else {}),
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
        units = _integer(body, "units", low=1, high=UNITS_MAX)
        signal = _require(body, "signal", dict)
        try:
            ParsedSignal.from_json(signal)  # the executor reads it back: it must read back here
        except ValidationError as exc:
            raise InvalidMessageError(f"signal.{exc.field}", exc.reason) from None
        trace = body.get("traceparent")
        try:
            tenant_id = rules.entity_id("tenantId", _require(body, "tenantId", str))
            broker_id = rules.entity_id("brokerConnectionId", _require(body, "brokerConnectionId", str))
        except ValidationError as exc:
            raise InvalidMessageError(exc.field, exc.reason) from None
        return cls(
            client_order_id=_require(body, "clientOrderId", str)[:100], tenant_id=tenant_id,
            broker_connection_id=broker_id, message_key=_require(body, "messageKey", str),
            channel_id=_integer(body, "channelId"), message_id=_integer(body, "messageId", low=1),
            units=units, signal=signal, correlation_id=_require(body, "correlationId", str)[:100],
            received_at=_timestamp("receivedAt", _require(body, "receivedAt", str)),
            traceparent=trace if isinstance(trace, str) else None,
        )
