"""Symbol normalisation: upper case, no separators, common names to tickers (docs/parser.md).

Broker-specific index names (GER30, NAS100) stay as written: mapping them belongs to the tenant's broker.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from decimal import Decimal

import re2

from shared.parsing import assess, lexicon, spans

ALIASES = {
    "GOLD": "XAUUSD", "ORO": "XAUUSD", "OURO": "XAUUSD",  # (Spanish, Italian; Portuguese)
    "ZŁOTO": "XAUUSD", "ZŁOTA": "XAUUSD", "SREBRO": "XAGUSD",  # (Polish)
    "SILBER": "XAGUSD",  # (German)
    "XAUSD": "XAUUSD", "XUAUSD": "XAUUSD", "XAUUSDD": "XAUUSD", "XAAUSD": "XAUUSD",  # gold's common typos
    "GOLDUSD": "XAUUSD", "SILVERUSD": "XAGUSD",  # the metal's name glued to its dollar quote
    "ЗОЛОТО": "XAUUSD", "ЗОЛОТА": "XAUUSD", "XAU": "XAUUSD",
    "SILVER": "XAGUSD", "XAG": "XAGUSD", "PLATA": "XAGUSD", "PRATA": "XAGUSD",
    "PLATINUM": "XPTUSD", "PALLADIUM": "XPDUSD",
    "CABLE": "GBPUSD", "FIBER": "EURUSD", "FIBRE": "EURUSD",  # traders' nicknames for the majors
    "LOONIE": "USDCAD", "AUSSIE": "AUDUSD", "KIWI": "NZDUSD", "SWISSY": "USDCHF",
    "GJ": "GBPJPY", "GU": "GBPUSD", "EU": "EURUSD", "UJ": "USDJPY", "EJ": "EURJPY",
    "DOWJONES": "US30", "DOW": "US30", "DJ": "US30", "DJI": "US30", "DJIA": "US30", "DJ30": "US30",
    "NASDAQ": "NAS100", "NASDAQ100": "NAS100", "S&P": "US500", "S&P500": "US500",
    "USTECH100": "NAS100", "DOWJONES30": "US30", "RUSSELL2000": "US2000",  # (names written with their number)
    "CRUDEOIL": "USOIL", "CRUDE": "USOIL", "OIL": "USOIL", "NATURALGAS": "NATGAS", "NATGAS": "NATGAS",
    "BITCOIN": "BTC", "ETHEREUM": "ETH", "БИТКОИН": "BTC", "БИТКОИНА": "BTC", "БИТКОИНУ": "BTC", "БИТКОИНЕ": "BTC",
    "БИТКА": "BTC", "БИТКУ": "BTC", "БИТКЕ": "BTC",
    "БИТОК": "BTC", "БИТКОМ": "BTC", "ЭФИРИУМ": "ETH", "ЭФИРИУМА": "ETH", "ЭФИРИУМУ": "ETH",
    "ЭФИРИУМЕ": "ETH", "ЭФИР": "ETH", "ЭФИРА": "ETH", "ЭФИРУ": "ETH", "ЭФИРЕ": "ETH",
    # coins by their full names, in English, Persian, Arabic, Russian and Chinese
    "ETHEREUMCLASSIC": "ETC", "BITCOINCASH": "BCH", "BITCOINSV": "BSV", "SOLANA": "SOL", "CARDANO": "ADA",
    "DOGECOIN": "DOGE", "LITECOIN": "LTC", "POLKADOT": "DOT", "CHAINLINK": "LINK", "TONCOIN": "TON",
    "SHIBAINU": "SHIB", "اتریومکلاسیک": "ETC", "إيثريومكلاسيك": "ETC", "ايثريومكلاسيك": "ETC", "بیتکوینکش": "BCH",
    "بيتكوينكاش": "BCH", "کاردانو": "ADA", "كاردانو": "ADA", "دوجکوین": "DOGE", "دوجكوين": "DOGE",
    "لایتکوین": "LTC", "لايتكوين": "LTC", "شیبا": "SHIB", "شيبا": "SHIB", "ترون": "TRX", "تونکوین": "TON",
    "پولکادات": "DOT", "بولكادوت": "DOT", "چینلینک": "LINK", "تشينلينك": "LINK", "آوالانچ": "AVAX",
    "بایننسکوین": "BNB", "СОЛАНА": "SOL", "СОЛАНЫ": "SOL", "СОЛАНУ": "SOL", "СОЛАНЕ": "SOL", "КАРДАНО": "ADA",
    "ЛАЙТКОИН": "LTC", "ЛАЙТКОИНА": "LTC", "ЛАЙТКОИНУ": "LTC", "ЛАЙТКОИНЕ": "LTC", "ДОГИКОИН": "DOGE",
    "ДОГИКОИНА": "DOGE", "ДОГИКОИНУ": "DOGE", "ДОГИКОИНЕ": "DOGE", "РИПЛ": "XRP", "РИПЛА": "XRP", "РИПЛУ": "XRP",
    "РИПЛЕ": "XRP", "比特币现金": "BCH", "比特幣現金": "BCH", "以太经典": "ETC", "以太經典": "ETC", "狗狗币": "DOGE",
    "狗狗幣": "DOGE", "莱特币": "LTC", "萊特幣": "LTC", "瑞波币": "XRP", "瑞波幣": "XRP",
    "EMAS": "XAUUSD",  # Indonesian, Malay
    "الذهب": "XAUUSD", "ذهب": "XAUUSD", "طلا": "XAUUSD", "انسطلا": "XAUUSD", "اونسطلا": "XAUUSD",
    "الفضة": "XAGUSD", "فضة": "XAGUSD", "نقره": "XAGUSD", "النفط": "USOIL", "نفط": "USOIL",
    "بيتكوين": "BTC", "البيتكوين": "BTC", "بیتکوین": "BTC", "اتریوم": "ETH", "اتريوم": "ETH", "إيثريوم": "ETH",
    "ايثريوم": "ETH", "الإيثريوم": "ETH", "الايثريوم": "ETH", "إيثيريوم": "ETH", "ايثيريوم": "ETH", "الإيثيريوم": "ETH",
    "الايثيريوم": "ETH", "ریپل": "XRP", "ريبل": "XRP", "سولانا": "SOL",
    "ALTIN": "XAUUSD",  # Turkish
    "GOUD": "XAUUSD", "GULD": "XAUUSD", "GULL": "XAUUSD", "ZLATO": "XAUUSD", "ARANY": "XAUUSD", "سونا": "XAUUSD",
    "ทองคำ": "XAUUSD",  # Thai
    "VÀNG": "XAUUSD", "黄金": "XAUUSD", "黃金": "XAUUSD", "白银": "XAGUSD", "白銀": "XAGUSD", "比特币": "BTC",
    "比特幣": "BTC", "以太坊": "ETH", "原油": "USOIL",
    "以太": "ETH", "大饼": "BTC", "大餅": "BTC", "二饼": "ETH", "二餅": "ETH",  # traders' short names
    "نفت": "USOIL", "الداوجونز": "US30", "داوجونز": "US30", "الداو": "US30", "ناسداك": "NAS100", "الناسداك": "NAS100",
    "نزدک": "NAS100",
    # the majors by their Persian and Arabic names ("یورو دلار", "اليورو دولار")
    "یورودلار": "EURUSD", "پونددلار": "GBPUSD", "دلارین": "USDJPY", "دلارفرانک": "USDCHF", "دلارکانادا": "USDCAD",
    "اليورودولار": "EURUSD", "يورودولار": "EURUSD", "الباونددولار": "GBPUSD", "الجنيهدولار": "GBPUSD",
    "الدولارين": "USDJPY", "الدولارالكندي": "USDCAD", "الدولارفرنك": "USDCHF",
}
ALIASES.update({name.upper(): symbol for name, symbol in lexicon.NAMED_MARKETS.items()})
_SEPARATORS = str.maketrans("", "", " \t/._-$#")
# India's commodity exchange names its contracts so; a message in rupees or about the exchange means them (and a
# ticker in such a message is a share's, with no quote asset)
_MCX_NAMES = {"USOIL": "CRUDEOIL", "NATGAS": "NATURALGAS", "XAGUSD": "SILVER", "XAUUSD": "GOLD"}
_MCX_CONTEXT = re2.compile(r"(?i)\b(?:mcx|rs\.?|inr)\b|₹|रुपये|रुपए")  # (Hindi: rupees)
_MCX = re2.compile(r"(?i)\bmcx\b")


def _off_the_cfds_band(symbol: str, prices: Sequence[Decimal]) -> bool:
    band = assess.typical_band(symbol)
    return band is not None and bool(prices) and not any(band[0] <= float(p) <= band[1] for p in prices)


# "TSLA 437.5c", "SPY 9/07 450c": the underlying, its expiry (no part of the name), the strike and the kind
_US_CONTRACT = re2.compile(rf"\$?([A-Z]{{1,5}})[ \t]+(?:(?:{lexicon.US_EXPIRY}|(?i:{lexicon.US_EXPIRY_WORD}))[ \t]+)?"
                           rf"\$?(\d{{1,4}}(?:\.\d{{1,2}})?)"
                           r"([cpCP])")
_EXPIRY = re2.compile(rf"(?i)[ \t](?:\d{{1,2}}[ \t]*)?(?:{lexicon.MONTHS})[a-z]*|[ \t]{lexicon.US_EXPIRY}\b"
                    rf"|[ \t](?:{lexicon.US_EXPIRY_WORD})\b")


_CURRENCIES = frozenset(lexicon.MAJORS.split("|")) | frozenset(lexicon.EXOTICS.split("|"))
_FIAT = _CURRENCIES - {"XAU", "XAG", "XPT", "XPD"}
_INDICES = frozenset(lexicon.INDICES.upper().split("|")) | frozenset(lexicon.FUTURES_ROOTS.split("|"))
WELL_KNOWN_COINS = frozenset(lexicon.CRYPTO_BARE_UPPER.split("|"))
# Coins an alias names ("Solana", "کاردانو", "狗狗币"): quoted like a bare coin (USDT unless the message says)
_NAMED_COINS = WELL_KNOWN_COINS | {"BSV"}
# US shares channels write as cashtags ("$TSLA @ 250.50") and no exchange lists as a coin: read as the share,
# not as a guessed USDT market, unless the message speaks of coins (an exchange, futures, a quote asset)
WELL_KNOWN_SHARES = frozenset(
    "AAPL MSFT NVDA TSLA AMZN GOOGL GOOG META NFLX AMD INTC SPY PLTR MSTR UBER BABA DIS JPM ORCL CRM AVGO SMCI SHOP "
    "PYPL SNAP NIO RIVN LCID GME AMC COST WMT TSM ASML ADBE QCOM MU SOFI HOOD RBLX ROKU ZM VOO TQQQ SQQQ ARKK QQQ IWM "
    "DIA UPRO".split())
# Coins worth tens of dollars or more, which no channel priced in satoshis ("ZEC 820", "#TAO 2222"): whole-number
# prices are dollars
_DOLLAR_COINS = frozenset("BTC ETH BNB SOL LTC BCH ZEC XMR DASH TAO AAVE MKR YFI COMP QNT EGLD GNO AVAX".split())
_CENT = Decimal("0.01")
_SHARE_NAME = 7  # letters: a ticker this long, priced in whole units, is a share's (altcoins' tickers are shorter)
_GLUED_LABELS = ("PAIR", "SYMBOL", "COIN", "ASSET", "TICKER")
QUOTE_ASSETS = ("USDT", "USDC", "BUSD", "FDUSD", "BTC", "ETH", "PERP")


def currency_pair(name: str) -> bool:
    """Whether ``name`` is two currencies ("GBPJPY"; not a metal against one, "XAUUSD")."""
    return len(name) == 6 and name[:3] in _FIAT and name[3:] in _FIAT


def _is_known(name: str) -> bool:
    """A forex pair, a metal, an index, or a coin already written with its quote asset."""
    return ((len(name) == 6 and name[:3] in _CURRENCIES and name[3:] in _CURRENCIES) or name in _INDICES
            or (len(name) > 4 and name.endswith(QUOTE_ASSETS)))


def _dollar_quoted(name: str) -> bool:
    """A name that writes its own dollar quote ("USOUSD", "SPXUSD", "ABCUSD"): a CFD's or a coin's USD market,
    never one more quote asset glued on ("USOUSDUSDT" names nothing)."""
    return len(name) >= 6 and name.endswith("USD")


# "Binance Futures, OKX, BybitUSDT, KuCoin": an exchange's name before a quote asset names a market, not a coin
EXCHANGES = frozenset("BINANCE BYBIT OKX BITGET KUCOIN HUOBI MEXC GATE GATEIO BINGX BITMEX DERIBIT BLOFIN PHEMEX "
                      "KRAKEN COINBASE BITFINEX".split())


def an_exchange_market(squashed: str) -> bool:
    """Whether a pair's base is an exchange's name ("BYBITUSDT", "BINANCEFUTURES" is not a pair)."""
    base = coin(squashed)
    return base != squashed and base in EXCHANGES


def coin(symbol: str) -> str:
    """A crypto symbol without its quote asset ("BTCUSDT", "BTCUSD" -> "BTC")."""
    for quote in (*QUOTE_ASSETS, "USD"):
        if symbol.endswith(quote) and len(symbol) > len(quote):
            return symbol[:-len(quote)]
    return symbol


def same_market(kind: str, written: str, other_kind: str, other: str) -> bool:
    """Whether two written symbols name one market ("GOLD" and "XAU/USD"; not "BTC" and "ETH/USDT")."""
    return normalize(kind, written, b"") == normalize(other_kind, other, b"")


def base_coin(symbol: str) -> str:
    """The coin without its quote asset or a contract's multiplier ("1000PEPEUSDT" -> "PEPE")."""
    name = coin(symbol)
    for multiplier in ("10000000", "1000000", "10000", "1000"):
        if name.startswith(multiplier) and len(name) > len(multiplier):
            return name[len(multiplier):]
    return name


