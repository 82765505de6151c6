"""The built-in parser: the common Telegram signal formats, for channels without a pattern of their own.

How it reads a message (docs/parser.md has the whole story and the label conventions):

1. Screening (``screening.py``): results, reports and management of open trades are not signals.
2. Tokens (``lexicon.TOKENS``): symbols, side words, level labels, numbers, and numeric noise never read as a
   price (dates, pips, percentages, leverage, reward multiples, ordinals).
3. Reading (``reader.py``, ``levels.py``, ``sides.py``): a label opens a slot that the following numbers fill;
   a side word counts only when its clause gives an order (``wording.py``); another symbol, the other side or
   another leg starts the next signal.
4. Finishing (here): a symbol and a side are required; legs share the levels written once; prices are kept
   literally and then assessed (``assess.py``): each doubt lowers the confidence and is named in ``reasons``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal

import re2

from shared.domain import decision
from shared.domain.errors import ValidationError
from shared.domain.signal import NotASignal, OrderType, ParsedSignal, Side
from shared.parsing import assess, lexicon, screening, spans, symbols, wording
from shared.parsing.draft import Draft
from shared.parsing.levels import ZONE_WIDTH_MAX, behind_unknown_word, off_scale
from shared.parsing.numbers import expand_shorthand, to_decimal
from shared.parsing.reader import Reader

SKIPPED_SIDE = {"negated": "negated wording", "conditional": "conditional wording",
                "hedged": "advice or opinion, not an order", "reference": "a follow-up about an open trade",
                "name": "a side word inside a name", "report": "talk about a market, not an order",
                "either": "either side, no order", "quoted": "an order quoted, not given"}
PROSE_WORDS_ON_ORDER_LINE_MAX = 12  # more plain words than this around the side word: prose that holds a side word
SCALE_FACTOR = Decimal(4)
WORDS_IN_BARE_ORDER_MAX = 8
INDEX_SCALE = 50  # a whole number up to 10 among targets fifty times its size is a target's index, not a price
# "Tappioraja: 4155", "🔻 Verlustgrenze: 1.0800": a field's name (no digit in it), a colon, then a price opening the
# rest of the line (plain byte classes: RE2's Unicode letter classes make a DFA this search cannot afford)
# (opening its line, or mid-line after a level: "SELL 4705-4700 💣 Zork: 4715 TP1 ➝ 4695")
_FIELD_PRICE = re2.compile(r"[^\d\n:]{3,48}:[ \t$]*(\d+(?: \d{3})*(?:[.,]\d+)?)")  # ("Zork: 64 000": spaced)
# Japanese written as sentences (a full stop, a polite ending, "scenario", "forecast"): Japanese has no spaces, so
# the prose words around a side word are not counted; a blog post's plan is held for a person instead
# (a full stop after kana: Chinese, which writes no kana, ends its signals' sentences with "。" too)
_JAPANESE_PROSE = re2.compile(r"\p{Hiragana}[^\n。]{0,80}。|です|ます|でしょう|ところ"
                              r"|シナリオ|予想|思惑|イメージ|見込み|狙い")
# a number written with nine or more decimals, or in E-notation: the only way a level gets finer than a stored price
_NINE_DECIMALS = re2.compile(r"\d[.,]\d{9}|\d[eE]-\d")
_PRICE_RUN = re2.compile(rb"\d+(?:[.,]\d+)*")
SPACED_ZONE_WIDTH_MAX = Decimal("0.03")  # two spaced prices further apart than 3% are not one zone
# Where gold has traded in the years a signal may come from; a symbol-less order priced here is likely gold.
GOLD_BAND = (Decimal(1000), Decimal(6000))
GOLD_SPREAD_MAX = Decimal("0.05")  # a gold trade's levels lie within 5% of each other


def _median(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _an_index(value: Decimal, reference: Decimal) -> bool:
    return value == value.to_integral_value() and 1 <= value <= 10 and reference >= value * INDEX_SCALE


def _in_scale(value: Decimal, reference: Decimal) -> bool:
    return reference / SCALE_FACTOR <= value <= reference * SCALE_FACTOR


def _listed_targets(targets: list[tuple[Decimal, bool]], reference: Decimal | None) -> list[Decimal]:
    """Prices right after a label are literal (a typo stays a typo, for validation to reject); a bare number that
    merely continues a target list far from the price scale is a note ("Signal 245"), not a target, unless the
    labelled first target is itself that far ("Buy #TRUMP below 7$ / To 40-60-80": a list on its own scale, kept
    whole for the level checks to hold)."""
    kept: list[Decimal] = []
    for value, direct in targets:
        if (direct or reference is None or _in_scale(value, reference)
                or (kept and not _in_scale(kept[0], reference) and _in_scale(value, kept[-1]))
                or _continues(kept, value)):
            kept.append(value)
    return kept


def _continues(kept: list[Decimal], value: Decimal) -> bool:
    """"1) 0.0025 2) 0.0032 3) 0.0040 4) 0.0055 5) 0.0080": a coin's fifth target, 4.6 times its entry, is the
    next step of a list that keeps one direction, not a note far from the prices."""
    if len(kept) < 2:
        return False
    rising = kept[-1] > kept[-2]
    steps = all((b > a) == rising and b != a for a, b in zip(kept, kept[1:], strict=False))
    beyond = value > kept[-1] if rising else value < kept[-1]
    return steps and beyond and kept[-1] / 2 <= value <= kept[-1] * 2


def _shorthand(level: Decimal | None, draft: Draft) -> Decimal | None:
    """"GOLD BUY 4391-93 SL 85": a level written as the entry's last digits, far below any price of the symbol."""
    reference = draft.entry_price
    if level is None or reference is None or not draft.entry_raw or level * 10 >= reference:
        return level
    expanded = to_decimal(expand_shorthand(draft.entry_raw, str(level).encode()))
    if expanded is None or abs(expanded - reference) > reference * Decimal("0.05"):
        return level
    return expanded


def _stop_written(draft: Draft) -> Decimal | None:
    """The stop as written: a price, or one written as the entry's last digits ("SL 85" under 4391); an amount of
    money far below any price of the symbol ("SL 20$", "SL: 10 USD") is the distance the stop keeps, no price
    (``sl_distance`` holds the order)."""
    stop = _shorthand(draft.stop_loss, draft)
    if stop is not None and stop != draft.stop_loss and draft.stop_money:
        draft.stop_loss_void = draft.stop_distance = True
        return None
    return stop


def _shorthand_targets(targets: list[Decimal], draft: Draft, reference: Decimal | None) -> list[Decimal]:
    """"GOLD BUY 2350 / TP 55/60/70": every target of a list written as the entry's last digits, as a stop may be
    (one alone may be a distance)."""
    if reference is None or len(targets) < 2 or any(tp * 10 >= reference for tp in targets):
        return targets
    expanded = [_shorthand(tp, draft) or tp for tp in targets]
    return expanded if all(e != tp for e, tp in zip(expanded, targets, strict=True)) else targets


