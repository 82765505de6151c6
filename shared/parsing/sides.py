"""Symbols, coin names and side words in the reading pass (the part of Reader that decides what is traded)."""

from __future__ import annotations

import re2

from shared.domain.signal import OrderType, Side
from shared.parsing import lexicon, spans, symbols, wording
from shared.parsing.draft import Draft, Slot
from shared.parsing.levels import SYMBOL_KINDS, LevelReading
from shared.parsing.numbers import to_decimal

_HYPHENED_NAME = re2.compile(r"(?:^|[ \t\pP\pS])([A-Za-z&]{2,12})-$")  # "BAJAJ-AUTO 10100 CE": a name's first part
_OPTION_PREFIX = re2.compile(r"(?:^|[ \t\pP\pS])([A-Za-z]{2,10})[ \t]+$")  # "Bank nifty 54000 ce", "Jsw Steel 1360 Ce"
_SELL_WORDS = ("sell", "seel", "short", "sold", "bear", "sto", "venta", "vend", "vente", "verkauf", "verko", "sprzeda",
               "sat", "jual", "bán", "шорт", "зашорт", "прода", "بيع", "البيع", "فروش", "بفروش", "شورت", "شرت", "scurt",
               "매도", "ขาย", "숏", "ショート", "売", "बेच", "बिकवाली", "sälj", "selg", "sælg", "prodat", "prodej",
               "vinde", "vânzare", "vanzare", "eladás", "بیچ")
_SHARE_NEXT = re2.compile(r"[ \t]*\d{1,3}(?:[.,]\d+)?[ \t]*%")
# "GOLD SELL 4331 MORE SELL 4335": a price right after a second side word of the same side
PRICE_NEXT = re2.compile(r"[ \t]*(?:@|at\b)?[ \t]*\$?\d")
# a line that holds a price or a zone and marks only ("4594-4598", "📍 2350")
PRICE_LINE = re2.compile(r"^[^\pL\pN\n]*\$?\d[\d.,]*(?:[ \t]*[-–—~/][ \t]*\$?\d[\d.,]*)?[^\pL\pN\n]*$")
# "@ 1.24000 (lot size 0.03)" opening a line; not a list's number ("1. Pattern confirmation")
_PRICE_OPENS_LINE = re2.compile(r"(?:[ \t\r]*\n){0,2}[^\pL\pN\n]{0,4}\$?\d+(?:[.,]\d+)*[ \t]*(?:\n|$|[^\pL\pN.)\n])")
_LEG_LINE_WORDS_MAX = 6  # "👉 2nd buy limit set at": a leg's line of a few words, not a sentence
_AT_PRICE = re2.compile(r"(?i)[ \t]*(?:at|@)[ \t]*\$?\d")
_FIELD_THEN_PRICE = re2.compile(r"(?i)[ \t]*(?:zone|area|targets?|levels?|prices?|at|@)?[ \t]*[:=–-]?[ \t]*"
                               r"(?:\n[ \t]*){0,2}"
                               r"[^\pL\pN\n]{0,3}[ \t]*\$?\d")


_METALS = ("XAU", "XAG", "XPT", "XPD")
_FIELD_ALONE = re2.compile(r"[ \t]*[:：][ \t]*\n")  # "SELL:" and nothing more on its line
_UP_TO_PRICE = re2.compile(r"(?i)[ \t]+(?:up[ \t]*to|till)[ \t]+\$?\d+(?:\.\d+)?\b")
# The words of a market order written with no price ("Long XRP now", "С текущих long Xrp"), besides its market's
_BARE_ORDER_WORDS = frozenset("long short buy sell now market cmp limit at from с текущих по рынку рынка лонг шорт "
                              "покупка продажа".split())
_TITLE_WORD = re2.compile(r"(?i)\b(?:vip|channel|group|club|academy|team|snipers?|kings?|masters?|official|premium"
                          r"|community|hub|signals|alerts|calls|tips)\b")  # (plural: "GOLD SIGNAL" is this post's)
# a heading's market ("GOLD TRADE", "BTC Futures Room"): a name, on a line of words with no number, field or tag
_HEADING_KINDS = frozenset({"alias", "pair", "index", "crypto_bare"})
_HEADING_BREAKERS = b"0123456789:#$@/|=_-"  # a number, a field, a tag or a pair: no heading's line
_HEADING_WORDS_MAX = 4
_MARKET_KINDS = ("pair", "crypto_pair", "cashtag")  # symbols written as a market, not a name in prose
# ("BTC dominance rising. Short ETH 3100": a coin in capitals right after the side word is the order's too, unless
# its name is also a word written in capitals, "BUY NEAR 4554")
_COINS_THAT_ARE_WORDS = frozenset({"NEAR", "ONE", "OP", "UNI", "TON", "SUI", "SEI", "WIF", "TIA"})
_NAMED_MARKETS = (*_MARKET_KINDS, "alias", "index")  # and the names no prose word shares ("GOLD", "US30")
# A side word heading a list of orders: alone on its line and plural or followed by a colon ("BUY:", "🔴 SELLS 🔴");
# a bare "SELL" on a line of its own is as often one order's side split from its symbol
_SIDE_HEADING = re2.compile(r"(?i)^[^\pL\pN]*(?:(?:buys|sells|longs|shorts)[^\pL\pN]*"
                            r"|(?:buy|sell|long|short|compra|venta|лонг|шорт|شراء|بيع|خرید|فروش|做多|做空)"
                            r"[ \t]*:[ \t]*)$")
_LOWER_COIN_NEXT = re2.compile(r"[ \t]+[a-z]{2,6}\b")
_LOWER_COIN_BEFORE = re2.compile(r"(?:^|[^A-Za-z0-9#$])([a-z]{2,6})[ \t]+$")
_KNOWN_COIN_BYTES = frozenset(coin.encode() for coin in symbols.WELL_KNOWN_COINS)
# (not "es", "mes", "rut": Spanish and German words, "compra es 1.0850")
_FUTURES_ROOT_BYTES = frozenset(root.encode() for root in lexicon.FUTURES_ROOTS.split("|")) - {b"ES", b"MES", b"RUT"}
# A price or its marker next ("GEEKAYWIRE CMP 70", "INFY at Rs 1800", "BUY ABOVE 1880")
_NAME_ALONE = re2.compile(r"^[^A-Za-z0-9#$\n]*(?:[0-9]{0,7}[A-Z][A-Z0-9]{1,9}|[A-Z][a-z]{2,9})[ \t]*$")
_WORDS_THEN_PRICE = re2.compile(r"(?i)(?:[ \t]+(?:-[ \t]*)?[a-z]{1,10}){1,3}[ \t]*(?:\([^)\n]{0,20}\)[ \t]*)?"
                               r"(?:@|\b(?:at|cmp|above|below)\b)")  # ("BUY TCS FUT (30 DEC)CMP 3100")
_LEVEL_LABEL_NEXT = re2.compile(r"(?i)[ \t]*(?:targets?|tgt|tp\d?|take[ \t-]*profits?|sl|stop[ \t-]*loss|stoploss)\b")
_PRICE_MARK = re2.compile(r"(?i)[ \t]*(?:(?:cmp|at|@|above|below|near|around)\b|@|\d)")
_NOW = re2.compile(r"(?i)\b(?:now|market|cmp|instant|immediately)\b")
_BARE_SELL = re2.compile(r"(?i)^[^\pL\pN]*sell$")  # "SELL", "📍 SELL" opening its line
_BARE_SIDE = re2.compile(r"(?i)^[^\pL\pN]*(?:buy|sell|long|short)[^\pL\pN]*$")
_HEADING_REST = re2.compile(r"[ \t]*\pL*[ \t]*\pL*[ \t]*:[ \t]*(?:\n|$)")  # "Bullish sweep:" ends its line
# "BUY 45000, BTC/USDT ", "BUY 45000$, ETH/USDT ", "BUY GOLD 2350 & SELL EURUSD": a clause after the price
_CLAUSE_AFTER_PRICE = re2.compile(r"\d\$?[ \t]*(?:[,;&]|(?i:and)\b)[^\d\n]*$")
_INDIAN_KINDS = frozenset({b"CE", b"PE"})
# "#NIFTY 24100 CE / ABOVE - 100", "NIFTY 24150 CE | Near 150": the premium on the line under the contract
# ("Contract: $SPX 11/13 6725P / **Entry:** @1.80": the premium under its label on a line below)
_PREMIUM_NEXT = re2.compile(r"(?i)[ \t]*\n[^\pL\pN]*(?:(?:good[ \t]+)?(?:above|near|around|cmp|@|at)\b|@"
                            r"|(?:entry|entrada)(?:[ \t]+price)?\b)[^\n\d]{0,6}\d")
_NAMES_GOING_ON = ("pair", "crypto_pair", "option")  # kinds of token a hashtag's or a label's name may open
_NAME_OPENS_LINE = re2.compile(r"^[^\pL\pN\n]*([A-Z][A-Z0-9&]{1,14})[ \t:\-–]*$")  # "PCJEWELLER BUY ABOVE 365.45"
# "Contract: $QQQ 11/12 621C", "合约：QQQ 11/20 609P", "KC Trades Bot:PLTR 160c": a field's label before the contract
_CONTRACT_LABEL = re2.compile(r"^[^\n]{1,30}[:：][ \t*$]*$")
# "Lotto $IREN 0DTE $60 calls $.68", "in WMT 130c 0dte .32", "Adding $NBIS 120c": a word of an options room before
# the contract that says it is being bought (a tag of its size or risk, or a verb of taking it)
_BOUGHT_WORDS = re2.compile(r"(?i)^[^\pL\pN\n]*(?:(?:i'?m|i[ \t]+am|i)[ \t]+)?"
                            r"(?:(?:super[ \t]+)?lotto|starter|taking|took|grabb(?:ed|ing)|adding|added"
                            r"|(?:back|getting|got)[ \t]+in|in)"
                            r"[^\pL\pN\n]*$")
