"""A new signal: the rules, then one trade per broker connection with its legs, then one open command each.

Rules in order: trading configuration present -> ``stale`` (``maxSignalDelaySeconds``) -> the decision
rules (whitelist/blacklist, session, auto-execute, levels) -> ``stop_loss_required`` -> (held for review?)
-> a broker to route to -> per broker: size the order and split the units over the targets
(``takeProfitStrategy``) -> ``max_open_trades`` -> ``daily_loss_limit``. The last two are checked where the
message's trades are stored with their legs Pending, in that one transaction, under a lock on the tenant:
two messages at once cannot both take the last place, and the open-trade count and the day's realised P&L
are one statement there, not a read of their own. A day in loss rolls the write back, is weighed against
the brokers' balances outside the transaction, and the write runs again if trading is not halted. Then ONE
open command per trade leaves; the executor places the trade's legs (one order each, client id per message
key, broker and leg).

The trade is stored before its command leaves, so the legs the executor places are the legs planned here
(a configuration changed in between cannot change them) and ``maxOpenTrades`` counts trades in flight.
Routing comes with the cached configuration, so the SQL on the way is that one transaction. A redelivered
message finds its trades already stored (the write's unique key; its own trades do not count against the
cap) and emits the same commands again.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from shared.crypto.errors import DecryptionError
from shared.domain.broker import BrokerConnection
from shared.domain.decision import INVALID_LEVELS, PRICE_PRECISION, Rejected, decide
from shared.domain.enums import BrokerType
from shared.domain.errors import ConflictError, ValidationError
from shared.domain.events import EventType
from shared.domain.ids import new_id
from shared.domain.messages import TradeCommand
from shared.domain.review import HeldSignal, HoldReason, hold_reason
from shared.domain.routing import BrokerRoute
from shared.domain.signal import OrderType, ParsedSignal
from shared.domain.sizing import Sized, fit_to_venue, size_order
from shared.domain.tenant import Tenant
from shared.domain.trade import Trade, TradeLeg
from shared.domain.trade_rules import split_units
from shared.domain.trading import TradingConfiguration
from shared.observability.telemetry import telemetry
from shared.ports.brokers import (
    AbstractBrokerConnector,
    AbstractConnectorFactory,
    BrokerError,
    BrokerUnavailableError,
    InstrumentSpec,
    client_order_id,
)
from shared.ports.repositories import AbstractUnitOfWork
from shared.ports.trades import DayInLossError, OpenTradeLimitError
from shared.ports.transactions import TransactionRunner
from shared.services.credentials import CredentialService
from shared.services.daily_loss import RULE as DAILY_LOSS
from shared.services.daily_loss import DailyLossGuard, day_start
from shared.services.pipeline_record import Inbound, PipelineOutcome, PipelineRecorder, result
from shared.services.trade_store import TradeObserver

logger = logging.getLogger(__name__)


class Holder(Protocol):
    """Keeps a signal for a person's decision (the review service)."""

    def __call__(self, inbound: Inbound, *, index: int, signal: ParsedSignal, reason: HoldReason,
                 message_key: str) -> HeldSignal: ...


