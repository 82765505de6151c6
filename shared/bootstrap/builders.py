"""Backend choices: settings -> adapters. Nothing is imported or connected until a builder runs; SDKs of
backends that are not configured are never imported."""


from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.engine import create_engine
from shared.adapters.sql.retry import RetryPolicy
from shared.clock import Clock
from shared.crypto.errors import KeyConfigurationError
from shared.crypto.keys import AbstractKeyProvider
from shared.ports.cache import AbstractCache, CacheKeys
from shared.ports.event_archive import AbstractEventArchive
from shared.ports.events import AbstractEventStore
from shared.ports.idempotency import AbstractIdempotencyStore
from shared.ports.sessions import AbstractSessionStore
from shared.settings import Settings

if TYPE_CHECKING:
    from azure.storage.blob import BlobServiceClient

    from shared.ports.rate_limits import AbstractRateLimiter

logger = logging.getLogger(__name__)



def build_database(settings: Settings) -> SqlDatabase:
    pool_size, max_overflow = settings.sql_pool
    engine = create_engine(settings.database_url, pool_size=pool_size, max_overflow=max_overflow,
                           pool_timeout=settings.sql_pool_timeout)
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
    cache: AbstractCache = RedisCache(redis)
    if settings.redis_near_cache:
        from shared.adapters.cache.near_cache import NearCache
        from shared.services import cache_codec

        pool = client.connection_pool
        prefix = CacheKeys(settings.redis_namespace).prefix
        cache = NearCache(RedisCache(redis), lambda: pool.connection_class(**pool.connection_kwargs),
                          [f"{prefix}{kind}" for kind in ("tenant:", "channel:", "trading:", "routing:", "warm")],
                          is_tombstone=cache_codec.is_tombstone)
    return cache, RedisIdempotencyStore(redis)


def build_rate_limiter(settings: Settings) -> AbstractRateLimiter:
    """Counters in Redis when ``PIPSTER_REDIS_URL`` is set (shared by every instance), else in this process."""
    from shared.adapters.cache.breaker import CircuitBreaker
    from shared.adapters.rate_limits import LimitsRateLimiter, redis_storage

    url = settings.redis_url.get_secret_value()
    storage = redis_storage(url, namespace=settings.redis_namespace, timeout=settings.redis_timeout) if url else None
    breaker = CircuitBreaker(failure_threshold=settings.redis_breaker_failures,
                             reset_after=settings.redis_breaker_reset)
    return LimitsRateLimiter(per_key=settings.rate_limit_per_key, per_address=settings.rate_limit_per_address,
                             storage=storage, breaker=breaker)


def build_key_provider(settings: Settings, clock: Clock) -> AbstractKeyProvider:
    """Key Vault when PIPSTER_KEYVAULT_URL is set; the local key-ring file only in local environments.

    Nothing is fetched or created here: the first encryption does that (no I/O while the host indexes).
    """
    refresh = timedelta(seconds=settings.key_refresh_seconds)
    if settings.keyvault_url:
        from shared.adapters.keys.keyvault import KeyVaultKeyProvider, build_secret_client

        client = build_secret_client(settings.keyvault_url)
        return KeyVaultKeyProvider(client, settings.key_secret_name, clock=clock, refresh_after=refresh)
    if not settings.is_local:
        raise KeyConfigurationError(
            "PIPSTER_KEYVAULT_URL", f"is required in the {settings.environment!r} environment (a local key file "
            "is for local runs only)")
    from shared.adapters.keys.keyring_file import FileKeyProvider

    return FileKeyProvider(settings.key_file_path, clock=clock, refresh_after=refresh)


def build_session_store(blobs: BlobServiceClient, settings: Settings, clock: Clock) -> AbstractSessionStore:
    """Telegram session files on Blob Storage (Azurite locally), container ``telegram-sessions``."""
    from shared.adapters.blob.layout import CONTAINER
    from shared.adapters.blob.sessions import BlobSessionStore

    container = blobs.get_container_client(CONTAINER)
    return BlobSessionStore(container, clock, max_bytes=settings.session_max_bytes)


def build_event_store(settings: Settings, clock: Clock) -> AbstractEventStore:
    """PIPSTER_EVENTS_BACKEND: Azure Tables (default, on the storage account) or Cosmos DB. No I/O here."""
    if settings.events_backend == "cosmos":
        from shared.adapters.events.cosmos import CosmosEventStore, connect_container

        return CosmosEventStore(lambda: connect_container(settings))
    from shared.adapters.events.tables import TablesEventStore
    from shared.adapters.storage import table_service

    return TablesEventStore(table_service(settings), settings.events_table, clock=clock)


def build_event_archive(blobs: BlobServiceClient) -> AbstractEventArchive:
    from shared.adapters.events.archive import BlobEventArchive

    return BlobEventArchive(blobs)