# ("AVGO 415c 2DTE @ 1.65")
# (a word may stand between: "#Short QQQ 704p lottos 6/26 3.45")
_EXPIRY_AFTER = re2.compile(rf"[ \t]+(?:[A-Za-z]{{3,10}}[ \t]+)?"
                            rf"(?:{lexicon.US_EXPIRY}|(?i:{lexicon.US_DAYS_TO_EXPIRY}))\b")
_EXPIRY_BEFORE = re2.compile(rf"(?:^|[ \t])(?:{lexicon.US_EXPIRY})[ \t]+$")  # (the contract follows)
# The US indices and index funds whose options are traded by these names ("QQQ 609P", "SPX 6725P"): a market the
# tokenizer reads on its own, a contract with the strike and a one-letter kind glued on (no pip distance)
_US_INDEX_OPTIONS = frozenset((b"QQQ", b"SPX", b"SPXW", b"IWM", b"NDX", b"RUT", b"XSP", b"VIX", b"DIA"))
# "#ID12345", "#SIGNAL2041": a post's number behind a hashtag, no coin's name (coins with digits carry one or two:
# "#C98", "#API3")
_IDENTIFIER = re2.compile(r"^[A-Za-z]{1,8}\d{3,}$")
# Words that stand before an option's strike without naming its underlying (besides lexicon.HASHTAG_NOISE's)
_NOT_A_NAME = frozenset(b"add fresh week weekly monthly tomorrow positional some one strike buy sell expiry".split())


def _letters(word: str) -> str:
    """The word without the marks around it: a side word in another script carries the character before it as
    its boundary ("💰шорт", "#شراء"), and one in Turkish the character after it ("satış📉")."""
    if word[:1].isalnum() and word[-1:].isalnum():
        return word  # the common case: nothing around it
    start = next((i for i, char in enumerate(word) if char.isalnum()), len(word))
    end = next((i for i in range(len(word), start, -1) if word[i - 1].isalnum()), start)
    return word[start:end]


