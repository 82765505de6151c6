"""A channel's own RE2 pattern: named groups to a ParsedSignal, and the bounded cache of compiled patterns."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.domain.errors import ValidationError
from shared.domain.signal import NotASignal, OrderType, ParsedSignal, Side
from shared.parsing import SignalParser
from shared.parsing.pattern import PatternCache

FULL = (r"(?i)(?P<side>buy|sell)\s+(?P<order_type>limit|stop)?\s*(?P<symbol>[a-z/]{6,7})\s+@?\s*(?P<entry>[\d.]+)"
        r"\s+sl\s+(?P<sl>[\d.]+)(?:\s+tp1\s+(?P<tp1>[\d.]+))?(?:\s+tp2\s+(?P<tp2>[\d.]+))?")


@pytest.fixture
def parser() -> SignalParser:
    return SignalParser()


class TestPatternParse:
    def test_named_groups_become_a_normalised_signal(self, parser: SignalParser) -> None:
        signal = parser.parse("sell limit eur/usd @ 1.0950 sl 1.1000 tp1 1.0900 tp2 1.0850", pattern=FULL,
                              channel_key="ch1")
        assert signal == ParsedSignal(symbol="EURUSD", side=Side.SELL, order_type=OrderType.LIMIT,
                                      entry=Decimal("1.0950"), stop_loss=Decimal("1.1000"),
                                      take_profits=(Decimal("1.0900"), Decimal("1.0850")))

    def test_numbered_targets_are_ordered_by_number_not_by_position(self, parser: SignalParser) -> None:
        pattern = r"(?P<symbol>\w+) (?P<side>\w+) T2=(?P<tp2>[\d.]+) T1=(?P<tp1>[\d.]+) T10=(?P<tp10>[\d.]+)"
        signal = parser.parse("XAUUSD LONG T2=2360 T1=2350 T10=2400", pattern=pattern)
        assert isinstance(signal, ParsedSignal)
        assert signal.side is Side.BUY and signal.take_profits == (Decimal(2350), Decimal(2360), Decimal(2400))

    def test_one_tp_group_may_hold_a_list_and_an_alias_symbol_is_mapped(self, parser: SignalParser) -> None:
        pattern = r"(?P<symbol>Gold) (?P<side>bearish) zone (?P<entry_low>\d+)-(?P<entry_high>\d+) tp (?P<tp>.*)"
        signal = parser.parse("Gold bearish zone 2350-2345 tp 2340 / 2330, 2320", pattern=pattern)
        assert isinstance(signal, ParsedSignal)
        assert (signal.symbol, signal.side, signal.entry_range) == ("XAUUSD", Side.SELL, (Decimal(2345), Decimal(2350)))
        assert signal.take_profits == (Decimal(2340), Decimal(2330), Decimal(2320))
        assert signal.order_type is OrderType.MARKET and signal.stop_loss is None

    def test_an_entry_group_holding_two_prices_is_a_zone(self, parser: SignalParser) -> None:
        signal = parser.parse("SELL XAUUSD 2345-2348", pattern=r"(?P<side>\w+) (?P<symbol>\w+) (?P<entry>[\d.-]+)")
        assert isinstance(signal, ParsedSignal)
        assert (signal.entry, signal.entry_range) == (None, (Decimal(2345), Decimal(2348)))

    @pytest.mark.parametrize(("content", "reason"), [
        ("hello world", "the channel pattern does not match"),
        ("hold EURUSD 1.0850 sl 1.0800", "no side (buy/sell)"),
    ])
    def test_messages_the_pattern_cannot_read_are_not_signals(self, parser: SignalParser, content: str,
                                                              reason: str) -> None:
        pattern = r"(?i)(?P<side>\w+) (?P<symbol>\w+) (?P<entry>[\d.]+) sl (?P<sl>[\d.]+)"
        assert parser.parse(content, pattern=pattern) == NotASignal(reason)

    def test_an_unreadable_price_is_not_half_read(self, parser: SignalParser) -> None:
        pattern = r"(?P<side>BUY) (?P<symbol>\w+) (?P<entry>\S+) SL (?P<sl>\S+)"
        assert parser.parse("BUY EURUSD now SL 1.0800", pattern=pattern) == NotASignal("unreadable entry")

    def test_a_pattern_rejected_by_validation_raises(self, parser: SignalParser) -> None:
        with pytest.raises(ValidationError) as err:
            parser.parse("BUY EURUSD", pattern=r"(?P<symbol>\w+)(?=x)")
        assert err.value.field == "regex_pattern"

    def test_the_pattern_wins_over_the_builtin_parser(self, parser: SignalParser) -> None:
        text = "BUY EURUSD 1.0850 SL 1.0800"
        assert isinstance(parser.parse(text), ParsedSignal)
        assert isinstance(parser.parse(text, pattern=r"(?P<side>SELL) (?P<symbol>\w+)"), NotASignal)


class TestPatternCache:
    PATTERN = r"(?P<symbol>\w+) (?P<side>\w+)"

    def test_keeps_one_entry_per_channel_and_pattern(self) -> None:
        cache = PatternCache(maxsize=4)
        first = cache.get("ch1", self.PATTERN)
        assert cache.get("ch1", self.PATTERN) is first
        cache.get("ch2", self.PATTERN)
        cache.get("ch1", self.PATTERN + " ")
        assert len(cache) == 3 and ("ch2", self.PATTERN) in cache

    def test_evicts_the_least_recently_used_beyond_its_bound(self) -> None:
        cache = PatternCache(maxsize=2)
        cache.get("a", self.PATTERN)
        cache.get("b", self.PATTERN)
        cache.get("a", self.PATTERN)  # a is now the most recent
        cache.get("c", self.PATTERN)  # so b goes
        assert ("a", self.PATTERN) in cache and ("c", self.PATTERN) in cache
        assert ("b", self.PATTERN) not in cache and len(cache) == 2

    def test_an_invalid_pattern_is_not_cached(self) -> None:
        cache = PatternCache(maxsize=2)
        with pytest.raises(ValidationError):
            cache.get("a", r"(?P<symbol>\w+)")  # no side group
        assert len(cache) == 0
