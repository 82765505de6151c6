"""The cache invalidation outbox: a configuration write records which cache entries it changed in the same
transaction, so an invalidation that cannot reach the cache (down, partitioned, the process dying after the
commit) is not lost: a timer job applies what is left until it lands (shared/services/cache_repair.py)."""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class CachedEntity(StrEnum):
    TENANT = "tenant"  # the tenant's own entry, its trading entry and every channel entry of it
    CHANNEL = "channel"  # the named Telegram channels of the tenant
    TRADING = "trading"
    ROUTING = "routing"  # the tenant's broker routing (a connection or a channel's mappings changed)


@dataclass(frozen=True, slots=True)
class CacheChange:
    """The cache entries one write changed."""

    entity: CachedEntity
    tenant_id: str
    channel_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class PendingChange:
    id: str
    change: CacheChange
    created_at: datetime
    attempts: int


class AbstractCacheOutboxRepository(abc.ABC):
    """Pending invalidations, oldest first. Applying one twice is harmless: it re-reads the database."""

    @abc.abstractmethod
    def add(self, *, entry_id: str, change: CacheChange, at: datetime) -> None: ...

    @abc.abstractmethod
    def pending(self, *, limit: int) -> list[PendingChange]: ...

    @abc.abstractmethod
    def remove(self, *, entry_ids: Sequence[str]) -> int: ...

    @abc.abstractmethod
    def record_attempt(self, *, entry_ids: Sequence[str]) -> None: ...
