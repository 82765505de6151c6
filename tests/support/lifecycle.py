"""Managed trades in the functional tier: open one from a signal, move the paper market, read the trade back."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from shared.domain.trade import Trade
from shared.domain.trading import TradingChanges
from shared.ports.queues import TRADE_COMMANDS
from tests.support.in_process import InProcessApp
from tests.support.scenario import Desk, message

TWO_TARGETS = "BUY XAUUSD @ 2350.5\nSL 2340\nTP1 2360\nTP2 2370"  # a market order priced at its written entry
LIMIT = "BUY LIMIT XAUUSD @ 2340\nSL 2330\nTP1 2350\nTP2 2360"  # rests until the ask comes down to 2340


def configure(app: InProcessApp, desk: Desk, **changes: Any) -> None:
    app.container.trading.update(tenant_id=desk.tenant_id, changes=TradingChanges(**changes))


def run(app: InProcessApp, desk: Desk, message_id: int, content: str, **extra: Any) -> str:
    """Deliver a message and execute whatever it queued; the pipeline's outcome."""
    outcome = app.deliver(message(desk, message_id, content, **extra)).outcome.value
    app.execute_waiting()
    return outcome


def open_trade(app: InProcessApp, desk: Desk, message_id: int = 1, content: str = TWO_TARGETS,
               units: int = 2) -> Trade:
    configure(app, desk, fixed_units=units)
    assert run(app, desk, message_id, content) == "accepted"
    return trade_of(app, desk, message_id)


def trade_of(app: InProcessApp, desk: Desk, message_id: int) -> Trade:
    key = f"{desk.tenant_id}:-1001234567890:{message_id}"
    (trade,) = app.container.database.repositories.trades.get_by_message(tenant_id=desk.tenant_id, message_key=key)
    return trade


def quote(app: InProcessApp, desk: Desk, bid: str, ask: str) -> list[dict[str, Any]]:
    return app.container.trades.set_paper_quote(tenant_id=desk.tenant_id, broker_id=desk.broker_id,
                                                symbol="XAUUSD", bid=D(bid), ask=D(ask))


def history_kinds(app: InProcessApp, trade: Trade) -> list[str]:
    return [c.kind for c in app.container.database.repositories.trades.history(tenant_id=trade.tenant_id,
                                                                               trade_id=trade.id)]


def waiting(app: InProcessApp) -> list[str]:
    return app.queue.waiting(TRADE_COMMANDS)
