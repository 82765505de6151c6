"""The executor: a TradeCommand in, orders and actions at the broker, the trade's state and events out.

An open command (no ``action``) places the legs of the trade the pipeline stored (one order each, with
the leg's deterministic client id; a redelivered command finds the orders placed and places nothing
twice), after checking slippage against the connector's quote and exposure against its account once for
the trade. An action command (modify / close / cancel) goes to ``trade_actions``. Fills, stops and
targets the market makes (the paper simulator's quotes) come back through ``record_market``.

The connector is obtained in one place (``_connector``). Permanent refusals are recorded and
acknowledged; a broker that cannot be reached raises, so the queue retries.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from shared.clock import Clock
from shared.crypto.errors import DecryptionError
from shared.domain.broker import BrokerConnection
from shared.domain.errors import ConflictError, NotFoundError, ValidationError
from shared.domain.events import SYSTEM_TENANT, EventType, build_event
from shared.domain.ids import new_id
from shared.domain.messages import InvalidMessageError, TradeCommand
from shared.domain.signal import OrderType, ParsedSignal
from shared.domain.sizing import check_exposure, check_slippage, unit_value_of
from shared.domain.trade import LegStatus, Trade, TradeLeg
from shared.observability.context import log_context
from shared.observability.telemetry import telemetry
from shared.ports.brokers import (
    AbstractBrokerConnector,
    AbstractConnectorFactory,
    AbstractMarketSimulator,
    BrokerError,
    OrderRequest,
    OrderResult,
    OrderStatus,
)
from shared.ports.events import AbstractEventStore
from shared.ports.transactions import TransactionRunner
from shared.services.config_provider import CachedConfigProvider
from shared.services.credentials import CredentialService
from shared.services.trade_actions import TradeActions
from shared.services.trade_store import Change, TradeEvents, TradeWriter, trade_summary

logger = logging.getLogger(__name__)
SOURCE = "TradeExecutor"


class ExecutionOutcome(StrEnum):
    EXECUTED = "executed"  # the order is at the broker (placed now, or found placed by an earlier delivery)
    FAILED = "failed"  # refused for good (the reason says why); acknowledged, never retried
    INVALID = "invalid"  # a command that can never be processed


@dataclass(frozen=True, slots=True)
class ExecutionResult:
    outcome: ExecutionOutcome
    reason: str | None = None  # the refusal's rule (failed) or the invalid field

    def to_json(self) -> dict[str, Any]:
        return {"outcome": self.outcome.value, "reason": self.reason}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExecutionResult:
        return cls(ExecutionOutcome(data["outcome"]), data.get("reason"))


class TradeExecutor:
    def __init__(self, *, database: TransactionRunner, config: CachedConfigProvider,
                 credentials: CredentialService, connectors: AbstractConnectorFactory, events: AbstractEventStore,
                 clock: Clock) -> None:
        self._db = database
        self._repositories = database.repositories
        self._config = config
        self._credentials = credentials
        self._connectors = connectors
        self._events = events
        self._clock = clock
        self._trade_events = TradeEvents(events, clock)
        self._writer = TradeWriter(database)
        self._actions = TradeActions(database=database, events=self._trade_events, clock=clock)

    def handle(self, body: bytes | str) -> ExecutionResult:
        """Execute one command; a broker that cannot be reached raises (the queue retries)."""
        try:
            command = TradeCommand.parse(body)
        except InvalidMessageError as exc:
            telemetry.count("commands.invalid")
            logger.warning("invalid trade command acknowledged: %s: %s", exc.field, exc.reason)
            digest = hashlib.sha256(body if isinstance(body, bytes) else body.encode()).hexdigest()
            self._events.append(build_event(
                EventType.TRADE_FAILED, tenant_id=SYSTEM_TENANT, source=SOURCE, clock=self._clock,
                event_id=f"evt_{digest[:32]}", data={"reason": "invalid_command", "field": exc.field}))
            return ExecutionResult(ExecutionOutcome.INVALID, exc.field)
        carrier = {"traceparent": command.traceparent} if command.traceparent else None
        with log_context(tenant_id=command.tenant_id, correlation_id=command.correlation_id,
                         message_key=command.message_key), \
                telemetry.span("trade executor", carrier, tenant=command.tenant_id):
            return self._execute(command)

    def _connector(self, command: TradeCommand | None, broker: BrokerConnection) -> AbstractBrokerConnector:
        """The one place a connector is obtained (credentials opened in memory, the factory's cache).
        ``command`` is None for the paper market, which no command asked for."""
        return self._connectors.for_connection(broker, dict(self._credentials.open_broker_credentials(broker)))

    def _execute(self, command: TradeCommand) -> ExecutionResult:
        broker = self._repositories.brokers.get_by_id(tenant_id=command.tenant_id,
                                                      broker_id=command.broker_connection_id)
        if broker is None or not broker.is_active:
            return self._failed(command, "broker_unavailable", "the broker connection is missing or inactive")
        try:
            connector = self._connector(command, broker)
            if command.action is not None:
                return self._act(command, connector)
            return self._open(command, broker, connector)
        except DecryptionError as exc:
            return self._failed(command, "credentials_unreadable", type(exc).__name__)
        except BrokerError as exc:
            return self._failed(command, exc.code, exc.reason)

    # --- open: the trade's legs -------------------------------------------------------------------------------

    def _open(self, command: TradeCommand, broker: BrokerConnection,
              connector: AbstractBrokerConnector) -> ExecutionResult:
        signal = ParsedSignal.from_json(command.signal)
        trade = self._stored_trade(command, signal)
        if all(leg.status is LegStatus.REJECTED for leg in trade.legs):  # a redelivery of a refused trade
            return self._failed(command, "rejected", "the trade's legs were refused when it was first executed")
        first = trade.legs[0]
        # A redelivery whose order is already at the broker records that order: what changed since (the
        # price, its own fill's exposure) must not refuse a position that is open.
        if first.broker_order_id is None and connector.get_order(first.client_order_id) is None:
            refused = self._refusal(command, signal, connector)
            if refused is not None:
                self._reject_legs(trade, refused[0])
                return self._failed(command, *refused)
        trading = self._config.get_trading(tenant_id=command.tenant_id)
        expiry = trading.pending_expiry_minutes if trading is not None else None
        placed: list[tuple[TradeLeg, OrderResult]] = []
        failure: BrokerError | None = None
        for leg in trade.legs:
            if leg.status is not LegStatus.PENDING or leg.broker_order_id is not None:
                continue
            try:
                found = connector.get_order(leg.client_order_id)
                result = replace(found, duplicate=True) if found is not None else connector.place_order(
                    _order(trade, leg, signal, expiry))
            except BrokerError as exc:  # fail safe: the legs after a refused one are not placed either
                failure = exc
                break
            placed.append((leg, result))
        saved = self._record_placed(trade, placed, failure)
        if not placed and failure is not None:
            return self._failed(command, failure.code, failure.reason)
        return self._executed(command, broker, signal, saved, placed)

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
                      legs=[TradeLeg(index=0, units=Decimal(command.units), client_order_id=command.client_order_id,
                                     order_type=signal.order_type.value, requested_entry=entry,
                                     stop_loss=signal.stop_loss,
                                     take_profit=signal.take_profits[0] if signal.take_profits else None)])
        trade.record("Opened", now, units=command.units, legs=1)
        try:
            self._db.transact(lambda uow: uow.trades.add(trade), what="open trade")
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
        refused = check_slippage(signal, quote, trading.max_slippage_pips) or check_exposure(
            trading, connector.get_account_summary(), units=command.units, unit_value=unit_value_of(quote))
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

    def _executed(self, command: TradeCommand, broker: BrokerConnection, signal: ParsedSignal, trade: Trade,
                  placed: list[tuple[TradeLeg, OrderResult]]) -> ExecutionResult:
        now = self._clock.now()
        self._db.transact(lambda uow: uow.brokers.mark_used(tenant_id=broker.tenant_id, broker_id=broker.id, at=now),
                          what="mark broker used")
        latency_ms = max(0.0, (now - command.received_at).total_seconds() * 1000)
        telemetry.observe_ms("order.latency", latency_ms)
        duplicate = bool(placed) and all(result.duplicate for _, result in placed)
        telemetry.count("orders.placed" if not duplicate else "orders.duplicate")
        first = placed[0][1] if placed else None
        self._emit(command, EventType.TRADE_EXECUTED, {
            **trade_summary(trade), "brokerOrderId": first.broker_order_id if first else None,
            "clientOrderId": command.client_order_id, "status": first.status if first else None,
            "fillPrice": first.fill_price if first else None, "units": command.units, "symbol": signal.symbol,
            "side": signal.side.value, "duplicate": duplicate,
            "orders": [{"leg": leg.index, "clientOrderId": r.client_order_id, "brokerOrderId": r.broker_order_id,
                        "status": r.status, "fillPrice": r.fill_price, "units": str(leg.units)}
                       for leg, r in placed],
        })
        logger.info("trade %s %s at broker %s: %s leg(s) placed (duplicate=%s)", signal.side.value, signal.symbol,
                    broker.id, len(placed), duplicate)
        return ExecutionResult(ExecutionOutcome.EXECUTED)

    # --- actions and the market -------------------------------------------------------------------------------

    def _act(self, command: TradeCommand, connector: AbstractBrokerConnector) -> ExecutionResult:
        report = self._actions.apply(command, connector)
        if report.acted:
            return ExecutionResult(ExecutionOutcome.EXECUTED)
        if report.trade is not None and not report.refused:  # a redelivery: the history already holds it
            return ExecutionResult(ExecutionOutcome.EXECUTED)
        first = report.refused[0] if report.refused else {"reason": "invalid_state", "detail": "nothing to act on"}
        return self._failed(command, first["reason"], first["detail"])

    def move_paper_market(self, *, tenant_id: str, broker_id: str, symbol: str, bid: Decimal,
                          ask: Decimal) -> list[dict[str, Any]]:
        """Set a paper account's quote; the fills and closes it causes are recorded as a venue's would be."""
        broker = self._repositories.brokers.get_by_id(tenant_id=tenant_id, broker_id=broker_id)
        if broker is None:
            raise NotFoundError("broker connection", broker_id, field="brokerId")
        connector = self._connector(None, broker)
        if not isinstance(connector, AbstractMarketSimulator):
            raise ValidationError("brokerId", "is not a paper broker: only a paper account's market can be moved")
        try:
            happened = connector.set_quote(symbol, bid, ask)
        except BrokerError as exc:
            raise ValidationError("bid", exc.reason) from None
        trading = self._config.get_trading(tenant_id=tenant_id)
        after_tp = trading.breakeven_after_tp if trading is not None else None
        return self._actions.record_market(tenant_id, broker_id, happened, connector, after_tp)

    def _failed(self, command: TradeCommand, reason: str, detail: str) -> ExecutionResult:
        telemetry.count("orders.failed")
        logger.info("trade failed (%s): %s", reason, detail)
        self._emit(command, EventType.TRADE_FAILED, {"reason": reason, "detail": detail,
                                                     "brokerConnectionId": command.broker_connection_id,
                                                     **({"action": command.action.kind.value,
                                                         "tradeId": command.action.trade_id}
                                                        if command.action else {})})
        return ExecutionResult(ExecutionOutcome.FAILED, reason)

    def _emit(self, command: TradeCommand, kind: EventType, data: dict[str, Any]) -> None:
        self._trade_events.emit(kind, tenant_id=command.tenant_id, key=command.client_order_id,
                                correlation_id=command.correlation_id,
                                data={"messageKey": command.message_key, "channelId": command.channel_id,
                                      "messageId": command.message_id, **data})


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
