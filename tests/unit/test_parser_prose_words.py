"""Words of prose around an order: verbs and phrases that carry its side, and words whose digits are no price.

The examples are written for these tests (not taken from the corpus): each states one rule of the reader."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.domain.signal import REVIEW_BELOW_CONFIDENCE_DEFAULT, NotASignal, OrderType, Side
from shared.parsing import SignalParser
from tests.support.parsing import one_signal as _one


class TestSidesInPhrases:
    @pytest.mark.parametrize(("content", "side"), [
        ("Шортанул ETH от 2500, стоп 2600", Side.SELL),
        ("Зашортил BTC по 65000, стоп 66000, тейк 62000", Side.SELL),
        ("Лонганул SOL от 140, стоп 130", Side.BUY),
    ])
    def test_russian_traders_verbs_carry_the_side(self, parser: SignalParser, content: str, side: Side) -> None:
        assert _one(parser, content).side is side

    @pytest.mark.parametrize(("content", "side"), [
        ("Hemos entrado cortos a un valor de 1154,74 en oro, Stop Loss en 1160", Side.SELL),
        ("XRP/USDT\nEntrada Curta: Em torno de $2.45–$2.50\nAlvo 1: $2.20\nStop-Loss: $2.60", Side.SELL),
        ("Oro: posiciones largas desde 1820, stop loss 1805, objetivo 1850", Side.BUY),
    ])
    def test_spanish_and_portuguese_shorts_and_longs_in_phrases(self, parser: SignalParser, content: str,
                                                                side: Side) -> None:
        assert _one(parser, content).side is side

    @pytest.mark.parametrize(("content", "side"), [("XAUUSD BÁN GIỚI HẠN 2372\nSL 2380\nTP 2365 - 2358", Side.SELL),
                                                   ("Mua giới hạn EURUSD 1.0820\nSL 1.0790\nTP 1.0880", Side.BUY)])
    def test_a_vietnamese_limit_order(self, parser: SignalParser, content: str, side: Side) -> None:
        signal = _one(parser, content)
        assert (signal.side, signal.order_type) == (side, OrderType.LIMIT)

    @pytest.mark.parametrize(("content", "side"), [("黄金 挂单空 2372\n止损 2380\n止盈 2360", Side.SELL),
                                                   ("BTC 限价多 64000\n止损 63000\n止盈 66000", Side.BUY),
                                                   ("شراء حد GBPUSD 1.2600\nالهدف 1.2650\nوقف 1.2570", Side.BUY),
                                                   ("بيع حد EURUSD 1.0880\nالهدف 1.0830\nالستوب 1.0910", Side.SELL)])
    def test_chinese_and_arabic_limit_orders(self, parser: SignalParser, content: str, side: Side) -> None:
        signal = _one(parser, content)
        assert (signal.side, signal.order_type) == (side, OrderType.LIMIT)

    def test_a_short_stop_or_a_short_term_is_no_side(self, parser: SignalParser) -> None:
        signal = _one(parser, "Compra oro 1820, un stop corto en 1815, objetivo a corto plazo 1840")
        assert (signal.side, signal.stop_loss, signal.take_profits) == (Side.BUY, Decimal(1815), (Decimal(1840),))


class TestDigitsThatAreNoPrice:
    def test_an_indicators_period(self, parser: SignalParser) -> None:
        signal = _one(parser, "BNB/USDT Short (Price below EMA200)\nEntry Zone: 654.91–656.58\nStop-Loss: 661.10\n"
                              "Target 1: 642.29")
        assert (signal.entry, signal.entry_range) == (None, (Decimal("654.91"), Decimal("656.58")))

    def test_a_username_with_digits_between_its_letters(self, parser: SignalParser) -> None:
        signal = _one(parser, "XAUUSD Buy\nTP 3750\nSL 3294.77\nBuy،m0bh4y4t")
        assert signal.entry is None

    def test_a_date_in_spanish(self, parser: SignalParser) -> None:
        signal = _one(parser, "Venta oro el 24 de agosto: 1820\nStop 1833\nObjetivo 1800")
        assert signal.entry == Decimal(1820)

    def test_a_coin_named_by_a_number(self, parser: SignalParser) -> None:
        signal = _one(parser, "#4/USDT (Short📉, x20)\nEntry - 0.0854\nTake-Profit: 0.08369")
        assert signal.symbol == "4USDT"


class TestEntriesAndNames:
    def test_words_between_a_price_label_and_its_price_give_way_to_the_entry_label(self,
                                                                                   parser: SignalParser) -> None:
        signal = _one(parser, "BTC/USDT Short\nPrice: rejected twice near 65000\nEntry: 64000-64200\nSL 66000\n"
                              "TP 62000")
        assert (signal.entry, signal.entry_range) == (None, (Decimal(64000), Decimal(64200)))

    def test_words_that_name_the_label_before_its_colon_do_not(self, parser: SignalParser) -> None:
        signal = _one(parser, "BTC Buy\nEntrada Sugerida: $60,000.00\nTeto de Entrada: $61,200.00\nStop 58000")
        assert signal.entry == Decimal(60000)

    @pytest.mark.parametrize("content", ["ZEC做多 820附近 止损795 止盈860", "#TAO long 420 SL 400 TP 460"])
    def test_a_coin_worth_dollars_is_not_priced_in_satoshis(self, parser: SignalParser, content: str) -> None:
        assert _one(parser, content).symbol.endswith("USDT")

    def test_an_indian_contract_named_in_lower_case_after_the_side(self, parser: SignalParser) -> None:
        signal = _one(parser, "Buy lupin 1900 pe at CMP 8.50-9.50\n\nTarget 13-16-19")
        assert (signal.symbol, signal.entry_range) == ("LUPIN1900PE", (Decimal("8.50"), Decimal("9.50")))


class TestZonesAndOrderTypes:
    @pytest.mark.parametrize("content", ["NIFTY 19500 CE CMP 215 add till 210 SL 170 Target 260-280-300",
                                         "Buy NIFTY 19500 CE @ 215, add up to 210, SL 170, Target 260"])
    def test_adding_down_to_a_price_spans_a_zone(self, parser: SignalParser, content: str) -> None:
        assert _one(parser, content).entry_range == (Decimal(210), Decimal(215))

    def test_two_entries_parted_by_a_mark_under_the_entry_label_are_a_zone(self, parser: SignalParser) -> None:
        signal = _one(parser, "PERP/USDT\nSignal Type: Regular (Short)\nEntry Targets: 0.7034 🖖🏽 0.717605\n"
                              "Take-Profit Targets: 1) 0.68919 2) 0.67498\nStop Targets: 0.76024")
        assert signal.entry_range == (Decimal("0.7034"), Decimal("0.717605"))

    def test_the_side_again_up_to_a_price_spans_a_zone(self, parser: SignalParser) -> None:
        signal = _one(parser, "Sell COPPER - Feb @ 716, Sell up to 718, for the Targets of 700-682, with SL @ 726.10")
        assert (signal.entry, signal.entry_range) == (None, (Decimal(716), Decimal(718)))

    def test_a_shorts_sell_field_heads_its_targets(self, parser: SignalParser) -> None:
        signal = _one(parser, "#ONT/USDT\n#SHORT\nEntry LIMIT: 1.0665\n\nSELL:\n1.0620 - 1.0580 - 1.0535\n\n"
                              "STOP LOSS : 1.120")
        assert signal.take_profits == (Decimal("1.0620"), Decimal("1.0580"), Decimal("1.0535"))

    def test_a_longs_buy_field_heads_no_targets(self, parser: SignalParser) -> None:
        assert _one(parser, "#BTC/USDT\nLONG\nEntry: 64000\nBUY:\n65000 - 66000\nSL: 63000").take_profits == ()

    @pytest.mark.parametrize("content", ["黃金晚間策略:建議2640空,止損2648,目標2623-2614;\n下方2614不破多。",
                                         "GOLD SELL 2640 SL 2648 TP 2623-2614;\nbelow 2610 we buy"])
    def test_words_after_a_target_list_that_ended_its_sentence_add_no_target(self, parser: SignalParser,
                                                                             content: str) -> None:
        found = parser.parse_all(content)
        assert isinstance(found, list), found
        assert found[0].take_profits == (Decimal(2623), Decimal(2614))

    def test_a_list_with_a_semicolon_after_each_target_goes_on(self, parser: SignalParser) -> None:
        signal = _one(parser, "GOLD SELL 2640 SL 2648\nTargets: 2623;\n2614;\n2600")
        assert signal.take_profits == (Decimal(2623), Decimal(2614), Decimal(2600))

    def test_a_target_label_misspelt(self, parser: SignalParser) -> None:
        signal = _one(parser, "7th march expiry nifty  buy 22150 PE CMP 135/130 SL-120 TARGTE-200-250+")
        assert signal.take_profits == (Decimal(200), Decimal(250))

    def test_two_close_prices_after_the_side_with_no_level_are_a_zone(self, parser: SignalParser) -> None:
        signal = _one(parser, "GOLD BUY NOW 4565  4560")
        assert (signal.entry, signal.entry_range) == (None, (Decimal(4560), Decimal(4565)))

    @pytest.mark.parametrize("line", ["Order: limit", "💡 Set Sell Limit order at best entry"])
    def test_a_line_saying_limit_under_the_entry_types_the_order(self, parser: SignalParser, line: str) -> None:
        signal = _one(parser, f"XAUUSD SELL\nEntry: 4633.96 - 4637.96\n{line}\nTP1: 4626.46\nStop Loss: 4642.96")
        assert signal.order_type is OrderType.LIMIT

    def test_a_limit_with_its_own_price_is_another_leg_not_the_type(self, parser: SignalParser) -> None:
        found = parser.parse_all("XAUUSD BUY NOW @2350\nBuy limit 2340\nSL 2330\nTP 2370")
        assert isinstance(found, list) and len(found) == 2, found
        first, second = found
        assert (first.order_type, second.order_type, second.entry) == (OrderType.MARKET, OrderType.LIMIT, Decimal(2340))

    def test_entered_at_labels_the_entry(self, parser: SignalParser) -> None:
        assert _one(parser, "XAUUSD buy\nEntered at 4588\nSL at 4560\nTP1 4595\nTP2 4601").entry == Decimal(4588)

    def test_a_script_field_names_the_share(self, parser: SignalParser) -> None:
        signal = _one(parser, "WAZIR FOREX  ALGO\nscript          : TSLA\nPosition        : SELL\n"
                              "Enter Price     : 452.36\nTake Profit 1   : 450.55\nStoploss        : 455.38")
        assert (signal.symbol, signal.side, signal.entry) == ("TSLA", Side.SELL, Decimal("452.36"))


class TestSharesAndContracts:
    @pytest.mark.parametrize(("content", "symbol"), [
        ("INTRADAY : BUY NDTV CMP 169.50 SL 167 TARGET 171.50 - 173 - 174.50", "NDTV"),
        ("Bought #GANDHAR 247\nSL 1%\nTarget 4-6%", "GANDHAR"),
    ])
    def test_a_name_priced_like_a_share_takes_no_quote_asset(self, parser: SignalParser, content: str,
                                                             symbol: str) -> None:
        signal = _one(parser, content)
        assert signal.symbol == symbol and signal.needs_review(REVIEW_BELOW_CONFIDENCE_DEFAULT)

    def test_a_short_ticker_in_whole_numbers_is_still_a_coin_in_satoshis(self, parser: SignalParser) -> None:
        assert _one(parser, "#SLR | BUY 5590 | Sell 6100-6700-7800").symbol == "SLRBTC"

    @pytest.mark.parametrize(("content", "symbol"), [
        ("BUY TITAN 1050 CALL OPTION NEAR CMP 28-28.50 TGT 32-36 SL 24", "TITAN1050CE"),
        ("BUY NIFTY 50 23200 PE ABOVE 30 TARGET 40-45 SL 22", "NIFTY23200PE"),
        ("#SENSEX  _76800CE\nBuy Range : 400-430\nTarget : 530/650/820\nStoploss : 250", "SENSEX76800CE"),
        ("BUY HINDZINC\n750 CE ABOVE 33\nSL 30.5 TARGET 36 40", "HINDZINC750CE"),
    ])
    def test_indian_contracts_written_otherwise(self, parser: SignalParser, content: str, symbol: str) -> None:
        assert _one(parser, content).symbol == symbol

    def test_a_us_contract_takes_no_word_before_its_ticker(self, parser: SignalParser) -> None:
        assert _one(parser, "BTO In NVDA $210C @ 1.20").symbol == "NVDA210C"


class TestOrdersOneALine:
    def test_an_order_with_no_price_then_orders_on_other_markets(self, parser: SignalParser) -> None:
        found = parser.parse_all("С текущих long Xrp\nLimit long Eth - 1895\nLimit long SOL - 73.1")
        assert isinstance(found, list), found
        assert [(s.symbol, s.order_type, s.entry) for s in found] == [
            ("XRPUSDT", OrderType.MARKET, None), ("ETHUSDT", OrderType.LIMIT, Decimal(1895)),
            ("SOLUSDT", OrderType.LIMIT, Decimal("73.1"))]

    def test_another_limit_after_a_dash_is_a_leg(self, parser: SignalParser) -> None:
        found = parser.parse_all("XAUUSD buy now - 1860.50\nother limit - 1858.50\n\ntp - 1865\nsl - 1855")
        assert isinstance(found, list), found
        assert [(s.order_type, s.entry, s.stop_loss) for s in found] == [
            (OrderType.MARKET, Decimal("1860.50"), Decimal(1855)), (OrderType.LIMIT, Decimal("1858.50"), Decimal(1855))]

    def test_the_same_market_again_is_the_same_order(self, parser: SignalParser) -> None:
        signal = _one(parser, "Buy GOLD\nLimit buy 2340\nSL 2330")
        assert (signal.order_type, signal.entry, signal.stop_loss) == (OrderType.LIMIT, Decimal(2340), Decimal(2330))


class TestAChannelsRecord:
    @pytest.mark.parametrize("footer", ["Accuracy 90% ✅", "Win rate: 85%", "✅ 95% accuracy",  # (before: refused)
                                        "✅ 95% accuracy | 24/7 support | t.me/goldvip"])
    def test_a_record_under_an_order_holds_it_and_refuses_nothing(self, parser: SignalParser, footer: str) -> None:
        signal = _one(parser, f"GBPUSD SELL @ 1.2650\nSL 1.2700 | TP 1.2550\n{footer}")
        assert signal.entry == Decimal("1.2650") and "earlier_result" in signal.reasons
        assert signal.needs_review(REVIEW_BELOW_CONFIDENCE_DEFAULT)

    def test_a_report_with_a_record_is_still_no_order(self, parser: SignalParser) -> None:
        assert isinstance(parser.parse_all("Weekly results\nGBPUSD SELL 1.2650 TP hit ✅\nWin rate 85%"), NotASignal)
        assert isinstance(parser.parse_all("GBPUSD SELL @ 1.2650\nSL 1.2700 | TP 1.2550\n✅ 95% accuracy | TP hit +100 "
                                           "pips"), NotASignal)

    @pytest.mark.parametrize("content", [
        "🟢 LONG NQ @ 23,411 → Take Profit 2 23,470 ✅\n🟢 LONG ES @ 6,450 → Take Profit 1 6,488 ✅",
        "#ETH/USDT SHORT\nEntry Zone:\n$2460- $2478\nTake-Profit Targets:\n1) $2430 - 20%✅\n2) $2409- 20%✅\n"
        "3) $2380 - 20%\nStop Targets:\n1) $2630"])
    def test_targets_ticked_as_hit_in_other_words_are_a_result(self, parser: SignalParser, content: str) -> None:
        assert isinstance(parser.parse_all(content), NotASignal)  # before: traded, as the results they are


class TestLinesAroundAnOrder:
    @pytest.mark.parametrize("content", ["BUY XAUUSD 2350 - 2347\nSL: 2342\nTP1: 2353\nTP2: 2356\n\nPrice now 2345.6",
                                         "Price now 2345.6\n\nBUY XAUUSD 2350 - 2347\nSL: 2342\nTP1: 2353\nTP2: 2356"])
    def test_the_markets_price_now_is_no_level_of_the_order(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert (signal.entry, signal.entry_range) == (None, (Decimal(2347), Decimal(2350)))
        assert signal.take_profits == (Decimal(2353), Decimal(2356))

    def test_a_target_named_after_a_word_labels_no_level(self, parser: SignalParser) -> None:
        signal = _one(parser, "Don't forget to move SL to entry after TP1\n\nBTC，88700附近，做空\n止损预计: 90800\n"
                              "止盈预计: 87400/86800/85600")
        assert (signal.entry, signal.take_profits) == (Decimal(88700), (Decimal(87400), Decimal(86800), Decimal(85600)))

    @pytest.mark.parametrize("header", ["Price now 2345.6", "Market price : 2345.6"])
    def test_a_quote_above_a_limit_order_leaves_it_a_limit(self, parser: SignalParser, header: str) -> None:
        signal = _one(parser, f"{header}\n\nGOLD Sell LIMIT 4167/4170\nSL 4190\nTP 4164")
        assert (signal.order_type, signal.entry_range) == (OrderType.LIMIT, (Decimal(4167), Decimal(4170)))

    def test_a_side_word_under_the_targets_keeps_the_last_one(self, parser: SignalParser) -> None:
        signal = _one(parser, "BUY HDFC 1060 CE AT 9 SL 3 TARGET 20\nBuy only 1 lot")
        assert signal.take_profits == (Decimal(20),)

    def test_a_quote_above_a_stop_order_leaves_it_a_stop(self, parser: SignalParser) -> None:
        signal = _one(parser, "Price now 2345.6\n\nPair: XAUUSD\nType: BUY STOP\nEntry: 2650.50\nSL: 2645.00\n"
                              "TP: 2660.00")
        assert (signal.order_type, signal.entry) == (OrderType.STOP, Decimal("2650.50"))

    def test_a_rule_about_stops_above_the_order_is_no_level(self, parser: SignalParser) -> None:
        signal = _one(parser, "Stop loss is mandatory\n\nSymbol: #ETHUSDT.P\nPosition: LONG\nOrder Type: Limit\n"
                              "Entry: 3346.91 - 3358.32\nSL: 3337.63\nTP: 3363.43")
        assert (signal.order_type, signal.stop_loss) == (OrderType.LIMIT, Decimal("3337.63"))

    def test_a_count_under_the_targets_adds_none(self, parser: SignalParser) -> None:
        signal = _one(parser, "BUY EURUSD\nEntry NOW\nSL 1.09500\nTP 1.09600\n\nTrade 2 of 3 today")
        assert signal.take_profits == (Decimal("1.09600"),)

    def test_a_runner_word_on_a_later_line_leaves_the_target_before_it(self, parser: SignalParser) -> None:
        signal = _one(parser, "$AVAX long zone 24.75- 24.6\n\nSL 23.57\n\ntp 31\n\nHold 1-2 days")
        assert signal.take_profits == (Decimal(31),)

    def test_a_number_in_brackets_after_a_target_is_its_distance(self, parser: SignalParser) -> None:
        signal = _one(parser, "GBPJPY Sell now\nEnter 196.460\nSL 197.360 (90)\nTP1 196.060\nTP2 190.960 (550)")
        assert signal.take_profits == (Decimal("196.060"), Decimal("190.960"))

    @pytest.mark.parametrize("note", ["($150)", "(150$)", "(+$150)", "[1]"])
    def test_money_or_an_index_in_brackets_after_a_target_is_no_target(self, parser: SignalParser, note: str) -> None:
        # (in the targets' scale: 150 beside SOL at 142.5, 1 beside EURUSD at 1.08)
        sol = _one(parser, f"SOLUSDT SHORT\nEntry 142.5\nSL 150.0\nTP1: 137.5$ {note}\nTP2: 132.5$ {note}")
        eur = _one(parser, f"EURUSD BUY\nEntry 1.0850\nSL 1.0790\nTP1: 1.0890 {note}\nTP2: 1.0930 {note}")
        assert sol.take_profits == (Decimal("137.5"), Decimal("132.5")) and not sol.reasons
        assert eur.take_profits == (Decimal("1.0890"), Decimal("1.0930")) and not eur.reasons


class TestAddOnsAndMargins:
    def test_an_add_on_level_is_no_entry_of_a_market_order(self, parser: SignalParser) -> None:
        signal = _one(parser, "ATOM/USDT long\n\nВход: по рынку, Добор: ниже 2.2653\n\nТейки: 2.3365 2.3595 2.5470")
        assert (signal.entry, signal.take_profits[0]) == (None, Decimal("2.3365"))

    def test_a_margin_in_dollars_is_no_entry(self, parser: SignalParser) -> None:
        signal = _one(parser, "LONG #ARB маржа 400$")
        assert signal.entry is None


class TestContractsBoughtAbove:
    @pytest.mark.parametrize(("content", "symbol", "entry"), [
        ("BANKNIFTY 55600 PUT ABOVE 340", "BANKNIFTY55600PE", 340),
        ("BANK NIFTY\n45000 PE\nABOVE 330", "BANKNIFTY45000PE", 330),
    ])
    def test_a_contract_with_a_premium_above_is_bought_and_held(self, parser: SignalParser, content: str,
                                                                symbol: str, entry: int) -> None:
        signal = _one(parser, content)
        assert (signal.symbol, signal.side, signal.entry) == (symbol, Side.BUY, Decimal(entry))
        assert "side_inferred" in signal.reasons and signal.needs_review(REVIEW_BELOW_CONFIDENCE_DEFAULT)


class TestLaddersAfterASide:
    @pytest.mark.parametrize("content", ["GOLD BUY 2345 - 2340 - 2335\nSL 2325\nTP 2360",
                                         "GOLD BUY 2345, 2340, 2335\nSL 2325\nTP 2360"])
    def test_three_prices_after_a_side_span_one_zone_and_stay_held(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert signal.entry_range == (Decimal(2335), Decimal(2345))
        assert "ambiguous_entry" in signal.reasons


class TestCapitalsAndGluedWords:
    def test_near_in_capitals_after_a_side_under_a_named_market_is_the_word(self, parser: SignalParser) -> None:
        signal = _one(parser, "GOLD\nBUY NEAR 2345\nSL 2335\nTP 2355")
        assert (signal.symbol, signal.entry) == ("XAUUSD", Decimal(2345))

    def test_near_alone_after_a_side_is_still_the_coin(self, parser: SignalParser) -> None:
        assert _one(parser, "#NEAR/USDT\nBUY NEAR 5.20\nSL 4.9").symbol == "NEARUSDT"

    def test_a_call_in_capitals_before_the_side_names_no_share(self, parser: SignalParser) -> None:
        signal = _one(parser, "1-2 DAYS TECHNICAL CALL BUY BHARTIHEXA ABOVE 1555 WITH STOP LOSS 1526 TARGET 1612")
        assert signal.symbol == "BHARTIHEXA"

    def test_a_short_phrase_parted_by_a_tab_is_still_a_short(self, parser: SignalParser) -> None:
        assert _one(parser, "$SOL\t-\tPosição\tcurta\taberta").side is Side.SELL

    def test_a_zone_glued_to_its_side_word(self, parser: SignalParser) -> None:
        signal = _one(parser, "GOLD SELL4405-4415\nTP1 4400\nTP2 4398\nSL4420")
        assert (signal.entry, signal.entry_range) == (None, (Decimal(4405), Decimal(4415)))

    def test_a_comma_thousands_zone_in_shorthand_rolls_over(self, parser: SignalParser) -> None:
        assert _one(parser, "SELL GOLD 4,198-02\nSL 4,215").entry_range == (Decimal(4198), Decimal(4202))

    def test_a_stops_index_then_a_price_in_thousands_is_no_ratio(self, parser: SignalParser) -> None:
        signal = _one(parser, "SELL XAUUSD 2655\nStop Loss 1: 2,662\nTP 2650")
        assert signal.stop_loss == Decimal(2662)

    def test_a_stops_index_then_a_price_near_one_is_no_ratio(self, parser: SignalParser) -> None:
        signal = _one(parser, "SELL EURUSD\nEntry: 1.32750 - 1.32850\nStop Loss 1: 1.33100\nStop Loss 2: 1.33200\n"
                              "Take Profit 1: 1.32400")  # as at gold's scale; before: the second stop, traded
        assert (signal.stop_loss, "stops_differ" in signal.reasons) == (Decimal("1.33100"), True)
        assert _one(parser, "BUY EURUSD 1.0850\nSL 1.0800\nTP 1.0900\nRR 1:2.5").reasons == ()  # a ratio still

    def test_two_stops_in_thousands_still_differ(self, parser: SignalParser) -> None:
        signal = _one(parser, "SELL XAUUSD\nEntry: 2,655 - 2,657\nStop Loss 1: 2,662\nStop Loss 2: 2,664\n"
                              "Take Profit 1: 2,648")
        assert (signal.stop_loss, "stops_differ" in signal.reasons) == (Decimal(2662), True)


class TestHorizonsAndInvalidation:
    @pytest.mark.parametrize("footer", ["Expected duration: Short and medium term", "Horizon: short to mid term"])
    def test_a_horizon_of_two_terms_is_no_side(self, parser: SignalParser, footer: str) -> None:
        signals = parser.parse_all(f"#DOGE/USDT\nBuy 0.2347\nTargets 0.239\nStop 0.2\n{footer}")
        assert not isinstance(signals, NotASignal) and [s.side for s in signals] == [Side.BUY]

    @pytest.mark.parametrize("line", ["Invalid / 2335", "Invalid: 2335"])
    def test_invalid_as_a_field_labels_the_stop(self, parser: SignalParser, line: str) -> None:
        signal = _one(parser, f"XAUUSD BUY 2345\nTP 2350\n{line}")
        assert (signal.stop_loss, signal.take_profits) == (Decimal(2335), (Decimal(2350),))

    @pytest.mark.parametrize("line", [" Invalid / 2335", "📍 Invalid: 2335"])
    def test_invalid_after_marks_labels_the_stop(self, parser: SignalParser, line: str) -> None:
        assert _one(parser, f"XAUUSD BUY 2345\nTP 2350\n{line}").stop_loss == Decimal(2335)


class TestAChannelsTitleAboveACoin:
    @pytest.mark.parametrize(("content", "symbol"), [
        ("🔥 GOLD SNIPER VIP 🔥\n#ETH\nШОРТ 📉\nВход: 1850.00\nТп1: 1820.00\nСл: 1880.00", "ETHUSDT"),
        ("🔥 GOLD SNIPER VIP 🔥\nBtc\n方向：空\n建仓：105500-106000\n止损：106500\n止盈：105000-104500", "BTCUSDT"),
        ("🔥 GOLD SNIPER VIP 🔥\n📢 交易訊號發布: ETH\n做多 LONG 🟢\n入場價格 (Entry)\n2650\n止盈目標 (TP)\n2790\n"
         "止損價格 (SL)\n2580", "ETHUSDT"),
    ])
    def test_a_coin_named_before_the_side_beats_the_title(self, parser: SignalParser, content: str,
                                                          symbol: str) -> None:
        assert _one(parser, content).symbol == symbol

    def test_a_coin_in_prose_under_the_order_still_contests(self, parser: SignalParser) -> None:
        signal = _one(parser, "GOLD SIGNALS VIP\nbtc is pumping today\nGOLD BUY 2345\nSL 2335\nTP 2355")
        assert signal.symbol == "XAUUSD"


class TestZonesJoinedByWords:
    @pytest.mark.parametrize("content", ["BTC LONG 64000 até 63500\nSL 62000", "BTC LONG 64000 ATÉ 63500\nSL 62000",
                                         "📈 LONG\n▪️МОНЕТА: BTC\n▪️ВХОД: ОТ 64000 ДО 63500\n▪️СТОП: 62000"])
    def test_a_word_for_to_in_any_case_joins_a_zone(self, parser: SignalParser, content: str) -> None:
        assert _one(parser, content).entry_range == (Decimal(63500), Decimal(64000))

    @pytest.mark.parametrize("content", ["Hello\n1910 limit long ETH", "📢 Signal #4521\n1910 limit long ETH"])
    def test_a_price_opening_a_later_line_before_limit_and_side(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert (signal.order_type, signal.entry) == (OrderType.LIMIT, Decimal(1910))

    def test_a_market_only_in_the_title_is_held(self, parser: SignalParser) -> None:
        signal = _one(parser, "🔥 GOLD SNIPER VIP 🔥\nBUY 2350.00 | SL 2345.00 | TP1 2352.50")
        assert signal.symbol == "XAUUSD" and "symbol_from_title" in signal.reasons and signal.needs_review()

    def test_a_market_in_the_title_and_on_the_order_line_trades(self, parser: SignalParser) -> None:
        signal = _one(parser, "🔥 GOLD SNIPER VIP 🔥\nGOLD BUY 2350.00 | SL 2345.00 | TP1 2352.50")
        assert "symbol_from_title" not in signal.reasons and not signal.needs_review()


class TestTicksUnderBullets:
    def test_a_repost_with_ticked_targets_under_bullets_is_a_result(self, parser: SignalParser) -> None:
        found = parser.parse_all("📍 #ETH/USDT\n📍 Trade Type: Regular (SHORT)\n📍 Entry Zone:\n📍 2460- 2478\n"
                                 "📍 Take-Profit Targets:\n📍 1) 2430 - 20%✅\n📍 2) 2409- 20%✅\n📍 3) 2380 - 20%\n"
                                 "📍 Stop Targets:\n📍 1) 2630 - 100.0%")
        assert isinstance(found, NotASignal)


class TestExpiryIsNoName:
    def test_an_expiry_in_capitals_before_a_contract_names_no_underlying(self, parser: SignalParser) -> None:
        found = parser.parse_all("14TH FEB EXPIRY  BUY 45200 CE ONLY ABV 220 SL-180 TARGET -400-500-750")
        assert isinstance(found, NotASignal)

    def test_an_expiry_between_the_index_and_its_strike(self, parser: SignalParser) -> None:
        signal = _one(parser, "Sell Nifty 25 June expiry 10400 Call option around 75\nTarget 36 / 18\nStop loss 100")
        assert signal.symbol == "NIFTY10400CE"


class TestWordsThatAreNoCondition:
    def test_provided_by_a_channel_is_no_condition(self, parser: SignalParser) -> None:
        signal = _one(parser, "Long #BTC 77777 TP 100k SL 73k provided by : @CryptoVip_Tools")
        assert (signal.side, signal.entry) == (Side.BUY, Decimal(77777))

    def test_a_plan_for_the_stop_once_a_target_is_hit_is_no_condition(self, parser: SignalParser) -> None:
        signal = _one(parser, "NZD/JPY BUY @ 91.691 TP1 - 91.811 SL - 91.331 When first position hits TP1 move SL to "
                              "breakeven on the remaining")
        assert signal.entry == Decimal("91.691")

    @pytest.mark.parametrize("content", ["Buy XAUUSD if TP1 of the last trade hits",
                                         "Sell XAUUSD 2345 SL 2350 TP 2330 if price breaks 2340",
                                         "Buy gold provided the price holds 2340"])
    def test_a_condition_on_the_order_still_refuses_it(self, parser: SignalParser, content: str) -> None:
        assert isinstance(parser.parse_all(content), NotASignal)


class TestAnotherMarketsPrices:
    def test_a_big_coin_priced_like_gold_is_held(self, parser: SignalParser) -> None:
        signal = _one(parser, "💸SOL/USDT\nSell Zone\n\n5089 - 5093\n\nInvalid / SL 5094")
        assert "price_out_of_range" in signal.reasons and signal.needs_review()

    def test_a_coins_old_price_is_read_as_written(self, parser: SignalParser) -> None:
        signal = _one(parser, "BNB/USDT | ENTRY 3.060 - 3.090 | TARGETS 3.400 - 3.650 | STOP LOSS 2.818")
        assert signal.entry_range == (Decimal("3.060"), Decimal("3.090"))

    def test_a_hashtag_right_after_the_side_beats_a_market_in_the_line_above(self, parser: SignalParser) -> None:
        signal = _one(parser, "Gold looks strong today\nBUY #ADANIENT ABOVE 2960 TARGET 2975 SL 2949")
        assert signal.symbol == "ADANIENT" and "symbol_contested" in signal.reasons and signal.needs_review()

    def test_a_coin_on_a_later_line_contests_a_market_priced_only_in_prose(self, parser: SignalParser) -> None:
        signal = _one(parser, "XRP 看到3.65-3.66附近，可以留意多单\n🔷 #FOGO | 🔮 15 m\n💰 Entry: $0.02051\n"
                              "🔴 SL: $0.01877\n🟢 TP1 → $0.02154")
        assert "symbol_contested" in signal.reasons and signal.needs_review()

    def test_a_market_alone_on_its_line_contests_one_named_in_an_exit_above(self, parser: SignalParser) -> None:
        signal = _one(parser, "ALERT: flat stopped $SPX short\nGOLD\n\nSell AGAIN below 5024\n\nTarget: 5007, 4983\n"
                              "Sl: 5028")
        assert "symbol_contested" in signal.reasons and signal.needs_review()


class TestAQuoteAboveAnotherMarketsOrder:
    def test_a_quote_in_a_sentence_then_an_order_on_another_market(self, parser: SignalParser) -> None:
        signal = _one(parser, "Gold is now at 2345\neth 1800 多单 止盈：4900，止损1600")
        assert (signal.symbol, signal.entry) == ("ETHUSDT", Decimal(1800)) and signal.needs_review()

    def test_a_price_in_a_sentence_then_an_order_on_another_market_is_held(self, parser: SignalParser) -> None:
        signal = _one(parser, "Gold is at 2345 now\neth 1800 多单 止盈：4900，止损1600")
        assert "symbol_contested" in signal.reasons and signal.needs_review()

    def test_an_entrys_time_limit_keeps_the_entry(self, parser: SignalParser) -> None:
        assert _one(parser, "BTCUSDT BUY 45000\nEntry valid for 2 hours").entry == Decimal(45000)


class TestEntriesWithShares:
    @pytest.mark.parametrize("line", ["Entry: 0.50 (50%), 0.48 (50%)", "Entry: 0.50 (50%)\n0.48 (50%)",
                                      "BUY: 0.50 (50%) 0.48 (50%)", "Entry: 0.50 (1st) 0.48 (2nd)",
                                      "Entry: 0.50 (1st), 0.48 (2nd)"])
    def test_entries_each_with_its_share_span_one_zone(self, parser: SignalParser, line: str) -> None:
        signal = _one(parser, f"#ADA/USDT LONG\n{line}\nSL 0.45\nTP 0.55")
        assert (signal.entry, signal.entry_range) == (None, (Decimal("0.48"), Decimal("0.50")))

    def test_a_limit_word_after_a_zone_types_the_order(self, parser: SignalParser) -> None:
        signal = _one(parser, "GBPUSD BUY\nENTRY: 1.2700 – 1.2730 (Limit)\nSL 1.2650\nTP 1.2800")
        assert (signal.order_type, signal.entry_range) == (OrderType.LIMIT, (Decimal("1.2700"), Decimal("1.2730")))

    def test_a_korean_target_label(self, parser: SignalParser) -> None:
        assert _one(parser, "#ADA/USDT 롱\n진입: 0.50\n손절: 0.45\n목표: 0.55").take_profits == (Decimal("0.55"),)


class TestMarketsNamedBesideOtherLines:
    def test_a_name_with_a_bracketed_expiry_before_its_price_contests(self, parser: SignalParser) -> None:
        signal = _one(parser, "#POL/USDT Entered entry zone ✅\nBUY TCS FUT (30 DEC)CMP 3100 SL 3010 TGT 3240")
        assert "symbol_contested" in signal.reasons and signal.needs_review()

    def test_a_name_guessed_under_an_exit_contests_every_leg(self, parser: SignalParser) -> None:
        found = parser.parse_all("STC AMZN 02/06/26 250C @ 1.63 (Exit most here)\nPNUT short entry 0.5479 and short "
                                 "limit 0.5645 🔥\n\nSL 0.5835\nTP 0.4449")
        assert isinstance(found, list) and len(found) == 2 and all(s.needs_review() for s in found)

    def test_a_name_then_a_dash_and_words_before_its_price_contests(self, parser: SignalParser) -> None:
        signal = _one(parser, "🔴 SIGNAL UPDATE: TONUSDT 🔴\nSell COPPER - Feb @ 716, Sell up to 718, for the Targets "
                              "of 700-682, with SL @ 726.10")
        assert "symbol_contested" in signal.reasons and signal.needs_review()

    def test_a_name_before_the_orders_labels_contests(self, parser: SignalParser) -> None:
        signal = _one(parser, "BSE 3500 CE\nSELL TATASTEEL Target: 145 StopLoss: 155")
        assert "symbol_contested" in signal.reasons and signal.needs_review()

    def test_a_market_named_with_no_price_is_shared_only_with_a_doubt(self, parser: SignalParser) -> None:
        signal = _one(parser, "Sell zone\n\n5054-5059\n\nTargets\n\n5052\n5050\n\nInvalid / SL 5060\n"
                              "📉 卖出 BTC/USDT - 止盈")
        assert "symbol_shared" in signal.reasons and signal.needs_review()

    def test_a_coin_after_levels_with_no_side_takes_its_own_side_word(self, parser: SignalParser) -> None:
        found = parser.parse_all("Coin: #BNBUSDT | Entry 1140–1165 | SL 1110 | TP 1180\n#DYM 市價輕倉多")
        assert isinstance(found, list) and [s.symbol for s in found] == ["BNBUSDT", "DYMUSDT"]
        assert all(s.needs_review() for s in found)


class TestDistancesAndHeadingsBesideLevels:
    @pytest.mark.parametrize("content", [
        "BTCUSDT LONG\nEntry: 60000\nTarget 1: 61000 (+1.6% profit)\nTarget 2: 62000 (+3.3% profit)\nSL: 59000",
        "ETHUSDT BUY\nEntry: 3200\nTP1: 3250 — 1.5% profit\nTP2: 3300 — 3% profit\nSL: 3150",
        "#LINK/USDT SHORT\nEntry: 14.20\nTP1: 13.90 (10% profit with 5x)\nSL: 14.60",
        "BTCUSDT LONG\nEntry: 60000\nTarget 1: 61000\nSL: 58800 (-2% loss)",
    ])
    def test_a_levels_percent_distance_is_no_result(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert signal.stop_loss is not None and signal.take_profits

    @pytest.mark.parametrize("content", [
        "ETHUSDT BUY\nTP1: 3250 — 1.5% profit ✅",  # ticked: the target was hit
        "ETHUSDT BUY 3200\nTP1: 3250 reached 1.5% profit",
        "SOL LONG\nEntry: 150\nTP: 160\nSL: 145\n🚫4.55% Loss (2x)🚫",  # a percent with no price before it
        "📍COIN: $ICP/USDT Direction: LONG Target 1: 5.95✅Target 2: 6.15✅High Reached: 9.80✅🔥302.3% Profit (3x)🔥",
    ])
    def test_a_percent_reported_stays_a_result(self, parser: SignalParser, content: str) -> None:
        assert isinstance(parser.parse_all(content), NotASignal)

    def test_a_trade_summary_heading_over_the_levels_is_no_report(self, parser: SignalParser) -> None:
        signal = _one(parser, "📝 Trade Summary\nXAUUSD BUY\nEntry 3357\nStop Loss 3320\nTake Profit 1 3445")
        assert (signal.entry, signal.stop_loss) == (Decimal("3357"), Decimal("3320"))

    def test_a_summary_of_results_stays_a_report(self, parser: SignalParser) -> None:
        assert isinstance(parser.parse_all("Weekly summary\nXAUUSD BUY 2350 SL 2340 TP 2370"), NotASignal)


class TestIndexNamesWrittenWithTheirNumber:
    @pytest.mark.parametrize(("name", "symbol"), [
        ("FTSE 100", "FTSE100"), ("NAS 100", "NAS100"), ("US 30", "US30"), ("UK 100", "UK100"), ("SPX 500", "SPX500"),
        ("Nikkei 225", "NIKKEI225"), ("CAC 40", "CAC40"), ("US Tech 100", "NAS100"), ("Dow Jones 30", "US30"),
        ("Russell 2000", "US2000"), ("ASX 200", "ASX200"),
    ])
    def test_the_number_belongs_to_the_name(self, parser: SignalParser, name: str, symbol: str) -> None:
        signal = _one(parser, f"BUY {name} @ 8250\nSL 8200\nTP 8350")
        assert (signal.symbol, signal.entry) == (symbol, Decimal("8250"))

    def test_us_in_prose_before_a_number_is_no_index(self, parser: SignalParser) -> None:
        assert _one(parser, "BUY 2345\nSL 2335\nTP 2360\nThis one gave us 30 pips").symbol != "US30"
        assert _one(parser, "BUY 2345\nSL 2335\nTP 2360\nThis one gave US 30 pips").symbol == "US30"  # (capitals)


class TestOtherTradersStopsAndCandles:
    @pytest.mark.parametrize("content", ["XAUUSD BUY 2345\nPossible stop hunt to 2330 first\nTP 2360\nSL 2325",
                                         "XAUUSD BUY 2345\nStop hunting below 2330 likely\nTP 2360\nSL 2325"])
    def test_a_stop_hunt_is_no_stop_loss(self, parser: SignalParser, content: str) -> None:
        assert _one(parser, content).stop_loss == Decimal("2325")

    def test_a_long_candle_is_no_side(self, parser: SignalParser) -> None:
        found = parser.parse_all("$STG\nDirection: Long\nEntry: 0.1880 - 0.1905\nSL: 0.1800\nTP: 0.2100\n"
                                 "A long candle engulfed the high; short candles followed.")
        assert isinstance(found, list) and [s.side for s in found] == [Side.BUY]


class TestAlternativeEntries:
    def test_two_zones_offered_as_alternatives_are_held(self, parser: SignalParser) -> None:
        signal = _one(parser, "THE/USDT Long\nEntry: 0.0600 - 0.0610 or 0.0545 - 0.0565\nTP: 0.0650\nSL: 0.0510")
        assert "ambiguous_entry" in signal.reasons and signal.needs_review()

    def test_two_prices_offered_as_alternatives_are_one_zone(self, parser: SignalParser) -> None:
        signal = _one(parser, "THE/USDT Long\nEntry: 0.0610 or 0.0565\nTP: 0.0650\nSL: 0.0510")
        assert signal.entry_range == (Decimal("0.0565"), Decimal("0.0610")) and not signal.reasons


class TestIndicatorPeriods:
    @pytest.mark.parametrize("content", [
        "ADA/USDT\nDirection: Short (rejected at 20MA resistance)\nEntry Zone: 0.7520-0.7640\nSL: 0.7812\nTP: 0.7260",
        "ADA/USDT\nDirection: Short (rejected at the 200 EMA)\nEntry Zone: 0.7520-0.7640\nSL: 0.7812\nTP: 0.7260",
    ])
    def test_a_moving_averages_period_before_its_name_is_no_price(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert (signal.entry, signal.entry_range) == (None, (Decimal("0.7520"), Decimal("0.7640")))

    def test_ma_as_a_word_after_a_price_leaves_the_price(self, parser: SignalParser) -> None:
        assert _one(parser, "Compra oro 2345 ma attenzione\nSL 2335\nTP 2360").entry == Decimal("2345")


class TestPricesLaidOutOnTheirOwnLines:
    @pytest.mark.parametrize("content", [
        "Hello traders!\n\n4332-4347\nSell / venta\nXAUUSD",
        "📢 Signal #4521\n\n4332-4347\n\nSell\n\nXAUUSD",
        "4332-4347\nSell / venta\nXAUUSD",
    ])
    def test_a_zone_alone_over_the_side_word_is_the_orders(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert (signal.symbol, signal.side, signal.entry_range) == ("XAUUSD", Side.SELL,
                                                                    (Decimal("4332"), Decimal("4347")))

    def test_a_price_after_words_on_its_line_is_not_taken_over_the_side(self, parser: SignalParser) -> None:
        signal = _one(parser, "Gold was 4332 this morning\nSell\nXAUUSD 4350\nSL 4360")
        assert signal.entry == Decimal("4350")

    def test_a_ladder_with_mixed_spacing_spans_one_zone(self, parser: SignalParser) -> None:
        signal = _one(parser, "COIN: $DOGE/USDT\nDirection: Long\nENTRY: 0.0695-0.0785 - 0.0872\n"
                              "TARGETS: 0.0895 - 0.092\nSTOP: 0.063")
        assert signal.entry_range == (Decimal("0.0695"), Decimal("0.0872")) and not signal.needs_review()

    @pytest.mark.parametrize("label", ["Tp", "Targets", "🎯 Take Profit"])
    def test_targets_under_a_bare_label_keep_their_pip_distances(self, parser: SignalParser, label: str) -> None:
        signal = _one(parser, f"Usdchf\nBuy\n0.9725\nSl 0.9620\n{label}\n0.9950 (+30 pips)\n1.0000 (+80 pips)")
        assert signal.take_profits == (Decimal("0.9950"), Decimal("1.0000"))

    def test_a_ticked_target_under_a_bare_label_stays_a_result(self, parser: SignalParser) -> None:
        assert isinstance(parser.parse_all("Usdchf Buy 0.9725\nTargets\n0.9950 +30 pips ✅"), NotASignal)


class TestPricesAsChannelsSpellThem:
    @pytest.mark.parametrize("content", [
        "Pair: GBPJPY | Side: long | Entry: 135,886 | Take Profit 136,600 | Stop Loss: 135,650",
        "Pair: GJ | Side: BUY | Entry: 135,886 | Take Profit: 136,600 | Stop Loss: 135,650",
    ])
    def test_a_yen_crosss_three_decimals_after_a_comma(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert (signal.entry, signal.stop_loss) == (Decimal("135.886"), Decimal("135.650"))

    @pytest.mark.parametrize(("content", "entry"), [
        ("XAUUSD BUY 2,345\nSL 2,335\nTP 2,360", Decimal("2345")),
        ("He has a sell call on MCX silver at Rs 44,000 per kg with a stop loss of Rs 44,500 and target Rs 43,300",
         Decimal("44000")),
    ])
    def test_thousands_stay_thousands_where_the_market_trades_so(self, parser: SignalParser, content: str,
                                                                 entry: Decimal) -> None:
        assert _one(parser, content).entry == entry

    def test_targets_joined_by_a_dash_after_a_dollar_sign(self, parser: SignalParser) -> None:
        signal = _one(parser, "#AIA/USDT LONG NOW\nEntry 1.0420$\nTP(1.0685$- 1.1030$-1.1650$-1.2888$)\nSL 0.971$")
        assert signal.take_profits == (Decimal("1.0685"), Decimal("1.1030"), Decimal("1.1650"), Decimal("1.2888"))

    def test_a_pip_distance_after_a_dollar_sign_is_no_target(self, parser: SignalParser) -> None:
        assert _one(parser, "XAUUSD BUY 2345\nTP1 2360$ -30 pips\nSL 2335").take_profits == (Decimal("2360"),)

    def test_a_size_in_lots_with_three_decimals_is_no_price(self, parser: SignalParser) -> None:
        signal = _one(parser, "Bought 0.690 Lots #GBPCHF 1.46140 SL 1.458170 TP 1.466170")
        assert (signal.entry, signal.take_profits) == (Decimal("1.46140"), (Decimal("1.466170"),))


@pytest.mark.parametrize("sentence", ["Last high (2390) is within reach before hitting full target (2400).",
                                      "We close half once we reach the first target 2370."])
def test_a_target_named_in_a_sentence_after_the_plan_is_no_target_of_its_own(parser: SignalParser,
                                                                               sentence: str) -> None:
    signal = _one(parser, f"GOLD BUY\nEntry Price 2350\nStop Loss (SL) 2340\nTarget Price 2400\n\n{sentence}")
    assert signal.take_profits == (Decimal(2400),)


def test_a_side_named_by_the_with_its_price_right_after_is_an_order_held_for_review(parser: SignalParser) -> None:
    signal = _one(parser, "Unleash the Gold sell @3983.5-3989.3\n\nSL: 3991.3\n\nTP1: 3981.5\nTP2: 3980")
    assert (signal.side, signal.entry_range) == (Side.SELL, (Decimal("3983.5"), Decimal("3989.3")))
    assert signal.reasons == ("side_after_reference",) and signal.needs_review()
    for follow_up in ("Close the gold sell now", "Hold the gold sell 3983", "The gold sell at 3983 hit TP1"):
        assert isinstance(parser.parse_all(follow_up), NotASignal)
