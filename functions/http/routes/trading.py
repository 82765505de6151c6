"""The tenant's trading configuration (one per tenant): read, replace (PUT), change some fields (PATCH)."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import Field

from functions.http.audit import AuditedRoute
from functions.http.deps import TradingServiceDep
from functions.http.models import LAX, PROBLEMS, ApiModel, by_pascal, pascal
from functions.http.security import TenantIdDep
from shared.domain.enums import PositionSizingMode
from shared.domain.errors import ValidationError
from shared.domain.trade_rules import TakeProfitStrategy
from shared.domain.trading import (
    DAY_NAMES,
    FIXED_UNITS_DIGITS,
    FIXED_UNITS_MAX,
    FIXED_UNITS_PLACES,
    MAX_SYMBOLS,
    MAX_TAKE_PROFITS,
    TradingChanges,
    TradingConfiguration,
    TradingSession,
)

router = APIRouter(prefix="/api/v1/tenants/{tenantId}/trading-config", tags=["trading"], responses=PROBLEMS,
                   route_class=AuditedRoute)

SizingName = Literal["Fixed", "PercentEquity"]
DayName = Literal["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
Percent = Annotated[Decimal, LAX, Field(ge=Decimal("0.01"), le=Decimal("100"), max_digits=5, decimal_places=2,
                                   examples=[2.5])]
Slippage = Annotated[Decimal, LAX, Field(ge=0, max_digits=10, decimal_places=2, examples=[1.5])]
FixedUnits = Annotated[Decimal, LAX, Field(
    gt=0, le=FIXED_UNITS_MAX, decimal_places=FIXED_UNITS_PLACES, examples=[1000, 0.002],
    description=f"The venue's quantity per trade (OANDA units, IG lots, an exchange's base quantity): a number or "
                f"a decimal string of at most {FIXED_UNITS_DIGITS} significant digits; rounded down to the venue's "
                f"step when the order is sized")]
Symbol = Annotated[str, Field(min_length=1, max_length=30, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/ ]*$",
                              examples=["EURUSD"])]
Symbols = Annotated[list[Symbol], Field(max_length=MAX_SYMBOLS, examples=[["EURUSD", "XAUUSD"]])]
StrategyName = Literal["first", "even", "weights"]
Weights = Annotated[list[Percent], Field(min_length=1, max_length=MAX_TAKE_PROFITS, examples=[[50, 30, 20]],
                                         description="Percent of the units per target (TP1 first), adding up to 100")]
TargetNumber = Annotated[int, Field(ge=1, le=10, examples=[1])]
ExpiryMinutes = Annotated[int, Field(ge=1, le=60 * 24 * 365, examples=[240])]
DelaySeconds = Annotated[int, Field(ge=1, le=60 * 60 * 24 * 7, examples=[120])]
OpenTrades = Annotated[int, Field(ge=1, le=100_000, examples=[5])]
LIFECYCLE = ("take_profit_strategy", "take_profit_weights", "breakeven_after_tp", "pending_expiry_minutes",
             "max_signal_delay_seconds", "max_open_trades", "require_stop_loss", "daily_loss_limit_percent")


class LifecycleFields(ApiModel):
    """How a trade is managed after its first order (all optional; null clears a nullable one)."""

    take_profit_strategy: StrategyName | None = Field(
        None, description="`first`: all units to TP1; `even`: split evenly over the written targets; `weights`: "
                          "by takeProfitWeights", examples=["even"])
    take_profit_weights: Weights | None = None
    breakeven_after_tp: TargetNumber | None = Field(None, description="After target n fills, the other legs' "
                                                                      "stops move to the entry fill")
    pending_expiry_minutes: ExpiryMinutes | None = Field(None, description="Resting entries are cancelled after")
    max_signal_delay_seconds: DelaySeconds | None = Field(None, description="Older signals are rejected (`stale`)")
    max_open_trades: OpenTrades | None = Field(None, description="Pending + open trades at most")
    require_stop_loss: bool | None = Field(None, description="Refuse signals without a stop loss")
    daily_loss_limit_percent: Percent | None = Field(
        None, description="Realised loss of the UTC day against its opening balance that halts new trades")


class SessionModel(ApiModel):
    """A daily UTC window (start > end crosses midnight), optionally only on some days."""

    start: Annotated[time, LAX] | None = Field(None, examples=["07:00:00"])
    end: Annotated[time, LAX] | None = Field(None, examples=["16:30:00"])
    days: Annotated[list[DayName], Field(min_length=1, max_length=7)] | None = Field(
        None, examples=[["Mon", "Tue", "Wed", "Thu", "Fri"]])


class TradingPut(LifecycleFields):
    """The whole configuration; omitted fields take a new tenant's defaults."""

    sizing_mode: SizingName = Field("Fixed", examples=["Fixed"])
    fixed_units: FixedUnits | None = None
    equity_percentage: Percent | None = None
    max_total_exposure_percent: Percent = Decimal("100.00")
    max_slippage_pips: Slippage | None = None
    whitelisted_symbols: Symbols = []
    blacklisted_symbols: Symbols = []
    session: SessionModel | None = None
    auto_execute_enabled: bool = Field(False, examples=[True])