@functools.lru_cache(maxsize=4096)  # (names repeat from message to message)
def squash(raw: str) -> str:
    """A written name as the parser compares names: upper case, no separators or marks."""
    return raw.upper().translate(_SEPARATORS).strip("#:()[]*,،")


def crypto_quote(text: bytes, *, cashtag: bool, prices: Sequence[Decimal] = (), ticker: bool = False,
                 guessed: bool = False, name: str = "") -> str:
    """The quote asset a bare crypto ticker implies.

    BTC when the prices are in sats: said so ("40 - 43 sats"), or a ticker named as a coin ("#MDA", "Coin:
    DNT") whose prices are all whole numbers (an altcoin quoted at 11100 is 11,100 satoshis, not dollars). None
    at all for a ticker in a message about shares ("Saham: TLKM"), or for a capitalised word beside the side word
    (``guessed``) priced in whole units or cents with nothing of coins around it ("IRB BUY ABOVE 222"), or a
    ticker of seven letters or more priced in whole units: a share, traded by its own name. USDT otherwise: a coin
    written bare ("Eth long", "ADA buy 0.45") is an exchange's USDT market far more often than a CFD broker's USD
    one (``quote_guessed`` holds it when nothing in the message says so).
    """
    if spans.found(lexicon.SATS, text):
        return "BTC"
    if (ticker or cashtag) and (_about_shares(text) or _in_rupees(text)):
        return ""  # "Saham: TLKM / Beli di 3500", "Buy TORNTPOWER @ Rs 1614.4": a share, traded by its own name
    whole = bool(prices) and all(p == p.to_integral_value() and p >= 10 for p in prices)
    cents = bool(prices) and all(p >= 10 and p == p.quantize(_CENT) for p in prices)
    priced_as_share = cents if guessed else (whole and len(name) >= _SHARE_NAME)
    if ticker and priced_as_share and not spans.found(lexicon.COIN_CONTEXT, text):
        # "BUY NDTV CMP 169.50", "Bought #GANDHAR 247": a name the parser does not know as a coin, priced in whole
        # units or cents above ten (a coin it does not know trades below a dollar, or in satoshis under a short
        # ticker): a share's price, traded by its own name (held all the same: the name is a guess)
        return ""
    if ticker and whole and not spans.found(lexicon.FUTURES_CONTEXT, text):
        return "BTC"
    return "USDT"


