"""Signals composed from the parts channels write them with, each with the label it must read as.

A seeded random walk over the ways a channel writes one signal: the market's name (a broker's suffix, a slash, a
hashtag), the side word and the order's type ("BUY LIMIT", "Sell Stop", "STOP BUY"), the entry (a label, "@", a
zone in words or on its own line), the stop's label, the targets' layout, a note after each target ("(30 pips)",
"($150)", "[1]", "- close 25%"), a note after the stop, a heading above ("📅 05/12", "Accuracy 92%") and a line
under it. The label is computed from the levels the walk
chose, never written by hand, so a composed message tests the reader and not a copy of its answer.

Two more walks: several orders on different markets in one message (``compose_several``, its label a list in
order), and India's option and share tips (``compose_indian``).

Every part here is one a rule in docs/parser.md reads; a part no rule reads belongs in the corpus (a real
message), not here. ``tests/unit/test_parser_composed.py`` asserts every composed message is read exactly (a
held parse counts when its fields are exact); the session that wrote this found a reader crash, a date read as
the entry, ratios, indexes and money read as targets, and targets' plans refused with it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Market:
    names: tuple[str, ...]
    symbol: str
    price: Decimal
    step: Decimal  # the distance between levels
    places: int


MARKETS = (
    Market(("XAUUSD", "GOLD", "XAU/USD", "#XAUUSD", "Gold", "XAUUSDm"), "XAUUSD", Decimal(2350), Decimal(5), 0),
    Market(("EURUSD", "EUR/USD", "#EURUSD", "EUR-USD"), "EURUSD", Decimal("1.0850"), Decimal("0.0020"), 4),
    Market(("GBPJPY", "GBP/JPY", "#GBPJPY"), "GBPJPY", Decimal("191.50"), Decimal("0.40"), 2),
    Market(("BTCUSDT", "BTC/USDT", "#BTCUSDT", "BTC-USDT"), "BTCUSDT", Decimal(65000), Decimal(500), 0),
    Market(("SOLUSDT", "SOL/USDT", "#SOLUSDT", "$SOL", "SOLUSDT.P", "SOL-USDT-SWAP"), "SOLUSDT", Decimal("142.5"),
           Decimal("2.5"), 1),
    Market(("US30", "DOW JONES"), "US30", Decimal(39500), Decimal(60), 0),
    Market(("XAGUSD", "SILVER"), "XAGUSD", Decimal("29.50"), Decimal("0.25"), 2),
    # coins priced near 1 to 10: a ratio's, an index's or a date's numbers fall in the targets' scale
    Market(("ARBUSDT", "ARB/USDT", "#ARB"), "ARBUSDT", Decimal("1.200"), Decimal("0.025"), 3),
    Market(("ADAUSDT", "ADA/USDT"), "ADAUSDT", Decimal("0.4500"), Decimal("0.0080"), 4),
    Market(("DOTUSDT", "DOT/USDT"), "DOTUSDT", Decimal("6.20"), Decimal("0.10"), 2),
)
SIDES = {"Buy": ("BUY", "Buy", "LONG", "Long", "📈 BUY", "🟢 LONG", "buy"),
         "Sell": ("SELL", "Sell", "SHORT", "Short", "📉 SELL", "🔴 SHORT", "sell")}
ORDER_LINES = ("{market} {side}", "{side} {market}", "{market}\n{side}", "{side} - {market}",
               "Pair: {market}\nDirection: {side}", "{market} | {side}")
ENTRY_LABELS = ("Entry: {p}", "Entry Price: {p}", "Entry - {p}", "Entry @ {p}", "Open: {p}", "EP: {p}", "Entry {p}",
                "👉 Entry: {p}", "Enter at {p}")
ENTRY_NOTES = ("", "", " (CMP)", " (market)", " 🔥", " (50%)")
ZONE_LINES = ("Entry Zone: {low} - {high}", "Entry: {low}-{high}", "Entry Zone {low} ~ {high}",
              "Entry between {low} and {high}", "Entry: {high} / {low}", "Entry Range: {low} – {high}",
              "Entry Zone:\n{low} - {high}", "Entries:\n{high}\n{low}")
STOP_LABELS = ("SL: {p}", "Stop Loss: {p}", "Stop: {p}", "SL {p}", "🛑 SL: {p}", "Stoploss - {p}", "S/L: {p}",
               "SL @ {p}", "Stop-loss : {p}", "❌ SL {p}", "SL ➡️ {p}", "StopLoss = {p}")
STOP_NOTES = ("", "", " (-15 pips)", " (H1 close)", " (1%)", " (strict)", " 🔴", " [strict]")
TARGET_NOTES = ("", "", "", " (30 pips)", " (+1.5%)", " (1R)", " [RR 1:2]", " (scalp)", " (2R)", " (x2)",
                " (+20 pips)", " ($150)", " (150$)", " [1]", " (RR1-1,5)", " (1-2 RR)", " — 2R", " (4h)")
TARGET_PLANS = (" (close 50%)", " - close 25%", " 25% close", " (move SL to BE)")
HEADINGS = ("", "", "🔥 VIP SIGNAL 🔥", "Signal #1042", "NEW TRADE ALERT", "📅 05/12", "🕐 14:30", "Accuracy 92%",
            "Signal No. 257", "Trade 3/5", "Leverage: Cross 20x", "Timeframe: H1 / M15")
TAILS = ("", "", "Leverage: 10x", "Risk: 1%", "Use proper risk management ⚠️", "Lot size: 0.01", "Good luck 🍀",
         "Win rate 85%", "#scalping", "Follow @goldchannel")


def _price(market: Market, value: Decimal, dollars: str) -> str:
    written = f"{value:.{market.places}f}"
    return {"before": f"${written}", "after": f"{written}$"}.get(dollars, written)


def _targets(rng: random.Random, prices: list[str]) -> list[str]:
    style = rng.randrange(8)
    note = rng.choice(TARGET_NOTES)
    if style == 0:
        return [f"TP{n}: {p}{note}" for n, p in enumerate(prices, start=1)]
    if style == 1:
        return ["TP: " + ", ".join(prices) + note]
    if style == 2:
        return ["Targets: " + " - ".join(prices) + note]
    if style == 3:
        return [f"TP {p}{note}" for p in prices]
    if style == 4:
        return [f"Take Profit {n}: {p}{note}" for n, p in enumerate(prices, start=1)]
    if style == 5:
        return ["🎯 Targets:"] + [f"🎯 {p}{note}" for p in prices]
    if style == 6:
        return [f"Target {n} - {p}{note}" for n, p in enumerate(prices, start=1)]
    return ["Targets:"] + [f"{n}) {p}{note}" for n, p in enumerate(prices, start=1)]


def compose(rng: random.Random) -> tuple[str, dict[str, Any]]:
    """One message and its label (the corpus's snake_case shape)."""
    market = rng.choice(MARKETS)
    side = rng.choice(("Buy", "Sell"))
    sign = 1 if side == "Buy" else -1
    dollars = rng.choice(("", "", "", "before", "after"))
    side_word = rng.choice(SIDES[side])
    order_type = "Market"
    kind = rng.randrange(4)
    if kind < 3 and rng.random() < 0.3:
        order_type = rng.choice(("Limit", "Stop"))
        plain = side.upper()
        kind_word = order_type.upper()
        side_word = rng.choice((f"{plain} {kind_word}", f"{side} {order_type}", f"{plain}_{kind_word}",
                                f"{plain}-{kind_word}", f"{kind_word} {plain}"))
    order = rng.choice(ORDER_LINES).format(market=rng.choice(market.names), side=side_word)
    lines = [heading] if (heading := rng.choice(HEADINGS)) else []
    entry: Decimal | None = market.price
    zone: tuple[Decimal, Decimal] | None = None
    if kind == 0:
        lines += [order, rng.choice(ENTRY_LABELS).format(p=_price(market, market.price, dollars))
                  + rng.choice(ENTRY_NOTES)]
    elif kind == 1 and "\n" not in order:
        lines.append(f"{order} @ {_price(market, market.price, dollars)}")
    elif kind == 2:
        zone = (market.price - market.step, market.price)
        low, high = (_price(market, bound, dollars) for bound in zone)
        lines += [order, rng.choice(ZONE_LINES).format(low=low, high=high)]
        entry = None
    else:
        lines.append(order)
        entry = None
    stop = market.price - sign * market.step * 3
    targets = [market.price + sign * market.step * 2 * n for n in range(1, rng.randint(1, 4) + 1)]
    written = [_price(market, target, dollars) for target in targets]
    target_lines = _targets(rng, written)
    if rng.random() < 0.1:  # a plan at each target: held for a person, its levels still read
        plan = rng.choice(TARGET_PLANS)
        target_lines = [line + plan if any(p in line for p in written) else line for line in target_lines]
    stop_line = rng.choice(STOP_LABELS).format(p=_price(market, stop, dollars)) + rng.choice(STOP_NOTES)
    lines += [stop_line, *target_lines] if rng.random() < 0.4 else [*target_lines, stop_line]
    if tail := rng.choice(TAILS):
        lines.append(tail)
    # (as the corpus's JSON labels hold them: numbers, the zone a list)
    label = {"symbol": market.symbol, "side": side, "order_type": order_type,
             "entry": None if entry is None else float(entry),
             "entry_range": None if zone is None else [float(bound) for bound in zone],
             "stop_loss": float(stop), "take_profits": [float(target) for target in targets]}
    return "\n".join(lines), label


@dataclass(frozen=True)
class Language:
    buy: tuple[str, ...]
    sell: tuple[str, ...]
    entry: tuple[str, ...]
    zone: tuple[str, ...]
    stop: tuple[str, ...]
    targets: tuple[str, ...]  # a label before the list
    target: tuple[str, ...]  # a numbered label, "{n}" its number


LANGUAGES = {
    "ru": Language(("ЛОНГ", "Лонг", "ПОКУПКА", "Покупка"), ("ШОРТ", "Шорт", "ПРОДАЖА", "Продажа"),
                   ("Вход:", "Точка входа:", "Вход", "Цена входа:"), ("Зона входа:", "Вход:"),
                   ("Стоп:", "Стоп-лосс:", "Стоп лосс", "Стоп"), ("Тейк:", "Цели:", "Тейк-профит:", "Цель:"),
                   ("Тейк {n}:", "Цель {n}:")),
    "fa": Language(("خرید", "لانگ"), ("فروش", "شورت"), ("نقطه ورود:", "ورود:", "قیمت ورود:"),
                   ("محدوده ورود:", "ناحیه ورود:"), ("حد ضرر:", "استاپ:", "حد ضرر"), ("تارگت:", "حد سود:", "اهداف:"),
                   ("تارگت {n}:", "حد سود {n}:")),
    "ar": Language(("شراء", "شراء الآن"), ("بيع", "بيع الآن"), ("الدخول:", "سعر الدخول:", "نقطة الدخول:"),
                   ("منطقة الدخول:",), ("وقف الخسارة:", "ستوب:", "وقف الخسارة"), ("الهدف:", "الأهداف:", "جني الأرباح:"),
                   ("الهدف {n}:", "هدف {n}:")),
    "es": Language(("COMPRA", "Compra"), ("VENTA", "Venta"), ("Entrada:", "Precio de entrada:"), ("Zona de entrada:",),
                   ("Stop Loss:", "Stop:"), ("Objetivos:", "Take Profit:"), ("Objetivo {n}:",)),
    "tr": Language(("AL", "ALIŞ"), ("SAT", "SATIŞ"), ("Giriş:", "Giriş fiyatı:"), ("Giriş aralığı:",),
                   ("Stop:", "Zarar kes:"), ("Hedef:", "Hedefler:"), ("Hedef {n}:",)),
    "vi": Language(("MUA", "Mua"), ("BÁN", "Bán"), ("Điểm vào:", "Vào lệnh:"), ("Vùng vào lệnh:",),
                   ("Cắt lỗ:", "Dừng lỗ:"), ("Chốt lời:", "Mục tiêu:"), ("Chốt lời {n}:",)),
}
# Persian and Arabic channels often write their own digits
_DIGITS = {"fa": str.maketrans("0123456789.", "۰۱۲۳۴۵۶۷۸۹٫"), "ar": str.maketrans("0123456789.", "٠١٢٣٤٥٦٧٨٩٫")}


def compose_international(rng: random.Random) -> tuple[str, dict[str, Any]]:
    """One message with its side and level words in another language (and, in Persian and Arabic, its digits
    maybe in that script too), and its label."""
    name = rng.choice(sorted(LANGUAGES))
    words = LANGUAGES[name]
    market = rng.choice(MARKETS[:5])
    side = rng.choice(("Buy", "Sell"))
    sign = 1 if side == "Buy" else -1
    digits = _DIGITS.get(name) if rng.random() < 0.4 else None

    def written(value: Decimal) -> str:
        text = f"{value:.{market.places}f}"
        return text.translate(digits) if digits else text

    side_word = rng.choice(words.buy if side == "Buy" else words.sell)
    market_name = rng.choice(market.names[:3])
    lines = [rng.choice((f"{market_name} {side_word}", f"{side_word} {market_name}", f"{market_name}\n{side_word}"))]
    entry: Decimal | None = market.price
    zone: tuple[Decimal, Decimal] | None = None
    if rng.random() < 0.3:
        zone, entry = (market.price - market.step, market.price), None
        lines.append(f"{rng.choice(words.zone)} {written(zone[0])} - {written(zone[1])}")
    else:
        lines.append(f"{rng.choice(words.entry)} {written(market.price)}")
    stop = market.price - sign * market.step * 3
    targets = [market.price + sign * market.step * 2 * n for n in range(1, rng.randint(1, 3) + 1)]
    if rng.random() < 0.5:
        target_lines = [f"{rng.choice(words.targets)} " + rng.choice((" - ", ", ", " / ")).join(map(written, targets))]
    else:
        label = rng.choice(words.target)
        target_lines = [f"{label.format(n=n)} {written(target)}" for n, target in enumerate(targets, start=1)]
    stop_line = f"{rng.choice(words.stop)} {written(stop)}"
    lines += [stop_line, *target_lines] if rng.random() < 0.5 else [*target_lines, stop_line]
    label = {"symbol": market.symbol, "side": side, "order_type": "Market",
             "entry": None if entry is None else float(entry),
             "entry_range": None if zone is None else [float(bound) for bound in zone],
             "stop_loss": float(stop), "take_profits": [float(target) for target in targets]}
    return "\n".join(lines), label


SEPARATORS = ("\n\n", "\n", "\n➖➖➖➖➖\n", "\n\n———\n\n", "\n━━━━━━━━\n")
NUMBERINGS = ("", "{n}) ", "{n}. ", "Signal {n}: ", "#{n} ", "Trade {n} - ")


def _one_of_several(rng: random.Random, market: Market, style: int, number: str) -> tuple[str, dict[str, Any]]:
    side = rng.choice(("Buy", "Sell"))
    sign = 1 if side == "Buy" else -1
    name = rng.choice(market.names)
    word = rng.choice(SIDES[side][:4])
    zone = style >= 4 and rng.random() < 0.5
    entry, stop = market.price, market.price - sign * market.step * 3
    targets = [market.price + sign * market.step * 2 * n for n in range(1, rng.randint(1, 3) + 1)]
    low, high, written = (_price(market, level, "") for level in (entry - market.step, entry, stop))
    prices = [_price(market, target, "") for target in targets]
    if style == 0:
        text = f"{number}{name} {word} {high}\nSL {written}\n" + "\n".join(
            f"TP{n} {p}" for n, p in enumerate(prices, start=1))
    elif style == 1:
        text = f"{number}{name} {word} @ {high} SL {written} TP " + " / ".join(prices)
    elif style == 2:
        text = f"{number}{word} {name}\nEntry: {high}\nSL: {written}\nTP: " + ", ".join(prices)
    elif style == 3:
        text = f"{number}{name} | {word} | Entry {high} | SL {written} | TP " + " - ".join(prices)
    elif style == 4:
        text = (f"{number}Pair: {name}\nDirection: {word}\nEntry: {f'{low} - {high}' if zone else high}\n"
                f"Stop Loss: {written}\n" + "\n".join(f"TP{n}: {p}" for n, p in enumerate(prices, start=1)))
    else:
        entry_written = f"{low}-{high}" if zone else high
        text = f"{number}{name} {word} {entry_written}\n🎯 " + " | ".join(prices) + f"\n🛑 {written}"
    label = {"symbol": market.symbol, "side": side, "order_type": "Market", "entry": None if zone else float(entry),
             "entry_range": [float(entry - market.step), float(entry)] if zone else None,
             "stop_loss": float(stop), "take_profits": [float(target) for target in targets]}
    return text, label


def compose_several(rng: random.Random) -> tuple[str, list[dict[str, Any]]]:
    """Two to five orders on different markets in one message, each numbered or not and parted by blank lines,
    bars or nothing, and their labels in order."""
    markets = rng.sample(MARKETS, rng.randint(2, 5))
    style, numbering = rng.randrange(6), rng.choice(NUMBERINGS)
    parts = [_one_of_several(rng, market, style, numbering.format(n=n)) for n, market in enumerate(markets, start=1)]
    heading = rng.choice(("", "", "📊 Today's signals", "VIP SIGNALS 🔥", "Daily setups:"))
    body = rng.choice(SEPARATORS).join(text for text, _ in parts)
    return (f"{heading}\n\n{body}" if heading else body), [label for _, label in parts]


# India's option and share tips: (underlying, strike, premium) and (share, price, step)
UNDERLYINGS = (("NIFTY", ("NIFTY", "Nifty", "#NIFTY"), 23200, 170),
               ("BANKNIFTY", ("BANKNIFTY", "BANK NIFTY"), 52000, 310), ("SENSEX", ("SENSEX", "Sensex"), 81700, 250),
               ("FINNIFTY", ("FINNIFTY",), 21000, 120),
               ("CRUDEOIL", ("CRUDEOIL", "Crudeoil"), 5700, 124), ("MIDCPNIFTY", ("MIDCPNIFTY",), 12500, 95))
SHARES = (("RELIANCE", 2950, 10), ("TATASTEEL", 145, 1), ("INFY", 1820, 10), ("SBIN", 810, 5))


def compose_indian(rng: random.Random) -> tuple[str, dict[str, Any]]:
    """An Indian option or share tip ("BUY NIFTY 23200 CE ABOVE 170 SL 150 TARGET 190/210/250") and its label."""
    if rng.random() < 0.7:
        underlying, names, strike, entry = rng.choice(UNDERLYINGS)
        kind = rng.choice(("CE", "PE"))
        symbol, step = f"{underlying}{strike}{kind}", max(5, entry // 10)
        written = rng.choice((f"{rng.choice(names)} {strike} {kind}", f"{rng.choice(names)} {strike}{kind}",
                              f"{rng.choice(names)} {strike} {kind.lower()}"))
    else:
        symbol, entry, step = rng.choice(SHARES)
        written = symbol
    zone = rng.random() < 0.3
    low, stop = entry - max(1, step // 2), entry - 2 * step
    targets = [entry + step * n * 2 for n in range(1, rng.randint(1, 3) + 1)]
    price = f"{low}-{entry}" if zone else f"{entry}"
    trigger = rng.choice(("ABOVE", "NEAR", "@", "AT", "CMP", "Above", "BUY ABOVE", "ABOVE -", "ENTRY:", "PRICE @"))
    listed = rng.choice(("/", " / ", "-", " - ", ", ", ",", " ")).join(map(str, targets)) + rng.choice(("", "", "+"))
    target_label = rng.choice(("TARGET", "TGT", "TARGETS", "TARGET -", "🎯 TARGET", "Tgt", "TARGET:", "TP"))
    target_line = f"{target_label} {listed}"
    stop_line = f"{rng.choice(('SL', 'STOPLOSS', 'SL:', 'STOPLOSS -', 'Sl', 'SL -', 'STOP LOSS'))} {stop}"
    side = rng.choice(("BUY", "Buy", "🔥 BUY", "BUY -"))
    layout = rng.randrange(5)
    if layout == 0:
        text = f"{side} {written} {trigger} {price} {stop_line} {target_line}"
    elif layout == 1:
        text = f"{side} {written}\n{trigger} {price}\n{stop_line}\n{target_line}"
    elif layout == 2:
        text = f"{written}\n\n{side} {trigger} {price}\n\n{target_line}\n\n{stop_line}"
    elif layout == 3:
        heading = rng.choice(("INTRADAY", "HERO ZERO", "JACKPOT CALL", "OPTION TRADE", "SCALP"))
        text = f"{heading}\n{side} {written} {trigger} {price}\n{target_line}\n{stop_line}"
    else:
        footer = rng.choice(("EXPIRY 26 FEB", "WEEKLY EXPIRY", "ONLY 1 LOT", "LOT 1-3", "RISKY TRADE",
                             "HOLD TILL EXPIRY"))
        text = f"{side} {written} {trigger} {price}\n{stop_line}\n{target_line}\n{footer}"
    label = {"symbol": symbol, "side": "Buy", "order_type": "Market", "entry": None if zone else float(entry),
             "entry_range": [float(low), float(entry)] if zone else None, "stop_loss": float(stop),
             "take_profits": [float(target) for target in targets]}
    return text, label
