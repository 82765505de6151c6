"""An API client over a fresh SQLite database, with an admin key and helpers to register tenants."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from functions.http_api import create_api
from shared.adapters.sql import migrate
from shared.bootstrap import Container, bootstrap
from shared.settings import Settings

ADMIN_KEY = "test-admin-key-0123456789"


@pytest.fixture
def container(tmp_path: Path, clock, azurite) -> Iterator[Container]:  # type: ignore[no-untyped-def]
    # No rate limits: these tests (the fuzzing above all) send thousands of requests a minute with one key from
    # one address. The limits have tests of their own (test_api_rate_limits.py).
    settings = Settings(PIPSTER_DATA_DIR=str(tmp_path), PIPSTER_ADMIN_KEY=ADMIN_KEY, PIPSTER_ENVIRONMENT="test",
                        AzureWebJobsStorage=azurite.connection_string, PIPSTER_RATE_LIMIT_PER_KEY="",
                        PIPSTER_RATE_LIMIT_PER_ADDRESS="")
    built = bootstrap(settings, clock=clock)
    migrate.upgrade(built.database.engine)
    yield built
    built.close()


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    api = create_api(lambda: container, container.settings)
    with TestClient(api, raise_server_exceptions=False) as test_client:
        yield test_client


@contextmanager
def worker_container(tmp_path: Path, azurite: Any, redis_url: str, clock: Any, monkeypatch: pytest.MonkeyPatch,
                     **settings: Any) -> Iterator[Container]:
    """A container as the queue functions use it (SQLite, Redis in a namespace of its own, Azurite events),
    installed as the process container the registered functions resolve."""
    values: dict[str, Any] = {
        "PIPSTER_DATA_DIR": str(tmp_path), "AzureWebJobsStorage": azurite.connection_string,
        "PIPSTER_REDIS_URL": redis_url, "PIPSTER_REDIS_NAMESPACE": f"t{uuid.uuid4().hex[:10]}",
        "PIPSTER_EVENTS_TABLE": f"ev{uuid.uuid4().hex[:10]}", **settings}
    built = bootstrap(Settings(**values), clock=clock)
    migrate.upgrade(built.database.engine)
    monkeypatch.setattr("shared.bootstrap.get_container", lambda: built)
    try:
        yield built
    finally:
        built.close()


def admin() -> dict[str, str]:
    return {"Authorization": f"Bearer {ADMIN_KEY}"}


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def register(client: TestClient, email: str = "desk@example.com", **extra: Any) -> tuple[dict[str, Any], str]:
    response = client.post("/api/v1/tenants", json={"email": email, "displayName": "Desk", **extra},
                           headers=admin())
    assert response.status_code == 201, response.text
    body = response.json()
    return body["tenant"], body["apiKey"]


def events_of(container: Container, tenant_id: str, *types: str) -> list[Any]:
    """The tenant's stored events (oldest first), optionally of some types only."""
    from datetime import timedelta

    now = container.clock.now()
    found = container.events.iter_events(tenant_id=tenant_id, since=now - timedelta(days=1),
                                         until=now + timedelta(seconds=1), types=list(types) or None)
    return list(reversed(list(found)))
