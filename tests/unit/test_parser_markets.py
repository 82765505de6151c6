"""Which market an order is for when a message names more than one: a notice or a remark about one market ahead of
an order for another must never trade the first one's symbol with the second one's levels.

The examples are written for these tests (not taken from the corpus): each states one rule of the reader."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.domain.signal import REVIEW_BELOW_CONFIDENCE_DEFAULT, NotASignal, ParsedSignal, Side
from shared.parsing import SignalParser
from tests.support.parsing import one_signal as _one


def _traded(found: list[ParsedSignal] | NotASignal) -> list[ParsedSignal]:
    return [] if isinstance(found, NotASignal) else [s for s in found if not s.needs_review()]


def test_a_notice_about_another_market_before_an_order_holds_it(parser: SignalParser) -> None:
    content = ("ByBit USDT\n#ALGO/USDT Entered entry zone ✅\nPeriod: 2 Minutes ⏰\n\nXAUUSD 📈\n\nBuy: 4119.5\n\n"
               "TP: 4129.5\nSL: 4114.5")
    signal = _one(parser, content)
    assert "symbol_contested" in signal.reasons and signal.needs_review()


def test_the_market_on_the_orders_own_line_is_taken_and_still_confirmed(parser: SignalParser) -> None:
    content = ("long UNI again, it swept the lows\n\n#PENDLE/USDT 📈LONG\n\nEntry: 1.3080 - 1.3370\nSL 1.1713\n"
               "TP 1.3916")
    signal = _one(parser, content)
    assert (signal.symbol, signal.side) == ("PENDLEUSDT", Side.BUY)
    assert signal.entry_range == (Decimal("1.3080"), Decimal("1.3370"))
    assert "symbol_contested" in signal.reasons and signal.needs_review()


def test_a_coin_named_in_prose_after_the_side_is_no_rival(parser: SignalParser) -> None:
    content = ("Trade idea on PIPPIN/USDT 15M LONG\n\nHolds up better than the market; on a BTC bounce we can see a "
               "strong move\n\nEntry: 0.40734 - 0.41980\nStop: 0.37167\nTarget: 0.45596")
    signal = _one(parser, content)
    assert signal.symbol == "PIPPINUSDT" and "symbol_contested" not in signal.reasons


def test_the_same_market_written_twice_is_no_rival(parser: SignalParser) -> None:
    signal = _one(parser, "📊 XAU/USD\n\nGOLD\nBUY 2350\nSL 2340\nTP 2365")
    assert signal.symbol == "XAUUSD" and not signal.needs_review()


def test_an_order_naming_another_market_after_levels_without_a_side_is_its_own(parser: SignalParser) -> None:
    content = "Coin: #BNBUSDT\nEntry 1140–1165\nSL 1110\nTP 1180\n\nBUY XAUUSD NOW SL 2650 TP 2700 TP 2750"
    traded = _traded(parser.parse_all(content))
    assert [(s.symbol, s.side, s.stop_loss) for s in traded] == [("XAUUSD", Side.BUY, Decimal(2650))]


def test_a_side_after_the_levels_naming_the_same_market_completes_them(parser: SignalParser) -> None:
    signal = _one(parser, "#BNBUSDT\nEntry 1140–1165\nSL 1110\nTP 1180\n\nLONG BNBUSDT")
    assert (signal.symbol, signal.side, signal.stop_loss) == ("BNBUSDT", Side.BUY, Decimal(1110))


@pytest.mark.parametrize("second", ["EURUSD BUY 1.0850 SL 1.0820 TP 1.0900", "BUY EURUSD 1.0850 SL 1.0820 TP 1.0900"])
def test_an_order_naming_no_market_never_takes_the_next_orders(parser: SignalParser, second: str) -> None:
    found = parser.parse_all(f"SELL 0.6320\n\nTP 0.6300\nTP 0.6270\nSL 0.6370\n\n{second}")
    assert [(s.symbol, s.side) for s in _traded(found)] == [("EURUSD", Side.BUY)]


@pytest.mark.parametrize("content", ["EURUSD, GBPUSD BUY 1.0850 SL 1.0820 TP 1.0900",
                                     "Gold and silver sell now 2350 SL 2360 TP 2340"])
def test_two_markets_before_the_side_on_one_line_hold_the_order(parser: SignalParser, content: str) -> None:
    signal = _one(parser, content)
    assert "symbol_contested" in signal.reasons and signal.needs_review()


def test_one_market_written_twice_before_the_side_is_no_rival(parser: SignalParser) -> None:
    assert not _one(parser, "XAUUSD GOLD BUY 2350 SL 2340 TP 2360").needs_review()


def test_a_market_named_in_a_footer_is_the_orders_above(parser: SignalParser) -> None:
    assert _one(parser, "BUY 1.0850\nSL 1.0820\nTP 1.0900\n#EURUSD").symbol == "EURUSD"


def test_an_order_for_another_market_after_a_priced_notice_is_held(parser: SignalParser) -> None:
    content = "#GPS/USDT Entry 1 ✅\nEntry Price: 0.01067 💵\n\n\nXAUUSD Sell 4476\nTP 4472\nTP 4466\nSL 4495"
    signal = _one(parser, content)
    assert (signal.symbol, signal.side, signal.entry) == ("XAUUSD", Side.SELL, Decimal(4476))
    assert "symbol_contested" in signal.reasons and signal.needs_review()


@pytest.mark.parametrize("order", ["Long/Buy #BEAT/USDT", "Long #BEAT/USDT"])
def test_an_order_naming_another_market_after_its_side_under_a_quoted_price_is_that_markets_and_held(
        parser: SignalParser, order: str) -> None:
    content = f"EURUSD 1.0850\n\n{order}\nEntry point - 1.6810\nTargets: 1.6895 - 1.6980\nStop Loss - 1.6130"
    signal = _one(parser, content)
    assert (signal.symbol, signal.side, signal.entry) == ("BEATUSDT", Side.BUY, Decimal("1.6810"))
    assert "symbol_contested" in signal.reasons and signal.needs_review()


@pytest.mark.parametrize("qualifier", ["INSTANT", "RISKY", "OTHER", "PENDING", "URGENT", "LONDON"])
def test_a_word_qualifying_the_order_beside_its_side_is_no_rival_market(parser: SignalParser, qualifier: str) -> None:
    signal = _one(parser, f"#XAUUSD\n{qualifier} SELL 2350\nSL 2360\nTP 2340")
    assert (signal.symbol, signal.side, signal.entry) == ("XAUUSD", Side.SELL, Decimal(2350))
    assert not signal.needs_review()


def test_a_coin_hashtag_on_the_orders_own_line_beats_one_named_in_a_remark(parser: SignalParser) -> None:
    content = "SUI looks heavy today, patience\n\n#BAKE 市價多 第一止盈: 0.0643 第二止盈: 0.0669 止損: 0.0570"
    signal = _one(parser, content)
    assert (signal.symbol, signal.side) == ("BAKEUSDT", Side.BUY)


def test_a_cashtag_of_a_well_known_share_is_the_share(parser: SignalParser) -> None:
    signal = _one(parser, "BUY $NVDA @ 142.50 SL 139.20 TP 148.10")
    assert (signal.symbol, signal.entry) == ("NVDA", Decimal("142.50")) and not signal.needs_review()


@pytest.mark.parametrize("levels", ["16.12.20 IRIS/BTC\nVstup : 281\n1. target : 310\nStoploss : 260",
                                    "NZD/CHF BOS - .5579, SL .5541, TARGET .5657. Chris"])
def test_a_side_over_a_line_naming_another_market_is_no_side_of_the_unsided_levels_above(
        parser: SignalParser, levels: str) -> None:
    found = parser.parse_all(f"{levels}\n\n🚀 BUY Signal\nCoin: BTC/USDT\nEntry: 95000\nTP1: 97000\nSL: 93000")
    assert [(s.symbol, s.entry) for s in _traded(found)] == [("BTCUSDT", Decimal(95000))]


def test_an_order_line_naming_another_market_under_a_labelled_entry_keeps_the_entry_and_holds(
        parser: SignalParser) -> None:
    signal = _one(parser, "DOGE rebounded 17% from support.\n\n✅Entry 0.79065 - 0.78206\n\n"
                          "(🆘LONG BTWUSDT 5-20x🆘)\n\n🏹 Target 1 $0.79875\n🚫Stop loss -0.749256")
    assert (signal.symbol, signal.entry_range) == ("BTWUSDT", (Decimal("0.78206"), Decimal("0.79065")))
    assert "symbol_contested" in signal.reasons and signal.needs_review()


def test_a_coin_and_its_quote_asset_parted_by_a_pipe_are_one_market(parser: SignalParser) -> None:
    signal = _one(parser, "SOL | USDT = LONG\n\nТочка входа: 19.180\nТейк-профит: 19.422 | 19.854\nСтоп-лосс: 18.609")
    assert (signal.symbol, signal.entry, signal.stop_loss) == ("SOLUSDT", Decimal("19.180"), Decimal("18.609"))


def test_a_hashtagged_post_number_is_no_coin(parser: SignalParser) -> None:
    found = parser.parse_all("#BTCUSDT 1h\n📈 Long\nEntry Zone: 68000 - 67000\nTarget 1: 70000\nStop-Loss: 65000\n"
                             "#ID12345\n\nSELL 0.6320\n\nTP 0.6300\nSL 0.6370")
    assert [s.symbol for s in _traded(found)] == ["BTCUSDT"]
    assert _one(parser, "#C98 BUY 0.25\nSL 0.2\nTP 0.3").symbol == "C98USDT"


def test_chinese_futures_wording_beside_a_word_about_stocks_keeps_the_coins_quote(parser: SignalParser) -> None:
    signal = _one(parser, "IVC\nStock is making Higher highs formation\n\n#BAKE 市價多 第一止盈: 0.0643 止损: 0.057")
    assert signal.symbol == "BAKEUSDT"


def test_a_cashtag_of_a_well_known_coin_beside_a_word_about_shares_is_still_the_coin(parser: SignalParser) -> None:
    signal = _one(parser, "$ONDO LIMIT SHORT TRADE\n\nEP 1.103\nSL 1.1416\nTARGET 1.0476\n\nbto spx 4575c  1.1")
    assert signal.symbol == "ONDOUSDT"


def test_the_same_cashtag_in_a_message_about_coins_is_the_exchange_market(parser: SignalParser) -> None:
    assert _one(parser, "Bitget futures: $TSLA long 250 sl 245 tp 265").symbol == "TSLAUSDT"


def test_a_labelled_pair_written_with_a_separator_is_the_pair(parser: SignalParser) -> None:
    for written in ("EUR USD", "EUR-USD", "GBP / USD", "EUR.USD"):
        signal = _one(parser, f"Pair: {written}\nSide: BUY\nEntry: 1.0850\nTP: 1.0900\nSL: 1.0800")
        assert signal.symbol == written.replace(" ", "").replace("-", "").replace("/", "").replace(".", "")


def test_bold_between_two_words_parts_them(parser: SignalParser) -> None:
    signal = _one(parser, "#CAD/CHF**BUY📣\nAt :0.7394\nSL :0.7376\nTP :0.7601")
    assert (signal.symbol, signal.side) == ("CADCHF", Side.BUY) and not signal.needs_review()


def test_a_coin_spaced_from_its_quote_asset_is_no_usdt_market(parser: SignalParser) -> None:
    signal = _one(parser, "TLM USDT  -   Buy\nEntry Price: 0.05\nTarget: 0.06\nStop: 0.04")
    assert signal.symbol == "TLMUSDT"


@pytest.mark.parametrize(("content", "symbol"), [
    ("GOLD SNIPER VIP\n\nPair: GBPJPY\nSide: long\nEntry: 135.886\nTake Profit: 136.600\nStop Loss: 135.650", "GBPJPY"),
    ("GOLD SNIPER VIP\n\n🟡 SIGNAL LIVE\nEURUSD | M15\nBUY\nEntry: 1.19371\nTP: 1.19471\nSL: 1.19271", "EURUSD"),
    ("GOLD SNIPER VIP\n\nSHORT 🔴\n\nAPEX/USDT\n\nLIMIT ORDER (1.3051)\n\nSL 1.3634\n\nTP 1.0821", "APEXUSDT"),
    ("GOLD SNIPER VIP\n\n🟢OLECTRA BUY ABOVE 2092\n\n👉SL 2040\n👉TARGET 2170,2247", "OLECTRA"),
])
def test_a_market_in_a_channels_title_gives_way_to_the_orders(parser: SignalParser, content: str, symbol: str) -> None:
    found = parser.parse_all(content)
    assert isinstance(found, list) and [s.symbol.removesuffix("USDT") for s in found] == [symbol.removesuffix("USDT")]


def test_a_channels_title_still_names_the_market_when_nothing_else_does_and_holds(parser: SignalParser) -> None:
    signal = _one(parser, "GOLD VIP CHANNEL\nBUY NOW 2350\nSL 2340\nTP 2360")
    assert signal.symbol == "XAUUSD" and signal.needs_review() and signal.reasons == ("symbol_from_title",)


def test_an_order_for_another_coin_after_a_bare_side_line_is_that_coins_and_held(parser: SignalParser) -> None:
    signal = _one(parser, "#BTCUSDT Long\nwaiting for the fill\n\nEth 3250-3280 Long\nTP 3310\nSL 3220")
    assert (signal.symbol, signal.entry_range) == ("ETHUSDT", (Decimal(3250), Decimal(3280)))
    assert "symbol_contested" in signal.reasons and signal.needs_review()


def test_a_coin_alone_on_the_line_above_the_side_under_a_header(parser: SignalParser) -> None:
    signal = _one(parser, "Signal #245\n\nEPIC USDT\nSHORT\nEntry\n$0.2098 - $0.211\nStop\n$0.2167\nTP1 $0.1978")
    assert (signal.symbol, signal.side) == ("EPICUSDT", Side.SELL)


def test_a_contract_with_its_multiplier_refines_a_cashtag(parser: SignalParser) -> None:
    signal = _one(parser, "$PEPE 1000PEPE/USDT LONG\nEntry 0.01050-0.01080\nTP 0.01120 0.01180\nSL 0.00990")
    assert signal.symbol == "1000PEPEUSDT"


@pytest.mark.parametrize(("written", "symbol"), [("EURUSD_i", "EURUSD"), ("GBPJPY_x", "GBPJPY"), ("XAUUSD.m", "XAUUSD"),
                                                 ("XAUUSDc", "XAUUSD")])
def test_a_brokers_suffix_on_a_pair(parser: SignalParser, written: str, symbol: str) -> None:
    signal = _one(parser, f"BUY {written} 1.0850\nSL 1.0820\nTP 1.0900")
    assert signal.symbol == symbol


class TestIndianTipsLayouts:
    """Layouts of Indian stock and option tip channels, each rule written here for itself."""

    def test_a_market_segment_glued_to_the_side_is_no_symbol(self, parser: SignalParser) -> None:
        assert _one(parser, "CASH-BUY CUMMINSIND ABOVE 400 TGT 404-408 SL 396").symbol == "CUMMINSIND"

    def test_near_before_a_price_word_is_no_coin(self, parser: SignalParser) -> None:
        found = parser.parse_all("SENSEX 81700 PE ABOVE 50\n\nSL NEAR BUYING PRICE\n\nTARGET 90/210/250")
        assert not (isinstance(found, list) and any(s.symbol == "NEARUSDT" for s in found))

    def test_a_strike_under_the_index_named_above_it(self, parser: SignalParser) -> None:
        signal = _one(parser, "SENSEX\n\n📈📉 84800CE\n\n📊 PRICE @ 255\n\nSTOPLOSS @ 245\n\n🎯 TARGETS 280/346/500")
        assert (signal.symbol, signal.entry) == ("SENSEX84800CE", Decimal(255))

    def test_a_strike_after_the_side_in_lower_case_is_the_index_named_before(self, parser: SignalParser) -> None:
        # (the index alone at 22150 with a stop of 22120 was traded: another instrument than the contract)
        signal = _one(parser, "7th march expiry nifty  buy 22150 pe cmp 135/130 sl-120 targte-200-250+")
        assert (signal.symbol, signal.entry_range, signal.stop_loss) == ("NIFTY22150PE", (130, 135), 120)

    def test_a_lower_case_strike_alone_under_no_index_is_a_price(self, parser: SignalParser) -> None:
        signal = _one(parser, "gold buy 2350 ce soir sl 2340 tp 2360")
        assert (signal.symbol, signal.entry, signal.stop_loss) == ("XAUUSD", 2350, 2340)

    def test_an_option_with_its_expiry_month_alone(self, parser: SignalParser) -> None:
        assert _one(parser, "BUY CRUDEOIL JAN 5000CE @ 160-165 SL 155 TGT 195").symbol == "CRUDEOIL5000CE"

    def test_the_same_side_before_another_name_after_a_complete_order_is_another_order(
            self, parser: SignalParser) -> None:
        found = parser.parse_all("FUTURES-BUY MCDOWELL ABOVE 607 TGT 611-615-SL 604\n\n"
                                 "FUTURES-BUY GRASIM ABOVE 627.50 TGT 632-636-SL 622")
        assert isinstance(found, list) and len(found) == 2
        assert found[1].symbol.startswith("GRASIM") and found[1].needs_review(REVIEW_BELOW_CONFIDENCE_DEFAULT)

    @pytest.mark.parametrize("content", ["Buy bank nifty 49800 pe\n125-105\nSl 40 points\nTgt 40/80/120+ points",
                                         "Buy nifty 25800 pe\n95- 75\nSl 30 points\nTgt 30/60/90+ points"])
    def test_targets_in_points_written_once_after_the_list(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert (signal.stop_loss, signal.take_profits) == (None, ())

    @pytest.mark.parametrize(("targets", "read"), [("TARGET: 60/80/100", (60, 80, 100)),
                                                   ("TARGET 60/80/100", (60, 80, 100)),
                                                   ("TGT 60 / 80 / 100", (60, 80, 100)),
                                                   ("TARGET 90/210/250", (90, 210, 250))])
    def test_whole_targets_joined_by_slashes_are_all_targets(self, parser: SignalParser, targets: str,
                                                             read: tuple[int, ...]) -> None:
        # before: "80/100" was a score out of 100 and "TARGET 90" an index; traded with one or two targets
        signal = _one(parser, f"BUY SENSEX 81700 PE ABOVE 50\nSL 40\n{targets}")
        assert signal.take_profits == tuple(Decimal(t) for t in read)
        score = _one(parser, "ETH/USDT LONG\nEntry 3200\nSL 3100\nTP 3300\nScore 85/100")
        assert score.take_profits == (Decimal(3300),)

    @pytest.mark.parametrize("content", ["BUY - INFY ABOVE 1815-1820\nSl 1800\nTGT 1840/1860/1880+",
                                         "BUY - HDFCBANK\nBUY ABOVE 1815-1820\nSl 1800\nTP 1840"])
    def test_a_share_after_the_side_and_a_dash(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)  # before: no symbol, or gold guessed from the prices' size
        assert (signal.symbol, signal.entry_range) == (content.split()[2], (Decimal(1815), Decimal(1820)))
        assert "guessed_symbol" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize(("content", "symbol"), [("BUY #JIOFIN 270 CE 24-SEP-2026 AT 5.7", "JIOFIN270CE"),
                                                     ("HAL 4500 PUT Above price 60", "HAL4500PE"),
                                                     ("$DELL $500 CALLS EXPIRATION 9/4/2026 $3.5 Entry @everyone",
                                                      "DELL500CE")])
    def test_an_expiry_date_or_a_triggers_price_word_on_a_bare_option_order_is_no_chatter(
            self, parser: SignalParser, content: str, symbol: str) -> None:
        signal = _one(parser, content)  # before: "talk about a market" (the date counted three words)
        assert signal.symbol == symbol and signal.needs_review()  # no stop, no target: held

    def test_prices_grouped_the_indian_way(self, parser: SignalParser) -> None:
        signal = _one(parser, "MCX GOLD BUY ABOVE 1,20,500\nSL 1,19,800\nTARGET 1,21,200 / 1,22,000")
        assert (signal.entry, signal.stop_loss, signal.take_profits) == (  # before: 1.20, 1.19, ... held at 0.0
            Decimal(120500), Decimal(119800), (Decimal(121200), Decimal(122000)))
        listed = _one(parser, "BUY NIFTY 23200 CE ABOVE 170\nSL 150\nTARGET 190,210,250")  # no lakhs: a list
        assert listed.take_profits == (Decimal(190), Decimal(210), Decimal(250))

    def test_a_midcap_index_option_in_lower_case(self, parser: SignalParser) -> None:
        signal = _one(parser, "MIDCPNIFTY 12500 pe\n\nBuy CMP 91-95\n\nTARGET: 113 / 131+\n\nSL 77")
        assert (signal.symbol, signal.stop_loss) == ("MIDCPNIFTY12500PE", Decimal(77))  # before: no symbol

    def test_an_mcx_option_in_lower_case(self, parser: SignalParser) -> None:
        assert _one(parser, "Buy crudeoil  5700 ce\n124-104\nSl 94\nTgt 150/180/210+").symbol == "CRUDEOIL5700CE"

    def test_an_option_on_a_hyphened_name_is_the_whole_names(self, parser: SignalParser) -> None:
        # (read as a contract on AUTO, and traded)
        signal = _one(parser, "BUY BAJAJ-AUTO 10100 CE ABOVE 120\nTARGET :- 130 / 140\nSL :- 110\nMAY EXPIRY")
        assert (signal.symbol, signal.entry) == ("BAJAJAUTO10100CE", Decimal(120))
        assert _one(parser, "BUY-NIFTY 22000 CE ABOVE 120\nTARGET 130\nSL 110").symbol == "NIFTY22000CE"

    def test_a_us_strike_written_with_zero_cents_is_the_whole_strike(self, parser: SignalParser) -> None:
        assert _one(parser, "#Long DELL 07/17/2026 385.00p 3.35 this am").symbol == "DELL385P"
        assert _one(parser, "BTO TSLA 437.50c 1.20").symbol == "TSLA437.5C"

    def test_a_segment_heading_and_a_momentum_note_are_no_symbol_or_target(self, parser: SignalParser) -> None:
        signal = _one(parser, "DELIVERY\n\nBUY DCMNVL CMP 202.70 SL 175 TARGET 245 - 265\n\nMOMENTUM ABOVE 204.5 - 205")
        assert signal.symbol.startswith("DCMNVL") and signal.take_profits == (Decimal(245), Decimal(265))

    def test_a_lower_case_strike_under_its_index(self, parser: SignalParser) -> None:
        signal = _one(parser, "sensex\n\n📈📉 84800ce\n\n📊 price @ 255\n\nstoploss @ 245\n\n🎯 targets 280/346/500")
        assert signal.symbol == "SENSEX84800CE"

    def test_prices_in_rupees_are_never_read_as_gold(self, parser: SignalParser) -> None:
        assert isinstance(parser.parse_all("buy infy at rs 1800, target 1850, sl 1780"), NotASignal)

    def test_a_ticker_priced_in_rupees_is_a_share_with_no_quote_asset(self, parser: SignalParser) -> None:
        signal = _one(parser, "Buy TORNTPOWER in Cash @ Rs 1614.4, Stop-loss @ Rs 1560, Target @ Rs 1725")
        assert (signal.symbol, signal.entry) == ("TORNTPOWER", Decimal("1614.4"))

    @pytest.mark.parametrize(("content", "symbol", "side"), [("STO TQQQ 60 Put @ 3.15", "TQQQ60PE", Side.SELL),
                                                             ("BTO SPY 450 Call @ 2.10", "SPY450CE", Side.BUY)])
    def test_a_us_option_opened_to_buy_or_sell(self, parser: SignalParser, content: str, symbol: str,
                                               side: Side) -> None:
        signal = _one(parser, content)
        assert (signal.symbol, signal.side) == (symbol, side)

    def test_buying_puts_is_no_buy_of_the_underlying(self, parser: SignalParser) -> None:
        found = parser.parse_all("🐻 NVDA - Bearish (PUT)\n$168.685 ➡ $167.09\n\nBuy Puts | Strike: $170 Put\n"
                                 "T1: $167.89 | T2: $167.09 | Stop: $169.43")
        assert isinstance(found, list) and all(s.side is Side.SELL for s in found)

    def test_a_word_of_prose_before_a_strike_is_no_underlying(self, parser: SignalParser) -> None:
        signal = _one(parser, "Post gap-up, Nifty is trading in a tight range.\n"
                              "We attempted 26200 CE at 457, SL 440, targets 474 491 500")
        assert signal.symbol == "NIFTY26200CE"

    def test_a_well_known_share_named_beside_the_side_keeps_no_quote(self, parser: SignalParser) -> None:
        signal = _one(parser, "🐂 TSLA - Bullish\n$368.1 ➡ $370.03\nT1: $369.06 | T2: $370.03 | Stop: $367.20")
        assert signal.symbol == "TSLA"


class TestMarketNames:
    """Markets other than the majors, coins and the big indices, as their channels write them."""

    @pytest.mark.parametrize(("written", "symbol"), [("USD/SGD", "USDSGD"), ("EUR-TRY", "EURTRY"),
                                                     ("USD ZAR", "USDZAR"), ("ZAR/JPY", "ZARJPY")])
    def test_an_exotic_pair_parted_like_a_major(self, parser: SignalParser, written: str, symbol: str) -> None:
        signal = _one(parser, f"{written}\nBUY NOW: 1.3253\nT/P: 1.3282\nS/L: 1.3190")
        assert (signal.symbol, signal.entry) == (symbol, Decimal("1.3253"))

    @pytest.mark.parametrize(("content", "symbol"), [
        ("VOLATILITY 75 INDEX SELL\nTP 34157\nSL 34629", "VOLATILITY75INDEX"),
        ("Volatility 25 (1s) Index 📊\n\nBuy now 🔼🔼\nSL 2410\nTP 2450", "VOLATILITY251SINDEX"),
        ("BOOM 1000 BUY NOW\nSL 10250\nTP 10400", "BOOM1000"),
        ("Crash 500 Index sell 5200 sl 5260 tp 5100", "CRASH500INDEX"),
        ("📊Step Index signal ready🔔\n\n📈BUY now 📈\nSL 8100\nTP 8150", "STEPINDEX"),
    ])
    def test_a_brokers_synthetic_index(self, parser: SignalParser, content: str, symbol: str) -> None:
        assert _one(parser, content).symbol == symbol

    @pytest.mark.parametrize(("content", "symbol"), [
        ("#GERMANY40 SHORT 📉\n\n🔸 ВХОД СЕЙЧАС ИЛИ 25925.7\n🛑 SL 25966.4\n\n🎯 TP1  25885.0", "GERMANY40"),
        ("BUY JAPAN225 38500 SL 38300 TP 38900", "JAPAN225")])
    def test_a_brokers_longer_index_name_is_no_coin(self, parser: SignalParser, content: str, symbol: str) -> None:
        # ("#GERMANY40" was read as a coin's hashtag and traded as GERMANY40USDT)
        signal = _one(parser, content)
        assert signal.symbol == symbol and not signal.needs_review()

    def test_volatility_in_prose_is_no_index(self, parser: SignalParser) -> None:
        signal = _one(parser, "EURUSD BUY 1.0850, volatility 25% above normal\nSL 1.0820\nTP 1.0900")
        assert signal.symbol == "EURUSD"

    def test_natural_gas_by_its_name(self, parser: SignalParser) -> None:
        signal = _one(parser, "Natural gas sell 2.850 sl 2.950 tp 2.700")
        assert (signal.symbol, signal.entry) == ("NATGAS", Decimal("2.850"))

    @pytest.mark.parametrize(("content", "symbol"), [
        ("MCX NATURAL GAS MAR BUY AT 182 SL 178 TGT 190", "NATURALGAS"),
        ("Sell MCX Crude Oil at Rs. 4850 stop loss 4894, target 4795", "CRUDEOIL"),
        ("BUY MCX SILVER MAY AT 65800, SL 65200, TARGET 67000", "SILVER"),
    ])
    def test_a_commodity_on_indias_exchange_is_its_contract_not_the_cfd(self, parser: SignalParser, content: str,
                                                                       symbol: str) -> None:
        assert _one(parser, content).symbol == symbol

    def test_a_gold_cfds_order_beside_a_fee_in_rupees_stays_xauusd(self, parser: SignalParser) -> None:
        signal = _one(parser, "XAUUSD BUY 2350 SL 2340 TP 2360\n\nJoin our VIP for Rs 999 a month")
        assert signal.symbol == "XAUUSD"  # (the fee read as a second target holds it: a list's end is not known)

    def test_a_broker_index_written_with_a_space(self, parser: SignalParser) -> None:
        signal = _one(parser, "Short DAX 40\nEntry: 23237.56\nFirst target: 23076.76\nStop order: 23343.15")
        assert (signal.symbol, signal.entry) == ("DAX40", Decimal("23237.56"))

    @pytest.mark.parametrize(("content", "symbol", "entry"), [("ALERT: Short $SPX\nIN: 4161 - 10 pt stop", "SPX", 4161),
                                                            ("ALERT: Long $RUT\nIN 1902 - 10 pt stop", "RUT", 1902)])
    def test_an_index_alert_with_its_entry_after_in_and_a_stop_in_points(self, parser: SignalParser, content: str,
                                                                        symbol: str, entry: int) -> None:
        signal = _one(parser, content)
        assert (signal.symbol, signal.entry, signal.stop_loss) == (symbol, Decimal(entry), None)
        assert signal.needs_review()  # a stop written as a distance: no order without its price


@pytest.mark.parametrize(("content", "symbol"), [
    ("DXY strong, so SELL EURUSD 1.0850 SL 1.0880 TP 1.0800", "EURUSD"),
    ("Sell AUDCAD? Buy NZDCAD 0.8150 SL 0.8120 TP 0.8200", "NZDCAD"),
    ("Silver looks heavy, SELL LIMIT GOLD 2350 SL 2360 TP 2330", "XAUUSD"),
    ("BTC dominance rising. Short ETH 3100 SL 3200 TP 2950", "ETHUSDT"),  # a coin in capitals, too
])
def test_the_market_right_after_the_side_word_beats_one_named_before_it(
        parser: SignalParser, content: str, symbol: str) -> None:
    signal = _one(parser, content)
    assert signal.symbol == symbol
    assert "symbol_contested" in signal.reasons and signal.needs_review()


def test_a_prose_word_after_the_side_word_is_no_market(parser: SignalParser) -> None:
    signal = _one(parser, "GOLD BUY NEAR 4554/4551\nSL 4547\nTP 4562")
    assert signal.symbol == "XAUUSD" and "symbol_contested" not in signal.reasons


def test_a_bare_side_line_heads_every_market_that_opens_a_line_under_it(parser: SignalParser) -> None:
    found = parser.parse_all("BUY\nGBPUSD 1.2650 SL 1.2620 TP 1.2700\nEURUSD 1.0850 SL 1.0820 TP 1.0900\nSELL\n"
                             "USDJPY 157.20 SL 157.80 TP 156.00")
    assert not isinstance(found, NotASignal)
    assert [(s.symbol, s.side) for s in found] == [("GBPUSD", Side.BUY), ("EURUSD", Side.BUY), ("USDJPY", Side.SELL)]
    assert _traded(found) == found


def test_a_numbered_list_of_orders_keeps_its_numbers_out_of_the_targets(parser: SignalParser) -> None:
    found = parser.parse_all("1. ADAUSDT BUY @0.45 SL 0.40 TP 0.50\n2. XRPUSDT BUY @0.60 SL 0.55 TP 0.70\n"
                             "3. XAUUSD BUY @2330 SL 2320 TP 2350")
    assert not isinstance(found, NotASignal)
    assert [(s.symbol, s.take_profits) for s in found] == [
        ("ADAUSDT", (Decimal("0.50"),)), ("XRPUSDT", (Decimal("0.70"),)), ("XAUUSD", (Decimal(2350),))]


def test_a_symbol_carried_to_an_order_of_another_size_is_dropped(parser: SignalParser) -> None:
    found = parser.parse_all("Instrument: LBLOCK/USD\nBuy Limit\nEntry price: $0.0030\nStop: $0.0015\nTarget: $0.0070"
                             "\n\nLOẠI GIAO DỊCH: Bán (Short)\nNhập Chính: 10500 USDT\nDừng lỗ: 10860 USDT\n"
                             "TP1: 10400 USDT")
    assert not isinstance(found, NotASignal)
    assert [(s.symbol, s.side) for s in _traded(found)] == [("LBLOCKUSD", Side.BUY)]


def test_a_market_named_only_after_the_levels_is_held(parser: SignalParser) -> None:
    signal = _one(parser, "Direction  SELL\nENTRY : 4468-4466\nTP1: 4464  TP2: 4462\nSL: 4476\n\n#ALCHUSDT:\n\n"
                          "#ALCH is trading inside a symmetrical triangle")
    assert "symbol_after_levels" in signal.reasons and signal.needs_review()


def test_a_market_shared_from_the_other_sides_order_is_held(parser: SignalParser) -> None:
    found = parser.parse_all("VIP Signals\nBuy @ 4030-4028\nTP: 4045\nSL: 4015\n\nALERT: Short $SPX $NDX\n"
                             "IN: 4289 - 10 pt stop")
    assert not isinstance(found, NotASignal)
    assert all((s.symbol, s.side) == ("SPX", Side.SELL) for s in _traded(found))


def test_gold_priced_as_the_cfd_stays_xauusd_beside_a_word_about_mcx(parser: SignalParser) -> None:
    signal = _one(parser, "MCX ka plan buy karne ke liye kya karna padega?\n\nGOLD SELL NOW @2727-2730\nTP 1 :2723\n"
                          "SL : 2734")
    assert signal.symbol == "XAUUSD"


def test_a_hashtag_naming_gold_then_more_is_gold(parser: SignalParser) -> None:
    signal = _one(parser, "#GOLD_TRIAL🔥\n\nBUY___4388-4381\nSL___4375\nTP___4397")
    assert signal.symbol == "XAUUSD"


def test_an_unknown_name_beside_the_side_under_a_market_named_above_holds(parser: SignalParser) -> None:
    signal = _one(parser, "ByBit USDT, Binance Futures\n#COMP/USDT Entered entry zone ✅\n\n"
                          "DELIVERY : BUY GEEKAYWIRE CMP 70 SL 63 TARGET 80 - 90 - 100")
    assert "symbol_contested" in signal.reasons and signal.needs_review()


@pytest.mark.parametrize("heading", ["🗯DYM LONG📈", "Pixel LONG вход с текущих"])
def test_a_name_opening_the_side_line_under_a_market_named_above_holds(parser: SignalParser, heading: str) -> None:
    signal = _one(parser, f"PAIR: DOGE/USDT\nSIDE: LONG\n\n{heading}\nEntry - 0.0983\nTargets - 0.0993 0.1004")
    assert "symbol_contested" in signal.reasons and signal.needs_review()


@pytest.mark.parametrize("content", [
    "long UNI again\n\n#BAKE long 0.0620 TP 0.0643 SL 0.057",  # a hashtag on a later line than the market and side
    "Added to my LINK long\n\nEPIC USDT\nSHORT\nEntry\n$0.2098 - $0.211\nStop\n$0.2167",  # alone above the side
    "Gold news today\n\nBuy TORNTPOWER in Cash @ Rs 1614.4, Stop-loss @ Rs 1560, Target @ Rs 1725",  # words between
    "#RVN/USDT Entered entry zone ✅\nPeriod: 16 Minutes ⏰\n\n🟢BBTC BUY ABOVE 1880\nSL 1840\nTARGET 1980, 2100",
])
def test_a_name_by_a_later_order_contests_the_market_named_above(parser: SignalParser, content: str) -> None:
    signal = parser.parse_all(content)
    assert not isinstance(signal, NotASignal) and all(
        "symbol_contested" in found.reasons and found.needs_review() for found in signal)


def test_a_side_naming_a_hashtagged_market_after_unsided_levels_is_no_side_of_theirs(parser: SignalParser) -> None:
    found = parser.parse_all("XAUUSD SETUP\nEntry: 4165 - 4170\nSL. 4180\nTP1: 4160\nTP2: 4155\n\n"
                             "#Forex #Signal: SELL #GBPUSD @ 1.43511")
    assert not isinstance(found, NotASignal) and not _traded(found)
    # a coin the tokenizer does not know, hashtagged: the side is the next order's, not the unsided levels'
    found = parser.parse_all("Coin: #BNBUSDT | Entry 1140–1165 | SL 1110 | TP 1180\n\n🐷Buy #FLM/#USDT #LONG\n"
                             "Entry Zone : 0.2450\nTarget : 0.2500\nStop Loss 0.2200")
    assert [s.symbol for s in _traded(found)] == ["FLMUSDT"]


def test_a_market_opening_the_order_line_after_a_note_with_levels_is_the_orders(parser: SignalParser) -> None:
    """The market before the side word is the order's, and "NEAR" after it is the word, not the coin."""
    signal = _one(parser, "止盈位：73070\n止损位：78700\n\nGOLD BUY NEAR 4554/4551\nSL 4547\nTP 4562")
    assert (signal.symbol, signal.entry_range, signal.stop_loss) == ("XAUUSD", (Decimal(4551), Decimal(4554)),
                                                                    Decimal(4547))


