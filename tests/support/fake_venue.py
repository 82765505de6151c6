"""A real HTTP server on loopback for venue fakes, with the faults the connectors must survive.

Each fake (OANDA, IG, Binance) subclasses ``FakeVenue`` and routes requests to its own handlers written from
the venue's public documentation. Faults are queued per route and consumed one request at a time:

* ``drop``: the fake executes the request, then closes the connection without answering (a lost response);
* ``status``: the fake answers the given status (e.g. 429 with ``Retry-After``, 503) WITHOUT executing;
* ``after``: the fake executes, then answers the given status (a 5xx after the venue acted);
* ``stall``: the fake executes, then answers only after ``delay`` seconds (the client has timed out by then).

A fault's ``then`` runs once the faulty request has been served: it may queue the next faults (the lookups
after a lost answer failing too, so the command itself has to be delivered again).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

Handler = Callable[["Call"], tuple[int, Any]]


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    raw: bytes = b""
    match: re.Match[str] | None = None


@dataclass
class Fault:
    kind: str  # "drop" | "status" | "after" | "stall"
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    delay: float = 0.0
    then: Callable[[], None] | None = None


class FakeVenue:
    """Start with ``start()`` (or as a context manager); ``url`` is its origin; ``calls`` records requests."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.errors: list[str] = []
        self.lock = threading.RLock()
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self._faults: list[tuple[str, re.Pattern[str], Fault]] = []
        self._server: ThreadingHTTPServer | None = None

    def route(self, method: str, pattern: str, handler: Handler) -> None:
        self._routes.append((method, re.compile(pattern + r"$"), handler))

    def fault(self, method: str, pattern: str, kind: str, *, status: int = 0, times: int = 1,
              headers: dict[str, str] | None = None, body: Any = None, delay: float = 0.0,
              then: Callable[[], None] | None = None) -> None:
        with self.lock:
            for _ in range(times):
                fault = Fault(kind, status, headers or {}, body, delay, then)
                self._faults.append((method, re.compile(pattern + r"$"), fault))

    def count(self, method: str, pattern: str) -> int:
        compiled = re.compile(pattern + r"$")
        return sum(1 for c in self.calls if c.method == method and compiled.match(c.path))

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Self:
        venue = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet test output
                return

            def _serve(self) -> None:
                venue._dispatch(self)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        assert not self.errors, f"the fake itself failed: {self.errors}"
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -------------------------------------------------------------------------------------------------
    def _dispatch(self, request: BaseHTTPRequestHandler) -> None:
        split = urlsplit(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        method = request.command
        headers = {k.lower(): v for k, v in request.headers.items()}
        method = headers.get("_method", method).upper()  # IG's way of sending DELETE with a body
        body: Any = None
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
        query = {k: v[-1] for k, v in parse_qs(split.query).items()}
        call = Call(method, split.path, query, headers, body, raw)
        with self.lock:
            self.calls.append(call)
            fault = self._take_fault(method, split.path)
        if fault is not None and fault.kind == "status":
            self._answer(request, fault.status, fault.body or {}, fault.headers)
            self._then(fault)
            return
        status, answer = self._handle(call)
        if fault is not None and fault.kind == "drop":
            request.close_connection = True  # executed; the answer is lost on the way back
            self._then(fault)
            return
        if fault is not None and fault.kind == "stall":
            time.sleep(fault.delay)
        if fault is not None and fault.kind == "after":
            status, answer = fault.status, fault.body or {}
        self._answer(request, status, answer, {})
        if fault is not None:
            self._then(fault)

    def _then(self, fault: Fault) -> None:
        if fault.then is not None:
            with self.lock:
                fault.then()

    def _take_fault(self, method: str, path: str) -> Fault | None:
        for i, (m, pattern, fault) in enumerate(self._faults):
            if m == method and pattern.match(path):
                del self._faults[i]
                return fault
        return None

    def _handle(self, call: Call) -> tuple[int, Any]:
        for method, pattern, handler in self._routes:
            match = pattern.match(call.path)
            if method == call.method and match:
                call.match = match
                with self.lock:
                    try:
                        return handler(call)
                    except Exception as exc:  # a fake's own bug must fail the test, not hang it
                        self.errors.append(repr(exc))
                        return 500, {"errorMessage": f"fake crashed: {exc!r}"}
        return 404, {"error": f"no route {call.method} {call.path}"}

    @staticmethod
    def _answer(request: BaseHTTPRequestHandler, status: int, body: Any, headers: dict[str, str]) -> None:
        extra = body.pop("__headers__", {}) if isinstance(body, dict) else {}
        payload = json.dumps(body).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(payload)))
        for name, value in {**headers, **extra}.items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(payload)
