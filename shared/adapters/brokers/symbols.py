"""Signal symbols to venue instruments, decimal rounding to a venue's steps, and our client ids in the
shape each venue accepts.

A connection's ``metadata.symbols`` (e.g. ``{"XAUUSD": "XAU_USD"}``) wins; otherwise the venue's built-in
defaults for common FX, metals and index names apply, with ``metadata.symbolSuffix`` appended (brokers that
name instruments ``EURUSDm`` or ``EURUSD.pro``). Anything else is refused (``unknown_symbol``), never guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal
from typing import Any

from shared.ports.brokers import BrokerError, UnknownSymbolError

FIAT = frozenset("USD EUR GBP JPY CHF AUD NZD CAD SEK NOK DKK ZAR MXN TRY SGD HKD PLN HUF CZK CNH".split())
METALS = frozenset({"XAU", "XAG", "XPT", "XPD"})


def fx_or_metal(symbol: str) -> tuple[str, str] | None:
    """``("EUR", "USD")`` for a six-letter FX or metal symbol, else None."""
    if len(symbol) == 6 and symbol.isalpha() and symbol.isupper():
        base, quote = symbol[:3], symbol[3:]
        if (base in FIAT or base in METALS) and quote in FIAT:
            return base, quote
    return None


class SymbolMap:
    """One connection's symbol map. ``default`` is the venue's built-in rule (None: not known)."""

    def __init__(self, metadata: Mapping[str, Any], default: Callable[[str], str | None]) -> None:
        explicit = metadata.get("symbols", {})
        if not isinstance(explicit, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v for k, v in explicit.items()
        ):
            raise BrokerError("metadata.symbols must map symbol names to instrument names",
                              code="invalid_configuration")
        suffix = metadata.get("symbolSuffix", "")
        if not isinstance(suffix, str) or len(suffix) > 16:
            raise BrokerError("metadata.symbolSuffix must be a short string", code="invalid_configuration")
        self._explicit: dict[str, str] = {str(k).upper(): str(v) for k, v in explicit.items()}
        self._suffix = suffix
        self._default = default

    def instrument(self, symbol: str) -> str:
        key = symbol.strip().upper()
        mapped = self._explicit.get(key)
        if mapped is not None:
            return mapped
        found: str | None = self._default(key)
        if found is None:
            raise UnknownSymbolError(symbol)
        return found + self._suffix


def round_units(units: Decimal, step: Decimal) -> Decimal:
    """Down to the venue's step: never more than the risk rules sized."""
    return (units / step).to_integral_value(rounding=ROUND_DOWN) * step if step > 0 else units


def round_price(price: Decimal, decimals: int) -> Decimal:
    return price.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)


def check_minimum(units: Decimal, minimum: Decimal, instrument: str) -> None:
    if units <= 0 or units < minimum:
        raise BrokerError(f"{units} is below the minimum size {minimum} of {instrument}", code="broker_refused")


def venue_client_id(client_order_id: str, max_length: int) -> str:
    """Our client id, shortened (alphanumeric only) for venues with a shorter field: IG's dealReference takes
    30 characters, OKX's clOrdId 32. The ids are hashes, so the prefix keeps them unique and deterministic."""
    digest = client_order_id.removeprefix("pip-")
    if not digest.isalnum():
        raise BrokerError(f"client order id {client_order_id!r} is not one of ours", code="invalid_request")
    return ("pip" + digest)[:max_length]


def dec(value: Any, field: str) -> Decimal:
    """A venue's number (string or JSON number) as a Decimal; a malformed answer is the venue's fault."""
    try:
        result = Decimal(str(value))
    except ArithmeticError:
        raise BrokerError(f"the venue answered a malformed {field}: {value!r}") from None
    if not result.is_finite():
        raise BrokerError(f"the venue answered a malformed {field}: {value!r}")
    return result
