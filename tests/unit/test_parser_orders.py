"""How an order is written in channels the parser met late: futures roots and contract counts, an order type
after the entry's price, a pending order waiting to fill, a strategy's quoted name, an order already placed
being modified.

The examples are written for these tests (not taken from the corpus): each states one rule of the reader."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.domain.signal import NotASignal, OrderType, Side
from shared.parsing import SignalParser
from tests.support.parsing import one_signal as _one


def _listed(found: object) -> list[object]:
    assert isinstance(found, list), found
    return found


class TestFutures:
    @pytest.mark.parametrize(("content", "symbol", "side"), [
        ("BUY 1 MNQ LIMIT @ 21450", "MNQ", Side.BUY),
        ("SELL 2 ES LIMIT @ 5890.25", "ES", Side.SELL),
        ("SHORT 3 YM LIMIT @ 43100", "YM", Side.SELL),
    ])
    def test_a_count_of_contracts_before_the_root_is_no_price(
            self, parser: SignalParser, content: str, symbol: str, side: Side) -> None:
        signal = _one(parser, content)
        assert (signal.symbol, signal.side, signal.order_type) == (symbol, side, OrderType.LIMIT)
        assert signal.entry is not None and signal.entry > 100

    def test_a_root_in_lower_case_is_a_word(self, parser: SignalParser) -> None:
        assert isinstance(parser.parse_all("compra es 1.0850 sl 1.0820 tp 1.0900"), NotASignal)

    def test_a_count_after_the_root_is_no_price_and_the_order_is_held(self, parser: SignalParser) -> None:
        signal = _one(parser, "LONG MES 2")
        assert signal.entry is None and signal.needs_review()


class TestOrderWording:
    @pytest.mark.parametrize("content", [
        "#ETHUSDT Long\nВход: 2410.5 лимитка\nTP: 2480\nSL: 2380",
        "BTCUSDT LONG\nEntry: 64100 (limit)\nTP: 66000\nSL: 63000",
        "BTCUSDT LONG\nEntry: 64100 - limit\nTP: 66000\nSL: 63000",  # (a market order before)
        "BTCUSDT LONG\nEntry: 64100, limit\nTP: 66000\nSL: 63000",
    ])
    def test_a_limit_word_right_after_the_entry_price_types_the_order(
            self, parser: SignalParser, content: str) -> None:
        assert _one(parser, content).order_type is OrderType.LIMIT

    @pytest.mark.parametrize("content", [
        "XAUUSD SELL\nEntry Price: 2350 - 2355 (Sell Limit)\nTP: 2340\nSL: 2365",
        "XAUUSD SELL\nEntry Price: 2350 (Sell Limit)\nTP: 2340\nSL: 2365",
    ])
    def test_an_order_type_after_the_entry_or_its_zone_types_the_order(
            self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert (signal.side, signal.order_type, signal.reasons) == (Side.SELL, OrderType.LIMIT, ())

    @pytest.mark.parametrize(("content", "side"), [
        ("EURUSD | STOP BUY\nEntry - 1.0850\nSL: 1.0790\nTP 1.0890", Side.BUY),
        ("XAGUSD Stop Sell\nEntry: 29.50\nSL 30.25\nTP 29.00", Side.SELL),
    ])
    def test_the_order_type_before_the_side_types_the_order(self, parser: SignalParser, content: str,
                                                            side: Side) -> None:
        # ("STOP SELL" was a stop loss's label, then a market Sell)
        signal = _one(parser, content)
        assert (signal.side, signal.order_type, signal.reasons) == (side, OrderType.STOP, ())

    def test_a_limit_word_on_the_next_line_types_its_own_leg_only(self, parser: SignalParser) -> None:
        found = parser.parse_all("🔴 SHORT - $OP\n- Entry: 1.52\n- Limit entry: 1.61\n- SL: 1.70\n🎯 TP1: 1.40")
        assert isinstance(found, list), found
        assert [s.order_type for s in found] == [OrderType.MARKET, OrderType.LIMIT]
        # (on one line too: the first leg was typed a limit by the second's word)
        joined = parser.parse_all("🔴 SHORT - $OP - Entry: 1.52 - Limit entry: 1.61 - SL: 1.70 🎯 TP1: 1.40")
        assert isinstance(joined, list), joined
        assert [(s.entry, s.order_type) for s in joined] == [(Decimal("1.52"), OrderType.MARKET),
                                                              (Decimal("1.61"), OrderType.LIMIT)]

    def test_waiting_for_the_order_to_fill_is_no_condition(self, parser: SignalParser) -> None:
        signal = _one(parser, "AUDCAD SELL 0.91210 SL: 0.91500 TP1 0.90900 TP2 0.90500 Wait for execution")
        assert (signal.symbol, signal.side, signal.entry) == ("AUDCAD", Side.SELL, Decimal("0.91210"))

    def test_waiting_for_a_break_stays_a_condition(self, parser: SignalParser) -> None:
        assert isinstance(parser.parse_all("AUDCAD SELL 0.91210 SL: 0.91500 TP1 0.90900 wait for a break"),
                          NotASignal)

    def test_a_strategy_named_in_quotes_before_the_side_leaves_the_side_an_order(self, parser: SignalParser) -> None:
        signal = _one(parser, "Стратегия «EMA 9/21» открыла ЛОНГ по SOLUSDT\nВход 142.5, стоп 138.1, цель 150.2")
        assert (signal.symbol, signal.side, signal.stop_loss) == ("SOLUSDT", Side.BUY, Decimal("138.1"))

    def test_a_strategy_name_holding_the_side_is_still_a_name(self, parser: SignalParser) -> None:
        found = parser.parse_all("Strategy Long Wave: SOLUSDT entry 142.5 stop 138.1 target 150.2")
        assert isinstance(found, NotASignal), found

    @pytest.mark.parametrize("content", [
        "🔄 ORDER MODIFIED - ID#5521\nPair: EURUSD\nType: BUY LIMIT\nEntry: 1.0820\nSL: 1.0790\nTP: 1.0900",
        "Position updated: GOLD SELL 2351 SL 2360 TP 2330",
        # (traded: only "SL/TP" before "Modified" was read so)
        "Take Profit Modified: GBPUSD Sell\nSL: 1.27300, TP: 1.26000",
        "?? S.L./T.P. Modified: GBPUSD Sell\nS.L.: 1.27300, T.P.: 1.26000",
        "Modified: GBPUSD Sell SL 1.27300 TP 1.26000",
    ])
    def test_an_order_already_placed_being_modified_opens_nothing(self, parser: SignalParser, content: str) -> None:
        found = parser.parse_all(content)  # a complete setup with such wording is held for a person, not traded
        assert isinstance(found, NotASignal) or all("management_wording" in s.reasons and s.needs_review()
                                                    for s in found), found


class TestLegsAndTriggers:
    def test_the_side_restated_under_the_entry_without_a_price_is_no_leg(self, parser: SignalParser) -> None:
        content = ("COIN: ATOM/USDT\nİŞLEM: SHORT\nGİRİŞ FİYATI: $4.812\n   └─ Şu anki fiyattan SHORT aç\n"
                   "   ├─ Fiyat -%2.5 düştü\n   ├─ Hacim normal hacmin 3.5 KATI arttı!\n"
                   "KÂR AL (HEDEF): $4.670\nZARAR KES (STOP): $4.880")
        signal = _one(parser, content)
        assert (signal.entry, signal.stop_loss, signal.take_profits) == (
            Decimal("4.812"), Decimal("4.880"), (Decimal("4.670"),))

    def test_a_second_priced_side_word_is_still_a_leg(self, parser: SignalParser) -> None:
        found = parser.parse_all("GOLD BUY 2350\nBUY 2345\nSL 2335\nTP 2370")
        assert isinstance(found, list) and [s.entry for s in found] == [Decimal(2350), Decimal(2345)], found

    @pytest.mark.parametrize("content", [
        "BUY BANKNIFTY 51000 CE\n\nABOVE ₹310\nSL ₹280\nTGT ₹340-₹370",
        "BUY BANKNIFTY 51000 CE\nabove 310\nSL 280\nTarget 340 370",
    ])
    def test_a_trigger_price_on_its_own_line_is_the_entry(self, parser: SignalParser, content: str) -> None:
        assert _one(parser, content).entry == Decimal(310)

    @pytest.mark.parametrize("word", ["Precio", "Preço", "Prix", "Цена"])
    def test_a_price_field_in_other_languages_is_the_entry(self, parser: SignalParser, word: str) -> None:
        assert _one(parser, f"🪙 Symbol: AVAXUSDT\n🚀 Posicion: long\n💵 {word}: 31.27").entry == Decimal("31.27")


class TestCryptoChannels:
    def test_an_exchange_before_a_quote_asset_is_no_coin(self, parser: SignalParser) -> None:
        signal = _one(parser, "Binance Futures, OKX, BybitUSDT, KuCoin\n🚀 #AVAX/USDT Long – 31.20\n🎯 Target: 32.10\n"
                              "🛑 Stop Loss: 30.60")
        assert signal.symbol == "AVAXUSDT"

    def test_prices_without_their_leading_zero(self, parser: SignalParser) -> None:
        signal = _one(parser, "ARB - USDT Short\nEntry: .62 - .615\nSL: .6423\nTP1: .5870")
        assert (signal.entry_range, signal.stop_loss) == ((Decimal("0.615"), Decimal("0.62")), Decimal("0.6423"))

    def test_an_iso_timestamp_is_no_zone(self, parser: SignalParser) -> None:
        signal = _one(parser, "📊 LINK-SWAP-USDT | 🟢 LONG\n🕐 Open   : 2026-03-08T13:30:00\n💰 Entry  : 14.25\n"
                              "✅ TP1  14.60\n🛑 SL  14.02")
        assert (signal.entry, signal.entry_range) == (Decimal("14.25"), None)

    def test_two_spaced_prices_after_an_entry_label_are_a_zone(self, parser: SignalParser) -> None:
        signal = _one(parser, "#ETH/USDT\nSHORT\nEntry: 3120 3080\nTargets\n3010\n2950\nStop Loss: 3190")
        assert (signal.entry, signal.entry_range) == (None, (Decimal(3080), Decimal(3120)))

    @pytest.mark.parametrize(("content", "side"), [
        ("#GALA/USDT\n📍 Entry1: 0.0211\n🎯 Targets: 0.0221 - 0.0233 - 0.0251\n🛑 Stop: 0.0203", Side.BUY),
        ("XAUUSD\nENTRY 2344/2351\nSL 2356\nTP 2338\nTP 2332", Side.SELL),
        ("#GALA/USDT\nMarket: SPOT\nEntry: 0.0211\nTargets: 0.0221 - 0.0233", Side.BUY),  # a spot market buys: no stop
        ("XAUUSD 2350\nSL 2340\nTP 2360", Side.BUY),  # the price right after the market is the entry
        ("EURUSD 1.0850 SL 1.0880 TP 1.0800", Side.SELL),
    ])
    def test_a_side_written_nowhere_is_read_from_the_levels_and_held(
            self, parser: SignalParser, content: str, side: Side) -> None:
        signal = _one(parser, content)
        assert signal.side is side and "side_inferred" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize("content", [
        "#GALA/USDT\nEntry: 0.0211\nTargets: 0.0221 - 0.0195\nStop: 0.0203",  # targets on both sides
        "#GALA/USDT\nEntry: 0.0211\nTargets: 0.0221 - 0.0233",  # no stop
        "#GALA/USDT if it breaks out, buy\nEntry: 0.0211\nTargets: 0.0221\nStop: 0.0203",  # a conditional side
    ])
    def test_levels_that_do_not_agree_give_no_side(self, parser: SignalParser, content: str) -> None:
        assert isinstance(parser.parse_all(content), NotASignal)


def test_a_doubt_about_the_wording_holds_every_leg_of_the_symbol(parser: SignalParser) -> None:
    """The legs after a conditional scenario read like plain orders on their own lines; they are not."""
    found = parser.parse_all("$BTC\nBullish scenario: if price breaks 95250, buy.\n"
                             "Entry Long $95,300. Stop loss $94,000. Take profit $95,500, $97,250\n"
                             "Long $94,800, stop loss $94,000, take profit $95,500, $97,250")
    assert isinstance(found, list) and len(found) > 1, found
    assert all(s.needs_review() and "side_word_skipped" in s.reasons for s in found)


def test_a_stop_closing_below_a_price_is_the_stop(parser: SignalParser) -> None:
    signal = _one(parser, "📈 SOL | USDT @ $142.10 - 2H\nTarget 1: 148.60 (RR 1.1)\nTarget 2: 155.20 (RR 2.2)\n"
                          "SL Close Below: 136.40")
    assert (signal.entry, signal.stop_loss, signal.side) == (Decimal("142.10"), Decimal("136.40"), Side.BUY)
    assert "side_inferred" in signal.reasons


class TestWordsMetLate:
    def test_longing_is_a_buy_and_a_leverage_range_no_price(self, parser: SignalParser) -> None:
        signal = _one(parser, "LONGING $AVAX HERE\nLeverage: 5-10x\nBuying heavily, easy 3-5x move\n"
                              "Targets: 37 - 41\nSL: Below 29")
        assert (signal.side, signal.entry, signal.stop_loss) == (Side.BUY, None, Decimal(29))

    def test_buy_to_open_and_price_targets(self, parser: SignalParser) -> None:
        signal = _one(parser, "BTO $NVDA @ 131.20 PT1: 135.50 PT2: 140 SL: 127")
        assert (signal.side, signal.entry, signal.take_profits, signal.stop_loss) == (
            Side.BUY, Decimal("131.20"), (Decimal("135.50"), Decimal(140)), Decimal(127))

    @pytest.mark.parametrize("content", ["Long EUR/USD at 1.2850, stop at 1.2820, pt1 at 1.2870, pt2 at 1.2900",
                                         "#eurusd #long\nENTRY 1.2850\nPROFIT TAKES 🚩\n1.2870 - 1.2900\nSL 1.2820"])
    def test_price_targets_in_lower_case_and_profit_takes(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert (signal.entry, signal.stop_loss, signal.take_profits) == (
            Decimal("1.2850"), Decimal("1.2820"), (Decimal("1.2870"), Decimal("1.2900")))

    def test_a_side_word_in_brackets_under_a_priced_order_is_a_note(self, parser: SignalParser) -> None:
        signal = _one(parser, "#MTL/USDT #Short\nEntry Above 1.405 - 1.45 [MUST BUY IN PARTS]\n\nTake-Profit\n"
                              "1) 1.380\n2) 1.360\nStop Loss: 1.5\n\nLow budget: use 5-10% fund, and exit in target 1")
        assert (signal.side, signal.entry_range, signal.take_profits, signal.stop_loss) == (
            Side.SELL, (Decimal("1.405"), Decimal("1.45")), (Decimal("1.380"), Decimal("1.360")), Decimal("1.5"))

    @pytest.mark.parametrize("targets", ["1)  2360\n2)  2370", "1. 2360\n2. 2370", "TP-1 2360\nTP-2 2370",
                                         "TP.1 2360\nTP.2 2370", "Target-1 2360\nTarget-2 2370",
                                         "Profit 1: 2360\nProfit 2: 2370"])
    def test_targets_numbered_other_ways_under_the_stop(self, parser: SignalParser, targets: str) -> None:
        signal = _one(parser, f"XAUUSD BUY\nEntry: 2350\nSL: 2340\n{targets}")
        assert signal.take_profits == (Decimal(2360), Decimal(2370))

    def test_a_first_target_numbered_past_one_is_a_price(self, parser: SignalParser) -> None:
        signal = _one(parser, "#LINKUSDT\n\nBUY 8.845\n\nTP 9 9.15 9.8 11.8\n\nLeverage 3X")
        assert signal.take_profits == (Decimal(9), Decimal("9.15"), Decimal("9.8"), Decimal("11.8"))

    def test_waiting_to_get_filled_is_no_fill_report(self, parser: SignalParser) -> None:
        signal = _one(parser, "#ETH Limit Buy\n\nEntry range 3.1k-3,25k\n\nPatiently wait to get filled.")
        assert (signal.order_type, signal.entry_range) == (OrderType.LIMIT, (Decimal(3100), Decimal(3250)))

    def test_thousands_written_with_a_k_inside(self, parser: SignalParser) -> None:
        signal = _one(parser, "#BTC Short Setup\nTP1: 92k6\nTP2: 88k8\nSL: 97k1")
        assert (signal.take_profits, signal.stop_loss) == ((Decimal(92600), Decimal(88800)), Decimal(97100))

    def test_chinese_exit_field_is_the_stop_and_light_positions_have_sides(self, parser: SignalParser) -> None:
        signal = _one(parser, "ETH（50X做多📈）\n進場：限價3120—3080\n止盈：3250—3400\n離場：2990")
        assert signal.stop_loss == Decimal(2990)
        assert _one(parser, "#SOL   輕倉市價短空  止盈：131.5 止損：146.2").side is Side.SELL
        assert _one(parser, "#SOL 市價輕倉多 止盈：146.2 止損：131.5").side is Side.BUY

    def test_money_put_in_and_leverage_in_russian_are_no_prices(self, parser: SignalParser) -> None:
        signal = _one(parser, "NEAR LONG Зашел на 200$ с 20 плечом, стоп на 1.75$, тейк на 2.18$")
        assert (signal.entry, signal.stop_loss, signal.take_profits) == (None, Decimal("1.75"), (Decimal("2.18"),))


class TestBotAlerts:
    @pytest.mark.parametrize(("written", "symbol"), [("GOLD/USD", "XAUUSD"), ("Gold/USD", "XAUUSD"),
                                                     ("SILVER/USD", "XAGUSD")])
    def test_a_metal_named_by_its_alias_against_the_dollar(
            self, parser: SignalParser, written: str, symbol: str) -> None:
        signal = _one(parser, f"🟢 {written} BUY SIGNAL\n💰 Entry Price: $31.20\n🛑 Stop Loss: $30.60\n🎯 TP1: $32.40")
        assert signal.symbol == symbol

    @pytest.mark.parametrize("content", [
        "🔄 移动止损更新\n交易对: ETHUSDT\n方向: LONG\n开仓价格: $3100.00\n止损价格: $3050.00",
        "🟢 ENTRY CONFIRMED | GBPUSD | M15 | Direction: SELL | Entry price: 1.27100 | TP: 1.27000 | SL: 1.27200",
    ])
    def test_a_bots_update_about_an_open_trade_opens_nothing(self, parser: SignalParser, content: str) -> None:
        found = parser.parse_all(content)
        assert isinstance(found, NotASignal) or all(s.needs_review() for s in found), found

    def test_scores_basis_points_and_price_fields_are_no_entry(self, parser: SignalParser) -> None:
        signal = _one(parser, "🟢 BUY Signal | Gold\n\n18/20 layers passing\nPrice Impact: ~7 bps ($100K)\n"
                              "Entry: $2,350\nStop Loss: $2,340\nTake Profit: $2,370")
        assert (signal.entry, signal.stop_loss, signal.take_profits) == (
            Decimal(2350), Decimal(2340), (Decimal(2370),))

    def test_price_action_in_prose_labels_no_entry(self, parser: SignalParser) -> None:
        # ("price action ... at ¥100.00" gave a market order's entry: traded at 100 with the right stop and targets)
        signal = _one(parser, "Long USD/JPY at Market\nPrice action is remaining supported above the level at "
                              "¥100.00.\nStop at ¥99.42; profit targets at ¥103.10 and ¥105.35.")
        assert (signal.entry, signal.stop_loss, signal.take_profits) == (
            None, Decimal("99.42"), (Decimal("103.10"), Decimal("105.35")))

    def test_a_chinese_price_field_is_the_entry(self, parser: SignalParser) -> None:
        signal = _one(parser, "📈 开仓做多 - ETH/USDT\n方向: 做多\n价格: $3,120.50\n🛡️ 止损: $3,020\n🎯 止盈: $3,300")
        assert signal.entry == Decimal("3120.50")


class TestLayoutsMetByPerturbing:
    """Layouts found by rewriting correctly-read corpus messages the way other channels write them."""

    def test_a_coin_in_a_lower_case_hashtag_is_read_and_held(self, parser: SignalParser) -> None:
        signal = _one(parser, "💍#polyx  #long\n\n✅entry zone: 0.48000 - 0.47000\n\n☑️targets:- 0.49000 - 0.51000\n\n"
                              "🚫stop loss 0.45000")
        assert signal.symbol == "POLYXUSDT" and signal.needs_review()

    @pytest.mark.parametrize("topic", ["#crypto", "#signals", "#gold"])
    def test_a_topic_hashtag_names_no_coin(self, parser: SignalParser, topic: str) -> None:
        found = parser.parse_all(f"{topic} long\nentry 0.48\ntarget 0.51\nstop loss 0.45")
        assert isinstance(found, NotASignal) or found[0].symbol == "XAUUSD", found

    @pytest.mark.parametrize("line", ["Leverage @ 10", "Support @ 1.08100", "Margin @ 10 USDT"])
    def test_an_at_sign_after_another_fields_name_is_no_entry(self, parser: SignalParser, line: str) -> None:
        signal = _one(parser, f"EURUSD\nAction: BUY\n{line}\nSL: 1.0790\nTP: 1.0900")
        assert signal.entry is None

    def test_an_at_sign_after_the_pairs_quote_is_the_entry(self, parser: SignalParser) -> None:
        signal = _one(parser, "📈 SOL | USDT @ $142.10 - 2H\nTarget 1: 148.60\nSL Close Below: 136.40")
        assert signal.entry == Decimal("142.10")

    def test_a_target_mark_before_a_price_with_thousands(self, parser: SignalParser) -> None:
        signal = _one(parser, "XAUUSD\n☝️ BUY  🏁 1,413.0\n ✖️1,409.0  🎯1,435.0")
        assert signal.take_profits == (Decimal("1435.0"),)

    def test_a_numbered_list_after_a_dash_label(self, parser: SignalParser) -> None:
        signal = _one(parser, "#BTC/USDT\nSignal Type: Regular (Long)\nEntry Targets - 1) 57450\n2) 56800\n\n"
                              "Take-Profit Targets - 1) 58400\n2) 59200\n\nStop Targets - 1) 55000")
        assert (signal.entry_range, signal.take_profits[0], signal.stop_loss) == (
            (Decimal(56800), Decimal(57450)), Decimal(58400), Decimal(55000))

    @pytest.mark.parametrize("mark", ["", "🔹 ", "🔹", "• "])
    def test_entries_numbered_with_a_point_form_a_zone(self, parser: SignalParser, mark: str) -> None:
        signal = _one(parser, f"BTC/USDT LONG\nEntry:\n{mark}1. 62588\n{mark}2. $60618\nTargets:\n{mark}1. 64100\n"
                              f"{mark}2. 66200\nSL: 59300")  # (a whole price: not "1.62588")
        assert (signal.entry, signal.entry_range, signal.take_profits, signal.stop_loss) == (
            None, (Decimal(60618), Decimal(62588)), (Decimal(64100), Decimal(66200)), Decimal(59300))
        assert signal.confidence == 1.0

    def test_an_accuracy_field_after_a_dash_is_no_report(self, parser: SignalParser) -> None:
        signal = _one(parser, "GBPUSD\n📈 Direction: BUY\n🎯 Accuracy - 96.5%\nEntry: 1.2710\nSL: 1.2680\nTP: 1.2760")
        assert signal.entry == Decimal("1.2710")


def test_an_option_strike_written_with_thousands(parser: SignalParser) -> None:
    assert _one(parser, "BUY TRENT 4,250 CE\nABOVE 152\nSL 140\nTarget 170/185").symbol == "TRENT4250CE"


@pytest.mark.parametrize(("content", "zone"), [
    ("THETA/USDT LONG\nENTRY: 1,062 - 0,963\nTARGETS: 1,124 - 1,281\nSL: 0,906", (Decimal("0.963"), Decimal("1.062"))),
    ("BNB/USDT LONG\nENTRY 3,060 - 3,090\nTARGETS 3,400 - 3,650\nSTOP LOSS 2,818", (Decimal(3060), Decimal(3090))),
    ("ETH/USDT LONG\nENTRY 3,060.5 - 3,090\nTARGETS 3,400 - 3,650\nSTOP 2,818\nRisk 2,5%",
     (Decimal("3060.5"), Decimal(3090))),
])
def test_a_comma_before_three_digits_reads_as_the_rest_of_the_message_writes(
        parser: SignalParser, content: str, zone: tuple[Decimal, Decimal]) -> None:
    """A message that writes other prices with a decimal comma ("0,963") writes "1,062" so too; one that writes
    none, or a thousands comma before a point ("3,060.5"), groups thousands."""
    assert _one(parser, content).entry_range == zone


def test_a_signal_reposted_with_its_take_profit_hit_opens_nothing(parser: SignalParser) -> None:
    found = parser.parse_all("AUDJPY Buy: 77.19\nTake Profit 1: 77.44 (25pips)\nTake Profit 2: 77.74 (55pips)\n"
                             "SL 76.69 (50pips)\n\nHit Take Profit 1:+25pips")
    assert isinstance(found, NotASignal), found


class TestFoundByTranslating:
    """Layouts of read messages with their words put in other languages, as channels in those languages write."""

    @pytest.mark.parametrize(("content", "side"), [
        ("XAUUSD ALIŞ\n\nGiriş: 2335 / 2325\nHedef 1: 2340\nZarar Kes: 2315", Side.BUY),
        ("Direction: SATIŞ📉\nCOIN: $SOL/USDT\nGiriş: 142.5\nHedef: 138\nZarar Kes: 146", Side.SELL),
    ])
    def test_turkish_sides_in_capitals(self, parser: SignalParser, content: str, side: Side) -> None:
        signal = _one(parser, content)
        assert signal.side is side and "side_inferred" not in signal.reasons

    def test_a_turkish_limit_order(self, parser: SignalParser) -> None:
        assert _one(parser, "XAUUSD ALIŞ LIMIT 2335\nHedef: 2345\nZarar Kes: 2325").order_type is OrderType.LIMIT

    @pytest.mark.parametrize("label", ["TP:", "الهدف:"])
    def test_a_superscript_index_spaced_from_its_price(self, parser: SignalParser, label: str) -> None:
        signal = _one(parser, f"GOLD BUY 2344\n\n{label} ¹ 2347\n{label} ² 2350\n\nSL: 2335")
        assert signal.take_profits == (Decimal(2347), Decimal(2350))

    def test_a_target_split_by_a_space_holds_the_order(self, parser: SignalParser) -> None:
        signal = _one(parser, "EURUSD SELL NOW 1.08910\nT.p 1\n1 08520\nS.l\n1.09720")
        assert "tp_unreadable" in signal.reasons and signal.needs_review()


def test_a_mark_before_a_side_word_in_another_script_keeps_its_side(parser: SignalParser) -> None:
    """The word carries the character before it as its boundary; "💰шорт" is still a short."""
    for content in ("💰ШОРТ GOLD @ 2400-2405\nСтоп: 2416\nТейк 1: 2388", "🔻بيع GOLD @ 2400-2405\nSL: 2416\nTP: 2388"):
        assert _one(parser, content).side is Side.SELL, content


def test_a_russian_message_on_gold_groups_thousands_with_its_comma(parser: SignalParser) -> None:
    signal = _one(parser, "#XAUUSD ЛОНГ LIMIT @ 2,402\nСтоп:  2,391\nТейк 1:  2,415")
    assert (signal.entry, signal.stop_loss) == (Decimal(2402), Decimal(2391))
    assert _one(parser, "#ARUSDT ЛОНГ\nВход: 7,976\nСтоп: 7,5\nТейк 1: 8,4").entry == Decimal("7.976")


def test_a_mark_glued_before_a_persian_stop_label_is_still_the_stop(parser: SignalParser) -> None:
    signal = _one(parser, "💯EURUSD خرید\n✅ورود: 1.1000\n✅تارگت 1: 1.1200\n✅تارگت 2: 1.1300\n❌حد ضرر: 1.0900")
    assert (signal.stop_loss, signal.take_profits) == (Decimal("1.0900"), (Decimal("1.1200"), Decimal("1.1300")))


def test_pips_noted_on_a_target_line_in_another_language_are_no_result(parser: SignalParser) -> None:
    signal = _one(parser, "📣XAUUSD خرید NOW\n🔊 PRICE : 2375\n✅ تارگت 1: 2377 (+20 PIPS)\n"
                          "✅ تارگت 2: 2379 (+40 PIPS)\n❌ حد ضرر: 2360")
    assert signal.take_profits == (Decimal(2377), Decimal(2379))


@pytest.mark.parametrize("content", [
    "🔴 TURTLE LONG EXIT\nAtivo: SOLUSDT\n📈 Entrada: $142.35\n📉 Saída: $141.20\n💸 Resultado: -0.81% ❌",
    "📊 Résultat du trade: PROFIT +21.0 point\nBUY XAUUSD 5027 TP2: 5048",
])
def test_a_result_in_other_languages_opens_nothing(parser: SignalParser, content: str) -> None:
    assert isinstance(parser.parse_all(content), NotASignal)


class TestChatterAround:
    """A channel's chatter around its order: a market named in a sentence above it, a sentence opening with a
    price's word, a promise of results under it."""

    @pytest.mark.parametrize(("chatter", "order", "symbol"), [
        ("After the NFP news, gold bounced hard.", "EUR/USD\n🟢 LONG\nSL 1.0790\nTP 1.0890", "EURUSD"),
        ("Gold is looking strong after yesterday's rally.", "GBPJPY\nLong @ 191.50\nSL 190.30\nTP 192.30", "GBPJPY"),
        ("DXY is weak, so we look for longs on gold", "ADAUSDT\nSHORT\nSL 0.474\nTP 0.434", "ADAUSDT"),
    ])
    def test_a_market_alone_above_the_side_beats_one_named_in_a_sentence(
            self, parser: SignalParser, chatter: str, order: str, symbol: str) -> None:
        # (the sentence's market was the order's; it stays a rival, and a person confirms)
        signal = _one(parser, f"{chatter}\n\n{order}")
        assert (signal.symbol, signal.reasons) == (symbol, ("symbol_contested",))

    def test_results_promised_for_later_report_none(self, parser: SignalParser) -> None:
        signal = _one(parser, "EURUSD BUY 1.0850\nSL 1.0800\nTP 1.0900\n\nResults will be posted later")
        assert (signal.entry, signal.reasons) == (Decimal("1.0850"), ())
        assert isinstance(parser.parse_all("Weekly results were great: +300 pips"), NotASignal)

    def test_targets_ticked_above_the_order_leave_no_target_label_open(self, parser: SignalParser) -> None:
        # ("Trade 3/5" under "TP3 ✅" was read as targets 3 and 5 of the order below)
        signal = _one(parser, "Yesterday: TP1 ✅ TP2 ✅ TP3 ✅\n\nTrade 3/5\n#ARB Buy @ 1.200\n🎯 Targets:\n🎯 1.250\n"
                              "🎯 1.300\nSL 1.125")
        assert signal.take_profits == (Decimal("1.250"), Decimal("1.300")) and "earlier_result" in signal.reasons
        # (under an order a tick may decorate the targets' heading)
        signal = _one(parser, "XAUUSD BUY 2350\nSL 2340\nTAKE PROFIT ✅\n2360\n2370")
        assert signal.take_profits == (Decimal(2360), Decimal(2370))

    @pytest.mark.parametrize("chatter", ["Market opens in 10 minutes\n\n📅 05/12", "Price is moving fast 🚀\n12/05"])
    def test_a_sentence_opening_with_a_prices_word_labels_no_entry(self, parser: SignalParser, chatter: str) -> None:
        # (the date's first number was the entry, 5 or 12, and the order's own "@ 0.4500" was passed over)
        signal = _one(parser, f"{chatter}\nLONG ADAUSDT @ 0.4500\nTargets: 0.4660\nStop Loss: 0.4260")
        assert (signal.entry, signal.reasons) == (Decimal("0.4500"), ())


