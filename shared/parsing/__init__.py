"""Signal parsing: a channel's RE2 pattern, or the built-in parser when the channel has none.

``SignalParser.parse_all`` is the entry point: content in, every ``ParsedSignal`` (each with its confidence and
reasons) or one ``NotASignal`` out, and ``MessageTooLongError`` (a ``ValidationError`` naming ``content``) for
input no channel may send; ``parse`` gives the first signal. The message is made plain (below) and encoded to
UTF-8 once; every RE2 pattern then runs on those bytes. docs/parser.md describes the whole.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal

import re2

from shared.domain.errors import ValidationError
from shared.domain.signal import NotASignal, ParsedSignal
from shared.domain.vocabulary import ParserVocabulary
from shared.parsing import builtin, lexicon, numbers, spans
from shared.parsing import vocabulary as channel_words
from shared.parsing.followups import FollowUp, read_follow_up
from shared.parsing.markup import unescape_markdown
from shared.parsing.pattern import PATTERN_CACHE_SIZE, PatternCache, action_with, parse_with

CONTENT_MAX_CHARS = 4096
# Invisible marks copied along with the text ("#X\u200fAUUSD") are dropped; exotic spaces become spaces.
_TO_PLAIN = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF,
                            0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x00AD])
_TO_PLAIN.update(dict.fromkeys([0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000], " "))
# Persian and Arabic-Indic digits and separators, full-width digits and colons: read as their ASCII forms.
_TO_PLAIN.update({0x06F0 + d: str(d) for d in range(10)} | {0x0660 + d: str(d) for d in range(10)})
# Full-width ASCII ("ＸＡＵＵＳＤ　ＢＵＹ　２３５０", "止损：２３４０", "＄６５０００"): the ASCII it stands for.
_TO_PLAIN.update({code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})
# The Arabic decimal, thousands and list separators; full-width punctuation and the one-dot leader some
# clients put for a decimal point ("245․50"); non-breaking hyphens. Markdown bold ("VELVET/**USD**") and code
# ("Entry Zone: `5175` – `5170`", a price set in monospace so that a tap copies it) mark nothing a parser reads.
_TO_PLAIN.update({0x002A: None, 0x0060: None, 0x066B: ".", 0x066C: ",", 0x060C: ",", 0x061B: ";", 0x061F: "?",
                   0x066A: "%",
                   0x2024: ".", 0x2011: "-", 0x2012: "-",
                   0x2212: "-",  # the minus sign: "BUY 2350 − 2345" is a zone, as with a hyphen
                   0x2010: "-", 0x0130: "I",  # Turkish dotted capital I: "GİRİŞ" folds to "giriş" only as GIRIŞ
                   # Chinese channels write the level words with look-alike characters past a platform's filter
                   # ("芷楹" for 止盈, "止笋" for 止损) and short as a squared "empty" ("做🈳")
                   0x82B7: "止", 0x6979: "盈", 0x7B0B: "损", 0x1F233: "空"})
# Mathematical letters and digits ("𝑋𝐴𝑈𝑈𝑆𝐷", "𝗘𝗻𝘁𝗿𝘆") are styled ASCII. A superscript digit is an index
# ("TP¹4060" is target 1 at 4060, "TP: ¹ 4447" too), written "№1" so that it is never read as a price.
_STYLED = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0x1D400, 0x1D800)
           if unicodedata.normalize("NFKC", chr(c)).isascii()}
_STYLED.update({0x00B9: "№1 ", 0x00B2: "№2 ", 0x00B3: "№3 "} | {0x2070 + d: f"№{d} " for d in (0, 4, 5, 6, 7, 8, 9)})
_TO_PLAIN.update(_STYLED)
# Fancy-text letters ("ⓈⒺⓁⓁ", "🆂🅴🅻🅻 🅶🅾🅻🅳", "ʙᴜʏ ɢᴏʟᴅ"): circled, squared and negative ones as capitals, small
# capitals as lower case. (Circled and bracketed digits stay: "①4060 ②4070" numbers a list, no "14060".)
_TO_PLAIN.update({0x24B6 + i: chr(65 + i) for i in range(26)} | {0x24D0 + i: chr(97 + i) for i in range(26)})
_TO_PLAIN.update({base + i: chr(65 + i) for base in (0x1F130, 0x1F150, 0x1F170) for i in range(26)})
_TO_PLAIN.update({ord(small): letter for small, letter in zip("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ", "abcdefghijklmnoprstuvwyz",
                                                              strict=True)})


def _char_class(codes: Iterable[int]) -> str:
    """An RE2 class of the characters ``codes``, in ranges."""
    ordered = sorted(codes)
    ranges: list[list[int]] = []
    for code in ordered:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(f"\\x{{{low:X}}}" + (f"-\\x{{{high:X}}}" if high > low else "") for low, high in ranges) + "]"


# Any character outside ASCII that _TO_PLAIN rewrites
_PLAIN_FORMS = re2.compile(_char_class(code for code in _TO_PLAIN if code >= 0x80))
# Telegram's HTML tags only: "<BUY> XAUUSD" keeps its side
_HTML_TAG = re2.compile(r"(?i)</?(b|i|u|s|a|br|code|pre|strong|em|span|del|ins|strike|tg-spoiler|blockquote|p|div)"
                        r"(?:[ \t][^<>\n]{0,200})?/?>")
_GLUED_LIST = re2.compile(r":(\d{1,2}\)[ \t])")
_STRUCK_TARGET = re2.compile(r"(?i)(?:~~|<(?:s|del|strike)>)((?:tp|target|take[ \t]*profit)[^~<\n]{0,60})"
                             r"(?:~~|</(?:s|del|strike)>)")
_STRUCK = re2.compile(r"(?:~~[ \t]*\$?\d[\d.,]*[ \t]*~~|<(?:s|del|strike)>[ \t]*\$?\d[\d.,]*[ \t]*</(?:s|del|strike)>)"
                      r"([ \t]+\$?\d)")
_PIPE = re2.compile(r"[ \t]+\|[ \t]+")
_DOLLAR_BEFORE_TICK = re2.compile(r"(\d)\$([ \t]*[✅✔☑])")
_DOLLAR_AFTER_JOINT = re2.compile(r"(\d)([+-][ \t]?)\$(\d)")
# ("5. --Trade by Grace"; "2." alone on its line; "9. 1) 0.29170", before a list's own number; not "1) $2430 - 20%✅",
# a list's number before a price)
_LINE_NUMBER = re2.compile(rb"(?m)^([ \t]*)\d{1,2}[.)](?:[ \t]+([^\d\s.,+$-]|-[^\d.$]|\d{1,2}\)[ \t]*\$?\d)|[ \t]*$)")
_SNAKE_LABEL = re2.compile(r"(?i)\b(?:stop|take|entry|open|target|sl|tp)_(?:loss|profit|price|zone|level)s?(?:_\d)?\b")
_CAMEL_LABEL = re2.compile(r"\b((?i:stop|take|entry|open|target))((?:Loss|Profit|Price|Zone|Level)s?\d?)\b")
_COLUMN_GAP = re2.compile(r"[ \t]{2,}|\t")
_SPACE_RUN = re2.compile(r"[ \t]{2,}")
_PIPED_PAIR = re2.compile(r"\b([A-Z0-9]{2,10})[ \t]+\|[ \t]+(USDT|USDC|BUSD|FDUSD)\b")
_KEYCAP = re2.compile(r"\d\x{FE0F}?\x{20E3}")
# "0.0₄1234", "0.0{4}1234": a tiny price written with its zeros counted (4 of them after the point: 0.00001234), as
# charts and exchanges show it; read otherwise, "1234" became the entry
_COUNTED_ZEROS = re2.compile(r"\b0[.,]0(?:([₀₁₂₃₄₅₆₇₈₉]{1,2})|\{(\d{1,2})\})(\d+)")
_LAKH_GROUPS = re2.compile(r"\b\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?\b")  # "1,20,500": 120500 (read where India is named)
_SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_KEYCAP_NUMBER = re2.compile(r"\d\x{FE0F}?\x{20E3}(?:[.,]?\d\x{FE0F}?\x{20E3})+")  # "2️⃣3️⃣5️⃣0️⃣": 2350
# "2350 ± 5", "Entry: 2350 (+/- 2)": a price and the band around it, a zone (a band of more than 5% is no zone's)
_PLUS_MINUS = re2.compile(r"(\d+(?:\.\d+)?)[ \t]*\(?[ \t]*(?:±|\+/-|\+-|\+/−)[ \t]*(\d+(?:\.\d+)?)"
                          r"((?i:[ \t]*(?:pips?|points?|pts?|%)))?(?:[ \t]*\))?")
# Text whose line breaks were lost on the way ("OPUSDT LONGLeverage: 10.0XEntry: 2.475Stop: 2.41"): a label or side
# word glued to what comes before it gets its space back. Case-sensitive, so plain words ("selling") stay whole.
_LABELS = "Leverage|Lev|Entry|Entries|Targets|Target|Take|Stoploss|Stop|Long|Short|Buy|Sell|Trailing|Exchange"
_CAPS_LABELS = "LONG|SHORT|BUY|SELL|ENTRY|TARGETS|LEVERAGE|STOP|SL|TP"
_GLUED_AFTER_WORD = re2.compile(rf"([a-z0-9%)\]$])((?:{_LABELS}|{_CAPS_LABELS})\b)")  # ("0.9099$Targets: 0.8826$")
_GLUED_AFTER_CAPS = re2.compile(rf"([A-Z])((?:{_LABELS})\b)")
_GLUED_CAPS = re2.compile(r"\b(LONG|SHORT|BUY|SELL)(ENTRY|TARGETS?|STOP|SL|TP)\b")  # "Direction: LONGENTRY: 114850"
_GLUED_METAL = re2.compile(r"\b(GOLD|SILVER)(BUY|SELL)\b")  # "GOLDSELL 4066/4068": a metal's name glued to the side
# "xauusd sell 4530tp  4526tp", "1757.12Sl: 1755.12Tp: 1765.12", "1750tp1: 1758", "7.80targets 8.60", "6.20https://",
# with a dollar sign after the price too
_GLUED_AFTER_PRICE = re2.compile(r"((?:\d{3,}|\d[.,]\d+)\$?)((?i:tp\d?|sl|targets?|stop|https?)\b)")  # ("4530$TP")
# One search finds whether either applies; a substitution copies the message, so most messages skip it.
_UNDERSCORES = re2.compile(r"_{3,}")
_UNDERLINE = re2.compile(r"__(\pL)|(\pL)__")
# "SL_4433", "TP1_4447", "Sl_/@4046": a label, then its price; "BUY_LIMIT": a side, then its order type
# ("GOLD_BUY NOW 4610": a symbol joined to its side)
# ("GOLD SELL_1845", "SL.._1856": a side or a label, then its price)
_LABEL_UNDERSCORE = re2.compile(r"(?i)\b(sl|tp\d?|entry|stop|buy|sell|long|short)[.:]*_[/@$]*(\d)"  # ("SL_$5140")
                                r"|\b(buy|sell)_(limit|stop|now)\b"
                                r"|\b([a-z][a-z0-9]{1,10})_(buy|sell|long|short)\b"
                                # "#GOLD_TRIAL": a market's name, then the rest of a hashtag
                                r"|\b(gold|silver|xauusd|xagusd|usoil|ukoil)_([a-z]{3,})\b")  # (not "#BTC_LRC", a pair)
_SAME_METAL = re2.compile(r"(?i)\b(xauusd)[ \t_]+gold\b|\bgold[ \t_]*[(\[]?[ \t]*(xauusd)\b[)\]]?"
                         r"|\b(xagusd)[ \t_]+silver\b|\bsilver[ \t_]*[(\[]?[ \t]*(xagusd)\b[)\]]?")
_TEN_THOUSANDS = re2.compile(r"(\d{1,3}(?:\.\d{1,4})?)万")
# Pending orders in Persian and Arabic script, English words spelled out ("بای لیمیت" buy limit, "بيع ستوب" sell
# stop): read as the English, since "استاپ"/"ستوب" alone is the stop loss
# ("خرید استاپ 2330" may as well be a buy, then its stop: Persian's own side words take "limit" only)
_PENDING_LOANWORDS = re2.compile(r"(بای|سل|شراء|بيع)[ \t]*(لیمیت|ليميت|ليمت|لیمت|استاپ|ستوب|ستاپ)"
                                 r"|(خرید|فروش)[ \t]*(لیمیت|ليميت|لیمت)")
_LOANWORD_SIDES = {"بای": b"buy", "خرید": b"buy", "شراء": b"buy", "سل": b"sell", "بيع": b"sell", "فروش": b"sell"}
_CJK_SIDE_AFTER_PRICE = re2.compile(r"(\d)([多空](?:[ \t\n，,。;；!！]|$))")  # ("黄金 4070-4071空" ending its line)
# "黄金多2350止损2340": a side glued between a market's name and its price
_CJK_SIDE_BEFORE_PRICE = re2.compile(r"(黄金|黃金|原油|白银|白銀|比特币|比特幣|以太坊|以太|欧美|歐美)([多空])(\d)")
# "2350وقف الخسارة 2340الهدف": an Arabic or Persian word glued to a price (the letters keep no boundary of their own)
_ARABIC_GLUED = re2.compile(r"(\d)([\x{0600}-\x{06FF}])|([\x{0600}-\x{06FF}])(\d)")
# "BuyUs30", "SellStop"; not "BUYERS"; in capitals, before a market only ("BUYUS30", "SELLGOLD")
_GLUED_SIDE_FIRST = re2.compile(r"\b(Buy|Sell|BUY|SELL)([A-Z][a-z0-9]|(?:US30|US100|US500|NAS100|GER40|GER30|DE40"
                                r"|XAUUSD|XAGUSD|GOLD|SILVER|USOIL|UKOIL|BTCUSDT|ETHUSDT)\b)")
_GLUED = re2.compile(f"{_GLUED_AFTER_WORD.pattern}|{_GLUED_AFTER_CAPS.pattern}|{_GLUED_CAPS.pattern}"
                     f"|{_GLUED_METAL.pattern}"
                     f"|{_GLUED_SIDE_FIRST.pattern}|{_GLUED_AFTER_PRICE.pattern}")


def _pending_in_english(found: re2._Match) -> bytes:
    side, kind = (found.group(1), found.group(2)) if found.group(1) else (found.group(3), found.group(4))
    return _LOANWORD_SIDES[side.decode()] + (b" stop" if "ست" in kind.decode() else b" limit")


def _zeros_counted(found: re2._Match) -> str:
    """"0.0₄1234" as "0.00001234": the count of zeros after the point, then the digits."""
    count = int((found.group(1) or found.group(2)).translate(_SUBSCRIPT_DIGITS))
    return "0." + "0" * count + str(found.group(3))


def _band(found: re2._Match) -> str:
    """"2350 ± 5" as the zone "2345 - 2355"; a band wider than 5% of the price is left as written."""
    price, band = Decimal(found.group(1)), Decimal(found.group(2))
    if found.group(3) or not 0 < band <= price * Decimal("0.05"):  # ("± 20 pips": a distance, the price alone)
        return str(found.group())
    return f"{price - band} - {price + band}"


def _ten_thousands(written: bytes) -> bytes:
    value = Decimal(written.decode()) * 10000
    return (str(int(value)) if value == value.to_integral_value() else f"{value.normalize():f}").encode()


class MessageTooLongError(ValidationError):
    """The message content is longer than a Telegram message can be (4,096 characters)."""

    def __init__(self, length: int) -> None:
        super().__init__("content", f"must be at most {CONTENT_MAX_CHARS} characters (got {length})")


# Cyrillic letters that look Latin, and the Latin ones that look Cyrillic: a word that mixes the two scripts
# ("$BTСUSDT" with a Cyrillic С, "Tейк" with a Latin T) is read in the script of its other letters.
_CYRILLIC_LOOKALIKES = "АВЕКМНОРСТХУаеорсхукті"  # ("tейк-профит" with a Latin t: lower case looks alike too)
_LATIN_LOOKALIKES = "ABEKMHOPCTXYaeopcxykti"
_TO_LATIN = str.maketrans(_CYRILLIC_LOOKALIKES, _LATIN_LOOKALIKES)
_TO_CYRILLIC = str.maketrans(_LATIN_LOOKALIKES, _CYRILLIC_LOOKALIKES)
# "#بیت_کوین", "#اتریوم_کلاسیک": a hashtag joins the words of a name with underscores; the name reads as its words
_JOINED_HASHTAG = re2.compile(r"#(?:[^\x00-\x7f\s_#]+_)+[^\x00-\x7f\s_#]+")
_MIXED_WORD = re2.compile(r"\pL*(?:\p{Latin}\p{Cyrillic}|\p{Cyrillic}\p{Latin})\pL*")


def _one_script(word: str) -> str:
    cyrillic = [ch for ch in word if "\u0400" <= ch <= "\u04ff"]
    latin = [ch for ch in word if ch.isascii()]
    if all(ch in _CYRILLIC_LOOKALIKES for ch in cyrillic):
        return word.translate(_TO_LATIN)
    if all(ch in _LATIN_LOOKALIKES for ch in latin):
        return word.translate(_TO_CYRILLIC)
    return word


# "#SHORT 35100-37260 / Close 33660 31500 29700 27000 / Stop 37980": a bot's list of prices to close at, under
# an order: its targets (one price is a close instruction; two or more on the line alone are a list)
_TYPE_BEFORE_SIDE = re2.compile(r"(?i)\b(stop)[ \t]+(buy|sell)\b")
_SWISS_GROUP = re2.compile(r"(\d)['’](\d{3})\b")
# "SL/TP: 2340/2360", "Entry/SL/TP 2350/2340/2360": labels joined as their prices are, each price its label's
_JOINED_LABEL = r"(entry|sl|tp\d?|stop(?:[ \t]?loss)?|take[ \t]?profit|target\d?)"
_JOINED_PRICE = r"(\$?\d[\d.,]*)"
_JOINED_FIELDS = re2.compile(
    rf"(?i)\b{_JOINED_LABEL}[ \t]*/[ \t]*{_JOINED_LABEL}(?:[ \t]*/[ \t]*{_JOINED_LABEL})?[ \t]*[:=-]?[ \t]*"
    rf"{_JOINED_PRICE}[ \t]*/[ \t]*{_JOINED_PRICE}(?:[ \t]*/[ \t]*{_JOINED_PRICE})?")


def _fields_apart(found: re2._Match) -> bytes:
    labels = [label for label in found.groups()[:3] if label]
    prices = [price for price in found.groups()[3:] if price]
    if len(labels) != len(prices):
        return bytes(found.group())
    return b"\n".join(label + b": " + price for label, price in zip(labels, prices, strict=True))

_CLOSE_LIST = re2.compile(r"(?mi)^([^\pL\pN\n]*)close((?:[ \t]+\d+(?:[.,]\d+)?){2,}[ \t]*)$")


def _as_text(regex: re2._Regexp) -> str:
    pattern = regex.pattern
    return pattern.decode() if isinstance(pattern, bytes) else str(pattern)


# (only asked whether it matches: without its capturing groups, spans.without_captures says why)
_UNUSUAL = re2.compile(spans.without_captures("|".join(f"(?:{_as_text(regex)})" for regex in (
    numbers.BROKEN_DECIMAL, _JOINED_FIELDS, _CAMEL_LABEL, lexicon.TICKED_INTL_TARGET, _LINE_NUMBER, _GLUED,
    _LAKH_GROUPS))))


# A table's column that names a level ("Entry", "SL", "TP 1", "Take Profit"): a header needs two of them
_LEVEL_COLUMN = re2.compile(r"(?i)^(?:entry(?:[ \t]+price)?|price|open|sl|stop(?:[ \t-]*loss)?|tp[ \t]*\d?"
                            r"|targets?[ \t]*\d?|take[ \t-]*profits?[ \t]*\d?)$")
_TABLE_CELLS_MIN = 3
_COLUMN_NAME_MAX = 24


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")] if "|" in line else []


def _aligned_cells(line: str) -> list[str]:
    """A row whose columns are aligned with spaces or tabs ("EURUSD    BUY     1.0850   1.0820"): a gap of two
    spaces or a tab parts its cells."""
    return [str(cell) for cell in _COLUMN_GAP.split(line.strip())] if line.strip() else []


def _a_header(cells: list[str]) -> bool:
    """Column names, two of them levels; a digit only in a level's ("TP1")."""
    levels = [cell for cell in cells if _LEVEL_COLUMN.search(cell)]
    return (len(cells) >= _TABLE_CELLS_MIN and len(levels) >= 2
            and all(cell and len(cell) <= _COLUMN_NAME_MAX for cell in cells)
            and all(cell in levels or not any(ch.isdigit() for ch in cell) for cell in cells))