def _in_rupees(text: bytes) -> bool:
    return spans.found(_MCX_CONTEXT, text) and not spans.found(lexicon.COIN_CONTEXT, text)


def _about_shares(text: bytes) -> bool:
    return spans.found(lexicon.STOCK_CONTEXT, text) and not spans.found(lexicon.COIN_CONTEXT, text)


def quote_guessed(kind: str, raw: str, symbol: str, text: bytes) -> bool:
    """Whether ``symbol``, normalised from a coin written without its quote asset ("ADA buy", "Bitcoin long"),
    got its quote for want of any context: a CFD's BTCUSD or an exchange's BTCUSDT are different markets, so a
    person picks."""
    base = ALIASES.get(squash(raw), squash(raw)) if kind == "alias" else squash(raw)
    if kind not in ("alias", "crypto_bare") or (kind == "alias" and base not in _NAMED_COINS):
        return False
    return symbol == base + "USDT" and not spans.found(lexicon.CRYPTO_CONTEXT, text)


def coin_guessed(kind: str, raw: str, text: bytes) -> bool:
    """Whether a cashtag the parser does not know as a coin ("$AAPL", "$DIA") stands in a message that says
    nothing of coins (no exchange, futures, leverage or quote asset): a share as likely as a token."""
    base = squash(raw)
    return (kind == "cashtag" and base not in ALIASES and not _is_known(base) and base not in WELL_KNOWN_COINS
            and base not in WELL_KNOWN_SHARES and not spans.found(lexicon.COIN_CONTEXT, text))


