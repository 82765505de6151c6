"""A connection whose credentials the venue rejects is taken out of routing at once, with an event saying
why, so that every following signal is not sent to a venue that will refuse it (and the tenant sees the
reason where it sees its trades). Re-activating it is the tenant's decision, after fixing the credentials."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from shared.clock import Clock
from shared.domain.broker import BrokerConnection
from shared.domain.events import EventType, build_event
from shared.observability.telemetry import telemetry
from shared.ports.events import AbstractEventStore
from shared.ports.repositories import AbstractUnitOfWork

logger = logging.getLogger(__name__)
CREDENTIALS_REJECTED = "credentials_rejected"


def disable_rejected_connection(broker: BrokerConnection, reason: str, *, transact: Callable[..., Any],
                                events: AbstractEventStore, clock: Clock, source: str, key: str,
                                correlation_id: str | None = None) -> bool:
    """Deactivate ``broker`` unless its credentials changed since they were rejected (a tenant who just fixed
    them keeps the connection). ``key`` makes the event id deterministic (a redelivery writes it once).
    Returns whether the connection was deactivated now."""

    def work(uow: AbstractUnitOfWork) -> bool:
        current = uow.brokers.get_by_id(tenant_id=broker.tenant_id, broker_id=broker.id)
        if current is None or not current.is_active or current.encrypted_credentials != broker.encrypted_credentials:
            return False
        current.deactivate(clock.now())
        uow.brokers.update(current)
        return True

    if not transact(work, what="disable broker connection"):
        return False
    telemetry.count("brokers.disabled")
    logger.warning("broker connection %s disabled: the venue rejected its credentials", broker.id)
    event_id = "evt_" + hashlib.sha256(f"{key}|{broker.id}|disabled".encode()).hexdigest()[:32]
    events.append(build_event(
        EventType.BROKER_CONNECTION_DISABLED, tenant_id=broker.tenant_id, source=source, clock=clock,
        event_id=event_id, correlation_id=correlation_id,
        data={"brokerConnectionId": broker.id, "reason": CREDENTIALS_REJECTED, "detail": reason}))
    return True
