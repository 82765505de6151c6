"""Operations: liveness (no I/O)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1", tags=["operations"])


@router.get("/health", summary="Liveness: the worker answers (no I/O)")
def health() -> dict[str, str]:
    return {"status": "ok"}
