"""The GDPR purge: tenants whose 30-day deletion grace has passed lose everything Pipster holds about them.

Per tenant, in this order: the Telegram session (every blob and previous version), the live events,
the archived days (and their versions), the cache keys, the idempotency records, the TenantDeleted
event, and last the SQL rows. The tenant row going last is what makes the job resumable: a run that
dies half-way leaves the tenant still due, so the next run finds it and redoes every step, each of
which treats "already gone" as done. Two runs at once do the same: both sweep, one SQL delete wins.

TenantDeleted goes to the system partition, not the tenant's: the tenant's partition is exactly what
the purge empties (a rerun would erase the record of the erasure), and the system partition is archived
with the other operational events. It holds no personal data: the opaque tenant id, the dates and the
counts; never the email or the display name. Its id is derived from the tenant id, so a resumed or
concurrent run writes the same event again and the store keeps one.

Backups (``backups/{timestamp}/``) still hold the tenant until they age out of the retention window
(7 days by default): restoring one must be followed by a purge run, which finds the tenant due again.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.clock import Clock
from shared.domain.errors import NotFoundError
from shared.domain.events import SYSTEM_TENANT, EventType, build_event
from shared.domain.tenant import Tenant
from shared.ports.cache import AbstractCache, CacheKeys
from shared.ports.checkpoints import AbstractCheckpoints
from shared.ports.event_archive import AbstractEventArchive
from shared.ports.events import AbstractEventStore
from shared.ports.idempotency import AbstractIdempotencyStore
from shared.ports.repositories import AbstractUnitOfWork
from shared.ports.sessions import AbstractSessionStore
from shared.ports.transactions import TransactionRunner
from shared.services.maintenance import JobFailedError
from shared.services.reports import JobReport

logger = logging.getLogger(__name__)
SOURCE = "GdprPurge"


class GdprPurgeError(JobFailedError):
    """Some due tenants could not be purged; they stay due and the next run retries them."""


def deletion_event_id(tenant_id: str) -> str:
    """The TenantDeleted event's id: the same for every run that purges this tenant."""
    return "evt_" + hashlib.sha256(f"TenantDeleted:{tenant_id}".encode()).hexdigest()[:32]


@dataclass
class GdprPurge:
    database: TransactionRunner
    cache: AbstractCache
    idempotency: AbstractIdempotencyStore
    keys: CacheKeys
    sessions: AbstractSessionStore
    events: AbstractEventStore
    archive: AbstractEventArchive
    clock: Clock
    checkpoints: AbstractCheckpoints | None = None  # the session listener's, per tenant

    def run(self) -> JobReport:
        now = self.clock.now()
        due = self.database.repositories.tenants.due_for_purge(now=now)
        purged: list[dict[str, Any]] = []
        failed: list[str] = []
        for tenant in due:
            try:
                purged.append(self.purge(tenant, now))
            except Exception as exc:  # noqa: BLE001 - one tenant's fault must not stop the others' erasure
                logger.exception("GDPR purge of tenant %s failed; it stays due", tenant.id)
                failed.append(f"{tenant.id} ({type(exc).__name__}: {exc})")
        report = JobReport("gdpr-purge", {"due": len(due), "purged": [p["tenantId"] for p in purged],
                                          "tenants": purged})
        if failed:
            raise GdprPurgeError(f"purged {len(purged)} of {len(due)} due tenants; failed: {'; '.join(failed)}",
                                 report)
        return report

    def purge(self, tenant: Tenant, now: datetime) -> dict[str, Any]:
        """Erase one due tenant everywhere; safe to repeat and to run concurrently."""
        tenant_id = tenant.id
        counts: dict[str, Any] = {
            "session": self.sessions.delete(tenant_id),
            "events": self.events.purge_tenant(tenant_id=tenant_id),
            "archivedDays": self.archive.purge_tenant(tenant_id),
            "cacheKeys": self._purge_cache(tenant_id),
            "idempotencyKeys": self.idempotency.delete_matching(self.keys.idempotency_pattern(tenant_id)),
        }
        if self.checkpoints is not None:
            counts["listenerCheckpoints"] = self.checkpoints.delete(tenant_id)
        recorded = self.events.append(build_event(
            EventType.TENANT_DELETED, tenant_id=SYSTEM_TENANT, source=SOURCE, clock=self.clock,
            event_id=deletion_event_id(tenant_id),
            data={"tenantId": tenant_id, "deletionRequestedAt": tenant.deletion_requested_at,
                  "purgeAfter": tenant.purge_after, "purgedAt": now, "erased": counts},
        ))
        counts["sqlTenant"] = self.database.transact(lambda uow: self._delete_rows(uow, tenant_id, now),
                                                     what="gdpr purge")
        # Again after the commit: a reader may have refilled a key from the row while it still existed.
        counts["cacheKeys"] += self._purge_cache(tenant_id)
        logger.info("GDPR purge of tenant %s done: %s", tenant_id, counts)
        return {"tenantId": tenant_id, "eventRecorded": bool(recorded), **counts}

    def _delete_rows(self, uow: AbstractUnitOfWork, tenant_id: str, now: datetime) -> bool:
        current = uow.tenants.get_by_id(tenant_id=tenant_id)
        if current is None:
            return False  # a concurrent run deleted it first
        if current.purge_after is None or current.purge_after > now:
            # Cannot happen through the domain (no restore after the grace): refuse rather than erase.
            raise GdprPurgeError(f"tenant {tenant_id} is no longer due for purge", {"tenantId": tenant_id})
        try:
            uow.tenants.delete(tenant_id=tenant_id)
        except NotFoundError:
            return False
        return True

    def _purge_cache(self, tenant_id: str) -> int:
        keys = self.keys
        removed = self.cache.delete([keys.tenant(tenant_id), keys.trading(tenant_id), keys.routing(tenant_id)])
        return removed + self.cache.delete_matching(keys.channels_pattern(tenant_id))
