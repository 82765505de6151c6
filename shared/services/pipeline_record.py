"""What the pipeline's steps share: the message in hand with its configuration, the result they return,
and the one way they record events.

Event ids are derived from the message's revision key (plus the event type and a suffix), so a retried
run writes the same events again and the store keeps one of each. The signal events' statistics facts
leave with the message's completion (``stats_feed``); events written outside a message's batch hand
theirs on directly.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from shared.clock import Clock
from shared.domain.channel import ChannelConfiguration
from shared.domain.events import Event, EventType, build_event
from shared.domain.messages import TelegramMessageReceived
from shared.domain.routing import BrokerRouting
from shared.domain.stats import StatEntry
from shared.domain.tenant import Tenant
from shared.domain.trading import TradingConfiguration
from shared.ports.events import AbstractEventStore
from shared.services.stats_feed import StatsFeed, facts_of

logger = logging.getLogger(__name__)
SOURCE = "SignalPipeline"
# Events that keep the message's text and time: replay re-runs them (tenant data: exported and purged
# with the events, and gone with them after the retention).
_WITH_TEXT = frozenset({EventType.SIGNAL_RECEIVED, EventType.SIGNAL_REJECTED, EventType.NOT_A_SIGNAL,
                        EventType.SIGNAL_HELD})


class PipelineOutcome(StrEnum):
    ACCEPTED = "accepted"  # at least one trade command opening a trade
    FOLLOW_UP = "follow_up"  # trade commands acting on trades already open (a follow-up, an edit, a deletion)
    NOTED = "noted"  # an informational follow-up ("TP1 hit"), recorded against its trades
    IGNORED = "ignored"  # a follow-up, edit or deletion that acts on nothing (the event says why)
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
    refusal: str | None = None  # "rule: detail" of a rejection

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"outcome": self.outcome.value, "commands": list(self.commands)}
        if self.refusal is not None:
            found["refusal"] = self.refusal
        return found

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
        refusal = found.get("refusal")
        return cls(outcome, kept, refusal if isinstance(refusal, str) else None)


def result(outcome: PipelineOutcome, commands: list[str] | tuple[str, ...] = ()) -> dict[str, Any]:
    return PipelineResult(outcome, tuple(commands)).to_json()


@dataclass(frozen=True, slots=True)
class Inbound:
    """A message past the tenant and channel checks, with the configuration it is judged by."""

    message: TelegramMessageReceived
    correlation: str
    tenant: Tenant
    channel: ChannelConfiguration
    trading: TradingConfiguration | None
    routing: BrokerRouting  # the tenant's, as cached with the rest (no credentials)
    suffix: str = ""  # which signal of the message (its events' ids): "" for the first, "1", "2"... after


# The events of the message being processed on this thread, written together at its end (one round trip).
_BATCH: ContextVar[list[Event] | None] = ContextVar("pipeline_events", default=None)


class PipelineRecorder:
    """Writes the pipeline's events (deterministic ids: a retried run writes the same events)."""

    def __init__(self, events: AbstractEventStore, clock: Clock, stats: StatsFeed | None = None) -> None:
        self._events = events
        self._clock = clock
        self._stats = stats

    def batched(self, work: Callable[[], dict[str, Any]], facts: list[StatEntry]) -> dict[str, Any]:
        """Run ``work`` with its events written in one batch at its end, before the idempotency record
        completes (a crash in between re-runs it, and the store keeps one of each event). The events'
        statistics facts are added to ``facts``: the caller hands them on with the completion."""
        batch: list[Event] = []
        token = _BATCH.set(batch)
        try:
            done = work()
        finally:
            _BATCH.reset(token)
        unique = list({(e.tenant_id, e.id): e for e in batch}.values())  # one message's events, each once
        self._events.append_many(unique)
        if self._stats is not None:
            facts.extend(facts_of(unique))
        return done

    def _write(self, event: Event) -> None:
        batch = _BATCH.get()
        if batch is not None:
            batch.append(event)
            return
        self._events.append(event)
        if self._stats is not None:
            self._stats.append(facts_of([event]))

    def now(self) -> datetime:
        return self._clock.now()

    def emit(self, kind: EventType, message: TelegramMessageReceived, correlation: str, data: dict[str, Any],
             suffix: str = "") -> None:
        event_id = "evt_" + hashlib.sha256(f"{message.key}|{kind.value}|{suffix}".encode()).hexdigest()[:32]
        if kind is EventType.DUPLICATE:  # each duplicate delivery is its own event
            event_id = "evt_" + hashlib.sha256(f"{message.key}|dup|{time.time_ns()}".encode()).hexdigest()[:32]
        self._write(build_event(
            kind, tenant_id=message.tenant_id, source=SOURCE, clock=self._clock, correlation_id=correlation,
            event_id=event_id, data={"channelId": message.channel_id, "messageId": message.message_id, **data,
                                     **({"text": message.content, "messageAt": message.timestamp}
                                        if kind in _WITH_TEXT else {})},
        ))

    def reject(self, message: TelegramMessageReceived, correlation: str, rule: str, detail: str,
               signal: dict[str, Any] | None = None, suffix: str = "") -> None:
        logger.info("signal rejected by rule %s: %s", rule, detail)
        data = {"rule": rule, "detail": detail, **({"signal": signal} if signal else {})}
        self.emit(EventType.SIGNAL_REJECTED, message, correlation, data, suffix=f"{rule}:{suffix}")

    def rejected(self, inbound: Inbound, rule: str, detail: str,
                 signal: dict[str, Any] | None = None) -> dict[str, Any]:
        self.reject(inbound.message, inbound.correlation, rule, detail, signal, suffix=inbound.suffix)
        return PipelineResult(PipelineOutcome.REJECTED, refusal=f"{rule}: {detail}").to_json()

    def ignored(self, inbound: Inbound, reason: str, detail: str, **data: Any) -> dict[str, Any]:
        """A follow-up, edit or deletion that acts on nothing: ``FollowUpIgnored`` names why."""
        logger.info("follow-up ignored (%s): %s", reason, detail)
        self.emit(EventType.FOLLOW_UP_IGNORED, inbound.message, inbound.correlation,
                  {"reason": reason, "detail": detail, **_revision(inbound.message), **data}, suffix=reason)
        return result(PipelineOutcome.IGNORED)


def _revision(message: TelegramMessageReceived) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if message.reply_to_message_id is not None:
        out["replyToMessageId"] = message.reply_to_message_id
    if message.edited_at is not None:
        out["edited"] = True
    if message.deleted:
        out["deleted"] = True
    return out
