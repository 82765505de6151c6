"""The built-in parser's reading pass: walks the RE2 token stream once and fills drafts (see builtin.py)."""

from __future__ import annotations

from decimal import Decimal

import re2

from shared.domain.signal import OrderType, Side
from shared.parsing import lexicon, spans
from shared.parsing.draft import Draft, Slot
from shared.parsing.levels import RANGE_GAPS, SYMBOL_KINDS, ZONE_WIDTH_MAX, off_scale, range_gap
from shared.parsing.numbers import CYRILLIC_KILO, kilo_digits, thousands_raw, to_decimal
from shared.parsing.sides import PRICE_LINE, SideReading

NOISE_KINDS = frozenset({"multiple", "shortcode", "url", "skip_term", "percent", "leverage", "date", "clock", "keycap",
                         "duration", "volume", "mention",
                         "timeframe", "hashnum", "ordinal", "count", "enumerator", "noise"})
# A note about the entry's time after its label ("Entry valid 2 hours"), no price of the entry's
_ENTRY_NOTE_NEXT = re2.compile(r"(?i)[ \t:]*(?:valid|until|expires?|within|time|closes?)\b")
# "Stop Loss 1: 2,662", "Stop Loss 1: 1.33100": the label's index, then its price (no ratio 1:2.5 after a level label)
_INDEX_THEN_THOUSANDS = re2.compile(rb"^1[ \t]?:[ \t]?(\d{1,2},\d{3}|\d{1,2}\.\d{3,})$")
_INDEX_THEN_PRICE = re2.compile(rb"^1[ \t]?:([ \t]?)(\d+(?:[.,]\d+)?)$")
_LABEL_OWN_WORDS = frozenset({"sl", "stop_order", "weak_entry", "ignore", "entry"})
_LABEL_AFTER = re2.compile(r"[ \t]*[:=]")
_NUMBERED_LABEL = re2.compile(r"(?i)^-(?:targets?|tps?|take[ \t]*profits?)$")
_TO_SLOTS = frozenset({Slot.NONE, Slot.ENTRY, Slot.IGNORE})  # (not a stop's or a target's label: "TP1: 4190")
_TO_FIELD = re2.compile(rb"(?i)\bto\.?[ \t]*:[ \t]*$")
_REREAD_KINDS = frozenset({"hashnum", "multiple", "crypto_pair", "enumerator", "take_price", "duration", "pips"})
# "4320 Second entry: 4315", "@ 4099 SECOND SELL LIMIT @ 4109": an ordinal opening the next leg, no "4320 seconds"
_LEG_AFTER_ORDINAL = re2.compile(r"(?i)[ \t]+(?:entry|entries|buy|sell|long|short|limit|order|price)\b")
_LABELLED_PRICE = re2.compile(rb"[ \t]*[:=@-]?[ \t]*\$?\d+(?:[.,]\d+)?")  # "Entry: 95000" (the price right after it)
# "RR 1:3" after "80.82 RR", ":R 1:3" after "80.82 R"
_RATIO_NEXT = re2.compile(r"(?i)(?:[:/][ \t]*r\b)?[ \t]*[:=]?[ \t]*\d+(?:[.,]\d+)?[ \t]*[:/\-–][ \t]*\d")
# "Entry: 2345", "الدخول الثاني 2345", "Second: 2345": a label's price, or an ordinal then the price
_ORDINAL_THEN_PRICE = re2.compile(r"(?i)[ \t:=：-]*(?:second|2nd|third|3rd|الثاني|الثالث|دوم|سوم|второй|третий"
                                  r"|第二|第三|kedua|ketiga|segund[oa]|tercer[oa])?[ \t:=：-]*\$?\d")
_AT_JOINTS = frozenset({b"/", b"-", b"&", b"|", "–".encode()})
AVERAGING = ("Усреднени".encode(), "усреднени".encode(), "УСРЕДНЕНИ".encode())
_LOSS_NEXT = re2.compile(r"(?i)[ \t-]*(?:loss|lose)\b")  # "Gold buy stop loss 2650": a market buy and its stop
# (the name's length is checked after the match: "[\pL\pN \t]{0,30}" compiles to 41,000 RE2 instructions, whose
# DFA runs out of memory on every search and logs so to stderr)
_FIELD_NEXT = re2.compile(r"[ \t]*\pL[\pL\pN \t]*:")
_FIELD_NAME_MAX = 31  # characters
_INDEX_MARK = re2.compile(r"[ \t]*(?:[:=)]|：|）)")
# "OTHER LIMIT 4235", "LIMIT TRADE   2604", "other limit - 1858.50", "B (limit): 29.10": a limit leg's price after
# its word
_LIMIT_PRICE_NEXT = re2.compile(r"[ \t]*(?:(?i:trade|order|entry|price)[ \t:]*)?\)?(?:@|(?i:at)\b|[-–:])?[ \t]*\$?\d")
# ("price action is remaining supported above ... at ¥100.00": a phrase of prose, colon or not; its "at" gave the entry)
_OTHER_PRICE_FIELD = re2.compile(r"(?i)price[ \t]+(?:(?:impact|change|alert)[ \t]*:"
                                 r"|(?:action|movement|move|trend|history)\b)")
# a comma before one, two, four or more digits, in a price (not a share or a multiple: "2,5%", "1,5x")
# ("0,963": no thousands group starts with a zero)
# (a sentence's comma or full stop may follow: "Buy @ 95,64, SL 95,09, TARGET 97,27.")
_DECIMAL_COMMA = re2.compile(r"(?:^|[^\d,.])(?:\d{1,5},(?:\d{1,2}|\d{4,})|0,\d+)(?:[^\d,.%xX]|[,.](?:[ \t\n]|$)|$)")
_THOUSANDS_POINT = re2.compile(r"\d,\d{3}\.\d|\d,\d{3},\d{3}")
_THOUSANDS = re2.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_ZONE_WORDS = (b"zone", b"zn", b"range")  # an entry named so spans two prices, spaced or joined
_SIDE_AS_BASE = re2.compile(r"(?i)^(?:long|short|buy|sell)[ \t]*/")
_COIN_BEFORE = re2.compile(r"(?-i:\b([A-Z][A-Z0-9]{1,9}))[ \t]+$")
_TURKISH_SIDES = (b"AL", b"SAT")
# "#limit", "📍 #limit", "LIMIT ORDER": a line of its own (among marks) saying the order is a limit
# the rest of a line holding only marks and hashtags ("#limit #btc")
_TAGS_ONLY = re2.compile(r"^(?:[^\pL\pN#\n]|#[\pL\pN_]+)*$")
# ("Cross, limit", "Кросс, лимит": after the margin's mode)
_LIMIT_LINE = re2.compile(r"(?i)^[^\pL\pN\n]*(?:(?:cross|isolated|кросс|изол\pL*)[ \t]*[,/|-]?[ \t]*)?"
                          r"(?:limit|лимит\pL*)(?:[ \t]+(?:orders?|entry|ордер))?[^\pL\pN\n]*$")
# ("before hitting full target (104340)", "once we reach the first target": a target named in a sentence)
_TARGET_REFERENCE = re2.compile(r"(?i)\b(?:after|once|when|until|till|before|reaching|reaches|reach|hits?|hitting)"
                                r"(?:[ \t]+(?:the|our|my|full|final|first|second|next|main))*$")
# words a line naming the order's own type may hold ("Limit order for gold", "Place a limit order")
_ORDER_WORDS = frozenset((b"order", b"orders", b"for", b"type", b"trade", b"entry", b"price", b"pending", b"the", b"an",
                          b"at", b"on", b"place", b"set", b"use", b"with", b"only", b"this", b"our"))
_SHARE_BEFORE = re2.compile(r"\d[ \t]*\(?[ \t]*(?:%[ \t]?\d{1,3}|\d{1,3}[ \t]?%)[ \t]*$")  # "0.005808 (%1 " (a share)
_ENTRY_LABEL_NEXT = re2.compile(r"(?i)[ \t]+(?:entry|entrada|вход)\b")  # ("limit entry: 0.06093": another leg's label)
# ("Order: limit", "Order type: limit order", "Type - Limit", "Тип ордера: Лимитный ордер" on a line of their own)
_LIMIT_FIELD_LINE = re2.compile(r"(?i)^[^\pL\pN\n]*(?:order|type|order[ \t]+type|тип(?:[ \t]+ордера)?|ордер)"
                                r"[ \t]*[:=-][ \t]*(?:limit|лимитн?\pL*)(?:[ \t]+(?:order|ордер))?[ \t.*#]*$")
