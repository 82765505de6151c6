"""Side and level words in more languages, text whose line breaks were lost, and the doubts that hold a parse.

The examples are written for these tests (not taken from the corpus): each states one rule of the reader."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest

from shared.domain.signal import REVIEW_BELOW_CONFIDENCE_DEFAULT, NotASignal, OrderType, ParsedSignal, Side
from shared.parsing import SignalParser
from tests.support.parsing import one_signal as _one


def _all(parser: SignalParser, content: str) -> list[ParsedSignal]:
    found = parser.parse_all(content)
    assert isinstance(found, list), found
    return found


class TestSideWordsInOtherLanguages:
    @pytest.mark.parametrize(("content", "side"), [
        ("ACHETER EURUSD 1.0850 SL 1.0800 TP 1.0900", Side.BUY),
        ("VENDRE EURUSD 1.0850 SL 1.0900 TP 1.0800", Side.SELL),
        ("KUPNO EURUSD 1.0850 SL 1.0800 TP 1.0900", Side.BUY),
        ("SPRZEDAŻ EURUSD 1.0850 SL 1.0900 TP 1.0800", Side.SELL),
        ("ICH KAUFE EURUSD 1.0850 SL 1.0800 TP 1.0900", Side.BUY),
        ("ICH VERKAUFE EURUSD 1.0850 SL 1.0900 TP 1.0800", Side.SELL),
        ("COMPRAR EURUSD 1.0850 SL 1.0800 TP 1.0900", Side.BUY),
        ("VENDER EURUSD 1.0850 SL 1.0900 TP 1.0800", Side.SELL),
        ("EURUSD alış 1.0850 SL 1.0800 TP 1.0900", Side.BUY),
        ("EURUSD satış 1.0850 SL 1.0900 TP 1.0800", Side.SELL),
        ("BELI EURUSD 1.0850 SL 1.0800 TP 1.0900", Side.BUY),
        ("JUAL EURUSD 1.0850 SL 1.0900 TP 1.0800", Side.SELL),
        ("EURUSD 卖出 1.0850 止损 1.0900 止盈 1.0800", Side.SELL),
        ("JE VENDS EURUSD à 1.0850\nTP1 : 1.0800\nSL : 1.0900", Side.SELL),
        ("NOUS ACHETONS EURUSD à 1.0850\nTP1 : 1.0900\nSL : 1.0800", Side.BUY),
    ])
    def test_the_side_is_read(self, parser: SignalParser, content: str, side: Side) -> None:
        signal = _one(parser, content)
        assert (signal.symbol, signal.side, signal.entry) == ("EURUSD", side, Decimal("1.0850"))

    @pytest.mark.parametrize(("buy", "sell", "gold"), [
        ("KÖP", "SÄLJ", "GULD"),  # Swedish
        ("KJØP", "SELG", "GULL"),  # Norwegian
        ("KØB", "SÆLG", "GULD"),  # Danish
        ("KOOP", "VERKOOP", "GOUD"),  # Dutch
        ("KOUPIT", "PRODAT", "ZLATO"),  # Czech
        ("VÉTEL", "ELADÁS", "ARANY"),  # Hungarian
        ("CUMPĂRĂ", "VÂNZARE", "XAUUSD"),  # Romanian
        ("КУПИТИ", "ПРОДАТИ", "ЗОЛОТО"),  # Ukrainian
        ("KUPNO", "SPRZEDAŻ", "ZŁOTO"),  # Polish (no "OTO" after its "Ł")
        ("خریدیں", "بیچیں", "سونا"),  # Urdu
    ])
    def test_gold_bought_and_sold_in_more_languages(self, parser: SignalParser, buy: str, sell: str,
                                                    gold: str) -> None:
        bought = _one(parser, f"{buy} {gold} 2350\nSL 2340\nTP 2360")
        sold = _one(parser, f"{sell} {gold} 2350\nSL 2360\nTP 2340")
        assert (bought.symbol, bought.side, sold.symbol, sold.side) == ("XAUUSD", Side.BUY, "XAUUSD", Side.SELL)
        assert bought.reasons == sold.reasons == ()

    @pytest.mark.parametrize(("entry", "target"), [
        ("Vstup", "Cíl 1"), ("Belépő", "Cél 1"), ("Ingång", "Mål 1"), ("Instap", "Doel 1"), ("Inngang", "Mål"),
        ("Intrare", "Țintă 1"), ("Intrare", "Obiectiv 1"), ("Masuk", "TP 1"), ("Ціна входу", "Ціль 1"),
    ])
    def test_entry_and_target_labels_of_more_languages(self, parser: SignalParser, entry: str, target: str) -> None:
        signal = _one(parser, f"XAUUSD BUY\n{entry}: 2350\nSL: 2340\n{target}: 2360")
        assert (signal.entry, signal.stop_loss, signal.take_profits) == (Decimal(2350), Decimal(2340), (Decimal(2360),))
        assert signal.reasons == ()

    def test_a_numbered_label_the_parser_does_not_know_holds_the_order(self, parser: SignalParser) -> None:
        signal = _one(parser, "XAUUSD BUY\nEntry: 2350\nSL: 2340\nZorgo 1: 2360")
        assert signal.take_profits == () and "level_unlabelled" in signal.reasons and signal.needs_review()

    def test_a_persian_coin_label_and_a_target_mark_glued_to_its_word(self, parser: SignalParser) -> None:
        signal = _one(parser, "📈رمزارز  FORM\nبا لوریج 2 و در نقاط 0.8571 و 0.816 پوزیشن لانگ باز کنید.\n"
                              "🎯تارگت:\n0.9073 - 0.9844 - 1.0825 - 1.1968\n❌استاپ:\n0.7572")
        assert (signal.symbol, signal.side, signal.entry_range, signal.stop_loss) == (
            "FORMUSDT", Side.BUY, (Decimal("0.816"), Decimal("0.8571")), Decimal("0.7572"))
        assert signal.take_profits == (Decimal("0.9073"), Decimal("0.9844"), Decimal("1.0825"), Decimal("1.1968"))
        glued = _one(parser, "XAUUSD شراء 2350\n❌وقف الخسارة 2340\n🎯الهدف 2360")
        assert (glued.stop_loss, glued.take_profits) == (Decimal(2340), (Decimal(2360),))

    def test_a_persian_two_step_entry_is_a_zone(self, parser: SignalParser) -> None:
        signal = _one(parser, "#XRP لانگ ورود ۲ پله‌ای 2.1 و 2.0 حد ضرر 1.9 تارگت 2.4")
        assert (signal.entry, signal.entry_range, signal.stop_loss) == (None, (Decimal("2.0"), Decimal("2.1")),
                                                                        Decimal("1.9"))

    def test_turkish_entry_targets_and_stop(self, parser: SignalParser) -> None:
        signal = _one(parser, "BTC/USDT LONG\ngiriş: 60000\nhedef 61000 - 62000\nzarar durdur 59000")
        assert (signal.entry, signal.take_profits, signal.stop_loss) == (
            Decimal(60000), (Decimal(61000), Decimal(62000)), Decimal(59000))

    def test_a_persian_entry_at_a_point(self, parser: SignalParser) -> None:
        signal = _one(parser, "#ETH/USDT\nپوزیشن شورت\nدر نقطه 2500\nتارگت: 2400\nاستاپ: 2600")
        assert (signal.side, signal.entry) == (Side.SELL, Decimal(2500))

    def test_a_count_of_prices_in_the_entry_label_is_no_price(self, parser: SignalParser) -> None:
        signal = _one(parser, "SELL XAUUSD\nPREZZO D'ENTRATA (tra questi 2 prezzi puoi fare 2 o 3 slot): 4321 - 4322"
                              "\nSL: 4330\nTP1: 4316")
        assert (signal.entry, signal.entry_range) == (None, (Decimal(4321), Decimal(4322)))

    def test_a_stop_on_a_four_hour_close_in_arabic(self, parser: SignalParser) -> None:
        signal = _one(parser, "💎 #QNT | Binance\n📍 الدخول: 63.50 – 61.00\n🎯 الأهداف:\n1️⃣ 69.85\n2️⃣ 76.20\n"
                              "🛑 الستوب: إغلاق 4 ساعات أسفل 59.00")
        assert (signal.side, signal.stop_loss) == (Side.BUY, Decimal("59.00"))

    def test_a_lower_case_name_beside_a_chinese_side_word_is_a_held_guess(self, parser: SignalParser) -> None:
        signal = _one(parser, "epic   多\n进场位置；1.60-1.58附近\n止盈:1.68-1.73附近\n止损:1.55")
        assert (signal.symbol, signal.side, signal.stop_loss) == ("EPICUSDT", Side.BUY, Decimal("1.55"))
        assert "guessed_symbol" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize(("content", "side", "entry", "stop", "targets"), [
        # look-alike characters for the level words, past a platform's filter
        ("ETH\n2148-2158附近空\n止笋2175\n芷楹2133-2105", Side.SELL, (Decimal(2148), Decimal(2158)), Decimal(2175),
         (Decimal(2133), Decimal(2105))),
        ("比特币方向：短空\n入场：8.03万附近\n芷損：8.15万\n第一芷楹7.95万 第二芷楹7.88万", Side.SELL, Decimal(80300),
         Decimal(81500), (Decimal(79500), Decimal(78800))),  # prices in units of ten thousand
        ("Btc\n方向：空\n建仓：105000附近\n止损：105600附近\n止盈：104500-104000", Side.SELL, Decimal(105000),
         Decimal(105600), (Decimal(104500), Decimal(104000))),  # the side as a field, the entry as "建仓"
        ("ETH，1596附近，做🈳\n止损预计: 1610\n止盈预计；1550", Side.SELL, Decimal(1596), Decimal(1610),
         (Decimal(1550),)),
    ])
    def test_chinese_channels_written_their_own_way(self, parser: SignalParser, content: str, side: Side,
                                                    entry: object, stop: Decimal, targets: tuple[Decimal, ...]) -> None:
        signal = _one(parser, content)
        written = signal.entry_range if isinstance(entry, tuple) else signal.entry
        assert (signal.side, written, signal.stop_loss, signal.take_profits) == (side, entry, stop, targets)

    def test_a_win_streak_and_a_liquidation_level_are_no_prices(self, parser: SignalParser) -> None:
        signal = _one(parser, "ETH 做空（27连胜） 仓位思路强平控制3000及以上\n2112市价直接空 100倍\n止损2330\n止盈2018")
        assert (signal.entry, signal.stop_loss) == (Decimal(2112), Decimal(2330))

    @pytest.mark.parametrize("content", ["#BBRI\nBuy: 4500-4550\nTP: 4700\nCutloss: 4400",
                                         "BBRI - Buy on weakness 4500-4550, target 4700, cut loss 4400",
                                         # the share after the side's manner, or after a qualifier before the side
                                         # (refused before: no symbol; "SPEC" read as the share)
                                         "Buy on weakness BBRI 4500-4550, TP 4700, SL 4400",
                                         "Buy on Weakness: BBRI\nArea: 4500-4550\nTarget: 4700\nStoploss: 4400",
                                         "SPEC BUY BBRI 4500-4550 TP 4700 SL 4400"])
    def test_an_indonesian_share_tip_and_its_cut_loss(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert (signal.symbol, signal.entry_range, signal.stop_loss, signal.take_profits) == (
            "BBRI", (Decimal(4500), Decimal(4550)), Decimal(4400), (Decimal(4700),))

    @pytest.mark.parametrize("content", ["VENTA XAUUSD\nEntrada: 2350 a 2352\nStop: 2360\nTP1: 2340",
                                         "XAUUSD 空单\n开仓价： 2350至2352\n止损：2360\n止盈：2340",
                                         "XAUUSD 做空\n入场： 2350到2352\n止损：2360\n止盈：2340"])
    def test_a_zone_joined_by_a_word_of_another_language(self, parser: SignalParser, content: str) -> None:
        assert _one(parser, content).entry_range == (Decimal(2350), Decimal(2352))

    def test_a_spanish_operating_range_is_the_entry_zone(self, parser: SignalParser) -> None:
        signal = _one(parser, "Sell  XAUUSD\n\nRango operativo 2403 -2409\n\nTP1 2400\nTP2 2397\nSL 2412")
        assert (signal.entry, signal.entry_range) == (None, (Decimal(2403), Decimal(2409)))

    @pytest.mark.parametrize(("content", "entry", "stop", "target"), [
        ("COMPRA XAUUSD\nPrecio: 2350\nParar pérdidas: 2340\nTomar ganancias: 2360", "2350", "2340", "2360"),
        ("Venda EURUSD\nEntrada 1.0850\nStop gain 1.0800\nStop loss 1.0880", "1.0850", "1.0880", "1.0800"),
        ("VENDA EURUSD\nEntrada: 1.0850\nStop: 1.0880\nTake 1: 1.0800", "1.0850", "1.0880", "1.0800"),
        ("VENDA EURUSD\nEntrada: 1.0850\nStop: 1.0880\nSaída 1: 1.0800", "1.0850", "1.0880", "1.0800"),
        ("VENTA EURUSD\nEntrada: 1.0850\nStop Loss: 1.0880\nMeta 1: 1.0800", "1.0850", "1.0880", "1.0800"),
        ("VENTA EURUSD\nEntrada: 1.0850\nSL: 1.0880\nObj 1: 1.0800", "1.0850", "1.0880", "1.0800"),
        ("VENTA EURUSD\nEntrada: 1.0850\nSL: 1.0880\nMeta 1 → 1.0800", "1.0850", "1.0880", "1.0800"),
        ("EURUSD\nJUAL\nMasuk di 1.0850\nSL: 1.0880\nSasaran 1 1.0800", "1.0850", "1.0880", "1.0800"),
        ("做空 EURUSD\n入场价： 1.0850\n止损： 1.0880\n目标 1 1.0800", "1.0850", "1.0880", "1.0800"),
        ("EURUSD ПРОДАЖА\nВход 1.0850\nСтоп: 1.0880\n1 цель: 1.0800", "1.0850", "1.0880", "1.0800"),
        ("EURUSD ПРОДАЖА 1.0850\nСЛ 1.0880\nТП 1 1.0800", "1.0850", "1.0880", "1.0800"),  # transliterated
        ("EURUSD ПРОДАЖА 1.0850\nсл 1.0880\nтп 1.0800", "1.0850", "1.0880", "1.0800"),
        ("EURUSD ПРОДАЖА 1.0850 СЛ 1.0880 ТП 1.0800", "1.0850", "1.0880", "1.0800"),  # on the order's line
        ("EURUSD ПРОДАЖА 1.0850 (сл 1.0880, тп 1 1.0800)", "1.0850", "1.0880", "1.0800"),
        ("做空 EURUSD\n入场价： 1.0850\n止损： 1.0880\n止盈位1： 1.0800", "1.0850", "1.0880", "1.0800"),
        ("VENTA EURUSD\nEntrar en 1.0850\nLímite de pérdida: 1.0880\nTP1: 1.0800", "1.0850", "1.0880", "1.0800"),
        ("VENDA EURUSD\nEntrar em 1.0850\nStop: 1.0880\nAlvo 1: 1.0800", "1.0850", "1.0880", "1.0800"),
        ("EURUSD\nJUAL\nMasuk di 1.0850\nCL: 1.0880\nTP1: 1.0800", "1.0850", "1.0880", "1.0800"),
        ("JUAL EURUSD di 1.0850, TP 1.0800, CL 1.0880", "1.0850", "1.0880", "1.0800"),  # (held with no stop)
        ("Sinal de VENDA - EUR/USD\nPreço de entrada: 1.0850\nStop: 1.0880\nGain: 1.0800", "1.0850", "1.0880",
         "1.0800"),  # Brazil's "Gain" (traded with no target: the price was dropped)
        ("بيع EURUSD\nادخل عند 1.0850\nالاستوب: 1.0880\nالهدف1: 1.0800", "1.0850", "1.0880", "1.0800"),
        ("Bán EURUSD\nVùng vào: 1.0850\nCắt lỗ: 1.0880\nChốt lời 1: 1.0800", "1.0850", "1.0880", "1.0800"),
        ("Vente EURUSD\nEntrée : 1.0850\nSL: 1.0880\nCible 1: 1.0800", "1.0850", "1.0880", "1.0800"),
        ("Verkauf EURUSD\nEinstiegspreis: 1.0850\nStop-Loss: 1.0880\nKursziel 1: 1.0800", "1.0850", "1.0880", "1.0800"),
        ("SPRZEDAŻ EURUSD\nWejście: 1.0850\nSL: 1.0880\nCele: 1.0800", "1.0850", "1.0880", "1.0800"),
        ("ПРОДАЖ EURUSD\nТочка входу: 1.0850\nСтоп: 1.0880\nЦілі: 1.0800", "1.0850", "1.0880", "1.0800"),
        ("EURUSD 매도\n진입가: 1.0850\n손절: 1.0880\n익절: 1.0800", "1.0850", "1.0880", "1.0800"),
        ("EURUSD 売り\nエントリー： 1.0850\n損切り： 1.0880\n利確： 1.0800", "1.0850", "1.0880", "1.0800"),
        ("ขาย EURUSD\nเข้า: 1.0850\nตัดขาดทุน: 1.0880\nเป้าหมาย 1: 1.0800", "1.0850", "1.0880", "1.0800"),
        ("Beli XAUUSD\nHarga masuk: 2350\nTarget: 2360\nSL: 2340", "2350", "2340", "2360"),
        ("شراء الذهب 2350\nإيقاف الخسارة 2340\nأخذ الربح 2360", "2350", "2340", "2360"),
        ("LONG XAUUSD\nВходим: 2350\nСтоп: 2340\nТейк: 2360", "2350", "2340", "2360"),
        ("Mua XAUUSD\nĐiểm vào: 2350\nDừng lỗ: 2340\nChốt lời: 2360", "2350", "2340", "2360"),
    ])
    def test_stop_target_and_entry_words_of_more_channels(
            self, parser: SignalParser, content: str, entry: str, stop: str, target: str) -> None:
        signal = _one(parser, content)
        assert (signal.entry, signal.stop_loss, signal.take_profits) == (
            Decimal(entry), Decimal(stop), (Decimal(target),))

    @pytest.mark.parametrize(("content", "symbol"), [
        ("欧美 做多 1.0850 止损 1.0820 止盈 1.0900", "EURUSD"), ("镑日 空 191.50 止损 192.00 止盈 190.80", "GBPJPY"),
        ("道指 做多 39000 止损 38800 止盈 39400", "US30"), ("Нефть шорт 78.5 стоп 79.2 тейк 77.5", "USOIL"),
        ("Серебро лонг 30.5 стоп 29.8 тейк 31.5", "XAGUSD"), ("Bán dầu 78.5 SL 79.2 TP 77.5", "USOIL"),
        ("Jual minyak 78.5 SL 79.2 TP 77.5", "USOIL"), ("الداو جونز شراء 39000 وقف 38800 هدف 39400", "US30"),
        ("فروش نفت 78.5 حد ضرر 79.2 تارگت 77.5", "USOIL"),
    ])
    def test_markets_by_their_names_in_other_languages(self, parser: SignalParser, content: str, symbol: str) -> None:
        assert _one(parser, content).symbol == symbol

    @pytest.mark.parametrize(("content", "order_type"), [
        ("بای لیمیت طلا 2340\nحد ضرر 2330\nتارگت 2360", OrderType.LIMIT),
        ("سل استاپ طلا 2330\nحد ضرر 2340\nتارگت 2310", OrderType.STOP),
        ("بيع ستوب الذهب 2330\nوقف 2340\nهدف 2310", OrderType.STOP),
        ("خرید لیمیت طلا 2340\nحد ضرر 2330\nتارگت 2360", OrderType.LIMIT),
    ])
    def test_pending_orders_spelled_in_persian_or_arabic_script(
            self, parser: SignalParser, content: str, order_type: OrderType) -> None:
        signal = _one(parser, content)
        assert signal.order_type is order_type and signal.entry is not None and not signal.needs_review()

    def test_a_persian_sell_then_stop_with_another_stop_label_is_held(self, parser: SignalParser) -> None:
        signal = _one(parser, "فروش استاپ طلا 2330\nحد ضرر 2340\nتارگت 2310")
        assert "stops_differ" in signal.reasons and signal.needs_review()

    def test_bitcoin_by_its_russian_slang_name(self, parser: SignalParser) -> None:
        signal = parser.parse_all("лонг биток 60500 стоп 60000 тейк 62000")
        assert isinstance(signal, list) and (signal[0].symbol, signal[0].side) == ("BTCUSDT", Side.BUY)

    def test_pe_at_a_line_start_is_the_entry_price(self, parser: SignalParser) -> None:
        signal = _one(parser, "BUY XAU\n\nPE 4375\n\nSL 4370\nTp1 4378,5")
        assert (signal.entry, signal.stop_loss) == (Decimal(4375), Decimal(4370))

    def test_a_word_that_merely_starts_like_a_side_word_is_not_one(self, parser: SignalParser) -> None:
        assert isinstance(parser.parse_all("Satisfied clients on EURUSD 1.0850 again"), NotASignal)


class TestLayoutNoise:
    """A message's layout changes from channel to channel; none of these changes what it says."""

    SIGNAL = ("#LINK/USDT (Long)\nEntry Zone: 14.20 - 14.50\nTake-Profit Targets:\n1) 14.80\n2) 15.20\n"
              "Stop Targets:\n1) 13.70")

    @pytest.mark.parametrize("layout", [
        lambda t: t.replace("\n", "\r\n"),  # Windows line ends
        lambda t: t.replace("\n", "\r"),
        lambda t: "\n".join("✅ " + line for line in t.split("\n")),  # a bullet on every line
        lambda t: "\n".join("▪️ " + line for line in t.split("\n")),
        lambda t: t.replace("\n", "\n\n"),  # blank lines between
        lambda t: "\n".join("<b>" + line + "</b>" for line in t.split("\n")),  # a bot's HTML
        lambda t: t.replace("\n", "<br/>"),
        lambda t: t.replace("14.20 - 14.50", "$14.20 - $14.50"),
        lambda t: t.replace("\n", " | "),  # one line parted by pipes
        lambda t: t.replace(" ", "\xa0"),  # non-breaking spaces (Telegram Desktop's copies, HTML exports)
        lambda t: t.replace(" ", "\xa0").replace("\n", "\xa0|\xa0"),
        # a bot's MarkdownV2 before Telegram renders it: "14\.20 \- 14\.50" (read 14 to 14 before)
        lambda t: re.sub(r"([#().-])", r"\\\1", t),
    ])
    def test_line_ends_bullets_and_blank_lines(self, parser: SignalParser, layout: Callable[[str], str]) -> None:
        signal = _one(parser, layout(self.SIGNAL))
        assert (signal.symbol, signal.side, signal.entry_range, signal.stop_loss, signal.take_profits) == (
            "LINKUSDT", Side.BUY, (Decimal("14.20"), Decimal("14.50")), Decimal("13.70"),
            (Decimal("14.80"), Decimal("15.20")))

    @pytest.mark.parametrize("content", [
        "XAUUSD BUY\\nEntry: 2350\\nSL: 2340\\nTP1: 2355\\nTP2: 2360",  # "\n" as a log writes it: targets lost
        "XAUUSD BUY 2350 − 2345\nSL: 2340\nTP1: 2355\nTP2: 2360",  # the minus sign: held as an unlabelled level
    ])
    def test_escaped_line_breaks_and_the_minus_sign(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert not signal.needs_review() and signal.take_profits == (Decimal(2355), Decimal(2360))
        assert (signal.entry or signal.entry_range) in (Decimal(2350), (Decimal(2345), Decimal(2350)))

    def test_a_piped_line_keeps_its_clauses_apart(self, parser: SignalParser) -> None:
        signal = _one(parser, "Gold (XAUUSD) buy stop | Entry 1970 | SL 1960 | TP 2005 | Will update on it if needed")
        assert (signal.side, signal.order_type, signal.entry) == (Side.BUY, OrderType.STOP, Decimal(1970))

    def test_lower_case_ratios_dash_fields_and_a_lower_case_pair_after_its_label(self, parser: SignalParser) -> None:
        ratio = _one(parser, "side: long\npair: fil/usdt\nentry: 1.295\nsl: 1.22\ntp1: 1.33\ntp2: 1.37\ntp1: 0.56 r:r")
        assert ratio.take_profits == (Decimal("1.33"), Decimal("1.37"))
        spot = _one(parser, "ETH/USDT 🟢 Long\nBuy - 3000-3050\nSell - 3100-3150-3200\nStop - 2950")
        assert spot.take_profits == (Decimal(3100), Decimal(3150), Decimal(3200))
        assert _one(parser, "symbol: chzbtc\nsignal: sell\nsell @: ~0.00000770\nsl 0.0000080").symbol == "CHZBTC"

    def test_a_bot_list_of_closes_and_a_target_line_after_a_bullet(self, parser: SignalParser) -> None:
        bot = _one(parser, "#BTCUSDT\n\n#SHORT\xa035100-37260\n\nClose\xa033660\xa031500\n\nStop\xa037980")
        assert bot.entry_range == (Decimal(35100), Decimal(37260))
        assert bot.take_profits == (Decimal(33660), Decimal(31500))
        to = _one(parser, "• SPX500\n• Sell @ now while below 7498\n• To.: 7481, 7461\n• Sl.: 7504")
        assert to.take_profits == (Decimal(7481), Decimal(7461))

    def test_html_entities_and_no_tag_that_is_not_telegrams(self, parser: SignalParser) -> None:
        assert _one(parser, "<BUY> XAUUSD 2350\nSL 2340\nTP 2360").side is Side.BUY
        assert _one(parser, "S&amp;P500 BUY 5000\nSL 4950\nTP 5100").symbol == "US500"

    def test_a_titled_coin_after_a_bullet_and_entries_one_per_line_after_blank_lines(self, parser: SignalParser
                                                                                      ) -> None:
        assert _one(parser, "✅ Pixel SHORT вход с текущих\nСтоп 0.009648\nТейки 0.009").symbol == "PIXELUSDT"
        assert _one(parser, "BUY XAUUSD\n\nEntry:\n\n2350\n\n2345\n\nSL 2340\n\nTP 2360").entry_range == (
            Decimal(2345), Decimal(2350))


class TestTextThatLostItsLineBreaks:
    def test_labels_glued_to_the_previous_word_or_price(self, parser: SignalParser) -> None:
        signal = _one(parser, "ETHUSDT SHORTLeverage: Cross 20xEntry: 2500Targets: 2450 - 2400SL: 2550")
        assert (signal.side, signal.entry, signal.take_profits, signal.stop_loss) == (
            Side.SELL, Decimal(2500), (Decimal(2450), Decimal(2400)), Decimal(2550))

    def test_numbered_lists_glued_to_their_labels(self, parser: SignalParser) -> None:
        signal = _one(parser, "OPUSDT LONGLeverage: 10.0XEntry Targets:1) 2.475Take-Profit Targets:1) 2.5085"
                              "Stop Targets:1) 2.4125")
        assert (signal.entry, signal.take_profits, signal.stop_loss) == (
            Decimal("2.475"), (Decimal("2.5085"),), Decimal("2.4125"))

    def test_superscript_indexes_end_before_the_price(self, parser: SignalParser) -> None:
        signal = _one(parser, "XAUUSD BUY 2350\nSL 2340\nTP¹2360\nTP²2370")
        assert signal.take_profits == (Decimal(2360), Decimal(2370))

    def test_a_copiers_trailing_plan_and_a_partial_entry_are_not_updates(self, parser: SignalParser) -> None:
        signal = _one(parser, "SOLUSDT LONG\nEntry: 150 - 148 (Enter partially)\nTargets: 155 - 160\nSL: 140\n"
                              "Trailing Configuration: Stop: Breakeven - Trigger: Target (1)")
        assert (signal.entry_range, signal.stop_loss) == ((Decimal(148), Decimal(150)), Decimal(140))


class TestNumbers:
    def test_a_number_as_long_as_the_previous_prices_whole_part_is_no_shorthand(self, parser: SignalParser) -> None:
        signal = _one(parser, "COIN: $ENS/USDT Direction: SHORT ENTRY: 26.85 TARGETS: 26.246 - 25.62 - 25 - 24 "
                              "STOP LOSS: 27.629")
        assert signal.take_profits == (Decimal("26.246"), Decimal("25.62"), Decimal(25), Decimal(24))
        sats = _one(parser, "COIN: #ENJ/BTC\nBUY PRICE: 0.00002150 - 2180\nStop-loss: 0.00001990")
        assert sats.entry_range == (Decimal("0.00002150"), Decimal("0.00002180"))
        pips = _one(parser, "EURUSD Buy at 1.0850-60\nSL 1.0800\nTP 1.0920")  # far from the whole part: a shorthand
        assert pips.entry_range == (Decimal("1.0850"), Decimal("1.0860"))
        typo = _one(parser, "GOLD\nSell from 5077\nTp.: 50670, 5060, 5027\nSl.: 5081")  # a shorthand saves 2 digits
        assert typo.take_profits == (Decimal(50670), Decimal(5060), Decimal(5027))

    def test_a_space_between_thousands_when_cents_follow(self, parser: SignalParser) -> None:
        signal = _one(parser, "BTCUSD SELL 111 600.00\nTP1  111 300.00\nTP2  111 000.00\nSL    112 200.00")
        assert (signal.entry, signal.stop_loss, signal.take_profits) == (
            Decimal(111600), Decimal(112200), (Decimal(111300), Decimal(111000)))
        assert _one(parser, "XAUUSD BUY 2350\nTP 2360 2370\nSL 2340").take_profits == (Decimal(2360), Decimal(2370))

    @pytest.mark.parametrize("labels", [("Entry 1:", "Entry 2:"), ("Entry #1:", "Entry #2:"), ("E1:", "E2:"),
                                        ("🛒Entry 1 -", "🛒Entry 2 -"), ("Entry 1 →", "Entry 2 →"),
                                        ("Entry 1 @", "Entry 2 @"), ("Entry 1 at", "Entry 2 at"),
                                        ("Entry 1", "Entry 2"), ("Entrada 1", "Entrada 2"), ("Вход 1 -", "Вход 2 -"),
                                        ("入场 1", "入场 2"), ("Buy 1", "Buy 2"), ("EP 1 →", "EP 2 →"),
                                        ("Buy Zone 1:", "Buy Zone 2:")])
    def test_numbered_entries_are_legs(self, parser: SignalParser, labels: tuple[str, str]) -> None:
        found = parser.parse_all(f"XAUUSD BUY\n{labels[0]} 2350\n{labels[1]} 2345\nSL: 2340\nTP1: 2360")
        assert isinstance(found, list)
        assert [(s.entry, s.stop_loss, s.take_profits) for s in found] == [
            (Decimal(2350), Decimal(2340), (Decimal(2360),)), (Decimal(2345), Decimal(2340), (Decimal(2360),))]

    def test_a_digit_after_the_side_then_a_dash_and_a_price_near_it_is_a_zone(self, parser: SignalParser) -> None:
        assert _one(parser, "SUI BUY 1 - 1.2\nSL 0.9\nTP 1.5").entry_range == (Decimal(1), Decimal("1.2"))

    def test_averaging_in_is_a_second_leg_when_priced(self, parser: SignalParser) -> None:
        body = "#ZETAUSDT Шорт (вход с текущих)\n— Вход с текущих: 0,0879\n— Усреднение: {}\nСтоп:\n— SL: 0,0987\n" \
               "— TP1: 0,0816\nВход не более 1–2% от депозита"
        found = parser.parse_all(body.format("0,0933"))
        assert isinstance(found, list) and [s.entry for s in found] == [Decimal("0.0879"), Decimal("0.0933")]
        assert _one(parser, body.format("—")).entry == Decimal("0.0879")  # the step left out

    @pytest.mark.parametrize("content", ["Next Buy Zone\n4051 - 4047\nTargets\n4053.5\n4055.5\nSL 4043",
                                         "Direction  SELL\nENTRY 4468-4466\nSL 4476\nTP 4464"])
    def test_field_words_are_no_coin_names(self, parser: SignalParser, content: str) -> None:
        assert _one(parser, content).symbol == "XAUUSD"  # read from the prices, and held

    def test_a_lot_size_is_no_price_and_a_bullet_after_the_targets_ends_them(self, parser: SignalParser) -> None:
        signal = _one(parser, "🟢 BUY GOLD NOW\n📊 ENTRY: $5,030.45\n🛑 STOP LOSS: $5,016.06\n🎯 TP1: $5,050.51\n"
                              "🎯 TP2: $5,066.51\n\n🎯 BIAS: STABLE\n💼 POSITION:\n  • Recommended: 0.01-0.02 lots\n"
                              "  • For €30-200 accounts\n  • Broke $5,025, retested, held")
        assert signal.take_profits == (Decimal("5050.51"), Decimal("5066.51")) and signal.confidence == 1
        sized = _one(parser, "USDJPY BUY 151.20 TP 151.50 SL 150.80 Lot 0.05")  # a price, then the size's label
        assert sized.stop_loss == Decimal("150.80")

    def test_turkish_capital_i_and_a_coin_name_label(self, parser: SignalParser) -> None:
        signal = _one(parser, "📊 İŞLEM TÜRÜ: LONG\nCOİN ADI: ZEC/USDT\n✅ GİRİŞ: 366.7\n⚡️ Hedefler: 375 - 385\n"
                              "ZARAR KES: 350")
        assert (signal.symbol, signal.entry, signal.stop_loss) == ("ZECUSDT", Decimal("366.7"), Decimal(350))

    def test_a_decimal_comma_after_a_leading_zero(self, parser: SignalParser) -> None:
        signal = _one(parser, "DOGE/USDT LONG giriş 0,125 hedef 0,130 stop 0,120")
        assert (signal.entry, signal.take_profits, signal.stop_loss) == (
            Decimal("0.125"), (Decimal("0.130"),), Decimal("0.120"))

    @pytest.mark.parametrize("content", [
        "BTC/USDT LONG\nEntry: 60000\nSL: 25-30%\nTP: 62000",
        "BTC/USDT LONG\nEntry: 60000\nSL: 59000\nTP: %5 - %10",
    ])
    def test_shares_are_never_levels(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert Decimal(5) not in signal.take_profits and signal.stop_loss in (None, Decimal(59000))
        assert signal.stop_loss != Decimal(25)


class TestDoubtsThatHold:
    def test_a_target_that_is_its_own_index_far_from_the_entry_is_held(self, parser: SignalParser) -> None:
        # (a bot's "target 1 reached" post restating the order had traded with a target of 1)
        signal = _one(parser, "#ONDO/USDT Take-Profit target 1\nDirection: LONG\nEntry: 0.3825 - 0.3840\n"
                              "Stop Loss: 0.35328")
        assert "tp_as_index" in signal.reasons and signal.needs_review(REVIEW_BELOW_CONFIDENCE_DEFAULT)
        near = _one(parser, "ADA/USDT LONG\nEntry: 0.95\nStop Loss: 0.90\nTarget 1")  # a round target near it
        assert near.take_profits == (Decimal(1),) and "tp_as_index" not in near.reasons

    def test_silver_in_german_names_the_metal(self, parser: SignalParser) -> None:
        assert _one(parser, "ICH KAUFE SILBER (EK: 32.45)").symbol == "XAGUSD"  # not the word "ICH" as a coin

    def test_a_bare_coin_with_no_quote_context_is_held(self, parser: SignalParser) -> None:
        # a coin trades on an exchange more often than at a CFD broker: USDT, but a person confirms
        signal = _one(parser, "ADA buy 0.45 SL 0.40 target 0.50")
        assert signal.symbol == "ADAUSDT" and "quote_guessed" in signal.reasons
        assert signal.confidence < REVIEW_BELOW_CONFIDENCE_DEFAULT
        bitcoin = _one(parser, "BTC buy 60000 SL 59000 target 62000")
        assert bitcoin.symbol == "BTCUSDT" and "quote_guessed" in bitcoin.reasons
        assert _one(parser, "ADA buy 0.45 SL 0.40 target 0.50 leverage 10x").reasons == ()

    @pytest.mark.parametrize("content", [
        "$CRWD long 180 stop 175 target 190",  # a cashtag the parser knows neither as a coin nor as a share
        "#ANTM BELI 1500-1520 TP 1600 SL 1450",  # an IDX share in rupiah: whole prices are not sats here
    ])
    def test_a_ticker_that_may_be_a_share_is_held(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert "quote_guessed" in signal.reasons and signal.confidence < REVIEW_BELOW_CONFIDENCE_DEFAULT

    @pytest.mark.parametrize("content", [
        "SELL LIMIT @ 2408\n\nSL: 2413.50\n\nTP1 2406\n\nTP2 2403",
        "BUY  NOW\n\nPRICE 2505.50\n\nSL 2500\n\nTP1 2507.50",
        "Buy Zone Now\n4163.5 - 4158.5\nTargets\n4165.5\n4167.5\nSL/ invalid 4155.5",
    ])
    def test_a_symbol_less_order_priced_like_gold_is_read_as_gold_and_held(self, parser: SignalParser,
                                                                           content: str) -> None:
        # a gold-only channel rarely names gold; a person confirms the instrument
        signal = _one(parser, content)
        assert signal.symbol == "XAUUSD" and "symbol_inferred" in signal.reasons
        assert signal.confidence < REVIEW_BELOW_CONFIDENCE_DEFAULT

    @pytest.mark.parametrize("content", [
        "SELL NOW 1.0850 SL 1.0900 TP 1.0800",  # not gold's prices
        "SELL NOW 2391 SL 2600 TP 2100",  # levels too far apart for one gold trade
        "Binance futures\nSELL NOW 2391 SL 2420 TP 2350",  # a coin channel: ETH trades there too
        "SELL NOW 2391",  # no stop, no target
    ])
    def test_an_order_with_no_symbol_is_no_signal_when_its_prices_do_not_say_gold(self, parser: SignalParser,
                                                                                   content: str) -> None:
        assert parser.parse_all(content) == NotASignal("no symbol")

    @pytest.mark.parametrize(("content", "symbol"), [
        ("🟢 DHAMPUR SUGAR BUY ABOVE 258\n\n👉 SL 241\n👉 TARGET 273, 286, 298", "DHAMPURSUGAR"),
        ("🟢RVNL BUY ABOVE 370\n\nSL 354\nTARGET 388,400", "RVNL"),  # whole prices, nothing of coins: a share
        ("#SLR\nBUY 5590\nSell 6100-6700-7800", "SLRBTC"),  # a hashtag names a coin: whole prices are sats
    ])
    def test_a_name_beside_the_side_word_priced_in_whole_numbers_is_a_share(self, parser: SignalParser,
                                                                           content: str, symbol: str) -> None:
        signal = _one(parser, content)
        assert signal.symbol == symbol and signal.confidence < 1

    @pytest.mark.parametrize(("note", "symbol"), [("Kâr satışları arttı", "ARBUSDT"), ("40 - 43 sats", "ARBBTC")])
    def test_a_word_starting_with_sat_in_another_language_says_nothing_of_sats(self, parser: SignalParser, note: str,
                                                                               symbol: str) -> None:
        assert _one(parser, f"{note}\n\n$ARB LONG\nEntry: 1.05\nTP: 1.12\nSL: 0.99").symbol == symbol

    def test_shares_and_indian_indices_keep_their_names(self, parser: SignalParser) -> None:
        share = _one(parser, "Saham: TLKM\nBeli di 3500-3550\nTarget 3700\nStop loss 3400")
        assert (share.symbol, share.side, share.entry_range) == ("TLKM", Side.BUY, (Decimal(3500), Decimal(3550)))
        assert _one(parser, "NIFTY BUY 22000 SL 21900 TP 22200").symbol == "NIFTY"
        assert _one(parser, "Market: QQQ · BUY\nEntry Zone: 729.67 – 729.89\nTP1: 731.97\nSL: 725.41").symbol == "QQQ"
        assert _one(parser, "I spy a gold buy 2350 sl 2340 tp 2360").symbol == "XAUUSD"

    @pytest.mark.parametrize(("content", "symbol", "entry"), [
        ("**CRUDEOIL 8700 PE | BUY ABOVE 155 | TGT  165/185/210+ | SL 138**", "CRUDEOIL8700PE", Decimal(155)),
        ("Intraday Trade\nBuy Bank nifty 54000 ce at 605-615\nTarget 660-680-700\nSL 580", "BANKNIFTY54000CE", None),
        ("NIFTY 24400 PE | Buy above 122 | Tgt 140 | Sl 110", "NIFTY24400PE", Decimal(122)),
    ])
    def test_an_option_contract_is_its_own_instrument(self, parser: SignalParser, content: str, symbol: str,
                                                     entry: Decimal | None) -> None:
        # a put on crude is no buy of crude oil; the strike is no price
        signal = _one(parser, content)
        assert (signal.symbol, signal.side, signal.entry) == (symbol, Side.BUY, entry)

    @pytest.mark.parametrize(("content", "symbol", "targets"), [
        # the underlying named first is not what is bought: buying the index is no buy of its call
        ("nifty expiry today   buy nifty 22000 ce only abv 50 sl-35 target-100-150  cmp 44", "NIFTY22000CE",
         (Decimal(100), Decimal(150))),
        ("Buy Nifty 21 Mar 22200 CE Only In Range @ 54 - 60 Target 78 98 120 150 & Above", "NIFTY22200CE",
         (Decimal(78), Decimal(98), Decimal(120), Decimal(150))),  # the expiry is no part of its name
        ("BUY NIFTY 22100 PE RANGE 60-65 TRG 120-180-300++ SL  25", "NIFTY22100PE",
         (Decimal(120), Decimal(180), Decimal(300))),  # a joined list is as literal as its first target
    ])
    def test_an_option_named_after_its_underlying(self, parser: SignalParser, content: str, symbol: str,
                                                 targets: tuple[Decimal, ...]) -> None:
        signal = _one(parser, content)
        assert (signal.symbol, signal.take_profits) == (symbol, targets)

    def test_a_zone_word_allows_a_wide_zone(self, parser: SignalParser) -> None:
        signal = _one(parser, "Buy BankNifty 20 Mar 46500 CE Only In Range @ 40 - 60 Target 90 120 150 200")
        assert signal.entry_range == (Decimal(40), Decimal(60))
        assert _one(parser, "Buy NIFTY 22000 CE @ 40 - 60 Target 90 120").entry == Decimal(40)  # no zone word

    def test_ce_or_pe_in_other_languages_is_no_option(self, parser: SignalParser) -> None:
        signal = _one(parser, "Achat GOLD 2350 ce matin, SL 2340, TP 2360")  # French "ce": this
        assert (signal.symbol, signal.entry) == ("XAUUSD", Decimal(2350))

    def test_a_german_stop_a_target_list_with_dashes_and_a_ratio_before_its_words(self, parser: SignalParser) -> None:
        signal = _one(parser, "🚀USDCAD - SELL🚀\nEntry: 1.40210\nStopp-Loss: 1.40510\nTake-Profit 1: 1.40060\n"
                              "Take-Profit 2: 1.39910\n📊3:1 Risk Reward 📊")
        assert (signal.stop_loss, signal.take_profits) == (Decimal("1.40510"), (Decimal("1.40060"), Decimal("1.39910")))
        listed = _one(parser, "Buy Jsw Steel 1360 Ce at 4.45-4.95 (NSE)\nTarget 7-9-11\nSL 3")
        assert listed.take_profits == (Decimal(7), Decimal(9), Decimal(11))

    def test_a_coin_with_its_exchange_context_is_not(self, parser: SignalParser) -> None:
        assert "quote_guessed" not in _one(parser, "$DIA long 0.714 SL 0.705 TP 0.73 (Binance futures)").reasons
        signal = _one(parser, "ADA buy 0.45 SL 0.40 target 0.50 (Binance futures, 10x)")
        assert signal.symbol == "ADAUSDT" and "quote_guessed" not in signal.reasons

    def test_targets_with_neither_entry_nor_stop_are_held(self, parser: SignalParser) -> None:
        signal = _one(parser, "#SOL/USDT LONG\nTarget 1: 155\nTarget 2: 160")
        assert "targets_only" in signal.reasons and signal.confidence < REVIEW_BELOW_CONFIDENCE_DEFAULT


class TestMoreLayouts:
    def test_keycap_numbers_glued_to_prices_only_number_the_list(self, parser: SignalParser) -> None:
        signal = _one(parser, "#SOLUSDT\nLong\nEntry price: 72.6-72.7\n✅Targets: 1️⃣742️⃣75.53️⃣77\n🛑Stop Loss:70.5")
        assert signal.take_profits == (Decimal(74), Decimal("75.5"), Decimal(77))

    def test_a_limit_word_before_the_side_of_a_later_order(self, parser: SignalParser) -> None:
        found = parser.parse_all("Limit long ETHUSDT - 1754\nLimit long BTCUSDT - 64660")
        assert isinstance(found, list)
        first, second = found
        assert (first.order_type, second.order_type, second.entry) == (OrderType.LIMIT, OrderType.LIMIT,
                                                                       Decimal(64660))

    def test_the_same_order_restated_in_another_language_is_one_signal(self, parser: SignalParser) -> None:
        found = parser.parse_all("Market: XPTUSD · BUY\n📍 Entry Zone: 1616.79 – 1618.51\n🎯 TP1: 1629.15\n"
                                 "🛑 SL: 1594.65\n\nالسوق: XPTUSD · شراء\n📍 منطقة الدخول: 1616.79 – 1618.51\n"
                                 "🎯 الهدف الأول TP1: 1629.15\n🛑 وقف الخسارة SL: 1594.65")
        assert isinstance(found, list) and len(found) == 1

    @pytest.mark.parametrize(("content", "entry_range", "stop_loss"), [
        ("XAUUSD BUY 4057/4054\n\nSl_/@4046\n\nTP¹4060", (Decimal(4054), Decimal(4057)), Decimal(4046)),
        ("📊XAUUSD - SELL GOLD NOW\n❗️ZN :4105-4113\n⬆️TP:30/50/100pips\n⬇️SL:4120", (Decimal(4105), Decimal(4113)),
         Decimal(4120)),
        # a stop mark right after the side word decorates the order's zone; the stop is labelled below
        ("Gold（XAUUSD）📊\nSELL🛑4027-4037\n\nTP1 🎯4022\nTP2 🎯4017\n\nSL⛔️4042", (Decimal(4027), Decimal(4037)),
         Decimal(4042)),
    ])
    def test_zone_and_stop_spellings(self, parser: SignalParser, content: str,
                                     entry_range: tuple[Decimal, Decimal], stop_loss: Decimal) -> None:
        signal = _one(parser, content)
        assert (signal.entry_range, signal.stop_loss) == (entry_range, stop_loss)

    def test_plural_and_misspelt_sides_in_capitals_short_names_and_a_colon_decimal(self, parser: SignalParser) -> None:
        signal = _one(parser, "Pair: GJ | Side: BUYS | Entry:150.712 | Take Profit: 151.200 | Stop Loss: 150.600")
        assert (signal.symbol, signal.side, signal.entry) == ("GBPJPY", Side.BUY, Decimal("150.712"))
        assert _one(parser, "Pair: GBPJPY\nSide: SELLS\nEntry: 143.500\nTake Profit: 143.00\nStop Loss: 143.75").side \
            is Side.SELL
        assert _one(parser, "BUY EU NOW SL 1.0850 TP 1.0920").symbol == "EURUSD"
        colon = _one(parser, "Pair: GBPJPY\nSide: long\nEntry: 135.886\nTake Profit 136:600\nStop Loss: 135.650")
        assert colon.take_profits == (Decimal("136.600"),)
        assert parser.parse_all("he buys gold every week") == NotASignal("no side (buy/sell)")

    def test_a_mention_is_no_price_ep_is_an_entry_and_a_priced_stop_beats_a_worded_one(self, parser: SignalParser
                                                                                        ) -> None:
        signal = _one(parser, "$ICP LONG TRADE HIGH RISK @sn06 Notif\n\nEP 6.312\nSL 1H CLOSE BELOW 6.077\n"
                              "TP 6.54, 6.83")
        assert (signal.entry, signal.stop_loss) == (Decimal("6.312"), Decimal("6.077"))
        wide = _one(parser, "Btc limit long 73900 low lev swing trade as sl is wide\nSl 66.7k\nTp 89.2k")
        assert wide.stop_loss == Decimal(66700)

    def test_thousands_written_once_and_a_titled_coin_before_limit(self, parser: SignalParser) -> None:
        signal = _one(parser, "Btc limit long 73.9-70.6k low lev swing trade as sl is wide\nSl 66.7k\n"
                              "Tp 89.2k -110k-120k")
        assert (signal.entry_range, signal.stop_loss, signal.take_profits) == (
            (Decimal(70600), Decimal(73900)), Decimal(66700), (Decimal(89200), Decimal(110000), Decimal(120000)))
        coin = _one(parser, "Sol limit long 116-109 sl 99 (daily close below)")
        assert (coin.symbol, coin.entry_range) == ("SOLUSDT", (Decimal(109), Decimal(116)))
        assert "guessed_symbol" in coin.reasons  # a title-case word: a person confirms

    @pytest.mark.parametrize(("content", "targets"), [
        ("USDJPY BUY 105.40\nSL 104.80\nTP: 106.60 -107.30 -108.00", ("106.60", "107.30", "108.00")),  # (one before)
        ("XAUUSD BUY 2350\nSL 2340\nTP 2360 -70", ("2360",)),  # pips after the target
        ("XAUUSD BUY 2350\nSL 2340\nTP1 2360 -8%\nTP2 2370", ("2360", "2370")),
    ])
    def test_a_hyphen_spaced_before_each_further_target(self, parser: SignalParser, content: str,
                                                        targets: tuple[str, ...]) -> None:
        assert _one(parser, content).take_profits == tuple(Decimal(t) for t in targets)

    def test_a_known_coins_name_guessed_on_an_order_line_stays_that_orders(self, parser: SignalParser) -> None:
        sol, eth = _all(parser, "Sol limit long 67.7\nEth limit long 1653")
        assert (sol.symbol, sol.entry, eth.symbol, eth.entry) == ("SOLUSDT", Decimal("67.7"), "ETHUSDT", Decimal(1653))
        assert _one(parser, "🗯DYM LONG 1.25\nDYMUSDT\nSL 1.1\nTP 1.4").reasons == ()  # the pair confirms the guess

    @pytest.mark.parametrize("content", ["GOLD BUY 2 LAYERS\n2350 & 2345\nSL 2338\nTP 2360",
                                         "XAUUSD 2 BUY 2350-2345\nSL 2338\nTP 2360"])
    def test_a_count_of_positions_is_no_price(self, parser: SignalParser, content: str) -> None:
        assert _one(parser, content).entry_range == (Decimal(2345), Decimal(2350))

    def test_another_limit_after_the_orders_price_is_a_leg(self, parser: SignalParser) -> None:
        market, limit = _all(parser, "BUY XAUUSD FOR 4238 OTHER LIMIT 4235 SL@4233 Tp@4243 Tp-2@4290")
        assert (market.order_type, market.entry, limit.order_type, limit.entry) == (
            OrderType.MARKET, Decimal(4238), OrderType.LIMIT, Decimal(4235))
        assert limit.stop_loss == Decimal(4233) and limit.take_profits == (Decimal(4243), Decimal(4290))
        assert _one(parser, "XAUUSD BUY 2350 LIMIT\nSL 2340\nTP 2360").order_type is OrderType.LIMIT

    def test_a_side_and_its_order_type_joined_by_an_underscore(self, parser: SignalParser) -> None:
        signal = _one(parser, "GBPUSD BUY_LIMIT @1.2650\nSL_1.2600\nTP 1.2700")
        assert (signal.side, signal.order_type, signal.stop_loss) == (Side.BUY, OrderType.LIMIT, Decimal("1.2600"))
        assert _one(parser, "XAUUSD SELL_STOP 2350\nSL 2360\nTP 2340").order_type is OrderType.STOP

    def test_a_side_glued_before_its_symbol_and_more_index_names(self, parser: SignalParser) -> None:
        signal = _one(parser, "BuyUs30\nIc market broker\n42560\nTP 42590\nTP 42620\nSL 42500")
        assert (signal.symbol, signal.side, signal.entry) == ("US30", Side.BUY, Decimal(42560))
        assert _one(parser, "[Buy Limit] CHINA50 at 14851\nStop: 14759\nTarget 1: 15125").symbol == "CHINA50"
        assert parser.parse_all("BUYERS are back on GOLD") == NotASignal("no side (buy/sell)")

    def test_a_channel_name_quoting_a_metal_is_no_pair(self, parser: SignalParser) -> None:
        signal = _one(parser, "FREEDOM GBP/XAU SIGNALS, [8/1/2023 10:36 AM]\nNAS100 SELL LIMIT\nENTRY:15720\nSL:15750\n"
                              "TP1:15700")
        assert (signal.symbol, signal.order_type, signal.entry) == ("NAS100", OrderType.LIMIT, Decimal(15720))

    def test_the_plan_at_a_target_in_brackets_is_no_update(self, parser: SignalParser) -> None:
        signal = _one(parser, "GBPUSD Sell now 1.26630\nTP 1.26330\nTP 1.26055 (close 50% profits, SL to BE)\n"
                              "TP 1.25480\nSL 1.27020")
        assert (signal.stop_loss, signal.take_profits) == (
            Decimal("1.27020"), (Decimal("1.26330"), Decimal("1.26055"), Decimal("1.25480")))
        assert parser.parse_all("GBPUSD: close 50% profits, SL to BE") == NotASignal(
            "an instruction about an open trade")

    def test_crypto_futures_layouts(self, parser: SignalParser) -> None:
        # "$1000PEPE" is a contract a thousand times "$PEPE": never the smaller coin
        assert _one(parser, "Limit Scalp Long $1000PEPE - $PEPE (Leverage 7x)\nEntry: 0.003607 - 0.003784\n"
                            "TP: 0.004007\nSL: 0.00348").symbol == "1000PEPEUSDT"
        limit = _one(parser, "SHORT 🔴\n\nAPEX/USDT\n\nLIMIT ORDER (1.3051)\n\nSL 1.3634\n\nTP 1.0821")
        assert (limit.order_type, limit.entry) == (OrderType.LIMIT, Decimal("1.3051"))
        zone = _one(parser, "#POLYX/\n\n🟢 Long\n\n✅Entry Zone : 0.4790 0.4400\n\n🎯 Targets:\n💰 0.4920\n\nSL 0.42")
        assert zone.entry_range == (Decimal("0.4400"), Decimal("0.4790"))
        term = _one(parser, "Coin: #ETHUSDT\n\nLong Set-Up\n\nEntry: 3009 - 2866$ (Buy partially)\n\n"
                            "Targets: 3122 - 3200$ (Short-mid term)\n\nStoploss: 2700$")
        assert (term.side, term.stop_loss) == (Side.BUY, Decimal(2700))  # "Short-mid term" is no side

    @pytest.mark.parametrize("content", [
        "🚀Заходим SOL long 25x\n\nВход: по рынку\nТейк: 180.46, 182.14\nСтоп: 171.37\n\nФиксируем 50% на первой "
        "цели и после первой цели ставим стоп в без убыток",
        "Sol Лонг\n\nВход: 191.928\n\nТочки фиксации: 193.985, 194.985\n\nСтоп: 181.000",
    ])
    def test_russian_plans_at_targets_and_fixing_points_are_a_signal(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert signal.side is Side.BUY and signal.stop_loss is not None and len(signal.take_profits) == 2

    def test_a_misspelt_sell_and_a_target_index_glued_to_its_price(self, parser: SignalParser) -> None:
        assert _one(parser, "XAUUSD SEEL 4654\nTP 4652\nSL 4664").side is Side.SELL
        signal = _one(parser, "Buy: TOMO/USDT\nENTRY 1.1950-1.2100\nTP1 1.2350\nTP2 1.2550\nTP3 1.2800\nTP41.3100\n"
                              "STOP 1.1785")
        assert signal.take_profits[-1] == Decimal("1.3100")

    def test_a_spot_signals_sell_field_gives_its_targets(self, parser: SignalParser) -> None:
        signal = _one(parser, "$SOL\nBuy: 148-150\nSell: 155, 160, 170\nSL: 142")
        assert (signal.side, signal.entry_range, signal.take_profits, signal.stop_loss) == (
            Side.BUY, (Decimal(148), Decimal(150)), (Decimal(155), Decimal(160), Decimal(170)), Decimal(142))

    def test_a_straddles_other_leg_stays_a_signal(self, parser: SignalParser) -> None:
        found = parser.parse_all("GOLD\nBuy limit: 2340\nSell limit: 2360")
        assert isinstance(found, list) and [s.side for s in found] == [Side.BUY, Side.SELL]

    def test_open_as_the_entry_label_and_indexed_entries(self, parser: SignalParser) -> None:
        assert _one(parser, "Pair: XAU/USD\nType: Sell\nOpen: 2360\nTP: 2350\nSL: 2370").entry == Decimal(2360)
        assert _one(parser, "XAUUSD BUY\nEntry 1: 2345\nSL: 2332\nTP: 2355").entry == Decimal(2345)

    def test_a_target_reported_with_its_price_is_a_result(self, parser: SignalParser) -> None:
        assert isinstance(parser.parse_all("XAUUSD BUY 2340 → TP1 2350 reached +100 pips"), NotASignal)

    def test_vietnamese_side_words(self, parser: SignalParser) -> None:
        assert _one(parser, "XAUUSD MUA 2345\nSL 2338\nTP 2355").side is Side.BUY
        assert _one(parser, "XAUUSD BÁN 2345\nSL 2352\nTP 2335").side is Side.SELL

    def test_persian_and_arabic_names_of_the_majors(self, parser: SignalParser) -> None:
        assert _one(parser, "فروش یورو دلار\nقیمت ورود: 1.0850\nاستاپ: 1.0900\nتی پی: 1.0800").symbol == "EURUSD"
        assert _one(parser, "بيع اليورو دولار 1.0850\nوقف 1.0900\nهدف 1.0800").symbol == "EURUSD"

    def test_coins_and_gold_by_their_local_names(self, parser: SignalParser) -> None:
        persian = _one(parser, "پوزیشن شورت اتریوم\nورود: 3000\nتی پی: 2900\nاستاپ: 3100")
        assert (persian.symbol[:3], persian.side, persian.entry) == ("ETH", Side.SELL, Decimal(3000))
        assert _one(parser, "شراء الايثريوم 3000\nالهدف 3100\nوقف الخسارة 2900").symbol[:3] == "ETH"
        assert _one(parser, "Altın BUY 2340\nStop 2330\nHedef 2350").symbol == "XAUUSD"

    def test_a_word_mixing_latin_and_cyrillic_is_read_in_one_script(self, parser: SignalParser) -> None:
        # "$BTСUSDT" with a Cyrillic С had become the coin "BT"; "Tейк" starts with a Latin T
        signal = _one(parser, "$BTСUSDT - LONG\nВход лимитка 87250\nStop 86850\nTейк-профит\n1) 87700\n2) 88150")
        assert (signal.symbol, signal.order_type, signal.take_profits) == (
            "BTCUSDT", OrderType.LIMIT, (Decimal(87700), Decimal(88150)))

    def test_counts_and_numbered_words_are_no_levels(self, parser: SignalParser) -> None:
        signal = _one(parser, "#XRPUSDT Шорт (вход с текущих)\nВход (2-фазный):\n— Вход с текущих: 1,6393\n"
                              "Стоп:\n— SL: 1,7373\nТейки (среднесрок, 3 цели):\n— TP1: 1,5523\n— TP2: 1,4797")
        assert (signal.entry, signal.take_profits) == (Decimal("1.6393"), (Decimal("1.5523"), Decimal("1.4797")))

    @pytest.mark.parametrize(("content", "symbol"), [
        ("Pixel SHORT вход с текущих\nСтоп 0.009648\nТейки 0.009 0.008685", "PIXELUSDT"),
        ("Enj шорт риск 0,5\nsl 0.02832\nтп1 0,02751", "ENJUSDT"),  # "риск 0,5" is the risk, no entry
    ])
    def test_a_titled_name_opening_the_order_line_is_a_guessed_coin(self, parser: SignalParser, content: str,
                                                                   symbol: str) -> None:
        signal = _one(parser, content)
        assert (signal.symbol, signal.entry, signal.reasons) == (symbol, None, ("guessed_symbol",))
        assert parser.parse_all("Today SELL 1.2350 SL 1.2360 TP 1.2340") == NotASignal("no symbol")

    def test_chinese_short_names_and_small_positions(self, parser: SignalParser) -> None:
        assert _one(parser, "大饼 多 60000 止损 59000 止盈 62000").symbol == "BTCUSDT"
        signal = _one(parser, "以太 小空 4295")  # "ETH, a small short at 4295": no levels, held
        assert (signal.symbol, signal.side, signal.entry) == ("ETHUSDT", Side.SELL, Decimal(4295))
        assert signal.needs_review(REVIEW_BELOW_CONFIDENCE_DEFAULT)

    def test_a_label_joined_to_its_price_by_an_underscore(self, parser: SignalParser) -> None:
        signals = parser.parse_all("GOLD BUY 4444\nMORE BUY 4442\n\nTP¹ 4447\nTP² 4450\n\nSL_4433")
        assert isinstance(signals, list) and [(s.entry, s.stop_loss) for s in signals] == [
            (Decimal(4444), Decimal(4433)), (Decimal(4442), Decimal(4433))]

    def test_russian_plural_takes(self, parser: SignalParser) -> None:
        signal = _one(parser, "ЛОНГ BTC/USDT\nВход: 62000\nТейки: 63000, 64000\nСтоп: 60800")
        assert signal.take_profits == (Decimal(63000), Decimal(64000))

    @pytest.mark.parametrize("content", [
        "#BTCUSDT LONG\nEntry: 60000\nAll targets achieved 🎯🎯🎯",
        "Reminder: GOLD BUY 2345, SL 2338, TP 2355 is still active",
    ])
    def test_a_report_or_a_reminder_is_not_a_new_trade(self, parser: SignalParser, content: str) -> None:
        assert isinstance(parser.parse_all(content), NotASignal)

    @pytest.mark.parametrize("content", ["Gold buy 2345 SL 2338 TP 2350-55-60", "Gold buy 2345 SL 2338 TP 2350/55/60"])
    def test_targets_written_as_last_digits_are_not_a_date(self, parser: SignalParser, content: str) -> None:
        assert _one(parser, content).take_profits == (Decimal(2350), Decimal(2355), Decimal(2360))

    def test_a_real_date_is_still_no_price(self, parser: SignalParser) -> None:
        signal = _one(parser, "2025-05-10 XAUUSD BUY 2345 SL 2338 TP 2355\n10/05/2025")
        assert (signal.entry, signal.stop_loss, signal.take_profits) == (Decimal(2345), Decimal(2338), (Decimal(2355),))

    def test_a_date_with_a_month_between_dashes_is_no_price(self, parser: SignalParser) -> None:
        signal = _one(parser, "BUY #JUP/USDT at #KRAKEN ⏱ 30-Sep-2025 09:03:46 UTC 🛒 Entry Zone: 0.4146 - 0.4303 "
                              "🎯 Target 1: 0.4442 🚫 Stop loss: 0.4099")
        assert (signal.entry, signal.entry_range) == (None, (Decimal("0.4146"), Decimal("0.4303")))

    def test_a_price_with_its_quote_currency_still_joins_a_zone(self, parser: SignalParser) -> None:
        signal = _one(parser, "THETA short\nEntry between 8.8 USDT to 9.5 USDT\nStop 10\nTargets 8.4 - 8 - 7.7")
        assert signal.entry_range == (Decimal("8.8"), Decimal("9.5"))


class TestChineseAndVietnamese:
    def test_chinese_gold_entry_and_indexed_targets(self, parser: SignalParser) -> None:
        signal = _one(parser, "黄金 卖出 2360\n进场 2360\n止损：2370\n止盈1：2350\n止盈2：2340")
        assert (signal.symbol, signal.side, signal.entry, signal.stop_loss, signal.take_profits) == (
            "XAUUSD", Side.SELL, Decimal(2360), Decimal(2370), (Decimal(2350), Decimal(2340)))

    def test_chinese_one_character_target_after_a_space(self, parser: SignalParser) -> None:
        signal = _one(parser, "【策略】BTC 多 65000 损 64000 盈 67000")
        assert (signal.entry, signal.stop_loss, signal.take_profits) == (Decimal(65000), Decimal(64000),
                                                                        (Decimal(67000),))
        # (a profit reported is no label: "浮盈 500", floating profit)
        assert _one(parser, "BTC 浮盈 500 多 65000 损 64000").take_profits == ()

    def test_chinese_one_character_labels_with_a_colon(self, parser: SignalParser) -> None:
        signal = _one(parser, "#LINK  入：11.88-11.68📈  盈：12.4-12.9-13.5  損：11.3")
        assert (signal.entry_range, signal.stop_loss, signal.take_profits) == (
            (Decimal("11.68"), Decimal("11.88")), Decimal("11.3"), (Decimal("12.4"), Decimal("12.9"), Decimal("13.5")))
        assert signal.side is Side.BUY and "side_inferred" in signal.reasons  # (no side word: held)
        fee = parser.parse_all("比特币 做多\n💰 总投入: 3.0 USDT\n止盈 8")  # "投入:" (invested) is no entry label
        assert isinstance(fee, NotASignal) or all(s.entry is None for s in fee)

    def test_vietnamese_labels(self, parser: SignalParser) -> None:
        signal = _one(parser, "Lệnh MUA VÀNG\nVào lệnh: 2345\nCắt lỗ: 2338\nChốt lời: 2355")
        assert (signal.symbol, signal.side, signal.entry, signal.stop_loss, signal.take_profits) == (
            "XAUUSD", Side.BUY, Decimal(2345), Decimal(2338), (Decimal(2355),))

    def test_a_chinese_side_after_a_zone_ending_its_line(self, parser: SignalParser) -> None:
        signal = _one(parser, "黃金 4070-4071空\nTp 4065 4060 4055\nSl 4076")
        assert (signal.side, signal.entry_range, signal.stop_loss) == (Side.SELL, (Decimal(4070), Decimal(4071)),
                                                                      Decimal(4076))

    def test_a_chinese_instrument_label_names_the_market(self, parser: SignalParser) -> None:
        signal = _one(parser, "品种：黄金\n方向：做多\n进场：2350\n止损：2340\n止盈：2360")
        assert (signal.symbol, signal.side, signal.entry) == ("XAUUSD", Side.BUY, Decimal(2350))
        assert _one(parser, "具体产品: ZEC\n进行方向: 做空\n进场点位: 568-570\n止损点位: 599").symbol.startswith("ZEC")

    @pytest.mark.parametrize("content", ["ETH 空单 止损出局", "XAUUSD đã chạm TP1 +50 pips", "Đóng lệnh XAUUSD",
                                         "Dời SL về entry XAUUSD"])
    def test_results_and_instructions(self, parser: SignalParser, content: str) -> None:
        assert isinstance(parser.parse_all(content), NotASignal)


class TestChineseSentences:
    def test_a_doubled_hyphen_joins_the_zone(self, parser: SignalParser) -> None:
        # (the zone's first bound alone had traded as the entry)
        signal = _one(parser, "BTC做空位置114208--114400，止损114800， 分批止盈目标112320 ， 109588")
        assert (signal.entry, signal.entry_range) == (None, (Decimal(114208), Decimal(114400)))

    def test_two_orders_in_one_line_of_sentences(self, parser: SignalParser) -> None:
        found = parser.parse_all("以太币1916-1923空，止损1945，止盈1900-1890-1860。"
                                 "1823做多，止损1800，止盈1840-1855-1875。")
        assert isinstance(found, list)
        assert [(s.side, s.entry, s.entry_range, s.stop_loss, s.take_profits[0]) for s in found] == [
            (Side.SELL, None, (Decimal(1916), Decimal(1923)), Decimal(1945), Decimal(1900)),
            (Side.BUY, Decimal(1823), None, Decimal(1800), Decimal(1840))]
        assert [len(s.take_profits) for s in found] == [3, 3]

    def test_a_zone_then_a_side_opens_the_next_order_and_a_lone_loss_word_is_its_stop(self,
                                                                                        parser: SignalParser) -> None:
        found = parser.parse_all("黄金交易策略:\n(1)1559-1560空,损1564,目标1552-1550\n"
                                 "(2)下方见1548-1546多,损1543,目标1556-1558")
        assert isinstance(found, list)
        assert [(s.side, s.entry_range, s.stop_loss, s.take_profits) for s in found] == [
            (Side.SELL, (Decimal(1559), Decimal(1560)), Decimal(1564), (Decimal(1552), Decimal(1550))),
            (Side.BUY, (Decimal(1546), Decimal(1548)), Decimal(1543), (Decimal(1556), Decimal(1558)))]
        assert parser.parse_all("黄金 今日亏损30点,明日再战") == NotASignal("no side (buy/sell)")

    @pytest.mark.parametrize(("content", "symbol"), [("美元日元 150.20 做多 止损 149.80 目标 150.80", "USDJPY"),
                                                     ("欧元英镑 0.8550 做空 止损 0.8600 目标 0.8500", "EURGBP")])
    def test_a_pair_by_its_currencies_full_names(self, parser: SignalParser, content: str, symbol: str) -> None:
        assert _one(parser, content).symbol == symbol

    def test_place_another_is_a_pending_leg(self, parser: SignalParser) -> None:
        found = parser.parse_all("BTC 做多\n78650附近市价直接进 100倍\n再挂77188 100倍\n第一止盈 80288\n止损 75000")
        assert isinstance(found, list)
        assert [(s.order_type, s.entry, s.stop_loss, s.take_profits) for s in found] == [
            (OrderType.MARKET, Decimal(78650), Decimal(75000), (Decimal(80288),)),
            (OrderType.LIMIT, Decimal(77188), Decimal(75000), (Decimal(80288),))]

    def test_a_pending_order_word_belongs_to_the_order_after_it(self, parser: SignalParser) -> None:
        found = parser.parse_all("比特币64300附近空，止损64850，止盈63800-63500。"
                                 "委托62200附近反弹多，止损61800，止盈62700-63300。")
        assert isinstance(found, list)
        assert [(s.side, s.order_type, s.entry) for s in found] == [
            (Side.SELL, OrderType.MARKET, Decimal(64300)), (Side.BUY, OrderType.LIMIT, Decimal(62200))]
        assert _one(parser, "比特币委托58950附近做多，止损58600，止盈59300-59600。").entry == Decimal(58950)

    def test_a_price_right_before_a_side_said_softly(self, parser: SignalParser) -> None:
        signal = _one(parser, "比特币 在这就反弹了 78450附近 空一下\n止损：15分钟有效突破78800\n止盈：78000-77800")
        assert (signal.side, signal.entry, signal.stop_loss) == (Side.SELL, Decimal(78450), Decimal(78800))

    def test_market_price_profit_levels_and_minutes(self, parser: SignalParser) -> None:
        signal = _one(parser, "#ZRO（60x做多🚀）\n✏️進場位：市價1.8149附近—1.778\n👁 盈利位：1.9062—1.9994\n"
                              "❌止損位：1.72")
        assert (signal.entry_range, signal.take_profits) == ((Decimal("1.778"), Decimal("1.8149")),
                                                             (Decimal("1.9062"), Decimal("1.9994")))
        assert _one(parser, "#PHA 市價0.037附近空").entry == Decimal("0.037")
        stop = _one(parser, "BTC 78450附近空\n止损：15分钟有效突破78800\n止盈：78000-77800")
        assert stop.stop_loss == Decimal(78800)


class TestArabicAndPersianOrders:
    def test_limit_words_and_an_and_between_prices(self, parser: SignalParser) -> None:
        assert _one(parser, "شراء ليمت EURUSD 1.0820\nهدف 1: 1.0860\nستوب لوز: 1.0790").order_type is OrderType.LIMIT
        assert _one(parser, "فروش لیمیت یورو دلار 1.0900\nحد سود 1.0850\nحد ضرر 1.0930").order_type is OrderType.LIMIT
        zone = _one(parser, "خرید پله ای طلا 2350 و 2345\nحد ضرر 2338\nتارگت 2365")
        assert zone.entry_range == (Decimal(2345), Decimal(2350))


class TestMoreNames:
    def test_russian_case_forms_and_the_malay_word_for_gold(self, parser: SignalParser) -> None:
        assert _one(parser, "Открываю лонг по эфиру 3000\nСтоп 2900\nЦель 3200").symbol == "ETHUSDT"
        assert _one(parser, "JUAL EMAS 2350 - 2355\nSL 2360\nTP 2345").symbol == "XAUUSD"
        # "EMAs", the moving averages, are no gold
        assert len(_all(parser, "XAUUSD BUY 2350 SL 2340 TP 2360\nAll EMAs aligned bullish")) == 1


class TestTargetIndexes:
    @pytest.mark.parametrize(("content", "targets"), [
        ("PREMIUM SIGNAL\n🟢[AR/USDT](https://bingx.com/x) **LONG** (buy)\n**ENTRY:** <4.01682-4.05719>\n"
         "🎯**TARGETS:**\n**1.** [`4.07737`] **2.** [`4.11774`]\n❌️**STOPLOSS:** [`3.87552`]",
         (Decimal("4.07737"), Decimal("4.11774"))),
        ("🥇 GOLD BUY 4183/4185\n\n1-TP:4187\n2-TP:4191\n\nSL:4173", (Decimal(4187), Decimal(4191))),
        ("XAUUSD ACQUISTA a 4176\nTP14181\nTP2 4186\nSL 4156", (Decimal(4181), Decimal(4186))),
    ])
    def test_an_index_is_no_target(self, parser: SignalParser, content: str, targets: tuple[Decimal, ...]) -> None:
        assert _one(parser, content).take_profits == targets

    def test_a_thousands_grouped_bound_after_a_hyphen(self, parser: SignalParser) -> None:
        signal = _one(parser, "🔴[BTC/USDT] SHORT\nENTRY: <109,434.37850-110,534.22150>\nTP 108,884.457\n"
                              "SL 111,744.0488")
        assert signal.entry_range == (Decimal("109434.37850"), Decimal("110534.22150"))

    def test_an_italian_limit_order_to_buy(self, parser: SignalParser) -> None:
        signal = _one(parser, "XAUUSD: Ordine di acquisto con limite a 4155/4150.\n\nTP1: 4160\nSL: 4125")
        assert (signal.side, signal.order_type, signal.entry_range) == (
            Side.BUY, OrderType.LIMIT, (Decimal(4150), Decimal(4155)))


class TestVietnamese:
    def test_a_stop_written_in_price_steps_is_a_distance(self, parser: SignalParser) -> None:
        # "stop ten steps below": not 4310 read as the entry's last digits rewritten, which traded
        signal = _one(parser, "Buy vàng 4327.x\nsl dưới 10 giá")
        assert (signal.entry, signal.stop_loss) == (Decimal(4327), None) and "sl_distance" in signal.reasons
        assert signal.needs_review(REVIEW_BELOW_CONFIDENCE_DEFAULT)

    def test_target_words_and_a_full_tp_report(self, parser: SignalParser) -> None:
        signal = _one(parser, "Lệnh: Buy XAUUSD\nGiá vào: 2350\nMục tiêu: 2360 - 2370\nDừng lỗ: 2340")
        assert (signal.entry, signal.stop_loss, signal.take_profits) == (
            Decimal(2350), Decimal(2340), (Decimal(2360), Decimal(2370)))
        assert parser.parse_all("Full TP lệnh sell vàng +50 pips") == NotASignal("a result or trade update")


class TestSymbolSpellings:
    @pytest.mark.parametrize(("content", "symbol"), [
        ("XAUUSDm BUY 2345 SL 2338 TP 2355", "XAUUSD"),
        ("EURUSDc SELL 1.0850 SL 1.0900 TP 1.0800", "EURUSD"),
        ("NEW ORDER - GBPCADPM SELL\nENTRY: 1.89235\nSL: 1.8950\nTP: 1.8880", "GBPCAD"),  # a suffix in capitals
        ("XAUUSDM BUY 2350 SL 2340 TP 2360", "XAUUSD"),
        ("AUDUSDH1 BUY 0.6650 SL 0.6620 TP 0.6700", "AUDUSD"),  # the chart's timeframe glued on
        ("EURUSDT LONG 1.0850 SL 1.0800 TP 1.0900", "EURUSDT"),  # a stablecoin's pair: no suffix
        ("XAUUSDC BUY 2350 SL 2340 TP 2360", "XAUUSDC"),
        ("ETH_USDT SHORT 3500 SL 3600 TP 3400", "ETHUSDT"),
        ("SOL-USDT LONG 150 SL 140 TP 160", "SOLUSDT"),
        ("US30m BUY 42000 SL 41900 TP 42200", "US30"),  # an index keeps its name without the broker's suffix
        ("USTECc SELL 20000 SL 20100 TP 19800", "USTEC"),
        ("BTCUSDT_PERP LONG 95000 SL 94000 TP 97000", "BTCUSDT"),  # a perpetual's contract name
        ("ETH_USDT_PERP SHORT 3500 SL 3600 TP 3400", "ETHUSDT"),
        ("BTCUSD_PERP LONG 95000 SL 94000 TP 97000", "BTCUSD"),  # coin-margined: quoted in dollars
        ("BTCUSDT_UMCBL LONG 95000 SL 94000 TP 97000", "BTCUSDT"),  # Bitget's contract name (read as the coin UMCBL)
        ("BTCUSDT_SPBL LONG 95000 SL 94000 TP 97000", "BTCUSDT"),
    ])
    def test_suffixes_and_separators(self, parser: SignalParser, content: str, symbol: str) -> None:
        assert _one(parser, content).symbol == symbol

    @pytest.mark.parametrize("name", ["USOUSD", "$ABCUSD"])
    def test_a_name_quoted_in_dollars_gets_no_other_quote_asset(self, parser: SignalParser, name: str) -> None:
        result = parser.parse_all(f"{name} BUY 70.5\nSL 69.9\nTP 71.5")
        assert not isinstance(result, NotASignal)
        assert [signal.symbol for signal in result] == [name.lstrip("$")]

    def test_an_index_in_parentheses_or_before_an_unreadable_price_is_no_target(self, parser: SignalParser) -> None:
        signal = _one(parser, "SOLUSDT SHORT\nEntry: 150\nTargets: 145 - 140\nSL: 155\n"
                              "Trailing Configuration: Stop: Breakeven - Trigger: Target (2)")
        assert signal.take_profits == (Decimal(145), Decimal(140))
        signal = _one(parser, "SOLUSDT SHORT\nEntry: 150\nSL: 155\nTarget 1: 145\nTarget 2: 140.00000000000000001")
        assert signal.take_profits == (Decimal(145),)

    def test_a_well_known_coin_in_lower_case(self, parser: SignalParser) -> None:
        signal = _one(parser, "eth short 3500 sl 3600 tp 3400 binance futures")
        assert (signal.symbol, signal.side) == ("ETHUSDT", Side.SELL)


class TestMarkupAndSpotLists:
    def test_markdown_underline_and_a_one_dot_leader(self, parser: SignalParser) -> None:
        signal = _one(parser, "**PAIR:** TIA/USDT\n**SIDE:** __SHORT__\n**ENTRY:** `0.5664`\n**SL:** `0.5783`\n"
                              "**TP1:** `0.5604`")
        assert (signal.side, signal.entry) == (Side.SELL, Decimal("0.5664"))
        signal = _one(parser, "#SOL COMPRA\nEntrada: 245․50\nAlvo 1: 248․43\nStop Loss: 238․64")
        assert signal.entry == Decimal("245.50")

    def test_a_sell_line_after_a_buy_lists_its_targets(self, parser: SignalParser) -> None:
        signal = _one(parser, "#LINK/USDT\nBUY 14.20\nSell 15.00-15.80-17.00")
        assert (signal.side, signal.take_profits) == (Side.BUY, (Decimal("15.00"), Decimal("15.80"), Decimal("17.00")))

    def test_chinese_limit_order_and_zone_before_the_side(self, parser: SignalParser) -> None:
        signal = _one(parser, "合约交易策略【限价】\nBTC，70800-72000附近，做空\n止损: 72800\n止盈: 68400/66700")
        assert (signal.symbol, signal.side, signal.order_type, signal.entry_range) == (
            "BTCUSDT", Side.SELL, OrderType.LIMIT, (Decimal(70800), Decimal(72000)))

    def test_a_double_underscore_between_prices_still_joins_a_zone(self, parser: SignalParser) -> None:
        assert _one(parser, "$GOLD BUYING NOW ENTRIES:4416__4410 STOPLOSS 4404 TP 4420").entry_range == (
            Decimal(4410), Decimal(4416))

    def test_a_view_under_an_order_starts_nothing(self, parser: SignalParser) -> None:
        found = parser.parse_all("BUY GOLD NOW\nENTRY: 5030\nSL: 5018\nTP1: 5048\n\nANALYSIS:\n"
                                 "• MACD bullish crossover\n• Weak USD (DXY: 102.45)")
        assert isinstance(found, list) and [s.symbol for s in found] == ["XAUUSD"]

    def test_a_lone_chinese_side_character_on_the_symbols_line(self, parser: SignalParser) -> None:
        signal = _one(parser, "XRP 多\n進場位置：2.8359\n止盈：3.659\n止損：2.6697")
        assert (signal.side, signal.entry) == (Side.BUY, Decimal("2.8359"))

    def test_a_bullet_joins_a_zone_and_t_slash_p_takes_an_index(self, parser: SignalParser) -> None:
        signal = _one(parser, "GOLD Sell 4308• 4310\nS/L: 4320\nT/P1: 4300\nT/P2: 4290")
        assert signal.entry_range == (Decimal(4308), Decimal(4310))
        assert signal.take_profits == (Decimal(4300), Decimal(4290))

    def test_underscores_as_spacing_and_scores_out_of_ten_or_a_hundred(self, parser: SignalParser) -> None:
        signal = _one(parser, "#GOLD\nBUY___4308-4304\nSL___4297\nTP___4316\nRisk 7/10, sentiment (72/100)")
        assert (signal.side, signal.entry_range, signal.stop_loss, signal.take_profits) == (
            Side.BUY, (Decimal(4304), Decimal(4308)), Decimal(4297), (Decimal(4316),))

    def test_chinese_levels_imply_an_exchange_and_a_pending_order_is_a_limit(self, parser: SignalParser) -> None:
        signal = _one(parser, "Eth ：3250-3280附近多（掛單）\n目標 ；3310-3340附近\n止損: 3220附近")
        assert (signal.symbol, signal.order_type, signal.entry_range) == (
            "ETHUSDT", OrderType.LIMIT, (Decimal(3250), Decimal(3280)))

    def test_an_indexed_label_spaced_by_underscores(self, parser: SignalParser) -> None:
        assert _one(parser, "#GOLD\nBUY___4308-4304\nSL___4297\nTP___4316\nTP2___4348").take_profits == (
            Decimal(4316), Decimal(4348))


def test_an_arabic_price_field_and_a_chinese_catch_the_long(parser: SignalParser) -> None:
    arabic = _one(parser, "توصية: شراء اليورو دولار EURUSD\nالسعر: 1.0850\nالهدف: 1.0900\nالوقف: 1.0820")
    assert (arabic.symbol, arabic.side, arabic.entry) == ("EURUSD", Side.BUY, Decimal("1.0850"))
    chinese = _one(parser, "比特币 回调 63000 附近 接多 止损 62000 目标 65000")
    assert (chinese.symbol, chinese.side, chinese.entry) == ("BTCUSDT", Side.BUY, Decimal(63000))


class TestWordsOfArabicAndRussianChannels:
    @pytest.mark.parametrize("content", [
        "🔴 بيع الذهب الان 2350 - 2355\n⛔️ ستوب لوز 2362\n✅ تي بي 2345\n✅ تي بي 2340",
        "XAUUSD بيع 2350 - 2355\nالاستوب 2362\nتيك 1 2345\nتيك 2 2340",
        "الذهب بيع 2350 - 2355\nستوب لوس 2362\nتيك بروفيت 2345\nتيك بروفيت 2340",
    ])
    def test_transliterated_stop_and_target_words(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert (signal.side, signal.entry_range, signal.stop_loss, signal.take_profits) == (
            Side.SELL, (Decimal(2350), Decimal(2355)), Decimal(2362), (Decimal(2345), Decimal(2340)))

    @pytest.mark.parametrize(("word", "side"), [("Продаю", Side.SELL), ("Покупаю", Side.BUY),
                                                ("Шортим", Side.SELL), ("Лонгуем", Side.BUY)])
    def test_first_person_side_words(self, parser: SignalParser, word: str, side: Side) -> None:
        assert _one(parser, f"{word} золото 2350, стоп 2360, тейк 2340").side is side

    @pytest.mark.parametrize(("content", "side"), [("ALTIN SAT 2368\nStop 2375\nHedef 2360", Side.SELL),
                                                   ("ALTIN AL 2368\nStop 2360\nKAR AL 2375", Side.BUY)])
    def test_turkish_sides_in_capitals(self, parser: SignalParser, content: str, side: Side) -> None:
        signal = _one(parser, content)
        assert (signal.symbol, signal.side, signal.entry) == ("XAUUSD", side, Decimal(2368))

    def test_turkish_side_words_in_lower_case_are_other_words(self, parser: SignalParser) -> None:
        assert isinstance(parser.parse_all("sat 14 dec: gold 2368, we sat out the week"), NotASignal)

    def test_sat_after_a_price_is_satoshis_not_a_turkish_sell(self, parser: SignalParser) -> None:
        signal = _one(parser, "BUY FET AT 2350-2380  SAT\nTARGET = 3400 SAT\nSTOP BELLOW 2190")
        assert (signal.side, signal.symbol, signal.take_profits) == (Side.BUY, "FETBTC", (Decimal(3400),))

    def test_thousands_marked_by_a_capital_cyrillic_letter(self, parser: SignalParser) -> None:
        signal = _one(parser, "BTCUSDT. ЛОНГ.\nДИАПАЗОН ВХОДА: 44000-44500\nСТОП НА 39203\nЦЕЛЬ: 50-55К")
        assert signal.take_profits == (Decimal(50000), Decimal(55000))

    def test_a_point_groups_thousands_where_the_markets_price_says_so(self, parser: SignalParser) -> None:
        btc = _one(parser, "SHORT BTC\nEntrada: 79.400 - 79.900\nSL: 83.000\nTP1: 76400\nTP2: 73.850")
        assert (btc.entry_range, btc.stop_loss, btc.take_profits) == (
            (Decimal(79400), Decimal(79900)), Decimal(83000), (Decimal(76400), Decimal(73850)))
        assert _one(parser, "ORO COMPRA 2.350 SL 2.340 TP 2.370").entry == Decimal(2350)
        assert _one(parser, "EURUSD BUY 1.085 SL 1.080 TP 1.090").entry == Decimal("1.085")  # a price as written

    def test_a_contracts_multiplier_before_the_coin_after_the_side(self, parser: SignalParser) -> None:
        signal = _one(parser, "SHORT 1000PEPE\nEntrada: 0.00383 - 0.00385\nSL: 0.003955\nTP1: 0.00373")
        assert signal.symbol == "1000PEPEUSDT"

    @pytest.mark.parametrize(("tag", "symbol"), [("#1000000BOBUSDT", "1000000BOBUSDT"),
                                                 ("#10000SATSUSDT", "10000SATSUSDT"),
                                                 ("#10000000AIDOGEUSDT", "10000000AIDOGEUSDT"),
                                                 ("#1000000mog", "1000000MOGUSDT")])
    def test_a_hashtag_with_a_contracts_multiplier_of_more_than_four_digits(self, parser: SignalParser, tag: str,
                                                                            symbol: str) -> None:
        # (Bybit lists 10000-, 1000000- and 10000000-unit contracts; "#1000000" alone was read as a post number)
        assert _one(parser, f"{tag} LONG\nEntry: 0.0195\nTP 0.021\nSL 0.018").symbol == symbol

    def test_uzbek_entry_and_target_words(self, parser: SignalParser) -> None:
        signal = _one(parser, "ADAUSDT long kirish 0.85 maqsad 0.92 0.98 stop 0.80")
        assert (signal.entry, signal.take_profits) == (Decimal("0.85"), (Decimal("0.92"), Decimal("0.98")))

    def test_a_russian_opening_price_field_and_volume_lines(self, parser: SignalParser) -> None:
        content = ("Открыть позицию - BUY\nВалютная пара - GBPUSD\nОбъем - 0,01\nЦена открытия сделки - 1,2493\n"
                   "Тейк профит - 1,2513\nОбъем для депозита 10.000 USD")
        signal = _one(parser, content)
        assert (signal.symbol, signal.entry, signal.take_profits) == ("GBPUSD", Decimal("1.2493"), (Decimal("1.2513"),))

    @pytest.mark.parametrize("content", ["Не продаем золото сейчас", "Не покупаю золото", "نه خرید طلا"])
    def test_a_denial_at_the_lines_start_opens_nothing(self, parser: SignalParser, content: str) -> None:
        assert isinstance(parser.parse_all(content), NotASignal)


class TestPricesNoLabelTook:
    @pytest.mark.parametrize("content", [
        "GOLD SELL 2350 - 2355\nSL 2362\n✅ XYZ 2345",  # a target under a word the reader does not know
        "EURUSD BUY 1.0850-1.0840\nSTP 1.0800\nTP 1.0900",  # a stop under one
    ])
    def test_a_price_on_a_line_of_its_own_under_an_unknown_word_holds(self, parser: SignalParser,
                                                                       content: str) -> None:
        signal = _one(parser, content)
        assert "level_unlabelled" in signal.reasons and signal.needs_review(REVIEW_BELOW_CONFIDENCE_DEFAULT)

    @pytest.mark.parametrize("after", ["\n(OTE: 2352)", "\nOTE: 2352", "\n├─ $2,340 support was broken earlier"])
    def test_a_note_a_field_or_prose_after_the_levels_does_not(self, parser: SignalParser, after: str) -> None:
        assert "level_unlabelled" not in _one(parser, f"GOLD SELL 2350 - 2355\nSL 2362\nTP 2345{after}").reasons

    @pytest.mark.parametrize(("content", "levels"), [
        ("XAUUSD buy @1760.12-1757.12Sl: 1755.12Tp: 1765.12Tp. 1770.12",
         ("1755.12", ("1765.12", "1770.12"))),
        ("Xauusd buy now @1755-1752sl: 1750tp1: 1758tp2: 1760", ("1750", ("1758", "1760"))),
        ("#LINKUSDT Buy Between 7.00 - 7.80targets 8.60 - 10 Stop Loss 6.20https://www.tradingview.com/x/1",
         ("6.20", ("8.60", "10"))),
    ])
    def test_labels_glued_after_a_price(self, parser: SignalParser, content: str,
                                        levels: tuple[str, tuple[str, ...]]) -> None:
        signal = _one(parser, content)
        assert (signal.stop_loss, signal.take_profits) == (Decimal(levels[0]), tuple(Decimal(t) for t in levels[1]))

    def test_a_stop_before_the_next_label_on_its_line_is_no_count(self, parser: SignalParser) -> None:
        signal = _one(parser, "#SOL / USDT - Long   Entry : 32  -  28  Stop Loss : 26  Targets :   1) 32.45  2) 38.4")
        assert (signal.stop_loss, signal.take_profits) == (Decimal(26), (Decimal("32.45"), Decimal("38.4")))

    @pytest.mark.parametrize("targets", ["Цель: 50-55к", "TP: 50-55k", "TP: 50к, 55к"])
    def test_thousands_written_once_after_the_targets(self, parser: SignalParser, targets: str) -> None:
        signal = _one(parser, f"BTCUSDT LONG\nEntry: 44000-44500\nSL 39203\n{targets}")
        assert signal.take_profits == (Decimal(50000), Decimal(55000))

    @pytest.mark.parametrize("content", ["شراء الذهب 2350وقف الخسارة 2340الهدف 2360", "黄金多2350止损2340止盈2360"])
    def test_words_of_other_scripts_glued_to_the_prices(self, parser: SignalParser, content: str) -> None:
        signal = _one(parser, content)
        assert (signal.side, signal.entry, signal.stop_loss, signal.take_profits) == (
            Side.BUY, Decimal(2350), Decimal(2340), (Decimal(2360),))

    def test_a_lower_case_latin_t_in_a_cyrillic_word(self, parser: SignalParser) -> None:
        signal = _one(parser, "$ethusdt - long\n\nвход лимит 3150\n\nstop 3110\n\ntейк-профит\n\n1) 3190\n2) 3230")
        assert signal.take_profits == (Decimal(3190), Decimal(3230))

    def test_a_chinese_price_line_after_a_blank_line_under_its_market(self, parser: SignalParser) -> None:
        signal = _one(parser, "ETH\n\n2148-2158附近空\n\n止笋2175\n\n芷楹2133-2105")
        assert signal.entry_range == (Decimal(2148), Decimal(2158))

    @pytest.mark.parametrize("content", [
        "XAUUSD ЛОНГ\nВход 1: 2350\nВход 2: 2345\nСтоп: 2335\nТейк: 2370",
        "黄金 做多\n入场1：2350\n入场2：2345\n止损：2335\n止盈：2370",
        "COMPRA ORO\nEntrada 1: 2350\nEntrada 2: 2345\nStop Loss: 2335\nTP: 2370",
        "شراء الذهب\nالدخول الأول 2350\nالدخول الثاني 2345\nوقف الخسارة 2335\nالهدف 2370",
        "GOLD BUY\nEntry: 2350\nEntry: 2345\nSL 2335\nTP 2370",
    ])
    def test_numbered_or_repeated_entry_labels_in_any_language_are_legs(self, parser: SignalParser,
                                                                        content: str) -> None:
        found = _all(parser, content)
        assert [(s.entry, s.stop_loss, s.take_profits) for s in found] == [
            (Decimal(2350), Decimal(2335), (Decimal(2370),)), (Decimal(2345), Decimal(2335), (Decimal(2370),))]

    @pytest.mark.parametrize("content", [
        "LONG BTCUSDT x20\nУсреднение: 64000\nВход: 65000\nСтоп: 63000\nТейк: 67000",
        "LONG BTCUSDT x20\nEntry 2: 64000\nEntry 1: 65000\nStop: 63000\nTake profit: 67000"])
    def test_a_second_labelled_entry_at_another_price_holds_the_order(self, parser: SignalParser,
                                                                      content: str) -> None:
        # (the second entry was dropped, and the order traded at the averaging price)
        signal = _one(parser, content)
        assert "level_unlabelled" in signal.reasons and signal.needs_review()

    @pytest.mark.parametrize("label", ["Вход", "ورود", "Entrada"])
    def test_a_numbered_entry_below_ten_is_no_ratio(self, parser: SignalParser, label: str) -> None:
        # ("Вход 1: 1.01" read as a risk ratio of 1:1.01: the first leg was lost)
        found = _all(parser, f"#QTUM/USDT LONG\n{label} 1: 1.01\n{label} 2: 0.97\nTP: 1.05\nSL: 0.93")
        assert [s.entry for s in found] == [Decimal("1.01"), Decimal("0.97")]

    def test_a_legs_own_limit_word_makes_it_a_limit_order(self, parser: SignalParser) -> None:
        # (the averaging leg was traded at market: the first leg's type carried over)
        found = _all(parser, "#HYPEUSDT Лонг\nВход (2-фазный):\n— A (с текущих): 29,45\n— B (лимит/усреднение): 29,10\n"
                             "Стоп: 28,85\nТейк: 30,25")
        assert [(s.order_type, s.entry) for s in found] == [(OrderType.MARKET, Decimal("29.45")),
                                                             (OrderType.LIMIT, Decimal("29.10"))]

    def test_a_limit_leg_named_in_brackets(self, parser: SignalParser) -> None:
        # (the limit leg was dropped: the bracket stood between the word and its price)
        found = _all(parser, "#HYPEUSDT LONG\nEntry:\n— A (market): 29.45\n— B (limit): 29.10\nSL: 28.85\nTP1: 30.25")
        assert [(s.order_type, s.entry) for s in found] == [(OrderType.MARKET, Decimal("29.45")),
                                                             (OrderType.LIMIT, Decimal("29.10"))]

    def test_a_numbered_stop_below_ten_is_no_ratio(self, parser: SignalParser) -> None:
        signal = _one(parser, "#QTUM/USDT LONG\nEntry: 1.01\nTP 1: 1.05\nTP 2: 1.10\nSL 1: 0.93")  # (held unread)
        assert (signal.stop_loss, signal.reasons) == (Decimal("0.93"), ())

    def test_an_entry_ceiling_is_no_second_leg(self, parser: SignalParser) -> None:
        signal = _one(parser, "Sinal: COMPRA BTCUSDT\nEntrada Sugerida: $60,000.00\nTeto de Entrada: $61,200.00")
        assert signal.entry == Decimal(60000)

    @pytest.mark.parametrize(("content", "symbol"), [("COMPRA OURO 2350\nSL: 2335\nAlvo 1: 2360", "XAUUSD"),
                                                     ("VENTA PLATA 29.50 SL 29.80 TP 29.00", "XAGUSD"),
                                                     ("Vendemos prata 29.50 stop 29.80 alvo 29.00", "XAGUSD")])
    def test_gold_and_silver_in_portuguese_and_spanish(self, parser: SignalParser, content: str, symbol: str) -> None:
        assert _one(parser, content).symbol == symbol

    def test_while_in_portuguese_is_a_condition(self, parser: SignalParser) -> None:
        found = parser.parse_all("Enquanto o ouro se mantiver acima de 2340, buscaremos oportunidades de compra")
        assert isinstance(found, NotASignal)

    @pytest.mark.parametrize(("content", "symbol"), [("شراء الإيثيريوم 3500 وقف 3400 هدف 3600", "ETHUSDT"),
                                                     ("Bán bạc 29.5 sl 29.8 tp 29.0", "XAGUSD")])
    def test_more_market_names(self, parser: SignalParser, content: str, symbol: str) -> None:
        assert _one(parser, content).symbol == symbol

    def test_defend_is_a_chinese_stop(self, parser: SignalParser) -> None:
        assert _one(parser, "现价做多BTC 65000 防守63000 目标67000").stop_loss == Decimal(63000)

    @pytest.mark.parametrize("content", ["COMPRA LIMITADA XAUUSD 2340 SL 2330 TP 2350",
                                         "Ordem de compra limitada no ouro em 2340, stop 2330, alvo 2350"])
    def test_a_limit_order_in_spanish_and_portuguese(self, parser: SignalParser, content: str) -> None:
        assert _one(parser, content).order_type is OrderType.LIMIT

    def test_a_spanish_at_after_the_stop_label(self, parser: SignalParser) -> None:
        assert _one(parser, "Vendemos oro en 2360, stop en 2370, objetivo 2350").stop_loss == Decimal(2370)

    def test_a_chinese_zone_right_before_the_side_under_a_market_named_earlier(self, parser: SignalParser) -> None:
        signal = _one(parser, "原油今日关注61.70附近的压力。\n我们在59.00-59.20做多,止损58.2,目标看向60.5、61.0")
        assert (signal.entry_range, signal.stop_loss) == ((Decimal("59.00"), Decimal("59.20")), Decimal("58.2"))


class TestRussianChannelWords:
    def test_the_not_a_recommendation_disclaimer_disowns_no_order(self, parser: SignalParser) -> None:
        # (the boilerplate under a Russian stock idea, as "Not financial advice" under an English one; "это был
        # пример, не сигнал" still takes the order back)
        signal = _one(parser, "ПОКУПКА LONG!\nТикер: #VTBR\n🟢 ВХОД: 86.39Р\n🔴 Стоп: 81Р\n💰 Цель: 100Р (+15.75%)\n"
                              "⚠️ Не рекомендация!\n❗️ Высокий риск!")
        assert (signal.symbol, signal.side, signal.entry, signal.stop_loss) == ("VTBR", Side.BUY, Decimal("86.39"),
                                                                               Decimal(81))

    def test_an_opening_label_and_targets_numbered_with_a_dash(self, parser: SignalParser) -> None:
        signal = _one(parser, "#LINK/USDT - LONG\n\nОткрытие - 6.342-6.153\n\nЦели - 1-6.411 2-6.475  3-6.529 "
                              "4-6.611\n\nСтоп - 5.965")
        assert signal.entry_range == (Decimal("6.153"), Decimal("6.342"))
        assert signal.take_profits == (Decimal("6.411"), Decimal("6.475"), Decimal("6.529"), Decimal("6.611"))

    def test_close_at_lists_the_targets_whatever_ends_their_lines(self, parser: SignalParser) -> None:
        signal = _one(parser, "СИГНАЛ #HBAR/USDT\nОткрываем ЛОНГ в зоне $0.092 – $0.094\nЦели:\n🔘 Закрыть по $0.098.\n"
                              "🔘 Закрыть по $0.103.\nСтоп: 0.088")
        assert signal.take_profits == (Decimal("0.098"), Decimal("0.103"))
        worded = _one(parser, "СИГНАЛ #TRX/USDT\n🔑 Откройте ШОРТ в зоне $0.2886 - $0.2918\n🍒 Цели:\n"
                              "🔘 Закрыть ордер по цене $0.2863\n🔘 Закрыть ордер по цене $0.2851\n"
                              "❗️ СТОП-ЛОСС: $0.3013")
        assert worded.take_profits == (Decimal("0.2863"), Decimal("0.2851"))  # "close the order at the price"

    def test_entered_at_is_the_entry(self, parser: SignalParser) -> None:
        signal = _one(parser, "#XRP\nОткрыл лонг по XRP\nЗашел по 1.14$\nСтоп: 1.119$\nЦель: 1.229$")
        assert signal.entry == Decimal("1.14")

    def test_a_buying_field_whose_value_is_short_and_we_take_profit_at_as_targets(self, parser: SignalParser) -> None:
        signal = _one(parser, "🪙 МОНЕТА: #ADA/USDT\n📉📈ПОКУПКА: SHORT\nПЛЕЧО: 20х\n· Вход: 0.686$\n"
                              "· Фиксируем прибыль на: 0.6774$, 0.6688$, 0.6517$\n· Стоп: 0.734$")
        assert signal.side is Side.SELL
        assert signal.take_profits == (Decimal("0.6774"), Decimal("0.6688"), Decimal("0.6517"))
        assert not signal.needs_review()
        # without "на:" and its prices, taking profit is an instruction about an open trade
        assert isinstance(parser.parse_all("Фиксируем прибыль на 50% позиции по BTC"), NotASignal)

    def test_take_profit_at_in_slang_and_the_order_type_as_a_field(self, parser: SignalParser) -> None:
        signal = _one(parser, "#SUI/USDT | SHORT ⬇️\n[Фьючерсы 19x плечо]\n\n⚪️Точка входа: 3.53$\n"
                              "⚪️Тип ордера: Лимитный ордер\n⚪️Отгрызаем профит на: 3.34$ 3.2$\n⚪️Стоп: 3.73$")
        assert (signal.order_type, signal.take_profits) == (OrderType.LIMIT, (Decimal("3.34"), Decimal("3.2")))
        assert not signal.needs_review()
        market = _one(parser, "#ICP/USDT SHORT\nТочка входа: 4.7$\nТип ордера: Рыночный ордер\nПрофит на: 4.6$\n"
                              "Стоп: 5$")
        assert (market.order_type, market.take_profits) == (OrderType.MARKET, (Decimal("4.6"),))
        assert _one(parser, "SELL SUIUSDT\nEntry: 3.53\nOrder Type: Limit order\nTP: 3.34\nSL: 3.73").order_type \
            is OrderType.LIMIT

    def test_a_ticker_priced_in_roubles_is_a_share(self, parser: SignalParser) -> None:
        signal = _one(parser, "ПОКУПКА LONG!\nТикер: #PLZL\nВХОД: 13955Р\nСтоп: 13040\nЦель: 15300")
        assert signal.symbol == "PLZL"

    @pytest.mark.parametrize(("content", "side"), [("ซื้อทองคำ 2330 SL 2320 TP 2350", Side.BUY),
                                                   ("ขายทองคำ 2350 SL 2360 TP 2330", Side.SELL)])
    def test_thai_sides_and_gold(self, parser: SignalParser, content: str, side: Side) -> None:
        signal = _one(parser, content)
        assert (signal.symbol, signal.side) == ("XAUUSD", side)

    def test_a_turkish_share_keeps_its_ticker(self, parser: SignalParser) -> None:
        signal = _one(parser, "⚡ EMA KESİŞME • AL\nHISSE: THYAO | FIYAT: 315.50\nSTOP: 300\nTP1: 340")
        assert signal.symbol == "THYAO"

    def test_a_chinese_none_for_now_denies_the_side(self, parser: SignalParser) -> None:
        found = parser.parse_all("ETH 今日布局\n🔴 空单｜反弹入场区 3145~3175\n止损 3210｜目标 3020\n"
                                 "🟢 暂无多单｜等待结构")
        assert not isinstance(found, NotASignal) and [s.side for s in found] == [Side.SELL]


class TestHindiSides:
    @pytest.mark.parametrize(("word", "side"), [("खरीदें", Side.BUY), ("खरीद", Side.BUY), ("बेचें", Side.SELL),
                                                ("बेच", Side.SELL)])
    def test_a_hindi_side_word(self, parser: SignalParser, word: str, side: Side) -> None:
        signal = _one(parser, f"NIFTY 24500 CE {word} ऊपर 120 SL 100 TGT 150")
        assert (signal.symbol, signal.side, signal.entry) == ("NIFTY24500CE", side, Decimal("120"))

    def test_hindi_prose_about_buying_opens_no_trade(self, parser: SignalParser) -> None:
        assert isinstance(parser.parse_all("सोने और चांदी में खरीदारी बढ़ी, कीमतें 150 रुपए चढ़ीं"), NotASignal)


class TestLevelLabelsInOtherLanguages:
    @pytest.mark.parametrize("label", ["Stopp", "Batas rugi"])
    def test_a_stop_label(self, parser: SignalParser, label: str) -> None:
        assert _one(parser, f"EURUSD BUY 1.0850\n{label}: 1.0820\nTP 1.0900").stop_loss == Decimal("1.0820")

    @pytest.mark.parametrize("label", ["Ziel", "Objectif", "Obiettivo", "Chốt lời"])
    def test_targets_with_pip_distances_under_a_foreign_label_are_no_result(self, parser: SignalParser,
                                                                           label: str) -> None:
        signal = _one(parser, f"XAUUSD BUY 3775\n{label} 1: 3777 (+20 PIPS)\n{label} 2: 3779 (+40 PIPS)\nSL 3771")
        assert signal.take_profits == (Decimal("3777"), Decimal("3779"))

    @pytest.mark.parametrize("label", ["تارگت‌ها", "هدف‌ها", "تارگتها"])
    def test_a_persian_plural_target_label_heads_the_list(self, parser: SignalParser, label: str) -> None:
        signal = _one(parser, f"BTC/USDT لانگ\nنقطه ورود: 64000\n🎯 {label}: 65000 - 66000 - 67000\nحد ضرر: 62500")
        assert signal.take_profits == (Decimal(65000), Decimal(66000), Decimal(67000))

    @pytest.mark.parametrize("label", ["اس ال", "اس‌ال"])
    def test_sl_spelled_in_persian_letters_labels_the_stop(self, parser: SignalParser, label: str) -> None:
        signal = _one(parser, f"ETH/USDT لانگ\nورود: 3450\nتی پی: 3500\n{label}: 3400")
        assert (signal.stop_loss, signal.reasons) == (Decimal(3400), ())

    @pytest.mark.parametrize("label", ["Goal - ", "Goal: ", "Goal 1 - "])
    def test_goal_labels_the_target(self, parser: SignalParser, label: str) -> None:
        signal = _one(parser, f"XAUUSD SELL\n{label}4728.4\nMy Stop Loss - 4746.4")
        assert signal.take_profits == (Decimal("4728.4"),)

    def test_a_persian_advice_to_keep_a_buy_position_opens_nothing(self, parser: SignalParser) -> None:
        found = parser.parse_all("🥇 تحلیل طلا\n🔮 پیشبینی:\nدر صورت شکست مقاومت ۲۴۰۰، هدف بعدی ۲۴۵۰ خواهد بود.\n"
                                 "✅ توصیه کلی:\nنگهداشتن پوزیشن خرید با حد ضرر زیر ۲۳۰۰ توصیه میشه.")
        assert isinstance(found, NotASignal) or all(s.needs_review() for s in found)  # before: a buy traded

    def test_an_indicators_bar_closed_is_no_trade_closed(self, parser: SignalParser) -> None:
        signal = _one(parser, "🟢 سیگنال خرید طلا (XAUUSD)\n- تایمفریم: ۱۵ دقیقه\n"
                              "- اولین میله مکدی دیفالت در ناحیه زیر صفر کامل بسته شد.")
        assert (signal.symbol, signal.side) == ("XAUUSD", Side.BUY) and signal.needs_review()  # no levels: held

    def test_a_japanese_results_review_opens_nothing(self, parser: SignalParser) -> None:
        found = parser.parse_all("XAUUSD 昨日のトレード結果検証\n前回の戦略: 3992-3998ドルでの押し目買い"
                                 "(SL: 3985 / TP: 4015) 結果: 【 勝ち +20pips (TP到達) 】")
        assert isinstance(found, NotASignal), found  # before: a gold buy traded


class TestJapanesePairNames:
    @pytest.mark.parametrize(("content", "symbol", "side"), [
        ("ドル円 買い 150.20 損切り 149.80 利確 150.80", "USDJPY", Side.BUY),
        ("ユーロドル 売り 1.0850 損切り 1.0880 利確 1.0800", "EURUSD", Side.SELL),
        ("豪ドル円 売り 98.50 損切り 99.00 利確 98.00", "AUDJPY", Side.SELL),  # not the "ドル円" it ends with
        ("ドル円ロング 150.20 SL 149.8 TP 150.8", "USDJPY", Side.BUY),
        ("ゴールド 買い 2330 損切り 2325 利確 2340", "XAUUSD", Side.BUY)])
    def test_a_pair_by_its_japanese_name(self, parser: SignalParser, content: str, symbol: str, side: Side) -> None:
        signal = _one(parser, content)
        assert (signal.symbol, signal.side) == (symbol, side)
        assert not signal.needs_review()

    def test_a_japanese_post_written_as_sentences_opens_nothing_without_a_stop_and_a_target(
            self, parser: SignalParser) -> None:
        content = ("ドル円は153円台手前で上昇が一服し、現在は調整の動きを見せている。\n"
                   "急騰後の利確売りが出やすい局面だが、押し目買いを狙いたいところです。")
        assert isinstance(parser.parse_all(content), NotASignal)

    def test_a_japanese_plan_written_as_sentences_is_held(self, parser: SignalParser) -> None:
        content = "ドル円のシナリオ\n149.50円で買いを仕込み\n目標は150.20円\n損切りは148.90円。よろしくお願いします。"
        found = parser.parse_all(content)
        assert not isinstance(found, NotASignal) and all(s.needs_review() for s in found)
        assert all("prose_around_side" in s.reasons for s in found)


class TestNamesAndLabelsInMoreScripts:
    @pytest.mark.parametrize(("content", "symbol", "side"), [
        ("비트코인 롱 진입 65000 손절 63000 익절 68000", "BTCUSDT", Side.BUY),
        ("이더리움 숏\n진입가: 3100\n손절가: 3200\n목표가: 2950", "ETHUSDT", Side.SELL),
        ("골드 매수 2330 손절 2325 익절 2340", "XAUUSD", Side.BUY),
        ("सोना खरीदें 2330 स्टॉप लॉस 2325 लक्ष्य 2340", "XAUUSD", Side.BUY),  # Hindi gold, stop and target
        ("सोना खरीदें 62000 रुपये स्टॉप लॉस 61500 लक्ष्य 62800", "GOLD", Side.BUY),  # in rupees: India's contract
        ("🔥 یورو/دلار فروش\nورود: ۱.۱۶۰۷۰\nحد ضرر: ۱.۱۶۲۵۰\nحد سود ۱: ۱.۱۵۸۹۰", "EURUSD", Side.SELL)])
    def test_a_market_named_in_korean_hindi_or_persian(self, parser: SignalParser, content: str, symbol: str,
                                                       side: Side) -> None:
        signal = _one(parser, content)
        assert (signal.symbol, signal.side) == (symbol, side)
        assert signal.stop_loss is not None and signal.take_profits


@pytest.mark.parametrize("content", [
    "Symbol: BTC/USDT Signal: BUY Confidence: 85.0% Price: $45,000.00 Notes: trend is up on the daily",
    "SEÑAL EXCLUSIVA PARA EL EXCHANGE: BITGET long Symbol: SOLUSDT.P Posicion: long Precio: 282.787"])
def test_a_side_written_as_a_field_on_a_line_of_fields_is_no_talk(parser: SignalParser, content: str) -> None:
    """A bot's fields run together on one line (the line breaks lost): "Signal: BUY", "Posicion: long" are the
    side's field, whatever the number of words around it."""
    signal = _one(parser, content)
    assert signal.side is Side.BUY and signal.entry is not None
