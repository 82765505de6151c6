"""A fake OANDA v20 REST server (loopback), written from OANDA's public v20 documentation: accounts summary,
instruments, pricing, orders (create, get by ``@clientId``, replace, cancel), trades (get, dependent orders,
close) and transactions. Fixtures are our own. Decimals are strings, as in v20."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from tests.support.fake_venue import Call, FakeVenue

ACCOUNT = "101-004-1234567-001"
TOKEN = "practice-token-1"
INSTRUMENTS = [
    {"name": "EUR_USD", "type": "CURRENCY", "displayName": "EUR/USD", "pipLocation": -4, "displayPrecision": 5,
     "tradeUnitsPrecision": 0, "minimumTradeSize": "1", "maximumOrderUnits": "100000000", "marginRate": "0.0333"},
    {"name": "XAU_USD", "type": "METAL", "displayName": "Gold", "pipLocation": -2, "displayPrecision": 3,
     "tradeUnitsPrecision": 0, "minimumTradeSize": "1", "maximumOrderUnits": "10000", "marginRate": "0.05"},
    {"name": "DE30_EUR", "type": "CFD", "displayName": "Germany 40", "pipLocation": 0, "displayPrecision": 1,
     "tradeUnitsPrecision": 1, "minimumTradeSize": "0.1", "maximumOrderUnits": "5000", "marginRate": "0.05"},
]
PRICES = {"EUR_USD": ("1.08500", "1.08512"), "XAU_USD": ("2350.100", "2350.600"), "DE30_EUR": ("18500.0", "18501.2")}


class FakeOanda(FakeVenue):
    def __init__(self, balance: str = "100000.0000") -> None:
        super().__init__()
        self.balance = Decimal(balance)
        self.orders: dict[str, dict[str, Any]] = {}
        self.trades: dict[str, dict[str, Any]] = {}
        self.transactions: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(100)
        acc = f"/v3/accounts/{ACCOUNT}"
        self.route("GET", acc + "/summary", self._summary)
        self.route("GET", acc + "/instruments", lambda c: self._auth(c) or (200, {"instruments": INSTRUMENTS}))
        self.route("GET", acc + "/pricing", self._pricing)
        self.route("POST", acc + "/orders", self._create)
        self.route("GET", acc + r"/orders/(?P<spec>[^/]+)", self._get_order)
        self.route("PUT", acc + r"/orders/(?P<spec>[^/]+)", self._replace)
        self.route("PUT", acc + r"/orders/(?P<spec>[^/]+)/cancel", self._cancel)
        self.route("GET", acc + r"/trades/(?P<spec>[^/]+)", self._get_trade)
        self.route("PUT", acc + r"/trades/(?P<spec>[^/]+)/orders", self._trade_orders)
        self.route("PUT", acc + r"/trades/(?P<spec>[^/]+)/close", self._close)
        self.route("GET", acc + r"/transactions/(?P<id>\d+)", self._transaction)

    # helpers ----------------------------------------------------------------------------------------
    def _auth(self, call: Call) -> tuple[int, Any] | None:
        if call.headers.get("authorization") != f"Bearer {TOKEN}":
            return 401, {"errorMessage": "Insufficient authorization to perform request."}
        return None

    def _tx(self, **fields: Any) -> dict[str, Any]:
        tx = {"id": str(next(self._ids)), "accountID": ACCOUNT, "time": "2026-11-30T01:00:00.000000000Z", **fields}
        self.transactions[tx["id"]] = tx
        return tx

    def _find(self, table: dict[str, dict[str, Any]], spec: str, ext: str) -> dict[str, Any] | None:
        if spec.startswith("@"):
            cid = spec[1:]
            hits = [o for o in table.values() if (o.get(ext) or {}).get("id") == cid]
            live = [o for o in hits if o.get("state") not in ("CANCELLED",)]
            return (live or hits or [None])[-1]
        return table.get(spec)

    def _reject(self, status: int, reason: str, kind: str = "orderRejectTransaction") -> tuple[int, Any]:
        return status, {kind: self._tx(type="MARKET_ORDER_REJECT", rejectReason=reason),
                        "errorCode": reason, "errorMessage": reason.replace("_", " ").lower()}

    # routes ------------------------------------------------------------------------------------------
    def _summary(self, call: Call) -> tuple[int, Any]:
        if denied := self._auth(call):
            return denied
        value = sum((abs(Decimal(t["currentUnits"])) * Decimal(t["price"]) for t in self.trades.values()
                     if t["state"] == "OPEN"), Decimal(0))
        return 200, {"account": {"id": ACCOUNT, "currency": "USD", "balance": str(self.balance),
                                 "NAV": str(self.balance), "positionValue": str(value), "openTradeCount": 0},
                     "lastTransactionID": "99"}

    def _pricing(self, call: Call) -> tuple[int, Any]:
        if denied := self._auth(call):
            return denied
        name = call.query.get("instruments", "")
        bid, ask = PRICES[name]
        return 200, {"prices": [{"instrument": name, "tradeable": True, "bids": [{"price": bid, "liquidity": 1}],
                                 "asks": [{"price": ask, "liquidity": 1}], "closeoutBid": bid, "closeoutAsk": ask}]}

    def _create(self, call: Call) -> tuple[int, Any]:
        if denied := self._auth(call):
            return denied
        req = dict(call.body["order"])
        spec = next((i for i in INSTRUMENTS if i["name"] == req["instrument"]), None)
        if spec is None:
            return self._reject(400, "INSTRUMENT_UNKNOWN")
        cid = req["clientExtensions"]["id"]
        if any(o["clientExtensions"]["id"] == cid for o in self.orders.values()):
            return self._reject(400, "CLIENT_ORDER_ID_ALREADY_EXISTS")
        units = Decimal(req["units"])
        if -units.as_tuple().exponent > int(spec["tradeUnitsPrecision"]):  # type: ignore[operator]
            return self._reject(400, "UNITS_PRECISION_EXCEEDED")
        if abs(units) < Decimal(spec["minimumTradeSize"]):
            return self._reject(400, "UNITS_MINIMUM_NOT_MET")
        for key in ("price",):
            if key in req and -Decimal(req[key]).as_tuple().exponent > int(spec["displayPrecision"]):  # type: ignore[operator]
                return self._reject(400, "PRICE_PRECISION_EXCEEDED")
        created = self._tx(**{**req, "type": f"{req['type']}_ORDER"})
        order = {**req, "id": created["id"], "state": "PENDING", "createTime": created["time"]}
        self.orders[order["id"]] = order
        answer: dict[str, Any] = {"orderCreateTransaction": created, "lastTransactionID": created["id"]}
        if req["type"] == "MARKET":
            bid, ask = PRICES[req["instrument"]]
            price = Decimal(ask if units > 0 else bid)
            if abs(units) * price * Decimal(spec["marginRate"]) > self.balance:
                cancel = self._tx(type="ORDER_CANCEL", orderID=order["id"], reason="INSUFFICIENT_MARGIN")
                order.update(state="CANCELLED", cancellingTransactionID=cancel["id"])
                answer["orderCancelTransaction"] = cancel
                return 201, answer
            answer["orderFillTransaction"] = self._fill(order, price)
        return 201, answer

    def _fill(self, order: dict[str, Any], price: Decimal) -> dict[str, Any]:
        fill = self._tx(type="ORDER_FILL", orderID=order["id"], instrument=order["instrument"], units=order["units"],
                        price=str(price), reason="MARKET_ORDER")
        trade = {"id": fill["id"], "instrument": order["instrument"], "price": str(price), "state": "OPEN",
                 "initialUnits": order["units"], "currentUnits": order["units"], "realizedPL": "0.0000",
                 "clientExtensions": order["tradeClientExtensions"]}
        for on_fill, field in (("stopLossOnFill", "stopLossOrder"), ("takeProfitOnFill", "takeProfitOrder")):
            if on_fill in order:
                trade[field] = {"id": self._tx(type=field.upper())["id"], "price": order[on_fill]["price"],
                                "state": "PENDING"}
        self.trades[trade["id"]] = trade
        order.update(state="FILLED", fillingTransactionID=fill["id"], tradeOpenedID=trade["id"])
        fill["tradeOpened"] = {"tradeID": trade["id"], "units": order["units"], "price": str(price)}
        return fill

    def _get_order(self, call: Call) -> tuple[int, Any]:
        if denied := self._auth(call):
            return denied
        assert call.match is not None
        order = self._find(self.orders, call.match["spec"], "clientExtensions")
        if order is None:
            return 404, {"errorCode": "NO_SUCH_ORDER", "errorMessage": "The Order specified does not exist"}
        return 200, {"order": order, "lastTransactionID": "99"}

    def _replace(self, call: Call) -> tuple[int, Any]:
        if denied := self._auth(call):
            return denied
        assert call.match is not None
        old = self._find(self.orders, call.match["spec"], "clientExtensions")
        if old is None or old["state"] != "PENDING":
            return self._reject(404, "ORDER_DOESNT_EXIST", "orderCancelRejectTransaction")
        cancel = self._tx(type="ORDER_CANCEL", orderID=old["id"], reason="CLIENT_REQUEST_REPLACED")
        old.update(state="CANCELLED", cancellingTransactionID=cancel["id"])
        req = dict(call.body["order"])
        created = self._tx(**{**req, "type": f"{req['type']}_ORDER", "replacesOrderID": old["id"]})
        self.orders[created["id"]] = {**req, "id": created["id"], "state": "PENDING", "replacesOrderID": old["id"]}
        return 201, {"orderCancelTransaction": cancel, "orderCreateTransaction": created}

    def _cancel(self, call: Call) -> tuple[int, Any]:
        if denied := self._auth(call):
            return denied
        assert call.match is not None
        order = self._find(self.orders, call.match["spec"], "clientExtensions")
        if order is None or order["state"] != "PENDING":
            return self._reject(404, "ORDER_DOESNT_EXIST", "orderCancelRejectTransaction")
        cancel = self._tx(type="ORDER_CANCEL", orderID=order["id"], reason="CLIENT_REQUEST")
        order.update(state="CANCELLED", cancellingTransactionID=cancel["id"])
        return 200, {"orderCancelTransaction": cancel}

    def _get_trade(self, call: Call) -> tuple[int, Any]:
        if denied := self._auth(call):
            return denied
        assert call.match is not None
        trade = self._find(self.trades, call.match["spec"], "clientExtensions")
        if trade is None:
            return 404, {"errorCode": "NO_SUCH_TRADE", "errorMessage": "The Trade specified does not exist"}
        return 200, {"trade": trade, "lastTransactionID": "99"}

    def _trade_orders(self, call: Call) -> tuple[int, Any]:
        if denied := self._auth(call):
            return denied
        assert call.match is not None
        trade = self._find(self.trades, call.match["spec"], "clientExtensions")
        if trade is None or trade["state"] != "OPEN":
            return 404, {"errorCode": "NO_SUCH_TRADE", "errorMessage": "The Trade specified does not exist"}
        answer: dict[str, Any] = {}
        for key, field in (("stopLoss", "stopLossOrder"), ("takeProfit", "takeProfitOrder")):
            if key in call.body:
                tx = self._tx(**{**call.body[key], "type": field.upper(), "tradeID": trade["id"]})
                trade[field] = {"id": tx["id"], "price": call.body[key]["price"], "state": "PENDING"}
                answer[f"{key}OrderTransaction"] = tx
        return 200, answer

    def _close(self, call: Call) -> tuple[int, Any]:
        if denied := self._auth(call):
            return denied
        assert call.match is not None
        trade = self._find(self.trades, call.match["spec"], "clientExtensions")
        if trade is None or trade["state"] != "OPEN":
            return self._reject(404, "TRADE_DOESNT_EXIST")
        current = Decimal(trade["currentUnits"])
        wanted = abs(current) if call.body["units"] == "ALL" else Decimal(call.body["units"])
        bid, ask = PRICES[trade["instrument"]]
        price = Decimal(bid if current > 0 else ask)
        sign = 1 if current > 0 else -1
        pl = (price - Decimal(trade["price"])) * wanted * sign
        left = abs(current) - wanted
        fill = self._tx(type="ORDER_FILL", units=str(-sign * wanted), price=str(price), pl=str(pl))
        trade["realizedPL"] = str(Decimal(trade["realizedPL"]) + pl)
        if left <= 0:
            trade.update(state="CLOSED", currentUnits="0", averageClosePrice=str(price))
            fill["tradesClosed"] = [{"tradeID": trade["id"], "units": str(-sign * wanted)}]
        else:
            trade["currentUnits"] = str(sign * left)
            fill["tradeReduced"] = {"tradeID": trade["id"], "units": str(-sign * wanted)}
        return 200, {"orderCreateTransaction": self._tx(type="MARKET_ORDER"), "orderFillTransaction": fill}

    def _transaction(self, call: Call) -> tuple[int, Any]:
        if denied := self._auth(call):
            return denied
        assert call.match is not None
        tx = self.transactions.get(call.match["id"])
        return (200, {"transaction": tx}) if tx else (404, {"errorMessage": "no such transaction"})
