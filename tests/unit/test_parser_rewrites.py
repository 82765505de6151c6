"""A signal read right stays read right when a channel writes one of its fields another common way.

Each test takes every signal of the synthetic split (all read exactly: test_parsing_corpus asserts it), rewrites
one field the way other channels write it (the stop's label, the targets' labels, the entry's label, the zone's
separator, the pair's spelling), and asserts the parse is still exact. A rewrite that breaks a parse lists the
message, so a new rule that narrows what the parser reads shows up here before it reaches a channel."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from shared.parsing import SignalParser
from tests.corpus.scoring import CORPUS, cases, score

SIGNALS = [case for case in cases(CORPUS / "synthetic.jsonl") if case["expected"]]

STOP = re.compile(r"(?im)^([^\w\n]*)(?:sl|s/l|stop[ -]?loss|stoploss|stop)\s*[:=@-]?\s*(?=\$?\d)")
TARGET = re.compile(r"(?im)^([^\w\n]*)(?:tp|t/p|take[ -]?profit|target)\s*(\d)(?![\d.,])\s*[:=@-]?\s*(?=\$?\d)")
ENTRY = re.compile(r"(?im)^([^\w\n]*)(?:entry(?: price)?|entry zone|enter)\s*[:=@-]?\s*(?=\$?\d)")
PAIR = re.compile(r"(?<![A-Za-z])(EUR|GBP|AUD|NZD|USD|XAU)(USD|JPY|CHF|CAD)(?![A-Za-z])")


def _broken(rewrite: Callable[[str], str], parser: SignalParser) -> list[str]:
    """The signals the rewrite changes and that are no longer read exactly; fails if it changes none."""
    changed, broken = 0, []
    for case in SIGNALS:
        text = rewrite(case["text"])
        if text == case["text"]:
            continue
        changed += 1
        rewritten: dict[str, Any] = {**case, "text": text}
        if not score(rewritten, parser).exact:
            broken.append(f"{case['where']}: {text!r}")
    assert changed, "the rewrite applies to no signal: it tests nothing"
    return broken


@pytest.mark.parametrize("label", [
    "SL: ", "S/L: ", "Stop Loss: ", "Stop-loss: ", "STOPLOSS ", "SL = ", "SL @ ", "SL - ", "Stop: ", "🛑SL: ",
    "❌ Stop Loss : ", "SL➡️ ", "Sl:", "Stop Loss @ ", "SL ⛔️ ", "STOP LOSS - ", "sl ", "Stop loss at ",
    "SL (Stop Loss): ", "Invalidation: ",
])
def test_the_stop_written_another_way(parser: SignalParser, label: str) -> None:
    assert _broken(lambda text: STOP.sub(lambda m: m.group(1) + label, text), parser) == []


@pytest.mark.parametrize("label", [
    "TP{n}: ", "TP {n}: ", "TP{n} ", "TP-{n}: ", "Take Profit {n}: ", "Target {n}: ", "T{n}: ", "TP{n} @ ",
    "TP{n} = ", "🎯TP{n}: ", "✅ TP{n}: ", "TP{n} ➡️ ", "Target #{n}: ", "TP{n} - ", "Take-Profit {n} : ",
    "TP {n} @ ", "TARGET {n} : ",
])
def test_a_target_written_another_way(parser: SignalParser, label: str) -> None:
    assert _broken(lambda text: TARGET.sub(lambda m: m.group(1) + label.format(n=m.group(2)), text), parser) == []


@pytest.mark.parametrize("label", [
    "Entry: ", "Entry ", "Entry Price: ", "ENTRY = ", "Entry @ ", "Entry Zone: ", "Enter: ", "Entry ➡️ ",
    "📍Entry: ", "Entry - ", "Open: ", "Entry point: ", "EP: ", "Entry Level: ", "Entry at ", "Price: ", "Open - ",
    "Open Price - ",
])
def test_the_entry_written_another_way(parser: SignalParser, label: str) -> None:
    assert _broken(lambda text: ENTRY.sub(lambda m: m.group(1) + label, text), parser) == []


ZONE_LINE = re.compile(r"(?im)^([^\n]*(?:entry|zone|buy|sell|long|short)[^\n]*?\d)[ \t]*(?:-|–)[ \t]*(?=\d)")


@pytest.mark.parametrize("separator", [" - ", "-", " – ", "–", " / ", " to ", "~", " ~ ", " — "])
def test_an_entry_zone_joined_another_way(parser: SignalParser, separator: str) -> None:
    assert _broken(lambda text: ZONE_LINE.sub(lambda m: m.group(1) + separator, text, count=1), parser) == []


@pytest.mark.parametrize("spelling", ["{b}/{q}", "{b} {q}", "#{b}{q}", "{b}-{q}", "{b}.{q}", "#{b}/{q}", "{b} / {q}"])
def test_a_pair_spelled_another_way(parser: SignalParser, spelling: str) -> None:
    assert _broken(lambda text: PAIR.sub(lambda m: spelling.format(b=m.group(1), q=m.group(2)), text, count=1),
                   parser) == []


STOP_LINE = re.compile(r"(?im)^([^\w\n]*(?:sl|s/l|stop[ -]?loss|stoploss|stop)\s*[:=@-]?\s*\$?\d[\d.,]*)[ \t]*$")
TARGET_LINE = re.compile(r"(?im)^([^\w\n]*(?:tp|take[ -]?profit|target)\s*1?\s*[:=@-]?\s*\$?\d[\d.,]*)[ \t]*$")


@pytest.mark.parametrize("note", [
    " (-30 pips)", " ❌", " 🔴", " (1H close)", " (risk 1%)", " strict", " (-2.5%)", " USD", " ⛔️",
    " (H4 close below)",
])
def test_a_note_after_the_stop(parser: SignalParser, note: str) -> None:
    assert _broken(lambda text: STOP_LINE.sub(lambda m: m.group(1) + note, text, count=1), parser) == []


@pytest.mark.parametrize("note", [
    " (+2.5%)", " (1R)", " 💰", " USD", " (50%)", " 🚀", " (close half)", " 🎯", " (RR 1:2)", " (RR 1-1.5)"])
def test_a_note_after_the_first_target(parser: SignalParser, note: str) -> None:
    assert _broken(lambda text: TARGET_LINE.sub(lambda m: m.group(1) + note, text, count=1), parser) == []


@pytest.mark.parametrize("header", [
    "🔥 VIP SIGNAL 🔥", "📢 NEW TRADE ALERT", "Signal #245", "⚡️ Premium Signal ⚡️", "GOLD SNIPER VIP",
    "Free signal of the day", "Scalping signal (high risk)", "👇👇👇", "Hello traders!", "#signal #forex",
])
def test_a_channels_header_line(parser: SignalParser, header: str) -> None:
    assert _broken(lambda text: f"{header}\n\n{text}", parser) == []


@pytest.mark.parametrize("footer", [
    "Use proper money management.", "Risk only 1-2% per trade", "Not financial advice. DYOR.",
    "Join our VIP: t.me/vipchannel", "@GoldSignalsPro", "⚠️ Trade at your own risk", "Timeframe: H1",
    "Lot size 0.01 per $100", "Good luck 🍀", "Follow for more signals", "Risk: 2%",
    "Trading involves risk. Past performance is not indicative of future results.", "Results may vary.",
    "Join our VIP for 90% win rate signals", "Прошлые результаты не гарантируют будущих.",
    "Resultados pasados no garantizan resultados futuros", "We are not responsible for any losses",
    "This analysis does not constitute investment advice; we share it to journal our performance.",
    "Expected profit +150 pips", "Win rate of this setup 78%",
    "Use proper money management and go risk free early", "مدیریت سرمایه ی نیم درصدی ، ریسک فری و سیو سود ، رعایت شود",
])
def test_a_channels_footer_line(parser: SignalParser, footer: str) -> None:
    assert _broken(lambda text: f"{text}\n\n{footer}", parser) == []


def _under_first_line(line: str) -> Callable[[str], str]:
    def rewrite(text: str) -> str:
        first, _, rest = text.partition("\n")
        return f"{first}\n{line}\n{rest}" if rest else text
    return rewrite


@pytest.mark.parametrize("field", [
    "Lot size: 0.05", "Risk: 2% of balance", "📊 Score: 65% (RSI 85)", "Date: 2024/12/24", "Time: 14:30 GMT",
    "R:R 1:3", "Timeframe: H4", "Signal #4521",
])
def test_a_field_line_under_the_order_line(parser: SignalParser, field: str) -> None:
    """A field no level takes, between the order's line and the rest ("XAU USD SELL NOW / Lot size: 0.05 /
    4515 - 4519"): the price alone on the next line is still the order's, and prices under it its levels."""
    assert _broken(_under_first_line(field), parser) == []


@pytest.mark.parametrize("note", [" RR 1:3", " R:R 1:2.5", " (H1)", " | M15", " #12"])
def test_a_note_at_the_end_of_the_order_line(parser: SignalParser, note: str) -> None:
    """"USOIL sell now @ 80.82 RR 1:3": the ratio's R is its label, not a multiple of the price before it."""
    assert _broken(lambda text: text.replace("\n", note + "\n", 1), parser) == []
