"""The pending-expiry sweep (job ``trade-expiry``): resting entries older than the tenant's
``pendingExpiryMinutes`` are cancelled.

Each cancel is the same trade command a follow-up or the tenant would send, run through the executor
at once. Its key is derived from the trade (``{messageKey}:expiry``), so a sweep that runs twice, or
two runners at once, cancel each leg once. Venues with their own expiry (the paper broker) were given
it with the order; the sweep covers the rest and records the cancellation on the trade either way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from shared.clock import Clock
from shared.domain.messages import TradeAction, TradeActionKind
from shared.ports.transactions import TransactionRunner
from shared.services.reports import JobReport
from shared.services.trade_commands import action_command

if TYPE_CHECKING:
    from shared.services.executor import TradeExecutor

logger = logging.getLogger(__name__)
JOB = "trade-expiry"


class PendingExpirySweep:
    def __init__(self, database: TransactionRunner, executor: Callable[[], TradeExecutor],
                 tenant_ids: Callable[[], list[str]], clock: Clock) -> None:
        self._db = database
        self._executor = executor
        self._tenant_ids = tenant_ids
        self._clock = clock

    def run(self) -> JobReport:
        now = self._clock.now()
        cancelled: list[str] = []
        failed: dict[str, str] = {}
        repositories = self._db.repositories
        for tenant_id in self._tenant_ids():
            trading = repositories.trading.get_by_tenant_id(tenant_id=tenant_id)
            if trading is None or trading.pending_expiry_minutes is None:
                continue
            before = now - timedelta(minutes=trading.pending_expiry_minutes)
            for trade in repositories.trades.pending_created_before(tenant_id=tenant_id, before=before):
                command = action_command(trade, TradeAction(TradeActionKind.CANCEL, trade.id),
                                         key=f"{trade.message_key}:expiry", label="cancel.expired",
                                         correlation_id=f"expiry-{trade.id}", received_at=now)
                outcome = self._executor().handle(command.to_json())
                if outcome.outcome.value == "executed":
                    cancelled.append(trade.id)
                else:
                    failed[trade.id] = outcome.reason or outcome.outcome.value
        logger.info("pending expiry: %s trade(s) cancelled, %s refused", len(cancelled), len(failed))
        return JobReport(JOB, {"cancelled": cancelled, "refused": failed})
