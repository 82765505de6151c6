"""The executor: a TradeCommand in, one order at the broker, TradeExecuted or TradeFailed out.

Checks the tenant is still active and loads the broker connection (both never cached), decrypts its
credentials in memory, gets a connector from the factory, checks slippage against the connector's quote
and exposure against its account, and places the order with the command's deterministic client order
id — a redelivered command returns the first order instead of placing a second. Permanent refusals are
recorded and acknowledged; a broker that cannot be reached raises, so the queue retries.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from shared.clock import Clock
from shared.crypto.errors import DecryptionError
from shared.domain.broker import BrokerConnection
from shared.domain.events import SYSTEM_TENANT, EventType, build_event
from shared.domain.messages import InvalidMessageError, TradeCommand
from shared.domain.signal import OrderType, ParsedSignal
from shared.domain.sizing import check_exposure, check_slippage
from shared.observability.context import log_context
from shared.observability.telemetry import telemetry
from shared.ports.brokers import (
    AbstractConnectorFactory,
    BrokerError,
    CredentialsRejectedError,
    OrderRequest,
    OrderResult,
)
from shared.ports.events import AbstractEventStore
from shared.ports.repositories import AbstractRepositories
from shared.services.broker_health import disable_rejected_connection
from shared.services.config_provider import CachedConfigProvider
from shared.services.credentials import CredentialService

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
    def __init__(self, *, repositories: AbstractRepositories, config: CachedConfigProvider,
                 credentials: CredentialService, connectors: AbstractConnectorFactory, events: AbstractEventStore,
                 transact: Any, clock: Clock) -> None:
        self._repositories = repositories
        self._config = config
        self._credentials = credentials
        self._connectors = connectors
        self._events = events
        self._transact = transact
        self._clock = clock

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

    def _execute(self, command: TradeCommand) -> ExecutionResult:
        signal = ParsedSignal.from_json(command.signal)
        # Read from SQL, never the cache: a tenant suspended, deactivated or deleted after its command was
        # queued must not trade, however long the command waited.
        tenant = self._repositories.tenants.get_by_id(tenant_id=command.tenant_id)
        if tenant is None or not tenant.is_active:
            why = "the tenant no longer exists" if tenant is None else (
                "the tenant is scheduled for deletion" if tenant.deletion_requested_at is not None
                else f"the tenant is {tenant.status.name.lower()}")
            return self._failed(command, "tenant_inactive", why)
        broker = self._repositories.brokers.get_by_id(tenant_id=command.tenant_id,
                                                      broker_id=command.broker_connection_id)
        if broker is None or not broker.is_active:
            return self._failed(command, "broker_unavailable", "the broker connection is missing or inactive")
        try:
            secrets = dict(self._credentials.open_broker_credentials(broker))
        except DecryptionError as exc:
            return self._failed(command, "credentials_unreadable", type(exc).__name__)
        try:
            tenant = self._config.get_tenant(tenant_id=broker.tenant_id)
            connector = self._connectors.for_connection(
                broker, secrets, allow_live=tenant is not None and tenant.live_trading_enabled)
            # A redelivery whose order is already at the broker records that order: what changed since (the
            # price, its own fill's exposure) must not refuse a position that is open.
            placed = connector.get_order(command.client_order_id, symbol=signal.symbol)
            if placed is not None:
                return self._executed(command, broker.tenant_id, broker.id, signal, replace(placed, duplicate=True))
            trading = self._config.get_trading(tenant_id=command.tenant_id)
            price = signal.reference_price
            quote = connector.get_quote(signal.symbol, reference=price)
            if quote is not None and trading is not None:
                refused = check_slippage(signal, quote, trading.max_slippage_pips) or check_exposure(
                    trading, connector.get_account_summary(), units=command.units,
                    unit_value=connector.unit_value(signal.symbol, quote))
                if refused is not None:
                    return self._failed(command, refused.rule, refused.detail)
            order = OrderRequest(
                client_order_id=command.client_order_id, symbol=signal.symbol, side=signal.side.value,
                units=Decimal(command.units), order_type=signal.order_type.value,
                price=_order_price(signal, price), stop_loss=signal.stop_loss, take_profits=signal.take_profits,
            )
            result = connector.place_order(order)
        except BrokerError as exc:
            return self._refused(command, broker, exc)
        return self._executed(command, broker.tenant_id, broker.id, signal, result)

    def _executed(self, command: TradeCommand, tenant_id: str, broker_id: str, signal: ParsedSignal,
                  result: OrderResult) -> ExecutionResult:
        now = self._clock.now()
        self._transact(lambda uow: uow.brokers.mark_used(tenant_id=tenant_id, broker_id=broker_id, at=now),
                       what="mark broker used")
        latency_ms = max(0.0, (now - command.received_at).total_seconds() * 1000)
        telemetry.observe_ms("order.latency", latency_ms)
        telemetry.count("orders.placed" if not result.duplicate else "orders.duplicate")
        self._emit(command, EventType.TRADE_EXECUTED, {
            "brokerConnectionId": broker_id, "brokerOrderId": result.broker_order_id,
            "clientOrderId": result.client_order_id, "status": result.status,
            "fillPrice": result.fill_price, "units": command.units, "symbol": signal.symbol,
            "side": signal.side.value, "duplicate": result.duplicate,
        })
        logger.info("order %s %s at broker %s: %s (duplicate=%s)", signal.side.value, signal.symbol, broker_id,
                    result.status, result.duplicate)
        return ExecutionResult(ExecutionOutcome.EXECUTED)

    def _refused(self, command: TradeCommand, broker: BrokerConnection, error: BrokerError) -> ExecutionResult:
        """A permanent refusal (``unknown_symbol``, ``live_trading_disabled``, the venue's reason); rejected
        credentials also take the connection out of routing."""
        if isinstance(error, CredentialsRejectedError):
            disable_rejected_connection(broker, error.reason, transact=self._transact, events=self._events,
                                        clock=self._clock, source=SOURCE, key=command.client_order_id,
                                        correlation_id=command.correlation_id)
        return self._failed(command, error.code, error.reason)

    def _failed(self, command: TradeCommand, reason: str, detail: str) -> ExecutionResult:
        telemetry.count("orders.failed")
        logger.info("trade failed (%s): %s", reason, detail)
        self._emit(command, EventType.TRADE_FAILED, {"reason": reason, "detail": detail,
                                                     "brokerConnectionId": command.broker_connection_id})
        return ExecutionResult(ExecutionOutcome.FAILED, reason)

    def _emit(self, command: TradeCommand, kind: EventType, data: dict[str, Any]) -> None:
        event_id = "evt_" + hashlib.sha256(f"{command.client_order_id}|{kind.value}".encode()).hexdigest()[:32]
        self._events.append(build_event(
            kind, tenant_id=command.tenant_id, source=SOURCE, clock=self._clock, event_id=event_id,
            correlation_id=command.correlation_id,
            data={"messageKey": command.message_key, "channelId": command.channel_id,
                  "messageId": command.message_id, **data},
        ))


def _order_price(signal: ParsedSignal, reference: Decimal | None) -> Decimal | None:
    """Pending orders rest at their written price; a market order carries the signal's reference for brokers
    (like the paper broker) that fill at it when they have no live quote."""
    if signal.order_type is not OrderType.MARKET and signal.entry is not None:
        return signal.entry
    return reference
