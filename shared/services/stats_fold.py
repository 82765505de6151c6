"""The statistics fold (a timer, every few seconds): counts the signal facts the pipeline's completions
appended to the statistics feed into the per-channel day rows, then removes them from the feed.

Exactly once, whatever fails: a batch is counted in one SQL transaction, and removed from the feed only
after that commits. A fold that dies in between leaves the batch in the feed; the next one reads it again
and the facts already recorded (keyed by their event ids) are skipped, so each counts once. Two folds at
the same time (a timer and ``pipster stats fold``) are safe the same way.

The routes read the day rows, so they lag the pipeline by up to one period of the timer plus a fold's run
(``docs/statistics.md``). Facts are ordered as appended, but counting does not depend on order.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from shared.domain.stats import StatEntry
from shared.ports.feeds import AbstractFeed
from shared.services.reports import JobReport
from shared.services.stats import StatsRecorder
from shared.services.stats_feed import UnreadableFactError, decode_fact

logger = logging.getLogger(__name__)


class StatsFold:
    def __init__(self, feed: AbstractFeed, stream: str, recorder: StatsRecorder, *, batch: int = 1000,
                 budget_seconds: float = 20.0, monotonic: Callable[[], float] = time.monotonic) -> None:
        if batch <= 0 or budget_seconds <= 0:
            raise ValueError("batch and budget must be positive")
        self._feed = feed
        self._stream = stream
        self._recorder = recorder
        self._batch = batch
        self._budget = budget_seconds
        self._now = monotonic

    def run(self) -> JobReport:
        """Fold batches until the feed is empty or the time budget is spent (the next run goes on)."""
        started = self._now()
        folded = days = unreadable = 0
        while True:
            items = self._feed.read(self._stream, limit=self._batch)
            if not items:
                break
            facts: list[StatEntry] = []
            for item in items:
                try:
                    facts.append(decode_fact(item.data))
                except UnreadableFactError as exc:  # never counted, and not left to block the feed
                    unreadable += 1
                    logger.warning("statistics feed entry %s skipped: %s", item.id, exc)
            days += self._recorder.count(facts)
            self._feed.remove(self._stream, [item.id for item in items])
            folded += len(facts)
            if len(items) < self._batch or self._now() - started >= self._budget:
                break
        backlog = self._feed.length(self._stream)
        if folded or unreadable:
            logger.info("statistics folded: %s fact(s), %s day row(s), %s left", folded, days, backlog)
        return JobReport("stats-fold", {"folded": folded, "dayRows": days, "unreadable": unreadable,
                                        "backlog": backlog})
