"""Tenant routes through the ASGI app: registration, auth, isolation, problem+json, lifecycle, GDPR grace."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.e2e.conftest import admin, bearer, register


def test_registration_returns_the_tenant_and_a_key_shown_once(client: TestClient, container) -> None:  # type: ignore[no-untyped-def]
    tenant, key = register(client, plan="Pro")
    assert tenant["status"] == "Active" and tenant["plan"] == "Pro" and key.startswith("pip_key_")
    stored = container.database.repositories.api_keys.get(key_id=key[4:24])
    assert stored is not None and key.split(".")[1] not in repr(stored) and stored.key_hash not in key
    assert client.get(f"/api/v1/tenants/{tenant['id']}", headers=bearer(key)).json()["email"] == "desk@example.com"


def test_duplicate_email_is_a_409_naming_the_field(client: TestClient) -> None:
    register(client)
    response = client.post("/api/v1/tenants", json={"email": "DESK@example.com", "displayName": "X"}, headers=admin())
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["field"] == "email"


@pytest.mark.parametrize(("body", "field"), [
    ({"email": "not-an-email", "displayName": "X"}, "email"),
    ({"email": "a@example.com", "displayName": ""}, "displayName"),
    ({"email": "a@example.com", "displayName": "x" * 256}, "displayName"),
    ({"email": "a@example.com", "displayName": "X", "plan": "Gold"}, "plan"),
    ({"email": "a@example.com", "displayName": "X", "colour": "red"}, "colour"),
])
def test_invalid_bodies_are_422_problems_naming_the_field(client: TestClient, body: dict, field: str) -> None:
    response = client.post("/api/v1/tenants", json=body, headers=admin())
    assert response.status_code == 422 and response.json()["field"] == field
    assert client.get("/api/v1/tenants", headers=admin()).json() == []


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic abc"},
                                     {"Authorization": "Bearer pip_key_0000000000000000." + "A" * 43}])
def test_requests_without_a_valid_key_are_401(client: TestClient, headers: dict[str, str]) -> None:
    response = client.get("/api/v1/tenants", headers=headers)
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"


def test_tenant_keys_cannot_use_admin_routes(client: TestClient) -> None:
    tenant, key = register(client)
    assert client.get("/api/v1/tenants", headers=bearer(key)).status_code == 403
    assert client.post(f"/api/v1/tenants/{tenant['id']}/suspend", headers=bearer(key)).status_code == 403


def test_another_tenants_id_answers_exactly_like_a_missing_one(client: TestClient) -> None:
    mine, my_key = register(client, "a@example.com")
    theirs, _ = register(client, "b@example.com")
    other = client.get(f"/api/v1/tenants/{theirs['id']}", headers=bearer(my_key))
    missing = client.get("/api/v1/tenants/ten_doesnotexist", headers=bearer(my_key))
    assert other.status_code == missing.status_code == 404
    assert {k: v for k, v in other.json().items() if k != "instance"} == {
        k: v for k, v in missing.json().items() if k != "instance"}
    for method, suffix in [("patch", ""), ("post", "/deactivate"), ("post", "/reactivate"), ("delete", ""),
                           ("post", "/restore")]:
        kwargs = {"json": {"displayName": "hijacked"}} if method == "patch" else {}
        response = getattr(client, method)(f"/api/v1/tenants/{theirs['id']}{suffix}", headers=bearer(my_key), **kwargs)
        assert response.status_code == 404, (method, suffix)
    assert client.get(f"/api/v1/tenants/{theirs['id']}", headers=admin()).json()["displayName"] == "Desk"
    assert mine["id"] != theirs["id"]


def test_lifecycle_and_invalid_transitions(client: TestClient) -> None:
    tenant, key = register(client)
    url = f"/api/v1/tenants/{tenant['id']}"
    assert client.post(f"{url}/deactivate", headers=bearer(key)).json()["status"] == "Inactive"
    again = client.post(f"{url}/deactivate", headers=bearer(key))
    assert again.status_code == 409 and again.json()["field"] == "status"
    assert client.post(f"{url}/reactivate", headers=bearer(key)).json()["status"] == "Active"
    assert client.patch(url, json={"plan": "Enterprise"}, headers=admin()).json()["plan"] == "Enterprise"
    assert client.post(f"{url}/suspend", headers=admin()).json()["status"] == "Suspended"
    assert client.get("/api/v1/tenants?status=Suspended", headers=admin()).json()[0]["id"] == tenant["id"]


@pytest.mark.parametrize(("body", "field"), [({"plan": "Enterprise"}, "plan"), ({"status": "Active"}, "status"),
                                             ({"displayName": "Mine", "plan": "Pro"}, "plan")])
def test_plan_and_status_are_admin_only_on_patch(client: TestClient, body: dict, field: str) -> None:
    """Hardening #4: a tenant key upgraded its own plan (Free -> Enterprise) with PATCH; now 403, nothing changed."""
    tenant, key = register(client)
    url = f"/api/v1/tenants/{tenant['id']}"
    response = client.patch(url, json=body, headers=bearer(key))
    assert response.status_code == 403 and response.json()["field"] == field
    after = client.get(url, headers=admin()).json()
    assert (after["plan"], after["status"], after["displayName"]) == ("Free", "Active", "Desk")
    assert client.patch(url, json={"displayName": "Mine"}, headers=bearer(key)).json()["displayName"] == "Mine"


def test_the_admin_sets_status_on_patch_through_the_lifecycle_rules(client: TestClient) -> None:
    tenant, _ = register(client)
    url = f"/api/v1/tenants/{tenant['id']}"
    assert client.patch(url, json={"status": "Suspended"}, headers=admin()).json()["status"] == "Suspended"
    assert client.patch(url, json={"status": "Inactive"}, headers=admin()).status_code == 409  # not from Suspended
    assert client.patch(url, json={"status": "Active"}, headers=admin()).json()["status"] == "Active"
    assert client.patch(url, json={"status": "Inactive", "plan": "Pro"}, headers=admin()).json()["plan"] == "Pro"


def test_gdpr_delete_is_a_soft_delete_with_a_30_day_grace(client: TestClient, clock) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    tenant, key = register(client)
    url = f"/api/v1/tenants/{tenant['id']}"
    deleted = client.delete(url, headers=bearer(key))
    assert deleted.status_code == 202
    assert deleted.json()["purgeAfter"].startswith((clock.now() + timedelta(days=30)).date().isoformat())
    assert client.post(f"{url}/restore", headers=bearer(key)).json()["purgeAfter"] is None


def test_correlation_id_is_echoed_or_generated(client: TestClient) -> None:
    given = client.get("/api/v1/health", headers={"x-correlation-id": "abc-123"})
    assert given.headers["x-correlation-id"] == "abc-123"
    made = client.get("/api/v1/health", headers={"x-correlation-id": "bad id with spaces"})
    assert len(made.headers["x-correlation-id"]) == 32


def test_oversized_bodies_are_refused(client: TestClient) -> None:
    response = client.post("/api/v1/tenants", content=b"{" + b" " * 2_000_000 + b"}", headers={
        **admin(), "content-type": "application/json"})
    assert response.status_code == 413 and response.json()["status"] == 413


def test_the_api_refuses_to_start_outside_local_without_an_admin_key() -> None:
    from functions.http_api import create_api
    from shared.settings import Settings

    with pytest.raises(RuntimeError, match="PIPSTER_ADMIN_KEY"):
        create_api(settings=Settings(PIPSTER_ENVIRONMENT="production"))
