"""The API's audit trail: one event per successful write, appended after the write committed."""

from __future__ import annotations

import logging
from typing import Any

from shared.clock import Clock
from shared.domain.events import EventType, build_event
from shared.observability.telemetry import telemetry
from shared.ports.events import AbstractEventStore

logger = logging.getLogger(__name__)
SOURCE = "ConfigurationApi"


class AuditLog:
    """Appends audit events; a failure is logged and counted, never raised (the write already happened)."""

    def __init__(self, events: AbstractEventStore, clock: Clock) -> None:
        self._events = events
        self._clock = clock

    def record(self, event_type: EventType, *, tenant_id: str, data: dict[str, Any],
               correlation_id: str | None) -> None:
        try:
            self._events.append(build_event(event_type, tenant_id=tenant_id, data=data, source=SOURCE,
                                            clock=self._clock, correlation_id=correlation_id))
        except Exception:
            telemetry.count("api.audit_failed")
            logger.exception("audit: the %s event of %s could not be recorded", event_type, data.get("operation"))
