"""The in-process cache: the embedded default when no Redis is configured (one worker process only)."""

from __future__ import annotations

import threading
import time

from shared.adapters.cache.ttl_store import Monotonic, TtlStore
from shared.ports.cache import AbstractCache, CacheEntry


class InProcessCache(AbstractCache):
    """``AbstractCache`` on a locked ``TtlStore``: same TTL and NX semantics as Redis, no network."""

    def __init__(self, *, monotonic: Monotonic = time.monotonic, max_entries: int = 100_000) -> None:
        self._store = TtlStore(monotonic=monotonic, max_entries=max_entries)
        self._lock = threading.Lock()

    def _get_many(self, keys: list[str]) -> list[bytes | None]:
        with self._lock:
            return [self._store.get(k) for k in keys]

    def _set_many(self, entries: list[CacheEntry], only_if_absent: bool) -> list[bool]:
        written = []
        with self._lock:
            for entry in entries:
                if only_if_absent and self._store.get(entry.key) is not None:
                    written.append(False)
                    continue
                self._store.set(entry.key, bytes(entry.value), entry.ttl_ms)
                written.append(True)
        return written

    def _replace_many(self, entries: list[tuple[CacheEntry, bytes]]) -> list[bool]:
        written = []
        with self._lock:
            for entry, expected in entries:
                swap = self._store.get(entry.key) == expected
                if swap:
                    self._store.set(entry.key, bytes(entry.value), entry.ttl_ms)
                written.append(swap)
        return written

    def _fill_many(self, entries: list[CacheEntry], keep_prefix: bytes) -> int:
        filled = 0
        with self._lock:
            for entry in entries:
                current = self._store.get(entry.key)
                if current is None:
                    filled += 1
                if current is None or not current.startswith(keep_prefix):
                    self._store.set(entry.key, current if current is not None else bytes(entry.value), entry.ttl_ms)
        return filled

    def _delete(self, keys: list[str]) -> int:
        with self._lock:
            return sum(self._store.delete(k) for k in keys)

    def _delete_matching(self, pattern: str) -> int:
        with self._lock:
            return sum(self._store.delete(k) for k in list(self._store.keys_matching(pattern)))

    def _ttl_ms(self, key: str) -> int | None:
        with self._lock:
            return self._store.ttl_ms(key)

    def health(self) -> dict[str, object]:
        with self._lock:
            return {"backend": "in-process", "entries": len(self._store)}