@pytest.mark.parametrize(("content", "symbol"), [("Sell nq @ 26678\nSl @ 26744\nTp @ 26400", "NQ"),
                                               ("buy ym 44100 sl 44000 tp 44300", "YM")])
def test_a_futures_root_in_lower_case_before_its_price_is_a_guess(
        parser: SignalParser, content: str, symbol: str) -> None:
    signal = _one(parser, content)
    assert signal.symbol == symbol and "guessed_symbol" in signal.reasons and signal.needs_review()


@pytest.mark.parametrize("content", ["short sol 150 sl 160 tp 140", "sol short 150 sl 160 tp 140"])
def test_a_known_coin_in_lower_case_beside_the_side_is_a_guess(parser: SignalParser, content: str) -> None:
    signal = _one(parser, content)
    assert signal.symbol == "SOLUSDT" and "guessed_symbol" in signal.reasons and signal.needs_review()


def test_a_contested_market_stays_contested_for_the_order_after_it(parser: SignalParser) -> None:
    found = parser.parse_all("I currently have a live trade open on the USD/CHF forex currency pair.\n\nGBP/USD\n"
                             "Buy Stop 1.8440 TP 1.8470 SL 1.8410\nSell Stop 1.8300 TP 1.8270 SL 1.8330")
    assert not isinstance(found, NotASignal) and len(found) == 2 and not _traded(found)


