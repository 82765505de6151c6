"""A dictionary whose keys expire, on a clock the caller controls. Not thread-safe: owners hold a lock."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

Monotonic = Callable[[], float]


def glob_regex(pattern: str) -> re.Pattern[str]:
    """The subset of Redis MATCH the application uses: ``*``, ``?`` and backslash escapes
    (``[`` is taken literally; ``shared.ports.cache.escape_glob`` escapes it anyway)."""
    parts: list[str] = []
    chars = iter(pattern)
    for ch in chars:
        if ch == "\\":
            parts.append(re.escape(next(chars, "\\")))
        elif ch == "*":
            parts.append(".*")
        elif ch == "?":
            parts.append(".")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts), re.DOTALL)


class TtlStore:
    """Values with absolute expiry times; an expired key is invisible and dropped when met.

    ``max_entries`` bounds memory: past it, expired keys are swept, then the oldest-written dropped
    (the store is a cache: losing an entry costs a database read, never correctness).
    """

    def __init__(self, *, monotonic: Monotonic = time.monotonic, max_entries: int = 100_000) -> None:
        self._now = monotonic
        self._max = max_entries
        self._data: dict[str, tuple[bytes, float]] = {}

    def get(self, key: str) -> bytes | None:
        item = self._data.get(key)
        if item is None:
            return None
        if item[1] <= self._now():
            del self._data[key]
            return None
        return item[0]

    def set(self, key: str, value: bytes, ttl_ms: int) -> None:
        self._data.pop(key, None)  # re-insert so dict order stays oldest-written first
        self._data[key] = (value, self._now() + ttl_ms / 1000)
        if len(self._data) > self._max:
            self._evict()

    def delete(self, key: str) -> bool:
        return self.get(key) is not None and self._data.pop(key, None) is not None

    def ttl_ms(self, key: str) -> int | None:
        if self.get(key) is None:
            return None
        return max(0, round((self._data[key][1] - self._now()) * 1000))

    def keys_matching(self, pattern: str) -> Iterator[str]:
        regex = glob_regex(pattern)
        for key in [k for k in self._data if regex.fullmatch(k)]:
            if self.get(key) is not None:
                yield key

    def __len__(self) -> int:
        return len(self._data)

    def _evict(self) -> None:
        now = self._now()
        for key in [k for k, (_, expires) in self._data.items() if expires <= now]:
            del self._data[key]
        while len(self._data) > self._max:
            del self._data[next(iter(self._data))]