class TestSeveralSignals:
    """Two channels' signals in one message (a digest, a forward): each keeps its own symbol."""

    @pytest.mark.parametrize(("second", "symbol"), [
        ("Монета: SAND SHORT Х25\nЦена входа: 0.29889\nТэйки: 0.29618 0.29293\nСтоп: 0.31235", "SANDUSDT"),
        ("Longing #SWARMS Here\nLong (5x - 10x)\nEntry: $0.02569 - $0.02400\nTargets: $0.027\nStoploss: $0.0226",
         "SWARMSUSDT"),
        ("(gold is a volatile pair)\n\nSHORT ETH/USDT\nEntry: $2200\nStop Loss: $2250\nTake Profit: $2100",
         "ETHUSDT"),
    ])
    def test_the_second_signal_keeps_its_own_coin(self, parser: SignalParser, second: str, symbol: str) -> None:
        found = parser.parse_all("#BTC/USDT SHORT\nEntry 65000\nSL 66000\nTP 63000\n\n" + second)
        assert isinstance(found, list) and [s.symbol for s in found] == ["BTCUSDT", symbol], found

    def test_a_hashtag_closing_one_signal_names_no_later_one(self, parser: SignalParser) -> None:
        found = parser.parse_all("BTC scalp short\nEntry 35200-36000\nstop 36300\nTarget 33500\n\n#CCC\n\n"
                                 "Gold sell now @ 2345-2360\nsl:2363\ntp: 2330")
        assert isinstance(found, list) and [s.symbol for s in found] == ["BTCUSDT", "XAUUSD"], found


