"""SignalParser: input limits, what is not a signal and why, several signals in one message."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.domain.errors import ValidationError
from shared.domain.signal import NotASignal, OrderType, ParsedSignal, Side
from shared.parsing import CONTENT_MAX_CHARS, MessageTooLongError, SignalParser


class TestInput:
    def test_content_over_4096_characters_is_invalid_input(self, parser: SignalParser) -> None:
        message = "BUY EURUSD 1.0850 SL 1.0800 TP 1.0900 " + "x" * CONTENT_MAX_CHARS
        with pytest.raises(MessageTooLongError) as err:
            parser.parse(message)
        assert isinstance(err.value, ValidationError) and err.value.field == "content"

    def test_4096_characters_of_emoji_are_still_accepted(self, parser: SignalParser) -> None:
        message = "BUY EURUSD 1.0850 SL 1.0800 TP 1.0900\n"
        message += "🚀" * (CONTENT_MAX_CHARS - len(message))
        assert isinstance(parser.parse(message), ParsedSignal)

    def test_content_must_be_text(self, parser: SignalParser) -> None:
        with pytest.raises(ValidationError) as err:
            parser.parse(b"BUY EURUSD")  # type: ignore[arg-type]
        assert err.value.field == "content"

    @pytest.mark.parametrize("content", ["", "   \n ", "🚀🚀"])
    def test_empty_or_symbol_free_messages_are_not_signals(self, parser: SignalParser, content: str) -> None:
        assert isinstance(parser.parse(content), NotASignal)

    def test_lone_surrogates_do_not_crash(self, parser: SignalParser) -> None:
        assert isinstance(parser.parse("BUY EURUSD \ud800 1.0850"), ParsedSignal)


class TestNotASignal:
    @pytest.mark.parametrize(("content", "reason"), [
        ("GOLD TP2 hit!\nMove SL to TP1", "a result or trade update"),
        ("EURUSD buy +45 pips ✅", "a result or trade update"),
        ("Close half of your GBPJPY sell", "an instruction about an open trade"),
        ("Move sl to Be", "an instruction about an open trade"),
        ("TP1 4705.50", "no symbol"),
        ("Close EURUSD", "an instruction about an open trade"),
        ("XAUUSD 2350 2340 2360", "no side (buy/sell)"),
        ("Should we buy gold here?", "advice or opinion, not an order"),
        ("I think gold will go higher this week so buy the dips at 2300", "advice or opinion, not an order"),
    ])
    def test_gives_a_short_reason(self, parser: SignalParser, content: str, reason: str) -> None:
        assert parser.parse(content) == NotASignal(reason)

    def test_a_condition_inside_a_signal_is_not_management(self, parser: SignalParser) -> None:
        signal = parser.parse("BUY EURUSD 1.0850\nSL 1.0800\nTP 1.0900\nMove SL to BE once TP1 is hit")
        assert isinstance(signal, ParsedSignal) and signal.stop_loss == Decimal("1.0800")


class TestReading:
    def test_several_signals_in_one_message(self, parser: SignalParser) -> None:
        message = "EURUSD BUY 1.0850 SL 1.0800 TP 1.0900\n\nGBPUSD SELL 1.2650 SL 1.2700 TP 1.2600"
        found = parser.parse_all(message)
        assert isinstance(found, list)
        assert [(s.symbol, s.side, s.take_profits) for s in found] == [
            ("EURUSD", Side.BUY, (Decimal("1.0900"),)), ("GBPUSD", Side.SELL, (Decimal("1.2600"),))]
        assert parser.parse(message) == found[0]

    @pytest.mark.parametrize("number", ["Signal {n}: ", "{n}. ", "{n}) ", "Trade {n} - "])
    def test_the_next_orders_number_is_no_target_of_the_one_before(self, parser: SignalParser, number: str) -> None:
        message = "\n".join((f"{number.format(n=1)}DOT/USDT SELL 6.20", "SL 6.50", "TP1 6.00",
                               f"{number.format(n=2)}ARB/USDT SELL 1.200", "SL 1.275", "TP1 1.150", "TP2 1.100"))
        found = parser.parse_all(message)
        assert isinstance(found, list)
        assert [(s.symbol, s.take_profits) for s in found] == [  # before: the 2 was DOT's second target
            ("DOTUSDT", (Decimal("6.00"),)), ("ARBUSDT", (Decimal("1.150"), Decimal("1.100")))]

    def test_stop_word_before_a_price_is_a_stop_loss_and_buy_stop_an_order_type(self, parser: SignalParser) -> None:
        trap = parser.parse("SELL EURUSD 1.0850\nSTOP 1.0900")
        order = parser.parse("SELL STOP EURUSD 1.0850\nSL 1.0900")
        assert isinstance(trap, ParsedSignal) and isinstance(order, ParsedSignal)
        assert (trap.order_type, trap.stop_loss) == (OrderType.MARKET, Decimal("1.0900"))
        assert (order.order_type, order.stop_loss) == (OrderType.STOP, Decimal("1.0900"))

    def test_zone_shorthand_is_expanded(self, parser: SignalParser) -> None:
        signal = parser.parse("GOLD SELL 2345-48\nSL 2355\nTP 2335")
        assert isinstance(signal, ParsedSignal) and signal.entry_range == (Decimal(2345), Decimal(2348))

    def test_far_apart_prices_are_a_zone_kept_literally_and_held(self, parser: SignalParser) -> None:
        # a typo in one bound: read as written (the convention for wrong levels), held for a person
        signal = parser.parse("BUY EURUSD 1.0850 - 1.5000\nSL 1.0800")
        assert isinstance(signal, ParsedSignal)
        assert (signal.entry, signal.entry_range) == (None, (Decimal("1.0850"), Decimal("1.5000")))
        assert "wide_zone" in signal.reasons

    def test_prices_keep_their_written_digits(self, parser: SignalParser) -> None:
        signal = parser.parse("BUY EURUSD 1.08500\nSL 1.08000")
        assert isinstance(signal, ParsedSignal) and str(signal.entry) == "1.08500"


class TestNeverCrashes:
    @pytest.mark.parametrize("content", [
        "BUY EURUSD 1.00000000000000001 SL 1.0800",   # more digits than a JSON number carries exactly
        "BUY EURUSD 99999999999999999999",
        "BUY EURUSD 0 SL 0.0 TP 0",
        "BUY EURUSD 1.08 " + " ".join(f"TP {1.1 + i / 100:.2f}" for i in range(30)),
    ])
    def test_garbled_numbers_are_dropped_not_raised(self, parser: SignalParser, content: str) -> None:
        signal = parser.parse(content)
        assert isinstance(signal, ParsedSignal) and signal.symbol == "EURUSD"
        assert all(len(p.as_tuple().digits) <= 15 for p in signal.take_profits)
        assert len(signal.take_profits) <= 20

    def test_random_mutations_of_the_corpus_never_raise(self, parser: SignalParser) -> None:
        import json
        import random
        from pathlib import Path

        texts = [json.loads(line)["text"] for line in
                 (Path(__file__).parents[1] / "corpus" / "synthetic.jsonl").read_text(encoding="utf-8").splitlines()]
        noise = "0123456789.,-+/ \n:@#$%xTPSLBUYsell🎯🛑✅½ЛОНГ()[]?_"
        rnd = random.Random(8)
        for _ in range(3000):
            chars = list(rnd.choice(texts))
            for _ in range(rnd.randint(1, 8)):
                chars.insert(rnd.randrange(len(chars) + 1), rnd.choice(noise))
            result = parser.parse_all("".join(chars))
            assert isinstance(result, NotASignal | list)


class TestInvisibleCharacters:
    def test_marks_inside_a_symbol_and_odd_spaces_are_ignored(self, parser: SignalParser) -> None:
        signal = parser.parse("\u200f#X\u200fAUUSD\u200f\nBuy\u00a0now\nEntry\u20091900\nSL 1890\nTP1: 1910")
        assert signal == ParsedSignal(symbol="XAUUSD", side=Side.BUY, entry=Decimal(1900), stop_loss=Decimal(1890),
                                      take_profits=(Decimal(1910),))
