"""Take-profit splits and breakeven after target n: pure rules, checked on the numbers."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D

import pytest

from shared.domain.errors import ValidationError
from shared.domain.trade import CloseReason, Trade, TradeLeg
from shared.domain.trade_rules import LegPlan, StopMove, TakeProfitStrategy, breakeven_moves, split_units

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
TPS = (D("2360"), D("2370"), D("2380"))
EVEN, FIRST, WEIGHTS = TakeProfitStrategy.EVEN, TakeProfitStrategy.FIRST, TakeProfitStrategy.WEIGHTS


def units(plans: list[LegPlan]) -> list[D]:
    return [p.units for p in plans]


def test_even_split_gives_the_rounding_to_the_earliest_legs() -> None:
    plans = split_units(D(10), TPS)
    assert units(plans) == [D(4), D(3), D(3)] and [p.take_profit for p in plans] == list(TPS)


def test_first_puts_everything_on_tp1_and_no_targets_make_one_leg() -> None:
    assert split_units(D(10), TPS, strategy=FIRST) == [LegPlan(D(10), D("2360"))]
    assert split_units(D(10), ()) == [LegPlan(D(10), None)]


@pytest.mark.parametrize(("total", "step"), [(D("7.77"), D("0.01")), (D(10), D(1)), (D("0.999"), D("0.1")),
                                             (D(1001), D(1)), (D("3.3333"), D("0.001"))])
def test_rounding_never_opens_more_than_sized(total: D, step: D) -> None:
    for strategy, weights in ((EVEN, ()), (WEIGHTS, (D(33), D(33), D(34)))):
        plans = split_units(total, TPS, strategy=strategy, weights=weights, minimum=step, step=step)
        assert sum(units(plans)) <= total and all(u % step == 0 for u in units(plans))
        assert total - sum(units(plans)) < step


def test_weights_split_and_extra_weights_go_to_the_last_written_target() -> None:
    assert units(split_units(D(100), TPS, strategy=WEIGHTS, weights=(D(50), D(30), D(20)))) == [D(50), D(30), D(20)]
    two = split_units(D(100), TPS[:2], strategy=WEIGHTS, weights=(D(50), D(30), D(20)))
    assert units(two) == [D(50), D(50)] and two[1].take_profit == D("2370")


def test_a_leg_below_the_minimum_merges_into_the_previous_one() -> None:
    plans = split_units(D(5), TPS, strategy=WEIGHTS, weights=(D(60), D(30), D(10)), minimum=D(2))
    assert plans == [LegPlan(D(3), D("2360")), LegPlan(D(2), D("2370"))]  # 0.5 of TP3 rounds to 0 -> merged


def test_a_first_leg_below_the_minimum_merges_into_the_next() -> None:
    plans = split_units(D(10), TPS[:2], strategy=WEIGHTS, weights=(D(10), D(90)), minimum=D(2))
    assert plans == [LegPlan(D(10), D("2370"))]


def test_too_few_units_for_even_one_leg_is_an_error_naming_units() -> None:
    with pytest.raises(ValidationError) as err:
        split_units(D("0.5"), TPS, minimum=D(1))
    assert err.value.field == "units"
    assert split_units(D(2), TPS, minimum=D(1)) == [LegPlan(D(1), D("2360")), LegPlan(D(1), D("2370"))]


def two_leg_trade(side: str = "Buy") -> Trade:
    stop = D("2340") if side == "Buy" else D("2360")
    trade = Trade(id="trd_1", tenant_id="ten_1", broker_connection_id="brk_1", channel_id=-1, message_key="k",
                  message_id=1, symbol="XAUUSD", side=side, created_at=NOW,
                  legs=[TradeLeg(index=i, units=D(1), client_order_id=f"pip-{i}", stop_loss=stop) for i in (0, 1)])
    for i in (0, 1):
        trade.fill(i, fill_price=D("2350"), at=NOW)
    return trade


@pytest.mark.parametrize("side", ["Buy", "Sell"])
def test_breakeven_after_tp1_moves_the_other_legs_stop_to_the_fill_once(side: str) -> None:
    trade = two_leg_trade(side)
    assert breakeven_moves(trade, after_tp=1) == []  # TP1 not reached yet
    trade.close(0, exit_price=D("2360") if side == "Buy" else D("2340"), at=NOW, reason=CloseReason.TAKE_PROFIT)
    moves = breakeven_moves(trade, after_tp=1)
    assert moves == [StopMove(1, D("2350"))]
    trade.move_stop(1, stop_loss=moves[0].stop_loss, at=NOW)
    assert breakeven_moves(trade, after_tp=1) == []
    assert breakeven_moves(two_leg_trade(side), after_tp=None) == []


def test_a_stop_out_of_leg_one_is_no_breakeven_trigger() -> None:
    trade = two_leg_trade()
    trade.close(0, exit_price=D("2340"), at=NOW, reason=CloseReason.STOP_LOSS)
    assert breakeven_moves(trade, after_tp=1) == [] and breakeven_moves(trade, after_tp=2) == []
