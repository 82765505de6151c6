"""Per-channel statistics: recorded fact by fact as things happen, read per channel and range of days.

``StatsRecorder`` is the one writer. ``count`` records facts in one transaction: the statistics fold
(``stats_fold``) counts the pipeline's signal facts with it, a few seconds after the messages, from the
feed the pipeline's completions append them to. ``record_trade`` counts what a trade has done (first fill,
final close, cancellation) and must run in the unit of work that saved the trade, after
``uow.trades.add``/``save``: the trade and its statistics commit together or not at all. Every fact has a
key (the event id; ``open:``/``close:``/``cancel:`` + trade id), so a fact recorded again never counts
twice, and the order facts arrive in does not matter: a signal counted after its trade's first fill is
counted traded and gives that fill its delay. A new fact extends its day's row (see ``record_facts``);
the routes read the day rows only.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from shared.domain import rules
from shared.domain.errors import NotFoundError, ValidationError
from shared.domain.stat_facts import first_fill_delay, trade_facts
from shared.domain.stats import ChannelStats, Counts, Curve, DayStats, FactKind, StatEntry, chain, fold_day
from shared.domain.trade import LegStatus, Trade
from shared.ports.repositories import AbstractUnitOfWork
from shared.ports.stats import AbstractStatsRepository
from shared.ports.transactions import TransactionRunner

logger = logging.getLogger(__name__)
MAX_RANGE_DAYS = 3660
_SIGNAL_KINDS = (FactKind.RECEIVED, FactKind.REJECTED, FactKind.HELD)  # the kinds that carry the message's time


def record_facts(stats: AbstractStatsRepository, facts: Iterable[StatEntry], *, fold: bool = True
                 ) -> set[tuple[str, int, date]]:
    """Add the facts not yet recorded and, with ``fold``, bring their days' rows up to date. Returns the days.

    A day row is extended by the new facts (counts added, curve continued) unless a new close lands before
    a close the day already has: then the day is folded again from its facts, so the curve stays in time
    order whatever order the facts arrive in."""
    added: dict[tuple[str, int, date], list[StatEntry]] = {}
    traded: Counter[tuple[str, int, date]] = Counter()
    refolds: set[tuple[str, int, date]] = set()
    for fact in facts:
        opened = stats.opened_entries(tenant_id=fact.tenant_id, message_key=fact.message_key) if (
            fact.kind in _SIGNAL_KINDS and fact.message_key) else []
        if fact.kind is FactKind.RECEIVED and opened and not fact.traded:
            fact = replace(fact, traded=True)  # its trade was counted first
        if not stats.add_entry(fact):
            continue
        key = (fact.tenant_id, fact.channel_id, fact.day)
        added.setdefault(key, []).append(fact)
        if fact.kind is FactKind.CLOSED and fold and stats.has_later_close(fact):
            refolds.add(key)
        if fact.kind is FactKind.OPENED and fact.message_key:
            for channel, day in stats.mark_traded(tenant_id=fact.tenant_id, message_key=fact.message_key):
                traded[(fact.tenant_id, channel, day)] += 1
        if opened and fact.message_key:
            _redelay(stats, fact.tenant_id, fact.message_key, opened, fold=fold)
    touched = set(added) | set(traded)
    if fold:
        for key in sorted(touched):
            if key in refolds:
                refold(stats, *key)
            else:
                _extend(stats, key, added.get(key, []), traded[key])
    return touched


def _redelay(stats: AbstractStatsRepository, tenant_id: str, message_key: str, opened: list[StatEntry], *,
             fold: bool) -> None:
    """A signal fact counted after its trades' first fills: their delay is measured from the message's time
    as it is now known (the earliest signal fact of the message), as if the signal had come first; their
    day rows take the difference."""
    message_at = stats.message_time(tenant_id=tenant_id, message_key=message_key)
    for entry in opened:
        delay = first_fill_delay(entry.at, message_at)
        if delay == entry.delay_ms:
            continue
        stats.set_delay(entry, delay)
        if not fold:
            continue
        current = stats.day(tenant_id=tenant_id, channel_id=entry.channel_id, day=entry.day)
        if current is None:  # not folded yet: the fold reads the fact as it is now
            continue
        counts = current.counts
        stats.put_day(replace(current, counts=replace(
            counts, delay_ms_sum=counts.delay_ms_sum - (entry.delay_ms or 0) + (delay or 0),
            delay_count=counts.delay_count - int(entry.delay_ms is not None) + int(delay is not None))))


def _extend(stats: AbstractStatsRepository, key: tuple[str, int, date], facts: list[StatEntry], traded: int) -> None:
    tenant_id, channel_id, day = key
    current = stats.day(tenant_id=tenant_id, channel_id=channel_id, day=day) or DayStats(
        tenant_id, channel_id, day, Counts(), Curve())
    new = fold_day(tenant_id, channel_id, day, facts)
    counts = current.counts.plus(new.counts)
    stats.put_day(DayStats(tenant_id, channel_id, day, replace(counts, signals_traded=counts.signals_traded + traded),
                           current.curve.then(new.curve)))


def refold(stats: AbstractStatsRepository, tenant_id: str, channel_id: int, day: date) -> None:
    entries = stats.entries_of_day(tenant_id=tenant_id, channel_id=channel_id, day=day)
    stats.put_day(fold_day(tenant_id, channel_id, day, entries))


def facts_of_trade(uow: AbstractUnitOfWork, trade: Trade) -> list[StatEntry]:
    """The trade's facts, with what they need from the store: the message's time (for the delay) and,
    once closed, the trade's history (the stop at entry, for R)."""
    if not any(leg.opened_at is not None for leg in trade.legs) and trade.status not in (
            LegStatus.CANCELLED, LegStatus.REJECTED):
        return []
    message_at = uow.stats.message_time(tenant_id=trade.tenant_id, message_key=trade.message_key)
    closed = trade.status is LegStatus.CLOSED
    history = uow.trades.history(tenant_id=trade.tenant_id, trade_id=trade.id) if closed else []
    return trade_facts(trade, history, message_at)


