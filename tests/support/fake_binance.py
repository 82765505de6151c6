"""A fake of Binance's testnet REST API (loopback), written from Binance's public API documentation: spot
(``/api/v3``: exchangeInfo, ticker, account, order) and USDⓈ-M futures (``/fapi``: exchangeInfo, ticker, order,
algoOrder and openAlgoOrders for conditional orders, account, positionRisk). Fixtures are our own, minimal.

Signed endpoints want the ``X-MBX-APIKEY`` header and a ``signature`` parameter (checked for presence: the
signing itself is CCXT's). Errors are Binance's ``{"code": -NNNN, "msg": "..."}``."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs

from tests.support.fake_venue import Call, FakeVenue

API_KEY = "testnet-key"
SECRET = "testnet-secret"
PRICE = {"BTCUSDT": (Decimal("60000.00"), Decimal("60000.10"))}
_FILTERS = {"spot": [{"filterType": "PRICE_FILTER", "minPrice": "0.01", "maxPrice": "1000000.00", "tickSize": "0.01"},
                     {"filterType": "LOT_SIZE", "minQty": "0.00010", "maxQty": "9000.00000", "stepSize": "0.00001"}],
            "linear": [{"filterType": "PRICE_FILTER", "minPrice": "0.10", "maxPrice": "1000000", "tickSize": "0.10"},
                       {"filterType": "LOT_SIZE", "minQty": "0.001", "maxQty": "1000", "stepSize": "0.001"},
                       {"filterType": "MARKET_LOT_SIZE", "minQty": "0.001", "maxQty": "120", "stepSize": "0.001"}]}
_ORDER_TYPES = {"spot": ["LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT",
                         "TAKE_PROFIT_LIMIT"],
                "linear": ["LIMIT", "MARKET", "STOP", "STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET",
                           "TRAILING_STOP_MARKET"]}
NO_ORDER = (400, {"code": -2013, "msg": "Order does not exist."})


def _symbol(kind: str) -> dict[str, Any]:
    common = {"symbol": "BTCUSDT", "status": "TRADING", "baseAsset": "BTC", "quoteAsset": "USDT",
              "orderTypes": _ORDER_TYPES[kind], "filters": _FILTERS[kind]}
    if kind == "spot":
        return {**common, "baseAssetPrecision": 8, "quotePrecision": 8, "quoteAssetPrecision": 8,
                "isSpotTradingAllowed": True, "isMarginTradingAllowed": False, "permissions": ["SPOT"],
                "permissionSets": [["SPOT"]]}
    return {**common, "pair": "BTCUSDT", "contractType": "PERPETUAL", "marginAsset": "USDT", "pricePrecision": 2,
            "quantityPrecision": 3, "baseAssetPrecision": 8, "quotePrecision": 8, "underlyingType": "COIN",
            "deliveryDate": 4133404800000, "onboardDate": 1569398400000, "timeInForce": ["GTC", "IOC", "FOK"]}


class FakeBinance(FakeVenue):
    def __init__(self, usdt: str = "10000") -> None:
        super().__init__()
        self.usdt = Decimal(usdt)
        self.orders: dict[str, dict[str, Any]] = {}  # by (market kind + clientOrderId)
        self.algo: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1000)
        for kind, base in (("spot", "/api/v3"), ("linear", "/fapi/v1")):
            self.route("GET", base + "/exchangeInfo", lambda c, k=kind: (200, {  # type: ignore[misc]
                "timezone": "UTC", "serverTime": 1764464400000, "rateLimits": [], "exchangeFilters": [],
                "symbols": [_symbol(k)]}))
            self.route("GET", base + "/ticker/24hr", self._ticker)
            self.route("GET", base + "/ticker/bookTicker", self._ticker)
            self.route("POST", base + "/order", lambda c, k=kind: self._create(c, k))  # type: ignore[misc]
            self.route("GET", base + "/order", lambda c, k=kind: self._get(c, k))  # type: ignore[misc]
            self.route("DELETE", base + "/order", lambda c, k=kind: self._cancel(c, k))  # type: ignore[misc]
        self.route("POST", "/fapi/v1/algoOrder", self._create_algo)
        self.route("GET", "/fapi/v1/algoOrder", self._get_algo)
        self.route("DELETE", "/fapi/v1/algoOrder", self._cancel_algo)
        self.route("GET", "/fapi/v1/openAlgoOrders", self._open_algo)
        self.route("GET", "/api/v3/account", self._spot_account)
        for path in ("/fapi/v2/account", "/fapi/v3/account"):
            self.route("GET", path, self._futures_account)
        self.route("GET", "/fapi/v1/leverageBracket", lambda c: self._denied(c) or (200, [{
            "symbol": "BTCUSDT", "brackets": [{"bracket": 1, "initialLeverage": 125, "notionalCap": 50000,
                                               "notionalFloor": 0, "maintMarginRatio": 0.004, "cum": 0.0}]}]))
        for path in ("/fapi/v2/positionRisk", "/fapi/v3/positionRisk"):
            self.route("GET", path, self._positions)

    @staticmethod
    def params(call: Call) -> dict[str, str]:
        form = {k: v[-1] for k, v in parse_qs(call.raw.decode()).items()} if call.raw else {}
        return {**call.query, **form}

    def _denied(self, call: Call) -> tuple[int, Any] | None:
        if call.headers.get("x-mbx-apikey") != API_KEY:
            return 401, {"code": -2015, "msg": "Invalid API-key, IP, or permissions for action."}
        if "signature" not in self.params(call) or "timestamp" not in self.params(call):
            return 400, {"code": -1022, "msg": "Signature for this request is not valid."}
        return None

    def _ticker(self, call: Call) -> tuple[int, Any]:
        bid, ask = PRICE[call.query["symbol"]]
        return 200, {"symbol": call.query["symbol"], "bidPrice": str(bid), "bidQty": "1.0", "askPrice": str(ask),
                     "askQty": "1.0", "lastPrice": str(ask), "openPrice": str(bid), "highPrice": str(ask),
                     "lowPrice": str(bid), "volume": "100", "quoteVolume": "6000000", "openTime": 1764378000000,
                     "closeTime": 1764464400000, "count": 10}

    def _create(self, call: Call, kind: str) -> tuple[int, Any]:
        if denied := self._denied(call):
            return denied
        p = self.params(call)
        cid = p.get("newClientOrderId", "")
        if (kind + cid) in self.orders and self.orders[kind + cid]["status"] == "NEW":
            return 400, {"code": -2010, "msg": "Duplicate order sent."}
        qty = Decimal(p["quantity"])
        step = Decimal(_FILTERS[kind][1]["stepSize"])
        if qty % step:
            return 400, {"code": -1111, "msg": "Precision is over the maximum defined for this asset."}
        bid, ask = PRICE[p["symbol"]]
        fill = ask if p["side"] == "BUY" else bid
        needed = qty * fill / (Decimal(20) if kind == "linear" else Decimal(1))
        if p.get("reduceOnly") != "true" and needed > self.usdt:
            if kind == "linear":
                return 400, {"code": -2019, "msg": "Margin is insufficient."}
            return 400, {"code": -2010, "msg": "Account has insufficient balance for requested action."}
        if kind == "linear" and p.get("reduceOnly") == "true" and not self._reduces(p["side"], qty):
            return 400, {"code": -2022, "msg": "ReduceOnly Order is rejected."}
        market = p["type"] == "MARKET"
        order = {"symbol": p["symbol"], "orderId": next(self._ids), "clientOrderId": cid,
                 "price": p.get("price", "0"), "origQty": p["quantity"],
                 "executedQty": p["quantity"] if market else "0",
                 "status": "FILLED" if market else "NEW", "timeInForce": p.get("timeInForce", "GTC"),
                 "type": p["type"], "side": p["side"], "time": 1764464400000, "updateTime": 1764464400000,
                 "transactTime": 1764464400000, "reduceOnly": p.get("reduceOnly") == "true"}
        if kind == "spot":
            order["cummulativeQuoteQty"] = str(qty * fill) if market else "0"
            if market:
                order["fills"] = [{"price": str(fill), "qty": p["quantity"], "commission": "0",
                                   "commissionAsset": "USDT"}]
        else:
            order.update(avgPrice=str(fill) if market else "0", cumQuote=str(qty * fill) if market else "0")
        self.orders[kind + cid] = order
        return 200, order

    def _get(self, call: Call, kind: str) -> tuple[int, Any]:
        if denied := self._denied(call):
            return denied
        order = self.orders.get(kind + self.params(call).get("origClientOrderId", ""))
        return (200, order) if order else NO_ORDER

    def _cancel(self, call: Call, kind: str) -> tuple[int, Any]:
        if denied := self._denied(call):
            return denied
        order = self.orders.get(kind + self.params(call).get("origClientOrderId", ""))
        if order is None or order["status"] != "NEW":
            return 400, {"code": -2011, "msg": "Unknown order sent."}
        order["status"] = "CANCELED"
        return 200, order

    def _create_algo(self, call: Call) -> tuple[int, Any]:
        if denied := self._denied(call):
            return denied
        p = self.params(call)
        order = {"algoId": next(self._ids), "clientAlgoId": p["clientAlgoId"], "algoType": p.get("algoType"),
                 "orderType": p["type"], "symbol": p["symbol"], "side": p["side"], "positionSide": "BOTH",
                 "quantity": p.get("quantity"), "algoStatus": "NEW", "triggerPrice": p.get("triggerPrice"),
                 "price": "0", "reduceOnly": p.get("reduceOnly") == "true", "createTime": 1764464400000,
                 "updateTime": 1764464400000, "timeInForce": "GTC"}
        self.algo[p["clientAlgoId"]] = order
        return 200, order

    def net_position(self) -> Decimal:
        """The one-way (BOTH) BTCUSDT position: filled futures orders, buys long and sells short."""
        net = Decimal(0)
        for order in self.orders.values():
            if order["status"] == "FILLED" and "avgPrice" in order:
                net += Decimal(order["executedQty"]) * (1 if order["side"] == "BUY" else -1)
        return net

    def _reduces(self, side: str, qty: Decimal) -> bool:
        """A reduce-only order may only shrink the position, never flip or open it (Binance's -2022)."""
        net = self.net_position()
        return (net > 0 and side == "SELL" and qty <= net) or (net < 0 and side == "BUY" and qty <= -net)

    def _open_algo(self, call: Call) -> tuple[int, Any]:
        if denied := self._denied(call):
            return denied
        symbol = self.params(call).get("symbol")
        return 200, [o for o in self.algo.values()
                     if o["algoStatus"] == "NEW" and (symbol is None or o["symbol"] == symbol)]

    def _get_algo(self, call: Call) -> tuple[int, Any]:
        if denied := self._denied(call):
            return denied
        order = self.algo.get(self.params(call).get("clientAlgoId", ""))
        return (200, order) if order else NO_ORDER

    def _cancel_algo(self, call: Call) -> tuple[int, Any]:
        if denied := self._denied(call):
            return denied
        order = self.algo.get(self.params(call).get("clientAlgoId", ""))
        if order is None:
            return 400, {"code": -2011, "msg": "Unknown order sent."}
        order["algoStatus"] = "CANCELED"
        return 200, {"algoId": order["algoId"], "clientAlgoId": order["clientAlgoId"], "code": "200", "msg": "success"}

    def _spot_account(self, call: Call) -> tuple[int, Any]:
        if denied := self._denied(call):
            return denied
        return 200, {"makerCommission": 10, "takerCommission": 10, "canTrade": True, "accountType": "SPOT",
                     "balances": [{"asset": "USDT", "free": str(self.usdt), "locked": "0"},
                                  {"asset": "BTC", "free": "0.5", "locked": "0"}], "permissions": ["SPOT"]}

    def _futures_account(self, call: Call) -> tuple[int, Any]:
        if denied := self._denied(call):
            return denied
        usdt = str(self.usdt)
        return 200, {"totalWalletBalance": usdt, "totalMarginBalance": usdt, "availableBalance": usdt,
                     "assets": [{"asset": "USDT", "walletBalance": usdt, "marginBalance": usdt,
                                 "availableBalance": usdt, "crossWalletBalance": usdt, "unrealizedProfit": "0"}],
                     "positions": []}

    def _positions(self, call: Call) -> tuple[int, Any]:
        if denied := self._denied(call):
            return denied
        net = self.net_position()
        mark = PRICE["BTCUSDT"][0]
        return 200, [{"symbol": "BTCUSDT", "positionSide": "BOTH", "positionAmt": str(net), "entryPrice": str(mark),
                      "markPrice": str(mark), "unRealizedProfit": "0", "notional": str(net * mark),
                      "marginType": "cross", "leverage": "20", "updateTime": 1764464400000}]