class SignalIntake:
    def __init__(self, *, database: TransactionRunner, connectors: AbstractConnectorFactory,
                 credentials: CredentialService, recorder: PipelineRecorder, guard: DailyLossGuard,
                 holder: Holder | None = None, stats: TradeObserver | None = None) -> None:
        self._db = database
        self._stats = stats
        self._connectors = connectors
        self._credentials = credentials
        self._recorder = recorder
        self._guard = guard
        self._holder = holder

    def connector(self, broker: BrokerConnection, *, allow_live: bool = True) -> AbstractBrokerConnector:
        """The pipeline's one way to a broker (sizing, the daily balance): reads only, so a live account may be
        read; what trades on it is the executor's to refuse."""
        return self._connectors.for_connection(broker, dict(self._credentials.open_broker_credentials(broker)),
                                               allow_live=allow_live)

    def _route_connector(self, route: BrokerRoute, tenant_id: str, *, allow_live: bool = True
                         ) -> AbstractBrokerConnector:
        """A routed connection's connector: the connection itself (its credentials) is read only now, when a
        broker must be asked something. Gone or deactivated since the routing was cached: refused."""
        broker = self._db.repositories.brokers.get_by_id(tenant_id=tenant_id, broker_id=route.id)
        if broker is None or not broker.is_active:
            raise BrokerError("the broker connection was removed or deactivated", code="no_broker")
        return self.connector(broker, allow_live=allow_live)

    def open(self, inbound: Inbound, parsed: ParsedSignal, *, message_key: str, index: int = 0,
             review: bool = True) -> dict[str, Any]:
        """``message_key``: the original message's key (an edit that becomes a signal opens under it, so
        replies to the message find the trade); ``index``: the signal's place in its message; ``review``:
        False when a person approved it (no second hold)."""
        inbound = replace(inbound, suffix=str(index) if index else "")
        message, trading = inbound.message, inbound.trading
        signal_json = parsed.to_json()
        self._recorder.emit(EventType.SIGNAL_RECEIVED, message, inbound.correlation, signal_json,
                            suffix=inbound.suffix)
        if trading is None:
            return self._recorder.rejected(inbound, "no_trading_configuration", "tenant has no trading rules",
                                           signal_json)
        refused = self._refusal(inbound, parsed, trading)
        reason = hold_reason(parsed, inbound.channel) if review and self._holder is not None else None
        # The tenant's rules refuse for good; levels that cannot be right (or be stored as written) are the
        # parse's doubt, which a person may correct: such a signal is held rather than refused.
        if refused is not None and (reason is None or refused.rule not in (INVALID_LEVELS, PRICE_PRECISION)):
            return self._recorder.rejected(inbound, refused.rule, refused.detail, signal_json)
        if reason is not None and self._holder is not None:
            held = self._holder(inbound, index=index, signal=parsed, reason=reason, message_key=message_key)
            self._recorder.emit(EventType.SIGNAL_HELD, message, inbound.correlation, {
                "heldSignalId": held.id, "holdReason": reason.value, "confidence": parsed.confidence,
                "reasons": list(parsed.reasons), "signal": signal_json}, suffix=inbound.suffix)
            logger.info("signal %s %s held for review: %s", parsed.side.value, parsed.symbol, reason.value)
            return result(PipelineOutcome.HELD)
        brokers = inbound.routing.for_channel(inbound.channel.id)  # cached with the configuration: no SQL read
        if not brokers:
            return self._recorder.rejected(inbound, "no_broker", "no active broker connection for this channel",
                                           signal_json)
        trades: list[Trade] = []
        for broker in brokers:
            planned = self._plan(inbound, parsed, trading, broker, message_key)
            if isinstance(planned, Rejected):
                self._recorder.reject(message, inbound.correlation, planned.rule, f"{broker.id}: {planned.detail}",
                                      signal_json, suffix=f"{broker.id}{inbound.suffix}")
                continue
            trades.append(planned)
        stored = self._store(inbound, message_key, trades, brokers)
        if isinstance(stored, Rejected):
            return self._recorder.rejected(inbound, stored.rule, stored.detail, signal_json)
        commands = []
        for planned in stored:
            broker = next(b for b in brokers if b.id == planned.broker_connection_id)
            commands.append(TradeCommand(
                client_order_id=client_order_id(message_key, broker.id), tenant_id=inbound.tenant.id,
                broker_connection_id=broker.id, message_key=message_key, channel_id=message.channel_id,
                message_id=message.message_id, units=sum((leg.units for leg in planned.legs), Decimal(0)),
                signal=signal_json, correlation_id=inbound.correlation, received_at=message.timestamp,
                traceparent=telemetry.inject().get("traceparent"),
            ).to_json())
        logger.info("signal %s %s accepted: %s trade command(s)", parsed.side.value, parsed.symbol, len(commands))
        return result(PipelineOutcome.ACCEPTED if commands else PipelineOutcome.REJECTED, commands)

    def _refusal(self, inbound: Inbound, parsed: ParsedSignal, trading: TradingConfiguration) -> Rejected | None:
        message = inbound.message
        if trading.max_signal_delay_seconds is not None:
            age = (self._recorder.now() - message.timestamp).total_seconds()
            if age > trading.max_signal_delay_seconds:
                return Rejected("stale", f"the message is {int(age)} s old; the limit is "
                                         f"{trading.max_signal_delay_seconds} s")
        decision = decide(parsed, trading, message.timestamp)
        if isinstance(decision, Rejected):
            return decision
        if trading.require_stop_loss and parsed.stop_loss is None:
            return Rejected("stop_loss_required", "the signal names no stop loss and the rules require one")
        return None

    def _plan(self, inbound: Inbound, parsed: ParsedSignal, trading: TradingConfiguration,
              broker: BrokerRoute, message_key: str) -> Trade | Rejected:
        """Size and split over the targets: the trade to store (Pending legs). Nothing is read first: a trade
        an earlier delivery stored is found by the write's unique key (``_store``)."""
        sizing = self._size(parsed, trading, broker, inbound.tenant)
        if isinstance(sizing, Rejected):
            return self._stored(inbound.tenant.id, message_key).get(broker.id, sizing)  # rare: a retry's sizing
        sized, spec = sizing
        minimum, step = _split_rules(sized.units, spec)
        try:
            plans = split_units(sized.units, parsed.take_profits, strategy=trading.take_profit_strategy,
                                weights=trading.take_profit_weights, minimum=minimum, step=step)
        except ValidationError as exc:
            return Rejected("units", exc.reason)
        now = self._recorder.now()
        entry = parsed.reference_price if parsed.order_type is not OrderType.MARKET else None
        trade = Trade(
            id=new_id("trd"), tenant_id=inbound.tenant.id, broker_connection_id=broker.id,
            channel_id=inbound.message.channel_id, message_key=message_key, message_id=inbound.message.message_id,
            symbol=parsed.symbol, side=parsed.side.value, created_at=now,
            legs=[TradeLeg(index=i, units=plan.units, client_order_id=client_order_id(message_key, broker.id, i),
                           order_type=parsed.order_type.value, requested_entry=entry, stop_loss=parsed.stop_loss,
                           take_profit=plan.take_profit) for i, plan in enumerate(plans)])
        trade.record("Opened", now, units=sized.units, legs=len(plans),
                     strategy=trading.take_profit_strategy.value)
        return trade

    def _store(self, inbound: Inbound, message_key: str, planned: list[Trade], brokers: list[BrokerRoute]
               ) -> list[Trade] | Rejected:
        """Write the message's new trades in one transaction with ``maxOpenTrades`` and the daily loss checked
        in it (see the module docstring). Trades an earlier or concurrent delivery stored stand instead of
        ours (their legs are the ones that may already be placed); the rest are written. Returns the trades
        in ``planned``'s order, or the rule that refused the message."""
        trading = inbound.trading
        assert trading is not None  # checked before any trade is planned
        chosen = {t.broker_connection_id: t for t in planned}
        new = [t for t in planned if t.version == 0]
        loss_since = None if trading.daily_loss_limit_percent is None else day_start(self._recorder.now())
        while new:
            def add(uow: AbstractUnitOfWork, batch: list[Trade] = new, since: datetime | None = loss_since) -> None:
                uow.trades.add_all(batch, max_active=trading.max_open_trades, loss_since=since)
                if self._stats is not None:  # a new trade has done nothing to count yet; told all the same
                    for trade in batch:
                        self._stats.record_trade(uow, trade)

            try:
                self._db.transact(add, what="open trades")
                break
            except OpenTradeLimitError as exc:
                return self._admitted_before(inbound.tenant.id, message_key, planned) or _over_limit(
                    exc.active, exc.limit)
            except DayInLossError as exc:  # weighed against the balances outside the transaction
                halted = self._guard.halted(inbound, brokers, lambda route: self._route_connector(
                    route, inbound.tenant.id), realized=exc.realized)
                if halted is not None:
                    return self._admitted_before(inbound.tenant.id, message_key, planned) or Rejected(
                        DAILY_LOSS, halted)
                loss_since = None  # within the limit: written with the open-trade cap alone
            except ConflictError:
                stored = self._stored(inbound.tenant.id, message_key)
                if not set(stored) & {t.broker_connection_id for t in new}:
                    raise
                chosen.update((broker, trade) for broker, trade in stored.items() if broker in chosen)
                new = [t for t in new if t.broker_connection_id not in stored]
        return [chosen[t.broker_connection_id] for t in planned]

    def _admitted_before(self, tenant_id: str, message_key: str, planned: list[Trade]) -> list[Trade]:
        """A refusal met by a redelivery whose first run stored its trades (the rules held then; the places
        they took are theirs): those trades, whose commands leave again. Empty for a new message."""
        stored = self._stored(tenant_id, message_key)
        return [stored[t.broker_connection_id] for t in planned if t.broker_connection_id in stored]

    def _stored(self, tenant_id: str, message_key: str) -> dict[str, Trade]:
        return {t.broker_connection_id: t for t in self._db.repositories.trades.get_by_message(
            tenant_id=tenant_id, message_key=message_key)}

    def _size(self, signal: ParsedSignal, trading: TradingConfiguration, broker: BrokerRoute,
              tenant: Tenant) -> tuple[Sized, InstrumentSpec | None] | Rejected:
        """The trade's units in the venue's terms, with the venue's size rules where the connector has them.

        Fixed units are fitted to the venue's step and minimum when its instrument data can be read; when it
        cannot (the venue unreachable, credentials refused, a live account without consent, an unknown
        symbol) they go as they are and the executor meets the same fault, where it is recorded and acted on
        (a refused credential disables the connection). The paper broker has no size rules: its fixed units go
        as written without asking it (the decision path reads no connection for them). A share of equity asks
        the broker for its account and a quote; it is fitted to the venue's step and minimum, or rounded to
        whole units without them."""
        if trading.fixed_units is not None:
            sized = size_order(trading)
            assert isinstance(sized, Sized)  # fixed sizing is never refused by size_order
            if broker.broker_type is BrokerType.PAPER:
                return sized, None
            spec = self._spec_if_readable(signal, broker, tenant)
            return (sized, None) if spec is None else self._fitted(sized, spec, signal.symbol)
        # A permanent fault at one broker refuses that broker alone: the others still get their commands.
        # (An unreachable broker raises BrokerUnavailableError past this: the whole message is retried.)
        try:
            connector = self._route_connector(broker, tenant.id, allow_live=tenant.live_trading_enabled)
            quote = connector.get_quote(signal.symbol, reference=signal.reference_price)
            unit_value = connector.unit_value(signal.symbol, quote) if quote is not None else None
            spec = connector.instrument_spec(signal.symbol)
            sized_or_not = size_order(trading, account=connector.get_account_summary(), unit_value=unit_value,
                                      whole=spec is None)
            if isinstance(sized_or_not, Rejected) or spec is None:
                return sized_or_not if isinstance(sized_or_not, Rejected) else (sized_or_not, None)
            return self._fitted(sized_or_not, spec, signal.symbol)
        except DecryptionError as exc:
            return Rejected("credentials_unreadable", type(exc).__name__)
        except BrokerError as exc:
            return Rejected(exc.code, exc.reason)

    def _spec_if_readable(self, signal: ParsedSignal, broker: BrokerRoute, tenant: Tenant) -> InstrumentSpec | None:
        try:
            return self._route_connector(broker, tenant.id, allow_live=tenant.live_trading_enabled).instrument_spec(
                signal.symbol)
        except (DecryptionError, BrokerError, BrokerUnavailableError) as exc:
            logger.info("fixed units for broker %s go unfitted: %s", broker.id, type(exc).__name__)
            return None

    @staticmethod
    def _fitted(sized: Sized, spec: InstrumentSpec, symbol: str) -> tuple[Sized, InstrumentSpec] | Rejected:
        fitted = fit_to_venue(sized, minimum=spec.minimum, step=spec.step, instrument=symbol)
        return fitted if isinstance(fitted, Rejected) else (fitted, spec)


def _over_limit(active: int, limit: int) -> Rejected:
    return Rejected("max_open_trades", f"{active} trades are pending or open; the limit is {limit}")


def _split_rules(units: Decimal, spec: InstrumentSpec | None) -> tuple[Decimal, Decimal]:
    """The minimum and step the legs are split by: the venue's, or without them the quantity's own last
    decimal place (whole units stay whole; 0.5 at the paper broker splits in tenths)."""
    if spec is not None:
        return spec.minimum, spec.step
    exponent = units.normalize().as_tuple().exponent
    step = Decimal(1).scaleb(exponent) if isinstance(exponent, int) and exponent < 0 else Decimal(1)
    return step, step
