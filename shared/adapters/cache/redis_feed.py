"""The feed on a Redis stream: XADD to append (capped, approximately, at ``OUTBOX_MAX_ENTRIES``), XRANGE from
the start to read, XDEL to remove what was handled. One reader at a time is expected (a timer); a second
one reads the same entries, which the reader's idempotent handling absorbs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from shared.adapters.cache.redis_client import GuardedRedis, RedisUnavailable
from shared.ports.feeds import AbstractFeed, FeedItem, FeedUnavailableError
from shared.ports.idempotency import OUTBOX_MAX_ENTRIES

if TYPE_CHECKING:
    import redis

FIELD = b"d"  # each stream entry holds one field: the entry's bytes


class RedisFeed(AbstractFeed):
    def __init__(self, redis: GuardedRedis) -> None:
        self._redis = redis

    def _append(self, stream: str, entries: list[bytes]) -> None:
        def append(client: redis.Redis) -> Any:
            pipe = client.pipeline(transaction=False)
            for entry in entries:
                pipe.xadd(stream, {FIELD: entry}, maxlen=OUTBOX_MAX_ENTRIES, approximate=True)
            return pipe.execute()

        self._call(append, "feed append")

    def _read(self, stream: str, limit: int) -> list[FeedItem]:
        rows = self._call(lambda c: c.xrange(stream, "-", "+", count=limit), "feed read")
        return [FeedItem(_text(entry_id), fields.get(FIELD, b"")) for entry_id, fields in rows]

    def _remove(self, stream: str, ids: list[str]) -> int:
        return int(self._call(lambda c: c.xdel(stream, *ids), "feed remove"))

    def _length(self, stream: str) -> int:
        return int(self._call(lambda c: c.xlen(stream), "feed length"))

    def _call(self, operation: Callable[[redis.Redis], Any], what: str) -> Any:
        try:
            return self._redis.call(operation, what)
        except RedisUnavailable as exc:
            raise FeedUnavailableError(str(exc)) from exc


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
