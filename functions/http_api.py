"""The HTTP surface: one FastAPI app, served by the Functions host through ``AsgiFunctionApp``."""

from __future__ import annotations

from fastapi import FastAPI


def create_api() -> FastAPI:
    api = FastAPI(
        title="Pipster configuration API",
        version="0.1.0",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )

    @api.get("/api/v1/health", tags=["operations"], summary="Liveness: the worker answers (no I/O)")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return api
