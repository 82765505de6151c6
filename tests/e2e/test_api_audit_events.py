"""The audit trail of writes (one event per successful write, with the correlation id), the events
endpoint (filters, paging) and the GDPR export."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from shared.observability.telemetry import telemetry
from tests.e2e.conftest import ADMIN_KEY, admin, bearer, events_of, register


@pytest.fixture
def tenant(client: TestClient) -> tuple[str, str, dict[str, str]]:
    created, key = register(client)
    return created["id"], f"/api/v1/tenants/{created['id']}", bearer(key)


def test_every_successful_write_records_one_event_with_the_correlation_id(client: TestClient, tenant,  # type: ignore[no-untyped-def]
                                                                          container) -> None:
    tenant_id, url, key = tenant
    writes = [
        ("post", f"{url}/channels", {"channelId": 5, "channelName": "Gold"}, "ConfigurationChanged"),
        ("patch", f"{url}/channels/5", {"channelName": "Silver"}, "ConfigurationChanged"),
        ("put", f"{url}/trading-config", {"autoExecuteEnabled": True}, "ConfigurationChanged"),
        ("post", f"{url}/deactivate", None, "UserAction"),
    ]
    for number, (method, path, body, event_type) in enumerate(writes):
        container.clock.advance(timedelta(seconds=1))
        kwargs = {"json": body} if body is not None else {}
        response = getattr(client, method)(path, headers={**key, "x-correlation-id": f"corr-{number}"}, **kwargs)
        assert response.status_code in (200, 201), response.text
        (event,) = [e for e in events_of(container, tenant_id) if e.correlation_id == f"corr-{number}"]
        assert event.type == event_type and event.source == "ConfigurationApi"
        assert event.data["method"] == method.upper() and event.data["status"] == response.status_code
        assert event.data["fields"] == sorted(body or {})
    assert events_of(container, tenant_id, "ConfigurationChanged")[1].data["channelId"] == "5"


def test_failed_writes_and_reads_record_nothing(client: TestClient, tenant, container) -> None:  # type: ignore[no-untyped-def]
    tenant_id, url, key = tenant
    before = len(events_of(container, tenant_id))
    assert client.post(f"{url}/channels", json={"channelId": "x"}, headers=key).status_code == 422
    assert client.patch(f"{url}/channels/99", json={"channelName": "A"}, headers=key).status_code == 404
    assert client.get(f"{url}/channels", headers=key).status_code == 200
    assert len(events_of(container, tenant_id)) == before


def test_registration_and_deletion_are_audited_for_the_tenant(client: TestClient, container) -> None:  # type: ignore[no-untyped-def]
    created, key = register(client)
    client.delete(f"/api/v1/tenants/{created['id']}", headers=bearer(key))
    types = sorted(e.type for e in events_of(container, created["id"]))
    assert types == ["TenantCreated", "TenantDeleted"]


def test_an_event_store_failure_does_not_fail_the_committed_write(client: TestClient, tenant, container,  # type: ignore[no-untyped-def]
                                                                  caplog) -> None:
    """The event store is an Azurite table deleted underneath the adapter: a real failure, not a mock."""
    import uuid

    from shared.adapters.events.tables import TablesEventStore
    from shared.adapters.storage import table_service
    from shared.services.audit_log import AuditLog

    tenant_id, url, key = tenant
    real, service = container.audit_log, table_service(container.settings)
    broken = TablesEventStore(service, f"auditdown{uuid.uuid4().hex[:12]}", clock=container.clock)
    broken.query(tenant_id=tenant_id, since=container.clock.now() - timedelta(seconds=1),
                 until=container.clock.now())  # creates the table
    service.delete_table(broken._table_name)
    container.audit_log = AuditLog(broken, container.clock)
    before = telemetry.snapshot()["counters"].get("api.audit_failed", 0)
    try:
        response = client.post(f"{url}/channels", json={"channelId": 77}, headers=key)
    finally:
        container.audit_log = real
    assert response.status_code == 201
    assert client.get(f"{url}/channels/77", headers=key).status_code == 200
    assert telemetry.snapshot()["counters"]["api.audit_failed"] == before + 1
    assert "could not be recorded" in caplog.text


def test_events_endpoint_filters_and_pages(client: TestClient, tenant, container) -> None:  # type: ignore[no-untyped-def]
    tenant_id, url, key = tenant
    for channel in range(1, 6):
        container.clock.advance(timedelta(seconds=1))
        client.post(f"{url}/channels", json={"channelId": channel}, headers=key)
    container.clock.advance(timedelta(seconds=1))

    first = client.get(f"{url}/events", params={"type": "ConfigurationChanged", "limit": 3}, headers=key).json()
    assert len(first["items"]) == 3 and first["continuation"]
    second = client.get(f"{url}/events", params={"type": "ConfigurationChanged", "limit": 3,
                                                 "continuation": first["continuation"]}, headers=key).json()
    assert len(second["items"]) == 2 and second["continuation"] is None
    stamps = [e["timestamp"] for e in first["items"] + second["items"]]
    assert stamps == sorted(stamps, reverse=True) and len(set(stamps)) == 5

    everything = client.get(f"{url}/events", headers=key).json()["items"]
    assert {e["type"] for e in everything} == {"TenantCreated", "ConfigurationChanged"}
    since = (container.clock.now() - timedelta(seconds=3)).isoformat()
    assert len(client.get(f"{url}/events", params={"since": since}, headers=key).json()["items"]) == 3
    for params, field in [({"since": "2026-01-01T00:00:00"}, "since"), ({"continuation": "garbage"}, "continuation"),
                          ({"type": "Nope"}, "type.0"), ({"limit": 0}, "limit")]:
        refused = client.get(f"{url}/events", params=params, headers=key)
        assert refused.status_code == 422 and refused.json()["field"] == field, params


def test_export_holds_every_owned_row_the_session_files_and_the_events(client: TestClient, tenant,  # type: ignore[no-untyped-def]
                                                                       container) -> None:
    tenant_id, url, key = tenant
    other, other_key = register(client, "other@example.com")
    client.post(f"/api/v1/tenants/{other['id']}/channels", json={"channelId": 9}, headers=bearer(other_key))
    client.post(f"{url}/channels", json={"channelId": 1}, headers=key)
    broker = client.post(f"{url}/brokers", json={"brokerType": "Oanda", "displayName": "B",
                                                 "credentials": {"token": "s3cr3t-token"}}, headers=key).json()
    client.put(f"{url}/channels/1/brokers", json=[broker["id"]], headers=key)
    from tests.e2e.test_api_telegram import SESSION, zipped

    client.put(f"{url}/telegram-session", content=zipped(SESSION), headers={**key, "content-type": "application/zip"})

    export = client.get(f"{url}/export", headers=key)

    assert export.status_code == 200 and "s3cr3t-token" not in export.text
    body = export.json()
    tables = body["tables"]
    assert [t["Id"] for t in tables["Tenants"]] == [tenant_id]
    assert [c["ChannelId"] for c in tables["ChannelConfigurations"]] == [1]  # not the other tenant's channel 9
    assert tables["BrokerConnections"][0]["EncryptedCredentials"] == "[redacted]"
    assert tables["ChannelBrokerMappings"] == [{"ChannelConfigurationId": tables["ChannelConfigurations"][0]["Id"],
                                                "BrokerConnectionId": broker["id"]}]
    assert len(tables["TradingConfigurations"]) == 1
    assert tables["TenantApiKeys"][0]["KeyHash"] == "[redacted]"
    assert sorted(f["path"] for f in body["session"]["files"]) == sorted(SESSION)
    assert {e["type"] for e in body["events"]} == {"TenantCreated", "ConfigurationChanged"}
    assert all(e["tenantId"] == tenant_id for e in body["events"])
    assert client.get(f"/api/v1/tenants/{tenant_id}/export", headers=admin()).json()["tables"] == tables


def test_export_adds_the_archived_days_the_live_store_has_expired(client: TestClient, container) -> None:  # type: ignore[no-untyped-def]
    """The cold archive on its own Azurite container; the live store no longer has the day's events."""
    import uuid

    from shared.adapters.events.archive import BlobEventArchive
    from shared.domain.events import build_event

    container.event_archive = BlobEventArchive(container.blobs, f"archive-{uuid.uuid4().hex[:12]}")
    created, key = register(client, "old@example.com")
    first_day = container.clock.now().date()
    old = build_event("ConfigurationChanged", tenant_id=created["id"], data={"operation": "long_ago"},
                      source="ConfigurationApi", clock=container.clock)
    container.event_archive.write_day(created["id"], first_day, [old])
    container.event_archive.set_archived_through(first_day)
    container.clock.advance(timedelta(days=120))

    body = client.get(f"/api/v1/tenants/{created['id']}/export", headers=bearer(key)).json()

    assert old.id in {e["id"] for e in body["events"]} and body["offlineDays"] == []
    assert len([e for e in body["events"] if e["id"] == old.id]) == 1


