"""Signals held for review: held by the pipeline, listed for the tenant, approved (then traded) or rejected,
each exactly once.

An approval enqueues its trade commands before it records the resolution: a crash in between leaves the
signal pending with its commands on their way, and approving again sends the same commands (the client
order ids derive from the held signal), which the executor places once. Of two approvals racing, one
resolution wins; the other answers a conflict, and their commands are one order at the broker.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from shared.clock import Clock
from shared.domain import rules
from shared.domain.errors import ConflictError, NotFoundError, ValidationError
from shared.domain.events import EventType, build_event
from shared.domain.ids import new_id
from shared.domain.messages import TelegramMessageReceived
from shared.domain.review import HeldSignal, HeldStatus, HoldReason
from shared.domain.signal import ParsedSignal
from shared.ports.events import AbstractEventStore
from shared.ports.queues import TRADE_COMMANDS, AbstractMessageQueue
from shared.ports.repositories import AbstractUnitOfWork
from shared.ports.transactions import TransactionRunner
from shared.services.config_provider import CachedConfigProvider
from shared.services.pipeline_record import Inbound, PipelineOutcome, PipelineResult

logger = logging.getLogger(__name__)
SOURCE = "SignalReview"
PAGE_MAX = 200
# What a reviewer may correct; the rest of the signal stays as parsed.
CORRECTABLE = frozenset({"symbol", "side", "order_type", "entry", "entry_range", "stop_loss", "take_profits"})


class Opener(Protocol):
    """Opens an approved signal's trades under the pipeline's own rules (``SignalPipeline.open_approved``)."""

    def __call__(self, inbound: Inbound, signal: ParsedSignal, *, index: int, message_key: str) -> PipelineResult:
        ...


@dataclass(frozen=True, slots=True)
class Approval:
    held: HeldSignal
    commands: int


class ReviewService:
    def __init__(self, *, db: TransactionRunner, config: CachedConfigProvider, opener: Callable[[], Opener],
                 queues: AbstractMessageQueue, events: AbstractEventStore, clock: Clock) -> None:
        self._db = db
        self._config = config
        self._opener = opener  # resolved when first needed: the pipeline holds through this service
        self._queues = queues
        self._events = events
        self._clock = clock

    # -- the pipeline's side ----------------------------------------------------------------------------
    def hold(self, inbound: Inbound, *, index: int, signal: ParsedSignal, reason: HoldReason,
             message_key: str) -> HeldSignal:
        """Hold one signal of a message (a redelivery holds nothing twice). ``message_key`` is the key its
        trades will have, so an approval opens them where the pipeline would have."""
        message = inbound.message
        held = HeldSignal(
            id=new_id("hld"), tenant_id=message.tenant_id, channel_id=message.channel_id, message_key=message_key,
            message_id=message.message_id, signal_index=index, signal=signal, hold_reason=reason,
            message_at=message.timestamp, created_at=self._clock.now(), correlation_id=inbound.correlation)
        return self._db.transact(lambda uow: uow.held_signals.add_if_absent(held), what="hold signal")

    # -- the tenant's side ------------------------------------------------------------------------------
    def page(self, *, tenant_id: str, status: HeldStatus | None = None, limit: int = 50,
             offset: int = 0) -> list[HeldSignal]:
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        limit, offset = max(1, min(limit, PAGE_MAX)), max(0, offset)
        return self._db.repositories.held_signals.page(tenant_id=tenant_id, status=status, limit=limit,
                                                       offset=offset)

    def get(self, *, tenant_id: str, held_id: str) -> HeldSignal:
        held = self._db.repositories.held_signals.get(tenant_id=rules.entity_id("tenant_id", tenant_id),
                                                      held_id=rules.entity_id("signal_id", held_id))
        if held is None:
            raise NotFoundError("held signal", held_id, field="signal_id")
        return held

    def approve(self, *, tenant_id: str, held_id: str, corrections: dict[str, Any] | None = None,
                by: str) -> Approval:
        """Trade the held signal (with ``corrections``, fields of the signal) unless it is too old to."""
        held = self.get(tenant_id=tenant_id, held_id=held_id)
        _require_pending(held)
        signal = _corrected(held.signal, corrections or {})
        config = self._config.get(tenant_id=held.tenant_id, channel_id=held.channel_id)
        if config.tenant is None or not config.tenant.is_active:
            raise ConflictError("status", "only an active tenant trades")
        if config.channel is None or config.trading is None:
            raise ConflictError("channel_id", "the channel or the trading configuration is gone")
        # The pipeline's own rules decide, ``stale`` (maxSignalDelaySeconds from the message's time) included.
        trading, now = config.trading, self._clock.now()
        message = TelegramMessageReceived(
            tenant_id=held.tenant_id, channel_id=held.channel_id, message_id=held.message_id, content="",
            timestamp=held.message_at, correlation_id=held.correlation_id or None)
        # The tenant's rules still apply (a corrected symbol may be blacklisted); auto-execute is this decision.
        inbound = Inbound(message, held.correlation_id or held.id, config.tenant, config.channel,
                          dataclasses.replace(trading, auto_execute_enabled=True), config.routing)
        opened = self._opener()(inbound, signal, index=held.signal_index, message_key=held.message_key)
        if opened.outcome is not PipelineOutcome.ACCEPTED or not opened.commands:
            raise ConflictError("signal", f"not traded: {opened.refusal or opened.outcome.value}")
        for command in opened.commands:
            self._queues.send(TRADE_COMMANDS, command)
        held.resolve(HeldStatus.APPROVED, at=now, by=by)
        self._resolve(held)
        self._record(held, EventType.SIGNAL_APPROVED, {"commands": len(opened.commands),
                                                       "corrected": sorted(corrections or {}),
                                                       "signal": signal.to_json()})
        logger.info("held signal %s approved: %s command(s)", held.id, len(opened.commands))
        return Approval(held, len(opened.commands))

    def reject(self, *, tenant_id: str, held_id: str, by: str, note: str | None = None) -> HeldSignal:
        held = self.get(tenant_id=tenant_id, held_id=held_id)
        _require_pending(held)
        held.resolve(HeldStatus.REJECTED, at=self._clock.now(), by=by, note=note)
        self._resolve(held)
        self._record(held, EventType.SIGNAL_REJECTED, {"rule": "reviewer_rejected", "detail": note or ""})
        return held

    def _resolve(self, held: HeldSignal) -> None:
        def work(uow: AbstractUnitOfWork) -> bool:
            return uow.held_signals.resolve(held)

        if not self._db.transact(work, what="resolve held signal"):
            raise ConflictError("status", "the signal was resolved by another request")

    def _record(self, held: HeldSignal, kind: EventType, data: dict[str, Any]) -> None:
        self._events.append(build_event(
            kind, tenant_id=held.tenant_id, source=SOURCE, clock=self._clock, correlation_id=held.correlation_id,
            event_id="evt_" + hashlib.sha256(f"{held.id}|{kind.value}".encode()).hexdigest()[:32],
            data={"heldSignalId": held.id, "channelId": held.channel_id, "messageId": held.message_id,
                  "resolvedBy": held.resolved_by, **data}))


def _require_pending(held: HeldSignal) -> None:
    if held.status is not HeldStatus.PENDING:
        raise ConflictError("status", f"the signal was already {held.status.value.lower()}")


def _corrected(signal: ParsedSignal, corrections: dict[str, Any]) -> ParsedSignal:
    """The signal with a reviewer's corrections, validated like any parse (a person vouches for it)."""
    unknown = sorted(set(corrections) - CORRECTABLE)
    if unknown:
        raise ValidationError(unknown[0], "cannot be corrected")
    if not corrections:
        return signal
    data = signal.to_json()
    names = {"order_type": "orderType", "entry_range": "entryRange", "stop_loss": "stopLoss",
             "take_profits": "takeProfits"}
    for name, value in corrections.items():
        data[names.get(name, name)] = value
    data["confidence"], data["reasons"] = 1.0, ["corrected_by_reviewer"]
    return ParsedSignal.from_json(data)
