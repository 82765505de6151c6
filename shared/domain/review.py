"""HeldSignal: a parsed signal a person decides on before anything trades (a doubtful parse, or a channel
that reviews every signal). It is resolved exactly once: approved (then traded) or rejected."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from shared.domain import rules
from shared.domain.channel import ChannelConfiguration
from shared.domain.errors import InvalidStateError
from shared.domain.signal import REVIEW_BELOW_CONFIDENCE_DEFAULT, ParsedSignal


class HeldStatus(StrEnum):
    PENDING = "Pending"
    APPROVED = "Approved"
    REJECTED = "Rejected"


class HoldReason(StrEnum):
    LOW_CONFIDENCE = "low_confidence"  # the parse's confidence is below the channel's threshold
    CHANNEL_REVIEWS_ALL = "channel_reviews_all"  # the channel is set not to execute automatically


@dataclass(slots=True)
class HeldSignal:
    id: str
    tenant_id: str
    channel_id: int
    message_key: str
    message_id: int
    signal_index: int  # the signal's place in its message (a message may carry several)
    signal: ParsedSignal
    hold_reason: HoldReason
    message_at: datetime  # when the channel posted it: the signal's age is counted from here
    created_at: datetime
    correlation_id: str = ""
    status: HeldStatus = HeldStatus.PENDING
    resolved_at: datetime | None = None
    resolved_by: str | None = None
    rejection_note: str | None = field(default=None)

    def __post_init__(self) -> None:
        self.id = rules.entity_id("id", self.id)
        self.tenant_id = rules.entity_id("tenant_id", self.tenant_id)
        self.status = HeldStatus(self.status)
        self.hold_reason = HoldReason(self.hold_reason)
        rules.aware("message_at", self.message_at)
        rules.aware("created_at", self.created_at)
        rules.aware("resolved_at", self.resolved_at, required=False)

    def resolve(self, status: HeldStatus, *, at: datetime, by: str, note: str | None = None) -> None:
        """Approve or reject; a signal already resolved cannot be resolved again."""
        if self.status is not HeldStatus.PENDING:
            raise InvalidStateError("status", f"the signal was already {self.status.value.lower()}")
        if status is HeldStatus.PENDING:
            raise InvalidStateError("status", "a resolution approves or rejects")
        self.status, self.resolved_at, self.resolved_by = status, at, by
        self.rejection_note = rules.text("note", note, 500, required=False)


def hold_reason(signal: ParsedSignal, channel: ChannelConfiguration) -> HoldReason | None:
    """Why this channel's signal waits for a person, or None when it may trade at once."""
    if not channel.auto_execute:
        return HoldReason.CHANNEL_REVIEWS_ALL
    threshold = channel.review_below_confidence
    if signal.needs_review(REVIEW_BELOW_CONFIDENCE_DEFAULT if threshold is None else threshold):
        return HoldReason.LOW_CONFIDENCE
    return None