def _prose_words(line: bytes) -> int:
    """Words on ``line`` that are not symbols, sides or labels ("Use proper money management" is 4)."""
    total, pos = 0, 0
    while True:
        start, end = spans.find(lexicon.PROSE_WORD, line, pos)
        if start < 0:
            return total
        total += not lexicon.kind_matches(line[start:end])
        pos = end


def _level_doubts(symbol: str, side: Side, entry: tuple[Decimal | None, tuple[Decimal, Decimal] | None],
                  stop_loss: Decimal | None, take_profits: list[Decimal], prices: list[Decimal], data: bytes,
                  quotes: Mapping[str, Decimal]) -> list[str]:
    """The doubts the levels raise: against each other and the market (assess), and how they are written
    (``entry``: the price the levels are checked against, and the zone when one is written)."""
    written, zone = entry
    reasons = assess.level_reasons(symbol, side, written, stop_loss, take_profits, quotes.get(symbol))
    if zone is not None:
        reasons += [r for r in assess.zone_reasons(zone, stop_loss, take_profits) if r not in reasons]
    if _comma_ambiguous(symbol, prices, data, quotes):
        reasons.append("comma_ambiguous")
    return reasons


def _comma_ambiguous(symbol: str, prices: Sequence[Decimal], data: bytes, quotes: Mapping[str, Decimal]) -> bool:
    """"#OP/USDT: BUY LIMIT / Entry: 2,600": a level written with a comma before its last three digits and nothing
    after them, for a market whose price neither the caller's quote nor the table of typical prices gives: 2600, or
    2.600 with a decimal comma?"""
    if b"," not in data or symbol in quotes or assess.typical_price(symbol) is not None:
        return False
    return any(p >= 1000 and p == p.to_integral_value() and f"{int(p):,}".encode() in data
               and f"{int(p):,}.".encode() not in data for p in prices)


def _entry_bound(draft: Draft, *, toward_targets: bool) -> Decimal | None:
    """The entry, or the bound of its zone nearest the targets (or nearest the stop); None when neither is read."""
    if draft.entry is not None or draft.entry_range is None:
        return draft.entry
    low, high = draft.entry_range
    return high if (draft.side is Side.BUY) is toward_targets else low


_STOP_FIELD_WIDTH = Decimal("0.5")  # a coin's stop may stand a third below its entry ("Entry: 0.102 / Zork: 0.07")


def _stop_under_unknown_label(draft: Draft, data: bytes) -> bool:
    """Whether a price under a field's name ("Tappioraja: 4155", a label the reader may not know; opening its line or
    after a level on it) lies where the missing stop would: on the losing side of the entry, within half the entry of
    it. Such an order is held: traded, it would run unprotected. (Looked for only when no stop was read: most orders
    have one.)"""
    reference = _entry_bound(draft, toward_targets=False)
    if reference is None and draft.take_profits:
        reference = draft.take_profits[0][0]  # a market order's first target stands for its entry
    if reference is None:
        return False
    buy, width = draft.side is Side.BUY, reference * _STOP_FIELD_WIDTH
    for raw in _FIELD_PRICE.findall(data):
        price = to_decimal(raw)
        if price is not None and (price < reference if buy else price > reference) and reference - width <= price \
                <= reference + width:
            return True
    # ("Tp-2 4104 Zork-4055": after a word, no colon; nearer, and written about as finely as the entry)
    return (_level_aside(draft, data, _WORD_PRICE, reference, above=not buy, width=reference * ZONE_WIDTH_MAX)
            or (bool(draft.take_profits) and _price_unread(draft, data, reference, profit=False)))


_WORD_PRICE = re2.compile(r"(?m)(\pL{2,})[ \t]*[:=@>-]?[ \t]*\$?(\d+(?: \d{3})*(?:[.,]\d+)?)[ \t$]*(?:$|[^\d/:.,%-])")


def _stop_reasons(draft: Draft, stop_loss: Decimal | None, targets: bool, data: bytes) -> list[str]:
    """Doubts about the stop the order has, or has not, and what it has instead."""
    unpriced = draft.entry is None and draft.entry_range is None
    if stop_loss is not None:
        # a stop with neither entry nor target: as often a stop-out report
        if not targets and unpriced:
            return ["stop_only"]
        return ["level_unlabelled"] if not targets and _target_under_unknown_label(draft, data) else []
    reasons: list[str] = []
    if not draft.stop_loss_void:
        if _stop_under_unknown_label(draft, data):
            reasons.append("level_unlabelled")  # "Entry: 4165 / Tappioraja: 4155 / TP: 4172": a stop, most likely
        if draft.stop_labelled:
            reasons.append("sl_unreadable")  # "2200 STOP LOSs", "SL - 25-30%": a stop was meant and no price read
        if targets and unpriced:
            reasons.append("targets_only")
    elif draft.stop_distance:
        reasons.append("sl_distance")  # "SL 30 pips": a stop meant, at a distance no price was written for
    if not targets:
        reasons.append("no_levels")  # ("SL: none" and no target: a bare order all the same)
    return reasons


def _target_under_unknown_label(draft: Draft, data: bytes) -> bool:
    """Whether an order with a stop and no target writes a price no level took on the profit side of its entry,
    within half the entry of it ("Sell : 197.14 / Zork: 195.50 / SL 197.70"): its target, most likely, under a label
    the reader does not know. Such an order is held rather than traded with no exit."""
    reference = _entry_bound(draft, toward_targets=True)
    if reference is None:
        return False
    # ("Zork: 1 875": a price in spaced thousands under a field's name, which the scan reads as two numbers)
    return (_level_aside(draft, data, _NAMED_PRICE, reference, above=draft.side is Side.BUY,
                         width=reference * _STOP_FIELD_WIDTH) or _price_unread(draft, data, reference, profit=True))


def _note_among_targets(draft: Draft) -> bool:
    """Whether a price under a field's name the reader does not know lies between the entry and the farthest target
    ("SELL NOW 4520/4522 / Zork: 4515 / TP: 4510"): a target under another label, most likely; the order is held."""
    reference = _entry_bound(draft, toward_targets=True)
    if reference is None or not draft.field_notes:
        return False
    targets = [price for price, _ in draft.take_profits]
    buy = draft.side is Side.BUY
    farthest = max(targets) if buy else min(targets)
    return any((reference < note < farthest if buy else farthest < note < reference) and note not in targets
               for note in draft.field_notes)


def _price_unread(draft: Draft, data: bytes, reference: Decimal, *, profit: bool) -> bool:
    """Whether any price the message writes, that no level took, lies on the profit side of the entry (or on its losing
    side) within half the entry of it, written about as finely ("Buy @ 95.64, SL 95.09, Zork 97.27. Chris", "Zork: /
    1) 1910 / 2) 1925", "Zork :206,213,220"; "CMP 250-290 Zork 150 TGT 780"): the targets (or the stop) under a label
    the reader does not know, most likely."""
    width = reference * _STOP_FIELD_WIDTH
    low, high = (reference, reference + width) if (draft.side is Side.BUY) is profit else (reference - width, reference)
    return _unread_between(draft, data, low, high, _entry_digits(draft, reference))


