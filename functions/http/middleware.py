"""Correlation ids, request body limits and rate limits, for every route."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.domain import api_keys
from shared.observability.context import log_context
from shared.ports.rate_limits import AbstractRateLimiter

CORRELATION_HEADER = "x-correlation-id"
_SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{1,100}")


class CorrelationMiddleware:
    """Take ``x-correlation-id`` from the request (or make one), put it in the log context and
    ``scope['state']``, and echo it on the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(CORRELATION_HEADER.encode(), b"").decode("latin-1")
        correlation_id = given if _SAFE_ID.fullmatch(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["correlation_id"] = correlation_id

        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((CORRELATION_HEADER.encode(), correlation_id.encode()))
            await send(message)

        with log_context(correlation_id=correlation_id):
            await self.app(scope, receive, send_with_header)


class BodyLimitMiddleware:
    """Refuse bodies over the limit (413) before they are read whole; routes may set a larger one."""

    def __init__(self, app: ASGIApp, default_limit: int, limits: dict[str, int] | None = None) -> None:
        self.app = app
        self.default_limit = default_limit
        self.limits = limits or {}

    def _limit(self, path: str) -> int:
        for suffix, limit in self.limits.items():
            if path.endswith(suffix):
                return limit
        return self.default_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(scope, send, limit)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge(limit)
            return message

        try:
            await self.app(scope, counting_receive, send)
        except _BodyTooLarge:
            await _too_large(scope, send, limit)


SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),  # JSON is never sniffed into HTML
    (b"cache-control", b"no-store"),  # answers hold keys and tenant data: no proxy or browser keeps them
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"strict-transport-security", b"max-age=31536000; includeSubDomains"),  # ignored over plain http (local)
)
STRICT_CSP = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")


class SecurityHeadersMiddleware:
    """The headers above on every response, errors included, unless a route set its own. The API serves no
    page, so its content policy allows nothing; the docs page (Swagger UI, scripts from a CDN) is left
    without one."""

    def __init__(self, app: ASGIApp, docs_paths: tuple[str, ...] = ("/api/docs",)) -> None:
        self.app = app
        self.docs_paths = docs_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = SECURITY_HEADERS if scope["path"].startswith(self.docs_paths) else (*SECURITY_HEADERS, STRICT_CSP)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                present = {name.lower() for name, _ in headers}
                headers.extend((name, value) for name, value in extra if name not in present)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RateLimitMiddleware:
    """429 with ``Retry-After`` once a client address or an API key is over its limit; probes are exempt.

    Runs before authentication, so guessing keys counts against the address. A key is counted by its key id
    (tenant keys) or a hash of the token (anything else): the secret itself never becomes a counter's name.
    """

    def __init__(self, app: ASGIApp, limiter: Callable[[], AbstractRateLimiter],
                 exempt: tuple[str, ...] = ("/api/v1/health",)) -> None:
        self.app = app
        self.limiter = limiter
        self.exempt = exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.exempt):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        refusal = await run_in_threadpool(self.limiter().hit, key=key_identity(headers), address=client_address(scope))
        if refusal is None:
            await self.app(scope, receive, send)
            return
        await _problem(scope, send, 429, "Too many requests",
                       f"the rate limit per {refusal.scope} is exceeded; retry after {refusal.retry_after} s",
                       headers=[(b"retry-after", str(refusal.retry_after).encode())])


def key_identity(headers: dict[bytes, bytes]) -> str | None:
    scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    parsed = api_keys.parse(token)
    return parsed[0] if parsed else "h:" + hashlib.sha256(token.encode()).hexdigest()[:32]


def client_address(scope: Scope) -> str:
    """The socket peer (the local host's uvicorn); under the Functions host, which gives none, the last
    X-Forwarded-For entry: the one the platform's front end appended (earlier ones are the client's word)."""
    client = scope.get("client")
    if client and client[0]:
        return str(client[0])
    forwarded = dict(scope["headers"]).get(b"x-forwarded-for", b"").decode("latin-1")
    last = forwarded.rsplit(",", 1)[-1].strip()
    if last.startswith("["):  # [IPv6]:port
        return last[1:].split("]", 1)[0] or "unknown"
    return (last.rsplit(":", 1)[0] if last.count(":") == 1 else last) or "unknown"


class _BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        self.limit = limit


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    await _problem(scope, send, 413, "Payload too large", f"request body exceeds {limit} bytes")


async def _problem(scope: Scope, send: Send, status: int, title: str, detail: str,
                   headers: list[tuple[bytes, bytes]] | None = None) -> None:
    """A problem+json answer sent from middleware, before any route ran."""
    import json

    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": detail,
                            "instance": scope["path"]}
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/problem+json"),
                            (b"content-length", str(len(payload)).encode()), *(headers or [])]})
    await send({"type": "http.response.body", "body": payload})
