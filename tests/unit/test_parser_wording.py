"""The built-in parser opens no trade a careful reader would not place (issue 14): reports, denials, conditions,
advice, follow-ups and exits are not signals; a side written as a field wins; every signal of a multi-signal
message keeps its own side and levels."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.domain.signal import REVIEW_BELOW_CONFIDENCE_DEFAULT, NotASignal, OrderType, ParsedSignal, Side
from shared.parsing import SignalParser


def _only(found: list[ParsedSignal] | NotASignal) -> ParsedSignal:
    assert isinstance(found, list) and len(found) == 1, found
    return found[0]


class TestNotATrade:
    @pytest.mark.parametrize(("content", "reason"), [
        ("📊 Weekly results\nXAUUSD Buy +120 pips ✅\nEURUSD Sell +45 pips ✅\nGBPJPY Buy -30 pips ❌",
         "a result or trade update"),
        ("Monthly performance: 87% win rate\nLong XAUUSD 2301 -> 2340", "a result or trade update"),
        ("This is not a signal to sell gold. Wait for confirmation.", "negated wording"),
        ("تارگت اول خورد ✅ خرید طلا", "a result or trade update"),  # Persian: "first target hit", a reply
        ("تارگت دوم خرید طلا زده شد ✅", "a result or trade update"),  # "the gold buy's second target was hit"
        ("📊 نتيجة صفقة #الذهب\n🟢 دخول: 3110\n✅ الهدف الأول تحقق: 3120", "a result or trade update"),
        ("Тейк взят! ЛОНГ BTC/USDT закрываем", "a result or trade update"),
        ("Exit Long | Strategy: Long Trend 11 | XAUUSD @ 2345", "an instruction about an open trade"),
        ("If it breaks 1.0800, sell EURUSD SL 1.0850 TP 1.0750", "conditional wording"),
        ("Sell EURUSD if the daily candle closes below 1.0800", "conditional wording"),
        ("As long as gold holds 2300, SELL XAUUSD 2350 SL 2360 TP 2330", "conditional wording"),
        ("You can buy gold from this area 2300 SL 2290 TP 2320", "advice or opinion, not an order"),
        ("Keep holding your XAUUSD long from 2340, SL 2320", "a follow-up about an open trade"),
        ("تم تفعيل صفقة شراء الذهب 2350 وقف 2340 الهدف 2370", "a result or trade update"),
        ("XAUUSD BUY\nChange entry to 3129\nAnd SL to 3119", "an instruction about an open trade"),
        ("Шорт ETH 3100 стоп 3200 тейк 2900 — это был пример, не сигнал", "negated wording"),
        ("EURUSD BUY/SELL\nEntry 1.0850\nSL 1.0820\nTP 1.0900", "either side, no order"),
        ("هذه ليست توصية: بيع الذهب 2350 وقف 2360 هدف 2330", "negated wording"),  # "this is not a recommendation"
        ("Não é sinal: venda de ouro 2350, stop 2360, alvo 2330", "negated wording"),
        # "the EURUSD sell signal is cancelled"
        ("سیگنال فروش یورو دلار لغو شد", "an instruction about an open trade"),
        ("Update Xauusd Sellstop Entry 4740 Sl 4742.9", "an instruction about an open trade"),  # the order changed
        ("🛑 STOP-LOSS HIT\n📊 BTCUSDT (2H)\nSignal: BUY\nEntry: $45,000", "a result or trade update"),
        ("Short Trade Plan (example)\nEntry: 3.135\nStop-loss (SL): 3.160\nTP1: 3.104", "negated wording"),
        ("黄金 多单 2330 止损 2320 止盈 2350 （已进场）", "a result or trade update"),  # "(entered already)"
        ("#ORDI/USDT All entries achieved\nAverage Entry Price: 4.76", "a result or trade update"),
        ("#SNDK 起飛，可以市價做TP1減倉", "an instruction about an open trade"),  # "take some off at TP1"
        # a marker anchored at its line's end, on a line that is not the message's last
        ("#WLFIUSDT LONG\nУшли в бу\nSL 0.21 TP 0.25", "an instruction about an open trade"),
        ('Quote: "BUY GBPJPY 198.50 SL 197.90 TP 199.80"\nEntry missed, don\'t chase', "a result or trade update"),
        ("#AERO - первая цель, закрыл 50% позиции, стоп в б/у", "an instruction about an open trade"),
        ("GOLD BUY SL -150PIP", "an instruction about an open trade"),  # the open buy stopped out
        ("💸ZEN/USDT\nPrice 20.165\n✅ TARGET #4 DONE", "a result or trade update"),
        # a signal posted again with the targets it hit ticked
        ("#ETH USDT\n📍 SHORT\nENTRY : 2700 - 2660\nTargets ::\n2600✅ - 2560✅😎 - 2510 - 2460\nStopLoss : 2900",
         "a result or trade update"),
        ("#ETH/USDT\nTrade Type: Regular (SHORT)\nEntry Zone:\n2460- 2478\nTake-Profit Targets:\n1) 2430 - 20%✅\n"
         "2) 2409- 20%✅\n3) 2380 - 20%\nStop Targets:\n1) 2630 - 100.0%", "a result or trade update"),
        ("#ETH/USDT\n• Trade Type: Regular (SHORT)\n• Entry Zone:\n• 2460- 2478\n• Take-Profit Targets:\n"
         "• 1) 2430 - 20%✅\n• 2) 2409- 20%✅\n• 3) 2380 - 20%\n• Stop Targets:\n• 1) 2630 - 100.0%",
         "a result or trade update"),  # (under bullets)
        # on one line (its line breaks lost), with the stop's condition in brackets too
        ("XAUUSD BUY 2330 TP1 2335 ✅ TP2 2340 ✅ SL 2320 (H1 close)", "a result or trade update"),
        ("ETCUSDT\nALVO 1: 11.2237\nEsse sinal levou 49 minutos para atingir o alvo3.", "a result or trade update"),
        ("所有人注意，以太止损调整至 2528", "an instruction about an open trade"),  # "ETH's stop moved to 2528"
        ("COMO APROVEITAR NOSSOS SINAIS\nCOMPRA EURUSD 1.0850 SL 1.0820 TP 1.0900", "negated wording"),
        ("✅ 快進快出｜交易結束 — 移動停利出場\nCRV ▲ 做多\n📍 進場 $0.2645", "a result or trade update"),
        ("LINKBTC 31-12 05:00\nOPERAÇÃO ENCERRADA\nMotivo: Stop", "a result or trade update"),
        ("🟢 BUY Executed\nSymbol: WLFI/USDT\nPrice: $0.21", "a result or trade update"),
        ("GOLD SELL 2350 SL 2360 TP 2330\nStatus: Expired", "a result or trade update"),
        ("Re-post for new members: BUY XAUUSD 2330 SL 2320 TP 2350", "a result or trade update"),
        ("الذهب: بيع 2350 ستوب 2360 هدف 2330 — تم الدخول", "a result or trade update"),  # "entered"
        ("پوزیشن خرید طلا ۲۳۳۰ رو نگه دارید، استاپ ۲۳۲۰", "an instruction about an open trade"),  # "hold the buy"
        ("Quiz: EURUSD SELL 1.0850 SL 1.0880 TP 1.0800 — what's the risk-reward?", "negated wording"),
        ("Goldman Sachs says buy gold, target 2500 by year end", "advice or opinion, not an order"),
        ("Next week we will sell GBPUSD around 1.2800, SL 1.2850, TP 1.2700", "advice or opinion, not an order"),
        ("Our VIP members got this yesterday: BUY GBPJPY 198.50 SL 197.90 TP 199.80", "a result or trade update"),
        ("#XRP/USDT LONG closed at stoploss after reaching take profit 1", "a result or trade update"),
        ("ЛОНГ BTC 60000: стоп переводим в БУ, цель 62000", "an instruction about an open trade"),
        ("خرید طلا ۲۳۵۰: استاپ رو ببرید نقطه ورود، تارگت ۲۳۷۰", "an instruction about an open trade"),
        ("Our EURUSD sell is still fine, SL 1.0900", "a follow-up about an open trade"),
        ("止损已触发 BTC 多单", "a result or trade update"),  # Chinese: "the stop was hit, BTC long"
        ("做空ETH止盈离场 +5%", "a result or trade update"),  # "ETH short: out at the target, +5%"
        ("We prefer to take short position on XAG/USD only below $15.90, stop loss $16.10 and target of $15.68.",
         "conditional wording"),
        ("[trader#3] Adding more $XVG here", "an instruction about an open trade"),
        ("$BCHUSDT Update:\n\nСтоп лосс переносим в + как указанно на изображении",
         "an instruction about an open trade"),
        # "the long reached its second target"
        ("会员频道比特币多单到第二止盈点，欢迎加入。", "a result or trade update"),
        ("🔥#QNT 50x多單翻倍 當前：200.4%", "a result or trade update"),  # "the long doubled"
        ("#CYBER/USDT 补仓，继续拿", "an instruction about an open trade"),  # "add to it, keep holding"
        ("⚠️ 掛單取消: BTC\n做多 LONG 🟢", "an instruction about an open trade"),  # "the pending order is cancelled"
        ("BTC 空单已经止损，等待下一次机会", "a result or trade update"),  # "the BTC short already stopped out"
        ("昨天的ETH多单现在盈利20%，继续持有", "an instruction about an open trade"),  # "... keep holding"
        ("سیگنال خرید طلا به تارگت اول رسید", "a result or trade update"),  # "reached the first target"
        ("TP1 tercapai untuk sinyal beli XAUUSD", "a result or trade update"),
        ("Cerramos la compra de EURUSD con ganancia", "an instruction about an open trade"),
        ("Fechamos a venda de GBPUSD no alvo", "an instruction about an open trade"),
        ("A major whale has just opened a $12 million short position on $SOL\nEntry: $90.00\nTarget 1: $80.00\n"
         "Invalidation Level: $147.85", "talk about a market, not an order"),
    ])
    def test_gives_a_reason(self, parser: SignalParser, content: str, reason: str) -> None:
        assert parser.parse_all(content) == NotASignal(reason)

    @pytest.mark.parametrize("title", ["🟢BANK/USDT My Long Trade Setup", "🟢BANK/USDT My Long Trade\nSetup",
                                       "• 🟢BANK/USDT My Long Trade\n• Setup"])
    def test_an_owners_word_before_a_new_setup_is_no_follow_up(self, parser: SignalParser, title: str) -> None:
        signal = parser.parse_all(f"{title}\n\nEntry   :  0.05760\n\nTargets  :  0.05800  0.05850\n\n"
                                  "Stop Loss  :  0.05700")
        assert isinstance(signal, list) and (signal[0].symbol, signal[0].side) == ("BANKUSDT", Side.BUY)

    @pytest.mark.parametrize("order", ["BUY ETH 3000\nSL 2900\nTP 3100", "ETH 现价多 3000附近\n止损 2900\n目标 3100"])
    def test_a_price_in_a_clause_that_orders_nothing_is_no_later_orders_entry(
            self, parser: SignalParser, order: str) -> None:
        found = parser.parse_all(f"Our buy on gold from 2340 is doing great\n\n{order}")
        assert isinstance(found, list) and [(s.symbol, s.entry) for s in found] == [("ETHUSDT", Decimal(3000))]

    def test_a_name_guessed_for_one_signal_and_shared_with_another_stays_a_guess(self, parser: SignalParser) -> None:
        found = parser.parse_all("BUY 2650.50 - 2648.20\nSL1: 2645.00\nTP1: 2655.00\n\nSELLING MOST, leaving runners")
        assert isinstance(found, list) and all(s.needs_review() for s in found)

    def test_a_side_restated_on_a_later_line_with_another_market_is_held(self, parser: SignalParser) -> None:
        found = parser.parse_all("$INJ limit long stooped out @Khalil Notif\n\nBuy Gold @2320-2317\nSl:2313\nTp:2325")
        assert isinstance(found, list) and found[0].symbol == "XAUUSD" and "symbol_contested" in found[0].reasons

    def test_a_price_the_market_is_trading_at_gives_way_to_the_orders_own(self, parser: SignalParser) -> None:
        signal = parser.parse_all("- XAG/USD is currently trading around $15.24 marks.\n"
                                  "We prefer to take short position on XAG/USD around $15.28, stop loss at $15.40 and "
                                  "target of $14.97.")
        assert isinstance(signal, list) and [s.entry for s in signal] == [Decimal("15.28")]

    def test_a_heading_completed_by_a_condition_on_the_next_line_is_conditional(self, parser: SignalParser) -> None:
        assert parser.parse_all("ETH/USDT\nEntry (Buy):\nWhen the price closes above 3,500\nSL: 3,300\nTP: 3,800"
                                ) == NotASignal("conditional wording")
        # without the condition the heading is an order
        assert _only(parser.parse_all("ETH/USDT\nEntry (Buy):\n3,500\nSL: 3,300\nTP: 3,800")).side is Side.BUY

    def test_a_side_left_standing_beside_a_conditional_one_is_held(self, parser: SignalParser) -> None:
        signal = _only(parser.parse_all("Long Trade Plan (BTC/USDT)\nEntry (Buy):\nWhen the price closes above "
                                        "115,500\nStop Loss: 113,500\nTP1: 117,500\nTP2: 120,000"))
        assert "side_word_skipped" in signal.reasons and signal.needs_review(0.7)

    def test_a_complete_setup_with_management_wording_is_held_not_refused(self, parser: SignalParser) -> None:
        signal = _only(parser.parse_all("Today's AUD/JPY Signal\nLong entry at 80.10\nSet stop loss at 79.50\n"
                                        "Set stop loss to break even at 81.50\nTake profit at 81.50"))
        assert (signal.side, signal.entry, signal.stop_loss) == (Side.BUY, Decimal("80.10"), Decimal("79.50"))
        assert "management_wording" in signal.reasons and signal.needs_review(0.5)
        # the same wording around a trade without a complete setup still manages it: no signal at all
        assert parser.parse_all("AUDJPY long\nSet stop loss to break even at 80.10") == NotASignal(
            "an instruction about an open trade")

    def test_a_candle_that_closed_is_a_chart_not_a_finished_trade(self, parser: SignalParser) -> None:
        signal = _only(parser.parse_all("BTCUSDT 4H Short Setup\nThe recent 4H candle closed below 91,000.\n"
                                        "Entry: 90,800 - 91,600\nSL: 92,500\nTP1: 89,000"))
        assert (signal.side, signal.entry_range) == (Side.SELL, (Decimal(90800), Decimal(91600)))
        assert parser.parse_all("#XRP/USDT LONG closed at stoploss after the candle") == NotASignal(
            "a result or trade update")

    def test_idioms_with_long_or_short_are_no_side(self, parser: SignalParser) -> None:
        signal = _only(parser.parse_all("DOGE is showing exhaustion. As long as we stay below 0.1385, the path is "
                                        "lower; in short, sellers lead.\nShort Entry: 0.13650 - 0.13740\n"
                                        "Take Profit 1: 0.13550\nStop Loss: 0.13860"))
        assert signal.side is Side.SELL and "conflicting_sides" not in signal.reasons
        back = _only(parser.parse_all("Back from a short break with a potential trade idea!\nBUY XAUUSD 2490\n"
                                      "SL 2485\nTP 2515"))
        assert back.side is Side.BUY and "conflicting_sides" not in back.reasons

    def test_result_the_verb_is_no_report(self, parser: SignalParser) -> None:
        signal = _only(parser.parse_all("Protect this trade with a stop at 1.5400, which will result in an RR of "
                                        "2.85.\nGBPUSD\nLong @ 1.5500\nTP @ 1.5785\nSL @ 1.5400"))
        assert (signal.side, signal.entry, signal.stop_loss) == (Side.BUY, Decimal("1.5500"), Decimal("1.5400"))
        assert parser.parse_all("Results this week: GBPUSD Long @ 1.5500 ✅") == NotASignal("a result or trade update")

    def test_an_advert_for_a_results_channel_is_no_report(self, parser: SignalParser) -> None:
        signal = _only(parser.parse_all("New Trading Signal\nSymbol: WANUSDT\nSignal: BUY\nBuy @: ~0.52090000\n"
                                        "SL 0.50 TP 0.55\n👉 Check our Results Channel\n👉 Join our VIP group"))
        assert (signal.symbol, signal.side, signal.entry) == ("WANUSDT", Side.BUY, Decimal("0.52090000"))

    def test_shorted_and_shorting_are_sells(self, parser: SignalParser) -> None:
        signal = _only(parser.parse_all("We are shorting gold at 2350, SL 2360, TP 2330"))
        assert (signal.side, signal.entry) == (Side.SELL, Decimal(2350))
        reported = _only(parser.parse_all("GBP/JPY: we shorted the pair below 147.450 with a stop loss above 147.650 "
                                          "and a profit at 147.150, also a strong level to take a buy position."))
        assert reported.side is Side.SELL  # was read as the later "buy position"

    def test_negation_governs_its_own_clause_only(self, parser: SignalParser) -> None:
        signal = _only(parser.parse_all("Don't buy gold here, sell it: SELL XAUUSD 2350 SL 2360 TP 2330"))
        assert (signal.symbol, signal.side, signal.entry) == ("XAUUSD", Side.SELL, Decimal(2350))

    @pytest.mark.parametrize("content", ["Don't (yet) buy XAUUSD 2350 SL 2340 TP 2360",
                                         "Never [ever] buy gold 2350 sl 2340 tp 2360"])
    def test_an_aside_between_a_negation_and_its_side_word_parts_no_clause(self, parser: SignalParser,
                                                                         content: str) -> None:
        assert parser.parse_all(content) == NotASignal("negated wording")

    @pytest.mark.parametrize("content", ["(not financial advice) BUY XAUUSD 2350\nSL 2340\nTP 2360",
                                         "NFA: BUY XAUUSD 2350 SL 2340 TP 2360"])
    def test_a_disclaimer_before_the_order_negates_nothing(self, parser: SignalParser, content: str) -> None:
        signal = _only(parser.parse_all(content))
        assert (signal.side, signal.entry, signal.confidence) == (Side.BUY, Decimal(2350), 1.0)

    def test_a_name_closed_before_the_market_holds_no_side(self, parser: SignalParser) -> None:
        for content in ("Strategy 11: XAUUSD BUY 2350 SL 2340 TP 2360",
                        "Bot #2 - BTC/USDT LONG 64000 SL 62000 TP 66000"):
            signal = _only(parser.parse_all(content))
            assert (signal.stop_loss, signal.confidence) == (Decimal(content.split()[-3]), 1.0)
        for named in ("Strategy: Trend Long\nXAUUSD 2360",
                      "Bot status: XAUUSD BUY 2350 SL 2340 TP 2360 - order pending"):
            assert parser.parse_all(named) == NotASignal("a side word inside a name")

    def test_a_side_word_opening_a_strategys_name_is_no_order(self, parser: SignalParser) -> None:
        assert parser.parse_all("Long Wave strategy: XAUUSD exit 2360") == NotASignal("a side word inside a name")

    def test_a_side_written_as_a_field_beats_a_side_word_in_a_name(self, parser: SignalParser) -> None:
        named_first = "Strategy: Long Wave\nSymbol: XAUUSD\nSide: SELL\nEntry: 2350\nSL: 2360\nTP: 2330"
        name_without_label = "Long Wave system\nXAUUSD\nDirection: SELL\nEntry: 2350\nSL: 2360\nTP: 2330"
        for content in (named_first, name_without_label):
            signal = _only(parser.parse_all(content))
            assert signal.side is Side.SELL and signal.stop_loss == Decimal(2360)

    def test_a_bare_order_or_prose_with_a_side_word_is_held_not_traded(self, parser: SignalParser) -> None:
        bare = _only(parser.parse_all("XAU USD BUY NOW"))
        talk = _only(parser.parse_all(
            "USDJPY bullish but is possible to retest 105.70 targeting 108.00, the daily candle matters, we will "
            "see how the market reacts around here SL 104.90"))
        assert bare.needs_review() and "no_levels" in bare.reasons
        assert talk.needs_review() and {"prose_around_side", "opinion_wording"} <= set(talk.reasons)

    @pytest.mark.parametrize("content", ["Sell nzdjpy 69.975\nSl 30 pips\nTP 60pips",
                                         "NUOVO ORDINE - NZDJPYpm Sell\nEntrata: 95.102\nNessuno SL\nNessuno TP",
                                         "GOLD BUY NOW\n@ 2752\n\nTP & SL POSTED SOON!"])
    def test_an_order_whose_stop_and_targets_are_no_prices_is_held(self, parser: SignalParser, content: str) -> None:
        signal = _only(parser.parse_all(content))
        assert (signal.stop_loss, signal.take_profits) == (None, ())
        assert signal.needs_review() and "no_levels" in signal.reasons

    def test_a_stop_written_only_as_a_distance_holds_the_order(self, parser: SignalParser) -> None:
        signal = _only(parser.parse_all("XAUUSD BUY 2350\nSL: 30 pips\nTP1: 2360\nTP2: 2370"))
        assert (signal.stop_loss, signal.take_profits) == (None, (Decimal(2360), Decimal(2370)))
        assert signal.needs_review() and signal.reasons == ("sl_distance",)
        assert not _only(parser.parse_all("XAUUSD BUY 2350\nSL: open\nTP1: 2360")).needs_review()

    @pytest.mark.parametrize("stop", ["SL: 20$", "SL: $20", "SL: 10 USD"])
    def test_a_stop_written_as_money_is_a_distance_not_the_entrys_last_digits(
            self, parser: SignalParser, stop: str) -> None:
        # (it was read as 2320, 2310: the entry's digits before it, and traded)
        signal = _only(parser.parse_all(f"XAUUSD BUY 2350\n{stop}\nTP1 2360"))
        assert signal.stop_loss is None and signal.reasons == ("sl_distance",)
        assert _only(parser.parse_all("XAUUSD BUY 2350\nSL: 40\nTP1 2360")).stop_loss == Decimal(2340)


def test_both_sides_joined_in_a_note_under_an_order_add_no_order(parser: SignalParser) -> None:
    found = parser.parse_all("📉SELL  GBP/USD\nPrezzo 1.34121  (nostro prezzo di apertura)\nStop Loss 🔴 1.36100\n"
                             "Take Profit 🟢 1.30000\n\n(al posto del classico buy limit/sell limit) premere buy/sell")
    signal = _only(found)
    assert (signal.side, signal.entry, signal.stop_loss) == (Side.SELL, Decimal("1.34121"), Decimal("1.36100"))


@pytest.mark.parametrize("note", ["Booked profit", "Missed this one? No worries", "Last week's best trade:",
                                  "Example of a signal format:", "Not taking this one", "Invalid signal ❌",
                                  "Pips banked ✅", "BE hit", "We are out", "This trade is over",
                                  "Another win for the team", "Track record:", "Throwback to this trade",
                                  "From our archive:", "Skip this one", "No trade today",
                                  "Educational purposes only — not a trade", "Would you take this trade?",
                                  "Quiz time!", "Still holding this", "Adding to this position", "Waiting for setup",
                                  "Setup forming, not yet", "Hedef 1 tamam ✅", "Keep holding", "Ignore above",
                                  "Mistake, sorry", "Done ✅", "Тейк 1 взят ✅", "Держим позицию", "Не входим пока",
                                  "Haftalık sonuç", "Stop oldu", "止盈1已到 ✅", "止损移到开仓价",
                                  "On ferme la position", "Stop touché", "Position geschlossen", "Wochenergebnis",
                                  "Stop colpito"])
@pytest.mark.parametrize("above", [True, False])
def test_a_note_that_makes_an_order_no_new_one_opens_nothing(parser: SignalParser, note: str, above: bool) -> None:
    order = "EURUSD SELL\nEntry: 1.0850\nSL: 1.0880\nTP1: 1.0820\nTP2: 1.0800"
    found = parser.parse_all(f"{note}\n{order}" if above else f"{order}\n{note}")
    assert isinstance(found, NotASignal) or all(signal.needs_review() for signal in found)


@pytest.mark.parametrize("lead_in", ["If price breaks 2355,", "Only if we close above 2355:", "Once confirmed,",
                                     "Maybe", "Possible setup:", "Should it retest 2345,", "إذا كسر السعر 2355",
                                     "اگر قیمت 2355 را بشکند", "Eğer 2355 kırılırsa", "如果突破2355",
                                     "Khi giá vượt 2355", "Wenn 2355 bricht,", "Si le prix casse 2355,",
                                     "Se rompe 2355,", "Возможно", "Belki", "Don't do this:", "Avoid:",
                                     "Never take trades like this", "Не покупайте сейчас", "لا تشتري الآن",
                                     "No comprar todavía", "Old signal:", "Last trade:", "Bad example:"])
def test_a_condition_or_a_doubt_on_the_line_above_the_order_opens_nothing(parser: SignalParser, lead_in: str) -> None:
    for order in ("BUY XAUUSD 2350 SL 2340 TP 2360", "🟢 BUY XAUUSD 2350 SL 2340 TP 2360"):
        found = parser.parse_all(f"{lead_in}\n{order}")
        assert isinstance(found, NotASignal) or all(signal.needs_review() for signal in found)


@pytest.mark.parametrize("note", ["Auf Bestätigung warten:", "Esperar confirmación:", "Attendre confirmation:",
                                  "Attendere conferma:", "Aguardar confirmação:", "Tunggu konfirmasi",
                                  "Chờ xác nhận", "等待确认后", "Ждём подтверждения:"])
def test_a_wait_for_confirmation_in_other_languages_holds_the_order(parser: SignalParser, note: str) -> None:
    signal = _only(parser.parse_all(f"{note}\nSELL EURUSD 1.0850 SL 1.0880 TP 1.0820"))
    assert "entry_conditional" in signal.reasons and signal.needs_review()


def test_a_heading_naming_an_analysis_above_the_order_still_leads_into_it(parser: SignalParser) -> None:
    signal = _only(parser.parse_all("✨EURJPY weekly analysis✨\nsell EURJPY 163.80\nSL 165.30\nTP1 161.80"))
    assert not signal.needs_review()


class TestSeveralSignals:
    def test_side_first_pairs_keep_their_own_sides(self, parser: SignalParser) -> None:
        pairs = [("EURUSD", "BUY", "1.0850"), ("GBPUSD", "SELL", "1.2650"), ("AUDUSD", "BUY", "0.6600"),
                 ("NZDUSD", "SELL", "0.6000"), ("USDJPY", "BUY", "150.00"), ("USDCAD", "SELL", "1.3600"),
                 ("USDCHF", "BUY", "0.8800")]
        message = "\n".join(f"{side} {symbol} {entry}" for symbol, side, entry in pairs)
        found = parser.parse_all(message)
        assert isinstance(found, list)
        assert [(s.symbol, s.side.value.upper(), str(s.entry)) for s in found] == pairs

    @pytest.mark.parametrize("content", ["EURUSD BUY NOW\nGBPUSD SELL NOW\nUSDJPY BUY 151.20",
                                         "EURUSD BUY\nGBPUSD SELL 1.2650\nUSDJPY BUY"])
    def test_orders_with_no_price_each_keep_their_market_and_side(self, parser: SignalParser, content: str) -> None:
        found = parser.parse_all(content)
        assert isinstance(found, list)
        assert [(s.symbol, s.side) for s in found] == [("EURUSD", Side.BUY), ("GBPUSD", Side.SELL),
                                                        ("USDJPY", Side.BUY)]
        assert all("symbol_contested" not in s.reasons for s in found)

    def test_a_straddle_gives_both_orders(self, parser: SignalParser) -> None:
        found = parser.parse_all("XAUUSD BUY STOP 2350 SL 2340 TP 2370\nSELL STOP 2330 SL 2340 TP 2310")
        assert isinstance(found, list)
        assert [(s.side, s.order_type, s.entry, s.take_profits) for s in found] == [
            (Side.BUY, OrderType.STOP, Decimal(2350), (Decimal(2370),)),
            (Side.SELL, OrderType.STOP, Decimal(2330), (Decimal(2310),))]

    def test_legs_share_the_levels_written_once(self, parser: SignalParser) -> None:
        found = parser.parse_all("#USDCHF Buy\nBuy1 @ 0.98020 Tp @ 0.98200\nBuy 2 @0.97700 Tp @ 0.97950\n"
                                 "SL @ 0.97000")
        assert isinstance(found, list)
        assert [(s.entry, s.stop_loss, s.take_profits) for s in found] == [
            (Decimal("0.98020"), Decimal("0.97000"), (Decimal("0.98200"),)),
            (Decimal("0.97700"), Decimal("0.97000"), (Decimal("0.97950"),))]


class TestASideHeadingAList:
    @pytest.mark.parametrize(("heading", "side"), [("BUY:", Side.BUY), ("🔴 SELLS 🔴", Side.SELL)])
    def test_each_order_under_the_heading_takes_its_side(self, parser: SignalParser, heading: str, side: Side) -> None:
        found = parser.parse_all(f"{heading}\nEURUSD 1.0850 SL 1.0820 TP 1.0900\nAUDUSD 0.6650 SL 0.6620 TP 0.6700")
        assert isinstance(found, list) and [(s.symbol, s.side, s.entry) for s in found] == [
            ("EURUSD", side, Decimal("1.0850")), ("AUDUSD", side, Decimal("0.6650"))]

    def test_an_orders_own_side_word_beats_the_heading(self, parser: SignalParser) -> None:
        found = parser.parse_all("BUY:\nEURUSD 1.0850 SL 1.0820 TP 1.0900\nGBPUSD SELL 1.2650 SL 1.2680 TP 1.2600")
        assert isinstance(found, list) and [(s.symbol, s.side) for s in found] == [
            ("EURUSD", Side.BUY), ("GBPUSD", Side.SELL)]

    def test_a_bare_side_line_heads_nothing(self, parser: SignalParser) -> None:
        found = parser.parse_all("SELL\nGBPJPY @ 144.11\nSL: 144.61\nTP: 143.61\n\nXAG/USD at 15.19, support 15.02")
        assert isinstance(found, list) and [s.symbol for s in found] == ["GBPJPY"]

    def test_a_market_named_under_the_heading_without_levels_is_no_order(self, parser: SignalParser) -> None:
        found = parser.parse_all("SELLS:\nAUDNZD 1.2057 SL 1.2074 TP 1.2034\n\nVIP MEMBERS GET\n"
                                 "Forex, Gold, Oil signals")
        assert isinstance(found, list) and [s.symbol for s in found] == ["AUDNZD"]


class TestCloseAsACondition:
    @pytest.mark.parametrize("stop", [
        "SL: 4029 (1H close)", "SL 4029 (H4 candle close below)", "SL 4029 (daily close)"])
    def test_a_stops_candle_close_is_its_condition_not_a_closed_trade(self, parser: SignalParser, stop: str) -> None:
        signal = _only(parser.parse_all(f"Gold Buy Now @ 4039 - 4032\n\n{stop}\n\nTP: 4060"))
        assert signal.stop_loss == Decimal(4029) and not signal.needs_review()

    def test_closing_half_at_a_target_is_the_targets_plan(self, parser: SignalParser) -> None:
        content = "Buy EURUSD\nStoploss: 1.06\nTake Profit 1: 1.08 (close half)\nTake Profit 2: 1.085"
        signal = _only(parser.parse_all(content))
        assert signal.take_profits == (Decimal("1.08"), Decimal("1.085"))

    @pytest.mark.parametrize("content", [
        "Close GOLD BUY now, 1H close below 2340", "Close half of EURUSD sell at daily close"])
    def test_an_order_to_close_stays_one_whatever_condition_follows(self, parser: SignalParser, content: str) -> None:
        assert parser.parse_all(content) == NotASignal("an instruction about an open trade")


class TestLessonsAndOldOrders:
    @pytest.mark.parametrize("content", [
        "Example: XAUUSD BUY 2350 SL 2340 TP 2360",
        "How to read our signals: BUY XAUUSD 2350 SL 2340 TP 2360 means buy gold at 2350 with stop 2340",
        "XAUUSD BUY 2350 SL 2340 TP 2360 was yesterday's signal, +100 pips",
        "Gold buy 2350 SL 2340 TP 2360 — entry not triggered, deleting",
        "Signal from yesterday: GOLD BUY 2350 SL 2340 TP 2360 — +100 pips",
        "Ejemplo: XAUUSD COMPRA 2350 SL 2340 TP 2360", "Пример: XAUUSD BUY 2350 SL 2340 TP 2360",
        "مثال: XAUUSD BUY 2350 SL 2340 TP 2360", "例如：XAUUSD BUY 2350 SL 2340 TP 2360",
        # an earlier order named before the side word on its line
        "Old signal: BUY XAUUSD 2350 SL 2340 TP 2360", "(Previous trade) SELL EURUSD 1.0850 SL 1.0880 TP 1.0800",
        "Training: Identify the entry. BUY XAUUSD 2350 SL 2340 TP 2360",
        "Example trade: BUY XAUUSD 2350 SL 2340 TP 2360", "Пример сделки: ЛОНГ BTC/USDT 64000 стоп 62500 тейк 66000",
        "مثال معامله: خرید طلا 2350 حد ضرر 2340 حد سود 2360"])
    def test_an_order_quoted_as_a_lesson_or_an_old_one_opens_nothing(self, parser: SignalParser,
                                                                     content: str) -> None:
        found = parser.parse_all(content)
        assert isinstance(found, NotASignal) or all(s.needs_review() for s in found)

    def test_an_earlier_level_named_before_the_order_is_no_earlier_order(self, parser: SignalParser) -> None:
        signal = _only(parser.parse_all("Break of the previous high: BUY XAUUSD 2350 SL 2340 TP 2360"))
        assert (signal.side, signal.entry, signal.confidence) == (Side.BUY, Decimal(2350), 1.0)

    def test_an_order_not_yet_filled_is_still_an_order(self, parser: SignalParser) -> None:
        signal = _only(parser.parse_all("XAUUSD BUY LIMIT 2340 SL 2330 TP 2360 (pending, not yet filled)"))
        assert (signal.order_type, signal.entry) == (OrderType.LIMIT, Decimal(2340))


class TestConditionalEntries:
    @pytest.mark.parametrize("entry", [
        "Entry Trigger: Breakdown below $115,500", "Entry: if it breaks below 115500",
        "Entry: on a break below 115500", "Entry: 115500 after a close below", "Entry: 115500 (once it retests)"])
    def test_an_entry_that_waits_for_a_condition_is_held(self, parser: SignalParser, entry: str) -> None:
        signal = _only(parser.parse_all(f"$BTC Short Setup\n{entry}\nT1: 114000\nStop Loss: 116800"))
        assert signal.entry == Decimal(115500)
        assert "entry_conditional" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize("note", ["⚠️ Wait for confirmation before entering", "Only enter if H1 closes below 2368",
                                      "Sell on retest of 2370 only", "sell on breakdown",
                                      "🔔 Set alert, don't enter yet", "⏳ Pending — will confirm entry",
                                      "Too late to enter now", "Hold on, not yet",
                                      "Don't enter, waiting for a better price", "(Prepare, dont place it yet)",
                                      "نصيحة: انتظر التأكيد", "Pending confirmation", "Awaiting confirmation",
                                      "فعلا وارد نشید"])
    def test_a_note_that_the_order_waits_holds_it(self, parser: SignalParser, note: str) -> None:
        signal = _only(parser.parse_all(f"🔴 SELL GOLD 2370\nSL 2378\nTP 2360\n{note}"))
        assert signal.entry == Decimal(2370) and signal.needs_review()

    @pytest.mark.parametrize("note", ["Paper trade only:", "Demo account test —"])
    def test_an_order_not_for_real_money_is_held(self, parser: SignalParser, note: str) -> None:
        signal = _only(parser.parse_all(f"{note} BUY EURUSD 1.0850 SL 1.0820 TP 1.0900"))
        assert "not_live" in signal.reasons and signal.needs_review()

    def test_orders_for_days_to_come_are_held(self, parser: SignalParser) -> None:
        found = parser.parse_all("Weekly plan:\nMonday: BUY GOLD 2330 SL 2320 TP 2350\n"
                                 "Tuesday: SELL EURUSD 1.0850 SL 1.0880 TP 1.0800")
        assert not isinstance(found, NotASignal) and len(found) == 2 and all(s.needs_review() for s in found)

    @pytest.mark.parametrize("note", ["Wrong signal, please ignore:", "Disregard the last signal.",
                                      "Duplicate, ignore:",
                                      "Sorry guys, posted by mistake.", "Ignore the previous gold signal"])
    def test_a_note_taking_an_order_back_holds_it(self, parser: SignalParser, note: str) -> None:
        signal = _only(parser.parse_all(f"{note}\nBUY USDCAD 1.3650 SL 1.3600 TP 1.3750"))
        assert signal.entry == Decimal("1.3650") and "retracted" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize("reached", ["EURUSD COMPRA 1.0850 SL 1.0820 TP 1.0900 ✅ TP alcanzado +50 pips",
                                         "Alvo 1 atingido! COMPRA BTC 64000 stop 63000 alvo 66000",
                                         "BTCUSDT LONG 64000 SL 63000 TP 66000 Hedef 1 ulaşıldı",
                                         "GOLD KAUFEN 2330 SL 2320 TP 2350 Ziel erreicht ✅",
                                         "ACHAT EURUSD 1.0850 SL 1.0820 TP 1.0900 objectif atteint",
                                         "ACQUISTO ORO 2330 SL 2320 TP 2350 target raggiunto",
                                         "Покупка золота 2330 стоп 2320 тейк 2350 — тейк достигнут",
                                         "黄金 做多 2330 止损 2320 止盈 2350 止盈已达成",
                                         "Beli XAUUSD 2330 SL 2320 TP 2350 sudah kena TP"])
    def test_a_level_reached_in_any_language_is_a_report(self, parser: SignalParser, reached: str) -> None:
        found = parser.parse_all(reached)
        assert isinstance(found, NotASignal) and found.reason == "a result or trade update"

    # cancels, then closes and stop moves
    @pytest.mark.parametrize("managed", ["VENTA ORO 2350 SL 2360 TP 2330 — señal cancelada",
                                         "ACHAT XAUUSD 2350 SL 2360 TP 2330 annulé",
                                         "BTC做多 64000 止损63000 止盈66000 已取消",
                                         "XAUUSD SAT 2350 SL 2360 TP 2330 iptal edildi",
                                         "Lệnh bán vàng 2350 SL 2360 TP 2330 đã hủy",
                                         "Jual XAUUSD 2350 SL 2360 TP 2330 dibatalkan",
                                         "GOLD KAUFEN 2330 SL 2320 TP 2350 — storniert",
                                         "COMPRA XAUUSD 2330 SL 2320 TP 2350\nMover SL a breakeven",
                                         "COMPRA BTC 64000 stop 63000 alvo 66000 — mover stop para entrada",
                                         "XAUUSD SAT 2350 SL 2360 TP 2330 — stop girişe çekildi",
                                         "GOLD KAUFEN 2330 SL 2320 TP 2350 — Stop auf Einstand ziehen",
                                         "ACHAT EURUSD 1.0850 SL 1.0820 TP 1.0900 — mettre le SL au point d'entrée",
                                         "Beli XAUUSD 2330 SL 2320 TP 2350 — pindah SL ke entry",
                                         "Cerrar la mitad: COMPRA XAUUSD 2330 SL 2320 TP 2350",
                                         "Yarısını kapatın. BTCUSDT LONG 64000 SL 63000 TP 66000",
                                         "Chiudere metà posizione: ORO ACQUISTO 2330 SL 2320 TP 2350",
                                         "Hälfte schließen: GOLD KAUFEN 2330 SL 2320 TP 2350"])
    def test_a_cancel_or_a_trade_managed_in_any_language_is_never_traded(self, parser: SignalParser,
                                                                         managed: str) -> None:
        found = parser.parse_all(managed)
        assert isinstance(found, NotASignal) or all(s.needs_review() for s in found)

    @pytest.mark.parametrize("content", ["الذهب: منطقة شراء جيدة 2330، الوقف 2320، الهدف 2350 (رأي شخصي)",
                                         "Gold buy 2330 SL 2320 TP 2350 imo",
                                         "黄金 空单 2350 止损 2360 止盈 2330 明天开盘执行",
                                         "Abhi gold mat lena. Buy 2330 SL 2320 TP 2350 baad mein"])
    def test_a_personal_opinion_is_held(self, parser: SignalParser, content: str) -> None:
        signal = _only(parser.parse_all(content))
        assert "opinion_wording" in signal.reasons and signal.needs_review()

    def test_an_order_without_such_a_note_is_not_retracted(self, parser: SignalParser) -> None:
        signal = _only(parser.parse_all("BUY USDCAD 1.3650 SL 1.3600 TP 1.3750\nIgnore the noise, trust the plan"))
        assert "retracted" not in signal.reasons

    def test_thinking_about_an_order_is_no_order(self, parser: SignalParser) -> None:
        found = parser.parse_all("Gold: I'm thinking about a sell at 2370, sl 2378")
        assert isinstance(found, NotASignal) or all(s.needs_review() for s in found)

    @pytest.mark.parametrize("entry", ["Entry: 115500", "Entry: 115500 (market)", "Entry: now at 115500"])
    def test_a_plain_entry_is_no_condition(self, parser: SignalParser, entry: str) -> None:
        signal = _only(parser.parse_all(f"$BTC Short Setup\n{entry}\nT1: 114000\nStop Loss: 116800"))
        assert "entry_conditional" not in signal.reasons


class TestEarlierResults:
    @pytest.mark.parametrize("heading", ["Signal #246 (previous one hit TP3 ✅)", "Last trade: +120 pips ✅",
                                         "+500 pips this week, here's the next one:"])
    def test_an_earlier_trades_result_above_a_complete_setup_holds_it(self, parser: SignalParser,
                                                                      heading: str) -> None:
        found = parser.parse_all(f"{heading}\nXAUUSD BUY 2350\nSL 2340\nTP1 2360\nTP2 2370")
        assert isinstance(found, list) and len(found) == 1
        assert "earlier_result" in found[0].reasons and found[0].needs_review()

    @pytest.mark.parametrize("content", ["Previous signal hit TP2 ✅", "Last week +400 pips\nXAUUSD BUY 2350",
                                         "Yesterday's XAUUSD BUY 2350 SL 2340 TP1 2360 TP2 2370 hit TP2 ✅",
                                         "TP1 HIT ✅ +100 pips\n\nXAUUSD BUY 2350\nSL 2340\nTP1 2360\nTP2 2370"])
    def test_a_result_naming_its_order_or_without_a_complete_setup_opens_nothing(self, parser: SignalParser,
                                                                                 content: str) -> None:
        assert isinstance(parser.parse_all(content), NotASignal)

    @pytest.mark.parametrize("heading", ["VIP RESULTS CHANNEL FREE SIGNAL", "Gold signal (high accuracy)",
                                         "Premium signal - results posted daily"])
    def test_a_channels_name_or_boast_is_no_result(self, parser: SignalParser, heading: str) -> None:
        found = parser.parse_all(f"{heading}\nXAUUSD BUY 2350\nSL 2340\nTP1 2360\nTP2 2370")
        assert isinstance(found, list) and not found[0].needs_review()


class TestConditionsAndDenialsInOtherLanguages:
    @pytest.mark.parametrize("content", [
        "Nếu vàng phá 2350 thì canh mua",  # Vietnamese: "if gold breaks 2350, look to buy"
        "Jika emas tembus 2350 kita buy",  # Indonesian: "if gold breaks 2350 we buy"
        "Altın 2350 kırarsa alım düşünürüz",  # Turkish: "if gold breaks 2350 we consider buying"
        "黄金突破2350后再考虑做多",  # Chinese: "consider a long after gold breaks 2350"
        "Se o ouro romper 2350 vamos comprar",  # Portuguese: "if gold breaks 2350 we buy"
    ])
    def test_a_condition_opens_no_trade(self, parser: SignalParser, content: str) -> None:
        assert isinstance(parser.parse_all(content), NotASignal)

    @pytest.mark.parametrize("content", ["Không nên mua vàng lúc này", "Jangan beli emas sekarang", "不要追空以太坊",
                                         "خرید طلا نکنید، منتظر ۲۳۳۰ باشید"])  # (Persian: the negated verb after it)
    def test_a_denial_opens_no_trade(self, parser: SignalParser, content: str) -> None:
        assert isinstance(parser.parse_all(content), NotASignal)

    def test_a_chinese_plan_for_the_stop_after_the_first_target_is_no_result(self, parser: SignalParser) -> None:
        found = parser.parse_all("XAUUSD BUY 2350\nSL 2340\nTP1 2360\n\n到达第一止盈后止损移至开仓价")
        assert isinstance(found, list) and len(found) == 1
        assert found[0].take_profits == (Decimal(2360),) and not found[0].needs_review()
        assert isinstance(parser.parse_all("黄金多单已到达第一止盈后回落"), NotASignal)  # reached already: a result


class TestDisownedOrdersAndBotFields:
    @pytest.mark.parametrize("content", [
        "I've entered a gold buy at 4778 with SL 4725 and a TP 4800\n\nI'm sharing it, and not an official call.",
        "ETH short scalp idea, not a signal, entry 2675-2685 sl 2720 tp 2600",
        "Demo: XAUUSD BUY 2350 SL 2340 TP 2360 (example format)",
        "TEST SIGNAL\nXAUUSD BUY 2350\nSL 2340\nTP 2360",
    ])
    def test_an_order_its_writer_disowns_opens_nothing(self, parser: SignalParser, content: str) -> None:
        assert parser.parse_all(content) == NotASignal("negated wording")

    def test_a_strategys_accuracy_field_is_no_results_report(self, parser: SignalParser) -> None:
        found = parser.parse_all("#LTCUSDT 30m\n📈 Short Entry Zone:91-93\n🎯Accuracy of this strategy - 82.00%\n"
                                 "Target1 :90.636\nTarget2 : 90.09\n❌Stop-Loss: 102.486")
        assert isinstance(found, list) and found[0].entry_range == (Decimal(91), Decimal(93))
        assert isinstance(parser.parse_all("Accuracy of this strategy this week: 82% 🔥"), NotASignal)

    @pytest.mark.parametrize(("content", "side"), [("Compro oro ahora 3538.4 - 3535", "Buy"),
                                                   ("Vendo oro 3538 sl 3545 tp 3530", "Sell")])
    def test_spanish_first_person_sides(self, parser: SignalParser, content: str, side: str) -> None:
        found = parser.parse_all(content)
        assert isinstance(found, list) and found[0].side.value == side

    def test_a_chart_gap_filled_is_no_order_filled(self, parser: SignalParser) -> None:
        found = parser.parse_all("BTCUSDT LONG\nEntry Zone: $42,250 - $42,450\nTP1: $43,650\nStop Loss: $41,800\n"
                                 "• Bullish FVG filled at $42,150-$42,350")
        assert isinstance(found, list) and found[0].entry_range == (Decimal(42250), Decimal(42450))

    def test_a_breakout_from_a_range_is_no_exit(self, parser: SignalParser) -> None:
        found = parser.parse_all("LONG #ETHUSDT from $1080 stop loss $1070\n\nСделка на выход из консолидации.")
        assert isinstance(found, list) and found[0].entry == Decimal(1080)
        assert isinstance(parser.parse_all("ETH ЛОНГ выход из сделки по 3500"), NotASignal)


class TestJoinedNoticesAndOrders:
    """A notice about one market joined to an order for another (rules written here for themselves)."""

    def test_a_stop_notice_naming_a_coin_gives_way_to_the_coin_of_the_order(self, parser: SignalParser) -> None:
        found = parser.parse_all("STOP em XRP/USDT\n\n#ENA 輕倉市價短空 止盈：0.2402 止損：0.2608")
        assert isinstance(found, list) and [s.symbol for s in found] == ["ENAUSDT"]

    def test_an_order_in_another_market_after_an_option_alert_is_its_own(self, parser: SignalParser) -> None:
        found = parser.parse_all("NIFTY 21 APR 24500 CE\n\nABOVE :- 56\n\nSTOPLOSS : VIP\n\n"
                                 "Gold Buy 2350.00\nSL 2345.00\nTP1 2352.50")
        # the option alert is an inferred buy, held; the gold order under it keeps its own levels
        assert isinstance(found, list) and [s.symbol for s in found] == ["NIFTY24500CE", "XAUUSD"]
        assert found[0].needs_review(REVIEW_BELOW_CONFIDENCE_DEFAULT) and found[0].entry == Decimal(56)
        assert (found[1].entry, found[1].stop_loss, found[1].take_profits) == (
            Decimal("2350.00"), Decimal("2345.00"), (Decimal("2352.50"),))

    def test_a_trade_still_held_written_with_a_typo_is_a_follow_up(self, parser: SignalParser) -> None:
        assert isinstance(parser.parse_all("GOLD Im stil on sell From 4000\n\nSL 4007\n\nTP1 3990"), NotASignal)

    def test_a_pair_and_its_metals_name_together_are_one_market(self, parser: SignalParser) -> None:
        # "XAUUSD_GOLD" named twice would part the order from the plan above it, which took the first name
        found = parser.parse_all("1257美元附近做空,止损1261美元,目标1250-1247美元\n44.5美元附近做空,止损44.8美元\n\n"
                                 "😄XAUUSD_GOLD BUY 3338\n😄TP : 3342\n👎SL : 3328")
        assert isinstance(found, list)
        assert [(s.symbol, s.side) for s in found if not s.needs_review()] == [("XAUUSD", Side.BUY)]

    def test_a_side_over_a_labelled_market_the_tokenizer_does_not_know_is_that_markets(
            self, parser: SignalParser) -> None:
        found = parser.parse_all("KSM/USDT\nEntry : 67.48\nTarget : 76.81\nStoploss : 59.156\n\nBUY\n"
                                 "Coin: THYAO\nPrice: 315.50")
        assert isinstance(found, list) and all(s.needs_review() for s in found)
        assert "THYAOUSDT" in [s.symbol for s in found]

    def test_an_options_levels_far_above_its_strike_are_another_markets(self, parser: SignalParser) -> None:
        found = parser.parse_all("YOO TRIMMING $APLD 37c 20 Feb:\n\n2.74 -> 6.15 +125% 🔥\n\n🔴SELL🔴\n\n"
                                 "SELL RANGE:  4950-4957\n\nSL  4961\n\nTP :  4928/4912")
        assert isinstance(found, list) and all("price_out_of_range" in s.reasons for s in found)

    def test_a_price_far_from_a_stablecoin_pairs_market_holds(self, parser: SignalParser) -> None:
        found = parser.parse_all("BUY ABOVE 130\nSL 110\n\n📊 交易对: BTCUSDC\n📈 方向: 做空\n💰 开仓价格: $50,000.00")
        assert isinstance(found, list)
        assert all(s.needs_review(REVIEW_BELOW_CONFIDENCE_DEFAULT) for s in found if s.entry == Decimal(130))

    @pytest.mark.parametrize("content", [
        "Chốt lời một nửa lệnh mua XAUUSD", "Lệnh mua vàng 2350 đã khớp", "نقل الستوب لنقطة الدخول في صفقة شراء الذهب",
        "取消黄金2360空单挂单", "Geser SL ke entry untuk posisi buy emas", "Tutup posisi sell emas di 2345",
        "Lệnh bán vàng hôm qua đã chốt lời 50 pip",
    ])
    def test_management_in_other_languages_opens_nothing(self, parser: SignalParser, content: str) -> None:
        assert isinstance(parser.parse_all(content), NotASignal)

    def test_sell_then_buy_fields_are_two_orders_not_a_shorts_cover(self, parser: SignalParser) -> None:
        found = parser.parse_all("GOLD\nSell: 1758.695\nBuy: 1746.02")
        assert isinstance(found, list)
        assert [(s.side, s.entry, s.take_profits) for s in found] == [
            (Side.SELL, Decimal("1758.695"), ()), (Side.BUY, Decimal("1746.02"), ())]
        spot = parser.parse_all("SOL/USDT\nBuy: 148-150\nSell: 155, 160\nStop: 140")
        assert isinstance(spot, list) and spot[0].take_profits == (Decimal(155), Decimal(160))

    @pytest.mark.parametrize(("content", "target"), [
        ("BUY XAUUSD 2350\nSL 2340\nSell at 2360", Decimal(2360)),  # under a stop: the exit's price, "at" it
        ("SHORT BTCUSDT 95000\nSL 96000\nBuy back at 93000", Decimal(93000)),
        ("SHORT BTCUSDT 95000\nSL 96000\nCover at 93000", Decimal(93000)),
    ])
    def test_the_exit_at_a_price_under_the_stop_is_the_target(self, parser: SignalParser, content: str,
                                                               target: Decimal) -> None:
        found = parser.parse_all(content)
        assert isinstance(found, list) and len(found) == 1 and found[0].take_profits == (target,)
        assert not found[0].needs_review()


@pytest.mark.parametrize("content", ["Buy gold SL 2320 TP 2350\nIf price breaks 2340",
                                     "Buy gold SL 2320 TP 2350\nOnce price breaks 2340"])
def test_a_condition_before_the_entry_label_on_its_line_holds_the_order(parser: SignalParser, content: str) -> None:
    """"If price breaks 2340" under the levels: the entry waits for the break (a stop order, not one at market)."""
    signal = _only(parser.parse_all(content))
    assert signal.entry == Decimal(2340)
    assert "entry_conditional" in signal.reasons and signal.needs_review()


@pytest.mark.parametrize("content", ["XAUUSD BUY 2330 ❌ SL 2320 ✅ TP1: 2335 ✅ TP2: 2340",
                                     "🔵 XAUUSD BUY 🎯 Entrada: 4385 🛑 SL: 4375 ✅ TP1: 4388 ✅ TP2: 4391",
                                     "➡️ LONG ETHUSDT ❇️ Entry: 2943 - 2840 ☑️ Target 1: 3087 ☑️ Target 2: 3234 "
                                     "⛔️ Stoploss: 2773"])
def test_checks_before_every_target_on_one_line_are_bullets_not_hits(parser: SignalParser, content: str) -> None:
    """A list whose bullets are checks, run together on one line: the first target has its check before it too."""
    signal = _only(parser.parse_all(content))
    assert len(signal.take_profits) >= 2 and not signal.needs_review()


@pytest.mark.parametrize("content", ["Secure profits on gold buy. New trade: SELL XAUUSD 2360 SL 2370 TP 2345",
                                     "Reverse: close BUY, SELL XAUUSD 2360 SL 2370 TP 2345",
                                     "Close XAUUSD BUY now and open SELL 2360 SL 2370 TP 2345"])
def test_the_side_of_a_trade_being_closed_is_not_the_new_orders(parser: SignalParser, content: str) -> None:
    signal = _only(parser.parse_all(content))
    assert (signal.side, signal.entry, signal.stop_loss) == (Side.SELL, Decimal(2360), Decimal(2370))
    assert signal.needs_review()  # (an order joined to an instruction about an open trade: a person looks)


@pytest.mark.parametrize("content", ["#EURUSD BUY NOW 1.16367\nSet SL 15 Pips",
                                     "LONG #BTC 50X\n\nTAKE ENTRY 64000\n\nSET TP 1 65000\n\nSET SL 62000"])
def test_levels_set_under_an_order_are_held_with_it_not_refused(parser: SignalParser, content: str) -> None:
    """"Set SL ..." may change an open trade's stop or give this order's: the order is held for a person."""
    signal = _only(parser.parse_all(content))
    assert signal.side is Side.BUY and "management_wording" in signal.reasons and signal.needs_review()
    assert isinstance(parser.parse_all("Set SL 2345 on gold, TP 2360"), NotASignal)


@pytest.mark.parametrize("content", ['Fake signal alert! Someone is posting "BUY XAUUSD 2350 SL 2340" in our name',
                                     'Someone posted “SELL EURUSD 1.0850” today'])
def test_an_order_quoted_in_a_sentence_is_not_given(parser: SignalParser, content: str) -> None:
    assert parser.parse_all(content) == NotASignal("an order quoted, not given")


@pytest.mark.parametrize("content", ['Signal: "BUY" XAUUSD 2350 SL 2340 TP 2360',
                                     '"BUY XAUUSD 2350"\nSL 2340\nTP 2360'])
def test_a_side_word_in_quotes_alone_or_a_whole_line_quoted_is_still_the_order(parser: SignalParser,
                                                                                content: str) -> None:
    signal = _only(parser.parse_all(content))
    assert (signal.side, signal.entry, signal.confidence) == (Side.BUY, Decimal(2350), 1.0)