def _unread_between(draft: Draft, data: bytes, low: Decimal, high: Decimal, written: int) -> bool:
    """Whether the message writes a price strictly between ``low`` and ``high`` that no level of any order took, with
    about ``written`` digits or more. (The market's quote after its own word, "CMP 1776.60", is none.)"""
    taken = {draft.entry, draft.stop_loss, *(draft.entry_range or ()), *draft.orders_prices,
             *(price for price, _ in draft.take_profits)}
    for raw, previous in _written_numbers(data):
        if previous == "quote":
            continue
        # ("206,213,220": a list joined by commas, each its own price)
        for written_price in (raw, *raw.split(b",")) if raw.count(b",") > 1 else (raw,):
            price = to_decimal(written_price) if _digits(written_price) >= written - 1 else None
            if price is not None and price not in taken and low < price < high:
                return True
    return False


def _written_numbers(text: bytes) -> Iterator[tuple[bytes, str]]:
    """Each number token ``text`` writes, with the kind of the token before it ("" for none)."""
    pos, previous = 0, ""
    while (span := spans.find(lexicon.TOKENS, text, pos))[0] >= 0:
        start, end = span
        pos = max(end, start + 1)  # (an empty match must not stall the scan)
        kind = lexicon.token_kind(text, start, end)
        if kind == "number":
            yield text[start:end], previous
        previous = kind


def _level_aside(draft: Draft, data: bytes, regex: re2._Regexp, reference: Decimal, *, above: bool,
                 width: Decimal) -> bool:
    """Whether ``regex`` finds a name and a price in ``data`` above (or below) ``reference``, within ``width`` of it,
    written about as finely as the entry ("Spread: 1.2" under an entry of 1.0850 is no price) and under no name of
    the market's quote."""
    written = _entry_digits(draft, reference)
    for name, raw in regex.findall(data):
        price = to_decimal(raw)
        if (price is not None and (price > reference if above else price < reference)
                and abs(price - reference) <= width and _digits(raw) >= written - 1 and not _a_quote(name)):
            return True
    return False


# a price under a field's name, the whole value (not "Time: 2025-12-05", a date's year)
_NAMED_PRICE = re2.compile(r"(?m)([^\d\n:]{3,48}):[ \t$]*(\d+(?: \d{3})*(?:[.,]\d+)?)[ \t$]*(?:$|[^\d/:.,-])")


def _digits(written: bytes) -> int:
    """How many digits a written price has past its leading zeros ("0.0350": 3, "151.200": 6)."""
    return sum(1 for byte in written.lstrip(b"0.,$ ") if 48 <= byte <= 57)


def _level_digits(level: Decimal) -> int:
    """How many digits a level read has, its trailing zeros dropped ("2350": 3, "0.0350": 2)."""
    return len(level.normalize().as_tuple().digits)


def _entry_digits(draft: Draft, reference: Decimal) -> int:
    """How finely the order's price is written: its entry as written, else ``reference`` (a zone's bound) as read."""
    return _digits(draft.entry_raw) if draft.entry is not None else _level_digits(reference)


def _a_quote(name: bytes) -> bool:
    """Whether a field's name says its price is the market's ("实时价格", "Current price"), not a level."""
    pos = 0
    while (span := spans.find(lexicon.TOKENS, name, pos))[0] >= 0:
        if lexicon.token_kind(name, *span) == "quote":
            return True
        pos = span[1] if span[1] > span[0] else span[0] + 1
    return False


def _written_reasons(draft: Draft, symbol: str, stop_loss: Decimal | None, targets: bool, data: bytes) -> list[str]:
    """Doubts about how the order is written: which market it is for, what the message leaves out (the coin's name
    or quote asset, the stop, the entry), a zone of one price."""
    reasons: list[str] = []
    if draft.symbol_rival:
        reasons.append("symbol_contested")
    if draft.entry_range is not None and draft.entry_range[0] == draft.entry_range[1]:
        reasons.append("wide_zone")  # "Gold Buy Now @ 4058-8": no zone spans one price; "4058.8" meant?
    if draft.symbol_kind == "ticker":
        reasons.append("guessed_symbol" if draft.symbol_guessed else "coin_name")
        if symbols.sats_guessed(symbol, draft.symbol or "", data):
            reasons.append("quote_guessed")  # "#ANTM BELI 1500-1520": whole prices, sats or a stock's rupiah?
    elif symbols.quote_guessed(draft.symbol_kind, draft.symbol or "", symbol, data) or symbols.coin_guessed(
            draft.symbol_kind, draft.symbol or "", data):
        reasons.append("quote_guessed")
    reasons += _stop_reasons(draft, stop_loss, targets, data)
    if targets and _note_among_targets(draft):
        reasons.append("level_unlabelled")
    if draft.order_type is not OrderType.MARKET and draft.entry is None and draft.entry_range is None:
        reasons.append("pending_without_price")  # "buy stop / Open 1970": the order's price went unread
    return reasons


def _gold_priced(draft: Draft, data: bytes) -> bool:
    """"SELL LIMIT @ 2408 / SL: 2413.50 / TP1 2406": a gold-only channel rarely names gold. A symbol-less order
    with a stop or target, every level inside gold's band and close together, in a message that says nothing of
    coins, is read as gold and held (``symbol_inferred``): a person confirms the channel's instrument."""
    if (draft.side is None or not draft.has_levels or spans.found(lexicon.COIN_CONTEXT, data)
            or spans.found(lexicon.INDIAN_MARKET, data)):  # ("buy infy at rs 1800": a share, in rupees)
        return False
    prices = [p for p in (draft.entry, draft.stop_loss, *(draft.entry_range or ()),
                          *(tp for tp, _ in draft.take_profits)) if p is not None]
    low, high = GOLD_BAND
    return (len(prices) >= 2 and all(low <= p <= high for p in prices)
            and max(prices) - min(prices) <= min(prices) * GOLD_SPREAD_MAX)


def _infer_gold(draft: Draft, data: bytes) -> bool:
    if not _gold_priced(draft, data):
        return False
    draft.symbol, draft.symbol_kind = "XAUUSD", "pair"
    draft.reasons.append("symbol_inferred")
    return True


def _levels_side(draft: Draft, *, spot: bool = False) -> Side | None:
    """The side the levels give: the stop under the entry (or none, in a spot market, which buys only) and every
    target above it, a buy; the stop above and every target under, a sell; else none (a zone counts at its middle)."""
    entry = draft.entry if draft.entry_range is None else (draft.entry_range[0] + draft.entry_range[1]) / 2
    if entry is None or not draft.take_profits:
        return None
    targets, stop = [tp for tp, _ in draft.take_profits], draft.stop_loss
    if (spot or (stop is not None and stop < entry)) and all(tp > entry for tp in targets):
        return Side.BUY
    if stop is not None and stop > entry and all(tp < entry for tp in targets):
        return Side.SELL
    return None


