"""Trades for tests: a two-leg trade, and a managed one with history and a paper close behind it."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal as D

from shared.adapters.brokers.paper import PaperBroker
from shared.adapters.sql.database import SqlDatabase
from shared.clock import Clock
from shared.domain.broker import BrokerConnection
from shared.domain.trade import Trade, TradeLeg
from shared.ports.brokers import CloseRequest, OrderRef, OrderRequest, client_order_id


def new_trade(tenant_id: str, *, created_at: datetime, message_id: int = 7, symbol: str = "XAUUSD",
              broker_id: str = "brk_1", legs: int = 2, order_type: str = "Market") -> Trade:
    key = f"{tenant_id}:-1001:{message_id}"
    trade = Trade(
        id=f"trd_{uuid.uuid4().hex[:12]}", tenant_id=tenant_id, broker_connection_id=broker_id, channel_id=-1001,
        message_key=key, message_id=message_id, symbol=symbol, side="Buy", created_at=created_at,
        legs=[TradeLeg(index=i, units=D("1.5"), client_order_id=client_order_id(key, broker_id, i),
                       order_type=order_type, requested_entry=D("2350.25") if order_type != "Market" else None,
                       stop_loss=D("2340"), take_profit=D(2360 + 10 * i)) for i in range(legs)],
    )
    trade.record("Opened", created_at, units="3")
    return trade


def seed_managed_trade(database: SqlDatabase, connection: BrokerConnection, clock: Clock) -> Trade:
    """A trade whose first leg was filled and closed at the paper broker: rows in every trade and paper table."""
    now = clock.now()
    trade = new_trade(connection.tenant_id, created_at=now, broker_id=connection.id, legs=1)
    leg = trade.legs[0]
    paper = PaperBroker(database, connection, clock)
    placed = paper.place_order(OrderRequest(leg.client_order_id, trade.symbol, trade.side, D(2),
                                            price=D("2350"), stop_loss=leg.stop_loss))
    trade.fill(0, fill_price=placed.fill_price or D("2350"), at=now, broker_order_id=placed.broker_order_id)
    paper.set_quote(trade.symbol, D("2355"), D("2355.5"))
    action = client_order_id(trade.message_key, connection.id, 0, "close")
    closed = paper.close(CloseRequest(action_id=action, ref=OrderRef(leg.client_order_id, trade.symbol, trade.side)))
    trade.close(0, exit_price=closed.price or D("2355"), at=now, pnl=closed.realized_pnl, action_id=action)
    database.transact(lambda uow: uow.trades.add(trade))
    return trade
