"""Queue message contracts: TelegramMessageReceived (telegram-messages) and TradeCommand (trade-commands).

JSON in camelCase, as the spec's documents. Parsing is strict: a malformed message is rejected with an
``InvalidMessageError`` naming the field, so the trigger can acknowledge it (retrying cannot fix it)
and record why. "Malformed" includes values no store or broker can hold: ids outside the columns'
BIGINT, a unit count beyond what a JSON number carries exactly, and a trade command whose source signal
does not read back (missing symbol, a "NaN" price). Such values used to reach SQL or the broker, fail
there on every delivery, and end in the poison queue instead of as an event.

A trade command's ``units`` is a decimal (0.002 BTC, 0.5 IG lots): written as a decimal string so no float
ever touches it; read from that string or from a JSON integer (the form of commands queued before).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from shared.domain import rules
from shared.domain.errors import ValidationError
from shared.domain.signal import ParsedSignal

CONTENT_MAX_CHARS = 4096  # Telegram's own message limit
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1  # the id columns' range (Telegram ids are 64-bit signed)
UNITS_MAX = Decimal("999999999999")  # what a trade leg's DECIMAL(20, 8) units column holds
UNITS_PLACES = 8


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


def units_text(units: Decimal) -> str:
    """A quantity as a decimal string people write (``0.002``, ``5``; never ``2E-3`` or ``5.00000000``)."""
    text = format(units.normalize(), "f")
    return "0" if text in ("-0", "") else text


def parse_units(value: object, field: str = "units", *, allow_zero: bool = False) -> Decimal:
    """A quantity from a queue message: a JSON integer or a decimal string; never a float (it may already have
    been rounded on the way), a bool, a negative, NaN or more than ``UNITS_PLACES`` decimal places."""
    low = "0 or more" if allow_zero else "greater than 0"
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidMessageError(field, "must be a whole number or a decimal string")
    try:
        number = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except InvalidOperation:
        raise InvalidMessageError(field, "must be a whole number or a decimal string") from None
    if not number.is_finite() or number < 0 or (number == 0 and not allow_zero) or number > UNITS_MAX:
        raise InvalidMessageError(field, f"must be a number {low} and at most {UNITS_MAX}")
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -UNITS_PLACES:
        raise InvalidMessageError(field, f"must have at most {UNITS_PLACES} decimal places")
    return number


def _timestamp(field: str, value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidMessageError(field, "must be an ISO 8601 timestamp") from None
    if parsed.tzinfo is None:
        raise InvalidMessageError(field, "must carry a UTC offset")
    if not rules.INSTANT_FIRST_YEAR <= parsed.year <= rules.INSTANT_LAST_YEAR:
        raise InvalidMessageError(field, f"must be between the years {rules.INSTANT_FIRST_YEAR} and "
                                         f"{rules.INSTANT_LAST_YEAR}")
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
    reply_to_message_id: int | None = None  # the message this one replies to, in the same channel
    edited_at: datetime | None = None  # set: this is a revision of ``message_id``
    deleted: bool = False  # the channel deleted ``message_id``

    @property
    def original_key(self) -> str:
        """The spec's identity of the message itself: ``{tenantId}:{channelId}:{messageId}`` (trades keep it)."""
        return f"{self.tenant_id}:{self.channel_id}:{self.message_id}"

    @property
    def key(self) -> str:
        """The idempotency identity of this delivery: the original's as the spec has it; an edit is its own
        (one per revision time) and so is a deletion, so each is processed once beside the original."""
        return f"{self.tenant_id}:{self.channel_id}:{self.revision_id}"

    @property
    def revision_id(self) -> int | str:
        """The message id to claim in the idempotency store: the id itself for the original, a revision id
        (``{messageId}.edit.{microseconds}`` / ``{messageId}.deleted``) for an edit or a deletion."""
        if self.deleted:
            return f"{self.message_id}.deleted"
        if self.edited_at is not None:
            return f"{self.message_id}.edit.{int(self.edited_at.timestamp() * 1_000_000)}"
        return self.message_id

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
            **_revision_fields(body),
        )

    def to_json(self) -> str:
        # The optional fields appear only when set: an original message's JSON is what it always was.
        return json.dumps({
            "tenantId": self.tenant_id, "channelId": self.channel_id, "messageId": self.message_id,
            "content": self.content, "timestamp": self.timestamp.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "senderId": self.sender_id,
            **({"correlationId": self.correlation_id} if self.correlation_id else {}),
            **({"traceparent": self.traceparent} if self.traceparent else {}),
            **_revision_json(self),
        }, ensure_ascii=False)


