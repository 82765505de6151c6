"""Follow-ups, edits and deletions through the pipeline and the executor, on in-process stores and the paper
simulator: what links to what, what each action does to the stored trade and the paper orders, what is
ignored and why, and that a command delivered twice acts once."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D
from typing import Any

import pytest

from shared.clock import FixedClock
from shared.domain.channel import ChannelChanges, DeletePolicy, EditPolicy, FollowUpLinking
from shared.domain.events import EventType
from shared.domain.trade import LegStatus
from shared.ports.queues import TRADE_COMMANDS
from shared.services import trade_open
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
    waiting,
)
from tests.support.scenario import CHANNEL_ID, Desk, message

EDITED_AT = "2026-01-05T12:01:00+00:00"


def ignored_reason(app: InProcessApp, desk: Desk) -> str:
    return str(only(app.events_of(desk.tenant_id, EventType.FOLLOW_UP_IGNORED)).data["reason"])


def channel(app: InProcessApp, desk: Desk, **changes: object) -> None:
    app.container.channels.update(tenant_id=desk.tenant_id, channel_id=CHANNEL_ID,
                                  changes=ChannelChanges(**changes))  # type: ignore[arg-type]  # the test names the fields


class TestActionsOnAReply:
    def test_move_sl_to_entry_moves_every_open_legs_stop_to_its_fill(self, app: InProcessApp, desk: Desk) -> None:
        open_trade(app, desk)

        assert run(app, desk, 2, "move SL to entry", replyToMessageId=1) == "follow_up"

        trade = trade_of(app, desk, 1)
        assert [leg.stop_loss for leg in trade.legs] == [D("2350.5"), D("2350.5")]
        assert {o["StopLoss"] for o in app.paper_orders(desk.tenant_id, desk.broker_id)} == {D("2350.5")}
        modified = only(app.events_of(desk.tenant_id, EventType.TRADE_MODIFIED))
        assert modified.data["tradeId"] == trade.id and len(modified.data["changes"]) == 2

    def test_sl_to_a_price(self, app: InProcessApp, desk: Desk) -> None:
        open_trade(app, desk)

        run(app, desk, 2, "move SL to 2345", replyToMessageId=1)

        assert [leg.stop_loss for leg in trade_of(app, desk, 1).legs] == [D(2345), D(2345)]

    def test_a_stop_in_thousands_moves_to_that_price(self, app: InProcessApp, desk: Desk) -> None:
        open_trade(app, desk)  # gold bought at 2350.5
        run(app, desk, 2, "move SL to 2,345.5", replyToMessageId=1)

        assert [leg.stop_loss for leg in trade_of(app, desk, 1).legs] == [D("2345.5"), D("2345.5")]

    @pytest.mark.parametrize(("content", "detail"), [
        ("move SL to 2.345", "2.345 is far from trade"),  # another market's number, or a typo: no stop removed
        ("move SL to 2345.123456789", "2345.123456789 has more than 8 decimal places"),
        ("TP2 to 23700", "23700 is far from trade"),
    ])
    def test_a_price_that_cannot_be_the_trades_changes_nothing(self, app: InProcessApp, desk: Desk, content: str,
                                                              detail: str) -> None:
        open_trade(app, desk)
        before = trade_of(app, desk, 1).legs

        assert run(app, desk, 2, content, replyToMessageId=1) == "ignored"

        assert [(leg.stop_loss, leg.take_profit) for leg in trade_of(app, desk, 1).legs] == [
            (leg.stop_loss, leg.take_profit) for leg in before]
        ignored = only(app.events_of(desk.tenant_id, EventType.FOLLOW_UP_IGNORED))
        assert ignored.data["reason"] == "implausible_price" and detail in ignored.data["detail"]
        assert waiting(app) == []

    def test_close_half_closes_half_of_each_open_leg(self, app: InProcessApp, desk: Desk) -> None:
        open_trade(app, desk, units=4)
        quote(app, desk, "2355.5", "2355.8")

        run(app, desk, 2, "close half", replyToMessageId=1)

        trade = trade_of(app, desk, 1)
        assert [(leg.status, leg.closed_units, leg.realized_pnl) for leg in trade.legs] == [
            (LegStatus.OPEN, D(1), D(5)), (LegStatus.OPEN, D(1), D(5))]
        closed = only(app.events_of(desk.tenant_id, EventType.TRADE_CLOSED))
        assert (closed.data["tradeStatus"], closed.data["realizedPnl"]) == ("Open", "10")

    def test_close_half_of_fractional_legs_on_the_paper_broker(self, app: InProcessApp, desk: Desk) -> None:
        """Fixed 0.8 units split over two targets in tenths (the paper broker gives no step): 0.4 each; half of
        each is 0.2, closed at the paper broker (whole units would have closed nothing)."""
        configure(app, desk, fixed_units=D("0.8"))
        assert run(app, desk, 1, TWO_TARGETS) == "accepted"
        assert [leg.units for leg in trade_of(app, desk, 1).legs] == [D("0.4"), D("0.4")]
        quote(app, desk, "2355.5", "2355.8")

        run(app, desk, 2, "close half", replyToMessageId=1)

        trade = trade_of(app, desk, 1)
        assert [(leg.status, leg.closed_units) for leg in trade.legs] == [(LegStatus.OPEN, D("0.2"))] * 2
        assert sorted(o["ClosedUnits"] for o in app.paper_orders(desk.tenant_id, desk.broker_id)) == [D("0.2")] * 2

    def test_close_all_closes_the_trade_with_its_pnl(self, app: InProcessApp, desk: Desk) -> None:
        open_trade(app, desk)
        quote(app, desk, "2355.5", "2355.8")

        run(app, desk, 2, "close all", replyToMessageId=1)

        trade = trade_of(app, desk, 1)
        assert (trade.status, trade.realized_pnl) == (LegStatus.CLOSED, D(10))
        assert {o["Status"] for o in app.paper_orders(desk.tenant_id, desk.broker_id)} == {"Closed"}

    def test_cancel_withdraws_a_resting_entry(self, app: InProcessApp, desk: Desk) -> None:
        open_trade(app, desk, content=LIMIT)

        run(app, desk, 2, "cancel the limit", replyToMessageId=1)

        assert trade_of(app, desk, 1).status is LegStatus.CANCELLED
        assert {o["Status"] for o in app.paper_orders(desk.tenant_id, desk.broker_id)} == {"Cancelled"}
        only(app.events_of(desk.tenant_id, EventType.TRADE_CANCELLED))

    def test_a_target_change_moves_that_legs_target_only(self, app: InProcessApp, desk: Desk) -> None:
        open_trade(app, desk)

        run(app, desk, 2, "TP2 to 2375", replyToMessageId=1)

        assert [leg.take_profit for leg in trade_of(app, desk, 1).legs] == [D(2360), D(2375)]

    @pytest.mark.parametrize(("content", "reason"), [
        ("I would not close here", "follow_up_negated"),
        ("Do NOT move SL to BE yet", "follow_up_negated"),
        ("Close half if it reaches 2360", "follow_up_conditional"),
        ("Move SL to entry after TP1", "follow_up_conditional"),
    ])
    def test_an_action_said_not_to_be_taken_or_only_later_is_not_taken(
            self, app: InProcessApp, desk: Desk, content: str, reason: str) -> None:
        open_trade(app, desk)
        quote(app, desk, "2355.5", "2355.8")

        assert run(app, desk, 2, content, replyToMessageId=1) == "ignored"

        trade = trade_of(app, desk, 1)
        assert trade.status is LegStatus.OPEN and [leg.closed_units for leg in trade.legs] == [D(0), D(0)]
        assert [leg.stop_loss for leg in trade.legs] == [D(2340), D(2340)]
        assert ignored_reason(app, desk) == reason
        assert waiting(app) == []

    def test_tp1_hit_is_noted_against_the_trade(self, app: InProcessApp, desk: Desk) -> None:
        trade = open_trade(app, desk)

        assert run(app, desk, 2, "TP1 hit", replyToMessageId=1) == "noted"

        noted = only(app.events_of(desk.tenant_id, EventType.FOLLOW_UP_NOTED))
        assert (noted.data["note"], noted.data["targetReached"], noted.data["tradeIds"]) == (
            "target_hit", 1, [trade.id])
        assert waiting(app) == []


class TestLinking:
    def test_a_follow_up_that_replies_to_nothing_is_ignored_under_reply_linking(self, app: InProcessApp,
                                                                                desk: Desk) -> None:
        open_trade(app, desk)

        assert run(app, desk, 2, "XAUUSD close all") == "ignored"

        assert ignored_reason(app, desk) == "not_a_reply"
        assert trade_of(app, desk, 1).status is LegStatus.OPEN

    def test_a_reply_to_a_message_that_opened_nothing_is_ignored(self, app: InProcessApp, desk: Desk) -> None:
        open_trade(app, desk)

        assert run(app, desk, 3, "close all", replyToMessageId=2) == "ignored"

        assert ignored_reason(app, desk) == "parent_opened_no_trade"

    def test_reply_or_symbol_links_the_newest_open_trade_on_the_named_symbol(self, app: InProcessApp,
                                                                             desk: Desk, clock: FixedClock) -> None:
        channel(app, desk, follow_up_linking=FollowUpLinking.REPLY_OR_SYMBOL)
        open_trade(app, desk, message_id=1)
        clock.advance(timedelta(minutes=1))
        open_trade(app, desk, message_id=2)
        quote(app, desk, "2355.5", "2355.8")

        assert run(app, desk, 3, "XAUUSD close all") == "follow_up"

        assert trade_of(app, desk, 2).status is LegStatus.CLOSED
        assert trade_of(app, desk, 1).status is LegStatus.OPEN

    def test_reply_or_symbol_knows_a_symbols_common_name(self, app: InProcessApp, desk: Desk) -> None:
        channel(app, desk, follow_up_linking=FollowUpLinking.REPLY_OR_SYMBOL)
        open_trade(app, desk)

        assert run(app, desk, 2, "Gold: move SL to entry.") == "follow_up"

        assert [leg.stop_loss for leg in trade_of(app, desk, 1).legs] == [D("2350.5")] * 2

    def test_reply_or_symbol_ignores_trades_older_than_the_window(self, app: InProcessApp, desk: Desk,
                                                                   clock: FixedClock) -> None:
        channel(app, desk, follow_up_linking=FollowUpLinking.REPLY_OR_SYMBOL, follow_up_window_hours=1)
        open_trade(app, desk)
        clock.advance(timedelta(hours=2))

        assert run(app, desk, 2, "XAUUSD close all") == "ignored"

        assert ignored_reason(app, desk) == "no_open_trade_on_symbol"

    def test_a_follow_up_on_a_finished_trade_has_nothing_to_act_on(self, app: InProcessApp, desk: Desk) -> None:
        open_trade(app, desk, content=LIMIT)
        run(app, desk, 2, "cancel the limit", replyToMessageId=1)

        assert run(app, desk, 3, "move SL to entry", replyToMessageId=1) == "ignored"

        assert ignored_reason(app, desk) == "nothing_to_act_on"


class TestRedelivery:
    def test_a_follow_up_delivered_twice_acts_once(self, app: InProcessApp, desk: Desk) -> None:
        open_trade(app, desk, units=4)
        quote(app, desk, "2355.5", "2355.8")
        body = message(desk, 2, "close half", replyToMessageId=1)
        app.deliver(body)
        app.deliver(body)  # the host redelivers: the pipeline re-emits the same commands

        assert app.execute_waiting() == ["executed", "executed"]

        trade = trade_of(app, desk, 1)
        assert [leg.closed_units for leg in trade.legs] == [D(1), D(1)]  # half of each 2-unit leg, once
        assert history_kinds(app, trade).count("PartClosed") == 2  # one per leg, not two
        only(app.events_of(desk.tenant_id, EventType.TRADE_CLOSED))

    def test_a_worker_killed_after_the_venue_acted_is_redelivered_and_acts_once(
            self, app: InProcessApp, desk: Desk) -> None:
        """The first delivery closed the legs at the venue and died before saving the trade: the redelivery
        gets the venue's first answer back (same action ids) and records it once."""
        open_trade(app, desk, units=4)
        quote(app, desk, "2355.5", "2355.8")
        app.deliver(message(desk, 2, "close half", replyToMessageId=1))
        body = app.queue.waiting(TRADE_COMMANDS)[0]
        writer = app.container.executor._actions._writer  # noqa: SLF001  # the seam where a crash would land

        def die(**_: object) -> None:
            raise SystemExit("worker killed")

        real, writer.change = writer.change, die  # type: ignore[method-assign,assignment]  # simulate the crash
        try:
            app.container.executor.handle(body.encode())
        except SystemExit:
            pass
        writer.change = real  # type: ignore[method-assign]  # the next worker is healthy
        assert app.execute_waiting() == ["executed"]  # the queue hands the same body to the next worker

        trade = trade_of(app, desk, 1)
        assert [leg.closed_units for leg in trade.legs] == [D(1), D(1)]
        orders = app.paper_orders(desk.tenant_id, desk.broker_id)
        assert [o["ClosedUnits"] for o in orders] == [D(1), D(1)]


