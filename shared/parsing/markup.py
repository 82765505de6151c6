"""Telegram's own markup left in a message's text, read the same way by the signal and the follow-up readers."""

from __future__ import annotations

import re2

# MarkdownV2 escapes these with a backslash ("Entry: 2350\.50", "BUY \- GOLD", "Move SL to 2350\.50") in what a bot
# sends; a message copied before Telegram renders it keeps them, and "2350\.50" was read as 2350
_MARKDOWN_ESCAPE = re2.compile(r"\\([_*\[\]()~`>#+\-=|{}.!])")


def unescape_markdown(text: str) -> str:
    """``text`` without MarkdownV2's escaping backslashes; a backslash before anything else stays."""
    return str(_MARKDOWN_ESCAPE.sub(r"\1", text)) if "\\" in text else text
