"""The executor: a TradeCommand in, orders and actions at the broker, the trade's state and events out.

An open command (no ``action``) places the legs of the trade the pipeline stored (``trade_open``: one
order each, with the leg's deterministic client id; a redelivered command finds the orders placed and
places nothing twice; slippage and exposure checked once for the trade). An action command (modify /
close / cancel) goes to ``trade_actions``. Fills, stops and targets the market makes (the paper
simulator's quotes) come back through ``record_market``.

The connector is obtained in one place (``_connector``). Permanent refusals are recorded and
acknowledged; a broker that cannot be reached raises, so the queue retries.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from shared.clock import Clock
from shared.crypto.errors import DecryptionError
from shared.domain.broker import BrokerConnection
from shared.domain.errors import NotFoundError, ValidationError
from shared.domain.events import SYSTEM_TENANT, EventType, build_event
from shared.domain.messages import InvalidMessageError, TradeCommand
from shared.domain.signal import ParsedSignal
from shared.domain.trade import Trade, TradeLeg
from shared.observability.context import log_context
from shared.observability.telemetry import telemetry
from shared.ports.brokers import (
    AbstractBrokerConnector,
    AbstractConnectorFactory,
    AbstractMarketSimulator,
    BrokerError,
    CredentialsRejectedError,
    OrderResult,
)
from shared.ports.cache_outbox import CacheChange, CachedEntity
from shared.ports.events import AbstractEventStore
from shared.ports.repositories import AbstractUnitOfWork
from shared.ports.transactions import TransactionRunner
from shared.services.broker_health import disable_rejected_connection
from shared.services.cache_invalidation import CacheInvalidator, write
from shared.services.config_provider import CachedConfigProvider
from shared.services.credentials import CredentialService
from shared.services.trade_actions import TradeActions
from shared.services.trade_open import TradeOpener
from shared.services.trade_store import TradeEvents, TradeObserver, trade_summary

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
                 clock: Clock, stats: TradeObserver | None = None, cache: CacheInvalidator | None = None) -> None:
        self._db = database
        self._cache = cache
        self._repositories = database.repositories
        self._config = config
        self._credentials = credentials
        self._connectors = connectors
        self._events = events
        self._clock = clock
        self._trade_events = TradeEvents(events, clock)
        self._actions = TradeActions(database=database, events=self._trade_events, clock=clock, observer=stats)
        self._opener = TradeOpener(database=database, config=config, clock=clock, observer=stats)

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
        ``command`` is None for the paper market, which no command asked for. A live connection trades only
        while its tenant has live trading enabled; a command that reduces risk (an action) always runs."""
        tenant = self._config.get_tenant(tenant_id=broker.tenant_id)
        allow_live = (tenant is not None and tenant.live_trading_enabled) or (
            command is not None and command.action is not None)
        return self._connectors.for_connection(broker, dict(self._credentials.open_broker_credentials(broker)),
                                               allow_live=allow_live)

    def _execute(self, command: TradeCommand) -> ExecutionResult:
        # Read from SQL, never the cache: a tenant suspended, deactivated or deleted after its command was
        # queued opens nothing, however long the command waited (actions on open trades still run).
        tenant = self._repositories.tenants.get_by_id(tenant_id=command.tenant_id)
        if command.action is None and (tenant is None or not tenant.is_active):
            why = "the tenant no longer exists" if tenant is None else (
                "the tenant is scheduled for deletion" if tenant.deletion_requested_at is not None
                else f"the tenant is {tenant.status.name.lower()}")
            return self._failed(command, "tenant_inactive", why)
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
            return self._refused(command, broker, exc)

    # --- open: the trade's legs -------------------------------------------------------------------------------

    def _open(self, command: TradeCommand, broker: BrokerConnection,
              connector: AbstractBrokerConnector) -> ExecutionResult:
        signal = ParsedSignal.from_json(command.signal)
        opened = self._opener.open(command, signal, connector)
        if opened.refused is not None:
            return self._failed(command, *opened.refused)
        return self._executed(command, broker, signal, opened.trade, opened.placed)

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

    def _refused(self, command: TradeCommand, broker: BrokerConnection, error: BrokerError) -> ExecutionResult:
        """A permanent refusal (``unknown_symbol``, ``live_trading_disabled``, the venue's reason); rejected
        credentials also take the connection out of routing."""
        if isinstance(error, CredentialsRejectedError):
            routing = CacheChange(CachedEntity.ROUTING, broker.tenant_id)  # the connection leaves the cached routing

            def transact(work: Callable[[AbstractUnitOfWork], bool], *, what: str) -> bool:
                return write(self._db, self._cache, work, routing, what=what)

            disable_rejected_connection(broker, error.reason, transact=transact, events=self._events,
                                        clock=self._clock, source=SOURCE, key=command.client_order_id,
                                        correlation_id=command.correlation_id)
        return self._failed(command, error.code, error.reason)

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
