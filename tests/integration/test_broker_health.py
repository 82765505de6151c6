"""A connection whose credentials the venue rejected is deactivated once, with one event, on SQLite and
PostgreSQL; a connection whose credentials were replaced since the rejection is left alone."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

from shared.adapters.sql.database import SqlDatabase
from shared.clock import FixedClock
from shared.domain.broker import BrokerConnection
from shared.domain.enums import BrokerType
from shared.domain.events import Event, EventType
from shared.domain.tenant import Tenant
from shared.ports.repositories import AbstractUnitOfWork
from shared.services.broker_health import disable_rejected_connection
from tests.support.fake_event_store import FakeEventStore


def seeded(database: SqlDatabase, clock: FixedClock) -> BrokerConnection:
    tenant = Tenant(id=f"ten_{uuid.uuid4().hex[:10]}", email=f"{uuid.uuid4().hex[:8]}@example.com",
                    display_name="Desk", created_at=clock.now())
    broker = BrokerConnection(id=f"brk_{uuid.uuid4().hex[:10]}", tenant_id=tenant.id, broker_type=BrokerType.OANDA,
                              display_name="OANDA", created_at=clock.now(), encrypted_credentials="v1.first")

    def work(uow: AbstractUnitOfWork) -> None:
        uow.tenants.add(tenant)
        uow.brokers.add(broker)

    database.transact(work)
    return broker


def disable(database: SqlDatabase, clock: FixedClock, events: FakeEventStore, broker: BrokerConnection) -> bool:
    return disable_rejected_connection(broker, "Insufficient authorization to perform request.",
                                       transact=database.transact, events=events, clock=clock, source="Test",
                                       key="pip-command-1", correlation_id="corr-1")


def disabled_events(clock: FixedClock, events: FakeEventStore, tenant_id: str) -> list[Event]:
    now = clock.now()
    return list(events.iter_events(tenant_id=tenant_id, since=now - timedelta(days=1), until=now + timedelta(days=1),
                                   types=[EventType.BROKER_CONNECTION_DISABLED]))


def test_rejected_credentials_deactivate_the_connection_once(database: SqlDatabase, clock: FixedClock) -> None:
    events = FakeEventStore(clock)
    broker = seeded(database, clock)

    assert disable(database, clock, events, broker) is True
    assert disable(database, clock, events, broker) is False  # already inactive: nothing more

    stored = database.repositories.brokers.get_by_id(tenant_id=broker.tenant_id, broker_id=broker.id)
    assert stored is not None and stored.is_active is False and stored.updated_at == clock.now()
    (event,) = disabled_events(clock, events, broker.tenant_id)
    assert event.data == {"brokerConnectionId": broker.id, "reason": "credentials_rejected",
                          "detail": "Insufficient authorization to perform request."}


def test_credentials_replaced_since_the_rejection_keep_the_connection(database: SqlDatabase,
                                                                      clock: FixedClock) -> None:
    events = FakeEventStore(clock)
    rejected = seeded(database, clock)
    replaced = replace(rejected, encrypted_credentials="v1.second")  # the tenant put new credentials
    database.transact(lambda uow: uow.brokers.update(replaced))

    assert disable(database, clock, events, rejected) is False

    stored = database.repositories.brokers.get_by_id(tenant_id=rejected.tenant_id, broker_id=rejected.id)
    assert stored is not None and stored.is_active is True
    assert disabled_events(clock, events, rejected.tenant_id) == []