def _a_share(name: str, text: bytes) -> bool:
    return name in WELL_KNOWN_SHARES and not spans.found(lexicon.COIN_CONTEXT, text)


def sats_guessed(symbol: str, raw: str, text: bytes) -> bool:
    """Whether a bare ticker got BTC only because its prices are whole numbers: as often a stock's price in a
    currency with no cents (an IDX ticker in rupiah) as an altcoin's in satoshis, so a person picks."""
    return symbol.endswith("BTC") and not squash(raw).endswith("BTC") and not spans.found(lexicon.SATS, text)


def _contract(raw: str) -> str:
    """"Nifty 21 Mar 22200 CE": the expiry is no part of its name; "18050 Put option" is the PE contract; a US
    contract keeps its strike's decimals ("TSLA 437.5c": TSLA437.5C), but not zeros after them ("DELL 385.00p":
    DELL385P)."""
    us = _US_CONTRACT.fullmatch(raw.strip())
    if us is not None:
        strike = us.group(2).rstrip("0").rstrip(".") if "." in us.group(2) else us.group(2)
        return f"{us.group(1)}{strike}{us.group(3).upper()}"
    contract = squash(str(_EXPIRY.sub("", raw))).removesuffix("OPTIONS").removesuffix("OPTION").replace(",", "")
    contract = contract.removesuffix("S") if contract.endswith(("CALLS", "PUTS")) else contract
    contract = contract.replace("STRIKE", "")
    if contract.startswith("NIFTY50") and contract[7:8].isdigit() and len(contract) > 10:
        contract = "NIFTY" + contract[7:]  # "NIFTY 50 23200 PE": the index's full name, then the strike
    if contract.endswith("CALL"):
        return contract[:-4] + "CE"
    return contract[:-3] + "PE" if contract.endswith("PUT") else contract


