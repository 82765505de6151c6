"""Position sizing and the broker-side checks (slippage, exposure) as pure functions.

The executor fetches a quote and an account summary from the broker connector and passes them in; nothing
here does I/O. The money model is deliberately simple, and stated here once:

* ``unit_value`` is what ONE unit of the instrument is worth in the account currency (its notional). For
  a quote in the account's currency that is the price (1 EURUSD unit on a USD account = 1.0850 USD, one
  ounce of XAUUSD = its price); ``unit_value_of`` computes exactly that from a quote. A connector that knows
  better (contract sizes, conversion) passes its own value.
* Percent-of-equity sizing buys ``equity * percent / 100 / unit_value`` units: the position's notional is
  that share of equity (no leverage or stop distance involved). Where the venue gives a size step (its
  instrument data), the quantity is rounded DOWN to that step and refused below its minimum
  (``fit_to_venue``): 0.002 BTC, 0.5 lots. Without a step (the paper broker) it is rounded down to whole units.
* Exposure is notional too: (open notional + new notional) / equity must stay within
  ``max_total_exposure_percent``.
* Slippage is the distance, in pips, between the written entry (or the nearest edge of the entry zone)
  and the price the order would fill at (ask for a buy, bid for a sell), either direction. Only market
  orders with a written price are checked: pending orders fill at their own price.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from shared.domain.decision import Rejected
from shared.domain.enums import PositionSizingMode
from shared.domain.errors import ValidationError
from shared.domain.messages import UNITS_MAX, UNITS_PLACES
from shared.domain.signal import OrderType, ParsedSignal, Side
from shared.domain.trading import TradingConfiguration

SIZING = "sizing"
MAX_SLIPPAGE = "max_slippage"
MAX_EXPOSURE = "max_exposure"
_METALS_PIP = {"XAU": Decimal("0.1"), "XAG": Decimal("0.01")}
_FIAT = frozenset("USD EUR GBP JPY CHF AUD NZD CAD SEK NOK DKK ZAR MXN TRY SGD HKD PLN HUF CZK CNH ILS THB".split())


@dataclass(frozen=True, slots=True)
class Quote:
    """The connector's current price. ``pip_size`` when the broker knows it; else ``pip_size_of`` guesses."""

    bid: Decimal
    ask: Decimal
    pip_size: Decimal | None = None

    def __post_init__(self) -> None:
        if not (self.bid > 0 and self.ask > 0):
            raise ValidationError("quote", "bid and ask must be positive")
        if self.ask < self.bid:
            raise ValidationError("quote", "ask must not be below bid")

    def fill_price(self, side: Side) -> Decimal:
        return self.ask if side is Side.BUY else self.bid


@dataclass(frozen=True, slots=True)
class AccountSummary:
    """The connector's account: equity and the notional of open positions, both in the account currency
    (``balance`` and ``currency`` as the broker reports them, for people; the rules use equity)."""

    equity: Decimal
    open_exposure: Decimal = Decimal(0)
    balance: Decimal | None = None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class Sized:
    units: Decimal  # the venue's quantity: whole units, lots or base quantity, at most UNITS_PLACES places


def pip_size_of(symbol: str, price: Decimal) -> Decimal:
    """The usual pip: 0.01 on JPY-quoted pairs, 0.0001 on other 6-letter forex, 0.1 gold, 0.01 silver; for
    anything else (indices, crypto) one point of the price's own scale: 1 above 1,000, 0.01 above 1."""
    if symbol[:3] in _METALS_PIP:
        return _METALS_PIP[symbol[:3]]
    if len(symbol) == 6 and symbol[:3] in _FIAT and symbol[3:] in _FIAT:
        return Decimal("0.01") if symbol.endswith("JPY") else Decimal("0.0001")
    if price >= 1000:
        return Decimal(1)
    return Decimal("0.01") if price >= 1 else Decimal("0.0001")