class TradingPatch(LifecycleFields):
    """Only the fields sent change (``null`` clears a nullable one)."""

    sizing_mode: SizingName | None = Field(None, examples=["PercentEquity"])
    fixed_units: FixedUnits | None = None
    equity_percentage: Percent | None = None
    max_total_exposure_percent: Percent | None = None
    max_slippage_pips: Slippage | None = None
    whitelisted_symbols: Symbols | None = None
    blacklisted_symbols: Symbols | None = None
    session: SessionModel | None = None
    auto_execute_enabled: bool | None = None


class TradingOut(ApiModel):
    sizing_mode: SizingName = Field(examples=["Fixed"])
    fixed_units: int | float | None = Field(examples=[1, 0.002], description="A JSON number, exact as written "
                                                                           "(at most 15 significant digits)")
    equity_percentage: float | None
    max_total_exposure_percent: float = Field(examples=[100.0])
    max_slippage_pips: float | None
    whitelisted_symbols: list[str]
    blacklisted_symbols: list[str]
    session: SessionModel | None
    auto_execute_enabled: bool
    take_profit_strategy: StrategyName = Field(examples=["even"])
    take_profit_weights: list[float] = Field(examples=[[]])
    breakeven_after_tp: int | None = Field(examples=[1])
    pending_expiry_minutes: int | None = Field(examples=[None])
    max_signal_delay_seconds: int | None = Field(examples=[120])
    max_open_trades: int | None = Field(examples=[None])
    require_stop_loss: bool = Field(examples=[False])
    daily_loss_limit_percent: float | None = Field(examples=[3.0])
    updated_at: datetime | None = None

    @classmethod
    def of(cls, c: TradingConfiguration) -> TradingOut:
        session = None
        if c.session is not None:
            days = None if c.session.days is None else [DAY_NAMES[d] for d in sorted(c.session.days)]
            session = SessionModel(start=c.session.start, end=c.session.end, days=days)  # type: ignore[arg-type]
        return cls(sizing_mode=pascal(c.sizing_mode.name), fixed_units=_number(c.fixed_units),  # type: ignore[arg-type]
                   equity_percentage=_float(c.equity_percentage),
                   max_total_exposure_percent=float(c.max_total_exposure_percent),
                   max_slippage_pips=_float(c.max_slippage_pips), whitelisted_symbols=list(c.whitelisted_symbols),
                   blacklisted_symbols=list(c.blacklisted_symbols), session=session,
                   auto_execute_enabled=c.auto_execute_enabled,
                   take_profit_strategy=c.take_profit_strategy.value,
                   take_profit_weights=[float(w) for w in c.take_profit_weights],
                   breakeven_after_tp=c.breakeven_after_tp, pending_expiry_minutes=c.pending_expiry_minutes,
                   max_signal_delay_seconds=c.max_signal_delay_seconds, max_open_trades=c.max_open_trades,
                   require_stop_loss=c.require_stop_loss, daily_loss_limit_percent=_float(c.daily_loss_limit_percent),
                   updated_at=c.updated_at)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _number(value: Decimal | None) -> int | float | None:
    """A whole quantity as a JSON integer (as before units were decimal), a fraction as a JSON number that
    reads back exactly (the configuration keeps at most 15 significant digits)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _changes(body: TradingPut | TradingPatch, fields: set[str]) -> dict[str, Any]:
    """The domain's field values for the API fields in ``fields``."""
    changes: dict[str, Any] = {name: getattr(body, name) for name in fields}
    if "sizing_mode" in changes:
        changes["sizing_mode"] = by_pascal(PositionSizingMode, changes["sizing_mode"])
    if "session" in changes and changes["session"] is not None:
        s: SessionModel = changes["session"]
        days = None if s.days is None else frozenset(DAY_NAMES.index(d) for d in s.days)
        changes["session"] = TradingSession(start=s.start, end=s.end, days=days)
    for name in ("whitelisted_symbols", "blacklisted_symbols"):
        if name in changes:
            changes[name] = tuple(changes[name])
    if "take_profit_strategy" in changes:
        changes["take_profit_strategy"] = TakeProfitStrategy(changes["take_profit_strategy"] or "even")
        if changes["take_profit_strategy"] is not TakeProfitStrategy.WEIGHTS and "take_profit_weights" not in changes:
            changes["take_profit_weights"] = ()  # weights belong to the weights strategy only
    if "take_profit_weights" in changes:
        changes["take_profit_weights"] = tuple(changes["take_profit_weights"] or ())
    if "require_stop_loss" in changes:
        changes["require_stop_loss"] = bool(changes["require_stop_loss"])
    return changes


