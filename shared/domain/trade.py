"""The managed trade: one signal x one broker connection, its legs (one order each) and its history.

A trade is changed only through its methods, each of which checks the leg's state first (raising
``InvalidStateError`` naming the field) and appends a ``TradeChange``. The repository stores the row
with a version number and refuses a save made from a stale copy, so two workers never lose an update.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from shared.domain import rules
from shared.domain.errors import InvalidStateError, ValidationError
from shared.domain.ids import new_id

SIDES = ("Buy", "Sell")
_PNL_PLACES = Decimal("0.00000001")
ORDER_TYPES = ("Market", "Limit", "Stop")


class LegStatus(StrEnum):
    PENDING = "Pending"
    OPEN = "Open"
    CLOSED = "Closed"
    CANCELLED = "Cancelled"
    REJECTED = "Rejected"


TradeStatus = LegStatus  # a trade's status is derived from its legs' and uses the same words
FINISHED = frozenset({LegStatus.CLOSED, LegStatus.CANCELLED, LegStatus.REJECTED})


class CloseReason(StrEnum):
    STOP_LOSS = "StopLoss"
    TAKE_PROFIT = "TakeProfit"
    MANUAL = "Manual"  # a follow-up, a tenant's action, or the venue without a reason


def price(field_name: str, value: object, *, required: bool = True) -> Decimal | None:
    """A positive finite price (DECIMAL(20, 8))."""
    if value is None:
        if required:
            raise ValidationError(field_name, "is required")
        return None
    return rules.decimal(field_name, value, minimum=Decimal("0.00000001"), maximum=Decimal("999999999999"),
                         places=8)


def positive_units(field_name: str, value: object) -> Decimal:
    units = rules.decimal(field_name, value, minimum=Decimal(0), maximum=Decimal("999999999999"), places=8)
    if units <= 0:
        raise ValidationError(field_name, "must be greater than 0")
    return units


def realized_pnl(side: str, entry: Decimal, exit_price: Decimal, units: Decimal) -> Decimal:
    """Profit (negative: loss) of closing ``units`` opened at ``entry``, in the instrument's quote currency,
    to the 8 places it is stored with."""
    move = exit_price - entry if side == "Buy" else entry - exit_price
    return (move * units).quantize(_PNL_PLACES)


@dataclass(frozen=True, slots=True)
class TradeChange:
    """One entry of a trade's history (what changed, on which leg, by which action)."""

    id: str
    trade_id: str
    at: datetime
    kind: str  # Opened, Placed, Filled, StopMoved, TargetChanged, EntryChanged, PartClosed, Closed, Cancelled, Rejected
    leg: int | None = None
    action_id: str | None = None
    realized_pnl: Decimal | None = None  # set on closes: the daily loss limit sums these
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class TradeLeg:
    """One order of a trade. ``units`` is what was sized; ``closed_units`` how much of it is closed."""

    index: int
    units: Decimal
    client_order_id: str
    order_type: str = "Market"
    requested_entry: Decimal | None = None
    stop_loss: Decimal | None = None
    take_profit: Decimal | None = None
    status: LegStatus = LegStatus.PENDING
    entry_fill: Decimal | None = None
    opened_at: datetime | None = None
    closed_units: Decimal = Decimal(0)
    close_price: Decimal | None = None
    closed_at: datetime | None = None
    close_reason: CloseReason | None = None
    realized_pnl: Decimal = Decimal(0)
    broker_order_id: str | None = None
    broker_trade_id: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.index, bool) or not isinstance(self.index, int) or not 0 <= self.index < 100:
            raise ValidationError("leg", "must be a whole number from 0 to 99")
        self.units = positive_units("units", self.units)
        self.client_order_id = rules.text("client_order_id", self.client_order_id, 100) or ""
        if self.order_type not in ORDER_TYPES:
            raise ValidationError("order_type", f"must be one of {', '.join(ORDER_TYPES)}")
        self.requested_entry = price("entry", self.requested_entry, required=self.order_type != "Market")
        self.stop_loss = price("stop_loss", self.stop_loss, required=False)
        self.take_profit = price("take_profit", self.take_profit, required=False)
        self.status = LegStatus(self.status)

    @property
    def open_units(self) -> Decimal:
        return self.units - self.closed_units if self.status is LegStatus.OPEN else Decimal(0)

    def _require(self, *allowed: LegStatus, doing: str) -> None:
        if self.status not in allowed:
            raise InvalidStateError("status", f"leg {self.index} is {self.status.value}: cannot {doing}")


