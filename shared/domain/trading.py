"""TradingConfiguration (one per tenant) and its TradingSession value object."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from decimal import Decimal

from shared.domain import rules
from shared.domain.changes import UNSET, Maybe, given
from shared.domain.enums import PositionSizingMode
from shared.domain.errors import ValidationError
from shared.domain.trade_rules import TakeProfitStrategy

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SYMBOL = re.compile(r"[A-Z0-9][A-Z0-9._]{0,29}")
MAX_SYMBOLS = 500
_PERCENT_MIN, _PERCENT_MAX = Decimal("0.01"), Decimal("100")
_SLIPPAGE_MAX = Decimal("99999999.99")  # DECIMAL(10,2)
# Fixed units are the venue's quantity (0.002 BTC, 0.5 lots, 1000 FX units). The bounds keep every value
# exact as a JSON number (at most 15 significant digits) and within the DECIMAL(20, 8) column.
FIXED_UNITS_MAX = Decimal(2**31 - 1)  # the INT column's bound before units became decimal: stored values stay valid
FIXED_UNITS_PLACES = 8
FIXED_UNITS_DIGITS = 15


@dataclass(frozen=True, slots=True)
class TradingSession:
    """A daily UTC window, optionally restricted to some days.

    ``start > end`` means the window crosses midnight (22:00–02:00); the hours after midnight belong
    to the session that started the day before, so ``days`` always names the day a session *starts*.
    Without times the whole of each allowed day is open.
    """

    start: time | None = None
    end: time | None = None
    days: frozenset[int] | None = None  # 0 = Monday … 6 = Sunday; None = every day

    def __post_init__(self) -> None:
        if (self.start is None) != (self.end is None):
            raise ValidationError("trading_session_start" if self.start is None else "trading_session_end",
                                  "start and end must both be set or both be empty")
        for name, value in (("trading_session_start", self.start), ("trading_session_end", self.end)):
            if value is not None and (not isinstance(value, time) or value.tzinfo is not None):
                raise ValidationError(name, "must be a naive time of day (UTC)")
        if self.start is not None and self.start == self.end:
            raise ValidationError("trading_session_end", "must differ from the start (leave both empty for all day)")
        if self.days is not None:
            if not self.days or not all(isinstance(d, int) and 0 <= d <= 6 for d in self.days):
                raise ValidationError("trading_session_days", "must be a non-empty set of days Mon..Sun")
            object.__setattr__(self, "days", frozenset(self.days))
        if self.start is None and self.days is None:
            raise ValidationError("trading_session_days", "an empty session: give times, days or both")

    @property
    def crosses_midnight(self) -> bool:
        return self.start is not None and self.end is not None and self.start > self.end

    def contains(self, at: datetime) -> bool:
        """Whether the UTC instant ``at`` falls inside the session."""
        if at.tzinfo is None:
            raise ValueError("contains() needs a timezone-aware datetime")
        moment = at.astimezone(UTC)
        day, now = moment.weekday(), moment.time()
        if self.start is None or self.end is None:
            return self._day_allowed(day)
        if self.start < self.end:
            return self.start <= now < self.end and self._day_allowed(day)
        if now >= self.start:
            return self._day_allowed(day)
        if now < self.end:
            return self._day_allowed((day - 1) % 7)
        return False

    def _day_allowed(self, day: int) -> bool:
        return self.days is None or day in self.days

    def days_csv(self) -> str | None:
        return None if self.days is None else ",".join(DAY_NAMES[d] for d in sorted(self.days))

    @staticmethod
    def parse_days(csv: str | None) -> frozenset[int] | None:
        if csv is None or not csv.strip():
            return None
        days = set()
        for part in csv.split(","):
            name = part.strip().capitalize()[:3]
            if name not in DAY_NAMES:
                raise ValidationError("trading_session_days", f"unknown day {part.strip()!r}; use Mon..Sun")
            days.add(DAY_NAMES.index(name))
        return frozenset(days)


def fixed_units(value: object) -> Decimal:
    """A positive quantity, at most ``FIXED_UNITS_MAX``, ``FIXED_UNITS_PLACES`` decimal places and
    ``FIXED_UNITS_DIGITS`` significant digits. A float is taken by its shortest repr (``0.1`` is 0.1)."""
    if value is None:
        raise ValidationError("fixed_units", "is required for fixed sizing (a number greater than 0)")
    number = rules.decimal("fixed_units", value, minimum=Decimal(0), maximum=FIXED_UNITS_MAX,
                           places=FIXED_UNITS_PLACES).normalize()
    if number <= 0:
        raise ValidationError("fixed_units", "must be greater than 0 for fixed sizing")
    if len(number.as_tuple().digits) > FIXED_UNITS_DIGITS:
        raise ValidationError("fixed_units", f"must have at most {FIXED_UNITS_DIGITS} significant digits")
    exponent = number.as_tuple().exponent
    return number.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else number  # 1E+3 -> 1000


def _symbols(field_name: str, values: object) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, list | tuple | set | frozenset):
        raise ValidationError(field_name, "must be a list of symbols")
    if len(values) > MAX_SYMBOLS:
        raise ValidationError(field_name, f"must hold at most {MAX_SYMBOLS} symbols")
    out: list[str] = []
    for value in values:
        if not isinstance(value, str):
            raise ValidationError(field_name, "symbols must be strings")
        symbol = value.strip().upper().replace("/", "").replace(" ", "")
        if not SYMBOL.fullmatch(symbol):
            raise ValidationError(field_name, f"{value!r} is not a valid symbol")
        if symbol not in out:
            out.append(symbol)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class TradingChanges:
    """What a tenant may change of its trading configuration (``UNSET``: unchanged; ``None`` clears)."""

    sizing_mode: Maybe[PositionSizingMode] = UNSET
    fixed_units: Maybe[Decimal | None] = UNSET
    equity_percentage: Maybe[Decimal | None] = UNSET
    max_total_exposure_percent: Maybe[Decimal] = UNSET
    max_slippage_pips: Maybe[Decimal | None] = UNSET
    whitelisted_symbols: Maybe[tuple[str, ...]] = UNSET
    blacklisted_symbols: Maybe[tuple[str, ...]] = UNSET
    session: Maybe[TradingSession | None] = UNSET
    auto_execute_enabled: Maybe[bool] = UNSET
    take_profit_strategy: Maybe[TakeProfitStrategy] = UNSET
    take_profit_weights: Maybe[tuple[Decimal, ...]] = UNSET
    breakeven_after_tp: Maybe[int | None] = UNSET
    pending_expiry_minutes: Maybe[int | None] = UNSET
    max_signal_delay_seconds: Maybe[int | None] = UNSET
    max_open_trades: Maybe[int | None] = UNSET
    require_stop_loss: Maybe[bool] = UNSET
    daily_loss_limit_percent: Maybe[Decimal | None] = UNSET


@dataclass(slots=True)
class TradingConfiguration:
    """A tenant's risk rules: sizing, exposure, slippage, symbol lists, session, auto-execute."""

    id: str
    tenant_id: str
    created_at: datetime
    sizing_mode: PositionSizingMode = PositionSizingMode.FIXED
    fixed_units: Decimal | None = Decimal(1)
    equity_percentage: Decimal | None = None
    max_total_exposure_percent: Decimal = Decimal("100.00")
    max_slippage_pips: Decimal | None = None
    whitelisted_symbols: tuple[str, ...] = ()
    blacklisted_symbols: tuple[str, ...] = ()
    session: TradingSession | None = None
    auto_execute_enabled: bool = False
    updated_at: datetime | None = field(default=None)
    # Trade lifecycle rules (issue 15); the defaults keep a tenant's trading as it was.
    take_profit_strategy: TakeProfitStrategy = TakeProfitStrategy.EVEN
    take_profit_weights: tuple[Decimal, ...] = ()
    breakeven_after_tp: int | None = None
    pending_expiry_minutes: int | None = None
    max_signal_delay_seconds: int | None = None
    max_open_trades: int | None = None
    require_stop_loss: bool = False
    daily_loss_limit_percent: Decimal | None = None

    def __post_init__(self) -> None:
        self.id = rules.entity_id("id", self.id)
        self.tenant_id = rules.entity_id("tenant_id", self.tenant_id)
        self.sizing_mode = rules.enum_value("sizing_mode", PositionSizingMode, self.sizing_mode)
        if self.sizing_mode is PositionSizingMode.FIXED:
            self.fixed_units = fixed_units(self.fixed_units)
        elif self.fixed_units is not None:
            raise ValidationError("fixed_units", "is only used with fixed sizing")
        if self.sizing_mode is PositionSizingMode.PERCENT_EQUITY:
            if self.equity_percentage is None:
                raise ValidationError("equity_percentage", "is required for percent-of-equity sizing")
        if self.equity_percentage is not None:
            self.equity_percentage = rules.decimal(
                "equity_percentage", self.equity_percentage, minimum=_PERCENT_MIN, maximum=_PERCENT_MAX
            )
        self.max_total_exposure_percent = rules.decimal(
            "max_total_exposure_percent", self.max_total_exposure_percent, minimum=_PERCENT_MIN, maximum=_PERCENT_MAX
        )
        if self.max_slippage_pips is not None:
            self.max_slippage_pips = rules.decimal(
                "max_slippage_pips", self.max_slippage_pips, minimum=Decimal(0), maximum=_SLIPPAGE_MAX
            )
        self.whitelisted_symbols = _symbols("whitelisted_symbols", self.whitelisted_symbols)
        self.blacklisted_symbols = _symbols("blacklisted_symbols", self.blacklisted_symbols)
        both = sorted(set(self.whitelisted_symbols) & set(self.blacklisted_symbols))
        if both:
            raise ValidationError("blacklisted_symbols", f"{both} cannot be both whitelisted and blacklisted")
        if self.session is not None and not isinstance(self.session, TradingSession):
            raise ValidationError("session", "must be a TradingSession")
        if not isinstance(self.auto_execute_enabled, bool):
            raise ValidationError("auto_execute_enabled", "must be a boolean")
        rules.aware("created_at", self.created_at)
        rules.aware("updated_at", self.updated_at, required=False)
        _check_lifecycle(self)

    @classmethod
    def default_for(cls, tenant_id: str, config_id: str, now: datetime) -> TradingConfiguration:
        """The configuration a new tenant starts with: 1 fixed unit, no lists, no session, auto-execute off."""
        return cls(id=config_id, tenant_id=tenant_id, created_at=now)

    def allows_symbol(self, symbol: str) -> bool:
        """Blacklist always wins; an empty whitelist allows every symbol not blacklisted."""
        symbol = symbol.upper()
        if symbol in self.blacklisted_symbols:
            return False
        return not self.whitelisted_symbols or symbol in self.whitelisted_symbols

    def in_session(self, at: datetime) -> bool:
        return self.session is None or self.session.contains(at)

    def apply(self, changes: TradingChanges, now: datetime) -> TradingConfiguration:
        """A new configuration with ``changes``; the whole result is validated (``__post_init__``)."""
        return dataclasses.replace(self, **given(changes), updated_at=now)