class StatsRecorder:
    """Keeps the per-channel statistics current; recording the same thing twice counts it once."""

    def __init__(self, db: TransactionRunner) -> None:
        self._db = db

    def count(self, facts: Sequence[StatEntry]) -> int:
        """Record ``facts`` (any tenants') in one transaction; how many day rows they changed. The facts of a
        tenant that is gone (purged) are dropped: nothing of it is kept."""
        if not facts:
            return 0
        try:
            return len(self._db.transact(lambda uow: record_facts(uow.stats, facts), what="record statistics"))
        except NotFoundError:
            tenants = sorted({fact.tenant_id for fact in facts})
            if len(tenants) == 1:
                logger.info("statistics of unknown tenant %s not recorded", tenants[0])
                return 0
            return sum(self.count([f for f in facts if f.tenant_id == tenant]) for tenant in tenants)

    def record_trade(self, uow: AbstractUnitOfWork, trade: Trade) -> bool:
        """Count what ``trade`` has done so far, inside ``uow`` (call after ``uow.trades.add``/``save``)."""
        return bool(record_facts(uow.stats, facts_of_trade(uow, trade)))


class StatsService:
    """Reads the day rows of one tenant: one channel over a range, or every channel (one row each)."""

    def __init__(self, db: TransactionRunner) -> None:
        self._db = db

    def channel(self, *, tenant_id: str, channel_id: int, since: date | None = None, until: date | None = None
                ) -> ChannelStats:
        """``since``..``until`` inclusive (UTC days; either open). Unknown channel: ``NotFoundError``."""
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        repositories = self._db.repositories
        found = repositories.stats.summaries(tenant_id=tenant_id, channel_id=channel_id, since=since,
                                             until=_end(since, until))
        if channel_id not in found and repositories.channels.get_by_tenant_and_channel(
                tenant_id=tenant_id, channel_id=channel_id) is None:
            raise NotFoundError("channel", str(channel_id), field="channelId")
        counts, curves = found.get(channel_id, (Counts(), []))
        return ChannelStats(channel_id, since, until, counts, chain(curves))

    def all_channels(self, *, tenant_id: str, since: date | None = None, until: date | None = None
                     ) -> list[ChannelStats]:
        """One entry per channel with statistics in the range, by channel id."""
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        found = self._db.repositories.stats.summaries(tenant_id=tenant_id, since=since, until=_end(since, until))
        return [ChannelStats(channel, since, until, counts, chain(curves))
                for channel, (counts, curves) in sorted(found.items())]

def _end(since: date | None, until: date | None) -> date | None:
    """The exclusive end of an inclusive range, checked."""
    if since is not None and until is not None:
        if until < since:
            raise ValidationError("to", "must not be before from")
        if (until - since).days > MAX_RANGE_DAYS:
            raise ValidationError("to", f"the range is at most {MAX_RANGE_DAYS} days")
    return None if until is None else until + timedelta(days=1)
