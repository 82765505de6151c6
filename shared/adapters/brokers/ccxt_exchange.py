"""Crypto exchanges (Binance, Bybit, OKX) through CCXT: CCXT signs, rounds to the market's precision and
paces requests; this connector adds our client ids and the exactly-once rule on top.

* ``metadata.exchange``: binance | bybit | okx; ``metadata.market``: spot (default) or linear (USDT-margined
  perpetuals); ``metadata.accountCurrency``: the balance that counts as equity (default USDT).
* Every order carries a 32-character alphanumeric client id derived from ours (the shortest limit of the
  three venues: OKX's clOrdId). Protective orders (linear only: reduce-only stop-market / take-profit-market)
  and closes get their own ids, derived from the entry's id and the action's, so each is placed once. A
  stop or target placed by a later action (a moved stop) starts with the entry's own prefix and a letter for
  its kind (``protective_id``): the exchange lists a market's open conditional orders, and the prefix picks
  out the leg's, so a move withdraws the order it replaces and a whole close withdraws them all (a stop
  left behind would close the next position on the market).
* Spot entries with a stop or target are refused: a spot stop here would need the exchange's OCO orders,
  which this connector does not place; trading them unprotected is not an option.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import ccxt

from shared.adapters.brokers.ccxt_answers import STATUS, close_result, order_result, retry_after_of, venue_reason
from shared.adapters.brokers.config import credential
from shared.adapters.brokers.symbols import SymbolMap, check_minimum, dec, venue_client_id
from shared.adapters.brokers.venue_http import OutcomeUnknownError, RetryPolicy, send_once
from shared.domain.sizing import AccountSummary, Quote
from shared.ports.brokers import (
    AbstractBrokerConnector,
    BrokerError,
    BrokerUnavailableError,
    CloseRequest,
    CloseResult,
    CredentialsRejectedError,
    InstrumentSpec,
    ModifyRequest,
    OrderRef,
    OrderRequest,
    OrderResult,
    OrderStatus,
)

logger = logging.getLogger(__name__)
EXCHANGES = ("binance", "bybit", "okx")
CLIENT_ID_LENGTH = 32
LEG_PREFIX = 15  # "pip" + 12 hex digits of the entry's id: 48 bits name the leg among a market's open orders
_KIND_LETTER = {"sl": "s", "tp": "t"}


def exchange_id(client_order_id: str, role: str = "") -> str:
    """The venue client id: the entry's own, or for a role (a protective order, a close) one derived from it."""
    if not role:
        return venue_client_id(client_order_id, CLIENT_ID_LENGTH)
    return venue_client_id("pip-" + hashlib.sha256(f"{client_order_id}|{role}".encode()).hexdigest(), CLIENT_ID_LENGTH)


def protective_id(client_order_id: str, kind: str, action_id: str) -> str:
    """A stop (``kind`` sl) or target (tp) placed by a later action: the entry's prefix, the kind's letter, then
    16 hex digits of the action's hash (each action places its order once)."""
    digest = hashlib.sha256(f"{client_order_id}|{kind}:{action_id}".encode()).hexdigest()
    return exchange_id(client_order_id)[:LEG_PREFIX] + _KIND_LETTER[kind] + digest[:CLIENT_ID_LENGTH - LEG_PREFIX - 1]


