"""Cache and idempotency backends for the contract suites: in-process, and the real Redis under a key
namespace of this test's own (other runs share the server: never FLUSHDB, never touch other keys)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from shared.adapters.cache.breaker import CircuitBreaker
from shared.adapters.cache.memory import InProcessCache
from shared.adapters.cache.memory_idempotency import InProcessIdempotencyStore
from shared.adapters.cache.redis_cache import RedisCache
from shared.adapters.cache.redis_client import GuardedRedis, build_redis_client
from shared.adapters.cache.redis_idempotency import RedisIdempotencyStore
from shared.ports.cache import AbstractCache, CacheEntry, CacheKeys, escape_glob
from shared.ports.idempotency import AbstractIdempotencyStore


@dataclass
class Backend:
    name: str
    keys: CacheKeys
    cache: AbstractCache
    store: AbstractIdempotencyStore
    redis: GuardedRedis | None = None

    def key(self, suffix: str) -> str:
        return f"{self.keys.namespace}{suffix}"

    def put_raw_record(self, key: str, raw: bytes, ttl_ms: int) -> None:
        """Plant a record in the idempotency store as another writer (or a corruption) would."""
        if self.redis is not None:
            self.redis.client.set(key, raw, px=ttl_ms)
        else:
            self.store._store.set(key, raw, ttl_ms)  # type: ignore[attr-defined]


def namespace() -> str:
    return f"test-{uuid.uuid4().hex[:12]}:"


def guarded_redis(url: str, *, timeout: float = 0.5, failures: int = 3, reset_after: float = 5.0) -> GuardedRedis:
    client = build_redis_client(url, timeout=timeout, max_connections=64)
    return GuardedRedis(client, CircuitBreaker(failure_threshold=failures, reset_after=reset_after))


def sweep(redis: GuardedRedis, prefix: str) -> None:
    """Delete this test's keys, found by SCAN under its own namespace only."""
    keys = list(redis.client.scan_iter(match=escape_glob(prefix) + "*", count=500))
    if keys:
        redis.client.unlink(*keys)


BACKENDS = ["memory", "redis"]


def open_backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    """Body of a ``backend`` fixture parametrized over ``BACKENDS``; Redis via the ``redis_url`` fixture."""
    keys = CacheKeys(namespace())
    if request.param == "memory":
        yield Backend("memory", keys, InProcessCache(), InProcessIdempotencyStore())
        return
    url: str = request.getfixturevalue("redis_url")
    redis = guarded_redis(url)
    try:
        yield Backend("redis", keys, RedisCache(redis), RedisIdempotencyStore(redis), redis)
    finally:
        sweep(redis, keys.namespace)
        redis.close()


class CountingCache(AbstractCache):
    """Delegates to a real cache and counts round trips per operation (a spy, not a fake)."""

    def __init__(self, inner: AbstractCache) -> None:
        self.inner = inner
        self.calls: dict[str, int] = {}

    def _count(self, name: str) -> None:
        self.calls[name] = self.calls.get(name, 0) + 1

    def round_trips(self) -> int:
        return sum(self.calls.values())

    def reset(self) -> None:
        self.calls.clear()

    def _get_many(self, keys: list[str]) -> list[bytes | None]:
        self._count("get_many")
        return self.inner.get_many(keys)

    def _set_many(self, entries: list[CacheEntry], only_if_absent: bool) -> list[bool]:
        self._count("set_many")
        return self.inner.set_many(entries, only_if_absent=only_if_absent)

    def _replace_many(self, entries: list[tuple[CacheEntry, bytes]]) -> list[bool]:
        self._count("replace_many")
        return self.inner.replace_many(entries)

    def _fill_many(self, entries: list[CacheEntry], keep_prefix: bytes) -> int:
        self._count("fill_many")
        return self.inner.fill_many(entries, keep_prefix=keep_prefix)

    def _delete(self, keys: list[str]) -> int:
        self._count("delete")
        return self.inner.delete(keys)

    def _delete_matching(self, pattern: str) -> int:
        self._count("delete_matching")
        return self.inner.delete_matching(pattern)

    def _ttl_ms(self, key: str) -> int | None:
        return self.inner.ttl_ms(key)
