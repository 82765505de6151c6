"""How much the built-in parser trusts a parse: a confidence in 0..1 and the reasons it is below 1.

The levels are parsed literally either way (a wrong level stays as written, for the decision rules to reject);
these checks only decide whether a person should look before anything trades. Each reason costs a fixed amount:
DOUBT reasons alone take a parse below the default review threshold (0.7), NOTE reasons only together.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import re2

from shared.domain.signal import Side

DOUBT = 0.4
NOTE = 0.15
# reason -> cost; docs/parser.md explains each one.
COSTS = {
    "sl_wrong_side": DOUBT,          # a Buy's stop loss at or above its entry (a Sell's at or below)
    "tp_wrong_side": DOUBT,          # a target on the losing side of the entry
    "tp_not_monotonic": DOUBT,       # a Buy's targets not rising in order (a Sell's not falling)
    "tp_as_index": DOUBT,            # a target that is its own place in the list, off the entry's scale: an index
    "sl_beyond_targets": DOUBT,      # no entry written, and the stop loss is on the targets' side
    "price_out_of_range": DOUBT,     # a level far from where the symbol trades (per-symbol table below)
    "far_from_market": DOUBT,        # a level far from the market's quote, when the caller passes one
    "level_far_from_entry": DOUBT,   # a level several times the distance a market moves in one trade
    "level_unlabelled": DOUBT,       # a price no level took: under an unknown label, or past an unknown word
    "stops_differ": DOUBT,           # two stop-loss labels with different prices ("Стоп: 2330 ... SL 2340")
    "sl_unreadable": DOUBT,          # a stop loss written but unreadable ("Sl 1 7786"): no order without it
    "sl_distance": DOUBT,            # a stop loss written only as a distance ("SL 30 pips"): no price to send
    "tp_unreadable": DOUBT,          # a target written but unreadable ("TP 1 4447": a price split by a space)
    "tp_skipped": DOUBT,             # the targets' labels start past 1 ("TP2: 4915" first): target 1 was not read
    "comma_ambiguous": DOUBT,        # a price with a comma before three digits, for a market with no known price
    "tp_out_of_scale": DOUBT,        # a target joined to a list far from its scale: a typo, kept literally
    "wide_zone": DOUBT,              # an entry zone wider than a zone can be: a typo in one bound, kept literally
    "ambiguous_entry": DOUBT,        # three or more joined prices where the entry goes: entries or targets?
    "conflicting_sides": DOUBT,      # two different side words read as the order's side
    "management_wording": 0.6,       # a complete setup holding wording that manages a trade ("set SL to BE")
    "earlier_result": 0.6,           # a complete setup under an earlier trade's result ("previous one hit TP3 ✅")
    "entry_conditional": DOUBT,      # the entry waits for a condition ("Entry: if it breaks below 115,500")
    "retracted": DOUBT,              # a note takes an order back or calls it a mistake ("Wrong signal, please ignore")
    "not_live": DOUBT,               # a note says the order is no order for real money ("Paper trade only", "Demo")
    "side_after_reference": DOUBT,   # "the Gold sell @3983.5": words that may name an open trade before a priced side
    "side_word_skipped": DOUBT,      # another side word in the message is conditional or negated: whose order?
    "prose_around_side": DOUBT,      # the side word sits in a long sentence: talk that happens to hold levels
    "symbol_inferred": DOUBT,        # no symbol written: gold read from where the levels are priced
    "side_inferred": DOUBT,          # no side word: the side read from where the targets and stop lie
    "symbol_after_levels": DOUBT,    # the only market named comes after the order's stop or targets
    "symbol_shared": DOUBT,          # a symbol-less order took the market of an order for the other side
    "symbol_from_title": DOUBT,      # the market only in a channel's title ("🔥 GOLD SNIPER VIP 🔥 / BUY 2350")
    "symbol_contested": DOUBT,       # two symbols on lines of their own before the side: which is the order's?
    "guessed_symbol": DOUBT,         # a capitalised word beside the side word read as a coin's name
    "quote_guessed": DOUBT,          # a bare coin ("ADA buy") with nothing to say which quote asset it trades in
    "coin_name": NOTE,               # a coin the parser does not know, named as one ("#MDA", "Coin: DNT")
    "opinion_wording": DOUBT,        # analysis, forecast or hedged words around a full signal
    "targets_only": DOUBT,           # targets but no entry and no stop loss: as often a results post as an order
    "stop_only": DOUBT,              # a stop loss but no entry and no target: as often a stop-out report
    "no_levels": DOUBT,              # a bare order: no stop loss, no target (a person confirms it is an order)
    "price_too_fine": DOUBT,         # a level with more decimal places than an order's price keeps (8)
    "pending_without_price": DOUBT,  # a limit or stop order whose price was not read: nothing to rest it at
}

# Rough value in US dollars per unit of each currency or metal, to place a forex pair's price (EURUSD ~ 1.1/1.0).
_USD_VALUE = {"USD": 1.0, "EUR": 1.1, "GBP": 1.3, "AUD": 0.66, "NZD": 0.6, "CAD": 0.73, "CHF": 1.15, "JPY": 0.0068,
              "XAU": 3000.0, "XAG": 35.0, "XPT": 1000.0, "XPD": 1100.0, "TRY": 0.03, "ZAR": 0.055, "MXN": 0.052,
              "SEK": 0.095, "NOK": 0.095, "DKK": 0.15, "SGD": 0.75, "HKD": 0.128, "PLN": 0.25, "HUF": 0.0028,
              "CZK": 0.044, "CNH": 0.14, "RUB": 0.011, "THB": 0.029, "ILS": 0.27}
# Where indices, energies and the two big coins trade (a wide band: years-old signals must still fit).
_TYPICAL = {"US30": 35000, "NAS100": 18000, "US100": 18000, "USTEC": 18000, "NDX": 18000, "US500": 5000,
            "NATGAS": 3.5, "DAX40": 16000, "DAX30": 16000,
            "SPX500": 5000, "SPX": 5000, "SP500": 5000, "GER30": 16000, "GER40": 16000, "DE30": 16000, "DE40": 16000,
            "DAX": 16000, "UK100": 8000, "FTSE100": 8000, "JP225": 35000, "JPN225": 35000, "HK50": 20000,
            "AUS200": 7500, "EU50": 4500, "FRA40": 7500, "USOIL": 70, "UKOIL": 75, "WTI": 70, "BRENT": 75,
            "XTIUSD": 70, "XBRUSD": 75, "BTCUSD": 40000, "BTCUSDT": 40000, "ETHUSD": 2500, "ETHUSDT": 2500,
            "NQ": 18000, "MNQ": 18000, "ES": 5000, "MES": 5000, "YM": 35000, "MYM": 35000, "RTY": 2000, "M2K": 2000,
            "US2000": 2000, "NIKKEI": 35000, "NIKKEI225": 35000, "HSI": 20000, "DXY": 100, "USDX": 100, "VIX": 20,
            # India's indices: an option's premium read as the index's level ("NIFTY ... above 145") lands far below
            "NIFTY": 20000, "NIFTY50": 20000, "BANKNIFTY": 45000, "FINNIFTY": 20000, "SENSEX": 70000,
            # and its commodity exchange's gold (per 10 g) and silver (per kg), in rupees: "GOLD" priced at 170 is
            # no MCX contract
            "GOLD": 70000, "SILVER": 80000}
# The big altcoins, whose prices have moved more over the years: a band thirty times wide each way still tells
# a coin's price from another market's ("SOL/USDT / Sell Zone 5089 - 5093" is a gold channel's zone)
_TYPICAL_ALTS = {"SOLUSDT": 100, "BNBUSDT": 400, "XRPUSDT": 0.6, "ADAUSDT": 0.5, "DOGEUSDT": 0.1, "LTCUSDT": 90,
                 "AVAXUSDT": 30, "DOTUSDT": 7, "LINKUSDT": 15, "BCHUSDT": 350}
_ALT_SPAN = 30.0
_SPAN = 3.0  # a price below a third or above three times the typical one is not this symbol's price
_OPTION = re2.compile(r"^[A-Z&]+?(\d+(?:\.\d+)?)(?:C|P|CE|PE)$")
_OPTION_KINDS = frozenset("CPE")  # (a quick look before the match: most symbols end otherwise)
_CRYPTO_SPAN = 15.0
# How far from the entry a level may sit, as a share of the entry: a month's move for a forex pair, gold or an
# index; altcoins may promise several times their price.
_FAR = {"fx": Decimal("0.2"), "crypto": Decimal(10)}


def typical_price(symbol: str) -> tuple[float, float] | None:
    """(typical price, span factor) for a symbol the table knows; None for the rest (most altcoins)."""
    if symbol not in _TYPICAL and symbol[-4:] in ("USDC", "BUSD", "DUSD"):  # "BTCUSDC" is priced as "BTCUSDT"
        base = symbol[:-5] if symbol.endswith("FDUSD") else symbol[:-4]
        symbol = base + "USDT" if base + "USDT" in _TYPICAL else symbol
    if symbol in _TYPICAL:
        span = _CRYPTO_SPAN if symbol.startswith(("BTC", "ETH")) else _SPAN
        return float(_TYPICAL[symbol]), span
    if len(symbol) == 6 and symbol[:3] in _USD_VALUE and symbol[3:] in _USD_VALUE:
        return _USD_VALUE[symbol[:3]] / _USD_VALUE[symbol[3:]], _SPAN
    return None


def _alt_band(symbol: str) -> tuple[float, float] | None:
    """(lowest, highest) price of a big altcoin, for the doubt only (the reader does not read thousands by it: a
    coin's old price, "BNB/USDT ENTRY 3.060", stays what is written)."""
    typical = _TYPICAL_ALTS.get(symbol)
    return None if typical is None else (typical / _ALT_SPAN, typical * _ALT_SPAN)


def typical_band(symbol: str) -> tuple[float, float] | None:
    """(lowest, highest) price the table of typical prices allows ``symbol``; None when it does not know it. An option
    contract's premium stays under twice its strike ("APLD37C" sold at 4950 is a level of another market)."""
    if symbol[-1:] in _OPTION_KINDS and (contract := _OPTION.match(symbol)) is not None:
        return 0.0, 2 * float(contract.group(1))
    typical = typical_price(symbol)
    return None if typical is None else (typical[0] / typical[1], typical[0] * typical[1])


def _kind(symbol: str) -> str:
    forex = len(symbol) == 6 and symbol[:3] in _USD_VALUE and symbol[3:] in _USD_VALUE
    return "fx" if forex or (symbol in _TYPICAL and not symbol.startswith(("BTC", "ETH"))) else "crypto"


def level_reasons(symbol: str, side: Side, reference: Decimal | None, stop_loss: Decimal | None,
                  take_profits: Sequence[Decimal], quote: Decimal | None = None) -> list[str]:
    """The doubts the levels themselves raise, in a fixed order. ``quote``, the market's price for the symbol
    when the caller has one, replaces the table's typical price and narrows the band."""
    reasons: list[str] = []
    up = side is Side.BUY
    if reference is not None:
        if stop_loss is not None and (stop_loss >= reference if up else stop_loss <= reference):
            reasons.append("sl_wrong_side")
        if take_profits and (min(take_profits) <= reference if up else max(take_profits) >= reference):
            reasons.append("tp_wrong_side")
    elif stop_loss is not None and take_profits:
        if stop_loss >= min(take_profits) if up else stop_loss <= max(take_profits):
            reasons.append("sl_beyond_targets")
    pairs = zip(take_profits, take_profits[1:], strict=False)
    if len(take_profits) > 1 and any((b < a if up else b > a) for a, b in pairs):
        reasons.append("tp_not_monotonic")
    if reference is not None and reference != reference.to_integral_value() and any(
            target == place and not reference * 2 / 3 <= target <= reference * 3 / 2
            for place, target in enumerate(take_profits[:9], start=1)):
        # "#ONDO/USDT Take-Profit target 1 / Entry: 0.3825 - 0.3840": a whole number that is the target's place, far
        # from an entry written with decimals, is the label's index (a bot's "target 1 reached" post), not a price
        reasons.append("tp_as_index")
    prices = [p for p in (reference, stop_loss, *take_profits) if p is not None]
    if not prices:
        return reasons
    # (one pass over the extremes: every check below asks whether some price lies outside a band)
    low, high = min(prices), max(prices)
    if quote is not None and quote > 0:
        margin = quote * _FAR[_kind(symbol)]
        if low < quote - margin or high > quote + margin:
            reasons.append("far_from_market")
    elif (band := typical_band(symbol) or _alt_band(symbol)) is not None:
        if not band[0] <= float(low) or not float(high) <= band[1]:
            reasons.append("price_out_of_range")
    if reference is not None:
        margin = reference * _FAR[_kind(symbol)]
        if low < reference - margin or high > reference + margin:
            reasons.append("level_far_from_entry")
    return reasons


def zone_reasons(zone: tuple[Decimal, Decimal], stop_loss: Decimal | None,
                 take_profits: Sequence[Decimal]) -> list[str]:
    """The doubts an entry zone raises that its middle does not: a stop inside the zone ("BUY 2338-2350 / SL 2340":
    a fill at 2338 is already past it) or a target inside it (a fill at the zone's far end is already past it)."""
    low, high = zone
    reasons = []
    if stop_loss is not None and low < stop_loss < high:  # (a stop at the zone's far bound is a channel's habit)
        reasons.append("sl_wrong_side")
    if any(low < tp < high for tp in take_profits):
        reasons.append("tp_wrong_side")
    return reasons


def confidence(reasons: Sequence[str]) -> float:
    """1 less the cost of each reason, never below 0; two decimals, so JSON shows what was compared."""
    return max(0.0, round(1.0 - sum(COSTS[r] for r in reasons), 2))
