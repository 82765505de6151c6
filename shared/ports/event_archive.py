"""The cold archive port: one file of events per tenant and UTC day, kept for years after the store expires them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from shared.domain.errors import DomainError
from shared.domain.events import Event

CONTAINER = "events-archive"


class ArchiveOfflineError(DomainError):
    """The day's file sits in the Archive access tier (or is being rehydrated): readable only after rehydration."""


@dataclass(frozen=True, slots=True)
class ArchivedDay:
    path: str  # events-archive/{tenantId}/{yyyy}/{mm}/{dd}.jsonl.gz
    events: int
    bytes: int


class AbstractEventArchive(Protocol):
    """Day files are written whole: writing a day again replaces its file, so a rerun never duplicates a line."""

    def write_day(self, tenant_id: str, day: date, events: Sequence[Event]) -> ArchivedDay: ...

    def read_day(self, tenant_id: str, day: date) -> list[Event]:
        """The day's events, oldest first; ``NotFoundError`` when the day was never archived."""
        ...

    def purge_tenant(self, tenant_id: str) -> int:
        """GDPR erasure of every archived day of the tenant; returns how many files were deleted."""
        ...

    def archived_through(self) -> date | None:
        """The last day every tenant was archived for (the job's checkpoint)."""
        ...

    def set_archived_through(self, day: date) -> None: ...
