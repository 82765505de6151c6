"""The Cosmos DB adapter on the wire: the REAL ``azure-cosmos`` SDK, its HTTP transport replaced by a fake
gateway (tests/support/fake_cosmos.py; no Cosmos emulator runs on our machines). These tests assert the
requests the SDK sends for us: identity auth, the partition key header, the query text, the TTLs and the
container definition."""

from __future__ import annotations

import json
from datetime import timedelta

from shared.adapters.events.cosmos import connect_container
from shared.domain.events import EventType, build_event
from tests.support.event_stores import FakeCredential, cosmos_settings, cosmos_store
from tests.support.fake_cosmos import FakeCosmosTransport


def _event(clock, tenant="tenant-001", type_=EventType.SIGNAL_RECEIVED):
    return build_event(type_, tenant_id=tenant, data={"symbol": "XAUUSD"}, source="TelegramWorker", clock=clock)


def _docs(transport: FakeCosmosTransport, *, query: bool):
    return [r for r in transport.requests if r.path.endswith("/docs") and r.method == "POST"
            and (r.headers.get("x-ms-documentdb-isquery") == "true") == query]


def test_creating_the_container_partitions_on_tenant_id_with_a_90_day_default_ttl(clock) -> None:
    store, transport = cosmos_store(clock, create=True)
    store.append(_event(clock))
    [create_db] = [r for r in transport.requests if r.method == "POST" and r.path == "/dbs"]
    [create_coll] = [r for r in transport.requests if r.method == "POST" and r.path == "/dbs/pipster/colls"]
    assert create_db.body == {"id": "pipster"}
    body = create_coll.body
    assert body["id"] == "events"
    assert body["partitionKey"]["paths"] == ["/tenantId"]
    assert body["defaultTtl"] == 7_776_000
    assert body["indexingPolicy"]["compositeIndexes"] == [
        [{"path": "/timestamp", "order": "descending"}, {"path": "/id", "order": "ascending"}]]


def test_without_create_nothing_is_created_and_names_come_from_settings(clock) -> None:
    transport = FakeCosmosTransport(clock)
    transport.add_container("audit", "trail")
    store, _ = cosmos_store(clock, create=False, transport=transport,
                            cosmos_database="audit", cosmos_container="trail")
    store.append(_event(clock))
    assert not [r for r in transport.requests if r.method == "POST" and r.path in ("/dbs", "/dbs/audit/colls")]
    assert [r.path for r in _docs(transport, query=False)] == ["/dbs/audit/colls/trail/docs"]
    assert len(transport.items("audit", "trail")) == 1


def test_every_request_uses_the_managed_identity_token_never_a_key(clock) -> None:
    credential = FakeCredential()
    transport = FakeCosmosTransport(clock)
    container = connect_container(cosmos_settings(), credential=credential, transport=transport)
    container.read()
    assert credential.scopes == ["https://fake-account.documents.azure.com/.default"]
    assert transport.requests[0].method == "GET" and transport.requests[0].path == "/"  # the account read
    assert all(r.headers["authorization"] == "type=aad&ver=1.0&sig=fake-aad-token" for r in transport.requests)


def test_an_item_is_created_in_its_tenants_partition_with_the_spec_ttl(clock) -> None:
    store, transport = cosmos_store(clock)
    event = _event(clock, "tenant-042")
    store.append(event)
    [create] = _docs(transport, query=False)
    assert json.loads(create.headers["x-ms-documentdb-partitionkey"]) == ["tenant-042"]
    assert create.body == event.to_document()
    assert create.body["ttl"] == 7_776_000
    assert "x-ms-documentdb-is-upsert" not in create.headers  # append-only: create, never upsert


def test_queries_stay_inside_the_tenants_partition_with_the_expected_text(clock) -> None:
    store, transport = cosmos_store(clock)
    for _ in range(3):
        store.append(_event(clock, "tenant-042", EventType.TRADE_EXECUTED))
        clock.advance(timedelta(seconds=1))
    first = store.query(tenant_id="tenant-042", since=clock.now() - timedelta(hours=1), until=clock.now(),
                        types=["TradeExecuted"], page_size=2)
    store.query(tenant_id="tenant-042", since=clock.now() - timedelta(hours=1), until=clock.now(),
                types=["TradeExecuted"], page_size=2, continuation=first.continuation)
    store.purge_tenant(tenant_id="tenant-042")
    queries = _docs(transport, query=True)
    assert len(queries) == 3
    for request in queries:
        assert json.loads(request.headers["x-ms-documentdb-partitionkey"]) == ["tenant-042"]
        assert request.headers.get("x-ms-documentdb-query-enablecrosspartition", "false").lower() != "true"
        assert request.headers["content-type"].startswith("application/query+json")
    first_query, next_query, purge_query = (r.body for r in queries)
    assert first_query["query"] == (
        "SELECT TOP @limit * FROM c WHERE c.tenantId = @tenantId AND c.timestamp >= @since "
        "AND c.timestamp < @until AND ARRAY_CONTAINS(@types, c.type) ORDER BY c.timestamp DESC, c.id ASC")
    parameters = {p["name"]: p["value"] for p in first_query["parameters"]}
    assert parameters["@tenantId"] == "tenant-042"
    assert parameters["@types"] == ["TradeExecuted"]
    assert parameters["@limit"] == 3  # one more than the page size: tells whether another page exists
    assert parameters["@since"] == "2026-01-05T11:00:03.000Z"
    assert "(c.timestamp < @afterTs OR (c.timestamp = @afterTs AND c.id > @afterId))" in next_query["query"]
    assert purge_query["query"] == "SELECT VALUE c.id FROM c WHERE c.tenantId = @tenantId"
    deletes = [r for r in transport.requests if r.method == "DELETE"]
    assert len(deletes) == 3
    assert all(json.loads(r.headers["x-ms-documentdb-partitionkey"]) == ["tenant-042"] for r in deletes)


def test_the_service_ttl_counts_from_the_write_and_the_cleanup_sends_nothing(clock) -> None:
    store, transport = cosmos_store(clock)
    store.append(_event(clock))
    before = len(transport.requests)
    assert store.delete_expired(now=clock.now() + timedelta(days=365)) == 0
    assert len(transport.requests) == before
    clock.advance(timedelta(days=90))
    assert transport.items("pipster", "events") == []


def test_short_gateway_pages_are_followed_through_their_continuation(clock) -> None:
    store, transport = cosmos_store(clock, transport=FakeCosmosTransport(clock, max_page=2))
    for _ in range(6):
        store.append(_event(clock))
        clock.advance(timedelta(seconds=1))
    page = store.query(tenant_id="tenant-001", since=clock.now() - timedelta(hours=1), until=clock.now(),
                       page_size=5)
    assert len(page.events) == 5 and page.continuation is not None
    queries = _docs(transport, query=True)
    assert [r.headers.get("x-ms-continuation") for r in queries] == [None, "2", "4"]
