"""The signal pipeline: a TelegramMessageReceived in, zero or more TradeCommands out.

claim (idempotency, by the message's revision key) -> tenant Active? -> channel enabled? -> then one of:
- a deletion -> ``revisions.RevisionHandler.deleted`` (cancel the message's resting legs);
- an edit -> ``revisions.RevisionHandler.edited`` (the levels follow the new text, or a late signal opens);
- a signal -> ``signal_intake.SignalIntake`` (rules, one trade per broker with its legs, one open command each);
- a follow-up (``shared.parsing.followups``) -> ``follow_ups.FollowUpHandler`` (commands with an action);
- anything else -> NotASignal.
Every outcome is an event with the message's correlation id (``pipeline_record``). The signal events'
statistics facts leave with the idempotency record's completion (its outbox) and are counted by the
statistics fold a few seconds later: the decision path itself writes no statistics.

Failure policy: a message that can never be processed (malformed, same id with other content) is
acknowledged with an event; anything transient (a store down, another delivery in progress) raises,
so the queue retries and, after maxDequeueCount, poisons it. The commands are saved with the completed
idempotency record and re-emitted to a duplicate delivery: the host writes the output binding only after
the function returns, and a crash in between must not lose them (the executor's deterministic client
ids keep a re-emitted command from acting twice).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from typing import Any

from shared.clock import Clock
from shared.domain.events import SYSTEM_TENANT, EventType, build_event
from shared.domain.messages import InvalidMessageError, TelegramMessageReceived
from shared.domain.signal import NotASignal, ParsedSignal
from shared.domain.stats import StatEntry
from shared.observability.context import log_context
from shared.observability.telemetry import telemetry
from shared.parsing import SignalParser
from shared.ports.brokers import AbstractConnectorFactory
from shared.ports.events import AbstractEventStore
from shared.ports.idempotency import IdempotencyPayloadMismatchError
from shared.ports.transactions import TransactionRunner
from shared.services.config_provider import CachedConfigProvider
from shared.services.credentials import CredentialService
from shared.services.daily_loss import DailyLossGuard
from shared.services.follow_ups import FollowUpHandler
from shared.services.idempotency import MessageIdempotency
from shared.services.pipeline_record import (
    SOURCE,
    Inbound,
    PipelineOutcome,
    PipelineRecorder,
    PipelineResult,
    result,
)
from shared.services.revisions import RevisionHandler
from shared.services.signal_intake import Holder, SignalIntake
from shared.services.stats_feed import StatsFeed
from shared.services.trade_store import TradeObserver

__all__ = ["PipelineOutcome", "PipelineResult", "SignalPipeline"]
logger = logging.getLogger(__name__)


class SignalPipeline:
    def __init__(self, *, idempotency: MessageIdempotency, config: CachedConfigProvider, parser: SignalParser,
                 database: TransactionRunner, connectors: AbstractConnectorFactory,
                 credentials: CredentialService, events: AbstractEventStore, clock: Clock,
                 holder: Holder | None = None, stats: TradeObserver | None = None,
                 stats_feed: StatsFeed | None = None) -> None:
        self._idempotency = idempotency
        self._config = config
        self._parser = parser
        self._events = events
        self._clock = clock
        self._stats_feed = stats_feed
        self._recorder = PipelineRecorder(events, clock, stats_feed)
        guard = DailyLossGuard(repositories=database.repositories, events=events, clock=clock)
        self._intake = SignalIntake(database=database, connectors=connectors, credentials=credentials,
                                    recorder=self._recorder, guard=guard, holder=holder, stats=stats)
        self._follow_ups = FollowUpHandler(repositories=database.repositories, recorder=self._recorder,
                                           guard=guard, connector_for=self._intake.connector)
        self._revisions = RevisionHandler(repositories=database.repositories, parser=parser, intake=self._intake,
                                          recorder=self._recorder)

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
            facts: list[StatEntry] = []
            try:
                outcome = self._idempotency.run(
                    tenant_id=message.tenant_id, channel_id=message.channel_id, message_id=message.revision_id,
                    payload=message.content, save_result=True,
                    handler=lambda: self._recorder.batched(lambda: self._process(message, correlation), facts),
                    outbox=lambda: self._stats_feed.outbox(facts) if self._stats_feed is not None else None,
                )
            except IdempotencyPayloadMismatchError:
                self._recorder.reject(message, correlation, "payload_mismatch",
                                      "this message id was already processed with other content")
                return PipelineResult(PipelineOutcome.REJECTED)
            if outcome.outbox_lost and self._stats_feed is not None:
                self._stats_feed.count_now(facts)
            done = PipelineResult.from_json(outcome.result)
            if outcome.duplicate:
                commands = done.commands
                self._recorder.emit(EventType.DUPLICATE, message, correlation, {"reemittedCommands": len(commands)})
                telemetry.count("messages.duplicate")
                logger.info("duplicate delivery of %s: %s command(s) re-emitted", message.key, len(commands))
                return PipelineResult(PipelineOutcome.DUPLICATE, commands)
            telemetry.observe_ms("pipeline.decision", (time.perf_counter() - started) * 1000)
            telemetry.count(f"messages.{done.outcome.value}")
            return done

    def _process(self, message: TelegramMessageReceived, correlation: str) -> dict[str, Any]:
        config = self._config.get(tenant_id=message.tenant_id, channel_id=message.channel_id)
        tenant, channel = config.tenant, config.channel
        if tenant is None or not tenant.is_active:
            why = "unknown tenant" if tenant is None else f"tenant is {tenant.status.name.lower()}"
            self._recorder.reject(message, correlation, "tenant_inactive", why)
            return result(PipelineOutcome.REJECTED)
        if channel is None or not channel.is_enabled:
            why = "channel is not configured" if channel is None else "channel is disabled"
            self._recorder.reject(message, correlation, "channel_disabled", why)
            return result(PipelineOutcome.REJECTED)
        inbound = Inbound(message, correlation, tenant, channel, config.trading, config.routing)
        if message.deleted:
            return self._revisions.deleted(inbound)
        if message.edited_at is not None:
            return self._revisions.edited(inbound)
        parsed = self._parser.parse_all(message.content, pattern=channel.regex_pattern, channel_key=channel.id,
                                        vocabulary=channel.vocabulary)
        if not isinstance(parsed, NotASignal):
            return self._signals(inbound, parsed)
        follow_up = self._parser.follow_up(message.content, pattern=channel.regex_pattern, channel_key=channel.id)
        if follow_up is not None:
            return self._follow_ups.handle(inbound, follow_up)
        self._recorder.emit(EventType.NOT_A_SIGNAL, message, correlation, {"reason": parsed.reason})
        logger.info("not a signal: %s", parsed.reason)
        return result(PipelineOutcome.NOT_A_SIGNAL)

    def _signals(self, inbound: Inbound, signals: list[ParsedSignal]) -> dict[str, Any]:
        """A message may carry several signals (pairs, a straddle): each is refused, held or traded on its own,
        the first under the message's key (replies find its trades), the others under the key and their place."""
        key = inbound.message.original_key
        outcomes = [PipelineResult.from_json(self._intake.open(inbound, signal, index=index,
                                                               message_key=key if index == 0 else f"{key}#{index}"))
                    for index, signal in enumerate(signals)]
        commands = [command for found in outcomes for command in found.commands]
        kinds = {found.outcome for found in outcomes}
        if commands:
            return result(PipelineOutcome.ACCEPTED, commands)
        return result(PipelineOutcome.HELD if PipelineOutcome.HELD in kinds else outcomes[0].outcome)

    def open_approved(self, inbound: Inbound, signal: ParsedSignal, *, index: int,
                      message_key: str) -> PipelineResult:
        """A held signal a person approved: the same rules and trades as the pipeline's, without a second hold."""
        return PipelineResult.from_json(self._intake.open(inbound, signal, message_key=message_key, index=index,
                                                          review=False))

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
