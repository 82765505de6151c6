"""Writing a trade's changes safely, and recording what happened to it.

``TradeWriter.change`` reads the trade, applies the changes whose action id is not yet in its history,
and saves with the conditional update; when another worker saved first (``StaleTradeError``) it reads
again and decides again. An action id already in the history means a redelivery already recorded it:
it is skipped, so a command delivered twice changes the trade once.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Protocol

from shared.clock import Clock
from shared.domain.errors import DomainError
from shared.domain.events import EventType, build_event
from shared.domain.trade import Trade
from shared.ports.events import AbstractEventStore
from shared.ports.repositories import AbstractUnitOfWork
from shared.ports.trades import StaleTradeError
from shared.ports.transactions import TransactionRunner

logger = logging.getLogger(__name__)
SOURCE = "TradeExecutor"
SAVE_ATTEMPTS = 8

# One change: (action id, apply). ``apply`` raises a DomainError when the trade's state no longer allows
# it (a target filled while a close was on its way): that change is skipped and reported.
Change = tuple[str, Callable[[Trade], None]]


class TradeObserver(Protocol):
    """Told of every trade write inside its unit of work (the statistics: they commit with the trade)."""

    def record_trade(self, uow: AbstractUnitOfWork, trade: Trade) -> bool: ...


def saved(uow: AbstractUnitOfWork, trade: Trade, observer: TradeObserver | None, *, new: bool) -> None:
    """Store ``trade`` (add or save) and tell the observer in the same unit of work."""
    if new:
        uow.trades.add(trade)
    else:
        uow.trades.save(trade)
    if observer is not None:
        observer.record_trade(uow, trade)


class TradeWriter:
    def __init__(self, database: TransactionRunner, observer: TradeObserver | None = None) -> None:
        self._db = database
        self._observer = observer

    def change(self, *, tenant_id: str, trade_id: str, changes: list[Change]) -> tuple[Trade | None, list[str]]:
        """Apply ``changes`` in order; returns the saved trade and the action ids skipped as not applicable."""
        for attempt in range(SAVE_ATTEMPTS):
            try:
                return self._db.transact(lambda uow: self._apply(uow, tenant_id, trade_id, changes, self._observer),
                                         what="change trade")
            except StaleTradeError:
                logger.info("trade %s changed meanwhile (attempt %s): reading it again", trade_id, attempt + 1)
        raise StaleTradeError(trade_id)

    @staticmethod
    def _apply(uow: AbstractUnitOfWork, tenant_id: str, trade_id: str, changes: list[Change],
               observer: TradeObserver | None) -> tuple[Trade | None, list[str]]:
        trade = uow.trades.get(tenant_id=tenant_id, trade_id=trade_id)
        if trade is None:
            return None, [action_id for action_id, _ in changes]
        done = {c.action_id for c in uow.trades.history(tenant_id=tenant_id, trade_id=trade_id) if c.action_id}
        skipped = []
        for action_id, apply in changes:
            if action_id in done:
                continue
            try:
                apply(trade)
            except DomainError as exc:
                logger.info("change %s skipped on trade %s: %s", action_id, trade_id, exc)
                skipped.append(action_id)
            done.add(action_id)
        if trade.new_changes:
            saved(uow, trade, observer, new=False)
        return trade, skipped


class TradeEvents:
    """The executor's events; ids derived from the action, so a retried action records its events once."""

    def __init__(self, events: AbstractEventStore, clock: Clock) -> None:
        self._events = events
        self._clock = clock

    def emit(self, kind: EventType, *, tenant_id: str, key: str, correlation_id: str | None,
             data: dict[str, Any]) -> None:
        event_id = "evt_" + hashlib.sha256(f"{key}|{kind.value}".encode()).hexdigest()[:32]
        self._events.append(build_event(kind, tenant_id=tenant_id, source=SOURCE, clock=self._clock,
                                        event_id=event_id, correlation_id=correlation_id, data=data))


def plain(value: Decimal | None) -> str | None:
    """A decimal as people write it (2360, not 2360.00000000 or 2.36E+3)."""
    return None if value is None else format(value.normalize(), "f")


def trade_summary(trade: Trade) -> dict[str, Any]:
    """The trade as events carry it: status, realised P&L and each leg's state."""
    return {"tradeId": trade.id, "tradeStatus": trade.status.value, "symbol": trade.symbol, "side": trade.side,
            "brokerConnectionId": trade.broker_connection_id, "realizedPnl": plain(trade.realized_pnl),
            "legs": [{"leg": leg.index, "status": leg.status.value, "units": plain(leg.units),
                      "closedUnits": plain(leg.closed_units), "stopLoss": plain(leg.stop_loss),
                      "takeProfit": plain(leg.take_profit)}
                     for leg in trade.legs]}
