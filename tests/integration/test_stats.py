"""Statistics on SQLite and PostgreSQL: recorded fact by fact as a randomised history happens (with
redeliveries, and the signal facts counted by the fold at random moments, so a trade's fill is often counted
before its signal), they equal both the rebuild from the trades and events and a direct computation over
the closed trades. Also: a fact counts once, even when the fold dies after counting and runs again;
tenants are isolated, the GDPR export and the tenant's deletion cover the tables.

The events go to the in-memory event store of tests/support (the same port contract the Azure Tables and
Cosmos adapters pass); what is under test here is the SQL side.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from typing import Any

import pytest
import sqlalchemy as sa

from shared.adapters.cache.memory_feed import InProcessFeed
from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.schema_stats import channel_daily_stats, channel_stat_facts
from shared.adapters.sql.tenant_rows import tenant_rows
from shared.clock import FixedClock
from shared.domain.events import Event, EventType, build_event
from shared.domain.stats import Curve
from shared.domain.trade import LegStatus, Trade, TradeLeg
from shared.ports.brokers import client_order_id
from shared.services.stats import StatsRecorder, StatsService
from shared.services.stats_feed import StatsFeed, facts_of
from shared.services.stats_fold import StatsFold
from shared.services.stats_rebuild import StatsRebuilder
from tests.integration.test_repositories import save, tenant
from tests.support.fake_event_store import FakeEventStore

START = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)
CHANNELS = (-1001, -1002)
RULES = ("session", "blacklist", "auto_execute", "no_broker")


@dataclass
class History:
    """What the simulated pipeline and executor did, for the direct computation."""

    trades: list[Trade] = field(default_factory=list)
    received: dict[int, int] = field(default_factory=dict)


class Simulation:
    def __init__(self, database: SqlDatabase, tenant_id: str, seed: int) -> None:
        self.database = database
        self.tenant_id = tenant_id
        self.rng = random.Random(seed)
        self.clock = FixedClock(START)
        self.store = FakeEventStore(self.clock)
        self.recorder = StatsRecorder(database)
        self.feed = InProcessFeed()
        self.stats_feed = StatsFeed(self.feed, "stats", self.recorder)
        self.fold = StatsFold(self.feed, "stats", self.recorder, batch=7)
        self.history = History()
        self.appended: list[Event] = []

    def append(self, event: Event) -> None:
        """What the pipeline does with a message's event: stored, and its fact handed to the fold."""
        self.store.append(event)
        self.stats_feed.append(facts_of([event]))

    def emit(self, kind: EventType, channel: int, message_id: int, at: datetime, **data: Any) -> None:
        event = build_event(kind, tenant_id=self.tenant_id, source="SignalPipeline", clock=self.clock,
                            event_id=f"evt_{kind.value}_{message_id}_{data.get('rule', '')}",
                            data={"channelId": channel, "messageId": message_id, "messageAt": at, "text": "x", **data})
        self.append(event)
        self.appended.append(event)

    def store_trade(self, trade: Trade) -> None:
        def work(uow: Any) -> None:
            (uow.trades.add if trade.version == 0 else uow.trades.save)(trade)
            self.recorder.record_trade(uow, trade)

        self.database.transact(work)

    def record_again(self, trade: Trade) -> None:
        self.database.transact(lambda uow: self.recorder.record_trade(uow, trade))

    def run(self, messages: int) -> History:
        rng, at = self.rng, START
        for message_id in range(1, messages + 1):
            if rng.random() < 0.3:  # the fold's timer: the signal facts so far are counted now
                self.fold.run()
            at += timedelta(minutes=rng.randint(1, 400))
            self.clock.set(at + timedelta(seconds=1))
            channel = rng.choice(CHANNELS)
            roll = rng.random()
            if roll < 0.15:
                self.emit(EventType.NOT_A_SIGNAL, channel, message_id, at, reason="no side")
                continue
            self.emit(EventType.SIGNAL_RECEIVED, channel, message_id, at)
            self.history.received[channel] = self.history.received.get(channel, 0) + 1
            if roll < 0.35:
                self.emit(EventType.SIGNAL_REJECTED, channel, message_id, at, rule=rng.choice(RULES))
                continue
            for broker in ("brk_a", "brk_b")[: rng.randint(1, 2)]:
                self.trade(channel, message_id, broker, at)
            if rng.random() < 0.2:  # a redelivery: the same event and the same trade recorded again
                self.append(rng.choice(self.appended))
                again = rng.choice(self.history.trades)
                fresh = self.database.repositories.trades.get(tenant_id=self.tenant_id, trade_id=again.id)
                assert fresh is not None
                self.record_again(fresh)
        self.fold.run()
        return self.history

    def trade(self, channel: int, message_id: int, broker: str, at: datetime) -> None:
        rng = self.rng
        key = f"{self.tenant_id}:{channel}:{message_id}"
        limit = rng.random() < 0.25
        legs = [TradeLeg(index=i, units=D(rng.randint(1, 5)), client_order_id=client_order_id(key, broker, i),
                         order_type="Limit" if limit else "Market", requested_entry=D(100) if limit else None,
                         stop_loss=None if rng.random() < 0.1 else D(95), take_profit=D(110 + i))
                for i in range(rng.randint(1, 2))]
        trade = Trade(id=f"trd_{message_id}_{broker}", tenant_id=self.tenant_id, broker_connection_id=broker,
                      channel_id=channel, message_key=key, message_id=message_id, symbol="XAUUSD", side="Buy",
                      created_at=at + timedelta(seconds=2), legs=legs)
        self.store_trade(trade)
        self.history.trades.append(trade)
        moment = at + timedelta(seconds=rng.randint(2, 90))
        if limit and rng.random() < 0.5:
            for leg in trade.legs:
                trade.cancel(leg.index, at=moment + timedelta(hours=1))
            self.store_trade(trade)
            return
        for leg in trade.legs:
            trade.fill(leg.index, fill_price=D(100) + D(rng.randint(-20, 20)) / 10, at=moment)
            moment += timedelta(seconds=rng.randint(0, 30))
        self.store_trade(trade)
        if rng.random() < 0.15:
            return  # still open
        if rng.random() < 0.3:
            trade.move_stop(0, to_entry=True, at=moment + timedelta(minutes=1))
            self.store_trade(trade)
        for leg in trade.legs:
            # Some trades close days later, and out of the order they were recorded in.
            moment += timedelta(minutes=rng.randint(1, 3000))
            trade.close(leg.index, exit_price=D(rng.randint(900, 1150)) / 10, at=moment)
            self.store_trade(trade)