def test_the_symbol_on_the_orders_line_beats_one_named_before(parser: SignalParser) -> None:
    signal = _one(parser, "ByBit USDT | #ALGO/USDT entered its zone ✅\n\nNEW TRADE IDEA\n\nXAUUSD SELL 2352\nTP 2348\n"
                          "SL 2364")
    assert signal.symbol == "XAUUSD"


@pytest.mark.parametrize("side", ["ШОРТ", "فروش"])
def test_a_name_before_a_side_word_in_another_script(parser: SignalParser, side: str) -> None:
    signal = _one(parser, f"EPIC USDT {side}\nEntry: 0.2098 / 0.2104\nSL: 0.2167\nTP: 0.1978")
    assert signal.symbol == "EPICUSDT"


def test_a_target_too_long_to_carry_holds_the_order(parser: SignalParser) -> None:
    signal = _one(parser, "AR/USDT SHORT\nEntry Zone: 8.267 - 8.776\nTarget 1: 8.2049975\n"
                          "Target 2: 8.1429949999999991\nStop: 8.86376")  # (eighteen digits no double prints)
    assert "tp_unreadable" in signal.reasons and signal.needs_review()


def test_a_float_as_a_program_prints_it_is_read_as_written_and_held(parser: SignalParser) -> None:
    signal = _one(parser, "AR/USDT SHORT\nEntry Zone: 8.267 - 8.776\nTarget 1: 8.2049975\nTarget 2: 8.142994999999999\n"
                          "Stop: 8.86376")
    assert signal.take_profits == (Decimal("8.2049975"), Decimal("8.142994999999999"))
    assert signal.reasons == ("price_too_fine",) and signal.needs_review()  # no order keeps 15 decimal places
    assert signal.to_json()["takeProfits"][1] == 8.142994999999999  # and JSON carries it digit for digit
    bot = _one(parser, "BTC/USDT TF H1\nLONG Buy\nEntry: 13292.075942768162,\nTake profits: TP1: 13432.058175000002")
    assert (bot.entry, bot.take_profits) == (Decimal("13292.075942768162"), (Decimal("13432.058175000002"),))


