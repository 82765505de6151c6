"""Connector factory: one connector per broker connection, cached for the life of the worker process.

The host a connector talks to comes from the operator's settings for the venue and the connection's
``metadata.environment`` (``practice``/``demo`` or ``live``), never from the tenant. ``live`` is built only
when the caller says the tenant enabled live trading (``allow_live``); the decision is re-checked on every
call, cached connectors included, so switching live trading off takes effect at once.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from typing import Any

from shared.adapters.brokers.config import environment_of
from shared.adapters.brokers.paper import PaperBroker
from shared.adapters.brokers.venue_http import RetryPolicy
from shared.adapters.sql.database import SqlDatabase
from shared.clock import Clock
from shared.domain.broker import BrokerConnection
from shared.domain.enums import BrokerType
from shared.ports.brokers import AbstractBrokerConnector, AbstractConnectorFactory, BrokerError
from shared.settings import Settings


class ConnectorFactory(AbstractConnectorFactory):
    """Caches connectors by connection id and a fingerprint of its credentials and metadata, so that a
    credential change builds a fresh connector while the hot path reuses sessions. Plaintext credentials
    are held only inside the connectors that need them, never in the cache key."""

    def __init__(self, database: SqlDatabase, clock: Clock, settings: Settings | None = None, *,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._database = database
        self._clock = clock
        self._settings = settings or Settings()
        self._sleep = sleep
        self._cache: dict[tuple[str, str], AbstractBrokerConnector] = {}
        self._lock = threading.Lock()

    def for_connection(self, connection: BrokerConnection, credentials: dict[str, Any], *,
                       allow_live: bool = False) -> AbstractBrokerConnector:
        if connection.broker_type is not BrokerType.PAPER and environment_of(connection) == "live" and not allow_live:
            raise BrokerError("this connection trades a live account and live trading is not enabled for the tenant",
                              code="live_trading_disabled")
        fingerprint = hashlib.sha256(
            (connection.encrypted_credentials + json.dumps(connection.metadata, sort_keys=True)).encode()
        ).hexdigest()
        key = (connection.id, fingerprint)
        with self._lock:
            connector = self._cache.get(key)
            if connector is None:
                connector = self._cache[key] = self._build(connection, credentials)
            return connector

    @property
    def policy(self) -> RetryPolicy:
        s = self._settings
        return RetryPolicy(attempts=s.broker_retry_attempts, base_delay=s.broker_retry_base_delay,
                           max_delay=s.broker_retry_max_delay, timeout=s.broker_timeout)

    def _build(self, connection: BrokerConnection, credentials: dict[str, Any]) -> AbstractBrokerConnector:
        kind = connection.broker_type
        if kind is BrokerType.PAPER:
            return PaperBroker(self._database, connection, self._clock)
        live = environment_of(connection) == "live"
        s = self._settings
        if kind is BrokerType.OANDA:
            from shared.adapters.brokers.oanda import build_oanda

            return build_oanda(s.oanda_live_url if live else s.oanda_practice_url, connection.metadata, credentials,
                               policy=self.policy, sleep=self._sleep, instrument_ttl=s.broker_instrument_cache)
        if kind is BrokerType.IG_MARKETS:
            from shared.adapters.brokers.ig import build_ig

            return build_ig(s.ig_live_url if live else s.ig_demo_url, connection.metadata, credentials,
                            policy=self.policy, sleep=self._sleep, instrument_ttl=s.broker_instrument_cache)
        if kind is BrokerType.CCXT:
            # Imported here: ccxt is a large import only workers with a crypto connection pay for.
            from shared.adapters.brokers.ccxt_exchange import build_ccxt

            return build_ccxt(connection.metadata, credentials, live=live, practice_mode=s.ccxt_practice_mode,
                              url_override=s.ccxt_url_override, policy=self.policy, sleep=self._sleep)
        raise BrokerError(f"no connector for broker type {kind.name} yet", code="invalid_configuration")