def direct(history: History, channel: int) -> tuple[D, D, int, int, int]:
    """P&L, max drawdown, closed, wins, cancelled: straight from the trades, closes in time order."""
    closed = [t for t in history.trades if t.channel_id == channel and t.status is LegStatus.CLOSED]
    closed.sort(key=lambda t: (max(leg.closed_at for leg in t.legs if leg.closed_at), f"close:{t.id}"))
    curve = Curve()
    for t in closed:
        curve = curve.add(t.realized_pnl)
    cancelled = sum(1 for t in history.trades if t.channel_id == channel and t.status is LegStatus.CANCELLED)
    return curve.net, curve.drawdown, len(closed), sum(1 for t in closed if t.realized_pnl > 0), cancelled


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_statistics_equal_the_rebuild_and_the_direct_computation(database: SqlDatabase,
                                                                           seed: int) -> None:
    owner = tenant()
    save(database, owner)
    simulation = Simulation(database, owner.id, seed)
    history = simulation.run(60)
    repo = database.repositories.stats
    incremental = repo.days(tenant_id=owner.id)
    assert incremental, "the history produced statistics"
    service = StatsService(database)
    for channel in CHANNELS:
        got = service.channel(tenant_id=owner.id, channel_id=channel)
        pnl, drawdown, closed, wins, cancelled = direct(history, channel)
        assert (got.realized_pnl, got.max_drawdown) == (pnl, drawdown)
        assert (got.counts.trades_closed, got.counts.wins, got.counts.trades_cancelled) == (closed, wins, cancelled)
        assert got.counts.signals_received == history.received.get(channel, 0)
    simulation.clock.set(simulation.clock.now() + timedelta(days=5))
    report = StatsRebuilder(database, simulation.store, simulation.clock).rebuild(
        tenant_id=owner.id, signals_since=START - timedelta(days=1))
    assert report.trades == len(history.trades)
    assert repo.days(tenant_id=owner.id) == incremental


def test_recording_a_fact_twice_counts_it_once(database: SqlDatabase) -> None:
    owner = tenant()
    save(database, owner)
    simulation = Simulation(database, owner.id, 7)
    simulation.emit(EventType.SIGNAL_RECEIVED, -1001, 1, START)
    simulation.append(simulation.appended[0])
    simulation.fold.run()
    simulation.trade(-1001, 1, "brk_a", START)
    trade = simulation.history.trades[0]
    for _ in range(2):
        simulation.database.transact(lambda uow: simulation.recorder.record_trade(uow, trade))
    got = StatsService(database).channel(tenant_id=owner.id, channel_id=-1001)
    assert got.counts.signals_received == 1 and got.counts.signals_traded == 1
    assert got.counts.trades_opened == 1
    assert got.counts.trades_closed + got.counts.trades_cancelled <= 1


class DiesOnce(InProcessFeed):
    """The fold's worker dies once, right after its counts committed and before it trimmed the feed."""

    def __init__(self) -> None:
        super().__init__()
        self.deaths = 1

    def _remove(self, stream: str, ids: list[str]) -> int:
        if self.deaths:
            self.deaths -= 1
            raise SystemExit("worker killed")
        return super()._remove(stream, ids)