def test_gold_named_as_mcx_at_a_shares_price_is_held(parser: SignalParser) -> None:
    signal = _one(parser, "READY FOR GOLD SIGNAL\n\nBUY ABOVE Rs. 170\nSL INR 160\nTarget Rs 182/200")
    assert signal.needs_review()


def test_a_us_contracts_expiry_after_its_strike_is_no_price(parser: SignalParser) -> None:
    signal = _one(parser, "BTO $MSFT 430c 02/06 @0.80 SL 0.50")
    assert (signal.symbol, signal.entry) == ("MSFT430C", Decimal("0.80"))
    worded = _one(parser, "#Short QQQ 704p lottos 6/26 3.45")  # (a word before the expiry: 6 was the entry)
    assert (worded.symbol, worded.entry) == ("QQQ704P", Decimal("3.45"))


@pytest.mark.parametrize(("content", "symbol", "entry"), [("RIVN 16c 3/20 1.35", "RIVN16C", "1.35"),
                                                          ("NFLX 80c 7/17 @ 1.38 day trade", "NFLX80C", "1.38"),
                                                          ("Open\nSPY 01/20 684C @.75", "SPY684C", "0.75"),
                                                          ("AVGO 415c 2DTE @ 1.65", "AVGO415C", "1.65"),
                                                          ("QQQ 609P @ 1.5", "QQQ609P", "1.5"),
                                                          ("Contract: $QQQ 11/12 621C\n\nEntry: @.72", "QQQ621C",
                                                           "0.72"),
                                                          ("LOTTO:\n**Contract:** $SPX 11/13 6725P\n\n**Entry:** @1.80",
                                                           "SPX6725P", "1.80"),
                                                          ("Contract:  **QQQ 11/11 623C**\n\nEntry Price: **0.84**",
                                                           "QQQ623C", "0.84")])