def _infer_side(draft: Draft, line_count: int, data: bytes) -> bool:
    """"#GALA/USDT / Entry1: 0.002116 / Targets: 0.00221 ... / Stop: 0.002032": a spot channel writes no side word.
    With no side word skipped, a labelled entry, every target on one side of it and the stop on the other give
    the side (a spot market, which buys only, needs no stop: "Market: SPOT / Entry Targets: ... / Take-Profit
    Targets: ..."); the parse is held (``side_inferred``): a person confirms the order."""
    if draft.skipped_side or not draft.labelled or not draft.take_profits:
        return False
    spot = draft.stop_loss is None and spans.found(_SPOT, data)  # (searched only for an order that may be one)
    if draft.stop_loss is None and not spot:
        return False
    side = _levels_side(draft, spot=spot)
    if side is None:
        return False
    draft.side = side
    draft.side_line = line_count  # no line holds the side
    draft.reasons.append("side_inferred")
    return True


_SPOT = re2.compile(r"(?i)\bspot\b")
# (a list's number may open it: lexicon.LIST_NUMBER)
_BARE_PRICE_LINE = re2.compile(rf"^[^\pL\pN]*(?:{lexicon.LIST_NUMBER}[^\pL\pN]*)?(\d+(?:[.,]\d+)?)[^\pL\pN]*$")


def _bare_target_lines(draft: Draft, stop_loss: Decimal | None, lines: list[bytes]) -> bool:
    """Whether the unlabelled prices are targets written one a line, with nothing else on it."""
    if stop_loss is None or draft.take_profits or len(draft.unlabelled) < 2 or draft.side is None:
        return False
    sign = 1 if draft.side is Side.BUY else -1
    entry = _entry_bound(draft, toward_targets=True)
    if entry is None:
        return False
    steps = [entry, *draft.unlabelled]
    if sign * (entry - stop_loss) <= 0 or not all(sign * (b - a) > 0 for a, b in zip(steps, steps[1:], strict=False)):
        return False
    bare = {to_decimal(found.group(1)) for line in lines if (found := spans.match(_BARE_PRICE_LINE, line))}
    return all(price in bare for price in draft.unlabelled)


def _entry_unread(draft: Draft, stop_loss: Decimal | None, data: bytes) -> bool:
    """Whether an order with a stop and targets and no entry writes a price between its stop and its first target that
    no level took: its entry (or zone), most likely, under a label the reader does not know."""
    if stop_loss is None or not draft.take_profits:
        return False
    low, high = sorted((stop_loss, draft.take_profits[0][0]))
    return _unread_between(draft, data, low, high, min(_level_digits(low), _level_digits(high)))  # ("85.95", "154")


def _early_entry(draft: Draft, stop_loss: Decimal | None) -> bool:
    """Whether a price dropped before any level lies between the order's stop and its first target: its entry."""
    if stop_loss is None or not draft.take_profits or not draft.early_prices:
        return False
    low, high = sorted((stop_loss, draft.take_profits[0][0]))
    return any(low < price < high for price in draft.early_prices)


def _unlabelled_prices(draft: Draft, stop_loss: Decimal | None, lines: list[bytes], data: bytes) -> Decimal | None:
    """Prices read with no label of their own: a zone's other bound, levels by position, or a doubt; returns the
    stop loss (a level by position may be it)."""
    if draft.entry is not None:
        # "XAUUSD SELL NOW: 4582 4586 / ID: 4-03": a number off the entry's scale is no price of the order
        draft.unlabelled = [value for value in draft.unlabelled if not off_scale(value, draft.entry)]
    bare = not draft.labelled and stop_loss is None and not draft.take_profits  # "GOLD BUY NOW 4565  4560", alone
    if ((draft.labelled or bare) and draft.entry is not None and draft.unlabelled == [draft.beside_entry]
            and abs(draft.unlabelled[0] - draft.entry)
            <= draft.entry * (ZONE_WIDTH_MAX if draft.zone_named else SPACED_ZONE_WIDTH_MAX)):
        # "XAUUSD SELL NOW: 4582 4586 / S/L: 4600 / T/P1: 4580": the stop and targets are labelled, so the one
        # close price beside the entry is the zone's other bound, not a level by position; so it is when no level
        # follows at all (the order is held for want of them)
        low, high = sorted((draft.entry, draft.unlabelled[0]))
        draft.entry_range, draft.entry = (low, high), None
    elif draft.labelled and _bare_target_lines(draft, stop_loss, lines):
        # "GOLD BUY 4272/4270 / 4275 / 4277 / 4280 / SL 4255": prices on lines of their own, past the entry on the
        # profit side and rising (falling for a sell), under an order with a stop and no target: its targets
        draft.take_profits = [(price, True) for price in draft.unlabelled]
    elif draft.labelled and draft.unlabelled:
        # "Gold Buy Now @4016 / S:4004 / Tp-4021", "BUY XAUUSD 2345=2350 / SL ...": a price under a label the parser
        # does not read, or beside the entry past a mark it does not know, that no level took: a stop or a zone's
        # bound left behind; no order goes out without a person's look
        draft.reasons.append("level_unlabelled")
    if draft.entry is None and draft.entry_range is None and (
            draft.field_price or _early_entry(draft, stop_loss) or _entry_unread(draft, stop_loss, data)):
        # "BUY XAUUSD / Last: 2350.50 / SL ...", "Long/Buy #PIXEL/USDT / Zork Point - 4685 / Targets: 4705 ... / Stop
        # Loss - 4490", "Long: RESOLV/USDT / Zork: 0.02890 - 0.03004 / TP ➊: 0.03150 ... / SL 0.0274": the order's
        # price stands under a field the parser does not read
        draft.reasons.append("level_unlabelled")
    if not draft.labelled and draft.entry is not None and 2 <= len(draft.unlabelled) <= 7:
        # "XAUUSD BUY 1413.0 1409.0 1435.0": entry, stop, targets by position, when the side agrees with all of them.
        first, *targets = draft.unlabelled
        sign = 1 if draft.side is Side.BUY else -1
        steps = [draft.entry, *targets]
        if sign * (draft.entry - first) > 0 and all(sign * (b - a) > 0 for a, b in zip(steps, steps[1:], strict=False)):
            stop_loss, draft.take_profits = first, [(tp, True) for tp in targets]
            draft.labelled = True
    return stop_loss


def _side_line_doubts(draft: Draft, side_line: bytes) -> None:
    if draft.symbol_titled and draft.symbol_at_line != draft.side_line:
        # "🔥 GOLD SNIPER VIP 🔥 / BUY 2350 | SL 2345": the market only in the channel's title: a person confirms
        draft.reasons.append("symbol_from_title")
    if draft.side_is_view or spans.found(wording.OPINION, side_line):
        draft.reasons.append("opinion_wording")