class CcxtConnector(AbstractBrokerConnector):
    def __init__(self, exchange: Any, metadata: dict[str, Any], *, policy: RetryPolicy,
                 sleep: Callable[[float], None] = time.sleep, instrument_ttl: float = 86_400.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._exchange = exchange
        self._linear = metadata.get("market", "spot") == "linear"
        if metadata.get("market", "spot") not in ("spot", "linear"):
            raise BrokerError("metadata.market must be spot or linear", code="invalid_configuration")
        self._currency = str(metadata.get("accountCurrency", "USDT"))
        self._policy = policy
        self._sleep = sleep
        self._ttl = instrument_ttl
        self._monotonic = monotonic
        self._loaded_at: float | None = None
        self._lock = threading.Lock()
        self._symbols = SymbolMap(metadata, self._market_symbol)

    # Plumbing ------------------------------------------------------------------------------------------
    def _call(self, what: str, method: Callable[..., Any], *args: Any, mutating: bool = False) -> Any:
        """One ccxt call with the shared rules: rate limits waited out (bounded), network trouble on a
        mutating call is an unknown outcome, credentials and refusals become our errors."""
        for attempt in range(self._policy.attempts):
            try:
                return method(*args)
            except (ccxt.RateLimitExceeded, ccxt.DDoSProtection):
                wait = retry_after_of(self._exchange)
            except (ccxt.AuthenticationError, ccxt.PermissionDenied, ccxt.AccountSuspended) as exc:
                raise CredentialsRejectedError(venue_reason(exc, self._exchange.id)) from exc
            except ccxt.OrderNotFound:
                raise
            except ccxt.OperationFailed as exc:  # network trouble, 5xx, timeouts: nothing says it did not execute
                if mutating:
                    raise OutcomeUnknownError(f"{self._exchange.id} {what}: {type(exc).__name__}") from exc
                wait = None
            except ccxt.ExchangeError as exc:
                raise BrokerError(venue_reason(exc, self._exchange.id)) from exc
            if attempt + 1 >= self._policy.attempts:
                break
            self._sleep(self._policy.delay(attempt, wait))
        raise BrokerUnavailableError(f"{self._exchange.id} {what}: gave up after {self._policy.attempts} attempts")

    def _markets(self) -> None:
        with self._lock:
            now = self._monotonic()
            if self._loaded_at is None or now - self._loaded_at >= self._ttl:
                self._call("load markets", self._exchange.load_markets, self._loaded_at is not None)
                self._loaded_at = now

    def _market_symbol(self, symbol: str) -> str | None:
        """The exchange's own market id (``BTCUSDT``) names the market: read from its market list, not guessed."""
        self._markets()
        for market in self._exchange.markets_by_id.get(symbol, []):
            if (market.get("linear") and market.get("swap")) if self._linear else market.get("spot"):
                return str(market["symbol"])
        return None

    def _symbol(self, symbol: str) -> str:
        self._markets()
        unified = self._symbols.instrument(symbol)
        if unified not in self._exchange.markets:
            raise BrokerError(f"{unified} is not a market at {self._exchange.id}", code="unknown_symbol")
        return unified

    def _fetch(self, unified: str, venue_id: str, *, trigger: bool = False) -> dict[str, Any] | None:
        params: dict[str, Any] = {"clientOrderId": venue_id}
        if trigger:
            params["trigger"] = True
        try:
            found = self._call("fetch order", self._exchange.fetch_order, "", unified, params)
        except ccxt.OrderNotFound:
            return None
        return dict(found) if found else None

    # Reads ---------------------------------------------------------------------------------------------
    def instrument_spec(self, symbol: str) -> InstrumentSpec:
        """From the market list CCXT loaded (its amount precision is a step size for these three exchanges:
        ``precisionMode`` TICK_SIZE)."""
        unified = self._symbol(symbol)  # loads the markets first
        market = self._exchange.markets[unified]
        step = (market.get("precision") or {}).get("amount")
        if self._exchange.precisionMode != ccxt.TICK_SIZE and step is not None:
            step = Decimal(1).scaleb(-int(step))
        minimum = (market.get("limits", {}).get("amount") or {}).get("min")
        return InstrumentSpec(minimum=dec(minimum or 0, "minimum"), step=dec(step or 1, "amount precision"),
                              contract_size=dec(market.get("contractSize") or 1, "contractSize"))

    def get_quote(self, symbol: str, *, reference: Decimal | None = None) -> Quote | None:
        ticker = self._call("ticker", self._exchange.fetch_ticker, self._symbol(symbol))
        if not ticker.get("bid") or not ticker.get("ask"):
            return None
        return Quote(dec(ticker["bid"], "bid"), dec(ticker["ask"], "ask"))

    def get_account_summary(self) -> AccountSummary:
        self._markets()
        balance = self._call("balance", self._exchange.fetch_balance)
        total = dec((balance.get("total") or {}).get(self._currency) or 0, "total")
        exposure = Decimal(0)
        if self._linear:
            for position in self._call("positions", self._exchange.fetch_positions) or []:
                exposure += abs(dec(position.get("notional") or 0, "notional"))
        return AccountSummary(equity=total, open_exposure=exposure, balance=total, currency=self._currency)

    def get_order(self, client_order_id: str, *, symbol: str | None = None) -> OrderResult | None:
        """Exchanges look orders up per market: the symbol is required here (the executor passes its signal's)."""
        if symbol is None:
            raise BrokerError("a crypto exchange looks an order up by client id within its market: give the symbol",
                              code="invalid_request")
        found = self._fetch(self._symbol(symbol), exchange_id(client_order_id))
        return None if found is None else order_result(client_order_id, found, duplicate=True)

    # Orders --------------------------------------------------------------------------------------------
    def place_order(self, order: OrderRequest) -> OrderResult:
        if order.side not in ("Buy", "Sell") or order.order_type not in ("Market", "Limit"):
            raise BrokerError(f"unsupported order {order.side} {order.order_type} at a crypto exchange",
                              code="invalid_request")
        if not self._linear and (order.stop_loss is not None or order.take_profits):
            raise BrokerError("spot orders with a stop or target are not placed (no OCO support): use "
                              "metadata.market=linear or a signal without them", code="unsupported_order")
        unified = self._symbol(order.symbol)
        venue_id = exchange_id(order.client_order_id)
        existing = self._fetch(unified, venue_id)
        if existing is not None:
            result = order_result(order.client_order_id, existing, duplicate=True)
        else:
            amount = dec(self._exchange.amount_to_precision(unified, order.units), "amount")
            minimum = (self._exchange.markets[unified].get("limits", {}).get("amount") or {}).get("min")
            check_minimum(amount, dec(minimum or 0, "minimum"), unified)
            price = None
            if order.order_type == "Limit":
                if order.price is None:
                    raise BrokerError("a Limit order needs a price", code="invalid_request")
                price = float(self._exchange.price_to_precision(unified, order.price))
            args = (unified, order.order_type.lower(), order.side.lower(), float(amount), price,
                    {"clientOrderId": venue_id})

            def send() -> OrderResult:
                placed = self._call("create order", self._exchange.create_order, *args, mutating=True)
                return order_result(order.client_order_id, placed, duplicate=False)

            def lookup() -> OrderResult | None:
                found = self._fetch(unified, venue_id)
                return None if found is None else order_result(order.client_order_id, found, duplicate=False)

            result = send_once(send, lookup, policy=self._policy, sleep=self._sleep,
                               what=f"{self._exchange.id} order {venue_id}")
        if result.status == OrderStatus.FILLED and self._linear:
            self._protect(order, unified, result)
        return result

    def _protect(self, order: OrderRequest, unified: str, entry: OrderResult) -> None:
        """Reduce-only stop-market and take-profit-market orders for a filled linear entry, each placed once."""
        exit_side = "sell" if order.side == "Buy" else "buy"
        amount = float(entry.units or order.units)
        for kind, price in (("sl", order.stop_loss), ("tp", order.take_profits[0] if order.take_profits else None)):
            if price is not None:
                self._conditional(exchange_id(order.client_order_id, kind), kind, unified, exit_side, amount, price)

    def _conditional(self, venue_id: str, kind: str, unified: str, side: str, amount: float, price: Decimal) -> None:
        key = "stopLossPrice" if kind == "sl" else "takeProfitPrice"
        trigger = float(self._exchange.price_to_precision(unified, price))
        params = {key: trigger, "reduceOnly": True, "clientOrderId": venue_id}

        def send() -> dict[str, Any]:
            return dict(self._call("protective order", self._exchange.create_order, unified, "market", side, amount,
                                   None, params, mutating=True))

        if self._fetch(unified, venue_id, trigger=True) is None:
            send_once(send, lambda: self._fetch(unified, venue_id, trigger=True), policy=self._policy,
                      sleep=self._sleep, what=f"{self._exchange.id} {kind} {venue_id}")

    def _protection(self, unified: str, entry_id: str, kinds: tuple[str, ...] = ("sl", "tp")) -> list[dict[str, Any]]:
        """The leg's open stop and target orders: the ones placed with the entry (their ids derived from it) and
        the ones later actions placed (the entry's prefix and the kind's letter)."""
        prefix = exchange_id(entry_id)[:LEG_PREFIX]
        found = []
        for order in self._call("open conditional orders", self._exchange.fetch_open_orders, unified, None, None,
                                {"trigger": True}) or []:
            venue_id = str(order.get("clientOrderId") or "")
            # Our ids alone say whose and which kind (CCXT reports a stop-market order as type "market").
            if any(venue_id == exchange_id(entry_id, kind) or (
                    venue_id.startswith(prefix + _KIND_LETTER[kind]) and len(venue_id) == CLIENT_ID_LENGTH)
                   for kind in kinds):
                found.append(dict(order))
        return found

    def _withdraw(self, unified: str, orders: list[dict[str, Any]]) -> None:
        for order in orders:
            try:
                self._call("cancel conditional order", self._exchange.cancel_order, "", unified,
                           {"clientOrderId": order["clientOrderId"], "trigger": True})
            except ccxt.OrderNotFound:  # triggered or cancelled meanwhile: nothing left to withdraw
                continue

    def modify_order(self, request: ModifyRequest) -> OrderResult:
        """A linear position's stop or target moves by placing the new protective order (its id derived from the
        action) and cancelling the ones it replaces. A resting entry's price does not move here, and a spot
        holding has no stop to move (refused: ``unsupported_order``)."""
        ref = request.ref
        if request.entry is not None or not self._linear:
            raise BrokerError("only a linear position's stop and target can move at a crypto exchange",
                              code="unsupported_order")
        unified = self._symbol(ref.symbol)
        entry = self._fetch(unified, exchange_id(ref.client_order_id))
        if entry is None or STATUS.get(str(entry.get("status"))) != OrderStatus.FILLED:
            raise BrokerError(f"no filled entry {ref.client_order_id} at {self._exchange.id}")
        side = "sell" if ref.side == "Buy" else "buy"
        for kind, price in (("sl", request.stop_loss), ("tp", request.take_profit)):
            if price is None:
                continue
            placed = protective_id(ref.client_order_id, kind, request.action_id)
            self._conditional(placed, kind, unified, side, float(entry.get("filled") or entry.get("amount") or 0),
                              price)
            # The new order first, then the ones it replaces: the position is never without its stop.
            self._withdraw(unified, [o for o in self._protection(unified, ref.client_order_id, (kind,))
                                     if o.get("clientOrderId") != placed])
        return order_result(ref.client_order_id, entry, duplicate=False)

    def close(self, request: CloseRequest) -> CloseResult:
        ref = request.ref
        unified = self._symbol(ref.symbol)
        entry = self._fetch(unified, exchange_id(ref.client_order_id))
        if entry is None:
            raise BrokerError(f"no order {ref.client_order_id} at {self._exchange.id}")
        held = dec(entry.get("filled") or 0, "filled")
        # A linear position is the market's, shared by every leg on it: the leg's own open units are ours to
        # say (a whole close after a partial one sends what is left, not the entry's size).
        wanted = request.units if request.units is not None else request.open_units
        units = held if wanted is None else min(held, wanted)
        venue_id = exchange_id(ref.client_order_id, f"close:{request.action_id}")
        found = self._fetch(unified, venue_id)
        if found is not None:
            self._after_close(request, unified)
            return close_result(request.action_id, found, duplicate=True)
        params: dict[str, Any] = {"clientOrderId": venue_id}
        if self._linear:
            params["reduceOnly"] = True
        args = (unified, "market", "sell" if ref.side == "Buy" else "buy",
                float(self._exchange.amount_to_precision(unified, units)), None, params)

        def send() -> CloseResult:
            placed = self._call("close", self._exchange.create_order, *args, mutating=True)
            return close_result(request.action_id, placed, duplicate=False)

        def lookup() -> CloseResult | None:
            again = self._fetch(unified, venue_id)
            return None if again is None else close_result(request.action_id, again, duplicate=False)

        result = send_once(send, lookup, policy=self._policy, sleep=self._sleep, what=f"{self._exchange.id} close")
        self._after_close(request, unified)
        return result

    def _after_close(self, request: CloseRequest, unified: str) -> None:
        """A whole close withdraws the leg's stop and target (a redelivered one again: they may be left from a
        delivery that closed and then failed)."""
        if self._linear and request.units is None:
            self._withdraw(unified, self._protection(unified, request.ref.client_order_id))

    def cancel(self, ref: OrderRef, *, action_id: str) -> OrderResult:
        unified = self._symbol(ref.symbol)
        venue_id = exchange_id(ref.client_order_id)
        current = self._fetch(unified, venue_id)
        if current is None:
            raise BrokerError(f"no order {ref.client_order_id} at {self._exchange.id}")
        status = STATUS.get(str(current.get("status")), OrderStatus.REJECTED)
        if status == OrderStatus.CANCELLED:
            return order_result(ref.client_order_id, current, duplicate=True)
        if status != OrderStatus.PENDING:
            raise BrokerError(f"order {ref.client_order_id} is {status}: only a resting order can be cancelled")

        def send() -> OrderResult:
            self._call("cancel", self._exchange.cancel_order, "", unified, {"clientOrderId": venue_id}, mutating=True)
            return OrderResult(str(current.get("id")), ref.client_order_id, OrderStatus.CANCELLED, None)

        def lookup() -> OrderResult | None:
            again = self._fetch(unified, venue_id)
            return order_result(ref.client_order_id, again, duplicate=False) if again and again.get(
                "status") == "canceled" else None

        return send_once(send, lookup, policy=self._policy, sleep=self._sleep, what=f"{self._exchange.id} cancel")


def build_ccxt(metadata: dict[str, Any], credentials: dict[str, Any], *, live: bool, practice_mode: str,
               url_override: str, policy: RetryPolicy, sleep: Callable[[float], None],
               instrument_ttl: float = 86_400.0) -> CcxtConnector:
    """``credentials``: ``apiKey``, ``secret`` and, for OKX, ``password`` (the API passphrase)."""
    name = metadata.get("exchange")
    if name not in EXCHANGES:
        raise BrokerError(f"metadata.exchange must be one of {', '.join(EXCHANGES)}", code="invalid_configuration")
    config: dict[str, Any] = {"apiKey": credential(credentials, "apiKey"), "secret": credential(credentials, "secret"),
                              "enableRateLimit": True, "timeout": int(policy.timeout * 1000),
                              "options": {"defaultType": "swap" if metadata.get("market") == "linear" else "spot"}}
    if name == "okx":
        config["password"] = credential(credentials, "password")
    if name == "binance":  # only the markets the connection trades: one exchangeInfo read, not three
        config["options"]["fetchMarkets"] = {"types": ["linear" if metadata.get("market") == "linear" else "spot"]}
        config["options"]["fetchCurrencies"] = False
    exchange = getattr(ccxt, str(name))(config)
    if not live:
        if practice_mode == "demo":
            exchange.enable_demo_trading(True)
        else:
            exchange.set_sandbox_mode(True)
    if url_override:
        exchange.urls["api"] = _rehost(exchange.urls["api"], url_override)
    return CcxtConnector(exchange, metadata, policy=policy, sleep=sleep, instrument_ttl=instrument_ttl)


def _rehost(urls: Any, origin: str) -> Any:
    """Every endpoint URL with its scheme and host replaced by ``origin`` (paths kept)."""
    if isinstance(urls, dict):
        return {key: _rehost(value, origin) for key, value in urls.items()}
    if isinstance(urls, str) and urls.startswith("http"):
        parts = urlsplit(urls)
        return origin.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")
    return urls