def test_a_us_contract_opening_its_line_with_a_premium_is_a_buy_held_for_review(
        parser: SignalParser, content: str, symbol: str, entry: str) -> None:
    signal = _one(parser, content)
    assert (signal.symbol, signal.side, signal.entry) == (symbol, Side.BUY, Decimal(entry))
    assert "side_inferred" in signal.reasons and signal.needs_review()


@pytest.mark.parametrize(("content", "symbol", "entry"), [
    ("NIFTY 23900 PE @ 75", "NIFTY23900PE", 75), ("NIFTY 24250 CE\nABOVE 118\nSl below 108", "NIFTY24250CE", 118),
    ("#NIFTY 24100 CE\n\nABOVE - 100", "NIFTY24100CE", 100)])
def test_an_indian_contract_opening_its_line_with_a_premium_is_a_buy_held_for_review(
        parser: SignalParser, content: str, symbol: str, entry: int) -> None:
    signal = _one(parser, content)
    assert (signal.symbol, signal.side, signal.entry) == (symbol, Side.BUY, Decimal(entry))
    assert "side_inferred" in signal.reasons and signal.needs_review()


def test_a_side_word_after_the_contract_is_the_orders_side(parser: SignalParser) -> None:
    assert _one(parser, "BANK NIFTY 45000 PE SELL SL 45100").side is Side.SELL
    signal = _one(parser, "MAZDOCK 2760CE BUY ABOVE 150 SL 120 TGT 180 200 220")
    assert (signal.side, signal.entry, signal.reasons) == (Side.BUY, Decimal(150), ())


