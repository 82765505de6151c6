"""The container wired on the real Redis: one client for cache and idempotency, keys under the namespace."""

from __future__ import annotations

import pytest

from shared.adapters.cache.near_cache import NearCache
from shared.adapters.cache.redis_cache import RedisCache
from shared.adapters.cache.redis_idempotency import RedisIdempotencyStore
from shared.adapters.sql.database import SqlDatabase
from shared.bootstrap import bootstrap
from shared.clock import FixedClock
from shared.ports.cache import escape_glob
from shared.settings import Settings
from tests.support.caches import namespace


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_a_configured_redis_url_wires_redis_for_cache_config_and_idempotency(
        database: SqlDatabase, clock: FixedClock, redis_url: str) -> None:
    ns = namespace()
    settings = Settings(sql_url="sqlite://", redis_url=redis_url, redis_namespace=ns, cache_ttl=120)
    container = bootstrap(settings, database=database, clock=clock)
    try:
        assert isinstance(container.cache, NearCache)  # Redis, with the in-process L1 in front (the default)
        assert isinstance(container.idempotency.store, RedisIdempotencyStore)
        tenant = container.tenants.register(email=f"{ns[:-1]}@example.com", display_name="Wired")
        container.config.get(tenant_id=tenant.id, channel_id=-1)
        ttl = container.cache.ttl_ms(f"{ns}pipster:tenant:{tenant.id}")
        assert ttl is not None and ttl <= 120_000
        outcome = container.idempotency.run(tenant_id=tenant.id, channel_id=-1, message_id=1, payload="x",
                                            handler=lambda: "ok")
        assert outcome.key.startswith(f"{ns}pipster:idempotency:") and outcome.result == "ok"
        assert container.cache_metrics.snapshot()["total"]["misses"] == 4  # tenant, channel, trading, routing
    finally:
        container.cache.delete_matching(escape_glob(ns) + "*")
        container.cache.close()


def test_the_near_cache_can_be_turned_off(redis_url: str) -> None:
    from shared.bootstrap import build_cache

    cache, store = build_cache(Settings(sql_url="sqlite://", redis_url=redis_url, redis_near_cache=False))
    try:
        assert type(cache) is RedisCache and isinstance(store, RedisIdempotencyStore)
    finally:
        cache.close()

