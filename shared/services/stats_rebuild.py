"""``pipster stats rebuild``: the statistics recomputed from the trades and the events, in one transaction.

Trade facts (opened, closed, cancelled) come from the Trades tables, which keep every trade. Signal facts
come from the pipeline's events, which expire after 90 days: facts from before ``signals_since`` (default:
the event retention) are kept as they are, not dropped, and only the newer ones are recomputed. The result
is what recording the same history fact by fact gives (``tests/integration/test_stats.py`` checks it on
randomised histories).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.clock import Clock
from shared.domain import rules
from shared.domain.events import EVENT_TTL_SECONDS, EventType
from shared.domain.stat_facts import SIGNAL_EVENT_TYPES, fact_of_event
from shared.domain.stats import FactKind
from shared.domain.trade import Trade
from shared.ports.events import AbstractEventStore
from shared.ports.repositories import AbstractUnitOfWork
from shared.ports.trades import TRADE_PAGE_MAX
from shared.ports.transactions import TransactionRunner
from shared.services.stats import facts_of_trade, record_facts, refold

logger = logging.getLogger(__name__)
_TRADE_KINDS = (FactKind.OPENED, FactKind.CLOSED, FactKind.CANCELLED)
_SIGNAL_KINDS = (FactKind.RECEIVED, FactKind.REJECTED, FactKind.HELD, FactKind.NOT_A_SIGNAL)
# Only the types this build knows can be asked of the store (SignalHeld arrives with the review outcome).
_QUERY_TYPES = [t for t in SIGNAL_EVENT_TYPES if t in EventType._value2member_map_]


@dataclass(frozen=True, slots=True)
class RebuildReport:
    tenant_id: str
    signal_facts: int
    trades: int
    days: int
    signals_since: datetime


class StatsRebuilder:
    def __init__(self, db: TransactionRunner, events: AbstractEventStore, clock: Clock) -> None:
        self._db = db
        self._events = events
        self._clock = clock

    def rebuild(self, *, tenant_id: str, signals_since: datetime | None = None) -> RebuildReport:
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        now = self._clock.now()
        since = now - timedelta(seconds=EVENT_TTL_SECONDS)
        if signals_since is not None:
            since = rules.aware("signals_since", signals_since) or since
        signal_facts = [fact for event in self._events.iter_events(
            tenant_id=tenant_id, since=since - timedelta(days=1), until=now + timedelta(seconds=1), types=_QUERY_TYPES)
            if (fact := fact_of_event(event)) is not None]

        def work(uow: AbstractUnitOfWork) -> RebuildReport:
            stats = uow.stats
            stats.clear(tenant_id=tenant_id, kinds=_TRADE_KINDS)
            stats.clear(tenant_id=tenant_id, kinds=_SIGNAL_KINDS, at_or_after=since)
            record_facts(stats, signal_facts, fold=False)
            trades = 0
            for batch in _all_trades(uow, tenant_id):
                for trade in batch:
                    record_facts(stats, facts_of_trade(uow, trade), fold=False)
                trades += len(batch)
            keys = stats.day_keys(tenant_id=tenant_id)
            for channel_id, day in keys:
                refold(stats, tenant_id, channel_id, day)
            return RebuildReport(tenant_id, len(signal_facts), trades, len(keys), since)

        report = self._db.transact(work, what="rebuild statistics")
        logger.info("statistics of tenant %s rebuilt: %s", tenant_id, report)
        return report


def _all_trades(uow: AbstractUnitOfWork, tenant_id: str) -> Iterator[list[Trade]]:
    """Every trade of the tenant, a page at a time (one transaction: the pages cannot shift)."""
    offset = 0
    while True:
        page = uow.trades.page(tenant_id=tenant_id, limit=TRADE_PAGE_MAX, offset=offset)
        if not page:
            return
        yield page
        offset += len(page)