@pytest.mark.parametrize(("content", "entry"), [("Sell AMBER FUTURE 29SEPT below 7170 with SL 7230, Target 7060", 7170),
                                                ("Buy gold 29 sep 2350", 2350)])
def test_an_expiry_glued_to_its_month_or_before_a_price_is_no_price(parser: SignalParser, content: str,
                                                                    entry: int) -> None:
    assert _one(parser, content).entry == Decimal(entry)


@pytest.mark.parametrize("content", ["STC ROKU 120c 6/19 @ 3.73 partial on target",
                                     "Close\nSPY 01/20 684C @.75 (All out)",
                                     "Trimming $APLD 37c 20 Feb 2.74 -> 6.15"])
def test_a_us_contract_after_an_exit_word_is_no_buy(parser: SignalParser, content: str) -> None:
    found = parser.parse_all(content)
    assert isinstance(found, NotASignal) or all(s.side is not Side.BUY for s in found)


@pytest.mark.parametrize(("content", "symbol"), [("Buy $TSLA 410c 5.80 stop 4.50 target 8.00", "TSLA410C"),
                                                 ("Long SPY 580c @ 1.10 SL 0.80 TP 1.60", "SPY580C"),
                                                 ("BTO SPY 9/07 450c @ 1.27 SL 0.90", "SPY450C"),  # expiry between
                                                 ("BTO BYND 06/12 170C @3.35 SL set at 3.00", "BYND170C")])
