"""Event retention: the hourly TTL cleanup (Tables has no native TTL) and the daily cold archive.

Spec "Data Retention": events live 90 days in the store and 7 years in cold storage. The archive
writes each finished UTC day for every tenant well before the day expires, and remembers the last
day done; a missed run is caught up by the next one (as far back as the store still holds events).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from shared.clock import Clock
from shared.domain.events import EVENT_TTL_SECONDS, SYSTEM_TENANT, Event
from shared.ports.event_archive import AbstractEventArchive, ArchivedDay
from shared.ports.events import AbstractEventStore
from shared.services.reports import JobReport

logger = logging.getLogger(__name__)

SOURCE = "Maintenance"
# A day is archived once it has been over for this long, so events that arrive a little late are in it.
SETTLE = timedelta(hours=1)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=UTC)
    return start, start + timedelta(days=1)


@dataclass
class TtlCleanup:
    """Deletes events whose 90 days are over, ``batch_size`` rows per transaction. A no-op on Cosmos DB."""

    store: AbstractEventStore
    clock: Clock
    batch_size: int = 100

    def run(self) -> JobReport:
        now = self.clock.now()
        if self.store.native_ttl:
            return JobReport("ttl-cleanup", {"deleted": 0, "nativeTtl": True})
        deleted = self.store.delete_expired(now=now, batch_size=self.batch_size)
        return JobReport("ttl-cleanup", {"deleted": deleted, "nativeTtl": False,
                                         "olderThan": (now - timedelta(seconds=EVENT_TTL_SECONDS)).isoformat()})


@dataclass
class EventArchiver:
    """Copies each tenant's events of each finished UTC day to the cold archive (idempotent per day)."""

    store: AbstractEventStore
    archive: AbstractEventArchive
    tenant_ids: Callable[[], Iterable[str]]
    clock: Clock

    def archive_day(self, tenant_id: str, day: date) -> ArchivedDay | None:
        """Write (or rewrite) one tenant's day; None when the tenant had no events that day."""
        since, until = day_bounds(day)
        events = list(self.store.iter_events(tenant_id=tenant_id, since=since, until=until))
        if not events:
            return None
        return self.archive.write_day(tenant_id, day, events)

    def read_day(self, tenant_id: str, day: date) -> list[Event]:
        return self.archive.read_day(tenant_id, day)

    def erase_tenant(self, tenant_id: str) -> dict[str, Any]:
        """GDPR erasure of a tenant's audit trail: the live events and every archived day."""
        events = self.store.purge_tenant(tenant_id=tenant_id)
        days = self.archive.purge_tenant(tenant_id)
        return {"tenantId": tenant_id, "events": events, "archivedDays": days}

    def pending_days(self) -> list[date]:
        """Finished days after the checkpoint, never older than what the store still holds."""
        now = self.clock.now()
        last_finished = (now - SETTLE).date() - timedelta(days=1)
        oldest_alive = (now - timedelta(seconds=EVENT_TTL_SECONDS)).date() + timedelta(days=1)
        done = self.archive.archived_through()
        # First run: start with the last finished day; older days can be archived with archive_range().
        first = last_finished if done is None else max(done + timedelta(days=1), oldest_alive)
        return [first + timedelta(days=i) for i in range((last_finished - first).days + 1)]

    def archive_range(self, days: Iterable[date]) -> JobReport:
        tenants = sorted({*self.tenant_ids(), SYSTEM_TENANT})
        files = events = 0
        archived: list[str] = []
        for day in days:
            for tenant_id in tenants:
                written = self.archive_day(tenant_id, day)
                if written is not None:
                    files += 1
                    events += written.events
            # Checkpoint only after every tenant's file for the day exists: a crash redoes the day, harmlessly.
            self.archive.set_archived_through(day)
            archived.append(day.isoformat())
        return JobReport("events-archive", {"days": archived, "tenants": len(tenants), "files": files,
                                            "events": events})

    def run(self) -> JobReport:
        report = self.archive_range(self.pending_days())
        logger.info("archived %s events in %s files for days %s", report["events"], report["files"], report["days"])
        return report
