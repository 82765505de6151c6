"""The built-in paper broker: a simulated account per broker connection, kept in SQL tables of its own.

Market orders fill at once at the quote (ask to buy, bid to sell); limit and stop orders rest as
Pending. Quotes are those set with ``set_quote``, else the caller's reference price (the signal's
entry). Orders are unique per (connection, client order id), so placing the same order twice returns
the first one: the executor's guarantee that a redelivered command never trades twice rests on that.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.schema import paper_accounts, paper_orders, paper_quotes
from shared.clock import Clock
from shared.domain.broker import BrokerConnection
from shared.domain.ids import new_id
from shared.domain.sizing import AccountSummary, Quote
from shared.ports.brokers import (
    AbstractBrokerConnector,
    BrokerError,
    CloseRequest,
    CloseResult,
    ModifyRequest,
    OrderRef,
    OrderRequest,
    OrderResult,
)

logger = logging.getLogger(__name__)
DEFAULT_BALANCE = Decimal("100000.00")
DEFAULT_CURRENCY = "USD"
_o = paper_orders.c


class PaperBroker(AbstractBrokerConnector):
    """One paper account (one BrokerConnection of type PAPER)."""

    def __init__(self, database: SqlDatabase, connection: BrokerConnection, clock: Clock) -> None:
        self._db = database
        self._connection = connection
        self._clock = clock
        self._opening = _opening_balance(connection.metadata)

    @property
    def _key(self) -> dict[str, str]:
        return {"BrokerConnectionId": self._connection.id}

    def set_quote(self, symbol: str, bid: Decimal, ask: Decimal) -> None:
        if bid <= 0 or ask < bid:
            raise BrokerError("quote must have 0 < bid <= ask")

        def work(uow: Any) -> None:
            conn = uow.connection
            conn.execute(paper_quotes.delete().where(paper_quotes.c.BrokerConnectionId == self._connection.id,
                                                     paper_quotes.c.Symbol == symbol))
            conn.execute(paper_quotes.insert().values(**self._key, Symbol=symbol, Bid=bid, Ask=ask,
                                                      UpdatedAt=self._clock.now()))

        self._db.transact(work, what="paper quote")

    def get_quote(self, symbol: str, *, reference: Decimal | None = None) -> Quote | None:
        q = paper_quotes.c
        with self._db.engine.connect() as conn:
            row = conn.execute(sa.select(q.Bid, q.Ask).where(q.BrokerConnectionId == self._connection.id,
                                                            q.Symbol == symbol)).first()
        if row is not None:
            return Quote(row.Bid, row.Ask)
        return None if reference is None else Quote(reference, reference)

    def get_account_summary(self) -> AccountSummary:
        a = paper_accounts.c
        with self._db.engine.connect() as conn:
            mine = a.BrokerConnectionId == self._connection.id
            account = conn.execute(sa.select(a.Currency, a.Balance).where(mine)).first()
            filled = (_o.BrokerConnectionId == self._connection.id) & (_o.Status == "Filled")
            exposure = conn.execute(sa.select(_o.Units, _o.FillPrice).where(filled)).all()
        currency, balance = (account.Currency, account.Balance) if account else (DEFAULT_CURRENCY, self._opening)
        notional = sum((Decimal(r.Units) * r.FillPrice for r in exposure), Decimal(0))
        return AccountSummary(currency=currency, balance=balance, equity=balance, open_exposure=notional)

    def place_order(self, order: OrderRequest) -> OrderResult:
        if order.units <= 0:
            raise BrokerError("units must be positive")
        if order.side not in ("Buy", "Sell") or order.order_type not in ("Market", "Limit", "Stop"):
            raise BrokerError(f"unsupported order {order.side} {order.order_type}")
        existing = self._find(order.client_order_id)
        if existing is not None:
            return existing
        fill: Decimal | None = None
        if order.order_type == "Market":
            quote = self.get_quote(order.symbol, reference=order.price)
            if quote is None:
                raise BrokerError(f"no quote for {order.symbol}: set one or give the order a price")
            fill = quote.ask if order.side == "Buy" else quote.bid
        now = self._clock.now()
        row = {
            "Id": new_id("pord"), **self._key, "TenantId": self._connection.tenant_id,
            "ClientOrderId": order.client_order_id, "Symbol": order.symbol, "Side": order.side,
            "OrderType": order.order_type, "Units": int(order.units), "Price": order.price, "StopLoss": order.stop_loss,
            "TakeProfits": json.dumps([str(tp) for tp in order.take_profits]),
            "Status": "Filled" if fill is not None else "Pending", "FillPrice": fill, "CreatedAt": now,
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
            return raced
        logger.info("paper order %s placed for connection %s", row["Id"], self._connection.id)
        return OrderResult(str(row["Id"]), order.client_order_id, str(row["Status"]), fill)

    def get_order(self, client_order_id: str) -> OrderResult | None:
        return self._find(client_order_id)

    # The trade lifecycle gives the paper account positions that move with quotes; until then it refuses
    # every action after the first order, permanently, so the executor records why instead of retrying.
    def modify_order(self, request: ModifyRequest) -> OrderResult:
        raise BrokerError("the paper broker does not modify orders yet")

    def close(self, request: CloseRequest) -> CloseResult:
        raise BrokerError("the paper broker does not close positions yet")

    def cancel(self, ref: OrderRef, *, action_id: str) -> OrderResult:
        raise BrokerError("the paper broker does not cancel orders yet")

    def orders(self) -> list[dict[str, Any]]:
        """Every order of this paper account, oldest first (for the demo and tests)."""
        with self._db.engine.connect() as conn:
            rows = conn.execute(sa.select(paper_orders).where(_o.BrokerConnectionId == self._connection.id)
                                .order_by(_o.CreatedAt, _o.Id)).all()
        return [dict(r._mapping) for r in rows]

    def _find(self, client_order_id: str) -> OrderResult | None:
        with self._db.engine.connect() as conn:
            row = conn.execute(sa.select(_o.Id, _o.Status, _o.FillPrice).where(
                _o.BrokerConnectionId == self._connection.id, _o.ClientOrderId == client_order_id)).first()
        return None if row is None else OrderResult(row.Id, client_order_id, row.Status, row.FillPrice, duplicate=True)

    def _ensure_account(self, conn: sa.Connection, now: datetime) -> None:
        a = paper_accounts.c
        if conn.execute(sa.select(a.BrokerConnectionId).where(a.BrokerConnectionId == self._connection.id)).first():
            return
        conn.execute(paper_accounts.insert().values(**self._key, TenantId=self._connection.tenant_id,
                                                    Currency=DEFAULT_CURRENCY, Balance=self._opening, CreatedAt=now))


def _opening_balance(metadata: dict[str, Any]) -> Decimal:
    try:
        value = Decimal(str(metadata.get("initialBalance", DEFAULT_BALANCE)))
    except ArithmeticError:
        raise BrokerError("metadata.initialBalance must be a number") from None
    if not value.is_finite() or value <= 0:
        raise BrokerError("metadata.initialBalance must be positive")
    return value.quantize(Decimal("0.01"))
