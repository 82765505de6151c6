"""The hot-path config lookup on a warm Redis cache, and a simulated day's hit rate.

Goals (issue 3): warm lookup (tenant + channel + trading, one MGET, decoded) <= 3x one raw redis-py GET
round trip; simulated day (10,000 tenants x 5 channels, Zipf(1.1) over tenants, 200,000 messages,
5-minute TTL on a simulated clock) hit rate >= 99%.
"""

from __future__ import annotations

import bisect
import itertools
import random
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from bench.harness import compare, report
from shared.adapters.cache.memory import InProcessCache
from shared.adapters.cache.near_cache import NearCache
from shared.adapters.cache.redis_cache import RedisCache
from shared.adapters.cache.redis_client import GuardedRedis, build_redis_client
from shared.adapters.sql import migrate
from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.engine import create_engine
from shared.clock import FixedClock
from shared.domain.channel import ChannelConfiguration
from shared.domain.routing import BrokerRouting
from shared.domain.tenant import Tenant
from shared.domain.trading import TradingConfiguration, TradingSession
from shared.ports.cache import CacheKeys, escape_glob
from shared.ports.repositories import AbstractRepositories
from shared.services.cache_codec import is_tombstone
from shared.services.cache_metrics import CacheMetrics
from shared.services.config_provider import CachedConfigProvider
from shared.services.tenants import TenantService

REDIS = "redis://127.0.0.1:6379/0"
CHANNEL = -1001234567890
PATTERN = r"(?P<side>BUY|SELL)\s+#?(?P<symbol>[A-Z]{6})\s+(?P<entry>[0-9.]+)"


def warm_lookup() -> bool:
    import redis

    keys = CacheKeys(f"bench-{uuid.uuid4().hex[:8]}:")
    guarded = GuardedRedis(build_redis_client(REDIS, timeout=1.0, max_connections=4))
    raw = redis.Redis.from_url(REDIS)
    with tempfile.TemporaryDirectory() as tmp:
        database = SqlDatabase(create_engine(f"sqlite:///{Path(tmp) / 'bench.db'}"))
        migrate.upgrade(database.engine)
        clock = FixedClock(datetime(2026, 1, 5, 12, tzinfo=UTC))
        tenant = TenantService(database, clock).register(email="bench@example.com", display_name="Bench Desk")

        def seed(uow) -> None:  # type: ignore[no-untyped-def]
            uow.channels.add(ChannelConfiguration(id="chn_bench", tenant_id=tenant.id, channel_id=CHANNEL,
                                                  created_at=clock.now(), channel_name="Gold VIP",
                                                  regex_pattern=PATTERN))
            trading = uow.trading.get_by_tenant_id(tenant_id=tenant.id)
            trading.whitelisted_symbols = ("XAUUSD", "EURUSD", "GBPUSD")
            trading.max_slippage_pips = Decimal("2.5")
            trading.session = TradingSession(days=frozenset(range(5)))
            uow.trading.update(trading)

        database.transact(seed)
        provider = CachedConfigProvider(RedisCache(guarded), database.repositories, keys=keys)
        assert provider.get(tenant_id=tenant.id, channel_id=CHANNEL).channel is not None
        pool = guarded.client.connection_pool
        near = NearCache(RedisCache(guarded), lambda: pool.connection_class(**pool.connection_kwargs),
                         [keys.prefix], is_tombstone=is_tombstone)
        near_provider = CachedConfigProvider(near, database.repositories, keys=keys)
        while near.health()["near"]["entries"] < 4:  # type: ignore[index]  # listening, then held
            near_provider.get(tenant_id=tenant.id, channel_id=CHANNEL)
        tenant_key = keys.tenant(tenant.id)
        four = [tenant_key, keys.channel(tenant.id, CHANNEL), keys.trading(tenant.id), keys.routing(tenant.id)]
        try:
            figures = compare(calls=2000, rounds=11, subjects={
                "raw redis-py GET, one key (baseline)": lambda: raw.get(tenant_key),
                "raw redis-py MGET, the same 4 keys": lambda: raw.mget(four),
                "config lookup: MGET 4 keys + decode": lambda: provider.get(tenant_id=tenant.id, channel_id=CHANNEL),
                "config lookup, in-process L1 (no round trip)":
                    lambda: near_provider.get(tenant_id=tenant.id, channel_id=CHANNEL),
            })
            hits = provider.metrics.snapshot()["total"]
            assert hits["misses"] == 4, hits  # every timed lookup was a hit
        finally:
            for key in raw.scan_iter(match=escape_glob(keys.namespace) + "*"):
                raw.unlink(key)
            raw.close()
            near.close()
            database.dispose()
    return report("config lookup on a warm cache — Redis 127.0.0.1", figures, 3.0)