_SIDE_AFTER_SLASH = re2.compile(r"(?i)[ \t]*/[ \t]*(?:buy|sell|long|short)\b")
_SIDE_BEFORE_SLASH = re2.compile(r"(?i)\b(buy|sell|long|short)(?:[ \t]+(?:limit|stop))?[ \t]*/[ \t]*$")
_NUMBER_RUN = re2.compile(r"\d+(?:[.,]\d+)*")
_INDEXED_PRICE = re2.compile(r"(?:[ \t]*([:=)）]|→|->|-)[ \t]*|[ \t]+)\$?(\d+(?:[.,]\d+)*)")
# a thousands group after a space (then no digit), its decimals after a point or a comma ("65 432,5", Russian)
_GROUP_AFTER = re2.compile(r" \d{3}(?:[.,]\d{1,8})?")
_SPACED_DIGIT = re2.compile(r" \d")
_PRICE_AFTER_MARK = re2.compile(r"[ \t]*\$?(\d+(?:\.\d+)?)(?:[^\d.,]|$)")
_DIGIT_OR_POINT = frozenset(bytes([byte]) for byte in b"0123456789.,")
_LEVEL_SLOTS = frozenset({Slot.ENTRY, Slot.SL, Slot.TP})
_OUT_OF_TEN = re2.compile(r"^\d{1,3}[ \t]?/[ \t]?10{1,2}$")  # ("85/100", "8/10": a score, unless a list's)
_VALUE_FIELD = re2.compile(r"(?i)^[^\pL\pN]*(?:price|level|value)[ \t]*:?$")
_PLAN_PRICE_NEAR = Decimal("0.2")  # a plan's price lies within 20% of the order's ("Trailing SL 2345" under 2350)
_FRAMED_PRICES = re2.compile(r"^[ \t]*\$?\d[\d.,$ \t~/–—-]*🎯[ \t]*$")  # "4470-- 4471🎯": prices, the frame's end
_TARGET_LABEL_LINE = re2.compile(r"(?im)^[^\pL\pN\n]*(?:tp|target|take[ \t-]*profit)[ \t]*\d{0,2}[ \t]*[:=@-]?"
                                r"[ \t]*\$?\d")
_DOTTED_THOUSANDS = re2.compile(r"^\d{1,3}(?:\.\d{3})+$")
_EUROPEAN_CENTS = re2.compile(r",\d{1,2}")


_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_TICKS = ("✅".encode(), "✔".encode(), "☑".encode())
# Kinds that label a level: read as the label when the tokenizer took one for an option's underlying
_LEVEL_LABELS = frozenset({"sl", "tp", "tp_phrase", "tp_indexed", "entry", "prose_entry", "limit"})