def _table_rows(content: str, cells_of: Callable[[str], list[str]] = _cells) -> str:
    """"Pair | Side | Entry | SL | TP / EURUSD | BUY | 1.0850 | 1.0820 | 1.0900": a table whose header names its
    columns; each row under it is read as its fields ("Pair: EURUSD Side: BUY Entry: 1.0850 ..."), one line a row,
    where the pipes alone would part every cell onto a line of its own (``cells_of``: columns parted by pipes, or
    aligned with spaces)."""
    lines, header = content.split("\n"), None
    for number, line in enumerate(lines):
        cells = cells_of(line)
        if _a_header(cells):
            header, lines[number] = cells, ""
        elif header is not None and len(cells) == len(header):
            if all(set(cell) <= set("-: ") for cell in cells):  # a Markdown table's rule under its header
                lines[number] = ""
            else:
                lines[number] = " ".join(f"{name}: {cell}" for name, cell in zip(header, cells, strict=True) if cell)
        elif line.strip():
            header = None
    return "\n".join(lines)


def _layout(content: str) -> str:
    """Escapes, line ends, spaces, pipes and HTML: how a bot, a client or an export laid the message out, not what
    it says."""
    if "\\" in content:
        content = unescape_markdown(content)
        if "\\n" in content:  # line breaks a log or a JSON string wrote as "\n" ("XAUUSD BUY\nEntry: 2350\nSL: 2340")
            content = content.replace("\\r\\n", "\n").replace("\\n", "\n")
    if "\xa0" in content:  # a non-breaking space (Telegram Desktop's copies, HTML exports) parts words as a space does
        content = content.replace("\xa0", " ")
    if "  " in content or "\t" in content:
        if "\n" in content and ("   " in content or "\t" in content) and "|" not in content:
            # "Pair      Action  Entry    SL       TP / EURUSD    BUY     1.0850   1.0820   1.0900": a table whose
            # columns are aligned with spaces, read as the piped one is (before its spaces are one)
            content = _table_rows(content, _aligned_cells)
        # runs of spaces (a column aligned, a copy's doubled spaces) part words as one space does
        content = str(_SPACE_RUN.sub(" ", content))
    if "\r" in content:  # Windows and old Mac line ends ("\r\n", "\r"): one line break each
        content = content.replace("\r\n", "\n").replace("\r", "\n")
    if "|" in content and "\n" in content:  # (a header's column names before the rows: each row its fields)
        content = _table_rows(content)
    if " | " in content:  # a one-line message parted by pipes ("Buy GOLD | Entry: 1934 | SL: 1920"): its lines
        # ("SOL | USDT = LONG": a coin and its quote asset parted by a pipe are one market)
        if _found(_PIPED_PAIR, content):
            content = str(_PIPED_PAIR.sub(r"\1/\2", content))
        content = str(_PIPE.sub("\n", content))
    if "~~" in content or "<s>" in content or "<del>" in content or "<strike>" in content:
        # "SL ~~2340~~ 2338", "Entry: <s>2350</s> 2345": a price struck through and the one that replaces it; only
        # the new one stands
        content = str(_STRUCK.sub(r"\1", content))
        # a target struck through was reached ("~~TP1 2360~~", "<s>TP1: 2360</s>"): a tick says so, as a channel's
        # repost does; the marks of anything else struck go
        content = str(_STRUCK_TARGET.sub(lambda m: f"{m.group(1)} ✅", content)).replace("~~", "")
    if "<" in content or "&" in content:
        # HTML a bot or an export left in ("<b>ENTRY</b>: 2350", "HERE&#33;"): a line break for <br>, nothing for
        # the other tags; "<4.01682-4.05719>" is no tag
        content = html.unescape(str(_HTML_TAG.sub(lambda m: "\n" if m.group(1).lower() == "br" else "", content)))
    return content


