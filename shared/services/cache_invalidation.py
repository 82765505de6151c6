"""Write-through invalidation: the services that write configuration go through ``write``.

``write`` records the change in the cache outbox inside the write's own transaction, then, after the
commit, applies it: the changed keys get this writer's own tombstone (``cache_codec.tombstone``), the
rows are read again from the database and written over exactly that tombstone (compare and set). So:

* a reader that loaded the old row just before the write cannot put it back: its fill is SET NX and the
  key holds the tombstone or the new value;
* of two racing writers, the one whose tombstone came last wins, and its read came after both commits;
* the next reader hits the new value instead of missing (the entry is populated, not only deleted).

When the cache cannot be reached the write still succeeds: the outbox row stays and the cache-repair job
applies it until it lands (shared/services/cache_repair.py). The spec's "invalidate
pipster:channel:{tenantId}:*" is a SCAN + UNLINK, never KEYS.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import TypeVar

from shared.clock import Clock, SystemClock
from shared.domain.ids import new_id
from shared.ports.cache import AbstractCache, CacheEntry, CacheKeys, CacheUnavailableError
from shared.ports.cache_outbox import CacheChange, CachedEntity
from shared.ports.repositories import AbstractUnitOfWork
from shared.ports.transactions import TransactionRunner
from shared.services import cache_codec as codec
from shared.services.cache_metrics import CacheMetrics

logger = logging.getLogger(__name__)
T = TypeVar("T")
# What the database holds now for the keys a change touched, as cache entries (CachedConfigProvider.current).
Refresh = Callable[[CacheChange], list[CacheEntry]]


class CacheInvalidator:
    """Applies the cache changes of configuration writes (see the module docstring)."""

    def __init__(self, cache: AbstractCache, *, keys: CacheKeys | None = None, hold_seconds: float = 5.0,
                 metrics: CacheMetrics | None = None, refresh: Refresh | None = None,
                 clock: Clock | None = None) -> None:
        if hold_seconds <= 0:
            raise ValueError("hold_seconds must be positive")
        self._cache = cache
        self.keys = keys or CacheKeys()
        self._hold_ms = int(hold_seconds * 1000)
        self.metrics = metrics or CacheMetrics()
        self.refresh = refresh  # None: tombstones only (the next reader fills from the database)
        self._clock = clock or SystemClock()

    def write(self, db: TransactionRunner, work: Callable[[AbstractUnitOfWork], T], *changes: CacheChange,
              what: str) -> T:
        """Run ``work`` in one transaction with the outbox rows of ``changes``; apply them after the commit."""
        ids = [new_id("cob") for _ in changes]

        def recorded(uow: AbstractUnitOfWork) -> T:
            result = work(uow)
            now = self._clock.now()
            for entry_id, change in zip(ids, changes, strict=True):
                uow.cache_outbox.add(entry_id=entry_id, change=change, at=now)
            return result

        result = db.transact(recorded, what=what)
        landed = [entry_id for entry_id, change in zip(ids, changes, strict=True) if self.apply(change)]
        if landed:
            try:
                db.transact(lambda uow: uow.cache_outbox.remove(entry_ids=landed), what="cache outbox")
            except Exception:  # noqa: BLE001 - the write is committed; the repair job re-applies (harmless)
                logger.warning("cache outbox rows %s not removed; the cache-repair job re-applies them", landed)
        return result

    def tenant(self, tenant_id: str) -> bool:
        """A tenant changed: its own key and trading key are refreshed, every cached channel of it dropped."""
        return self.apply(CacheChange(CachedEntity.TENANT, tenant_id))

    def channel(self, tenant_id: str, *channel_ids: int) -> bool:
        """Channels of a tenant changed (old and new Telegram id when the id itself changed)."""
        return self.apply(CacheChange(CachedEntity.CHANNEL, tenant_id, tuple(channel_ids)))

    def trading(self, tenant_id: str) -> bool:
        return self.apply(CacheChange(CachedEntity.TRADING, tenant_id))

    def routing(self, tenant_id: str) -> bool:
        return self.apply(CacheChange(CachedEntity.ROUTING, tenant_id))

    def keys_of(self, change: CacheChange) -> list[str]:
        if change.entity is CachedEntity.TENANT:
            return [self.keys.tenant(change.tenant_id), self.keys.trading(change.tenant_id)]
        if change.entity is CachedEntity.TRADING:
            return [self.keys.trading(change.tenant_id)]
        if change.entity is CachedEntity.ROUTING:
            return [self.keys.routing(change.tenant_id)]
        return [self.keys.channel(change.tenant_id, c) for c in change.channel_ids]

    def apply(self, change: CacheChange) -> bool:
        """Tombstone, re-read, compare-and-set; True once the invalidation reached the cache."""
        tomb = codec.tombstone(uuid.uuid4().hex)
        try:
            self._cache.set_many([CacheEntry(key, tomb, self._hold_ms) for key in self.keys_of(change)])
            if change.entity is CachedEntity.TENANT:
                self._cache.delete_matching(self.keys.channels_pattern(change.tenant_id))
        except CacheUnavailableError as exc:
            self.metrics.record(change.entity.value, "invalidation_error")
            logger.warning("cache invalidation of %s for tenant %s failed (%s); kept in the outbox",
                           change.entity.value, change.tenant_id, exc)
            return False
        if self.refresh is not None:
            self._write_through(change, tomb)
        return True

    def _write_through(self, change: CacheChange, tomb: bytes) -> None:
        """Best effort: without it the tombstone expires after the hold and the next reader fills the key."""
        assert self.refresh is not None
        try:
            entries = self.refresh(change)
            self._cache.replace_many([(entry, tomb) for entry in entries])
        except CacheUnavailableError:
            self.metrics.record(change.entity.value, "write_error")
        except Exception:  # noqa: BLE001 - a failed re-read leaves the tombstone: a miss, never a stale value
            logger.warning("write-through of %s for tenant %s failed; readers fill it after the hold",
                           change.entity.value, change.tenant_id, exc_info=True)


def write(db: TransactionRunner, cache: CacheInvalidator | None, work: Callable[[AbstractUnitOfWork], T],
          *changes: CacheChange, what: str) -> T:
    """``cache.write`` when the service has a cache (bootstrap always passes one), else a plain transaction."""
    if cache is None:
        return db.transact(work, what=what)
    return cache.write(db, work, *changes, what=what)
