"""Held for review: a doubtful parse or a channel that reviews every signal places nothing until a person
approves it (exactly once, not when stale) or rejects it; a message of several signals trades each."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from shared.clock import FixedClock
from shared.domain.channel import ChannelChanges
from shared.domain.errors import ConflictError
from shared.domain.events import EventType
from shared.domain.messages import TradeCommand
from shared.domain.review import HeldStatus
from shared.domain.trading import TradingChanges
from shared.ports.queues import TRADE_COMMANDS
from tests.support.in_process import InProcessApp, only
from tests.support.scenario import CHANNEL_ID, GOLD, Desk, message

DOUBTFUL = "BUY XAUUSD 2350 SL 2360 TP 2370"  # a buy's stop above its entry: parsed literally, doubted
UNORDERED_TARGETS = "XAUUSD BUY 2350 SL 2340 TP 2360 TP 2355"  # doubtful (tp_not_monotonic), levels possible
TWO_PAIRS = "EURUSD BUY 1.0850 SL 1.0800 TP 1.0900\nGBPUSD SELL 1.2650 SL 1.2700 TP 1.2600"


def held_one(app: InProcessApp, desk: Desk) -> str:
    (held,) = app.container.review.page(tenant_id=desk.tenant_id)
    return held.id


class TestDoubtfulSignalsAreHeld:
    def test_a_doubtful_parse_is_held_and_places_nothing(self, app: InProcessApp, desk: Desk) -> None:
        result = app.deliver(message(desk, 1, DOUBTFUL))

        assert result.outcome == "held" and result.commands == ()
        event = only(app.events_of(desk.tenant_id, EventType.SIGNAL_HELD))
        assert event.data["holdReason"] == "low_confidence" and "sl_wrong_side" in event.data["reasons"]
        (held,) = app.container.review.page(tenant_id=desk.tenant_id)
        assert held.status is HeldStatus.PENDING and held.signal.symbol == "XAUUSD"
        assert app.queue.waiting(TRADE_COMMANDS) == []

    def test_a_redelivered_doubtful_message_is_held_once(self, app: InProcessApp, desk: Desk) -> None:
        app.deliver(message(desk, 1, DOUBTFUL))
        app.deliver(message(desk, 1, DOUBTFUL))

        assert len(app.container.review.page(tenant_id=desk.tenant_id)) == 1

    def test_a_channel_that_reviews_everything_holds_a_clean_signal(self, app: InProcessApp, desk: Desk) -> None:
        app.container.channels.update(tenant_id=desk.tenant_id, channel_id=CHANNEL_ID,
                                      changes=ChannelChanges(auto_execute=False))

        assert app.deliver(message(desk, 1, GOLD)).outcome == "held"

        assert only(app.events_of(desk.tenant_id, EventType.SIGNAL_HELD)).data["holdReason"] == "channel_reviews_all"

    def test_a_doubtful_parse_with_possible_levels_is_held_too(self, app: InProcessApp, desk: Desk) -> None:
        assert app.deliver(message(desk, 1, UNORDERED_TARGETS)).outcome == "held"

    def test_a_lower_threshold_lets_a_doubtful_parse_trade(self, app: InProcessApp, desk: Desk) -> None:
        app.container.channels.update(tenant_id=desk.tenant_id, channel_id=CHANNEL_ID,
                                      changes=ChannelChanges(review_below_confidence=0.5))

        assert app.deliver(message(desk, 1, UNORDERED_TARGETS)).outcome == "accepted"


class TestApprovalTradesOnce:
    def test_an_approval_trades_the_signal_and_a_second_one_is_refused(self, app: InProcessApp, desk: Desk) -> None:
        app.deliver(message(desk, 1, DOUBTFUL))
        held_id = held_one(app, desk)

        approval = app.container.review.approve(tenant_id=desk.tenant_id, held_id=held_id, by="tenant",
                                                corrections={"stop_loss": Decimal("2340")})

        assert approval.commands == 1 and approval.held.status is HeldStatus.APPROVED
        assert app.execute_waiting() == ["executed"]
        (order,) = app.paper_orders(desk.tenant_id, desk.broker_id)
        assert order["StopLoss"] == Decimal("2340")
        with pytest.raises(ConflictError, match="already approved"):
            app.container.review.approve(tenant_id=desk.tenant_id, held_id=held_id, by="tenant")
        assert app.queue.waiting(TRADE_COMMANDS) == []
        assert only(app.events_of(desk.tenant_id, EventType.SIGNAL_APPROVED)).data["corrected"] == ["stop_loss"]

    def test_commands_sent_again_by_a_retried_approval_place_one_order(self, app: InProcessApp, desk: Desk) -> None:
        """A crash after the commands went out but before the resolution: the retry sends the same ids."""
        app.deliver(message(desk, 1, DOUBTFUL))
        held_id = held_one(app, desk)
        review = app.container.review
        resolve = review._resolve  # noqa: SLF001 - the crash point
        review._resolve = lambda held: (_ for _ in ()).throw(ConnectionError("died"))  # type: ignore[method-assign]  # noqa: SLF001
        fixed = {"stop_loss": Decimal("2340")}
        with pytest.raises(ConnectionError):
            review.approve(tenant_id=desk.tenant_id, held_id=held_id, by="tenant", corrections=fixed)
        review._resolve = resolve  # type: ignore[method-assign]  # noqa: SLF001

        review.approve(tenant_id=desk.tenant_id, held_id=held_id, by="tenant", corrections=fixed)

        assert app.execute_waiting() == ["executed", "executed"]
        assert len(app.paper_orders(desk.tenant_id, desk.broker_id)) == 1

    def test_an_uncorrected_signal_with_impossible_levels_is_refused_and_stays_pending(self, app: InProcessApp,
                                                                                      desk: Desk) -> None:
        app.deliver(message(desk, 1, DOUBTFUL))
        held_id = held_one(app, desk)

        with pytest.raises(ConflictError, match="invalid_levels"):
            app.container.review.approve(tenant_id=desk.tenant_id, held_id=held_id, by="tenant")
        assert app.container.review.get(tenant_id=desk.tenant_id, held_id=held_id).status is HeldStatus.PENDING

    @pytest.mark.parametrize(("content", "reason", "refusal", "correction", "corrected"), [
        # "Open" without a colon labels no entry the parser knows: a buy stop with nothing to rest at
        ("Gold (XAUUSD) buy stop\nOpen 1970\nSL 1960\nTP 2005", "pending_without_price", "invalid_levels",
         {"entry": Decimal("1970")}, ("entry", 1970)),
        # a stop finer than the 8 decimal places a stored price keeps: read as written, refused until corrected
        ("PEPEUSDT LONG\nEntry: 0.00001234\nSL: 0.000011111\nTP: 0.00001357", "price_too_fine",
         "stop loss 0.000011111 has more than 8 decimal places", {"stop_loss": Decimal("0.00001111")},
         ("stopLoss", 0.00001111)),
    ])
    def test_a_signal_the_rules_cannot_trade_as_read_is_held_and_trades_once_corrected(
            self, app: InProcessApp, desk: Desk, content: str, reason: str, refusal: str,
            correction: dict[str, Decimal], corrected: tuple[str, float]) -> None:
        app.container.trading.update(tenant_id=desk.tenant_id, changes=TradingChanges(fixed_units=Decimal(1000)))
        result = app.deliver(message(desk, 1, content))

        assert result.outcome == "held" and app.queue.waiting(TRADE_COMMANDS) == []
        held_id = held_one(app, desk)
        assert reason in only(app.events_of(desk.tenant_id, EventType.SIGNAL_HELD)).data["reasons"]
        with pytest.raises(ConflictError, match=refusal):
            app.container.review.approve(tenant_id=desk.tenant_id, held_id=held_id, by="tenant")
        assert app.container.review.get(tenant_id=desk.tenant_id, held_id=held_id).status is HeldStatus.PENDING

        app.container.review.approve(tenant_id=desk.tenant_id, held_id=held_id, by="tenant", corrections=correction)

        (command,) = [TradeCommand.parse(body) for body in app.queue.waiting(TRADE_COMMANDS)]
        assert command.signal[corrected[0]] == corrected[1]

    def test_a_rejected_signal_never_trades(self, app: InProcessApp, desk: Desk) -> None:
        app.deliver(message(desk, 1, DOUBTFUL))
        held_id = held_one(app, desk)

        app.container.review.reject(tenant_id=desk.tenant_id, held_id=held_id, by="tenant", note="wrong stop")

        with pytest.raises(ConflictError, match="already rejected"):
            app.container.review.approve(tenant_id=desk.tenant_id, held_id=held_id, by="tenant")
        assert app.queue.waiting(TRADE_COMMANDS) == []
        rejected = only(app.events_of(desk.tenant_id, EventType.SIGNAL_REJECTED))
        assert rejected.data["rule"] == "reviewer_rejected"

    def test_an_approval_past_the_signal_delay_is_refused(self, app: InProcessApp, desk: Desk,
                                                          clock: FixedClock) -> None:
        app.container.trading.update(tenant_id=desk.tenant_id, changes=TradingChanges(max_signal_delay_seconds=300))
        app.deliver(message(desk, 1, DOUBTFUL))
        held_id = held_one(app, desk)
        clock.advance(timedelta(minutes=6))

        with pytest.raises(ConflictError, match="stale"):
            app.container.review.approve(tenant_id=desk.tenant_id, held_id=held_id, by="tenant")
        assert app.container.review.get(tenant_id=desk.tenant_id, held_id=held_id).status is HeldStatus.PENDING
        assert app.queue.waiting(TRADE_COMMANDS) == []

    def test_a_correction_the_rules_refuse_is_not_traded(self, app: InProcessApp, desk: Desk) -> None:
        app.deliver(message(desk, 1, DOUBTFUL))  # the desk blacklists BTCUSD
        with pytest.raises(ConflictError, match="blacklist"):
            app.container.review.approve(tenant_id=desk.tenant_id, held_id=held_one(app, desk), by="tenant",
                                         corrections={"symbol": "BTCUSD", "stop_loss": Decimal("2340")})

    def test_another_tenants_held_signal_is_not_found(self, app: InProcessApp, desk: Desk) -> None:
        from shared.domain.errors import NotFoundError
        from tests.support.scenario import seed_desk

        app.deliver(message(desk, 1, DOUBTFUL))
        other = seed_desk(app.container)
        with pytest.raises(NotFoundError):
            app.container.review.approve(tenant_id=other.tenant_id, held_id=held_one(app, desk), by="tenant")


class TestEverySignalOfAMessageTrades:
    def test_two_pairs_in_one_message_are_two_orders_with_their_own_sides(self, app: InProcessApp,
                                                                         desk: Desk) -> None:
        result = app.deliver(message(desk, 1, TWO_PAIRS))

        commands = [TradeCommand.parse(c) for c in result.commands]
        assert [(c.signal["symbol"], c.signal["side"]) for c in commands] == [("EURUSD", "Buy"), ("GBPUSD", "Sell")]
        assert len({c.client_order_id for c in commands}) == 2
        assert app.execute_waiting() == ["executed", "executed"]
        assert len(app.events_of(desk.tenant_id, EventType.SIGNAL_RECEIVED)) == 2
