"""The tenant's manual actions (TradeService) and the paper market, on in-process stores: each action is
the same queued command a follow-up makes, checked against the trade before it is queued; a retried
request with its key acts once; and a pipeline killed after storing a trade opens no second one."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest

from shared.domain.enums import BrokerType
from shared.domain.errors import InvalidStateError, NotFoundError, ValidationError
from shared.domain.events import EventType
from shared.domain.trade import LegStatus
from shared.ports.queues import TRADE_COMMANDS
from tests.support.in_process import InProcessApp, only
from tests.support.lifecycle import LIMIT, TWO_TARGETS, configure, history_kinds, open_trade, quote, trade_of, waiting
from tests.support.scenario import Desk, message


class TestManualActions:
    def test_close_queues_a_command_the_executor_applies(self, app: InProcessApp, desk: Desk) -> None:
        trade = open_trade(app, desk, units=4)
        quote(app, desk, "2352.5", "2352.8")

        command = app.container.trades.close(tenant_id=desk.tenant_id, trade_id=trade.id, percent=D(50))

        assert command.action is not None and command.action.trade_id == trade.id
        assert trade_of(app, desk, 1).legs[0].closed_units == 0  # nothing happens before the executor runs
        assert app.execute_waiting() == ["executed"]
        assert [leg.closed_units for leg in trade_of(app, desk, 1).legs] == [D(1), D(1)]
        closed = only(app.events_of(desk.tenant_id, EventType.TRADE_CLOSED))
        assert closed.data["realizedPnl"] == "4"

    def test_stop_to_entry_and_to_a_price(self, app: InProcessApp, desk: Desk) -> None:
        trade = open_trade(app, desk)
        app.container.trades.move_stop(tenant_id=desk.tenant_id, trade_id=trade.id, to_entry=True)
        app.execute_waiting()
        assert [leg.stop_loss for leg in trade_of(app, desk, 1).legs] == [D("2350.5")] * 2

        app.container.trades.move_stop(tenant_id=desk.tenant_id, trade_id=trade.id, price=D("2352"))
        app.execute_waiting()
        assert [leg.stop_loss for leg in trade_of(app, desk, 1).legs] == [D(2352)] * 2

    def test_cancel_withdraws_resting_legs(self, app: InProcessApp, desk: Desk) -> None:
        trade = open_trade(app, desk, content=LIMIT)

        app.container.trades.cancel(tenant_id=desk.tenant_id, trade_id=trade.id)
        app.execute_waiting()

        assert trade_of(app, desk, 1).status is LegStatus.CANCELLED

    def test_the_same_request_key_acts_once(self, app: InProcessApp, desk: Desk) -> None:
        trade = open_trade(app, desk, units=4)
        quote(app, desk, "2352.5", "2352.8")
        for _ in range(2):
            app.container.trades.close(tenant_id=desk.tenant_id, trade_id=trade.id, percent=D(50),
                                       request_key="retry-1")

        assert app.execute_waiting() == ["executed", "executed"]

        assert [leg.closed_units for leg in trade_of(app, desk, 1).legs] == [D(1), D(1)]
        assert history_kinds(app, trade).count("PartClosed") == 2  # one per leg

    def test_different_requests_act_each(self, app: InProcessApp, desk: Desk) -> None:
        trade = open_trade(app, desk, units=4)
        quote(app, desk, "2352.5", "2352.8")
        app.container.trades.close(tenant_id=desk.tenant_id, trade_id=trade.id, percent=D(50), request_key="a")
        app.container.trades.close(tenant_id=desk.tenant_id, trade_id=trade.id, request_key="b")

        app.execute_waiting()

        trade = trade_of(app, desk, 1)
        assert (trade.status, [leg.closed_units for leg in trade.legs]) == (LegStatus.CLOSED, [D(2), D(2)])
        assert history_kinds(app, trade).count("PartClosed") == 2 and history_kinds(app, trade).count("Closed") == 2

    @pytest.mark.parametrize("action", ["close", "cancel", "stop"])
    def test_an_action_the_trade_cannot_take_is_refused_and_queues_nothing(self, app: InProcessApp, desk: Desk,
                                                                           action: str) -> None:
        trade = open_trade(app, desk, content=LIMIT)
        app.container.trades.cancel(tenant_id=desk.tenant_id, trade_id=trade.id)
        app.execute_waiting()
        service = app.container.trades

        with pytest.raises(InvalidStateError) as refused:
            {"close": lambda: service.close(tenant_id=desk.tenant_id, trade_id=trade.id),
             "cancel": lambda: service.cancel(tenant_id=desk.tenant_id, trade_id=trade.id),
             "stop": lambda: service.move_stop(tenant_id=desk.tenant_id, trade_id=trade.id, to_entry=True)}[action]()

        assert refused.value.field == "status" and waiting(app) == []

    def test_bad_input_names_its_field(self, app: InProcessApp, desk: Desk) -> None:
        trade = open_trade(app, desk)
        service = app.container.trades

        with pytest.raises(ValidationError) as both:
            service.move_stop(tenant_id=desk.tenant_id, trade_id=trade.id, price=D(2345), to_entry=True)
        with pytest.raises(ValidationError) as key:
            service.close(tenant_id=desk.tenant_id, trade_id=trade.id, request_key="not a key!")
        with pytest.raises(NotFoundError) as missing:
            service.close(tenant_id=desk.tenant_id, trade_id="trd_missing")

        assert (both.value.field, key.value.field, missing.value.field) == ("price", "Idempotency-Key", "tradeId")
        assert waiting(app) == []

    def test_another_tenants_trade_is_not_found(self, app: InProcessApp, desk: Desk) -> None:
        from tests.support.scenario import seed_desk

        other = seed_desk(app.container)
        trade = open_trade(app, desk)

        with pytest.raises(NotFoundError):
            app.container.trades.close(tenant_id=other.tenant_id, trade_id=trade.id)
        with pytest.raises(NotFoundError):
            app.container.trades.get(tenant_id=other.tenant_id, trade_id=trade.id)


class TestThePaperMarket:
    def test_only_a_paper_account_has_a_market_to_move(self, app: InProcessApp, desk: Desk) -> None:
        oanda = app.container.brokers.add(tenant_id=desk.tenant_id, broker_type=BrokerType.OANDA,
                                          display_name="OANDA", credentials={"token": "t", "accountId": "001-1"},
                                          metadata={"environment": "practice"})

        with pytest.raises(ValidationError) as refused:
            app.container.trades.set_paper_quote(tenant_id=desk.tenant_id, broker_id=oanda.id, symbol="XAUUSD",
                                                 bid=D(1), ask=D(2))

        assert refused.value.field == "brokerId"

    def test_a_quote_below_the_bid_changes_nothing(self, app: InProcessApp, desk: Desk) -> None:
        open_trade(app, desk)

        with pytest.raises(ValidationError) as crossed:
            quote(app, desk, "2361", "2360")

        assert crossed.value.field == "ask" and trade_of(app, desk, 1).status is LegStatus.OPEN


def killed_after_storing(app: InProcessApp, desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """Message 1 is delivered and its worker dies right after the trade is stored, before its command leaves."""
    intake = app.container.pipeline._intake  # noqa: SLF001  # the step where the crash lands
    real = intake._store  # noqa: SLF001

    def killed(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        raise SystemExit("worker killed after storing the trade")

    monkeypatch.setattr(intake, "_store", killed)
    with pytest.raises(SystemExit):
        app.deliver(message(desk, 1, TWO_TARGETS))
    monkeypatch.setattr(intake, "_store", real)


class TestKillAndRedeliver:
    def test_a_pipeline_killed_after_storing_the_trade_opens_no_second_one(
            self, app: InProcessApp, desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
        """The worker dies after the trade is stored and before its command leaves; the claim is given up
        (as its lease would run out) and the queue redelivers."""
        configure(app, desk, fixed_units=2)
        killed_after_storing(app, desk, monkeypatch)
        assert len(app.container.database.repositories.trades.page(tenant_id=desk.tenant_id)) == 1

        result = app.deliver(message(desk, 1, TWO_TARGETS))  # the queue redelivers

        assert result.outcome.value == "accepted" and len(app.queue.waiting(TRADE_COMMANDS)) == 1
        assert app.execute_waiting() == ["executed"]
        trades = app.container.database.repositories.trades.page(tenant_id=desk.tenant_id)
        assert len(trades) == 1 and len(app.paper_orders(desk.tenant_id, desk.broker_id)) == 2

    def test_a_redelivered_message_is_not_refused_by_the_open_trade_cap_its_own_trade_fills(
            self, app: InProcessApp, desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
        configure(app, desk, max_open_trades=1)
        killed_after_storing(app, desk, monkeypatch)

        assert app.deliver(message(desk, 1, TWO_TARGETS)).outcome.value == "accepted"  # the trade is its own
        assert app.deliver(message(desk, 2, TWO_TARGETS)).outcome.value == "rejected"  # the cap holds for others
        assert len(app.container.database.repositories.trades.page(tenant_id=desk.tenant_id)) == 1

    def test_a_redelivered_message_whose_trade_was_stored_keeps_it_when_the_cap_is_lowered_meanwhile(
            self, app: InProcessApp, desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
        """Admitted when it first ran (its trade holds a place): the redelivery re-emits its command rather than
        refusing a trade that already exists."""
        configure(app, desk, max_open_trades=2)
        killed_after_storing(app, desk, monkeypatch)
        assert app.deliver(message(desk, 2, TWO_TARGETS)).outcome.value == "accepted"
        configure(app, desk, max_open_trades=1)

        redelivered = app.deliver(message(desk, 1, TWO_TARGETS))

        assert redelivered.outcome.value == "accepted" and len(redelivered.commands) == 1
        assert app.deliver(message(desk, 3, TWO_TARGETS)).outcome.value == "rejected"
        assert len(app.container.database.repositories.trades.page(tenant_id=desk.tenant_id)) == 2