@router.get("", response_model=TradingOut, summary="Read the trading configuration")
def get_trading(tenant_id: TenantIdDep, trading: TradingServiceDep) -> TradingOut:
    return TradingOut.of(trading.get(tenant_id=tenant_id))


@router.put("", response_model=TradingOut, summary="Replace the trading configuration")
def put_trading(tenant_id: TenantIdDep, body: TradingPut, trading: TradingServiceDep) -> TradingOut:
    changes = _changes(body, set(TradingPut.model_fields))
    if changes["sizing_mode"] is PositionSizingMode.FIXED and changes["fixed_units"] is None:
        changes["fixed_units"] = Decimal(1)
    return TradingOut.of(trading.update(tenant_id=tenant_id, changes=TradingChanges(**changes)))


@router.patch("", response_model=TradingOut, summary="Change some fields of the trading configuration")
def patch_trading(tenant_id: TenantIdDep, body: TradingPatch, trading: TradingServiceDep) -> TradingOut:
    return TradingOut.of(trading.update(tenant_id=tenant_id, changes=trading_changes(body)))


def trading_changes(body: TradingPatch) -> TradingChanges:
    """The domain's changes for the fields the patch sent (replay takes a candidate of this shape too)."""
    fields = set(body.model_fields_set)
    for name in ("sizing_mode", "max_total_exposure_percent", "whitelisted_symbols", "blacklisted_symbols",
                 "auto_execute_enabled", "take_profit_strategy", "require_stop_loss"):
        if name in fields and getattr(body, name) is None:
            raise ValidationError(name, "must not be null (omit it to leave it unchanged)")
    changes = _changes(body, fields)
    if changes.get("sizing_mode") is PositionSizingMode.PERCENT_EQUITY and "fixed_units" not in changes:
        changes["fixed_units"] = None  # fixed units belong to fixed sizing only
    return TradingChanges(**changes)
