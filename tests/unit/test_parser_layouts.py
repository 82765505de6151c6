"""Layouts that a channel's message is as likely to use as the common ones: a dash where a colon usually goes,
doubled spaces, a price written without its leading zero, numbered stops and quantities, tables and exit prices,
and typos or missing stops, kept literally and held.

The examples are written for these tests (not taken from the corpus): each states one rule of the reader."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.domain.signal import REVIEW_BELOW_CONFIDENCE_DEFAULT, NotASignal, OrderType, ParsedSignal, Side
from shared.parsing import SignalParser
from tests.support.parsing import one_signal as _one


def _levels(signal: ParsedSignal) -> tuple[object, ...]:
    return signal.entry, signal.entry_range, signal.stop_loss, signal.take_profits


class TestNumbers:
    def test_decimal_commas_followed_by_a_sentences_punctuation(self, parser: SignalParser) -> None:
        # (the target read as two, 97 and 27: the commas before were not counted as decimal ones)
        signal = _one(parser, "NZD/JPY BOS Trade - Buy @ 95,64, SL 95,09, TARGET 97,27. Chris")
        assert (signal.entry, signal.stop_loss, signal.take_profits) == (
            Decimal("95.64"), Decimal("95.09"), (Decimal("97.27"),))

    def test_both_bounds_of_a_zone_written_with_a_decimal_comma(self, parser: SignalParser) -> None:
        # (the zone was 2.085 to 2135: its second bound, after the hyphen, read in thousands)
        signal = _one(parser, "GRASS/USDT short\nEntry  2,085 -2,135\nSl 2,2148\nTp 1,9524-1,8161-1,5982")
        assert signal.entry_range == (Decimal("2.085"), Decimal("2.135"))

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

    @pytest.mark.parametrize("content", [
        "SELL XAUUSD\nEntry: 2655 - 2657\nStop Loss 1: 2662\nStop Loss 2: 2664\nTake Profit 1: 2648",
        "SELL XAUUSD 2655 - 2657\nSL1: 2662\nTP1: 2648",
    ])
    def test_a_numbered_stop(self, parser: SignalParser, content: str) -> None:
        assert _one(parser, content).stop_loss == Decimal(2662)

    def test_a_zone_bound_rolls_over_the_hundred(self, parser: SignalParser) -> None:
        assert _one(parser, "SELL GOLD 4198-02\nSL 4215").entry_range == (Decimal(4198), Decimal(4202))

    @pytest.mark.parametrize(("content", "targets"), [
        ("GOLD SELL : 4128/33\nSL : 4140\nTP : 4115/10/5", ("4115", "4110", "4105")),
        ("GOLD BUY 4100\nSL 4090\nTP 4105/10/5", ("4105", "4110", "4115")),
        ("EURUSD SELL 1.0900\nSL 1.0950\nTP 1.0870/50/60", ("1.0870", "1.0850", "1.0860")),  # a typo, held
        ("XAUUSD BUY 2350\nSL 2340\nTP 55/60/70", ("2355", "2360", "2370")),  # every target the entry's last digits
        ("XAUUSD SELL 2350\nSL 60\nTP 40 - 30 - 20", ("2340", "2330", "2320")),
    ])
    def test_shorthand_targets_keep_the_lists_way(self, parser: SignalParser, content: str,
                                                   targets: tuple[str, ...]) -> None:
        assert _one(parser, content).take_profits == tuple(Decimal(t) for t in targets)

    def test_a_chinese_quantity_is_no_price(self, parser: SignalParser) -> None:
        assert _one(parser, "做多 SOLUSDT 数量 1 入场 140 止损 132 止盈 155").entry == Decimal(140)

    def test_a_price_in_thousands_at_the_messages_end_reads_inside_the_text(
            self, parser: SignalParser, capfd: pytest.CaptureFixture[str]) -> None:
        signal = _one(parser, "BTC buy\nEntry 94k-95,5k")
        assert signal.entry_range == (Decimal(94000), Decimal(95500))
        assert "invalid startpos" not in capfd.readouterr().err  # RE2 complains of a search past the text's end

    @pytest.mark.parametrize(("content", "levels"), [
        ("BTC/USDT LONG\nEntry: 64 250.5\nSL: 63 100\nTP1: 65 400\nTP2: 66 800.5",
         ("64250.5", "63100", "65400", "66800.5")),
        ("SELL XAUUSD @ 4 350.5\nStop loss 4 362\nTarget 1 4 340\nTarget 2 4 325.5",
         ("4350.5", "4362", "4340", "4325.5")),
        ("US30 BUY\nEntry: 42 150\nSL: 42 050\nTP1: 42 300\nTP2: 42 450", ("42150", "42050", "42300", "42450")),
        # the cents after a decimal comma, the Russian and French way (the entry was read as 65, and held)
        ("BTCUSDT LONG вход 65 432,5 стоп 63 500,0 тейк 68 000", ("65432.5", "63500.0", "68000")),
        ("XAUUSD ACHAT 2 350,50\nSL 2 340,00\nTP1: 2 360,00", ("2350.50", "2340.00", "2360.00")),
    ])
    def test_thousands_parted_by_a_space_where_the_market_says_so(
            self, parser: SignalParser, content: str, levels: tuple[str, ...]) -> None:
        signal = _one(parser, content)
        entry, stop, *targets = map(Decimal, levels)
        assert (signal.entry, signal.stop_loss, signal.take_profits) == (entry, stop, tuple(targets))
        assert not signal.needs_review()

    @pytest.mark.parametrize("content", [
        "JE VENDS BTCUSD\nZone d’entrée : 62 700 - 62 650\nSL : 63 700\nTP1 : 62 500 - 62 000",
        "Продажа BTC/USDT\nВход: 62 650-62 700\nСтоп: 63 700\nТейк: 62 500, 62 000",
        "SELL BTCUSD\nEntry: 62 700 / 62 650\nSL: 63 700\nTP: 62 500 / 62 000",
    ])
    def test_a_zone_and_a_list_in_thousands_parted_by_a_space(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert (signal.entry_range, signal.stop_loss, signal.take_profits) == (
            (Decimal(62650), Decimal(62700)), Decimal(63700), (Decimal(62500), Decimal(62000)))

    def test_points_grouping_thousands_and_a_comma_before_the_cents(self, parser: SignalParser) -> None:
        signal = _one(parser, "XAUUSD COMPRA\nEntrada: 2.350,50\nSL: 2.340,00\nTP: 2.360,00")
        assert (signal.entry, signal.stop_loss, signal.take_profits) == (
            Decimal("2350.50"), Decimal("2340.00"), (Decimal("2360.00"),))
        # (a list of prices joined by a comma stays a list)
        assert _one(parser, "SOLUSDT LONG\nEntry: 0.550,0.560\nSL 0.500\nTP 0.600").entry_range == (
            Decimal("0.550"), Decimal("0.560"))

    def test_thousands_of_zeros_after_a_space_and_a_targets_word(self, parser: SignalParser) -> None:
        signal = _one(parser, "Шорт BTC от 65 000\nстоп 66 000\nцель 63 000")
        assert (signal.entry, signal.stop_loss, signal.take_profits) == (
            Decimal(65000), Decimal(66000), (Decimal(63000),))

    def test_a_space_in_an_altcoins_price_stays_unreadable(self, parser: SignalParser) -> None:
        signal = _one(parser, "#ABC/USDT LONG\nEntry: 1 250\nSL: 1 100\nTP1: 1 400")
        assert signal.needs_review()  # no typical price to say "1 250" is 1250

    def test_open_at_opening_a_line_is_the_entry(self, parser: SignalParser) -> None:
        assert _one(parser, "XAUUSD BUY\nOpen at 2350\nSL 2340\nTP1 2360").entry == Decimal(2350)

    def test_a_quantity_field_is_no_price(self, parser: SignalParser) -> None:
        assert _one(parser, "BUY TCS qty 10 @ 3500").entry == Decimal(3500)


class TestLabels:
    @pytest.mark.parametrize("content", [
        "1. 🔥 #SSV/USDT (Long📈, x20) 🔥\n2. Entry - 44.08\n3. Take-Profit:\n4. 🥉 44.9796\n5. 🥈 45.4433\n6. SL 43.1",
        "1. #SSV/USDT LONG\n2. • Entry Zone: 44.08\n3. • TP: 44.9796, 45.4433\n4. • SL: 43.1\n5. --Trade by Grace",
    ])
    def test_a_lines_number_before_its_words_is_no_price(self, parser: SignalParser, content: str) -> None:
        # (the line numbers before a bullet were read as targets and as the entry)
        signal = _one(parser, content)
        assert (signal.entry, signal.stop_loss, signal.take_profits) == (
            Decimal("44.08"), Decimal("43.1"), (Decimal("44.9796"), Decimal("45.4433")))
        # a list's number before a dollar price stays, for a ticked target's result to be read as one
        ticked = "#ETH/USDT SHORT\nEntry Zone:\n$2460- $2478\nTargets:\n1) $2430 - 20%✅\n2) $2409- 20%✅\nSL $2630"
        assert isinstance(parser.parse_all(ticked), NotASignal)

    @pytest.mark.parametrize("content", [
        "XAUUSD BUY 89.75\nTP: 1 89.36\nTP: 2 89.10\nSL 89.87",  # (held before: the numbers read as targets)
        "XAUUSD BUY 89.75\nTarget: 1 → 89.36\nTarget: 2 → 89.10\nSL 89.87",
        "XAUUSD BUY 89.75\nTarget: 1: 89.36\nTarget: 2: 89.10\nSL 89.87",  # (traded before with no target)
    ])
    def test_a_targets_number_after_its_labels_colon(self, parser: SignalParser, content: str) -> None:
        assert _one(parser, content.replace("BUY", "SELL")).take_profits == (Decimal("89.36"), Decimal("89.10"))

    @pytest.mark.parametrize(("content", "targets"), [
        ("XRPUSDT LONG 0.9\nTP: 1 1.5 2\nSL 0.8", ("1", "1.5", "2")),  # a first target of the list's own size
        ("SOL/USDT LONG\nEntry: 2.5\nTarget: 1:3\nSL 2.3", ()),  # a risk to reward
    ])
    def test_a_small_first_number_of_the_lists_size_stays_a_target(self, parser: SignalParser, content: str,
                                                                    targets: tuple[str, ...]) -> None:
        assert _one(parser, content).take_profits == tuple(Decimal(t) for t in targets)

    @pytest.mark.parametrize("content", ["XAUUSD SELL🛑4405$-4415$\nTP1 4400$\nSL 4420$",  # (the stop at 4405)
                                         "XAUUSD SELL\nENTRY 4415$+4405$\nTP1 4400$\nSL 4420$",  # (4415 only)
                                         "XAUUSD SELL\nENTRY $4415+$4405\nTP1 $4400\nSL_$4420",  # (no stop)
                                         "XAUUSD SELL $4415+ $4405\nTP1 $4400\nSL $4420"])
    def test_a_zone_of_prices_each_with_its_dollar_sign(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert (signal.entry_range, signal.stop_loss) == ((Decimal(4405), Decimal(4415)), Decimal(4420))

    @pytest.mark.parametrize("joint", [",", " &"])
    def test_orders_parted_by_commas_after_their_dollar_prices(self, parser: SignalParser, joint: str) -> None:
        # (the second order was lost: the dollar sign hid the clause's end; "&" ends it too)
        found = parser.parse_all(f"BTC/USDT BUY 45000${joint} ETH/USDT SELL 3000$")
        assert not isinstance(found, NotASignal)
        assert [(s.symbol, s.side, s.entry) for s in found] == [("BTCUSDT", Side.BUY, Decimal(45000)),
                                                                 ("ETHUSDT", Side.SELL, Decimal(3000))]

    @pytest.mark.parametrize("content", ["Long AVAXUSDT @ 32.5 (SL 30, TP 36)", "AVAXUSDT LONG 32.5 (SL 30 / TP 36)"])
    def test_a_target_closing_a_bracket_is_no_index(self, parser: SignalParser, content: str) -> None:
        # (its ")" read as an index's mark, as in "TP 1) 2360": the target was lost, the trade placed without it)
        assert _one(parser, content).take_profits == (Decimal(36),)

    @pytest.mark.parametrize("content", [
        "XAUUSD BUY 2350\nSL/TP: 2340/2360",  # (held before: the stop unread, the stop read as a target)
        "XAUUSD BUY @2350 TP/SL 2360/2340",
        "XAUUSD BUY\nEntry/SL/TP: 2350/2340/2360",
    ])
    def test_labels_joined_as_their_prices_are(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert (signal.entry, signal.stop_loss, signal.take_profits, signal.reasons) == (
            Decimal(2350), Decimal(2340), (Decimal(2360),), ())
        # two labels and three prices say nothing of which is which: held, as before
        assert _one(parser, "XAUUSD BUY 2350\nSL/TP: 2340/2360/2370").needs_review()

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

    def test_a_risk_price_is_the_stop(self, parser: SignalParser) -> None:
        signal = _one(parser, "GOLD SELL NOW\nZone:4427.5 - 4431.5\nTP 1: 4423.5\nRisk Price: 4435.5")
        assert signal.stop_loss == Decimal("4435.5")

    def test_a_bots_open_rate_is_the_entry(self, parser: SignalParser) -> None:
        signal = _one(parser, "Binance: New Trade (#3)\nPair: ALPACA/USDT\nDirection: Long\nOpen Rate: 0.06217")
        assert (signal.symbol, signal.entry) == ("ALPACAUSDT", Decimal("0.06217"))

    def test_another_fields_value_ends_the_targets(self, parser: SignalParser) -> None:
        signal = _one(parser, "#CRVUSDT\n📉 Short Entry Zone: 0.356-0.401\nTarget 1:  0.332\nTarget 2:  0.308\n"
                              "🧲Trend-Line: 0.401\nStop-Loss: 0.428")
        assert (signal.stop_loss, signal.take_profits) == (Decimal("0.428"), (Decimal("0.332"), Decimal("0.308")))

    def test_a_target_mark_before_another_field_opens_no_target(self, parser: SignalParser) -> None:
        signal = _one(parser, "🟢 LONG ENTRY\nAtivo: BTCUSDT\nPreço Entrada: $93,161.00\n🎯 Qualidade: PREMIUM\n"
                              "ID: BTCUSDT_15_1737301200\n🎯 TP1: 94,000")
        assert (signal.entry, signal.take_profits) == (Decimal(93161), (Decimal(94000),))

    def test_closes_at_prices_under_a_target_label_are_targets(self, parser: SignalParser) -> None:
        signal = _one(parser, "#SIGNAL (BTCUSD)\nOpen SHORT for the price between 44150$ - 45600$\n🉐 Targets:\n"
                              "1️⃣ Close the order at the price $43600\n2️⃣ Close the order at the price $43100\n"
                              "❗️STOP LOSS: $46250")
        assert signal.take_profits == (Decimal(43600), Decimal(43100))


class TestTablesAndExitPrices:
    def test_a_pair_label_run_into_its_value(self, parser: SignalParser) -> None:
        signal = _one(parser, "PairETH/USDT\nDirectionSHORT\nEntry$3,240\nStop-Loss$3,305 (+2.0%)\nTake-Profit$3,111")
        assert (signal.symbol, signal.side, signal.entry) == ("ETHUSDT", Side.SELL, Decimal(3240))

    def test_a_sell_price_after_a_buy_price_is_the_target(self, parser: SignalParser) -> None:
        found = parser.parse_all("💱 Buy #LRC/BTC\n❇️ Buy Price: 0.00002361\n☑️ Sell Price: 0.00002408 +2.00%\n\n"
                                 "BINANCE\n#BTC_LRC\nLONG")
        assert isinstance(found, list) and len(found) == 1, found  # the order restated at the end adds nothing
        assert (found[0].entry, found[0].take_profits) == (Decimal("0.00002361"), (Decimal("0.00002408"),))

    @pytest.mark.parametrize(("content", "zone", "targets"), [
        ("XAUUSD LONG\nBuy Levels: 2345 - 2350\nSell Levels: 2365, 2380\nSL 2335", (2345, 2350), (2365, 2380)),
        ("XAUUSD SHORT\nSell levels: 2365 - 2370\nBuy levels: 2340, 2330\nSL 2380", (2365, 2370), (2340, 2330))])
    def test_the_orders_own_sides_levels_are_its_entries(self, parser: SignalParser, content: str,
                                                          zone: tuple[int, int], targets: tuple[int, ...]) -> None:
        # ("Buy Levels" under a long was read as targets: traded with no entry and its entries as targets)
        signal = _one(parser, content)
        assert (signal.entry_range, signal.take_profits) == (tuple(map(Decimal, zone)), tuple(map(Decimal, targets)))
        assert not signal.needs_review()

    def test_the_orders_targets_restated_in_its_commentary_add_no_order(self, parser: SignalParser) -> None:
        found = parser.parse_all("Buy Crude Oil Sep @ 6250, for the Targets of 6700 - 7000, with SL @ 5990\n\n"
                                 "Buy Crude Oil for the Targets of 6700 - 7000")
        assert isinstance(found, list) and len(found) == 1, found
        assert (found[0].entry, found[0].stop_loss) == (Decimal(6250), Decimal(5990))

    def test_other_targets_of_the_same_market_stay_an_order_of_their_own(self, parser: SignalParser) -> None:
        found = parser.parse_all("Buy Crude Oil Sep @ 6250, for the Targets of 6700 - 7000, with SL @ 5990\n\n"
                                 "Buy Crude Oil for the Targets of 7400 - 7600")
        assert isinstance(found, list) and len(found) == 2, found

    def test_sell_prices_on_the_line_after_their_word(self, parser: SignalParser) -> None:
        signal = _one(parser, "#BZRX/USDT\n#LONG\nBUY LIMIT: 3000\n\nSELL:\n3012 - 3024 - 3036\n\nSTOP LOSS: 2850")
        assert (signal.entry, signal.take_profits) == (Decimal(3000), (Decimal(3012), Decimal(3024), Decimal(3036)))

    def test_a_volume_is_no_target(self, parser: SignalParser) -> None:
        assert _one(parser, "SELL EURUSD 1.0850 SL:1.0870 TP:1.0800 VOL:2.0").take_profits == (Decimal("1.0800"),)

    def test_a_dot_for_a_colon_after_a_target_index(self, parser: SignalParser) -> None:
        signal = _one(parser, "XAUUSD Sell 4420/4425\nTP1: 4416\nTP 2:4412\nTP 3.4408\nStop Loss 4434")
        assert signal.take_profits == (Decimal(4416), Decimal(4412), Decimal(4408))

    def test_a_shorthand_never_lands_in_a_prices_zero_padding(self, parser: SignalParser) -> None:
        signal = _one(parser, "SHORT ICXUSDT\nEntry: 0.96500000 - 1\nTarget 1: 0.90820000\nStop Loss: 1.05380000")
        assert signal.entry_range == (Decimal("0.965"), Decimal(1))


class TestTyposAndMissingStops:
    @pytest.mark.parametrize(("content", "zone"), [
        ("BuyUs30\n43770 - 437740\nTP 43800\nSL 43710", (Decimal(43770), Decimal(437740))),
        ("PORT3/USDT LONG 20x\nТвх: 0.03096-0.3100\nПо целям: 0.03173\nСтоп: 0.02856",
         (Decimal("0.03096"), Decimal("0.3100"))),
    ])
    def test_a_zone_with_a_typo_in_one_bound_is_kept_literally_and_held(
            self, parser: SignalParser, content: str, zone: tuple[Decimal, Decimal]) -> None:
        signal = _one(parser, content)
        assert (signal.entry, signal.entry_range) == (None, zone)
        assert "wide_zone" in signal.reasons and signal.needs_review(REVIEW_BELOW_CONFIDENCE_DEFAULT)

    def test_a_price_beside_a_short_number_is_no_wide_zone(self, parser: SignalParser) -> None:
        signal = _one(parser, "GOLD BUY 2350 - 2\nSL 2340\nTP 2360")
        assert "wide_zone" not in signal.reasons

    @pytest.mark.parametrize(("content", "last"), [
        ("DOGE/USDT\nLong\nTP 0.2035/0.2124/2290\nSL 0.19", Decimal(2290)),
        ("BTC LIMIT LONG 58950\nSL 58600\nTP 59300-59600-603500", Decimal(603500)),
    ])
    def test_a_target_with_a_typo_in_a_joined_list_is_kept_and_held(
            self, parser: SignalParser, content: str, last: Decimal) -> None:
        signal = _one(parser, content)
        assert signal.take_profits[-1] == last
        assert "tp_out_of_scale" in signal.reasons and signal.needs_review(REVIEW_BELOW_CONFIDENCE_DEFAULT)

    def test_an_unreadable_stop_holds_the_order(self, parser: SignalParser) -> None:
        signal = _one(parser, "Sell Gbpnzd at cmp 1.7610\nTp1 1.7517\nSl 1 7786")
        assert signal.stop_loss is None and "sl_unreadable" in signal.reasons
        assert signal.needs_review(REVIEW_BELOW_CONFIDENCE_DEFAULT)

    @pytest.mark.parametrize("content", ["Gold Buy Now @4016\n\nS:4004\n\nTp-4021\nTp-4026",
                                         "BUY XAUUSD 2345=2350\nSL 2335\nTP 2360"])
    def test_a_price_no_level_took_holds_the_order(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert "level_unlabelled" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize("stop", ["SL 2335 or 2330", "SL 2335-2330", "SL 2335, 2330"])
    def test_two_stops_after_one_label_hold_the_order(self, parser: SignalParser, stop: str) -> None:
        signal = _one(parser, f"BUY XAUUSD 2350\n{stop}\nTP 2360")
        assert "stops_differ" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize("stop", ["SL 30 pips (2335)", "SL 15$ (2335)", "SL 35 (2335)"])
    def test_a_stop_written_as_a_distance_then_as_a_price(self, parser: SignalParser, stop: str) -> None:
        signal = _one(parser, f"BUY XAUUSD 2350\n{stop}\nTP 2360")
        assert signal.stop_loss == Decimal(2335) and not signal.needs_review()

    @pytest.mark.parametrize("joint", [" upto ", " up to ", "<>", " ➖ ", "...", "…"])
    def test_more_ways_to_join_a_zone(self, parser: SignalParser, joint: str) -> None:
        signal = _one(parser, f"BUY XAUUSD 2345{joint}2350\nSL 2335\nTP 2360")
        assert signal.entry_range == (Decimal(2345), Decimal(2350)) and not signal.needs_review()

    @pytest.mark.parametrize("stop", ["SL - 25-30%", "SL :- PAID", "2200 STOP LOSS"])
    def test_a_stop_label_with_no_price_holds_the_order(self, parser: SignalParser, stop: str) -> None:
        signal = _one(parser, f"ETHUSDT LONG\nEntry 2442\n{stop}\nTarget 1 2490")
        assert signal.stop_loss is None and "sl_unreadable" in signal.reasons

    def test_a_stop_mark_beside_the_side_then_a_priced_stop(self, parser: SignalParser) -> None:
        signal = _one(parser, "PENGU/USDT SHORT 🛑\nLeverage 5x\nEntry Zone =  0.0302\nTarget 1 = 0.02800\nSL 0.0342")
        assert signal.stop_loss == Decimal("0.0342") and "sl_unreadable" not in signal.reasons


class TestStopAfterAFooter:
    def test_the_market_named_in_a_footer_does_not_take_the_stop_below_it(self, parser: SignalParser) -> None:
        signal = _one(parser, "XAUUSD SELL\nENTRY 4196-4201\nTP 4194\nTP 4192\n👉GOLD SNIPERS VIP\nSL 4203")
        assert _levels(signal) == (None, (Decimal(4196), Decimal(4201)), Decimal(4203),
                                   (Decimal(4194), Decimal(4192)))

    def test_a_footer_naming_the_market_with_a_second_stop_is_not_folded_in(self, parser: SignalParser) -> None:
        found = parser.parse_all("XAUUSD SELL\nENTRY 4196-4201\nSL 4210\nTP 4194\n\nGOLD VIP\nSL 4203")
        assert isinstance(found, list) and found[0].stop_loss == Decimal(4210)
        assert all(s.needs_review() for s in found[1:])

    def test_a_priced_stop_label_beats_an_earlier_one_that_gave_no_price(self, parser: SignalParser) -> None:
        signal = _one(parser, "ETH long\nEntry 2770-2690\nTp 3023-3514\nManual invalidation if needed later\nSl 2630")
        assert signal.stop_loss == Decimal(2630)


class TestCommaBeforeThreeDigits:
    def test_an_altcoin_priced_with_a_comma_before_three_digits_is_held(self, parser: SignalParser) -> None:
        signal = _one(parser, "#OP/USDT: BUY LIMIT\nEntry:  2,600\nSL:  2,535\nTP:  2,665\nTP:  2,795\nLeverage : 20X")
        assert signal.entry == Decimal(2600) and "comma_ambiguous" in signal.reasons and signal.needs_review()

    def test_a_market_with_a_known_price_settles_the_comma(self, parser: SignalParser) -> None:
        signal = _one(parser, "XAUUSD BUY\nEntry: 2,600\nSL: 2,585\nTP: 2,630")
        assert signal.entry == Decimal(2600) and not signal.needs_review()

    def test_a_quote_at_hand_settles_the_comma(self, parser: SignalParser) -> None:
        signal = _one(parser, "#OP/USDT: BUY LIMIT\nEntry:  2,600\nSL:  2,535\nTP:  2,665",
                      quotes={"OPUSDT": Decimal(2590)})
        assert "comma_ambiguous" not in signal.reasons and not signal.needs_review()


class TestListsOnOneLine:
    def test_entries_listed_under_a_side_ending_its_line_in_a_colon_are_a_zone(self, parser: SignalParser) -> None:
        signal = _one(parser, "#BTC/USDT LONG :\n1) 105000\n2) 102000\nTarget : 125000\nSL : 100000")
        assert (signal.entry, signal.entry_range) == (None, (Decimal(102000), Decimal(105000)))

    def test_numbered_entries_on_one_line_are_a_zone(self, parser: SignalParser) -> None:
        signal = _one(parser, "Long\nPair: #KNC/USDT\nEntry Price: 1) 0.13060 2) 0.12668\n"
                              "Targets: 1) 0.13135 2) 0.13407\nStop: 0.12237")
        assert _levels(signal) == (None, (Decimal("0.12668"), Decimal("0.13060")), Decimal("0.12237"),
                                   (Decimal("0.13135"), Decimal("0.13407")))

    @pytest.mark.parametrize("joint", [" | ", " - ", ", "])
    def test_a_ladder_of_three_entries_spans_one_zone(self, parser: SignalParser, joint: str) -> None:
        entries = joint.join(["0.236080", "0.233770", "0.231280"])
        signal = _one(parser, f"Pair: USELESSUSDT\nDirection: LONG\nEntry: {entries}\n"
                              "Take Profits: 0.238441 | 0.241039\nStop Loss: 0.230046")
        assert signal.entry_range == (Decimal("0.231280"), Decimal("0.236080"))

    def test_a_far_target_that_continues_a_numbered_list_is_kept(self, parser: SignalParser) -> None:
        signal = _one(parser, "Pair: AKE/USDT\nType: LONG\nENTRY ZONE:\n1) 0.0019\n2) 0.0016\nTARGETS:\n1) 0.0025\n"
                              "2) 0.0032\n3) 0.0040\n4) 0.0055\n5) 0.0080\nSTOP LOSS: 0.0013")
        assert signal.take_profits[-1] == Decimal("0.0080") and len(signal.take_profits) == 5

    def test_a_check_mark_before_a_targets_colon_decorates_it(self, parser: SignalParser) -> None:
        signal = _one(parser, "SELL XAUUSD (GOLD)\n\nENTRY RANGE: 4313.68 - 4314.68\n\nSL ❌: 4322.68\n\n"
                              "TP1 (valuta il BE)✅: 4309.08\nTP2✅: 4305.68\nTP3✅: OPEN")
        assert signal.take_profits == (Decimal("4309.08"), Decimal("4305.68"))

    def test_a_check_mark_glued_to_a_dollar_priced_target_decorates_it(self, parser: SignalParser) -> None:
        # (refused before as a result: "TP✅$4443" read as target hit)
        signal = _one(parser, "XAUUSD BUY NOW\n@ $4433- $4428\n\nSL🛑$4423\nTP✅$4443")
        assert (signal.stop_loss, signal.take_profits) == (Decimal(4423), (Decimal(4443),))
        assert isinstance(parser.parse_all("XAUUSD BUY 2350\nTP1 ✅ $350 profit"), NotASignal)  # spaced: a hit

    def test_a_bots_snake_case_keys_are_labels(self, parser: SignalParser) -> None:
        # (held before with no levels: "stop_loss" and "take_profit" were read as one word each)
        signal = _one(parser, "type: sell_limit symbol: GBPUSD open_price: 1.2700 stop_loss: 1.2740 "
                              "take_profit: 1.2650")
        assert (signal.order_type, signal.entry, signal.stop_loss, signal.take_profits, signal.reasons) == (
            OrderType.LIMIT, Decimal("1.2700"), Decimal("1.2740"), (Decimal("1.2650"),), ())

    def test_a_bots_camel_case_keys_are_labels(self, parser: SignalParser) -> None:
        signal = _one(parser, "symbol: GBPUSD | side: SELL | entryPrice: 1.27 | stopLoss: 1.274 | takeProfit1: 1.265")
        assert (signal.entry, signal.stop_loss, signal.take_profits, signal.reasons) == (
            Decimal("1.27"), Decimal("1.274"), (Decimal("1.265"),), ())  # (held before, the entry unread)

    def test_a_targets_number_before_its_label(self, parser: SignalParser) -> None:
        # ("1-Target" read as a count of targets: the order traded with none)
        signal = _one(parser, "GOLD BUY 4183/4185\n1-Target:4187\n2-Target:4191\nSL 4173")
        assert signal.take_profits == (Decimal(4187), Decimal(4191))

    def test_an_entry_label_of_three_words_is_no_target_list(self, parser: SignalParser) -> None:
        # (the entries were read as the first targets: "Entry Price Targets", as Cornix's "Entry Targets" is written)
        signal = _one(parser, "#OCEAN/USDT\nSignal Type: Long\nEntry Price Targets: 0.2451 0.2350\n"
                              "Take-Profit Targets:\n1) 0.2465\n2) 0.2477\nStop-Loss: 0.2250")
        assert (signal.entry_range, signal.take_profits) == ((Decimal("0.2350"), Decimal("0.2451")),
                                                             (Decimal("0.2465"), Decimal("0.2477")))

    def test_target_labels_without_prices_give_no_targets(self, parser: SignalParser) -> None:
        signal = _one(parser, "Gold Sell Now @ 4058 - 4068\n\nTp 1\nTP 2\nTp 3\n\nSL 4073")
        assert (signal.take_profits, signal.stop_loss) == ((), Decimal(4073))

    def test_shares_listed_with_one_percent_sign_are_no_targets(self, parser: SignalParser) -> None:
        signal = _one(parser, "SKL/USDT 10x Long signal\n\nNow : 0.0283$\n\nTarget : 50 - 80 - 100 - 150%")
        assert (signal.entry, signal.take_profits) == (Decimal("0.0283"), ())

    def test_a_russian_plan_numbering_its_targets_adds_none(self, parser: SignalParser) -> None:
        signal = _one(parser, "#INJ LONG\nВХОД: 7.255 - 7.111\n\nTP: 7.335 7.440\nSL:  6.986\n\nФиксируем:\n"
                              "1 тп - 25% позиции\n2 тп - 50% от остатка")
        assert signal.take_profits == (Decimal("7.335"), Decimal("7.440"))

    def test_a_lower_case_name_after_a_coin_label_is_a_held_guess(self, parser: SignalParser) -> None:
        signal = _one(parser, "pair:- rvv\ndirection : long\nentrys : 0.0113 - 0.0109\ntargets: 0.0121 - 0.013\n"
                              "stop loss: 0.0105")
        assert signal.symbol == "RVVUSDT" and "guessed_symbol" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize(("content", "targets", "stop"), [
        ("xauusd sell 4530tp  4526tp  4520tp  4510sl  4549", ("4526", "4520", "4510"), "4549"),
        ("buy xauusd gold 4227-4224\n\n1tp 4231\n2tp 4236\n\nsl 4220", ("4231", "4236"), "4220"),
    ])
    def test_target_and_stop_labels_glued_in_lower_case(
            self, parser: SignalParser, content: str, targets: tuple[str, ...], stop: str) -> None:
        signal = _one(parser, content)
        assert (signal.take_profits, signal.stop_loss) == (tuple(map(Decimal, targets)), Decimal(stop))

    def test_a_side_word_between_a_coin_and_its_quote(self, parser: SignalParser) -> None:
        signal = _one(parser, "Entry : $0.19206-0.1940\n\n(SYN SHORT /USDT 5-15X)\n\nTarget 1 $0.1900\n"
                              "Stop loss : 0.20164")
        assert (signal.symbol, signal.side) == ("SYNUSDT", Side.SELL)


class TestZonesWrittenOtherwise:
    @pytest.mark.parametrize("content", [
        "#LTC/USDT\nSHORT\n\nEntry\n65 - 75.5\n\nTargets\n63\n61.2\n\nSL\n80.9",
        "#LTC/USDT\nSHORT\n\nEntry\n65 – 75.5\n\nTargets\n63\n61.2\n\nSL\n80.9",
    ])
    def test_a_two_digit_bound_on_its_own_line_is_no_numbering(self, parser: SignalParser, content: str) -> None:
        assert _one(parser, content).entry_range == (Decimal(65), Decimal("75.5"))

    def test_numbering_before_targets_stays_numbering(self, parser: SignalParser) -> None:
        signal = _one(parser, "ZAMA/USD\nLONG\nEntry\nMARKET\nTargets :\n1 - 0.03750\n2 - 0.03820\nSL 0.03495")
        assert signal.take_profits == (Decimal("0.03750"), Decimal("0.03820"))

    def test_a_spaced_dash_in_a_zone_before_a_chinese_side_word(self, parser: SignalParser) -> None:
        signal = _one(parser, "ETH  3665 - 3635附近多\n目標 3695-3730附近\n止損: 3624附近")
        assert signal.entry_range == (Decimal(3635), Decimal(3665))

    @pytest.mark.parametrize(("content", "zone"), [
        ("Gold Sell Zone @ 4058 4063\n\nStoploss: 4068\nTake profits: 4053 / 4051", (Decimal(4058), Decimal(4063))),
        ("EURUSD BUY RANGE: 1.0900 1.0910 SL 1.0880 TP 1.0950", (Decimal("1.0900"), Decimal("1.0910"))),
        ("Coin: #BTC/USDT\nLong\nEntry: 84700 82000$\nTarget: 88000\nStop: 80000", (Decimal(82000), Decimal(84700))),
    ])
    def test_two_spaced_prices_after_a_zone_word_or_an_entry_label_are_a_zone(
            self, parser: SignalParser, content: str, zone: tuple[Decimal, Decimal]) -> None:
        assert _one(parser, content).entry_range == zone


class TestTargetLabelsWrittenOtherwise:
    def test_a_target_index_after_a_dash_then_an_at_is_no_target(self, parser: SignalParser) -> None:
        signal = _one(parser, "Vender EURUSD ahora @1.18182\nSL 1.18320\nTp-1@1.18020\nTp-2@1.17880")
        assert signal.take_profits == (Decimal("1.18020"), Decimal("1.17880"))

    def test_a_target_index_after_a_dash_is_no_target(self, parser: SignalParser) -> None:
        signal = _one(parser, "SELL LIMIT EURUSD\nEntry 1.10500\nSL 1.11000\nTP-1: 1.10000\nTP-2: 1.09500")
        assert signal.take_profits == (Decimal("1.10000"), Decimal("1.09500")) and not signal.needs_review()

    @pytest.mark.parametrize("label", ["T1:", "Take-Profit 1 :"])
    def test_a_targets_distance_in_pips_is_no_result(self, parser: SignalParser, label: str) -> None:
        signal = _one(parser, f"AUDCAD BUY 0.9050\nSL 0.9010 (-40 pips)\n{label} 0.9090 (+40 pips)")
        assert signal.take_profits == (Decimal("0.9090"),)

    @pytest.mark.parametrize("targets", ["Targets:\n1) 0.9090 (+40 pips)\n2) 0.9130 (+80 pips)",
                                         "Targets:\n1) 0.9090$ (+40 pips)\n2) 0.9130$ (+80 pips)",
                                         "🎯 0.9090 +40 pips\n🎯 0.9130 +80 pips"])
    def test_a_listed_targets_distance_in_pips_is_no_result(self, parser: SignalParser, targets: str) -> None:
        signal = _one(parser, f"AUDCAD BUY 0.9050\nSL 0.9010\n{targets}")
        assert signal.take_profits == (Decimal("0.9090"), Decimal("0.9130"))

    @pytest.mark.parametrize("plan", ["- close 25%", "25% close", "(move SL to BE)"])
    def test_a_plan_after_each_target_holds_a_market_order_without_entry(self, parser: SignalParser, plan: str) -> None:
        signal = _one(parser, f"#SOLUSDT Short\nStoploss - 150.0\nTargets:\n1) 137.5 {plan}\n2) 132.5 {plan}")
        assert signal.take_profits == (Decimal("137.5"), Decimal("132.5")) and signal.needs_review()
        assert "management_wording" in signal.reasons

    def test_a_plan_after_targets_in_thousands_holds_the_order(self, parser: SignalParser) -> None:
        signal = _one(parser, "DOW JONES Buy\nStop Loss: 39,320\nTargets: 39,620 - 39,740 (close 50%)")
        assert signal.take_profits == (Decimal(39620), Decimal(39740)) and signal.needs_review()

    def test_a_plan_at_the_targets_under_the_channels_boast_holds_the_order(self, parser: SignalParser) -> None:
        signal = _one(parser, "Accuracy 92%\n#ADAUSDT 🔴 SHORT\nTargets: 0.4340 - 0.4180 (close 50%)\nSL: 0.4740\n"
                              "Win rate 85%")
        assert signal.take_profits == (Decimal("0.4340"), Decimal("0.4180")) and signal.needs_review()

    def test_a_target_moved_is_no_plan_at_a_target(self, parser: SignalParser) -> None:
        found = parser.parse_all("🛠️ GBPCAD Sell - Modified\n--------{ Set TP }---------\n👉 New TP: 1.88924")
        assert isinstance(found, NotASignal)

    def test_a_listed_targets_distance_then_its_plan_is_no_result(self, parser: SignalParser) -> None:
        signal = _one(parser, "AUDCAD BUY 0.9050\nSL 0.9010\nTargets:\n1) 0.9090 (+40 pips) - close 25%\n"
                              "2) 0.9130 (+80 pips) (close 50%)")
        assert signal.take_profits == (Decimal("0.9090"), Decimal("0.9130")) and signal.needs_review()

    def test_a_listed_target_ticked_with_its_pips_is_still_a_result(self, parser: SignalParser) -> None:
        assert isinstance(parser.parse_all("AUDCAD BUY 0.9050\nTargets:\n1) 0.9090 +40 pips ✅\n2) 0.9130"),
                          NotASignal)

    @pytest.mark.parametrize("label", ["止盈", "Тейк", "الهدف", "تارگت"])
    def test_a_target_of_another_script_ticked_after_its_price_is_a_result(self, parser: SignalParser,
                                                                           label: str) -> None:
        # (traded as two orders: only English target labels were screened)
        content = f"🟢 LONG NQ @ 23,411 → {label}2 23,470 ✅\n🟢 LONG ES @ 6,450 → {label}1 6,488 ✅"
        assert isinstance(parser.parse_all(content), NotASignal)

    @pytest.mark.parametrize("content", ["🟢 LONG NQ @ 23,411$ → TP2 23,470$ ✅\n🟢 LONG ES @ 6,450$ → TP1 6,488$ ✅",
                                         "XAUUSD BUY 2350$\nTP1 2355$ ✅\nTP2 2360$\nSL 2340$"])
    def test_a_target_ticked_after_its_dollar_sign_is_a_result(self, parser: SignalParser, content: str) -> None:
        assert isinstance(parser.parse_all(content), NotASignal)  # (the first traded as two orders)

    @pytest.mark.parametrize("dash", ["-", "–"])
    def test_pips_after_a_dash_are_the_targets_distance_not_the_targets(self, parser: SignalParser,
                                                                       dash: str) -> None:
        # the price before the distance stays the target; pip counts joined before it are distances too
        signal = _one(parser, f"EURUSD BUY 1.0850\nSL 1.0820\nTP1: 1.0875 {dash} 25 pips\nTP2: 1.0900 {dash} 50 pips")
        assert signal.take_profits == (Decimal("1.0875"), Decimal("1.0900"))
        assert _one(parser, "USDJPY BUY 151.20\nSL 150.70\nTP 151.60 - 40 pips").take_profits == (Decimal("151.60"),)
        assert _one(parser, "EURAUD SELL 1.6326\nSL 1.6400\nTP 20-50-100 pips").take_profits == ()

    @pytest.mark.parametrize("sentence", ["Expecting a move to 2380", "Could extend to 2380"])
    def test_a_sentence_under_the_targets_adds_no_target(self, parser: SignalParser, sentence: str) -> None:
        signal = _one(parser, f"XAUUSD BUY 2350\nSL 2340\nTP1 2360\nTP2 2370\n\n{sentence}")
        assert signal.take_profits == (Decimal(2360), Decimal(2370))

    def test_a_number_glued_to_a_word_after_the_targets_is_no_target(self, parser: SignalParser) -> None:
        signal = _one(parser, "BUY TAOUSDT@187.54 SL 185.13 TP 188.81 R2 L50 V7")
        assert signal.take_profits == (Decimal("188.81"),) and not signal.needs_review()

    @pytest.mark.parametrize("note", ["(RR 1:3)", "(1:3 RR)", "[R:R 1:2]", "(risk 1%)"])
    def test_a_note_in_brackets_after_a_target_does_not_end_the_list(self, parser: SignalParser, note: str) -> None:
        signal = _one(parser, f"EURUSD BUY 1.0850\nSL 1.0820\nTargets: 1.0875 {note}, 1.0900 {note}")
        assert signal.take_profits == (Decimal("1.0875"), Decimal("1.0900"))


class TestCommasAndMarksInCyrillicAndLists:
    def test_a_cyrillic_message_writing_thousands_before_a_point_keeps_its_commas_thousands(
            self, parser: SignalParser) -> None:
        signal = _one(parser, "#XAUTUSDT long\nВход: рынок\nTP: 4,215\nSL: 4,129.2")
        assert (signal.stop_loss, signal.take_profits) == (Decimal("4129.2"), (Decimal(4215),))

    def test_a_cyrillic_decimal_comma_still_reads_as_a_point(self, parser: SignalParser) -> None:
        signal = _one(parser, "#ETC/USDT ЛОНГ\nВход: 12,7\nСтоп: 12,09\nТейк: 13,3")
        assert (signal.entry, signal.stop_loss) == (Decimal("12.7"), Decimal("12.09"))

    def test_list_numbering_before_a_dollar_price_is_numbering(self, parser: SignalParser) -> None:
        signal = _one(parser, "ZAMA/USD\nLONG\nEntry\nMARKET\nTargets :\n1 $0.03750\n2 $0.03820\nSTOPLOSS\n$0.03495")
        assert signal.take_profits == (Decimal("0.03750"), Decimal("0.03820"))


class TestTargetsOnTheirOwnScale:
    def test_a_list_continuing_a_far_first_target_is_kept_whole_and_held(self, parser: SignalParser) -> None:
        signal = _one(parser, "Buy president #TRUMP below 7$\n\nTo 40-60-80\n\nSL 5")
        assert signal.take_profits == (Decimal(40), Decimal(60), Decimal(80)) and signal.needs_review()

    def test_a_number_far_from_the_targets_after_them_is_a_note(self, parser: SignalParser) -> None:
        signal = _one(parser, "XAUUSD BUY 2350\nSL 2340\nTP 2360 2370\n245")
        assert signal.take_profits == (Decimal(2360), Decimal(2370))

    @pytest.mark.parametrize("content", [
        "LTCUSDT LONG\nEntry 76.5\nStop 73.5\nTake profit\n1) 78 (RR 1-1.5)\n2) 80\n3) 83",
        "LTCUSDT LONG\nEntry 76.5\nStop 73.5\nTake profit\n1) 78(RR 1-1,5)\n2) 80. (RR 1-2)\n3) 83",
    ])
    def test_a_ratio_noted_on_a_targets_line_does_not_end_the_list(self, parser: SignalParser, content: str) -> None:
        assert _one(parser, content).take_profits == (Decimal(78), Decimal(80), Decimal(83))

    def test_an_ignored_field_on_its_own_line_after_the_targets_still_ends_them(self, parser: SignalParser) -> None:
        signal = _one(parser, "XAUUSD BUY 2350\nSL 2340\nTP 2360 (RR 1:1)\nLeverage 100\nRisk 2")
        assert signal.take_profits == (Decimal(2360),)


class TestEntriesOnePerLine:
    @pytest.mark.parametrize("note", ["", " USD", " (scalp)"])
    def test_a_note_after_the_first_entry_keeps_the_pair_a_zone(self, parser: SignalParser, note: str) -> None:
        signal = _one(parser, f"BUY XAUUSD\nEntry:\n2350{note}\n2345\nSL 2340\nTP 2360")
        assert signal.entry_range == (Decimal(2345), Decimal(2350))


class TestEntriesByOrdinal:
    @pytest.mark.parametrize("second", ["2nd entry 2345", "Second entry: 2345", "Re-entry 2345", "Re entry @ 2345"])
    def test_a_second_entry_by_ordinal_is_another_leg(self, parser: SignalParser, second: str) -> None:
        found = parser.parse_all(f"XAUUSD BUY NOW\nBuy at 2350\n{second}\nSL 2335\nTP 2360")
        assert isinstance(found, list)
        assert [(s.entry, s.stop_loss, s.take_profits) for s in found] == [
            (Decimal(2350), Decimal(2335), (Decimal(2360),)), (Decimal(2345), Decimal(2335), (Decimal(2360),))]

    def test_a_third_entry_by_ordinal_is_a_third_leg(self, parser: SignalParser) -> None:
        found = parser.parse_all("XAUUSD BUY NOW 2350\n2nd entry 2345\n3rd entry 2340\nSL 2335\nTP 2360")
        assert isinstance(found, list) and [s.entry for s in found] == [Decimal(2350), Decimal(2345), Decimal(2340)]

    @pytest.mark.parametrize(("content", "second_type"), [
        ("BUY XAUUSD ENTRY: 2350 Second entry: 2345 SL: 2335 TP1: 2360", OrderType.MARKET),
        ("GOLD BUY @ 2350 SECOND BUY LIMIT @ 2345 SL @ 2335 TP @ 2360", OrderType.LIMIT),
    ])
    def test_an_ordinal_right_after_a_price_opens_the_next_leg_on_the_same_line(
            self, parser: SignalParser, content: str, second_type: OrderType) -> None:
        # ("2350 Second" is no duration of 2350 seconds; read so, the first leg's price was lost and the second traded)
        found = parser.parse_all(content)
        assert isinstance(found, list)
        assert [(s.entry, s.order_type) for s in found] == [(Decimal(2350), OrderType.MARKET),
                                                             (Decimal(2345), second_type)]

    @pytest.mark.parametrize("content", ["SELL EURUSD at market 1.0850 SL 1.0900 TP 1.0800",
                                         "SELL EURUSD Market 1.0850\nSL 1.0900\nTP 1.0800"])
    def test_a_word_that_starts_like_a_month_makes_no_date(self, parser: SignalParser, content: str) -> None:
        assert _levels(_one(parser, content)) == (Decimal("1.0850"), None, Decimal("1.0900"), (Decimal("1.0800"),))

    @pytest.mark.parametrize("header", ["Signal 24 January 2026", "March 5, 2025", "Sept 12", "Posted 3 Dec"])
    def test_a_date_is_still_no_price(self, parser: SignalParser, header: str) -> None:
        assert _one(parser, f"{header}\nBUY GOLD 2350\nSL 2340\nTP 2360").entry == Decimal(2350)


class TestBatchOfThirtiethNovember:
    """Layouts met in messages from sources new to the corpus (each rule written here for itself)."""

    @pytest.mark.parametrize(("content", "reason"), [
        ("GBPUSD SELL 1.5065\nSL 1.51.65\nTP 1.4950", "sl_unreadable"),
        ("EURUSD BUY 1.0850\nSL 1.0800\nTP 1.09.50", "tp_unreadable"),
    ])
    def test_a_price_with_a_second_point_is_unreadable_not_cut(self, parser: SignalParser, content: str,
                                                               reason: str) -> None:
        signal = _one(parser, content)
        assert reason in signal.reasons and Decimal("1.51") not in (signal.stop_loss, *signal.take_profits)

    def test_three_rungs_under_one_entry_label_are_one_zone(self, parser: SignalParser) -> None:
        signal = _one(parser, "COIN: $DOGE/USDT\nDirection: Long\nENTRY: 0.0695 - 0.0785 - 0.0872\n"
                              "TARGETS: 0.0895 - 0.092\nSL: 0.063")
        assert (signal.entry_range, signal.reasons) == ((Decimal("0.0695"), Decimal("0.0872")), ())

    def test_a_strategys_version_on_the_side_line_is_no_entry(self, parser: SignalParser) -> None:
        signal = _one(parser, "🔥 GOLD SNIPER VIP 🔥\n📤 LONG - SCALP V 4.0\nBNB/USDT  Leverage 20x\n"
                              "💹 Entry: 292.3 - 287.6232\n🧿 Targets: 294.3461 - 296.6845\n❌ StopLoss: 279.1465")
        # before: "4.0" the entry of an order on the title's gold, the BNB order a second one (both held)
        assert (signal.symbol, signal.entry_range) == ("BNBUSDT", (Decimal("287.6232"), Decimal("292.3")))

    def test_two_entries_joined_by_a_plus_are_a_zone_but_pips_are_not(self, parser: SignalParser) -> None:
        assert _one(parser, "XAUUSD BUY\nENTRY 5360+5350\nSL 5340\nTP 5365").entry_range == (
            Decimal(5350), Decimal(5360))
        assert _one(parser, "XAUUSD BUY 5360+70\nSL 5340\nTP 5365").entry == Decimal(5360)
        spaced = _one(parser, "XAUUSD BUY 4185+ 4182\nSl 4173\nTP 4188")  # before: entry 4185, held
        assert spaced.entry_range == (Decimal(4182), Decimal(4185)) and spaced.reasons == ()

    def test_a_level_field_under_the_order_line_is_its_price(self, parser: SignalParser) -> None:
        signal = _one(parser, "📣XAUUSD BUY NOW 📣\n\n🔊LEVEL :2653\n\n✅TP1 : 2655 (+20 PIPS)\n\n❌SL: 2649")
        assert (signal.entry, signal.stop_loss) == (Decimal(2653), Decimal(2649))

    def test_a_price_on_stop_is_a_stop_order(self, parser: SignalParser) -> None:
        signal = _one(parser, "ENTER ORDER TO BUY GOLD @ $1438 ON STOP. IF FILLED, ENTER PROTECTIVE STOP @ $1428")
        assert (signal.order_type, signal.entry, signal.stop_loss) == (OrderType.STOP, Decimal(1438), Decimal(1428))

    @pytest.mark.parametrize("joint", ["الى", "hasta", "bis", "fino", "through"])
    def test_a_zone_joined_by_to_in_other_languages(self, parser: SignalParser, joint: str) -> None:
        assert _one(parser, f"BUY NOW XAUUSD 3363 {joint} 3365 SL 3358 TP1 3370").entry_range == (
            Decimal(3363), Decimal(3365))

    @pytest.mark.parametrize("joint", ["vs", "and/or", "then", "ila"])
    def test_a_price_beside_the_entry_past_an_unknown_word_holds(self, parser: SignalParser, joint: str) -> None:
        signal = _one(parser, f"BUY GOLD 2350 {joint} 2355\nSL 2340\nTP 2365")
        assert "level_unlabelled" in signal.reasons and signal.needs_review(REVIEW_BELOW_CONFIDENCE_DEFAULT)

    def test_a_price_after_a_lot_note_on_the_order_line_is_the_orders(self, parser: SignalParser) -> None:
        signal = _one(parser, "Gold sell now double lot @ 4286 - 4290\n\ntp1 : 4270\ntp2 : 4265\nsl : 4293")
        assert signal.entry_range == (Decimal(4286), Decimal(4290))

    def test_a_range_of_layers_is_a_count(self, parser: SignalParser) -> None:
        assert _levels(_one(parser, "Gold buy now instant 1-2 layer")) == (None, None, None, ())

    @pytest.mark.parametrize("field", ["Last:", "Current:", "💰 Current:"])
    def test_the_markets_price_as_a_field_prices_a_market_order(self, parser: SignalParser, field: str) -> None:
        assert _one(parser, f"XAUUSD BUY NOW\n{field} 2350.50\nSL: 2340\nTP: 2370").entry == Decimal("2350.50")

    def test_a_price_under_a_field_not_read_holds_an_unpriced_order(self, parser: SignalParser) -> None:
        signal = _one(parser, "BUY XAUUSD\nOpen Interest: 2350.50\nSL: 2340\nTP: 2370")
        assert signal.entry is None and "level_unlabelled" in signal.reasons

    @pytest.mark.parametrize("line", ["Pending order at 2350", "Please place your sell at 2350 (wait for it)"])
    def test_a_price_past_words_no_rule_reads_holds_an_unpriced_order(self, parser: SignalParser, line: str) -> None:
        signal = _one(parser, f"XAUUSD SELL\n{line}\nTP: 2340\nSL: 2365")
        assert signal.entry is None and "level_unlabelled" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize("content", ["2350 XAUUSD BUY\nSL 2340\nTP 2360", "1.0850 EURUSD BUY\nSL 1.08\nTP 1.09"])
    def test_a_price_on_the_order_line_no_level_took_holds_it(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert signal.entry is None and "level_unlabelled" in signal.reasons and signal.needs_review()

    def test_a_quote_under_a_field_not_read_gives_way_to_the_labelled_entry(self, parser: SignalParser) -> None:
        signal = _one(parser, "BUY XAUUSD\nPreço Atual: 2350.50\nEntrada: 2345\nSL: 2340\nTP: 2370")
        assert (signal.entry, signal.reasons) == (Decimal(2345), ())

    @pytest.mark.parametrize("line", ["Invalid below 2340", "Invalid if under 2340"])
    def test_a_stop_written_as_invalid_below(self, parser: SignalParser, line: str) -> None:
        assert _one(parser, f"XAUUSD BUY 2350\n{line}\nTP 2370").stop_loss == Decimal(2340)

    def test_a_later_line_of_words_and_a_price_under_an_entry_holds(self, parser: SignalParser) -> None:
        signal = _one(parser, "XAUUSD BUY 2350\nInvalid once under 2340\nTP 2370")
        assert "level_unlabelled" in signal.reasons

    @pytest.mark.parametrize("line", ["EMA 200: 64000", "📉 ATR: 14", "RSI: 64", "Pivot: 64000"])
    def test_an_indicators_value_after_the_targets_is_no_target(self, parser: SignalParser, line: str) -> None:
        signal = _one(parser, f"BTCUSDT SHORT\nEntry: 65000\nSL: 66000\nTP: 63000\n{line}")
        assert signal.take_profits == (Decimal(63000),)

    @pytest.mark.parametrize("label", ["Goal:", "Objective", "Objectives:"])
    def test_a_goal_or_objective_is_a_target(self, parser: SignalParser, label: str) -> None:
        assert _one(parser, f"XAUUSD BUY 2350\nSL 2340\n{label} 2360").take_profits == (Decimal(2360),)

    @pytest.mark.parametrize("footer", ["https://t.me/goldchannel2024", "www.gold2360.com", "t.me/vip2370"])
    def test_an_address_is_no_price(self, parser: SignalParser, footer: str) -> None:
        assert _one(parser, f"XAUUSD BUY 2350\nSL 2340\nTP 2360\n{footer}").take_profits == (Decimal(2360),)

    def test_an_ideal_stop_is_the_stop(self, parser: SignalParser) -> None:
        assert _one(parser, "XAU/USD BUY ZONE 4777-4784\nSL IDEAL 4772❌").stop_loss == Decimal(4772)

    def test_a_reward_ratio_after_the_targets_is_no_target(self, parser: SignalParser) -> None:
        signal = _one(parser, "XRP/BTC\nENTER between 950-1085\nSTOP 837\nTARGETS 1116-1176-1247\nR/R 6.5")
        assert signal.take_profits == (Decimal(1116), Decimal(1176), Decimal(1247))

    def test_a_targets_index_in_the_scale_of_its_price_is_no_target(self, parser: SignalParser) -> None:
        # (a coin priced near 7: "Target 4 - 7.00" was read as a list of whole numbers, 4 then 7)
        signal = _one(parser, "buy DOTUSDT\nEntry 6.20\nStop Loss: 5.90\nTarget 1 - 6.40\nTarget 2 - 6.60\n"
                              "Target 3 - 6.80\nTarget 4 - 7.00")
        assert signal.take_profits == tuple(Decimal(v) for v in ("6.40", "6.60", "6.80", "7.00"))

    @pytest.mark.parametrize("ratio", ["(RR1-1,5)", "(RR1:2)", "R/R 1-2", "RR: 1-3", "(1-2 RR)", "1/2 RR"])
    def test_a_ratio_joined_by_a_dash_or_glued_to_its_label_is_no_target(
            self, parser: SignalParser, ratio: str) -> None:
        # (a coin priced near 1: the ratio's numbers are in the targets' scale)
        signal = _one(parser, f"ARBUSDT LONG\nEntry 1.20\nSL 1.10\nTP1 1.25 {ratio}\nTP2 1.35")
        assert (signal.take_profits, signal.reasons) == ((Decimal("1.25"), Decimal("1.35")), ())

    @pytest.mark.parametrize(("content", "order_type"), [
        ("XAUUSD BUY\nOrder: Stop\nEntry: 2360\nSL 2350\nTP 2380", OrderType.STOP),
        ("XAUUSD SELL LMT 2370 SL 2380 TP 2350", OrderType.LIMIT),
        ("XAUUSD BUY\nStop: 2350\nEntry: 2360\nTP 2380", OrderType.MARKET),  # a stop loss, written first
    ])
    def test_an_order_type_written_as_a_field_or_abbreviated(self, parser: SignalParser, content: str,
                                                             order_type: OrderType) -> None:
        assert _one(parser, content).order_type is order_type

    def test_a_target_named_by_its_index_after_the_targets_is_a_mention(self, parser: SignalParser) -> None:
        signal = _one(parser, "GOLD SELL LIMIT 4802-4803\nSL 4807\n\nTP 1 4797\nTP 2 4792\n\nsaran ambil tp 1 aja")
        assert signal.take_profits == (Decimal(4797), Decimal(4792))

    @pytest.mark.parametrize(("content", "zone"), [
        ("Buy gold @2350/@2345\nSL 2335\nTP 2360", ("2345", "2350")),
        ("XAUUSD BUY 2350.50/48.50 SL 2340 TP 2360", ("2348.50", "2350.50")),
        ("XAUUSD SELL 2350.50-52.30 SL 2360 TP 2340", ("2350.50", "2352.30")),
    ])
    def test_zones_written_with_repeated_marks_or_shortened_whole_parts(self, parser: SignalParser, content: str,
                                                                      zone: tuple[str, str]) -> None:
        assert _one(parser, content).entry_range == (Decimal(zone[0]), Decimal(zone[1]))

    def test_three_joined_prices_on_the_order_line_hold(self, parser: SignalParser) -> None:
        assert "ambiguous_entry" in _one(parser, "XAUUSD BUY 2350-2348-2346 SL 2340 TP 2360").reasons

    @pytest.mark.parametrize(("content", "levels"), [
        ("• BUY XAU\n\n• PE 4375\n\n• SL 4370\n• Tp1 4378,5", (Decimal(4375), Decimal(4370), (Decimal("4378.5"),))),
        ("• Buy #TRUMP below 7$\n\n• To 40-60-80\n\n• SL 5",
         (Decimal(7), Decimal(5), (Decimal(40), Decimal(60), Decimal(80)))),
    ])
    def test_labels_after_a_bullet(self, parser: SignalParser, content: str, levels: tuple[object, ...]) -> None:
        signal = _one(parser, content)
        assert (signal.entry, signal.stop_loss, signal.take_profits) == levels

    def test_a_list_of_prices_to_close_at_under_an_order_is_its_targets(self, parser: SignalParser) -> None:
        signal = _one(parser, "#BTCUSDT\n\n#SHORT 35100-37260\n\nClose 33660 31500 29700 27000\n\nStop 37980\n\nLev 3X")
        assert signal.take_profits == (Decimal(33660), Decimal(31500), Decimal(29700), Decimal(27000))
        assert isinstance(parser.parse_all("Close gold buy at 2350"), NotASignal)

    def test_a_lot_size_between_the_side_and_the_market_is_no_price(self, parser: SignalParser) -> None:
        signal = _one(parser, "#12345678 buy 0.10 XAUUSD at 2350.50 sl: 2340.00 tp: 2370.00")
        assert (signal.entry, signal.stop_loss) == (Decimal("2350.50"), Decimal("2340.00"))
        assert _one(parser, "SELL 0.65 AUDUSD SL 0.6550 TP 0.6450").entry == Decimal("0.65")  # no price after it
        signal = _one(parser, "XAUUSD buy 0.10 at 2350.00 sl: 2340.00 tp: 2360.00")  # the market named first
        assert (signal.entry, signal.confidence) == (Decimal("2350.00"), 1.0)

    @pytest.mark.parametrize("content", ["Buy gold now 29", "바이낸스 매수 BTC 0.1",
                                         "执行交易:做多 0.1ETH\n策略当前交易对:ETHUSDT.P"])
    def test_a_count_after_a_bare_order_far_from_the_market_is_no_price(self, parser: SignalParser,
                                                                        content: str) -> None:
        signal = _one(parser, content)
        assert signal.entry is None and signal.needs_review(REVIEW_BELOW_CONFIDENCE_DEFAULT)

    def test_a_breakeven_field_is_no_target(self, parser: SignalParser) -> None:
        signal = _one(parser, "GOLD LONG\nEntry: $2,403.50\nStop Loss: $2,402.40\nTake Profit: $2,405.90\n"
                              "Breakeven: $2,404.70 (move SL here at 50%)")
        assert signal.take_profits == (Decimal("2405.90"),)
        assert _one(parser, "XAUUSD SELL 4283-4286\nSL: 4288\nTP1 (break-even)✅: 4280\nTP2: 4275").take_profits == (
            Decimal(4280), Decimal(4275))

    def test_a_target_list_restated_in_a_plan_is_read_once(self, parser: SignalParser) -> None:
        signal = _one(parser, "XAUUSD BUY 2350\nSL 2340\nTP 2360 2370 2380\n\nTargets again: 2360 2370 2380")
        assert signal.take_profits == (Decimal(2360), Decimal(2370), Decimal(2380))

    @pytest.mark.parametrize("summary", [
        "Parameter Value\nEntry $3357\nStop Loss $3320\nTake Profit 1 3445\nTake Profit 2 3480",
        "Risk/Reward\nTP1 ($3445) → Reward = 88 | Risk = 37\nTP2 ($3480) → Reward = 123 | Risk = 37",
        "Plan: close half at TP2 Target ($3480), the rest at TP3 Target ($3520)"])
    def test_a_target_named_again_by_its_index_at_its_price_is_no_new_target(self, parser: SignalParser,
                                                                            summary: str) -> None:
        signal = _one(parser, f"XAUUSD BUY\nEntry: 3357\nTP1: 3445\nTP2: 3480\nTP3: 3520\nSL: 3320\n\n{summary}")
        assert signal.take_profits == (Decimal(3445), Decimal(3480), Decimal(3520))  # before: restated ones appended

    def test_a_later_index_or_another_price_is_a_new_target(self, parser: SignalParser) -> None:
        signal = _one(parser, "BUY NOW XAUUSD\nPRICE 4157\nSL 4150\nTP1 4159\nTP2 4164\nTP3 4169\n"
                              "Added more TP's\nTP4 4174\nTP5 4169")
        assert signal.take_profits == tuple(Decimal(p) for p in (4159, 4164, 4169, 4174, 4169))
        more = _one(parser, "BNB/USDT SHORT\nEntry Zone: 656.60–660.00\nStop-Loss: 663.00\nTarget 1: 649.92\n"
                            "Target 2: 634.22\nProfit targets:\nTarget 1: 649.92\nTarget 2: 634.22\nTarget 3: 612.90")
        assert more.take_profits == (Decimal("649.92"), Decimal("634.22"), Decimal("612.90"))

    @pytest.mark.parametrize("content", [
        "XAUUSD SELL\nEntry Price: 3,027.00 USD\n\n2. Stop-Loss (S/L)\nLevel: 3,040.00 USD\n\nTP1: 3,000.00 USD",
        "XAUUSD SELL\nEntry Price: 3027\n🛑 Stop Loss\n💲 Price: 3040\nTP1: 3000",
        "XAUUSD SELL\nEntry\nPrice: 3027\nStop Loss\nPrice: 3040\nTake profit\nPrice: 3000"])
    def test_a_price_field_under_a_stops_label_gives_the_stop(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)  # before: a second entry, held with no stop
        assert (signal.entry, signal.stop_loss, signal.take_profits) == (Decimal(3027), Decimal(3040), (Decimal(3000),))
        assert not signal.needs_review()

    @pytest.mark.parametrize("joint", ["(with a maximum value", "up to", "maximum"])
    def test_a_zone_written_as_an_entry_and_its_maximum(self, parser: SignalParser, joint: str) -> None:
        signal = _one(parser, f"BTC/USDT BUY\nEnter above: 102501.6 {joint} 102550.0\nTP1 102919.8\nSL 101233.3")
        assert signal.entry_range == (Decimal("102501.6"), Decimal("102550.0"))

    @pytest.mark.parametrize("content", ["BTC/USDT BUY\nEnter above: 102501.6 with a max price of 102550.0\nSL 101233",
                                         "BUY BTCUSDT 65000 max 65500\nSL 64000\nTP 67000"])
    def test_a_price_of_the_entrys_size_under_a_note_on_its_line_holds(self, parser: SignalParser,
                                                                       content: str) -> None:
        signal = _one(parser, content)
        assert "level_unlabelled" in signal.reasons and signal.needs_review(REVIEW_BELOW_CONFIDENCE_DEFAULT)
        pending = _one(parser, "BASIC COMEX: SELL LIMIT GOLD 1777 TP 1770 SL 1784 CMP 1776.60")
        assert pending.reasons == ()  # a pending order's "CMP" is the market's quote

    @pytest.mark.parametrize("label", ["Entry Zone:\n\n2.18 – 2.22", "Entry: 2.18 - 2.22"])
    def test_the_orders_labelled_entry_replaces_a_price_in_the_text_above_it(self, parser: SignalParser,
                                                                             label: str) -> None:
        signal = _one(parser, f"Price made a strong push to 2.29\n\nLIGHTUSDT Short\n{label}\n\nSL: 2.32\nTP: 2.1")
        assert (signal.entry, signal.entry_range) == (None, (Decimal("2.18"), Decimal("2.22")))

    @pytest.mark.parametrize(("word", "order_type"), [("Buy Stop", OrderType.STOP), ("Buy Limit", OrderType.LIMIT)])
    def test_the_orders_type_after_its_entry_price(self, parser: SignalParser, word: str,
                                                   order_type: OrderType) -> None:
        signal = _one(parser, f"XRP/USDT\nH4: Bullish\nEntry: 1.4968 {word}\nSl: 1.3901\nTake profit: 1.7231")
        assert (signal.order_type, signal.entry) == (order_type, Decimal("1.4968"))

    def test_entries_listed_one_per_line_with_blank_lines_between_are_a_zone(self, parser: SignalParser) -> None:
        signal = _one(parser, "INJ/USDT SHORT\n\n💰 Entry Zone:\n\n5.090\n\n\n5.185\n\n🛑 Stop-Loss:\n\n5.290\n\n"
                              "🎯 Take-Profit Targets:\n\n• TP1: 4.970")
        assert signal.entry_range == (Decimal("5.090"), Decimal("5.185"))


class TestFieldsAroundTheOrder:
    @pytest.mark.parametrize("field", ["Lot size: 0.05", "Risk: 2% of balance", "Time: 14:30 GMT"])
    def test_a_field_line_between_the_order_line_and_its_price(self, parser: SignalParser, field: str) -> None:
        signal = _one(parser, f"XAU USD SELL NOW\n{field}\n\n4515 - 4519\nSL 4525\nTP 4505")
        assert _levels(signal) == (None, (Decimal(4515), Decimal(4519)), Decimal(4525), (Decimal(4505),))

    def test_an_entry_label_whose_price_follows_a_field_line(self, parser: SignalParser) -> None:
        signal = _one(parser, "🔴XAU/USD SELL ENTRY AT\nLot size: 0.05\n1247.92\nTp1 1240.92\nSl 1260.92")
        assert (signal.entry, signal.stop_loss) == (Decimal("1247.92"), Decimal("1260.92"))

    def test_prices_alone_under_a_field_line_are_still_read(self, parser: SignalParser) -> None:
        signal = _one(parser, "GOLD BUY 4272/4270\nLot size: 0.05\n\n4275\n4277\n4280\n\nSL 4255")
        assert signal.take_profits == (Decimal(4275), Decimal(4277), Decimal(4280))

    def test_a_lone_price_under_a_field_line_is_never_dropped(self, parser: SignalParser) -> None:
        signal = _one(parser, "GOLD BUY 4272\nSL 4255\nTP 4290\nLot size: 0.05\n4260")
        assert "level_unlabelled" in signal.reasons and signal.needs_review()

    def test_a_number_off_the_entrys_scale_is_no_price_of_the_order(self, parser: SignalParser) -> None:
        signal = _one(parser, "XAUUSD SELL NOW: 4582 4586\nID: 4-03\nS/L: 4600\nT/P1: 4580")
        assert (signal.entry_range, signal.reasons) == ((Decimal(4582), Decimal(4586)), ())

    @pytest.mark.parametrize("content", [
        "SHORT BTCUSDT (BB:20 RSI:85) Entry: 95000 TP1: 92000 SL: 97000",
        "#BTCUSDT SHORT ID : 4-03 Entry : 95000 SL : 97000 TP : 92000",
    ])
    def test_a_labelled_entry_on_the_order_line_replaces_a_number_off_its_scale(self, parser: SignalParser,
                                                                               content: str) -> None:
        signal = _one(parser, content)
        assert (signal.entry, signal.entry_range, signal.reasons) == (Decimal(95000), None, ())

    def test_a_labelled_entry_beside_a_price_on_its_scale_is_not_taken_over(self, parser: SignalParser) -> None:
        assert _one(parser, "Sell GBPUSD @ 1.2650 (CMP) #12\nStop 1.2700\nTarget 1.2550").entry == Decimal("1.2650")

    @pytest.mark.parametrize("content", ["#GBPUSD Buy ID: 4-03\nAt : 1.2724\nSL : 1.2630\nTP : 1.2921",
                                         "📈 买入 GBP/USD\nLot size: 0.05\n价格: 1.2724\n止损: 1.2630\n止盈: 1.2921"])
    def test_a_price_field_of_its_own_line_is_the_entry(self, parser: SignalParser, content: str) -> None:
        assert _one(parser, content).entry == Decimal("1.2724")

    @pytest.mark.parametrize("ratio", ["RR 1:3", "R:R 1:2.5", "rr: 1:2"])
    def test_a_risk_reward_ratio_after_the_entry(self, parser: SignalParser, ratio: str) -> None:
        signal = _one(parser, f"USOIL sell now @ 80.82 {ratio}\ntp @ 77.50\nSL @ 82.60")
        assert _levels(signal) == (Decimal("80.82"), None, Decimal("82.60"), (Decimal("77.50"),))

    @pytest.mark.parametrize("note", ["High risk", "Scalp", "Swing", "Low risk:", "Intraday"])
    def test_a_note_on_the_trades_kind_before_its_price(self, parser: SignalParser, note: str) -> None:
        signal = _one(parser, f"XAUUSD SELL\n{note} 4018-4021.5\nSl 4025\nTp 4011")
        assert (signal.entry_range, signal.reasons) == ((Decimal(4018), Decimal("4021.5")), ())

    @pytest.mark.parametrize("name", ["High", "Fill", "Best", "Order", "Position", "Open"])
    def test_a_price_under_a_field_named_without_a_colon_holds_an_unpriced_order(self, parser: SignalParser,
                                                                                 name: str) -> None:
        signal = _one(parser, f"XAUUSD SELL\n{name} 4018\nSl 4025\nTp 4011")
        assert signal.entry is None and "level_unlabelled" in signal.reasons and signal.needs_review()


class TestHeadingsAndFooters:
    @pytest.mark.parametrize("title", ["Gold Signals:", "[05/12/2024 14:30] Gold Signals:", "XAUUSD Free Signals",
                                       "GOLD ALERTS", "Gold Calls"])
    def test_a_channels_title_naming_gold_gives_way_to_the_orders_market(self, parser: SignalParser,
                                                                         title: str) -> None:
        signal = _one(parser, f"{title}\n#ETHUSDT\nSHORT\nEntry: 2500\nTarget 1: 2400\nStop-Loss: 2600")
        assert (signal.symbol, signal.side, signal.entry) == ("ETHUSDT", Side.SELL, Decimal(2500))

    @pytest.mark.parametrize("heading", ["GOLD TRADE", "Gold Trading Room", "Gold Setup", "BTC Futures Room"])
    def test_a_heading_naming_another_market_is_contested_by_the_orders(self, parser: SignalParser,
                                                                        heading: str) -> None:
        signal = _one(parser, f"{heading}\n#ETHUSDT\nSHORT\nEntry: 2500\nTarget 1: 2400\nStop-Loss: 2600")
        assert signal.symbol == "ETHUSDT" and "symbol_contested" in signal.reasons and signal.needs_review()

    def test_a_name_guessed_under_a_heading_holds_the_order_for_a_person(self, parser: SignalParser) -> None:
        signal = _one(parser, "Gold Trading Room\nBUY RELIANCE\nRange 2900-2920\nSL 2850\nTGT 2990-3050")
        assert "symbol_contested" in signal.reasons and signal.needs_review()  # before: traded as gold

    def test_a_heading_that_names_the_only_market_is_the_orders(self, parser: SignalParser) -> None:
        signal = _one(parser, "GOLD TRADE\nBUY NOW 2350\nSL 2340\nTP 2360")
        assert (signal.symbol, signal.reasons) == ("XAUUSD", ())

    @pytest.mark.parametrize("zone", ["GMT+3", "UTC-5", "GMT +3", "GMT+03:00"])
    def test_a_time_zones_offset_is_no_level(self, parser: SignalParser, zone: str) -> None:
        signal = _one(parser, f"BUY BANKNIFTY 50300 PE\nABOVE 42\nSL paid\n⏰ 14:30 {zone}")
        assert (signal.entry, signal.stop_loss, signal.take_profits) == (Decimal(42), None, ())

    def test_an_earlier_trades_result_under_an_order_holds_it(self, parser: SignalParser) -> None:
        signal = _one(parser, "Buy XAUUSD\nSl 3276\nTp1 3535\n\nP.S. last signal +120 pips ✅")
        assert (signal.stop_loss, "earlier_result" in signal.reasons, signal.needs_review()) == (
            Decimal(3276), True, True)  # before: the whole message was refused as a report

    def test_a_result_above_a_new_signals_heading_is_an_earlier_trades(self, parser: SignalParser) -> None:
        signal = _one(parser, "GOLD TP1 hit ✅\nNew signal:\nEURUSD SELL 1.0900\nSL 1.0930\nTP 1.0850")
        assert (signal.symbol, signal.entry, "earlier_result" in signal.reasons) == ("EURUSD", Decimal("1.09"), True)
        assert signal.needs_review()  # (refused as a report before; a person confirms)
        assert isinstance(parser.parse_all("New signal\nGOLD BUY 2350 TP1 hit ✅"), NotASignal)  # (the result below)

    def test_a_forwards_header_opens_no_entry(self, parser: SignalParser) -> None:
        signal = _one(parser, "Forwarded from VIP Gold Signals\nTrade 1\n🟢 LONG NQ @ 24,060\nTP1: 24,088\nSL: 24,020")
        assert (signal.symbol, signal.entry, signal.reasons) == ("NQ", Decimal(24060), ())

    def test_a_word_before_a_slash_and_a_dashed_pair_is_no_pair(self, parser: SignalParser) -> None:
        signal = _one(parser, "#Bybit Call / ETH-USDT / BUY LONG: 2460-2480$ / TARGET 1: 2600$ / Stop-loss: 2300$")
        assert (signal.symbol, signal.entry_range) == ("ETHUSDT", (Decimal(2460), Decimal(2480)))  # before: CALLETH


class TestLowerCase:
    def test_a_known_coins_hashtag_in_lower_case_names_it(self, parser: SignalParser) -> None:
        signal = _one(parser, "#near short\nentry 4.929\ntp 4.6236\nsl 5.225")
        assert signal.symbol == "NEARUSDT" and signal.needs_review()  # a guess from lower case: a person confirms

    def test_a_risk_reward_multiple_glued_in_lower_case_is_no_target(self, parser: SignalParser) -> None:
        signal = _one(parser, "eurusd:\nbuy limit from : 1.02200\nsl : 1.01750 (45pips)\ntp : 1.04000 (4rr)")
        assert signal.take_profits == (Decimal("1.04000"),)


class TestOneLine:
    def test_fields_on_one_line_with_the_side_as_a_field_are_no_talk(self, parser: SignalParser) -> None:
        signal = _one(parser, "Order Id: 1631033831358699 Pair: QTUMUSDT Side: BUY Price: 12.909")
        assert (signal.symbol, signal.side, signal.entry) == ("QTUMUSDT", Side.BUY, Decimal("12.909"))

    def test_to_as_a_field_after_the_price_lists_the_targets(self, parser: SignalParser) -> None:
        signal = _one(parser, "SPX500 Sell @ now while below 7498 To.: 7481, 7461, 7442 Sl.: 7504 Risk 1%")
        assert signal.take_profits == (Decimal(7481), Decimal(7461), Decimal(7442))

    def test_the_price_beside_the_market_when_the_side_follows_the_levels(self, parser: SignalParser) -> None:
        signal = _one(parser, "XAUUSD 4185\nSL 4200\nTP 4175\n🔴 SELL")
        assert _levels(signal) == (Decimal(4185), None, Decimal(4200), (Decimal(4175),))  # before: no entry, traded

    @pytest.mark.parametrize("zone", ["Gold Sell Zone 4181 - 4186", "XAUUSD SELL NOW 4181-4186"])
    def test_the_orders_price_on_a_line_after_its_levels(self, parser: SignalParser, zone: str) -> None:
        found = parser.parse_all(f"GOLD SELL SETUP\nSL : 4191\nTP1 : 4176\nTP2 : 4171\n{zone}")
        assert isinstance(found, list) and len(found) == 1, found  # before: the order traded without its zone
        assert found[0].entry_range == (Decimal(4181), Decimal(4186))

    def test_an_entry_at_the_markets_price_labelled_after_the_levels(self, parser: SignalParser) -> None:
        signal = _one(parser, "#QNT ｜做多 50X\n止盈：300—317—340\n止損：270.57\n進場：市價288.00—279.33")
        assert signal.entry_range == (Decimal("279.33"), Decimal("288.00"))

    def test_a_price_under_the_title_and_the_levels_under_the_order_line_are_one_order(
            self, parser: SignalParser) -> None:
        found = parser.parse_all("#EURUSD: Long Trade Explained\nEntry - 1.1662\nBuy EURUSD\nStop - 1.1654\n"
                                 "Take - 1.1677")
        assert isinstance(found, list) and len(found) == 1, found
        assert _levels(found[0]) == (Decimal("1.1662"), None, Decimal("1.1654"), (Decimal("1.1677"),))

    def test_a_brokers_footer_promising_the_best_results_reports_nothing(self, parser: SignalParser) -> None:
        signal = _one(parser, "XAUUSD 📈 BUY 5006.00\n💰TP1 5008.00\n🚫SL 4998.00\n"
                              "👉 Follow it here to obtain the best results: portal.fortuneprime.com")
        assert _levels(signal) == (Decimal("5006.00"), None, Decimal("4998.00"), (Decimal("5008.00"),))

    def test_an_entrys_minimum_in_brackets_is_the_zones_other_bound(self, parser: SignalParser) -> None:
        signal = _one(parser, "BTC/USDT 📉SELL\n🔹Enter below: 69355.2(with a minimum value of 69352.0)\n"
                              "💰TP1 68854.4\n🚫SL 70381.2")
        assert signal.entry_range == (Decimal("69352.0"), Decimal("69355.2"))

    def test_a_misspelt_stop_label_before_an_at_sign_is_no_entry(self, parser: SignalParser) -> None:
        signal = _one(parser, "CADJPY SELL NOW STOPOSS @ 114.260 TP @ 113.900")
        assert (signal.entry, signal.stop_loss) == (None, Decimal("114.260"))  # before: traded with no stop

    def test_a_stop_under_a_footer_naming_another_market_is_the_orders_held(self, parser: SignalParser) -> None:
        signal = _one(parser, "NAS100 SELL\nENTRY @30764\nTP1: 30591\nTP2: 30396\n"
                              "💻📱Our XAUUSD Channel👉 CLICK HERE\nSL: 30953")
        assert (signal.symbol, signal.stop_loss) == ("NAS100", Decimal(30953))  # before: traded with no stop
        assert "symbol_contested" in signal.reasons and signal.needs_review()


@pytest.mark.parametrize("content", [
    "Pair | Side | Entry | SL | TP\nEURUSD | BUY | 1.0850 | 1.0820 | 1.0900\nGBPJPY | SELL | 191.50 | 192.00 | 190.50",
    "| Pair | Side | Entry | SL | TP |\n|---|---|---|---|---|\n| EURUSD | BUY | 1.0850 | 1.0820 | 1.0900 |\n"
    "| GBPJPY | SELL | 191.50 | 192.00 | 190.50 |",
    # columns aligned with spaces or tabs (the first row was held with no stop or target before)
    "Pair      Side   Entry    SL       TP\nEURUSD    BUY    1.0850   1.0820   1.0900\n"
    "GBPJPY    SELL   191.50   192.00   190.50",
    "Pair\tSide\tEntry\tSL\tTP\nEURUSD\tBUY\t1.0850\t1.0820\t1.0900\nGBPJPY\tSELL\t191.50\t192.00\t190.50"])
def test_a_table_whose_header_names_the_levels_reads_each_row_as_a_signal(parser: SignalParser, content: str) -> None:
    found = parser.parse_all(content)
    assert not isinstance(found, NotASignal)
    assert [(s.symbol, s.side, s.entry, s.stop_loss, s.take_profits) for s in found] == [
        ("EURUSD", Side.BUY, Decimal("1.0850"), Decimal("1.0820"), (Decimal("1.0900"),)),
        ("GBPJPY", Side.SELL, Decimal("191.50"), Decimal("192.00"), (Decimal("190.50"),))]
    assert not any(s.needs_review() for s in found)


class TestLinesJoined:
    """A signal whose line breaks were lost on the way (a web page's or a log's copy): each field still reads as it
    did on its own line."""

    @pytest.mark.parametrize("content", [
        "$BTCUSDT - LONG Вход лимиткой 1)87650(1/3) 2)87150(2/3) Stop 86700 Tейк-профит 88200 88900",
        "#BTC LONG : 1) 87650$ 2) 87150$ Target : 1) 88200$ 2) 88900$ ST : 86700$",
        "BTC/USDT 做多 挂单点位： 1）87650 2）87150 止盈目标： 1）88200 2）88900 止損：86700"])
    def test_entries_numbered_on_one_line_span_a_zone(self, parser: SignalParser, content: str) -> None:
        # (the second entry was dropped and the order traded at the first: "2)87150" glued, or listed after the side)
        signal = _one(parser, content)
        assert _levels(signal) == (None, (Decimal(87150), Decimal(87650)), Decimal(86700),
                                   (Decimal(88200), Decimal(88900)))

    def test_targets_numbered_after_a_single_entry_stay_targets(self, parser: SignalParser) -> None:
        signal = _one(parser, "GOLD BUY 2350 TP 1)2360 2)2370 SL 2330")
        assert _levels(signal) == (Decimal(2350), None, Decimal(2330), (Decimal(2360), Decimal(2370)))

    def test_prices_after_a_zone_that_no_level_takes_hold_the_order(self, parser: SignalParser) -> None:
        # ("GOLD BUY 4272/4270 / 4275 / 4277 / SL 4255": the targets' lines joined; traded with no target before)
        signal = _one(parser, "GOLD BUY 4272/4270 4275 4277 SL 4255")
        assert signal.entry_range == (Decimal(4270), Decimal(4272)) and signal.take_profits == ()
        assert "level_unlabelled" in signal.reasons and signal.needs_review()
        assert not _one(parser, "GOLD BUY 4272-4270 (1/3) SL 4255 TP 4290").needs_review()

    @pytest.mark.parametrize("after", ["Sl: 1.3901 Take profit: 1.7231", "Take profit: 1.7231 SL: 1.3901"])
    def test_an_order_type_after_the_entry_before_a_level_label(self, parser: SignalParser, after: str) -> None:
        # (read as a market order: a price came later on the line, the stop's)
        signal = _one(parser, f"XRP/USDT Entry: 1.4968 Buy Stop {after}")
        assert (signal.order_type, signal.entry, signal.stop_loss) == (OrderType.STOP, Decimal("1.4968"),
                                                                        Decimal("1.3901"))

    def test_a_russian_entry_price_before_the_target_label(self, parser: SignalParser) -> None:
        # ("97 Тейк" was read as a 97th target's label, and the order traded with no entry)
        signal = _one(parser, "$LTCUSDT - Лонг (Сделка на споте) Вход: 97 Тейк профит: 154 Стоп лосс: 85.95")
        assert (signal.entry, signal.stop_loss, signal.take_profits) == (Decimal(97), Decimal("85.95"), (Decimal(154),))
        assert _one(parser, "$LTCUSDT Лонг Вход: 97 2 тейк: 154 Стоп: 85.95").take_profits == (Decimal(154),)

    @pytest.mark.parametrize(("tail", "order_type"), [
        ("#limit", OrderType.LIMIT), ("#limit #btc", OrderType.LIMIT), ("#limitless gains", OrderType.MARKET),
        ("#limit orders explained", OrderType.MARKET)])
    def test_a_limit_hashtag_after_the_levels(self, parser: SignalParser, tail: str, order_type: OrderType) -> None:
        signal = _one(parser, f"Trading pair: BTC / USDT SHORT X15 Entry price - 66500 Stop loss - 67200 "
                              f"Take profit1 - 64000 {tail}")
        assert (signal.order_type, signal.entry) == (order_type, Decimal(66500))

    def test_spaced_thousands_joined_by_a_comma_are_no_one_price(self, parser: SignalParser) -> None:
        # ("TP 2 360,2 370": 2360.2, or two targets? Not traded as 2360.2)
        assert _one(parser, "GOLD BUY 2350\nTP 2 360,2 370\nSL 2340").needs_review()

    def test_a_lines_number_before_a_lists_own_number(self, parser: SignalParser) -> None:
        # (each entry's line numbered as well: "9. 1) 0.29170 / 10. 2) 0.30045" traded at the first entry alone)
        signal = _one(parser, "1. KNC/USDT Short\n2. Entry Price:\n3. 1) 0.29170\n4. 2) 0.30045\n5. Targets:\n"
                              "6. 1) 0.28999\n7. 2) 0.28383\n8. Stop Loss: 0.31007")
        assert _levels(signal) == (None, (Decimal("0.29170"), Decimal("0.30045")), Decimal("0.31007"),
                                   (Decimal("0.28999"), Decimal("0.28383")))

    def test_a_day_of_the_month_is_at_most_31(self, parser: SignalParser) -> None:
        # ("40 FEBRUARY" was read as a date, and the target 40 was lost)
        signal = _one(parser, "BUY HINDZINC 750 CE ABOVE 33 SL 30.5 TARGET 36 40 FEBRUARY SERIES")
        assert signal.take_profits == (Decimal(36), Decimal(40))


class TestBotCommands:
    """Orders written as a bot's command or a copier's example: the lot before the price."""

    @pytest.mark.parametrize("lot", ["lot 0.01", "lots 0.10", "volume 0.01", "0.01 lot"])
    def test_the_price_after_a_lot_size_is_the_entry(self, parser: SignalParser, lot: str) -> None:
        # (the lot's field swallowed the "at": the order traded with no entry, held)
        signal = _one(parser, f"Buy XAUUSD {lot} at 2350 sl 2340 tp 2360")
        assert _levels(signal) == (Decimal(2350), None, Decimal(2340), (Decimal(2360),))

    def test_money_after_a_lot_size_is_no_entry(self, parser: SignalParser) -> None:
        assert _one(parser, "Buy XAUUSD lot size 0.01 at 500 usd sl 2340 tp 2360").entry is None

    @pytest.mark.parametrize("content", ["Open long EURUSD 1.0850 stop 1.0820 take 1.0900",
                                         "Open long EURUSD 1.0850 stop 1.0820 take $1.0900"])
    def test_take_alone_before_a_price_labels_a_target(self, parser: SignalParser, content: str) -> None:
        # (traded with no target: "take" was no label, and its price was dropped)
        signal = _one(parser, content)
        assert _levels(signal) == (Decimal("1.0850"), None, Decimal("1.0820"), (Decimal("1.0900"),))
        assert not signal.needs_review()
        indexed = _one(parser, "GOLD BUY 2350 SL 2340 take 1: 2360 take 2: 2370")
        assert indexed.take_profits == (Decimal(2360), Decimal(2370))

    def test_a_price_after_an_unknown_word_on_the_stops_line_holds_the_order(self, parser: SignalParser) -> None:
        signal = _one(parser, "Open long EURUSD 1.0850 stop 1.0820 goal 1.0900")
        assert signal.take_profits == () and "level_unlabelled" in signal.reasons and signal.needs_review()


class TestPricesUnderUnknownWords:
    """A price of the order's size that no level took, after a word the reader does not know, was dropped and the
    order traded without it; now it holds the order for a person (level_unlabelled)."""

    @pytest.mark.parametrize("content", [
        "BUY NOW XAUUSD من 3363 الى 3365 Zork 3358 TP1 3370",  # mid-line, after the zone
        "#HYPE/USDT\nWe Buy around 45.95\nOur Selling Targets 46.86-48.97\nZork around - 38.00",
        "XAUUSD BUY NOW @ 2329.79\nZork @ 2314.90\nTP1 @ 2350.00",
        "XAUUSD BUY 2350\nSL 2340\nTp1: 2360 — possibile anticipo area 2355\nTp2: 2370"])
    def test_a_price_after_an_unknown_word_holds_the_order(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert "level_unlabelled" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize("content", [
        "COIN: $SAND/USDT\nDirection: LONG\nENTRY: 1.02 - 1.25\nOTE: 1.115\nTARGETS: 1.28 - 1.31\nSTOP LOSS: 0.87",
        "BASIC COMEX: SELL LIMIT GOLD 1777 TP 1770 SL 1784 CMP 1776.60",
        "XAUUSD BUY 2350\nSL 2340\nTP 2360\nLot size 0.01 for every 500 USD"])
    def test_a_field_a_quote_or_another_size_still_trades(self, parser: SignalParser, content: str) -> None:
        assert not _one(parser, content).needs_review()

    @pytest.mark.parametrize("content", ["XAUUSD BUY @ 4910\nZork: 4912\nTP2: 4915\nTP3: 4920\nSL: 4900",
                                         "Buy EURUSD\nStoploss: 1.060\nZork 1: 1.080\nTake Profit 2: 1.085"])
    def test_targets_labelled_from_two_hold_the_order(self, parser: SignalParser, content: str) -> None:
        # (target 1 under a label the reader does not know was dropped, and the order traded from target 2)
        signal = _one(parser, content)
        assert "tp_skipped" in signal.reasons and signal.needs_review()
        pips = _one(parser, "Gold Sell @ 2658.00 - 2664.00\nSL: 2665.50 (75pips)\nTP1: 60pips\nTP2: 100pips")
        assert "tp_skipped" not in pips.reasons  # (the first label read a distance: no target dropped)

    def test_a_list_of_prices_under_an_unknown_field_holds_the_order(self, parser: SignalParser) -> None:
        # ("Zork: 4705 - 4725 - 4740": the targets, under a name not read; one price under a field stays a note)
        signal = _one(parser, "Long/Buy #PIXEL/USDT\nEntry Point - 4685\nZork: 4705 - 4725 - 4740\nStop Loss - 4490")
        assert "level_unlabelled" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize("content", [
        "Long/Buy #PIXEL/USDT\nZork Point - 4685\nTargets: 4705 - 4725 - 4740\nLeverage - 10x\nStop Loss - 4490",
        "🔴 SELL SOL/USDT\n📌 Zork: 89.75\n🎯 Target 1: 89.36\n🛑 Stop: 89.87"])
    def test_an_entry_under_an_unknown_label_holds_the_order(self, parser: SignalParser, content: str) -> None:
        # (dropped, and the order traded at the market: its price lay between the stop and the first target)
        signal = _one(parser, content)
        assert signal.entry is None and "level_unlabelled" in signal.reasons and signal.needs_review()

    def test_a_stop_under_an_unknown_label_with_its_risk_after_it_holds_the_order(self, parser: SignalParser) -> None:
        # ("Zork 3110. 0,5%деп": the words after the price are its risk, no sentence; traded with no stop before)
        signal = _one(parser, "$ETHUSDT - LONG\nВход лимит 3150\nZork 3110. 0,5%деп\nTейк-профит 3190 3230")
        assert signal.stop_loss is None and signal.needs_review()

    @pytest.mark.parametrize("content", ["XAUUSD SELL\nEntry: market\nZork: 2360\nTP 2340",
                                         "Kiteusdt Short\nВход по рынку\nZork: 0.28281\nTp1: 0.26261"])
    def test_a_price_under_an_unknown_name_below_a_market_entry_is_no_entry(self, parser: SignalParser,
                                                                             content: str) -> None:
        # (read as the entry: the order traded at its stop's price, with no stop)
        signal = _one(parser, content)
        assert signal.entry is None and signal.needs_review()
        assert signal.reasons.count("level_unlabelled") == 1  # (found by two checks, a doubt counts once)
        assert _one(parser, "XAUUSD SELL\nEntry: market\n2350\nSL 2360\nTP 2340").entry == Decimal(2350)

    @pytest.mark.parametrize("content", ["BUY GOLD NOW Zork 2330 TP 2360", "Buy gold at market, Zork 4690, take "
                                         "profit 4725 and 4740", "SELL EURUSD\nZork 1.0880\nTP 1.0800"])
    def test_an_order_price_after_an_unknown_word_with_no_stop_holds_the_order(self, parser: SignalParser,
                                                                               content: str) -> None:
        # (the word names the stop: its price was read as the entry and the order traded with no stop)
        signal = _one(parser, content)
        assert signal.stop_loss is None and "level_unlabelled" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize("content", ["BUY GOLD NOW Zork 2330 TP 2360 SL 2320", "BUY GOLD NOW 2330 TP 2360",
                                         "BUY GOLD NOW @ 2330 TP 2360", "Buy gold now around 2330 TP 2360"])
    def test_an_order_price_with_a_stop_or_no_unknown_word_still_trades(self, parser: SignalParser,
                                                                        content: str) -> None:
        signal = _one(parser, content)
        assert signal.entry == Decimal(2330) and not signal.needs_review()

    @pytest.mark.parametrize("content", ["I am Selling GBPJPY\n\nSell : 197.14\n\nZork: 195.50\n\nSL⛔️- 197.70",
                                         "Pair: GJ\nSide: BUYS\nEntry:150.712\nZork: 151.200\nStop Loss: 150.600"])
    def test_a_price_under_an_unknown_field_on_the_profit_side_of_an_order_with_no_target_holds_it(
            self, parser: SignalParser, content: str) -> None:
        # (its target, most likely: traded before with a stop and no exit)
        signal = _one(parser, content)
        assert signal.take_profits == () and "level_unlabelled" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize("content", ["BUY XAUUSD\nEntry: 2350\nSL: 2340\nCurrent price: 2352",
                                         "ETHUSDT - SELL SIGNAL\nTime: 2025-12-05 14:00:00\nEntry Price: 2,250.75\n"
                                         "Stop Loss: 2,280.00", "BUY EURUSD\nEntry: 1.0850\nSL: 1.0800\nSpread: 1.2",
                                         "BTC，61800附近，做多\n实时价格: 61850\n止损预计: 60700"])
    def test_a_quote_a_date_or_a_coarse_number_under_a_field_is_no_target(self, parser: SignalParser,
                                                                          content: str) -> None:
        assert "level_unlabelled" not in _one(parser, content).reasons

    @pytest.mark.parametrize("content", ["Xau/Usd Gold Buy Now Entry Zone 4087-4082 Tp-1 4097 Tp-2 4104 Zork-4055",
                                         "GOLD SELL @ 4099\nZork @ 4119\nTP @ 4089",
                                         "BUY Nifty  25500 PE (JAN20) CMP 64 to 62  Zork 55 TGT 100"])
    def test_a_price_after_a_word_on_the_losing_side_of_an_order_with_no_stop_holds_it(
            self, parser: SignalParser, content: str) -> None:
        # (its stop, most likely, under a label the reader does not know and with no colon: traded unprotected)
        signal = _one(parser, content)
        assert signal.stop_loss is None and "level_unlabelled" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize("content", ["BUY GOLD 2350 TP 2360\nPosted 2025-12-05 at 14:30",  # (a date's year)
                                         "BUY EURUSD 1.0850 TP 1.0900\nSpread 1.0",  # (coarser than the entry)
                                         "Buy BankNifty 20 Mar 46500 CE Only In Range @ 40 - 60 Target 90 120 150"])
    def test_a_date_a_coarse_number_or_a_far_number_is_no_stop(self, parser: SignalParser, content: str) -> None:
        assert "level_unlabelled" not in _one(parser, content).reasons
