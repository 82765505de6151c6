"""The audit trail of the API's writes, recorded once for every route rather than by each handler.

Routers built with ``route_class=AuditedRoute`` append an event after every successful (2xx) write:
the handler has returned, so the database commit and the services' cache invalidation are done. The
event carries the request's correlation id, the operation, the path ids and the NAMES of the body
fields sent — never their values, so no secret can reach it (``build_event`` redacts besides).

A failed append does not fail the request: the change is committed and answering 5xx would invite a
retry of a write that happened. It is logged and counted (``api.audit_failed``) instead.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from functions.http.deps import audit_log
from shared.domain.events import EventType

logger = logging.getLogger(__name__)
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_ATTRIBUTE = "__audit_event_type__"
F = TypeVar("F", bound=Callable[..., Any])


def audited(event_type: EventType | None) -> Callable[[F], F]:
    """Mark a handler's event type (default ConfigurationChanged); ``None``: not a change (a dry run)."""
    def mark(endpoint: F) -> F:
        setattr(endpoint, _ATTRIBUTE, event_type)
        return endpoint

    return mark


def audit_tenant(request: Request, tenant_id: str) -> None:
    """For a handler whose path names no tenant (registration): the tenant the event belongs to."""
    request.state.audit_tenant_id = tenant_id


def audit_detail(request: Request, **data: str | bool | int | None) -> None:
    """Non-secret values the event should carry besides the field names (a switch's new state, a check's
    outcome): the handler decides what is safe to record."""
    request.state.audit_detail = {**getattr(request.state, "audit_detail", {}), **data}


class AuditedRoute(APIRoute):
    """An ``APIRoute`` whose successful writes append a ConfigurationChanged/UserAction event."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        event_type = getattr(self.endpoint, _ATTRIBUTE, EventType.CONFIGURATION_CHANGED)
        if event_type is None or not (self.methods or set()) & WRITES:
            return handler

        async def audited_handler(request: Request) -> Response:
            response = await handler(request)
            if 200 <= response.status_code < 300:
                data = {"operation": self.name, "method": request.method, "route": self.path,
                        "status": response.status_code, **_ids(request), "fields": await _field_names(request),
                        **getattr(request.state, "audit_detail", {})}
                await run_in_threadpool(record, request, event_type, data)
            return response

        return audited_handler


def record(request: Request, event_type: EventType, data: dict[str, Any]) -> None:
    """Append the event (``AuditLog`` logs and counts a failure, never raises: the write is committed)."""
    tenant_id = request.path_params.get("tenantId") or getattr(request.state, "audit_tenant_id", None)
    if not tenant_id:
        logger.warning("audit: %s %s names no tenant; no event", request.method, request.url.path)
        return
    audit_log(request).record(event_type, tenant_id=tenant_id, data=data,
                              correlation_id=getattr(request.state, "correlation_id", None))


def _ids(request: Request) -> dict[str, Any]:
    return {k: v for k, v in request.path_params.items() if k != "tenantId"}


async def _field_names(request: Request) -> list[str]:
    """The top-level names of a JSON object body (already read and cached by the handler's parsing)."""
    if "json" not in request.headers.get("content-type", ""):
        return []
    try:
        body = json.loads(await request.body() or b"null")
    except ValueError:
        return []
    return sorted(str(k) for k in body)[:50] if isinstance(body, dict) else []