class SideReading(LevelReading):
    """Mixed into ``Reader``: symbols start signals, side words give them their side (or another leg)."""

    ticker: tuple[bytes, int, bool] | None
    ticker_line: int
    line_symbol: tuple[str, str, int] | None  # another symbol read before any side: (written, kind, line)
    symbol_alone_line: int  # the line of the last such symbol when it stood alone on its line
    field_symbol_at: int  # where a symbol written as a field ("Pair: GBPJPY") starts
    title_words: bool | None  # whether the message holds a channel title's word at all (searched when first needed)
    limit_word: tuple[int, int]
    side_word: tuple[int, int]
    line_start: int

    # --- coin names
    def _ticker(self, raw: bytes, start: int, end: int, *, weak: bool = False, field: bool = False) -> int:
        """"#MDA", "Coin Name-> DNT": returns where scanning resumes. A name the tokenizer knows ("#TP1",
        "#GBPJPY", "Pair: USDCAD", "#ENJ/BTC") is read again from the name; an unknown one becomes a coin."""
        name_start = end
        while name_start > start and self.data[name_start - 1:name_start] not in b"#:=>@- \t":
            name_start -= 1
        name = raw[name_start - start:]
        if self.data[end:end + 1] == b"/" or lexicon.kind_matches(name):
            self.ticker = (name, name_start, weak) if self.data[end:end + 1] == b"/" else None
            self.field_symbol_at = name_start if field else self.field_symbol_at
            return name_start
        token_start, token_end = spans.match_at(lexicon.TOKENS, self.data, name_start)
        if token_end > end and lexicon.token_kind(self.data, token_start, token_end) in _NAMES_GOING_ON:
            self.field_symbol_at = name_start if field else self.field_symbol_at
            # "Pair: EUR USD", "Asset: GBP-JPY": the pair written with a separator; "#BANKEX 52300 PE": a contract
            return name_start
        # ("#near": a coin the parser knows, though its name is a word "#NEAR" may be too)
        if (name.upper() not in lexicon.HASHTAG_NOISE or name.upper() in _KNOWN_COIN_BYTES) and not (
                not field and spans.match(_IDENTIFIER, name)):
            # ("pair:- rvv": a name in lower case after a coin's label is a guess, held for review)
            guess = field and name.islower() and not name.decode().upper().endswith(symbols.QUOTE_ASSETS)
            # "Ativo: PETR4.SA_32.66_C_20251202": the name goes on past what was read, a contract's, held
            after = self.data[end:end + 2]
            cut = after[:1] == b"_" or (after[:1] in (b".", b"-") and after[1:].isalpha())  # ("#BAJAJ-AUTO" too)
            self.ticker = (name, name_start, weak or guess or cut)
        return end

    def _ticker_after_side(self, end: int) -> None:
        """"Buy FET at 2350-2380 sat": a capitalised word right after the side word may be a coin's name."""
        span_start, span_end = spans.match_at(lexicon.BARE_TICKER, self.data, end)
        if span_start < 0:
            # "short sol 150", "shorted inj cmp": a coin the parser knows, in lower case (a guess, held)
            span_start, span_end = spans.match_at(_LOWER_COIN_NEXT, self.data, end)
            coin = self.data[span_start:span_end].strip().upper() if span_start >= 0 else b""
            if coin in _KNOWN_COIN_BYTES or (  # "Sell nq @ 26678": a futures root in lower case before its price
                    coin in _FUTURES_ROOT_BYTES and spans.match_at(_PRICE_MARK, self.data, span_end)[0] >= 0):
                self.ticker = (coin, span_end - len(coin), True)
            return
        written = self.data[span_start:span_end].split()[-1]  # "SELL NOW TATASTEEL": the name after "now"
        self._guessed_name(written.lstrip(b"#").upper(), span_end - len(written))

    def _unknown_name_beside(self, draft: Draft, start: int, end: int) -> None:
        """"#COMP/USDT Entered entry zone ✅ / DELIVERY : BUY GEEKAYWIRE CMP 70", "#XAU +103% / 🟢BBTC BUY ABOVE
        1880": a name the parser does not know beside the side word, under a market named on an earlier line, is as
        likely the order's market; a person confirms which."""
        if draft.symbol_rival:
            return
        found = spans.match_at(lexicon.BARE_TICKER, self.data, end)
        name, after = (self.data[found[0]:found[1]].split()[-1], found[1]) if found[0] >= 0 else (b"", end)
        if name and (lexicon.kind_matches(name) or lexicon.names_nothing(name)):
            name, after = b"", end  # "🟢BBTC BUY ABOVE 1880": a word of the order ("ABOVE"), not a name
        before = self.data[self.line_start:start]
        if not name and self.line_start > 0 and not before.strip(b" \t") and self.symbol_line < self.line - 1:
            # "Added to my LINK long // EPIC USDT / SHORT / Entry ...": a name alone on the line above the side's
            above = self.data.rfind(b"\n", 0, self.line_start - 1) + 1
            alone = spans.match(lexicon.TICKER_LINE, self.data[above:self.line_start])
            name = alone.group(1).split()[0] if alone is not None else b""
        elif not self._priced_name(name, before, after):
            return
        if not name:
            if before.isascii() and not any(65 <= byte <= 90 for byte in before):
                return  # (most order lines open with the side word: nothing to search)
            found_before = spans.search(lexicon.TICKER_BEFORE, before) or spans.search(lexicon.TICKER_TITLED, before)
            name = found_before.group(1).split()[0] if found_before is not None else b""
        if (name and not lexicon.names_nothing(name) and name.upper() != (draft.symbol or "").upper().encode()
                and not lexicon.kind_matches(name)):  # (a market the tokenizer reads is no unknown name)
            draft.symbol_rival = name.decode("utf-8", "replace")

    def _priced_name(self, name: bytes, before: bytes, after: int) -> bool:
        """Whether the name beside the side word reads as an order's market: a price mark follows ("GEEKAYWIRE CMP
        70"), a few words and then one ("Buy TORNTPOWER in Cash @ Rs 1614.4"), or, with no name after the side, the
        name alone opens its line ("🗯DYM LONG📈")."""
        if spans.match_at(_PRICE_MARK, self.data, after)[0] >= 0 or (
                name and spans.match_at(_LEVEL_LABEL_NEXT, self.data, after)[0] >= 0):
            return True  # ("SELL TATASTEEL Target: 145 StopLoss: 155": the order's levels right after the name)
        if name:
            return spans.match_at(_WORDS_THEN_PRICE, self.data, after)[0] >= 0
        return spans.found(_NAME_ALONE, before)

    def _a_note_not_a_side(self, side: Side, start: int, end: int) -> bool:
        """Whether the side word is no order's: "بيع 20%", "Sell 50% at TP1" (a share of the position to take off);
        "#Short / Entry Above 1.405 - 1.45 [MUST BUY IN PARTS]" (the other side word, in brackets under a priced
        order, a note on the order)."""
        if b"%" in self.data[end:end + 12] and spans.match_at(_SHARE_NEXT, self.data, end)[0] >= 0:
            return True
        draft = self.draft
        if draft.side is None or side is draft.side or (draft.entry is None and draft.entry_range is None):
            return False
        before = self.data[self.line_start:start]
        return before.count(b"[") > before.count(b"]") or before.count(b"(") > before.count(b")")

    def _guessed_name(self, name: bytes, start: int) -> None:
        """A word beside the side word taken as the coin's name (a guess), unless it is a token of its own kind
        ("TP1", "GBPJPY") or a hashtag's noise ("#VIP")."""
        if not lexicon.kind_matches(name) and not lexicon.names_nothing(name):
            self.ticker = (name, start, True)

    def _guess_ticker(self, raw: bytes, start: int, end: int, *, chinese: bool) -> None:
        """No symbol yet: a name beside the side word may be the coin's."""
        if self.ticker is None:
            self._ticker_before_side(start + len(raw) - len(raw.lstrip(b" \t")))  # (" ШОРТ": its boundary)
        if self.ticker is None:
            self._ticker_after_side(end)
        if self.ticker is None and chinese:
            self._ticker_beside_cjk_side(start, end)

    def _ticker_beside_cjk_side(self, start: int, end: int) -> None:
        """"epic   多", "空eigen 1.655": Chinese channels write a coin's name in lower case beside the side word (a
        guess: the parse is held for review)."""
        found = spans.search(lexicon.CJK_TICKER_BEFORE, self.data[self.line_start:start])
        offset = self.line_start
        if found is None:
            found, offset = spans.match(lexicon.CJK_TICKER_AFTER, self.data[end:end + 16]), end
        if found is not None:
            self._guessed_name(found.group(1), offset + found.start(1))

    def _ticker_before_side(self, start: int) -> None:
        """"🗯DYM LONG📈": a capitalised word just before the side word, with nothing but marks between, may be a
        coin's name (a guess: the parse is held for review)."""
        before = self.data[self.line_start:start]
        named = spans.search(lexicon.NAME_BEFORE, before)
        if named is not None and not any(lexicon.kind_matches(word) or lexicon.names_nothing(word)
                                         for word in named.group(1).split()):
            self.ticker = (named.group(1), self.line_start + named.start(1), True)
            return
        found = spans.search(lexicon.TICKER_BEFORE, before) or spans.search(lexicon.TICKER_TITLED, before)
        offset = self.line_start
        if found is None:
            found = spans.search(lexicon.TICKER_LOWER, before)
            if found is not None and found.group(1).decode().upper() not in symbols.WELL_KNOWN_COINS:
                found = None
        if found is None:  # "grass short trade", "sol long": a coin the parser knows, in lower case (a guess)
            lower = spans.search(_LOWER_COIN_BEFORE, before)
            if lower is not None and lower.group(1).upper() in _KNOWN_COIN_BYTES:
                self.ticker = (lower.group(1).upper(), self.line_start + lower.start(1), True)
                return
        if found is None:  # "BANK / اردر لانگ در قیمت ...": a message that opens with a name alone on its line
            found, offset = spans.match(lexicon.TICKER_LINE, self.data), 0
        if found is None and self.line_start > 0:  # "Signal #245 // EPIC USDT / SHORT": alone on the line above
            offset = self.data.rfind(b"\n", 0, self.line_start - 1) + 1
            found = spans.match(lexicon.TICKER_LINE, self.data[offset:self.line_start])
        if found is not None:
            self._guessed_name(found.group(1), offset + found.start(1))

    def _take_ticker(self) -> None:
        assert self.ticker is not None
        name, name_start, weak = self.ticker
        self.ticker = None
        draft = self.draft
        if draft.symbol is not None and draft.has_levels and not weak and (draft.side is not None or (
                (draft.entry is not None or draft.entry_range is not None)
                and self._another_market("ticker", name.decode("utf-8")))):
            # "... Stop: 4300 / Монета: SAND SHORT": a coin named after a complete signal starts the next one, as a
            # symbol does (sides._symbol); so does one after an entry and levels with no side ("Coin: #BNBUSDT |
            # Entry ... | TP 1180 / #DYM 市價輕倉多": the side word on the later line is that coin's, not the levels')
            draft = self._start_next(Draft())
        # ("Longing #SWARMS Here" after another coin's signal: the next signal's coin, not the carried-over one)
        # ("GOLD SNIPER VIP / 🟢OLECTRA BUY ABOVE 2092": a name beside the side word beats the channel's title)
        headed = draft.symbol_headed and not draft.has_levels and draft.entry is None and draft.entry_range is None
        if headed:
            # "GOLD TRADE / #TCS BUY ...": the name is the order's, and a person confirms which; a name only guessed
            # from a capitalised word stays the rival ("Gold update / I AM SELLING HERE")
            draft.symbol_rival = name.decode("utf-8") if weak else draft.symbol or ""
            headed = not weak
        if draft.symbol is None or (draft.symbol_weak and not weak and not draft.has_levels) or headed or (
                draft.symbol_titled and not draft.has_levels and draft.entry is None and draft.entry_range is None):
            draft.symbol, draft.symbol_kind, draft.symbol_weak = name.decode("utf-8"), "ticker", weak
            draft.symbol_guessed = weak
            self.ticker_line = self.line - self.data.count(b"\n", name_start, self.line_start)
        elif self._ticker_after_side_word(draft, name, name_start, weak):
            # "Gold looks strong today / BUY #ADANIENT ABOVE 2960": the name right after the order's side word, on
            # its line, is the order's, not a market mentioned above; which one is a person's call
            draft.symbol_rival = draft.symbol or ""
            draft.symbol, draft.symbol_kind, draft.symbol_weak = name.decode("utf-8"), "ticker", False
            draft.symbol_guessed = False
        elif (not weak and draft.side is None and draft.stop_loss is None and not draft.take_profits
              and (draft.entry is None and draft.entry_range is None or not draft.entry_labelled)):
            # ("XRP 留意底部的3.36-3.34附近 ... / 🔷 #FOGO / Entry: ...": a price in prose under no side is no order's)
            # "SUI closed in full, were you with me? / #BAKE 市價多 ...": a coin named on a later line, before any side
            # (a stop label with no price, "❎ STOP em XRP/USDT", gave no level)
            line = self.line - self.data.count(b"\n", name_start, self.line_start)
            if line > self.symbol_line:
                self._line_symbol(name.decode("utf-8"), "ticker", line, rival=True)
        elif (weak and draft.side is None and not draft.has_levels and not draft.symbol_rival
              and self.line > self.symbol_line and self._another_market("ticker", name.decode("utf-8"))):
            # "STC AMZN 250C @ 1.63 (exit) / PNUT short entry 0.5479": a name guessed by a later line's side word
            # contests the market named above, in a line that opened no order
            draft.symbol_rival = name.decode("utf-8")
        elif (not weak and draft.side is not None and not draft.has_levels
              and (draft.entry is None and draft.entry_range is None or not draft.entry_labelled
                   or self._side_next(name_start + len(name)))
              and not draft.symbol_rival and self.symbol_line < self.line
              and draft.side_line < self.line and self._another_market("ticker", name.decode("utf-8"))):
            # "long UNI again // #BAKE long 0.0620 ...": a coin named on a later line than the market and its side
            # word may be the order's; a person confirms which (a price in prose above is no order's: "XRP 看到
            # 3.65-3.66附近 ... 多单 / 🔷 #FOGO / Entry: $0.02051"); so is one with a side word of its own after a
            # priced order ("#PLUME/USDT (Short) / Price - 0.1724 / Profit - 60% / #EDU SHORT SETUP / Target 1: ...")
            draft.symbol_rival = name.decode("utf-8")

    def _ticker_after_side_word(self, draft: Draft, name: bytes, name_start: int, weak: bool) -> bool:
        """Whether a hashtag's name stands right after the order's side word on its line, an unpriced order whose
        market was read on an earlier line."""
        if weak or draft.side is None or draft.has_levels or draft.entry is not None or draft.entry_range is not None:
            return False
        between = self.data[draft.side_start:name_start]  # (the side word, then marks: "BUY #ADANIENT")
        return (draft.side_line == self.line and self.symbol_line < self.line and b"\n" not in between
                and len(between.translate(None, b"#$").split()) <= 1
                and self._another_market("ticker", name.decode("utf-8")))

    # --- symbols and sides
    def _option(self, raw: bytes, index: int, start: int) -> int:
        """An option contract; returns where scanning resumes. Its underlying may be two words ("Bank nifty 54000
        ce"). A lowercase "ce"/"pe" is a contract only in a message about the Indian market, where they are
        written so: elsewhere ("GOLD 2350 ce matin") the first word is read alone and the rest scanned again; so
        is a side word before the strike ("Buy 1360 CE")."""
        if raw[:1] in (b"$", b"#", b"_"):  # "$ZM 100c", "#BANKEX 52300 PE", "#SENSEX _76800CE": a mark, no name
            raw, start = raw[1:], start + 1
        underlying = raw[:len(raw) - len(raw.lstrip(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz&"))]
        if not underlying:  # "SENSEX / 📈📉 84800CE": the strike under the index named before it
            if self._strike_under_name(raw, index):
                self._bought_contract(index, start, start + len(raw))  # "BANK NIFTY / 45000 PE / ABOVE 330"
            return start + len(raw)
        kind = lexicon.token_kind(self.data, start, start + len(underlying))
        # ("STO TQQQ 60 Put @ 3.15", "TITAN 1050 CALL OPTION": a contract on a ticker written in capitals, whatever
        # its market)
        worded = raw.lower().removesuffix(b"s").removesuffix(b"option").rstrip(b" \t")
        ticker_contract = (underlying.isupper() and len(underlying) <= 6
                           and worded.endswith((b"put", b"call")))
        # ("$ZM 100c", "AAPL 190C": a US contract, its kind one letter, on a ticker no other kind reads; not "SL 20p",
        # "GBPUSD 40p", whatever market the message is about)
        one_letter = raw[-1:] in b"cpCP" and raw[-2:-1].isdigit()
        us_contract = (one_letter and underlying.isupper() and (
            (kind not in SYMBOL_KINDS and not lexicon.kind_matches(underlying)) or underlying in _US_INDEX_OPTIONS))
        # ("Buy lupin 1900 pe", "Buy Jsw Steel 1360 Ce": the name right after the order's side word, then the strike
        # and an Indian kind in any case, is the contract's)
        named = (raw[-2:].upper() in _INDIAN_KINDS and kind not in SYMBOL_KINDS and self.side_word[0] == self.line
                 and self._right_after_side(index))
        if kind == "side" or (one_letter and not us_contract) or not (
                raw.endswith((b"CE", b"PE")) or ticker_contract or us_contract or named
                or spans.found(lexicon.INDIAN_MARKET, self.data)):
            if kind == "side":
                self._side(underlying, index, start)
            elif kind in SYMBOL_KINDS:
                self._symbol(kind, underlying, index)
            return start + len(underlying)
        end = start + len(raw)
        draft = self.draft
        if (underlying.lower() in _NOT_A_NAME or underlying.upper() in lexicon.HASHTAG_NOISE
                or (underlying.islower() and kind not in SYMBOL_KINDS and not named
                    and not spans.found(lexicon.INDIAN_MARKET, raw))):
            # ("We attempted 26200 CE at 457" under "Nifty": a word of prose is no underlying)
            # "BUY again 26000 strike calls": the word is no underlying
            if draft.symbol is None or draft.symbol_kind != "index" or draft.has_levels:
                return end  # a contract on nothing named: nothing to trade
            raw = draft.symbol.encode() + raw[len(underlying):]  # "Nifty next week 26200 strike calls"
        elif (kind != "index" and not us_contract
              and (joined := spans.search(_HYPHENED_NAME, self.data[self.line_start:start])) is not None
              and not lexicon.kind_matches(joined.group(1))):
            raw = joined.group(1) + b"-" + raw  # "BUY BAJAJ-AUTO 10100 CE": one name, not AUTO's contract
        elif kind != "index" and not us_contract:  # ("In NVDA $210C": a US ticker is one word)
            found = _OPTION_PREFIX.search(self.data[self.line_start:start])
            if (found is not None and not lexicon.kind_matches(found.group(1))
                    and found.group(1).lower() not in _NOT_A_NAME):  # ("14TH FEB EXPIRY BUY 45200 CE": no name)
                raw = found.group(1) + b" " + raw  # "Bank nifty 54000 ce", not "200 qtty BANKNIFTY 30500CE"
        if us_contract:
            self._drop_expiry_before(start)
        self._symbol("option", raw, index)
        # "BTO $MSFT 430c 02/06 @0.80": the expiry after a US contract is no price
        resume = max(end, spans.match_at(_EXPIRY_AFTER, self.data, end)[1]) if raw[-1:] in b"cpCP" else end
        # ("BANKNIFTY 55600 PUT ABOVE 340": an index's contract, its kind a word)
        contract = (us_contract or ticker_contract or raw[-2:].upper() in _INDIAN_KINDS
                    or (kind == "index" and worded.endswith((b"put", b"call"))))
        if contract:
            self._bought_contract(index, start, resume)
        return resume

    def _drop_expiry_before(self, start: int) -> None:
        """"BTO 11/20 PLL 20p @ 0.70": the expiry written between the side word and a US contract was read as the
        order's price; it is none, and the premium after the contract is."""
        draft = self.draft
        if (draft.entry is None or draft.has_levels or draft.entry_line != self.line
                or not spans.found(_EXPIRY_BEFORE, self.data[self.line_start:start])):
            return
        draft.entry, draft.entry_raw = None, b""
        self._open(Slot.ENTRY)
        self.pending = self.implicit = True

    def _bought_contract(self, index: int, start: int, resume: int) -> None:
        """"RIVN 16c 3/20 1.35", "NFLX 80c 7/17 @ 1.38 day trade", "NIFTY 24250 CE / ABOVE 118": an alert that opens
        its line with the contract and its premium, with no side word, buys it ("STC ROKU 120c", "Trimming $APLD
        37c": a word first says otherwise); a person confirms the order. It is read as if "BTO" (buy to open) stood
        right after the contract, so that the side word's own rules take the premium."""
        if (self.draft.side is None and not self.draft.skipped_side
                and (not spans.found(lexicon.LETTER_OR_DIGIT, self.data[self.line_start:start])
                     or spans.match(_CONTRACT_LABEL, self.data[self.line_start:start]) is not None
                     or spans.match(_BOUGHT_WORDS, self.data[self.line_start:start]) is not None)
                and (self._price_follows(resume) or spans.match_at(_PREMIUM_NEXT, self.data, resume)[0] >= 0)
                and not self._side_word_after(resume)):
            self._side(b"BTO", index, resume - 3)
            if self.draft.side is Side.BUY:
                self.draft.reasons.append("side_inferred")

    def _drop_quoted_entry(self, end: int) -> None:
        """"Market price : 4112 / Buy now : 4112 - 4107", "Trading range for the day is 50254-52864. / BUY GOLD @
        51500": the order line's own price replaces a quote or a prose range read on an earlier line."""
        draft = self.draft
        if (draft.quoted or (draft.entry_prose and draft.entry_line < self.line)) and not draft.has_levels \
                and self._price_follows(end):
            draft.entry = draft.entry_range = None
            draft.quoted = draft.entry_prose = False

    def _type_after_entry(self, word: str, lowered: bytes, index: int, end: int) -> bool:
        """"Entry: 1.4968 Buy Stop": the order's type after its price, nothing after it but a level's label (not "short
        entry 0.5479 and short limit 0.5645", another leg); True when so read."""
        draft = self.draft
        # (after a zone's second price too: "Entry Price: 2350 - 2355 (Sell Limit)")
        if (self._last_entry_token() != index - 1 or self.line != draft.entry_line or draft.has_levels
                or (b"limit" not in lowered and b"stop" not in lowered)
                or (self._price_follows(end) and spans.match_at(_LEVEL_LABEL_NEXT, self.data, end)[0] < 0)):
            return False  # ("Entry: 1.4968 Buy Stop Sl: 1.3901": the price after it is the stop's)
        self._leg_order_type(word)
        self._open(Slot.IGNORE)
        self.pending = False
        return True

    def _strike_under_name(self, raw: bytes, index: int) -> bool:
        """"SENSEX / 📈📉 84800CE", "BUY HINDZINC / 750 CE ABOVE 33": a strike and kind alone, under the index or the
        share named before any level: that name's contract; True when so read."""
        if not self._strike_has_name(raw):
            return False
        assert self.draft.symbol is not None
        self._symbol("option", self.draft.symbol.encode() + raw, index)
        return True

    def _strike_has_name(self, raw: bytes) -> bool:
        """Whether a strike and kind alone stand under a name whose contract they are (see _strike_under_name)."""
        draft = self.draft
        if draft.symbol is None or draft.has_levels:
            return False
        indian = raw.endswith((b"CE", b"PE"))
        share = draft.symbol_guessed and draft.symbol.isalpha() and not draft.symbol.endswith(symbols.QUOTE_ASSETS)
        return (draft.symbol_kind == "index" and (indian or spans.found(lexicon.INDIAN_MARKET, self.data))) or (
            share and indian)

    def _view_under_order(self, start: int, end: int) -> bool:
        """"MACD bullish crossover" under an order: a view, never another leg or signal; but a heading after a
        complete signal ("🔴 Bearish sweep: ... / 🟢 Bullish sweep:") opens the next setup."""
        draft = self.draft
        return draft.side is not None and not (
            draft.has_levels and spans.match_at(_HEADING_REST, self.data, end)[0] >= 0
            and not self.data[self.line_start:start].strip(b" \t").isalnum())

    def _side_again(self, side: Side, word: str, end: int) -> int | None:
        """The priced order's side word again, with no leg of its own ("Buy ... buy more"): it may type the order
        or bound its zone; returns where scanning resumes when it read past the word (None otherwise)."""
        self._limit_instruction(side, word, end)
        if (resume := self._up_to_price(side, end)) > 0:
            return resume
        self._open(Slot.IGNORE)
        self.pending = False
        return None

    def _up_to_price(self, side: Side, end: int) -> int:
        """"Sell COPPER - Feb @ 716, Sell up to 718": the order's side again on its line, then the price it goes
        on selling up to, the zone's other bound; returns where scanning resumes (0 when it is no such price)."""
        draft = self.draft
        if side is not draft.side or draft.entry is None or self.line != draft.entry_line or draft.has_levels:
            return 0
        span = spans.match_at(_UP_TO_PRICE, self.data, end)
        if span[0] < 0:
            return 0
        number = self.data[span[0]:span[1]].split()[-1].lstrip(b"$")
        return span[1] if self._maybe_zone(number, b"-", span[1] - len(number)) else 0

    def _bare_order_line(self, pos: int) -> bool:
        """Whether this line is the order's own (its side word read on it) with no price from ``pos`` to its end:
        a type word on it types the order wherever its levels are ("Stoploss: 1.06 / Buy EURUSD limit", "Enter
        1.7920 / EurUSD Buy Stop"); with a price of its own it would be another leg."""
        line_end = self.data.find(b"\n", pos)
        return self.draft.side_line == self.line and not spans.found(
            lexicon.BARE_NUMBER, self.data[pos:line_end if line_end >= 0 else len(self.data)])

    def _limit_instruction(self, side: Side, word: str, end: int) -> None:
        """"Entry: 4633.96 - 4637.96 / 💡 Set Sell Limit order di best entry": the order's side and "limit" again on
        a later line with no price of its own type the order (with a price, it is another leg)."""
        draft = self.draft
        line_end = self.data.find(b"\n", end)
        if (side is draft.side and ("limit" in word or "лимит" in word) and not draft.has_levels
                and self.line > draft.entry_line
                and not any(48 <= byte <= 57 for byte in self.data[end:line_end if line_end >= 0 else len(self.data)])):
            draft.order_type = OrderType.LIMIT

    def _price_opens_next_line(self, pos: int) -> bool:
        """Whether this line holds no number after ``pos`` and the next one opens with a price ("2nd buy limit set at
        / @ 1.24000")."""
        line_end = self.data.find(b"\n", pos)
        if line_end < 0 or any(48 <= byte <= 57 for byte in self.data[pos:line_end]):
            return False
        # ("BUY:" alone on its line is a field's name over a list, no leg)
        return (2 <= spans.count(lexicon.WORDS, self.data[self.line_start:line_end]) <= _LEG_LINE_WORDS_MAX
                and spans.match_at(_PRICE_OPENS_LINE, self.data, line_end + 1)[0] >= 0)

    def _side_word_after(self, pos: int) -> bool:
        """Whether a side word follows on this line or the next ("BANK NIFTY 45000 PE SELL SL 45100")."""
        line_end = self.data.find(b"\n", pos)
        end = -1 if line_end < 0 else self.data.find(b"\n", line_end + 1)
        return self._side_between(pos, end if end >= 0 else len(self.data))

    def _drop_skipped_entry(self) -> None:
        """"Our buy on gold from 2340 is doing great / BUY ETH 3000": a price read on an earlier line, in a clause
        whose side word ordered nothing, is no entry of an order that follows."""
        draft = self.draft
        if draft.side is None and draft.skipped_side and not draft.has_levels and draft.entry_line < self.line:
            draft.entry = draft.entry_range = None

    def _symbol(self, kind: str, raw: bytes, index: int, start: int = -1) -> None:
        self._drop_skipped_entry()
        if self.ticker is not None:  # the symbol token starts where the coin name did: it is the better reading
            self.ticker = None
        written = raw.decode("utf-8")
        if self._names_no_market(kind, written, index, start + len(raw)):
            return
        draft = self.draft
        if (draft.symbol is not None and not draft.symbol_titled and draft.side is None and not draft.has_levels
                and (draft.entry is not None or draft.entry_range is not None) and self.line > self.symbol_line
                and (kind in _MARKET_KINDS or draft.quoted or (start >= 0 and self._side_next(start + len(raw))))
                and self._another_market(kind, written)):
            # ("Gold is now at 2345 / eth 1800 多单 ...": a market's quote, then an order on another)
            # ("... / ABOVE :- 56 // Gold Buy 2350": a market named before a side word on its line, too)
            # "#GPS/USDT Entry 1 ✅ / Entry Price: 0.01067 // XAUUSD Sell 4476 ...": a price under one market and no
            # side, then another market: a notice, then an order, most likely; a person confirms whose it is
            rival = draft.symbol
            draft = self._start_next(Draft())
            draft.symbol_rival = rival
        priced = draft.side is not None and (draft.entry is not None or draft.entry_range is not None)
        # ("Sol limit long 67.7 / Eth limit long 1653": a coin's name guessed on an order line is that order's)
        weak = draft.symbol_weak and draft.symbol is not None and draft.symbol.upper() not in symbols.WELL_KNOWN_COINS
        other = priced and self._another_market(kind, written)  # (normalised only when it matters: the hot path)
        if draft.symbol is not None and ((draft.has_levels and not self._order_line_restated(kind, written)) or (
                priced and self._after_order_clause(start) and not weak and other)):
            # a symbol after a complete signal, or another symbol after an order line or clause: the next signal
            previous, draft = draft, self._start_next(Draft())
            self._heading_side(previous, draft, start)
        elif (draft.symbol is None and draft.side is not None and draft.has_levels and self.line > draft.side_line
              and start >= 0 and self._side_next(start + len(raw))):
            # "SELL 0.6320 / TP 0.6300 / SL 0.6370 // EURUSD BUY 1.0850 ...": a market named with a side of its own
            # after an order that named none is the next order's, not the first one's
            draft = self._start_next(Draft())
        # "COİN ADI: ZEC/USDT": a name read after a coin label gives way to a symbol written on its line; so does
        # a hashtag before any side word ("Signal ID: #B56 / $XRPUSDT - LONG": an identifier, not a coin)
        labelled_name = (draft.symbol_kind == "ticker" and (self.ticker_line == self.line or (
                         draft.side is None and kind in ("pair", "crypto_pair", "cashtag", "alias", "index")))
                         and not draft.has_levels and draft.entry is None and draft.entry_range is None)
        # "nifty expiry today / buy nifty 22000 ce": the contract, not its underlying, is what is bought
        contract = kind == "option" and draft.symbol is not None and not draft.has_levels and draft.entry is None \
            and draft.entry_range is None and symbols.squash(written).startswith(symbols.squash(draft.symbol))
        # "(gold is a volatile pair) / SHORT ETH/USDT": the symbol on the order's own line, before any level, is the
        # order's; a name mentioned on an earlier line gives way
        on_order_line = (draft.side is not None and self.line == draft.side_line and self.symbol_line < self.line
                         and not priced and not draft.has_levels)
        # "Bitcoin Trade Signal / Instrument: BTC/USD", "$PEPE 1000PEPE/USDT": the pair written with its quote
        # refines the coin's name
        refined = (draft.symbol_kind in ("alias", "crypto_bare", "cashtag") and kind in ("pair", "crypto_pair")
                   or draft.symbol_kind in ("alias", "crypto_bare") and kind == "cashtag") and (
                   not priced and not draft.has_levels and draft.symbol is not None
                   and symbols.base_coin(symbols.normalize(kind, written, b"")) == symbols.base_coin(
                       symbols.normalize(draft.symbol_kind, draft.symbol, b"")))
        # "GOLD SNIPER VIP / Pair: GBPJPY / Side: long": the symbol written as a field, before any side or level,
        # beats a name read earlier (a channel's title)
        unpriced = not draft.has_levels and draft.entry is None and draft.entry_range is None
        field = start == self.field_symbol_at and unpriced
        # "GOLD SNIPER VIP / EURUSD | M15 / BUY": a market written after a channel's title is the order's
        # ("BUY 1.0850 EURUSD": its own line; a coin's bare name before the side or on its line, or alone on its
        # line: "🔥 GOLD SNIPER VIP 🔥 / #ETH / ШОРТ", "GOLD VIP / 交易訊號發布: ETH / 做多"; in prose under the
        # order it is no market)
        titled = draft.symbol_titled and not draft.has_levels and (
            unpriced or draft.side is None or self.line == draft.side_line) and (
            kind != "crypto_bare" or draft.side is None or self.line == draft.side_line
            or self._alone_on_line(start, start + len(raw)))
        # "GOLD TRADE / #ETHUSDT / SHORT": a market written after the message's heading is the order's, as after a
        # title; which of the two, a person confirms
        headed = draft.symbol_headed and not draft.has_levels and not refined and (
            unpriced or draft.side is None or self.line == draft.side_line) and (
            kind in _NAMED_MARKETS or self._alone_on_line(start, start + len(raw))) and self._another_market(
            kind, written)
        if (on_order_line and draft.side_restated and self._another_market(kind, written)) or headed:
            draft.symbol_rival = draft.symbol or ""  # which of the two lines is the order, a person decides
        after_side = (self.side_word[0] == self.line and self._right_after_side(index) and self.symbol_line == self.line
                      and (kind in _NAMED_MARKETS or (kind == "crypto_bare" and written.isupper()
                                                      and written not in _COINS_THAT_ARE_WORDS))
                      and not priced and not draft.has_levels
                      and self._another_market(kind, written))  # ("BUY NEAR 4554": a word, not the coin)
        if after_side:
            # "DXY strong, so SELL EURUSD 1.0850", "Sell AUDCAD? Buy NZDCAD 0.8150": the market named right after
            # the order's side word is the order's, not one named before it on the line; a person confirms
            draft.symbol_rival = draft.symbol or ""
        if self._quoted_above(draft, kind, written, priced=priced):
            # "EURUSD 1.0850 // Long/Buy #BEAT/USDT / Entry point - 1.6810": a price under a market with no side, then
            # an order line naming another market after its side word: the price was the other market's quote; the
            # order is the line's, and a person confirms
            if draft.entry_implicit:  # (a labelled entry above, "✅Entry 0.79065 - 0.78206", is the order's)
                draft.entry = draft.entry_range = None
            draft.symbol_rival, on_order_line = draft.symbol or "", True
        if (draft.symbol is None or weak or (draft.symbol_weak and not (priced and other)) or labelled_name or contract
                or on_order_line or refined or field or titled or after_side or headed):
            if draft.symbol is None and draft.side is not None and draft.has_levels and self.line > draft.side_line:
                # "Direction SELL / ENTRY : 4468-4466 / TP1 ... / SL: 4476 // #ALCHUSDT: ...": a market named only
                # after the order's levels may be the footer's or the next post's; a person confirms
                draft.reasons.append("symbol_after_levels")
            draft.symbol, draft.symbol_kind, draft.symbol_weak = written, kind, False
            draft.symbol_guessed = False
            draft.symbol_titled = self._a_title(start)
            draft.symbol_headed = not draft.symbol_titled and self._a_heading(kind, start, start + len(raw))
            draft.symbol_at_line = self.line
        elif (self.symbol_line < self.line and not draft.has_levels and draft.entry is None
              and draft.entry_range is None and (draft.side is None or self.line > draft.side_line)):
            # (after the side, only a symbol written as a market: a coin named in the prose is no rival)
            # ("ALERT: stopped $SPX short / GOLD / Sell again below 5024": a market alone on its line contests too)
            alone = self._alone_on_line(start, start + len(raw))
            self._line_symbol(written, kind, self.line, rival=draft.side is None or kind in _MARKET_KINDS or alone)
            self.symbol_alone_line = self.line if alone and draft.side is None else -1
        elif (self.symbol_line == self.line and draft.side is None and not draft.has_levels and draft.entry is None
              and draft.entry_range is None and kind != "option" and self._another_market(kind, written)):
            draft.symbol_rival = draft.symbol_rival or written  # "EURUSD, GBPUSD BUY 1.0850": which one, a person says
        elif (self.symbol_line < self.line and draft.side is None and not draft.has_levels and kind != "option"
              and self._another_market(kind, written)):
            # "Gold is at 2345 now / eth 1800 多单 ...": another market on a later line, under a price and no side,
            # is no word of prose to pass over; which market the order is for, a person says
            draft.symbol_rival = draft.symbol_rival or written
        self._forget_price_before(start, start + len(raw))
        self.symbol_line, self.symbol_token = self.line, index

    def _order_line_restated(self, kind: str, written: str) -> bool:
        """"EURJPY analysis / TP1 161.80 / TP2 159.80 / sell EURJPY 163.80 / SL 165.30", "TP 4705 / Buy #XAUUSD
        #GOLD 4703-4697": the order's market again on its order line, written after the targets and before its
        price, names no next signal."""
        draft = self.draft
        return (kind != "option" and draft.side_line == self.line and self.side_word[0] == self.line
                and draft.entry is None and draft.entry_range is None and not self._another_market(kind, written))

    def _forget_price_before(self, start: int, end: int) -> None:
        """A price read before the market is named is no longer the order's, unless it stands alone on the line
        above a line that opens with the market and its side word ("4594-4598 / GOLD BUY"), before any other
        market was named."""
        if self.pre_entry is None:
            return
        if not (self.symbol_token < 0 and self.draft.side is None and start >= 0 and self._side_next(end)
                and not spans.found(lexicon.LETTER_OR_DIGIT, self.data[self.line_start:start])):
            self.pre_entry = self.pre_zone = None
            return
        above = self.data[:self.line_start].rstrip(b" \t\r\n")
        if spans.match(PRICE_LINE, above[above.rfind(b"\n") + 1:]) is None:
            self.pre_entry = self.pre_zone = None

    def _alone_on_line(self, start: int, end: int) -> bool:
        """Whether the token at ``start``-``end`` stands alone on its line, among marks."""
        if start < 0:
            return False
        line_end = self.data.find(b"\n", end)
        return not spans.found(lexicon.LETTER_OR_DIGIT, self.data[self.line_start:start]) and not spans.found(
            lexicon.LETTER_OR_DIGIT, self.data[end:line_end if line_end >= 0 else len(self.data)])

    def _names_no_market(self, kind: str, written: str, index: int, end: int) -> bool:
        """Whether a symbol token names no market here."""
        if kind == "pair" and symbols.squash(written)[-3:] in _METALS:
            return True  # "FREEDOM GBP/XAU SIGNALS": a channel's name; no pair is quoted in a metal
        if kind == "crypto_pair" and symbols.an_exchange_market(symbols.squash(written)):
            return True
        # "GOLD / BUY NEAR 2345": the word, where the order is, not the coin NEAR
        return (written == "NEAR" and self.draft.symbol is not None and self._right_after_side(index)
                and spans.match_at(_PRICE_MARK, self.data, end)[0] >= 0)

    def _quoted_above(self, draft: Draft, kind: str, written: str, *, priced: bool) -> bool:
        """Whether a market written after the side word on the order's line is another than the draft's, whose price
        was read before that side word, on an earlier line ("EURUSD 1.0850 // Long/Buy #BEAT/USDT", "#ZRO/USDT Entry 1
        ✅ / Average Entry Price: 1.579 // BUY GOLD @ NOW")."""
        return (priced and kind in _NAMED_MARKETS and draft.side is not None and self.line == draft.side_line
                and self.symbol_line < self.line and not draft.has_levels
                and 0 <= draft.entry_token < self.side_word[1] and self._another_market(kind, written))

    def _right_after_side(self, index: int) -> bool:
        """Whether token ``index`` follows the last order's side word ("SELL EURUSD", "Sell limit EURUSD")."""
        at = self.side_word[1]
        return at == index - 1 or (at == index - 2 and self.limit_word == (self.line, index - 1))

    def _heading_side(self, previous: Draft, draft: Draft, start: int) -> None:
        """"BUY: / EURUSD 1.0850 SL 1.0820 TP 1.0900 / AUDUSD 0.6650 SL ...": a side word alone on its line heads the
        list of orders under it; the next order takes its side (a side word of its own replaces it)."""
        if previous.side is None or previous.side_start < 0:
            return
        end = self.data.find(b"\n", previous.side_start)
        line = self.data[previous.side_start:end if end >= 0 else len(self.data)]
        if not spans.found(_SIDE_HEADING, line) and not (
                # "BUY / GBPUSD 1.2650 SL ... / EURUSD 1.0850 SL ...": a bare side line over an order whose market
                # opens the next line heads every market that opens a line after it
                previous.side_line < self.symbol_line and spans.found(_BARE_SIDE, line)
                and not spans.found(lexicon.LETTER_OR_DIGIT, self.data[self.line_start:start])):
            return
        draft.side, draft.side_line, draft.side_start, draft.side_inherited = (
            previous.side, self.line, previous.side_start, True)
        self._open(Slot.ENTRY, implicit=True)
        self.implicit_line = self.line

    def _a_title(self, start: int) -> bool:
        """Whether the symbol at ``start`` stands in a channel's title ("GOLD SNIPER VIP", "FOREX GOLD SIGNALS"):
        a line of words with a title's word and no number."""
        line_end = self.data.find(b"\n", start)
        line = self.data[self.line_start:line_end if line_end >= 0 else len(self.data)]
        if line[:1] == b"[" and b"]" in line:
            line = line[line.find(b"]") + 1:]  # "[05/12/2024 14:30] Gold Signals:": an export's stamp before the name
        if line.translate(None, b"0123456789") != line:
            return False  # (most symbols stand on a line with a price: no title)
        if self.title_words is None:  # (one search a message, when a symbol stands on a line without a number)
            self.title_words = spans.found(_TITLE_WORD, self.data)
        return self.title_words and spans.found(_TITLE_WORD, line)

    def _a_heading(self, kind: str, start: int, end: int) -> bool:
        """Whether the symbol at ``start``-``end`` names the market in the message's heading ("GOLD TRADE", "Gold
        Trading Room", "BTC Futures Room"): its first line, words with no number, field, tag or side word."""
        data = self.data
        if kind not in _HEADING_KINDS or (self.line_start and data[:self.line_start].strip()):
            return False
        line_end = data.find(b"\n", start)
        line_end = len(data) if line_end < 0 else line_end
        line = data[self.line_start:line_end]
        if line.translate(None, _HEADING_BREAKERS) != line:  # (most first lines hold a price: no heading)
            return False
        return (spans.found(lexicon.WORDS, data[self.line_start:start] + b" " + data[end:line_end])
                and len(line.split()) <= _HEADING_WORDS_MAX
                and not self._side_between(self.line_start, line_end))

    def _side_between(self, start: int, end: int) -> bool:
        """Whether a side word stands between ``start`` and ``end``."""
        data, find = self.data[:end], spans.finder(lexicon.TOKENS)
        while (found := find(data, start))[0] >= 0:
            if lexicon.token_kind(data, *found) == "side":
                return True
            start = max(found[1], found[0] + 1)
        return False

    def _another_market(self, kind: str, written: str) -> bool:
        """Whether a symbol names another market than the draft's."""
        draft = self.draft
        return draft.symbol is not None and not symbols.same_market(kind, written, draft.symbol_kind, draft.symbol)

    def _line_symbol(self, written: str, kind: str, line: int, *, rival: bool) -> None:
        """Keep a symbol read before the order's side: the order's if the side is written on its line; another
        market than the draft's otherwise contests the draft's symbol."""
        self.line_symbol = (written, kind, line)
        draft = self.draft
        if rival and not draft.symbol_rival and self._another_market(kind, written):
            draft.symbol_rival = written

    def _after_order_clause(self, start: int) -> bool:
        """Whether ``start`` is past the order's line, or past a clause that ends after its price on that line
        ("BTC/USDT BUY 45000, ETH/USDT SELL 3000": one clause an order)."""
        return self.line > self.draft.side_line or (
            start > 0 and spans.found(_CLAUSE_AFTER_PRICE, self.data[self.line_start:start]))

    def _next_signal(self, side: Side, start: int, raw: bytes) -> None:
        """A side word after a complete signal starts the next one when it names another symbol on its line
        ("BUY EURUSD ... / SELL GBPUSD ...") or the other side (a straddle); otherwise it is another leg."""
        draft = self.draft
        # (a quote is no order's price: "BTCUSDT SHORT ... / XAUUSD / Market price : 4090 / Buy now : 4090 - 4086")
        priced = (draft.entry is not None or draft.entry_range is not None) and not draft.quoted
        if draft.side is None:
            if draft.has_levels and draft.symbol is not None and self._names_another_symbol(start + len(raw)):
                # "Coin: #BNBUSDT / Entry 1140–1165 / SL 1110 / TP 1180 // BUY XAUUSD NOW": levels with no side,
                # then an order naming another symbol: that order is a signal of its own
                previous, draft = draft, self._start_next(Draft())
                if self.symbol_line == self.line:
                    # "SL: 78700 (a note) // GOLD BUY NEAR 4554": a market opening the side's line is the order's
                    draft.symbol, draft.symbol_kind, previous.symbol = previous.symbol, previous.symbol_kind, None
            return
        if not (draft.has_levels or (priced and self._after_order_clause(start))):
            if not priced and self._bare_order_above(start, start + len(raw)):
                self._start_next(Draft())  # "Long XRP now / Long ETH 1895": an order with no price, then another
                line_symbol = self._this_lines_symbol()
                if line_symbol is not None and draft.symbol_rival == line_symbol[0]:
                    draft.symbol_rival = ""  # ("EURUSD BUY / GBPUSD SELL": the next order's market, no rival)
            return
        named = ((side is draft.side and self._another_name_follows(start + len(raw)))
                 or self._name_opens_line(start, start + len(raw)))
        if side is draft.side and not (named or self._symbol_follows(start + len(raw))):
            return
        # The symbol carries over (a straddle names it once) but gives way to one written on this line.
        self._start_next(Draft() if named else draft.next_signal())

    def _bare_order_above(self, start: int, end: int) -> bool:
        """"С текущих long Xrp / Limit long Eth - 1895": the order above named its market and side on lines of its
        own and no price (a market order); a side word opening a later line before another market it names starts
        another order, not the market's rival."""
        draft = self.draft
        # ("EURUSD BUY NOW / GBPUSD SELL NOW": the later order's market may open its line, before its side word)
        named = self._this_lines_symbol()
        if (draft.symbol is None or draft.symbol_guessed or draft.side is None or draft.side_line >= self.line
                or (self.symbol_line >= self.line and named is None)):
            return False
        before = self.data[self.line_start:start].strip(b" \t").lower()
        if named is not None:
            before = before.replace(named[0].lower().encode(), b"").strip(b" \t#$")
        if spans.found(lexicon.PROSE_OR_DIGIT, before) and before not in (b"limit", b"market"):
            return False
        line_start = self.data.rfind(b"\n", 0, draft.side_start) + 1
        line_end = self.data.find(b"\n", draft.side_start)
        words = self.data[line_start:line_end].decode("utf-8", "replace").lower().split()
        coin = symbols.coin(draft.symbol).lower()
        if any(word.strip("$#.,!:") not in _BARE_ORDER_WORDS and coin not in word for word in words):
            return False  # "$INJ limit long stooped out / Buy Gold @2320": a report, then the order
        if named is not None:
            written = symbols.normalize(named[1], named[0], b"")
            return symbols.coin(written) != symbols.coin(draft.symbol)
        found = self._symbol_after(end)
        if found is None or found[0] not in ("pair", "crypto_pair", "crypto_bare", "alias", "index", "cashtag"):
            return False
        written = symbols.normalize(found[0], found[1].decode("utf-8", "replace"), b"")
        return symbols.coin(written) != symbols.coin(draft.symbol)

    def _another_name_follows(self, end: int) -> bool:
        """"FUTURES-BUY MCDOWELL ... SL 604 / FUTURES-BUY GRASIM ...": after a complete order (stop and targets),
        the same side word before another capitalised name starts another order, not another leg of the first."""
        draft = self.draft
        if draft.stop_loss is None or not draft.take_profits or draft.symbol is None:
            return False
        span_start, span_end = spans.match_at(lexicon.BARE_TICKER, self.data, end)
        if span_start < 0:
            return False
        return self._another_name(self.data[span_start:span_end].split()[-1].lstrip(b"#").upper(), draft.symbol)

    def _name_opens_line(self, start: int, end: int) -> bool:
        """"TATASTEEL BUY ABOVE 150 SL 145 TGT 160 / INFY BUY ABOVE 1500 ...": after a complete order, another
        capitalised name opening the side word's line, the order's price after it, starts another order (not "WHY
        BUY NOW:", a heading)."""
        draft = self.draft
        if (draft.stop_loss is None and not draft.take_profits) or draft.symbol is None or not self._price_follows(end):
            return False
        found = spans.match(_NAME_OPENS_LINE, self.data[self.line_start:start])
        return found is not None and self._another_name(found.group(1), draft.symbol)

    @staticmethod
    def _another_name(name: bytes, symbol: str) -> bool:
        """Whether capitalised ``name`` may be a market other than ``symbol``: no word the tokenizer reads, no word
        that names nothing, and not the symbol's own start."""
        return (not lexicon.kind_matches(name) and not lexicon.names_nothing(name)
                and not symbol.encode().startswith(name))

    def _names_another_symbol(self, pos: int) -> bool:
        """Whether the symbol written next on this line (or, the side's line naming none, opening the next line) is
        another market than the draft's."""
        found = self._symbol_after(pos)
        if found is None and not self._price_follows(pos):
            # "... SL 260 // 🚀 BUY Signal / Coin: BTC/USDT": the market under the side word's line
            pos = self.data.find(b"\n", pos) + 1
            found = self._symbol_after(pos) if pos > 0 else None
        if found is not None and found[0] == "coin":  # "Coin: BTC/USDT": the name after the coin's label
            label = found[1]
            named = label.split()[-1].lstrip(b":=>@#-")
            found = self._symbol_after(self.data.find(label, pos) + label.rfind(label.split()[-1]))
            if found is None and named.isalnum() and named.isupper() and not lexicon.names_nothing(named):
                found = ("ticker", named)  # "HISSE: THYAO": a name the tokenizer does not know, labelled as a market
        if found is not None and found[0] == "hashtag":  # "SELL #GBPUSD @ 1.43511": the name the hashtag marks
            name = found[1].lstrip(b"#")
            kind = lexicon.token_kind(name, 0, len(name))
            # ("Buy #FLM/#USDT": a coin's name the tokenizer does not know, hashtagged as a market)
            found = ("ticker" if kind not in SYMBOL_KINDS and not lexicon.names_nothing(name) else kind, name)
        return found is not None and (found[0] in SYMBOL_KINDS or found[0] == "ticker") and self._another_market(
            found[0], found[1].decode("utf-8", "replace"))

    def _side_heads_targets(self, side: Side, end: int) -> bool:
        """"#SHORT / Entry LIMIT: 1.0665 / SELL: / 1.0620 - 1.0580": a short's "SELL:" alone on its line, under its
        priced entry, heading prices below it: a spot template's "sell targets", the short's targets."""
        draft = self.draft
        if side is not Side.SELL or self.line == draft.side_line or draft.entry is None:
            return False
        if (spans.match(_BARE_SELL, self.data[self.line_start:end]) is None
                or spans.match_at(_FIELD_ALONE, self.data, end)[0] < 0):
            return False
        found = spans.find(lexicon.PRICE, self.data, self.data.find(b"\n", end) + 1)
        price = to_decimal(self.data[found[0]:found[1]]) if found[0] >= 0 else None
        return price is not None and price < draft.entry

    def _exit_prices(self, side: Side, end: int) -> int:
        """"Buy: 148-150 / Sell: 155, 160": the other side written as a field after the order's entry, and before
        any target, gives the prices to sell at, the targets (a spot signal's way of writing them). Returns where
        the first of them starts, or 0."""
        draft = self.draft
        if side is draft.side and not draft.take_profits and self._side_heads_targets(side, end):
            return self.data.find(b"\n", end) + 1  # "#SHORT / Entry LIMIT: 1.0665 / SELL: / 1.0620 - 1.0580 - ..."
        # (a spot signal buys first: "Sell: 1758.695 / Buy: 1746.020" is two orders around the news, no short's cover)
        if draft.side is not Side.BUY or side is draft.side or draft.take_profits:
            return 0
        if draft.stop_loss is not None and spans.match_at(_AT_PRICE, self.data, end)[0] < 0:
            return 0  # (under a stop, only "Sell at 2360" / "Sell @ 2360": the exit's price, the target)
        entry = draft.entry if draft.entry is not None else draft.entry_range[1 if side is Side.SELL else 0] \
            if draft.entry_range is not None else None
        # ("UNI buy 6.5 sell 7.2 stop 6.0": on the order's own line only right after its price, or its zone's,
        # "#DIA Buy 2382-2310 Sell 2425-2470-2640")
        _, last_index, last_slot = self.last_number
        right_after = self.index == draft.entry_token + 1 or (last_slot is Slot.ENTRY and self.index == last_index + 1)
        if entry is None or (self.line == draft.side_line and not right_after):
            return 0
        _, field_end = spans.match_at(_FIELD_THEN_PRICE, self.data, end)
        if field_end < 0:
            return 0
        price = to_decimal(self.data[field_end - 1:spans.match_at(lexicon.PRICE, self.data, field_end - 1)[1]])
        # a straddle's other leg ("Buy: 2340 / Sell: 2330") sits on the order's losing side; a target beyond it
        beyond = price is not None and (price > entry if side is Side.SELL else price < entry)
        return field_end - 1 if beyond else 0

    def _leg_order_type(self, word: str) -> None:
        draft = self.draft
        if (draft.order_type is OrderType.MARKET
                and any(mark in word for mark in ("limit", "лимит", "giới hạn", "限", "挂", "掛", " حد"))):
            draft.order_type = OrderType.LIMIT
        elif "stop" in word or "стоп" in word:
            draft.order_type = OrderType.STOP

    def _settle_side(self, draft: Draft, side: Side, role: str, *, view: bool) -> None:
        """The draft's side after this side word: the first one, unless a field names the other side before any
        level ("Strategy Long Wave ... Side: SELL"); two different unlabelled sides on different lines are a doubt.
        A second signal starts at a symbol, not here: "Buy 2 @0.97700" is another leg of this one."""
        if role == "named_order":  # "Unleash the Gold sell @3983.5": an order, named by words that may name an open one
            draft.reasons.append("side_after_reference")
            role = "order"
        if draft.side_inherited:  # "BUY: / EURUSD 1.0850 ... / GBPUSD SELL 1.2650": the order's own side word
            draft.side, draft.side_line, draft.side_inherited = side, self.line, False
        if draft.side is not None and side is not draft.side and not draft.has_levels:
            if role == "field" and not draft.side_from_field:
                draft.side, draft.side_line = side, self.line
            elif role != "field" and not draft.side_from_field and (
                    draft.side_line != self.line or (draft.entry is None and draft.entry_range is None)):
                # ("Buy the rumor, sell the news. EURUSD 1.0850 ...": two sides before any price, on one line too)
                draft.reasons.append("conflicting_sides")
        if role == "field":
            draft.side_from_field = True
        if draft.side is None:
            draft.side, draft.side_line, draft.side_start = side, self.line, self.line_start
            draft.side_is_view = view  # "Bullish" states a view, not yet an order
        elif side is draft.side and not view:
            draft.side_is_view = False  # "GBPUSD Bearish ... enter short position": the order follows the view
            if (role == "order" and self.line > draft.side_line and not draft.has_levels and draft.entry is None
                    and draft.entry_range is None):
                # "$INJ limit long stooped out / Buy Gold @2320-2317": the later line is the order's
                draft.side_line, draft.side_restated = self.line, True

    def _this_lines_symbol(self) -> tuple[str, str, int] | None:
        """The symbol kept from the current line before its side word (written, kind, line), if any."""
        return self.line_symbol if self.line_symbol is not None and self.line_symbol[2] == self.line else None

    def _symbol_alone_above(self, draft: Draft) -> tuple[str, str, int] | None:
        """"Gold bounced hard after NFP. / EUR/USD / 🟢 LONG": a market alone on the line right above the side
        word, under a market only mentioned in prose on an earlier line, is the order's (the other, its rival)."""
        named = self.line_symbol
        if (named is None or draft.symbol is None or draft.side is not None or named[2] != self.line - 1
                or self.symbol_alone_line != named[2] or not 0 <= draft.symbol_at_line < named[2]
                or not self._prose_line(draft.symbol_at_line)
                or not self._another_market(named[1], named[0])):
            return None
        return named

    def _prose_line(self, line: int) -> bool:
        """Whether line ``line`` of the message is a sentence: three words of prose or more."""
        lines = self.data.split(b"\n", line + 1)
        return 0 <= line < len(lines) and spans.count(lexicon.PROSE_WORD, lines[line]) >= 3

    def _take_line_symbol(self, draft: Draft) -> None:
        """"#ALGO/USDT entered its zone ✅ / XAUUSD SELL 4352": the symbol on the order's own line is the order's,
        not one read on an earlier line."""
        named, above = self._this_lines_symbol(), False
        if named is None:
            named, above = self._symbol_alone_above(draft), True
        if named is None:
            return
        if above:
            # (the sentence's market stays a rival: "I have a live trade open on USD/CHF / GBP/USD / Buy Stop ...";
            # a person confirms)
            draft.symbol_rival = draft.symbol or ""
        elif draft.side is not None:
            # "long UNI again / #PENDLE/USDT 📈LONG / Entry ...", "#BTCUSDT Long / Eth 3250-3280 Long": a side and
            # symbol on a later line, before any stop or target (an entry read since the first side is this line's);
            # the order is more likely the later line's, but which one is a person's call
            if draft.has_levels or not self._another_market(named[1], named[0]):
                return
            draft.symbol_rival = draft.symbol or ""
        else:
            draft.symbol_rival = ""  # the order's own line names its symbol
        draft.symbol, draft.symbol_kind = named[:2]
        draft.symbol_weak = draft.symbol_guessed = False

    def _side(self, raw: bytes, index: int, start: int) -> int | None:
        """Read a side word; returns where scanning resumes when that is not the word's end."""
        # str: bytes.lower() leaves Cyrillic alone; words in other scripts carry their boundary characters
        word = _letters(raw.decode("utf-8", "replace").lower()).replace("\t", " ")  # ("posição\tcurta": a space)
        sell = (word.startswith(_SELL_WORDS) or "空" in word or "卖" in word or "賣" in word
                or " cort" in word or " curt" in word)  # "en corto", "posição curta"
        side = Side.SELL if sell else Side.BUY
        end = start + len(raw)
        if self._a_note_not_a_side(side, start, end):
            return None
        role = wording.side_role(self.data, self.line_start, start, end)
        if role not in ("order", "field", "named_order"):
            self.draft.skipped_side = self.draft.skipped_side or role  # the first reason is the one reported
            return None
        lowered = raw.lower()
        exit_at = 0 if b"limit" in lowered or b"stop" in lowered else self._exit_prices(side, end)
        if exit_at:
            self._open(Slot.TP)
            self.draft.labelled = True
            return exit_at  # past the field's word: "Sell Price: 0.00002408" after a buy lists a target
        view = word.startswith(("bull", "bear"))
        if view and self._view_under_order(start, end):
            return None
        self._next_signal(side, start, raw)
        self.side_word = (self.line, index)
        draft = self.draft
        if draft.symbol is not None and self.symbol_line < self.line and not draft.has_levels:
            self._unknown_name_beside(draft, start, end)
        self._drop_skipped_entry()
        self._take_line_symbol(draft)
        self._settle_side(draft, side, role, view=view)
        self._drop_quoted_entry(end)  # (first: "Price now 2345.6 / GOLD Sell LIMIT 4167/4170" is a limit)
        if (draft.entry is None and draft.entry_range is None) or draft.quoted or (
                draft.entry_line < self.line and not draft.has_levels and self._bare_order_line(end)):
            self._leg_order_type(word)  # ("Price now ... / Type: BUY STOP"; "Price: 91.851 / SellStop #AUDJPY")
            if self.limit_word == (self.line, index - 1):
                draft.order_type = OrderType.LIMIT  # "Limit long btc - 64660" on the line after another order
        if draft.symbol_open:
            self._guess_ticker(raw, start, end, chinese=word[:1] >= "\u4e00")
        priced = draft.entry is not None or draft.entry_range is not None
        if priced and side is draft.side and self._type_after_entry(word, lowered, index, end):
            return None
        if priced and side is draft.side and (
                (self.line != draft.side_line and (self._price_follows(end) or self._price_opens_next_line(end))) or (
                not draft.has_levels and spans.match_at(PRICE_NEXT, self.data, end)[0] >= 0)):
            # "Buy 2 @0.97700 Tp @ 0.97950", "And sell limit@1.5250": another leg, its own signal; levels written
            # once for all legs are shared when the message is finished (builtin.share_leg_levels)
            # ("GOLD BUY LIMIT @ 2643 / MORE BUY @ 2639": a leg under a limit order is another limit, unless its
            # line says it fills now)
            line_end = self.data.find(b"\n", end)
            limit = draft.order_type is OrderType.LIMIT and not spans.found(
                _NOW, self.data[start:line_end if line_end >= 0 else len(self.data)])
            self._close_take_profit()  # ("TARGET 20 / Buy only 1 lot": the last target was read as an index)
            self._start(draft.next_leg(self.line, OrderType.LIMIT if limit else OrderType.MARKET))
            self.slot, self.pending = Slot.NONE, False
            draft = self.draft
            self._leg_order_type(word)
        if draft.entry is not None or draft.entry_range is not None:
            return self._side_again(side, word, end)
        self._open(Slot.ENTRY, implicit=True)
        self.implicit_line = self.line
        counted = self.pre_entry is not None and len(self.pre_entry[0]) <= 2 and self.pre_entry[0].isdigit() \
            and self._price_follows(end)  # "XAUUSD 2 BUY 2350": two buys at 2350, not a buy at 2
        # ("ETH / 2148-2158附近空": the symbol alone on the line above, a blank line between or not, its price right
        # after it; "4332-4347 / Sell / XAUUSD": a price read before any market was named)
        # ("XAUUSD 4185 / SL 4200 / TP 4175 / 🔴 SELL": the price right after the market, the side after the levels)
        if self.pre_entry is not None and not counted and (self.symbol_line == self.line or (
                (self.line - 2 <= self.symbol_line or draft.has_levels) and self.symbol_line < self.line
                and (self.symbol_token < 0 or self.pre_entry[1] == self.symbol_token + 1))):
            self._number(self.pre_entry[0], self.pre_entry[1], b"", "", start)
            if self.pre_zone is not None and self.draft.entry is not None:  # ("05/12 / LONG EURUSD": no price read)
                self._maybe_zone(self.pre_zone, b"-", start)
        # "BUY1.96300" carries its price; "Buy1 @ 0.98020" only numbers a leg. (Most side words hold no digit.)
        digits = -1 if raw[-1:].isalpha() else next((i for i, byte in enumerate(raw) if 48 <= byte <= 57), -1)
        if digits >= 0 and (b"." in raw or b"," in raw or len(raw) - digits > 2):
            self._number(raw[digits:], index, b"", "", start + digits)
        return None

