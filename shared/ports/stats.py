"""The statistics store port: counted facts (each once) and the per-channel per-UTC-day summaries."""

from __future__ import annotations

import abc
from datetime import date, datetime

from shared.domain import rules
from shared.domain.errors import ValidationError
from shared.domain.stats import Counts, Curve, DayStats, FactKind, StatEntry


def _channel(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("channel_id", "must be an integer")
    return value


class AbstractStatsRepository(abc.ABC):
    """Facts keyed by (tenant, entry id) and the day rows folded from them, tenant-scoped."""

    def add_entry(self, entry: StatEntry) -> bool:
        """Record a fact; False (and nothing changed) when the tenant already has one with its id."""
        return self._add_entry(entry)

    def mark_traded(self, *, tenant_id: str, message_key: str) -> list[tuple[int, date]]:
        """Flag the message's received facts as traded; returns the (channel, day) of each fact flagged now."""
        return self._mark_traded(rules.entity_id("tenant_id", tenant_id), rules.text("message_key", message_key, 150)
                                 or "")

    def opened_entries(self, *, tenant_id: str, message_key: str) -> list[StatEntry]:
        """The first-fill facts of the message's trades recorded so far (a signal counted after its trade is
        counted traded, and gives those facts their delay)."""
        return self._opened_entries(rules.entity_id("tenant_id", tenant_id),
                                  rules.text("message_key", message_key, 150) or "")

    def set_delay(self, entry: StatEntry, delay_ms: int | None) -> None:
        """Change a recorded first-fill fact's delay (its message's time became known after it)."""
        self._set_delay(entry.tenant_id, entry.entry_id, delay_ms)

    def message_time(self, *, tenant_id: str, message_key: str) -> datetime | None:
        """The earliest time a signal fact of the message carries (its message time), or None."""
        return self._message_time(rules.entity_id("tenant_id", tenant_id),
                                  rules.text("message_key", message_key, 150) or "")

    def entries_of_day(self, *, tenant_id: str, channel_id: int, day: date) -> list[StatEntry]:
        return self._entries_of_day(rules.entity_id("tenant_id", tenant_id), _channel(channel_id), day)

    def day(self, *, tenant_id: str, channel_id: int, day: date) -> DayStats | None:
        return self._day(rules.entity_id("tenant_id", tenant_id), _channel(channel_id), day)

    def has_later_close(self, entry: StatEntry) -> bool:
        """Whether the day already has a close after ``entry`` (time, then entry id): then the day's curve
        must be folded again rather than extended."""
        return self._has_later_close(entry)

    def put_day(self, stats: DayStats) -> None:
        """Insert or replace the day row."""
        self._put_day(stats)

    def days(self, *, tenant_id: str, channel_id: int | None = None, since: date | None = None,
             until: date | None = None) -> list[DayStats]:
        """Day rows with ``since <= day < until`` (either open), one channel or all, in day order."""
        if since is not None and until is not None and since >= until:
            raise ValidationError("to", "must be after from")
        return self._days(rules.entity_id("tenant_id", tenant_id),
                          None if channel_id is None else _channel(channel_id), since, until)

    def summaries(self, *, tenant_id: str, channel_id: int | None = None, since: date | None = None,
                  until: date | None = None) -> dict[int, tuple[Counts, list[Curve]]]:
        """Per channel over ``since <= day < until``: the day rows' counts summed (by the store) and their
        curves in day order (what the range's drawdown is chained from)."""
        if since is not None and until is not None and since >= until:
            raise ValidationError("to", "must be after from")
        return self._summaries(rules.entity_id("tenant_id", tenant_id),
                               None if channel_id is None else _channel(channel_id), since, until)

    def clear(self, *, tenant_id: str, kinds: tuple[FactKind, ...], at_or_after: datetime | None = None) -> int:
        """Delete the tenant's facts of ``kinds`` (only those at or after ``at_or_after`` when given) and every
        day row; the rebuild then records the facts again. Returns the facts deleted."""
        return self._clear(rules.entity_id("tenant_id", tenant_id), kinds, at_or_after)

    def day_keys(self, *, tenant_id: str) -> list[tuple[int, date]]:
        """Every (channel, day) the tenant has facts on."""
        return self._day_keys(rules.entity_id("tenant_id", tenant_id))

    @abc.abstractmethod
    def _add_entry(self, entry: StatEntry) -> bool: ...
    @abc.abstractmethod
    def _mark_traded(self, tenant_id: str, message_key: str) -> list[tuple[int, date]]: ...
    @abc.abstractmethod
    def _opened_entries(self, tenant_id: str, message_key: str) -> list[StatEntry]: ...
    @abc.abstractmethod
    def _set_delay(self, tenant_id: str, entry_id: str, delay_ms: int | None) -> None: ...
    @abc.abstractmethod
    def _message_time(self, tenant_id: str, message_key: str) -> datetime | None: ...
    @abc.abstractmethod
    def _entries_of_day(self, tenant_id: str, channel_id: int, day: date) -> list[StatEntry]: ...
    @abc.abstractmethod
    def _day(self, tenant_id: str, channel_id: int, day: date) -> DayStats | None: ...
    @abc.abstractmethod
    def _has_later_close(self, entry: StatEntry) -> bool: ...
    @abc.abstractmethod
    def _put_day(self, stats: DayStats) -> None: ...
    @abc.abstractmethod
    def _days(self, tenant_id: str, channel_id: int | None, since: date | None, until: date | None
              ) -> list[DayStats]: ...
    @abc.abstractmethod
    def _summaries(self, tenant_id: str, channel_id: int | None, since: date | None, until: date | None
                   ) -> dict[int, tuple[Counts, list[Curve]]]: ...
    @abc.abstractmethod
    def _clear(self, tenant_id: str, kinds: tuple[FactKind, ...], at_or_after: datetime | None) -> int: ...
    @abc.abstractmethod
    def _day_keys(self, tenant_id: str) -> list[tuple[int, date]]: ...
