"""The Bot API over HTTPS (the standard library's client: one JSON POST per call, nothing to pool).

``https://<host>/bot<token>/<method>`` with a JSON body; the answer is ``{"ok": true, "result": ...}`` or
``{"ok": false, "error_code": ..., "description": ...}``. The token is part of the URL, so no URL and no
exception text that could carry it is ever logged or re-raised: errors are rebuilt from the answer alone.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Any

from shared.ports.bot_api import AbstractBotApi, BotApiError

logger = logging.getLogger(__name__)


class HttpBotApi(AbstractBotApi):
    def __init__(self, base_url: str, *, timeout: float = 10.0) -> None:
        self._base = base_url.rstrip("/")
        self._timeout = timeout

    def set_webhook(self, *, token: str, url: str, secret_token: str, allowed_updates: Sequence[str]) -> None:
        self._call(token, "setWebhook", {"url": url, "secret_token": secret_token,
                                         "allowed_updates": list(allowed_updates)})

    def _call(self, token: str, method: str, payload: dict[str, Any]) -> Any:
        request = urllib.request.Request(  # noqa: S310 - the base URL is an operator setting (http/https only)
            f"{self._base}/bot{token}/{method}", data=json.dumps(payload).encode(), method="POST",
            headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:  # noqa: S310 - see above
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, exc.read()
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            logger.warning("Bot API %s unreachable: %s", method, type(exc).__name__)
            raise BotApiError(f"the Bot API could not be reached ({type(exc).__name__})") from None
        try:
            answer = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise BotApiError(f"the Bot API answered {status} without JSON", status=status) from None
        if not isinstance(answer, dict) or answer.get("ok") is not True:
            description = answer.get("description") if isinstance(answer, dict) else None
            code = answer.get("error_code", status) if isinstance(answer, dict) else status
            raise BotApiError(f"the Bot API refused {method}: {str(description or 'no description')[:200]}",
                              status=code if isinstance(code, int) else status)
        return answer.get("result")
