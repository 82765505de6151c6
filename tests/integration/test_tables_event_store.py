"""The Azure Tables adapter's own promises, on the real Azurite: row layout, entity size limits, batched expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.adapters.events.tables import MAX_ENTITY_BYTES, entity_size, row_key
from shared.domain.events import EventType, build_event
from shared.ports.events import EventTooLargeError
from tests.support.event_stores import tables_store

pytestmark = pytest.mark.azurite


@pytest.fixture
def store(azurite, clock):
    return tables_store(azurite, clock)


def _event(clock, tenant="tenant-001", **data):
    return build_event(EventType.SIGNAL_RECEIVED, tenant_id=tenant, data=data, source="test", clock=clock)


def _rows(store):
    return list(store._table().list_entities())


def test_rows_are_partitioned_by_tenant_and_sort_newest_first(store, clock) -> None:
    old = _event(clock)
    clock.advance(timedelta(minutes=1))
    new = _event(clock)
    store.append(old)
    store.append(new)
    events = [r for r in _rows(store) if not r["RowKey"].startswith("id_")]
    assert {r["PartitionKey"] for r in events} == {"tenant-001"}
    assert [r["RowKey"] for r in events] == [row_key(new.timestamp, new.id), row_key(old.timestamp, old.id)]
    assert events[0]["Type"] == "SignalReceived" and events[0]["EventId"] == new.id
    markers = sorted(r["RowKey"] for r in _rows(store) if r["RowKey"].startswith("id_"))
    assert markers == sorted([f"id_{old.id}", f"id_{new.id}"])


def test_a_document_over_64_kib_is_split_across_string_properties_and_reads_back(store, clock) -> None:
    event = _event(clock, note="é" * 100_000, symbols=["XAUUSD"] * 1000)
    store.append(event)
    [row] = [r for r in _rows(store) if not r["RowKey"].startswith("id_")]
    chunks = [name for name in row if name.startswith("Doc")]
    assert len(chunks) > 1
    assert all(len(row[name].encode("utf-16-le")) <= 64 * 1024 for name in chunks)
    [back] = store.query(tenant_id="tenant-001", since=clock.now(), until=clock.now() + timedelta(seconds=1)).events
    assert back == event


def test_an_event_over_the_entity_limit_is_refused_and_leaves_no_row(store, clock) -> None:
    event = _event(clock, note="x" * 600_000)  # 1.2 MB as UTF-16: over the 1 MiB entity limit
    with pytest.raises(EventTooLargeError, match="limit is 1048576"):
        store.append(event)
    assert _rows(store) == []


def test_entity_size_follows_the_documented_formula() -> None:
    entity = {"PartitionKey": "ab", "RowKey": "c", "S": "xyz", "N": 1}
    # 4 + 2*(2+1) + (8 + 2*1 + 4 + 2*3) + (8 + 2*1 + 8)
    assert entity_size(entity) == 4 + 6 + 20 + 18
    assert MAX_ENTITY_BYTES == 1_048_576


def test_expired_rows_are_deleted_in_batches_across_tenants(store, clock) -> None:
    for tenant in ("tenant-a", "tenant-b"):
        for _ in range(3):
            store.append(_event(clock, tenant))
            clock.advance(timedelta(seconds=1))
    clock.advance(timedelta(days=90))
    fresh = _event(clock, "tenant-a")
    store.append(fresh)
    submitted = []
    table = store._table()
    original = table.submit_transaction
    table.submit_transaction = lambda ops, **kw: (submitted.append(len(ops)), original(ops, **kw))[1]
    assert store.delete_expired(now=clock.now(), batch_size=4) == 6
    assert submitted and max(submitted) <= 4
    remaining = {r["RowKey"] for r in _rows(store)}
    assert remaining == {row_key(fresh.timestamp, fresh.id), f"id_{fresh.id}"}
    assert store.delete_expired(now=clock.now(), batch_size=4) == 0


def test_a_row_deleted_concurrently_does_not_stop_the_cleanup(store, clock) -> None:
    events = [_event(clock) for _ in range(3)]
    for event in events:
        store.append(event)
    store._table().delete_entity("tenant-001", row_key(events[1].timestamp, events[1].id))
    keys = [{"PartitionKey": r["PartitionKey"], "RowKey": r["RowKey"]} for r in _rows(store)]
    keys.append({"PartitionKey": "tenant-001", "RowKey": row_key(events[1].timestamp, events[1].id)})
    store._delete_batch(keys)
    assert _rows(store) == []
