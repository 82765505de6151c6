"""IG connector: every entry is sent with a ``dealReference`` derived from our client id (IG takes 30
characters), so its outcome can always be read back through ``GET /confirms/{dealReference}`` and, once IG
has dropped the confirmation, by finding the position or working order that carries the reference.

Sizes are IG contracts, rounded down to the decimals of the market's minimum deal size and at least that
minimum; levels are rounded to the market's ``decimalPlacesFactor``. Later actions address the IG ``dealId``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from decimal import Decimal

from shared.adapters.brokers.ig.answers import (
    Market,
    level_of,
    market_of,
    number,
    position_result,
    same_level,
    working_result,
)
from shared.adapters.brokers.ig.client import IgHttp, Json
from shared.adapters.brokers.symbols import SymbolMap, check_minimum, dec, round_price, round_units, venue_client_id
from shared.adapters.brokers.venue_http import fresh, send_once
from shared.domain.sizing import AccountSummary, Quote
from shared.ports.brokers import (
    AbstractBrokerConnector,
    BrokerError,
    CloseRequest,
    CloseResult,
    InstrumentSpec,
    ModifyRequest,
    OrderRef,
    OrderRequest,
    OrderResult,
    OrderStatus,
    UnknownSymbolError,
)

REFERENCE_LENGTH = 30
class IgConnector(AbstractBrokerConnector):
    """One IG account: the login's current account (``credentials.accountId`` must match it when given)."""

    def __init__(self, http: IgHttp, symbols: SymbolMap, *, account_id: str | None = None,
                 instrument_ttl: float = 86_400.0, sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._http = http
        self._symbols = symbols
        self._account_id = account_id
        self._ttl = instrument_ttl
        self._sleep = sleep
        self._monotonic = monotonic
        self._markets: dict[str, tuple[float, Market, Json]] = {}
        self._lock = threading.Lock()

    # Reads ---------------------------------------------------------------------------------------------
    def _market(self, symbol: str, *, fresh: bool = False) -> tuple[Market, Json]:
        """Dealing rules cached per connection for a day; ``fresh`` re-reads for the price snapshot."""
        epic = self._symbols.instrument(symbol)
        with self._lock:
            cached = self._markets.get(epic)
        if cached is not None and not fresh and self._monotonic() - cached[0] < self._ttl:
            return cached[1], cached[2]
        raw = self._http.market(epic)
        if raw is None:
            raise UnknownSymbolError(symbol)
        market = market_of(epic, raw)
        with self._lock:
            self._markets[epic] = (self._monotonic(), market, raw)
        return market, raw

    def instrument_spec(self, symbol: str) -> InstrumentSpec:
        market, _ = self._market(symbol)
        return InstrumentSpec(minimum=market.minimum_size, step=market.size_step, contract_size=market.contract_size)

    def get_quote(self, symbol: str, *, reference: Decimal | None = None) -> Quote | None:
        _, raw = self._market(symbol, fresh=True)
        snapshot = raw.get("snapshot") or {}
        if snapshot.get("bid") is None or snapshot.get("offer") is None:
            return None
        return Quote(dec(snapshot["bid"], "bid"), dec(snapshot["offer"], "offer"))

    def get_account_summary(self) -> AccountSummary:
        accounts = self._http.accounts().get("accounts", [])
        mine = self._account_id or self._http.account_id
        account = next((a for a in accounts if a.get("accountId") == mine), None)
        if account is None:
            raise BrokerError(f"IG login has no account {mine!r}", code="invalid_configuration")
        balance = account.get("balance") or {}
        cash = dec(balance.get("balance", 0), "balance")
        exposure = sum((dec(p["position"]["size"], "size") * dec(p["position"].get("contractSize", 1), "contractSize")
                        * dec(p["position"]["level"], "level") for p in self._http.positions()), Decimal(0))
        return AccountSummary(equity=cash + dec(balance.get("profitLoss", 0), "profitLoss"), open_exposure=exposure,
                              balance=cash, currency=account.get("currency"))

    def verify(self) -> None:
        self._http.login()
        if self._account_id and self._http.account_id != self._account_id:
            raise BrokerError(f"credentials.accountId {self._account_id} is not the IG login's current account",
                              code="invalid_configuration")
        self.get_account_summary()

    def get_order(self, client_order_id: str, *, symbol: str | None = None) -> OrderResult | None:
        reference = venue_client_id(client_order_id, REFERENCE_LENGTH)
        confirm = self._http.confirm(reference)
        if confirm is not None:
            if confirm.get("dealStatus") != "ACCEPTED":
                return OrderResult(str(confirm.get("dealId") or reference), client_order_id, OrderStatus.REJECTED,
                                   None, duplicate=True)
            return self._by_deal(client_order_id, str(confirm["dealId"]), confirm)
        # IG keeps confirmations only for a while: the open position or working order still carries the reference.
        for held in self._http.positions():
            if held["position"].get("dealReference") == reference:
                return position_result(client_order_id, held["position"])
        for working in self._http.working_orders():
            data = working.get("workingOrderData") or {}
            if data.get("dealReference") == reference:
                return working_result(client_order_id, data)
        return None

    def _by_deal(self, client_order_id: str, deal_id: str, confirm: Json) -> OrderResult:
        held = self._http.position(deal_id)
        if held is not None:
            return position_result(client_order_id, held["position"])
        for working in self._http.working_orders():
            data = working.get("workingOrderData") or {}
            if data.get("dealId") == deal_id:
                return working_result(client_order_id, data)
        return OrderResult(deal_id, client_order_id, OrderStatus.CLOSED, level_of(confirm), duplicate=True,
                           broker_trade_id=deal_id)

    # Orders --------------------------------------------------------------------------------------------
    def place_order(self, order: OrderRequest) -> OrderResult:
        existing = self.get_order(order.client_order_id)
        if existing is not None:
            return self._settled(existing)
        body, working = self._order_body(order)

        def send() -> OrderResult:
            if working:
                self._http.create_working_order(body)
            else:
                self._http.open_position(body)
            return fresh(self._confirmed(order.client_order_id))

        result = send_once(send, lambda: self._fresh(order.client_order_id), policy=self._http.policy,
                           sleep=self._sleep, what=f"ig deal {body['dealReference']}")
        return self._settled(result)

    def _confirmed(self, client_order_id: str) -> OrderResult:
        """IG accepted the request: its confirmation may trail the answer by a moment."""
        for attempt in range(self._http.policy.attempts):
            found = self.get_order(client_order_id)
            if found is not None:
                return found
            self._sleep(self._http.policy.delay(attempt))
        raise BrokerError("IG accepted the deal but never confirmed it: check the account before retrying",
                          code="broker_unconfirmed")

    def _fresh(self, client_order_id: str) -> OrderResult | None:
        found = self.get_order(client_order_id)
        return None if found is None else fresh(found)

    def _settled(self, result: OrderResult) -> OrderResult:
        if result.status == OrderStatus.REJECTED:
            confirm = self._http.confirm(venue_client_id(result.client_order_id, REFERENCE_LENGTH)) or {}
            raise BrokerError(str(confirm.get("reason") or "deal rejected by IG"))
        return result

    def _order_body(self, order: OrderRequest) -> tuple[Json, bool]:
        if order.side not in ("Buy", "Sell") or order.order_type not in ("Market", "Limit", "Stop"):
            raise BrokerError(f"unsupported order {order.side} {order.order_type}", code="invalid_request")
        market, _ = self._market(order.symbol)
        size = round_units(order.units, market.size_step)
        check_minimum(size, market.minimum_size, market.epic)
        body: Json = {"epic": market.epic, "expiry": "-", "direction": order.side.upper(), "size": float(size),
                      "currencyCode": market.currency, "guaranteedStop": False, "forceOpen": True,
                      "dealReference": venue_client_id(order.client_order_id, REFERENCE_LENGTH)}
        if order.stop_loss is not None:
            body["stopLevel"] = float(round_price(order.stop_loss, market.decimals))
        if order.take_profits:
            body["limitLevel"] = float(round_price(order.take_profits[0], market.decimals))
        if order.order_type == "Market":
            body["orderType"] = "MARKET"
            return body, False
        if order.price is None:
            raise BrokerError(f"a {order.order_type} order needs a price", code="invalid_request")
        body.update(type=order.order_type.upper(), level=float(round_price(order.price, market.decimals)),
                    timeInForce="GOOD_TILL_CANCELLED")
        if order.expires_at is not None:
            body.update(timeInForce="GOOD_TILL_DATE", goodTillDate=order.expires_at.strftime("%Y/%m/%d %H:%M:%S"))
        return body, True

    def modify_order(self, request: ModifyRequest) -> OrderResult:
        cid = request.ref.client_order_id
        current = self.get_order(cid)
        if current is None or current.status not in (OrderStatus.FILLED, OrderStatus.PENDING):
            raise BrokerError(f"no open position or working order for {cid} at IG")
        market, _ = self._market(request.ref.symbol)
        deal_id = current.broker_trade_id or current.broker_order_id
        pending = current.status == OrderStatus.PENDING
        raw = self._working(deal_id) if pending else {}
        held = self._levels(deal_id, pending)
        wanted: Json = {"stopLevel": number(held.get("stopLevel")), "limitLevel": number(held.get("limitLevel"))}
        if request.stop_loss is not None:
            wanted["stopLevel"] = float(round_price(request.stop_loss, market.decimals))
        if request.take_profit is not None:
            wanted["limitLevel"] = float(round_price(request.take_profit, market.decimals))
        if pending:
            wanted.update(level=float(round_price(request.entry, market.decimals)) if request.entry is not None
                          else number(held.get("level")), type=raw.get("orderType"),
                          timeInForce=raw.get("timeInForce", "GOOD_TILL_CANCELLED"))
        elif request.entry is not None:
            raise BrokerError("the entry of an open position cannot move", code="invalid_request")

        def applied() -> OrderResult | None:
            now = self._levels(deal_id, pending)
            levels = ("stopLevel", "limitLevel", "level")
            same = all(same_level(now.get(k), v) for k, v in wanted.items() if k in levels)
            return self.get_order(cid) if same else None

        def send() -> OrderResult:
            if pending:
                reference = self._http.amend_working_order(deal_id, {**wanted, "guaranteedStop": False})
            else:
                reference = self._http.amend_position(deal_id, {**wanted, "guaranteedStop": False,
                                                               "trailingStop": False})
            self._raise_if_rejected(reference)
            found = self.get_order(cid)
            assert found is not None
            return found

        return send_once(send, applied, policy=self._http.policy, sleep=self._sleep, what=f"ig amend {deal_id}")

    def _levels(self, deal_id: str, pending: bool) -> Json:
        """Entry, stop and limit levels of a position or working order (IG gives a working order's stop and
        limit as distances from its level)."""
        if not pending:
            return dict((self._http.position(deal_id) or {}).get("position", {}))
        data = self._working(deal_id)
        if not data:
            return {}
        level = dec(data["orderLevel"], "orderLevel")
        sign = 1 if data.get("direction") == "BUY" else -1
        levels: Json = {"level": level, "stopLevel": None, "limitLevel": None}
        if data.get("stopDistance") is not None:
            levels["stopLevel"] = level - sign * dec(data["stopDistance"], "stopDistance")
        if data.get("limitDistance") is not None:
            levels["limitLevel"] = level + sign * dec(data["limitDistance"], "limitDistance")
        return levels

    def _working(self, deal_id: str) -> Json:
        for working in self._http.working_orders():
            data = working.get("workingOrderData") or {}
            if data.get("dealId") == deal_id:
                return dict(data)
        return {}

    def _raise_if_rejected(self, reference: str) -> Json:
        confirm = self._http.confirm(reference) or {}
        if confirm.get("dealStatus") == "REJECTED":
            raise BrokerError(str(confirm.get("reason") or "rejected by IG"))
        return confirm

    def close(self, request: CloseRequest) -> CloseResult:
        cid = request.ref.client_order_id
        current = self.get_order(cid)
        if current is None:
            raise BrokerError(f"no deal {cid} at IG")
        deal_id = current.broker_trade_id or current.broker_order_id
        held = (self._http.position(deal_id) or {}).get("position")
        if held is None:
            return CloseResult(request.action_id, Decimal(0), None, None, duplicate=True)
        before = dec(held["size"], "size")
        market, _ = self._market(request.ref.symbol)
        # IG's close carries no reference of ours: send what the position holds beyond what this close is to
        # leave, so a close an earlier delivery made (its answer lost) is not made twice.
        size = round_units(request.to_send(before), market.size_step)
        if size <= 0:
            return CloseResult(request.action_id, request.asked or Decimal(0), None, None, duplicate=True)
        body = {"dealId": deal_id, "direction": "SELL" if held["direction"] == "BUY" else "BUY",
                "size": float(size), "orderType": "MARKET"}

        def send() -> CloseResult:
            confirm = self._raise_if_rejected(self._http.close_position(body))
            return CloseResult(request.action_id, size, level_of(confirm),
                               dec(confirm["profit"], "profit") if confirm.get("profit") is not None else None)

        def done() -> CloseResult | None:
            now = (self._http.position(deal_id) or {}).get("position")
            left = Decimal(0) if now is None else dec(now["size"], "size")
            return CloseResult(request.action_id, before - left, None, None) if left <= before - size else None

        return send_once(send, done, policy=self._http.policy, sleep=self._sleep, what=f"ig close {deal_id}")

    def cancel(self, ref: OrderRef, *, action_id: str) -> OrderResult:
        cid = ref.client_order_id
        current = self.get_order(cid)
        if current is None:
            raise BrokerError(f"no working order {cid} at IG")
        if current.status in (OrderStatus.CLOSED, OrderStatus.CANCELLED):
            return OrderResult(current.broker_order_id, cid, OrderStatus.CANCELLED, None, duplicate=True)
        if current.status != OrderStatus.PENDING:
            raise BrokerError(f"order {cid} is {current.status}: only a working order can be cancelled")
        deal_id = current.broker_order_id

        def send() -> OrderResult:
            self._raise_if_rejected(self._http.delete_working_order(deal_id))
            return OrderResult(deal_id, cid, OrderStatus.CANCELLED, None)

        def done() -> OrderResult | None:
            return None if self._working(deal_id) else OrderResult(deal_id, cid, OrderStatus.CANCELLED, None)

        return send_once(send, done, policy=self._http.policy, sleep=self._sleep, what=f"ig cancel {deal_id}")
