"""Operations: readiness (one cheap round trip per store, each timed and bounded) and metrics."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from shared.clock import Clock
from shared.domain.events import SYSTEM_TENANT
from shared.observability.liveness import liveness
from shared.observability.telemetry import telemetry
from shared.ports.cache import AbstractCache
from shared.ports.events import AbstractEventStore
from shared.ports.sessions import AbstractSessionStore
from shared.ports.transactions import TransactionRunner
from shared.services.cache_metrics import CacheMetrics

CHECK_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class Check:
    ok: bool
    latency_ms: float
    error: str | None = None  # why the store is not ready (the exception's type)


@dataclass(frozen=True, slots=True)
class Readiness:
    ok: bool
    checks: dict[str, Check]


@dataclass(frozen=True, slots=True)
class Metrics:
    cache_hit_rate: float
    cache: dict[str, dict[str, float]]
    cache_backend: dict[str, Any]
    counters: dict[str, int]
    latency_ms: dict[str, dict[str, float]]


class OperationsService:
    """Checks every store through its port; never raises for a store that is down."""

    def __init__(self, *, database: TransactionRunner, cache: AbstractCache, cache_namespace: str,
                 sessions: Callable[[], AbstractSessionStore], events: Callable[[], AbstractEventStore],
                 metrics: CacheMetrics, clock: Clock, timeout_seconds: float = CHECK_TIMEOUT_SECONDS) -> None:
        self._database = database
        self._cache = cache
        self._namespace = cache_namespace
        self._sessions = sessions  # resolved at check time: the storage SDKs load only when first needed
        self._events = events
        self._metrics = metrics
        self._clock = clock
        self._timeout = timeout_seconds

    def _checks(self) -> dict[str, Callable[[], object]]:
        def events() -> object:
            now = self._clock.now()
            return self._events().query(tenant_id=SYSTEM_TENANT, since=now - timedelta(seconds=1), until=now,
                                        page_size=1)

        return {
            "sql": self._database.ping,
            "cache": lambda: self._cache.get_many([f"{self._namespace}:ready"]),
            "blob": lambda: self._sessions().ping(),
            "events": events,
            "workers": liveness.check,  # the local host's queue workers, when this process runs them
        }

    def readiness(self) -> Readiness:
        checks = self._checks()
        # Not a ``with`` block: its exit would wait for a hung check, the very thing the timeout is for.
        pool = ThreadPoolExecutor(max_workers=len(checks), thread_name_prefix="ready")
        futures = {name: pool.submit(_timed, check) for name, check in checks.items()}
        results: dict[str, Check] = {}
        for name, future in futures.items():
            try:
                results[name] = future.result(timeout=self._timeout)
            except FutureTimeout:
                results[name] = Check(ok=False, latency_ms=self._timeout * 1000, error="timed out")
        pool.shutdown(wait=False, cancel_futures=True)
        return Readiness(ok=all(r.ok for r in results.values()), checks=results)

    def metrics(self) -> Metrics:
        snapshot = telemetry.snapshot()
        cache = self._metrics.snapshot()
        return Metrics(cache_hit_rate=cache["total"]["hit_rate"], cache=cache, cache_backend=self._cache.health(),
                       counters=snapshot["counters"], latency_ms=snapshot["latencyMs"])


def _timed(check: Callable[[], object]) -> Check:
    started = time.perf_counter()
    try:
        check()
    except Exception as exc:  # a readiness probe reports every failure, it does not raise
        return Check(ok=False, latency_ms=_ms(started), error=type(exc).__name__)
    return Check(ok=True, latency_ms=_ms(started))


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
