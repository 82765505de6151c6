"""The signal pipeline built by bootstrap() on in-process stores: which messages become trade commands, and
the event each refusal leaves. Assertions read the stores: events appended, commands enqueued, paper rows."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from shared.adapters.sql.schema import trading_configurations
from shared.clock import FixedClock
from shared.domain.enums import BrokerType, PositionSizingMode
from shared.domain.events import EventType
from shared.domain.messages import TelegramMessageReceived, TradeCommand
from shared.domain.trading import TradingChanges
from shared.ports.brokers import client_order_id
from shared.ports.queues import TRADE_COMMANDS
from tests.support.in_process import InProcessApp, only
from tests.support.scenario import CHANNEL_ID, GOLD, GOLD_AT_MARKET, Desk, message


def enqueued(app: InProcessApp) -> list[TradeCommand]:
    return [TradeCommand.parse(body) for body in app.queue.waiting(TRADE_COMMANDS)]


def add_paper_broker(app: InProcessApp, desk: Desk, balance: int, name: str = "Second paper account") -> str:
    broker = app.container.brokers.add(tenant_id=desk.tenant_id, broker_type=BrokerType.PAPER, display_name=name,
                                       metadata={"initialBalance": balance})
    return broker.id


def size_by_equity(app: InProcessApp, desk: Desk, percent: str) -> None:
    app.container.trading.update(tenant_id=desk.tenant_id, changes=TradingChanges(
            sizing_mode=PositionSizingMode.PERCENT_EQUITY,
                                 fixed_units=None, equity_percentage=Decimal(percent)))


class TestPipelineAcceptsASignal:
    def test_a_signal_becomes_one_sized_command_per_active_broker(self, app: InProcessApp, desk: Desk) -> None:
        app.container.trading.update(tenant_id=desk.tenant_id, changes=TradingChanges(
            fixed_units=3))
        second = add_paper_broker(app, desk, 50_000)
        body = message(desk, 1, GOLD)

        result = app.deliver(body)

        assert result.outcome == "accepted"
        commands = enqueued(app)
        assert sorted(c.broker_connection_id for c in commands) == sorted([desk.broker_id, second])
        key = TelegramMessageReceived.parse(body).key
        for command in commands:
            assert command.units == 3 and command.tenant_id == desk.tenant_id
            assert command.client_order_id == client_order_id(key, command.broker_connection_id)
            assert command.signal["symbol"] == "XAUUSD"
        assert list(result.commands) == app.queue.waiting(TRADE_COMMANDS)
        received = only(app.events_of(desk.tenant_id, EventType.SIGNAL_RECEIVED))
        assert received.data["symbol"] == "XAUUSD" and received.data["messageId"] == 1
        assert app.events_of(desk.tenant_id, EventType.SIGNAL_REJECTED) == []

    def test_sizing_by_equity_gives_each_broker_a_share_of_its_own_account(self, app: InProcessApp,
                                                                            desk: Desk) -> None:
        size_by_equity(app, desk, "10")
        smaller = add_paper_broker(app, desk, 50_000)

        assert app.deliver(message(desk, 1, GOLD)).outcome == "accepted"

        # 10% of 100,000 and of 50,000 at the written price 2350.5, rounded down to whole units.
        units = {c.broker_connection_id: c.units for c in enqueued(app)}
        assert units == {desk.broker_id: 4, smaller: 2}


class TestPipelineRejectsBeforeReadingTheSignal:
    def test_a_message_for_an_unknown_tenant_is_rejected_as_tenant_inactive(self, app: InProcessApp) -> None:
        nobody = Desk("ten_nobody", "chn_none", "brk_none")

        assert app.deliver(message(nobody, 1, GOLD)).outcome == "rejected"

        rejected = only(app.events_of(nobody.tenant_id, EventType.SIGNAL_REJECTED))
        assert (rejected.data["rule"], rejected.data["detail"]) == ("tenant_inactive", "unknown tenant")
        assert app.queue.waiting(TRADE_COMMANDS) == []

    @pytest.mark.parametrize("change", ["suspend", "deactivate", "schedule_deletion"])
    def test_a_tenant_no_longer_active_has_its_signal_rejected_as_tenant_inactive(
            self, app: InProcessApp, desk: Desk, change: str) -> None:
        status = getattr(app.container.tenants, change)(tenant_id=desk.tenant_id).status.name.lower()

        assert app.deliver(message(desk, 1, GOLD)).outcome == "rejected"

        rejected = only(app.events_of(desk.tenant_id, EventType.SIGNAL_REJECTED))
        assert (rejected.data["rule"], rejected.data["detail"]) == ("tenant_inactive", f"tenant is {status}")
        assert app.events_of(desk.tenant_id, EventType.SIGNAL_RECEIVED) == []  # never parsed
        assert app.queue.waiting(TRADE_COMMANDS) == []

    def test_a_tenant_reactivated_after_a_rejection_trades_its_next_signal(self, app: InProcessApp,
                                                                           desk: Desk) -> None:
        app.container.tenants.deactivate(tenant_id=desk.tenant_id)
        app.deliver(message(desk, 1, GOLD))
        app.container.tenants.reactivate(tenant_id=desk.tenant_id)

        # The cached configuration was invalidated by the status change: the next message sees it at once.
        assert app.deliver(message(desk, 2, GOLD)).outcome == "accepted"
        assert len(enqueued(app)) == 1

    def test_a_disabled_channels_signal_is_rejected_as_channel_disabled(self, app: InProcessApp, desk: Desk) -> None:
        app.container.channels.disable(tenant_id=desk.tenant_id, channel_id=CHANNEL_ID)

        assert app.deliver(message(desk, 1, GOLD)).outcome == "rejected"

        rejected = only(app.events_of(desk.tenant_id, EventType.SIGNAL_REJECTED))
        assert (rejected.data["rule"], rejected.data["detail"]) == ("channel_disabled", "channel is disabled")
        assert rejected.data["channelId"] == CHANNEL_ID
        assert app.events_of(desk.tenant_id, EventType.SIGNAL_RECEIVED) == []
        assert app.queue.waiting(TRADE_COMMANDS) == []

    def test_a_signal_from_a_channel_the_tenant_never_added_is_rejected_as_channel_disabled(
            self, app: InProcessApp, desk: Desk) -> None:
        body = json.loads(message(desk, 1, GOLD))
        body["channelId"] = CHANNEL_ID - 1

        assert app.deliver(json.dumps(body).encode()).outcome == "rejected"

        rejected = only(app.events_of(desk.tenant_id, EventType.SIGNAL_REJECTED))
        assert (rejected.data["rule"], rejected.data["detail"]) == ("channel_disabled", "channel is not configured")
        assert app.queue.waiting(TRADE_COMMANDS) == []


class TestPipelineRejectsAReadSignal:
    def test_a_tenant_without_trading_rules_is_rejected_as_no_trading_configuration(self, app: InProcessApp,
                                                                                   desk: Desk) -> None:
        # Registration always creates the row; a partial restore or a hand-run delete can still lose it.
        table = trading_configurations
        with app.container.database.engine.begin() as connection:
            connection.execute(sa.delete(table).where(table.c.TenantId == desk.tenant_id))
        app.container.cache_invalidator.trading(desk.tenant_id)  # a change behind the services' back is told

        assert app.deliver(message(desk, 1, GOLD)).outcome == "rejected"

        rejected = only(app.events_of(desk.tenant_id, EventType.SIGNAL_REJECTED))
        assert rejected.data["rule"] == "no_trading_configuration"
        assert rejected.data["signal"]["symbol"] == "XAUUSD"  # the signal was read, then refused
        only(app.events_of(desk.tenant_id, EventType.SIGNAL_RECEIVED))
        assert app.queue.waiting(TRADE_COMMANDS) == []

    def test_a_tenant_whose_only_broker_is_inactive_is_rejected_as_no_broker(self, app: InProcessApp,
                                                                            desk: Desk) -> None:
        app.container.brokers.deactivate(tenant_id=desk.tenant_id, broker_id=desk.broker_id)

        assert app.deliver(message(desk, 1, GOLD)).outcome == "rejected"

        rejected = only(app.events_of(desk.tenant_id, EventType.SIGNAL_REJECTED))
        assert rejected.data["rule"] == "no_broker"
        assert app.queue.waiting(TRADE_COMMANDS) == []

    def test_a_channel_routed_only_to_inactive_brokers_is_rejected_as_no_broker_though_others_are_active(
            self, app: InProcessApp, desk: Desk) -> None:
        add_paper_broker(app, desk, 50_000, name="Not routed here")
        app.container.channels.set_brokers(tenant_id=desk.tenant_id, channel_id=CHANNEL_ID,
                                           broker_ids=[desk.broker_id])
        app.container.brokers.deactivate(tenant_id=desk.tenant_id, broker_id=desk.broker_id)

        assert app.deliver(message(desk, 1, GOLD)).outcome == "rejected"

        assert only(app.events_of(desk.tenant_id, EventType.SIGNAL_REJECTED)).data["rule"] == "no_broker"
        assert app.queue.waiting(TRADE_COMMANDS) == []


class TestPipelineRefusesToSizeForABroker:
    def test_sizing_by_equity_without_any_price_is_refused_for_that_broker(self, app: InProcessApp,
                                                                          desk: Desk) -> None:
        size_by_equity(app, desk, "10")  # the paper account has no quote for XAUUSD and the signal no price

        assert app.deliver(message(desk, 1, GOLD_AT_MARKET)).outcome == "rejected"

        rejected = only(app.events_of(desk.tenant_id, EventType.SIGNAL_REJECTED))
        assert rejected.data["rule"] == "sizing"
        assert rejected.data["detail"].startswith(f"{desk.broker_id}: ")
        assert "needs the account equity and a unit value" in rejected.data["detail"]
        assert app.queue.waiting(TRADE_COMMANDS) == []

    def test_sizing_by_equity_that_buys_less_than_one_unit_is_refused_for_that_broker(self, app: InProcessApp,
                                                                                     desk: Desk) -> None:
        size_by_equity(app, desk, "1")  # 1% of 100,000 is 1,000: not one ounce at 2350.5

        assert app.deliver(message(desk, 1, GOLD)).outcome == "rejected"

        rejected = only(app.events_of(desk.tenant_id, EventType.SIGNAL_REJECTED))
        assert rejected.data["rule"] == "sizing"
        assert "buys less than one unit" in rejected.data["detail"]
        assert app.queue.waiting(TRADE_COMMANDS) == []

    def test_a_quote_set_at_the_broker_sizes_a_signal_without_a_price(self, app: InProcessApp, desk: Desk) -> None:
        size_by_equity(app, desk, "10")
        app.paper(desk.tenant_id, desk.broker_id).set_quote("XAUUSD", Decimal("2499.5"), Decimal("2500.5"))

        assert app.deliver(message(desk, 1, GOLD_AT_MARKET)).outcome == "accepted"

        assert [c.units for c in enqueued(app)] == [4]  # 10,000 / the mid price 2500

    def test_a_refusal_at_one_broker_does_not_stop_the_others(self, app: InProcessApp, desk: Desk,
                                                              clock: FixedClock) -> None:
        size_by_equity(app, desk, "5")
        clock.advance(timedelta(seconds=1))  # routing goes in creation order: the refusal comes between two
        small = add_paper_broker(app, desk, 1_000, name="Small account")
        clock.advance(timedelta(seconds=1))
        last = add_paper_broker(app, desk, 50_000, name="Last account")

        assert app.deliver(message(desk, 1, GOLD)).outcome == "accepted"

        assert [(c.broker_connection_id, c.units) for c in enqueued(app)] == [(desk.broker_id, 2), (last, 1)]
        rejected = only(app.events_of(desk.tenant_id, EventType.SIGNAL_REJECTED))
        assert rejected.data["rule"] == "sizing" and rejected.data["detail"].startswith(f"{small}: ")

    @pytest.mark.parametrize("trouble", ["no connector for its type", "credentials sealed for another row"])
    def test_a_broker_whose_account_cannot_be_read_is_refused_alone(self, app: InProcessApp, desk: Desk,
                                                                    trouble: str) -> None:
        size_by_equity(app, desk, "10")
        brokers = app.container.brokers
        if trouble == "no connector for its type":
            failing = brokers.add(tenant_id=desk.tenant_id, broker_type=BrokerType.OANDA, display_name="OANDA",
                                  credentials={"accessToken": "token-value"})
        else:
            failing = brokers.add(tenant_id=desk.tenant_id, broker_type=BrokerType.PAPER, display_name="Copied",
                                  credentials={"accountPassword": "password-value"})
            sealed_elsewhere = app.container.credentials.seal_broker_credentials(
                tenant_id=desk.tenant_id, broker_id=desk.broker_id, credentials={"accountPassword": "other"})

            app.move_envelope(desk.tenant_id, sealed_elsewhere, to=failing.id)

        assert app.deliver(message(desk, 1, GOLD)).outcome == "accepted"

        assert [c.broker_connection_id for c in enqueued(app)] == [desk.broker_id]
        rejected = only(app.events_of(desk.tenant_id, EventType.SIGNAL_REJECTED))
        assert rejected.data["detail"].startswith(f"{failing.id}: ")


class TestPipelineAcknowledgesWithoutNewCommands:
    def test_a_duplicate_delivery_re_emits_the_first_commands_and_trades_once(self, app: InProcessApp,
                                                                              desk: Desk) -> None:
        first = app.deliver(message(desk, 1, GOLD))
        again = app.deliver(message(desk, 1, GOLD))

        assert (first.outcome, again.outcome) == ("accepted", "duplicate")
        assert again.commands == first.commands and len(app.queue.waiting(TRADE_COMMANDS)) == 2
        duplicate = only(app.events_of(desk.tenant_id, EventType.DUPLICATE))
        assert duplicate.data["reemittedCommands"] == 1
        only(app.events_of(desk.tenant_id, EventType.SIGNAL_RECEIVED))
        assert app.execute_waiting() == ["executed", "executed"]
        assert len(app.paper_orders(desk.tenant_id, desk.broker_id)) == 1

    def test_the_same_message_id_with_other_content_is_rejected_as_payload_mismatch(self, app: InProcessApp,
                                                                                    desk: Desk) -> None:
        app.deliver(message(desk, 1, GOLD))
        edited = app.deliver(message(desk, 1, GOLD.replace("2350.5", "2351")))

        assert edited.outcome == "rejected" and edited.commands == ()
        assert only(app.events_of(desk.tenant_id, EventType.SIGNAL_REJECTED)).data["rule"] == "payload_mismatch"
        assert len(app.queue.waiting(TRADE_COMMANDS)) == 1  # the first delivery's command only

    def test_chatter_is_acknowledged_as_not_a_signal(self, app: InProcessApp, desk: Desk) -> None:
        result = app.deliver(message(desk, 1, "Good morning traders! Big week ahead, stay tuned."))

        assert result.outcome == "not_a_signal" and result.commands == ()
        assert only(app.events_of(desk.tenant_id, EventType.NOT_A_SIGNAL)).data["reason"]
        assert app.events_of(desk.tenant_id, EventType.SIGNAL_RECEIVED) == []
        assert app.queue.waiting(TRADE_COMMANDS) == []

    def test_a_malformed_message_is_acknowledged_as_invalid_in_its_tenants_timeline(self, app: InProcessApp,
                                                                                   desk: Desk) -> None:
        body = json.loads(message(desk, 1, GOLD))
        del body["messageId"]

        assert app.deliver(json.dumps(body).encode()).outcome == "invalid"

        rejected = only(app.events_of(desk.tenant_id, EventType.SIGNAL_REJECTED))
        assert (rejected.data["rule"], rejected.data["field"]) == ("invalid_message", "messageId")
        assert app.queue.waiting(TRADE_COMMANDS) == []
