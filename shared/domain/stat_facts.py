"""Which statistics facts an event or a trade amounts to. Pure: the incremental path and the rebuild both
call these, so they can only differ in what they were shown, never in how they read it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from shared.domain.errors import ValidationError
from shared.domain.events import Event, parse_timestamp
from shared.domain.stats import FactKind, StatEntry
from shared.domain.trade import LegStatus, Trade, TradeChange

HELD_EVENT = "SignalHeld"  # the review outcome's event type, matched by name
_SIGNAL_KINDS = {"SignalReceived": FactKind.RECEIVED, "SignalRejected": FactKind.REJECTED,
                 HELD_EVENT: FactKind.HELD, "NotASignal": FactKind.NOT_A_SIGNAL}
# Refusals that say nothing about the channel (the tenant may not even exist): not counted.
_UNCOUNTED_RULES = frozenset({"tenant_inactive", "invalid_message", "payload_mismatch"})
SIGNAL_EVENT_TYPES = tuple(_SIGNAL_KINDS)
_PREFIX = {FactKind.OPENED: "open", FactKind.CLOSED: "close", FactKind.CANCELLED: "cancel"}


def message_key(tenant_id: str, channel_id: int, message_id: int) -> str:
    """The original message's key, as trades keep it."""
    return f"{tenant_id}:{channel_id}:{message_id}"


def fact_of_event(event: Event) -> StatEntry | None:
    """The fact a pipeline event records, or None (another type, no channel, or an uncounted rule)."""
    kind = _SIGNAL_KINDS.get(str(event.type))
    data = event.data
    channel, message = data.get("channelId"), data.get("messageId")
    if kind is None or type(channel) is not int or type(message) is not int:
        return None
    rule = data.get("rule") if kind is FactKind.REJECTED else None
    if rule in _UNCOUNTED_RULES:
        return None
    return StatEntry(tenant_id=event.tenant_id, entry_id=event.id, channel_id=channel, kind=kind,
                     at=message_time(event), message_key=message_key(event.tenant_id, channel, message),
                     rule=str(rule)[:100] if rule is not None else None)


def message_time(event: Event) -> datetime:
    """The message's own time where the event carries it (``messageAt``), else when it was processed."""
    raw = event.data.get("messageAt")
    if isinstance(raw, str):
        try:
            return parse_timestamp("messageAt", raw)
        except ValidationError:
            pass
    return event.timestamp


def trade_facts(trade: Trade, history: Sequence[TradeChange], message_at: datetime | None) -> list[StatEntry]:
    """What the trade has done so far: opened (first fill), then closed or, never filled, cancelled."""
    facts: list[StatEntry] = []

    def fact(kind: FactKind, at: datetime, **values: Any) -> StatEntry:
        return StatEntry(tenant_id=trade.tenant_id, entry_id=f"{_PREFIX[kind]}:{trade.id}", channel_id=trade.channel_id,
                         kind=kind, at=at, message_key=trade.message_key, **values)

    fills = [leg.opened_at for leg in trade.legs if leg.opened_at is not None]
    if fills:
        first = min(fills)
        facts.append(fact(FactKind.OPENED, first, delay_ms=first_fill_delay(first, message_at)))
    status = trade.status
    if status is LegStatus.CLOSED and fills:
        closed_at = max(leg.closed_at for leg in trade.legs if leg.closed_at is not None)
        facts.append(fact(FactKind.CLOSED, closed_at, pnl=trade.realized_pnl, risk=risk_at_entry(trade, history)))
    elif status in (LegStatus.CANCELLED, LegStatus.REJECTED) and not fills:
        facts.append(fact(FactKind.CANCELLED, trade.updated_at or trade.created_at))
    return facts


def first_fill_delay(first_fill: datetime, message_at: datetime | None) -> int | None:
    """Milliseconds from the message to its trade's first fill (never negative); None without the message's time."""
    return None if message_at is None else max(0, round((first_fill - message_at).total_seconds() * 1000))


def risk_at_entry(trade: Trade, history: Sequence[TradeChange]) -> Decimal | None:
    """Money at risk when filled: sum over filled legs of units x |fill - stop at fill|. None when a filled
    leg had no stop then (R is undefined without one)."""
    total = Decimal(0)
    for leg in trade.legs:
        if leg.entry_fill is None:
            continue
        stop = stop_at_fill(leg.index, leg.stop_loss, history)
        if stop is None:
            return None
        total += abs(leg.entry_fill - stop) * leg.units
    return total if total > 0 else None


def stop_at_fill(leg: int, current: Decimal | None, history: Sequence[TradeChange]) -> Decimal | None:
    """The leg's stop when it filled: the ``before`` of its first stop move after the fill, else today's."""
    filled = False
    for change in history:
        if change.leg != leg:
            continue
        if change.kind == "Filled":
            filled = True
        elif filled and change.kind == "StopMoved":
            before = change.detail.get("before")
            return None if before is None else Decimal(str(before))
    return current