def normalize(kind: str, raw: str, text: bytes, prices: Sequence[Decimal] = (), guessed: bool = False) -> str:
    """The canonical symbol for a token of ``kind`` (a tokenizer kind, or "ticker" for a bare coin name, which
    ``guessed`` marks as a capitalised word read beside the side word) found in message ``text`` whose levels
    are ``prices``."""
    squashed = squash(raw)
    if kind == "option":
        return _contract(raw)
    if kind == "ticker" and " " in raw.strip():
        return squashed  # "DHAMPUR SUGAR": a company's name; no coin is named in two words
    if kind == "index":
        name = raw.rstrip()
        if name[-1:] in ("m", "c") and (name[-2:-1].isdigit() or name[-2:-1].isupper()):
            squashed = squashed[:-1]  # "US30m", "USTECc": the broker's suffix belongs to the tenant's symbol map
        return squashed.replace("(", "").replace(")", "")  # "Volatility 25 (1s) Index": VOLATILITY251SINDEX
    if kind == "alias":
        return _alias(squashed, text, prices)
    if kind == "cashtag":
        return _cashtag(squashed, text, prices)
    if kind == "crypto_pair":
        return _crypto_pair(squashed)
    if kind == "crypto_bare":
        return squashed + crypto_quote(text, cashtag=False)
    if kind == "ticker":
        if _is_known(squashed) or _a_share(squashed, text) or _dollar_quoted(squashed):
            return squashed  # "Symbol: chzbtc": the quote asset is written; "🐂 TSLA - Bullish": a share
        dollars = squashed in _DOLLAR_COINS and not spans.found(lexicon.SATS, text)
        if dollars or (guessed and squashed in WELL_KNOWN_COINS):
            return squashed + "USDT"  # "Sol limit long 116-109", "ZEC做多 820": a coin known, whatever its prices
        if guessed and len(squashed) >= 8 and squashed.isalpha() and not spans.found(lexicon.COIN_CONTEXT, text):
            return squashed  # "PCJEWELLER BUY ABOVE 365.45": a company's name, longer than a coin's ticker
        return squashed + crypto_quote(text, cashtag=False, prices=prices, ticker=True, guessed=guessed, name=squashed)
    if kind == "pair" and len(squashed) > 6 and squashed[:3] in _CURRENCIES and squashed[3:6] in _CURRENCIES:
        return squashed[:6]  # "XAUUSDm": the broker's suffix belongs to the tenant's symbol map, not the signal
    return squashed


