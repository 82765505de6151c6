"""The OANDA v20 endpoints Pipster uses, as plain methods over ``VenueHttp`` (bearer token, JSON).

Decimals travel as strings both ways, as v20 does. Client ids go in the path as ``@<id>``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx

from shared.adapters.brokers.venue_http import RetryPolicy, VenueHttp

Json = dict[str, Any]


class OandaHttp(VenueHttp):
    venue = "oanda"

    def __init__(self, base_url: str, *, token: str, account_id: str, policy: RetryPolicy,
                 sleep: Callable[[float], None]) -> None:
        super().__init__(base_url, policy=policy, sleep=sleep,
                         headers={"Authorization": f"Bearer {token}", "Accept-Datetime-Format": "RFC3339"})
        self._account = f"/v3/accounts/{quote(account_id, safe='')}"

    def reason(self, response: httpx.Response) -> str:
        try:
            body = response.json()
        except ValueError:
            return f"HTTP {response.status_code}"
        for key in ("orderRejectTransaction", "orderCancelRejectTransaction", "stopLossOrderRejectTransaction",
                    "takeProfitOrderRejectTransaction"):
            reject = body.get(key) or {}
            if reject.get("rejectReason"):
                return str(reject["rejectReason"])
        return str(body.get("errorCode") or body.get("errorMessage") or f"HTTP {response.status_code}")

    def _get(self, path: str, *, params: dict[str, str] | None = None, missing_ok: bool = False) -> Json | None:
        response = self.request("GET", self._account + path, mutating=False, params=params, missing_ok=missing_ok)
        return None if response.status_code == 404 else dict(response.json())

    def _put(self, path: str, body: Json | None = None) -> Json:
        return dict(self.request("PUT", self._account + path, mutating=True, json=body).json())

    def summary(self) -> Json:
        return self._get("/summary") or {}

    def instruments(self) -> Json:
        return self._get("/instruments") or {}

    def pricing(self, instrument: str) -> Json:
        return self._get("/pricing", params={"instruments": instrument}) or {}

    def create_order(self, order: Json) -> Json:
        return dict(self.request("POST", self._account + "/orders", mutating=True, json={"order": order}).json())

    def order(self, specifier: str) -> Json | None:
        return self._get(f"/orders/{quote(specifier, safe='@')}", missing_ok=True)

    def replace_order(self, specifier: str, order: Json) -> Json:
        return self._put(f"/orders/{quote(specifier, safe='@')}", {"order": order})

    def cancel_order(self, specifier: str) -> Json:
        return self._put(f"/orders/{quote(specifier, safe='@')}/cancel")

    def trade(self, specifier: str) -> Json | None:
        return self._get(f"/trades/{quote(specifier, safe='@')}", missing_ok=True)

    def set_trade_orders(self, specifier: str, body: Json) -> Json:
        return self._put(f"/trades/{quote(specifier, safe='@')}/orders", body)

    def close_trade(self, specifier: str, units: str) -> Json:
        return self._put(f"/trades/{quote(specifier, safe='@')}/close", {"units": units})

    def transaction(self, transaction_id: str) -> Json | None:
        return self._get(f"/transactions/{quote(transaction_id, safe='')}", missing_ok=True)
