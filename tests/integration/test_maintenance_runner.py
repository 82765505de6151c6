"""Maintenance runs on Azurite: one MaintenanceRun event per run, failures recorded then raised, overlap skipped."""

from __future__ import annotations

import threading
import types
from dataclasses import fields
from datetime import timedelta
from typing import Any

import pytest
from azure.storage.blob import BlobServiceClient

from shared.adapters.blob.leases import BlobLeases
from shared.domain.events import SYSTEM_TENANT, EventType
from shared.services.maintenance import Job, JobRunner, MaintenanceServices
from shared.services.reports import JobReport
from tests.support.event_stores import tables_store


def _unused() -> Any:
    raise AssertionError("these jobs need no service")


@pytest.fixture
def container(azurite, clock) -> Any:  # type: ignore[no-untyped-def]
    blobs = BlobServiceClient.from_connection_string(azurite.connection_string)
    return types.SimpleNamespace(leases=BlobLeases(blobs), events=tables_store(azurite, clock), clock=clock)


def run_job(container: Any, name: str, *, jobs: dict[str, Job]) -> dict[str, Any]:
    services = MaintenanceServices(*[_unused] * len(fields(MaintenanceServices)))
    return JobRunner(leases=container.leases, events=lambda: container.events, clock=container.clock,
                     services=services, jobs=jobs).run(name)


def runs(container: Any) -> list[Any]:
    now = container.clock.now()
    return list(container.events.iter_events(tenant_id=SYSTEM_TENANT, since=now - timedelta(days=1),
                                             until=now + timedelta(days=1)))


def test_a_run_records_its_report_and_duration(container: Any) -> None:
    report = run_job(container, "demo", jobs={"demo": lambda c: JobReport("demo", {"moved": 3})})
    assert report == {"job": "demo", "moved": 3}
    (event,) = runs(container)
    assert event.type is EventType.MAINTENANCE_RUN
    assert event.data["job"] == "demo" and event.data["status"] == "succeeded"
    assert event.data["report"] == {"moved": 3} and event.data["durationMs"] >= 0


def test_a_failed_run_is_recorded_and_then_raised(container: Any) -> None:
    def broken(_: Any) -> JobReport:
        raise RuntimeError("storage unreachable")

    with pytest.raises(RuntimeError, match="storage unreachable"):
        run_job(container, "broken", jobs={"broken": broken})
    (event,) = runs(container)
    assert event.data["status"] == "failed" and event.data["report"]["error"] == "RuntimeError"
    assert run_job(container, "broken", jobs={"broken": lambda c: JobReport("broken", {"ok": True})}) == {
        "job": "broken", "ok": True}  # lease released


def test_a_second_runner_skips_while_the_first_holds_the_lease(container: Any) -> None:
    inside, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def slow(_: Any) -> JobReport:
        calls.append(1)
        inside.set()
        release.wait(10)
        return JobReport("slow", {"done": True})

    first = threading.Thread(target=run_job, args=(container, "slow"), kwargs={"jobs": {"slow": slow}})
    first.start()
    assert inside.wait(10)
    second = run_job(container, "slow", jobs={"slow": slow})
    release.set()
    first.join(10)
    assert second["skipped"] and calls == [1]
    assert [e.data["status"] for e in runs(container)] == ["succeeded"]


def test_leases_are_per_job(container: Any) -> None:
    held = container.leases.acquire("backup")
    assert held is not None
    try:
        assert run_job(container, "other", jobs={"other": lambda c: JobReport("other", {"ran": True})})["ran"]
    finally:
        held.release()