def _cashtag(squashed: str, text: bytes, prices: Sequence[Decimal]) -> str:
    # "$GOLD", "$XAUUSD", "$US30", "$BTCUSDT": a name the parser knows is read as that name first
    if squashed in ALIASES:
        return normalize("alias", squashed, text, prices)
    if _is_known(squashed) or _a_share(squashed, text) or _dollar_quoted(squashed):
        return squashed
    if squashed in WELL_KNOWN_COINS and not spans.found(lexicon.SATS, text):
        return squashed + "USDT"  # "$ONDO LIMIT SHORT" beside a word about shares ("bto"): the coin all the same
    return squashed + crypto_quote(text, cashtag=True, prices=prices)


def _alias(squashed: str, text: bytes, prices: Sequence[Decimal]) -> str:
    named = ALIASES.get(squashed, squashed)
    if named in _MCX_NAMES and spans.found(_MCX_CONTEXT, text) and (
            _off_the_cfds_band(named, prices) or (not prices and spans.found(_MCX, text))):
        # "MCX Crude Rs.4366", "Sell natural gas ... Rs 195": India's contract, priced in rupees, not the CFD (a gold
        # CFD's order in a message that also quotes a fee in rupees, or names MCX, stays XAUUSD: its prices say so)
        return _MCX_NAMES[named]
    if named in _NAMED_COINS:
        return named + crypto_quote(text, cashtag=False)
    return named


_BITGET_SUFFIXES = ("UMCBL", "DMCBL", "CMCBL", "SPBL")


def _crypto_pair(squashed: str) -> str:
    if squashed.startswith(_GLUED_LABELS) and len(squashed) > 10:
        label = next(word for word in _GLUED_LABELS if squashed.startswith(word))
        squashed = squashed[len(label):] if squashed[len(label):].endswith(QUOTE_ASSETS) else squashed  # "PairETH/USDT"
    if squashed.endswith("USD") and ALIASES.get(squashed[:-3], "").endswith("USD"):
        return ALIASES[squashed[:-3]]  # "GOLD/USD", "Silver/USD": the metal's alias, quoted in dollars
    suffix = next((end for end in _BITGET_SUFFIXES if squashed.endswith(end)), "")
    if suffix:  # "BTCUSDT_UMCBL": Bitget's name for the USDT-margined contract
        squashed = squashed[:-len(suffix)]
    if squashed.endswith("PERP"):
        # "BTCUSD_PERP" is a coin-margined contract, quoted in dollars as written
        return squashed[:-4] if squashed[:-4].endswith(("USDT", "USDC", "USD")) else squashed[:-4] + "USDT"
    return squashed