class TestEdits:
    def test_an_edited_pending_signal_moves_its_entry_stop_and_targets(self, app: InProcessApp,
                                                                       desk: Desk) -> None:
        open_trade(app, desk, content=LIMIT)

        outcome = run(app, desk, 1, "BUY LIMIT XAUUSD @ 2338\nSL 2328\nTP1 2350\nTP2 2365", editedAt=EDITED_AT)

        assert outcome == "follow_up"
        trade = trade_of(app, desk, 1)
        assert [(leg.requested_entry, leg.stop_loss, leg.take_profit) for leg in trade.legs] == [
            (D(2338), D(2328), D(2350)), (D(2338), D(2328), D(2365))]
        assert {o["Price"] for o in app.paper_orders(desk.tenant_id, desk.broker_id)} == {D(2338)}

    def test_an_open_trades_entry_never_moves(self, app: InProcessApp, desk: Desk) -> None:
        open_trade(app, desk)

        run(app, desk, 1, "BUY XAUUSD @ 2349\nSL 2341\nTP1 2360\nTP2 2370", editedAt=EDITED_AT)

        trade = trade_of(app, desk, 1)
        assert [(leg.entry_fill, leg.stop_loss) for leg in trade.legs] == [(D("2350.5"), D(2341))] * 2

    def test_edits_are_ignored_when_the_channel_says_so(self, app: InProcessApp, desk: Desk) -> None:
        channel(app, desk, edit_policy=EditPolicy.IGNORE)
        open_trade(app, desk, content=LIMIT)

        assert run(app, desk, 1, "BUY LIMIT XAUUSD @ 2338\nSL 2328\nTP 2350", editedAt=EDITED_AT) == "ignored"

        assert ignored_reason(app, desk) == "edit_policy_ignore"
        assert trade_of(app, desk, 1).legs[0].requested_entry == D(2340)

    def test_each_revision_is_processed_once_beside_the_original(self, app: InProcessApp, desk: Desk) -> None:
        open_trade(app, desk, content=LIMIT)
        edit = message(desk, 1, "BUY LIMIT XAUUSD @ 2338\nSL 2328\nTP1 2350\nTP2 2360", editedAt=EDITED_AT)
        app.deliver(edit)
        app.execute_waiting()

        assert app.deliver(edit).outcome.value == "duplicate"
        assert app.execute_waiting() == ["executed", "executed"]  # re-emitted (one per leg): their work is done
        assert history_kinds(app, trade_of(app, desk, 1)).count("EntryChanged") == 2  # one per leg

    def test_a_non_signal_edited_into_a_signal_opens_a_trade(self, app: InProcessApp, desk: Desk) -> None:
        assert run(app, desk, 1, "Gold setup coming soon") == "not_a_signal"

        assert run(app, desk, 1, "BUY XAUUSD @ 2350.5\nSL 2340\nTP 2360", editedAt=EDITED_AT) == "accepted"

        assert trade_of(app, desk, 1).status is LegStatus.OPEN

    def test_a_late_edit_into_a_signal_is_stale(self, app: InProcessApp, desk: Desk, clock: FixedClock) -> None:
        configure(app, desk, max_signal_delay_seconds=300)
        run(app, desk, 1, "Gold setup coming soon")
        clock.advance(timedelta(minutes=6))

        assert run(app, desk, 1, "BUY XAUUSD @ 2350.5\nSL 2340\nTP 2360",
                   editedAt="2026-01-05T12:06:00+00:00") == "rejected"

        rejected = only(app.events_of(desk.tenant_id, EventType.SIGNAL_REJECTED))
        assert rejected.data["rule"] == "stale"


