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
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from shared.clock import Clock
from shared.domain.channel import ChannelConfiguration
from shared.domain.decision import INVALID_LEVELS, Rejected, decide
from shared.domain.events import SYSTEM_TENANT, EventType, build_event
from shared.domain.messages import InvalidMessageError, TelegramMessageReceived
from shared.domain.review import HeldSignal, hold_reason
from shared.domain.signal import NotASignal, ParsedSignal
from shared.domain.trading import TradingConfiguration
from shared.observability.context import log_context
from shared.observability.telemetry import telemetry
from shared.parsing import SignalParser
from shared.ports.events import AbstractEventStore
from shared.ports.idempotency import IdempotencyPayloadMismatchError
from shared.services.config_provider import CachedConfigProvider
from shared.services.idempotency import MessageIdempotency
from shared.services.review import ReviewService
from shared.services.signal_orders import SignalOrigin, SignalRouter

logger = logging.getLogger(__name__)
SOURCE = "SignalPipeline"
# Events that keep the message's text and time: replay re-runs them (tenant data: exported and purged
# with the events, and gone with them after the retention).
_WITH_TEXT = frozenset({"SignalReceived", "SignalRejected", "NotASignal", "SignalHeld"})


class PipelineOutcome(StrEnum):
    ACCEPTED = "accepted"  # at least one trade command
    REJECTED = "rejected"  # a rule refused it (the event names the rule)
    NOT_A_SIGNAL = "not_a_signal"
    DUPLICATE = "duplicate"  # a redelivery: the first delivery's commands are emitted again
    INVALID = "invalid"  # a message that can never be processed (acknowledged with an event)
    HELD = "held"  # every signal it carried waits for a person's decision


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
                 router: SignalRouter, review: ReviewService, events: AbstractEventStore, clock: Clock) -> None:
        self._idempotency = idempotency
        self._config = config
        self._parser = parser
        self._router = router
        self._review = review
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
                    tenant_id=message.tenant_id, channel_id=message.channel_id, message_id=message.revision_id,
                    payload=message.content, handler=lambda: self._process(message, correlation), save_result=True,
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

    def _process(self, message: TelegramMessageReceived, correlation: str) -> dict[str, Any]:
        config = self._config.get(tenant_id=message.tenant_id, channel_id=message.channel_id)
        tenant, channel, trading = config.tenant, config.channel, config.trading
        if tenant is None or not tenant.is_active:
            why = "unknown tenant" if tenant is None else f"tenant is {tenant.status.name.lower()}"
            return self._rejected(message, correlation, "tenant_inactive", why)
        if channel is None or not channel.is_enabled:
            why = "channel is not configured" if channel is None else "channel is disabled"
            return self._rejected(message, correlation, "channel_disabled", why)
        if message.edited_at is not None or message.deleted:
            # A revision acts on the trades its message opened, never as a new message of its own (it would
            # open a second trade): recorded and acknowledged until it is linked to those trades.
            why = "a deletion" if message.deleted else "an edit"
            self._emit(EventType.NOT_A_SIGNAL, message, correlation, {"reason": f"{why} of message "
                                                                                f"{message.message_id}"})
            return PipelineResult(PipelineOutcome.NOT_A_SIGNAL).to_json()
        found = self._parser.parse_all(message.content, pattern=channel.regex_pattern, channel_key=channel.id,
                                       vocabulary=channel.vocabulary)
        if isinstance(found, NotASignal):
            self._emit(EventType.NOT_A_SIGNAL, message, correlation, {"reason": found.reason})
            logger.info("not a signal: %s", found.reason)
            return PipelineResult(PipelineOutcome.NOT_A_SIGNAL).to_json()
        commands: list[str] = []
        held = 0
        for index, parsed in enumerate(found):  # a message may carry several signals: each trades on its own
            origin = SignalOrigin(
                tenant_id=tenant.id, channel_id=message.channel_id, channel_config_id=channel.id,
                message_key=message.key, message_id=message.message_id, received_at=message.timestamp,
                correlation_id=correlation, order_key=message.key if index == 0 else f"{message.key}#{index}")
            outcome = self._signal(message, origin, index, parsed, channel, trading)
            if isinstance(outcome, HeldSignal):
                held += 1
            else:
                commands.extend(outcome)
        if commands:
            outcome_kind = PipelineOutcome.ACCEPTED
        else:
            outcome_kind = PipelineOutcome.HELD if held else PipelineOutcome.REJECTED
        return PipelineResult(outcome_kind, tuple(commands)).to_json()

    def _signal(self, message: TelegramMessageReceived, origin: SignalOrigin, index: int, parsed: ParsedSignal,
                channel: ChannelConfiguration, trading: TradingConfiguration | None) -> HeldSignal | list[str]:
        """One signal of the message: rejected by a rule, held for review, or its trade commands."""
        suffix = str(index) if index else ""  # the first signal keeps the single-signal event ids
        signal_json = parsed.to_json()
        self._emit(EventType.SIGNAL_RECEIVED, message, origin.correlation_id, signal_json, suffix=suffix)
        if trading is None:
            self._reject(message, origin.correlation_id, "no_trading_configuration", "tenant has no trading rules",
                         signal_json, suffix=suffix)
            return []
        decision = decide(parsed, trading, message.timestamp)
        reason = hold_reason(parsed, channel)
        # The tenant's rules refuse for good; levels that cannot be right are the parse's doubt, which a person
        # may correct: such a signal is held rather than refused.
        if isinstance(decision, Rejected) and (reason is None or decision.rule != INVALID_LEVELS):
            self._reject(message, origin.correlation_id, decision.rule, decision.detail, signal_json, suffix=suffix)
            return []
        if reason is not None:
            held = self._review.hold(origin=origin, index=index, signal=parsed, reason=reason)
            self._emit(EventType.SIGNAL_HELD, message, origin.correlation_id, {
                "heldSignalId": held.id, "holdReason": reason.value, "confidence": parsed.confidence,
                "reasons": list(parsed.reasons), "signal": signal_json}, suffix=suffix)
            logger.info("signal %s %s held for review: %s", parsed.side.value, parsed.symbol, reason.value)
            return held
        brokers = self._router.brokers(origin)
        if not brokers:
            self._reject(message, origin.correlation_id, "no_broker", "no active broker connection for this channel",
                         signal_json, suffix=suffix)
            return []
        routed = self._router.route(parsed, trading, origin, brokers)
        for broker_id, refused in routed.refusals:
            self._reject(message, origin.correlation_id, refused.rule, f"{broker_id}: {refused.detail}", signal_json,
                         suffix=f"{broker_id}{suffix}")
        logger.info("signal %s %s accepted: %s trade command(s)", parsed.side.value, parsed.symbol,
                    len(routed.commands))
        return list(routed.commands)

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
        self._events.append(build_event(
            kind, tenant_id=message.tenant_id, source=SOURCE, clock=self._clock, correlation_id=correlation,
            event_id=event_id, data={"channelId": message.channel_id, "messageId": message.message_id, **data,
                                     **({"text": message.content, "messageAt": message.timestamp}
                                        if kind.value in _WITH_TEXT else {})},
        ))

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
