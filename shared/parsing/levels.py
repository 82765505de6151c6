"""Numbers in the reading pass: entries and zones, stop losses, targets (the part of Reader that reads prices)."""

from __future__ import annotations

from decimal import Decimal

import re2

from shared.domain.signal import PRICE_DIGITS_MAX, OrderType, Side
from shared.parsing import assess, lexicon, spans, symbols
from shared.parsing.draft import Draft, Slot, split_number
from shared.parsing.numbers import CYRILLIC_KILO, expand_shorthand, kilo_digits, thousands_raw, to_decimal

SYMBOL_KINDS = frozenset({"pair", "crypto_pair", "cashtag", "index", "alias", "crypto_bare", "option"})
RANGE_GAPS = frozenset({b"-", "–".encode(), "—".encode(), b"_", b"/", b"~", b"&", b"to", b"and", "و".encode(), b",",
                        b"till", b"or", b"upto", b"up to", b"<>", "➖".encode(), b"...", "…".encode(),
                        # "CMP 215 add till 210", "@ 6495, add up to 6440": the zone the order is averaged over
                        b"add till", b"add up to", b"add upto", b", add up to", b", add till", b"add more till",
                        "•".encode(),
                        # "من 3363 الى 3365", "از 2350 تا 2355", "от 2350 до 2355", "từ 2350 đến 2355": "to"
                        # (and in capitals: "ДО", "ĐẾN"; "ATÉ" as range_gap lowers it, "atÉ": bytes.lower() is
                        # ASCII's only)
                        *(word.encode() for word in ("الى", "إلى", "ألى", "تا", "до", "До", "ДО", "đến", "ĐẾN",
                                                     "atÉ", "hingga", "sampai",
                                                     "hasta", "bis", "até", "fino", "tot", "through", "thru",
                                                     # "2350 a 2352", "63800至64000", "3100〜3112"
                                                     # ("－": a full-width dash)
                                                     "a", "à", "至", "到", "〜", "～", "－"))})
_ENTRY_NOTE = re2.compile(r"(?i)\([^)\n]{0,20}\)|\b(?:usdt?|usdc)\b")  # "(market)", "USD" after an entry's price
_DASH_THEN_PRICE = re2.compile(r"[ \t]*(?:-|–)[ \t]*(\d+(?:[.,]\d+)?)".encode())  # " - 75.5": a zone's second bound
_LIMIT_THEN_SIDE = re2.compile(r"(?i)[ \t]+(?:limit|лимит(?:ка|кой)?)[ \t]+(?:long|short|buy|sell|лонг|шорт)\b")
ZONE_ONLY_GAPS = frozenset({b":"})  # "buy now 3956 :3953": a colon joins two entry prices, never a target list
ZONE_WIDTH_MAX = Decimal("0.25")  # two entry prices more than 25% apart are not one zone
# ... unless a zone word says so ("In Range @ 40 - 60": an option's premium moves that much)
NAMED_ZONE_WIDTH_MAX = Decimal(1)


_NEAR = "附近".encode()
# what may follow a price alone on its line: a zone's second price, marks ("4332-4347", "2350 🔥")
_REST_OF_ZONE = re2.compile(r"[ \t]*(?:(?:-|–|—|~|/)[ \t]*\$?\d[\d.,]*)?[^\pL\pN\n]*")
_PRICE_BYTES = frozenset(b"0123456789.,")  # (ints: indexing bytes gives the byte's value)
_LEG_MARKS = (b"@", b")", b":")
_DIGIT = re2.compile(r"\d")
# "Entry: if it breaks below 115,500", "Entry Trigger: Breakdown below $115,500": the entry waits for a condition;
# a person decides whether it is a stop order or no order at all
_BREAK_PAST = r"\b(?:break(?:s|ing)?|breakdown|breakout|closes?|closing)[ \t]+(?:below|above|under|over)\b"
_ENTRY_CONDITION = re2.compile(r"(?i)\b(?:trigger(?:ed)?|if|once|when|after|upon|unless|only)\b|" + _BREAK_PAST)
_CONDITION_AFTER_ENTRY = re2.compile(r"(?i)\b(?:if|once|when|upon|unless)\b"
                                     r"|\bafter[ \t]+(?:a|the)[ \t]+(?:close|break|candle)|" + _BREAK_PAST)
_CONDITION_BEFORE_LABEL = re2.compile(r"(?i)\b(?:if|once|when|upon|unless)\b")
_LOSS_WORD = re2.compile(r"(?i)\b(?:loss|losses|risk|invalid\w*|cut)\b")
# ("Risk: 4534.72", "Risk 5052" opening the line; not "Low risk: 4018-4021.5", the trade's grade)
_RISK_FIELD = re2.compile(r"(?i)^[^\pL\pN\n]*risk[ \t]*(?:[:@=]|$)")
_NUMBER_AT_END = re2.compile(r"(\d+(?:[.,]\d+)*)$")
# a line of its own naming a field ("Zork:"): the list under it is that field's, not the entry's above it
_FIELD_LINE = re2.compile(r"(?m)^[^\pL\pN\n]*\pL[\pL \t'-]*:[ \t]*$")
# a line that opens with a field's name in Latin letters and its colon, right before a price ("(OTE: 2.29)")
_LATIN_FIELD = re2.compile(r"^[^\pL\pN\n]*\p{Latin}[\p{Latin} \t'-]*:[ \t]*\$?$")
# an entry label's own answer at the market ("Entry: market", "Entry: Now", "Вход по рынку", "Entry: CMP")
_MARKET_ANSWER = re2.compile(r"(?i)\b(?:market|now|cmp|instant|immediately|asap)\b|по[ \t]+рынку|с[ \t]+текущих")
_NOTE_NEAR_ENTRY = Decimal("0.05")  # a price under a note word this close to the entry is a level left unread
# "(with a maximum value 102550.0)", "(with a minimum value of 69352.0)": the zone's other bound
_MAXIMUM_GAP = re2.compile(r"(?i)^[ \t(]*(?:with[ \t]+a[ \t]+)?(?:max(?:imum)?|min(?:imum)?|up[ \t]*to|down[ \t]*to)"
                          r"(?:[ \t]+(?:value|price|entry|of))*[ \t:=$]*$")
_LOTS = re2.compile(r"^\d{1,2}\.\d{1,2}$")  # "0.10", "1.5": a lot size's form
# the tokens an entry's number follows ("Entrada 1 2350", "Buy 1 2350", "Buy Zone 1 2350", "Limit 1 2350") and what
# follows the number when it is one: spaces (or a dash or an arrow, then spaces), then a price of two digits or more,
# or with a point
_INDEXED_ENTRY_KINDS = ("entry", "side", "prose_entry", "limit")
_SPACED_PRICE = re2.compile(r"([ \t]+|[ \t]*(?:[-–—]|→|->)[ \t]+)\$?(\d+(?:[.,]\d+)?)")
_ZONE_TAIL = re2.compile(r"[ \t]*-[ \t]*\d+(?:\.\d+)?")  # "-1546" after "1548": a zone's second bound
_AT_PRICE = re2.compile(r"(?i)(?:@|\bat\b)[ \t]*\$?\d")
_LOT_THEN_PRICE = re2.compile(r"(?i)^[ \t]*(?:lots?[ \t]+)?(?:@|at\b)[ \t]*\$?(\d+(?:\.\d+)?)")
_ASCII_FIELD = re2.compile(r"[A-Za-z]{3,}[ \t]*:")  # "OTE: 1.115", "Pivot: 2340": another field, named
_OTHER_FIELD = re2.compile(r"\pL{2,}[\pL\pN \t-]*:[ \t]*$")
_ENTRY_WORD = re2.compile(r"(?i)^(?:entry|entries|entrada|entrée|вход|ورود|الدخول)\b")  # a label naming the entry
_SENTENCE_WORDS = 3  # words before a price on a line under the targets that make it a sentence ("Закрыть по" is two)
_PRICE_ENDS = frozenset({b"", b" ", b"\t", b"\n", b"\r", b",", b";", b"|", b")", b"$"})
_DAY_AND_MONTH = re2.compile(r"^[^\pL\pN\n]*(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|[12]\d|3[01])(?:/\d\d(?:\d\d)?)?"
                             r"[^\pL\pN\n]*$")
_MONEY_AFTER = re2.compile(r"(?i)\$|[ \t]?(?:usd|dollars?)\b")
_NOTE_BRACKETS = frozenset({(b"(", b")"), (b"[", b"]")})
_TYPO_ZONE_GAPS = frozenset({b"-", "–".encode(), "—".encode(), b"~"})


def _same_digits(first: bytes, second: bytes) -> bool:
    """Whether two written prices have about as many digits (one more or one fewer): a typo's mark, unlike a
    price beside a count or a shorthand ("2350 - 2")."""
    digits = len(second) - len(second.translate(None, b"0123456789"))
    return abs(len(first) - len(first.translate(None, b"0123456789")) - digits) <= 1 and digits >= 3


_SENTENCE_ENDS = (b";", b".", "。".encode(), "；".encode())
_FULL_WIDTH_COLON = "：".encode()


