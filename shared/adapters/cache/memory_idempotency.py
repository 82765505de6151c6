"""The in-process idempotency store: the embedded default (one worker process; nothing survives a restart)."""

from __future__ import annotations

import threading
import time

from shared.adapters.cache import records
from shared.adapters.cache.memory_feed import InProcessFeed
from shared.adapters.cache.ttl_store import Monotonic, TtlStore
from shared.ports.feeds import AbstractFeed
from shared.ports.idempotency import AbstractIdempotencyStore, Claim, ClaimStatus, CompletionOutbox


class InProcessIdempotencyStore(AbstractIdempotencyStore):
    """The Redis store's state machine on a locked ``TtlStore``: the lease is the key's TTL. A completion's
    outbox goes to an in-process feed under the same lock."""

    def __init__(self, *, monotonic: Monotonic = time.monotonic, max_entries: int = 1_000_000) -> None:
        self._store = TtlStore(monotonic=monotonic, max_entries=max_entries)
        self._lock = threading.Lock()
        self._feed = InProcessFeed()

    @property
    def feed(self) -> AbstractFeed:
        return self._feed

    def _claim(self, key: str, payload_hash: str, token: str, lease_ms: int, now_ms: int) -> Claim:
        with self._lock:
            raw = self._store.get(key)
            if raw is None:
                self._store.set(key, records.encode(records.IN_PROGRESS, payload_hash, token, now_ms), lease_ms)
                return Claim(key, ClaimStatus.CLAIMED, token=token)
            return records.existing(key, raw, payload_hash, self._store.ttl_ms(key))

    def _complete(self, key: str, token: str, payload_hash: str, ttl_ms: int, now_ms: int,
                  response: str | None, outbox: CompletionOutbox | None) -> bool:
        with self._lock:
            record = records.decode(self._store.get(key))
            if record is not None and record.get("token") != token:
                return False
            self._store.set(key, records.encode(records.COMPLETED, payload_hash, token, now_ms, response), ttl_ms)
            if outbox is not None:
                self._feed.append(outbox.stream, outbox.entries)
            return True

    def _release(self, key: str, token: str) -> bool:
        with self._lock:
            record = records.decode(self._store.get(key))
            if record is None or record.get("token") != token or record.get("status") != records.IN_PROGRESS:
                return False
            return self._store.delete(key)

    def _delete_matching(self, pattern: str) -> int:
        with self._lock:
            return sum(self._store.delete(k) for k in list(self._store.keys_matching(pattern)))

    def _ttl_ms(self, key: str) -> int | None:
        with self._lock:
            return self._store.ttl_ms(key)