def _revision_fields(body: dict[str, Any]) -> dict[str, Any]:
    """``replyToMessageId``, ``editedAt`` and ``deleted``: optional, absent in messages from before them."""
    out: dict[str, Any] = {}
    reply = body.get("replyToMessageId")
    if reply is not None:
        if isinstance(reply, bool) or not isinstance(reply, int) or not -(2**63) <= reply < 2**63:
            raise InvalidMessageError("replyToMessageId", "must be a 64-bit integer")
        out["reply_to_message_id"] = reply
    edited = body.get("editedAt")
    if edited is not None:
        if not isinstance(edited, str):
            raise InvalidMessageError("editedAt", "must be an ISO 8601 timestamp")
        out["edited_at"] = _timestamp("editedAt", edited)
    deleted = body.get("deleted")
    if deleted is not None:
        if not isinstance(deleted, bool):
            raise InvalidMessageError("deleted", "must be true or false")
        out["deleted"] = deleted
    if out.get("deleted") and "edited_at" in out:
        raise InvalidMessageError("deleted", "a deletion is not also an edit: drop editedAt")
    return out


def _revision_json(message: TelegramMessageReceived) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if message.reply_to_message_id is not None:
        out["replyToMessageId"] = message.reply_to_message_id
    if message.edited_at is not None:
        out["editedAt"] = message.edited_at.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if message.deleted:
        out["deleted"] = True
    return out


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
    units: Decimal  # the venue's quantity (units, contracts, base quantity); 0 on an action command
    signal: dict[str, Any]
    correlation_id: str
    received_at: datetime
    traceparent: str | None = None
    action: TradeAction | None = None  # None: open the trade (the first wave's command)

    def to_json(self) -> str:
        body = {
            "clientOrderId": self.client_order_id, "tenantId": self.tenant_id,
            "brokerConnectionId": self.broker_connection_id, "messageKey": self.message_key,
            "channelId": self.channel_id, "messageId": self.message_id, "units": units_text(self.units),
            "signal": self.signal,
            "correlationId": self.correlation_id,
            "receivedAt": self.received_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        }
        if self.traceparent:
            body["traceparent"] = self.traceparent
        if self.action is not None:
            body.update(self.action.to_json_fields())
        return json.dumps(body, separators=(",", ":"))

    @classmethod
    def parse(cls, raw: bytes | str) -> TradeCommand:
        body = _json_object(raw)
        if body.get("action", "open") != "open":
            return _parse_action_command(body)
        if body.get("units") is None:
            raise InvalidMessageError("units", "is required")
        units = parse_units(body["units"])
        signal = _require(body, "signal", dict)
        try:
            ParsedSignal.from_json(signal)  # the executor reads it back: it must read back here
        except ValidationError as exc:
            raise InvalidMessageError(f"signal.{exc.field}", exc.reason) from None
        return cls._with(body, units, signal)

    @classmethod
    def _with(cls, body: dict[str, Any], units: Decimal, signal: dict[str, Any]) -> TradeCommand:
        """The fields every command carries, read from ``body``; ``units`` and ``signal`` already checked."""
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


class TradeActionKind(StrEnum):
    OPEN = "open"
    MODIFY = "modify"
    CLOSE = "close"
    CANCEL = "cancel"


_PRICE_MAX = Decimal("999999999999")


def _action_decimal(body: dict[str, Any], name: str, *, maximum: Decimal = _PRICE_MAX) -> Decimal | None:
    """An optional positive number, as a JSON number or a decimal string (no float rounding on the way)."""
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidMessageError(name, "must be a number")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InvalidMessageError(name, "must be a number") from None
    if not number.is_finite() or number <= 0 or number > maximum:
        raise InvalidMessageError(name, f"must be a number greater than 0 and at most {maximum}")
    return number


