"""The Tables event store on Azurite against the raw SDK calls it is made of.

append: ``TablesEventStore.append`` (document JSON, entity-size check, one entity-group transaction of
the event row and its id marker) against the raw ``submit_transaction`` of the same two prebuilt rows.
query: a page of 50 (decoding and validating each spec document) against the raw ``query_entities``
with the same filter. Goals (issue 6): adapter <= 1.3x the raw call for both. For information, the
price of the id marker on Azurite: one plain ``create_entity`` against the two-row transaction.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bench.harness import compare, report
from shared.adapters.events.tables import TablesEventStore, inverted
from shared.clock import FixedClock
from shared.domain.events import Event, EventType, build_event
from tests.support.services import azurite

DATA = {"channelId": 1234567890, "messageId": 9876543210, "symbol": "XAUUSD", "side": "Buy",
        "entry": 3750.5, "stopLoss": 3740.0, "takeProfits": [3753.0, 3760.0]}
CALLS, ROUNDS = 200, 3
NEEDED = CALLS // 10 + CALLS * ROUNDS + 10  # warm-up plus measured calls of one subject


def main() -> bool:
    try:
        with azurite() as running:
            return _run(running.connection_string)
    except pytest.skip.Exception as skipped:
        print(f"\nevent store benchmark skipped: {skipped}")
        return True


def _feed(items: list[Any], use: Callable[[Any], object]) -> Callable[[], object]:
    source: Iterator[Any] = iter(items)
    return lambda: use(next(source))


def _run(connection: str) -> bool:
    from azure.data.tables import TableServiceClient

    service = TableServiceClient.from_connection_string(connection)
    clock = FixedClock(datetime(2026, 1, 5, 12, tzinfo=UTC))
    store = TablesEventStore(service, "benchevents", clock=clock)
    table = store._table()

    def events(tenant: str, n: int) -> list[Event]:
        made = []
        for _ in range(n):
            clock.advance(timedelta(milliseconds=1))
            made.append(build_event(EventType.SIGNAL_RECEIVED, tenant_id=tenant, data=DATA, source="bench",
                                    clock=clock))
        return made

    raw_rows = [store._entities(e) for e in events("raw", 2 * NEEDED)]
    appends = compare({
        "raw submit_transaction, same 2 rows (baseline)": _feed(
            raw_rows, lambda rows: table.submit_transaction([("create", rows[1]), ("create", rows[0])])),
        "TablesEventStore.append": _feed(events("tenant-bench", NEEDED), store.append),
    }, calls=CALLS, rounds=ROUNDS)
    ok = report("event append on Azurite", appends, goal=1.3)

    plain = compare({
        "raw create_entity, event row only (baseline)": _feed(
            raw_rows[NEEDED:], lambda rows: table.create_entity(rows[0])),
        "raw submit_transaction, row + id marker": _feed(
            [store._entities(e) for e in events("raw2", NEEDED)],
            lambda rows: table.submit_transaction([("create", rows[1]), ("create", rows[0])])),
    }, calls=CALLS, rounds=ROUNDS)
    report("the id marker's price on Azurite (no goal: Azurite's batch endpoint is slow)", plain)

    for event in events("tenant-page", 200):
        store.append(event)
    since, until = clock.now() - timedelta(days=1), clock.now() + timedelta(days=1)
    lower, upper = f"{int(inverted(until)) + 1:015d}", f"{int(inverted(since)) + 1:015d}"
    query = "PartitionKey eq @tenant and RowKey ge @lower and RowKey lt @upper and ExpiresAt gt @now"
    parameters = {"tenant": "tenant-page", "lower": lower, "upper": upper, "now": clock.now()}

    def raw_page() -> None:
        list(itertools.islice(table.query_entities(query, parameters=parameters, results_per_page=51), 51))

    pages = compare({
        "raw query_entities, same filter, 51 rows (baseline)": raw_page,
        "TablesEventStore.query, page of 50": lambda: store.query(
            tenant_id="tenant-page", since=since, until=until, page_size=50),
    }, calls=100, rounds=ROUNDS)
    return report("event query page on Azurite", pages, goal=1.3) and ok