def test_a_us_contract_with_its_kind_glued_to_the_strike_is_the_contract(
        parser: SignalParser, content: str, symbol: str) -> None:
    assert _one(parser, content).symbol == symbol


@pytest.mark.parametrize("content", ["EURUSD BUY 1.0850 SL 1.0820 TP 1.0900 (30p)",
                                     "GBPUSD 40p target, BUY 1.2650 SL 1.2620 TP 1.2700"])
def test_pips_written_with_a_p_are_no_contract(parser: SignalParser, content: str) -> None:
    assert _one(parser, content).symbol in ("EURUSD", "GBPUSD")


def test_a_level_label_before_a_strike_is_no_underlying(parser: SignalParser) -> None:
    found = parser.parse_all("SL 401 PE RAKHNA!\n\nEnj шорт риск 0,5\nsl 0.02832\nтп1 0,02751")
    assert isinstance(found, NotASignal) or all(not s.symbol.startswith("SL") for s in found)


@pytest.mark.parametrize(("content", "symbol"), [("Loonie BUY 1.3650 SL 1.3620 TP 1.3700", "USDCAD"),
                                                 ("Sell Aussie 0.6550 SL 0.6580 TP 0.6500", "AUDUSD"),
                                                 ("Kiwi long 0.5950 sl 0.5920 tp 0.6000", "NZDUSD"),
                                                 ("SWISSY SELL 0.8850 SL 0.8880 TP 0.8800", "USDCHF"),
                                                 ("Platinum buy 950 sl 940 tp 970", "XPTUSD")])
