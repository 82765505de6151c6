"""``dailyLossLimitPercent``: the realised loss of the UTC day against the day's opening balance.

The opening balance is not stored: it is today's balance with today's realised P&L taken back out
(balance now - realised today), summed over the broker connections the channel trades on. Only a day
with a realised loss asks the brokers anything. When the limit is reached, new trades are refused and
one ``TradingHalted`` event per tenant and UTC day is recorded (its id is derived from the day); the
next UTC day starts from zero, so trading resumes by itself. A balance no broker can give while the day
is in loss counts as halted: in doubt, no new trade.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import TypeVar

from shared.clock import Clock
from shared.crypto.errors import DecryptionError
from shared.domain.broker import BrokerConnection
from shared.domain.events import EventType, build_event
from shared.ports.brokers import AbstractBrokerConnector, BrokerError
from shared.ports.events import AbstractEventStore
from shared.ports.repositories import AbstractRepositories
from shared.services.pipeline_record import Inbound

logger = logging.getLogger(__name__)
RULE = "daily_loss_limit"

ConnectorFor = Callable[[BrokerConnection], AbstractBrokerConnector]
B = TypeVar("B")  # a connection, or a cached route to one: whatever ``connector_for`` opens


def day_start(at: datetime) -> datetime:
    moment = at.astimezone(UTC)
    return datetime(moment.year, moment.month, moment.day, tzinfo=UTC)


class DailyLossGuard:
    def __init__(self, *, repositories: AbstractRepositories, events: AbstractEventStore, clock: Clock) -> None:
        self._repositories = repositories
        self._events = events
        self._clock = clock

    def halted(self, inbound: Inbound, brokers: Sequence[B], connector_for: Callable[[B], AbstractBrokerConnector],
               *, realized: Decimal | None = None) -> str | None:
        """Why trading is halted for the rest of the UTC day, or None while it is not. ``realized``: today's
        realised P&L when the caller has just read it (the trade write's check)."""
        trading = inbound.trading
        if trading is None or trading.daily_loss_limit_percent is None:
            return None
        since = day_start(self._clock.now())
        if realized is None:
            realized = self._repositories.trades.realized_since(tenant_id=inbound.tenant.id, since=since)
        if realized >= 0:
            return None
        balance = Decimal(0)
        try:
            for broker in brokers:
                summary = connector_for(broker).get_account_summary()
                balance += summary.balance if summary.balance is not None else summary.equity
        except (BrokerError, DecryptionError) as exc:
            return f"the day is in loss ({realized}) and a balance is unavailable: {exc}"
        opening = balance - realized
        loss = -realized
        limit = trading.daily_loss_limit_percent
        if opening > 0 and loss * 100 < opening * limit:
            return None
        detail = (f"realised loss today {loss} reached {limit}% of the day's opening balance {opening}; "
                  "new trades resume on the next UTC day")
        self._record_halt(inbound, since, loss, opening, limit)
        return detail

    def _record_halt(self, inbound: Inbound, day: datetime, loss: Decimal, opening: Decimal,
                     limit: Decimal) -> None:
        tenant = inbound.tenant.id
        event_id = "evt_" + hashlib.sha256(f"{tenant}|halted|{day.date().isoformat()}".encode()).hexdigest()[:32]
        logger.warning("trading halted for the UTC day: tenant=%s loss=%s opening=%s", tenant, loss, opening)
        self._events.append(build_event(
            EventType.TRADING_HALTED, tenant_id=tenant, source="SignalPipeline", clock=self._clock,
            event_id=event_id, correlation_id=inbound.correlation,
            data={"rule": RULE, "day": day.date().isoformat(), "realizedLoss": _plain(loss),
                  "openingBalance": _plain(opening), "limitPercent": _plain(limit)}))


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")
