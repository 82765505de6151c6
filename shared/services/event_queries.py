"""The tenant's side of the event store: its audit trail, paged, and its GDPR export."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from shared.clock import Clock
from shared.domain import rules
from shared.domain.errors import ValidationError
from shared.domain.events import EventType
from shared.ports.events import AbstractEventStore, EventPage, continuation_window
from shared.services.gdpr_export import GdprExporter, TenantExport

DEFAULT_WINDOW = timedelta(days=90)  # the events' time to live: older ones no longer exist


class EventQueryService:
    """Reads a tenant's events (newest first) and exports everything stored about it."""

    def __init__(self, events: AbstractEventStore, exporter: GdprExporter, clock: Clock) -> None:
        self._events = events
        self._exporter = exporter
        self._clock = clock

    def page(self, *, tenant_id: str, types: Sequence[EventType] | None = None, since: datetime | None = None,
             until: datetime | None = None, limit: int = 100, continuation: str | None = None) -> EventPage:
        """``[since, until)``, default the last 90 days up to now; a continued query defaults to the window
        of the page that issued its token."""
        for name, value in (("since", since), ("until", until)):
            if value is not None and value.tzinfo is None:
                raise ValidationError(name, "must include a UTC offset (e.g. 2026-01-31T12:00:00Z)")
        if continuation:
            pinned_since, pinned_until = continuation_window(continuation)
            since, until = since or pinned_since, until or pinned_until
        until = until or self._clock.now()
        since = since or until - DEFAULT_WINDOW
        return self._events.query(tenant_id=rules.entity_id("tenant_id", tenant_id), since=since, until=until,
                                  types=types, page_size=limit, continuation=continuation)

    def export(self, *, tenant_id: str) -> TenantExport:
        return self._exporter.export(rules.entity_id("tenant_id", tenant_id))
