"""The built-in paper broker: a simulated account per broker connection, kept in SQL tables of its own.

Market orders fill at once at the quote (ask to buy, bid to sell); limit and stop orders rest as
Pending until ``set_quote`` moves the market to them. Quotes are those set with ``set_quote``, else the
caller's reference price (the signal's entry). Each filled order is a position (its broker trade id is
the order id) that ``set_quote`` closes at its stop or target, and ``close`` closes in whole or part at
the quote; every close books its P&L into the balance (the paper account keeps the instrument's quote
currency as its own). Orders are unique per (connection, client order id) and every later action per
(connection, action id), so a redelivered command never acts twice.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from shared.adapters.brokers.paper_market import (
    MarketEvent,
    MarketEventKind,
    closing_price,
    entry_touched,
    exit_touched,
)
from shared.adapters.brokers.paper_records import (
    DEFAULT_CURRENCY,
    account_summary,
    market_event,
    opening_balance,
    quote_in,
    result_from_json,
    result_json,
    target,
)
from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.schema import paper_accounts, paper_actions, paper_orders, paper_quotes
from shared.clock import Clock
from shared.domain.broker import BrokerConnection
from shared.domain.ids import new_id
from shared.domain.messages import UNITS_PLACES
from shared.domain.sizing import AccountSummary, Quote
from shared.domain.trade import CloseReason, realized_pnl
from shared.ports.brokers import (
    AbstractBrokerConnector,
    AbstractMarketSimulator,
    BrokerError,
    CloseRequest,
    CloseResult,
    ModifyRequest,
    OrderRef,
    OrderRequest,
    OrderResult,
    OrderStatus,
)

logger = logging.getLogger(__name__)
_o, _a, _q = paper_orders.c, paper_accounts.c, paper_quotes.c
_PENDING, _FILLED = OrderStatus.PENDING.value, OrderStatus.FILLED.value
_Act = Callable[[sa.Connection, dict[str, Any]], dict[str, Any]]  # an action on one locked order row


class PaperBroker(AbstractBrokerConnector, AbstractMarketSimulator):
    """One paper account (one BrokerConnection of type PAPER)."""

    def __init__(self, database: SqlDatabase, connection: BrokerConnection, clock: Clock) -> None:
        self._db = database
        self._connection = connection
        self._clock = clock
        self._opening = opening_balance(connection.metadata)

    @property
    def _key(self) -> dict[str, str]:
        return {"BrokerConnectionId": self._connection.id}

    # --- the market ------------------------------------------------------------------------------------------

    def set_quote(self, symbol: str, bid: Decimal, ask: Decimal) -> list[MarketEvent]:
        """Move the market: fill the resting entries the quote touches, close the positions whose stop or
        target it touches, cancel expired entries. Returns what happened, in order, for the caller to record."""
        if not bid.is_finite() or not ask.is_finite() or bid <= 0 or ask < bid:
            raise BrokerError("quote must have 0 < bid <= ask")
        now = self._clock.now()

        def work(uow: Any) -> list[MarketEvent]:
            conn: sa.Connection = uow.connection
            mine = (_q.BrokerConnectionId == self._connection.id) & (_q.Symbol == symbol)
            conn.execute(paper_quotes.delete().where(mine))
            conn.execute(paper_quotes.insert().values(**self._key, Symbol=symbol, Bid=bid, Ask=ask, UpdatedAt=now))
            live = conn.execute(sa.select(paper_orders).where(
                _o.BrokerConnectionId == self._connection.id, _o.Symbol == symbol,
                _o.Status.in_((_PENDING, _FILLED))).order_by(_o.CreatedAt, _o.Id).with_for_update()).all()
            events: list[MarketEvent] = []
            for row in live:
                order = dict(row._mapping)
                if order["Status"] == _PENDING:
                    events.extend(self._move_entry(conn, order, bid, ask, now))
                if order["Status"] == _FILLED:
                    hit = exit_touched(order["Side"], order["StopLoss"], target(order), bid, ask)
                    if hit is not None:
                        events.append(self._book_close(conn, order, hit[1], None, hit[0], now))
            return events

        events = self._db.transact(work, what="paper quote")
        for event in events:
            logger.info("paper %s: %s %s at %s", event.kind.value, event.broker_order_id, event.units, event.price)
        return events

    def _move_entry(self, conn: sa.Connection, order: dict[str, Any], bid: Decimal, ask: Decimal,
                    now: datetime) -> list[MarketEvent]:
        expires = order["ExpiresAt"]
        if expires is not None and expires <= now:
            conn.execute(paper_orders.update().where(_o.Id == order["Id"]).values(Status=OrderStatus.CANCELLED.value))
            order["Status"] = OrderStatus.CANCELLED.value
            return [market_event(MarketEventKind.EXPIRED, order, Decimal(order["Units"]), None, None, now)]
        if not entry_touched(order["Side"], order["OrderType"], order["Price"], bid, ask):
            return []
        conn.execute(paper_orders.update().where(_o.Id == order["Id"])
                     .values(Status=_FILLED, FillPrice=order["Price"], FilledAt=now))
        order.update(Status=_FILLED, FillPrice=order["Price"], FilledAt=now)
        return [market_event(MarketEventKind.FILLED, order, Decimal(order["Units"]), order["Price"], None, now)]

    def _book_close(self, conn: sa.Connection, order: dict[str, Any], price: Decimal, units: Decimal | None,
                    reason: CloseReason, now: datetime) -> MarketEvent:
        """Close ``units`` (None: all that is open) of a filled order at ``price``; book the P&L."""
        open_units = Decimal(order["Units"]) - order["ClosedUnits"]
        amount = open_units if units is None else units
        pnl = realized_pnl(order["Side"], order["FillPrice"], price, amount)
        closed = order["ClosedUnits"] + amount
        values: dict[str, Any] = {"ClosedUnits": closed, "RealizedPnl": order["RealizedPnl"] + pnl}
        if closed == Decimal(order["Units"]):
            values.update(Status=OrderStatus.CLOSED.value, ClosePrice=price, ClosedAt=now, CloseReason=reason.value)
        conn.execute(paper_orders.update().where(_o.Id == order["Id"]).values(**values))
        order.update(values)
        self._ensure_account(conn, now)
        conn.execute(paper_accounts.update().where(_a.BrokerConnectionId == self._connection.id)
                     .values(Balance=_a.Balance + pnl.quantize(Decimal("0.01"))))
        kind = {CloseReason.STOP_LOSS: MarketEventKind.STOP_LOSS}.get(reason, MarketEventKind.TAKE_PROFIT)
        return market_event(kind, order, amount, price, pnl, now)

    def get_quote(self, symbol: str, *, reference: Decimal | None = None) -> Quote | None:
        with self._db.engine.connect() as conn:
            row = conn.execute(sa.select(_q.Bid, _q.Ask).where(_q.BrokerConnectionId == self._connection.id,
                                                               _q.Symbol == symbol)).first()
        if row is not None:
            return Quote(row.Bid, row.Ask)
        return None if reference is None else Quote(reference, reference)

    def get_account_summary(self) -> AccountSummary:
        with self._db.engine.connect() as conn:
            return account_summary(conn, self._connection.id, self._opening)

    # --- orders ------------------------------------------------------------------------------------------------

    def place_order(self, order: OrderRequest) -> OrderResult:
        exponent = order.units.normalize().as_tuple().exponent if order.units.is_finite() else None
        if not isinstance(exponent, int) or order.units <= 0 or exponent < -UNITS_PLACES:
            raise BrokerError(f"units must be a positive number with at most {UNITS_PLACES} decimal places at the "
                              f"paper broker")
        if order.side not in ("Buy", "Sell") or order.order_type not in ("Market", "Limit", "Stop"):
            raise BrokerError(f"unsupported order {order.side} {order.order_type}")
        if order.order_type != "Market" and order.price is None:
            raise BrokerError(f"a {order.order_type} order needs a price")
        existing = self._find(order.client_order_id)
        if existing is not None:
            return replace(existing, duplicate=True)
        fill: Decimal | None = None
        if order.order_type == "Market":
            quote = self.get_quote(order.symbol, reference=order.price)
            if quote is None:
                raise BrokerError(f"no quote for {order.symbol}: set one or give the order a price")
            fill = quote.ask if order.side == "Buy" else quote.bid
        now = self._clock.now()
        row: dict[str, Any] = {
            "Id": new_id("pord"), **self._key, "TenantId": self._connection.tenant_id,
            "ClientOrderId": order.client_order_id, "Symbol": order.symbol, "Side": order.side,
            "OrderType": order.order_type, "Units": order.units, "Price": order.price, "StopLoss": order.stop_loss,
            "TakeProfits": json.dumps([str(tp) for tp in order.take_profits]),
            "Status": _FILLED if fill is not None else _PENDING, "FillPrice": fill, "CreatedAt": now,
            "FilledAt": now if fill is not None else None, "ExpiresAt": order.expires_at,
        }

        def work(uow: Any) -> None:
            self._ensure_account(uow.connection, now)
            uow.connection.execute(paper_orders.insert().values(**row))

        try:
            self._db.transact(work, what="paper order")
        except sa.exc.IntegrityError:
            # Two deliveries raced past the lookup: the unique client order id let only one in.
            raced = self._find(order.client_order_id)
            if raced is None:
                raise
            return replace(raced, duplicate=True)
        logger.info("paper order %s placed for connection %s", row["Id"], self._connection.id)
        return OrderResult(str(row["Id"]), order.client_order_id, str(row["Status"]), fill,
                           broker_trade_id=str(row["Id"]) if fill is not None else None, units=order.units)

    def get_order(self, client_order_id: str, *, symbol: str | None = None) -> OrderResult | None:
        return self._find(client_order_id)

    def modify_order(self, request: ModifyRequest) -> OrderResult:
        if request.stop_loss is None and request.take_profit is None and request.entry is None:
            raise BrokerError("nothing to modify: give a stop loss, take profit or entry", code="invalid_request")

        def act(conn: sa.Connection, order: dict[str, Any]) -> dict[str, Any]:
            if order["Status"] not in (_PENDING, _FILLED):
                raise BrokerError(f"order {order['ClientOrderId']} is {order['Status']}", code="invalid_state")
            if request.entry is not None and order["Status"] != _PENDING:
                raise BrokerError("only a pending entry can move", code="invalid_state")
            values: dict[str, Any] = {}
            if request.stop_loss is not None:
                values["StopLoss"] = request.stop_loss
            if request.take_profit is not None:
                values["TakeProfits"] = json.dumps([str(request.take_profit)])
            if request.entry is not None:
                values["Price"] = request.entry
            conn.execute(paper_orders.update().where(_o.Id == order["Id"]).values(**values))
            order.update(values)
            return result_json(order)

        return result_from_json(self._action("modify", request.action_id, request.ref, act))

    def close(self, request: CloseRequest) -> CloseResult:
        if request.units is not None and (not request.units.is_finite() or request.units <= 0):
            raise BrokerError("units to close must be positive", code="invalid_request")

        def act(conn: sa.Connection, order: dict[str, Any]) -> dict[str, Any]:
            if order["Status"] != _FILLED:
                raise BrokerError(f"order {order['ClientOrderId']} is {order['Status']}, not an open position",
                                  code="invalid_state")
            open_units = Decimal(order["Units"]) - order["ClosedUnits"]
            if request.units is not None and request.units > open_units:
                raise BrokerError(f"only {open_units} units are open", code="invalid_request")
            quote = quote_in(conn, self._connection.id, order["Symbol"])
            if quote is None:
                raise BrokerError(f"no quote for {order['Symbol']}: set one before closing", code="no_quote")
            price = closing_price(order["Side"], quote.bid, quote.ask)
            event = self._book_close(conn, order, price, request.units, CloseReason.MANUAL, self._clock.now())
            return {"closedUnits": str(event.units), "price": str(price), "realizedPnl": str(event.realized_pnl)}

        saved = self._action("close", request.action_id, request.ref, act)
        return CloseResult(action_id=request.action_id, closed_units=Decimal(saved["closedUnits"]),
                           price=Decimal(saved["price"]), realized_pnl=Decimal(saved["realizedPnl"]),
                           duplicate=bool(saved.get("duplicate")))

    def cancel(self, ref: OrderRef, *, action_id: str) -> OrderResult:
        def act(conn: sa.Connection, order: dict[str, Any]) -> dict[str, Any]:
            if order["Status"] == _FILLED:
                raise BrokerError("the order is filled: close the position instead", code="invalid_state")
            if order["Status"] == _PENDING:
                conn.execute(paper_orders.update().where(_o.Id == order["Id"])
                             .values(Status=OrderStatus.CANCELLED.value))
                order["Status"] = OrderStatus.CANCELLED.value
            return result_json(order)  # already cancelled (an expiry) or closed: nothing rests any more

        return result_from_json(self._action("cancel", action_id, ref, act))

    def _action(self, kind: str, action_id: str, ref: OrderRef, act: _Act) -> dict[str, Any]:
        """Run ``act`` on the order once per action id, in one transaction with the order row locked; a
        repeated action id returns the first result marked ``duplicate``."""
        if not action_id or len(action_id) > 100:
            raise BrokerError("action id must be 1 to 100 characters", code="invalid_request")
        k = paper_actions.c
        mine = (k.BrokerConnectionId == self._connection.id) & (k.ActionId == action_id)

        def work(uow: Any) -> dict[str, Any]:
            conn: sa.Connection = uow.connection
            # The order row is locked first, so a concurrent delivery of the same action waits here and then
            # finds the first one's record below.
            row = conn.execute(sa.select(paper_orders).where(
                _o.BrokerConnectionId == self._connection.id, _o.ClientOrderId == ref.client_order_id,
            ).with_for_update()).first()
            done = conn.execute(sa.select(k.Result).where(mine)).scalar()
            if done is not None:
                return {**json.loads(done), "duplicate": True}
            if row is None:
                raise BrokerError(f"no order {ref.client_order_id} at this paper account", code="unknown_order")
            result: dict[str, Any] = act(conn, dict(row._mapping))
            conn.execute(paper_actions.insert().values(
                **self._key, ActionId=action_id, TenantId=self._connection.tenant_id, Kind=kind,
                ClientOrderId=ref.client_order_id, Result=json.dumps(result), CreatedAt=self._clock.now()))
            return result

        try:
            return self._db.transact(work, what=f"paper {kind}")
        except sa.exc.IntegrityError:
            # The same action raced in from another delivery and committed first: its result stands.
            with self._db.engine.connect() as conn:
                done = conn.execute(sa.select(k.Result).where(mine)).scalar()
            if done is None:
                raise
            return {**json.loads(done), "duplicate": True}

    def orders(self) -> list[dict[str, Any]]:
        """Every order of this paper account, oldest first (for the demo and tests)."""
        with self._db.engine.connect() as conn:
            rows = conn.execute(sa.select(paper_orders).where(_o.BrokerConnectionId == self._connection.id)
                                .order_by(_o.CreatedAt, _o.Id)).all()
        return [dict(r._mapping) for r in rows]

    def _find(self, client_order_id: str) -> OrderResult | None:
        with self._db.engine.connect() as conn:
            row = conn.execute(sa.select(paper_orders).where(
                _o.BrokerConnectionId == self._connection.id, _o.ClientOrderId == client_order_id)).first()
        return None if row is None else result_from_json(result_json(dict(row._mapping)))

    def _ensure_account(self, conn: sa.Connection, now: datetime) -> None:
        if conn.execute(sa.select(_a.BrokerConnectionId).where(_a.BrokerConnectionId == self._connection.id)).first():
            return
        conn.execute(paper_accounts.insert().values(**self._key, TenantId=self._connection.tenant_id,
                                                    Currency=DEFAULT_CURRENCY, Balance=self._opening, CreatedAt=now))
