"""Building the Redis client, and every call to it going through the circuit breaker.

Bounded time: a call takes at most ``timeout`` to connect plus ``timeout`` to answer; a dead pooled
connection (the server restarted) gets one immediate retry on a fresh connection; timeouts are not
retried. While the circuit is open, calls fail at once without touching the network.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from shared.adapters.cache.breaker import CircuitBreaker

if TYPE_CHECKING:
    import redis

logger = logging.getLogger(__name__)
T = TypeVar("T")


class RedisUnavailable(Exception):
    """Internal: Redis did not answer in time or the circuit is open (ports wrap it in their own error)."""


def build_redis_client(url: str, *, timeout: float, max_connections: int) -> redis.Redis:
    """A client on a connection pool with short socket timeouts. ``redis`` is imported here so an
    unconfigured Redis costs nothing at cold start.

    Not the BlockingConnectionPool: its condition variable costs ~20% of a local round trip. Size
    ``max_connections`` above the worker's thread count; an exhausted pool reads as a miss (counted,
    but it does not trip the breaker: the server is fine)."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    pool = redis.ConnectionPool.from_url(
        url, max_connections=max_connections, socket_timeout=timeout,
        socket_connect_timeout=timeout, retry=Retry(NoBackoff(), 1, supported_errors=(redis.ConnectionError,)),
    )
    return redis.Redis.from_pool(pool)


class GuardedRedis:
    """The client plus its breaker and an error counter, shared by the cache and idempotency adapters."""

    def __init__(self, client: redis.Redis, breaker: CircuitBreaker | None = None) -> None:
        import redis as redis_module

        self.client = client
        self.breaker = breaker or CircuitBreaker()
        self._errors_lock = threading.Lock()
        self.errors = 0
        # Network faults count towards the breaker; a server-side refusal (OOM, READONLY) or an exhausted
        # pool does not, since the next call may well succeed, but it is still unavailable to the caller.
        self._network_errors: tuple[type[BaseException], ...] = (
            redis_module.ConnectionError, redis_module.TimeoutError, OSError)
        self._pool_exhausted: tuple[type[BaseException], ...] = tuple(
            e for e in (getattr(redis_module.exceptions, "MaxConnectionsError", None),) if e is not None)
        self._redis_error = redis_module.RedisError
        self._scripts: dict[str, Any] = {}

    def call(self, operation: Callable[[redis.Redis], T], what: str) -> T:
        if not self.breaker.allow():
            self._count()
            raise RedisUnavailable(f"redis {what}: circuit open")
        try:
            result = operation(self.client)
        except self._pool_exhausted as exc:
            self._count()
            logger.warning("redis %s: connection pool exhausted (raise PIPSTER_REDIS_MAX_CONNECTIONS)", what)
            raise RedisUnavailable(f"redis {what}: pool exhausted") from exc
        except self._network_errors as exc:
            self.breaker.record_failure()
            self._count()
            logger.warning("redis %s failed: %s", what, type(exc).__name__)
            raise RedisUnavailable(f"redis {what}: {type(exc).__name__}") from exc
        except self._redis_error as exc:
            self.breaker.record_success()  # the server answered: the network is fine
            self._count()
            logger.warning("redis %s refused: %s", what, exc)
            raise RedisUnavailable(f"redis {what}: {exc}") from exc
        self.breaker.record_success()
        return result

    def script(self, source: str) -> Any:
        """A registered Lua script (EVALSHA, loading it on NOSCRIPT), built once per source."""
        script = self._scripts.get(source)
        if script is None:
            script = self._scripts[source] = self.client.register_script(source)
        return script

    def close(self) -> None:
        self.client.close()

    def _count(self) -> None:
        with self._errors_lock:
            self.errors += 1
