"""Maintenance runs on Azurite: one MaintenanceRun event per run, failures recorded then raised, overlap skipped."""

from __future__ import annotations

import threading
import types
from datetime import timedelta
from typing import Any

import pytest
from azure.storage.blob import BlobServiceClient

from shared.domain.events import SYSTEM_TENANT, EventType
from shared.services.maintenance import JobLease, run_job
from tests.support.event_stores import tables_store


@pytest.fixture
def container(azurite, clock) -> Any:  # type: ignore[no-untyped-def]
    return types.SimpleNamespace(blobs=BlobServiceClient.from_connection_string(azurite.connection_string),
                                 events=tables_store(azurite, clock), clock=clock)


def runs(container: Any) -> list[Any]:
    now = container.clock.now()
    return list(container.events.iter_events(tenant_id=SYSTEM_TENANT, since=now - timedelta(days=1),
                                             until=now + timedelta(days=1)))


def test_a_run_records_its_report_and_duration(container: Any) -> None:
    report = run_job(container, "demo", jobs={"demo": lambda c: {"job": "demo", "moved": 3}})
    assert report == {"job": "demo", "moved": 3}
    (event,) = runs(container)
    assert event.type is EventType.MAINTENANCE_RUN
    assert event.data["job"] == "demo" and event.data["status"] == "succeeded"
    assert event.data["report"] == {"moved": 3} and event.data["durationMs"] >= 0


def test_a_failed_run_is_recorded_and_then_raised(container: Any) -> None:
    def broken(_: Any) -> dict[str, Any]:
        raise RuntimeError("storage unreachable")

    with pytest.raises(RuntimeError, match="storage unreachable"):
        run_job(container, "broken", jobs={"broken": broken})
    (event,) = runs(container)
    assert event.data["status"] == "failed" and event.data["report"]["error"] == "RuntimeError"
    assert run_job(container, "broken", jobs={"broken": lambda c: {"ok": True}}) == {"ok": True}  # lease released


def test_a_second_runner_skips_while_the_first_holds_the_lease(container: Any) -> None:
    inside, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def slow(_: Any) -> dict[str, Any]:
        calls.append(1)
        inside.set()
        release.wait(10)
        return {"done": True}

    first = threading.Thread(target=run_job, args=(container, "slow"), kwargs={"jobs": {"slow": slow}})
    first.start()
    assert inside.wait(10)
    second = run_job(container, "slow", jobs={"slow": slow})
    release.set()
    first.join(10)
    assert second["skipped"] and calls == [1]
    assert [e.data["status"] for e in runs(container)] == ["succeeded"]


def test_leases_are_per_job(container: Any) -> None:
    held = JobLease(container.blobs, "backup")
    assert held.acquire()
    try:
        assert run_job(container, "other", jobs={"other": lambda c: {"ran": True}}) == {"ran": True}
    finally:
        held.release()
