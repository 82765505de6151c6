"""The cache port: a shared key-value store with per-key TTLs (Redis in Azure, in-process locally).

Only the operations the hot path and invalidation need: a multi-key read (one round trip), a
pipelined multi-key write with TTL and optional NX, a multi-key compare-and-set (write-through),
delete, pattern delete (SCAN, never KEYS) and PTTL. Every failure to reach the store is a
``CacheUnavailableError``: callers treat it as a miss.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass

# Characters that are special in a Redis glob pattern; escaped when a prefix is used in MATCH.
_GLOB_SPECIAL = "*?[]\\"


class CacheError(Exception):
    """Base class of the cache's errors."""


class CacheUnavailableError(CacheError):
    """The store could not be reached in time (down, slow, circuit open). Treat as a miss; never fail a read."""


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """One write: ``value`` under ``key`` for ``ttl_ms`` milliseconds."""

    key: str
    value: bytes
    ttl_ms: int


def escape_glob(text: str) -> str:
    return "".join("\\" + ch if ch in _GLOB_SPECIAL else ch for ch in text)


@dataclass(frozen=True, slots=True)
class CacheKeys:
    """The spec's key patterns. ``namespace`` is empty in production (keys start exactly with ``pipster:``);
    tests and shared servers put a namespace of their own in front."""

    namespace: str = ""

    @property
    def prefix(self) -> str:
        return f"{self.namespace}pipster:"

    def tenant(self, tenant_id: str) -> str:
        return f"{self.prefix}tenant:{tenant_id}"

    def channel(self, tenant_id: str, channel_id: int) -> str:
        return f"{self.prefix}channel:{tenant_id}:{channel_id}"

    def channels_pattern(self, tenant_id: str) -> str:
        """SCAN pattern matching every cached channel of one tenant (ids hold no glob characters)."""
        return f"{escape_glob(self.prefix)}channel:{escape_glob(tenant_id)}:*"

    def trading(self, tenant_id: str) -> str:
        return f"{self.prefix}trading:{tenant_id}"

    def routing(self, tenant_id: str) -> str:
        """A tenant's broker routing (connections' ids, types and states, and channel mappings; no secrets)."""
        return f"{self.prefix}routing:{tenant_id}"

    def warm_marker(self) -> str:
        """Written after the warm job filled the cache: its absence means the cache lost its entries."""
        return f"{self.prefix}warm"

    def stats_feed(self) -> str:
        """The statistics feed: a stream the pipeline's completions append signal facts to (not a cache entry:
        no TTL, capped in length; the statistics fold empties it)."""
        return f"{self.prefix}stats:feed"

    def idempotency(self, tenant_id: str, channel_id: int, message_id: int | str) -> str:
        return f"{self.prefix}idempotency:{tenant_id}:{channel_id}:{message_id}"

    def telegram_update(self, tenant_id: str, update_id: int) -> str:
        """A bot webhook delivery, enqueued once per ``update_id`` (inside the tenant's idempotency pattern,
        so the GDPR purge removes it with the rest)."""
        return f"{self.prefix}idempotency:{tenant_id}:bot-update:{update_id}"

    def idempotency_pattern(self, tenant_id: str) -> str:
        """SCAN pattern matching every idempotency record of one tenant."""
        return f"{escape_glob(self.prefix)}idempotency:{escape_glob(tenant_id)}:*"


class AbstractCache(abc.ABC):
    """A TTL key-value store. Values are bytes; TTLs are milliseconds and always set (no immortal keys)."""

    def get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        """Values in the order of ``keys`` (None = absent), in one round trip."""
        if not keys:
            return []
        return self._get_many(list(keys))

    def set_many(self, entries: Sequence[CacheEntry], *, only_if_absent: bool = False) -> list[bool]:
        """Write every entry in one round trip; with ``only_if_absent`` (NX) an existing key is kept.
        Returns, per entry, whether it was written."""
        for entry in entries:
            if entry.ttl_ms <= 0:
                raise ValueError(f"ttl_ms must be positive, got {entry.ttl_ms} for {entry.key!r}")
        if not entries:
            return []
        return self._set_many(list(entries), only_if_absent)

    def replace_many(self, entries: Sequence[tuple[CacheEntry, bytes]]) -> list[bool]:
        """Compare and set, in one round trip: each ``(entry, expected)`` is written only where its key still
        holds exactly ``expected`` (a write-through after a tombstone: a later writer's tombstone wins).
        Returns, per entry, whether it was written."""
        for entry, _ in entries:
            if entry.ttl_ms <= 0:
                raise ValueError(f"ttl_ms must be positive, got {entry.ttl_ms} for {entry.key!r}")
        if not entries:
            return []
        return self._replace_many(list(entries))

    def fill_many(self, entries: Sequence[CacheEntry], *, keep_prefix: bytes) -> int:
        """The warm's write, in one round trip: an absent key gets its entry; a present one keeps its value and
        gets the entry's TTL, unless its value starts with ``keep_prefix`` (a tombstone: left as it is).
        Returns how many keys were absent."""
        if not entries:
            return 0
        return self._fill_many(list(entries), keep_prefix)

    def delete(self, keys: Sequence[str]) -> int:
        """Remove the keys; returns how many existed."""
        if not keys:
            return 0
        return self._delete(list(keys))

    def delete_matching(self, pattern: str) -> int:
        """Remove every key matching a glob ``pattern``, found by SCAN (incremental, never blocks the server)."""
        return self._delete_matching(pattern)

    def ttl_ms(self, key: str) -> int | None:
        """Remaining time to live (PTTL); None when the key does not exist."""
        return self._ttl_ms(key)

    def health(self) -> dict[str, object]:
        """What a health/metrics endpoint shows about the store itself (no secrets, no I/O)."""
        return {"backend": type(self).__name__}

    def close(self) -> None:  # noqa: B027 - optional hook: the in-process store holds no connections
        """Release connections."""

    @abc.abstractmethod
    def _get_many(self, keys: list[str]) -> list[bytes | None]: ...
    @abc.abstractmethod
    def _set_many(self, entries: list[CacheEntry], only_if_absent: bool) -> list[bool]: ...
    @abc.abstractmethod
    def _replace_many(self, entries: list[tuple[CacheEntry, bytes]]) -> list[bool]: ...
    @abc.abstractmethod
    def _fill_many(self, entries: list[CacheEntry], keep_prefix: bytes) -> int: ...
    @abc.abstractmethod
    def _delete(self, keys: list[str]) -> int: ...
    @abc.abstractmethod
    def _delete_matching(self, pattern: str) -> int: ...
    @abc.abstractmethod
    def _ttl_ms(self, key: str) -> int | None: ...