class Reader(SideReading):
    """Walks the token stream once, filling drafts."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.drafts: list[Draft] = []
        self._start(Draft())
        self.slot = Slot.NONE
        self.after_ignore = Slot.NONE  # the slot a line's ignored words give way to at the line's end
        self.pending = False  # the open slot's label has not received a value yet
        self.implicit = False  # the entry slot was opened by the side word, not by an entry label
        self.implicit_line = -1
        self.tp_line, self.tp_line_count = -1, 0  # targets read on the current line, in case "pips" follows
        self.tp_index: Decimal | None = None  # "TP 12": an index or a value, decided by what follows
        self.tp_label_line = -1  # the line of the last target label
        self.tp_written = 0  # the index the last target label wrote ("TP2", "Target 2:"); 0 when none
        self.line = 0
        self.line_start = 0
        self.symbol_line = -1
        self.symbol_token = -1
        self.pre_entry: tuple[bytes, int] | None = None  # "Usdchf 0.9921 sell now": a price before the side
        self.pre_zone: bytes | None = None  # the zone's second price, when two were written before the side
        self.last_number: tuple[bytes, int, Slot] = (b"", -1, Slot.NONE)
        # A coin name waiting to see whether a symbol token starts there: (name, start, weak). A weak one ("Buy FET",
        # a capitalised word after the side) gives way to any real symbol read before the levels.
        self.ticker: tuple[bytes, int, bool] | None = None
        self.ticker_line = -1
        self.line_symbol: tuple[str, str, int] | None = None
        self.symbol_alone_line = -1
        self.field_symbol_at = -1  # where a symbol written as a field ("Pair: GBPJPY") starts
        self.title_words: bool | None = None
        self.prose = False  # the entry slot was opened by a word of prose ("between"), not a label
        self.label_end = 0  # where the last level label ended: "Stop: at your discretion" has words, no price
        self.entry_raw, self.entry_repeated = b"", False  # the last entry label, and whether it repeated the one before
        self.index = 0  # the token being read
        # Whether "1,062" is 1.062: decided when a comma first stands before three digits (_comma_is_decimal)
        self.decimal_comma: bool | None = None
        # (line, token) of the last entry label and the last "limit": "Entry limit: 2.80" after "Entry market: 2.61"
        self.entry_word: tuple[int, int] = (-1, -1)
        self.limit_word: tuple[int, int] = (-1, -1)
        self.side_word: tuple[int, int] = (-1, -1)  # (line, token) of the last side word read as an order's

    def read(self) -> list[Draft]:
        data, pos, scanned, index, prev_end = self.data, 0, 0, 0, 0
        prev_kind = ""
        # (module lookups bound once, and a plain price's kind read here: the loop runs once per token)
        find, token_kind, glued = spans.finder(lexicon.TOKENS), lexicon.token_kind, lexicon.glued_to_word
        while True:
            start, end = find(data, pos)
            if start < 0:
                break
            raw = data[start:end]
            if raw[:1].isdigit() and raw.translate(None, b"0123456789") in (b"", b".", b","):
                kind = "number"  # (token_kind's own first step)
            else:
                kind = token_kind(data, start, end)
                if data[end - 1] >= 0x80 and glued(data, end):
                    kind = "inside"
                elif ((data[end:end + 1] >= b"\x80" or (start and data[start - 1] >= 0x80))  # (most tokens: no call)
                      and lexicon.inside_latin_word(data, start, end)):
                    kind = "inside"  # "réalisés" holds no "alis" (Turkish: buy), "celý" no "cel" (Polish: target)
                if kind in _REREAD_KINDS:
                    kind, raw, end = self._read_again(kind, raw, start, end)
            newlines = data.count(b"\n", scanned, start)
            if newlines:
                self._end_of_label_line(start)
                self.line += newlines
                self.line_start = data.rfind(b"\n", 0, start) + 1
                if self.slot is Slot.IGNORE:
                    self.slot, self.after_ignore = self.after_ignore, Slot.NONE
                    if self.slot is Slot.ENTRY:
                        self.pending = self.implicit = True
            scanned = start
            if kind == "inside":
                pos = end  # part of a longer word: no token, and the word stays in the gap ("64000 até 63500")
                continue
            if (kind == "weak_entry" and raw == b"@" and prev_kind == "number"
                    and data[prev_end:start].strip() in _AT_JOINTS):
                pos = end  # "@2350/@2345": the second "@" repeats the first; the joint between the prices decides
                continue
            if self.ticker is not None and start > self.ticker[1] and self._ticker_taken(kind, start):
                pos = end
                continue
            pos = self._dispatch(kind, raw, start, index, data[prev_end:start], prev_kind)
            if pos <= start:  # defensive: an empty match must not stall the scan
                pos = start + 1
            prev_end, prev_kind = pos, kind
            index += 1
        if self.ticker is not None:
            self._take_ticker()
        self._close_take_profit()
        self._price_without_side()
        return self.drafts

    def _ticker_taken(self, kind: str, start: int) -> bool:
        """Take the name guessed beside the side word; True when this token is the digits closing that name ("VENDA
        WINJ24 128500", "COMPRA PETR4 38,50"), no price."""
        assert self.ticker is not None
        name, name_start, _ = self.ticker
        named = kind == "number" and start <= name_start + len(name) and self.data[start - 1:start].isalpha()
        self._take_ticker()
        return named

    def _price_without_side(self) -> None:
        """"XAUUSD 2350 / SL 2340 / TP 2360": no side word came; the price right after the market is the order's
        entry, for the levels to give the side (builtin: held, side_inferred)."""
        draft = self.draft
        if (self.pre_entry is None or self.pre_zone is not None or draft.side is not None or draft.symbol is None
                or draft.entry is not None or draft.entry_range is not None):
            return
        value = to_decimal(self.pre_entry[0])
        if value is not None:
            draft.entry, draft.entry_raw = value, self.pre_entry[0]

    def _read_again(self, kind: str, raw: bytes, start: int, end: int) -> tuple[str, bytes, int]:
        """(kind, raw, end) of a token whose kind hides another reading: a price ("#2350.5"; "80.82 RR" before "1:3",
        where the R labels the risk-reward ratio after it), or a word before a slash ("Bybit Call / ETH-USDT": the
        pair is the one after the slash; the word is skipped as part of a longer one), or a list's number that took its
        price's first character ("1. 62588"); else the token as it was."""
        if kind == "hashnum" and (b"." in raw or b"," in raw):
            return "number", raw[1:], end
        if kind == "multiple" and spans.match_at(_RATIO_NEXT, self.data, end)[0] >= 0:
            digits = raw[:len(raw) - len(raw.lstrip(b"0123456789.,"))]
            return "number", digits, start + len(digits)
        if kind == "crypto_pair" and self.data[end:end + 1] in (b"-", b"_") and b"/" in raw:
            return "inside", raw, start + raw.find(b"/") + 1
        if kind == "take_price":  # "take 1.0900": the label, then its price
            return "tp", raw[:4], start + 4
        if kind == "pips" and raw[-2:] == b"PT" and spans.match_at(_PRICE_AFTER_MARK, self.data, end)[0] >= 0:
            # "SL 6.21 PT 6.79": a price, then the price target's label (in capitals; "10 pt stop" counts points)
            digits = raw[:-2].rstrip(b" \t+")
            return "number", digits, start + len(digits)
        if (kind == "duration" and raw[-6:].lower() == b"second"
                and spans.match_at(_LEG_AFTER_ORDINAL, self.data, end)[0] >= 0):
            digits = raw[:len(raw) - len(raw.lstrip(b"0123456789"))]
            return "number", digits, start + len(digits)
        if kind == "enumerator" and raw[-1:].isdigit():  # "1. 62588": the price is the next token
            number = raw[:-1].removesuffix(b"$")
            return kind, number, start + len(number)
        return kind, raw, end

    def _dispatch(self, kind: str, raw: bytes, start: int, index: int, gap: bytes, prev_kind: str) -> int:
        """Handle one token; returns where scanning resumes (normally the token's end)."""
        self.index = index
        if kind == "number":  # (the most common token first)
            return self._number_token(raw, index, gap, prev_kind, start)
        end = start + len(raw)
        if kind in ("count", "ratio") and (resume := self._price_in_numbered_word(
                kind, raw, index, (gap, prev_kind), start)) > 0:
            return resume
        if kind in ("hashtag", "coin"):
            return self._ticker(raw, start, end, field=kind == "coin")
        if kind == "hashtag_lower":
            return self._ticker(raw, start, end, weak=True)
        if kind == "tp_phrase" and self._own_side_levels(raw):
            kind = "entry"  # "LONG / Buy Levels: 2345 - 2350": the order's own side's levels are its entries
        elif kind in ("tp", "tp_phrase", "tp_indexed"):
            return self._target_token(raw, start, end)
        if kind in ("kilo", "signed", "garbled"):
            return self._other_number(kind, raw, index, gap, prev_kind, start)
        if kind == "option":
            return self._option_token(raw, index, start, gap, prev_kind)
        elif kind in SYMBOL_KINDS:
            if kind == "crypto_pair" and spans.found(_SIDE_AS_BASE, raw):
                return self._side_before_quote(raw, index, start)
            self._symbol(kind, raw, index, start)
        elif kind == "side":
            return self._side_token(raw, index, start, gap, prev_kind)
        elif kind == "glued":
            self._symbol("pair", raw[:6], index)
            self._side(raw[6:], index, start)
        elif kind == "ignore":
            return self._ignored(raw, start, index, gap, prev_kind)
        elif kind not in NOISE_KINDS:
            self._word(kind, raw, start, index, gap, prev_kind)
        return end

    def _price_in_numbered_word(self, kind: str, raw: bytes, index: int, before: tuple[bytes, str],
                                start: int) -> int:
        """A count or a ratio that holds a pending label's price; returns where scanning resumes, -1 when it holds
        none (``before``: the gap and the previous token's kind)."""
        if kind == "ratio":
            if range_gap(before[0]) == b"/" and self.slot in _LEVEL_SLOTS and spans.found(_OUT_OF_TEN, raw):
                # "TARGET: 60/80/100": the list's last two prices, not a score out of 100
                slash = raw.index(b"/")
                first = raw[:slash].rstrip(b" \t")
                self._number(first, index, before[0], before[1], start)
                rest = raw[slash + 1:].lstrip(b" \t")
                self._number(rest, index, b"/", "number", start + len(raw) - len(rest))
                return start + len(raw)
            return self._index_before_price(raw, start, before[1])
        return self._count_before_label(raw, index, before[0], before[1], start)

    def _index_before_price(self, raw: bytes, start: int, prev_kind: str) -> int:
        """A "ratio" that is a label's number, then its price; returns where scanning resumes (the price), -1 when
        the token is a ratio after all: "Вход 1: 1.01" right after an entry label (spaced from its number), "Stop
        Loss 1: 2,662" (a price in thousands), "Target: 1: 89.36", "SL 1: 0.93" under an entry of 89.75, 1.01 (near
        it, spaced or past 10: "TP 1:3" near an entry of 2.5 is a risk to reward)."""
        indexed = spans.match(_INDEX_THEN_PRICE, raw)
        if (indexed is not None and indexed.group(1) and self.slot is Slot.ENTRY and prev_kind == "entry"
                and self.draft.entry_price is None):
            return start + int(indexed.start(2))
        if not self.pending:
            return -1
        if (found := spans.match(_INDEX_THEN_THOUSANDS, raw)) is not None:
            return start + int(found.start(1))
        if indexed is None or not (self.slot is Slot.SL or (self.slot is Slot.TP and not self.draft.take_profits)):
            return -1
        value, reference = to_decimal(indexed.group(2)), self.draft.entry_price
        if (value is None or reference is None or abs(value - reference) > reference * ZONE_WIDTH_MAX
                or not (indexed.group(1) or value >= 10)):
            return -1
        if self.slot is Slot.TP:
            self.tp_written = 1
        return start + int(indexed.start(2))

    def _count_before_label(self, raw: bytes, index: int, gap: bytes, prev_kind: str, start: int) -> int:
        """"Stop Loss : 26  Targets : 1) 32.45": the pending label's price, then the next label (no count); returns
        where scanning resumes, -1 when the token is a count after all."""
        if spans.match_at(_LABEL_AFTER, self.data, start + len(raw))[0] < 0:
            return -1
        digits = raw[:len(raw) - len(raw.lstrip(b"0123456789"))]
        if not digits:
            return -1
        if spans.match(_NUMBERED_LABEL, raw[len(digits):]) is not None:
            return start + len(digits) + 1  # "1-Target:4187": the label's number before it; the label reads on
        if not self.pending:
            return -1
        self._number(digits, index, gap, prev_kind, start)
        return start + len(digits)

    def _ignored(self, raw: bytes, start: int, index: int, gap: bytes, prev_kind: str) -> int:
        """A word whose number is no level ("RR", "Leverage"); returns where scanning resumes. In a bracket after this
        line's last target ("Targets: 1.0875 (RR 1:3), 1.0900 (RR 1:3)"), the list goes on after the bracket."""
        end = start + len(raw)
        if self.slot is Slot.TP and self.tp_line == self.line and self.draft.take_profits:
            data = self.data
            opened = max(data.rfind(b"(", self.line_start, start), data.rfind(b"[", self.line_start, start))
            if opened >= 0 and b")" not in data[opened:start] and b"]" not in data[opened:start]:
                close = data.find(b")" if data[opened:opened + 1] == b"(" else b"]", end)
                line_end = data.find(b"\n", end)
                if close >= 0 and (line_end < 0 or close < line_end):
                    return close + 1
        self._word("ignore", raw, start, index, gap, prev_kind)
        return end

    def _other_number(self, kind: str, raw: bytes, index: int, gap: bytes, prev_kind: str, start: int) -> int:
        """A number written otherwise than plainly: in thousands, signed, or garbled; returns where scanning resumes."""
        end = start + len(raw)
        if kind == "signed" and raw[:1] == b"-" and (group_end := self._spaced_group(raw[1:], end)) > 0:
            self._signed(raw + self.data[end + 1:group_end], index, gap, prev_kind, start + 1)  # "62 650-62 700"
            return group_end
        if kind == "kilo":  # "66k"; "92k6" (92.6k); "55к"
            thousands = to_decimal(kilo_digits(raw) if raw[-1:] in b"kK" or raw.endswith(CYRILLIC_KILO) else
                                   raw.replace(b"k", b".").replace(b"K", b"."))
            if thousands is not None:
                if prev_kind == "number":
                    self._thousands_written_once(thousands, gap)
                self._number(thousands_raw(thousands), index, gap, prev_kind, start)
        elif kind == "signed" and raw[:1] == b"-" and self.pending and b"," in raw and b"." not in raw:
            # "TARGET-8350,8400,8450": the label's dash, then a list written without spaces
            return self._number_token(raw[1:], index, gap + b"-", prev_kind, start + 1)
        elif kind == "signed":
            self._signed(raw, index, gap, prev_kind, start)
        elif self.pending and self.slot in (Slot.SL, Slot.TP, Slot.ENTRY):
            self._unreadable(self.slot)  # "stop @ 1.51.65": a level was meant; which one is no reading
        return end

    def _side_before_quote(self, raw: bytes, index: int, start: int) -> int:
        """"(SYN SHORT /USDT 5-15X)": the side word stands between the coin and its quote."""
        coin = _COIN_BEFORE.search(self.data[max(0, start - 16):start])
        if coin is not None:
            self._symbol("crypto_pair", coin.group(1) + raw[raw.find(b"/"):], index, start)
        return self._side_token(raw[:raw.find(b"/")].rstrip(b" \t"), index, start)

    def _comma_decimal(self, raw: bytes) -> bytes:
        """"Вход: 7,976" is 7.976: Russian writes its decimals after a comma (and so may any message; the market's
        typical price settles what the script leaves open)."""
        head, comma, tail = raw.partition(b",")
        if comma and len(tail) == 3 and head.isdigit() and tail.isdigit() and (
                self._comma_is_decimal() and not self._thousands_fit(head + tail) or self._decimals_fit(head + tail)):
            return head + b"." + tail
        return raw

    def _comma_is_decimal(self) -> bool:
        """Whether "1,062" is 1.062 here: in Cyrillic text (UTF-8 lead bytes 0xD0/0xD1: thousands are spaced there,
        the comma is the decimal point), and in a message that writes two other prices with a decimal comma
        ("0,963", "21,60"); in neither when the message writes a thousands comma before a point ("3,060.5"). Two at
        least: one "42,2500" among "44,000 - 44,500" is a typo, not a convention."""
        if self.decimal_comma is None:
            data = self.data
            # ("TP: 4,215 / SL: 4,129.2" under "Вход: рынок": a Cyrillic message that writes thousands with a comma)
            cyrillic = b"\xd0" in data or b"\xd1" in data
            self.decimal_comma = (cyrillic or spans.count(_DECIMAL_COMMA, data) >= 2) and not spans.found(
                _THOUSANDS_POINT, data)
        return self.decimal_comma

    def _to_field(self, gap: bytes) -> bool:
        """Whether "To:" right before a price, after the order's price, names where it goes ("SPX500 Sell @ now while
        below 7498 To.: 7481, 7461 Sl.: 7504", all on one line)."""
        draft = self.draft
        return ((draft.entry is not None or draft.entry_range is not None) and not draft.take_profits
                and spans.search(_TO_FIELD, gap) is not None)

    def _to_opens_line(self, start: int) -> bool:
        """Whether the line so far is only "To" (with a dot or a colon), before the order's first target."""
        draft = self.draft
        if self.line <= draft.side_line or draft.take_profits or self.slot is Slot.TP:
            return False
        before = self.data[self.line_start:start].lower()
        # ("• To 40-60-80": after a bullet too)
        return b"to" in before and "".join(ch for ch in before.decode("utf-8", "replace") if ch.isalnum()) == "to"

    def _target_token(self, raw: bytes, start: int, end: int) -> int:
        """A target's label or mark; returns where scanning resumes."""
        if raw == lexicon.TARGET_MARK and self._field_follows(end):
            # "🎯 Qualidade: PREMIUM", "🎯 TP1: 4150": a mark before a field, which names itself (and ends a list)
            self._open(Slot.NONE)
            return end
        if raw == lexicon.TARGET_MARK and self._framed_entry(start, end):
            self._open(Slot.ENTRY, implicit=True)
            return end
        self.label_end = end
        return self._take_profit_label(raw, start)

    def _own_side_levels(self, raw: bytes) -> bool:
        """Whether "Buy Levels" or "Sell Targets" names the order's own side before any price: where it gets in (the
        other side's, "Sell Targets" under a long, are where it gets out)."""
        draft = self.draft
        lowered = raw[:4].lower()
        side = Side.BUY if lowered.startswith(b"buy") else Side.SELL if lowered.startswith(b"sell") else None
        return (side is not None and side is draft.side and not draft.has_levels and draft.entry is None
                and draft.entry_range is None)

    def _framed_entry(self, start: int, end: int) -> bool:
        """"XAUUSD SELL NOW / 🎯4470-- 4471🎯 / SL 4490 / TP1: 4467": prices framed by two marks on a line of their own,
        right under an order with no price yet and above targets labelled as such, are the order's entry dressed up."""
        draft = self.draft
        if draft.side is None or draft.has_levels or draft.entry is not None or draft.entry_range is not None:
            return False
        line_end = self.data.find(b"\n", end)
        if line_end < 0 or self.data[self.line_start:start].strip(b" \t"):
            return False
        return (spans.match(_FRAMED_PRICES, self.data[end:line_end]) is not None
                and spans.found(_TARGET_LABEL_LINE, self.data[line_end:]))

    def _field_follows(self, end: int) -> bool:
        field_start, field_end = spans.match_at(_FIELD_NEXT, self.data, end)
        name = self.data[field_start:field_end - 1].decode("utf-8", "replace").lstrip(" \t")
        return field_start >= 0 and len(name) <= _FIELD_NAME_MAX

    def _option_token(self, raw: bytes, index: int, start: int, gap: bytes, prev_kind: str) -> int:
        word = raw[:len(raw) - len(raw.lstrip(_LETTERS))]
        label = lexicon.token_kind(self.data, start, start + len(word)) if word else ""
        if label in _LEVEL_LABELS:  # "SL 401 PE RAKHNA": a level's label, then the contract's price
            self._word(label, word, start, index, gap, prev_kind)
            return start + len(word)
        if raw[:1].isdigit() and raw[-3:-2] in b" \t" and raw[-2:].islower() and not self._strike_has_name(raw):
            # "gold buy 2350 ce soir": a strike and kind alone in lower case are a contract only under the index named
            # before them; else the number is a price and the word is read on its own
            return self._number_token(raw[:-3], index, gap, prev_kind, start)
        return self._option(raw, index, start)

    def _number_token(self, raw: bytes, index: int, gap: bytes, prev_kind: str, start: int) -> int:
        if self.slot is Slot.TP and not self.pending and gap[-1:].isalpha() and b"\n" not in gap:
            return start + len(raw)  # "TP 188.81 R2 L50 V7": a number glued to a word after the list is no target
        if self.draft.side is not None and ((start - self.line_start <= 12 and self._to_opens_line(start))
                                            or (b":" in gap and self.slot in _TO_SLOTS and self._to_field(gap))):
            self._open(Slot.TP)  # "Buy #TRUMP below 7$ / To 40-60-80", "To.: 7481, 7461": the prices it goes to
            self.draft.labelled = True
        if (len(raw) <= 2 and self.pending and self.slot in (Slot.SL, Slot.ENTRY) and raw.isdigit()
                and (mark := spans.match_at(_INDEX_MARK, self.data, start + len(raw)))[0] >= 0):
            # "Stop Loss 1: 2662", "Вход 1: 2350 / Вход 2: 2345", "入场2：2345": the level's number, not its price
            if self.slot is Slot.ENTRY and self.line > self.draft.entry_line:
                self._entry_leg(int(raw), mark[1])
            return start + len(raw)
        if (len(raw) <= 2 and self.pending and self.slot is Slot.TP and raw.isdigit() and self.tp_written == 0
                and int(raw) == len(self.draft.take_profits) + 1 and self._indexes_price(int(raw), start + len(raw))):
            self.tp_written = int(raw)  # "TP: 1 4379", "Target: 1: 89.36", "Target: 1 → 0.3765": the target's number
            return start + len(raw)
        if gap == b"." and prev_kind == "weak_entry" and raw.isdigit():
            raw = b"0." + raw  # "SPY 684C @.75": the premium's leading zero left out right after the "@"
            self._number(raw, index, gap, prev_kind, start - 2)
            return start + len(raw) - 2
        end = start + len(raw)
        if (self.data[end:end + 1] == b"," and b"." in raw  # (a quick look first: most numbers are no such thing)
                and (cents := spans.match_at(_EUROPEAN_CENTS, self.data, end))[0] >= 0
                and spans.match(_DOTTED_THOUSANDS, raw) is not None
                and self.data[cents[1]:cents[1] + 1] not in _DIGIT_OR_POINT):
            # "Entrada: 2.350,50": points group the thousands and a comma sets off the cents (the European way)
            whole = raw + self.data[end:cents[1]]
            self._number(whole, index, gap, prev_kind, cents[1] - len(whole))
            return cents[1]
        group_end = self._spaced_group(raw, end) if len(raw) <= 3 and self.data[end:end + 1] == b" " else -1
        if group_end > 0:
            whole = raw + self.data[end + 1:group_end]
            self._number(whole, index, gap, prev_kind, group_end - len(whole))
            return group_end
        raw = self._comma_decimal(raw)
        head, comma, tail = raw.partition(b",")
        if comma and b"." not in raw and ((len(head) == len(tail) and (
                len(head) >= 4 or self._a_list(head, raw) or self._comma_run(start, end, len(tail))))
                or (raw.count(b",") >= 2 and self._a_list(head, raw))):  # ("TARGET 190,210,250" under 170)
            # "2340,2350" is a list written without a space, not 2340.2350; so is "TARGET 388,400" after an
            # entry of 370 (not 388,400), and "TARGET- 22,30,50" (a third number joined by a comma)
            self._number(head, index, gap, prev_kind, start)
            return start + len(head)
        self._number(raw, index, gap, prev_kind, start)
        return start + len(raw)

    def _indexes_price(self, index: int, end: int) -> bool:
        """Whether a price far larger than ``index`` follows it, after a mark or a space ("1 4379", "1: 89.36")."""
        after = spans.match(_INDEXED_PRICE, self.data[end:end + 40])
        if after is None or (not after.group(1) and len(after.group(2)) == 3):
            return False  # ("below 1 900": a price in spaced thousands, 1900)
        value = to_decimal(after.group(2))
        return value is not None and value >= index * 4

    def _comma_run(self, start: int, end: int, size: int) -> bool:
        """Whether another number of ``size`` digits is joined by a comma after ``end`` or before ``start``."""
        after, before = self.data[end:end + size + 2], self.data[max(0, start - size - 2):start]
        return ((after[:1] == b"," and after[1:size + 1].isdigit() and not after[size + 1:].isdigit())
                or (before[-1:] == b"," and before[-size - 1:-1].isdigit() and not before[:-size - 1].isdigit()))

    def _spaced_group(self, digits: bytes, end: int) -> int:
        """Where the thousands group after ``digits`` ends when the two are one price in spaced thousands, in a level's
        slot; -1 if not. "Zone d'entrée : 62 700 - 62 650", "TP: 62 500 - 62 000": a bound or a list's price is read
        whole before it joins another (its first group alone is no price to join)."""
        if len(digits) > 3 or self.slot not in _LEVEL_SLOTS or self.data[end:end + 1] != b" ":
            return -1
        group = spans.match_at(_GROUP_AFTER, self.data, end)
        if (group[0] < 0 or self.data[group[1]:group[1] + 1] in _DIGIT_OR_POINT
                or self._thousands(digits, self.data[end + 1:group[1]].replace(b",", b".")) is None):
            return -1
        if b"," in self.data[end:group[1]] and spans.match_at(_SPACED_DIGIT, self.data, group[1])[0] >= 0:
            return -1  # ("TP 2 360,2 370": a list of spaced prices joined by a comma, or "2 360,2" and a price?)
        return group[1]

    def _side_token(self, raw: bytes, index: int, start: int, gap: bytes = b"", prev_kind: str = "") -> int:
        end = start + len(raw)
        if raw in _TURKISH_SIDES and prev_kind == "number" and not gap.strip():
            return end  # "2350-2380 SAT": satoshis after a price, no Turkish sell
        if raw[-4:].lower() == b"stop" and spans.match_at(_LOSS_NEXT, self.data, end)[0] >= 0:
            self._side(raw[:-4].rstrip(b" \t-"), index, start)
            return end - 4  # the stop-loss label is read next
        if self._either_side(raw, start, end):
            self.draft.skipped_side = self.draft.skipped_side or "either"
            return end
        resume = self._side(raw, index, start)
        return end if resume is None else resume

    def _either_side(self, raw: bytes, start: int, end: int) -> bool:
        """"press buy/sell by market", "Direction: Long/Short": both sides joined by a slash choose neither."""
        data = self.data
        slashed = b"/" in data[end:end + 3] or b"/" in data[max(0, start - 3):start]
        if not slashed or raw[:1].lower() not in b"bsl":
            return False  # (the common case: no slash beside the word; and only English words are joined so)
        sell = raw[:1].lower() == b"s"
        other = spans.match_at(_SIDE_AFTER_SLASH, data, end)
        if other[0] < 0:
            found = spans.search(_SIDE_BEFORE_SLASH, data[max(0, start - 24):start])
            word = found.group(1) if found is not None else b""
        else:
            word = data[other[0]:other[1]].lstrip(b" \t/")
        return bool(word) and (word[:1].lower() == b"s") is not sell

    def _word(self, kind: str, raw: bytes, start: int, index: int, gap: bytes, prev_kind: str) -> None:
        """A level label, an order-type word or a blank ("SL", "Entry 2:", "limit", "open")."""
        if kind == "pips" and self._joined(raw, gap, prev_kind):
            self._drop_line_targets(raw)
        if kind == "limit":
            self.limit_word = (self.line, self.index)
            self._limit_after_entry(index, gap, start, start + len(raw))
            self._limit_line(start)
        if kind == "entry" and (self._numbered_entry(raw, start + len(raw)) or not self._labels_entry(raw, start)
                                or self._value_under_label(raw, start)):
            return
        if kind in _LABEL_OWN_WORDS and (kind == "stop_order" or len(raw) == 4 and kind == "sl"
                                         or prev_kind == "ignore" or self.pending and len(raw) in (2, 5)) \
                and self._label_own_word(kind, raw, start, index, prev_kind):
            return  # (a quick look first: most label words are none of these)
        if (kind == "entry" and b"zone" in raw.lower()) or (kind == "prose_entry" and raw.lower() in _ZONE_WORDS):
            self.draft.zone_named = True  # "Entry Zone : 0.4790 0.4400", "Gold Sell Zone @ 4058 4063"
        if (kind == "limit" and spans.match_at(_LIMIT_PRICE_NEXT, self.data, start + len(raw))[0] >= 0
                and self._limit_leg(worded=b"\n" in gap or spans.found(lexicon.PROSE_WORD, gap))):
            return  # "BUY XAUUSD FOR 4238 OTHER LIMIT 4235": a limit leg after the order's price
        self.label_end = start + len(raw)
        if kind == "entry":  # ("الدخول الأول ... / الدخول الثاني ...": the same label again, a leg's)
            lowered = raw.lower()
            self.entry_repeated = (lowered == self.entry_raw and self.draft.entry is not None
                                   and not spans.found(lexicon.PROSE_WORD, self.data[self.line_start:start])
                                   and spans.match_at(_ORDINAL_THEN_PRICE, self.data, self.label_end)[0] >= 0)
            self.entry_raw = lowered
        trailing = kind == "blank" and raw[:5].lower() == b"trail"
        if trailing and not self.pending and self.draft.has_levels and self._level_follows(start + len(raw)):
            # "TP 2360 / Trailing SL 2345 after TP1": a plan for the trade under the order at a price, held as such
            # (not "Use Trailing SL when in profit", "Trailing Configuration: ... Trigger: Target (2)")
            self.draft.reasons.append("management_wording")
        elif trailing and self.pending and self.slot is Slot.SL and self.draft.stop_loss is None:
            self.draft.stop_distance = True  # "SL: trailing 20 pips": a stop that follows the price, at no price
        self._label(kind)
        if kind == "sl" and raw[-1:].isdigit():  # "SL109.56" (but "SL1: 2645.00" numbers its stop)
            digits = next(i for i, byte in enumerate(raw) if 48 <= byte <= 57)
            if len(raw) - digits > 2 or spans.match_at(_INDEX_MARK, self.data, start + len(raw))[0] < 0:
                self._number(raw[digits:], index, b"", "", start + digits)

    def _label_own_word(self, kind: str, raw: bytes, start: int, index: int, prev_kind: str) -> bool:
        """A word that types the order or belongs to the label before it, not a label of its own; True when so read."""
        if kind == "sl":
            return self._on_stop(raw, start, index)
        if kind == "stop_order":
            if not self.draft.has_levels:
                self.draft.order_type = OrderType.STOP
            return True
        if kind == "weak_entry":
            if prev_kind == "ignore" and self.slot is Slot.IGNORE and self.after_ignore is Slot.ENTRY:
                self._open(Slot.ENTRY, implicit=True)  # "Gold sell now double lot @ 4286 - 4290": the order's price
                return True
            return False
        # "SL IDEAL 4772", "stop en 2370" (Spanish "at"): the label's own word, its price follows
        return self.pending and (raw.lower() == b"ideal" if kind == "ignore" else
                                 raw.lower() == b"en" and self.slot in (Slot.SL, Slot.TP))

    def _on_stop(self, raw: bytes, start: int, index: int) -> bool:
        """"BUY GOLD @ $1438 ON STOP": the order waits for the price (a stop order); no stop loss is labelled."""
        draft = self.draft
        if (len(raw) != 4 or draft.entry is None or draft.entry_token != index - 1 or raw.lower() != b"stop"
                or draft.has_levels
                or not self.data[self.line_start:start].rstrip().lower().endswith(b" on")):
            return False
        draft.order_type = OrderType.STOP
        self._open(Slot.NONE)
        return True

    def _limit_after_entry(self, index: int, gap: bytes, start: int, end: int) -> None:
        """"Вход: 4240.9 лимитка", "Entry: 64100 (limit)", "Вход: (4240.9) лимитка": the word right after the entry's
        price (or after its share, "ENTRY: 0.005808 (%1 Limit Emir)") types the order; not one opening another entry's
        label ("Entry: 0.06417 - limit entry: 0.06093": the next leg's)."""
        # ("ENTRY: 1.2700 – 1.2730 (Limit)": after a zone's second price too)
        last = self._last_entry_token()
        right_after = last == index - 1 or (
            last == index - 2 and spans.found(_SHARE_BEFORE, self.data[max(self.line_start, start - 12):start]))
        if (right_after and not gap.strip(b" \t(-,/)") and not self.draft.has_levels
                and spans.match_at(_ENTRY_LABEL_NEXT, self.data, end)[0] < 0):
            self.draft.order_type = OrderType.LIMIT

    def _limit_line(self, start: int) -> None:
        """"... / Take profit1 - 64000 / #limit": a line of its own saying so types the order above it a limit, and so
        does the hashtag after its levels on their line ("Take profit1 - 64000 #limit": the lines joined)."""
        draft = self.draft
        if draft.side is None or (draft.entry is None and draft.entry_range is None):
            return
        end = self.data.find(b"\n", start)
        line = self.data[self.line_start:end if end >= 0 else len(self.data)]
        if spans.match(_LIMIT_LINE, line) is not None or spans.match(_LIMIT_FIELD_LINE, line) is not None or (
                self.data[start - 1:start] == b"#" and draft.has_levels
                and spans.match(_TAGS_ONLY, self.data[start + len(b"limit"):end if end >= 0 else len(self.data)])
                is not None):
            draft.order_type = OrderType.LIMIT

    def _labels_entry(self, raw: bytes, start: int) -> bool:
        """Whether an entry word labels the entry: not "Below:" right after a stop's label ("SL Close Below:
        3,726.42", the stop's own trigger), nor "Price" naming another field ("Price Impact: ~7 bps"), nor "CMP" right
        after the entry's price, a note on it."""
        lowered = raw.lower()
        if self.slot is Slot.SL and self.pending and lowered[:5] in (b"above", b"below"):
            return False
        if lowered == b"cmp" and self.draft.entry is not None and self.draft.entry_token == self.index - 1:
            return False  # "Entry Market Price 1.0420 (CMP)": the price just read is the market's, the entry's own
        return lowered != b"price" or spans.match_at(_OTHER_PRICE_FIELD, self.data, start)[0] < 0

    def _end_of_label_line(self, next_token: int) -> None:
        """A stop-loss label whose line goes on in words and no price ("Stop: set it by your risk management")
        gave no stop loss: the next line's numbers are something else. So does a target label after the targets
        ("🎯 BIAS: STABLE" below "🎯 TP2: $5,066.51"): it is a bullet, and the lines after it are no targets."""
        if self.slot is Slot.ENTRY and self.pending and not self.implicit:
            self._end_of_entry_word_line(next_token)
            return
        if self.slot not in (Slot.SL, Slot.TP) or not self.pending:
            return
        line_end = self.data.find(b"\n", self.label_end, next_token)
        rest = self.data[self.label_end:line_end if line_end >= 0 else next_token]
        if self.slot is Slot.TP and self.draft.side is None and any(tick in rest for tick in _TICKS):
            # "Yesterday: TP1 ✅ TP2 ✅ TP3 ✅" above any order: a target ticked as hit, its price not written; the
            # numbers on the lines after it ("Trade 3/5") are no targets (under an order, "Targets ✅" may head a list)
            self._open(Slot.NONE)
            self.pending = False
            return
        if self.slot is Slot.TP and not self.draft.take_profits:
            return  # "🎯 Targets for this trade:" above the list
        if spans.count(lexicon.PROSE_WORD, rest) >= 2:
            draft = self.draft
            if self.slot is Slot.SL and draft.side is None and draft.symbol is None and draft.entry is None:
                # "Stop loss is mandatory" above the order: the channel's rule, no order's stop yet
                self._open(Slot.NONE)
                self.pending = draft.labelled = False
            elif self.slot is Slot.SL:
                draft.stop_loss_void, draft.stop_loss_worded, self.pending = True, True, False
            else:
                self._open(Slot.NONE)
                self.pending = False

    def _end_of_entry_word_line(self, next_token: int) -> None:
        """"Market opens in 10 minutes", "Price is moving fast 🚀" above any market or side: a sentence, no entry's
        label; the numbers on the lines after it (a date, "📅 05/12") are no entry."""
        draft = self.draft
        if draft.side is not None or draft.symbol is not None:
            return
        line_end = self.data.find(b"\n", self.label_end, next_token)
        if spans.count(lexicon.PROSE_WORD, self.data[self.label_end:line_end if line_end >= 0 else next_token]) >= 2:
            self._open(Slot.NONE)
            self.pending = False

    def _joined(self, raw: bytes, gap: bytes, prev_kind: str) -> bool:
        """Whether a "... pips" token ends a list of numbers joined by separators ("20-50-100 Pips")."""
        if prev_kind not in ("number", "signed") or self.slot is not Slot.TP:
            return False
        return (gap == b"" and raw[:1] in (b"-", b"/")) or (b"\n" not in gap and gap.strip() in RANGE_GAPS)

    def _drop_line_targets(self, raw: bytes) -> None:
        """The targets just read on this line, joined to "... pips", were distances in pips too ("20-50-100 Pips"),
        those of its size and writing; not a price before them ("TP1: 1.0875 - 25 pips", "TP 151.60 - 40 pips")."""
        if self.tp_line_count and self.tp_line == self.line:
            targets = self.draft.take_profits
            first = len(targets) - self.tp_line_count  # (the line's first target)
            number = spans.find(_NUMBER_RUN, raw)
            distance = to_decimal(raw[number[0]:number[1]]) if number[0] >= 0 else None
            cut = first if distance is None else len(targets)
            if distance is not None:
                whole, step = _written_whole(distance), distance
                while cut > first and _alike_distance(targets[cut - 1][0], step, whole):
                    cut -= 1
                    step = targets[cut][0]
            del targets[cut:]
        self.tp_line_count = 0

    def _a_list(self, head: bytes, raw: bytes) -> bool:
        """Whether "388,400" in a target slot is two targets: its first part is of the entry's size, the whole a
        thousand times more (the entry a zone's low bound when a zone is written: "91-95 ... TARGET 113,131")."""
        entry = self.draft.entry_price
        first, whole = to_decimal(head), to_decimal(raw.replace(b",", b""))
        return (self.slot is Slot.TP and entry is not None and first is not None and whole is not None
                and entry / 2 <= first <= entry * 2 and whole > entry * 100
                # ("Buy @ 95,64, SL 95,09, TARGET 97,27": one price, where the message writes decimal commas)
                and not (raw.count(b",") == 1 and len(raw) - len(head) <= 3 and self._comma_is_decimal()))

    def _take_profit_label(self, raw: bytes, start: int) -> int:
        """Open the TP slot; returns where scanning resumes (inside the label when its "index" is a price)."""
        before = self.data[self.line_start:start].rstrip(b" \t")
        if before[-1:].isalpha() and spans.found(_TARGET_REFERENCE, before):  # (most labels open their line)
            self._open(Slot.NONE)  # "move SL to entry after TP1": a target named, no label of a level
            return start + len(raw)
        if self.slot is Slot.TP and self.pending and self.data[max(0, start - 8):start].rstrip(b" \t").endswith(b"("):
            self.tp_index = None  # "Target 1 (T1): $4,100": the label restated in brackets; the 1 was its index
        # "TP3 Target ($4,499.50)": a second label word right after the first keeps its index
        carried = self.tp_written if self.slot is Slot.TP and self.pending and self.tp_label_line == self.line else 0
        self._open(Slot.TP)
        self.draft.labelled = True
        self.draft.target_labels += 1
        self.tp_label_line = self.line
        self.tp_written = carried
        digits = len(raw) - len(raw.rstrip(b"0123456789"))
        end = start + len(raw)
        if not 0 < digits <= 2 or digits == len(raw):
            return end
        index_start = end - digits
        data = self.data
        if spans.match_at(lexicon.DISTANCE_AFTER, data, end)[0] >= 0:
            self.pending = False  # "🎯 20 PIPS": a distance written after a target, not an index or a price
            return end
        attached = data[index_start - 1:index_start] not in (b" ", b"\t", b"#")
        following = str(len(self.draft.take_profits) + 1).encode()
        if (digits == 2 and attached and raw[-2:-1] == following and 0 < len(self.draft.take_profits) < 9
                and data[end:end + 1] == b"." and data[end + 1:end + 2].isdigit()):
            self.tp_written = int(following)
            return end - 1  # "TP41.3100" after three targets: target 4 at 1.3100
        if data[end:end + 1] in (b".", b",") and data[end + 1:end + 2].isdigit():
            run = _NUMBER_RUN.match(data, index_start)
            assert run is not None
            if not attached and self._dotted_index(raw[-digits:], run.group()[digits + 1:]):
                self.tp_written = int(raw[-digits:])
                return end + 1  # "TP 3.4408" after 4416 and 4412: target 3 at 4408, the dot a typo for a colon
            # "Tp1.1.96600" is target 1 at 1.96600; "Tp 1.11", "TP1.0900" and "🎯1,435.0" (thousands) are a price
            # right after the label.
            if (not attached or run.group().count(b".") + run.group().count(b",") == 1
                    or spans.match_at(_THOUSANDS, data, index_start)[1] == run.end()):
                return index_start
        mark_end = spans.match_at(_INDEX_MARK, data, end)[1]
        if not attached and (mark_end < 0 or self._closes_bracket(start, mark_end)):
            # "Take Profit 3: 0.56 R:R": an index; "(SL 30, TP 36)": the bracket closes, 36 may be the target
            self.tp_index = to_decimal(raw[-digits:])
        self.tp_written = int(raw[-digits:])
        if (2 <= self.tp_written <= 9 and (attached or mark_end >= 0) and not self.draft.take_profits
                and self.draft.target_labels == 1 and "tp_skipped" not in self.draft.reasons):
            # "Zork 1: 4912 / TP2: 4915": target 1 was never read ("TP 25", "Target 36 40": no index, their prices)
            self.draft.reasons.append("tp_skipped")
        return end

    def _closes_bracket(self, start: int, mark_end: int) -> bool:
        before = self.data[self.line_start:start]
        return self.data[mark_end - 1:mark_end] == b")" and before.count(b"(") > before.count(b")")

    def _dotted_index(self, index: bytes, rest: bytes) -> bool:
        targets = self.draft.take_profits
        if not targets or index != str(len(targets) + 1).encode() or len(rest) < 3 or not rest.isdigit():
            return False
        value, last = to_decimal(rest), targets[-1][0]
        return value is not None and abs(value - last) <= last * ZONE_WIDTH_MAX

    def _label(self, kind: str) -> None:
        draft = self.draft
        if kind == "sl":
            self._open(Slot.SL)
            draft.labelled = draft.stop_labelled = True
            if draft.stop_loss_void and draft.stop_loss is None and self._price_follows(self.label_end):
                # "... as sl is wide / Sl 66.7k", "manual invalidation if needed later / Sl 2630": a stop label with
                # its price beats an earlier label that gave none
                draft.stop_loss_void = draft.stop_loss_worded = False
        elif kind == "no_sl":
            self._open(Slot.NONE)
            draft.labelled = draft.stop_loss_void = True
        elif kind in ("quote", "prose_entry", "entry"):
            self._entry_label(kind)
        elif kind == "weak_entry":
            self._weak_entry()
        elif kind == "limit":
            # "Buy limit 2340"; "3250-3280附近多（掛單）": the order line's own word, after its zone
            if self.entry_word == (self.line, self.index - 1) and self._limit_leg():
                return
            unpriced = draft.entry is None and draft.entry_range is None
            # ("Long Xrp / Limit long Eth - 1895": a limit opening a later line before a side word is that side's)
            theirs = draft.side is not None and self.line > draft.side_line and self._side_next(self.label_end)
            # ("Entry: 0.06417 - limit entry: 0.06093" on one line: the limit opens the next leg's label)
            theirs = theirs or (not unpriced and spans.match_at(_ENTRY_LABEL_NEXT, self.data, self.label_end)[0] >= 0)
            if draft.order_type is OrderType.MARKET and not theirs and not self._limit_in_passing() and (
                    (not draft.has_levels and (unpriced or self.line == draft.side_line))
                    or self._bare_order_line(self.line_start)):
                draft.order_type = OrderType.LIMIT
            if unpriced and draft.side is not None and not draft.has_levels and (not self.pending or self.implicit):
                self._open(Slot.ENTRY)  # "SHORT / APEX/USDT / LIMIT ORDER (1.3051)": the order's price follows
        elif kind == "ignore":
            self._ignore_label()
        elif kind in ("pips", "blank"):
            self._no_price(kind)

    def _limit_in_passing(self) -> bool:
        """"Just missed our limit", "Первая лимитка сработала", "All pending and limit orders are now invalid" above an
        order: a limit named in a sentence with no side word, before any order, is another order's; it types none."""
        if self.draft.side is not None:
            return False
        line_end = self.data.find(b"\n", self.label_end)
        line = self.data[self.line_start:line_end if line_end >= 0 else len(self.data)]
        unknown, pos = 0, 0
        while True:
            start, end = spans.find(lexicon.TOKENS, line, pos)
            unknown += sum(1 for word in lexicon.PROSE_WORD.findall(line[pos:start if start >= 0 else len(line)])
                           if word.lower() not in _ORDER_WORDS)
            if start < 0:
                return unknown >= 2
            if lexicon.token_kind(line, start, end) == "side":
                return False
            pos = end if end > start else start + 1

    def _level_follows(self, pos: int) -> bool:
        """Whether a price of the order's scale comes later on this line (not "Trigger: Target (2)")."""
        reference = self.draft.reference_price
        line_end = self.data.find(b"\n", pos)
        rest = self.data[pos:line_end if line_end >= 0 else len(self.data)]
        return reference is not None and any(
            (value := to_decimal(found)) is not None and abs(value - reference) <= reference * _PLAN_PRICE_NEAR
            for found in lexicon.PRICE.findall(rest))

    def _no_price(self, kind: str) -> None:
        """"SL 30 pips", "SL OPEN", "Sl - ??": no price stop loss; "TP3 open" / "TP 50 pips": no price target."""
        draft = self.draft
        if self.pending and self.slot is Slot.SL and draft.stop_loss is None:
            draft.stop_loss_void = True
            draft.stop_distance = draft.stop_distance or kind == "pips"  # (or a trailing stop: _word)
        if self.tp_index is not None and self.line > self.tp_label_line:
            self._close_take_profit()  # "tp 31 / Hold 1-2 days": the word is no target's, the 31 was one
        if self.pending:
            self.tp_index = None
            self.pending = False
        elif kind == "blank" and self.slot is Slot.TP and self.line > self.tp_line >= 0:
            self._open(Slot.NONE)  # "TP 2360 / Hold 1-2 days": words under the targets, no target

    def _value_under_label(self, raw: bytes, start: int) -> bool:
        """Whether a bare price field opens the line right under a stop's or a target's label that has no price yet
        ("2. Stop-Loss (S/L) / Level: 3,040.00", "🛑 Stop Loss / Price: 1.0800"): it gives that level, not an
        entry."""
        if not self.pending or self.slot not in (Slot.SL, Slot.TP) or not spans.found(_VALUE_FIELD, raw):
            return False
        between = self.data[self.label_end:start]
        return (between.count(b"\n") == 1 and lexicon.DIGIT_BYTES.isdisjoint(between)
                and spans.match_at(_LABELLED_PRICE, self.data, start + len(raw))[0] >= 0)

    def _weak_entry(self) -> None:
        """"@", "at", "now", "from": an entry marker only before any level, never right after a label ("S.L: @1.2770",
        "lot size 0.01 at 500 usd"), nor after another field's name on a later line ("Leverage @ 10", "Support @
        1.08100"); or on a line of its own right after the stop ("GOLD BUY NOW / SL 2340 / @ 2350 / TP 2360"), not
        after a label waiting for its price ("T1 @ 1.41750")."""
        draft = self.draft
        if (self.slot is Slot.TP and not self.pending and self.line > self.tp_line >= 0  # (the marker's own word too)
                and spans.count(lexicon.PROSE_WORD, self.data[self.line_start:self.label_end]) >= 2):
            self._open(Slot.NONE)  # "TP 2360 / Partial close at 2355", "BE at 2355": a plan's price, no target
            return
        if not self.pending and not draft.has_levels and (
                self.slot is not Slot.IGNORE or self._market_price_next(self.label_end)) and (
                self.line in (draft.side_line, self.symbol_line) or self._only_entry_words_before(self.label_end)):
            self._open(Slot.ENTRY)
        elif (not self.pending and draft.side is not None and draft.stop_loss is not None and not draft.take_profits
              and draft.entry is None and draft.entry_range is None and self.line > draft.side_line
              and self._only_entry_words_before(self.label_end)):
            self._open(Slot.ENTRY)

    def _market_price_next(self, pos: int) -> bool:
        """Whether the number right after ``pos`` is where the order's market trades ("Buy XAUUSD lot 0.01 at 2350":
        the lot's field had its value; not "lot size 0.01 at 500 usd", money)."""
        band = self._typical_band()
        found = spans.match(_PRICE_AFTER_MARK, self.data[pos:pos + 24]) if band is not None else None
        value = to_decimal(found.group(1)) if found is not None else None
        return band is not None and value is not None and band[0] <= float(value) <= band[1]

    def _numbered_entry(self, raw: bytes, end: int) -> bool:
        """"Entry 1: 2350 / Entry 2: 2345": a second numbered entry, after the first one's price and before any
        stop or target, is another leg of the signal (it shares the levels written once)."""
        digits = raw.rstrip(b" \t:=)")
        digits = digits[:-2] if digits[-3:].lower() in (b" at", b"\tat") else digits  # "Entry 2 at 153"
        while digits and not digits[-1:].isdigit() and not digits[-1:].isalpha():  # "Entry 2 - ", "Entry 2 → "
            digits = digits[:-1]
        draft = self.draft
        if draft.has_levels or (draft.entry is None and draft.entry_range is None):
            return False  # (the common case: the first entry label; no leg before a price)
        lowered = raw.lower()
        ordinal = self.data[max(self.line_start, end - len(raw) - 6):end - len(raw)].rstrip(b" \t")  # "2nd entry"
        number = (b"3" if lowered.startswith(b"third") else b"2" if lowered.startswith((b"second", b"re", *AVERAGING))
                  else ordinal[-3:-2] if ordinal[-2:].lower() in (b"nd", b"rd", b"th") and ordinal[-3:-2].isdigit()
                  else digits[len(digits.rstrip(b"0123456789")):])
        return bool(number) and self._entry_leg(int(number), end)

    def _limit_leg(self, worded: bool = False) -> bool:
        """"Entry market: 2.61712 / Entry limit: 2.80309": a limit entry labelled after the order's priced entry,
        before any stop or target, is another leg of the signal (it shares the levels written once). ``worded``:
        words stand between the entry and the limit word ("FOR 4238 OTHER LIMIT 4235"), so it is no "4238 LIMIT"."""
        draft = self.draft
        unpriced = draft.entry is None and draft.entry_range is None
        if unpriced or draft.has_levels or (draft.entry_token >= self.index - 1 and not worded):
            return False
        self._start(draft.next_leg(self.line, OrderType.LIMIT, entry_labelled=True))
        self._open(Slot.ENTRY)
        return True

    def _implicit_off_levels(self) -> bool:
        """Whether the number read after the side word as the entry is off the scale of the levels read since."""
        draft = self.draft
        levels = [tp for tp, _ in draft.take_profits] + ([draft.stop_loss] if draft.stop_loss is not None else [])
        return draft.entry is not None and bool(levels) and all(off_scale(draft.entry, level) for level in levels)

    def _ignore_label(self) -> None:
        """A word whose numbers are no level ("Lot size", "Risk", "RR"): its line's numbers are skipped; the slot the
        line gives way to at its end is the entry's when the order's price may still follow."""
        draft = self.draft
        # "1) 78 (RR 1-1.5) / 2) 80": a note on a target's line; the list goes on at the next line
        listing = self.slot is Slot.TP and bool(draft.take_profits) and self.tp_line == self.line
        # "ETH 做空 仓位思路强平控制3000 / 2112市价直接空": a note on the order's line; its price may follow
        # "XAU USD SELL NOW / Lot size: 0.05 / 4515 - 4519": a field line between the order line and its price
        unpriced = draft.entry is None and draft.entry_range is None and not draft.has_levels
        if (self.slot is Slot.ENTRY and self.implicit and unpriced and self.line > self.implicit_line
                and self._note_before_price(self.label_end)):
            return  # "XAUUSD SELL / High risk 4018-4021.5": a note on the trade's kind before its price
        awaited = (self.slot is Slot.IGNORE and self.after_ignore is Slot.ENTRY) or (
            self.slot is Slot.ENTRY and (self.implicit or self.pending) and unpriced
            and (self.line == self.implicit_line or self._price_line_next(self.label_end)))
        self._open(Slot.IGNORE)
        self.pending = False
        self.after_ignore = Slot.TP if listing else Slot.ENTRY if awaited else Slot.NONE

    def _note_before_price(self, pos: int) -> bool:
        """Whether a price follows on this line after ``pos`` and only words an entry's price may follow stand before
        it ("High risk 4018-4021.5", "Scalp 4018")."""
        line_end = self.data.find(b"\n", pos)
        price = spans.find(lexicon.PRICE, self.data[:line_end if line_end >= 0 else len(self.data)], pos)[0]
        return price >= 0 and self._only_entry_words_before(price)

    def _price_line_next(self, pos: int) -> bool:
        """Whether the next line holding anything after the one at ``pos`` holds a price or a zone alone."""
        line_end = self.data.find(b"\n", pos)
        if line_end < 0:
            return False
        following = self.data[line_end + 1:].lstrip(b" \t\r\n").split(b"\n", 1)[0]
        return spans.match(PRICE_LINE, following) is not None

    def _labelled_off_implicit(self) -> bool:
        """Whether the price after this entry label, on the side word's line, is off the scale of the number read
        after the side word ("SHORT BTCUSDT (BB:20) Entry: 95000": the 20 was no price of the order)."""
        draft = self.draft
        start, end = spans.match_at(_LABELLED_PRICE, self.data, self.label_end)
        labelled = to_decimal(self.data[start:end].lstrip(b" \t:=@-$")) if start >= 0 else None
        implicit = [draft.entry] if draft.entry is not None else list(draft.entry_range or ())
        return labelled is not None and labelled > 0 and any(off_scale(value, labelled) for value in implicit)

    def _entry_label(self, kind: str) -> None:
        """"Market price :" (a quote the order line replaces), "between"/"zone" (prose a labelled entry replaces)
        and "Entry:" (the labelled entry itself)."""
        draft = self.draft
        if kind == "quote":
            if (self.entry_word == (self.line, self.index - 1) and draft.has_levels and draft.entry is None
                    and draft.entry_range is None):
                return  # "止損：270.57 / 進場：市價288.00—279.33": "at the market's price" under the entry's own label
            if draft.entry is None and draft.entry_range is None and not draft.has_levels:
                self._open(Slot.ENTRY)
                draft.quoted = True
            else:
                self._open(Slot.NONE)  # "... TP2: 2356 / Price now 2345.6": the market's price, no level of the order
        elif kind == "prose_entry":
            if self.pending and self.slot in (Slot.TP, Slot.SL):
                return  # "Sell Zone: 15.00 - 16.00" after a Buy, "TP area 2360": the word belongs to its label
            if not (draft.entry_labelled and (draft.entry is not None or draft.entry_range is not None)):
                self._open(Slot.ENTRY)
                # ("Buy Zone 1: 2350 / Buy Zone 2: 2345": a zone word right after the side word labels the entry)
                self.prose = not draft.entry_labelled and self.side_word != (self.line, self.index - 1)
        elif kind == "entry":
            self.entry_word = (self.line, self.index)
            if self.limit_word == (self.line, self.index - 1) and self._limit_leg():
                return  # "Limit entry: 0.5782"
            if (self.entry_repeated and draft.entry_labelled and not draft.entry_implicit and not draft.has_levels
                    and self.line > draft.entry_line and draft.entry is not None
                    and self._price_follows(self.label_end) and self._entry_leg(2, self.label_end)):
                return  # "الدخول الأول 2350 / الدخول الثاني 2345": each entry under a label of its own, a leg
            if draft.entry_prose and not draft.has_levels:
                draft.entry = draft.entry_range = None  # "Buy gold between 2340 and 2350 / Entry: 2345"
                draft.entry_prose = False
            if draft.side is not None and draft.entry_line < draft.side_line <= self.line and not draft.has_levels:
                # "Price made a strong push to 2.29 / LIGHTUSDT Short / Entry Zone: 2.18 – 2.22": a price in the
                # text above the order line, which the order's own labelled entry replaces
                draft.entry = draft.entry_range = None
            draft.entry_labelled = True
            if draft.quoted:
                draft.entry = draft.entry_range = None
                draft.quoted = False
            if (draft.entry_implicit and (not draft.has_levels or self._implicit_off_levels())
                    and (self.line > draft.side_line or self._labelled_off_implicit())
                    and spans.match_at(_ENTRY_NOTE_NEXT, self.data, self.label_end)[0] < 0):
                # "Idea on X 15M SHORT ... Entry: 0.17724 - 0.17579": the labelled entry wins over a number
                # that merely followed the side word (not "Entry valid 2 hours": no price of its own); after
                # the targets too when that number is off their scale ("$XAUUSD long / +8RR / TP: 4800 / Entry:
                # 4720", "LONG / ⏱️ 60 / 🎯 TP: 0.007313 / 💰 Entry: 0.007205").
                draft.entry = draft.entry_range = None
                draft.entry_implicit = False
            self._open(Slot.ENTRY)


def _alike_distance(value: Decimal, distance: Decimal, whole: bool) -> bool:
    """Whether ``value``, before a pips ``distance`` in one list, is a distance too: within 4x of it (of the next
    distance in the list: "20-50-100 Pips") and written alike (a pip count is a whole number where the distance is;
    a price of the same size has its decimals)."""
    return distance / 4 <= value <= distance * 4 and _written_whole(value) is whole


def _written_whole(value: Decimal) -> bool:
    """Whether the number was written without decimals ("50", not "50.0")."""
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= 0
