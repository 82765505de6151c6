"""RFC 9457 problem+json for every error, naming the offending field in the API's (camelCase) terms.

Domain errors know nothing of HTTP; they are mapped once, here.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic.alias_generators import to_camel
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.domain.errors import ConflictError, DomainError, InvalidStateError, NotFoundError, ValidationError

logger = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class ProblemError(Exception):
    """Raised by the HTTP layer itself (auth, limits)."""

    def __init__(self, status: int, title: str, detail: str, field: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.field, self.headers = status, title, detail, field, headers


def api_field(name: str) -> str:
    """Domain field names (snake_case) as the API spells them."""
    return to_camel(name) if "_" in name else name


def problem(request: Request, status: int, title: str, detail: str, *, field: str | None = None,
            errors: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": detail,
                            "instance": request.url.path}
    if field is not None:
        body["field"] = field
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _location(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _allowed_methods(request: Request, fallback: str) -> str:
    """Every method any route serves on this path, read from the OpenAPI document: FastAPI nests included
    routers, so the top-level routes do not carry their methods, and Starlette names only one route's."""
    from starlette.routing import compile_path

    app = request.app
    table: list[tuple[re.Pattern[str], frozenset[str]]] | None = getattr(app.state, "allowed_methods", None)
    if table is None:
        table = [(compile_path(path)[0], frozenset(m.upper() for m in item if m.upper() in _METHODS))
                 for path, item in app.openapi().get("paths", {}).items()]
        app.state.allowed_methods = table
    methods = {m for regex, found in table if regex.match(request.url.path) for m in found}
    return ", ".join(sorted(methods)) if methods else fallback


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"field": _location(tuple(e["loc"])), "message": e["msg"]} for e in exc.errors()]
        first = errors[0]["field"] if errors else None
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return problem(request, 422, "Invalid request", detail, field=first, errors=errors)

    @app.exception_handler(ValidationError)
    async def invalid_value(request: Request, exc: ValidationError) -> JSONResponse:
        field = api_field(exc.field)
        status = 409 if isinstance(exc, InvalidStateError) else 422
        title = "Not allowed in the current state" if status == 409 else "Invalid value"
        return problem(request, status, title, f"{field}: {exc.reason}", field=field)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> JSONResponse:
        return problem(request, 404, "Not found", f"{exc.entity} not found", field=api_field(exc.field))

    @app.exception_handler(ConflictError)
    async def conflict(request: Request, exc: ConflictError) -> JSONResponse:
        field = api_field(exc.field)
        return problem(request, 409, "Conflict", f"{field}: {exc.reason}", field=field)

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> JSONResponse:
        return problem(request, 400, "Request refused", str(exc))

    @app.exception_handler(ProblemError)
    async def http_problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem(request, exc.status, exc.title, exc.detail, field=exc.field, headers=exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        if exc.status_code == 413:
            return problem(request, 413, "Payload too large", str(exc.detail), headers=headers)
        if exc.status_code == 400 and isinstance(exc.__cause__, UnicodeDecodeError):
            return problem(request, 400, "Malformed request body", "body: not valid UTF-8", field="body")
        if exc.status_code == 400 and isinstance(exc.__cause__, RecursionError):
            return problem(request, 422, "Invalid request", "body: JSON nested too deeply to read", field="body")
        if exc.status_code == 405:
            headers["Allow"] = _allowed_methods(request, headers.get("Allow", ""))
        return problem(request, exc.status_code, str(exc.detail), str(exc.detail), headers=headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem(request, 500, "Internal error", "the request failed; it has been logged")
