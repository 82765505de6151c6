"""What happens to a trade after its first order: actions we ask for, and what the market does.

Actions (a command with ``action``): modify (stop to a price or to the entry, a target, a resting entry),
close (whole or a percent of each open leg; "close all" also withdraws resting entries), cancel (resting
legs only; an open position is closed, never cancelled). Each leg's action id is derived from the
command's client id, so a redelivered command gets the venue's first answer back and the trade's
history already holds the change: it acts once.

Market events (a fill of a resting entry, a stop, a target, an expiry) reach the trade through
``record_market``: the paper simulator's quotes come this way, as a real venue's fills would. After a
target closes a leg, ``breakevenAfterTp`` moves the stops of the legs still open to their entry fill.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_DOWN, Decimal
from typing import Any

from shared.domain.events import EventType
from shared.domain.messages import TradeAction, TradeActionKind, TradeCommand
from shared.domain.trade import CloseReason, LegStatus, Trade, TradeLeg
from shared.domain.trade_rules import breakeven_moves
from shared.ports.brokers import (
    AbstractBrokerConnector,
    BrokerError,
    CloseRequest,
    MarketEvent,
    MarketEventKind,
    ModifyRequest,
    OrderRef,
    client_order_id,
)
from shared.ports.transactions import TransactionRunner
from shared.services.trade_store import Change, TradeEvents, TradeObserver, TradeWriter, plain, trade_summary

logger = logging.getLogger(__name__)

_EVENT_OF = {TradeActionKind.MODIFY: EventType.TRADE_MODIFIED, TradeActionKind.CLOSE: EventType.TRADE_CLOSED,
             TradeActionKind.CANCEL: EventType.TRADE_CANCELLED}


@dataclass(frozen=True, slots=True)
class ActionReport:
    trade: Trade | None
    acted: list[dict[str, Any]]
    refused: list[dict[str, Any]]


def ref_of(trade: Trade, leg: TradeLeg) -> OrderRef:
    return OrderRef(leg.client_order_id, trade.symbol, trade.side, broker_order_id=leg.broker_order_id,
                    broker_trade_id=leg.broker_trade_id)


def _legs_for(trade: Trade, action: TradeAction) -> list[TradeLeg]:
    legs = trade.legs if action.leg is None else [leg for leg in trade.legs if leg.index == action.leg]
    if action.kind is TradeActionKind.CANCEL:
        return [leg for leg in legs if leg.status is LegStatus.PENDING]
    if action.kind is TradeActionKind.CLOSE:
        whole = action.percent is None and action.units is None
        return [leg for leg in legs if leg.status is LegStatus.OPEN or (whole and leg.status is LegStatus.PENDING)]
    return [leg for leg in legs if leg.status in (LegStatus.PENDING, LegStatus.OPEN)]


def _close_units(leg: TradeLeg, action: TradeAction, step: Callable[[], Decimal]) -> Decimal | None:
    """None: the whole leg. A part is rounded down to ``step()`` (the venue's size step), never more than
    asked: half of 1 IG lot is 0.5, half of 0.002 BTC is 0.001, half of one OANDA unit is nothing."""
    if action.units is not None:
        return min(action.units, leg.open_units)
    if action.percent is None or action.percent >= 100:
        return None
    unit = step()
    return (leg.open_units * action.percent / 100 / unit).to_integral_value(rounding=ROUND_DOWN) * unit


def _size_step(connector: AbstractBrokerConnector, leg: TradeLeg, symbol: str) -> Decimal:
    """The venue's size step for ``symbol``; without an instrument spec (the paper broker) the leg's own last
    decimal place (whole units stay whole)."""
    spec = connector.instrument_spec(symbol)
    if spec is not None and spec.step > 0:
        return spec.step
    exponent = leg.units.normalize().as_tuple().exponent
    return Decimal(1).scaleb(exponent) if isinstance(exponent, int) and exponent < 0 else Decimal(1)


class TradeActions:
    def __init__(self, *, database: TransactionRunner, events: TradeEvents, clock: Any,
                 observer: TradeObserver | None = None) -> None:
        self._db = database
        self._writer = TradeWriter(database, observer)
        self._events = events
        self._clock = clock

    # --- actions we ask for -----------------------------------------------------------------------------------

    def apply(self, command: TradeCommand, connector: AbstractBrokerConnector) -> ActionReport:
        action = command.action
        assert action is not None
        trade = self._db.repositories.trades.get(tenant_id=command.tenant_id, trade_id=action.trade_id)
        if trade is None or trade.broker_connection_id != command.broker_connection_id:
            return ActionReport(None, [], [{"reason": "unknown_trade", "detail": f"no trade {action.trade_id}"}])
        changes: list[Change] = []
        acted: list[dict[str, Any]] = []
        refused: list[dict[str, Any]] = []
        for leg in _legs_for(trade, action):
            action_id = client_order_id(command.client_order_id, trade.broker_connection_id, leg.index,
                                        action.kind.value)
            try:
                change, done = self._act(trade, leg, action, action_id, connector)
            except BrokerError as exc:
                refused.append({"leg": leg.index, "reason": exc.code, "detail": exc.reason})
                continue
            if change is not None:
                changes.append((action_id, change))
                acted.append({"leg": leg.index, **done})
        saved, skipped = self._writer.change(tenant_id=trade.tenant_id, trade_id=trade.id, changes=changes)
        acted = [a for a, (action_id, _) in zip(acted, changes, strict=True) if action_id not in skipped]
        if saved is not None and acted:
            data = {**trade_summary(saved), "action": action.kind.value, "messageKey": command.message_key,
                    "messageId": command.message_id, "channelId": command.channel_id, "changes": acted,
                    **({"refused": refused} if refused else {})}
            self._events.emit(_EVENT_OF[action.kind], tenant_id=trade.tenant_id, key=command.client_order_id,
                              correlation_id=command.correlation_id, data=data)
        return ActionReport(saved, acted, refused)

    def _act(self, trade: Trade, leg: TradeLeg, action: TradeAction, action_id: str,
             connector: AbstractBrokerConnector) -> tuple[Any, dict[str, Any]]:
        """Ask the venue (idempotent on ``action_id``); return the change to record and what it did."""
        now, ref, index = self._clock.now(), ref_of(trade, leg), leg.index
        if action.kind is TradeActionKind.CANCEL or (action.kind is TradeActionKind.CLOSE
                                                     and leg.status is LegStatus.PENDING):
            # A leg whose open command has not reached the venue yet rests nowhere: it is cancelled here,
            # and the open command, when it runs, finds nothing Pending to place.
            at_venue = leg.broker_order_id is not None or connector.get_order(
                leg.client_order_id, symbol=trade.symbol) is not None
            if at_venue:
                connector.cancel(ref, action_id=action_id)
            return (lambda t: t.cancel(index, at=now, action_id=action_id, reason=action.kind.value),
                    {"cancelled": True, "atVenue": at_venue})
        if action.kind is TradeActionKind.CLOSE:
            units = _close_units(leg, action, lambda: _size_step(connector, leg, trade.symbol))
            if units is not None and units <= 0:
                return None, {}
            closed = connector.close(CloseRequest(action_id=action_id, ref=ref, units=units,
                                                  open_units=leg.open_units))
            price = closed.price or leg.entry_fill or Decimal(0)
            # A whole close leaves nothing at the venue: the whole leg is recorded closed, whatever an earlier
            # close we never heard of took. A part is recorded as the venue reports it, never past what is open.
            amount = leg.open_units if units is None else min(closed.closed_units, leg.open_units)
            if amount <= 0:
                return None, {}
            return (lambda t: t.close(index, exit_price=price, at=now, units=amount, pnl=closed.realized_pnl,
                                      action_id=action_id),
                    {"closedUnits": plain(amount), "price": plain(price), "realizedPnl": plain(closed.realized_pnl)})
        stop = (leg.entry_fill or leg.requested_entry) if action.to_entry else action.stop_loss
        entry = action.entry if leg.status is LegStatus.PENDING and leg.order_type != "Market" else None
        if stop is None and action.take_profit is None and entry is None:
            return None, {}
        connector.modify_order(ModifyRequest(action_id=action_id, ref=ref, stop_loss=stop,
                                             take_profit=action.take_profit, entry=entry))

        def change(t: Trade) -> None:
            if stop is not None:
                t.move_stop(index, stop_loss=stop, at=now, action_id=action_id)
            if action.take_profit is not None:
                t.change_target(index, take_profit=action.take_profit, at=now, action_id=action_id)
            if entry is not None:
                t.change_entry(index, entry=entry, at=now, action_id=action_id)

        done = {k: plain(v) for k, v in (("stopLoss", stop), ("takeProfit", action.take_profit), ("entry", entry))
                if v is not None}
        return change, done

    # --- what the market did ----------------------------------------------------------------------------------

    def record_market(self, tenant_id: str, broker_id: str, happened: list[MarketEvent],
                      connector: AbstractBrokerConnector, breakeven_after_tp: int | None) -> list[dict[str, Any]]:
        """Record fills, stops, targets and expiries on their trades; then breakeven where it applies."""
        recorded = []
        for event in happened:
            trade = self._trade_of(tenant_id, broker_id, event)
            if trade is None:
                logger.info("market event for an order no trade holds: %s", event.client_order_id)
                continue
            index = next(leg.index for leg in trade.legs if leg.client_order_id == event.client_order_id)
            action_id = client_order_id(event.client_order_id, broker_id, 0, f"market.{event.kind.value}")
            saved, skipped = self._writer.change(tenant_id=tenant_id, trade_id=trade.id,
                                                 changes=[(action_id, _market_change(event, index, action_id))])
            if saved is None or action_id in skipped:
                continue
            kind = {MarketEventKind.FILLED: EventType.TRADE_EXECUTED,
                    MarketEventKind.EXPIRED: EventType.TRADE_CANCELLED}.get(event.kind, EventType.TRADE_CLOSED)
            data = {**trade_summary(saved), "leg": index, "reason": event.kind.value, "clientOrderId":
                    event.client_order_id, "brokerOrderId": event.broker_order_id,
                    "price": plain(event.price), "units": plain(event.units), "legPnl": plain(event.realized_pnl),
                    "messageKey": saved.message_key}
            self._events.emit(kind, tenant_id=tenant_id, key=action_id, correlation_id=None, data=data)
            recorded.append(data)
            if event.kind is MarketEventKind.TAKE_PROFIT:
                self._breakeven(saved, connector, breakeven_after_tp)
        return recorded

    def _trade_of(self, tenant_id: str, broker_id: str, event: MarketEvent) -> Trade | None:
        for status in (LegStatus.OPEN, LegStatus.PENDING):
            for trade in self._db.repositories.trades.page(tenant_id=tenant_id, status=status, symbol=event.symbol,
                                                           limit=200):
                if trade.broker_connection_id == broker_id and any(
                        leg.client_order_id == event.client_order_id for leg in trade.legs):
                    return trade
        return None

    def _breakeven(self, trade: Trade, connector: AbstractBrokerConnector, after_tp: int | None) -> None:
        moves = breakeven_moves(trade, after_tp=after_tp)
        if not moves:
            return
        now = self._clock.now()
        changes: list[Change] = []
        for move in moves:
            leg = trade.legs[move.leg]
            action_id = client_order_id(trade.message_key, trade.broker_connection_id, move.leg,
                                        f"breakeven.{after_tp}")
            try:
                connector.modify_order(ModifyRequest(action_id=action_id, ref=ref_of(trade, leg),
                                                     stop_loss=move.stop_loss))
            except BrokerError as exc:
                logger.warning("breakeven on leg %s of %s refused: %s", move.leg, trade.id, exc.reason)
                continue
            changes.append((action_id, _stop_move(move.leg, move.stop_loss, now, action_id)))
        saved, _ = self._writer.change(tenant_id=trade.tenant_id, trade_id=trade.id, changes=changes)
        if saved is not None and changes:
            self._events.emit(EventType.TRADE_MODIFIED, tenant_id=trade.tenant_id, key=changes[0][0],
                              correlation_id=None, data={**trade_summary(saved), "action": "breakeven",
                                                         "afterTarget": after_tp,
                                                         "legsMoved": [m.leg for m in moves]})


def _stop_move(index: int, stop: Decimal, at: datetime, action_id: str) -> Callable[[Trade], None]:
    return lambda trade: trade.move_stop(index, stop_loss=stop, at=at, action_id=action_id)


def _market_change(event: MarketEvent, index: int, action_id: str) -> Any:
    at = event.at
    if event.kind is MarketEventKind.FILLED:
        return lambda t: t.fill(index, fill_price=event.price, at=at, broker_order_id=event.broker_order_id,
                                action_id=action_id)
    if event.kind is MarketEventKind.EXPIRED:
        return lambda t: t.cancel(index, at=at, action_id=action_id, reason="expired")
    reason = CloseReason.STOP_LOSS if event.kind is MarketEventKind.STOP_LOSS else CloseReason.TAKE_PROFIT
    return lambda t: t.close(index, exit_price=event.price, at=at, units=event.units, reason=reason,
                             pnl=event.realized_pnl, action_id=action_id)
