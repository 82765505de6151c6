"""The trade repository on SQLite and PostgreSQL: round trips, tenant scoping, linking queries, history,
the conditional update that keeps two workers from losing an update, and the lifecycle columns."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from decimal import Decimal as D
from typing import Any

import pytest

from shared.adapters.sql.database import SqlDatabase, _TransactionExecutor
from shared.adapters.sql.schema import trade_changes, trade_legs, trades
from shared.domain.channel import EditPolicy, FollowUpLinking
from shared.domain.errors import ConflictError, NotFoundError
from shared.domain.trade import CloseReason, LegStatus, Trade
from shared.domain.trade_rules import TakeProfitStrategy
from shared.domain.trading import TradingConfiguration
from shared.ports.trades import DayInLossError, OpenTradeLimitError, StaleTradeError
from tests.integration.test_repositories import NOW, channel, count, ref, save, tenant
from tests.support.trades import new_trade as support_trade


def new_trade(tenant_id: str, *, minutes: int = 0, **overrides: Any) -> Trade:
    return support_trade(tenant_id, created_at=NOW + timedelta(minutes=minutes), **overrides)


def add(database: SqlDatabase, trade: Trade) -> None:
    database.transact(lambda uow: uow.trades.add(trade))


def test_a_trade_round_trips_with_legs_and_history(database: SqlDatabase) -> None:
    t = tenant()
    save(database, t)
    trade = new_trade(t.id)
    add(database, trade)
    assert trade.version == 1 and trade.new_changes == []
    loaded = database.repositories.trades.get(tenant_id=t.id, trade_id=trade.id)
    assert loaded is not None and loaded.version == 1
    assert loaded.legs == trade.legs and loaded.status is LegStatus.PENDING and loaded.created_at == trade.created_at
    trade.fill(0, fill_price=D("2350.5"), at=NOW, broker_order_id="ord-1")
    trade.close(0, exit_price=D("2360"), at=NOW + timedelta(minutes=5), units=D("0.5"))
    database.transact(lambda uow: uow.trades.save(trade))
    again = database.repositories.trades.get(tenant_id=t.id, trade_id=trade.id)
    assert again is not None and again.version == 2 and again.legs == trade.legs and again.status is LegStatus.OPEN
    history = database.repositories.trades.history(tenant_id=t.id, trade_id=trade.id)
    assert [c.kind for c in history] == ["Opened", "Filled", "PartClosed"]
    assert history[2].realized_pnl == D("4.75") and history[2].detail["price"] == "2360.00000000"


def test_another_tenant_sees_nothing(database: SqlDatabase) -> None:
    mine, theirs = tenant(), tenant()
    save(database, mine, theirs)
    trade = new_trade(mine.id)
    add(database, trade)
    repo = database.repositories.trades
    assert repo.get(tenant_id=theirs.id, trade_id=trade.id) is None
    assert repo.history(tenant_id=theirs.id, trade_id=trade.id) == []
    assert repo.page(tenant_id=theirs.id) == [] and repo.count_active(tenant_id=theirs.id) == 0
    stolen = repo.get(tenant_id=mine.id, trade_id=trade.id)
    assert stolen is not None
    stolen.tenant_id = theirs.id
    with pytest.raises(NotFoundError):
        database.transact(lambda uow: uow.trades.save(stolen))


def test_one_trade_per_message_and_broker(database: SqlDatabase) -> None:
    t = tenant()
    save(database, t)
    add(database, new_trade(t.id))
    add(database, new_trade(t.id, broker_id="brk_2"))
    with pytest.raises(ConflictError) as err:
        add(database, new_trade(t.id))
    assert err.value.field == "message_key" and count(database, trades) == 2 and count(database, trade_legs) == 4


def test_linking_listing_counting_and_the_daily_pnl(database: SqlDatabase) -> None:
    t = tenant()
    save(database, t)
    old, newer, other = new_trade(t.id, message_id=1), new_trade(t.id, message_id=2, minutes=10), \
        new_trade(t.id, message_id=3, minutes=20, symbol="EURUSD")
    closed = new_trade(t.id, message_id=4, minutes=30, legs=1)
    closed.fill(0, fill_price=D(2350), at=NOW)
    closed.close(0, exit_price=D(2340), at=NOW + timedelta(hours=1), reason=CloseReason.STOP_LOSS)
    for trade in (old, newer, other, closed):
        add(database, trade)
    repo = database.repositories.trades
    assert [x.id for x in repo.get_by_message(tenant_id=t.id, message_key=newer.message_key)] == [newer.id]
    linked = repo.newest_open_on_symbol(tenant_id=t.id, channel_id=-1001, symbol="xauusd", since=NOW)
    assert [x.id for x in linked] == [newer.id]  # the closed XAUUSD trade is newer but not open
    assert repo.newest_open_on_symbol(tenant_id=t.id, channel_id=-1001, symbol="XAUUSD",
                                      since=NOW + timedelta(minutes=11)) == []
    assert [x.id for x in repo.page(tenant_id=t.id)] == [closed.id, other.id, newer.id, old.id]
    assert [x.id for x in repo.page(tenant_id=t.id, status=LegStatus.CLOSED)] == [closed.id]
    assert [x.id for x in repo.page(tenant_id=t.id, symbol="eurusd")] == [other.id]
    assert [x.id for x in repo.page(tenant_id=t.id, limit=2, offset=1)] == [other.id, newer.id]
    assert repo.count_active(tenant_id=t.id) == 3
    assert repo.realized_since(tenant_id=t.id, since=NOW) == D(-15)  # 1.5 units x -10
    assert repo.realized_since(tenant_id=t.id, since=NOW + timedelta(hours=2)) == D(0)
    assert [x.id for x in repo.pending_created_before(tenant_id=t.id, before=NOW + timedelta(minutes=15))] == [
        old.id, newer.id]


def test_a_write_under_the_daily_loss_rule_is_refused_while_the_day_booked_a_loss(database: SqlDatabase) -> None:
    t, other = tenant(), tenant()
    save(database, t, other)
    closed = new_trade(t.id, message_id=3, legs=1)
    closed.fill(0, fill_price=D(2350), at=NOW)
    closed.close(0, exit_price=D(2340), at=NOW + timedelta(hours=1), reason=CloseReason.STOP_LOSS)
    add(database, closed)
    fresh = new_trade(t.id, message_id=4)

    with pytest.raises(DayInLossError) as loss:
        database.transact(lambda uow: uow.trades.add_all([fresh], loss_since=NOW))
    assert loss.value.realized == D(-15) and count(database, trades) == 1  # 1.5 units x -10; nothing written
    theirs = new_trade(other.id, message_id=4)
    database.transact(lambda uow: uow.trades.add_all([theirs], loss_since=NOW))  # another tenant's day
    database.transact(lambda uow: uow.trades.add_all([fresh], max_active=5, loss_since=NOW + timedelta(hours=2)))
    assert count(database, trades) == 3


def test_a_messages_trades_are_added_in_one_write_unless_the_open_trade_limit_is_reached(
        database: SqlDatabase) -> None:
    t = tenant()
    save(database, t)
    add(database, new_trade(t.id, message_id=1))
    both = [new_trade(t.id, message_id=2, broker_id=b) for b in ("brk_1", "brk_2")]

    with pytest.raises(OpenTradeLimitError) as refused:
        database.transact(lambda uow: uow.trades.add_all(both, max_active=1))
    assert (refused.value.active, refused.value.limit) == (1, 1) and count(database, trades) == 1
    database.transact(lambda uow: uow.trades.add_all(both, max_active=2))  # one open: the message fits
    assert count(database, trades) == 3 and count(database, trade_legs) == 6 and all(x.version == 1 for x in both)
    again = [new_trade(t.id, message_id=2, broker_id="brk_2")]
    with pytest.raises(ConflictError):  # its own trades are not counted: the unique key refuses it
        database.transact(lambda uow: uow.trades.add_all(again, max_active=2))
    history = database.repositories.trades.history(tenant_id=t.id, trade_id=both[1].id)
    assert [c.kind for c in history] == ["Opened"]


def test_messages_racing_for_the_last_places_never_pass_the_open_trade_limit(
        database: SqlDatabase, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each worker counts, waits, then inserts (the wait makes every count come before any insert, as a loaded
    server would): the tenant's lock makes them count one after the other, so exactly the limit gets in."""
    t = tenant()
    save(database, t)
    workers, limit = 6, 2
    ready = threading.Barrier(workers)
    outcomes: list[str] = []
    real_fetch_all = _TransactionExecutor.fetch_all

    def slow_count(self: _TransactionExecutor, query: Any, parameters: Any = None) -> list[Any]:
        rows = real_fetch_all(self, query, parameters)
        if "count(" in query.for_dialect(database.engine.dialect).sql:
            time.sleep(0.1)  # counted; the insert comes later
        return rows

    def worker(message_id: int) -> None:
        trade = new_trade(t.id, message_id=message_id)
        ready.wait(timeout=10)
        try:
            database.transact(lambda uow: uow.trades.add_all([trade], max_active=limit))
            outcomes.append("added")
        except OpenTradeLimitError:
            outcomes.append("refused")

    monkeypatch.setattr(_TransactionExecutor, "fetch_all", slow_count)
    threads = [threading.Thread(target=worker, args=(m,)) for m in range(1, workers + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["added"] * limit + ["refused"] * (workers - limit)
    assert database.repositories.trades.count_active(tenant_id=t.id) == limit


@pytest.mark.parametrize("workers", [2])
def test_two_workers_never_lose_an_update(database: SqlDatabase, workers: int) -> None:
    """Both read version 1 (as a worker does before it calls the broker), both change a different leg and
    save: one wins, the other is told its copy is stale and writes nothing; after reloading, its change
    goes in on top of the winner's."""
    t = tenant()
    save(database, t)
    trade = new_trade(t.id)
    add(database, trade)
    ready = threading.Barrier(workers)
    outcomes: list[str] = []

    def worker(leg: int) -> None:
        copy = database.repositories.trades.get(tenant_id=t.id, trade_id=trade.id)
        assert copy is not None
        copy.move_stop(leg, stop_loss=D(2345 + leg), at=NOW)
        ready.wait(timeout=10)
        try:
            database.transact(lambda uow: uow.trades.save(copy))
            outcomes.append(f"saved {leg}")
        except StaleTradeError:
            outcomes.append(f"stale {leg}")

    threads = [threading.Thread(target=worker, args=(leg,)) for leg in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(o.split()[0] for o in outcomes) == ["saved", "stale"]
    loser = int(next(o for o in outcomes if o.startswith("stale")).split()[1])
    stored = database.repositories.trades.get(tenant_id=t.id, trade_id=trade.id)
    assert stored is not None and stored.version == 2
    assert stored.legs[loser].stop_loss == D(2340) and stored.legs[1 - loser].stop_loss == D(2346 - loser)
    assert count(database, trade_changes) == 2  # Opened + the winner's StopMoved, nothing of the loser's
    stored.move_stop(loser, stop_loss=D(2345 + loser), at=NOW)  # the loser reloads and applies again
    database.transact(lambda uow: uow.trades.save(stored))
    final = database.repositories.trades.get(tenant_id=t.id, trade_id=trade.id)
    assert final is not None and [leg.stop_loss for leg in final.legs] == [D(2345), D(2346)] and final.version == 3


def test_deleting_the_tenant_deletes_its_trades(database: SqlDatabase) -> None:
    t, other = tenant(), tenant()
    save(database, t, other)
    add(database, new_trade(t.id))
    add(database, new_trade(other.id))
    database.transact(lambda uow: uow.tenants.delete(tenant_id=t.id))
    assert count(database, trades) == 1 and count(database, trade_legs) == 2 and count(database, trade_changes) == 1


def test_lifecycle_settings_round_trip(database: SqlDatabase) -> None:
    t = tenant()
    config = TradingConfiguration(id=ref("cfg"), tenant_id=t.id, created_at=NOW,
                                  take_profit_strategy=TakeProfitStrategy.WEIGHTS,
                                  take_profit_weights=(D(50), D("25.5"), D("24.5")), breakeven_after_tp=1,
                                  pending_expiry_minutes=90, max_signal_delay_seconds=300, max_open_trades=4,
                                  require_stop_loss=True, daily_loss_limit_percent=D("3.5"))
    chan = channel(t.id, follow_up_linking="replyOrSymbol", follow_up_window_hours=6, edit_policy="ignore")
    save(database, t, config, chan)
    assert database.repositories.trading.get_by_tenant_id(tenant_id=t.id) == config
    loaded = database.repositories.channels.get_by_id(tenant_id=t.id, config_id=chan.id)
    assert loaded == chan and loaded is not None and loaded.follow_up_linking is FollowUpLinking.REPLY_OR_SYMBOL
    assert loaded.edit_policy is EditPolicy.IGNORE
    plain = TradingConfiguration(id=ref("cfg"), tenant_id=tenant().id, created_at=NOW)
    assert plain.take_profit_strategy is TakeProfitStrategy.EVEN