@pytest.mark.parametrize("line", ["To.: 7481, 7461, 7442", "To 7481 / 7461 / 7442", "TO: 7481 7461 7442"])
def test_a_line_opened_by_to_lists_the_targets(parser: SignalParser, line: str) -> None:
    signal = _one(parser, f"SPX500\n\nSell @ now while below 7498\n\n{line}\nSl.: 7504")
    assert signal.take_profits == (Decimal(7481), Decimal(7461), Decimal(7442))


@pytest.mark.parametrize(("content", "symbol"), [
    ("GOLD_BUY NOW 2410/2408\n\nTP 2412\nTP 2414\n\nSL 2402", "XAUUSD"),
    ("EPIC USDT\nSHORT\nEntry\n$0.2098 - $0.211\nStop\n$0.2167\nTP1 $0.1978", "EPICUSDT"),
])
def test_a_symbol_joined_to_its_side_or_alone_with_its_quote(parser: SignalParser, content: str, symbol: str) -> None:
    assert _one(parser, content).symbol == symbol


def test_a_pair_written_with_its_quote_refines_the_coins_name(parser: SignalParser) -> None:
    signal = _one(parser, "Bitcoin Trade Signal (Swing Trade)\n\nInstrument: BTC/USD\nMy opinion: Buy Limit\n"
                          "Entry price: $65000\nStop: 63500\nTP: 68000")
    assert signal.symbol == "BTCUSD"