_BOLD_BETWEEN = re2.compile(r"([\pL\pN])\*\*+([\pL\pN])")


def _marks(content: str) -> str:
    """Characters that only style the text: ASCII forms, keycaps, Markdown."""
    if "**" in content:  # "#CAD/CHF**BUY📣": bold between two words parts them (two passes: "A**B**C")
        content = str(_BOLD_BETWEEN.sub(r"\1 \2", str(_BOLD_BETWEEN.sub(r"\1 \2", content))))
    data = b"" if content.isascii() else content.encode("utf-8")
    # (a subscript digit is U+2080-U+2089: its UTF-8 starts E2 82)
    if ("0{" in content or b"\xe2\x82" in data) and spans.found(_COUNTED_ZEROS, data or content.encode()):
        content = str(_COUNTED_ZEROS.sub(_zeros_counted, content))
        data = b"" if content.isascii() else content.encode("utf-8")
    # (most messages outside ASCII hold only emoji and words: translating costs three times this look)
    if data and spans.found(_PLAIN_FORMS, data):
        content = content.translate(_TO_PLAIN)
    else:
        if "*" in content:
            content = content.replace("*", "")
        if "`" in content:
            content = content.replace("`", "")
    if "\u20e3" in content:  # "1️⃣1.0752️⃣1.095": keycaps number a list, and glue to the price before them
        content = str(_KEYCAP_NUMBER.sub(lambda m: m.group().replace("\ufe0f", "").replace("\u20e3", ""), content))
        content = str(_KEYCAP.sub(" ", content))
    # Markdown underline ("__SHORT__") and underscores as spacing ("BUY___4308", "TP2___4348") hide a word's
    # boundary: a space; two between prices ("4416__4410") join a zone and stay.
    if "__" in content:
        content = str(_UNDERLINE.sub(r"\2 \1", _UNDERSCORES.sub(" ", content)))
    if "_" in content:
        content = str(_LABEL_UNDERSCORE.sub(r"\1\3\5\7 \2\4\6\8", content))  # "BUY_LIMIT" too
        if "_" in content and _found(_SNAKE_LABEL, content):
            # a bot's snake-case keys: "stop_loss: 1.2740", "take_profit_1", "open_price"
            content = str(_SNAKE_LABEL.sub(lambda found: found.group().replace("_", " "), content))
    lowered = content.lower() if "XA" in content or "xa" in content or "Xa" in content else ""
    if ("xauusd" in lowered and "gold" in lowered) or ("xagusd" in lowered and "silver" in lowered):
        # "XAUUSD_GOLD BUY 3338", "GOLD (XAUUSD)": one market named twice is one name (two would part the order
        # from the one above it)
        content = str(_SAME_METAL.sub(lambda m: m.group(1) or m.group(2) or m.group(3) or m.group(4), content))
    return content