_MENTION = re2.compile(r"<[@#][!&]?\d+>")  # a Discord mention of a role, a user or a channel
# On a bare order's line, a contract's expiry date is one word ("24-SEP-2026", "EXPIRATION 9/4/2026"), a trigger's
# "price" or "level" no word of chatter ("Above price 60"), and a Discord ping ("@everyone") none at all
_ORDER_LINE_NOISE = re2.compile(r"(?i)(?:\b(?:expiration|expiry|exp)[ \t:]*)?"
                                r"(?:\b\d{1,2}[-/ ](?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[-/ ]"
                                r"(?:19|20)?\d\d\b|\b\d{1,2}/\d{1,2}/(?:19|20)?\d\d\b)"
                                r"|\b(above|below)[ \t]+(?:price|level)\b|(?:^|[ \t])@(?:everyone|here)\b")


def _up_to_premium(draft: Draft, side_line: bytes) -> bytes:
    """The order's part of its line: "BTO KWEB 06/18 32c @1.2, loading up more shorter term on these" is an option
    order to its premium; words after it (no number) are a remark on the order, not talk that holds a side word."""
    if (draft.symbol_kind != "option" or draft.entry is None or draft.entry_line != draft.side_line
            or not draft.entry_raw):
        return side_line
    after = max(0, side_line.find((draft.symbol or "").encode()[-4:]))
    for written in (draft.entry_raw, draft.entry_raw.lstrip(b"0")):  # ("@.64" is read as 0.64)
        at = side_line.find(written, after)
        if at >= 0:  # (a remark in words: "... from 18 to 150" after it is a result, read whole)
            rest = side_line[at + len(written):]
            if b"<" in rest:  # (a Discord mention's id is no number of the remark: "@0.11 <@&6979...> looking for")
                rest = _MENTION.sub(b"", rest)
            return side_line if any(byte in lexicon.DIGIT_BYTES for byte in rest) else side_line[:at + len(written)]
    return side_line


def _bare_order_talk(draft: Draft, side_line: bytes) -> bool:
    """Whether an order with no labelled level is talk: its line runs long, or holds words of chatter."""
    if draft.labelled or draft.side_from_field:  # ("... Pair: QTUMUSDT Side: BUY Price: 12.909": fields)
        return False
    order = _up_to_premium(draft, side_line)
    if spans.found(_ORDER_LINE_NOISE, order):  # ("... CE 24-SEP-2026 AT 5.7", "HAL 4500 PUT Above price 60")
        order = _ORDER_LINE_NOISE.sub(lambda found: found.group(1) or (b" " if b"@" in found.group() else b"expiry"),
                                      order)
    return spans.count(lexicon.WORDS, order) > WORDS_IN_BARE_ORDER_MAX or spans.found(lexicon.CHATTER, order)


def _prose_talk(draft: Draft, data: bytes, side_line: bytes) -> bool:
    """Whether the order is talk: Japanese sentences with no stop or no target. A labelled order line in prose, or
    Japanese sentences with both, is held (``prose_around_side``)."""
    japanese = b"\xe3" in data and spans.found(_JAPANESE_PROSE, data)
    if japanese and (draft.stop_loss is None or not draft.take_profits):
        return True
    if japanese or (draft.labelled and len(side_line.split()) > PROSE_WORDS_ON_ORDER_LINE_MAX
                    and _prose_words(side_line) > PROSE_WORDS_ON_ORDER_LINE_MAX):
        draft.reasons.append("prose_around_side")
    return False


def _finish(draft: Draft, data: bytes, lines: list[bytes], quotes: Mapping[str, Decimal]) -> ParsedSignal | NotASignal:
    if draft.side_inherited and (not draft.has_levels or draft.skipped_side):
        # "⭕Sell! ... / VIP MEMBERS GET / Forex, Gold, Oil signals": a name under the heading, no order
        draft.side = None
    if draft.symbol is None and not _infer_gold(draft, data):
        return NotASignal("no symbol")
    written_symbol = draft.symbol or ""
    if draft.side is None and not _infer_side(draft, len(lines), data):
        return NotASignal(SKIPPED_SIDE.get(draft.skipped_side, "no side (buy/sell)"))
    assert draft.side is not None
    if "conflicting_sides" in draft.reasons:
        # ("🐷Buy #LUNA/#USDT #SHORT / Entry 95.7 / TP 95.4, 95, 94 / SL 102": of two side words, the one the levels
        # agree with; the parse stays held)
        draft.side = _levels_side(draft) or draft.side
    side_line = lines[draft.side_line] if draft.side_line < len(lines) else b""
    if draft.skipped_side in ("conditional", "negated"):
        # "Long Trade Strategy (BTC/USDT) / Entry (Buy): / When the price closes above 115,500": the title's side
        # stands, the entry's is a condition; a person decides which the message means
        draft.reasons.append("side_word_skipped")
    _side_line_doubts(draft, side_line)
    if _bare_order_talk(draft, side_line) or _prose_talk(draft, data, side_line):
        return NotASignal("talk about a market, not an order")
    stop_loss = _stop_written(draft)
    stop_loss = _unlabelled_prices(draft, stop_loss, lines, data)
    reference = draft.entry
    if reference is None and draft.entry_range is not None:
        reference = (draft.entry_range[0] + draft.entry_range[1]) / 2
    if reference is None:
        levels = [tp for tp, _ in draft.take_profits] + ([draft.stop_loss] if draft.stop_loss is not None else [])
        reference = _median(levels)
    take_profits = _listed_targets(draft.take_profits, reference)
    if reference is not None and (any(_in_scale(tp, reference) for tp in take_profits)
                                  or all(_an_index(tp, reference) for tp in take_profits)):
        # "Tp-2@4290", "TP1 at 1.2435 is a RR1:6.8": a target's index read as a price, beside targets in scale;
        # "Tp 1 / TP 2 / Tp 3" under a gold order: labels whose prices were never written
        take_profits = [tp for tp in take_profits if not _an_index(tp, reference)]
    take_profits = _shorthand_targets(take_profits, draft, reference)
    prices = [p for p in (draft.entry, stop_loss, *(draft.entry_range or ()), *take_profits) if p is not None]
    symbol = symbols.normalize(draft.symbol_kind, written_symbol, data, prices, guessed=draft.symbol_guessed)
    half = len(take_profits) // 2
    if half >= 2 and take_profits[:half] == take_profits[half:]:
        take_profits = take_profits[:half]  # "TP1 … TP3 / … TP1 Hit ($4,438.39) … TP3": the list restated in a plan
    take_profits = take_profits[:20]
    entry = draft.entry
    if (entry is not None and draft.entry_implicit and not draft.labelled and stop_loss is None and not take_profits
            and _off_market(symbol, entry)):
        entry = None  # "Buy gold now 29", "做多 0.1ETH": a count or a quantity after the order, no price of it
    reasons = draft.reasons + _unread_order_price(draft, side_line, symbol, prices)
    if _entry_behind_word(draft, lines, stop_loss, bool(take_profits)):
        reasons.append("level_unlabelled")
    reasons += _written_reasons(draft, symbol, stop_loss, bool(take_profits), data)
    written = entry if entry is not None else (reference if draft.entry_range is not None else None)
    reasons += _level_doubts(symbol, draft.side, (written, draft.entry_range), stop_loss, take_profits, prices,
                             data, quotes)
    if any(decision.finer_than_stored(p) for p in prices) and spans.found(_NINE_DECIMALS, data):
        reasons.append("price_too_fine")  # "0.000012345", "8.142994999999999": no order carries it as written
    reasons = list(dict.fromkeys(reasons))  # (a doubt found by two checks counts once)
    try:
        return ParsedSignal(
            symbol=symbol, side=draft.side, order_type=draft.order_type, entry=entry,
            entry_range=draft.entry_range, stop_loss=stop_loss, take_profits=tuple(take_profits),
            confidence=assess.confidence(reasons), reasons=tuple(reasons),
        )
    except ValidationError as exc:  # defensive: the reader only produces valid values
        return NotASignal(f"unusable {exc.field}: {exc.reason}")


