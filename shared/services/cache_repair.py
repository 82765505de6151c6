"""The cache-repair job (every minute): apply the outbox's pending invalidations, and refill a cache that
lost its entries.

* Outbox: every configuration write records its cache change with the write (shared/services/
  cache_invalidation.py) and removes it once the cache has it; what is left here could not reach the cache
  then. It is applied again (tombstone, re-read, compare and set) until it lands, oldest first. So an entry
  is stale at most one job period after the cache answers again, whatever its TTL.
* Warm: the cache keeps a marker key written after a complete fill. When the marker is gone (a flush, a
  failover to an empty replica, an eviction storm, or simply its TTL of ``every`` seconds) every Active
  tenant's entries are read from the database; absent keys are written, present ones get a full TTL again
  with their value kept: a fill never overwrites what a writer wrote in the meantime.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from shared.ports.cache import AbstractCache, CacheEntry, CacheUnavailableError
from shared.ports.repositories import AbstractUnitOfWork
from shared.ports.transactions import TransactionRunner
from shared.services import cache_codec as codec
from shared.services.cache_invalidation import CacheInvalidator
from shared.services.reports import JobReport

if TYPE_CHECKING:
    from shared.services.config_provider import CachedConfigProvider

logger = logging.getLogger(__name__)
MARKER = b"1"


class CacheRepair:
    def __init__(self, cache: AbstractCache, db: TransactionRunner, invalidator: CacheInvalidator,
                 provider: CachedConfigProvider, *, batch: int = 500, every: float = 6 * 3600) -> None:
        self._cache = cache
        self._db = db
        self._invalidator = invalidator
        self._provider = provider
        self._batch = batch
        self._every = every

    def run(self) -> JobReport:
        applied, left = self.sweep()
        warmed = self.warm_if_flushed()
        return JobReport("cache-repair", {"outboxApplied": applied, "outboxLeft": left,
                                          "warmedEntries": warmed})

    def sweep(self) -> tuple[int, int]:
        """Apply the pending invalidations, oldest first; returns (applied, still pending)."""
        applied = left = 0
        while True:
            pending = self._db.repositories.cache_outbox.pending(limit=self._batch)
            landed = [p.id for p in pending if self._invalidator.apply(p.change)]
            failed = [p.id for p in pending if p.id not in set(landed)]
            if pending:
                self._db.transact(partial(_settle, landed, failed), what="cache outbox")
            applied += len(landed)
            if failed or len(pending) < self._batch:  # the cache is not answering: the next run goes on
                left = len(failed)
                if failed:
                    logger.warning("%s cache invalidations still pending (the cache did not take them)", left)
                return applied, left

    def warm_if_flushed(self) -> int | None:
        """Refill the cache when its marker is gone; the number of entries written, None when not needed."""
        marker = self._provider.keys.warm_marker()
        try:
            if self._cache.get_many([marker])[0] is not None:
                return None
        except CacheUnavailableError:
            return None  # the next run looks again
        return self.warm()

    def warm(self) -> int:
        """Every Active tenant's entries in batches of one round trip: absent ones written, present ones given
        a full TTL again (their value kept: a writer's value or tombstone wins). Then the marker, which lives
        ``every`` seconds: so the warm runs that often and an Active tenant's entries never expire."""
        written = 0
        pending: list[CacheEntry] = []
        try:
            for tenant in self._db.repositories.tenants.get_active_tenants():
                pending += self._provider.tenant_entries(tenant.id)
                if len(pending) >= self._batch:
                    written += self._cache.fill_many(pending, keep_prefix=codec.TOMBSTONE_HEAD)
                    pending = []
            written += self._cache.fill_many(pending, keep_prefix=codec.TOMBSTONE_HEAD)
            marker_ms = min(self._provider.ttl_ms, int(self._every * 1000))
            self._cache.set_many([CacheEntry(self._provider.keys.warm_marker(), MARKER, marker_ms)])
        except CacheUnavailableError as exc:
            logger.warning("cache warm stopped after %s entries: %s; the next run starts over", written, exc)
        logger.info("cache warmed: %s entries written", written)
        return written


def _settle(landed: list[str], failed: list[str], uow: AbstractUnitOfWork) -> None:
    uow.cache_outbox.remove(entry_ids=landed)
    uow.cache_outbox.record_attempt(entry_ids=failed)


class WarmTrigger:
    """``CachedConfigProvider(on_cold=...)``: a warm in a background thread, one at a time and at most once
    per ``interval`` seconds (a cache that stays empty, e.g. Redis refusing writes, is not hammered)."""

    def __init__(self, repair: Callable[[], CacheRepair], *, interval: float = 60.0) -> None:
        self._repair = repair
        self._interval = interval
        self._lock = threading.Lock()
        self._last = -interval
        self._running = False

    def __call__(self) -> None:
        with self._lock:
            now = time.monotonic()
            if self._running or now - self._last < self._interval:
                return
            self._running, self._last = True, now
        threading.Thread(target=self._run, name="cache-warm", daemon=True).start()

    def _run(self) -> None:
        try:
            self._repair().warm_if_flushed()
        except Exception:  # noqa: BLE001 - a background fill; the cache-repair job is the backstop
            logger.warning("background cache warm failed", exc_info=True)
        finally:
            with self._lock:
                self._running = False