_WHOLE_LIMITS = {  # field: (minimum, maximum)
    "breakeven_after_tp": (1, 10),
    "pending_expiry_minutes": (1, 60 * 24 * 365),
    "max_signal_delay_seconds": (1, 60 * 60 * 24 * 7),
    "max_open_trades": (1, 100_000),
}
MAX_TAKE_PROFITS = 10


def _check_lifecycle(config: TradingConfiguration) -> None:
    try:
        config.take_profit_strategy = TakeProfitStrategy(config.take_profit_strategy)
    except ValueError:
        raise ValidationError("take_profit_strategy", "must be one of first, even, weights") from None
    config.take_profit_weights = _weights(config.take_profit_weights)
    if config.take_profit_strategy is TakeProfitStrategy.WEIGHTS and not config.take_profit_weights:
        raise ValidationError("take_profit_weights", "are required for the weights strategy")
    if config.take_profit_strategy is not TakeProfitStrategy.WEIGHTS and config.take_profit_weights:
        raise ValidationError("take_profit_weights", "are only used with the weights strategy")
    for name, (low, high) in _WHOLE_LIMITS.items():
        value = getattr(config, name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValidationError(name, f"must be a whole number from {low} to {high}, or null")
    if not isinstance(config.require_stop_loss, bool):
        raise ValidationError("require_stop_loss", "must be a boolean")
    if config.daily_loss_limit_percent is not None:
        config.daily_loss_limit_percent = rules.decimal(
            "daily_loss_limit_percent", config.daily_loss_limit_percent, minimum=_PERCENT_MIN, maximum=_PERCENT_MAX)


def _weights(values: object) -> tuple[Decimal, ...]:
    if values is None:
        return ()
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise ValidationError("take_profit_weights", "must be a list of percentages")
    if len(values) > MAX_TAKE_PROFITS:
        raise ValidationError("take_profit_weights", f"must hold at most {MAX_TAKE_PROFITS} percentages")
    weights = tuple(rules.decimal("take_profit_weights", v, minimum=_PERCENT_MIN, maximum=_PERCENT_MAX)
                    for v in values)
    if weights and sum(weights) != 100:
        raise ValidationError("take_profit_weights", f"must add up to 100 (they add up to {sum(weights)})")
    return weights
