"""Operations: liveness (no I/O), readiness (each store checked, with latency) and metrics (admin)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import Field

from functions.http.deps import OperationsServiceDep
from functions.http.models import PROBLEMS, ApiModel
from functions.http.security import AdminDep

router = APIRouter(prefix="/api/v1", tags=["operations"])
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


@router.get("/health", response_model=HealthOut, summary="Liveness: the worker answers (no I/O)")
def health() -> HealthOut:
    return HealthOut(status="ok")


@router.get("/health/ready", response_model=ReadyOut, summary="Readiness: SQL, cache, blob and events, each timed",
            responses={503: {"model": ReadyOut, "description": "At least one store is down"}})
def ready(operations: OperationsServiceDep) -> JSONResponse:
    found = operations.readiness()
    checks = {name: CheckOut(ok=c.ok, latency_ms=c.latency_ms, error=c.error) for name, c in found.checks.items()}
    body = ReadyOut(status="ready" if found.ok else "unavailable", checks=checks)
    return JSONResponse(body.model_dump(mode="json", by_alias=True, exclude_none=True),
                        status_code=200 if found.ok else 503)


@router.get("/metrics", response_model=MetricsOut, responses=PROBLEMS, summary="Cache hit rate and counters (admin)")
def metrics(operations: OperationsServiceDep, _: AdminDep) -> MetricsOut:
    m = operations.metrics()
    return MetricsOut(cache_hit_rate=m.cache_hit_rate, cache=m.cache, cache_backend=m.cache_backend,
                      counters=m.counters, latency_ms=m.latency_ms)
