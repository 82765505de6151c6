"""Lifecycle rules, built by bootstrap() on in-process stores and the paper simulator: the split over the
targets, stale signals, a required stop, the open-trade cap, the daily loss halt, breakeven after a
target, resting entries that fill, expire or are swept. Each asserts the stored trade, the paper rows and
the events."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

from shared.clock import FixedClock
from shared.domain.events import EventType
from shared.domain.trade import LegStatus
from shared.domain.trade_rules import TakeProfitStrategy
from tests.support.in_process import InProcessApp, only
from tests.support.lifecycle import (
    LIMIT,
    TWO_TARGETS,
    configure,
    history_kinds,
    open_trade,
    quote,
    run,
    trade_of,
)
from tests.support.scenario import Desk, message


def rejection(app: InProcessApp, desk: Desk) -> str:
    return str(only(app.events_of(desk.tenant_id, EventType.SIGNAL_REJECTED)).data["rule"])


class TestTheSplitOverTheTargets:
    def test_even_puts_one_leg_on_each_target_and_places_each_with_its_own_client_id(
            self, app: InProcessApp, desk: Desk) -> None:
        trade = open_trade(app, desk, units=2)

        assert [(leg.units, leg.take_profit, leg.status) for leg in trade.legs] == [
            (D(1), D(2360), LegStatus.OPEN), (D(1), D(2370), LegStatus.OPEN)]
        orders = app.paper_orders(desk.tenant_id, desk.broker_id)
        assert sorted(o["ClientOrderId"] for o in orders) == sorted(leg.client_order_id for leg in trade.legs)
        assert len({leg.client_order_id for leg in trade.legs}) == 2
        executed = only(app.events_of(desk.tenant_id, EventType.TRADE_EXECUTED))
        assert executed.data["tradeId"] == trade.id and len(executed.data["orders"]) == 2

    def test_first_puts_every_unit_on_tp1(self, app: InProcessApp, desk: Desk) -> None:
        configure(app, desk, take_profit_strategy=TakeProfitStrategy.FIRST)
        trade = open_trade(app, desk, units=3)

        assert [(leg.units, leg.take_profit) for leg in trade.legs] == [(D(3), D(2360))]

    def test_weights_split_by_percent_and_rounding_never_opens_more_than_sized(
            self, app: InProcessApp, desk: Desk) -> None:
        configure(app, desk, take_profit_strategy=TakeProfitStrategy.WEIGHTS, take_profit_weights=(D(70), D(30)))
        trade = open_trade(app, desk, units=5)

        assert [leg.units for leg in trade.legs] == [D(4), D(1)]  # 3.5 / 1.5: the larger remainder first
        assert sum(o["Units"] for o in app.paper_orders(desk.tenant_id, desk.broker_id)) == 5

    def test_a_redelivered_open_command_places_no_second_leg(self, app: InProcessApp, desk: Desk) -> None:
        configure(app, desk, fixed_units=2)
        app.deliver(message(desk, 1, TWO_TARGETS))
        body = app.queue.waiting("trade-commands")[0]
        app.execute_waiting()
        app.queue.send("trade-commands", body)

        assert app.execute_waiting() == ["executed"]

        assert len(app.paper_orders(desk.tenant_id, desk.broker_id)) == 2
        assert history_kinds(app, trade_of(app, desk, 1)).count("Filled") == 2


    def test_a_refused_trade_redelivered_stays_refused(self, app: InProcessApp, desk: Desk) -> None:
        configure(app, desk, fixed_units=2, max_slippage_pips=D(1))
        quote(app, desk, "2359", "2359.3")  # 88 pips from the written entry
        app.deliver(message(desk, 1, TWO_TARGETS))
        body = app.queue.waiting("trade-commands")[0]
        assert app.execute_waiting() == ["failed"]
        quote(app, desk, "2350.3", "2350.5")  # the price came back: the refusal stands all the same

        app.queue.send("trade-commands", body)
        assert app.execute_waiting() == ["failed"]

        assert trade_of(app, desk, 1).status is LegStatus.REJECTED
        assert app.paper_orders(desk.tenant_id, desk.broker_id) == []
        assert app.events_of(desk.tenant_id, EventType.TRADE_EXECUTED) == []


class TestRulesBeforeATradeOpens:
    def test_a_signal_older_than_the_delay_is_rejected_as_stale(self, app: InProcessApp, desk: Desk,
                                                                clock: FixedClock) -> None:
        configure(app, desk, max_signal_delay_seconds=60)
        clock.advance(timedelta(seconds=61))

        assert run(app, desk, 1, TWO_TARGETS) == "rejected"

        assert rejection(app, desk) == "stale"
        assert app.paper_orders(desk.tenant_id, desk.broker_id) == []

    def test_a_signal_within_the_delay_opens(self, app: InProcessApp, desk: Desk, clock: FixedClock) -> None:
        configure(app, desk, max_signal_delay_seconds=60)
        clock.advance(timedelta(seconds=60))

        assert run(app, desk, 1, TWO_TARGETS) == "accepted"

    def test_a_required_stop_loss_refuses_a_signal_without_one(self, app: InProcessApp, desk: Desk) -> None:
        configure(app, desk, require_stop_loss=True)

        assert run(app, desk, 1, "BUY XAUUSD @ 2350.5\nTP 2360") == "rejected"

        assert rejection(app, desk) == "stop_loss_required"

    def test_the_open_trade_cap_counts_pending_and_open_trades(self, app: InProcessApp, desk: Desk) -> None:
        configure(app, desk, max_open_trades=2)
        assert run(app, desk, 1, TWO_TARGETS) == "accepted"  # open
        assert run(app, desk, 2, LIMIT) == "accepted"  # pending

        assert run(app, desk, 3, TWO_TARGETS) == "rejected"

        assert rejection(app, desk) == "max_open_trades"
        quote(app, desk, "2352", "2352.3")  # the paper broker closes at its quote
        assert run(app, desk, 4, "close all", replyToMessageId=1) == "follow_up"  # one trade closes…
        assert run(app, desk, 5, TWO_TARGETS) == "accepted"  # …and a new one fits


class TestTheDailyLossLimit:
    def lose(self, app: InProcessApp, desk: Desk) -> None:
        """Open 40 units at 2350.5 and stop them out at 2340: a loss of 420 on a 100,000 account."""
        open_trade(app, desk, units=40, content="BUY XAUUSD @ 2350.5\nSL 2340\nTP 2400")
        closed = quote(app, desk, "2339", "2339.5")
        assert [e["reason"] for e in closed] == ["StopLoss"]

    def test_a_day_past_the_limit_refuses_new_trades_and_records_one_halt(
            self, app: InProcessApp, desk: Desk) -> None:
        configure(app, desk, daily_loss_limit_percent=D("0.4"))
        self.lose(app, desk)

        assert run(app, desk, 2, TWO_TARGETS) == "rejected"
        assert run(app, desk, 3, TWO_TARGETS) == "rejected"

        rules = {e.data["rule"] for e in app.events_of(desk.tenant_id, EventType.SIGNAL_REJECTED)}
        assert rules == {"daily_loss_limit"}
        halted = only(app.events_of(desk.tenant_id, EventType.TRADING_HALTED))
        assert (halted.data["realizedLoss"], halted.data["openingBalance"]) == ("420", "100000")

    def test_a_loss_below_the_limit_trades_on(self, app: InProcessApp, desk: Desk) -> None:
        configure(app, desk, daily_loss_limit_percent=D("0.5"))
        self.lose(app, desk)

        assert run(app, desk, 2, TWO_TARGETS) == "accepted"
        assert app.events_of(desk.tenant_id, EventType.TRADING_HALTED) == []

    def test_the_next_utc_day_trades_again(self, app: InProcessApp, desk: Desk, clock: FixedClock) -> None:
        configure(app, desk, daily_loss_limit_percent=D("0.4"))
        self.lose(app, desk)
        clock.advance(timedelta(hours=12))  # 00:00 UTC the next day

        assert run(app, desk, 2, TWO_TARGETS, timestamp=clock.now().isoformat()) == "accepted"

    def test_risk_reducing_follow_ups_still_run_while_halted(self, app: InProcessApp, desk: Desk) -> None:
        configure(app, desk, daily_loss_limit_percent=D("0.4"))
        open_trade(app, desk, message_id=7, units=2, content="BUY XAUUSD @ 2350.5\nSL 2330\nTP1 2360\nTP2 2370")
        self.lose(app, desk)  # the 40-unit trade (message 1) is stopped out; message 7's trade stays open

        assert run(app, desk, 8, "move SL to entry", replyToMessageId=7) == "follow_up"
        assert run(app, desk, 9, "TP2 to 2390", replyToMessageId=7) == "ignored"
        assert run(app, desk, 10, "close all", replyToMessageId=7) == "follow_up"

        trade = trade_of(app, desk, 7)
        assert trade.status is LegStatus.CLOSED
        assert [leg.take_profit for leg in trade.legs] == [D(2360), D(2370)]
        assert [leg.realized_pnl for leg in trade.legs] == [D("-11.5"), D("-11.5")]  # closed at the 2339 bid
        ignored = only(app.events_of(desk.tenant_id, EventType.FOLLOW_UP_IGNORED))
        assert ignored.data["reason"] == "daily_loss_limit"


class TestBreakevenAfterATarget:
    def test_target_one_filling_moves_the_other_legs_stop_to_the_entry_fill(self, app: InProcessApp,
                                                                              desk: Desk) -> None:
        configure(app, desk, breakeven_after_tp=1)
        trade = open_trade(app, desk, units=2)

        happened = quote(app, desk, "2360", "2360.3")

        assert [e["reason"] for e in happened] == ["TakeProfit"]
        trade = trade_of(app, desk, 1)
        assert (trade.legs[0].status, trade.legs[0].realized_pnl) == (LegStatus.CLOSED, D("9.5"))
        assert (trade.legs[1].status, trade.legs[1].stop_loss) == (LegStatus.OPEN, D("2350.5"))
        stops = {o["ClientOrderId"]: o["StopLoss"] for o in app.paper_orders(desk.tenant_id, desk.broker_id)}
        assert stops[trade.legs[1].client_order_id] == D("2350.5")
        modified = only(app.events_of(desk.tenant_id, EventType.TRADE_MODIFIED))
        assert (modified.data["action"], modified.data["legsMoved"]) == ("breakeven", [1])
        assert quote(app, desk, "2360", "2360.3") == []  # the same quote again moves nothing more

    def test_without_the_rule_the_stop_stays(self, app: InProcessApp, desk: Desk) -> None:
        open_trade(app, desk, units=2)
        quote(app, desk, "2360", "2360.3")

        assert trade_of(app, desk, 1).legs[1].stop_loss == D(2340)
        assert app.events_of(desk.tenant_id, EventType.TRADE_MODIFIED) == []


class TestRestingEntries:
    def test_a_limit_rests_then_fills_when_the_market_reaches_it(self, app: InProcessApp, desk: Desk) -> None:
        trade = open_trade(app, desk, content=LIMIT)
        assert trade.status is LegStatus.PENDING and all(leg.broker_order_id for leg in trade.legs)

        filled = quote(app, desk, "2339.7", "2340")

        assert [e["reason"] for e in filled] == ["Filled", "Filled"]
        trade = trade_of(app, desk, 1)
        assert [leg.entry_fill for leg in trade.legs] == [D(2340), D(2340)]
        assert trade.status is LegStatus.OPEN

    def test_the_sweep_cancels_entries_past_the_expiry(self, app: InProcessApp, desk: Desk,
                                                       clock: FixedClock) -> None:
        configure(app, desk, pending_expiry_minutes=30)
        open_trade(app, desk, content=LIMIT)
        open_trade(app, desk, message_id=2)  # open: never swept
        clock.advance(timedelta(minutes=29))
        assert app.container.trade_expiry.run()["cancelled"] == []

        clock.advance(timedelta(minutes=2))
        report = app.container.trade_expiry.run()

        trade = trade_of(app, desk, 1)
        assert report["cancelled"] == [trade.id] and trade.status is LegStatus.CANCELLED
        assert trade_of(app, desk, 2).status is LegStatus.OPEN
        legs = {leg.client_order_id for leg in trade.legs}
        assert {o["Status"] for o in app.paper_orders(desk.tenant_id, desk.broker_id)
                if o["ClientOrderId"] in legs} == {"Cancelled"}
        assert app.container.trade_expiry.run()["cancelled"] == []  # a second sweep finds nothing
        only(app.events_of(desk.tenant_id, EventType.TRADE_CANCELLED))

    def test_the_paper_broker_expires_an_entry_itself_and_the_trade_records_it(
            self, app: InProcessApp, desk: Desk, clock: FixedClock) -> None:
        configure(app, desk, pending_expiry_minutes=30)
        open_trade(app, desk, content=LIMIT)
        clock.advance(timedelta(minutes=31))

        happened = quote(app, desk, "2345", "2345.3")

        assert [e["reason"] for e in happened] == ["Expired", "Expired"]
        assert trade_of(app, desk, 1).status is LegStatus.CANCELLED
