"""The signal pipeline: a TelegramMessageReceived in, zero or more sized TradeCommands out.

claim (idempotency) -> tenant Active? -> channel enabled? -> parse -> trading configuration -> rules
(whitelist/blacklist, session, auto-execute, levels) -> broker routing -> one sized command per broker.
Every outcome is an event with the message's correlation id. Event ids are derived from the message key,
so a retried run writes the same events again and the store keeps one of each.

Failure policy: a message that can never be processed (malformed, same id with other content) is
acknowledged with an event; anything transient (a store down, another delivery in progress) raises,
so the queue retries and, after maxDequeueCount, poisons it. The commands are saved with the completed
idempotency record and re-emitted to a duplicate delivery: the host writes the output binding only after
the function returns, and a crash in between must not lose them (the executor's deterministic client
order ids keep a re-emitted command from trading twice).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from shared.clock import Clock
from shared.crypto.errors import DecryptionError
from shared.domain.decision import Rejected, decide
from shared.domain.events import SYSTEM_TENANT, Event, EventType, build_event
from shared.domain.messages import InvalidMessageError, TelegramMessageReceived, TradeCommand
from shared.domain.signal import NotASignal, ParsedSignal
from shared.domain.sizing import Sized, size_order, unit_value_of
from shared.observability.context import log_context
from shared.observability.telemetry import telemetry
from shared.parsing import SignalParser
from shared.ports.brokers import AbstractConnectorFactory, BrokerError, client_order_id
from shared.ports.events import AbstractEventStore
from shared.ports.idempotency import IdempotencyPayloadMismatchError
from shared.ports.repositories import AbstractRepositories
from shared.services.config_provider import CachedConfigProvider
from shared.services.credentials import CredentialService
from shared.services.idempotency import MessageIdempotency

logger = logging.getLogger(__name__)
SOURCE = "SignalPipeline"
# The events of the message being processed on this thread, written together at the end (one round trip).
_BATCH: ContextVar[list[Event] | None] = ContextVar("pipeline_events", default=None)


class PipelineOutcome(StrEnum):
    ACCEPTED = "accepted"  # at least one trade command
    REJECTED = "rejected"  # a rule refused it (the event names the rule)
    NOT_A_SIGNAL = "not_a_signal"
    DUPLICATE = "duplicate"  # a redelivery: the first delivery's commands are emitted again
    INVALID = "invalid"  # a message that can never be processed (acknowledged with an event)


@dataclass(frozen=True, slots=True)
class PipelineResult:
    """What one message produced; its JSON is what the idempotency record keeps for a redelivery."""

    outcome: PipelineOutcome
    commands: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"outcome": self.outcome.value, "commands": list(self.commands)}

    @classmethod
    def from_json(cls, data: object) -> PipelineResult:
        """A stored result; anything unreadable counts as a result without commands (never a second order)."""
        found = data if isinstance(data, dict) else {}
        try:
            outcome = PipelineOutcome(str(found.get("outcome")))
        except ValueError:
            outcome = PipelineOutcome.REJECTED
        commands = found.get("commands")
        kept = tuple(c for c in commands if isinstance(c, str)) if isinstance(commands, list) else ()
        return cls(outcome, kept)


class SignalPipeline:
    def __init__(self, *, idempotency: MessageIdempotency, config: CachedConfigProvider, parser: SignalParser,
                 repositories: AbstractRepositories, connectors: AbstractConnectorFactory,
                 credentials: CredentialService, events: AbstractEventStore, clock: Clock) -> None:
        self._idempotency = idempotency
        self._config = config
        self._parser = parser
        self._repositories = repositories
        self._connectors = connectors
        self._credentials = credentials
        self._events = events
        self._clock = clock

    def handle(self, body: bytes | str) -> PipelineResult:
        """Process one queue message; returns the trade commands (JSON) to write to ``trade-commands``."""
        try:
            message = TelegramMessageReceived.parse(body)
        except InvalidMessageError as exc:
            return self._invalid(body, exc)
        correlation = message.correlation_id or hashlib.sha256(message.key.encode()).hexdigest()[:32]
        carrier = {"traceparent": message.traceparent} if message.traceparent else None
        with log_context(tenant_id=message.tenant_id, correlation_id=correlation, message_key=message.key), \
                telemetry.span("signal pipeline", carrier, tenant=message.tenant_id):
            started = time.perf_counter()
            telemetry.count("messages.received")
            try:
                outcome = self._idempotency.run(
                    tenant_id=message.tenant_id, channel_id=message.channel_id, message_id=message.message_id,
                    payload=message.content, handler=lambda: self._process_batched(message, correlation),
                    save_result=True,
                )
            except IdempotencyPayloadMismatchError:
                self._reject(message, correlation, "payload_mismatch",
                             "this message id was already processed with other content")
                return PipelineResult(PipelineOutcome.REJECTED)
            result = PipelineResult.from_json(outcome.result)
            if outcome.duplicate:
                commands = result.commands
                self._emit(EventType.DUPLICATE, message, correlation, {"reemittedCommands": len(commands)})
                telemetry.count("messages.duplicate")
                logger.info("duplicate delivery of %s: %s command(s) re-emitted", message.key, len(commands))
                return PipelineResult(PipelineOutcome.DUPLICATE, commands)
            telemetry.observe_ms("pipeline.decision", (time.perf_counter() - started) * 1000)
            telemetry.count(f"messages.{result.outcome.value}")
            return result

    def _process_batched(self, message: TelegramMessageReceived, correlation: str) -> dict[str, Any]:
        """``_process`` with its events written in one batch at its end, before the idempotency record
        completes (so a crash in between re-runs it and the store keeps one of each)."""
        batch: list[Event] = []
        token = _BATCH.set(batch)
        try:
            result = self._process(message, correlation)
        finally:
            _BATCH.reset(token)
        self._events.append_many(batch)
        return result

    def _process(self, message: TelegramMessageReceived, correlation: str) -> dict[str, Any]:
        config = self._config.get(tenant_id=message.tenant_id, channel_id=message.channel_id)
        tenant, channel, trading = config.tenant, config.channel, config.trading
        if tenant is None or not tenant.is_active:
            why = "unknown tenant" if tenant is None else f"tenant is {tenant.status.name.lower()}"
            return self._rejected(message, correlation, "tenant_inactive", why)
        if channel is None or not channel.is_enabled:
            why = "channel is not configured" if channel is None else "channel is disabled"
            return self._rejected(message, correlation, "channel_disabled", why)
        parsed = self._parser.parse(message.content, pattern=channel.regex_pattern, channel_key=channel.id)
        if isinstance(parsed, NotASignal):
            self._emit(EventType.NOT_A_SIGNAL, message, correlation, {"reason": parsed.reason})
            logger.info("not a signal: %s", parsed.reason)
            return PipelineResult(PipelineOutcome.NOT_A_SIGNAL).to_json()
        signal_json = parsed.to_json()
        self._emit(EventType.SIGNAL_RECEIVED, message, correlation, signal_json)
        if trading is None:
            return self._rejected(message, correlation, "no_trading_configuration", "tenant has no trading rules",
                                  signal_json)
        decision = decide(parsed, trading, message.timestamp)
        if isinstance(decision, Rejected):
            return self._rejected(message, correlation, decision.rule, decision.detail, signal_json)
        brokers = self._repositories.brokers.get_brokers_for_channel(tenant_id=tenant.id, config_id=channel.id)
        if not brokers:
            return self._rejected(message, correlation, "no_broker", "no active broker connection for this channel",
                                  signal_json)
        commands = []
        for broker in brokers:
            sized = self._size(parsed, trading, broker)
            if isinstance(sized, Rejected):
                self._reject(message, correlation, sized.rule, f"{broker.id}: {sized.detail}", signal_json,
                             suffix=broker.id)
                continue
            commands.append(TradeCommand(
                client_order_id=client_order_id(message.key, broker.id), tenant_id=tenant.id,
                broker_connection_id=broker.id, message_key=message.key, channel_id=message.channel_id,
                message_id=message.message_id, units=sized.units, signal=signal_json, correlation_id=correlation,
                received_at=message.timestamp, traceparent=telemetry.inject().get("traceparent"),
            ).to_json())
        logger.info("signal %s %s accepted: %s trade command(s)", parsed.side.value, parsed.symbol, len(commands))
        outcome = PipelineOutcome.ACCEPTED if commands else PipelineOutcome.REJECTED
        return PipelineResult(outcome, tuple(commands)).to_json()

    def _size(self, signal: ParsedSignal, trading: Any, broker: Any) -> Sized | Rejected:
        """Fixed units need nothing more; a share of equity asks the broker for its account and a quote."""
        if trading.fixed_units is not None:
            return size_order(trading)
        # A permanent fault at one broker refuses that broker alone: the others still get their commands.
        # (An unreachable broker raises BrokerUnavailableError past this: the whole message is retried.)
        try:
            secrets = dict(self._credentials.open_broker_credentials(broker))
        except DecryptionError as exc:
            return Rejected("credentials_unreadable", type(exc).__name__)
        try:
            connector = self._connectors.for_connection(broker, secrets)
            quote = connector.get_quote(signal.symbol, reference=signal.reference_price)
            unit_value = unit_value_of(quote) if quote is not None else None
            return size_order(trading, account=connector.get_account_summary(), unit_value=unit_value)
        except BrokerError as exc:
            return Rejected(exc.code, exc.reason)

    def _rejected(self, message: TelegramMessageReceived, correlation: str, rule: str, detail: str,
                  signal: dict[str, Any] | None = None) -> dict[str, Any]:
        self._reject(message, correlation, rule, detail, signal)
        return PipelineResult(PipelineOutcome.REJECTED).to_json()

    def _reject(self, message: TelegramMessageReceived, correlation: str, rule: str, detail: str,
                signal: dict[str, Any] | None = None, suffix: str = "") -> None:
        logger.info("signal rejected by rule %s: %s", rule, detail)
        data = {"rule": rule, "detail": detail, **({"signal": signal} if signal else {})}
        self._emit(EventType.SIGNAL_REJECTED, message, correlation, data, suffix=f"{rule}:{suffix}")

    def _emit(self, kind: EventType, message: TelegramMessageReceived, correlation: str, data: dict[str, Any],
              suffix: str = "") -> None:
        event_id = "evt_" + hashlib.sha256(f"{message.key}|{kind.value}|{suffix}".encode()).hexdigest()[:32]
        if kind is EventType.DUPLICATE:  # each duplicate delivery is its own event
            event_id = "evt_" + hashlib.sha256(f"{message.key}|dup|{time.time_ns()}".encode()).hexdigest()[:32]
        event = build_event(
            kind, tenant_id=message.tenant_id, source=SOURCE, clock=self._clock, correlation_id=correlation,
            event_id=event_id, data={"channelId": message.channel_id, "messageId": message.message_id, **data},
        )
        batch = _BATCH.get()
        if batch is None:
            self._events.append(event)
        else:
            batch.append(event)

    def _invalid(self, body: bytes | str, error: InvalidMessageError) -> PipelineResult:
        """Never retried (retrying cannot fix it): an event and a counter, then acknowledged."""
        telemetry.count("messages.invalid")
        tenant = _tenant_hint(body) or SYSTEM_TENANT
        digest = hashlib.sha256(body if isinstance(body, bytes) else body.encode()).hexdigest()
        logger.warning("invalid message acknowledged: %s: %s", error.field, error.reason)
        self._events.append(build_event(
            EventType.SIGNAL_REJECTED, tenant_id=tenant, source=SOURCE, clock=self._clock,
            event_id=f"evt_{digest[:32]}",
            data={"rule": "invalid_message", "field": error.field, "detail": error.reason, "bodySha256": digest},
        ))
        return PipelineResult(PipelineOutcome.INVALID)


def _tenant_hint(body: bytes | str) -> str | None:
    """The tenant an invalid message names, if it names one validly (so the tenant sees its own failures)."""
    try:
        tenant = json.loads(body).get("tenantId")
    except (ValueError, AttributeError, UnicodeDecodeError):
        return None
    from shared.domain import rules
    from shared.domain.errors import ValidationError

    try:
        return rules.entity_id("tenantId", tenant)
    except ValidationError:
        return None
