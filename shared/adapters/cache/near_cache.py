"""An in-process L1 in front of Redis for the configuration entries, kept true by Redis itself.

Server-assisted client-side caching (Redis 6+ ``CLIENT TRACKING ... BCAST``): one dedicated connection
subscribes to ``__redis__:invalidate`` and has tracking on for the configuration key prefixes, redirected
to itself; Redis then sends it the name of every such key that changes, expires or is evicted (or nil on a
flush), whoever changed it. A warm lookup is answered from the process's memory: no round trip.

redis-py's own client-side cache (``cache_config``) needs Redis 7.4 and RESP3; this works on every Redis
Azure offers (6.0+), RESP2 included.

Correctness:
* an entry is served only while the listener is connected and subscribed; when it drops, the L1 is emptied
  and bypassed until tracking is back (it is emptied again then: messages in between are lost);
* a reply is stored only if no invalidation arrived between the request and the reply (an epoch counter),
  so a value read just before a write cannot be kept after the write's invalidation was handled;
* this process's own writes drop their keys at once (their invalidation message would come a moment later);
* tombstones are never kept (a tombstone is a miss that must be re-read); entries live ``max_age`` at most.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from shared.adapters.cache.redis_cache import RedisCache
from shared.adapters.cache.ttl_store import glob_regex
from shared.ports.cache import AbstractCache, CacheEntry

logger = logging.getLogger(__name__)
CHANNEL = "__redis__:invalidate"


class NearCache(AbstractCache):
    """``AbstractCache`` on a ``RedisCache``, with the keys under ``prefixes`` also held in memory.
    ``connect`` builds the listener's own ``redis.Connection`` (not from the pool: it stays subscribed)."""

    def __init__(self, redis_cache: RedisCache, connect: Callable[[], Any], prefixes: list[str], *,
                 is_tombstone: Callable[[bytes], bool], max_entries: int = 50_000, max_age: float = 60.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._redis = redis_cache
        self._connect = connect
        self._prefixes = tuple(prefixes)
        self._is_tombstone = is_tombstone
        self._max_entries = max_entries
        self._max_age = max_age
        self._now = monotonic
        self._lock = threading.Lock()
        self._local: dict[str, tuple[bytes, float]] = {}
        self._epoch = 0
        self._live = False  # the listener is subscribed with tracking on: invalidations arrive
        self._closed = threading.Event()
        self.hits = 0
        self.listener_id: int | None = None  # the listener's Redis client id (CLIENT LIST shows it)
        self._thread = threading.Thread(target=self._listen, name="cache-invalidations", daemon=True)
        self._thread.start()

    # -- reads ---------------------------------------------------------------------------------------------

    def _get_many(self, keys: list[str]) -> list[bytes | None]:
        found: list[bytes | None] = [None] * len(keys)
        missing: list[int] = []
        now = self._now()
        with self._lock:
            live, epoch = self._live, self._epoch
            for i, key in enumerate(keys):
                item = self._local.get(key) if live else None
                if item is not None and item[1] > now:
                    found[i] = item[0]
                else:
                    missing.append(i)
            self.hits += len(keys) - len(missing)
        if not missing:
            return found
        fetched = self._redis.get_many([keys[i] for i in missing])
        keep: list[tuple[str, bytes]] = []
        for i, value in zip(missing, fetched, strict=True):
            found[i] = value
            if live and value is not None and keys[i].startswith(self._prefixes) and not self._is_tombstone(value):
                keep.append((keys[i], value))
        if keep:
            self._keep(keep, epoch, now)
        return found

    def _keep(self, items: list[tuple[str, bytes]], epoch: int, now: float) -> None:
        with self._lock:
            if epoch != self._epoch or not self._live:
                return  # an invalidation came in while the request was out: the reply may be older than it
            if len(self._local) + len(items) > self._max_entries:
                self._local.clear()  # a crude bound: the working set refills from Redis in one pass
            expires = now + self._max_age
            for key, value in items:
                self._local[key] = (value, expires)

    # -- writes: Redis first, then this process's copies go ------------------------------------------------

    def _set_many(self, entries: list[CacheEntry], only_if_absent: bool) -> list[bool]:
        try:
            return self._redis.set_many(entries, only_if_absent=only_if_absent)
        finally:
            self._drop([entry.key for entry in entries])

    def _replace_many(self, entries: list[tuple[CacheEntry, bytes]]) -> list[bool]:
        try:
            return self._redis.replace_many(entries)
        finally:
            self._drop([entry.key for entry, _ in entries])

    def _fill_many(self, entries: list[CacheEntry], keep_prefix: bytes) -> int:
        try:
            return self._redis.fill_many(entries, keep_prefix=keep_prefix)
        finally:
            self._drop([entry.key for entry in entries])

    def _delete(self, keys: list[str]) -> int:
        try:
            return self._redis.delete(keys)
        finally:
            self._drop(keys)

    def _delete_matching(self, pattern: str) -> int:
        try:
            return self._redis.delete_matching(pattern)
        finally:
            regex = glob_regex(pattern)
            with self._lock:
                self._epoch += 1
                for key in [k for k in self._local if regex.fullmatch(k)]:
                    del self._local[key]

    def _ttl_ms(self, key: str) -> int | None:
        return self._redis.ttl_ms(key)

    def _drop(self, keys: list[str] | None) -> None:
        """Forget ``keys`` (None: everything) and move the epoch on."""
        with self._lock:
            self._epoch += 1
            if keys is None:
                self._local.clear()
            else:
                for key in keys:
                    self._local.pop(key, None)

    def health(self) -> dict[str, object]:
        with self._lock:
            near = {"entries": len(self._local), "hits": self.hits, "invalidations": self._live}
        return {**self._redis.health(), "near": near}

    def close(self) -> None:
        self._closed.set()
        self._thread.join(timeout=2)
        self._redis.close()

    # -- the invalidation listener -------------------------------------------------------------------------

    def _listen(self) -> None:
        backoff = 0.1
        while not self._closed.is_set():
            connection: Any = None
            try:
                connection = self._subscribe()
                backoff = 0.1
                while not self._closed.is_set():
                    if connection.can_read(timeout=0.5):
                        self._on_message(connection.read_response())
            except Exception as exc:  # noqa: BLE001 - any failure: stop serving, reconnect
                if not self._closed.is_set():
                    logger.warning("cache invalidation listener lost (%s); the L1 is off until it is back",
                                   type(exc).__name__)
            finally:
                with self._lock:
                    self._live = False
                self._drop(None)
                if connection is not None:
                    connection.disconnect()
            self._closed.wait(backoff)
            backoff = min(backoff * 2, 5.0)

    def _subscribe(self) -> Any:
        connection = self._connect()
        connection.connect()
        connection.send_command("CLIENT", "ID")
        client_id = connection.read_response()
        prefixes = [part for prefix in self._prefixes for part in ("PREFIX", prefix)]
        connection.send_command("CLIENT", "TRACKING", "on", "REDIRECT", client_id, "BCAST", *prefixes)
        connection.read_response()
        connection.send_command("SUBSCRIBE", CHANNEL)
        connection.read_response()
        self._drop(None)  # whatever was held before tracking began may be stale
        with self._lock:
            self._live = True
            self.listener_id = int(client_id)
        return connection

    def _on_message(self, message: Any) -> None:
        if not isinstance(message, list) or len(message) != 3 or message[0] != b"message":
            return
        keys = message[2]
        self._drop(None if keys is None else [k.decode() if isinstance(k, bytes) else str(k) for k in keys])