class _SimulatedDatabase(AbstractRepositories):
    """Builds each tenant's rows on demand and counts the reads (the simulation needs no SQL server)."""

    def __init__(self, tenants: int, channels: int, created: datetime) -> None:
        self.reads = 0
        outer = self

        class Tenants:
            def get_by_id(self, *, tenant_id: str) -> Tenant | None:
                outer.reads += 1
                return Tenant(id=tenant_id, email=f"{tenant_id}@example.com", display_name=tenant_id,
                              created_at=created)

        class Channels:
            def get_by_tenant_and_channel(self, *, tenant_id: str, channel_id: int) -> ChannelConfiguration | None:
                outer.reads += 1
                return ChannelConfiguration(id=f"chn_{tenant_id}_{-channel_id}", tenant_id=tenant_id,
                                            channel_id=channel_id, created_at=created)

        class Trading:
            def get_by_tenant_id(self, *, tenant_id: str) -> TradingConfiguration | None:
                outer.reads += 1
                return TradingConfiguration.default_for(tenant_id, f"trd_{tenant_id}", created)

        class Brokers:
            def routing(self, *, tenant_id: str) -> BrokerRouting:
                outer.reads += 1
                return BrokerRouting(tenant_id)

        self.tenants, self.channels, self.trading = Tenants(), Channels(), Trading()  # type: ignore[assignment]
        self.brokers = Brokers()  # type: ignore[assignment]


def simulated_day(ttl_seconds: float = 300, *, tenants: int = 10_000, channels: int = 5, messages: int = 200_000,
                  zipf_s: float = 1.1, seed: int = 20260105) -> tuple[float, int, float]:
    """(hit rate, database reads, bound) for one day of Zipf-distributed arrivals on a simulated clock.
    ``bound`` is the best any cache could do on that day: every key's first lookup must miss."""
    rng = random.Random(seed)
    now = [0.0]
    cache = InProcessCache(monotonic=lambda: now[0], max_entries=10 * tenants * (channels + 3))
    created = datetime(2026, 1, 5, tzinfo=UTC)
    database = _SimulatedDatabase(tenants, channels, created)
    metrics = CacheMetrics()
    provider = CachedConfigProvider(cache, database, ttl_seconds=ttl_seconds, metrics=metrics, rng=rng.random)
    weights = list(itertools.accumulate(1 / k**zipf_s for k in range(1, tenants + 1)))
    day = timedelta(days=1).total_seconds()
    seen: set[tuple[int, int]] = set()
    for at in sorted(rng.uniform(0, day) for _ in range(messages)):
        now[0] = at
        rank = bisect.bisect_left(weights, rng.random() * weights[-1])
        channel = rng.randrange(channels)
        seen.add((rank, channel))
        provider.get(tenant_id=f"ten_{rank:05d}", channel_id=-(1000 + channel))
    distinct_keys = len(seen) + 3 * len({rank for rank, _ in seen})  # channel keys + tenant, trading, routing keys
    return metrics.hit_rate(), database.reads, 1 - distinct_keys / (4 * messages)


def day_case() -> bool:
    """Issue 18's three cache figures, beside the cache-aside day of issue 3 (the baseline)."""
    from bench.cache_day import simulate

    before, reads_before, ceiling = simulated_day()
    steady = simulate(86_400)
    flushed = simulate(86_400, flush_at=12 * 3600 + 1)
    assert flushed.after_flush is not None
    goals = {"steady": steady.hit_rate >= 0.99, "flush": flushed.after_flush > 0.95,
             "stale": steady.worst_staleness < 300}
    print("\nsimulated day - 10,000 tenants x 5 channels, Zipf(1.1), 200,000 messages (800,000 key lookups)")
    print(f"  cache-aside, 5-minute TTL (baseline)          {before:8.2%}  database reads {reads_before:>7,}  1.00x")
    print(f"  write-through + outbox + warm, 1-day TTL      {steady.hit_rate:8.2%}  database reads {steady.reads:>7,}"
          f"  {steady.hit_rate / before:4.2f}x  (goal >= 99%: {'met' if goals['steady'] else 'MISSED'})")
    print(f"  within 5 min after a flush at noon + warm     {flushed.after_flush:8.2%}"
          f"  (warm {30:.0f} s after the first lookup finds the marker gone; goal > 95%:"
          f" {'met' if goals['flush'] else 'MISSED'})")
    print(f"  worst staleness, 10% of invalidations lost    {steady.worst_staleness:6.0f} s    "
          f"{steady.stale_lookups} stale lookups; bound 300 s: {steady.worst_staleness / 300:4.2f}x  "
          f"({'met' if goals['stale'] else 'MISSED'})")
    print(f"  ceiling for a cache filled only by reads      {ceiling:8.2%}")
    return all(goals.values())


def main() -> bool:
    return all([warm_lookup(), day_case()])
