"""The HTTP surface: one FastAPI app, served by the Functions host through ``AsgiFunctionApp``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from fastapi import FastAPI

from functions.http import problems
from functions.http.deps import process_container
from functions.http.middleware import (
    BodyLimitMiddleware,
    CorrelationMiddleware,
    RateLimitMiddleware,
    SecurityHeadersMiddleware,
)
from functions.http.routes import (
    admin_keys,
    brokers,
    channels,
    events,
    health,
    held_signals,
    messages,
    replay,
    stats,
    telegram,
    telegram_bot,
    telegram_session,
    telegram_webhook,
    tenants,
    trades,
    trading,
)
from shared.settings import Settings, get_settings

if TYPE_CHECKING:
    from shared.bootstrap import Container

logger = logging.getLogger(__name__)


def create_api(
    container_provider: Callable[[], Container] = process_container, settings: Settings | None = None
) -> FastAPI:
    """Build the API. The container is resolved per request from ``container_provider`` (built once, lazily)."""
    settings = settings or get_settings()
    settings.require_deployable()  # at start-up (the Function App indexes this module), not at a first request
    api = FastAPI(
        title="Pipster configuration API",
        version="0.1.0",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        description="Tenants, channels, trading rules, brokers, sessions and GDPR for Pipster. "
                    "Authenticate with `Authorization: Bearer <admin key or tenant API key>`.",
    )
    api.state.container_provider = container_provider
    problems.install(api)
    for router in (health.router, tenants.router, channels.router, trading.router, brokers.router, telegram.router,
                   telegram_session.router, events.router, messages.router, held_signals.router,
                   telegram_bot.router, telegram_webhook.router, admin_keys.router, trades.router, stats.router,
                   replay.router):
        api.include_router(router)
    # A session upload is a zip of the whole session folder: it may be as large as a session may be.
    api.add_middleware(BodyLimitMiddleware, default_limit=settings.api_max_body_bytes,
                       limits={"/telegram-session": settings.session_max_bytes})
    # Before the body is read or a key looked up: a flood costs a counter, not a database read.
    api.add_middleware(RateLimitMiddleware, limiter=lambda: container_provider().rate_limiter)
    api.add_middleware(CorrelationMiddleware)
    api.add_middleware(SecurityHeadersMiddleware)  # outermost: on every answer, the middlewares' own included
    return api
