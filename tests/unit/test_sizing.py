"""Sizing, slippage and exposure checks on a connector's quote and account summary (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from shared.domain.decision import Rejected
from shared.domain.enums import PositionSizingMode
from shared.domain.errors import ValidationError
from shared.domain.signal import OrderType, ParsedSignal, Side
from shared.domain.sizing import (
    AccountSummary,
    Quote,
    Sized,
    check_exposure,
    check_slippage,
    fit_to_venue,
    pip_size_of,
    size_order,
    unit_value_of,
)
from shared.domain.trading import TradingConfiguration

D = Decimal


def config(**overrides: object) -> TradingConfiguration:
    values: dict[str, object] = {"id": "trd_1", "tenant_id": "ten_1", "created_at": datetime(2026, 1, 5, tzinfo=UTC)}
    values.update(overrides)
    return TradingConfiguration(**values)  # type: ignore[arg-type]


PERCENT = {"sizing_mode": PositionSizingMode.PERCENT_EQUITY, "fixed_units": None, "equity_percentage": D("2")}


class TestSizing:
    def test_fixed_units(self) -> None:
        assert size_order(config(fixed_units=1000)) == Sized(D(1000))

    def test_fixed_units_may_be_a_fraction(self) -> None:
        assert size_order(config(fixed_units="0.002")) == Sized(D("0.002"))

    def test_percent_of_equity_buys_that_share_of_notional_rounded_down(self) -> None:
        # 2% of 10,000 = 200 USD; one EURUSD unit is worth 1.0850 USD: 184.33 -> 184 units.
        sized = size_order(config(**PERCENT), account=AccountSummary(equity=D(10000)), unit_value=D("1.0850"))
        assert sized == Sized(D(184))

    def test_percent_of_equity_keeps_the_fraction_for_a_venue_with_a_step(self) -> None:
        """2% of 10,000 USD in bitcoin at 60,000: 0.00333 BTC, not 0. The venue's step then rounds it DOWN."""
        sized = size_order(config(**PERCENT), account=AccountSummary(equity=D(10000)), unit_value=D(60000),
                           whole=False)
        assert sized == Sized(D("0.00333333"))
        assert fit_to_venue(sized, minimum=D("0.001"), step=D("0.001"), instrument="BTCUSDT") == Sized(D("0.003"))
        assert fit_to_venue(sized, minimum=D("0.0001"), step=D("0.00001"), instrument="BTCUSDT") == Sized(
            D("0.00333"))

    def test_percent_of_equity_in_ig_lots(self) -> None:
        """2% of 50,000 USD in EURUSD lots of 100,000 euros (108,505 USD each): 0.0092 lots; at IG's step of
        0.01 that is 0 lots, refused rather than raised to the minimum; 40% buys 0.18 lots."""
        lot = D(108505)
        small = size_order(config(**PERCENT), account=AccountSummary(equity=D(50000)), unit_value=lot, whole=False)
        assert isinstance(small, Sized)
        refused = fit_to_venue(small, minimum=D("0.01"), step=D("0.01"), instrument="EURUSD")
        assert isinstance(refused, Rejected) and refused.rule == "sizing" and "minimum size 0.01" in refused.detail
        larger = size_order(config(**{**PERCENT, "equity_percentage": D(40)}), account=AccountSummary(equity=D(50000)),
                            unit_value=lot, whole=False)
        assert isinstance(larger, Sized)
        assert fit_to_venue(larger, minimum=D("0.01"), step=D("0.01"), instrument="EURUSD") == Sized(D("0.18"))

    def test_without_a_step_a_share_of_equity_is_whole_units(self) -> None:
        """The paper broker gives no instrument spec: whole units, as before units were decimal."""
        sized = size_order(config(**PERCENT), account=AccountSummary(equity=D(10000)), unit_value=D(60000))
        assert isinstance(sized, Rejected) and sized.rule == "sizing" and "less than one unit" in sized.detail

    def test_percent_of_equity_too_small_for_one_unit_is_rejected(self) -> None:
        sized = size_order(config(**PERCENT), account=AccountSummary(equity=D(1000)), unit_value=D(2350))
        assert isinstance(sized, Rejected) and sized.rule == "sizing"

    def test_percent_of_equity_beyond_what_a_command_carries_is_rejected(self) -> None:
        """Hardening #8: a size the trade-commands contract refuses is a sizing rejection, not an invalid command."""
        sized = size_order(config(**PERCENT), account=AccountSummary(equity=D(10) ** 20), unit_value=D("0.0001"))
        assert isinstance(sized, Rejected) and sized.rule == "sizing"

    def test_percent_of_equity_without_an_account_is_rejected(self) -> None:
        assert isinstance(size_order(config(**PERCENT)), Rejected)

    def test_unit_value_of_a_quote_is_its_mid(self) -> None:
        assert unit_value_of(Quote(bid=D("1.0849"), ask=D("1.0851"))) == D("1.0850")