def test_traders_nicknames_for_majors_and_metals(parser: SignalParser, content: str, symbol: str) -> None:
    signal = _one(parser, content)
    assert signal.symbol == symbol and not signal.needs_review()


@pytest.mark.parametrize(("content", "symbol"), [
    ("Stock Name : SGFIN\nBuy\nTarget: ₹720\nEntry Range: ₹681-684\nStop Loss: ₹676", "SGFIN"),
    ("Ativo: BOVAW32\nCompra: 1,04 a 1,06\nAlvo 1: 1,15\nStop: 0,70", "BOVAW32"),
    ("Activo: AAPL\nCompra: 180.5\nStop: 175\nObjetivo: 190", "AAPL")])
def test_a_shares_label_names_the_market_with_no_quote_asset(parser: SignalParser, content: str, symbol: str) -> None:
    assert _one(parser, content).symbol == symbol


@pytest.mark.parametrize(("content", "symbol", "entry"), [
    ("VENDA WINJ24 128500\nSTOP 128800\nALVO 128000", "WINJ24", "128500"),  # (entry 24, then no entry)
    ("COMPRA PETR4 38,50\nSTOP 37,80\nALVO 40,00", "PETR4", "38.50")])  # (entry 4)
def test_the_digits_closing_a_guessed_name_are_no_price(parser: SignalParser, content: str, symbol: str,
                                                         entry: str) -> None:
    signal = _one(parser, content)
    assert (signal.symbol, signal.entry) == (symbol, Decimal(entry))
    assert signal.needs_review()  # (a guessed name: a person confirms it)


def test_a_name_that_goes_on_past_the_ticker_read_is_held(parser: SignalParser) -> None:
    signal = _one(parser, "Ativo: PETR4.SA_32.66_C_20251202\nOperação: BUY\nPreço de Entrada: R$ 0.10\nStop: R$ 0.06")
    assert signal.needs_review()


@pytest.mark.parametrize("content", ["ETH short entry 3100 stop 3 percent target 2900",
                                     "#ETH شورت ورود 3100 استاپ 3 درصد تارگت 2900",
                                     "ETH шорт вход 3100 стоп 3 процента цель 2900"])
def test_a_stop_written_as_a_percent_in_words_is_no_price(parser: SignalParser, content: str) -> None:
    signal = _one(parser, content)
    assert (signal.entry, signal.stop_loss) == (Decimal(3100), None) and signal.needs_review()


@pytest.mark.parametrize(("content", "symbol", "entry"), [("BTO $SPY $744 PUTS @ .4", "SPY744PE", "0.4"),
                                                          ("BTO CAVA 07/17/26 $100 Call @$1.50", "CAVA100CE", "1.50")])
def test_a_us_contracts_strike_after_its_mark_and_its_expiry_before_it(
        parser: SignalParser, content: str, symbol: str, entry: str) -> None:
    signal = _one(parser, content)
    assert (signal.symbol, signal.side, signal.entry) == (symbol, Side.BUY, Decimal(entry))


def test_a_worded_us_contract_opening_its_line_with_a_premium_is_a_buy_held_for_review(parser: SignalParser) -> None:
    signal = _one(parser, "MU $600 calls $3.35 this week expiry added 5 stop at 2.8")
    assert (signal.symbol, signal.side, signal.entry) == ("MU600CE", Side.BUY, Decimal("3.35"))
    assert "side_inferred" in signal.reasons and signal.needs_review()


@pytest.mark.parametrize(("content", "symbol"), [("MGC SHORT (1m) @ 4496.35 | TP:4484.35 SL:4504.35", "MGC"),
                                                 ("MCL long 78.50 SL 77.90 TP 79.40", "MCL")])
def test_a_metals_or_oils_futures_root_is_its_own_market(parser: SignalParser, content: str, symbol: str) -> None:
    assert _one(parser, content).symbol == symbol


@pytest.mark.parametrize(("content", "side"), [("Ho venduto XAU a 4373.80 TP 4363.80 SL 4376.80", Side.SELL),
                                               ("FLOKIUSDT 0.000130－0.000134 區間多\nTP1: 0.00013988\nSL: 0.000128",
                                                Side.BUY)])
def test_italian_and_chinese_side_words(parser: SignalParser, content: str, side: Side) -> None:
    assert _one(parser, content).side is side