@dataclass(slots=True)
class Trade:
    """One signal (message) copied to one broker connection. ``version`` guards concurrent saves."""

    id: str
    tenant_id: str
    broker_connection_id: str
    channel_id: int
    message_key: str
    message_id: int
    symbol: str
    side: str
    created_at: datetime
    legs: list[TradeLeg] = field(default_factory=list)
    updated_at: datetime | None = None
    version: int = 0  # 0: never stored
    new_changes: list[TradeChange] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.id = rules.entity_id("id", self.id)
        self.tenant_id = rules.entity_id("tenant_id", self.tenant_id)
        self.broker_connection_id = rules.entity_id("broker_connection_id", self.broker_connection_id)
        for name in ("channel_id", "message_id"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not -(2**63) <= value < 2**63:
                raise ValidationError(name, "must be a 64-bit integer")
        self.message_key = rules.text("message_key", self.message_key, 150) or ""
        self.symbol = rules.text("symbol", self.symbol, 30) or ""
        if self.side not in SIDES:
            raise ValidationError("side", "must be Buy or Sell")
        rules.aware("created_at", self.created_at)
        if not self.legs:
            raise ValidationError("legs", "a trade has at least one leg")
        if [leg.index for leg in self.legs] != list(range(len(self.legs))):
            raise ValidationError("legs", "legs are numbered 0, 1, 2… in order")

    @property
    def status(self) -> TradeStatus:
        """Open while any leg is open; else Pending while any rests; else how the legs ended."""
        statuses = {leg.status for leg in self.legs}
        for status in (LegStatus.OPEN, LegStatus.PENDING, LegStatus.CLOSED, LegStatus.CANCELLED):
            if status in statuses:
                return status
        return LegStatus.REJECTED

    @property
    def realized_pnl(self) -> Decimal:
        return sum((leg.realized_pnl for leg in self.legs), Decimal(0))

    def leg(self, index: int) -> TradeLeg:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(self.legs):
            raise ValidationError("leg", f"must be 0 to {len(self.legs) - 1} for this trade")
        return self.legs[index]

    def record(self, kind: str, at: datetime, *, leg: int | None = None, action_id: str | None = None,
               pnl: Decimal | None = None, **detail: Any) -> TradeChange:
        rules.aware("at", at)
        change = TradeChange(id=new_id("tchg"), trade_id=self.id, at=at, kind=kind, leg=leg, action_id=action_id,
                             realized_pnl=pnl, detail={k: _plain(v) for k, v in detail.items()})
        self.new_changes.append(change)
        self.updated_at = at
        return change

    # --- transitions --------------------------------------------------------------------------------------

    def fill(self, index: int, *, fill_price: Decimal, at: datetime, broker_order_id: str | None = None,
             broker_trade_id: str | None = None, action_id: str | None = None) -> None:
        leg = self.leg(index)
        leg._require(LegStatus.PENDING, doing="fill")
        leg.entry_fill = price("fill_price", fill_price)
        leg.status, leg.opened_at = LegStatus.OPEN, at
        leg.broker_order_id = broker_order_id or leg.broker_order_id
        leg.broker_trade_id = broker_trade_id or leg.broker_trade_id
        self.record("Filled", at, leg=index, action_id=action_id, price=leg.entry_fill, units=leg.units)

    def placed(self, index: int, *, broker_order_id: str, at: datetime, action_id: str | None = None) -> None:
        """A resting entry is at the venue (it fills later, or expires)."""
        leg = self.leg(index)
        leg._require(LegStatus.PENDING, doing="be placed")
        leg.broker_order_id = rules.text("broker_order_id", broker_order_id, 100) or None
        self.record("Placed", at, leg=index, action_id=action_id, brokerOrderId=leg.broker_order_id)

    def reject(self, index: int, *, reason: str, at: datetime, action_id: str | None = None) -> None:
        leg = self.leg(index)
        leg._require(LegStatus.PENDING, doing="reject")
        leg.status = LegStatus.REJECTED
        self.record("Rejected", at, leg=index, action_id=action_id, reason=reason[:500])

    def cancel(self, index: int, *, at: datetime, action_id: str | None = None, reason: str = "") -> None:
        """Cancel a resting entry. An open leg is closed, never cancelled."""
        leg = self.leg(index)
        leg._require(LegStatus.PENDING, doing="cancel (an open leg is closed instead)")
        leg.status = LegStatus.CANCELLED
        self.record("Cancelled", at, leg=index, action_id=action_id, reason=reason[:500])

    def close(self, index: int, *, exit_price: Decimal, at: datetime, units: Decimal | None = None,
              reason: CloseReason = CloseReason.MANUAL, pnl: Decimal | None = None,
              action_id: str | None = None) -> Decimal:
        """Close ``units`` of an open leg (all by default). ``pnl`` is the venue's figure where it gives one;
        otherwise it is computed from the fill. Returns the P&L booked."""
        leg = self.leg(index)
        leg._require(LegStatus.OPEN, doing="close")
        exit_price = price("close_price", exit_price) or Decimal(0)
        amount = leg.open_units if units is None else positive_units("units", units)
        if amount > leg.open_units:
            raise ValidationError("units", f"leg {index} has only {leg.open_units} units open")
        if pnl is not None:  # the venue's own figure: kept, to the places it is stored with
            if not isinstance(pnl, Decimal) or not pnl.is_finite():
                raise ValidationError("pnl", "must be a finite decimal")
            booked = pnl.quantize(_PNL_PLACES)
        else:
            booked = realized_pnl(self.side, leg.entry_fill or exit_price, exit_price, amount)
        leg.closed_units += amount
        leg.realized_pnl += booked
        leg.close_price, leg.closed_at = exit_price, at
        whole = leg.closed_units == leg.units
        if whole:
            leg.status, leg.close_reason = LegStatus.CLOSED, CloseReason(reason)
        self.record("Closed" if whole else "PartClosed", at, leg=index, action_id=action_id, pnl=booked,
                    price=exit_price, units=amount, reason=CloseReason(reason).value)
        return booked

    def move_stop(self, index: int, *, stop_loss: Decimal | None = None, to_entry: bool = False, at: datetime,
                  action_id: str | None = None) -> None:
        leg = self.leg(index)
        leg._require(LegStatus.PENDING, LegStatus.OPEN, doing="move its stop loss")
        if to_entry == (stop_loss is not None):
            raise ValidationError("stop_loss", "give either a price or to_entry, not both")
        target = (leg.entry_fill or leg.requested_entry) if to_entry else price("stop_loss", stop_loss)
        if target is None:
            raise InvalidStateError("to_entry", f"leg {index} has no entry price yet")
        before, leg.stop_loss = leg.stop_loss, target
        self.record("StopMoved", at, leg=index, action_id=action_id, before=before, after=target)

    def change_target(self, index: int, *, take_profit: Decimal | None, at: datetime,
                      action_id: str | None = None) -> None:
        leg = self.leg(index)
        leg._require(LegStatus.PENDING, LegStatus.OPEN, doing="change its take profit")
        before, leg.take_profit = leg.take_profit, price("take_profit", take_profit, required=False)
        self.record("TargetChanged", at, leg=index, action_id=action_id, before=before, after=leg.take_profit)

    def change_entry(self, index: int, *, entry: Decimal, at: datetime, action_id: str | None = None) -> None:
        """A resting entry's price; once filled the entry is history and cannot change."""
        leg = self.leg(index)
        leg._require(LegStatus.PENDING, doing="change its entry (only a pending entry moves)")
        if leg.order_type == "Market":
            raise InvalidStateError("entry", f"leg {index} is a market order")
        before, leg.requested_entry = leg.requested_entry, price("entry", entry)
        self.record("EntryChanged", at, leg=index, action_id=action_id, before=before, after=leg.requested_entry)


def _plain(value: Any) -> Any:
    """History details are stored as JSON: Decimals as strings, so no digit is lost."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value