def _entry_behind_word(draft: Draft, lines: list[bytes], stop_loss: Decimal | None, targets: bool) -> bool:
    """Whether the order's price, read after its side with no entry label, follows a word the reader does not know
    while the order has targets and no stop: "BUY GOLD NOW Protect 2330 TP 2360" names its stop with a word not read,
    and the price taken for the entry is most likely the stop. An order with a stop of its own is read as before."""
    if (not draft.entry_implicit or draft.entry is None or stop_loss is not None or draft.stop_labelled
            or not targets or not 0 <= draft.entry_line < len(lines)):
        return False
    return behind_unknown_word(lines[draft.entry_line], draft.entry_raw)


def _unread_order_price(draft: Draft, side_line: bytes, symbol: str, levels: list[Decimal]) -> list[str]:
    """"2350 XAUUSD BUY / SL ... TP ...": an order with no entry whose own line holds a price where ``symbol`` trades
    that no level took: its price, unread; no order goes out without a person's look."""
    unread = draft.entry is None and draft.entry_range is None and _price_left_on_line(side_line, symbol, levels)
    return ["level_unlabelled"] if unread else []


def _price_left_on_line(line: bytes, symbol: str, levels: list[Decimal]) -> bool:
    """Whether ``line`` holds a price where ``symbol`` trades that no level took."""
    band = assess.typical_band(symbol)
    if band is None:
        return False
    return any((value := to_decimal(raw)) is not None and band[0] <= float(value) <= band[1] and value not in levels
               for raw, _ in _written_numbers(line))


def _off_market(symbol: str, price: Decimal) -> bool:
    """Whether the table of typical prices says ``price`` is far from where ``symbol`` trades."""
    band = assess.typical_band(symbol)
    return band is not None and not band[0] <= float(price) <= band[1]


def _levels_set_below(lines: list[bytes], instructed: list[int], drafts: list[Draft]) -> bool:
    """"#EURUSD BUY NOW 1.16367 / Set SL 15 Pips": every instruction (``instructed``: their lines) sets a level of the
    orders written above it; they may be a new signal's (or an open trade's, changed): held for a person, never
    refused nor traded as they stand."""
    return bool(instructed) and all(spans.found(screening.SETS_LEVEL, lines[number]) for number in instructed) and all(
        draft.side_line < instructed[0] for draft in drafts if draft.side is not None)


def _plan_at_targets(lines: list[bytes], instructed: list[int], signals: list[ParsedSignal]) -> bool:
    """"#SOLUSDT Short / SL 150 / 1) 137.5 (close 50%) / 2) 132.5 (move SL to BE)": every instruction is written
    after one of the signal's targets on its line, the plan for when it is reached; held for a person, never refused
    nor traded as it stands. (Not "New TP: 1.88924", a target being moved.)"""
    targets = {target for signal in signals for target in signal.take_profits}
    return bool(instructed) and bool(targets) and all(_after_a_target(lines[number], targets) for number in instructed)


def _after_a_target(line: bytes, targets: set[Decimal]) -> bool:
    """Whether ``line`` holds one of ``targets`` with no instruction before it."""
    for found in _PRICE_RUN.finditer(line):
        if to_decimal(found.group()) in targets:  # (as the reader reads it: "64,000", "0,592", "2,345.5")
            return not spans.found(screening.INSTRUCTION_MARKERS, line[:found.start()])
    return False


def _ordered_after_instruction(lines: list[bytes], instructed: list[int], results: list[ParsedSignal | NotASignal],
                               drafts: list[Draft]) -> list[ParsedSignal]:
    """"Close gold sell / Gold buy now": the orders whose side stands on a line after the last instruction about an
    open trade (``instructed``: the instructions' lines; a reversal's new leg); each is held for a person, the
    instruction left to the trade's manager."""
    if not instructed:
        return []
    last = instructed[-1]
    after = b"\n".join(lines[last + 1:]).lower()
    later: list[ParsedSignal] = []
    for result, draft in zip(results, drafts, strict=True):
        # the symbol written again after the instruction too: "EURUSD close half / Buy GBPUSD" is no EURUSD order
        named = draft.symbol is not None and draft.symbol.lower().encode() in after
        # (a side only inferred, "Close / SPY 01/20 684C @.75 (All out)", orders nothing new)
        if (isinstance(result, ParsedSignal) and draft.side_line > last and named and result not in later
                and "side_inferred" not in result.reasons):
            later.append(result)
    return later


# Doubts about the wording around an order: they hold every order the message gives on that symbol.
_WORDING_DOUBTS = ("side_word_skipped", "opinion_wording", "prose_around_side")
# How far apart two orders' prices may be and still be one market's, when only one of them names it: orders a
# message gives on one market sit close together ("1. BUY STOP 2350 ... 2. SELL STOP 2330 ... XAUUSD"); "SELL 0.6320
# ... / EURUSD BUY 1.0850 ..." is an order on another pair, and EURUSD is not its market
_SHARED_SCALE = Decimal("1.25")
_LEG_SCALE = Decimal(3)
_CARRIED_SCALE = Decimal("1.1")  # a straddle's two sides lie close: "BUY STOP 2355 / SELL STOP 2335"


def _shared_doubts(signals: list[ParsedSignal]) -> list[ParsedSignal]:
    """"Bullish scenario: Target $95,500 ... Entry Long $95,300 ... Stop loss Long $94,800": an analysis read as
    several legs of one symbol; a doubt about its wording on one leg holds the others, whose own lines may read
    like plain orders."""
    doubted: dict[str, list[str]] = {}
    for signal in signals:
        doubted.setdefault(signal.symbol, []).extend(r for r in signal.reasons if r in _WORDING_DOUBTS)
    if not any(doubted.values()):
        return signals
    shared = []
    for signal in signals:
        missing = [r for r in dict.fromkeys(doubted[signal.symbol]) if r not in signal.reasons]
        if missing:
            reasons = (*signal.reasons, *missing)
            signal = dataclasses.replace(signal, reasons=reasons, confidence=assess.confidence(reasons))
        shared.append(signal)
    return shared


