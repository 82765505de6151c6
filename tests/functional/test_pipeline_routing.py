"""Broker routing is read with the rest of the message's configuration, from the cache: the warm decision
path asks SQL nothing about broker connections or mappings, and a broker or mapping write reaches the next
message at once (written through)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from shared.clock import FixedClock
from shared.domain.enums import BrokerType
from shared.domain.events import EventType
from tests.support.in_process import InProcessApp
from tests.support.scenario import CHANNEL_ID, GOLD, Desk, message


@pytest.fixture
def statements(app: InProcessApp) -> Iterator[list[str]]:
    """Every SQL statement SQLite runs from here on (each connection opened anew, traced)."""
    seen: list[str] = []
    engine = app.container.database.engine

    def trace(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.set_trace_callback(seen.append)

    sa.event.listen(engine, "connect", trace)
    engine.dispose()
    yield seen
    sa.event.remove(engine, "connect", trace)


def test_a_warm_decision_reads_no_broker_routing_from_sql(app: InProcessApp, desk: Desk,
                                                           statements: list[str]) -> None:
    assert app.deliver(message(desk, 1, GOLD)).outcome == "accepted"  # warms the cache
    statements.clear()

    assert app.deliver(message(desk, 2, GOLD)).outcome == "accepted"

    assert statements, "the trade is stored"
    assert [s for s in statements if "BrokerConnections" in s or "ChannelBrokerMappings" in s] == []


def test_broker_and_mapping_writes_reach_the_next_message_at_once(app: InProcessApp, desk: Desk,
                                                                  clock: FixedClock) -> None:
    brokers, channels = app.container.brokers, app.container.channels
    assert app.deliver(message(desk, 1, GOLD)).outcome == "accepted"
    clock.advance(timedelta(seconds=1))
    other = brokers.add(tenant_id=desk.tenant_id, broker_type=BrokerType.PAPER, display_name="Second")

    assert len(app.deliver(message(desk, 2, GOLD)).commands) == 2  # both connections

    brokers.deactivate(tenant_id=desk.tenant_id, broker_id=desk.broker_id)
    assert [c for c in app.deliver(message(desk, 3, GOLD)).commands if desk.broker_id in c] == []
    channels.set_brokers(tenant_id=desk.tenant_id, channel_id=CHANNEL_ID, broker_ids=[desk.broker_id])
    assert app.deliver(message(desk, 4, GOLD)).outcome == "rejected"  # mapped to an inactive one only
    brokers.activate(tenant_id=desk.tenant_id, broker_id=desk.broker_id)
    (command,) = app.deliver(message(desk, 5, GOLD)).commands
    assert desk.broker_id in command and other.id not in command
    brokers.delete(tenant_id=desk.tenant_id, broker_id=desk.broker_id)
    (command,) = app.deliver(message(desk, 6, GOLD)).commands
    assert other.id in command
    rules = [e.data["rule"] for e in app.events_of(desk.tenant_id, EventType.SIGNAL_REJECTED)]
    assert rules == ["no_broker"]
