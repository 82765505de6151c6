"""The paper broker's rows as the port's values: results stored with actions, market events, the account."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from shared.adapters.brokers.paper_market import MarketEvent, MarketEventKind, closing_price
from shared.adapters.sql.schema import paper_accounts, paper_orders, paper_quotes
from shared.domain.sizing import AccountSummary, Quote
from shared.domain.trade import realized_pnl
from shared.ports.brokers import BrokerError, OrderResult, OrderStatus

DEFAULT_BALANCE = Decimal("100000.00")
DEFAULT_CURRENCY = "USD"
_q = paper_quotes.c
_LIVE = (OrderStatus.PENDING.value, OrderStatus.FILLED.value)


def target(order: dict[str, Any]) -> Decimal | None:
    """A paper position closes at its first target; a leg of a managed trade carries exactly one."""
    targets = json.loads(order["TakeProfits"])
    return Decimal(targets[0]) if targets else None


def quote_in(conn: sa.Connection, connection_id: str, symbol: str) -> Quote | None:
    row = conn.execute(sa.select(_q.Bid, _q.Ask).where(_q.BrokerConnectionId == connection_id,
                                                       _q.Symbol == symbol)).first()
    return None if row is None else Quote(row.Bid, row.Ask)


def market_event(kind: MarketEventKind, order: dict[str, Any], units: Decimal, price: Decimal | None,
           pnl: Decimal | None, at: datetime) -> MarketEvent:
    return MarketEvent(kind=kind, client_order_id=order["ClientOrderId"], broker_order_id=order["Id"],
                       symbol=order["Symbol"], side=order["Side"], units=units, price=price, realized_pnl=pnl, at=at)


def result_json(order: dict[str, Any]) -> dict[str, Any]:
    """An order as the port's OrderResult, in JSON (stored with an action so a repeat answers the same)."""
    status = order["Status"]
    open_units = Decimal(order["Units"]) - order["ClosedUnits"]
    units = open_units if status in _LIVE else Decimal(0)
    fill = order["FillPrice"]
    return {"brokerOrderId": order["Id"], "clientOrderId": order["ClientOrderId"], "status": status,
            "fillPrice": None if fill is None else str(fill), "units": str(units),
            "brokerTradeId": order["Id"] if fill is not None else None}


def result_from_json(saved: dict[str, Any]) -> OrderResult:
    fill = saved["fillPrice"]
    return OrderResult(saved["brokerOrderId"], saved["clientOrderId"], saved["status"],
                       None if fill is None else Decimal(fill), duplicate=bool(saved.get("duplicate")),
                       broker_trade_id=saved["brokerTradeId"], units=Decimal(saved["units"]))


def opening_balance(metadata: dict[str, Any]) -> Decimal:
    try:
        value = Decimal(str(metadata.get("initialBalance", DEFAULT_BALANCE)))
    except ArithmeticError:
        raise BrokerError("metadata.initialBalance must be a number") from None
    if not value.is_finite() or value <= 0:
        raise BrokerError("metadata.initialBalance must be positive")
    return value.quantize(Decimal("0.01"))


def account_summary(conn: sa.Connection, connection_id: str, opening: Decimal) -> AccountSummary:
    """Balance as booked; exposure and unrealised P&L count the open units of open positions only."""
    a, o = paper_accounts.c, paper_orders.c
    account = conn.execute(sa.select(a.Currency, a.Balance).where(a.BrokerConnectionId == connection_id)).first()
    positions = conn.execute(sa.select(o.Symbol, o.Side, o.Units, o.ClosedUnits, o.FillPrice).where(
        o.BrokerConnectionId == connection_id, o.Status == OrderStatus.FILLED.value)).all()
    quotes = {q.Symbol: q for q in conn.execute(sa.select(_q.Symbol, _q.Bid, _q.Ask).where(
        _q.BrokerConnectionId == connection_id)).all()}
    currency, balance = (account.Currency, account.Balance) if account else (DEFAULT_CURRENCY, opening)
    notional, unrealised = Decimal(0), Decimal(0)
    for p in positions:
        units = Decimal(p.Units) - p.ClosedUnits
        notional += units * p.FillPrice
        quote = quotes.get(p.Symbol)
        if quote is not None:
            unrealised += realized_pnl(p.Side, p.FillPrice, closing_price(p.Side, quote.Bid, quote.Ask), units)
    equity = (balance + unrealised).quantize(Decimal("0.01"))
    return AccountSummary(currency=currency, balance=balance, equity=equity, open_exposure=notional)
