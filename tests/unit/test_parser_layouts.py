"""Layouts that a channel's message is as likely to use as the common ones: a dash where a colon usually goes,
capitals or lower case throughout, doubled spaces, a price written without its leading zero, an identifier
that looks like a coin's hashtag.

The examples are written for these tests (not taken from the corpus): each states one rule of the reader."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.domain.signal import REVIEW_BELOW_CONFIDENCE_DEFAULT, OrderType, ParsedSignal, Side
from shared.parsing import SignalParser


@pytest.fixture
def parser() -> SignalParser:
    return SignalParser()


def _one(parser: SignalParser, content: str) -> ParsedSignal:
    found = parser.parse_all(content)
    assert isinstance(found, list) and len(found) == 1, found
    return found[0]


def _levels(signal: ParsedSignal) -> tuple[object, ...]:
    return signal.entry, signal.entry_range, signal.stop_loss, signal.take_profits


class TestNumbers:
    def test_a_price_without_its_leading_zero(self, parser: SignalParser) -> None:
        signal = _one(parser, "Sell AUDUSD now at .6526\nStop loss .6535\ntarget .6476")
        assert _levels(signal) == (Decimal("0.6526"), None, Decimal("0.6535"), (Decimal("0.6476"),))
        assert not signal.needs_review(REVIEW_BELOW_CONFIDENCE_DEFAULT)

    def test_dots_after_a_label_are_no_leading_point(self, parser: SignalParser) -> None:
        signal = _one(parser, "sell usdjpy now at 105.70\nsl..106.31\ntp..105.43")
        assert _levels(signal) == (Decimal("105.70"), None, Decimal("106.31"), (Decimal("105.43"),))

    def test_an_index_followed_by_a_colon_is_never_the_target(self, parser: SignalParser) -> None:
        # the reward multiple after "Take Profit 3:" is no price, and the 3 only numbers the target
        signal = _one(parser, "FIL/USDT LONG\nENTRY: 1.2952\nSL: 1.2201\nTake Profit 1: 1.3378\n"
                              "Take Profit 2: 1.3748\nTake Profit 3: 0.56 R:R")
        assert signal.take_profits == (Decimal("1.3378"), Decimal("1.3748"))

    def test_a_numbered_list_after_a_dash_label(self, parser: SignalParser) -> None:
        signal = _one(parser, "FTM/USDT (Long)\nEntry Targets - 1) 0.4315\nStop - 0.37\nTargets - 0.45")
        assert _levels(signal) == (Decimal("0.4315"), None, Decimal("0.37"), (Decimal("0.45"),))

    def test_a_leg_number_spaced_twice(self, parser: SignalParser) -> None:
        found = parser.parse_all("#USDCHF  Buy\nBuy1  @  0.98020  Tp  @  0.98200\nBuy  2  @0.97700    Tp  @  0.97950\n"
                                 "SL @ 0.9700")
        assert isinstance(found, list) and [s.entry for s in found] == [Decimal("0.98020"), Decimal("0.97700")]


class TestLabels:
    @pytest.mark.parametrize("label", ["Take - ", "Exit - ", "Take: "])
    def test_a_target_word_before_a_dash(self, parser: SignalParser, label: str) -> None:
        signal = _one(parser, f"DOT/USDT LONG\nВход - 4.199\n{label}4.220\nStop - 4.1")
        assert signal.take_profits == (Decimal("4.220"),)

    @pytest.mark.parametrize("content", ["Gold buy stop loss 2650 tp 2680", "XAUUSD BUY STOP-LOSS 2650 TP 2680"])
    def test_buy_then_stop_loss_is_a_market_order_and_its_stop(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert (signal.order_type, signal.entry, signal.stop_loss) == (OrderType.MARKET, None, Decimal(2650))

    def test_buy_stop_before_a_price_is_still_a_stop_order(self, parser: SignalParser) -> None:
        signal = _one(parser, "EURUSD Buy Stop 1.0850 SL 1.0800 TP 1.0900")
        assert (signal.order_type, signal.entry) == (OrderType.STOP, Decimal("1.0850"))

    def test_an_averaging_leg_in_capitals(self, parser: SignalParser) -> None:
        found = parser.parse_all("#ZETAUSDT ШОРТ\nВХОД С ТЕКУЩИХ: 0,0879\nУСРЕДНЕНИЕ: 0,0933\nСТОП: 0,0987\n"
                                 "ТЕЙК: 0,0816")
        assert isinstance(found, list) and [s.entry for s in found] == [Decimal("0.0879"), Decimal("0.0933")]


class TestSymbols:
    @pytest.mark.parametrize("content", [
        "SIGNAL ID: #B56\n$XRPUSDT - LONG\nEntry 1.14\nSL 1.129\nTP 1.1915",
        "#B56\nXRP/USDT LONG\nEntry 1.14\nSL 1.129\nTP 1.1915",
    ])
    def test_a_hashtag_before_a_written_pair_is_an_identifier(self, parser: SignalParser, content: str) -> None:
        assert _one(parser, content).symbol == "XRPUSDT"

    def test_a_hashtag_after_the_side_is_still_the_coin(self, parser: SignalParser) -> None:
        signal = _one(parser, "#MDA LONG\nBTC is strong today\nEntry 1.14\nSL 1.129\nTP 1.1915")
        assert signal.symbol == "MDAUSDT"

    def test_a_known_coin_as_a_lower_case_hashtag(self, parser: SignalParser) -> None:
        signal = _one(parser, "#link long entry 15.2 tp1 15.8 tp2 16.5 sl 14.8 lev 12x")
        assert (signal.symbol, signal.side, signal.entry) == ("LINKUSDT", Side.BUY, Decimal("15.2"))

    @pytest.mark.parametrize(("content", "symbol"), [
        ("sui long entry 1.25 tp 1.35 sl 1.15 leverage 10x", "SUIUSDT"),
        ("apt: long | entry: 7.2 | tp: 7.5 | sl: 6.9 | 15x", "APTUSDT"),
    ])
    def test_a_known_coin_in_lower_case_opening_the_order_is_held(
            self, parser: SignalParser, content: str, symbol: str) -> None:
        signal = _one(parser, content)
        assert signal.symbol == symbol
        assert "guessed_symbol" in signal.reasons and signal.needs_review(REVIEW_BELOW_CONFIDENCE_DEFAULT)

    def test_a_lower_case_word_that_is_no_coin_names_nothing(self, parser: SignalParser) -> None:
        found = parser.parse_all("moon long entry 1.25 tp 1.35 sl 1.15 leverage 10x")
        assert not isinstance(found, list), found
