"""Composition root: settings -> adapters -> services, built once per worker process.

Backend choices live here and nowhere else. Nothing here runs at import: an import error while the
Functions host indexes the app would load zero functions. SDKs of backends that are not configured are
never imported, and the storage SDKs only when something first needs them.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING

from shared.adapters.sql.ciphertexts import SqlCiphertextStore
from shared.adapters.sql.database import SqlDatabase
from shared.bootstrap.builders import build_cache, build_database, build_key_provider
from shared.bootstrap.container import Container
from shared.clock import Clock, SystemClock
from shared.crypto.envelope import EnvelopeCipher
from shared.crypto.keys import AbstractKeyProvider
from shared.observability.context import install as install_log_context
from shared.observability.telemetry import telemetry
from shared.parsing import SignalParser
from shared.ports.cache import AbstractCache, CacheKeys
from shared.ports.event_archive import AbstractEventArchive
from shared.ports.events import AbstractEventStore
from shared.ports.idempotency import AbstractIdempotencyStore
from shared.ports.sessions import AbstractSessionStore
from shared.services.cache_invalidation import CacheInvalidator
from shared.services.cache_metrics import CacheMetrics
from shared.services.channels import ChannelService
from shared.services.config_provider import CachedConfigProvider
from shared.services.credentials import CredentialService
from shared.services.idempotency import MessageIdempotency
from shared.services.key_rotation import KeyRotationService
from shared.services.tenants import TenantService
from shared.services.trading import TradingService
from shared.settings import Settings, get_settings

if TYPE_CHECKING:
    from shared.ports.queues import AbstractMessageQueue

__all__ = ["Container", "bootstrap", "build_cache", "build_database", "build_key_provider", "get_container"]
logger = logging.getLogger(__name__)


def bootstrap(
    settings: Settings | None = None,
    *,
    database: SqlDatabase | None = None,
    clock: Clock | None = None,
    cache: AbstractCache | None = None,
    idempotency_store: AbstractIdempotencyStore | None = None,
    keys: AbstractKeyProvider | None = None,
    events: AbstractEventStore | None = None,
    event_archive: AbstractEventArchive | None = None,
    sessions: AbstractSessionStore | None = None,
    queues: AbstractMessageQueue | None = None,
) -> Container:
    """Wire the application; every dependency can be overridden (tests, tools)."""
    settings = settings or get_settings()
    connection_string = settings.appinsights_connection_string.get_secret_value()
    if connection_string and not telemetry.enabled:
        telemetry.configure_azure_monitor(connection_string)
    install_log_context()
    clock = clock or SystemClock()
    database = database or build_database(settings)
    if cache is None or idempotency_store is None:
        built_cache, built_store = build_cache(settings)
        cache, idempotency_store = cache or built_cache, idempotency_store or built_store
    cache_keys = CacheKeys(settings.redis_namespace)
    metrics = CacheMetrics()
    built: list[Container] = []  # the warm trigger reaches the container's cache-repair once it exists
    on_cold = None
    if settings.redis_url.get_secret_value():  # a shared cache that can be flushed under a running worker
        from shared.services.cache_repair import WarmTrigger

        on_cold = WarmTrigger(lambda: built[0].cache_repair)
    config = CachedConfigProvider(
        cache, database.repositories, keys=cache_keys, ttl_seconds=settings.cache_ttl,
        negative_ttl_seconds=settings.cache_negative_ttl, metrics=metrics, on_cold=on_cold,
    )
    invalidator = CacheInvalidator(cache, keys=cache_keys, metrics=metrics, refresh=config.current, clock=clock)
    keys = keys or build_key_provider(settings, clock)
    cipher = EnvelopeCipher(keys)
    parser = SignalParser()  # one bounded cache of compiled channel patterns, shared by the API and the pipeline
    container = Container(
        settings=settings,
        clock=clock,
        database=database,
        tenants=TenantService(database, clock, invalidator),
        channels=ChannelService(database, clock, invalidator, parser),
        trading=TradingService(database, clock, invalidator),
        cache=cache,
        cache_metrics=metrics,
        config=config,
        idempotency=MessageIdempotency(
            idempotency_store, clock, keys=cache_keys, lease_seconds=settings.idempotency_lease,
            ttl_seconds=settings.idempotency_ttl,
        ),
        keys=keys,
        cipher=cipher,
        credentials=CredentialService(database, cipher, clock, invalidator),
        cache_invalidator=invalidator,
        parser=parser,
        key_rotation=KeyRotationService(
            keys, cipher, SqlCiphertextStore(database), clock, rotation_days=settings.key_rotation_days
        ),
    )
    built.append(container)
    for name, override in (("sessions", sessions), ("events", events), ("event_archive", event_archive),
                           ("queues", queues)):
        if override is not None:
            setattr(container, name, override)
    return container


@lru_cache(maxsize=1)
def get_container() -> Container:
    """The process-wide container (hosts reuse worker processes)."""
    return bootstrap()