def _other_scripts(content: str, data: bytes) -> bytes:
    """Forms of scripts other than Latin: pending orders spelled in Persian or Arabic, Chinese prices in units of
    ten thousand and side words glued to a price, words mixing Latin and Cyrillic letters."""
    if ("لیم" in content or "ليم" in content or "ستاپ" in content or "ستوب" in content) and spans.found(
            _PENDING_LOANWORDS, data):  # "بای لیمیت طلا 2340": buy limit
        data = _PENDING_LOANWORDS.sub(_pending_in_english, data)
    if "万" in content and spans.found(_TEN_THOUSANDS, data):  # "8.03万": 80300, prices in units of ten thousand
        data = _TEN_THOUSANDS.sub(lambda m: _ten_thousands(m.group(1)), data)
    if "多" in content or "空" in content:
        if spans.found(_CJK_SIDE_AFTER_PRICE, data):  # "1916-1923空，"
            data = _CJK_SIDE_AFTER_PRICE.sub(rb"\1 \2", data)
        if spans.found(_CJK_SIDE_BEFORE_PRICE, data):
            data = _CJK_SIDE_BEFORE_PRICE.sub(rb"\1 \2 \3", data)
    if (b"\xd8" in data or b"\xd9" in data or b"\xda" in data or b"\xdb" in data) and spans.found(_ARABIC_GLUED, data):
        data = _ARABIC_GLUED.sub(rb"\1\3 \2\4", data)
    if "_" in content and spans.found(_JOINED_HASHTAG, data):
        data = _JOINED_HASHTAG.sub(lambda m: m.group().replace(b"_", b" "), data)
    # (Cyrillic letters, U+0400-U+052F, lead their UTF-8 with D0-D4: most messages in other scripts hold none)
    if (b"\xd0" in data or b"\xd1" in data or b"\xd2" in data or b"\xd3" in data or b"\xd4" in data) and spans.found(
            _MIXED_WORD, data):
        data = _MIXED_WORD.sub(lambda m: _one_script(m.group().decode("utf-8")).encode("utf-8"), data)
    return data