def test_a_verb_opening_the_order_line_is_no_coin(parser: SignalParser) -> None:
    signal = _one(parser, "Add Sell-Limit 2342-2343, TP 2334, TP 2320, SL 2344.5")
    assert signal.symbol == "XAUUSD" and "symbol_inferred" in signal.reasons


@pytest.mark.parametrize(("content", "orders"), [
    ("BTC/USDT BUY 45000, ETH/USDT SELL 3000", [("BTCUSDT", Side.BUY), ("ETHUSDT", Side.SELL)]),
    ("BTC/USDT BUY 45000, BTC/USDT SELL 47000", [("BTCUSDT", Side.BUY), ("BTCUSDT", Side.SELL)]),
    ("XAUUSD BUY 2350, SL 2340, TP 2360", [("XAUUSD", Side.BUY)]),
])
def test_orders_parted_by_commas_on_one_line(
        parser: SignalParser, content: str, orders: list[tuple[str, Side]]) -> None:
    found = parser.parse_all(content)
    assert isinstance(found, list) and [(s.symbol, s.side) for s in found] == orders, found


def test_a_limit_leg_on_its_own_line_after_the_orders_price(parser: SignalParser) -> None:
    found = parser.parse_all("GOLD  SELL  NOW  2600\n\nLIMIT TRADE         2604\n\nTP  2594\nTP  2592\n\nSL   2610")
    assert isinstance(found, list) and [(s.order_type, s.entry) for s in found] == [
        (OrderType.MARKET, Decimal(2600)), (OrderType.LIMIT, Decimal(2604))], found


def test_limits_in_the_plural_and_a_zone_in_dollars_with_decimal_commas(parser: SignalParser) -> None:
    signal = _one(parser, "BUY LIMITS GOLD @ 2348/2342 AREA\nTP 2351\nTP 2355\nSL 2335")
    assert (signal.order_type, signal.entry_range) == (OrderType.LIMIT, (Decimal(2342), Decimal(2348)))
    signal = _one(parser, "#ARKM/USDT #SHORT\nSELL : 1,6750$-1,7100$\nTARGET 1 : 1,6600$\nSTOP LOSS : 1,7650$")
    assert signal.entry_range == (Decimal("1.6750"), Decimal("1.7100"))


def test_an_options_premium_read_as_its_index_is_held(parser: SignalParser) -> None:
    """Should a contract's strike and call/put ever be read apart, the premium is far from where the index trades."""
    signal = _one(parser, "NIFTY\nBUY ABOVE 145\nTGT 155/170/190\nSL 130")
    assert "price_out_of_range" in signal.reasons and signal.needs_review()


@pytest.mark.parametrize("content", [
    "🔔 NEW SIGNAL: GOLD/XAUUSD 🔹 BUY: 2322 - 2324 🔴 SL: 2317 ✔️ TP1: 2331 ✔️ TP2: 2345",
    "💥GOLD Buy 2380 - 2378 ✅TP 2383 ✅TP 2400 💢SL 2375",
])
def test_checks_bulleting_targets_on_one_line_are_no_hits(parser: SignalParser, content: str) -> None:
    assert _one(parser, content).side is Side.BUY


def test_a_check_after_a_targets_price_is_still_a_hit(parser: SignalParser) -> None:
    assert isinstance(parser.parse_all("GOLD BUY 2380\nTP1 2383 ✔️\nTP2 2400\nSL 2375"), NotASignal)


def test_a_stop_before_a_ratio_field_and_chinese_leverage(parser: SignalParser) -> None:
    assert _one(parser, "GBPUSD Short @ 1.2470 TP @ 1.2100 SL @ 1.2600 RR: 2.85").stop_loss == Decimal("1.2600")
    signal = _one(parser, "幣種：ETHUSDT 方向：做多 槓桿：20倍 入場價：3200 止盈：3300，3400 止損：3100")
    assert (signal.entry, signal.stop_loss) == (Decimal(3200), Decimal(3100))


def test_a_stop_read_before_any_side_makes_no_complete_signal_to_split(parser: SignalParser) -> None:
    """A hashtag after a stop written first ("⛔️ SL ... / #CTKUSDT #MEDIUMTIME / #LONG") names no next signal."""
    found = parser.parse_all("⛔️ SL: ≈1.184 $\n#CTKUSDT #MEDIUMTIME\n🟢 #LONG 🟢\n💎 Price: 1.199 $\n🎯 TP №1: ≈1.208")
    assert isinstance(found, NotASignal) or all(s.symbol == "CTKUSDT" for s in found), found


def test_a_bracketed_label_before_its_result_word(parser: SignalParser) -> None:
    found = parser.parse_all("🟢 [ENTRY] CONFIRMED\nEURUSD | M15\nDirection: BUY\n[Entry] price: 1.09371\n"
                             "[TP]: 1.09471\n[SL]: 1.09271")
    assert isinstance(found, NotASignal) or all(s.needs_review() for s in found), found


def test_a_view_heading_after_a_complete_setup_opens_the_next_one(parser: SignalParser) -> None:
    found = parser.parse_all("🥇 Gold sweep — XAUUSD\n\n🔴 Bearish sweep:\n  • 4h  @ 2,417.60  · SL 2,426.69 · "
                             "TP 2,399.42\n\n🟢 Bullish sweep:\n  • 4h  @ 2,338.72  · SL 2,325.12 · TP 2,365.92")
    assert isinstance(found, list) and [(s.side, s.entry) for s in found] == [
        (Side.SELL, Decimal("2417.60")), (Side.BUY, Decimal("2338.72"))], found
    assert len(_listed(parser.parse_all("GOLD BUY 2350\nSL 2340\nTP 2360\nMACD bullish: crossover"))) == 1


class TestOrdersMetInFreshBatches:
    def test_a_limit_line_of_its_own_types_the_order_above_it(self, parser: SignalParser) -> None:
        for footer in ("#limit", "Limit order"):
            signal = _one(parser, "BTC / USDT\nSHORT X15\nEntry price - 66500\nStop loss - 67200\n"
                                  f"Take profit1 - 64000\n{footer}")
            assert (signal.order_type, signal.entry) == (OrderType.LIMIT, Decimal(66500))
        assert _one(parser, "BTCUSDT SHORT\nEntry 66500\nSL 67200\nTP 64000\nNo limit to profits").order_type is (
            OrderType.MARKET)

    def test_a_stop_labelled_in_the_plural(self, parser: SignalParser) -> None:
        signal = _one(parser, "SELL USOIL\nEntry @ 57.10 till $58.00\nStops @ 58.55\nTP @ 54.55")
        assert (signal.entry_range, signal.stop_loss) == ((Decimal("57.10"), Decimal("58.00")), Decimal("58.55"))

    def test_a_zone_of_one_price_is_a_typo_and_held(self, parser: SignalParser) -> None:
        signal = _one(parser, "Gold Buy Now @ 4058-8\nTP1: 4065\nTP2: 4070\nSL: 4053")
        assert "wide_zone" in signal.reasons and signal.needs_review()
        # and with another price after it (traded as the zone 4058 to 4068.8: "4058-8" is not 4058 written twice)
        assert _one(parser, "Gold Sell Now @ 4058-8 - 4068.8\n\nSL 4073").needs_review()

    def test_every_entry_listed_under_one_label_spans_the_zone(self, parser: SignalParser) -> None:
        signal = _one(parser, "ENAUSDT\nDirection: LONG\nEntry Targets:\n1) 0.09182\n2) 0.09428\n3) 0.090143\n"
                              "4) 0.088465\nStop Loss: 0.086737\nTake Profits:\nTarget 1 - 0.094751")
        assert signal.entry_range == (Decimal("0.088465"), Decimal("0.09428"))

    def test_a_reference_line_after_the_targets_adds_none(self, parser: SignalParser) -> None:
        signal = _one(parser, "USDJPY-Short\nOpen Price: 136.81\nSL: 137.10\nMaximum TP 136.35\nRef#: USDJPY136.81")
        assert signal.take_profits == (Decimal("136.35"),)

    def test_a_russian_market_order_field_gives_the_entry(self, parser: SignalParser) -> None:
        signal = _one(parser, "Пара WOO / USDT в SHORT\nРыночный ордер: 0.07673\nТейки: 0.0756\nСтоп: 0.08304")
        assert signal.entry == Decimal("0.07673")

    @pytest.mark.parametrize(("content", "entry"), [("GOLD BUY NOW\nSL 2340\n@ 2350\nTP 2360", Decimal(2350)),
                                                    ("NZD/USD Sell H1\nSL : 0.7231\nAt :  0.7198\nTP1 :0.7150",
                                                     Decimal("0.7198"))])
    def test_the_price_after_the_stop_on_a_line_of_its_own(self, parser: SignalParser, content: str,
                                                          entry: Decimal) -> None:
        assert _one(parser, content).entry == entry

    def test_a_sell_price_right_after_a_buys_price_on_its_line_is_the_target(self, parser: SignalParser) -> None:
        signal = _one(parser, "UNI buy 6.5 sell 7.2 stop 6.0")
        assert (signal.side, signal.entry, signal.take_profits, signal.stop_loss) == (
            Side.BUY, Decimal("6.5"), (Decimal("7.2"),), Decimal("6.0"))
        straddle = _one(parser, "GOLD buy 2340 sell 2330")  # below the buy: no target of it
        assert straddle.take_profits == () and straddle.needs_review()

    def test_a_sell_list_right_after_a_buys_zone_on_its_line_is_the_targets(self, parser: SignalParser) -> None:
        signal = _one(parser, "#CVX/BTC  Buy 4367-4525 Sell  4616-4725-4955-5689 Stoploss 3799")
        assert signal.entry_range == (Decimal(4367), Decimal(4525))
        assert signal.take_profits == (Decimal(4616), Decimal(4725), Decimal(4955), Decimal(5689))