def test_each_capitalised_name_opening_an_order_line_starts_its_own_order(parser: SignalParser) -> None:
    signals = parser.parse_all("IBULHSGFIN BUY ABOVE 1234 SL 1222 TGT 1247\nSELL BELOW 1209 SL 1220 TGT 1196\n"
                               "PCJEWELLER BUY ABOVE 365.45 SL 362.15 TGT 369.45\n"
                               "SELL BELOW 358.20 SL 361.45 TGT 354.25")
    assert isinstance(signals, list)
    assert [(s.symbol, s.side) for s in signals] == [("IBULHSGFIN", Side.BUY), ("IBULHSGFIN", Side.SELL),
                                                      ("PCJEWELLER", Side.BUY), ("PCJEWELLER", Side.SELL)]
    assert all(s.needs_review() and "guessed_symbol" in s.reasons for s in signals)  # a guessed name carries over


@pytest.mark.parametrize(("content", "targets"), [("BUY#BAJAJ-AUTO FUT ABOVE -8330 TARGET-8350,8400,8450 SL-8300",
                                                   ("8350", "8400", "8450")),
                                                  ("BUY #SENSEX 73900 CE ABOVE 20-25 TARGET- 35,80,95",
                                                   ("35", "80", "95"))])
def test_a_list_joined_by_commas_is_no_decimal_comma(parser: SignalParser, content: str,
                                                     targets: tuple[str, ...]) -> None:
    assert _one(parser, content).take_profits == tuple(Decimal(t) for t in targets)


def test_a_hashtags_name_going_on_past_a_dash_is_held(parser: SignalParser) -> None:
    signal = _one(parser, "BUY#BAJAJ-AUTO FUT ABOVE -8330 TARGET-8350,8400,8450 SL-8300")
    assert signal.symbol == "BAJAJ" and signal.needs_review()


def test_a_contract_behind_a_hashtag(parser: SignalParser) -> None:
    assert _one(parser, "BUY #BANKEX 52300 PE ABOVE 10 TARGET 22 30 50 SL 5").symbol == "BANKEX52300PE"


def test_a_lower_case_hashtag_keeps_its_multiplier(parser: SignalParser) -> None:
    signal = _one(parser, "#1000lunc/usdt long\nentry 0.15\nsl 0.14\ntp 0.17")
    assert (signal.symbol, signal.side, signal.entry) == ("1000LUNCUSDT", Side.BUY, Decimal("0.15"))


def test_near_level_under_an_option_names_its_premium(parser: SignalParser) -> None:
    signal = _one(parser, "BUY - NIFTY  26000 PE\nNEAR LEVEL --   115\nTARGET -  160 / 170/200\nSTOPLOSS -- 100")
    assert (signal.symbol, signal.entry, signal.stop_loss) == ("NIFTY26000PE", Decimal(115), Decimal(100))


def test_an_options_expiry_after_exp_is_no_price_and_avg_is_its_fill(parser: SignalParser) -> None:
    signal = _one(parser, "HOOD 117C EXP 7/24 AVG 2.75")
    assert (signal.symbol, signal.entry) == ("HOOD117C", Decimal("2.75"))


def test_a_discord_ping_on_the_order_line_is_no_chatter(parser: SignalParser) -> None:
    signal = _one(parser, "BTO $TSLA 355c 04/10 @2.60 @everyone")
    assert (signal.symbol, signal.entry) == ("TSLA355C", Decimal("2.60"))


@pytest.mark.parametrize(("content", "symbol"), [
    ("Ethereum Classic long entry 20 sl 18 tp 25", "ETCUSDT"),
    ("Bitcoin Cash long entry 400 sl 380 tp 450", "BCHUSDT"),
    ("#اتریوم_کلاسیک لانگ ورود ۲۰ حد ضرر ۱۸", "ETCUSDT"),
    ("以太经典 做多 20 止损 18", "ETCUSDT"),
])
def test_a_coin_named_in_two_words_is_not_the_coin_its_first_word_names(
        parser: SignalParser, content: str, symbol: str) -> None:
    assert _one(parser, content).symbol == symbol


@pytest.mark.parametrize(("content", "symbol"), [
    ("Solana long 150 sl 140 tp 170", "SOLUSDT"),
    ("سولانا لانگ ورود ۱۵۰ حد ضرر ۱۴۰", "SOLUSDT"),
    ("#کاردانو لانگ ورود ۰.۵ حد ضرر ۰.۴۵", "ADAUSDT"),
    ("Лонг по солане 150, стоп 140", "SOLUSDT"),
])
def test_a_coin_named_by_its_full_name_is_quoted_like_its_ticker_and_held(
        parser: SignalParser, content: str, symbol: str) -> None:
    signal = _one(parser, content)
    assert signal.symbol == symbol
    assert "quote_guessed" in signal.reasons and signal.needs_review()


def test_a_hashtag_joining_a_names_words_with_underscores_reads_as_the_name(parser: SignalParser) -> None:
    signal = _one(parser, "#بیت_کوین لانگ | ورود ۶۵۰۰۰ | حد ضرر ۶۳۵۰۰ | تارگت ۶۹۰۰۰")
    assert (signal.symbol, signal.side, signal.entry) == ("BTCUSDT", Side.BUY, Decimal("65000"))


@pytest.mark.parametrize(("content", "symbol", "entry"), [
    ("Lotto $IREN 0DTE $60 calls $.68", "IREN60CE", "0.68"),  # a tag of its size, the expiry in words
    ("in WMT 130c 0dte .32", "WMT130C", "0.32"),
    ("Adding $NBIS 120c Feb 20 @ 5.30", "NBIS120C", "5.30"),
    ("$AAOI weekly $220 calls for $2.05", "AAOI220CE", "2.05"),
    ("$SPY $766 CALLS EXPIRATION 9/1/2026 $.33 Entry", "SPY766CE", "0.33"),  # a premium's "$." before its cents
    ("I grabbed IWM 11/11 245P @.64 Lotto size", "IWM245P", "0.64")])
def test_an_options_rooms_word_of_taking_the_contract_before_it_is_a_buy_held_for_review(
        parser: SignalParser, content: str, symbol: str, entry: str) -> None:
    signal = _one(parser, content)
    assert (signal.symbol, signal.side, signal.entry) == (symbol, Side.BUY, Decimal(entry))
    assert "side_inferred" in signal.reasons and signal.needs_review()


@pytest.mark.parametrize("content", ["Out WMT 130c .50", "Trimmed WMT 130c .50"])
def test_an_exit_word_before_the_contract_is_no_buy(parser: SignalParser, content: str) -> None:
    found = parser.parse_all(content)
    assert isinstance(found, NotASignal) or all(s.side is not Side.BUY for s in found)


def test_words_after_an_option_orders_premium_are_a_remark_not_talk(parser: SignalParser) -> None:
    signal = _one(parser, "BTO KWEB 06/18 32c @1.2, loading up more shorter term on these.")
    assert (signal.symbol, signal.side, signal.entry) == ("KWEB32C", Side.BUY, Decimal("1.2"))
    # a number after the premium is no remark: "from 18 to 150" reports a result
    assert isinstance(parser.parse_all("BANK NIFTY 59000 CE on App from 18 to 150"), NotASignal)


def test_a_discord_mention_after_an_option_orders_premium_is_no_number_of_the_remark(parser: SignalParser) -> None:
    signal = _one(parser, "BTO $AMD 195p 03/18 @0.88 <@&697950067285295115> calling top. medium size.")
    assert (signal.symbol, signal.side, signal.entry) == ("AMD195P", Side.BUY, Decimal("0.88"))
