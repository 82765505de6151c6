"""Composition root: settings -> adapters -> services, built once per worker process.

Backend choices live here and nowhere else. Nothing here runs at import: an import error while the
Functions host indexes the app would load zero functions.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.engine import create_engine
from shared.adapters.sql.retry import RetryPolicy
from shared.clock import Clock, SystemClock
from shared.ports.cache import AbstractCache, CacheKeys
from shared.ports.idempotency import AbstractIdempotencyStore
from shared.services.cache_invalidation import CacheInvalidator
from shared.services.cache_metrics import CacheMetrics
from shared.services.channels import ChannelService
from shared.services.config_provider import CachedConfigProvider
from shared.services.idempotency import MessageIdempotency
from shared.services.tenants import TenantService
from shared.services.trading import TradingService
from shared.settings import Settings, get_settings

logger = logging.getLogger(__name__)


@dataclass
class Container:
    """Everything a trigger or command needs, wired once."""

    settings: Settings
    clock: Clock
    database: SqlDatabase
    tenants: TenantService
    channels: ChannelService
    cache: AbstractCache
    cache_metrics: CacheMetrics
    config: CachedConfigProvider
    idempotency: MessageIdempotency
    trading: TradingService

    def close(self) -> None:
        self.cache.close()
        self.idempotency_store.close()
        self.database.dispose()

    @property
    def idempotency_store(self) -> AbstractIdempotencyStore:
        return self.idempotency.store


def build_database(settings: Settings) -> SqlDatabase:
    engine = create_engine(
        settings.database_url, pool_size=settings.sql_pool_size, max_overflow=settings.sql_max_overflow
    )
    retry = RetryPolicy(
        attempts=settings.sql_retry_attempts,
        base_delay=settings.sql_retry_base_delay,
        max_delay=settings.sql_retry_max_delay,
    )
    return SqlDatabase(engine, retry)


def build_cache(settings: Settings) -> tuple[AbstractCache, AbstractIdempotencyStore]:
    """Redis when ``PIPSTER_REDIS_URL`` is set (one client, pool and circuit breaker shared by both),
    else the in-process stores. The ``redis`` package is imported only in the first case."""
    url = settings.redis_url.get_secret_value()
    if not url:
        from shared.adapters.cache.memory import InProcessCache
        from shared.adapters.cache.memory_idempotency import InProcessIdempotencyStore

        if not settings.is_local:
            logger.warning("PIPSTER_REDIS_URL is empty in %s: the cache and idempotency records are per process",
                           settings.environment)
        return InProcessCache(), InProcessIdempotencyStore()
    from shared.adapters.cache.breaker import CircuitBreaker
    from shared.adapters.cache.redis_cache import RedisCache
    from shared.adapters.cache.redis_client import GuardedRedis, build_redis_client
    from shared.adapters.cache.redis_idempotency import RedisIdempotencyStore

    client = build_redis_client(url, timeout=settings.redis_timeout, max_connections=settings.redis_max_connections)
    breaker = CircuitBreaker(failure_threshold=settings.redis_breaker_failures,
                             reset_after=settings.redis_breaker_reset)
    redis = GuardedRedis(client, breaker)
    return RedisCache(redis), RedisIdempotencyStore(redis)


def bootstrap(
    settings: Settings | None = None, *, database: SqlDatabase | None = None, clock: Clock | None = None,
    cache: AbstractCache | None = None, idempotency_store: AbstractIdempotencyStore | None = None,
) -> Container:
    """Wire the application; every dependency can be overridden (tests, tools)."""
    settings = settings or get_settings()
    clock = clock or SystemClock()
    database = database or build_database(settings)
    if cache is None or idempotency_store is None:
        built_cache, built_store = build_cache(settings)
        cache, idempotency_store = cache or built_cache, idempotency_store or built_store
    keys = CacheKeys(settings.redis_namespace)
    metrics = CacheMetrics()
    invalidator = CacheInvalidator(cache, keys=keys, metrics=metrics)
    return Container(
        settings=settings,
        clock=clock,
        database=database,
        tenants=TenantService(database, clock, invalidator),
        channels=ChannelService(database, clock, invalidator),
        cache=cache,
        cache_metrics=metrics,
        config=CachedConfigProvider(
            cache, database.repositories, keys=keys, ttl_seconds=settings.cache_ttl,
            negative_ttl_seconds=settings.cache_negative_ttl, metrics=metrics,
        ),
        idempotency=MessageIdempotency(
            idempotency_store, clock, keys=keys, lease_seconds=settings.idempotency_lease,
            ttl_seconds=settings.idempotency_ttl,
        ),
        trading=TradingService(database, clock, invalidator),
    )


@lru_cache(maxsize=1)
def get_container() -> Container:
    """The process-wide container (hosts reuse worker processes)."""
    return bootstrap()
