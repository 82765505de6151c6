"""Opening a trade at the venue: the legs the pipeline stored, one order each.

Slippage and exposure are checked once for the trade (unless its first order is already at the venue:
a redelivery records what is there, whatever the price did since). Each Pending leg is looked up by its
client id before it is placed, so a redelivered command places nothing twice; resting legs carry the
venue expiry (``pendingExpiryMinutes``). A leg the venue refuses, and the legs after it, are Rejected;
a trade refused once stays refused.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from shared.clock import Clock
from shared.domain.errors import ConflictError
from shared.domain.ids import new_id
from shared.domain.messages import TradeCommand
from shared.domain.signal import OrderType, ParsedSignal
from shared.domain.sizing import check_exposure, check_slippage
from shared.domain.trade import LegStatus, Trade, TradeLeg
from shared.ports.brokers import (
    AbstractBrokerConnector,
    BrokerError,
    CloseRequest,
    OrderRef,
    OrderRequest,
    OrderResult,
    OrderStatus,
    client_order_id,
)
from shared.ports.transactions import TransactionRunner
from shared.services.config_provider import CachedConfigProvider
from shared.services.trade_store import Change, TradeObserver, TradeWriter, saved

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Opened:
    trade: Trade
    placed: list[tuple[TradeLeg, OrderResult]]  # the legs at the venue now (placed, or found placed)
    refused: tuple[str, str] | None  # (reason, detail) when nothing was placed


class TradeOpener:
    def __init__(self, *, database: TransactionRunner, config: CachedConfigProvider, clock: Clock,
                 observer: TradeObserver | None = None) -> None:
        self._db = database
        self._repositories = database.repositories
        self._config = config
        self._clock = clock
        self._observer = observer
        self._writer = TradeWriter(database, observer)

    def open(self, command: TradeCommand, signal: ParsedSignal, connector: AbstractBrokerConnector) -> Opened:
        trade = self._stored_trade(command, signal)
        never_placed = all(leg.broker_order_id is None and leg.entry_fill is None for leg in trade.legs)
        if never_placed and not any(leg.status is LegStatus.PENDING for leg in trade.legs):
            # refused at its first delivery, or cancelled before its command ran: nothing to place
            if all(leg.status is LegStatus.REJECTED for leg in trade.legs):
                return Opened(trade, [], ("rejected", "the trade's legs were refused when it was first executed"))
            return Opened(trade, [], ("cancelled", "the trade was cancelled before its orders were placed"))
        first = trade.legs[0]
        # A redelivery whose order is already at the broker records that order: what changed since (the
        # price, its own fill's exposure) must not refuse a position that is open.
        if first.broker_order_id is None and connector.get_order(first.client_order_id, symbol=trade.symbol) is None:
            refused = self._refusal(command, signal, connector)
            if refused is not None:
                self._reject_legs(trade, refused[0])
                return Opened(trade, [], refused)
        trading = self._config.get_trading(tenant_id=command.tenant_id)
        expiry = trading.pending_expiry_minutes if trading is not None else None
        placed: list[tuple[TradeLeg, OrderResult]] = []
        failure: BrokerError | None = None
        for leg in trade.legs:
            if leg.status is not LegStatus.PENDING or leg.broker_order_id is not None:
                continue
            try:
                found = connector.get_order(leg.client_order_id, symbol=trade.symbol)
                result = replace(found, duplicate=True) if found is not None else connector.place_order(
                    _order(trade, leg, signal, expiry))
            except BrokerError as exc:  # fail safe: the legs after a refused one are not placed either
                failure = exc
                break
            placed.append((leg, result))
        saved = self._record_placed(trade, placed, failure)
        self._withdraw_overtaken(saved, placed, connector)
        if not placed and failure is not None:
            return Opened(saved, [], (failure.code, failure.reason))
        return Opened(saved, placed, None)

    def _stored_trade(self, command: TradeCommand, signal: ParsedSignal) -> Trade:
        """The trade the pipeline stored for this message and broker; a command from before trades were
        stored gets a one-leg trade built from it."""
        def stored() -> Trade | None:
            return next((t for t in self._repositories.trades.get_by_message(
                tenant_id=command.tenant_id, message_key=command.message_key)
                if t.broker_connection_id == command.broker_connection_id), None)

        trade = stored()
        if trade is not None:
            return trade
        now = self._clock.now()
        entry = signal.reference_price if signal.order_type is not OrderType.MARKET else None
        trade = Trade(id=new_id("trd"), tenant_id=command.tenant_id, broker_connection_id=command.broker_connection_id,
                      channel_id=command.channel_id, message_key=command.message_key, message_id=command.message_id,
                      symbol=signal.symbol, side=signal.side.value, created_at=now,
                      legs=[TradeLeg(index=0, units=command.units, client_order_id=command.client_order_id,
                                     order_type=signal.order_type.value, requested_entry=entry,
                                     stop_loss=signal.stop_loss,
                                     take_profit=signal.take_profits[0] if signal.take_profits else None)])
        trade.record("Opened", now, units=command.units, legs=1)
        try:
            self._db.transact(lambda uow: saved(uow, trade, self._observer, new=True), what="open trade")
        except ConflictError:
            raced = stored()
            if raced is None:
                raise
            return raced
        return trade

    def _refusal(self, command: TradeCommand, signal: ParsedSignal, connector: AbstractBrokerConnector
                 ) -> tuple[str, str] | None:
        trading = self._config.get_trading(tenant_id=command.tenant_id)
        quote = connector.get_quote(signal.symbol, reference=signal.reference_price)
        if quote is None or trading is None:
            return None
        # One venue unit's notional is the connector's to say: an IG lot is a contract of 100,000 euros.
        refused = check_slippage(signal, quote, trading.max_slippage_pips) or check_exposure(
            trading, connector.get_account_summary(), units=command.units,
            unit_value=connector.unit_value(signal.symbol, quote))
        return None if refused is None else (refused.rule, refused.detail)

    def _reject_legs(self, trade: Trade, reason: str) -> None:
        now = self._clock.now()
        changes: list[Change] = [(f"{leg.client_order_id}.rejected", _rejection(leg.index, reason, now))
                                 for leg in trade.legs if leg.status is LegStatus.PENDING]
        self._writer.change(tenant_id=trade.tenant_id, trade_id=trade.id, changes=changes)

    def _record_placed(self, trade: Trade, placed: list[tuple[TradeLeg, OrderResult]],
                       failure: BrokerError | None) -> Trade:
        now = self._clock.now()
        changes: list[Change] = []
        for leg, result in placed:
            changes.append((leg.client_order_id, _placement(leg.index, result, now)))
        if failure is not None:
            done = {leg.index for leg, _ in placed}
            changes.extend((f"{leg.client_order_id}.rejected", _rejection(leg.index, failure.reason, now))
                           for leg in trade.legs if leg.status is LegStatus.PENDING and leg.index not in done
                           and leg.broker_order_id is None)
        saved, _ = self._writer.change(tenant_id=trade.tenant_id, trade_id=trade.id, changes=changes)
        return saved or trade

    def _withdraw_overtaken(self, trade: Trade, placed: list[tuple[TradeLeg, OrderResult]],
                            connector: AbstractBrokerConnector) -> None:
        """A leg cancelled while its order was being placed (a deletion that overtook the open command):
        the order just placed is withdrawn at once (cancelled if it rests, closed if it filled), so nothing
        stays at the venue that the trade does not hold."""
        for leg, result in placed:
            if trade.legs[leg.index].status is not LegStatus.CANCELLED or result.duplicate:
                continue
            ref = OrderRef(leg.client_order_id, trade.symbol, trade.side, broker_order_id=result.broker_order_id,
                           broker_trade_id=result.broker_trade_id)
            action_id = client_order_id(leg.client_order_id, trade.broker_connection_id, leg.index, "withdraw")
            logger.warning("leg %s of %s was cancelled while its order was placed: withdrawing it", leg.index,
                           trade.id)
            try:
                if result.status == OrderStatus.FILLED.value:
                    connector.close(CloseRequest(action_id=action_id, ref=ref))
                else:
                    connector.cancel(ref, action_id=action_id)
            except BrokerError as exc:  # logged loudly: an order the trade does not hold needs a person
                logger.error("could not withdraw order %s of trade %s: %s", result.broker_order_id, trade.id,
                             exc.reason)


def _order(trade: Trade, leg: TradeLeg, signal: ParsedSignal, expiry_minutes: int | None) -> OrderRequest:
    """Pending orders rest at their written price (and expire at the venue where it can); a market order
    carries the signal's reference for brokers (like the paper broker) that fill at it without a quote."""
    resting = leg.order_type != "Market"
    expires = trade.created_at + timedelta(minutes=expiry_minutes) if resting and expiry_minutes else None
    return OrderRequest(client_order_id=leg.client_order_id, symbol=trade.symbol, side=trade.side, units=leg.units,
                        order_type=leg.order_type, price=leg.requested_entry if resting else signal.reference_price,
                        stop_loss=leg.stop_loss, take_profits=(leg.take_profit,) if leg.take_profit else (),
                        expires_at=expires)


def _rejection(index: int, reason: str, at: datetime) -> Callable[[Trade], None]:
    return lambda trade: trade.reject(index, reason=reason, at=at)


def _placement(index: int, result: OrderResult, at: datetime) -> Callable[[Trade], None]:
    def apply(trade: Trade) -> None:
        if result.status == OrderStatus.FILLED.value and result.fill_price is not None:
            trade.fill(index, fill_price=result.fill_price, at=at, broker_order_id=result.broker_order_id,
                       broker_trade_id=result.broker_trade_id)
        elif result.status == OrderStatus.PENDING.value:
            trade.placed(index, broker_order_id=result.broker_order_id, at=at)
        elif result.status in (OrderStatus.REJECTED.value, OrderStatus.CANCELLED.value):
            trade.reject(index, reason=f"the venue answered {result.status}", at=at)
    return apply
