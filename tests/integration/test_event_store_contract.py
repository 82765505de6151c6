"""One contract, three event stores: Azure Tables on the real Azurite, Cosmos DB through the real
``azure-cosmos`` SDK whose HTTP transport is a fake gateway (tests/support/fake_cosmos.py) — no Cosmos
emulator runs on our machines — and the in-memory ``FakeEventStore`` the functional tier runs on, held to
the same contract so that what those tests see is what the real stores do."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.clock import FixedClock
from shared.domain.errors import ValidationError
from shared.domain.events import EVENT_TTL_SECONDS, Event, EventType, build_event
from shared.ports.events import AbstractEventStore, EventTooLargeError
from tests.support.event_stores import cosmos_store, tables_store
from tests.support.fake_event_store import FakeEventStore


@pytest.fixture(params=[pytest.param("tables", marks=pytest.mark.azurite), "cosmos", "memory"])
def store(request: pytest.FixtureRequest, clock: FixedClock) -> AbstractEventStore:
    if request.param == "tables":
        return tables_store(request.getfixturevalue("azurite"), clock)
    if request.param == "memory":
        return FakeEventStore(clock)
    return cosmos_store(clock)[0]


def _event(clock: FixedClock, tenant: str = "tenant-001", type_: EventType = EventType.SIGNAL_RECEIVED,
           **data: object) -> Event:
    return build_event(type_, tenant_id=tenant, data=data or {"symbol": "XAUUSD"}, source="TelegramWorker",
                       clock=clock, correlation_id="abc123def456")


def _window(clock: FixedClock, days: int = 1) -> dict[str, object]:
    return {"since": clock.now() - timedelta(days=days), "until": clock.now() + timedelta(days=days)}


def _all(store: AbstractEventStore, tenant: str, clock: FixedClock, **kwargs: object) -> list[Event]:
    return list(store.iter_events(tenant_id=tenant, **_window(clock, 100), **kwargs))  # type: ignore[arg-type]


class TestAppend:
    def test_an_appended_event_reads_back_in_the_spec_document_shape(self, store, clock) -> None:
        event = build_event(
            EventType.SIGNAL_RECEIVED, tenant_id="tenant-001", source="TelegramWorker", clock=clock,
            correlation_id="abc123def456",
            data={"channelId": 1234567890, "messageId": 9876543210, "symbol": "XAUUSD", "side": "Buy",
                  "entry": 3750.5, "stopLoss": 3740.0, "takeProfits": [3753.0, 3760.0]},
        )
        assert store.append(event) is True
        [stored] = _all(store, "tenant-001", clock)
        assert stored == event
        document = stored.to_document()
        assert set(document) == {"id", "type", "tenantId", "timestamp", "data", "metadata", "ttl"}
        assert document["metadata"] == {"correlationId": "abc123def456", "source": "TelegramWorker"}
        assert document["ttl"] == EVENT_TTL_SECONDS == 7_776_000
        assert document["timestamp"] == "2026-01-05T12:00:00.000Z"

    def test_the_same_event_id_twice_is_stored_once(self, store, clock) -> None:
        first = _event(clock, n=1)
        assert store.append(first) is True
        assert store.append(first) is False
        # A retried producer re-sending the id later, with other content, changes nothing either.
        clock.advance(timedelta(minutes=5))
        again = build_event(EventType.SIGNAL_RECEIVED, tenant_id="tenant-001", data={"n": 2}, source="Retry",
                            clock=clock, event_id=first.id)
        assert store.append(again) is False
        assert _all(store, "tenant-001", clock) == [first]

    def test_the_same_id_in_another_tenant_is_another_event(self, store, clock) -> None:
        mine = _event(clock, "tenant-a")
        theirs = build_event(EventType.SIGNAL_RECEIVED, tenant_id="tenant-b", source="x", clock=clock,
                             event_id=mine.id)
        assert store.append(mine) and store.append(theirs)
        assert _all(store, "tenant-a", clock) == [mine] and _all(store, "tenant-b", clock) == [theirs]

    def test_an_event_too_large_for_the_backend_is_refused_whole(self, store, clock) -> None:
        huge = _event(clock, blob="x" * (3 * 1024 * 1024))
        with pytest.raises(EventTooLargeError) as error:
            store.append(huge)
        assert error.value.field == "data"
        assert _all(store, "tenant-001", clock) == []
        # Nothing half-written blocks the id: the same id with a sane payload goes in.
        small = build_event(EventType.SIGNAL_RECEIVED, tenant_id="tenant-001", source="x", clock=clock,
                            event_id=huge.id)
        assert store.append(small) is True

    def test_append_refuses_anything_but_an_event(self, store) -> None:
        with pytest.raises(ValidationError) as error:
            store.append({"id": "evt_1"})  # type: ignore[arg-type]
        assert error.value.field == "event"


class TestAppendMany:
    def test_a_batch_stores_every_event_across_tenants_and_reads_back_the_same(self, store, clock) -> None:
        mine = [_event(clock, n=i) for i in range(3)]
        theirs = _event(clock, "tenant-b", n=9)
        assert store.append_many([mine[0], theirs, mine[1], mine[2]]) == [True, True, True, True]
        assert sorted(e.id for e in _all(store, "tenant-001", clock)) == sorted(e.id for e in mine)
        assert _all(store, "tenant-b", clock) == [theirs]

    def test_a_retried_batch_keeps_one_of_each_and_stores_what_was_missing(self, store, clock) -> None:
        first, second = _event(clock, n=1), _event(clock, n=2)
        assert store.append(first) is True
        # The run that wrote ``first`` crashed before ``second``: the retry writes both again.
        assert store.append_many([first, second]) == [False, True]
        assert sorted(e.id for e in _all(store, "tenant-001", clock)) == sorted([first.id, second.id])

    def test_more_events_than_one_transaction_takes_all_go_in(self, store, clock) -> None:
        events = [_event(clock, n=i) for i in range(120)]
        assert store.append_many(events) == [True] * 120
        assert len(_all(store, "tenant-001", clock)) == 120

    def test_a_batch_with_an_oversized_event_is_refused_whole(self, store, clock) -> None:
        with pytest.raises(EventTooLargeError):
            store.append_many([_event(clock, n=1), _event(clock, blob="x" * (3 * 1024 * 1024))])
        assert _all(store, "tenant-001", clock) == []

    def test_a_batch_refuses_repeated_ids_and_anything_but_events(self, store, clock) -> None:
        event = _event(clock)
        for bad in ([event, event], [event, {"id": "evt_1"}]):
            with pytest.raises(ValidationError) as error:
                store.append_many(bad)  # type: ignore[arg-type]
            assert error.value.field == "events"
        assert _all(store, "tenant-001", clock) == []


class TestQuery:
    def test_events_come_newest_first_and_ties_in_id_order(self, store, clock) -> None:
        a = _event(clock)
        clock.advance(timedelta(seconds=1))
        tied = [build_event(EventType.TRADE_EXECUTED, tenant_id="tenant-001", source="x", clock=clock,
                            event_id=f"evt_{name}") for name in ("c", "a", "b")]
        for event in [a, *tied]:
            store.append(event)
        assert [e.id for e in _all(store, "tenant-001", clock)] == ["evt_a", "evt_b", "evt_c", a.id]

    def test_pages_walk_every_event_once_in_order(self, store, clock) -> None:
        appended = []
        for _ in range(7):
            appended.append(_event(clock))
            store.append(appended[-1])
            clock.advance(timedelta(seconds=30))
        seen, token, pages = [], None, 0
        while True:
            page = store.query(tenant_id="tenant-001", page_size=3, continuation=token, **_window(clock))
            assert len(page.events) <= 3
            seen += page.events
            pages += 1
            token = page.continuation
            if token is None:
                break
        assert pages == 3
        assert seen == list(reversed(appended))

    def test_the_last_full_page_has_no_continuation(self, store, clock) -> None:
        for _ in range(2):
            store.append(_event(clock))
            clock.advance(timedelta(seconds=1))
        page = store.query(tenant_id="tenant-001", page_size=2, **_window(clock))
        assert len(page.events) == 2 and page.continuation is None

    def test_the_time_range_includes_since_and_excludes_until(self, store, clock) -> None:
        start = clock.now()
        events = []
        for _ in range(3):
            events.append(_event(clock))
            store.append(events[-1])
            clock.advance(timedelta(hours=1))
        page = store.query(tenant_id="tenant-001", since=start, until=start + timedelta(hours=2))
        assert page.events == [events[1], events[0]]

    def test_types_filter_the_events(self, store, clock) -> None:
        received = _event(clock)
        rejected = _event(clock, type_=EventType.SIGNAL_REJECTED, rule="max_daily_trades")
        executed = _event(clock, type_=EventType.TRADE_EXECUTED)
        for event in (received, rejected, executed):
            store.append(event)
        found = _all(store, "tenant-001", clock, types=[EventType.SIGNAL_REJECTED, "TradeExecuted"])
        assert sorted(e.id for e in found) == sorted([rejected.id, executed.id])
        assert next(e for e in found if e.id == rejected.id).data["rule"] == "max_daily_trades"

    def test_a_tenant_never_sees_another_tenants_events(self, store, clock) -> None:
        store.append(_event(clock, "tenant-a"))
        store.append(_event(clock, "tenant-b"))
        assert {e.tenant_id for e in _all(store, "tenant-a", clock)} == {"tenant-a"}
        assert _all(store, "tenant-c", clock) == []

    def test_a_continuation_token_works_only_for_its_own_query(self, store, clock) -> None:
        for tenant in ("tenant-a", "tenant-b"):
            for _ in range(3):
                store.append(_event(clock, tenant))
                clock.advance(timedelta(seconds=1))
        token = store.query(tenant_id="tenant-a", page_size=1, **_window(clock)).continuation
        assert token is not None
        with pytest.raises(ValidationError) as error:
            store.query(tenant_id="tenant-b", page_size=1, continuation=token, **_window(clock))
        assert error.value.field == "continuation"
        with pytest.raises(ValidationError, match="continuation"):
            store.query(tenant_id="tenant-a", page_size=1, continuation="not-a-token", **_window(clock))

    def test_expired_events_are_not_returned(self, store, clock) -> None:
        store.append(_event(clock))
        since = clock.now() - timedelta(days=1)
        clock.advance(timedelta(seconds=EVENT_TTL_SECONDS - 1))
        assert len(store.query(tenant_id="tenant-001", since=since, until=clock.now()).events) == 1
        clock.advance(timedelta(seconds=2))
        assert store.query(tenant_id="tenant-001", since=since, until=clock.now()).events == []

    @pytest.mark.parametrize(("arguments", "field"), [
        ({"page_size": 0}, "page_size"),
        ({"page_size": 1001}, "page_size"),
        ({"types": ["NoSuchType"]}, "types"),
        ({"tenant_id": "bad tenant!"}, "tenant_id"),
    ])
    def test_bad_arguments_name_the_field(self, store, clock, arguments, field) -> None:
        query = {"tenant_id": "tenant-001", **_window(clock), **arguments}
        with pytest.raises(ValidationError) as error:
            store.query(**query)
        assert error.value.field == field

    def test_an_empty_or_reversed_range_is_refused(self, store, clock) -> None:
        with pytest.raises(ValidationError) as error:
            store.query(tenant_id="tenant-001", since=clock.now(), until=clock.now())
        assert error.value.field == "until"


class TestPurge:
    def test_purging_a_tenant_removes_all_its_events_and_nobody_elses(self, store, clock) -> None:
        for _ in range(3):
            store.append(_event(clock, "tenant-a"))
            clock.advance(timedelta(seconds=1))
        kept = _event(clock, "tenant-b")
        store.append(kept)
        assert store.purge_tenant(tenant_id="tenant-a") == 3
        assert _all(store, "tenant-a", clock) == []
        assert _all(store, "tenant-b", clock) == [kept]
        assert store.purge_tenant(tenant_id="tenant-a") == 0


def test_expired_events_are_deleted_by_the_store_or_its_cleanup(store, clock) -> None:
    """Tables deletes them in the cleanup; Cosmos expires them itself and the cleanup has nothing to do."""
    store.append(_event(clock))
    clock.advance(timedelta(days=91))
    fresh = _event(clock)
    store.append(fresh)
    deleted = store.delete_expired(now=clock.now())
    assert deleted == (0 if store.native_ttl else 1)
    assert _all(store, "tenant-001", clock) == [fresh]