def unit_value_of(quote: Quote, contract_size: Decimal = Decimal(1)) -> Decimal:
    """One unit's notional when the instrument is quoted in the account currency: the mid price, times the
    venue's contract size where one of its units is a contract (an IG lot) rather than one of the instrument."""
    return (quote.bid + quote.ask) / 2 * contract_size


def size_order(config: TradingConfiguration, *, account: AccountSummary | None = None,
               unit_value: Decimal | None = None, whole: bool = True) -> Sized | Rejected:
    """Units for one trade command: the fixed quantity, or the share of equity described above. ``whole``:
    round a share of equity down to whole units (a venue without a size step); False leaves it to
    ``fit_to_venue`` (exact to ``UNITS_PLACES`` places, never rounded up)."""
    if config.sizing_mode is PositionSizingMode.FIXED:
        assert config.fixed_units is not None  # TradingConfiguration guarantees it for fixed sizing
        return Sized(config.fixed_units)
    if account is None or unit_value is None or unit_value <= 0:
        return Rejected(SIZING, "percent-of-equity sizing needs the account equity and a unit value")
    assert config.equity_percentage is not None
    budget = account.equity * config.equity_percentage / 100
    places = Decimal(1) if whole else Decimal(1).scaleb(-UNITS_PLACES)
    units = (budget / unit_value).quantize(places, rounding=ROUND_DOWN) if budget > 0 else Decimal(0)
    if units <= 0:
        smallest = "one unit" if whole else "anything"
        return Rejected(SIZING, f"{config.equity_percentage}% of equity {account.equity} buys less than {smallest} "
                                f"worth {unit_value}")
    if units > UNITS_MAX:
        return Rejected(SIZING, f"{units} units is more than a trade command carries ({UNITS_MAX})")
    return Sized(units)


def fit_to_venue(sized: Sized, *, minimum: Decimal, step: Decimal, instrument: str) -> Sized | Rejected:
    """The sized units in the venue's terms: rounded DOWN to its step (never more than the rules allow) and
    refused (``sizing``) below its minimum rather than raised to it."""
    if step <= 0 or minimum < 0:
        return Rejected(SIZING, f"the venue's size rules for {instrument} are unusable (step {step}, "
                                f"minimum {minimum})")
    units = (sized.units / step).to_integral_value(rounding=ROUND_DOWN) * step
    if units <= 0 or units < minimum:
        return Rejected(SIZING, f"{_text(sized.units)} units is below {instrument}'s minimum size "
                                f"{_text(minimum)} (step {_text(step)}) at this broker")
    return Sized(units)


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def check_slippage(signal: ParsedSignal, quote: Quote, max_pips: Decimal | None) -> Rejected | None:
    """``max_slippage`` when the fill price strays further than ``max_pips`` from the written entry."""
    if max_pips is None or signal.order_type is not OrderType.MARKET:
        return None
    price = quote.fill_price(signal.side)
    if signal.entry is not None:
        distance = abs(price - signal.entry)
    elif signal.entry_range is not None:
        low, high = signal.entry_range
        distance = low - price if price < low else price - high if price > high else Decimal(0)
    else:
        return None
    pip = quote.pip_size or pip_size_of(signal.symbol, price)
    pips = distance / pip
    if pips > max_pips:
        return Rejected(MAX_SLIPPAGE, f"price {price} is {pips.normalize():f} pips from the entry "
                                      f"(max {max_pips})")
    return None


def check_exposure(config: TradingConfiguration, account: AccountSummary, *, units: Decimal,
                   unit_value: Decimal) -> Rejected | None:
    """``max_exposure`` when open plus new notional would exceed the tenant's share of equity."""
    if account.equity <= 0:
        return Rejected(MAX_EXPOSURE, "the account has no equity")
    total = account.open_exposure + units * unit_value
    percent = total / account.equity * 100
    if percent > config.max_total_exposure_percent:
        return Rejected(MAX_EXPOSURE, f"exposure would be {percent.quantize(Decimal('0.01'))}% of equity "
                                      f"(max {config.max_total_exposure_percent}%)")
    return None
