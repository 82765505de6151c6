"""Lifecycle rules as pure functions: splitting sized units over the targets, breakeven after target n.

Rounding is always down to the venue's unit step, so a split never opens more units than were sized.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum

from shared.domain.errors import ValidationError
from shared.domain.trade import LegStatus, Trade


class TakeProfitStrategy(StrEnum):
    FIRST = "first"  # every unit on one leg that targets TP1
    EVEN = "even"  # one leg per written target, units split evenly
    WEIGHTS = "weights"  # one leg per target, units split by takeProfitWeights


@dataclass(frozen=True, slots=True)
class LegPlan:
    units: Decimal
    take_profit: Decimal | None


def _floor(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).to_integral_value(rounding=ROUND_DOWN) * step


def split_units(total: Decimal, targets: Sequence[Decimal], *, strategy: TakeProfitStrategy = TakeProfitStrategy.EVEN,
                weights: Sequence[Decimal] = (), minimum: Decimal = Decimal(1),
                step: Decimal = Decimal(1)) -> list[LegPlan]:
    """The legs to open for ``total`` sized units and the signal's targets (TP1 first).

    - ``weights`` beyond the number of written targets are added to the last target; targets beyond the
      weights get no leg.
    - Each leg is rounded down to ``step`` and the steps left over go to the legs rounding cut most, so
      the legs add up to ``total`` rounded down to ``step`` and never more.
    - A leg below ``minimum`` is merged into the previous leg (the first leg, having none, into the next).
    Raises ``ValidationError`` on ``units`` when even one leg of ``total`` would be below the minimum.
    """
    if step <= 0 or minimum < 0:
        raise ValidationError("step", "unit step must be positive and minimum not negative")
    sized = _floor(total, step)
    if sized <= 0 or sized < minimum:
        raise ValidationError("units", f"{total} units is below the broker minimum of {max(minimum, step)}")
    if not targets or strategy is TakeProfitStrategy.FIRST:
        return [LegPlan(sized, targets[0] if targets else None)]
    if strategy is TakeProfitStrategy.WEIGHTS:
        shares = _weights_for(weights, len(targets))
    else:
        shares = [Decimal(100) / len(targets)] * len(targets)
    exact = [sized * share / 100 for share in shares]
    parts = [_floor(value, step) for value in exact]
    # What rounding down left over goes out a step at a time to the legs that lost the most (largest
    # remainder; the earlier leg on a tie), so the legs add up to exactly ``sized``.
    by_loss = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_loss[: int((sized - sum(parts)) / step)]:
        parts[i] += step
    legs: list[LegPlan] = []
    carry = Decimal(0)
    for units, target in zip(parts, targets[: len(parts)], strict=True):
        units += carry
        carry = Decimal(0)
        if units >= minimum and units > 0:
            legs.append(LegPlan(units, target))
        elif legs:
            legs[-1] = LegPlan(legs[-1].units + units, legs[-1].take_profit)
        else:
            carry = units
    if carry:  # nothing reached the minimum on its own: one leg holds it all
        return [LegPlan(sized, targets[0])]
    return legs


def _weights_for(weights: Sequence[Decimal], count: int) -> list[Decimal]:
    if not weights:
        raise ValidationError("take_profit_weights", "are required for the weights strategy")
    shares = [Decimal(w) for w in weights[:count]]
    shares[-1] += sum((Decimal(w) for w in weights[count:]), Decimal(0))
    return shares


@dataclass(frozen=True, slots=True)
class StopMove:
    leg: int
    stop_loss: Decimal


def breakeven_moves(trade: Trade, *, after_tp: int | None) -> list[StopMove]:
    """After target ``after_tp`` (1-based) closed at its take profit, the open legs' stops go to their fill.

    Legs already at (or past) their entry are left alone, so calling this again moves nothing.
    """
    if after_tp is None or after_tp > len(trade.legs):
        return []
    reached = trade.legs[after_tp - 1]
    if reached.status is not LegStatus.CLOSED or reached.close_reason is None or reached.close_reason != "TakeProfit":
        return []
    moves = []
    for leg in trade.legs:
        if leg.status is not LegStatus.OPEN or leg.entry_fill is None:
            continue
        stop = leg.stop_loss
        protected = stop is not None and (stop >= leg.entry_fill if trade.side == "Buy" else stop <= leg.entry_fill)
        if not protected:
            moves.append(StopMove(leg.index, leg.entry_fill))
    return moves
