"""Prices as written in a message, read into ``Decimal`` without passing through float."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from statistics import median

import re2

from shared.domain.signal import PRICE_DIGITS_MAX, carried_exactly

_FRACTIONS = {"½": "5", "¼": "25", "¾": "75"}
# "SL 1. 0820", "sl 2. 76": a decimal point with a space typed after it; "TP 1. 2360" numbers a list instead
# ("SL 2340. 5 pips", "2340. 5% risk": a sentence's end, then a count)
BROKEN_DECIMAL = re2.compile(rb"(^|[^\d.,])(\d{1,6})\.[ ](\d{1,8})([.,]\d|[ \t]*[%A-Za-z])?")
_PRICE = re2.compile(rb"\d+\.\d+|\d{3,}")
_NEAR = Decimal("0.25")  # within a quarter of the message's middle price: of its scale


def to_decimal(raw: bytes) -> Decimal | None:
    """``1.0850`` / ``1,0850`` (decimal comma) / ``34,440`` and ``1,234.5`` (thousands) / ``81.139½``."""
    head, dot, tail = raw.partition(b".")
    if head.isdigit() and (not dot or tail.isdigit()):  # the common case: plain digits, at most one point
        value = Decimal(raw.decode("ascii"))
        if len(raw) > PRICE_DIGITS_MAX and not carried_exactly(value):  # (a shorter one holds fewer digits)
            return None
        return value if value > 0 else None
    text = raw.decode("utf-8").lstrip("+-@:$ \t").replace(" ", "").replace("\t", "").replace(":", ".")
    fraction = ""
    if text and text[-1] in _FRACTIONS:
        fraction, text = _FRACTIONS[text[-1]], text[:-1]
    if "," in text and "." in text and text.rfind(",") > text.rfind("."):
        text = text.replace(".", "").replace(",", ".")  # "2.350,50": points group the thousands, a comma the cents
    elif "," in text:
        whole, _, part = text.rpartition(",")
        lead = whole.split(",")[0]
        # "34,440" groups thousands; "0,125" cannot (no number is written with a leading zero group)
        thousands = "." in text or (len(part) == 3 and len(lead) <= 3 and lead.lstrip("0") != "")
        text = text.replace(",", "") if thousands else f"{whole}.{part}"
    if fraction:
        text = f"{text}{fraction}" if "." in text else f"{text}.{fraction}"
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or value <= 0 or not carried_exactly(value):
        return None  # not a price a JSON number carries exactly: unreadable, like any other garbled number
    return value


CYRILLIC_KILO = ("к".encode(), "К".encode())  # "55к", "55К": thousands in a Cyrillic text, as "55k" in a Latin one


def kilo_digits(raw: bytes) -> bytes:
    """"55к" -> "55", "-110k" -> "-110": the number written before its thousands mark."""
    return raw[:-2] if raw.endswith(CYRILLIC_KILO) else raw[:-1]  # (either Cyrillic letter is two bytes)


def _grouped_thousands(raw: bytes) -> bool:
    """"4,198", "12,345.5": whole numbers grouped by commas in threes (not "1,0850", a decimal comma)."""
    whole, _, decimals = raw.partition(b".")
    groups = whole.split(b",")
    return (len(groups) > 1 and 1 <= len(groups[0]) <= 3 and groups[0].isdigit()
            and all(len(group) == 3 and group.isdigit() for group in groups[1:])
            and (not decimals or decimals.isdigit()))


def expand_shorthand(first: bytes, second: bytes) -> bytes:
    """``2345-48`` means 2345-2348: a shorter second number replaces the first one's trailing digits. A second
    number near the first one's whole part is a price of its own ("25.62 - 25 - 24": 25, not 25.25; but
    "1.0850-60" is 1.0850-1.0860)."""
    if b"," in first and _grouped_thousands(first):
        first = first.replace(b",", b"")  # "4,198-02": the thousands' comma is no digit to replace
    if b"." in first and b"." in second:  # "2350.50/48.50": the whole part shortened, the decimals written out
        whole, _, _ = first.partition(b".")
        short, _, cents = second.partition(b".")
        if short.isdigit() and whole.isdigit() and len(whole) - len(short) >= 2:
            return expand_shorthand(whole, short) + b"." + cents
        return second
    if b"." in second or b"," in second or len(second) > len(first.replace(b".", b"")) - 2:
        return second  # a shorthand saves two digits at least: "50670, 5060" is two prices
    whole = first.partition(b".")[0].lstrip(b"0")
    if (b"." in first and whole.isdigit() and second.isdigit() and len(second) >= len(whole)
            and int(whole) / 2 <= int(second) <= int(whole) * 2):
        return second
    if b"." in first and len(first) - len(first.rstrip(b"0")) >= len(second) + 2:
        return second  # "0.96500000 - 1": the first price's padding is no place for a shorthand's digits
    digits = first.rstrip(b"0123456789")
    tail = first[len(digits):]
    if len(second) > len(tail):
        return second
    replaced = tail[len(tail) - len(second):]
    expanded = digits + tail[: len(tail) - len(second)] + second
    if (second.isdigit() and replaced.isdigit() and expanded.replace(b".", b"", 1).isdigit()
            and len(second) < len(first.replace(b".", b"")) and int(replaced) - int(second) > 10 ** len(second) // 2):
        # "4198-02": the bound rolls over the hundred (4202); it does not fall a hundred to 4102
        decimals = len(tail) if digits.endswith(b".") else 0
        step = Decimal(10) ** (len(second) - decimals)
        return f"{Decimal(expanded.decode('ascii')) + step:.{decimals}f}".encode()
    return expanded


def thousands_raw(thousands: Decimal) -> bytes:
    """"66k", "95,5k": the price written out ("66000", "95500"), no longer than a price so written (the reader looks
    at what follows the token by its length)."""
    value = thousands * 1000
    return (f"{value:f}" if value != value.to_integral_value() else str(int(value))).encode()


def rejoin_broken_decimals(data: bytes) -> bytes:
    """"SL 1. 0820" under "BUY 1.0850": the point's two halves make one price when that price is of the message's
    scale and the part after the space alone is not; an enumerator ("TP 1. 2360" under "BUY 2350") stays."""
    prices = [value for raw in _PRICE.findall(data) if (value := to_decimal(raw)) is not None]
    if not prices:
        return data
    middle = median(prices)

    def near(value: Decimal | None) -> bool:
        return value is not None and abs(value - middle) <= middle * _NEAR

    def rejoined(found: re2._Match) -> bytes:
        before, whole, part, after = found.groups()
        if after is None and near(to_decimal(whole + b"." + part)) and not near(to_decimal(part)):
            return bytes(before + whole + b"." + part)
        return bytes(found.group())

    return bytes(BROKEN_DECIMAL.sub(rejoined, data))
