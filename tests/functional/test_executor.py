"""The trade executor built by bootstrap() on in-process stores and the paper broker: each outcome of a
trade command, read back from the event store (``TradeFailed.data.reason``) and the paper account's rows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.domain.enums import BrokerType
from shared.domain.events import Event, EventType
from shared.domain.messages import TradeCommand
from shared.domain.trading import TradingChanges
from shared.ports.queues import TRADE_COMMANDS
from tests.support.in_process import InProcessApp, only
from tests.support.scenario import GOLD, GOLD_AT_MARKET, Desk, message

SECRET = "s3cret-value-never-logged"


def queued(app: InProcessApp, desk: Desk, message_id: int = 1, content: str = GOLD) -> TradeCommand:
    """Deliver a signal and return the one trade command it enqueued (not yet executed)."""
    assert app.deliver(message(desk, message_id, content)).outcome == "accepted"
    waiting = app.queue.waiting(TRADE_COMMANDS)
    assert len(waiting) == 1
    return TradeCommand.parse(waiting[0])


def failure(app: InProcessApp, desk: Desk) -> Event:
    return only(app.events_of(desk.tenant_id, EventType.TRADE_FAILED))


def nothing_traded(app: InProcessApp, desk: Desk) -> bool:
    return (app.paper_orders(desk.tenant_id, desk.broker_id) == []
            and app.events_of(desk.tenant_id, EventType.TRADE_EXECUTED) == [])


class TestExecutorPlacesTheOrder:
    def test_a_command_fills_one_paper_order_and_records_it(self, app: InProcessApp, desk: Desk) -> None:
        command = queued(app, desk)

        assert app.execute_waiting() == ["executed"]

        (order,) = app.paper_orders(desk.tenant_id, desk.broker_id)
        assert (order["Symbol"], order["Side"], order["Units"], order["Status"]) == ("XAUUSD", "Buy", 1, "Filled")
        assert order["ClientOrderId"] == command.client_order_id and order["FillPrice"] == Decimal("2350.5")
        executed = only(app.events_of(desk.tenant_id, EventType.TRADE_EXECUTED))
        assert executed.data["clientOrderId"] == command.client_order_id
        assert (executed.data["status"], executed.data["duplicate"]) == ("Filled", False)
        assert executed.correlation_id == command.correlation_id
        broker = app.container.brokers.get(tenant_id=desk.tenant_id, broker_id=desk.broker_id)
        assert broker.last_used_at == app.container.clock.now()
        assert app.queue.waiting(TRADE_COMMANDS) == []

    def test_a_redelivered_command_places_no_second_order(self, app: InProcessApp, desk: Desk) -> None:
        queued(app, desk)
        body = app.queue.waiting(TRADE_COMMANDS)[0]
        assert app.execute_waiting() == ["executed"]

        app.queue.send(TRADE_COMMANDS, body)  # the host redelivers: the first delivery was never acknowledged
        assert app.execute_waiting() == ["executed"]

        assert len(app.paper_orders(desk.tenant_id, desk.broker_id)) == 1
        only(app.events_of(desk.tenant_id, EventType.TRADE_EXECUTED))
        assert app.events_of(desk.tenant_id, EventType.TRADE_FAILED) == []

    def test_a_fill_within_the_slippage_limit_is_placed_at_the_quote(self, app: InProcessApp, desk: Desk) -> None:
        app.container.trading.update(tenant_id=desk.tenant_id, changes=TradingChanges(
            max_slippage_pips=Decimal("5")))
        app.paper(desk.tenant_id, desk.broker_id).set_quote("XAUUSD", Decimal("2350.6"), Decimal("2350.8"))
        queued(app, desk)

        assert app.execute_waiting() == ["executed"]  # 0.3 from the entry: 3 gold pips

        (order,) = app.paper_orders(desk.tenant_id, desk.broker_id)
        assert order["FillPrice"] == Decimal("2350.8")

    @pytest.mark.parametrize("since_the_fill", ["the price moved", "the fill is now open exposure"])
    def test_a_redelivered_command_whose_order_filled_is_not_refused_by_what_changed_since(
            self, app: InProcessApp, desk: Desk, since_the_fill: str) -> None:
        app.container.trading.update(tenant_id=desk.tenant_id, changes=TradingChanges(
            max_slippage_pips=Decimal("5"),
                                     max_total_exposure_percent=Decimal("3")))
        queued(app, desk)
        body = app.queue.waiting(TRADE_COMMANDS)[0]
        assert app.execute_waiting() == ["executed"]
        if since_the_fill == "the price moved":
            app.container.trading.update(tenant_id=desk.tenant_id, changes=TradingChanges(
            max_total_exposure_percent=Decimal("100")))
            app.paper(desk.tenant_id, desk.broker_id).set_quote("XAUUSD", Decimal("2360.0"), Decimal("2360.2"))

        app.queue.send(TRADE_COMMANDS, body)

        assert app.execute_waiting() == ["executed"]
        assert app.events_of(desk.tenant_id, EventType.TRADE_FAILED) == []


class TestExecutorRefusesTheCommand:
    @pytest.mark.parametrize("change", ["deactivate", "delete"])
    def test_a_broker_gone_since_the_signal_fails_as_broker_unavailable(self, app: InProcessApp, desk: Desk,
                                                                        change: str) -> None:
        queued(app, desk)
        getattr(app.container.brokers, change)(tenant_id=desk.tenant_id, broker_id=desk.broker_id)

        assert app.execute_waiting() == ["failed"]

        failed = failure(app, desk)
        assert (failed.data["reason"], failed.data["brokerConnectionId"]) == ("broker_unavailable", desk.broker_id)
        assert app.events_of(desk.tenant_id, EventType.TRADE_EXECUTED) == []

    def test_credentials_sealed_for_another_connection_fail_as_credentials_unreadable(self, app: InProcessApp,
                                                                                     desk: Desk) -> None:
        brokers = app.container.brokers
        other = brokers.add(tenant_id=desk.tenant_id, broker_type=BrokerType.PAPER, display_name="Other",
                            credentials={"accountPassword": SECRET}, is_active=False)

        app.move_envelope(desk.tenant_id, other.encrypted_credentials, to=desk.broker_id)
        queued(app, desk)

        assert app.execute_waiting() == ["failed"]

        failed = failure(app, desk)
        assert failed.data["reason"] == "credentials_unreadable"
        assert failed.data["detail"] == "EnvelopeIntegrityError"  # the envelope is bound to the row it was sealed for
        assert SECRET not in str(failed.to_document())
        assert nothing_traded(app, desk)

    def test_a_market_order_the_paper_broker_cannot_price_fails_as_broker_refused(self, app: InProcessApp,
                                                                                  desk: Desk) -> None:
        queued(app, desk, content=GOLD_AT_MARKET)  # no price written and no quote set

        assert app.execute_waiting() == ["failed"]

        failed = failure(app, desk)
        assert failed.data["reason"] == "broker_refused" and "no quote for XAUUSD" in failed.data["detail"]
        assert nothing_traded(app, desk)

    def test_a_broker_type_without_a_connector_fails_as_invalid_configuration(self, app: InProcessApp,
                                                                              desk: Desk) -> None:
        brokers = app.container.brokers
        oanda = brokers.add(tenant_id=desk.tenant_id, broker_type=BrokerType.IBKR, display_name="IBKR paper",
                            credentials={"accessToken": SECRET})
        brokers.deactivate(tenant_id=desk.tenant_id, broker_id=desk.broker_id)
        queued(app, desk)

        assert app.execute_waiting() == ["failed"]

        failed = failure(app, desk)
        assert (failed.data["reason"], failed.data["brokerConnectionId"]) == ("invalid_configuration", oanda.id)
        assert "no connector for broker type IBKR" in failed.data["detail"]
        assert SECRET not in str(failed.to_document())

    def test_a_quote_too_far_from_the_entry_fails_as_max_slippage(self, app: InProcessApp, desk: Desk) -> None:
        app.container.trading.update(tenant_id=desk.tenant_id, changes=TradingChanges(
            max_slippage_pips=Decimal("5")))
        app.paper(desk.tenant_id, desk.broker_id).set_quote("XAUUSD", Decimal("2352.0"), Decimal("2352.2"))
        queued(app, desk)

        assert app.execute_waiting() == ["failed"]

        failed = failure(app, desk)
        assert failed.data["reason"] == "max_slippage"
        assert failed.data["detail"].endswith(" is 17 pips from the entry (max 5.00)")  # ask 2352.2, entry 2350.5
        assert nothing_traded(app, desk)

    def test_an_order_that_would_pass_the_exposure_limit_fails_as_max_exposure(self, app: InProcessApp,
                                                                              desk: Desk) -> None:
        # One ounce at 2350.5 is 2.35% of 100,000: the first fits under 3%, the second would make 4.70%.
        app.container.trading.update(tenant_id=desk.tenant_id, changes=TradingChanges(
            max_total_exposure_percent=Decimal("3")))
        queued(app, desk, message_id=1)
        assert app.execute_waiting() == ["executed"]
        queued(app, desk, message_id=2)

        assert app.execute_waiting() == ["failed"]

        failed = failure(app, desk)
        assert failed.data["reason"] == "max_exposure"
        assert failed.data["detail"] == "exposure would be 4.70% of equity (max 3.00%)"
        assert len(app.paper_orders(desk.tenant_id, desk.broker_id)) == 1

    def test_a_malformed_command_is_acknowledged_as_invalid_in_the_system_timeline(self, app: InProcessApp) -> None:
        outcome = app.container.executor.handle(b'{"tenantId": "ten_x"}').outcome

        assert outcome == "invalid"
        failed = only(app.events_of("system", EventType.TRADE_FAILED))
        assert failed.data["reason"] == "invalid_command"
