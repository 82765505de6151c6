"""The paper simulator's market rules, pure: when a quote touches a resting entry, a stop or a target.

A long position is closed by selling, so its stop and target are checked against the bid; a short one
against the ask. Entries fill at their own price, stops and targets at theirs (no slippage: the venue
of a paper account is ideal). When one quote touches both the stop and the target (a stop moved past
the target), the stop wins: of two outcomes the simulator assumes the worse one, never the better.
"""

from __future__ import annotations

from decimal import Decimal

from shared.domain.trade import CloseReason
from shared.ports.brokers import MarketEvent, MarketEventKind

__all__ = ["MarketEvent", "MarketEventKind", "closing_price", "entry_touched", "exit_touched"]


def entry_touched(side: str, order_type: str, price: Decimal, bid: Decimal, ask: Decimal) -> bool:
    """A buy limit fills once the ask comes down to it, a buy stop once the ask rises to it; sells mirror
    that on the bid."""
    if side == "Buy":
        return ask <= price if order_type == "Limit" else ask >= price
    return bid >= price if order_type == "Limit" else bid <= price


def exit_touched(side: str, stop_loss: Decimal | None, take_profit: Decimal | None, bid: Decimal,
                 ask: Decimal) -> tuple[CloseReason, Decimal] | None:
    """Why and at what price an open leg closes at this quote, or None while it stays open."""
    if side == "Buy":
        if stop_loss is not None and bid <= stop_loss:
            return CloseReason.STOP_LOSS, stop_loss
        if take_profit is not None and bid >= take_profit:
            return CloseReason.TAKE_PROFIT, take_profit
        return None
    if stop_loss is not None and ask >= stop_loss:
        return CloseReason.STOP_LOSS, stop_loss
    if take_profit is not None and ask <= take_profit:
        return CloseReason.TAKE_PROFIT, take_profit
    return None


def closing_price(side: str, bid: Decimal, ask: Decimal) -> Decimal:
    """A manual close sells a long at the bid and buys a short back at the ask."""
    return bid if side == "Buy" else ask
