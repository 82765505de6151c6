"""A channel's own RE2 pattern with named groups (validated on save by ``shared.domain.patterns``).

Groups: ``symbol`` and ``side`` (required), ``entry`` or ``entry_low``/``entry_high``, ``sl``, ``tp`` (one
group that may hold several prices, "1.09 / 1.10") or ``tp1``..``tpN`` (ordered by N), ``order_type``.
Captured values are normalised like the built-in parser's (aliases, sides, prices); an unreadable price
makes the message NotASignal rather than a half-read signal.
"""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal
from threading import Lock

import re2

from shared.domain.errors import ValidationError
from shared.domain.patterns import compile_pattern
from shared.domain.signal import NotASignal, OrderType, ParsedSignal, Side
from shared.parsing import spans, symbols
from shared.parsing.numbers import to_decimal

PATTERN_CACHE_SIZE = 1024
_PRICES = re2.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?\b|\d+(?:[.,]\d+)?(?:½|¼|¾)?")
_find_price = spans.finder(_PRICES)
_SELL = ("sell", "short", "sold", "bear", "venta", "шорт", "продажа", "s")
_BUY = ("buy", "long", "bought", "bull", "compra", "лонг", "покупка", "b")


class PatternCache:
    """Compiled patterns per (channel, pattern), least recently used evicted beyond ``maxsize``.

    Keyed by channel as well as by text so that a channel's edited pattern takes a fresh slot and the old one
    ages out; thread-safe because the Functions worker may run invocations on several threads.
    """

    def __init__(self, maxsize: int = PATTERN_CACHE_SIZE) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[tuple[str, str], re2._Regexp] = OrderedDict()
        self._lock = Lock()

    def get(self, channel_key: str, pattern: str) -> re2._Regexp:
        key = (channel_key, pattern)
        with self._lock:
            compiled = self._entries.get(key)
            if compiled is not None:
                self._entries.move_to_end(key)
                return compiled
        compiled = compile_pattern(pattern)  # raises ValidationError naming regex_pattern
        with self._lock:
            self._entries[key] = compiled
            self._entries.move_to_end(key)
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)
        return compiled

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries


def _side(raw: str) -> Side | None:
    word = raw.strip().lower()
    if word.startswith(_SELL):
        return Side.SELL
    if word.startswith(_BUY):
        return Side.BUY
    return None


def _order_type(raw: str | None) -> OrderType:
    word = (raw or "").lower()
    if "limit" in word:
        return OrderType.LIMIT
    if "stop" in word:
        return OrderType.STOP
    return OrderType.MARKET


def _prices(raw: bytes | None) -> list[Decimal] | None:
    """Every price in a captured group; None when the group holds text but no readable price."""
    if raw is None or not raw.strip():
        return []
    values, pos = [], 0
    while True:  # (native spans: google-re2's finditer builds a match object per price)
        start, end = _find_price(raw, pos)
        if start < 0:
            break
        values.append(to_decimal(raw[start:end]))
        pos = end if end > start else start + 1
    if not values or any(v is None for v in values):
        return None
    return [v for v in values if v is not None]


def _one(groups: dict[str, bytes | None], name: str) -> Decimal | None | str:
    prices = _prices(groups.get(name))
    if prices is None or len(prices) > 1:
        return f"unreadable {name}"
    return prices[0] if prices else None


def action_with(compiled: re2._Regexp, data: bytes) -> str | None:
    """The text a channel pattern's ``action`` group captured, if it has one and it matched."""
    if "action" not in compiled.groupindex:
        return None
    match = compiled.search(data)
    captured = match.group("action") if match is not None else None
    return captured.decode("utf-8").strip() or None if captured else None


def parse_with(compiled: re2._Regexp, data: bytes) -> ParsedSignal | NotASignal:
    """Apply a compiled channel pattern to the message's UTF-8 bytes."""
    found = spans.groupdict(compiled, data)
    if found is None:
        return NotASignal("the channel pattern does not match")
    groups: dict[str, bytes | None] = found
    raw_symbol = (groups.get("symbol") or b"").decode("utf-8").strip()
    if not raw_symbol:
        return NotASignal("no symbol")
    side = _side((groups.get("side") or b"").decode("utf-8"))
    if side is None:
        return NotASignal("no side (buy/sell)")
    values: dict[str, Decimal | None] = {}
    zone = _prices(groups.get("entry"))
    if zone is not None and len(zone) == 2:  # an entry group holding "1.0850-1.0870" is a zone
        groups = {**groups, "entry": None}
        values["entry_low"], values["entry_high"] = zone
    for name in ("entry", "entry_low", "entry_high", "sl"):
        if name in values:
            continue
        value = _one(groups, name)
        if isinstance(value, str):
            return NotASignal(value)
        values[name] = value
    take_profits: list[Decimal] = []
    numbered = sorted((int(name[2:]), name) for name in groups if name.startswith("tp") and name[2:].isdigit())
    for name in ["tp"] + [name for _, name in numbered]:
        prices = _prices(groups.get(name))
        if prices is None:
            return NotASignal(f"unreadable {name}")
        take_profits.extend(prices)
    low, high = values["entry_low"], values["entry_high"]
    entry_range = (low, high) if low is not None and high is not None else None
    entry = values["entry"] if entry_range is None else None
    if entry is None and entry_range is None:
        entry = low or high
    order_raw = groups.get("order_type")
    symbol = symbols.normalize(_symbol_kind(raw_symbol), raw_symbol, data)
    try:
        return ParsedSignal(
            symbol=symbol, side=side, order_type=_order_type(order_raw.decode("utf-8") if order_raw else None),
            entry=entry, entry_range=entry_range, stop_loss=values["sl"], take_profits=tuple(take_profits),
        )
    except ValidationError as exc:
        return NotASignal(f"unusable {exc.field}: {exc.reason}")


def _symbol_kind(raw: str) -> str:
    """Which normalisation a captured symbol needs: an alias ("Gold"), a cashtag, or as written."""
    squashed = raw.upper().replace(" ", "").replace("/", "")
    if squashed in symbols.ALIASES:
        return "alias"
    if raw.startswith("$"):
        return "cashtag"
    return "pair"

