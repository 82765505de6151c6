"""Connector factory: one connector per broker connection, cached for the life of the worker process."""

from __future__ import annotations

import hashlib
import json
import threading
from typing import Any

from shared.adapters.brokers.paper import PaperBroker
from shared.adapters.sql.database import SqlDatabase
from shared.clock import Clock
from shared.domain.broker import BrokerConnection
from shared.domain.enums import BrokerType
from shared.ports.brokers import AbstractBrokerConnector, AbstractConnectorFactory, BrokerError


class ConnectorFactory(AbstractConnectorFactory):
    """Caches connectors by connection id and a fingerprint of its credentials and metadata, so that a
    credential change builds a fresh connector while the hot path reuses sessions. Plaintext credentials
    are held only inside the connectors that need them, never in the cache key."""

    def __init__(self, database: SqlDatabase, clock: Clock) -> None:
        self._database = database
        self._clock = clock
        self._cache: dict[tuple[str, str], AbstractBrokerConnector] = {}
        self._lock = threading.Lock()

    def for_connection(self, connection: BrokerConnection, credentials: dict[str, Any]) -> AbstractBrokerConnector:
        fingerprint = hashlib.sha256(
            (connection.encrypted_credentials + json.dumps(connection.metadata, sort_keys=True)).encode()
        ).hexdigest()
        key = (connection.id, fingerprint)
        with self._lock:
            connector = self._cache.get(key)
            if connector is None:
                connector = self._cache[key] = self._build(connection, credentials)
            return connector

    def _build(self, connection: BrokerConnection, credentials: dict[str, Any]) -> AbstractBrokerConnector:
        if connection.broker_type is BrokerType.PAPER:
            return PaperBroker(self._database, connection, self._clock)
        raise BrokerError(f"no connector for broker type {connection.broker_type.name} yet: use PAPER")
