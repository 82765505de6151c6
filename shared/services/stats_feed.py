"""The pipeline's side of the statistics: the signal facts of a message's events leave with the message's
completion (its idempotency record's outbox: no SQL and no extra round trip on the hot path), and the
statistics fold (``stats_fold``) counts them a few seconds later.

Where the completion cannot carry them (the idempotency store did not answer at completion) or there is no
completion (a held signal approved by a person), they are handed on directly: appended to the feed, or
counted in SQL at once when the feed is down too. Counting is keyed by the event id, so a fact that took
two of these ways still counts once.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from shared.domain.events import Event
from shared.domain.stat_facts import fact_of_event
from shared.domain.stats import FactKind, StatEntry
from shared.ports.feeds import AbstractFeed, FeedUnavailableError
from shared.ports.idempotency import CompletionOutbox
from shared.services.stats import StatsRecorder

logger = logging.getLogger(__name__)
FORMAT = 1  # an entry of another format is unreadable (skipped and logged by the fold)


class UnreadableFactError(ValueError):
    """A feed entry that is not a fact of the current format."""


def encode_fact(fact: StatEntry) -> bytes:
    data: dict[str, Any] = {"v": FORMAT, "t": fact.tenant_id, "e": fact.entry_id, "c": fact.channel_id,
                            "k": fact.kind.value, "at": fact.at.isoformat(), "m": fact.message_key, "r": fact.rule}
    if fact.traded:
        data["tr"] = True
    for name, value in (("p", fact.pnl), ("rk", fact.risk)):
        if value is not None:
            data[name] = str(value)
    if fact.delay_ms is not None:
        data["d"] = fact.delay_ms
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def decode_fact(raw: bytes) -> StatEntry:
    try:
        data = json.loads(raw)
        if not isinstance(data, dict) or data.get("v") != FORMAT:
            raise UnreadableFactError("unknown format")
        return StatEntry(tenant_id=data["t"], entry_id=data["e"], channel_id=int(data["c"]), kind=FactKind(data["k"]),
                         at=datetime.fromisoformat(data["at"]), message_key=data["m"], rule=data["r"],
                         traded=data.get("tr") is True, pnl=_decimal(data.get("p")), risk=_decimal(data.get("rk")),
                         delay_ms=data.get("d"))
    except (ValueError, KeyError, TypeError, ArithmeticError) as exc:
        raise UnreadableFactError(f"not a statistics fact: {exc!r}") from exc


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def facts_of(events: Iterable[Event]) -> list[StatEntry]:
    """The statistics facts among a message's events (signal events only)."""
    return [fact for fact in (fact_of_event(e) for e in events) if fact is not None]


class StatsFeed:
    """Hands signal facts on to the fold: with a completion (``outbox``), or directly (``append``)."""

    def __init__(self, feed: AbstractFeed, stream: str, recorder: StatsRecorder) -> None:
        self._feed = feed
        self.stream = stream
        self._recorder = recorder

    def outbox(self, facts: Sequence[StatEntry]) -> CompletionOutbox | None:
        return CompletionOutbox(self.stream, tuple(encode_fact(f) for f in facts)) if facts else None

    def append(self, facts: Sequence[StatEntry]) -> None:
        """Outside a completion: to the feed, or counted at once when the feed cannot be reached."""
        if not facts:
            return
        try:
            self._feed.append(self.stream, [encode_fact(f) for f in facts])
        except FeedUnavailableError as exc:
            logger.warning("statistics feed unavailable (%s): %s fact(s) counted at once", exc, len(facts))
            self.count_now(facts)

    def count_now(self, facts: Sequence[StatEntry]) -> None:
        """The fallback: counted in SQL now (a failure raises, and the message's retry counts them)."""
        self._recorder.count(facts)
