"""Pure decision rules: may this parsed signal open a trade for this tenant, now? No I/O.

``decide`` applies the rules the pipeline checks before routing, in this order, and names the first one
broken: ``blacklist``, ``whitelist``, ``session``, ``auto_execute``, then the signal's own sanity,
``price_precision`` (a level finer than a stored price keeps) and ``invalid_levels``. Tenant rules come
first because they are the answer a tenant expects to read in the audit trail ("I blacklisted it"), whatever
the levels. The broker-side checks (slippage, exposure, sizing) need a quote or an account summary and live in
``shared.domain.sizing``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from shared.domain.signal import PRICE_PLACES, OrderType, ParsedSignal, Side
from shared.domain.trading import DAY_NAMES, TradingConfiguration

BLACKLIST = "blacklist"
WHITELIST = "whitelist"
SESSION = "session"
AUTO_EXECUTE = "auto_execute"
INVALID_LEVELS = "invalid_levels"
PRICE_PRECISION = "price_precision"


@dataclass(frozen=True, slots=True)
class Accepted:
    """Every rule passed."""


@dataclass(frozen=True, slots=True)
class Rejected:
    """The first rule broken (``rule`` is stable, for events and counters) and a sentence for people."""

    rule: str
    detail: str


Decision = Accepted | Rejected


def level_problem(signal: ParsedSignal, reference: Decimal | None = None) -> str | None:
    """Why the levels cannot belong to this side, or None. ``reference`` stands in for a market order's
    missing entry (the executor passes the quote).

    With an entry zone a level must clear the whole zone: a buy's stop below its low, its targets above its
    high (a level inside the zone is on the wrong side for some fills).
    """
    if signal.order_type is not OrderType.MARKET and signal.reference_price is None:
        return f"a {signal.order_type.value.lower()} order needs an entry price to rest at"
    low: Decimal | None
    high: Decimal | None
    if signal.entry_range is not None:
        low, high = signal.entry_range
    elif signal.entry is not None:
        low = high = signal.entry
    elif reference is not None:
        low = high = reference
    else:
        low = high = None
    buy = signal.side is Side.BUY
    sl, tps = signal.stop_loss, signal.take_profits
    if low is not None and high is not None:
        if sl is not None and (sl >= low if buy else sl <= high):
            return f"stop loss {sl} is not {'below' if buy else 'above'} the entry"
        for tp in tps:
            if tp <= high if buy else tp >= low:
                return f"take profit {tp} is not {'above' if buy else 'below'} the entry"
    if sl is not None:
        for tp in tps:
            if tp <= sl if buy else tp >= sl:
                return f"take profit {tp} is on the stop loss's side"
    return None


def decide(signal: ParsedSignal, config: TradingConfiguration, at: datetime) -> Decision:
    """Apply the tenant's rules to ``signal`` received at ``at`` (timezone-aware; sessions are UTC)."""
    symbol = signal.symbol
    if symbol in config.blacklisted_symbols:
        return Rejected(BLACKLIST, f"{symbol} is blacklisted")
    if not config.allows_symbol(symbol):
        return Rejected(WHITELIST, f"{symbol} is not on the whitelist")
    if not config.in_session(at):
        return Rejected(SESSION, f"{at.strftime('%a %H:%M')} UTC is outside the trading session "
                                 f"({_describe(config)})")
    if not config.auto_execute_enabled:
        return Rejected(AUTO_EXECUTE, "auto-execute is off for this tenant")
    fine = too_precise(signal)
    if fine is not None:
        return Rejected(PRICE_PRECISION, fine)
    problem = level_problem(signal)
    if problem is not None:
        return Rejected(INVALID_LEVELS, problem)
    return Accepted()


def finer_than_stored(price: Decimal) -> bool:
    """Whether ``price`` has more decimal places than a stored order's price keeps (a finer one is not rounded
    behind the reader's back: the signal is refused, or held by the parser for a person to correct)."""
    exponent = price.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= -PRICE_PLACES:  # (the common case: no trailing zeros to drop)
        return False
    exponent = price.normalize().as_tuple().exponent
    return isinstance(exponent, int) and exponent < -PRICE_PLACES


def too_precise(signal: ParsedSignal) -> str | None:
    """The first level with more decimal places than a stored price keeps ("0.000012345"), or None."""
    levels = [("entry", signal.entry), *(("entry zone", bound) for bound in signal.entry_range or ()),
              ("stop loss", signal.stop_loss), *(("take profit", tp) for tp in signal.take_profits)]
    for name, value in levels:
        if value is not None and finer_than_stored(value):
            return f"{name} {value} has more than {PRICE_PLACES} decimal places"
    return None


def _describe(config: TradingConfiguration) -> str:
    session = config.session
    assert session is not None  # only called when a session rejected the signal
    hours = "all day" if session.start is None else f"{session.start:%H:%M}-{session.end:%H:%M}"
    days = "every day" if session.days is None else ",".join(DAY_NAMES[d] for d in sorted(session.days))
    return f"{hours}, {days}"
