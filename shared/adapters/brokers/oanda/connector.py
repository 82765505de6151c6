"""OANDA v20 connector: orders carry our client id as ``clientExtensions.id`` and the trade they open carries
it as ``tradeClientExtensions.id``, so every later action addresses ``@<client id>`` and every unknown outcome
is settled by reading the order or trade back before anything is sent again."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from decimal import Decimal

from shared.adapters.brokers.oanda.answers import Instrument, closed_trade, instrument_of, placed
from shared.adapters.brokers.oanda.client import Json, OandaHttp
from shared.adapters.brokers.symbols import (
    SymbolMap,
    check_minimum,
    dec,
    round_price,
    round_units,
)
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

logger = logging.getLogger(__name__)
TAG = "pipster"
class OandaConnector(AbstractBrokerConnector):
    """One OANDA account (``credentials.accountId``) reached with its personal access token."""

    def __init__(self, http: OandaHttp, symbols: SymbolMap, *, instrument_ttl: float = 86_400.0,
                 sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._http = http
        self._symbols = symbols
        self._ttl = instrument_ttl
        self._sleep = sleep
        self._monotonic = monotonic
        self._instruments: dict[str, Instrument] = {}
        self._loaded_at: float | None = None
        self._lock = threading.Lock()

    # Reads ---------------------------------------------------------------------------------------------
    def instrument(self, symbol: str) -> Instrument:
        """The venue's precision and minimum for a symbol, from one instruments read per connection per day."""
        name = self._symbols.instrument(symbol)
        with self._lock:
            now = self._monotonic()
            if self._loaded_at is None or now - self._loaded_at >= self._ttl:
                raw = self._http.instruments().get("instruments", [])
                self._instruments = {i.name: i for i in map(instrument_of, raw)}
                self._loaded_at = now
            found = self._instruments.get(name)
        if found is None:
            raise UnknownSymbolError(symbol)
        return found

    def instrument_spec(self, symbol: str) -> InstrumentSpec:
        spec = self.instrument(symbol)
        return InstrumentSpec(minimum=spec.minimum_size, step=Decimal(1).scaleb(-spec.units_precision))

    def get_quote(self, symbol: str, *, reference: Decimal | None = None) -> Quote | None:
        spec = self.instrument(symbol)
        prices = self._http.pricing(spec.name).get("prices", [])
        if not prices or not prices[0].get("bids") or not prices[0].get("asks"):
            return None
        price = prices[0]
        return Quote(dec(price["bids"][0]["price"], "bid"), dec(price["asks"][0]["price"], "ask"), spec.pip)

    def get_account_summary(self) -> AccountSummary:
        account = self._http.summary().get("account", {})
        return AccountSummary(equity=dec(account.get("NAV", "0"), "NAV"),
                              open_exposure=abs(dec(account.get("positionValue", "0"), "positionValue")),
                              balance=dec(account.get("balance", "0"), "balance"), currency=account.get("currency"))

    def get_order(self, client_order_id: str, *, symbol: str | None = None) -> OrderResult | None:
        found = self._http.order("@" + client_order_id)
        if found is None:
            return None
        order = found.get("order", {})
        state = order.get("state")
        if state == "FILLED":
            trade = (self._http.trade("@" + client_order_id) or {}).get("trade", {})
            closed = trade.get("state") == "CLOSED"
            return OrderResult(str(order["id"]), client_order_id,
                               OrderStatus.CLOSED if closed else OrderStatus.FILLED,
                               dec(trade["price"], "price") if "price" in trade else None, duplicate=True,
                               broker_trade_id=trade.get("id") or order.get("tradeOpenedID"),
                               units=abs(dec(trade.get("currentUnits", "0"), "currentUnits")))
        status = {"PENDING": OrderStatus.PENDING, "TRIGGERED": OrderStatus.PENDING,
                  "CANCELLED": OrderStatus.CANCELLED}.get(str(state), OrderStatus.REJECTED)
        units = abs(dec(order["units"], "units")) if "units" in order else None
        return OrderResult(str(order["id"]), client_order_id, status, None, duplicate=True, units=units)

    # Orders --------------------------------------------------------------------------------------------
    def place_order(self, order: OrderRequest) -> OrderResult:
        existing = self.get_order(order.client_order_id)
        if existing is not None:
            return self._settled(existing)
        body = self._order_body(order)

        def send() -> OrderResult:
            try:
                return placed(order.client_order_id, self._http.create_order(body))
            except BrokerError as exc:
                if exc.reason != "CLIENT_ORDER_ID_ALREADY_EXISTS":
                    raise
                # Raced with another delivery of the same command: theirs is the order.
                raced = self.get_order(order.client_order_id)
                if raced is None:
                    raise
                return raced

        result = send_once(send, lambda: self._recovered(order.client_order_id), policy=self._http.policy,
                           sleep=self._sleep, what=f"oanda order {order.client_order_id}")
        return self._settled(result)

    def _recovered(self, client_order_id: str) -> OrderResult | None:
        found = self.get_order(client_order_id)
        return None if found is None else fresh(found)

    def _settled(self, result: OrderResult) -> OrderResult:
        """A cancelled entry (OANDA cancels an unfillable market order at once) is a refusal with its reason."""
        if result.status in (OrderStatus.CANCELLED, OrderStatus.REJECTED):
            order = (self._http.order("@" + result.client_order_id) or {}).get("order", {})
            reason = "order cancelled by OANDA"
            if order.get("cancellingTransactionID"):
                tx = (self._http.transaction(str(order["cancellingTransactionID"])) or {}).get("transaction", {})
                reason = str(tx.get("reason") or reason)
            raise BrokerError(reason)
        return result

    def _order_body(self, order: OrderRequest) -> Json:
        if order.side not in ("Buy", "Sell") or order.order_type not in ("Market", "Limit", "Stop"):
            raise BrokerError(f"unsupported order {order.side} {order.order_type}", code="invalid_request")
        spec = self.instrument(order.symbol)
        units = round_units(order.units, Decimal(1).scaleb(-spec.units_precision))
        check_minimum(units, spec.minimum_size, spec.name)
        signed = units if order.side == "Buy" else -units
        ids = {"id": order.client_order_id, "tag": TAG}
        body: Json = {"type": order.order_type.upper(), "instrument": spec.name, "units": str(signed),
                      "positionFill": "DEFAULT", "clientExtensions": ids, "tradeClientExtensions": ids}
        if order.order_type == "Market":
            body["timeInForce"] = "FOK"
        else:
            if order.price is None:
                raise BrokerError(f"a {order.order_type} order needs a price", code="invalid_request")
            body["price"] = str(round_price(order.price, spec.display_precision))
            body["timeInForce"] = "GTD" if order.expires_at else "GTC"
            if order.expires_at:
                body["gtdTime"] = order.expires_at.isoformat()
        if order.stop_loss is not None:
            body["stopLossOnFill"] = {"price": str(round_price(order.stop_loss, spec.display_precision))}
        if order.take_profits:
            # One take profit per OANDA trade: the executor places one leg per target.
            body["takeProfitOnFill"] = {"price": str(round_price(order.take_profits[0], spec.display_precision))}
        return body

    def modify_order(self, request: ModifyRequest) -> OrderResult:
        ref = request.ref
        current = self.get_order(ref.client_order_id)
        if current is None:
            raise BrokerError(f"no order {ref.client_order_id} at OANDA", code="broker_refused")
        spec = self.instrument(ref.symbol)
        if current.status == OrderStatus.FILLED:
            return self._modify_trade(request, spec)
        if current.status != OrderStatus.PENDING:
            raise BrokerError(f"order {ref.client_order_id} is {current.status}: nothing to modify")
        return self._replace_pending(request, spec)

    def _modify_trade(self, request: ModifyRequest, spec: Instrument) -> OrderResult:
        cid = request.ref.client_order_id
        body: Json = {}
        if request.stop_loss is not None:
            body["stopLoss"] = {"price": str(round_price(request.stop_loss, spec.display_precision)),
                                "timeInForce": "GTC"}
        if request.take_profit is not None:
            body["takeProfit"] = {"price": str(round_price(request.take_profit, spec.display_precision)),
                                  "timeInForce": "GTC"}
        if not body:
            raise BrokerError("nothing to modify on an open trade (entry is fixed once filled)", code="invalid_request")

        def applied() -> OrderResult | None:
            trade = (self._http.trade("@" + cid) or {}).get("trade", {})
            for key, field in (("stopLoss", "stopLossOrder"), ("takeProfit", "takeProfitOrder")):
                if key in body and dec((trade.get(field) or {}).get("price", "0"), "price") != dec(
                        body[key]["price"], "price"):
                    return None
            return self.get_order(cid)

        def send() -> OrderResult:
            self._http.set_trade_orders("@" + cid, body)
            found = self.get_order(cid)
            assert found is not None  # the trade answered the PUT a moment ago
            return fresh(found)

        return send_once(send, applied, policy=self._http.policy, sleep=self._sleep, what=f"oanda modify {cid}")

    def _replace_pending(self, request: ModifyRequest, spec: Instrument) -> OrderResult:
        """A pending order's entry, stop or target changes by replacement; the replacement keeps our client id."""
        cid = request.ref.client_order_id
        order = (self._http.order("@" + cid) or {}).get("order", {})
        body: Json = {key: order[key] for key in ("type", "instrument", "units", "timeInForce", "positionFill",
                                                 "price", "gtdTime", "stopLossOnFill", "takeProfitOnFill",
                                                 "clientExtensions", "tradeClientExtensions") if key in order}
        if request.entry is not None:
            body["price"] = str(round_price(request.entry, spec.display_precision))
        if request.stop_loss is not None:
            body["stopLossOnFill"] = {"price": str(round_price(request.stop_loss, spec.display_precision))}
        if request.take_profit is not None:
            body["takeProfitOnFill"] = {"price": str(round_price(request.take_profit, spec.display_precision))}
        old_id = str(order.get("id"))

        def replaced() -> OrderResult | None:
            found = self.get_order(cid)
            return None if found is None or found.broker_order_id == old_id else fresh(found)

        def send() -> OrderResult:
            self._http.replace_order(old_id, body)
            found = self.get_order(cid)
            assert found is not None
            return fresh(found)

        return send_once(send, replaced, policy=self._http.policy, sleep=self._sleep, what=f"oanda replace {cid}")

    def close(self, request: CloseRequest) -> CloseResult:
        """Closes the leg's trade (all, or ``units`` of it). A trade already closed answers as a duplicate.
        OANDA's close carries no client id: what is sent is what the trade holds beyond what this close is to
        leave (``CloseRequest.to_send``), so a close an earlier delivery made (answer lost) is not made twice.
        A lost answer is settled by re-reading the trade: closed, or down to what the close leaves, means done."""
        cid = request.ref.client_order_id
        trade = (self._http.trade("@" + cid) or {}).get("trade")
        if trade is None:
            raise BrokerError(f"no trade for {cid} at OANDA", code="broker_refused")
        if trade.get("state") == "CLOSED":
            return closed_trade(request.action_id, trade, duplicate=True)
        before = abs(dec(trade["currentUnits"], "currentUnits"))
        spec = self.instrument(request.ref.symbol)
        sending = round_units(request.to_send(before), Decimal(1).scaleb(-spec.units_precision))
        if sending <= 0:
            return CloseResult(request.action_id, request.asked or Decimal(0), None, None, duplicate=True)
        units = "ALL" if sending >= before else str(sending)

        def send() -> CloseResult:
            answer = self._http.close_trade("@" + cid, units)
            fill = answer.get("orderFillTransaction") or {}
            closed = fill.get("tradesClosed") or []
            reduced = fill.get("tradeReduced")
            moved = sum((abs(dec(t["units"], "units")) for t in [*closed, *([reduced] if reduced else [])]),
                        Decimal(0))
            return CloseResult(request.action_id, moved, dec(fill["price"], "price") if "price" in fill else None,
                               dec(fill["pl"], "pl") if "pl" in fill else None)

        def done() -> CloseResult | None:
            now = (self._http.trade("@" + cid) or {}).get("trade", {})
            if now.get("state") == "CLOSED":
                return closed_trade(request.action_id, now, duplicate=False)
            left = abs(dec(now.get("currentUnits", before), "currentUnits"))
            return CloseResult(request.action_id, before - left, None, None) if left <= before - sending else None

        return send_once(send, done, policy=self._http.policy, sleep=self._sleep, what=f"oanda close {cid}")

    def cancel(self, ref: OrderRef, *, action_id: str) -> OrderResult:
        cid = ref.client_order_id
        current = self.get_order(cid)
        if current is None:
            raise BrokerError(f"no order {cid} at OANDA", code="broker_refused")
        if current.status == OrderStatus.CANCELLED:
            return current
        if current.status != OrderStatus.PENDING:
            raise BrokerError(f"order {cid} is {current.status}: only a pending order can be cancelled")

        def send() -> OrderResult:
            self._http.cancel_order("@" + cid)
            return OrderResult(current.broker_order_id, cid, OrderStatus.CANCELLED, None)

        def done() -> OrderResult | None:
            found = self.get_order(cid)
            return fresh(found) if found is not None and found.status == OrderStatus.CANCELLED else None

        return send_once(send, done, policy=self._http.policy, sleep=self._sleep, what=f"oanda cancel {cid}")

    def close_session(self) -> None:
        self._http.close()
