from __future__ import annotations

from datetime import UTC, datetime, time
from decimal import Decimal

import pytest

from shared.domain.enums import PositionSizingMode
from shared.domain.errors import ValidationError
from shared.domain.trading import TradingConfiguration, TradingSession

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def make(**overrides: object) -> TradingConfiguration:
    values: dict[str, object] = {"id": "trd_1", "tenant_id": "ten_1", "created_at": NOW}
    values.update(overrides)
    return TradingConfiguration(**values)  # type: ignore[arg-type]


def at(day: int, hh: int, mm: int = 0) -> datetime:
    """2026-01-05 is a Monday: day 0 = Monday."""
    return datetime(2026, 1, 5 + day, hh, mm, tzinfo=UTC)


class TestSymbols:
    def test_a_symbol_is_never_both_whitelisted_and_blacklisted(self) -> None:
        with pytest.raises(ValidationError) as err:
            make(whitelisted_symbols=["EURUSD", "XAUUSD"], blacklisted_symbols=["xauusd"])
        assert err.value.field == "blacklisted_symbols" and "XAUUSD" in err.value.reason

    def test_empty_whitelist_allows_everything_not_blacklisted(self) -> None:
        config = make(blacklisted_symbols=["BTCUSD"])
        assert config.allows_symbol("EURUSD") and config.allows_symbol("xauusd")
        assert not config.allows_symbol("BTCUSD")

    def test_whitelist_restricts(self) -> None:
        config = make(whitelisted_symbols=["EUR/USD"])
        assert config.whitelisted_symbols == ("EURUSD",)
        assert config.allows_symbol("EURUSD") and not config.allows_symbol("GBPUSD")

    def test_invalid_symbol_names_the_list(self) -> None:
        with pytest.raises(ValidationError) as err:
            make(whitelisted_symbols=["EUR;DROP"])
        assert err.value.field == "whitelisted_symbols"


class TestSizing:
    def test_defaults_are_one_fixed_unit_and_auto_execute_off(self) -> None:
        config = TradingConfiguration.default_for("ten_1", "trd_1", NOW)
        assert config.sizing_mode is PositionSizingMode.FIXED and config.fixed_units == 1
        assert config.auto_execute_enabled is False

    @pytest.mark.parametrize("units", [0, -1, "-0.5", True, None, "abc", "NaN", "Infinity", 2**31, "0.000000001",
                                       "123456789.1234567"])
    def test_fixed_units_must_be_a_positive_decimal_within_bounds(self, units: object) -> None:
        with pytest.raises(ValidationError) as err:
            make(fixed_units=units)
        assert err.value.field == "fixed_units"

    @pytest.mark.parametrize(("units", "expected"), [
        (1, "1"), ("0.002", "0.002"), (0.5, "0.5"), (Decimal("0.50000000"), "0.5"), ("1e3", "1000"),
        (2**31 - 1, "2147483647"), ("0.00000001", "0.00000001"), ("12345678.1234567", "12345678.1234567"),
    ])
    def test_fixed_units_take_a_fraction_of_a_unit(self, units: object, expected: str) -> None:
        config = make(fixed_units=units)
        assert isinstance(config.fixed_units, Decimal) and format(config.fixed_units, "f") == expected

    def test_percent_equity_needs_a_percentage_in_range(self) -> None:
        with pytest.raises(ValidationError) as err:
            make(sizing_mode=PositionSizingMode.PERCENT_EQUITY, fixed_units=None)
        assert err.value.field == "equity_percentage"
        ok = make(sizing_mode=2, fixed_units=None, equity_percentage="2.5")
        assert ok.equity_percentage == Decimal("2.50")

    @pytest.mark.parametrize(("field", "value"), [
        ("equity_percentage", "0"), ("equity_percentage", "100.01"), ("equity_percentage", "1.234"),
        ("max_total_exposure_percent", "0.001"), ("max_total_exposure_percent", "101"),
        ("max_slippage_pips", "-0.01"), ("max_slippage_pips", "NaN"), ("max_slippage_pips", "abc"),
    ])
    def test_bounds_name_the_field(self, field: str, value: str) -> None:
        percent = {"sizing_mode": 2, "fixed_units": None, "equity_percentage": "1"}
        extra = percent if field == "equity_percentage" else {}
        with pytest.raises(ValidationError) as err:
            make(**{**extra, field: value})
        assert err.value.field == field

    def test_bounds_are_inclusive(self) -> None:
        config = make(max_total_exposure_percent="0.01", max_slippage_pips=0)
        assert config.max_total_exposure_percent == Decimal("0.01") and config.max_slippage_pips == Decimal("0.00")


class TestTradingSession:
    def test_a_plain_window(self) -> None:
        session = TradingSession(time(8), time(17))
        assert session.contains(at(0, 8)) and session.contains(at(0, 16, 59))
        assert not session.contains(at(0, 17)) and not session.contains(at(0, 7, 59))

    def test_a_window_crossing_midnight(self) -> None:
        session = TradingSession(time(22), time(2))
        assert session.crosses_midnight
        assert session.contains(at(0, 23)) and session.contains(at(1, 1, 59)) and session.contains(at(0, 22))
        assert not session.contains(at(0, 2)) and not session.contains(at(0, 12))

    def test_days_name_the_day_the_session_starts(self) -> None:
        friday_night = TradingSession(time(22), time(2), days=frozenset({4}))
        assert friday_night.contains(at(4, 23))  # Friday 23:00
        assert friday_night.contains(at(5, 1))  # Saturday 01:00 belongs to Friday's session
        assert not friday_night.contains(at(5, 23))  # Saturday night: no session
        assert not friday_night.contains(at(4, 1))  # Friday 01:00 belongs to Thursday's session

    def test_days_without_times_open_whole_days(self) -> None:
        weekdays = TradingSession(days=TradingSession.parse_days("Mon,Tue,Wed,Thu,Fri"))
        assert weekdays.contains(at(0, 0)) and not weekdays.contains(at(5, 12))
        assert weekdays.days_csv() == "Mon,Tue,Wed,Thu,Fri"

    def test_non_utc_instants_are_converted(self) -> None:
        from datetime import timedelta, timezone

        session = TradingSession(time(8), time(9))
        assert session.contains(datetime(2026, 1, 5, 10, 30, tzinfo=timezone(timedelta(hours=2))))

    @pytest.mark.parametrize(("kwargs", "field"), [
        ({"start": time(8)}, "trading_session_end"),
        ({"start": time(8), "end": time(8)}, "trading_session_end"),
        ({"days": frozenset({7})}, "trading_session_days"),
        ({}, "trading_session_days"),
    ])
    def test_invalid_sessions_name_the_field(self, kwargs: dict[str, object], field: str) -> None:
        with pytest.raises(ValidationError) as err:
            TradingSession(**kwargs)  # type: ignore[arg-type]
        assert err.value.field == field

    def test_unknown_day_names_are_rejected(self) -> None:
        with pytest.raises(ValidationError) as err:
            TradingSession.parse_days("Mon,Funday")
        assert err.value.field == "trading_session_days"

    def test_configuration_outside_session(self) -> None:
        config = make(session=TradingSession(time(22), time(2)))
        assert config.in_session(at(0, 23)) and not config.in_session(at(0, 12))
        assert make().in_session(at(0, 12))