@pytest.mark.parametrize(("params", "field"), [
    ({"until": "0001-01-01T00:00:00Z"}, "until"), ({"since": "0001-01-01T00:00:00Z"}, "since"),
    ({"until": "9999-12-31T23:59:59Z"}, "until"), ({"since": "9999-12-31T23:59:59-05:00"}, "since"),
])
def test_a_window_at_the_calendar_edges_is_422_naming_the_bound(client: TestClient, tenant,  # type: ignore[no-untyped-def]
                                                                 params: dict[str, str], field: str) -> None:
    _, url, key = tenant
    refused = client.get(f"{url}/events", params=params, headers=key)
    assert refused.status_code == 422, refused.text
    assert refused.json()["field"] == field


def test_the_next_page_keeps_the_window_of_the_first_while_the_clock_moves(client: TestClient, tenant,  # type: ignore[no-untyped-def]
                                                                           container) -> None:
    _, url, key = tenant
    for channel in range(1, 6):
        container.clock.advance(timedelta(seconds=1))
        client.post(f"{url}/channels", json={"channelId": channel}, headers=key)
    container.clock.advance(timedelta(seconds=1))  # `until` is exclusive
    first = client.get(f"{url}/events", params={"type": "ConfigurationChanged", "limit": 3}, headers=key).json()
    container.clock.advance(timedelta(minutes=5))  # the default `until` (now) has moved on
    client.post(f"{url}/channels", json={"channelId": 6}, headers=key)  # newer than the pinned window
    second = client.get(f"{url}/events", params={"type": "ConfigurationChanged", "limit": 3,
                                                 "continuation": first["continuation"]}, headers=key)
    assert second.status_code == 200, second.text
    stamps = [e["timestamp"] for e in first["items"] + second.json()["items"]]
    assert len(set(stamps)) == 5 and stamps == sorted(stamps, reverse=True)  # the five of the pinned window
    assert second.json()["continuation"] is None
    other = client.get(f"{url}/events", params={"type": "ConfigurationChanged", "limit": 3, "since":
                                                "2026-01-01T00:00:00Z", "continuation": first["continuation"]},
                       headers=key)
    assert other.status_code == 422 and other.json()["field"] == "continuation"


def test_every_audited_write_names_its_principal_never_the_key(client: TestClient, container) -> None:  # type: ignore[no-untyped-def]
    tenant, key = register(client)
    url = f"/api/v1/tenants/{tenant['id']}"
    client.post(f"{url}/channels", json={"channelId": 5}, headers=bearer(key))
    client.post(f"{url}/suspend", headers=admin())
    by_operation = {e.data["operation"]: e.data for e in events_of(container, tenant["id"])}
    assert by_operation["create_tenant"]["principal"] == "admin"
    assert by_operation["suspend"]["principal"] == "admin" and "keyId" not in by_operation["suspend"]
    channel = by_operation["create_channel"]
    assert channel["principal"] == "tenant" and channel["keyId"] == key[4:24]
    secret = key.split(".", 1)[1]
    assert all(secret not in str(e.data) and ADMIN_KEY not in str(e.data)
               for e in events_of(container, tenant["id"]))
