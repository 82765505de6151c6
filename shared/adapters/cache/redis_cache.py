"""The Redis cache: MGET for reads, one pipeline for writes, a Lua compare-and-set for write-through,
SCAN + UNLINK for pattern invalidation."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from shared.adapters.cache.redis_client import GuardedRedis, RedisUnavailable
from shared.ports.cache import AbstractCache, CacheEntry, CacheUnavailableError

if TYPE_CHECKING:
    import redis

SCAN_COUNT = 500
# Compare and set per key, atomically on the server: ARGV holds (expected, value, ttl_ms) per key.
_REPLACE = """
local written = {}
for i, key in ipairs(KEYS) do
  local base = (i - 1) * 3
  if redis.call('GET', key) == ARGV[base + 1] then
    redis.call('SET', key, ARGV[base + 2], 'PX', ARGV[base + 3])
    written[i] = 1
  else
    written[i] = 0
  end
end
return written
"""  # keys examined per SCAN step: small steps keep each one short on the server


def unlink_matching(client: redis.Redis, pattern: str) -> int:
    """SCAN for ``pattern`` and UNLINK what it finds, a batch at a time; returns how many keys went."""
    # SCAN may return a key twice: UNLINK of a gone key is harmless, so no de-duplication.
    removed, batch = 0, []
    for key in client.scan_iter(match=pattern, count=SCAN_COUNT):
        batch.append(key)
        if len(batch) >= SCAN_COUNT:
            removed += cast(int, client.unlink(*batch))  # the sync client: an int, not an Awaitable
            batch = []
    if batch:
        removed += cast(int, client.unlink(*batch))
    return removed

# The warm's fill: absent -> SET; present -> PEXPIRE (value kept) unless it starts with ARGV[1] (a tombstone).
_FILL = """
local filled = 0
local keep = ARGV[1]
for i, key in ipairs(KEYS) do
  local base = 1 + (i - 1) * 2
  local current = redis.call('GET', key)
  if not current then
    redis.call('SET', key, ARGV[base + 1], 'PX', ARGV[base + 2])
    filled = filled + 1
  elseif string.sub(current, 1, string.len(keep)) ~= keep then
    redis.call('PEXPIRE', key, ARGV[base + 2])
  end
end
return filled
"""


class RedisCache(AbstractCache):
    """``AbstractCache`` on a shared ``GuardedRedis``; every failure surfaces as ``CacheUnavailableError``."""

    def __init__(self, redis: GuardedRedis) -> None:
        self._redis = redis

    def _get_many(self, keys: list[str]) -> list[bytes | None]:
        found: list[bytes | None] = self._call(lambda c: c.mget(keys), "mget")
        return found

    def _set_many(self, entries: list[CacheEntry], only_if_absent: bool) -> list[bool]:
        def write(client: redis.Redis) -> list[bool]:
            pipe = client.pipeline(transaction=False)
            for entry in entries:
                pipe.set(entry.key, entry.value, px=entry.ttl_ms, nx=only_if_absent)
            return [bool(ok) for ok in pipe.execute()]

        written: list[bool] = self._call(write, "set")
        return written

    def _replace_many(self, entries: list[tuple[CacheEntry, bytes]]) -> list[bool]:
        args: list[bytes | int] = []
        for entry, expected in entries:
            args += [expected, entry.value, entry.ttl_ms]
        keys = [entry.key for entry, _ in entries]
        script = self._redis.script(_REPLACE)
        written: list[int] = self._call(lambda c: script(keys=keys, args=args, client=c), "replace")
        return [bool(ok) for ok in written]

    def _fill_many(self, entries: list[CacheEntry], keep_prefix: bytes) -> int:
        args: list[bytes | int] = [keep_prefix]
        for entry in entries:
            args += [entry.value, entry.ttl_ms]
        keys = [entry.key for entry in entries]
        script = self._redis.script(_FILL)
        return int(self._call(lambda c: script(keys=keys, args=args, client=c), "fill"))

    def _delete(self, keys: list[str]) -> int:
        return int(self._call(lambda c: c.unlink(*keys), "unlink"))

    def _delete_matching(self, pattern: str) -> int:
        return int(self._call(lambda c: unlink_matching(c, pattern), "scan"))

    def _ttl_ms(self, key: str) -> int | None:
        ttl = int(self._call(lambda c: c.pttl(key), "pttl"))
        return None if ttl == -2 else ttl  # -1 (no TTL) never happens to our keys, but report it as is

    def health(self) -> dict[str, object]:
        breaker = self._redis.breaker
        return {"backend": "redis", "circuit": breaker.state, "circuit_trips": breaker.trips,
                "errors": self._redis.errors}

    def close(self) -> None:
        self._redis.close()

    def _call(self, operation: Callable[[redis.Redis], Any], what: str) -> Any:
        """redis-py types a reply as ``Awaitable | Any`` (one hint for both clients): callers type what they read."""
        try:
            return self._redis.call(operation, what)
        except RedisUnavailable as exc:
            raise CacheUnavailableError(str(exc)) from exc
