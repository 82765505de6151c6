"""Running maintenance jobs: one lease per job, one MaintenanceRun event per run, failures raised.

The timer triggers and ``pipster jobs run`` both come through ``JobRunner.run``. A job runs under a lease
named after it (renewed while it runs), so a second runner — another instance, or an operator at the same
time — skips instead of doing the work twice. Each job is itself idempotent and resumable; the lease only
spares the duplicate effort. Every run records a MaintenanceRun event (system partition) with its report
and duration; a failed run records what happened and then raises, so monitoring shows it failed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from shared.clock import Clock
from shared.domain.events import SYSTEM_TENANT, EventType, build_event
from shared.ports.events import AbstractEventStore
from shared.ports.leases import AbstractLeases
from shared.services.reports import JobReport

if TYPE_CHECKING:
    from shared.services.backup import BackupService
    from shared.services.cache_repair import CacheRepair
    from shared.services.event_retention import EventArchiver, TtlCleanup
    from shared.services.gdpr import GdprPurge
    from shared.services.key_rotation import KeyRotationService
    from shared.services.tiering import TieringService
    from shared.services.trade_expiry import PendingExpirySweep

logger = logging.getLogger(__name__)
SOURCE = "Maintenance"


class Report(Protocol):
    def as_dict(self) -> dict[str, Any]: ...


class JobFailedError(Exception):
    """A job that did part of its work and failed the rest; ``report`` (what it did) is recorded with the
    failure, and the job raises so monitoring shows the run as failed."""

    def __init__(self, message: str, report: Mapping[str, Any]) -> None:
        super().__init__(message)
        self.report = dict(report)


@dataclass(frozen=True)
class MaintenanceServices:
    """What the jobs work with, built once by the composition root (resolved lazily: a job builds only
    the adapters it needs)."""

    backups: Callable[[], BackupService]
    key_rotation: Callable[[], KeyRotationService]
    tiering: Callable[[], TieringService]
    ttl_cleanup: Callable[[], TtlCleanup]
    event_archiver: Callable[[], EventArchiver]
    gdpr_purge: Callable[[], GdprPurge]
    trade_expiry: Callable[[], PendingExpirySweep]
    cache_repair: Callable[[], CacheRepair]


Job = Callable[[MaintenanceServices], Report]


def _key_rotation(services: MaintenanceServices) -> Report:
    """Rotate when the key is due (90 days by default), then move every envelope to the current version."""
    rotation = services.key_rotation()
    return JobReport("key-rotation", {"rotation": rotation.rotate().as_dict(),
                                      "reencryption": rotation.reencrypt().as_dict()})


def _tiering(services: MaintenanceServices) -> Report:
    """Session blobs to Hot/Cool/Archive by tenant activity; the report lists every move."""
    report = services.tiering().run()
    if report.errors:  # the other sessions were tiered; the failed ones are retried by the next run
        raise JobFailedError(f"tiering failed for {len(report.errors)} sessions", report.as_dict())
    return report


# name -> job. The timers call the same entries. The backup job runs under the runner's "backup" lease,
# which is the backup's own lease: one lease, not two.
JOBS: dict[str, Job] = {
    "backup": lambda s: s.backups().run_held(),
    "key-rotation": _key_rotation,
    "ttl-cleanup": lambda s: s.ttl_cleanup().run(),
    "events-archive": lambda s: s.event_archiver().run(),
    "tiering": _tiering,
    "gdpr-purge": lambda s: s.gdpr_purge().run(),
    "trade-expiry": lambda s: s.trade_expiry().run(),
    "cache-repair": lambda s: s.cache_repair().run(),
}


class JobRunner:
    def __init__(self, *, leases: AbstractLeases, events: Callable[[], AbstractEventStore], clock: Clock,
                 services: MaintenanceServices, jobs: Mapping[str, Job] | None = None) -> None:
        self._leases = leases
        self._events = events
        self._clock = clock
        self._services = services
        self._jobs = dict(jobs or JOBS)

    @property
    def names(self) -> list[str]:
        return sorted(self._jobs)

    def run(self, name: str) -> dict[str, Any]:
        """Run job ``name`` under its lease and record a MaintenanceRun event; raise after recording a failure."""
        job = self._jobs[name]
        lease = self._leases.acquire(name)
        if lease is None:
            logger.info("maintenance job %s skipped: another runner holds its lease", name)
            return {"job": name, "skipped": "another runner holds the lease"}
        started = time.perf_counter()
        try:
            report = job(self._services).as_dict()
        except Exception as exc:
            failure: dict[str, Any] = {"error": type(exc).__name__, "detail": str(exc)[:500]}
            if isinstance(exc, JobFailedError):
                failure["partial"] = exc.report
            self._record(name, "failed", started, failure)
            logger.exception("maintenance job %s failed", name)
            raise
        finally:
            lease.release()
        self._record(name, "succeeded", started, report)
        return report

    def _record(self, name: str, status: str, started: float, report: dict[str, Any]) -> None:
        data = {"job": name, "status": status, "durationMs": round((time.perf_counter() - started) * 1000, 1),
                "report": {k: v for k, v in report.items() if k != "job"}}
        self._events().append(build_event(EventType.MAINTENANCE_RUN, tenant_id=SYSTEM_TENANT, source=SOURCE,
                                          clock=self._clock, data=data))
