"""Building venue connectors for tests the way the workers do: through the factory, from operator settings
that point at a loopback fake, with a recording ``sleep`` so backoffs are asserted, not waited out."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from shared.adapters.brokers.factory import ConnectorFactory
from shared.adapters.sql.database import SqlDatabase
from shared.clock import Clock
from shared.domain.broker import BrokerConnection
from shared.domain.enums import BrokerType
from shared.settings import Settings

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def ref(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


class Sleeps(list[float]):
    """Records every backoff the connector asked for."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def factory(database: SqlDatabase, clock: Clock, sleeps: Sleeps, **settings: Any) -> ConnectorFactory:
    values: dict[str, Any] = {"broker_retry_base_delay": 0.01, "broker_retry_max_delay": 5.0,
                              "broker_timeout": 5.0, "broker_retry_attempts": 3, **settings}
    return ConnectorFactory(database, clock, Settings(**values), sleep=sleeps)


def connection(broker_type: BrokerType, metadata: dict[str, Any] | None = None) -> BrokerConnection:
    return BrokerConnection(id=ref("brk"), tenant_id=ref("ten"), broker_type=broker_type, display_name="Venue",
                            created_at=NOW, encrypted_credentials="v1.test", metadata=metadata or {})
