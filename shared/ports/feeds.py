"""A feed: an append-only log that one reader takes from in order and trims as it goes (a Redis stream;
a list in the embedded, single-process mode).

Entries are opaque bytes. The reader removes what it has handled; an entry read but not removed (the
reader died) is read again by the next reader, so handling must be idempotent.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass


class FeedUnavailableError(Exception):
    """The feed's store cannot be reached."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    id: str  # the store's id, increasing in append order
    data: bytes


class AbstractFeed(abc.ABC):
    def append(self, stream: str, entries: Sequence[bytes]) -> None:
        """Append ``entries`` in order, in one round trip."""
        if entries:
            self._append(stream, list(entries))

    def read(self, stream: str, *, limit: int) -> list[FeedItem]:
        """The oldest ``limit`` entries still in the feed, oldest first."""
        if limit <= 0:
            raise ValueError("limit must be positive")
        return self._read(stream, limit)

    def remove(self, stream: str, ids: Sequence[str]) -> int:
        """Remove handled entries; how many were still there."""
        return self._remove(stream, list(ids)) if ids else 0

    def length(self, stream: str) -> int:
        return self._length(stream)

    @abc.abstractmethod
    def _append(self, stream: str, entries: list[bytes]) -> None: ...
    @abc.abstractmethod
    def _read(self, stream: str, limit: int) -> list[FeedItem]: ...
    @abc.abstractmethod
    def _remove(self, stream: str, ids: list[str]) -> int: ...
    @abc.abstractmethod
    def _length(self, stream: str) -> int: ...
