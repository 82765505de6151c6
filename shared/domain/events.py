"""Audit events in the spec's document shape ("4. Event Store"), and the one safe way to build them.

An event is immutable once built. Its ``data`` is plain JSON and can never hold a secret: a key that
names one (password, token, api hash, ...) is refused unless its value is the redaction marker, and
``build_event`` redacts such keys (and secret-typed values) for the caller.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from functools import lru_cache
from typing import Any

from shared.clock import Clock
from shared.domain import rules
from shared.domain.errors import ValidationError
from shared.domain.ids import new_id

EVENT_TTL_SECONDS = 7_776_000  # 90 days: the spec's Cosmos DB TTL
REDACTED = "[redacted]"
# Events that belong to no tenant (maintenance runs) live in this partition.
SYSTEM_TENANT = "system"
_MAX_TTL = 2**31 - 1
_MAX_DEPTH = 16
# Compared against the key lower-cased with everything but letters and digits removed.
_SECRET_KEY = re.compile(
    r"password|passwd|passphrase|secret|token|apihash|apikey|accesskey|privatekey|credential|authorization"
    r"|connectionstring|sessionstring|ciphertext|cookie"
)


class EventType(StrEnum):
    """What happened. Past tense, as the spec names them."""

    SIGNAL_RECEIVED = "SignalReceived"
    SIGNAL_REJECTED = "SignalRejected"
    NOT_A_SIGNAL = "NotASignal"
    SIGNAL_HELD = "SignalHeld"  # a person decides before it trades (a doubtful parse, or a channel set to review)
    SIGNAL_APPROVED = "SignalApproved"  # a held signal approved: its trade commands are on their way
    DUPLICATE = "Duplicate"
    TRADE_EXECUTED = "TradeExecuted"
    TRADE_FAILED = "TradeFailed"
    CONFIGURATION_CHANGED = "ConfigurationChanged"
    USER_ACTION = "UserAction"
    TENANT_CREATED = "TenantCreated"
    TENANT_DELETED = "TenantDeleted"
    MAINTENANCE_RUN = "MaintenanceRun"
    BROKER_CONNECTION_DISABLED = "BrokerConnectionDisabled"


# Data fields an event type cannot do without (a rejection must say which rule rejected it).
_REQUIRED_DATA: dict[EventType, tuple[str, ...]] = {
    EventType.SIGNAL_REJECTED: ("rule",),
    EventType.SIGNAL_HELD: ("heldSignalId", "holdReason"),
    EventType.TRADE_FAILED: ("reason",),
    EventType.MAINTENANCE_RUN: ("job",),
    EventType.BROKER_CONNECTION_DISABLED: ("brokerConnectionId", "reason"),
}


def format_timestamp(value: datetime) -> str:
    """Fixed-width UTC ISO 8601 with milliseconds, so string order is time order (Cosmos compares strings)."""
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def parse_timestamp(field_name: str, value: object) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            raise ValidationError(field_name, "must be an ISO 8601 timestamp") from None
    else:
        raise ValidationError(field_name, "must be an ISO 8601 timestamp")
    rules.aware(field_name, moment)
    moment = moment.astimezone(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


@lru_cache(maxsize=4096)  # the same few keys come back in every event
def is_secret_key(key: str) -> bool:
    return bool(_SECRET_KEY.search(re.sub(r"[^a-z0-9]", "", key.lower())))


class _NotPlain(Exception):
    """Raised by the fast path; the slow path then finds (and names) the offending field."""


def _plain_copy(value: Any, depth: int = 0) -> Any:
    """A deep copy of exact JSON types, checked on the way: the hot path of reading events back."""
    kind = type(value)
    if value is None or kind is str or kind is int or kind is bool:
        return value
    if kind is float:
        if not math.isfinite(value):
            raise _NotPlain
        return value
    if depth >= _MAX_DEPTH:
        raise _NotPlain
    if kind is list:
        return [_plain_copy(item, depth + 1) for item in value]
    if kind is dict:
        copy = {}
        for key, item in value.items():
            if type(key) is not str or (is_secret_key(key) and item != REDACTED):
                raise _NotPlain
            copy[key] = _plain_copy(item, depth + 1)
        return copy
    raise _NotPlain


def _checked_data(data: dict[str, Any]) -> dict[str, Any]:
    try:
        return _plain_copy(data)  # type: ignore[no-any-return]
    except _NotPlain:
        _check_data("data", data)  # raises, naming the field; passes only for subclasses of JSON types
        return json.loads(json.dumps(data))  # type: ignore[no-any-return]


def _check_data(path: str, value: object, depth: int = 0) -> None:
    """Plain JSON only, and no secret-named key carrying anything but the redaction marker."""
    if depth > _MAX_DEPTH:
        raise ValidationError(path, f"nests deeper than {_MAX_DEPTH} levels")
    if value is None or isinstance(value, bool | str | int):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValidationError(path, "must be a finite number")
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            _check_data(f"{path}[{i}]", item, depth + 1)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValidationError(path, "keys must be strings")
            if is_secret_key(key) and item != REDACTED:
                raise ValidationError(f"{path}.{key}", "looks like a secret; events never carry secrets")
            _check_data(f"{path}.{key}", item, depth + 1)
        return
    raise ValidationError(path, f"must be plain JSON, not {type(value).__name__}")


@dataclass(frozen=True, slots=True)
class Event:
    """One audit event. ``timestamp`` is UTC, kept to the millisecond (what the document stores)."""

    id: str
    type: EventType
    tenant_id: str
    timestamp: datetime
    data: dict[str, Any] = field(default_factory=dict)
    correlation_id: str = ""
    source: str = ""
    ttl: int = EVENT_TTL_SECONDS

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "id", rules.entity_id("id", self.id))
        try:
            set_(self, "type", EventType(self.type))
        except ValueError:
            raise ValidationError("type", f"must be one of {', '.join(EventType)}") from None
        set_(self, "tenant_id", rules.entity_id("tenantId", self.tenant_id))
        set_(self, "timestamp", parse_timestamp("timestamp", self.timestamp))
        if not isinstance(self.data, dict):
            raise ValidationError("data", "must be an object")
        # A private deep copy: the caller's dict can change afterwards, this event cannot.
        set_(self, "data", _checked_data(self.data))
        for name in _REQUIRED_DATA.get(self.type, ()):
            if self.data.get(name) in (None, ""):
                raise ValidationError(f"data.{name}", f"is required for {self.type}")
        set_(self, "correlation_id", rules.text("metadata.correlationId", self.correlation_id, 100))
        set_(self, "source", rules.text("metadata.source", self.source, 100))
        if isinstance(self.ttl, bool) or not isinstance(self.ttl, int) or not 0 < self.ttl <= _MAX_TTL:
            raise ValidationError("ttl", "must be a positive number of seconds")

    def to_document(self) -> dict[str, Any]:
        """The spec's document: id, type, tenantId, timestamp, data, metadata, ttl."""
        return {
            "id": self.id,
            "type": str(self.type),
            "tenantId": self.tenant_id,
            "timestamp": format_timestamp(self.timestamp),
            "data": _checked_data(self.data),
            "metadata": {"correlationId": self.correlation_id, "source": self.source},
            "ttl": self.ttl,
        }

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> Event:
        """Read a stored document back; store-added fields (Cosmos ``_rid``, ``_ts``, ...) are ignored."""
        if not isinstance(document, Mapping):
            raise ValidationError("document", "must be an object")
        metadata = document.get("metadata")
        if not isinstance(metadata, Mapping):
            raise ValidationError("metadata", "must be an object")
        return cls(
            id=document.get("id"),  # type: ignore[arg-type]
            type=document.get("type"),  # type: ignore[arg-type]
            tenant_id=document.get("tenantId"),  # type: ignore[arg-type]
            timestamp=document.get("timestamp"),  # type: ignore[arg-type]
            data=document.get("data", {}),
            correlation_id=metadata.get("correlationId"),  # type: ignore[arg-type]
            source=metadata.get("source"),  # type: ignore[arg-type]
            ttl=document.get("ttl", EVENT_TTL_SECONDS),
        )


