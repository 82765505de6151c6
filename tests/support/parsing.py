"""Reading one message in the parser's tests."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from shared.domain.signal import ParsedSignal
from shared.parsing import SignalParser


def one_signal(parser: SignalParser, content: str, quotes: Mapping[str, Decimal] | None = None) -> ParsedSignal:
    """The one signal ``content`` gives (the test fails, showing what was read, when it gives none or several)."""
    found = parser.parse_all(content, quotes=quotes)
    assert isinstance(found, list) and len(found) == 1, found
    return found[0]
