"""Operations: liveness (no I/O), readiness (each store checked, with latency) and metrics (admin)."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import Field

from functions.http.deps import ContainerDep
from functions.http.models import PROBLEMS, ApiModel
from functions.http.security import AdminDep
from shared.domain.events import SYSTEM_TENANT
from shared.observability.liveness import liveness
from shared.observability.telemetry import telemetry

if TYPE_CHECKING:
    from shared.bootstrap import Container

router = APIRouter(prefix="/api/v1", tags=["operations"])
CHECK_TIMEOUT_SECONDS = 5.0


class HealthOut(ApiModel):
    status: Literal["ok"] = Field(examples=["ok"])


class CheckOut(ApiModel):
    ok: bool = Field(examples=[True])
    latency_ms: float = Field(examples=[1.7])
    error: str | None = Field(None, description="Why the store is not ready (the exception's type)")


class ReadyOut(ApiModel):
    status: Literal["ready", "unavailable"] = Field(examples=["ready"])
    checks: dict[str, CheckOut] = Field(examples=[{"sql": {"ok": True, "latencyMs": 1.2},
                                                   "cache": {"ok": True, "latencyMs": 0.3}}])


class MetricsOut(ApiModel):
    cache_hit_rate: float = Field(description="Hits over lookups since the worker started", examples=[0.97])
    cache: dict[str, dict[str, float]] = Field(
        description="Per cached entity: hits, misses, errors, write_errors, invalidation_errors, hit_rate",
        examples=[{"total": {"hits": 97, "misses": 3, "errors": 0, "hit_rate": 0.97}}])
    cache_backend: dict[str, Any]
    counters: dict[str, int] = Field(examples=[{"api.audit_failed": 0}])
    latency_ms: dict[str, dict[str, float]]


def _checks(container: Container) -> dict[str, Callable[[], object]]:
    """One cheap round trip per store; each raises when its store cannot answer."""
    def sql() -> object:
        container.database.ping()  # refuses at once when the pool is drained (PoolExhaustedError)
        return None

    def cache() -> object:
        return container.cache.get_many([f"{container.settings.redis_namespace}:ready"])

    def blob() -> object:
        return container.blobs.get_service_properties(timeout=int(CHECK_TIMEOUT_SECONDS))

    def events() -> object:
        now = container.clock.now()
        return container.events.query(tenant_id=SYSTEM_TENANT, since=now - timedelta(seconds=1), until=now,
                                      page_size=1)

    def workers() -> object:
        return liveness.check()  # the local host's queue workers, when this process runs them

    return {"sql": sql, "cache": cache, "blob": blob, "events": events, "workers": workers}


def _timed(check: Callable[[], object]) -> CheckOut:
    started = time.perf_counter()
    try:
        check()
    except Exception as exc:  # a readiness probe reports every failure, it does not raise
        return CheckOut(ok=False, latency_ms=_ms(started), error=type(exc).__name__)
    return CheckOut(ok=True, latency_ms=_ms(started))


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


@router.get("/health", response_model=HealthOut, summary="Liveness: the worker answers (no I/O)")
def health() -> HealthOut:
    return HealthOut(status="ok")


@router.get("/health/ready", response_model=ReadyOut, summary="Readiness: SQL, cache, blob and events, each timed",
            responses={503: {"model": ReadyOut, "description": "At least one store is down"}})
def ready(container: ContainerDep) -> JSONResponse:
    checks = _checks(container)
    # Not a ``with`` block: its exit would wait for a hung check, the very thing the timeout is for.
    pool = ThreadPoolExecutor(max_workers=len(checks), thread_name_prefix="ready")
    futures = {name: pool.submit(_timed, check) for name, check in checks.items()}
    results: dict[str, CheckOut] = {}
    for name, future in futures.items():
        try:
            results[name] = future.result(timeout=CHECK_TIMEOUT_SECONDS)
        except FutureTimeout:
            results[name] = CheckOut(ok=False, latency_ms=CHECK_TIMEOUT_SECONDS * 1000, error="timed out")
    pool.shutdown(wait=False, cancel_futures=True)
    ok = all(r.ok for r in results.values())
    body = ReadyOut(status="ready" if ok else "unavailable", checks=results)
    return JSONResponse(body.model_dump(mode="json", by_alias=True, exclude_none=True), status_code=200 if ok else 503)


@router.get("/metrics", response_model=MetricsOut, responses=PROBLEMS, summary="Cache hit rate and counters (admin)")
def metrics(container: ContainerDep, _: AdminDep) -> MetricsOut:
    snapshot = telemetry.snapshot()
    cache = container.cache_metrics.snapshot()
    return MetricsOut(cache_hit_rate=cache["total"]["hit_rate"], cache=cache, cache_backend=container.cache.health(),
                      counters=snapshot["counters"], latency_ms=snapshot["latencyMs"])
