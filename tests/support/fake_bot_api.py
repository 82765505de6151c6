"""A fake Telegram Bot API server on loopback, written from the Bot API documentation (core.telegram.org/bots/api).

It serves ``POST /bot<token>/setWebhook`` as documented: a JSON body with ``url`` (HTTPS), ``secret_token``
(1-256 characters of ``A-Z a-z 0-9 _ -``) and ``allowed_updates`` (a list of update kinds); the answer is
``{"ok": true, "result": true, "description": "Webhook was set"}``, or ``{"ok": false, "error_code": ...,
"description": ...}`` with the HTTP status of the error. An unknown token answers 401 "Unauthorized", as
the real server does. Our own fixture: no client library's code or recordings.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_PATH = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)")
UPDATE_KINDS = {"message", "edited_message", "channel_post", "edited_channel_post", "callback_query",
                "inline_query", "my_chat_member", "chat_member", "message_reaction"}


@dataclass
class FakeBotApi:
    tokens: set[str] = field(default_factory=set)
    webhooks: dict[str, dict[str, Any]] = field(default_factory=dict)  # token -> the last setWebhook body
    calls: list[tuple[str, str]] = field(default_factory=list)  # (method, token) per request
    url: str = ""

    def answer(self, path: str, raw: bytes) -> tuple[int, dict[str, Any]]:
        match = _PATH.fullmatch(path)
        if match is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        token, method = match.group("token"), match.group("method")
        self.calls.append((method, token))
        if token not in self.tokens:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        if method != "setWebhook":
            return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            return 400, {"ok": False, "error_code": 400, "description": "Bad Request: can't parse JSON"}
        url, secret, kinds = body.get("url"), body.get("secret_token"), body.get("allowed_updates", [])
        if not isinstance(url, str) or not url.startswith("https://"):
            return 400, {"ok": False, "error_code": 400,
                         "description": "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"}
        if secret is not None and (not isinstance(secret, str) or not _SECRET.fullmatch(secret)):
            return 400, {"ok": False, "error_code": 400,
                         "description": "Bad Request: secret token contains unallowed characters"}
        if not isinstance(kinds, list) or not set(kinds) <= UPDATE_KINDS:
            return 400, {"ok": False, "error_code": 400, "description": "Bad Request: wrong allowed_updates"}
        self.webhooks[token] = body
        return 200, {"ok": True, "result": True, "description": "Webhook was set"}


@contextmanager
def fake_bot_api() -> Iterator[FakeBotApi]:
    state = FakeBotApi()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, body = state.answer(self.path, raw)
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's signature
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