@pytest.mark.parametrize(("content", "entry"), [
    ("EURUSD\nTrading range for the day is 1.0820-1.0890.\nBUY EURUSD @ 1.0850 SL 1.0820 TGT 1.0900", "1.0850"),
    ("EURUSD range today 1.0820-1.0890\nSELL EURUSD 1.0880 SL 1.0900 TP 1.0830", "1.0880"),
    ("GOLD\nGold trading range for the day is 50254-52864.\nBUY GOLD AUG 2022 @ 51500 SL 51200 TGT 51950-52100.MCX",
     "51500"),
])
def test_the_order_lines_own_price_beats_a_range_in_the_prose_above(
        parser: SignalParser, content: str, entry: str) -> None:
    signal = _one(parser, content)
    assert (signal.entry, signal.entry_range) == (Decimal(entry), None)


def test_a_leg_under_a_limit_order_is_another_limit_unless_it_fills_now(parser: SignalParser) -> None:
    found = parser.parse_all("GOLD BUY LIMIT\n@ 2643\nMORE BUY @ 2639\n\nTP : 2649 / 2654 / 2660\nSL : 2636")
    assert not isinstance(found, NotASignal)
    assert [(s.entry, s.order_type) for s in found] == [(Decimal(2643), OrderType.LIMIT),
                                                        (Decimal(2639), OrderType.LIMIT)]
    found = parser.parse_all("GOLD BUY LIMIT @ 2643\nBUY NOW @ 2650\nTP 2660\nSL 2636")
    assert not isinstance(found, NotASignal)
    assert [s.order_type for s in found] == [OrderType.LIMIT, OrderType.MARKET]


def test_underscores_between_a_side_or_label_and_its_price_part_them(parser: SignalParser) -> None:
    signal = _one(parser, "🔴GOLD SELL_1845\n☑️TP1_1841\n☑️TP2_1836\n❌SL.._1856")
    assert (signal.side, signal.entry, signal.stop_loss) == (Side.SELL, Decimal(1845), Decimal(1856))
    assert signal.take_profits == (Decimal(1841), Decimal(1836))


def test_two_sides_before_any_price_on_one_line_are_held(parser: SignalParser) -> None:
    signal = _one(parser, "Buy the rumor, sell the news. EURUSD 1.0850 SL 1.0820 TP 1.0900")
    assert "conflicting_sides" in signal.reasons and signal.needs_review()


def test_prices_one_a_line_past_the_entry_are_its_targets(parser: SignalParser) -> None:
    signal = _one(parser, "GOLD BUY 4272/4270\n\n4275\n4277\n4280\n\nSL 4255")
    assert signal.take_profits == (Decimal(4275), Decimal(4277), Decimal(4280)) and not signal.needs_review()


@pytest.mark.parametrize("content", ["GOLD BUY 4272/4270\n\n4265\n4262\n\nSL 4255",  # below a buy's entry: not targets
                                     "GOLD BUY 4272/4270\n\n4280\n4275\n\nSL 4255",  # not in order
                                     "GOLD BUY 4272/4270\nabove 4275\nthen 4280\nSL 4255"])  # words beside them
def test_other_unlabelled_prices_stay_a_doubt(parser: SignalParser, content: str) -> None:
    signal = _one(parser, content)
    assert not signal.take_profits and signal.needs_review()


def test_a_price_beside_the_entry_past_words_holds_the_order(parser: SignalParser) -> None:
    signal = _one(parser, "XAUUSD BUY\nEntry: 2350 and on a dip 2345\nSL: 2338\nTP: 2365")
    assert signal.entry == Decimal(2350) and "level_unlabelled" in signal.reasons and signal.needs_review()


def test_the_markets_price_under_a_note_word_before_any_level_holds_the_order(parser: SignalParser) -> None:
    signal = _one(parser, "XAUUSD SELL\nResistance 4018-4021.5\nSl 4025\nTps:\n4011\n4000")
    assert "level_unlabelled" in signal.reasons and signal.needs_review()
    signal = _one(parser, "XAUUSD SELL 4020\nRisk 1%\nLot 0.01\nSl 4025\nTp 4011")  # no price of gold's size
    assert "level_unlabelled" not in signal.reasons


def test_a_loss_named_where_the_missing_stop_would_be_holds_the_order(parser: SignalParser) -> None:
    signal = _one(parser, "XAUUSD BUY 2350\nMax loss at 2340\nTP 2360")
    assert signal.stop_loss is None and "level_unlabelled" in signal.reasons and signal.needs_review()
    signal = _one(parser, "Long: ID/USDT\nEntry at CMP: 0.03155\nDCA: 0.03070\nTP: 0.03295\nSL: 0.02975")
    assert signal.reasons == ()  # a second entry the order leaves out, no stop


def test_a_leg_at_a_price_of_another_size_loses_the_first_orders_market(parser: SignalParser) -> None:
    found = parser.parse_all("XAUUSD BUY 2350\nBUY 2 @ 23.50\nSL 2340\nTP 2360")
    assert not isinstance(found, NotASignal) and [s.entry for s in found] == [Decimal(2350)]
    ladder = parser.parse_all("ADAUSDT LONG\nEntry 1: 0.50\nEntry 2: 0.40\nEntry 3: 0.30\nSL 0.25\nTP 0.70")
    assert not isinstance(ladder, NotASignal) and [s.symbol for s in ladder] == ["ADAUSDT"] * 3  # a ladder stays


@pytest.mark.parametrize(("content", "entry", "zone"), [
    ("XAU USD SELL NOW\nSL 4130\n\n4122 - 4126\n\nTP1 4119\nTP2 4117", None, ("4122", "4126")),
    ("Продажа XAUUSD\n🔴SL: 4349\n📍4340-4343\n✅TP1: 4337", None, ("4340", "4343")),
    ("EURUSD BUY NOW\nSL 1.0800\n1.0850\nTP 1.0900", "1.0850", None),
])
def test_a_price_alone_under_the_stop_is_the_entry_written_after_it(parser: SignalParser, content: str,
                                                                     entry: str | None,
                                                                     zone: tuple[str, str] | None) -> None:
    signal = _one(parser, content)
    assert signal.entry == (Decimal(entry) if entry else None)
    assert signal.entry_range == (tuple(Decimal(z) for z in zone) if zone else None)
    assert signal.reasons == ()


@pytest.mark.parametrize("content", [
    "XAU USD BUY NOW\nSL 4130\n4122\nTP1 4140",  # below a buy's stop: no entry of this order
    "XAU USD SELL NOW\nSL 4130\n4122 was the high\nTP1 4119",  # words after it
    "XAU USD SELL NOW\nSL 4130\n2122\nTP1 4119",  # further from the stop than a stop is kept
])
def test_a_number_under_the_stop_that_cannot_be_the_entry_is_no_entry(parser: SignalParser, content: str) -> None:
    signal = _one(parser, content)
    assert (signal.entry, signal.entry_range) == (None, None)


@pytest.mark.parametrize(("content", "kind"), [
    ("Stoploss: 1.06\nBuy EURUSD limit\nTake Profit 1: 1.08\nEntry 1.07", OrderType.LIMIT),
    ("Enter 1.7920\nEurUSD Buy Stop\nSL 1.7820\nTP1 1.8020", OrderType.STOP),
    ("Price: 91.851\nSellStop #AUDJPY (D1)\nSL: 93.233\nTP: 88.947", OrderType.STOP),
    ("Entry Zone 16.52 - 16.30\nBANDUSDT LIMIT LONG\nStop Loss 14.80\nTP 25", OrderType.LIMIT),
    ("XAUUSD BUY 2350\nSL 2340\nTP 2360\nlimit your risk", OrderType.MARKET),  # no order line: advice
])
def test_the_order_line_types_the_order_below_its_levels(parser: SignalParser, content: str,
                                                         kind: OrderType) -> None:
    assert _one(parser, content).order_type is kind


def test_a_priced_order_line_below_the_entry_is_another_leg_of_its_own_type(parser: SignalParser) -> None:
    signals = parser.parse_all("XAUUSD BUY 2350\nBuy stop 2360\nSL 2340\nTP 2380")
    assert isinstance(signals, list)
    assert [(s.order_type, s.entry) for s in signals] == [(OrderType.MARKET, Decimal(2350)),
                                                          (OrderType.STOP, Decimal(2360))]


@pytest.mark.parametrize(("content", "zone", "kind"), [
    ("4594-4598\nGOLD BUY\nTP1: 4604\nSL: 4592", ("4594", "4598"), OrderType.MARKET),
    ("3990-3998\nGold Sell Limit\n\nSl - 4008", ("3990", "3998"), OrderType.LIMIT),
    ("📍 4338 - 4334\n#XAUUSD BUY NOW\n\nTP 4342\nSL 4324", ("4334", "4338"), OrderType.MARKET),
])
def test_a_zone_alone_above_the_markets_order_line_is_its_entry(parser: SignalParser, content: str,
                                                               zone: tuple[str, str], kind: OrderType) -> None:
    signal = _one(parser, content)
    assert (signal.entry_range, signal.order_type) == ((Decimal(zone[0]), Decimal(zone[1])), kind)


