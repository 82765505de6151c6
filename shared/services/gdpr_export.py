"""GDPR access and portability: everything stored about one tenant, secrets masked, as one document.

Rows come from the relational store (every table the tenant owns rows in), the session as its file list
(not its bytes: the session itself is downloadable on its own), and events from the live store plus the
cold archive's days that the live store has already expired. An archived day in the offline Archive tier
cannot be read at once: it is named in ``offline_days`` rather than failing the whole export.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from shared.clock import Clock
from shared.domain.errors import NotFoundError
from shared.domain.events import EVENT_TTL_SECONDS, Event
from shared.domain.sessions import SessionManifest
from shared.ports.event_archive import AbstractEventArchive, ArchiveOfflineError
from shared.ports.events import AbstractEventStore
from shared.ports.sessions import AbstractSessionStore

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TenantExport:
    exported_at: datetime
    tenant_id: str
    tables: dict[str, list[dict[str, Any]]]
    session: SessionManifest | None
    events: list[Event]
    offline_days: list[date]


class GdprExporter:
    def __init__(self, rows: Callable[[str], dict[str, list[dict[str, Any]]]], sessions: AbstractSessionStore,
                 events: AbstractEventStore, archive: AbstractEventArchive, clock: Clock) -> None:
        """``rows(tenant_id)``: ``{table: [row]}`` of every row the tenant owns, secrets masked."""
        self._rows, self._sessions, self._events, self._archive = rows, sessions, events, archive
        self._clock = clock

    def export(self, tenant_id: str) -> TenantExport:
        tables = self._rows(tenant_id)
        if not tables.get("Tenants"):
            raise NotFoundError("tenant", tenant_id, field="tenant_id")
        now = self._clock.now()
        created = datetime.fromisoformat(tables["Tenants"][0]["CreatedAt"]).astimezone(UTC)
        try:
            session: SessionManifest | None = self._sessions.manifest(tenant_id)
        except NotFoundError:
            session = None
        live = list(self._events.iter_events(tenant_id=tenant_id, since=created - timedelta(days=1),
                                             until=now + timedelta(seconds=1)))
        archived, offline = self._archived_events(tenant_id, created.date(), now, {e.id for e in live})
        events = sorted(live + archived, key=lambda e: (e.timestamp, e.id), reverse=True)
        return TenantExport(now, tenant_id, tables, session, events, offline)

    def _archived_events(self, tenant_id: str, first: date, now: datetime,
                         known: set[str]) -> tuple[list[Event], list[date]]:
        """Days the live store may have expired (older than the events' TTL) and the archive holds."""
        through = self._archive.archived_through()
        if through is None:
            return [], []
        last = min(through, (now - timedelta(seconds=EVENT_TTL_SECONDS)).date())
        found: list[Event] = []
        offline: list[date] = []
        day = first
        while day <= last:
            try:
                found.extend(e for e in self._archive.read_day(tenant_id, day) if e.id not in known)
            except NotFoundError:
                pass  # nothing happened that day
            except ArchiveOfflineError:
                offline.append(day)
            day += timedelta(days=1)
        return found, offline