def _type_before_side(content: str) -> bool:
    """Whether "stop" stands before a side word (a tenth of messages write "Stop loss": a substitution costs more
    than this look)."""
    lowered = content.lower().replace("\t", " ")
    return "stop buy" in lowered or "stop sell" in lowered


def _found(regex: re2._Regexp, content: str) -> bool:
    """Whether ``regex`` matches ``content``: a native search is a fifth of what google-re2's ``sub`` costs when it
    substitutes nothing (a message with an apostrophe, "Stop loss" or a pipe mostly has nothing to rewrite)."""
    return spans.found(regex, content.encode("utf-8"))


def _written_forms(content: str) -> str:
    """Ways of writing a level that say what a plainer form says: a target list after "Close", a dollar sign after a
    zone's joint, a band around a price, a pending order's type before its side, Swiss thousands."""
    if ("lose " in content or "LOSE " in content) and _found(_CLOSE_LIST, content):
        content = str(_CLOSE_LIST.sub(r"\1Targets\2", content))  # (once the marks are gone: "**Close 5.04 5.22**")
    if "+$" in content or "-$" in content or "+ $" in content:  # "ENTRY $5360+$5350", "$4185+ $4182": a zone's joint
        content = str(_DOLLAR_AFTER_JOINT.sub(r"\1\2\3", content))
    if "$" in content and ("✅" in content or "✔" in content or "☑" in content):
        content = str(_DOLLAR_BEFORE_TICK.sub(r"\1\2", content))  # "TP2 23,470$ ✅": the tick is the price's
    if "±" in content or "+/" in content or "+-" in content:
        content = str(_PLUS_MINUS.sub(_band, content))
    if ("top " in content or "TOP " in content or "\t" in content) and _type_before_side(content):
        content = str(_TYPE_BEFORE_SIDE.sub(r"\2 \1", content))  # "STOP BUY 2360": as "BUY STOP"
    if ("'" in content or "’" in content) and _found(_SWISS_GROUP, content):
        # "2'350.50", "65’000": thousands grouped the Swiss way (twice: "1'234'567")
        content = str(_SWISS_GROUP.sub(r"\1\2", str(_SWISS_GROUP.sub(r"\1\2", content))))
    return content