class TestDeletions:
    def test_a_deleted_signal_cancels_its_resting_legs(self, app: InProcessApp, desk: Desk) -> None:
        open_trade(app, desk, content=LIMIT)

        assert run(app, desk, 1, "", deleted=True) == "follow_up"

        assert trade_of(app, desk, 1).status is LegStatus.CANCELLED

    def test_a_signal_deleted_before_its_command_ran_places_nothing(self, app: InProcessApp, desk: Desk) -> None:
        configure(app, desk, fixed_units=2)
        app.deliver(message(desk, 1, LIMIT))  # the open command waits in the queue…
        opening = app.queue.take(TRADE_COMMANDS)
        assert opening is not None

        assert run(app, desk, 1, "", deleted=True) == "follow_up"  # …while the deletion is handled
        app.queue.send(TRADE_COMMANDS, opening)
        assert app.execute_waiting() == ["failed"]

        assert trade_of(app, desk, 1).status is LegStatus.CANCELLED
        assert app.paper_orders(desk.tenant_id, desk.broker_id) == []
        assert only(app.events_of(desk.tenant_id, EventType.TRADE_FAILED)).data["reason"] == "cancelled"

    @pytest.mark.parametrize(("content", "withdrawn"), [(LIMIT, "Cancelled"), (TWO_TARGETS, "Closed")])
    def test_a_deletion_that_overtakes_the_placing_of_its_order_withdraws_the_order(
            self, app: InProcessApp, desk: Desk, monkeypatch: pytest.MonkeyPatch, content: str,
            withdrawn: str) -> None:
        """The cancel finds nothing at the venue yet (the open command is between its lookup and its
        order): the leg is cancelled, then the order lands, and the executor withdraws it at once."""
        configure(app, desk, fixed_units=1)
        quote(app, desk, "2350.3", "2350.5")
        app.deliver(message(desk, 1, content))
        real_order = trade_open._order  # noqa: SLF001  # the moment between the lookup and the order

        def overtaken(*args: Any) -> Any:
            monkeypatch.setattr(trade_open, "_order", real_order)
            assert run(app, desk, 1, "", deleted=True) == "follow_up"
            return real_order(*args)

        monkeypatch.setattr(trade_open, "_order", overtaken)
        assert app.execute_waiting() == ["executed"]

        assert trade_of(app, desk, 1).status is LegStatus.CANCELLED
        (order,) = app.paper_orders(desk.tenant_id, desk.broker_id)
        assert order["Status"] == withdrawn

    def test_a_deletion_never_closes_an_open_position(self, app: InProcessApp, desk: Desk) -> None:
        open_trade(app, desk)

        assert run(app, desk, 1, "", deleted=True) == "ignored"

        assert ignored_reason(app, desk) == "no_pending_leg"
        assert trade_of(app, desk, 1).status is LegStatus.OPEN

    def test_deletions_are_ignored_when_the_channel_says_so(self, app: InProcessApp, desk: Desk) -> None:
        channel(app, desk, delete_policy=DeletePolicy.IGNORE)
        open_trade(app, desk, content=LIMIT)

        assert run(app, desk, 1, "", deleted=True) == "ignored"

        assert trade_of(app, desk, 1).status is LegStatus.PENDING


class TestAChannelPatternsActionGroup:
    PATTERN = (r"(?:(?P<side>BUY|SELL) (?P<symbol>[A-Z]{6}) @ (?P<entry>[0-9.]+) SL (?P<sl>[0-9.]+) "
               r"TP (?P<tp>[0-9.]+))|(?:>> (?P<action>.+))")

    def test_the_action_group_is_read_as_a_follow_up(self, app: InProcessApp, desk: Desk) -> None:
        """The whole text reads like a new signal (a side and two prices), so only the group can say it."""
        channel(app, desk, regex_pattern=self.PATTERN)
        open_trade(app, desk, content="BUY XAUUSD @ 2350.5 SL 2340 TP 2380")
        quote(app, desk, "2365", "2365.2")
        text = "BUY XAUUSD from 2350.5, now 2365 >> close all"

        assert run(app, desk, 2, text, replyToMessageId=1) == "follow_up"

        assert trade_of(app, desk, 1).status is LegStatus.CLOSED