def test_a_fold_that_dies_after_counting_counts_each_fact_once_when_it_runs_again(database: SqlDatabase) -> None:
    owner = tenant()
    save(database, owner)
    simulation = Simulation(database, owner.id, 3)
    simulation.feed = feed = DiesOnce()
    simulation.stats_feed = StatsFeed(feed, "stats", simulation.recorder)
    fold = StatsFold(feed, "stats", simulation.recorder)
    for message_id in (1, 2, 3):
        simulation.emit(EventType.SIGNAL_RECEIVED, -1001, message_id, START)
    simulation.emit(EventType.SIGNAL_REJECTED, -1001, 3, START, rule="blacklist")

    with pytest.raises(SystemExit):
        fold.run()
    service = StatsService(database)
    counted = service.channel(tenant_id=owner.id, channel_id=-1001).counts
    assert (counted.signals_received, counted.signals_rejected, feed.length("stats")) == (3, 1, 4)

    report = fold.run()  # the next run reads the same four facts again
    again = service.channel(tenant_id=owner.id, channel_id=-1001).counts
    assert again == counted and (report["folded"], report["dayRows"], report["backlog"]) == (4, 0, 0)


def test_a_fold_that_fails_before_counting_leaves_the_facts_for_the_next_run(database: SqlDatabase) -> None:
    owner = tenant()
    save(database, owner)
    simulation = Simulation(database, owner.id, 4)
    simulation.emit(EventType.NOT_A_SIGNAL, -1001, 1, START, reason="no side")
    with database.engine.connect() as conn:  # the facts table is out of reach for a moment
        conn.execute(sa.text(f'ALTER TABLE "{channel_stat_facts.name}" RENAME TO "Elsewhere"'))
        conn.commit()
    try:
        with pytest.raises(sa.exc.DBAPIError):
            simulation.fold.run()
    finally:
        with database.engine.connect() as conn:
            conn.execute(sa.text(f'ALTER TABLE "Elsewhere" RENAME TO "{channel_stat_facts.name}"'))
            conn.commit()
    assert simulation.feed.length("stats") == 1
    assert simulation.fold.run()["folded"] == 1
    assert StatsService(database).channel(tenant_id=owner.id, channel_id=-1001).counts.not_a_signal == 1


def test_statistics_are_the_tenants_own_and_go_with_it(database: SqlDatabase) -> None:
    mine, theirs = tenant(), tenant()
    save(database, mine, theirs)
    simulation = Simulation(database, mine.id, 11)
    simulation.run(10)
    service = StatsService(database)
    assert service.all_channels(tenant_id=theirs.id) == []
    assert service.all_channels(tenant_id=mine.id)
    rows = tenant_rows(database, mine.id)
    assert rows[channel_stat_facts.name] and rows[channel_daily_stats.name]
    assert not tenant_rows(database, theirs.id)[channel_stat_facts.name]
    database.transact(lambda uow: uow.tenants.delete(tenant_id=mine.id))
    with database.engine.connect() as conn:
        for table in (channel_stat_facts, channel_daily_stats):
            assert conn.execute(table.select().where(table.c.TenantId == mine.id)).first() is None


def test_the_facts_of_a_tenant_that_is_gone_are_dropped_and_the_others_counted(database: SqlDatabase) -> None:
    owner = tenant()
    save(database, owner)
    simulation = Simulation(database, owner.id, 6)
    gone = build_event(EventType.SIGNAL_RECEIVED, tenant_id="ten_gone", source="t", clock=simulation.clock,
                       data={"channelId": -1001, "messageId": 1})
    simulation.stats_feed.append(facts_of([gone]))
    simulation.emit(EventType.SIGNAL_RECEIVED, -1001, 2, START)
    simulation.feed.append("stats", [b"not a fact"])

    report = simulation.fold.run()

    assert (report["folded"], report["unreadable"], report["backlog"]) == (2, 1, 0)
    assert StatsService(database).channel(tenant_id=owner.id, channel_id=-1001).counts.signals_received == 1
    assert StatsService(database).all_channels(tenant_id="ten_gone") == []


def test_a_signal_counted_after_its_trades_fill_is_counted_traded_and_gives_the_fill_its_delay(
        database: SqlDatabase) -> None:
    owner = tenant()
    save(database, owner)
    simulation = Simulation(database, owner.id, 5)
    simulation.emit(EventType.SIGNAL_RECEIVED, -1001, 1, START)  # in the feed, not counted yet
    for broker in ("brk_a", "brk_b"):
        simulation.trade(-1001, 1, broker, START)  # the executor's saves come before the fold
    fills = [min(leg.opened_at for leg in t.legs if leg.opened_at) for t in simulation.history.trades
             if any(leg.opened_at for leg in t.legs)]
    assert fills, "the seed fills at least one of the trades"
    service = StatsService(database)
    early = service.channel(tenant_id=owner.id, channel_id=-1001).counts
    assert (early.signals_received, early.trades_opened, early.delay_count) == (0, len(fills), 0)

    simulation.fold.run()

    got = service.channel(tenant_id=owner.id, channel_id=-1001).counts
    assert (got.signals_received, got.signals_traded, got.delay_count) == (1, 1, len(fills))
    assert got.delay_ms_sum == sum(round((fill - START).total_seconds() * 1000) for fill in fills)
    days = database.repositories.stats.days(tenant_id=owner.id)
    StatsRebuilder(database, simulation.store, simulation.clock).rebuild(tenant_id=owner.id,
                                                                         signals_since=START - timedelta(days=1))
    assert database.repositories.stats.days(tenant_id=owner.id) == days