def _number_forms(data: bytes) -> bytes:
    """Numbers broken or grouped otherwise than plainly, and labels joined or written as their prices are (_encode
    searches once for any of them, or any glued word: most messages hold none)."""
    if b"," in data and spans.found(_LAKH_GROUPS, data) and spans.found(lexicon.INDIAN_MARKET, data):
        # "MCX GOLD BUY ABOVE 1,20,500": India groups thousands, then pairs of digits (lakhs, crores)
        data = _LAKH_GROUPS.sub(lambda found: found.group().replace(b",", b""), data)
    if b". " in data and spans.found(numbers.BROKEN_DECIMAL, data):
        data = numbers.rejoin_broken_decimals(data)
    if b"/" in data and spans.found(_JOINED_FIELDS, data):
        data = _JOINED_FIELDS.sub(_fields_apart, data)
    if spans.found(_CAMEL_LABEL, data):
        data = _CAMEL_LABEL.sub(rb"\1 \2", data)  # a bot's camel-case keys: "stopLoss: 1.274", "entryPrice"
    if spans.found(lexicon.TICKED_INTL_TARGET, data):
        data = lexicon.TICKED_INTL_TARGET.sub(rb"TP\1", data)  # "止盈2 23,470 ✅": screened as "TP2 23,470 ✅" is
    if spans.found(_LINE_NUMBER, data):
        # "6. 🥉 44.9796", "9. • Entry Zone: 1.16710", "9. 1) 0.29170": a line's number before its words, its marks or a
        # list's own number is no price ("1. 2360" before a price stays: a list's number, read as such)
        data = _LINE_NUMBER.sub(rb"\1\2", data)
    return data