@dataclass(frozen=True, slots=True)
class TradeAction:
    """What a follow-up (or a tenant's manual action) does to a stored trade.

    ``leg`` None means every leg the action applies to. A close takes ``percent`` or ``units`` (neither:
    everything); a modify takes any of ``stop_loss`` / ``to_entry``, ``take_profit`` and ``entry``.
    """

    kind: TradeActionKind
    trade_id: str
    leg: int | None = None
    percent: Decimal | None = None
    units: Decimal | None = None
    stop_loss: Decimal | None = None
    to_entry: bool = False
    take_profit: Decimal | None = None
    entry: Decimal | None = None

    def to_json_fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {"action": self.kind.value, "tradeId": self.trade_id}
        for name, value in (("leg", self.leg), ("percent", self.percent), ("closeUnits", self.units),
                            ("stopLoss", self.stop_loss), ("takeProfit", self.take_profit), ("entry", self.entry)):
            if value is not None:
                out[name] = value if isinstance(value, int) else str(value)
        if self.to_entry:
            out["toEntry"] = True
        return out

    @classmethod
    def from_json_fields(cls, body: dict[str, Any]) -> TradeAction:
        raw_kind = body.get("action")
        try:
            kind = TradeActionKind(str(raw_kind))
        except ValueError:
            raise InvalidMessageError("action", "must be one of open, modify, close, cancel") from None
        try:
            trade_id = rules.entity_id("tradeId", _require(body, "tradeId", str))
        except ValidationError as exc:
            raise InvalidMessageError("tradeId", exc.reason) from None
        leg = body.get("leg")
        if leg is not None and (isinstance(leg, bool) or not isinstance(leg, int) or not 0 <= leg < 100):
            raise InvalidMessageError("leg", "must be a whole number from 0 to 99")
        to_entry = body.get("toEntry", False)
        if not isinstance(to_entry, bool):
            raise InvalidMessageError("toEntry", "must be true or false")
        action = cls(kind=kind, trade_id=trade_id, leg=leg,
                     percent=_action_decimal(body, "percent", maximum=Decimal(100)),
                     units=_action_decimal(body, "closeUnits"), stop_loss=_action_decimal(body, "stopLoss"),
                     to_entry=to_entry, take_profit=_action_decimal(body, "takeProfit"),
                     entry=_action_decimal(body, "entry"))
        action._check()
        return action

    def _check(self) -> None:
        levels = {"stopLoss": self.stop_loss, "toEntry": self.to_entry or None, "takeProfit": self.take_profit,
                  "entry": self.entry}
        given = [name for name, value in levels.items() if value is not None]
        sizes = [name for name, value in (("percent", self.percent), ("closeUnits", self.units)) if value is not None]
        if self.kind is TradeActionKind.MODIFY:
            if not given:
                raise InvalidMessageError("stopLoss", "a modify needs stopLoss, toEntry, takeProfit or entry")
            if self.to_entry and self.stop_loss is not None:
                raise InvalidMessageError("toEntry", "give stopLoss or toEntry, not both")
        elif given:
            raise InvalidMessageError(given[0], f"is not used by {self.kind.value}")
        if self.kind is TradeActionKind.CLOSE:
            if len(sizes) > 1:
                raise InvalidMessageError("closeUnits", "give percent or closeUnits, not both")
        elif sizes:
            raise InvalidMessageError(sizes[0], f"is not used by {self.kind.value}")


def _parse_action_command(body: dict[str, Any]) -> TradeCommand:
    """A follow-up's command: no units to size and no signal to place, an action on a stored trade. The
    fields it shares with an open command are read by the open command's own parser."""
    action = TradeAction.from_json_fields(body)
    signal = body.get("signal") or {}
    if not isinstance(signal, dict):
        raise InvalidMessageError("signal", "must be an object")
    units = parse_units(body.get("units", 0), allow_zero=True)
    return replace(TradeCommand._with(body, units, signal), action=action)