def _continuing(expanded: Decimal, raw: bytes, targets: list[Decimal]) -> Decimal:
    """"TP : 4115/10/5": a shorthand target that would turn back against the list's way steps on, to 4105."""
    targets = [level for level in targets if abs(level - expanded) < expanded / 2]  # not "3/TAKE PROFIT"'s index
    if len(targets) < 2 or targets[-1] == targets[-2] or not raw.isdigit():
        return expanded
    step = Decimal(10) ** (len(raw) + min(0, int(expanded.as_tuple().exponent)))
    falling = targets[-1] < targets[-2]
    stepped = expanded - step if falling and expanded > targets[-1] else (
        expanded + step if not falling and expanded < targets[-1] else expanded)
    # only where the step keeps the list's pace ("1.0870/50/60" is a typo to hold, not 1.0760)
    return stepped if abs(stepped - targets[-1]) <= 2 * abs(targets[-1] - targets[-2]) else expanded


def _before_first_digit(text: bytes) -> int:
    """Where ``text``'s first digit stands (its length when it holds none)."""
    return next((index for index, byte in enumerate(text) if 48 <= byte <= 57), len(text))


def _after_last_digit(text: bytes) -> int:
    """Where ``text`` goes on past its last digit (0 when it holds none)."""
    index = len(text)
    while index and not 48 <= text[index - 1] <= 57:
        index -= 1
    return index


def _unknown_word_in(text: bytes) -> bool:
    """Whether ``text`` holds a word of two letters or more that is no token the reader knows ("Zork around -" holds
    one; "SL @" none)."""
    pos = 0
    while True:
        start, end = spans.find(lexicon.TOKENS, text, pos)
        if spans.found(lexicon.PROSE_WORD, text[pos:start if start >= 0 else len(text)]):
            return True
        if start < 0:
            return False
        pos = end if end > start else start + 1


def behind_unknown_word(line: bytes, written: bytes) -> bool:
    """Whether the price ``written`` on ``line`` follows a word the reader does not know, with no number between
    ("BUY GOLD NOW Protect 2330": the word may label the price as a level other than the entry)."""
    at = line.find(written) if written else -1
    if at < 0:
        return False
    head = line[:at]
    return _unknown_word_in(head[_after_last_digit(head):])


def off_scale(value: Decimal, level: Decimal) -> bool:
    """Whether ``value`` is more than three times away from ``level``: no price of the same market."""
    return value * 3 < level or value > level * 3


def range_gap(gap: bytes) -> bytes:
    """What joins two prices, tidied: "$4,450 - $4,550", "4488__4480" and "4756//4759" are joined like "-"."""
    # ("1.8149附近—1.778", "@2350/@2345")
    joint = gap.replace(b"$", b"").replace(b"@", b"").replace(_NEAR, b"").strip().lower()
    if joint[:3] == b"usd" and b" " in joint:  # "8.8 USDT to 9.5 USDT": the price's unit, then the joint
        unit, _, rest = joint.partition(b" ")
        joint = rest.strip() if unit in (b"usd", b"usdt", b"usdc") else joint
    if joint[:2] == b".." and joint == b"." * len(joint):
        return b"..."  # "2345...2350": the dots join, they are no decimal point
    return joint[:1] if len(joint) > 1 and joint == joint[:1] * len(joint) and not joint.isalpha() else joint


# Words that may stand alone before the entry's price on a line of its own: a trigger or a price field ("ABOVE ₹170",
# "💵 Precio: 282.787"); lowered as text, since bytes.lower() leaves "Цена" alone.
_ENTRY_PREFIXES = frozenset({"at", "now", "market", "from", "cmp", "price", "entry", "zone", "above", "below", "near",
                             "around", "precio", "preço", "preco", "prix", "preis", "harga", "fiyat", "цена", "价格",
                             "價格", "现价", "現價", "开仓价", "開倉價", "开仓价格", "開倉價格",
                             "usdt", "usdc", "usd",  # ("ETH | USDT @ $3,825.25": the pair's quote, split off)
                             # "XAUUSD SELL / High risk 4018-4021.5", "Scalp 4018": a note on the trade's kind
                             "risk", "risky", "scalp", "scalping", "swing", "intraday", "aggressive", "conservative",
                             "level"})  # ("BUY - NIFTY 26000 PE / NEAR LEVEL -- 115")
_RISK_GRADES = frozenset({"high", "low", "medium", "mid"})  # before "risk" only: "High 4050" is the day's high


_LIST_NUMBER = re2.compile(rf"^[^\pL\pN\n]*{lexicon.LIST_NUMBER}[ \t]*")
_LABEL_INDEX = re2.compile(r"[ \t#№]+\d{1,2}[ \t]*[:=)-]?[ \t]*$")
_THOUSANDS_GROUP = re2.compile(r"\d{3}(?:\.\d{1,8})?$")


