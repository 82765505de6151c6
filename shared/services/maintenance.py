"""Running maintenance jobs: one lease per job, one MaintenanceRun event per run, failures raised.

The timer triggers and ``pipster jobs run`` both come through ``run_job``. A job runs under a blob lease
named after it (renewed while it runs), so a second runner — another instance, or an operator at the
same time — skips instead of doing the work twice. Each job is itself idempotent and resumable; the lease
only spares the duplicate effort. Every run records a MaintenanceRun event (system partition) with its
report and duration; a failed run records what happened and then raises, so monitoring shows it failed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from shared.domain.events import SYSTEM_TENANT, EventType, build_event

logger = logging.getLogger(__name__)
LOCK_CONTAINER = "maintenance-locks"
LEASE_SECONDS = 60
SOURCE = "Maintenance"

Job = Callable[[Any], dict[str, Any]]


class JobFailedError(Exception):
    """A job that did part of its work and failed the rest; ``report`` (what it did) is recorded with the
    failure, and the job raises so monitoring shows the run as failed."""

    def __init__(self, message: str, report: dict[str, Any]) -> None:
        super().__init__(message)
        self.report = report


def _key_rotation(container: Any) -> dict[str, Any]:
    """Rotate when the key is due (90 days by default), then move every envelope to the current version."""
    rotation = container.key_rotation.rotate()
    return {"rotation": rotation.as_dict(), "reencryption": container.key_rotation.reencrypt().as_dict()}


def _tiering(container: Any) -> dict[str, Any]:
    """Session blobs to Hot/Cool/Archive by tenant activity; the report lists every move."""
    report = dict(container.tiering.run().as_dict())
    if report["errors"]:  # the other sessions were tiered; the failed ones are retried by the next run
        raise JobFailedError(f"tiering failed for {len(report['errors'])} sessions", report)
    return report


# name -> callable(container) returning a JSON-serialisable report. The timers call the same entries.
JOBS: dict[str, Job] = {
    "backup": lambda c: c.backups.run(),
    "key-rotation": _key_rotation,
    "ttl-cleanup": lambda c: c.ttl_cleanup.run(),
    "events-archive": lambda c: c.event_archiver.run(),
    "tiering": _tiering,
    "gdpr-purge": lambda c: c.gdpr_purge.run(),
}


class JobLease:
    """A blob lease held (and renewed in the background) for the duration of a job."""

    def __init__(self, blobs: Any, name: str) -> None:
        self._container = blobs.get_container_client(LOCK_CONTAINER)
        self._blob = self._container.get_blob_client(name)
        self._lease: Any = None
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    def acquire(self) -> bool:
        from azure.core.exceptions import HttpResponseError, ResourceExistsError

        for create in (self._container.create_container, lambda: self._blob.upload_blob(b"", overwrite=False)):
            try:
                create()
            except ResourceExistsError:
                pass
        try:
            self._lease = self._blob.acquire_lease(lease_duration=LEASE_SECONDS)
        except HttpResponseError as exc:
            if getattr(exc, "error_code", None) == "LeaseAlreadyPresent":
                return False
            raise
        self._renewer = threading.Thread(target=self._renew, name="job-lease", daemon=True)
        self._renewer.start()
        return True

    def _renew(self) -> None:
        while not self._stop.wait(LEASE_SECONDS / 3):
            try:
                self._lease.renew()
            except Exception:  # noqa: BLE001 - a lost lease only risks duplicate (idempotent) work
                logger.warning("could not renew the lease on job %s", self._blob.blob_name)

    def release(self) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join(5)
        if self._lease is not None:
            try:
                self._lease.release()
            except Exception:  # noqa: BLE001 - it expires on its own within a minute
                logger.warning("could not release the lease on job %s", self._blob.blob_name)


def run_job(container: Any, name: str, *, jobs: dict[str, Job] | None = None) -> dict[str, Any]:
    """Run job ``name`` under its lease and record a MaintenanceRun event; raise after recording a failure."""
    job = (jobs or JOBS)[name]
    lease = JobLease(container.blobs, name)
    if not lease.acquire():
        logger.info("maintenance job %s skipped: another runner holds its lease", name)
        return {"job": name, "skipped": "another runner holds the lease"}
    started = time.perf_counter()
    try:
        report = job(container)
    except Exception as exc:
        failure = {"error": type(exc).__name__, "detail": str(exc)[:500]}
        if isinstance(exc, JobFailedError):
            failure["partial"] = exc.report
        _record(container, name, "failed", started, failure)
        logger.exception("maintenance job %s failed", name)
        raise
    finally:
        lease.release()
    _record(container, name, "succeeded", started, report)
    return report


def _record(container: Any, name: str, status: str, started: float, report: dict[str, Any]) -> None:
    data = {"job": name, "status": status, "durationMs": round((time.perf_counter() - started) * 1000, 1),
            "report": {k: v for k, v in report.items() if k != "job"}}
    container.events.append(build_event(EventType.MAINTENANCE_RUN, tenant_id=SYSTEM_TENANT, source=SOURCE,
                                        clock=container.clock, data=data))
