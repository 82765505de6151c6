"""The pipeline's event store: every event it appends is also counted in the statistics.

Counting runs after the event is stored, in its own SQL transaction (the event store and SQL cannot share
one). It is keyed by the event id, and the pipeline writes the same event ids when a message is retried,
so a failure between the two is repaired by the retry: the event is found stored, the fact is recorded.
"""

from __future__ import annotations

from datetime import datetime

from shared.domain.events import Event
from shared.ports.events import AbstractEventStore, Cursor, EventQuery
from shared.services.stats import StatsRecorder


class StatsProjectingEventStore(AbstractEventStore):
    """Delegates everything to ``inner``; ``append`` also hands the event to the recorder."""

    def __init__(self, inner: AbstractEventStore, recorder: StatsRecorder) -> None:
        self._inner = inner
        self._recorder = recorder
        self.native_ttl = getattr(inner, "native_ttl", False)  # a stand-in store may not say

    def _append(self, event: Event) -> bool:
        stored = self._inner.append(event)
        self._recorder.record_event(event)  # also when already stored: this may be the retry of a failed count
        return stored

    def _append_many(self, events: list[Event]) -> list[bool]:
        stored = self._inner.append_many(events)
        self._recorder.record_events(events)  # one transaction for the message's events
        return stored

    # The hooks below are the inner store's own: a decorator of the same port, not a caller of it.
    def _query(self, query: EventQuery, after: Cursor | None, limit: int) -> list[Event]:
        return self._inner._query(query, after, limit)  # noqa: SLF001

    def _purge_tenant(self, tenant_id: str) -> int:
        return self._inner._purge_tenant(tenant_id)  # noqa: SLF001

    def _delete_expired(self, now: datetime, batch_size: int) -> int:
        return self._inner._delete_expired(now, batch_size)  # noqa: SLF001
