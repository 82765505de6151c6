"""The event store port: an append-only, per-tenant audit trail.

Public methods check their arguments and do the shared bookkeeping (paging, continuation tokens);
adapters implement the ``_hooks``. Every read names one tenant and stays inside that tenant's
partition. Order is newest first; events with the same timestamp come in ascending id order, which
both backends can sort on, so a page boundary never skips or repeats an event.
"""

from __future__ import annotations

import abc
import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from shared.domain import rules
from shared.domain.errors import ValidationError
from shared.domain.events import Event, EventType, format_timestamp, parse_timestamp

MAX_PAGE_SIZE = 1000


class EventTooLargeError(ValidationError):
    """The event's document exceeds what the backend can store in one item; nothing was written."""


@dataclass(frozen=True, slots=True)
class Cursor:
    """The position after the last event of a page: (timestamp, id) in the store's sort order."""

    timestamp: datetime
    event_id: str


@dataclass(frozen=True, slots=True)
class EventPage:
    events: list[Event]
    continuation: str | None  # None: this was the last page


@dataclass(frozen=True, slots=True)
class EventQuery:
    """One tenant's events with ``since <= timestamp < until``, optionally only some types."""

    tenant_id: str
    since: datetime
    until: datetime
    types: tuple[EventType, ...] = ()

    def fingerprint(self) -> str:
        key = "|".join([self.tenant_id, format_timestamp(self.since), format_timestamp(self.until), *self.types])
        return hashlib.sha256(key.encode()).hexdigest()[:16]


def _encode_token(query: EventQuery, cursor: Cursor) -> str:
    raw = json.dumps({"q": query.fingerprint(), "t": format_timestamp(cursor.timestamp), "i": cursor.event_id,
                      "s": format_timestamp(query.since), "u": format_timestamp(query.until)})
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _payload(token: str) -> dict[str, str]:
    try:
        padded = token + "=" * (-len(token) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError, binascii.Error):
        raise ValidationError("continuation", "is not a valid continuation token") from None
    if not isinstance(payload, dict):
        raise ValidationError("continuation", "is not a valid continuation token")
    return payload


def continuation_window(token: str) -> tuple[datetime, datetime]:
    """The ``[since, until)`` a continuation token was issued for. A caller that left the window to its
    defaults (``until``: now) pages on in the same window, not in one that moved with the clock."""
    payload = _payload(token)
    try:
        return parse_timestamp("continuation", payload["s"]), parse_timestamp("continuation", payload["u"])
    except (KeyError, TypeError, ValidationError):
        raise ValidationError("continuation", "is not a valid continuation token") from None


def _decode_token(query: EventQuery, token: str) -> Cursor:
    """Opaque to callers; bound to the query it came from so it cannot be replayed against another one."""
    payload = _payload(token)
    try:
        fingerprint, stamp, event_id = payload["q"], payload["t"], payload["i"]
        cursor = Cursor(parse_timestamp("continuation", stamp), rules.entity_id("continuation", event_id))
    except (ValueError, KeyError, TypeError, ValidationError):
        raise ValidationError("continuation", "is not a valid continuation token") from None
    if fingerprint != query.fingerprint():
        raise ValidationError("continuation", "belongs to a different query")
    return cursor


def partition_batches(
    events: list[Event], *, max_events: int, max_bytes: int, size_of: Callable[[Event], int]
) -> Iterator[tuple[str, list[tuple[int, Event]]]]:
    """``events`` with their positions, grouped as a backend's transactions must be: one tenant partition
    each, at most ``max_events`` events and ``max_bytes`` by ``size_of`` (the first event always goes in)."""
    by_tenant: dict[str, list[tuple[int, Event]]] = {}
    for index, event in enumerate(events):
        by_tenant.setdefault(event.tenant_id, []).append((index, event))
    for tenant_id, members in by_tenant.items():
        chunk: list[tuple[int, Event]] = []
        size = 0
        for index, event in members:
            weight = size_of(event)
            if chunk and (len(chunk) >= max_events or size + weight > max_bytes):
                yield tenant_id, chunk
                chunk, size = [], 0
            chunk.append((index, event))
            size += weight
        if chunk:
            yield tenant_id, chunk


