"""The HTTP app, built on its first request rather than when the host imports ``function_app``.

Every cold start imports ``function_app``, and most of them serve the signal queues and timers, which never touch
the API; building FastAPI and its routes costs about two thirds of that import. The first HTTP request (or the
host's ASGI start-up call, which comes first) pays for it instead, once per process."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send


class LazyAsgiApp:
    """An ASGI app that builds the real one with ``build`` on its first call and delegates every call to it."""

    def __init__(self, build: Callable[[], ASGIApp]) -> None:
        self._build = build
        self._app: ASGIApp | None = None
        self._lock = threading.Lock()  # the host may dispatch first requests on several threads at once

    @property
    def app(self) -> ASGIApp:
        if self._app is None:
            with self._lock:
                if self._app is None:
                    self._app = self._build()
        return self._app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


def build_api() -> ASGIApp:
    from functions.http_api import create_api

    return create_api()
