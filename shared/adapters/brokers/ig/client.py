"""The IG REST trading endpoints Pipster uses, over ``VenueHttp``.

A session is opened with ``POST /session`` (version 2: the API key header plus the login's identifier and
password) and answered with the ``CST`` and ``X-SECURITY-TOKEN`` headers that every later request carries.
A 401 saying a token is no longer valid renews the session once and resends the request (it was refused, so
nothing executed). IG answers rate limits with 403 ``error.public-api.exceeded-*``: transient, not a refusal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx

from shared.adapters.brokers.venue_http import RetryPolicy, VenueHttp
from shared.ports.brokers import BrokerError

Json = dict[str, Any]
_TOKEN_EXPIRED = ("error.security.client-token-invalid", "error.security.account-token-invalid",
                  "error.security.oauth-token-invalid", "error.security.client-token-missing")


class IgHttp(VenueHttp):
    venue = "ig"

    def __init__(self, base_url: str, *, api_key: str, identifier: str, password: str, policy: RetryPolicy,
                 sleep: Callable[[float], None]) -> None:
        super().__init__(base_url, policy=policy, sleep=sleep,
                         headers={"X-IG-API-KEY": api_key, "Accept": "application/json; charset=UTF-8"})
        self._identifier = identifier
        self._password = password
        self._tokens: dict[str, str] = {}
        self._logging_in = False
        self._session_lock = threading.Lock()
        self.account_id = ""
        self.logins = 0

    # VenueHttp hooks ----------------------------------------------------------------------------------
    def reason(self, response: httpx.Response) -> str:
        try:
            code = response.json().get("errorCode")
        except (ValueError, AttributeError):
            code = None
        return str(code or f"HTTP {response.status_code}")

    def is_rate_limited(self, response: httpx.Response) -> bool:
        return response.status_code == 429 or (
            response.status_code == 403 and self.reason(response).startswith("error.public-api.exceeded-"))

    def refresh_auth(self, response: httpx.Response) -> bool:
        if self._logging_in or self.reason(response) not in _TOKEN_EXPIRED:
            return False
        self.login()
        return True

    def auth_headers(self) -> dict[str, str]:
        return dict(self._tokens)

    # Session ------------------------------------------------------------------------------------------
    def login(self) -> None:
        with self._session_lock:
            self._logging_in = True
            try:
                self._tokens = {}
                response = self.request("POST", "/session", mutating=False, headers={"Version": "2"},
                                        json={"identifier": self._identifier, "password": self._password})
            finally:
                self._logging_in = False
            cst, token = response.headers.get("CST"), response.headers.get("X-SECURITY-TOKEN")
            if not cst or not token:
                raise BrokerError("IG answered the login without session tokens")
            self._tokens = {"CST": cst, "X-SECURITY-TOKEN": token}
            self.account_id = str(response.json().get("currentAccountId", ""))
            self.logins += 1

    def call(self, method: str, path: str, *, version: int, mutating: bool, body: Json | None = None,
             missing_ok: bool = False, delete: bool = False) -> Json | None:
        if not self._tokens:
            self.login()
        headers = {"Version": str(version)}
        if delete:  # IG takes a DELETE with a body as a POST carrying _method
            headers["_method"] = "DELETE"
        response = self.request(method, path, mutating=mutating, json=body, headers=headers, missing_ok=missing_ok)
        if response.status_code == 404:
            return None
        return dict(response.json()) if response.content else {}

    # Endpoints ----------------------------------------------------------------------------------------
    def accounts(self) -> Json:
        return self.call("GET", "/accounts", version=1, mutating=False) or {}

    def market(self, epic: str) -> Json | None:
        return self.call("GET", f"/markets/{quote(epic, safe='')}", version=3, mutating=False, missing_ok=True)

    def confirm(self, deal_reference: str) -> Json | None:
        return self.call("GET", f"/confirms/{quote(deal_reference, safe='')}", version=1, mutating=False,
                         missing_ok=True)

    def positions(self) -> list[Json]:
        return list((self.call("GET", "/positions", version=2, mutating=False) or {}).get("positions", []))

    def position(self, deal_id: str) -> Json | None:
        return self.call("GET", f"/positions/{quote(deal_id, safe='')}", version=2, mutating=False, missing_ok=True)

    def working_orders(self) -> list[Json]:
        return list((self.call("GET", "/workingorders", version=2, mutating=False) or {}).get("workingOrders", []))

    def open_position(self, body: Json) -> str:
        return _reference(self.call("POST", "/positions/otc", version=2, mutating=True, body=body))

    def create_working_order(self, body: Json) -> str:
        return _reference(self.call("POST", "/workingorders/otc", version=2, mutating=True, body=body))

    def amend_position(self, deal_id: str, body: Json) -> str:
        return _reference(self.call("PUT", f"/positions/otc/{quote(deal_id, safe='')}", version=2, mutating=True,
                                    body=body))

    def amend_working_order(self, deal_id: str, body: Json) -> str:
        return _reference(self.call("PUT", f"/workingorders/otc/{quote(deal_id, safe='')}", version=2,
                                    mutating=True, body=body))

    def close_position(self, body: Json) -> str:
        return _reference(self.call("POST", "/positions/otc", version=1, mutating=True, body=body, delete=True))

    def delete_working_order(self, deal_id: str) -> str:
        return _reference(self.call("POST", f"/workingorders/otc/{quote(deal_id, safe='')}", version=2,
                                    mutating=True, body={}, delete=True))


def _reference(answer: Json | None) -> str:
    reference = (answer or {}).get("dealReference")
    if not reference:
        raise BrokerError("IG answered without a dealReference")
    return str(reference)