class AbstractEventStore(abc.ABC):
    """Append-only audit trail. No update, no single-event delete: only tenant purge and expiry."""

    #: True when the backend expires events itself (Cosmos DB TTL); ``delete_expired`` is then a no-op.
    native_ttl: bool = False

    def append(self, event: Event) -> bool:
        """Store ``event``; False (and nothing changed) when this tenant already has an event with its id."""
        if not isinstance(event, Event):
            raise ValidationError("event", "must be an Event")
        return self._append(event)

    def append_many(self, events: Sequence[Event]) -> list[bool]:
        """Store ``events`` (one message's audit trail) in as few round trips as the backend allows: one
        transaction per tenant partition. Per event, False when the tenant already had an event with its id
        (a retried run); the others are still stored. Ids must be unique within the call."""
        checked = list(events)
        for event in checked:
            if not isinstance(event, Event):
                raise ValidationError("events", "must be Events")
        if len({(e.tenant_id, e.id) for e in checked}) != len(checked):
            raise ValidationError("events", "hold the same event id twice")
        if not checked:
            return []
        if len(checked) == 1:
            return [self._append(checked[0])]
        return self._append_many(checked)

    def query(
        self,
        *,
        tenant_id: str,
        since: datetime,
        until: datetime,
        types: Sequence[EventType | str] | None = None,
        page_size: int = 100,
        continuation: str | None = None,
    ) -> EventPage:
        """One page of a tenant's events in ``[since, until)``, newest first; expired events never appear."""
        query = self._query_of(tenant_id, since, until, types)
        if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValidationError("page_size", f"must be an integer from 1 to {MAX_PAGE_SIZE}")
        after = _decode_token(query, continuation) if continuation else None
        # One more than asked tells whether another page exists without a second round trip.
        events = self._query(query, after, page_size + 1)
        if len(events) <= page_size:
            return EventPage(events, None)
        page = events[:page_size]
        return EventPage(page, _encode_token(query, Cursor(page[-1].timestamp, page[-1].id)))

    def iter_events(
        self,
        *,
        tenant_id: str,
        since: datetime,
        until: datetime,
        types: Sequence[EventType | str] | None = None,
        page_size: int = 500,
    ) -> Iterator[Event]:
        """Every matching event, newest first, fetched page by page."""
        token: str | None = None
        while True:
            page = self.query(
                tenant_id=tenant_id, since=since, until=until, types=types, page_size=page_size, continuation=token
            )
            yield from page.events
            if page.continuation is None:
                return
            token = page.continuation

    def purge_tenant(self, *, tenant_id: str) -> int:
        """GDPR erasure: delete every event of the tenant; returns how many were deleted."""
        return self._purge_tenant(rules.entity_id("tenant_id", tenant_id))

    def delete_expired(self, *, now: datetime, batch_size: int = 100) -> int:
        """Delete events whose time to live has run out, ``batch_size`` per round trip; returns the count."""
        rules.aware("now", now)
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or not 1 <= batch_size <= 100:
            raise ValidationError("batch_size", "must be an integer from 1 to 100")
        if self.native_ttl:
            return 0
        return self._delete_expired(now, batch_size)

    @staticmethod
    def _query_of(
        tenant_id: str, since: datetime, until: datetime, types: Sequence[EventType | str] | None
    ) -> EventQuery:
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        since = parse_timestamp("since", rules.aware("since", since))
        until = parse_timestamp("until", rules.aware("until", until))
        if since >= until:
            raise ValidationError("until", "must be after since")
        checked: list[EventType] = []
        for value in types or ():
            try:
                checked.append(EventType(value))
            except ValueError:
                raise ValidationError("types", f"{value!r} is not an event type") from None
        return EventQuery(tenant_id, since, until, tuple(sorted(set(checked))))

    @abc.abstractmethod
    def _append(self, event: Event) -> bool: ...
    @abc.abstractmethod
    def _append_many(self, events: list[Event]) -> list[bool]:
        """Each tenant's events in one transaction; when one of them exists already the transaction fails
        whole and the events of that tenant are appended one by one (a retry: the store keeps one of each)."""
    @abc.abstractmethod
    def _query(self, query: EventQuery, after: Cursor | None, limit: int) -> list[Event]:
        """Up to ``limit`` events of ``query`` strictly after ``after`` in store order (newest first)."""
    @abc.abstractmethod
    def _purge_tenant(self, tenant_id: str) -> int: ...
    def _delete_expired(self, now: datetime, batch_size: int) -> int:
        raise NotImplementedError(f"{type(self).__name__} has no native TTL and must delete expired events")
