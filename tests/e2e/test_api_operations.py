"""Liveness, readiness (every store checked and timed; 503 when one is down) and the admin metrics."""

from __future__ import annotations

import socket
from pathlib import Path

from fastapi.testclient import TestClient

from functions.http_api import create_api
from shared.adapters.sql import migrate
from shared.bootstrap import bootstrap
from shared.settings import Settings
from tests.e2e.conftest import ADMIN_KEY, admin, bearer, register


def test_liveness_does_no_io(client: TestClient) -> None:
    assert client.get("/api/v1/health").json() == {"status": "ok"}


def test_ready_checks_each_store_with_its_latency(client: TestClient) -> None:
    response = client.get("/api/v1/health/ready")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ready" and set(body["checks"]) == {"sql", "cache", "blob", "events", "workers"}
    assert all(c["ok"] and c["latencyMs"] >= 0 for c in body["checks"].values())


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_ready_is_503_naming_the_store_that_is_down(tmp_path: Path, azurite, clock) -> None:  # type: ignore[no-untyped-def]
    """A real Redis client pointed at a port nothing listens on: the cache is down, the rest is up."""
    settings = Settings(PIPSTER_DATA_DIR=str(tmp_path), PIPSTER_ADMIN_KEY=ADMIN_KEY, PIPSTER_ENVIRONMENT="test",
                        AzureWebJobsStorage=azurite.connection_string,
                        PIPSTER_REDIS_URL=f"redis://127.0.0.1:{_closed_port()}/0")
    container = bootstrap(settings, clock=clock)
    migrate.upgrade(container.database.engine)
    try:
        with TestClient(create_api(lambda: container, settings), raise_server_exceptions=False) as client:
            response = client.get("/api/v1/health/ready")
    finally:
        container.close()
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert response.json()["status"] == "unavailable" and checks["cache"]["ok"] is False and checks["cache"]["error"]
    assert checks["sql"]["ok"] and checks["blob"]["ok"] and checks["events"]["ok"]


def test_metrics_are_admin_only_and_count_cache_lookups(client: TestClient, container) -> None:  # type: ignore[no-untyped-def]
    tenant, key = register(client)
    assert client.get("/api/v1/metrics", headers=bearer(key)).status_code == 403
    before = client.get("/api/v1/metrics", headers=admin()).json()
    for _ in range(4):  # the first lookup misses and fills the cache, the next three hit it
        container.config.get_tenant(tenant_id=tenant["id"])
    after = client.get("/api/v1/metrics", headers=admin()).json()
    assert after["cache"]["tenant"]["hits"] == before["cache"]["tenant"]["hits"] + 3
    assert after["cache"]["tenant"]["misses"] == before["cache"]["tenant"]["misses"] + 1
    assert 0 < after["cacheHitRate"] <= 1 and after["cacheBackend"]["backend"] == "in-process"
    assert isinstance(after["counters"], dict)


def test_ready_is_503_when_a_queue_worker_has_died(client: TestClient) -> None:
    """Hardening #2: a dead worker thread of the local host makes the process not ready."""
    import threading

    from shared.observability.liveness import liveness

    heart = liveness.heart("queue:dead-worker", stalled_after=60)
    thread = threading.Thread(target=heart.bind)
    thread.start()
    thread.join()
    try:
        response = client.get("/api/v1/health/ready")
    finally:
        liveness.forget(heart)
    assert response.status_code == 503
    workers = response.json()["checks"]["workers"]
    assert (workers["ok"], workers["error"]) == (False, "WorkerStalledError")
