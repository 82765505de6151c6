"""The Redis idempotency store: each transition is one Lua script, atomic on the server.

The lease is the key's own TTL (PX): a worker that dies after claiming leaves a record that
vanishes when the lease runs out, and the queue's redelivery then claims it afresh. A completion's
outbox is XADDed to its stream by the completing script itself: no extra round trip, and nothing is
appended by a completion that lost its lease.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from shared.adapters.cache import records
from shared.adapters.cache.redis_cache import unlink_matching
from shared.adapters.cache.redis_client import GuardedRedis, RedisUnavailable
from shared.adapters.cache.redis_feed import FIELD, RedisFeed
from shared.ports.feeds import AbstractFeed
from shared.ports.idempotency import (
    OUTBOX_MAX_ENTRIES,
    AbstractIdempotencyStore,
    Claim,
    ClaimStatus,
    CompletionOutbox,
    IdempotencyUnavailableError,
)

if TYPE_CHECKING:
    import redis

# -> {1} when claimed, else {0, existing record, its PTTL}
_CLAIM = """
local current = redis.call('GET', KEYS[1])
if not current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return {1}
end
return {0, current, redis.call('PTTL', KEYS[1])}
"""

# Complete unless another token holds the key; an unreadable record is overwritten. With an outbox, each of
# its entries (ARGV[6]...) is then XADDed to the stream KEYS[2], capped near ARGV[4] entries; without one the
# call passes only ARGV[1..3] and the loop does not run.
_COMPLETE = """
local current = redis.call('GET', KEYS[1])
if current then
  local ok, record = pcall(cjson.decode, current)
  if ok and type(record) == 'table' and record['token'] ~= ARGV[1] then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
for i = 6, #ARGV do
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', ARGV[5], ARGV[i])
end
return 1
"""

_RELEASE = """
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local ok, record = pcall(cjson.decode, current)
if ok and type(record) == 'table' and record['token'] == ARGV[1] and record['status'] == 'IN_PROGRESS' then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class RedisIdempotencyStore(AbstractIdempotencyStore):
    """``AbstractIdempotencyStore`` on Redis. Unreachable Redis -> ``IdempotencyUnavailableError`` (fail closed)."""

    def __init__(self, redis: GuardedRedis) -> None:
        self._redis = redis
        self._feed = RedisFeed(redis)

    @property
    def feed(self) -> AbstractFeed:
        return self._feed

    def _claim(self, key: str, payload_hash: str, token: str, lease_ms: int, now_ms: int) -> Claim:
        record = records.encode(records.IN_PROGRESS, payload_hash, token, now_ms)
        reply = self._run(_CLAIM, key, record, lease_ms, what="claim")
        if int(reply[0]) == 1:
            return Claim(key, ClaimStatus.CLAIMED, token=token)
        return records.existing(key, reply[1], payload_hash, int(reply[2]))

    def _complete(self, key: str, token: str, payload_hash: str, ttl_ms: int, now_ms: int,
                  response: str | None, outbox: CompletionOutbox | None) -> bool:
        record = records.encode(records.COMPLETED, payload_hash, token, now_ms, response)
        if outbox is None:
            return int(self._run(_COMPLETE, key, token, record, ttl_ms, what="complete")) == 1
        script = self._redis.script(_COMPLETE)
        args = [token, record, ttl_ms, OUTBOX_MAX_ENTRIES, FIELD, *outbox.entries]
        return int(self._call(lambda c: script(keys=[key, outbox.stream], args=args, client=c), "complete")) == 1

    def _release(self, key: str, token: str) -> bool:
        return int(self._run(_RELEASE, key, token, what="release")) == 1

    def _delete_matching(self, pattern: str) -> int:
        return int(self._call(lambda c: unlink_matching(c, pattern), "scan"))

    def _ttl_ms(self, key: str) -> int | None:
        ttl = int(self._call(lambda c: c.pttl(key), "pttl"))
        return None if ttl == -2 else ttl

    def close(self) -> None:
        self._redis.close()

    def _run(self, source: str, key: str, *args: object, what: str) -> Any:
        script = self._redis.script(source)
        return self._call(lambda c: script(keys=[key], args=list(args), client=c), what)

    def _call(self, operation: Callable[[redis.Redis], Any], what: str) -> Any:
        try:
            return self._redis.call(operation, what)
        except RedisUnavailable as exc:
            raise IdempotencyUnavailableError(str(exc)) from exc
