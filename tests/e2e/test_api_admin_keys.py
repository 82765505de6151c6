"""Lifting a suspension and managing tenant API keys: reinstate (admin), rotate (the tenant or admin), revoke
every key of a tenant (admin, e.g. after a leak). Each is audited once, and none reveals a key's hash."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.e2e.conftest import admin, bearer, events_of, register


def test_the_admin_reinstates_a_suspended_tenant(client: TestClient, container) -> None:  # type: ignore[no-untyped-def]
    """Before: a suspension could be set but never lifted through the API."""
    tenant, key = register(client)
    url = f"/api/v1/tenants/{tenant['id']}"
    client.post(f"{url}/suspend", headers=admin())
    refused = client.post(f"{url}/reinstate", headers=bearer(key))
    assert refused.status_code == 403
    reinstated = client.post(f"{url}/reinstate", headers=admin())
    assert reinstated.status_code == 200 and reinstated.json()["status"] == "Active"
    again = client.post(f"{url}/reinstate", headers=admin())
    assert again.status_code == 409 and again.json()["field"] == "status"
    actions = [e.data["operation"] for e in events_of(container, tenant["id"], "UserAction")]
    assert actions.count("reinstate") == 1


def test_a_tenant_rotates_its_own_key_and_the_old_one_stops_working(client: TestClient, container) -> None:  # type: ignore[no-untyped-def]
    tenant, old = register(client)
    url = f"/api/v1/tenants/{tenant['id']}"
    rotated = client.post(f"{url}/api-keys", headers=bearer(old))
    assert rotated.status_code == 201
    new = rotated.json()["apiKey"]
    assert new != old and rotated.json()["keyId"] == new[4:24]
    assert client.get(url, headers=bearer(old)).status_code == 401
    assert client.get(url, headers=bearer(new)).status_code == 200
    (event,) = [e for e in events_of(container, tenant["id"], "UserAction") if e.data["operation"] == "rotate_api_key"]
    assert new not in str(event.data) and new.split(".")[1] not in str(event.data)


def test_a_tenant_cannot_rotate_another_tenants_key(client: TestClient) -> None:
    _, mine = register(client, "a@example.com")
    theirs, their_key = register(client, "b@example.com")
    assert client.post(f"/api/v1/tenants/{theirs['id']}/api-keys", headers=bearer(mine)).status_code == 404
    assert client.get(f"/api/v1/tenants/{theirs['id']}", headers=bearer(their_key)).status_code == 200


def test_the_admin_revokes_every_key_of_a_tenant(client: TestClient) -> None:
    tenant, key = register(client)
    url = f"/api/v1/tenants/{tenant['id']}"
    assert client.delete(f"{url}/api-keys", headers=bearer(key)).status_code == 403
    revoked = client.delete(f"{url}/api-keys", headers=admin())
    assert revoked.status_code == 200 and revoked.json() == {"revoked": 1}
    assert client.get(url, headers=bearer(key)).status_code == 401
    issued = client.post(f"{url}/api-keys", headers=admin()).json()["apiKey"]  # the admin hands out a new one
    assert client.get(url, headers=bearer(issued)).status_code == 200
