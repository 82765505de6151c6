"""An in-memory event store: the whole ``AbstractEventStore`` port, held in a dict, for the functional tier.

It behaves as the real backends do where callers can tell: events go through their JSON document and
back (so a read returns a fresh object, never the one appended), an id is unique per tenant, reads are
newest first with ties in id order, expired events are never returned and ``delete_expired`` removes
them (no native TTL, like Azure Tables), and an oversized event is refused whole. The event store
contract suite (tests/integration/test_event_store_contract.py) runs against it as a third backend.
"""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta
from typing import Any

from shared.clock import Clock
from shared.domain.events import Event
from shared.ports.events import AbstractEventStore, Cursor, EventQuery, EventTooLargeError

# The smaller of the real backends' limits for one stored event (an Azure Tables entity; Cosmos takes 2 MiB).
MAX_EVENT_BYTES = 1024 * 1024


class FakeEventStore(AbstractEventStore):
    """Events per tenant partition, keyed by id; ``clock`` decides what has expired, as the server's would."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._partitions: dict[str, dict[str, dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self.writes = 0  # round trips a real backend would make: one per append, one per tenant in a batch

    def stored(self, tenant_id: str) -> list[Event]:
        """Every event of a tenant still held, expired or not, in the order appended (for assertions)."""
        with self._lock:
            documents = list(self._partitions.get(tenant_id, {}).values())
        return [Event.from_document(document) for document in documents]

    def _append(self, event: Event) -> bool:
        return self._append_many([event])[0]

    def _append_many(self, events: list[Event]) -> list[bool]:
        """Per tenant, all or nothing as the real backends' batches are, then one by one after a conflict."""
        documents = [json.loads(_checked_text(event)) for event in events]
        found: dict[int, bool] = {}
        with self._lock:
            for tenant_id in dict.fromkeys(event.tenant_id for event in events):
                self.writes += 1
                partition = self._partitions.setdefault(tenant_id, {})
                mine = [i for i, event in enumerate(events) if event.tenant_id == tenant_id]
                for i in mine:
                    found[i] = events[i].id not in partition
                    if found[i]:
                        partition[events[i].id] = documents[i]
        return [found[i] for i in range(len(events))]

    def _query(self, query: EventQuery, after: Cursor | None, limit: int) -> list[Event]:
        now = self._clock.now()
        with self._lock:
            documents = list(self._partitions.get(query.tenant_id, {}).values())
        found = []
        for document in documents:
            event = Event.from_document(document)
            if not query.since <= event.timestamp < query.until or _expired(event, now):
                continue
            if query.types and event.type not in query.types:
                continue
            if after is not None and not _comes_after(event, after):
                continue
            found.append(event)
        # Newest first; the same timestamp in ascending id order (what both real backends sort on).
        found.sort(key=lambda e: e.id)
        found.sort(key=lambda e: e.timestamp, reverse=True)
        return found[:limit]

    def _purge_tenant(self, tenant_id: str) -> int:
        with self._lock:
            return len(self._partitions.pop(tenant_id, {}))

    def _delete_expired(self, now: datetime, batch_size: int) -> int:
        deleted = 0
        with self._lock:
            for partition in self._partitions.values():
                gone = [key for key, doc in partition.items() if _expired(Event.from_document(doc), now)]
                for key in gone:
                    del partition[key]
                deleted += len(gone)
        return deleted


def _expired(event: Event, now: datetime) -> bool:
    return event.timestamp + timedelta(seconds=event.ttl) <= now


def _comes_after(event: Event, cursor: Cursor) -> bool:
    """Strictly after ``cursor`` in store order: older, or as old with a greater id."""
    return event.timestamp < cursor.timestamp or (event.timestamp == cursor.timestamp and event.id > cursor.event_id)


def _checked_text(event: Event) -> str:
    text = json.dumps(event.to_document(), ensure_ascii=False, separators=(",", ":"))
    if len(text.encode("utf-8")) > MAX_EVENT_BYTES:
        raise EventTooLargeError("data", f"the event is {len(text.encode('utf-8'))} bytes of JSON; "
                                         f"the store holds {MAX_EVENT_BYTES}")
    return text