class TestSlippage:
    BUY = ParsedSignal(symbol="EURUSD", side=Side.BUY, entry=D("1.0850"))

    @pytest.mark.parametrize(("ask", "rejected"), [("1.0852", False), ("1.0853", False), ("1.0854", True),
                                                   ("1.0846", True), ("1.0847", False)])
    def test_compares_the_fill_price_with_the_entry_in_pips(self, ask: str, rejected: bool) -> None:
        quote = Quote(bid=D(ask) - D("0.0001"), ask=D(ask))
        result = check_slippage(self.BUY, quote, D("3"))
        assert (isinstance(result, Rejected) and result.rule == "max_slippage") is rejected

    def test_a_sell_fills_at_the_bid_and_a_zone_counts_from_its_nearest_edge(self) -> None:
        zone = ParsedSignal(symbol="XAUUSD", side=Side.SELL, entry_range=(D(2345), D(2348)))
        assert check_slippage(zone, Quote(bid=D(2346), ask=D(2347)), D(0)) is None
        late = check_slippage(zone, Quote(bid=D("2344.5"), ask=D(2345)), D(4))  # 0.5 below the zone = 5 pips
        assert isinstance(late, Rejected) and "5 pips" in late.detail

    def test_is_not_checked_without_a_limit_a_price_or_for_pending_orders(self) -> None:
        quote = Quote(bid=D(2), ask=D(2))
        assert check_slippage(self.BUY, quote, None) is None
        assert check_slippage(ParsedSignal(symbol="EURUSD", side=Side.BUY), quote, D(1)) is None
        limit = ParsedSignal(symbol="EURUSD", side=Side.BUY, order_type=OrderType.LIMIT, entry=D("1.0850"))
        assert check_slippage(limit, quote, D(1)) is None

    def test_the_brokers_pip_size_wins(self) -> None:
        quote = Quote(bid=D("1.0860"), ask=D("1.0860"), pip_size=D("0.001"))  # 1 "pip" away
        assert check_slippage(self.BUY, quote, D(1)) is None

    @pytest.mark.parametrize(("symbol", "price", "pip"), [
        ("EURUSD", "1.08", "0.0001"), ("USDJPY", "150", "0.01"), ("XAUUSD", "2350", "0.1"), ("XAGUSD", "30", "0.01"),
        ("US30", "39000", "1"), ("BTCUSDT", "65000", "1"),
        ("BTCUSD", "65000", "1"), ("SOLUSDT", "140", "0.01"), ("DOGEUSDT", "0.16", "0.0001"),
    ])
    def test_default_pip_sizes(self, symbol: str, price: str, pip: str) -> None:
        assert pip_size_of(symbol, D(price)) == D(pip)

    def test_a_crossed_quote_is_invalid(self) -> None:
        with pytest.raises(ValidationError):
            Quote(bid=D(2), ask=D(1))


class TestExposure:
    def test_within_the_limit(self) -> None:
        account = AccountSummary(equity=D(10000), open_exposure=D(4000))
        assert check_exposure(config(max_total_exposure_percent=D(50)), account, units=D(900), unit_value=D(1)) is None

    def test_beyond_the_limit(self) -> None:
        account = AccountSummary(equity=D(10000), open_exposure=D(4000))
        result = check_exposure(config(max_total_exposure_percent=D(50)), account, units=D(1001), unit_value=D(1))
        assert result == Rejected("max_exposure", "exposure would be 50.01% of equity (max 50.00%)")

    def test_a_fraction_of_a_lot_counts_its_share_of_the_contract(self) -> None:
        """0.5 IG lots of EURUSD (100,000 euros a lot at 1.0851): 54,255 USD of exposure on 50,000 of equity."""
        account = AccountSummary(equity=D(50000))
        result = check_exposure(config(), account, units=D("0.5"), unit_value=D(108510))
        assert result == Rejected("max_exposure", "exposure would be 108.51% of equity (max 100.00%)")
        assert check_exposure(config(), account, units=D("0.4"), unit_value=D(108510)) is None

    def test_no_equity_is_rejected(self) -> None:
        result = check_exposure(config(), AccountSummary(equity=D(0)), units=D(1), unit_value=D(1))
        assert isinstance(result, Rejected) and result.rule == "max_exposure"


class TestFitToVenue:
    @pytest.mark.parametrize(("units", "minimum", "step", "expected"), [
        ("7", D(1), D(1), "7"),  # OANDA units
        ("7", D("0.5"), D("0.1"), "7"),  # IG contracts: whole units are already on the step
        ("250", D(100), D(100), "200"),  # a venue trading in blocks: rounded DOWN, never up
        ("1999", D(1000), D(1000), "1000"),
        ("0.0029", D("0.001"), D("0.001"), "0.002"),  # Binance linear BTCUSDT
        ("0.57", D("0.1"), D("0.1"), "0.5"),  # IG gold lots
        ("12.7", D("0.1"), D("0.1"), "12.7"),  # OANDA DE30_EUR (tradeUnitsPrecision 1)
    ])
    def test_units_are_rounded_down_to_the_venues_step(self, units: str, minimum: Decimal, step: Decimal,
                                                       expected: str) -> None:
        assert fit_to_venue(Sized(D(units)), minimum=minimum, step=step, instrument="X") == Sized(D(expected))

    @pytest.mark.parametrize(("units", "minimum", "step"), [("999", D(1000), D(1)), ("99", D(100), D(100)),
                                                            ("5", D(0), D(10)), ("0.0009", D("0.001"), D("0.001")),
                                                            ("0.4", D("0.5"), D("0.1"))])
    def test_below_the_venues_minimum_is_refused_as_sizing_never_raised(self, units: str, minimum: Decimal,
                                                                        step: Decimal) -> None:
        refused = fit_to_venue(Sized(D(units)), minimum=minimum, step=step, instrument="DE30_EUR")
        assert isinstance(refused, Rejected) and refused.rule == "sizing" and "DE30_EUR" in refused.detail

    def test_unusable_size_rules_are_refused(self) -> None:
        refused = fit_to_venue(Sized(D(5)), minimum=D(1), step=D(0), instrument="X")
        assert isinstance(refused, Rejected) and refused.rule == "sizing"


def test_a_contract_multiplies_one_units_notional() -> None:
    quote = Quote(D("1.0850"), D("1.0852"))
    assert unit_value_of(quote) == D("1.0851")
    assert unit_value_of(quote, D(100000)) == D("108510.0000")
