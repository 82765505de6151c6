"""A parsed trading signal and its JSON form (the spec's event-document names).

The same JSON shape goes into SignalReceived events, into a trade command's source signal and into the
API's dry-run parse response, so ``to_json``/``from_json`` are the only place that spells the names.
Prices are ``Decimal`` as written in the message. JSON carries them as numbers: a price has at most
15 significant digits (checked here), so ``float(price)`` prints back to exactly the same digits and a
round trip through any JSON library never drifts.

A parse also carries the parser's ``confidence`` (0..1) and ``reasons`` (short snake_case codes saying why it
is below 1, docs/parser.md lists them). They describe the reading, not the trade: equality ignores them, and a
document written before they existed reads back as a confident parse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from shared.domain.errors import ValidationError

# Symbol rule [A-Z0-9][A-Z0-9._]{0,29} (as TradingConfiguration's lists), checked with set operations: it runs
# once per parsed message and a regex call would cost more than the rest of the validation.
_SYMBOL_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_SYMBOL_CHARS = _SYMBOL_FIRST | frozenset("._")
SYMBOL_MAX = 30
PRICE_DIGITS_MAX = 15  # IEEE doubles round-trip any decimal of up to 15 significant digits
PRICE_PLACES = 8  # the decimal places a stored order's price keeps (DECIMAL(20, 8))
TAKE_PROFITS_MAX = 20
REASONS_MAX = 20
REASON_CHARS_MAX = 64
# A parse below this confidence is held for review unless the channel sets its own threshold
# (``reviewBelowConfidence``): every doubt the parser records on its own (docs/parser.md) lands below it.
REVIEW_BELOW_CONFIDENCE_DEFAULT = 0.7


class Side(StrEnum):
    BUY = "Buy"
    SELL = "Sell"


class OrderType(StrEnum):
    MARKET = "Market"
    LIMIT = "Limit"
    STOP = "Stop"


def carried_exactly(number: Decimal) -> bool:
    """Whether a JSON number (an IEEE double) carries ``number`` exactly: up to 15 significant digits any
    decimal does; a longer one only when it is the shortest form of a double, as a program that prints a float
    writes it ("8.142994999999999", "13432.058175000002"), which every JSON encoder writes back digit for digit."""
    digits = number.normalize().as_tuple().digits
    return len(digits) <= PRICE_DIGITS_MAX or (len(digits) <= 17 and Decimal(repr(float(number))) == number)


def price(field: str, value: object) -> Decimal:
    """A positive finite price a JSON number carries exactly (``carried_exactly``); JSON numbers and numeric
    strings accepted."""
    if type(value) is Decimal:  # the parser's own values: no conversion needed
        number = value
    elif isinstance(value, bool) or not isinstance(value, Decimal | int | float | str):
        raise ValidationError(field, "must be a number")
    else:
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            raise ValidationError(field, "must be a number") from None
    if not number.is_finite() or number <= 0:
        raise ValidationError(field, "must be a positive finite number")
    # (a short written form holds few digits: the digit tuple, and the normalising, only when it is long)
    if len(str(number)) <= PRICE_DIGITS_MAX:
        return number
    if len(number.as_tuple().digits) > PRICE_DIGITS_MAX and not carried_exactly(number):
        raise ValidationError(field, f"must have at most {PRICE_DIGITS_MAX} significant digits, or be a number "
                                     "as a program prints a float")
    return number


def _is_symbol(value: object) -> bool:
    return (isinstance(value, str) and 0 < len(value) <= SYMBOL_MAX and value[0] in _SYMBOL_FIRST
            and _SYMBOL_CHARS.issuperset(value))


def _confidence(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValidationError("confidence", "must be a number from 0 to 1")
    return float(value)


def _reasons(value: object) -> tuple[str, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, list | tuple):
        raise ValidationError("reasons", "must be a list of strings")
    if len(value) > REASONS_MAX:
        raise ValidationError("reasons", f"must hold at most {REASONS_MAX} entries")
    if not all(isinstance(r, str) and 0 < len(r) <= REASON_CHARS_MAX for r in value):
        raise ValidationError("reasons", f"must be strings of 1-{REASON_CHARS_MAX} characters")
    return tuple(value)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True, slots=True)
class ParsedSignal:
    """A message read as an instruction to open a trade. Levels are kept literally (even on the wrong
    side): rejecting them is the decision rules' job (``invalid_levels``); the parser only records its doubt
    about them in ``reasons`` and a lower ``confidence``."""

    symbol: str
    side: Side
    order_type: OrderType = OrderType.MARKET
    entry: Decimal | None = None
    entry_range: tuple[Decimal, Decimal] | None = None
    stop_loss: Decimal | None = None
    take_profits: tuple[Decimal, ...] = ()
    confidence: float = field(default=1.0, compare=False)
    reasons: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if not _is_symbol(self.symbol):
            raise ValidationError("symbol", "must be 1-30 upper-case letters, digits, '.' or '_'")
        # (the parser's own values are already enum members and Decimals: they skip the conversions, which are
        # most of the cost of building a signal on the parser's hot path)
        if type(self.side) is not Side:
            try:
                object.__setattr__(self, "side", Side(self.side))
            except ValueError:
                raise ValidationError("side", "must be Buy or Sell") from None
        if type(self.order_type) is not OrderType:
            try:
                object.__setattr__(self, "order_type", OrderType(self.order_type))
            except ValueError:
                raise ValidationError("orderType", "must be Market, Limit or Stop") from None
        if self.entry is not None and (entry := price("entry", self.entry)) is not self.entry:
            object.__setattr__(self, "entry", entry)
        if self.stop_loss is not None and (stop_loss := price("stopLoss", self.stop_loss)) is not self.stop_loss:
            object.__setattr__(self, "stop_loss", stop_loss)
        if self.entry_range is not None:
            if isinstance(self.entry_range, str | bytes) or len(self.entry_range) != 2:
                raise ValidationError("entryRange", "must be a pair [low, high]")
            low, high = sorted(price("entryRange", v) for v in self.entry_range)
            object.__setattr__(self, "entry_range", (low, high))
            if self.entry is not None:
                raise ValidationError("entryRange", "give either an entry or an entry range, not both")
        if isinstance(self.take_profits, str | bytes) or not isinstance(self.take_profits, list | tuple):
            raise ValidationError("takeProfits", "must be a list of prices")
        if len(self.take_profits) > TAKE_PROFITS_MAX:
            raise ValidationError("takeProfits", f"must hold at most {TAKE_PROFITS_MAX} levels")
        object.__setattr__(self, "take_profits", tuple([price("takeProfits", v) for v in self.take_profits]))
        if type(self.confidence) is not float or not 0 <= self.confidence <= 1:  # (the parser's own: a float)
            object.__setattr__(self, "confidence", _confidence(self.confidence))
        object.__setattr__(self, "reasons", _reasons(self.reasons))

    def needs_review(self, threshold: float = REVIEW_BELOW_CONFIDENCE_DEFAULT) -> bool:
        """Whether a careful system holds this parse for a person instead of trading it."""
        return self.confidence < threshold

    @property
    def reference_price(self) -> Decimal | None:
        """The written entry, or the middle of the entry zone; None for a bare market order."""
        if self.entry is not None:
            return self.entry
        if self.entry_range is not None:
            return (self.entry_range[0] + self.entry_range[1]) / 2
        return None

    def to_json(self) -> dict[str, Any]:
        """The event-document form: camelCase names, prices as JSON numbers, ``entryRange`` as [low, high]."""
        return {
            "symbol": self.symbol,
            "side": self.side.value,
            "orderType": self.order_type.value,
            "entry": _number(self.entry),
            "entryRange": None if self.entry_range is None else [float(v) for v in self.entry_range],
            "stopLoss": _number(self.stop_loss),
            "takeProfits": [float(v) for v in self.take_profits],
            "confidence": self.confidence,
            "reasons": list(self.reasons),
        }

    @classmethod
    def from_json(cls, data: object) -> ParsedSignal:
        """Read the ``to_json`` form back; raises ``ValidationError`` naming the offending field."""
        if not isinstance(data, dict):
            raise ValidationError("signal", "must be a JSON object")
        for required in ("symbol", "side"):
            if required not in data:
                raise ValidationError(required, "is required")
        take_profits = data.get("takeProfits") or []
        if not isinstance(take_profits, list):
            raise ValidationError("takeProfits", "must be a list of prices")
        entry_range = data.get("entryRange")
        if entry_range is not None and not isinstance(entry_range, list):
            raise ValidationError("entryRange", "must be a pair [low, high]")
        reasons = data.get("reasons") or []
        if not isinstance(reasons, list):
            raise ValidationError("reasons", "must be a list of strings")
        confidence = data.get("confidence")
        return cls(
            symbol=data["symbol"],
            side=data["side"],
            order_type=data.get("orderType") or OrderType.MARKET,
            entry=data.get("entry"),
            entry_range=None if entry_range is None else tuple(entry_range),
            stop_loss=data.get("stopLoss"),
            take_profits=tuple(take_profits),
            confidence=1.0 if confidence is None else confidence,
            reasons=tuple(reasons),
        )


@dataclass(frozen=True, slots=True)
class NotASignal:
    """A message that must not open a trade (management, results, chatter, a details half...)."""

    reason: str