def test_a_price_under_another_market_is_no_entry_of_the_next_lines_order(parser: SignalParser) -> None:
    signal = _one(parser, "Gold 2350\nEURUSD BUY\nSL 1.0800\nTP 1.0900")
    assert (signal.symbol, signal.entry, signal.entry_range) == ("EURUSD", None, None)


@pytest.mark.parametrize(("content", "entry", "zone"), [
    ("✨EURJPY weekly analysis✨\nTP1 161.80\nTP2 159.80\nsell EURJPY 163.80\nSL 165.30", "163.80", None),
    ("TP 4705\nTP 4707\nBuy #XAUUSD #GOLD 4703-4697\n\nSL 4691", None, ("4697", "4703")),
    ("$XAUUSD long\n+8RR\n\nTP : 4800.00\nEntry : 4720.00\nSL : 4702.20", "4720", None),
])
def test_an_order_line_or_entry_written_after_the_targets_prices_the_order(
        parser: SignalParser, content: str, entry: str | None, zone: tuple[str, str] | None) -> None:
    signal = _one(parser, content)
    assert signal.entry == (Decimal(entry) if entry else None)
    assert signal.entry_range == (tuple(Decimal(z) for z in zone) if zone else None)
    assert signal.take_profits and signal.stop_loss is not None


@pytest.mark.parametrize(("content", "entry", "targets"), [
    ("Монета: WIF LONG Х25 🔵Цена входа: 0.3385 ✅Тэйки: 0.3417 0.3453 🛑Стоп: 0.3229", "0.3385", ("0.3417", "0.3453")),
    ("TATACHEM JUN 970 CE Entry -  18 Targets -  22, 40+ Stoploss -  9", "18", ("22", "40")),
])
def test_a_signal_on_one_line_keeps_its_entry(parser: SignalParser, content: str, entry: str,
                                              targets: tuple[str, ...]) -> None:
    signal = _one(parser, content)
    assert (signal.entry, signal.take_profits) == (Decimal(entry), tuple(Decimal(t) for t in targets))


@pytest.mark.parametrize("content", ["GOLD BUY\nEntry: 4165\nTappioraja: 4155\nTP: 4172",
                                     "GOLD SELL\nEntry: 4165\nStoppi: 4175\nTP: 4150",
                                     "EURUSD BUY\nEntry: 1.0850\n🔻 Verlustgrenze: 1.0800\nZiel: 1.0900",
                                     # (mid-line, after a level; and a coin's stop a third below its entry: traded
                                     # with no stop before)
                                     "XAUUSD | SELL 🟢 Entry: 4705-4700 💣 Zork: 4715 TP1 ➝ 4695 TP2 ➝ 4690",
                                     "4/USDT long\nEntry price: 0.102\nTake profit 1: 0.12\nZork: 0.07",
                                     "BTC/USDT\nLONG\nEntry: 65 000\nTP1 67 000\nZork: 64 000"])  # (spaced)
def test_a_stop_under_a_label_the_parser_does_not_know_holds_the_order(parser: SignalParser, content: str) -> None:
    signal = _one(parser, content)
    assert signal.stop_loss is None and "level_unlabelled" in signal.reasons and signal.needs_review()


def test_a_field_price_beside_a_read_stop_changes_nothing(parser: SignalParser) -> None:
    signal = _one(parser, "GOLD BUY\nEntry: 4165\nSupport: 4150\nSL: 4145\nTP: 4172")
    assert (signal.stop_loss, signal.reasons) == (Decimal(4145), ())


def test_a_leg_whose_price_opens_the_next_line(parser: SignalParser) -> None:
    found = parser.parse_all("USDCAD\n👉 1st buy limit set at\n@ 1.24700 (lot size 0.01)\n👉 2nd buy limit set at\n"
                             "@ 1.24000 (lot size 0.03)\nTP 1.29000\nSL 1.23000")
    assert isinstance(found, list) and [s.entry for s in found] == [Decimal("1.24700"), Decimal("1.24000")]


def test_a_numbered_list_under_a_side_word_after_the_levels_is_no_leg(parser: SignalParser) -> None:
    found = parser.parse_all("$ETH/USDT Short\nEntry Price: 3744–3840\nTP1: 3656\nStop Loss: 3926\n"
                             "Reasons for Selling:\n1. Pattern confirmation at 3926\n2. Trend")
    assert isinstance(found, list) and len(found) == 1, found


@pytest.mark.parametrize("content", ["🐷Buy #LUNA/#USDT #SHORT\nEntry Zone: 95.7\nTP: 95.4, 95, 94\nStop Loss: 102",
                                     "#SHORT #LUNA/USDT Buy\nEntry: 95.7\nTP: 95.4 95 94\nSL: 102"])
def test_of_two_side_words_the_levels_choose_and_the_order_is_held(parser: SignalParser, content: str) -> None:
    # (the first side word was taken, Buy, against every level)
    signal = _one(parser, content)
    assert signal.side is Side.SELL and "conflicting_sides" in signal.reasons and signal.needs_review()


