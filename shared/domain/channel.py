"""ChannelConfiguration: one Telegram channel a tenant copies signals from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.domain import rules
from shared.domain.changes import UNSET, Maybe
from shared.domain.errors import ValidationError
from shared.domain.patterns import validate_pattern

# Telegram ids (channels are negative, "-100…") fit a signed 64-bit BIGINT.
_BIGINT = 2**63


@dataclass(frozen=True, slots=True)
class ChannelChanges:
    """What a tenant may change of a channel (``UNSET``: unchanged)."""

    channel_name: Maybe[str | None] = UNSET
    regex_pattern: Maybe[str] = UNSET


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
        return self
