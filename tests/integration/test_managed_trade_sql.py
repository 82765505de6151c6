"""A managed trade on SQLite and on the PostgreSQL server: the services as bootstrap() builds them, the
paper simulator, the trade tables. A two-leg signal, a reply moving the stops, TP1 with breakeven, a close
racing the market from two workers, the P&L the daily loss rule reads, and the expiry sweep."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal as D
from pathlib import Path

import pytest

from shared.clock import FixedClock
from shared.domain.trade import LegStatus
from shared.services.daily_loss import day_start
from tests.support import services
from tests.support.in_process import InProcessApp, build_in_process_app
from tests.support.lifecycle import LIMIT, configure, open_trade, quote, run, trade_of
from tests.support.scenario import Desk, message, seed_desk


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request: pytest.FixtureRequest, tmp_path: Path, clock: FixedClock) -> Iterator[InProcessApp]:
    if request.param == "sqlite":
        built = build_in_process_app(tmp_path, clock)
        yield built
        built.container.close()
        return
    with services.postgres_schema() as url:
        built = build_in_process_app(tmp_path, clock, sql_url=url)
        yield built
        built.container.close()


@pytest.fixture
def desk(app: InProcessApp) -> Desk:
    return seed_desk(app.container)


def test_the_managed_trade(app: InProcessApp, desk: Desk) -> None:
    configure(app, desk, breakeven_after_tp=1)
    open_trade(app, desk, units=4)
    assert run(app, desk, 2, "move SL to 2345", replyToMessageId=1) == "follow_up"

    assert [e["reason"] for e in quote(app, desk, "2360", "2360.3")] == ["TakeProfit"]
    quote(app, desk, "2362", "2362.3")
    run(app, desk, 3, "close all", replyToMessageId=1)

    trade = trade_of(app, desk, 1)
    assert (trade.status, trade.realized_pnl) == (LegStatus.CLOSED, D(42))  # 2 x 9.5 at TP1 + 2 x 11.5
    assert trade.legs[1].stop_loss == D("2350.5")  # breakeven after TP1 moved it up from 2345
    since = day_start(app.container.clock.now())
    assert app.container.database.repositories.trades.realized_since(tenant_id=desk.tenant_id, since=since) == 42


def test_a_close_racing_the_market_from_two_workers_closes_each_leg_once(app: InProcessApp, desk: Desk) -> None:
    open_trade(app, desk, units=4)
    quote(app, desk, "2355", "2355.3")
    app.deliver(message(desk, 2, "close all", replyToMessageId=1))
    command = app.queue.take("trade-commands")
    assert command is not None
    errors: list[BaseException] = []

    def guarded(work: object) -> None:
        try:
            work()  # type: ignore[operator]  # a callable
        except BaseException as exc:  # noqa: BLE001  # reported below
            errors.append(exc)

    workers = [threading.Thread(target=guarded, args=(lambda: app.container.executor.handle(command.encode()),)),
               threading.Thread(target=guarded, args=(lambda: quote(app, desk, "2360", "2360.3"),))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)

    assert errors == []
    trade = trade_of(app, desk, 1)
    assert trade.status is LegStatus.CLOSED
    assert [leg.closed_units for leg in trade.legs] == [D(2), D(2)]
    orders = app.paper_orders(desk.tenant_id, desk.broker_id)
    assert sorted(o["ClosedUnits"] for o in orders) == [D(2), D(2)]
    assert trade.realized_pnl == sum((D(o["RealizedPnl"]) for o in orders), D(0))


def test_the_expiry_sweep(app: InProcessApp, desk: Desk, clock: FixedClock) -> None:
    configure(app, desk, pending_expiry_minutes=15)
    open_trade(app, desk, content=LIMIT)
    clock.advance(timedelta(minutes=16))

    report = app.container.trade_expiry.run()

    assert report["cancelled"] == [trade_of(app, desk, 1).id]
    assert trade_of(app, desk, 1).status is LegStatus.CANCELLED