class TestBatchOfSecondDecember:
    """Layouts met in the first read of messages from sources new to the corpus (2 December 2026)."""

    @pytest.mark.parametrize("content", ["BTO 11/20 XYZ 20p @ 0.70", "STO 12/18 XYZ 35C @ .75"])
    def test_an_expiry_before_a_us_contract_is_no_premium(self, parser: SignalParser, content: str) -> None:
        assert _one(parser, content).entry in (Decimal("0.70"), Decimal("0.75"))

    def test_a_price_target_in_capitals_after_the_stop_is_no_count_of_points(self, parser: SignalParser) -> None:
        signal = _one(parser, "BTO ACME @ 6.45 SL 6.21 PT 6.79")
        assert (signal.stop_loss, signal.take_profits) == (Decimal("6.21"), (Decimal("6.79"),))

    def test_a_target_label_in_cyrillic_capitals(self, parser: SignalParser) -> None:
        signal = _one(parser, "#DOGE LONG\nВход: 0.10401\nТР: 0.15\nStop: 0.10028")
        assert signal.take_profits == (Decimal("0.15"),)

    @pytest.mark.parametrize("last", ["Кросс, лимит", "Cross, limit", "Isolated / Limit"])
    def test_a_limit_after_the_margin_mode_on_its_own_line(self, parser: SignalParser, last: str) -> None:
        signal = _one(parser, f"XLM LONG\nВход 0.150\nСтоп 0.145\nТП1 0.153\n{last}")
        assert signal.order_type is OrderType.LIMIT

    @pytest.mark.parametrize("content", ["#SOL / USDT - Long\nEntry : 32\n28 Stop Loss : 26\nTargets : 32.45 38.4",
                                         "#SOL / USDT - Long Leverage : 5x Entry : 32 | 28 Stop Loss : 26 TP : 34"])
    def test_a_zone_bound_opening_the_next_line_before_the_stop_is_no_list_number(
            self, parser: SignalParser, content: str) -> None:
        assert _one(parser, content).entry_range == (Decimal(28), Decimal(32))

    @pytest.mark.parametrize("content", ["XAUUSD BUY RANGE: 4973 | 4978 SL 4968 TP: 5000",
                                         "Buy Nifty 46900 CE In Range @ 195 | 215 Target 240 SL 124"])
    def test_a_price_opening_the_next_line_before_a_label_is_held_not_dropped(
            self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert "level_unlabelled" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize(("content", "last"), [("BUY ACME 3000 CE ABOVE 54\nTRG 70\n83\n92 SL 40", "92"),
                                                   ("ENS/USDT SHORT\nENTRY: 26.85\nTARGETS: 26.246\n25.62\n25\n"
                                                    "24 STOP: 27.629", "24")])
    def test_a_last_target_opening_its_line_before_the_stop_is_no_list_number(
            self, parser: SignalParser, content: str, last: str) -> None:
        assert _one(parser, content).take_profits[-1] == Decimal(last)

    def test_the_next_index_before_a_label_is_still_a_list_number(self, parser: SignalParser) -> None:
        signal = _one(parser, "SOL LONG\nEntry 30\nTargets:\n1 31\n2 32\n3 SL 28")
        assert (signal.take_profits, signal.stop_loss) == ((Decimal(31), Decimal(32)), Decimal(28))

    @pytest.mark.parametrize(("entry", "order_type"), [("0.005808 (%1 Limit Emir)", OrderType.LIMIT),
                                                       ("0.005808 (50% limit)", OrderType.LIMIT),
                                                       ("0.005808 (50%)", OrderType.MARKET)])
    def test_a_limit_word_after_the_entry_and_its_share_types_the_order(
            self, parser: SignalParser, entry: str, order_type: OrderType) -> None:
        signal = _one(parser, f"#ROSEUSDT - SHORT\nENTRY: {entry}\nTP1: 0.005735 limit\nSTOP LOSS: 0.006534")
        assert signal.order_type is order_type


class TestTargetsUnderAWordNotRead:
    """An order with prices toward its targets that no level took is held: a target label the reader does not know
    ("Zork") must not trade the order with no exit, or with one target fewer."""

    @pytest.mark.parametrize("content", [
        "NZD/JPY BOS Trade - Buy @ 95.64, SL 95.09, Zork 97.27. Chris",
        "#ETHUSDT, #long, leverage - 50x\nEntries: 1895\n\nZork:\n1) 1910\n2) 1925\n3) 1940\n\nStop: 1850",
        "NIFTY 23500 CE (15-SEP-2026)\nBUY : 193\nSL : 175\nZork :206,213,220",
        "#XAUUSD SELL NOW 4520/4522\nZork: 4515\nTP: 4510\nSL : 4530",
    ])
    def test_a_price_toward_the_targets_under_an_unknown_word_holds_the_order(
            self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert "level_unlabelled" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize("content", ["BUY ACME 22500 CE (27 MAR) CMP 250-290 Zork 150 TGT 780",
                                         "BUY ACME 2900 CE\nAround 13-14\nZork 8\nTarget 16/18/20+"])
    def test_a_price_toward_the_stop_under_an_unknown_word_holds_an_order_with_no_stop(
            self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert signal.stop_loss is None and "level_unlabelled" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize("content", [
        "Long: ACME/USDT (20x)\nZork: 0.02890 - 0.03004 (CMP)\nTP 1: 0.03150\nTP 2: 0.03270\nSL: 0.0274",
        "$LTCUSDT - Лонг\n\nВход: (97)\n\nТейк профит: 154\n\nСтоп лосс: 85.95",  # (written less finely than the stop)
    ])
    def test_a_price_between_the_stop_and_the_first_target_holds_an_order_with_no_entry(
            self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert signal.entry is None and "level_unlabelled" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize("content", ["GOLD BUY NOW\n@ 5315\nMORE BUY @ 5300\nSL : 5295",
                                         "XAUUSD SELL NOW 4520/4522\nCMP: 4515\nSL : 4530",
                                         "XAUUSD SELL 4520\nTP: 4510\nLot: 0.05\nSL : 4530",
                                         "BUY GOLD NOW\nSL 2340\nTP 2360\nCMP 2350"])
    def test_another_leg_a_quote_or_a_note_beyond_the_targets_holds_nothing(
            self, parser: SignalParser, content: str) -> None:
        found = parser.parse_all(content)
        assert isinstance(found, list) and all("level_unlabelled" not in s.reasons for s in found), found


class TestSideWordsDecorated:
    """A side word in brackets, after a mark, or after "Go" still names the market beside it."""

    @pytest.mark.parametrize(("content", "symbol"), [("[BUY] ACMEIND ABOVE 400 TGT 404-408 SL 396", "ACMEIND"),
                                                      ("BUY ⬆️ ACMEIND ABOVE 400 TGT 404-408 SL 396", "ACMEIND"),
                                                      ("🟢 ACME Go Long ABOVE 222\nSL 206\nTARGET 240, 258", "ACME"),
                                                      ("🟢 ACME SUGAR Go Long ABOVE 258\nSL 241\nTP 273", "ACMESUGAR")])
    def test_the_name_beside_a_decorated_side_word(self, parser: SignalParser, content: str, symbol: str) -> None:
        signal = _one(parser, content)
        assert signal.symbol == symbol and signal.needs_review()  # (a name guessed: a person confirms it)

    def test_a_field_after_a_bar_is_no_name(self, parser: SignalParser) -> None:
        assert isinstance(parser.parse_all("Acme Machine Works: Buy| LTP: Rs 3,687.3| Target: Rs 4,130| "
                                           "Stop Loss: Rs 3,430"), NotASignal)


class TestTargetLabelsMetByRewriting:
    """Target labels written another way than the corpus's channels write them."""

    def test_a_target_label_then_at_is_no_entry(self, parser: SignalParser) -> None:
        signal = _one(parser, "USDCAD BUY NOW\nSTOPLOSS @ 1.41425\nT1 @ 1.41750\nT2 @ 1.41875")
        assert (signal.entry, signal.take_profits) == (None, (Decimal("1.41750"), Decimal("1.41875")))

    def test_a_price_at_on_its_line_after_the_stop_is_still_the_entry(self, parser: SignalParser) -> None:
        assert _one(parser, "GOLD BUY NOW\nSL 2340\n@ 2350\nTP 2360").entry == Decimal(2350)

    @pytest.mark.parametrize("goal", ["Goal 1 4012\nGoal 2 4016", "Goal 1. 4012\nGoal 2: 4016"])
    def test_numbered_goals_are_targets(self, parser: SignalParser, goal: str) -> None:
        signal = _one(parser, f"GOLD BUY NOW\nENTRY 4007_4004\n{goal}\nSTOP LOSS 3997")
        assert signal.take_profits == (Decimal(4012), Decimal(4016))

    def test_prices_under_an_unknown_numbered_label_do_not_widen_the_zone(self, parser: SignalParser) -> None:
        signal = _one(parser, "GOLD BUY NOW\nENTRY POINT 👉 4007_4004\nZork 1 🛡 4012\nZork 2 🛡 4016\n"
                              "STOP LOSS 🛑 3997")
        assert signal.entry_range == (Decimal(4004), Decimal(4007)) and signal.needs_review()

    @pytest.mark.parametrize("risk", ["Risk: 4534.72", "Risk 4534.72"])
    def test_a_risk_field_is_no_entry(self, parser: SignalParser, risk: str) -> None:
        signal = _one(parser, f"#XAUUSD\nBUY\n{risk}\nTP: 4608.96")
        assert signal.entry is None and signal.needs_review()  # (its price is the stop's, most likely; a person says)
        assert _one(parser, "XAUUSD SELL\nHigh risk 4018-4021.5\nSl 4030\nTps: 4011 4000").entry_range == (
            Decimal(4018), Decimal("4021.5"))

    def test_altcoins_in_plural_make_a_bare_coin_a_coin(self, parser: SignalParser) -> None:
        signal = _one(parser, "#SIGNAL #MANA #ALTCOINS\n\nBuy Between 0.29$ - 0.302$\n\nTargets : 0.34$ - 0.37$\n\n"
                              "Cut loss : 0.255$")
        assert signal.symbol == "MANAUSDT"

    def test_a_coin_with_a_side_word_of_its_own_after_a_priced_notice_contests_its_market(
            self, parser: SignalParser) -> None:
        signal = _one(parser, "#PLUME/USDT (Short, x20)\nPrice - 0.1724\nProfit - 60%\n\n#EDU SHORT SETUP\n"
                              "Target 1: 0.1635\nStop: 0.173")
        assert "symbol_contested" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize("content", ["LONG ACME 100 shares @ market", "SHORT SPY $450 PUT 30DTE"])
    def test_a_count_of_shares_or_days_to_expiry_is_no_price(self, parser: SignalParser, content: str) -> None:
        assert _one(parser, content).entry is None

    def test_a_target_ticked_in_russian_is_a_result(self, parser: SignalParser) -> None:
        found = parser.parse_all("#HBAR/USDT\nТейк-профит 1 ✅\n\nПрибыль: 21.2766% 📈")
        assert isinstance(found, NotASignal) and found.reason == "a result or trade update"

    def test_an_index_named_in_prose_above_a_gold_order_is_held_out_of_range(self, parser: SignalParser) -> None:
        signal = _one(parser, "Dolar Endeksi (DXY) 98,16 seviyesine kadar geriledi.\n\n🔵Buy 4404/4407\n\n"
                              "🔴Stop 4398\n\nTp1:4412")
        assert "price_out_of_range" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize("market", ["GOLD", "GOLD/XAUUSD"])
    def test_a_market_named_after_the_side_word_beats_a_notice_s_price_above(
            self, parser: SignalParser, market: str) -> None:
        signal = _one(parser, f"#ZRO/USDT Entry 1 ✅\nAverage Entry Price: 1.579\n\nBUY {market} @ NOW\n"
                              "Entry: 3995-3993\nSL: 3989\nTP1 4001")
        assert signal.symbol == "XAUUSD" and "symbol_contested" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize("notice", ["Just missed our limit", "Первая лимитка сработала",
                                        "All pending and limit orders are now invalid."])
    def test_a_limit_named_in_a_sentence_above_an_order_types_none(self, parser: SignalParser, notice: str) -> None:
        signal = _one(parser, f"{notice}\n\nXAUUSD Sell Zone: 4059-4069\nStop: 4090\nTP: 4040")
        assert signal.order_type is OrderType.MARKET

    @pytest.mark.parametrize("heading", ["LIMIT ORDER", "Limit order for gold", "Place a limit order"])
    def test_a_limit_heading_above_an_order_still_types_it(self, parser: SignalParser, heading: str) -> None:
        assert _one(parser, f"{heading}\nBUY GOLD 2350\nSL 2340\nTP 2360").order_type is OrderType.LIMIT

    def test_cmp_right_after_the_entry_s_price_is_a_note_on_it(self, parser: SignalParser) -> None:
        signal = _one(parser, "#AIA/USDT LONG NOW\nEntry Market Price 1.0420 (CMP)\nTP 1.0685\nSL 0.971")
        assert signal.entry == Decimal("1.0420")

    def test_a_limit_word_after_the_entry_s_price_in_brackets_types_the_order(self, parser: SignalParser) -> None:
        signal = _one(parser, "#XAUTUSDT Short\nВход: (4240.9) лимитка\nTP: 4123.5\nSL: 4261.6")
        assert (signal.entry, signal.order_type) == (Decimal("4240.9"), OrderType.LIMIT)
