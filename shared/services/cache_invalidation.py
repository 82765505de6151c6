"""Write-through invalidation: the services that write call this after their database commit.

The written entity's key gets a short-lived tombstone rather than a plain DEL (see ``cache_codec.
TOMBSTONE``); the spec's "invalidate pipster:channel:{tenantId}:*" is a SCAN + UNLINK, never KEYS.
A cache that cannot be reached does not fail the write: it is counted and logged, and the entry
then lives at most its TTL (the spec's accepted staleness, 5 minutes).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from shared.ports.cache import AbstractCache, CacheEntry, CacheKeys, CacheUnavailableError
from shared.services import cache_codec as codec
from shared.services.cache_metrics import CacheMetrics

logger = logging.getLogger(__name__)


class CacheInvalidator:
    """Invalidates the spec's keys for a tenant, a channel or a trading configuration."""

    def __init__(self, cache: AbstractCache, *, keys: CacheKeys | None = None, hold_seconds: float = 5.0,
                 metrics: CacheMetrics | None = None) -> None:
        if hold_seconds <= 0:
            raise ValueError("hold_seconds must be positive")
        self._cache = cache
        self.keys = keys or CacheKeys()
        self._hold_ms = int(hold_seconds * 1000)
        self.metrics = metrics or CacheMetrics()

    def tenant(self, tenant_id: str) -> None:
        """A tenant changed: its own key, every cached channel of it and its trading configuration."""
        def work() -> None:
            self._tombstone(self.keys.tenant(tenant_id))
            self._cache.delete([self.keys.trading(tenant_id)])
            self._cache.delete_matching(self.keys.channels_pattern(tenant_id))

        self._run("tenant", tenant_id, work)

    def channel(self, tenant_id: str, *channel_ids: int) -> None:
        """One or more Telegram channel ids of a tenant changed (old and new id when the id itself changed)."""
        keys = [self.keys.channel(tenant_id, c) for c in channel_ids]
        self._run("channel", tenant_id, lambda: self._tombstone(*keys))

    def trading(self, tenant_id: str) -> None:
        self._run("trading", tenant_id, lambda: self._tombstone(self.keys.trading(tenant_id)))

    def _tombstone(self, *keys: str) -> None:
        self._cache.set_many([CacheEntry(k, codec.TOMBSTONE, self._hold_ms) for k in keys])

    def _run(self, entity: str, tenant_id: str, work: Callable[[], None]) -> None:
        try:
            work()
        except CacheUnavailableError as exc:
            self.metrics.record(entity, "invalidation_error")
            logger.warning("cache invalidation of %s for tenant %s failed (%s); stale for at most the TTL",
                           entity, tenant_id, exc)
