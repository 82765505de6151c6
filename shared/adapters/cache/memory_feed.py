"""The feed in this process (the embedded default, like the in-process idempotency store it goes with):
nothing survives a restart."""

from __future__ import annotations

import threading
from collections import deque
from itertools import count

from shared.ports.feeds import AbstractFeed, FeedItem
from shared.ports.idempotency import OUTBOX_MAX_ENTRIES


class InProcessFeed(AbstractFeed):
    def __init__(self, *, max_entries: int = OUTBOX_MAX_ENTRIES) -> None:
        self._lock = threading.Lock()
        self._streams: dict[str, deque[FeedItem]] = {}
        self._ids = count(1)
        self._max_entries = max_entries

    def _append(self, stream: str, entries: list[bytes]) -> None:
        with self._lock:
            items = self._streams.setdefault(stream, deque(maxlen=self._max_entries))
            items.extend(FeedItem(f"{next(self._ids)}-0", entry) for entry in entries)

    def _read(self, stream: str, limit: int) -> list[FeedItem]:
        with self._lock:
            items = self._streams.get(stream, ())
            return [item for _, item in zip(range(limit), items, strict=False)]

    def _remove(self, stream: str, ids: list[str]) -> int:
        gone = set(ids)
        with self._lock:
            items = self._streams.get(stream)
            if not items:
                return 0
            kept = [item for item in items if item.id not in gone]
            removed = len(items) - len(kept)
            items.clear()
            items.extend(kept)
            return removed

    def _length(self, stream: str) -> int:
        with self._lock:
            return len(self._streams.get(stream, ()))