def _unglued(data: bytes) -> bytes:
    for glued in (_GLUED_AFTER_WORD, _GLUED_AFTER_CAPS, _GLUED_CAPS, _GLUED_METAL, _GLUED_SIDE_FIRST,
                  _GLUED_AFTER_PRICE):
        spaced: bytes = glued.sub(rb"\1 \2", data)
        data = spaced
    if b":1)" in data:  # "Entry Targets:1) 2.475 Take-Profit Targets:1) 2.5085": each list opens its own line
        data = _GLUED_LIST.sub(rb":\n\1", data)
    return data


def _encode(message: object) -> bytes:
    if not isinstance(message, str):
        raise ValidationError("content", "must be a string")
    content: str = message
    if len(content) > CONTENT_MAX_CHARS:
        raise MessageTooLongError(len(content))
    if not content.isascii():
        try:
            content.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates from a broken client: keep the rest of the message readable
            content = content.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    content = _written_forms(_marks(_layout(content)))
    data = content.encode("utf-8")
    if not content.isascii():  # (str.isascii reads a flag: most messages skip the rest at once)
        data = _other_scripts(content, data)
    if not spans.found(_UNUSUAL, data):
        return data
    data = _number_forms(data)
    return _unglued(data) if spans.found(_GLUED, data) else data


