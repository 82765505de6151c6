"""A fake IG REST trading API (loopback), written from IG's public REST reference: ``POST /session`` (v2,
answering the CST and X-SECURITY-TOKEN headers), ``/accounts``, ``/markets/{epic}`` (v3), ``/positions`` and
``/positions/otc`` (open, amend, close through ``_method: DELETE``), ``/workingorders`` and
``/workingorders/otc`` and ``/confirms/{dealReference}``. Fixtures are our own.

A deal IG cannot fund is still answered 200 with its dealReference; the confirmation says REJECTED with the
reason, as IG does."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from tests.support.fake_venue import Call, FakeVenue

API_KEY = "demo-api-key"
USERNAME = "desk-demo"
PASSWORD = "s3cret-demo"
ACCOUNT = "ZX1234"
MARKETS = {
    "CS.D.EURUSD.CFD.IP": {"bid": 1.085, "offer": 1.0851, "decimals": 5, "min": 0.5, "contract": "100000",
                           "margin": Decimal("0.0333")},
    "CS.D.CFDGOLD.CFDGC.IP": {"bid": 2350.1, "offer": 2350.5, "decimals": 1, "min": 0.1, "contract": "1",
                              "margin": Decimal("0.05")},
}


class FakeIg(FakeVenue):
    def __init__(self, available: str = "50000") -> None:
        super().__init__()
        self.available = Decimal(available)
        self.positions: dict[str, dict[str, Any]] = {}
        self.working: dict[str, dict[str, Any]] = {}
        self.confirms: dict[str, dict[str, Any]] = {}
        self.tokens: set[str] = set()
        self._ids = itertools.count(1)
        self.route("POST", "/session", self._login)
        self.route("GET", "/accounts", self._accounts)
        self.route("GET", r"/markets/(?P<epic>[^/]+)", self._market)
        self.route("GET", "/positions", self._positions)
        self.route("GET", r"/positions/(?P<deal>[^/]+)", self._position)
        self.route("POST", "/positions/otc", self._open)
        self.route("PUT", r"/positions/otc/(?P<deal>[^/]+)", self._amend)
        self.route("DELETE", "/positions/otc", self._close)
        self.route("GET", "/workingorders", self._working_orders)
        self.route("POST", "/workingorders/otc", self._create_working)
        self.route("PUT", r"/workingorders/otc/(?P<deal>[^/]+)", self._amend_working)
        self.route("DELETE", r"/workingorders/otc/(?P<deal>[^/]+)", self._delete_working)
        self.route("GET", r"/confirms/(?P<ref>[^/]+)", self._confirm)

    def expire_sessions(self) -> None:
        self.tokens.clear()

    # helpers ----------------------------------------------------------------------------------------
    def _denied(self, call: Call, version: str) -> tuple[int, Any] | None:
        if call.headers.get("x-ig-api-key") != API_KEY:
            return 403, {"errorCode": "error.security.api-key-invalid"}
        if call.headers.get("cst") not in self.tokens or call.headers.get("x-security-token") not in self.tokens:
            return 401, {"errorCode": "error.security.client-token-invalid"}
        if call.headers.get("version", "1") != version:
            return 404, {"errorCode": "error.request.version-not-supported"}
        return None

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):06d}"

    def _record(self, reference: str, **fields: Any) -> dict[str, Any]:
        confirm = {"dealReference": reference, "date": "2026-11-30T01:00:00", "dealStatus": "ACCEPTED",
                   "reason": "SUCCESS", "affectedDeals": [], "profit": None, "profitCurrency": None, **fields}
        self.confirms[reference] = confirm
        return confirm

    # routes ------------------------------------------------------------------------------------------
    def _login(self, call: Call) -> tuple[int, Any]:
        if call.headers.get("x-ig-api-key") != API_KEY:
            return 403, {"errorCode": "error.security.api-key-invalid"}
        if call.body != {"identifier": USERNAME, "password": PASSWORD}:
            return 401, {"errorCode": "error.security.invalid-details"}
        cst, token = self._new_id("CST"), self._new_id("XST")
        self.tokens |= {cst, token}
        return 200, {"accountType": "CFD", "currentAccountId": ACCOUNT, "currencyIsoCode": "USD",
                     "accountInfo": {"balance": float(self.available), "available": float(self.available)},
                     "__headers__": {"CST": cst, "X-SECURITY-TOKEN": token}}

    def _accounts(self, call: Call) -> tuple[int, Any]:
        if denied := self._denied(call, "1"):
            return denied
        return 200, {"accounts": [{"accountId": ACCOUNT, "accountName": "CFD", "accountType": "CFD",
                                   "preferred": True, "currency": "USD", "status": "ENABLED",
                                   "balance": {"balance": float(self.available), "deposit": 0, "profitLoss": 12.5,
                                               "available": float(self.available)}}]}

    def _market(self, call: Call) -> tuple[int, Any]:
        if denied := self._denied(call, "3"):
            return denied
        assert call.match is not None
        epic = call.match["epic"]
        if epic not in MARKETS:
            return 404, {"errorCode": "error.service.marketdata.instrument.epic.unavailable"}
        m = MARKETS[epic]
        return 200, {"instrument": {"epic": epic, "name": epic, "type": "CURRENCIES", "contractSize": m["contract"],
                                    "currencies": [{"code": "USD", "isDefault": True}]},
                     "dealingRules": {"minDealSize": {"unit": "POINTS", "value": m["min"]}},
                     "snapshot": {"bid": m["bid"], "offer": m["offer"], "decimalPlacesFactor": m["decimals"],
                                  "marketStatus": "TRADEABLE"}}

    def _positions(self, call: Call) -> tuple[int, Any]:
        if denied := self._denied(call, "2"):
            return denied
        held = self.positions.values()
        return 200, {"positions": [{"position": dict(p), "market": {"epic": p["epic"]}} for p in held]}

    def _position(self, call: Call) -> tuple[int, Any]:
        if denied := self._denied(call, "2"):
            return denied
        assert call.match is not None
        held = self.positions.get(call.match["deal"])
        if held is None:
            return 404, {"errorCode": "error.position.notfound"}
        return 200, {"position": dict(held), "market": {"epic": held["epic"]}}

    def _check(self, body: dict[str, Any], level: float) -> str | None:
        m = MARKETS.get(body["epic"])
        if m is None:
            return "MARKET_NOT_FOUND"  # not IG's exact wording: enough for the connector, which passes it on
        if Decimal(str(body["size"])) < Decimal(str(m["min"])):
            return "MINIMUM_ORDER_SIZE_ERROR"
        needed = Decimal(str(body["size"])) * Decimal(m["contract"]) * Decimal(str(level)) * m["margin"]
        return "INSUFFICIENT_FUNDS" if needed > self.available else None

    def _open(self, call: Call) -> tuple[int, Any]:
        if denied := self._denied(call, "2"):
            return denied
        body = call.body
        m = MARKETS.get(body["epic"], {"bid": 0, "offer": 0})
        level = m["offer"] if body["direction"] == "BUY" else m["bid"]
        reference = body.get("dealReference") or self._new_id("REF")
        deal_id = self._new_id("DIAAAA")
        reason = self._check(body, level)
        if reason:
            self._record(reference, dealId=deal_id, dealStatus="REJECTED", reason=reason, status=None)
            return 200, {"dealReference": reference}
        self.positions[deal_id] = {"dealId": deal_id, "dealReference": reference, "epic": body["epic"],
                                   "direction": body["direction"], "size": body["size"], "level": level,
                                   "contractSize": float(m["contract"]), "currency": body["currencyCode"],
                                   "stopLevel": body.get("stopLevel"), "limitLevel": body.get("limitLevel")}
        self._record(reference, dealId=deal_id, status="OPEN", level=level, size=body["size"],
                     direction=body["direction"], epic=body["epic"], affectedDeals=[{"dealId": deal_id,
                                                                                     "status": "OPENED"}])
        return 200, {"dealReference": reference}

    def _amend(self, call: Call) -> tuple[int, Any]:
        if denied := self._denied(call, "2"):
            return denied
        assert call.match is not None
        held = self.positions.get(call.match["deal"])
        reference = self._new_id("AMD")
        if held is None:
            self._record(reference, dealStatus="REJECTED", reason="POSITION_NOT_FOUND")
            return 200, {"dealReference": reference}
        held.update(stopLevel=call.body.get("stopLevel"), limitLevel=call.body.get("limitLevel"))
        self._record(reference, dealId=held["dealId"], status="AMENDED", level=held["level"])
        return 200, {"dealReference": reference}

    def _close(self, call: Call) -> tuple[int, Any]:
        if denied := self._denied(call, "1"):
            return denied
        body = call.body
        held = self.positions.get(body["dealId"])
        reference = self._new_id("CLS")
        if held is None:
            return 404, {"errorCode": "error.service.otc.position.notfound"}
        m = MARKETS[held["epic"]]
        level = m["bid"] if held["direction"] == "BUY" else m["offer"]
        size = Decimal(str(body["size"]))
        sign = 1 if held["direction"] == "BUY" else -1
        profit = (Decimal(str(level)) - Decimal(str(held["level"]))) * size * Decimal(m["contract"]) * sign
        left = Decimal(str(held["size"])) - size
        if left <= 0:
            del self.positions[held["dealId"]]
        else:
            held["size"] = float(left)
        self._record(reference, dealId=held["dealId"], status="FULLY_CLOSED" if left <= 0 else "PARTIALLY_CLOSED",
                     level=level, size=body["size"], profit=float(profit), profitCurrency="USD")
        return 200, {"dealReference": reference}

    def _working_orders(self, call: Call) -> tuple[int, Any]:
        if denied := self._denied(call, "2"):
            return denied
        return 200, {"workingOrders": [{"workingOrderData": dict(w), "marketData": {"epic": w["epic"]}}
                                       for w in self.working.values()]}

    def _create_working(self, call: Call) -> tuple[int, Any]:
        if denied := self._denied(call, "2"):
            return denied
        body = call.body
        reference = body.get("dealReference") or self._new_id("REF")
        deal_id = self._new_id("DIAAAW")
        reason = self._check(body, body["level"])
        if reason:
            self._record(reference, dealId=deal_id, dealStatus="REJECTED", reason=reason)
            return 200, {"dealReference": reference}
        self.working[deal_id] = self._working_data(deal_id, body)
        self._record(reference, dealId=deal_id, status="OPEN", level=body["level"], size=body["size"])
        return 200, {"dealReference": reference}

    @staticmethod
    def _working_data(deal_id: str, body: dict[str, Any]) -> dict[str, Any]:
        # IG reports a working order's stop and limit as distances from its level.
        sign = 1 if body["direction"] == "BUY" else -1
        level = Decimal(str(body["level"]))
        data: dict[str, Any] = {"dealId": deal_id, "epic": body.get("epic"), "direction": body["direction"],
                                "orderSize": body.get("size"), "orderLevel": body["level"],
                                "orderType": body["type"], "timeInForce": body["timeInForce"],
                                "stopDistance": None, "limitDistance": None}
        if body.get("stopLevel") is not None:
            data["stopDistance"] = float((level - Decimal(str(body["stopLevel"]))) * sign)
        if body.get("limitLevel") is not None:
            data["limitDistance"] = float((Decimal(str(body["limitLevel"])) - level) * sign)
        return data

    def _amend_working(self, call: Call) -> tuple[int, Any]:
        if denied := self._denied(call, "2"):
            return denied
        assert call.match is not None
        old = self.working.get(call.match["deal"])
        reference = self._new_id("AMW")
        if old is None:
            self._record(reference, dealStatus="REJECTED", reason="UNKNOWN")
            return 200, {"dealReference": reference}
        merged = {**call.body, "epic": old["epic"], "direction": old["direction"], "size": old["orderSize"]}
        self.working[old["dealId"]] = self._working_data(old["dealId"], merged)
        self._record(reference, dealId=old["dealId"], status="AMENDED", level=call.body["level"])
        return 200, {"dealReference": reference}

    def _delete_working(self, call: Call) -> tuple[int, Any]:
        if denied := self._denied(call, "2"):
            return denied
        assert call.match is not None
        reference = self._new_id("DEL")
        if self.working.pop(call.match["deal"], None) is None:
            return 404, {"errorCode": "error.service.otc.workingorder.notfound"}
        self._record(reference, dealId=call.match["deal"], status="DELETED")
        return 200, {"dealReference": reference}

    def _confirm(self, call: Call) -> tuple[int, Any]:
        if denied := self._denied(call, "1"):
            return denied
        assert call.match is not None
        confirm = self.confirms.get(call.match["ref"])
        return (200, confirm) if confirm else (404, {"errorCode": "error.confirms.deal-not-found"})