def _bare_restatement(signal: ParsedSignal, signals: list[ParsedSignal]) -> bool:
    """"Buy #LRC/BTC / Buy Price: ... / #BTC_LRC | LONG": the order's symbol and side said again with no level
    adds no order; nor does it with targets only, all of them another order's that has its entry or stop ("Buy
    Crude Oil @ 6250 ... for the Targets of 6700 - 7000, with SL @ 5990 / ... buy ... Targets of 6700 - 7000")."""
    if signal.entry is not None or signal.entry_range is not None or signal.stop_loss is not None:
        return False
    return any(other is not signal and (other.symbol, other.side) == (signal.symbol, signal.side)
               and (not signal.take_profits or (set(signal.take_profits) <= set(other.take_profits) and (
                   other.entry is not None or other.entry_range is not None or other.stop_loss is not None)))
               for other in signals)


def share_leg_levels(drafts: list[Draft]) -> None:
    """Legs of one signal ("Buy1 @ 0.98020 Tp @ 0.98200 / Buy 2 @ 0.97700 ... / SL @ 0.97000") each become a signal;
    a stop loss or targets written once apply to every leg that has none of its own, and the legs share the symbol
    (written once, possibly after the first leg). Then restated orders are dropped and a lone symbol is shared."""
    groups: list[list[Draft]] = []
    for draft in drafts:
        if draft.leg and groups:
            groups[-1].append(draft)
        else:
            groups.append([draft])
    for legs in groups:
        if len(legs) > 1:
            _share_within(legs)
    if len(drafts) > 1:  # (most messages: one draft, nothing to share)
        drafts[:] = [d for i, d in enumerate(drafts) if not (d.leg and _restates(d, drafts[:i]))]
        drafts[:] = [d for i, d in enumerate(drafts) if not (i and _completes(drafts[i - 1], d))]
        drafts[:] = [d for i, d in enumerate(drafts)
                     if not (i and (_prices(drafts[i - 1], d) or _levels_for(drafts[i - 1], d)))]
    _share_symbol(drafts)


def _completes(order: Draft, levels: Draft) -> bool:
    """"XAUUSD SELL / ENTRY 4196-4201 / TP 4194 / 👉GOLD SNIPERS VIP / SL 4203": the market named again in a footer
    opened a draft with no side and no entry; the levels under it that the order above lacks are that order's.
    Another market named so ("NAS100 SELL / ENTRY @30764 / TP1 ... / Our XAUUSD Channel 👉 / SL: 30953") gives them
    too, on the order's scale, and a person confirms (`symbol_contested`): before, the order traded without its stop.
    Fills them in and returns True (the draft is then dropped); False leaves both as they are."""
    if (levels.side is not None or order.side is None or levels.entry is not None or levels.entry_range is not None
            or levels.symbol is None or order.symbol is None or not _one_market(order, levels, same=False)):
        return False
    stop = levels.stop_loss is not None and order.stop_loss is None and not order.stop_loss_void
    targets = bool(levels.take_profits) and not order.take_profits
    if not (stop or targets) or (levels.stop_loss is not None and not stop) or (levels.take_profits and not targets):
        return False  # a level the order already has: another setup's, not this one's
    if stop:
        order.stop_loss, order.stop_labelled = levels.stop_loss, True
    if targets:
        order.take_profits = levels.take_profits
    if not symbols.same_market(levels.symbol_kind, levels.symbol or "", order.symbol_kind, order.symbol or ""):
        order.symbol_rival = levels.symbol or ""
    return True


def _prices(order: Draft, priced: Draft) -> bool:
    """"GOLD SELL SETUP / SL : 4191 / TP1 : 4176 / Gold Sell Zone 4181 - 4186": the order's price written after its
    levels, on a line that names the market or the side again, opened a draft with a price and no level; the price
    is the order's. Fills it in and returns True (the draft is then dropped); False leaves both as they are."""
    if (order.side is None or order.entry is not None or order.entry_range is not None or not order.has_levels
            or (priced.entry is None and priced.entry_range is None) or priced.has_levels or priced.unlabelled
            or priced.side not in (None, order.side) or priced.entry_prose
            or (priced.side is None and not priced.entry_labelled) or not _one_market(priced, order)):
        return False
    order.entry, order.entry_range, order.entry_labelled = priced.entry, priced.entry_range, True
    if priced.order_type is not OrderType.MARKET:
        order.order_type = priced.order_type
    return True


def _levels_for(priced: Draft, order: Draft) -> bool:
    """"#EURUSD: Long Trade Explained / Entry - 1.1662 / Buy EURUSD / Stop - 1.1654 / Take - 1.1677": a price read
    under a title that named the market and the side, then the order line naming them again with the levels and no
    price of its own: one order. Moves the levels to the priced draft and returns True (the later one is dropped)."""
    if (priced.side is None or priced.has_levels or priced.unlabelled
            or (priced.entry is None and priced.entry_range is None)
            or order.entry is not None or order.entry_range is not None or not order.has_levels
            or order.side is not priced.side or order.symbol is None or priced.symbol is None
            or not _one_market(priced, order)):
        return False
    priced.stop_loss, priced.stop_loss_void, priced.stop_labelled = order.stop_loss, order.stop_loss_void, True
    priced.take_profits, priced.labelled = order.take_profits, True
    return True


def _one_market(first: Draft, second: Draft, *, same: bool = True) -> bool:
    """Whether two drafts may be one order's parts: their prices on one scale, and (``same``) the same market where
    both name one."""
    return not off_scale(first.reference_price or Decimal(0), second.reference_price or Decimal(0)) and (
        not same or first.symbol is None or second.symbol is None
        or symbols.same_market(first.symbol_kind, first.symbol, second.symbol_kind, second.symbol))


def _share_within(legs: list[Draft]) -> None:
    stops = [leg for leg in legs if leg.stop_loss is not None or leg.stop_loss_void]
    targets = [leg for leg in legs if leg.take_profits]
    named = [leg for leg in legs if leg.symbol is not None and not leg.symbol_weak] or legs
    for position, leg in enumerate(legs):
        if stops and leg.stop_loss is None and not leg.stop_loss_void:
            leg.stop_loss, leg.stop_loss_void, leg.labelled = stops[-1].stop_loss, stops[-1].stop_loss_void, True
        if targets and not leg.take_profits:  # the targets written after this leg, else the last ones before it
            later = [t for t in targets if legs.index(t) > position] or targets[-1:]
            leg.take_profits, leg.labelled = list(later[0].take_profits), True
        if leg.symbol is None or leg.symbol_weak:
            leg.symbol, leg.symbol_kind = named[0].symbol, named[0].symbol_kind


