"""A message's audit trail goes to the event store in one write (``append_many``), before the message's
idempotency record completes, keeping the event ids a retried run writes again."""

from __future__ import annotations

from shared.domain.events import EventType
from tests.support.in_process import InProcessApp, only
from tests.support.scenario import GOLD, Desk, message


def test_a_refused_signal_writes_its_received_and_rejected_events_in_one_write(app: InProcessApp,
                                                                                desk: Desk) -> None:
    app.container.brokers.deactivate(tenant_id=desk.tenant_id, broker_id=desk.broker_id)
    before = app.events.writes

    assert app.deliver(message(desk, 1, GOLD)).outcome == "rejected"

    assert app.events.writes - before == 1
    received = only(app.events_of(desk.tenant_id, EventType.SIGNAL_RECEIVED))
    rejected = only(app.events_of(desk.tenant_id, EventType.SIGNAL_REJECTED))
    assert rejected.data["rule"] == "no_broker" and received.correlation_id == rejected.correlation_id


def test_a_run_that_died_after_its_events_keeps_one_of_each_on_the_retry(app: InProcessApp, desk: Desk) -> None:
    body = message(desk, 1, GOLD)
    assert app.deliver(body).outcome == "accepted"
    first = sorted(e.id for e in app.events.stored(desk.tenant_id))
    # The worker died after the events were written and before the record completed: the lease ran out.
    idempotency = app.container.idempotency
    idempotency.store.delete_matching(idempotency.keys.idempotency_pattern(desk.tenant_id))

    assert app.deliver(body).outcome == "accepted"

    assert sorted(e.id for e in app.events.stored(desk.tenant_id)) == first