def _sanitized(value: object, depth: int = 0) -> Any:
    """A JSON-safe copy with secret-named keys and secret-typed values replaced by ``REDACTED``."""
    if depth > _MAX_DEPTH:
        return REDACTED
    if isinstance(value, Enum):  # before the primitives: an IntEnum is an int, but its name says more
        return value.name if isinstance(value.value, int) else value.value
    if value is None or isinstance(value, bool | str | int | float):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return format_timestamp(value) if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {
            str(k): REDACTED if is_secret_key(str(k)) else _sanitized(v, depth + 1) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_sanitized(v, depth + 1) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(_sanitized(v, depth + 1) for v in value)
    # bytes (ciphertexts, keys), pydantic SecretStr and anything unknown: never worth auditing verbatim.
    return REDACTED


def build_event(
    type: EventType | str,
    *,
    tenant_id: str,
    data: Mapping[str, Any] | None = None,
    source: str,
    clock: Clock,
    correlation_id: str | None = None,
    event_id: str | None = None,
) -> Event:
    """The safe way to make an event: secrets redacted, values made JSON, id and timestamp filled in.

    Pass ``event_id`` when a retried producer must write the same event again (the store keeps one).
    """
    return Event(
        id=event_id or new_id("evt"),
        type=type,  # type: ignore[arg-type]
        tenant_id=tenant_id,
        timestamp=clock.now(),
        data=_sanitized(dict(data or {})),
        correlation_id=correlation_id or uuid.uuid4().hex,
        source=source,
    )
