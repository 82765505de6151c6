"""Symbols, words and wording that unseen channels use: option contracts and share tips, lower-case coins and
identifiers, Russian, Italian, Korean and Chinese words, and the wording that makes an order, a follow-up or a
report.

The examples are written for these tests (not taken from the corpus): each states one rule of the reader."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.domain.signal import REVIEW_BELOW_CONFIDENCE_DEFAULT, Side
from shared.parsing import SignalParser
from tests.support.parsing import one_signal as _one


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

    def test_a_name_after_buy_now_is_a_guessed_symbol(self, parser: SignalParser) -> None:
        signal = _one(parser, "SELL NOW TATASTEEL\nSL 160\nTarget 140")
        assert signal.symbol == "TATASTEEL" and "guessed_symbol" in signal.reasons


class TestIndianOptionsAndShares:
    @pytest.mark.parametrize(("content", "symbol"), [
        ("Sell Nifty 18050 Put option (December 1 expiry) in the range of Rs 43-45 Target: Rs 21 Stop loss: Rs 56",
         "NIFTY18050PE"),
        ("BUY NIFTY 26000 STRIKE CALLS @ 56-60 SL 45 TARGET 90", "NIFTY26000CE"),
        ("Buy Nifty 25,950 CALL @ ₹85–86 | SL: ₹60 | Target: ₹120–140", "NIFTY25950CE"),
        ("BUY again Nifty next week 26200 strike calls @ cmp 125-128 sl 100 target 160", "NIFTY26200CE"),
        ("Buy 200 qtty BANKNIFTY 30500CE at 150 SL 125 Target 200", "BANKNIFTY30500CE"),
        ("Buy Bank nifty 54000 ce at 605-615\nTarget 660-680-700", "BANKNIFTY54000CE"),
    ])
    def test_a_contract_is_never_its_underlying(self, parser: SignalParser, content: str, symbol: str) -> None:
        signal = _one(parser, content)
        assert signal.symbol == symbol
        assert signal.entry is None or signal.entry < 1000  # the premium, never the strike or a quantity

    def test_the_trigger_price_written_as_a_field(self, parser: SignalParser) -> None:
        signal = _one(parser, "BUY NIFTY 25000 PE\n\nABOVE : 80\n\nSL : 60\n\nTGT : 100/120/140+")
        assert (signal.symbol, signal.entry, signal.stop_loss) == ("NIFTY25000PE", Decimal(80), Decimal(60))

    def test_a_contract_on_no_named_underlying_names_nothing(self, parser: SignalParser) -> None:
        found = parser.parse_all("BUY again 26000 strike calls @ 55-60 sl 45 target 90++")
        assert not isinstance(found, list), found

    def test_bank_nifty_in_two_words_is_the_bank_index(self, parser: SignalParser) -> None:
        signal = _one(parser, "Buy Bank Nifty future in the range of 42250-42300 Target: 42500-42600 Stop loss: 42150")
        assert (signal.symbol, signal.entry_range) == ("BANKNIFTY", (Decimal(42250), Decimal(42300)))

    def test_above_a_price_is_the_trigger_not_talk(self, parser: SignalParser) -> None:
        signal = _one(parser, "Buy Banknifty 58700 ce above 420")
        assert (signal.symbol, signal.entry) == ("BANKNIFTY58700CE", Decimal(420))
        assert not isinstance(parser.parse_all("Gold looks strong above the line, buy it"), list)


class TestWordsInMoreLanguages:
    def test_a_comma_before_three_digits_is_the_decimal_point(self, parser: SignalParser) -> None:
        assert _one(parser, "LINK LONG X 20\nВход: Рынок 7,976\nСтоп: 7,7").entry == Decimal("7.976")

    def test_the_same_number_in_english_groups_thousands(self, parser: SignalParser) -> None:
        assert _one(parser, "BTC LONG X 20\nEntry: 67,300\nSL: 66,000").entry == Decimal(67300)

    def test_take_profits_spelled_with_e_and_a_coin_label(self, parser: SignalParser) -> None:
        signal = _one(parser, "Монета: SAND SHORT Х25\n🔵Цена входа: 0.29889\n✅Тэйки: 0.29618 0.29293\n"
                              "🛑Стоп: 0.31235")
        assert (signal.symbol, signal.take_profits) == ("SANDUSDT", (Decimal("0.29618"), Decimal("0.29293")))
        assert "guessed_symbol" not in signal.reasons

    def test_italian_entry_and_no_stop(self, parser: SignalParser) -> None:
        signal = _one(parser, "NUOVO ORDINE - NZDJPYpm Sell\nEntrata: 95.102 [Lotti: 0.02]\nNessuno SL\nNessuno TP")
        assert (signal.symbol, signal.entry, signal.stop_loss) == ("NZDJPY", Decimal("95.102"), None)

    def test_korean_side_words(self, parser: SignalParser) -> None:
        signal = _one(parser, "바이낸스 매도 ETH 3500 SL 3600 TP 3400")
        assert (signal.symbol, signal.side) == ("ETHUSDT", Side.SELL)

    def test_a_price_already_past_a_target_before_the_fill_is_a_report(self, parser: SignalParser) -> None:
        found = parser.parse_all("⚡ 未進場已飛越止盈二！\n💎 OGN/USDT ▲ 做多\n📍 原掛單進場： $0.0172372\n"
                                 "🎯 止盈二： $0.0179809")
        assert not isinstance(found, list), found

    def test_a_strategies_vote_is_no_second_order(self, parser: SignalParser) -> None:
        found = parser.parse_all("GÜÇLÜ ALIM FIRSATI\nSembol: BTCUSDT\nFiyat: $50000.00\n"
                                 "Strateji: 14/16 strateji BUY\n1. MA Crossover (95%)")
        assert isinstance(found, list) and [s.entry for s in found] == [Decimal(50000)], found


class TestOrdersAndReports:
    def test_a_heading_about_your_trade_gives_no_order(self, parser: SignalParser) -> None:
        found = parser.parse_all("Your Trade Breakdown (Sell Position)\nGOLD\nEntry 2350\nSL 2360\nTP 2340")
        assert not isinstance(found, list), found

    def test_a_symbol_heading_with_its_side_in_brackets_is_an_order(self, parser: SignalParser) -> None:
        assert _one(parser, "XAUUSD (Sell)\nEntry 2350\nSL 2360\nTP 2340").side is Side.SELL

    def test_an_order_after_a_close_is_read_and_held(self, parser: SignalParser) -> None:
        signal = _one(parser, "Close GOLD BUY 4324\nGOLD SELL NOW\n4322-4325\nSL 4330\nTP 4315")
        assert (signal.side, signal.entry_range) == (Side.SELL, (Decimal(4322), Decimal(4325)))
        assert "management_wording" in signal.reasons and signal.needs_review(REVIEW_BELOW_CONFIDENCE_DEFAULT)

    def test_a_symbol_named_only_in_the_instruction_orders_nothing(self, parser: SignalParser) -> None:
        found = parser.parse_all("EURUSD close half\nBuy GBPUSD 1.2650 SL 1.2600")
        assert not isinstance(found, list) or all(s.symbol != "EURUSD" for s in found), found

    def test_a_result_line_refuses_the_message_whatever_follows(self, parser: SignalParser) -> None:
        found = parser.parse_all("EURUSD closed +30 pips\nClose the rest\nSell GBPUSD 1.2650 SL 1.2700")
        assert not isinstance(found, list), found

    @pytest.mark.parametrize(("content", "side"), [
        ("Open long ETH\nEntry 3500\nSL 3400\nTP 3700 binance futures", Side.BUY),
        ("OPEN GOLD SELLS NOW BABY!\nSL 2360\nTP 2340", Side.SELL),
    ])
    def test_open_before_the_side_orders_a_trade(self, parser: SignalParser, content: str, side: Side) -> None:
        assert _one(parser, content).side is side

    def test_the_open_trade_named_after_an_article_is_a_follow_up(self, parser: SignalParser) -> None:
        assert not isinstance(parser.parse_all("Hold the open long on gold, SL 2340"), list)

    def test_a_side_word_before_a_share_is_no_side(self, parser: SignalParser) -> None:
        found = parser.parse_all("💎 #QNT | Binance\n📍 الدخول: 63.50 – 61.00\n🎯 الأهداف:\n1️⃣ 69.85 | +10.0% | بيع 20%")
        assert not isinstance(found, list) or all(s.side is not Side.SELL for s in found), found

    def test_an_accuracy_field_in_a_signal_is_no_report(self, parser: SignalParser) -> None:
        signal = _one(parser, "🟢 Currency Pair: GBP/USD\n📈 Direction: BUY\n🎯 Accuracy: 96.5%\nEntry: 1.2456")
        assert (signal.symbol, signal.entry) == ("GBPUSD", Decimal("1.2456"))
        assert not isinstance(parser.parse_all("Signals accuracy 92% this week, GBPUSD buy 1.2456 hit TP"), list)
