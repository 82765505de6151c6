"""ChannelConfiguration: one Telegram channel a tenant copies signals from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from shared.domain import rules
from shared.domain.changes import UNSET, Maybe
from shared.domain.errors import ValidationError
from shared.domain.patterns import validate_pattern
from shared.domain.vocabulary import ParserVocabulary


class FollowUpLinking(StrEnum):
    REPLY = "reply"  # only a reply acts, on the trades its parent message opened
    REPLY_OR_SYMBOL = "replyOrSymbol"  # otherwise the newest open trade on the named symbol in the channel


class EditPolicy(StrEnum):
    APPLY = "apply"
    IGNORE = "ignore"


class DeletePolicy(StrEnum):
    CANCEL_PENDING = "cancelPending"  # a deleted signal cancels its resting entries, never an open position
    IGNORE = "ignore"


FOLLOW_UP_WINDOW_HOURS_MAX = 24 * 30
C = TypeVar("C", bound=StrEnum)

# Telegram ids (channels are negative, "-100…") fit a signed 64-bit BIGINT.
_BIGINT = 2**63


@dataclass(frozen=True, slots=True)
class ChannelChanges:
    """What a tenant may change of a channel (``UNSET``: unchanged)."""

    channel_name: Maybe[str | None] = UNSET
    regex_pattern: Maybe[str] = UNSET
    auto_execute: Maybe[bool] = UNSET
    review_below_confidence: Maybe[float | None] = UNSET
    vocabulary: Maybe[ParserVocabulary | None] = UNSET


@dataclass(slots=True)
class ChannelConfiguration:
    """A channel's parsing pattern (empty = built-in parser) and whether it is enabled."""

    id: str
    tenant_id: str
    channel_id: int
    created_at: datetime
    channel_name: str | None = None
    regex_pattern: str = ""
    is_enabled: bool = True
    updated_at: datetime | None = None
    follow_up_linking: FollowUpLinking = FollowUpLinking.REPLY
    follow_up_window_hours: int = 24
    edit_policy: EditPolicy = EditPolicy.APPLY
    delete_policy: DeletePolicy = DeletePolicy.CANCEL_PENDING
    # Review (ours, issue 14): off -> every signal is held for a person; a parse whose confidence is below the
    # threshold (None: the parser's default) is held; extra words the built-in parser applies for this channel.
    auto_execute: bool = True
    review_below_confidence: float | None = None
    vocabulary: ParserVocabulary | None = None

    def __post_init__(self) -> None:
        self.id = rules.entity_id("id", self.id)
        self.tenant_id = rules.entity_id("tenant_id", self.tenant_id)
        if isinstance(self.channel_id, bool) or not isinstance(self.channel_id, int):
            raise ValidationError("channel_id", "must be an integer")
        if not -_BIGINT <= self.channel_id < _BIGINT or self.channel_id == 0:
            raise ValidationError("channel_id", "must be a non-zero 64-bit integer")
        self.channel_name = rules.text("channel_name", self.channel_name, 255, required=False)
        if not isinstance(self.regex_pattern, str):
            raise ValidationError("regex_pattern", "must be a string")
        if not isinstance(self.is_enabled, bool):
            raise ValidationError("is_enabled", "must be a boolean")
        if self.is_enabled:
            validate_pattern(self.regex_pattern)
        rules.aware("created_at", self.created_at)
        rules.aware("updated_at", self.updated_at, required=False)
        self._check_follow_up_settings()
        self._check_review_settings()

    def _check_review_settings(self) -> None:
        if not isinstance(self.auto_execute, bool):
            raise ValidationError("auto_execute", "must be a boolean")
        threshold = self.review_below_confidence
        if threshold is not None:
            if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not 0 <= threshold <= 1:
                raise ValidationError("review_below_confidence", "must be a number from 0 to 1, or null")
            self.review_below_confidence = float(threshold)
        if self.vocabulary is not None and not isinstance(self.vocabulary, ParserVocabulary):
            raise ValidationError("vocabulary", "must be a vocabulary object")
        if self.vocabulary is not None and self.vocabulary.is_empty:
            self.vocabulary = None

    def _check_follow_up_settings(self) -> None:
        self.follow_up_linking = _choice("follow_up_linking", FollowUpLinking, self.follow_up_linking)
        self.edit_policy = _choice("edit_policy", EditPolicy, self.edit_policy)
        self.delete_policy = _choice("delete_policy", DeletePolicy, self.delete_policy)
        hours = self.follow_up_window_hours
        if isinstance(hours, bool) or not isinstance(hours, int) or not 1 <= hours <= FOLLOW_UP_WINDOW_HOURS_MAX:
            raise ValidationError("follow_up_window_hours",
                                  f"must be a whole number from 1 to {FOLLOW_UP_WINDOW_HOURS_MAX}")

    def enable(self, now: datetime) -> None:
        validate_pattern(self.regex_pattern)  # an enabled channel always has a valid pattern
        self.is_enabled = True
        self.updated_at = now

    def disable(self, now: datetime) -> None:
        self.is_enabled = False
        self.updated_at = now

    def change_pattern(self, pattern: str, now: datetime) -> None:
        if self.is_enabled:
            validate_pattern(pattern)
        self.regex_pattern = pattern
        self.updated_at = now

    def apply(self, changes: ChannelChanges, now: datetime) -> ChannelConfiguration:
        """Change the name and/or the pattern (compiled under RE2 first when the channel is enabled)."""
        if changes.channel_name is not UNSET:
            self.channel_name = rules.text("channel_name", changes.channel_name, 255, required=False)
            self.updated_at = now
        if changes.regex_pattern is not UNSET:
            if not isinstance(changes.regex_pattern, str):
                raise ValidationError("regex_pattern", "must be a string")
            self.change_pattern(changes.regex_pattern, now)
        if changes.auto_execute is not UNSET:
            self.auto_execute = changes.auto_execute
        if changes.review_below_confidence is not UNSET:
            self.review_below_confidence = changes.review_below_confidence
        if changes.vocabulary is not UNSET:
            self.vocabulary = changes.vocabulary
        self._check_review_settings()
        self.updated_at = now
        return self

def _choice(field: str, enum: type[C], value: object) -> C:
    if isinstance(value, enum):
        return value
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        return enum(value)
    except ValueError:
        raise ValidationError(field, f"must be one of {', '.join(m.value for m in enum)}") from None
