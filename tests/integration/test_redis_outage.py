"""Redis down or hung, on a PRIVATE redis-server (the shared one on 6379 is never stopped):
reads fall back to the database in bounded time, writes succeed, the circuit opens and closes again
without a restart, and idempotency fails closed without losing a message."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator

import pytest

from shared.adapters.cache.breaker import CLOSED, OPEN
from shared.adapters.cache.redis_cache import RedisCache
from shared.adapters.cache.redis_idempotency import RedisIdempotencyStore
from shared.adapters.sql.database import SqlDatabase
from shared.clock import FixedClock, SystemClock
from shared.domain.enums import TenantStatus
from shared.ports.cache import CacheKeys
from shared.ports.idempotency import CompletionOutbox, IdempotencyUnavailableError
from shared.services.cache_invalidation import CacheInvalidator
from shared.services.cache_metrics import CacheMetrics
from shared.services.channels import ChannelService
from shared.services.config_provider import CachedConfigProvider
from shared.services.idempotency import MessageIdempotency
from shared.services.tenants import TenantService
from tests.support.caches import guarded_redis
from tests.support.private_redis import PrivateRedis, private_redis

TIMEOUT = 0.2
RESET_AFTER = 0.5
HUNG_TIMEOUT = 0.5  # long beside a local read, so that 'did not wait for it' is unambiguous
CHANNEL = -100777


@pytest.fixture
def server() -> Iterator[PrivateRedis]:
    with private_redis() as running:
        yield running


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_reads_fall_back_to_the_database_writes_succeed_and_redis_is_picked_up_again(
        database: SqlDatabase, clock: FixedClock, server: PrivateRedis) -> None:
    redis = guarded_redis(server.url, timeout=TIMEOUT, failures=2, reset_after=RESET_AFTER)
    cache, metrics, keys = RedisCache(redis), CacheMetrics(), CacheKeys()
    invalidator = CacheInvalidator(cache, keys=keys, metrics=metrics, hold_seconds=0.1)
    tenants = TenantService(database, clock, invalidator)
    tenant = tenants.register(email="outage@example.com", display_name="Outage Ltd")
    ChannelService(database, clock, invalidator).add(tenant_id=tenant.id, channel_id=CHANNEL)
    provider = CachedConfigProvider(cache, database.repositories, keys=keys, metrics=metrics)
    time.sleep(0.15)  # let the add's tombstone lapse
    provider.get(tenant_id=tenant.id, channel_id=CHANNEL)
    assert provider.get(tenant_id=tenant.id, channel_id=CHANNEL).channel is not None
    assert metrics.snapshot()["total"]["hits"] == 4  # tenant, channel, trading, routing

    server.kill()
    for _ in range(3):  # the first failures trip the breaker; the rest fail fast
        config = provider.get(tenant_id=tenant.id, channel_id=CHANNEL)
        assert config.tenant is not None and config.channel is not None and config.trading is not None
    assert redis.breaker.state == OPEN
    assert metrics.snapshot()["total"]["errors"] == 12 and redis.errors >= 3
    assert cache.health() == {"backend": "redis", "circuit": OPEN, "circuit_trips": 1, "errors": redis.errors}

    suspended = tenants.suspend(tenant_id=tenant.id)  # the write succeeds; its invalidation cannot
    assert suspended.status is TenantStatus.SUSPENDED
    assert metrics.snapshot()["tenant"]["invalidation_errors"] == 1
    assert provider.get(tenant_id=tenant.id, channel_id=CHANNEL).tenant.status is TenantStatus.SUSPENDED  # type: ignore[union-attr]

    server.start()  # same port, empty: no restart of ours
    time.sleep(RESET_AFTER + 0.1)
    provider.get(tenant_id=tenant.id, channel_id=CHANNEL)  # the half-open trial succeeds and refills
    assert redis.breaker.state == CLOSED and cache.health()["circuit"] == CLOSED
    hits_before = metrics.snapshot()["total"]["hits"]
    config = provider.get(tenant_id=tenant.id, channel_id=CHANNEL)
    assert metrics.snapshot()["total"]["hits"] == hits_before + 4
    assert config.tenant is not None and config.tenant.status is TenantStatus.SUSPENDED
    redis.close()


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_a_hung_redis_costs_one_timeout_then_the_open_circuit_costs_nothing(
        database: SqlDatabase, clock: FixedClock, server: PrivateRedis) -> None:
    redis = guarded_redis(server.url, timeout=HUNG_TIMEOUT, failures=1, reset_after=60)
    provider = CachedConfigProvider(RedisCache(redis), database.repositories)
    tenant = TenantService(database, clock).register(email="hung@example.com", display_name="Hung Ltd")
    provider.get(tenant_id=tenant.id, channel_id=CHANNEL)  # connection made while the server answers
    server.freeze()
    try:
        started = time.monotonic()
        assert provider.get(tenant_id=tenant.id, channel_id=CHANNEL).tenant is not None
        first = time.monotonic() - started
        started = time.monotonic()
        assert provider.get(tenant_id=tenant.id, channel_id=CHANNEL).tenant is not None
        second = time.monotonic() - started
    finally:
        server.thaw()
    # Bounded: one socket timeout (plus a reconnect attempt), never a hang; then no network at all.
    assert HUNG_TIMEOUT <= first < 10 * HUNG_TIMEOUT, first
    assert second < HUNG_TIMEOUT, second
    assert redis.breaker.state == OPEN
    redis.close()


def test_idempotency_fails_closed_while_redis_is_down_and_loses_nothing(server: PrivateRedis) -> None:
    """100 messages through a simulated queue; Redis is killed in the middle of one handler and restarted
    later. Claims while it is down raise (the host would retry: we re-queue); no handler runs undeduplicated;
    every message is processed exactly once. The message whose completion found Redis gone is told its
    outbox was not appended (the pipeline then counts its statistics itself); no other is."""
    redis = guarded_redis(server.url, timeout=TIMEOUT, failures=2, reset_after=0.2)
    service = MessageIdempotency(RedisIdempotencyStore(redis), SystemClock(), lease_seconds=30)
    queue, processed, refused = deque(range(1, 101)), [], 0
    lost: list[int] = []
    after_restart: list[int] = []
    stream = CacheKeys().stats_feed()
    processed_while_down: list[int] = []
    down = False

    def handler(message_id: int) -> None:
        nonlocal down
        processed.append(message_id)
        if down:
            processed_while_down.append(message_id)
        if message_id == 40:
            server.kill()  # mid-run: after this claim, before its completion
            down = True

    while queue:
        message_id = queue.popleft()
        try:
            outcome = service.run(tenant_id="ten_a", channel_id=CHANNEL, message_id=message_id,
                                  payload={"text": f"signal {message_id}"}, handler=lambda m=message_id: handler(m),
                                  outbox=lambda m=message_id: CompletionOutbox(stream, (str(m).encode(),)))
            if outcome.outbox_lost:
                lost.append(message_id)
            elif refused >= 25:
                after_restart.append(message_id)
        except IdempotencyUnavailableError:
            refused += 1
            queue.append(message_id)  # the queue redelivers it later
            if refused == 25:
                server.start()
                down = False
                time.sleep(0.25)
    assert sorted(processed) == list(range(1, 101))  # nothing lost, nothing twice
    assert processed_while_down == [] and refused >= 25
    assert lost == [40]
    # Appended after the restart (the private server keeps nothing across it): every message completed since.
    appended = [int(item.data) for item in service.store.feed.read(stream, limit=200)]
    assert appended == after_restart and 100 in appended
    redis.close()


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_a_full_redis_refusing_writes_keeps_reads_working_and_the_circuit_closed(
        database: SqlDatabase, clock: FixedClock, server: PrivateRedis) -> None:
    """``noeviction`` at maxmemory: writes get OOM errors, reads still work (the server is alive)."""
    redis = guarded_redis(server.url, timeout=TIMEOUT, failures=1, reset_after=60)
    metrics = CacheMetrics()
    provider = CachedConfigProvider(RedisCache(redis), database.repositories, metrics=metrics)
    tenant = TenantService(database, clock).register(email="full@example.com", display_name="Full Ltd")
    redis.client.config_set("maxmemory-policy", "noeviction")
    redis.client.config_set("maxmemory", "1")
    config = provider.get(tenant_id=tenant.id, channel_id=CHANNEL)
    assert config.tenant is not None and config.trading is not None
    assert metrics.snapshot()["total"]["write_errors"] == 4
    assert redis.breaker.state == CLOSED
    redis.client.config_set("maxmemory", "0")
    provider.get(tenant_id=tenant.id, channel_id=CHANNEL)
    provider.get(tenant_id=tenant.id, channel_id=CHANNEL)
    assert metrics.snapshot()["total"]["hits"] == 4
    redis.close()
