"""Hardening #15: rate limits per API key and per client address, answered 429 with Retry-After.

Before, any key (or anyone guessing keys) could send requests as fast as the worker answered them. The
counters live in Redis when it is configured (the real server here, a namespace per test), so every
instance of the app shares them; without Redis each process counts for itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from functions.http_api import create_api
from shared.adapters.sql import migrate
from shared.bootstrap import Container, bootstrap
from shared.settings import Settings
from tests.e2e.conftest import ADMIN_KEY, admin, bearer, register


def _app(tmp_path: Path, azurite, clock, **limits: str) -> Container:  # type: ignore[no-untyped-def]
    settings = Settings(PIPSTER_DATA_DIR=str(tmp_path), PIPSTER_ADMIN_KEY=ADMIN_KEY, PIPSTER_ENVIRONMENT="test",
                        AzureWebJobsStorage=azurite.connection_string, **limits)
    built = bootstrap(settings, clock=clock)
    migrate.upgrade(built.database.engine)
    return built


@pytest.fixture
def limited(tmp_path: Path, azurite, clock, redis_url: str) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    container = _app(tmp_path, azurite, clock, PIPSTER_RATE_LIMIT_PER_KEY="5/minute",
                     PIPSTER_RATE_LIMIT_PER_ADDRESS="12/minute", PIPSTER_REDIS_URL=redis_url,
                     PIPSTER_REDIS_NAMESPACE=f"t{uuid.uuid4().hex[:10]}")
    with TestClient(create_api(lambda: container, container.settings), raise_server_exceptions=False) as client:
        yield client
    container.close()


def test_a_key_past_its_limit_gets_429_with_retry_after_and_other_keys_go_on(limited: TestClient) -> None:
    tenant, key = register(limited, "a@example.com")  # the admin key's requests: 1
    url = f"/api/v1/tenants/{tenant['id']}"
    assert [limited.get(url, headers=bearer(key)).status_code for _ in range(5)] == [200] * 5
    refused = limited.get(url, headers=bearer(key))
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.json()["title"] == "Too many requests"
    assert limited.get(url, headers=admin()).status_code == 200  # another key, same address: still under 12


def test_an_address_past_its_limit_is_refused_whatever_key_it_sends(limited: TestClient) -> None:
    wrong = [limited.get("/api/v1/tenants", headers=bearer(f"guess-{n}")).status_code for n in range(12)]
    assert wrong == [401] * 12  # key guessing counts against the address
    refused = limited.get("/api/v1/tenants", headers=admin())
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1


def test_probes_are_never_limited(limited: TestClient) -> None:
    assert {limited.get("/api/v1/health").status_code for _ in range(20)} == {200}


def test_instances_sharing_redis_share_the_counters(tmp_path: Path, azurite, clock, redis_url: str) -> None:  # type: ignore[no-untyped-def]
    namespace = f"t{uuid.uuid4().hex[:10]}"
    limits = {"PIPSTER_RATE_LIMIT_PER_KEY": "4/minute", "PIPSTER_RATE_LIMIT_PER_ADDRESS": "100/minute",
              "PIPSTER_REDIS_URL": redis_url, "PIPSTER_REDIS_NAMESPACE": namespace}
    one = _app(tmp_path / "one", azurite, clock, **limits)
    two = _app(tmp_path / "two", azurite, clock, **limits)
    with TestClient(create_api(lambda: one, one.settings)) as a, TestClient(create_api(lambda: two, two.settings)) as b:
        statuses = [client.get("/api/v1/tenants", headers=admin()).status_code for client in (a, b, a, b, a)]
    one.close()
    two.close()
    assert statuses == [200, 200, 200, 200, 429]


def test_with_redis_down_the_limits_are_counted_in_the_process(tmp_path: Path, azurite, clock) -> None:  # type: ignore[no-untyped-def]
    from tests.support.services import free_port

    down = _app(tmp_path, azurite, clock, PIPSTER_RATE_LIMIT_PER_KEY="3/minute",
                PIPSTER_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0", PIPSTER_REDIS_TIMEOUT="0.2")
    with TestClient(create_api(lambda: down, down.settings), raise_server_exceptions=False) as client:
        statuses = [client.get("/api/v1/tenants", headers=admin()).status_code for _ in range(5)]
    down.close()
    # The sliding-window counter weighs the last minute's hits by the time left in it: a minute's boundary crossed
    # between two requests lets one more through (floor(2.99) + 1 <= 3), so the refusal is the fourth or the fifth
    assert statuses[:3] == [200, 200, 200] and 429 in statuses[3:]
