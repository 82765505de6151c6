"""The trade aggregate: legs move only through allowed transitions, every change is recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest

from shared.domain.errors import InvalidStateError, ValidationError
from shared.domain.trade import CloseReason, LegStatus, Trade, TradeLeg

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def make_trade(*, side: str = "Buy", legs: int = 2, order_type: str = "Market") -> Trade:
    entry = D("2350") if order_type != "Market" else None
    return Trade(
        id="trd_1", tenant_id="ten_1", broker_connection_id="brk_1", channel_id=-1001, message_key="ten_1:-1001:7",
        message_id=7, symbol="XAUUSD", side=side, created_at=NOW,
        legs=[TradeLeg(index=i, units=D(1), client_order_id=f"pip-{i}", order_type=order_type,
                       requested_entry=entry, stop_loss=D("2340") if side == "Buy" else D("2360"),
                       take_profit=D(2360 + 10 * i) if side == "Buy" else D(2340 - 10 * i))
              for i in range(legs)],
    )


def test_a_new_trade_is_pending_and_a_fill_opens_it() -> None:
    trade = make_trade()
    assert trade.status is LegStatus.PENDING
    trade.fill(0, fill_price=D("2350.5"), at=NOW, broker_order_id="ord-1")
    assert trade.status is LegStatus.OPEN and trade.legs[0].entry_fill == D("2350.5")
    assert [c.kind for c in trade.new_changes] == ["Filled"] and trade.new_changes[0].detail["price"] == "2350.50000000"


@pytest.mark.parametrize(("side", "exit_price", "pnl"), [("Buy", "2360", "10"), ("Sell", "2360", "-10")])
def test_closing_books_pnl_by_side(side: str, exit_price: str, pnl: str) -> None:
    trade = make_trade(side=side, legs=1)
    trade.fill(0, fill_price=D("2350"), at=NOW)
    booked = trade.close(0, exit_price=D(exit_price), at=NOW, reason=CloseReason.TAKE_PROFIT)
    assert booked == D(pnl) and trade.realized_pnl == D(pnl) and trade.status is LegStatus.CLOSED
    assert trade.legs[0].close_reason is CloseReason.TAKE_PROFIT and trade.new_changes[-1].realized_pnl == D(pnl)


def test_a_partial_close_keeps_the_leg_open_with_fewer_units() -> None:
    trade = Trade(id="trd_2", tenant_id="ten_1", broker_connection_id="brk_1", channel_id=-1, message_key="k",
                  message_id=1, symbol="EURUSD", side="Buy", created_at=NOW,
                  legs=[TradeLeg(index=0, units=D(10), client_order_id="pip-0")])
    trade.fill(0, fill_price=D("1.1"), at=NOW)
    trade.close(0, exit_price=D("1.2"), units=D(4), at=NOW + timedelta(minutes=1))
    leg = trade.legs[0]
    assert leg.status is LegStatus.OPEN and leg.open_units == D(6) and leg.realized_pnl == D("0.4")
    assert trade.new_changes[-1].kind == "PartClosed"
    with pytest.raises(ValidationError) as err:
        trade.close(0, exit_price=D("1.2"), units=D(7), at=NOW)
    assert err.value.field == "units" and leg.open_units == D(6)


def test_an_open_leg_is_never_cancelled_and_a_closed_one_never_reopens() -> None:
    trade = make_trade(legs=1)
    trade.fill(0, fill_price=D("2350"), at=NOW)
    with pytest.raises(InvalidStateError) as err:
        trade.cancel(0, at=NOW)
    assert err.value.field == "status" and trade.legs[0].status is LegStatus.OPEN
    trade.close(0, exit_price=D("2340"), at=NOW)
    for act in (lambda: trade.fill(0, fill_price=D(1), at=NOW), lambda: trade.close(0, exit_price=D(1), at=NOW),
                lambda: trade.move_stop(0, to_entry=True, at=NOW)):
        with pytest.raises(InvalidStateError):
            act()


def test_cancelling_a_pending_leg_and_rejecting_one() -> None:
    trade = make_trade(order_type="Limit")
    trade.cancel(0, at=NOW, reason="deleted")
    trade.reject(1, reason="insufficient margin", at=NOW)
    assert trade.status is LegStatus.CANCELLED
    assert [c.kind for c in trade.new_changes] == ["Cancelled", "Rejected"]


def test_stop_to_entry_uses_the_fill_and_a_price_needs_to_be_valid() -> None:
    trade = make_trade()
    trade.fill(0, fill_price=D("2351"), at=NOW)
    trade.move_stop(0, to_entry=True, at=NOW, action_id="pip-x")
    assert trade.legs[0].stop_loss == D("2351") and trade.new_changes[-1].action_id == "pip-x"
    with pytest.raises(ValidationError) as err:
        trade.move_stop(0, stop_loss=D("-1"), at=NOW)
    assert err.value.field == "stop_loss" and trade.legs[0].stop_loss == D("2351")
    with pytest.raises(ValidationError):
        trade.move_stop(0, stop_loss=D("2345"), to_entry=True, at=NOW)


def test_entry_changes_only_while_pending() -> None:
    trade = make_trade(order_type="Limit")
    trade.change_entry(0, entry=D("2349"), at=NOW)
    assert trade.legs[0].requested_entry == D("2349")
    trade.fill(0, fill_price=D("2349"), at=NOW)
    with pytest.raises(InvalidStateError) as err:
        trade.change_entry(0, entry=D("2348"), at=NOW)
    assert err.value.field == "status"


def test_change_target_and_unknown_leg() -> None:
    trade = make_trade()
    trade.change_target(1, take_profit=D("2375"), at=NOW)
    assert trade.legs[1].take_profit == D("2375")
    with pytest.raises(ValidationError) as err:
        trade.change_target(5, take_profit=D("2375"), at=NOW)
    assert err.value.field == "leg"


@pytest.mark.parametrize(("overrides", "field"), [
    ({"side": "Long"}, "side"), ({"legs": []}, "legs"), ({"channel_id": "x"}, "channel_id"),
    ({"created_at": datetime(2026, 1, 1)}, "created_at"), ({"id": "../x"}, "id"),
])
def test_invalid_trades_name_the_field(overrides: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"id": "trd_1", "tenant_id": "ten_1", "broker_connection_id": "brk_1",
                                 "channel_id": -1, "message_key": "k", "message_id": 1, "symbol": "XAUUSD",
                                 "side": "Buy", "created_at": NOW,
                                 "legs": [TradeLeg(index=0, units=D(1), client_order_id="pip-0")]}
    values.update(overrides)
    with pytest.raises(ValidationError) as err:
        Trade(**values)  # type: ignore[arg-type]  # bad values on purpose
    assert err.value.field == field


@pytest.mark.parametrize(("overrides", "field"), [
    ({"units": D(0)}, "units"), ({"units": D("NaN")}, "units"), ({"order_type": "Iceberg"}, "order_type"),
    ({"order_type": "Limit"}, "entry"), ({"stop_loss": D(0)}, "stop_loss"), ({"index": -1}, "leg"),
])
def test_invalid_legs_name_the_field(overrides: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"index": 0, "units": D(1), "client_order_id": "pip-0"}
    values.update(overrides)
    with pytest.raises(ValidationError) as err:
        TradeLeg(**values)  # type: ignore[arg-type]  # bad values on purpose
    assert err.value.field == field


def test_pnl_is_kept_to_the_stored_eight_places() -> None:
    trade = Trade(id="trd_3", tenant_id="ten_1", broker_connection_id="brk_1", channel_id=-1, message_key="k",
                  message_id=1, symbol="EURUSD", side="Sell", created_at=NOW,
                  legs=[TradeLeg(index=0, units=D("0.33333333"), client_order_id="pip-0")])
    trade.fill(0, fill_price=D("1.23456789"), at=NOW)
    booked = trade.close(0, exit_price=D("1.12345678"), at=NOW)
    assert booked == D("0.03703704") and trade.legs[0].realized_pnl == booked