class LevelReading:
    """Mixed into ``Reader``: what a number means depends on the open slot and on what came just before it."""

    data: bytes
    drafts: list[Draft]
    slot: Slot
    pending: bool
    implicit: bool
    implicit_line: int
    line: int
    limit_word: tuple[int, int]
    line_start: int
    symbol_line: int
    symbol_token: int
    tp_index: Decimal | None
    tp_written: int
    entry_raw: bytes  # the last entry label, lowered
    label_end: int
    tp_line: int
    tp_line_count: int
    prose: bool
    pre_entry: tuple[bytes, int] | None
    pre_zone: bytes | None
    last_number: tuple[bytes, int, Slot]
    entry_word: tuple[int, int]
    index: int  # the token being read

    draft: Draft  # the signal being read: the last one started (an attribute, read about twenty times a message)

    def _start(self, draft: Draft) -> None:
        """Start reading the next signal (or leg)."""
        self.drafts.append(draft)
        self.draft = draft

    def _start_next(self, draft: Draft) -> Draft:
        """End the signal being read (its target list closed) and start ``draft``, no slot open; returns it."""
        self._close_take_profit()
        self._start(draft)
        self.slot, self.pending = Slot.NONE, False
        return draft

    def _close_take_profit(self) -> None:
        """A "TP 12" left without a value was the value itself."""
        if self.tp_index is None:  # (the common case, on every slot opened)
            return
        targets = self.draft.take_profits
        index = self.tp_index
        # after the targets, a mention: "ambil tp 1 aja"; "... exit in target 1" after four targets (the first)
        mention = bool(targets) and (index < targets[-1][0] / 4 or (
            index == index.to_integral_value() and index <= len(targets)))
        if self.slot is Slot.TP and self.pending and not mention:
            targets.append((index, True))
        self.tp_index = None

    def _open(self, slot: Slot, *, implicit: bool = False) -> None:
        self._close_take_profit()
        self.slot, self.pending, self.implicit, self.prose = slot, True, implicit, False


    def _signed(self, raw: bytes, index: int, gap: bytes, prev_kind: str, start: int) -> None:
        # "27200 -27150", "1,6750$-1,7100$" in an entry, "1.9524$-1.8161$" in a target list
        # ("4405$-4415$"; "做空位置114208--114400": a doubled hyphen joins the zone as one does)
        joined = (gap in (b"", b"$") or (self.slot is Slot.ENTRY and not gap.strip(b" \t$"))
                  or (gap[:1] == b"-" and not gap.strip(b"-")))
        if raw[-1:] in (b"k", b"K") or raw.endswith(CYRILLIC_KILO):  # "Tp 89.2k -110k-120k": a price in thousands
            thousands = to_decimal(kilo_digits(raw)[1:])
            if thousands is not None and prev_kind == "number" and joined:
                self._thousands_written_once(thousands, b"-")
            if thousands is not None and prev_kind in ("number", "signed", "kilo"):
                self._number(thousands_raw(thousands), index, b"-", prev_kind, start)
            return
        if prev_kind == "side" and self.last_number[1] == index - 1:
            prev_kind = "number"  # "SELL4405-4415": the side word carried the zone's first price
        if raw.startswith(b"-") and joined and prev_kind in ("number", "signed", "kilo"):
            # "4626-4629": the hyphen joins a zone ("2,085 -2,135": both bounds written the same way)
            self._number(self._comma_decimal(raw[1:]), index, b"-", prev_kind, start + 1)
        elif raw.startswith(b"+") and gap in (b"", b"$") and self._entry_joined_by_plus(raw[1:], index):
            self._number(raw[1:], index, b"-", prev_kind, start + 1)  # "ENTRY 5360+5350": two entries, one zone
        elif raw.startswith(b"-") and prev_kind in ("number", "signed") and self._next_target(raw[1:], index, gap):
            self._number(raw[1:], index, b"-", prev_kind, start + 1)  # "TP: 106.60 -107.30 -108.00"
        elif self.pending and not (len(raw) <= 3 and self.data[start + len(raw):start + len(raw) + 1] in (b"@", b":")):
            # "SL:-1185"; "Target 7-9-11": the hyphen right after the label's index joins a list (but "Tp-1@1.18020",
            # "TP-2: 4290": the label's index, then its price)
            self._number(raw[1:], index, gap or raw[:1], prev_kind, start + 1)
        # otherwise an annotation such as "+70" or "-70" after a level

    def _next_target(self, raw: bytes, index: int, gap: bytes) -> bool:
        """"TP: 106.60 -107.30 -108.00": a hyphen before each further target, spaced from the target before it; a
        price of that target's size, not "-70" pips or "-8%" after it."""
        targets, value = self.draft.take_profits, to_decimal(raw)
        return (self.slot is Slot.TP and bool(targets) and self.last_number[1] == index - 1 and gap != b""
                and not gap.strip(b" \t") and value is not None and value != targets[-1][0]
                and abs(value - targets[-1][0]) <= targets[-1][0] * ZONE_WIDTH_MAX)

    def _thousands_written_once(self, thousands: Decimal, gap: bytes) -> None:
        """"Цель: 50-55к", "TP: 50-55k": the thousands written once, after the list's last target."""
        targets = self.draft.take_profits
        if (self.slot is Slot.TP and targets and b"\n" not in gap and range_gap(gap) in RANGE_GAPS
                and thousands / 2 <= targets[-1][0] <= thousands * 2):
            targets[-1] = (targets[-1][0] * 1000, targets[-1][1])

    def _entry_joined_by_plus(self, raw: bytes, index: int) -> bool:
        """"5360+5350" under an entry: a second price of the entry's size, not "+70" pips glued to it."""
        draft, value = self.draft, to_decimal(raw)
        return (self.slot is Slot.ENTRY and draft.entry is not None and draft.entry_token == index - 1
                and value is not None and abs(value - draft.entry) <= draft.entry * ZONE_WIDTH_MAX)

    def _glued_index(self, value: Decimal, raw: bytes, gap: bytes, prev_kind: str) -> tuple[Decimal, bytes]:
        """"TP14181" after an entry of 4176: target 1 at 4181, its index glued to the price."""
        draft = self.draft
        reference = draft.entry_price
        index = str(len(draft.take_profits) + 1).encode()
        if (not self.pending or gap or prev_kind != "tp" or reference is None or not raw.startswith(index)
                or len(raw) <= len(index) + 1 or value <= reference * 2):
            return value, raw
        rest = to_decimal(raw[len(index):])
        if rest is None or not reference / 2 <= rest <= reference * 2:
            return value, raw
        return rest, raw[len(index):]

    def _chinese_side_after(self, end: int) -> bool:
        """Whether a Chinese side word (多, 空, 做多...) follows with nothing but spaces and 附近 ("near") between.
        (In other languages a number right before the side word is as often a count or a timeframe.)"""
        rest = self.data[end:end + 16].lstrip(b" \t")  # (past the end for "66k", read as 66000: no side)
        if rest[:1] == b"-":  # "... / 下方见1548-1546多": a zone's first bound, then its second, then the side
            end = spans.match_at(_ZONE_TAIL, self.data, end)[1]
            rest = self.data[end:end + 16].lstrip(b" \t") if end >= 0 else b""
        if not rest or rest[0] < 0xE0:  # most prices end their line or list
            return False
        start, token_end = spans.find(lexicon.TOKENS, self.data, end)
        if start < 0 or self.data[end:start].replace(_NEAR, b"").strip(b" \t"):
            return False
        return lexicon.token_kind(self.data, start, token_end) == "side"

    def _symbol_follows(self, pos: int) -> bool:
        """Whether a symbol comes later on this line, before any number: "SELL GBPUSD 1.2650"."""
        return self._symbol_after(pos) is not None

    def _price_opens_order_line(self, start: int, end: int) -> bool:
        """"Hello / 1910 limit long ETH": a price opening its line, then a limit word and a side word."""
        return (not spans.found(lexicon.LETTER_OR_DIGIT, self.data[self.line_start:start])
                and spans.match_at(_LIMIT_THEN_SIDE, self.data, end)[0] >= 0)

    def _price_alone_above_side(self, start: int, end: int) -> bool:
        """A price (or a zone) alone on its line, and a side word opening the next line that has words."""
        data = self.data
        line_end = data.find(b"\n", end)
        if line_end < 0 or not self._alone_on_its_line(start, end) or spans.found(
                _DAY_AND_MONTH, data[self.line_start:line_end]):  # ("📅 05/12 / LONG EURUSD": a date, no zone)
            return False
        side_start, side_end = spans.find(lexicon.TOKENS, data, line_end)
        if (side_start < 0 or data.count(b"\n", line_end, side_start) > 2
                or spans.found(lexicon.LETTER_OR_DIGIT, data[line_end:side_start])):
            return False
        kind = lexicon.token_kind(data, side_start, side_end)
        if kind in SYMBOL_KINDS or kind in ("glued", "hashtag"):
            # "4594-4598 / GOLD BUY": the next line opens with the market, then its side word
            symbol_end = side_end
            side_start, side_end = spans.find(lexicon.TOKENS, data, symbol_end)
            gap = data[symbol_end:side_start]
            if side_start < 0 or b"\n" in gap or spans.found(lexicon.LETTER_OR_DIGIT, gap):
                return False
            kind = lexicon.token_kind(data, side_start, side_end)
        return kind == "side"

    def _alone_on_its_line(self, start: int, end: int) -> bool:
        """Whether the price at ``start``-``end`` (or the zone it opens, "4122 - 4126") stands alone on its line,
        among marks only."""
        return not spans.found(lexicon.LETTER_OR_DIGIT, self.data[self.line_start:start]) and self._line_ends_after(end)

    def _side_next(self, pos: int) -> bool:
        """Whether the next token on this line is a side word: "Gold Buy 2350"."""
        start, end = spans.find(lexicon.TOKENS, self.data, pos)
        return (start >= 0 and b"\n" not in self.data[pos:start]
                and lexicon.token_kind(self.data, start, end) == "side")

    def _symbol_after(self, pos: int) -> tuple[str, bytes] | None:
        """(kind, text) of the symbol that comes later on this line before any number; None when none does."""
        data = self.data
        line_end = data.find(b"\n", pos)
        line_end = len(data) if line_end < 0 else line_end
        while pos < line_end:
            start, end = spans.find(lexicon.TOKENS, data, pos)
            if start < 0 or start >= line_end:
                return None
            kind = lexicon.token_kind(data, start, end)
            if kind in SYMBOL_KINDS or kind in ("glued", "hashtag", "coin"):
                return kind, data[start:end]
            if kind in ("number", "signed", "kilo"):
                return None
            pos = max(end, start + 1)
        return None

    def _accepts_implicit(self, start: int) -> bool:
        """After "BUY NZDUSD" a price on the same line, or alone on a later line, is the entry; "(after 30 min
        news)" or "ID : 4-03" on a later line is not."""
        return self.line in (self.implicit_line, self.symbol_line) or self._only_entry_words_before(start)

    def _comma_decimal(self, raw: bytes) -> bytes:
        """``raw`` with its comma read as the message writes decimals (the reader knows the convention)."""
        return raw

    def _thousands_fit(self, whole: bytes) -> bool:
        """Whether "3,402" read in thousands is where the symbol trades and read as 3.402 is not ("#XAUUSD ЛОНГ
        LIMIT @ 3,402"): the table of typical prices settles a comma the message's script leaves open."""
        band = self._typical_band()
        return band is not None and band[0] <= int(whole) <= band[1] and not band[0] <= int(whole) / 1000

    def _decimals_fit(self, whole: bytes) -> bool:
        """The other way round: "Entry: 139,506" under GBPJPY is 139.506, where the pair trades (139506 is not). A
        currency pair's only: a metal named by its alias may yet be MCX's, priced in rupees by the thousand."""
        draft = self.draft
        name = symbols.normalize(draft.symbol_kind, draft.symbol, b"") if draft.symbol else ""
        if not (draft.symbol_kind in ("pair", "glued", "alias") and symbols.currency_pair(name)):
            return False
        band = assess.typical_band(name)
        return band is not None and band[0] <= int(whole) / 1000 <= band[1] and not band[0] <= int(whole) <= band[1]

    def _dotted_thousands(self, raw: bytes) -> bool:
        """"Entrada: 79.400 - 79.900" under BTC: a point before three digits groups thousands where the market's
        typical price says so (Portuguese, Spanish, German, Turkish write so), as a comma does elsewhere."""
        whole = raw.replace(b".", b"")
        return len(raw) <= 7 and len(whole) == len(raw) - 1 and whole.isdigit() and self._thousands_fit(whole)

    def _typical_band(self) -> tuple[float, float] | None:
        """Where the table of typical prices says the draft's market trades; None when it does not know it."""
        draft = self.draft
        return assess.typical_band(symbols.normalize(draft.symbol_kind, draft.symbol, b"")) if draft.symbol else None

    def _price_under_note(self, value: Decimal, start: int) -> bool:
        """Whether a number under a note word is a price of this order: "BUY BTCUSDT 65000 max 65500" (the entry's
        size, on the entry's line), "XAUUSD SELL / High risk 4018-4021.5 / Sl 4015" (the market's price before any
        level: the order's zone, most likely, but unread)."""
        draft = self.draft
        if draft.entry is not None:
            if self.line == draft.entry_line:
                return abs(value - draft.entry) <= draft.entry * _NOTE_NEAR_ENTRY
            # "XAUUSD BUY 2350 / Max loss at 2340": on a later line that speaks of a loss, where the missing stop
            # would be (not "DCA: 2345", a second entry the order leaves out)
            near = abs(value - draft.entry) <= draft.entry * _NOTE_NEAR_ENTRY
            losing = value < draft.entry if draft.side is Side.BUY else value > draft.entry
            return (draft.stop_loss is None and draft.side is not None and near and losing
                    and spans.found(_LOSS_WORD, self.data[self.line_start:start]))
        return (draft.side is not None and draft.entry_range is None and not draft.has_levels
                and self._in_typical_band(value))

    def _last_entry_token(self) -> int:
        """The index of the entry's price token, or of its zone's second price; -9 when there is neither."""
        draft = self.draft
        if draft.entry is not None:
            return draft.entry_token
        return self.last_number[1] if draft.entry_range is not None and self.last_number[2] is Slot.ENTRY else -9

    def _in_typical_band(self, value: Decimal) -> bool:
        band = self._typical_band()
        return band is not None and band[0] <= float(value) <= band[1]

    def _line_ends_after(self, end: int) -> bool:
        """Whether only marks (or a zone's other bound) follow the price ending at ``end`` on its line."""
        line_end = self.data.find(b"\n", end)
        return spans.match_at(_REST_OF_ZONE, self.data, end)[1] == (len(self.data) if line_end < 0 else line_end)

    def _field_price(self, value: Decimal, start: int) -> bool:
        """A number that the market's typical price says is a price, the first one of its line, under an order that
        has no price yet: "Last: 2350.50", "Fill 4018", "Pending order at 2350". Whatever the words before it, it
        is the order's price most likely, and no order goes out with it dropped unread."""
        if self.draft.symbol is None or spans.found(_DIGIT, self.data[self.line_start:start]):
            return False
        return self._in_typical_band(value)

    def _only_entry_words_before(self, pos: int) -> bool:
        """Whether the words on this line before ``pos`` may stand before an entry's price ("Price", "@")."""
        head = self.data[self.line_start:pos]
        if spans.found(_RISK_FIELD, head):
            return False  # "Risk: 4534.72", "Risk @ 4332": a field's value (the stop's, most likely), no entry
        words = [word.decode("utf-8", "replace").lower() for word in lexicon.PREFIX_WORDS.findall(head)]
        return all(word in _ENTRY_PREFIXES or (word in _RISK_GRADES and "risk" in words) for word in words)

    def _unreadable_number(self, raw: bytes) -> None:
        """A number no price can carry ("8.1429949999999991"): a stop's label stays unfilled (builtin holds the
        order, sl_unreadable); a target's index stays an index, and a target meant is held for too."""
        if self.slot is Slot.TP:
            self.tp_index = None  # "Target 2: <a price too long to carry>": the 2 stays an index
            if self.pending and len(raw) > PRICE_DIGITS_MAX:
                self.draft.reasons.append("tp_unreadable")

    def _number(self, raw: bytes, index: int, gap: bytes, prev_kind: str, start: int) -> None:
        value = self._value(raw, index, gap)
        if value is None:
            return
        draft, slot = self.draft, self.slot
        if (slot in (Slot.TP, Slot.SL) and draft.side is not None
                and self._chinese_side_after(start + len(raw))):
            # "止盈63800-63500。1823做多": a price right before a side word opens the next signal, it ends no list
            limit = OrderType.LIMIT if self.limit_word == (self.line, index - 1) else OrderType.MARKET  # "委托62200"
            self._start_next(draft.next_signal(limit))
            self.pre_entry, self.pre_zone, self.symbol_line = (raw, index), None, self.line
            return
        if len(raw) <= 2 and raw.isdigit() and (
                (not spans.found(lexicon.LETTER_OR_DIGIT, self.data[self.line_start:start])
                 and spans.match_at(lexicon.ENUMERATED, self.data, start + len(raw))[0] >= 0
                 and not self._zone_follows(value, start + len(raw)) and not self._other_bound(value))
                or spans.match_at(lexicon.ENUMERATED_MIDLINE, self.data, start + len(raw))[0] >= 0):
            return  # "Targets : / 1 0.03750 / 2 0.0382", "1. [`4.07737`] 2. [`4.11774`]": the list's numbering
        if (slot is Slot.TP and self.data[start + len(raw):start + len(raw) + 1] == b"-"
                and raw == str(len(draft.take_profits) + 1).encode()
                and spans.match_at(lexicon.INDEX_DASH, self.data, start + len(raw))[0] >= 0):
            return  # "Цели - 1-6.411 2-6.475": the next target's number, a dash, its price
        last_raw, last_index, last_slot = self.last_number
        self.last_number = (raw, index, slot)
        spaced = bool(gap) and not gap.strip(b" \t$")  # only spaces (and a "$") between this number and the last
        listed = slot is Slot.TP and len(draft.take_profits) >= 2  # "Target 78 98 120 150": a list, not "98.120"
        if spaced and last_index == index - 1 and last_slot is slot and self._spaced_pair(last_raw, raw, gap, slot,
                                                                                           listed=listed):
            return
        before = (draft.entry, draft.entry_range, draft.stop_loss, len(draft.take_profits), len(draft.unlabelled))
        if slot is Slot.ENTRY:
            if not self._entry_number(value, raw, index, prev_kind, gap, spaced, start):
                self._unread_under_word(value, before, gap, start)
                return  # not the entry: the slot still waits for it
        elif slot is Slot.SL:
            self._stop_number(value, (raw, index), gap, start,
                              follows_stop=last_slot is Slot.SL and last_index == index - 1)
        elif slot is Slot.TP:
            self._take_target(value, raw, last_raw if last_slot is Slot.TP and last_index == index - 1 else b"",
                              (gap, prev_kind), index, start)
        elif slot is Slot.IGNORE and self._price_under_note(value, start):
            draft.unlabelled.append(value)  # no level takes it, and the order is held (level_unlabelled)
        elif slot is Slot.NONE and draft.side is None:
            self._price_before_side(raw, index, (gap, prev_kind), start, (last_raw, last_index, last_slot))
        elif (slot is Slot.NONE and (draft.entry is not None or draft.entry_range is not None)
              and not off_scale(value, draft.reference_price or value)
              and self._alone_on_its_line(start, start + len(raw))):
            # "GOLD BUY 4272/4270 / Lot size: 0.05 / 4275 / 4277": prices alone on their lines under the order after a
            # field no level takes, on the entry's scale: targets by position, or a doubt; never dropped unread
            draft.unlabelled.append(value)
        self._unread_under_word(value, before, gap, start)
        self.pending = False

    def _unread_under_word(self, value: Decimal, before: tuple[object, ...], gap: bytes, start: int) -> None:
        """A price of the order's size that no level took, after a word the reader does not know ("Zork 3358", "stop
        1.0820 goal 1.0900", "Zork around - 38.00"): a level under an unknown label, most likely. It was dropped and
        the order traded without it; now the order is held (level_unlabelled). (``before``: the draft's levels before
        this number was read.)"""
        draft = self.draft
        if before != (draft.entry, draft.entry_range, draft.stop_loss, len(draft.take_profits),
                      len(draft.unlabelled)) or self.slot is Slot.IGNORE:
            return
        reference = draft.reference_price
        if reference is None and draft.side is not None and self.slot in (Slot.NONE, Slot.ENTRY):
            # "EUR/USD / BUY / 🎯 Zork: 1.0845 / TP: 1.0890": the order's only price yet, under a field not read
            draft.field_price = draft.field_price or self._field_price(value, start)
            draft.early_prices.append(value)
        if (reference is None or abs(value - reference) > reference * ZONE_WIDTH_MAX
                or value in (draft.entry, draft.stop_loss)):
            return
        head = self.data[self.line_start:start]
        line_end = self.data.find(b"\n", start)
        after = self.data[start:line_end if line_end >= 0 else len(self.data)].lstrip(b"0123456789.,$")
        if (spans.match(_LATIN_FIELD, head) is not None and not spans.found(lexicon.PRICE, after)) or head.rstrip(
                b" \t$").endswith((b"(", b"[")):
            # "OTE: 1.115", "(4747.5": one price under a field not read, or in a bracket, a note (a stop's is held:
            # builtin, and so is one among the targets); a list of them is the order's ("Zork: 4705 - 4725 - 4740")
            draft.field_notes.append(value)
            return
        if _unknown_word_in(after[:_before_first_digit(after)]):
            return  # "Broke $5,025, retested, held": a price in a sentence, a note (not "3110. 0,5%деп", its risk)
        if _unknown_word_in(head[_after_last_digit(head):]):
            # (since the line's last number: "... SL 1784 CMP 1776.60" holds a quote's known word, "BASIC COMEX:
            # SELL ..." before it is the channel's)
            draft.reasons.append("level_unlabelled")  # (not read by position as a stop or a target: a doubt only)

    def _price_before_side(self, raw: bytes, index: int, before: tuple[bytes, str], start: int,
                           last: tuple[bytes, int, Slot]) -> None:
        """A number read before any side word: the order's price when the side follows (``before``: the gap and the
        previous token's kind; ``last``: the number before it)."""
        gap, prev_kind = before
        last_raw, last_index, last_slot = last
        draft = self.draft
        if not spans.found(lexicon.PROSE_WORD, gap) and self.symbol_token >= 0 and (
                self.symbol_token == index - 1 or (self.symbol_token == index - 2 and prev_kind == "limit")):
            # "XAUUSD Trading Strategy 11": a name, not a price; "比特币委托58950附近做多": a limit's price
            self.pre_entry, self.pre_zone = (raw, index), None
        elif self._price_opens_order_line(start, start + len(raw)):
            self.pre_entry, self.pre_zone, self.symbol_line = (raw, index), None, self.line  # (the side takes it)
        elif self.symbol_token < 0 and self._price_alone_above_side(start, start + len(raw)):
            # "Hello traders! / 4332-4347 / Sell / XAUUSD": a price alone on its line over the side word, before any
            # market is named (the side takes it, as when the price opens the message)
            self.pre_entry, self.pre_zone, self.symbol_line = (raw, index), None, self.line
        elif self.pre_entry is not None and self.pre_entry[1] == index - 1 and range_gap(gap) in RANGE_GAPS:
            self.pre_zone = raw  # "ETH 3665-3635 附近多", "ETH  3665 - 3635附近多": a zone before the side word
        elif draft.symbol is not None and self._chinese_side_after(start + len(raw)):
            # "比特币 在这就反弹了 78450附近 空一下": Chinese puts the price before the side word (in English a
            # number right before "BUY" is as often a count or a timeframe: "M15 BUY"); "在59.00-59.20做多": a zone
            if last_index == index - 1 and last_slot is Slot.NONE and range_gap(gap) in RANGE_GAPS:
                self.pre_entry, self.pre_zone = (last_raw, last_index), raw
            else:
                self.pre_entry, self.pre_zone = (raw, index), None
            self.symbol_line = self.line

    def _other_bound(self, value: Decimal) -> bool:
        """"Entry : 32 / 28 Stop Loss : 26", "TRG 70 / 83 / 92 SL 40": a two-digit number opening the line under the
        entry's price and near it, or under the targets, on their scale and not the next one's index, is the zone's
        other bound or the next target; not the number of a list of labelled levels ("1 SL 2340", "3 TP 2370")."""
        draft = self.draft
        if value <= 9:
            return False
        if self.slot is Slot.TP:
            targets = draft.take_profits
            return bool(targets) and value != len(targets) + 1 and not off_scale(value, targets[-1][0])
        entry = draft.entry
        return (self.slot is Slot.ENTRY and entry is not None and draft.entry_range is None
                and abs(value - entry) <= entry * ZONE_WIDTH_MAX)

    def _zone_follows(self, value: Decimal, end: int) -> bool:
        """"Entry / 65 - 75.5": a two-digit number joined by a dash to a price of its own size is a zone's first
        bound, not a list's numbering ("1 - 0.03750"); numbers up to 9 stay numbering ("2 - 2.10")."""
        if value <= 9 or self.slot is not Slot.ENTRY:
            return False
        found = _DASH_THEN_PRICE.match(self.data, end)
        after = None if found is None else to_decimal(found.group(1))
        return after is not None and abs(after - value) <= value * ZONE_WIDTH_MAX

    def _a_count(self, raw: bytes, start: int) -> bool:
        """Whether a number right after the side word counts something rather than pricing the order."""
        if self.implicit and b"." in raw and len(raw) <= 5 and spans.match(_LOTS, raw) is not None:
            # "#12345678 buy 0.10 XAUUSD at 2350.50": a lot size, then the market and its price; "XAUUSD buy 0.10 at
            # 2350.00" (MetaTrader's notice): the market named first, the lot size right before the price
            end = self.data.find(b"\n", start)
            rest = self.data[start + len(raw):] if end < 0 else self.data[start + len(raw):end]
            if self.draft.symbol_open:
                return self._symbol_follows(start + len(raw)) and spans.found(_AT_PRICE, rest)
            priced = spans.match(_LOT_THEN_PRICE, rest)
            lots, price = to_decimal(raw), None if priced is None else to_decimal(priced.group(1))
            return lots is not None and price is not None and off_scale(lots, price)
        if not self.implicit or len(raw) > 2 or not raw.isdigit():
            return False
        if len(raw) == 1 and self.data[start + 1:start + 8].lstrip(b" \t")[:1] in _LEG_MARKS:
            return True  # "Sell 2 @ 0.6050", "Buy  2  @0.977": the leg's number, not its price
        # "BUY 1 MNQ LIMIT @ 6397": how many contracts, then what
        return self.draft.symbol_open and self._symbol_follows(start + len(raw))

    def _entry_conditional(self, start: int, end: int) -> bool:
        """Whether the labelled entry's price waits for a condition written before it or after it on its line."""
        line_end = self.data.find(b"\n", end)
        after = self.data[end:] if line_end < 0 else self.data[end:line_end]
        # ("If price breaks 2340": a condition on the label's line before the label governs its price too)
        lead = self.data[self.line_start:self.label_end] if self.line_start < self.label_end <= start else b""
        return (spans.found(_ENTRY_CONDITION, self.data[self.label_end:start])
                or spans.found(_CONDITION_AFTER_ENTRY, after) or spans.found(_CONDITION_BEFORE_LABEL, lead))

    def _price_follows(self, pos: int) -> bool:
        """Whether a price comes later on this line."""
        line_end = self.data.find(b"\n", pos)
        return spans.found(lexicon.PRICE, self.data[pos:line_end if line_end >= 0 else len(self.data)])

    def _entry_leg(self, number: int, end: int) -> bool:
        """Entry number ``number`` labelled before ``end``: from the second on, after the first one's price and before
        any stop or target, another leg of the signal; True when so read."""
        draft = self.draft
        if number < 2 or draft.has_levels or (draft.entry is None and draft.entry_range is None):
            return False
        if not self._price_follows(end):
            self._open(Slot.IGNORE)  # "— Усреднение: —": the second step left out
            self.pending = False
            return True
        # ("— B (лимит/усреднение): 29,10": the leg's own line calls it a limit order)
        limit = self.limit_word[0] == self.line and self.limit_word[1] > draft.entry_token
        self._start(draft.next_leg(self.line, OrderType.LIMIT if limit else draft.order_type, entry_labelled=True))
        self.entry_word = (self.line, self.index)
        self._open(Slot.ENTRY)
        return True

    def _an_entry_index(self, raw: bytes, gap: bytes, start: int) -> bool:
        """Whether a digit 1-5 after an entry's label or side word, then a price on its line, numbers the entry."""
        if raw not in b"12345" or gap.strip(b" \t#") != b"" or gap == b"":
            return False
        found = _SPACED_PRICE.match(self.data, start + 1)
        if found is None:
            return False
        price = to_decimal(found.group(2))
        if price is None or (len(found.group(2)) < 2 and b"." not in found.group(2)):
            return False
        # "Entry 1 - 159.80": the index, then its price; "Buy 1 - 1.2" is a zone of a coin priced near 1
        return not found.group(1).strip(b" \t") or price > 5 * int(raw)

    def _entry_number(self, value: Decimal, raw: bytes, index: int, prev_kind: str, gap: bytes, spaced: bool,
                      start: int) -> bool:
        """Read a number in the entry slot; False when it is a stray number the slot must look past."""
        draft = self.draft
        if len(raw) == 1 and prev_kind in _INDEXED_ENTRY_KINDS and self._an_entry_index(raw, gap, start):
            # "Entrada 1 2350 / Entrada 2 2345", "Buy 1 2350": the entry's number, then its price; from the second on,
            # another leg (as "Entry 2: 2345" is)
            self.last_number = (b"", -1, Slot.NONE)  # (no price: the next number is not its other half)
            if raw != b"1":
                self._entry_leg(int(raw), start + 1)
            return False
        if self.pending and not self.implicit and self._entry_conditional(start, start + len(raw)):
            draft.reasons.append("entry_conditional")  # (the entry may have come from a price field before the label)
        if draft.entry is None and draft.entry_range is None:
            if self.implicit and not self._accepts_implicit(start):
                draft.field_price = draft.field_price or self._field_price(value, start)
                return False
            if self._a_count(raw, start) or self._market_answered(start):
                return False
            draft.entry, draft.entry_raw, draft.entry_token, draft.entry_line = value, raw, index, self.line
            draft.entry_end = start + len(raw)
            draft.entry_implicit, draft.entry_prose = self.implicit, self.prose or self._words_after_label(start)
            draft.entry_listed = prev_kind == "enumerator"
        elif (draft.entry is not None and draft.entry_implicit and not draft.labelled and self.line > self.implicit_line
              and not spans.found(lexicon.PROSE_OR_DIGIT, self.data[self.line_start:start])):
            draft.unlabelled.append(value)  # "#USDCHF Buy 0.91500 / 🔻 0.91000 / 🔹 0.92350": levels by position
        elif draft.entry is not None and prev_kind in ("number", "signed", "kilo") and draft.entry_token == index - 1:
            # "XAUUSD BUY 1413.0 1409.0 1435.0", "#USDCHF Buy 0.91500 🔻 0.91000 🔹 0.92350": prices by position
            self._beside_entry(value, raw, gap, spaced, start)
        elif (draft.entry is not None and self.pending and prev_kind != "enumerator" and self.line == draft.entry_line
              and draft.order_type is OrderType.MARKET and abs(value - draft.entry) <= draft.entry * _NOTE_NEAR_ENTRY):
            # "Enter above: 102501.6 with a max price of 102550.0": a second price label on the entry's line; no level
            # takes its price, and the order is held (level_unlabelled). (A pending order's "CMP 1776.60" is the
            # market's quote beside its price.)
            draft.unlabelled.append(value)
        elif (draft.entry is not None and prev_kind in ("percent", "ordinal") and draft.entry_token == index - 2
              and gap.lstrip(b" \t")[:1] == b")" and not gap.lstrip(b" \t)").strip(b" \t,/|;\n-")):
            # "Entry: 0.50 (50%), 0.48 (50%)", "BUY: 0.50 (50%) 0.48 (50%)", "Entry: 2350 (1st) 2345 (2nd)": entries
            # listed, each with its share or its rank, span one zone
            self._maybe_zone(raw, b"-", start)
        elif draft.entry is not None and prev_kind == "enumerator" and (
                not self.implicit or draft.entry_listed or self._side_labels_list()) and not (
                draft.entry_end >= 0 and spans.found(_FIELD_LINE, self.data[draft.entry_end:start])):
            # "Entry Targets: 1) 57450 2) 56800", "#BTC LONG : / 1) 105K$ / 2) 102K$", "#BTC LONG 1) 105K 2) 102K": a
            # listed pair of entries
            self._maybe_zone(raw, b"-", start)
        elif draft.entry_range is not None and (prev_kind in ("number", "signed") or (
                prev_kind == "enumerator" and not self.implicit)):
            self._zone_third_price(value, raw, prev_kind, gap, start, index)
        elif draft.unlabelled and prev_kind == "number" and (spaced or not spans.found(lexicon.PROSE_OR_DIGIT, gap)):
            draft.unlabelled.append(value)
        elif self._another_entry_below(value) or self._entry_labelled_again(value):
            draft.unlabelled.append(value)
        return True

    def _entry_labelled_again(self, value: Decimal) -> bool:
        """"Усреднение: 64000 / Вход: 65000", "Entry 2: 64000 / Entry 1: 65000": a second labelled entry on a later
        line, before any stop or target, at another price: which one the order takes a person decides (the second
        was dropped and the order traded at the first)."""
        draft = self.draft
        return (self.pending and not self.implicit and not self.prose and draft.entry is not None
                and draft.entry_labelled and not draft.entry_implicit and self.line > draft.entry_line
                and not draft.has_levels and value != draft.entry)

    def _market_answered(self, start: int) -> bool:
        """"Entry: market / Zork: 2360": the entry's label answered on its own line (at the market, no price), a price
        on a later line behind a word the reader does not know is another field's (read as the entry, the order traded
        at its stop's price); True, and the order held (level_unlabelled), when so."""
        if self.implicit or not 0 <= self.entry_word[0] < self.line:
            return False
        label_start = self.data.rfind(b"\n", 0, self.label_end) + 1
        label_end = self.data.find(b"\n", self.label_end)
        label_line = self.data[label_start:label_end if label_end >= 0 else len(self.data)]
        head = self.data[self.line_start:start]
        if (not spans.found(_MARKET_ANSWER, label_line) or any(48 <= byte <= 57 for byte in label_line + head)
                or not _unknown_word_in(head)):
            return False
        self.draft.reasons.append("level_unlabelled")
        return True

    def _another_entry_below(self, value: Decimal) -> bool:
        """"XAUUSD SELL 2350 / SL 2360 / TP 2340 / Safe entry 2355": an entry labelled again under the complete order,
        at another price of its scale; which entry the channel means, a person decides (level_unlabelled)."""
        draft = self.draft
        if (not self.pending or self.implicit or self.prose or not draft.has_levels
                or not spans.found(_ENTRY_WORD, self.entry_raw)):  # (not "CMP 1776.60", "avg entry", "around")
            return False
        reference = draft.entry_price
        inside = draft.entry_range is not None and draft.entry_range[0] <= value <= draft.entry_range[1]
        return reference is not None and not off_scale(value, reference) and value != draft.entry and not inside

    def _words_after_label(self, start: int) -> bool:
        """"Short (Price rejected at 3400) / Entry: 3350-3360": words stand between the entry's label and its price,
        prose an entry labelled after it replaces."""
        if self.implicit or not self.line_start <= self.label_end < start:
            return False
        gap = self.data[self.label_end:start]
        if not gap.strip(b" \t:=-$@"):
            return False  # (the common case: "Entry: 2350")
        # ("Entrada Sugerida: $60,000", "السعر الحالي: 1.08550": words before a colon name the label)
        return spans.found(lexicon.PROSE_WORD, gap[max(gap.rfind(b":"), gap.rfind(_FULL_WIDTH_COLON)) + 1:])

    def _side_labels_list(self) -> bool:
        """Whether the side word's line ends in a colon ("#BTC ZON LONG :"), a label over the entries listed below."""
        draft = self.draft
        if draft.side_start < 0 or draft.side_line != self.implicit_line:
            return False
        end = self.data.find(b"\n", draft.side_start)
        return self.data[draft.side_start:end if end >= 0 else len(self.data)].rstrip().endswith(b":")

    def _beside_entry(self, value: Decimal, raw: bytes, gap: bytes, spaced: bool, start: int) -> None:
        """A price right after the entry's own price: the zone's other bound, a level by position, or a doubt."""
        draft = self.draft
        assert draft.entry is not None
        marks_only = b"\n" not in gap and not spans.found(lexicon.PROSE_OR_DIGIT, gap)
        if marks_only and gap.strip(b" \t") == b"+" and self._maybe_zone(raw, b"-", start):
            return  # "XAUUSD BUY 4185+ 4182": two entries joined by a spaced plus, one zone (as "5360+5350" is)
        if (draft.entry_labelled and not self.implicit and b"\n" in gap
                and not spans.found(lexicon.PROSE_OR_DIGIT, _ENTRY_NOTE.sub(b"", gap))):
            # "Entry Targets:\n60000 🔵\n59500", "Entry\n835 (market)\n852": the entries one per line
            if self._winning_side_under_entry(value):
                draft.unlabelled.append(value)
            else:
                self._maybe_zone(raw, b"-", start)
        elif (spaced or (marks_only and b" " in gap)) and (draft.zone_named or (
                draft.entry_labelled and not self.implicit and self.data[start + len(raw):][:1] in _PRICE_ENDS)):
            # "Entry Zone : 0.4790 0.4400", "Entry: 27300 26650" (not "Вход 0,291 0,3деп": a deposit's share),
            # "Entry Targets: 0.7034 🖖🏽 0.717605" (a mark between them)
            self._maybe_zone(raw, b"-", start)
        elif self._maybe_zone(raw, gap, start) or (
                spans.match(_MAXIMUM_GAP, gap) is not None and self._maybe_zone(raw, b"-", start)):
            return  # a zone; "Enter above: 102501.6 (with a maximum value 102550.0)" too
        elif self.implicit and (spaced or marks_only):
            draft.unlabelled.append(value)
            if spaced and b"\n" not in gap and len(draft.unlabelled) == 1:
                draft.beside_entry = value
        elif self.line > draft.entry_line and self._own_line_price(value, draft.entry, start):
            draft.unlabelled.append(value)  # "BUY GOLD 2350 / Invalid once under 2340": a level, words not read
        elif (draft.entry_range is None and (b"\n" not in gap or not gap.strip())
              and abs(value - draft.entry) <= draft.entry * ZONE_WIDTH_MAX):
            # "BUY GOLD 2350 hasta 2355", "2350 vs 2355", "Entry: 2350 and on a dip 2345": a price beside the entry
            # past words the reader does not know, a zone's bound or another level; no level takes it, and the order
            # is held. So is one opening the next line before a label ("BUY RANGE: 4973 / 4978 SL 4968").
            draft.unlabelled.append(value)

    def _stop_number(self, value: Decimal, token: tuple[bytes, int], gap: bytes, start: int, *,
                     follows_stop: bool) -> None:
        """Read a number in the stop-loss slot (``token``: its text and index; ``follows_stop``: right after
        another number in it)."""
        draft = self.draft
        if self.pending and draft.stop_loss is None and not draft.stop_loss_void:
            draft.stop_loss = value
            draft.stop_money = self._money_marked(start, start + len(token[0]))
        elif (draft.stop_loss is None and draft.stop_loss_void and not draft.stop_loss_worded
              and b"\n" not in self.data[self.label_end:start]):
            # "SL 30 pips (2335)": the distance first, then the price on the label's line
            draft.stop_loss, draft.stop_loss_void = value, False
        elif (draft.stop_loss is not None and (reference := draft.reference_price) is not None
              and draft.stop_loss * 3 < reference and not off_scale(value, reference)
              and b"\n" not in self.data[self.label_end:start]):
            # "SL 10$ (2340)": a distance (or a price's last digits) first, then the price on the label's line
            draft.stop_loss = value
        elif (draft.stop_loss is not None and follows_stop
              and self.line == draft.side_line and draft.entry is None and draft.entry_range is None
              and not draft.take_profits and b"\n" not in gap and range_gap(gap) in RANGE_GAPS
              and abs(value - draft.stop_loss) <= draft.stop_loss * ZONE_WIDTH_MAX):
            # "SELL🛑4027-4037 ... SL⛔️4042": a stop is never a zone; the mark decorates the order's own zone
            draft.entry_range, draft.stop_loss = (min(value, draft.stop_loss), max(value, draft.stop_loss)), None
        elif draft.stop_loss is not None and self._entry_under_stop(value, token[0], start):
            # "XAU USD SELL NOW / SL 4130 / 4122 - 4126 / TP1 4119": the stop written before the order's own price,
            # which stands alone on its line on the entry's side of the stop
            draft.entry, draft.entry_raw, draft.entry_token, draft.entry_line = value, token[0], token[1], self.line
            draft.entry_implicit = True
            self.slot, self.pending, self.implicit = Slot.ENTRY, False, True
            self.implicit_line = self.line
        elif draft.stop_loss is not None and value != draft.stop_loss and (self.pending or (
                follows_stop and range_gap(gap) in RANGE_GAPS
                and abs(value - draft.stop_loss) <= draft.stop_loss * ZONE_WIDTH_MAX)):
            # a second stop label with another price, or two stops joined after one ("SL 2335 or 2330", not
            # "SL 90800 (100)", a distance): which one holds?
            draft.reasons.append("stops_differ")
        elif draft.stop_loss is not None and self._own_line_price(value, draft.stop_loss, start, named=True):
            draft.unlabelled.append(value)  # "ستوب لوز 2362 / ✅ تي بي 2345": a price under a label not read

    def _money_marked(self, start: int, end: int) -> bool:
        """Whether the number at ``start``-``end`` is an amount of money: "$20", "20$", "10 USD"."""
        return self.data[start - 1:start] == b"$" or spans.match_at(_MONEY_AFTER, self.data, end)[0] >= 0

    def _entry_under_stop(self, value: Decimal, raw: bytes, start: int) -> bool:
        """Whether a price alone on a line below the stop's (or a zone, "4122 - 4126") is the order's entry: the
        order has a side and no entry or target yet, and the price lies on the entry's side of the stop, within
        the distance a stop keeps."""
        draft = self.draft
        stop = draft.stop_loss
        if (stop is None or draft.side is None or draft.entry is not None or draft.entry_range is not None
                or draft.take_profits or draft.unlabelled or b"\n" not in self.data[self.label_end:start]):
            return False
        if not (value > stop if draft.side is Side.BUY else value < stop) or abs(value - stop) > stop * ZONE_WIDTH_MAX:
            return False
        return self._alone_on_its_line(start, start + len(raw))

    def _own_line_price(self, value: Decimal, level: Decimal, start: int, *, named: bool = False) -> bool:
        """A price near ``level`` on a later line than the slot's label, the line's first number: a level under a
        label the reader does not know (not a note on the label's own line, "SL 90800 (100)")."""
        if b"\n" not in self.data[self.label_end:start] or abs(value - level) > level * ZONE_WIDTH_MAX:
            return False
        before = _LIST_NUMBER.sub(b"", self.data[self.line_start:start])  # ("1) 2360", "2. 2370": a list's numbers)
        before = _LABEL_INDEX.sub(b"", before)  # ("Zorgo 1: 2360": an unknown label's own number)
        end = self.data.find(b"\n", start)
        after = _ENTRY_NOTE.sub(b"", self.data[start:] if end < 0 else self.data[start:end])
        # the line's first number, no note in brackets ("(OTE: 26.81)"), no prose after it ("$72,800 direnç ...")
        return (not spans.found(_DIGIT, before) and not before.lstrip(b" \t").startswith(b"(")
                and (named or not spans.found(_ASCII_FIELD, before)) and not spans.found(lexicon.PROSE_WORD, after))

    def _after_zone_rung(self, prev_kind: str, gap: bytes, start: int) -> bool:
        """Whether the number before this one (``gap`` before ``start``) is a bound of the zone, so that this one may be
        the ladder's next rung: not "Zork 1 🛡 4012" under "ENTRY POINT 4007_4004", a label's index before its price."""
        if prev_kind != "number":
            return True
        found = spans.search(_NUMBER_AT_END, self.data[max(0, start - len(gap) - 24):start - len(gap)])
        value = to_decimal(found.group(1)) if found is not None else None
        return value is None or value in (self.draft.entry_range or ())

    def _zone_third_price(self, value: Decimal, raw: bytes, prev_kind: str, gap: bytes, start: int,
                          index: int) -> None:
        """A price right after the entry's zone: the zone's true end, or the next rung of a ladder."""
        draft = self.draft
        assert draft.entry_range is not None
        if range_gap(gap) == b"or" and draft.entry_range[0] != draft.entry_range[1]:
            draft.reasons.append("ambiguous_entry")  # "0.0600 - 0.0610 or 0.0545 - 0.0565": two zones, which one?
            return
        if (draft.entry_range[0] == draft.entry_range[1] and b"\n" not in gap and range_gap(gap) in RANGE_GAPS
                and prev_kind != "signed"):
            # "в зоне $42.52 – 42.52–42.99": the first bound written twice; the zone ends at the third price (not
            # "4058-8 - 4068.8": 4058.8 meant? A zone of one price is held, wide_zone)
            bound = draft.entry_range[0]
            draft.entry, draft.entry_range = bound, None
            if "ambiguous_entry" in draft.reasons:  # three joined prices, but two are one bound
                draft.reasons.remove("ambiguous_entry")
            if not self._maybe_zone(raw, gap, start):
                draft.entry, draft.entry_range = None, (bound, bound)
        elif ((labelled := draft.entry_labelled and not self.implicit)
              or (b"\n" not in gap and "ambiguous_entry" in draft.reasons)) and (
                prev_kind in ("number", "signed", "enumerator") and gap.count(b"\n") <= 2
                and not spans.found(lexicon.PROSE_OR_DIGIT, gap) and self._after_zone_rung(prev_kind, gap, start)):
            # ("GOLD BUY 2345 - 2340 - 2335": after a side word, the same ladder, still held: entries or targets?)
            # "Entry: 0,236080 | 0,233770 | 0,231280": a ladder of entries under one label spans one zone (its
            # rungs may span more than two joined prices do: "ENTRY: 0.0695 - 0.0785 - 0.0872")
            if b"\n" in gap and self._winning_side_under_entry(value):
                draft.unlabelled.append(value)
                return
            if prev_kind == "number" and self._another_zone(draft.entry_range, start - len(gap)):
                # "Entry: (0.0600 - 0.0610) or limits on the pullback to 0.0545 - 0.0565": the price before this one
                # joined no zone, this one ends another
                draft.reasons.append("ambiguous_entry")
                return
            low, high = min(draft.entry_range[0], value), max(draft.entry_range[1], value)
            if high - low <= low * ZONE_WIDTH_MAX * 2:
                draft.entry_range = (low, high)
                if (labelled and "ambiguous_entry" in draft.reasons and not self.prose
                        and index == draft.entry_token + 2
                        and spans.match_at(lexicon.LIST_GOES_ON, self.data, start + len(raw))[0] < 0):
                    draft.reasons.remove("ambiguous_entry")  # three rungs under the label: what the list is, it says
        elif draft.unlabelled and prev_kind == "number" and (
                bool(gap) and not gap.strip(b" \t$") or not spans.found(lexicon.PROSE_OR_DIGIT, gap)):
            draft.unlabelled.append(value)
        elif self._own_line_price(value, draft.entry_range[0], start):
            draft.unlabelled.append(value)  # "شراء من منطقة 1.0850-1.0840 / الاستوب 1.0800": a stop not read
        elif (self.implicit and prev_kind == "number" and index == draft.entry_token + 2 and b"\n" not in gap
              and not spans.found(lexicon.PROSE_OR_DIGIT, gap) and not off_scale(value, draft.entry_range[0])):
            draft.unlabelled.append(value)  # "GOLD BUY 4272/4270 4275 4277 SL 4255": targets whose lines were joined?

    def _winning_side_under_entry(self, value: Decimal) -> bool:
        """Whether a price on a line of its own, under an entry whose label's line held its price ("Entry Zone:
        70565 – 70590 / 70700 / 70850" under a long), lies on the order's winning side: as likely a target whose label
        was lost (or was a mark) as a further entry; no level takes it, and the order is held."""
        draft = self.draft
        if draft.side is None or self.entry_word[0] != draft.entry_line:
            return False
        prices = [draft.entry] if draft.entry is not None else list(draft.entry_range or ())
        if not prices:
            return False
        return value > max(prices) if draft.side is Side.BUY else value < min(prices)

    def _another_zone(self, zone: tuple[Decimal, Decimal], end: int) -> bool:
        """Whether the number ending at ``end`` is a price near ``zone`` but no bound of it (not a share, "(1/3)")."""
        begin = end
        while begin and self.data[begin - 1] in _PRICE_BYTES:
            begin -= 1
        price = to_decimal(self.data[begin:end]) if begin < end else None
        return price is not None and price not in zone and abs(price - zone[0]) <= zone[0] * ZONE_WIDTH_MAX * 2

    def _take_target(self, value: Decimal, raw: bytes, previous: bytes, before: tuple[bytes, str], index: int,
                     start: int) -> None:
        """A number in the target slot, ``before`` it the gap and the previous token's kind."""
        gap, prev_kind = before
        if not self.pending and self._bracketed_note(gap, start + len(raw)):
            return  # "TP4 190.960 (550)": the target's distance in pips, written after it in brackets
        if (not self.pending and b"\n" in gap and len(raw) <= 2 and raw.isdigit()
                and self._symbol_follows(start + len(raw))):
            self._open(Slot.NONE)  # "Signal 2: EURUSD SELL 1.0850", "2. BUY ADAUSDT": the next order's number
            return
        value, raw = self._glued_index(value, raw, gap, prev_kind)
        self._target_number(value, raw, previous, gap, index)

    def _bracketed_note(self, gap: bytes, end: int) -> bool:
        """Whether a number alone in brackets right after a target on its line annotates it ("(550)", "(40)",
        "($150)", "(+150$)", "[1]")."""
        if not self.draft.take_profits or self.tp_line != self.line:
            return False
        opening = gap.strip(b" \t+$")  # ("2.070$ [1]": the price's dollar sign before the bracket)
        closing = self.data[end:end + 2].lstrip(b"$")[:1]
        return (opening, closing) in _NOTE_BRACKETS

    def _target_number(self, value: Decimal, raw: bytes, previous: bytes, gap: bytes, index: int) -> None:
        draft = self.draft
        if not self.pending and draft.take_profits and b"\n" in gap and (
                spans.found(_OTHER_FIELD, prefix := gap[gap.rfind(b"\n") + 1:])
                or spans.count(lexicon.PROSE_WORD, prefix) >= (
                    1 if self._beyond_indexed(prefix, raw) else _SENTENCE_WORDS)
                or (gap[:gap.find(b"\n")].rstrip().endswith(_SENTENCE_ENDS)
                    and spans.found(lexicon.PROSE_WORD, prefix))):
            # "Target 4: 0.212 / 🧲Trend-Line: 0.401": another field's value ends the targets; so does a sentence, or
            # under targets each labelled with its index ("TP2 2370 / Views 2371") any word before the number
            # ("TP2 2370 / Expecting a move to 2380": a forecast, not a third target), and words after a list that
            # ended its sentence ("目標2623-2614; / 下方2614不破多", "TP 2623-2614; / below 2610 we buy")
            self._open(Slot.NONE)
            return
        index_value, indexed = self.tp_index, 0
        if self.pending and index_value is not None and ((value / 2 <= index_value <= value * 2 and (
                index_value >= 10 or (range_gap(gap) == b"-" and raw.isdigit())
                or (index_value > 1 and not draft.take_profits)))
                or (range_gap(gap) == b"/" and index_value >= 10 and value / 4 <= index_value <= value * 4)):
            # "TP 85 88 92": no index runs that high next to prices of its own size; it was the first target.
            # "TP 9 9.15 9.8": nor does a list open at an index past 1.
            # "Target 7-9-11": whole numbers joined by dashes are a list, the first of them a target too (not "Target
            # 4 - 7.00", a price written with its decimals after its index). "TARGET 90/210/250": a slash joins
            # no index to a price.
            draft.take_profits.append((index_value, True))
            indexed = 1
        if (previous and not self.pending and draft.take_profits and b"\n" not in gap
                and range_gap(gap) in RANGE_GAPS):
            # "0.00002290 - 2470 - 2650": later targets written as the first one's last digits
            expanded_raw = expand_shorthand(previous, raw)
            expanded = to_decimal(expanded_raw)
            if expanded is not None and abs(expanded - draft.take_profits[-1][0]) < draft.take_profits[-1][0] / 2:
                targets = draft.take_profits
                turns_back = len(targets) >= 2 and (targets[-1][0] - targets[-2][0]) * (expanded - targets[-1][0]) < 0
                value = _continuing(expanded, raw, [level for level, _ in targets]) if turns_back else expanded
                self.last_number = (str(value).encode() if value != expanded else expanded_raw, index, Slot.TP)
        if self.pending and self._restated(value):
            self._open(Slot.NONE)
            return
        if not value:
            return  # a run of zeros that expanded to no target of the list
        # a target joined to the one before it ("TRG 120-180-300", "2.05 - 2.60 - 5.55") is as literal as the first
        # (not after a lone small number: "(RR1-1,5)" is a ratio)
        listed = (b"\n" not in gap and range_gap(gap) in RANGE_GAPS and bool(draft.take_profits)
                  and (len(previous) > 2 or b"." in previous or b"," in previous))
        joined = listed and draft.take_profits[-1][0] / 4 <= value <= draft.take_profits[-1][0] * 4
        if listed and not joined and not self.pending and _same_digits(previous, raw):
            # "TP 0.2035/0.2124/2290", "59300-59600-603500": a typo in a joined list, kept literally and held
            draft.reasons.append("tp_out_of_scale")
            joined = True
        draft.take_profits.append((value, self.pending or joined))
        self.tp_index = None
        if self.tp_line != self.line or self.pending:
            self.tp_line, self.tp_line_count = self.line, 0
        self.tp_line_count += 1 + indexed  # ("Tgt 40/80/120+ points": the first read as an index, then a target)

    def _beyond_indexed(self, prefix: bytes, raw: bytes) -> bool:
        """Whether targets each labelled with its index came before, and neither the words before this number nor the
        number itself are the next index ("To2: 4775" after "Tp1: 4760" is target 2 misspelt)."""
        if not self.tp_written:
            return False
        following = str(self.tp_written + 1).encode()
        return raw != following and not prefix.rstrip(b" \t:=-").endswith(following)

    def _restated(self, value: Decimal) -> bool:
        """Whether a label's index names a target already read at this very price: "Take Profit 1 $3445" in a summary
        under the targets, "TP1 ($3445) → Reward = 26" in a risk table; target 1 written again, not a fourth one."""
        if not self.tp_written:
            return False
        labelled = [level for level, by_label in self.draft.take_profits if by_label]
        return self.tp_written <= len(labelled) and labelled[self.tp_written - 1] == value

    def _spaced_pair(self, first: bytes, second: bytes, gap: bytes, slot: Slot, *, listed: bool) -> bool:
        """Two numbers parted by spaces in one slot: one price in thousands, or one split by a stray space
        (unreadable); True when so read."""
        if gap == b" " and self._spaced_thousands(first, second, slot):
            return True
        if split_number(first, second) and not listed:
            self._unreadable(slot)
            return True
        return False

    def _value(self, raw: bytes, index: int, gap: bytes) -> Decimal | None:
        """The number's value; None when it is no price of its own (then already read as what it is)."""
        if self.tp_index is not None and gap == b" " and self._index_thousands(raw, index):
            return None  # "цель 63 000": what looked like the target's index was its thousands
        value = to_decimal(raw)
        if value is not None and raw[-4:-3] == b"." and self._dotted_thousands(raw):
            value *= 1000
        if value is None:
            last_raw, last_index, last_slot = self.last_number
            if (len(raw) >= 2 and not raw.strip(b"0") and self.slot is Slot.TP and last_slot is Slot.TP
                    and last_index == index - 1 and b"\n" not in gap and range_gap(gap) in RANGE_GAPS):
                return Decimal(0)  # "TP 2340/00/2290": 2300 written as its last digits (expanded as a target)
            if not (gap == b" " and last_index == index - 1 and last_slot is self.slot
                    and self._spaced_thousands(last_raw, raw, self.slot)):  # "от 65 000": zeros, no price alone
                self._unreadable_number(raw)
        return value

    def _thousands(self, first: bytes, rest: bytes) -> Decimal | None:
        """"63 100", "4 350.5": one price in thousands parted by a space, when the market's typical price says so
        (the first group alone far below it, the whole within it)."""
        if not (first.isdigit() and len(first) <= 3 and spans.match(_THOUSANDS_GROUP, rest) is not None):
            return None
        band = self._typical_band()
        whole, alone = to_decimal(first + rest), Decimal(first.decode())
        if band is None or whole is None:
            return None
        low, high = band
        return whole if low <= float(whole) <= high and not low <= float(alone) <= high else None

    def _index_thousands(self, rest: bytes, index: int) -> bool:
        assert self.tp_index is not None
        whole = self._thousands(f"{self.tp_index:f}".encode(), rest) if self.pending else None
        if whole is None:
            return False
        self.draft.take_profits.append((whole, True))
        self.tp_index, self.pending = None, False
        self.last_number = (rest, index, Slot.TP)
        return True

    def _spaced_thousands(self, first: bytes, rest: bytes, slot: Slot) -> bool:
        """"SL: 63 100", "Entry: 4 350.5": the price in the slot is the whole; True when so read."""
        whole = self._thousands(first, rest)
        if whole is None:
            return False
        draft = self.draft
        alone = Decimal(first.decode())
        if slot is Slot.ENTRY and draft.entry == alone:
            draft.entry = whole
        elif slot is Slot.SL and draft.stop_loss == alone:
            draft.stop_loss = whole
        elif slot is Slot.TP and draft.take_profits and draft.take_profits[-1][0] == alone:
            draft.take_profits[-1] = (whole, draft.take_profits[-1][1])
        else:
            return False
        self.last_number = (first + rest, self.last_number[1], slot)
        return True

    def _unreadable(self, slot: Slot) -> None:
        draft = self.draft
        if slot is Slot.SL:
            draft.stop_loss, draft.stop_loss_void = None, True
            draft.reasons.append("sl_unreadable")  # "Sl 1 7786": a stop was meant; trading without it is no reading
        elif slot is Slot.TP and (draft.take_profits or self.pending):
            if draft.take_profits and not self.pending:
                draft.take_profits.pop()
            draft.reasons.append("tp_unreadable")  # "TP 1 4447": a target was meant; which one is no reading
        elif slot is Slot.ENTRY:
            draft.entry = None
        self.pending = False

    def _maybe_zone(self, raw: bytes, gap: bytes, start: int) -> bool:
        """Turn the entry into a zone with this second price when they are joined and close; True if so."""
        draft = self.draft
        if b"\n" in gap or range_gap(gap) not in RANGE_GAPS | ZONE_ONLY_GAPS:
            return False
        first = draft.entry
        assert first is not None
        second = to_decimal(expand_shorthand(draft.entry_raw, raw))
        if second is None:
            return False
        if first >= 1000 and second < 1000 and raw[-4:-3] == b"." and self._dotted_thousands(raw):
            second *= 1000  # "Entrada: 79.400 - 79.900": both bounds grouped so
        if second > first * 500 and second % 100 == 0 and first * 1000 <= second * 2:
            first *= 1000  # "73.9-70.6k": the thousands written once, after the second bound
        width = NAMED_ZONE_WIDTH_MAX if draft.entry_prose or draft.zone_named else ZONE_WIDTH_MAX
        if abs(second - first) > first * width:
            if range_gap(gap) not in _TYPO_ZONE_GAPS or not _same_digits(draft.entry_raw, raw):
                return False
            # "43770 - 437740", "0.03096-0.3100": a zone with a typo in one bound, kept literally and held
            draft.reasons.append("wide_zone")
        low, high = sorted((first, second))
        draft.entry, draft.entry_range = None, (low, high)
        after = start + len(raw)
        if (spans.match_at(lexicon.LIST_GOES_ON, self.data, after)[0] >= 0
                and spans.match_at(lexicon.SHARE_AFTER, self.data, after)[0] < 0):
            draft.reasons.append("ambiguous_entry")  # "🔵1.7509, 1.8509, 1.9509": a list, of entries or of targets
        return True
