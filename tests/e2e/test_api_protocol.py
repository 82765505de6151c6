"""HTTP-level answers every route shares: 405 with the methods the path serves, bodies over the limit, bodies
that are not UTF-8 or JSON nested past what any field needs."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.e2e.conftest import bearer, register


def test_405_names_every_method_the_path_serves_in_allow(client: TestClient) -> None:
    tenant, key = register(client)
    brokers = client.put(f"/api/v1/tenants/{tenant['id']}/brokers", json={}, headers=bearer(key))
    assert brokers.status_code == 405
    assert {m.strip() for m in brokers.headers["allow"].split(",")} == {"GET", "POST"}
    one = client.post(f"/api/v1/tenants/{tenant['id']}/brokers/brk_x", json={}, headers=bearer(key))
    assert one.status_code == 405
    assert {m.strip() for m in one.headers["allow"].split(",")} == {"GET", "PATCH", "DELETE"}
    messages = client.get(f"/api/v1/tenants/{tenant['id']}/messages", headers=bearer(key))
    assert messages.status_code == 405 and messages.headers["allow"] == "POST"