def _restates(leg: Draft, before: list[Draft]) -> bool:
    """"Entry Type: SELL STOP @0.78265 / Direction: SHORT @0.78265": the same order said twice is one signal; a
    leg with no price of its own ("More buy") adds nothing."""
    if leg.entry is None and leg.entry_range is None:
        return True
    return any((other.entry, other.entry_range) == (leg.entry, leg.entry_range) for other in before)


def _complete(signal: ParsedSignal) -> bool:
    return (signal.entry is not None or signal.entry_range is not None) and signal.stop_loss is not None \
        and bool(signal.take_profits)


def _share_symbol(drafts: list[Draft]) -> None:
    """"1. BUY STOP ... 2. SELL STOP ... XAUUSD": the signals of a message that names one symbol share it."""
    if all(d.symbol for d in drafts):
        return
    named = [d for d in drafts if d.symbol]
    if len({symbols.normalize(d.symbol_kind, d.symbol or "", b"") for d in named}) == 1:
        for draft in drafts:
            # (a guessed name stays a guess: "SELLING MOST, leaving runners"); not across scales: "BUY ABOVE 130 /
            # SL 110" is no order on the BTCUSDC at 50,000 that a later signal names
            if draft.symbol is None and _same_scale(draft, named[0]):
                draft.symbol, draft.symbol_kind = named[0].symbol, named[0].symbol_kind
                draft.symbol_guessed = named[0].symbol_guessed
                if (draft.side is not None and named[0].side is not None and draft.side is not named[0].side) or (
                        named[0].reference_price is None and draft.reference_price is not None):
                    # "Buy @ 4030-4028 / TP ... // ALERT: Short $SPX": the market named beside the other side's
                    # order may be that order's alone; so may a market named with no price at all ("Sell zone
                    # 5054-5059 ... // 📉 卖出 BTC/USDT - 止盈": a result's line); a person confirms
                    draft.reasons.append("symbol_shared")


def _same_scale(draft: Draft, named: Draft) -> bool:
    """Whether two drafts' prices are of one market's size (or either has none to compare)."""
    return _scaled_alike(draft.reference_price, named.reference_price)


def _scaled_alike(mine: Decimal | None, theirs: Decimal | None, scale: Decimal = _SHARED_SCALE) -> bool:
    return mine is None or theirs is None or theirs / scale <= mine <= theirs * scale


def _drop_carried_symbols(drafts: list[Draft]) -> None:
    """A symbol carried over from the signal before ("BUY GOLD ... / SELL 2340 ...": a straddle names it once) is
    no symbol for prices of another size ("LBLOCK/USD ... $0.0030 // Bán (Short) ... 10500 USDT")."""
    for draft in drafts:
        # (a leg's entries may ladder far apart, "Entry 1: 0.50 / Entry 2: 0.40": only a price of another size
        # altogether, "ABOVE :- 56 // BUY LIMIT 4791-4790", is no leg of the first order)
        scale = _LEG_SCALE if draft.leg else _CARRIED_SCALE
        if draft.symbol_weak and draft.carried_price is not None \
                and not _scaled_alike(draft.reference_price, draft.carried_price, scale):
            draft.symbol = None
            draft.symbol_weak = False


# One search for most messages, which hold no report, instruction, denial or note about the whole message.
# Searched once over every message, whole: on long ones (articles, reports) the default 8 MB DFA cache keeps being
# discarded and refilled; with the tokenizer's 32 MB it is not (67 us a message of the tuned split at 8 MB, 23 us at
# 32 MB, 2 December 2026; short messages take 1 us either way)
_ANY_NOTE = re2.compile(f"(?:{screening.ANY_VERDICT.pattern})|(?:{wording.MESSAGE_NOTES.pattern})",
                        lexicon.LARGE_PROGRAM_OPTIONS)


def _share_orders_prices(drafts: list[Draft]) -> None:
    """Tell each order the prices of the message's other orders (legs): none of them is a level it left unread."""
    if len(drafts) > 1:
        prices = frozenset(p for d in drafts for p in (d.entry, d.stop_loss, *(d.entry_range or ())) if p is not None)
        for draft in drafts:
            draft.orders_prices = prices


def parse_all(data: bytes, quotes: Mapping[str, Decimal] | None = None) -> list[ParsedSignal] | NotASignal:
    """Every signal in ``data`` (UTF-8), in order; NotASignal with the first reason when there is none."""
    noted = spans.found(_ANY_NOTE, data)
    reason = screening.screen(data) if noted else None
    if reason is not None and reason not in (screening.INSTRUCTION, screening.EARLIER_RESULT):
        return NotASignal(reason)
    drafts = Reader(data).read()
    share_leg_levels(drafts)
    _drop_carried_symbols(drafts)
    if reason is not None:
        for draft in drafts:
            draft.reasons.append("earlier_result" if reason == screening.EARLIER_RESULT else "management_wording")
    if noted and spans.found(wording.MESSAGE_NOTES, data):
        for note, name in ((wording.WAIT_FOR_CONFIRMATION, "entry_conditional"), (wording.RETRACTED, "retracted"),
                           (wording.NOT_LIVE, "not_live")):
            if spans.found(note, data):
                # "SELL GOLD 2370 ... / ⚠️ Wait for confirmation before entering", "Wrong signal, please ignore":
                # a note about the whole message holds every order in it
                for draft in drafts:
                    draft.reasons.append(name)
    lines = data.split(b"\n")
    _share_orders_prices(drafts)
    results = [_finish(draft, data, lines, quotes or {}) for draft in drafts]
    signals: list[ParsedSignal] = []
    for result in results:
        # "New Signal #900 ... / صفقة حديثة #900 ...": the same order restated (in another language) is one order
        if isinstance(result, ParsedSignal) and result not in signals:
            signals.append(result)
    # (under an earlier trade's result, an order with a level of its own is a new one: held, earlier_result)
    if reason is not None and not (signals and all(
            _complete(s) or (reason == screening.EARLIER_RESULT and (s.stop_loss is not None or s.take_profits))
            for s in signals)):
        instructed = screening.instruction_lines(data)  # (empty when a line reports a result)
        if reason == screening.INSTRUCTION and signals and (_levels_set_below(lines, instructed, drafts)
                                                           or _plan_at_targets(lines, instructed, signals)):
            return signals  # held: each carries management_wording
        later = _ordered_after_instruction(lines, instructed, results, drafts)
        if later:
            return later  # held: each carries management_wording
        # "XAUUSD BUY / Change entry to 3129 / And SL to 3119": an instruction about a trade already open. Only
        # a complete setup (entry, stop, targets) with such wording in it ("Set stop loss to break even at 81.50",
        # "use partial entries") may be a new signal's plan; it is held for a person, never traded as it stands.
        return NotASignal(reason)
    if signals:
        return _shared_doubts([s for s in signals if not _bare_restatement(s, signals)])
    first = next((r for r, d in zip(results, drafts, strict=True) if d.symbol or d.side), results[0])
    assert isinstance(first, NotASignal)
    return first
