"""Layout rewrites of exactly read signals: the same message as other channels lay it out.

A rewrite changes only how the message is laid out (markup, line ends, spaces, a bullet before every line, a
channel's title above it, capitals), never what it says, so a signal read exactly must stay read exactly.
``tests/unit/test_parser_layout_rewrites.py`` asserts it for the rewrites the parser reads in full (on a sample of
the tuned split); ``python -m bench.parsing`` prints, for every rewrite, how many of the tuned split's exactly read
signals it breaks, those the parser does not yet read in full among them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_SIDE_WORD = re.compile(r"\b(buy|sell|long|short)\b", re.IGNORECASE)
_MARKDOWN_V2_SPECIAL = re.compile(r"([_*\[\]()~`>#+\-=|{}.!])")
_LONE_NUMBER = re.compile(r"(?<=[\s:@$])(\d+(?:[.,]\d+)*)(?=\s|$)")  # a price standing alone, not "TP1" or "73k"


def _lines(text: str, fn: Callable[[str], str]) -> str:
    return "\n".join(fn(line) if line.strip() else line for line in text.split("\n"))


def _without_symbols(text: str) -> str:
    return "".join(char for char in text if unicodedata.category(char) != "So" and char not in "\ufe0f\u200d")


# Read in full: asserted by the unit test.
ASSERTED: dict[str, Callable[[str], str]] = {
    "bold lines": lambda text: _lines(text, lambda line: f"**{line}**"),
    "html bold lines": lambda text: _lines(text, lambda line: f"<b>{line}</b>"),
    "CRLF line ends": lambda text: text.replace("\n", "\r\n"),
    "no-break spaces": lambda text: text.replace(" ", "\xa0"),
    "trailing spaces": lambda text: text.replace("\n", "  \n"),
    "a space opening every line": lambda text: _lines(text, lambda line: " " + line),
    "zero-width space before line ends": lambda text: text.replace("\n", "\u200b\n"),
    "full-width colons": lambda text: text.replace(":", "："),
    "side words in title case": lambda text: _SIDE_WORD.sub(lambda m: m.group(1).title(), text),
    "side words in capitals": lambda text: _SIDE_WORD.sub(lambda m: m.group(1).upper(), text),
    "a disclaimer under it": lambda text: text + "\n\n⚠️ Not financial advice. Use 1-2% risk per trade.",
    "a channel link under it": lambda text: text + "\nJoin VIP: t.me/goldvip2024",
    "spaces doubled": lambda text: text.replace(" ", "  "),
    "escaped for MarkdownV2": lambda text: _MARKDOWN_V2_SPECIAL.sub(r"\\\1", text),  # (a bot's text, unrendered)
    "line breaks written as \\n": lambda text: text.replace("\n", "\\n"),  # (a log's or a JSON string's copy)
    "html line breaks": lambda text: text.replace("\n", "<br>"),
    "prices in bold": lambda text: _LONE_NUMBER.sub(r"**\1**", text),
    "prices in code marks": lambda text: _LONE_NUMBER.sub(r"`\1`", text),
}

# Measured only (bench): rewrites some messages do not survive yet, or whose meaning may change with the layout.
MEASURED: dict[str, Callable[[str], str]] = {
    **ASSERTED,
    "a bullet opening every line": lambda text: _lines(text, lambda line: "📍 " + line),
    "a gold channel's title above it": lambda text: "🔥 GOLD SNIPER VIP 🔥\n" + text,
    "a post number above it": lambda text: "📢 Signal #4521\n" + text,
    "lines joined by bars": lambda text: " | ".join(line for line in text.split("\n") if line.strip()),
    "blank lines doubled": lambda text: text.replace("\n", "\n\n"),
    "no emoji": _without_symbols,
    "all in capitals": str.upper,
    "all on one line": lambda text: " ".join(line for line in text.split("\n") if line.strip()),
    "every line numbered": lambda text: "\n".join(f"{n}. {line}" if line.strip() else line
                                                   for n, line in enumerate(text.split("\n"), start=1)),
}
