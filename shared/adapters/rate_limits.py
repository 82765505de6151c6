"""Rate limits with the ``limits`` library: sliding-window counters in Redis (shared by every instance) or in
process memory when no Redis is configured.

Fails open, per instance: when Redis does not answer, or its circuit is open, requests are counted in this
process's memory instead, so a Redis outage neither blocks the API nor lifts the limits entirely.
"""

from __future__ import annotations

import logging
import math
import time
from typing import Any

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import SlidingWindowCounterRateLimiter

from shared.adapters.cache.breaker import CircuitBreaker
from shared.observability.telemetry import telemetry
from shared.ports.rate_limits import AbstractRateLimiter, Refusal

logger = logging.getLogger(__name__)


def parse_limit(text: str) -> RateLimitItem | None:
    """``"600/minute"`` (the library's notation); an empty text means no limit."""
    return parse(text) if text.strip() else None


class LimitsRateLimiter(AbstractRateLimiter):
    def __init__(self, *, per_key: str, per_address: str, storage: Storage | None = None,
                 breaker: CircuitBreaker | None = None) -> None:
        self._per_key = parse_limit(per_key)
        self._per_address = parse_limit(per_address)
        self._local = SlidingWindowCounterRateLimiter(MemoryStorage())
        self._shared = SlidingWindowCounterRateLimiter(storage) if storage is not None else None
        self._breaker = breaker or CircuitBreaker()

    def hit(self, *, key: str | None, address: str) -> Refusal | None:
        checks = [("address", self._per_address, f"addr:{address}")]
        if key is not None:
            checks.append(("key", self._per_key, f"key:{key}"))
        for scope, item, identity in checks:
            if item is None:
                continue
            limiter = self._limiter()
            try:
                allowed = limiter.hit(item, identity)
                reset = limiter.get_window_stats(item, identity).reset_time if not allowed else 0.0
            except Exception as exc:  # noqa: BLE001 - storage down: count here instead (fail open per instance)
                self._breaker.record_failure()
                telemetry.count("api.rate_limit_storage_failed")
                logger.warning("rate-limit storage failed (%s); counting in this process", type(exc).__name__)
                limiter = self._local
                allowed = limiter.hit(item, identity)
                reset = limiter.get_window_stats(item, identity).reset_time if not allowed else 0.0
            else:
                if limiter is self._shared:
                    self._breaker.record_success()
            if not allowed:
                telemetry.count(f"api.rate_limited.{scope}")
                return Refusal(scope, max(1, math.ceil(reset - time.time())))
        return None

    def _limiter(self) -> SlidingWindowCounterRateLimiter:
        if self._shared is not None and self._breaker.allow():
            return self._shared
        return self._local


def redis_storage(url: str, *, namespace: str, timeout: float) -> Storage:
    """The Redis counters, under the deployment's namespace; short timeouts, errors raised (not hidden)."""
    options: dict[str, Any] = {"socket_timeout": timeout, "socket_connect_timeout": timeout}
    return RedisStorage(url, key_prefix=f"{namespace or 'pipster'}:ratelimit", wrap_exceptions=True, **options)
