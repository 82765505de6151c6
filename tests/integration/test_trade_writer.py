"""The executor's trade writer on SQLite and PostgreSQL with two workers at once: a target fill racing a
"close all" on the same leg, and two changes to different legs. Nothing is lost, nothing is applied twice,
and a change the other worker made impossible is reported, not forced."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal as D

from shared.adapters.sql.database import SqlDatabase
from shared.domain.trade import CloseReason, LegStatus, Trade
from shared.services.trade_store import TradeWriter
from tests.integration.test_repositories import NOW, save, tenant
from tests.support.trades import new_trade


def filled_trade(database: SqlDatabase) -> Trade:
    t = tenant()
    save(database, t)
    trade = new_trade(t.id, created_at=NOW)
    for leg in trade.legs:
        trade.fill(leg.index, fill_price=D(2350), at=NOW)
    database.transact(lambda uow: uow.trades.add(trade))
    return trade


def race(database: SqlDatabase, trade: Trade, first: tuple[str, Callable[[Trade], None]],
         second: tuple[str, Callable[[Trade], None]]) -> list[list[str]]:
    """Both workers read the trade, meet, then save; the one that loses reads again and decides again."""
    met = threading.Barrier(2)
    skipped: list[list[str]] = []

    def meeting(change: Callable[[Trade], None]) -> Callable[[Trade], None]:
        def apply(t: Trade) -> None:
            try:  # on SQLite the second worker waits for the first one's write lock instead of meeting it
                met.wait(timeout=1)
            except threading.BrokenBarrierError:
                pass
            change(t)
        return apply

    def worker(action_id: str, change: Callable[[Trade], None]) -> None:
        _, skip = TradeWriter(database).change(tenant_id=trade.tenant_id, trade_id=trade.id,
                                               changes=[(action_id, meeting(change))])
        skipped.append(skip)

    threads = [threading.Thread(target=worker, args=pair) for pair in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return skipped


def test_a_target_fill_racing_a_close_all_closes_the_leg_once(database: SqlDatabase) -> None:
    trade = filled_trade(database)
    target = ("tp-fill", lambda t: t.close(0, exit_price=D(2360), at=NOW, reason=CloseReason.TAKE_PROFIT))
    close_all = ("close-all", lambda t: t.close(0, exit_price=D(2355), at=NOW))

    skipped = race(database, trade, target, close_all)

    assert sorted(len(s) for s in skipped) == [0, 1]  # one closed the leg; the other found it closed
    stored = database.repositories.trades.get(tenant_id=trade.tenant_id, trade_id=trade.id)
    assert stored is not None and stored.legs[0].status is LegStatus.CLOSED
    assert stored.legs[0].closed_units == D("1.5")  # closed once, never 3
    history = database.repositories.trades.history(tenant_id=trade.tenant_id, trade_id=trade.id)
    assert [c.kind for c in history].count("Closed") == 1


def test_changes_to_different_legs_both_land(database: SqlDatabase) -> None:
    trade = filled_trade(database)
    stop = ("stop-1", lambda t: t.move_stop(1, stop_loss=D(2351), at=NOW))
    close = ("close-0", lambda t: t.close(0, exit_price=D(2355), at=NOW))

    skipped = race(database, trade, stop, close)

    assert skipped == [[], []]
    stored = database.repositories.trades.get(tenant_id=trade.tenant_id, trade_id=trade.id)
    assert stored is not None
    assert (stored.legs[0].status, stored.legs[1].stop_loss) == (LegStatus.CLOSED, D(2351))
    assert stored.version == 3  # two saves on top of the first


def test_an_action_already_in_the_history_is_not_applied_again(database: SqlDatabase) -> None:
    trade = filled_trade(database)
    writer = TradeWriter(database)
    change = ("close-0", lambda t: t.close(0, exit_price=D(2355), at=NOW, action_id="close-0"))
    writer.change(tenant_id=trade.tenant_id, trade_id=trade.id, changes=[change])

    again, skipped = writer.change(tenant_id=trade.tenant_id, trade_id=trade.id, changes=[change])

    assert again is not None and again.version == 2 and skipped == []