class SignalParser:
    """Parses message content for a channel; holds the bounded cache of compiled channel patterns."""

    def __init__(self, pattern_cache_size: int = PATTERN_CACHE_SIZE) -> None:
        self.patterns = PatternCache(pattern_cache_size)

    def parse(self, content: str, *, pattern: str = "", channel_key: str = "",
              vocabulary: ParserVocabulary | None = None,
              quotes: Mapping[str, Decimal] | None = None) -> ParsedSignal | NotASignal:
        """The first signal in ``content``. Prefer ``parse_all``: a message may carry several signals."""
        found = self.parse_all(content, pattern=pattern, channel_key=channel_key, vocabulary=vocabulary,
                               quotes=quotes)
        return found[0] if isinstance(found, list) else found

    def parse_all(self, content: str, *, pattern: str = "", channel_key: str = "",
                  vocabulary: ParserVocabulary | None = None,
                  quotes: Mapping[str, Decimal] | None = None) -> list[ParsedSignal] | NotASignal:
        """Every signal in ``content``, each with its confidence and reasons.

        An empty ``pattern`` selects the built-in parser, which applies the channel's ``vocabulary`` and checks
        the levels against ``quotes`` (symbol -> the market's price, when the caller has one at hand) or else
        against a table of typical prices. A channel pattern yields at most one signal and is taken as written.
        """
        data = _encode(content)
        if not data.strip():
            return NotASignal("empty message")
        if pattern:
            result = parse_with(self.patterns.get(channel_key, pattern), data)
            return [result] if isinstance(result, ParsedSignal) else result
        return builtin.parse_all(channel_words.apply(vocabulary, data), quotes)

    def follow_up(self, content: str, *, pattern: str = "", channel_key: str = "") -> FollowUp | None:
        """What ``content`` says about trades already open: the channel pattern's ``action`` group when it
        has one and it matched (read by the follow-up reader), else the whole text read by that reader."""
        if pattern:
            action = action_with(self.patterns.get(channel_key, pattern), _encode(content))
            found = read_follow_up(action) if action else None
            if found is not None:
                return found
        return read_follow_up(content)


__all__ = ["CONTENT_MAX_CHARS", "MessageTooLongError", "NotASignal", "ParsedSignal", "ParserVocabulary",
           "SignalParser"]
