"""Decision rules: symbol lists, the session window (crossing midnight, allowed days), auto-execute, levels."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from shared.domain.decision import Accepted, Rejected, decide, level_problem
from shared.domain.signal import OrderType, ParsedSignal, Side
from shared.domain.trading import TradingConfiguration, TradingSession

MONDAY_NOON = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def config(**overrides: object) -> TradingConfiguration:
    values: dict[str, object] = {"id": "trd_1", "tenant_id": "ten_1", "created_at": MONDAY_NOON,
                                 "auto_execute_enabled": True}
    values.update(overrides)
    return TradingConfiguration(**values)  # type: ignore[arg-type]


def signal(symbol: str = "EURUSD", side: Side = Side.BUY, entry: str | None = "1.0850", sl: str | None = "1.0800",
           tps: tuple[str, ...] = ("1.0900",), zone: tuple[str, str] | None = None) -> ParsedSignal:
    return ParsedSignal(symbol=symbol, side=side, entry=Decimal(entry) if entry else None,
                        entry_range=(Decimal(zone[0]), Decimal(zone[1])) if zone else None,
                        stop_loss=Decimal(sl) if sl else None, take_profits=tuple(Decimal(t) for t in tps))


def at(day: int, hh: int, mm: int = 0) -> datetime:
    """2026-01-05 is a Monday: day 0 = Monday."""
    return datetime(2026, 1, 5 + day, hh, mm, tzinfo=UTC)


class TestSymbolRules:
    def test_a_blacklisted_symbol_is_rejected_by_the_blacklist_rule(self) -> None:
        decision = decide(signal("XAUUSD", entry="2350", sl="2340", tps=("2360",)),
                          config(blacklisted_symbols=["XAUUSD"]), MONDAY_NOON)
        assert decision == Rejected("blacklist", "XAUUSD is blacklisted")

    def test_a_symbol_missing_from_a_whitelist_is_rejected_by_the_whitelist_rule(self) -> None:
        decision = decide(signal(), config(whitelisted_symbols=["GBPUSD"]), MONDAY_NOON)
        assert isinstance(decision, Rejected) and decision.rule == "whitelist"

    def test_a_whitelisted_symbol_passes(self) -> None:
        assert decide(signal(), config(whitelisted_symbols=["EURUSD"]), MONDAY_NOON) == Accepted()


class TestSessionRule:
    NIGHT = TradingSession(start=time(22, 0), end=time(2, 0), days=frozenset({0, 1, 2, 3, 4}))  # Mon-Fri nights

    @pytest.mark.parametrize(("moment", "inside"), [
        (at(0, 22, 0), True),      # Monday 22:00, the session starts
        (at(0, 23, 59), True),
        (at(1, 1, 59), True),      # Tuesday 01:59 belongs to Monday's session
        (at(1, 2, 0), False),      # the end is exclusive
        (at(0, 21, 59), False),
        (at(0, 1, 0), False),      # Monday 01:00 belongs to Sunday's session: Sunday is not allowed
        (at(5, 1, 0), True),       # Saturday 01:00 belongs to Friday's session
        (at(5, 22, 30), False),    # Saturday night is not allowed
    ])
    def test_a_window_crossing_midnight(self, moment: datetime, inside: bool) -> None:
        decision = decide(signal(), config(session=self.NIGHT), moment)
        if inside:
            assert decision == Accepted()
        else:
            assert isinstance(decision, Rejected) and decision.rule == "session"
            assert "22:00-02:00" in decision.detail and "Mon,Tue,Wed,Thu,Fri" in decision.detail

    def test_a_message_time_in_another_zone_is_judged_in_utc(self) -> None:
        plus_three = timezone(timedelta(hours=3))
        session = TradingSession(start=time(8, 0), end=time(16, 0))
        # 18:30 at UTC+3 is 15:30 UTC: inside.
        assert decide(signal(), config(session=session), datetime(2026, 1, 5, 18, 30, tzinfo=plus_three)) == Accepted()
        assert isinstance(decide(signal(), config(session=session), at(0, 16, 30)), Rejected)


class TestOtherRules:
    def test_auto_execute_off_rejects_with_its_rule(self) -> None:
        decision = decide(signal(), config(auto_execute_enabled=False), MONDAY_NOON)
        assert isinstance(decision, Rejected) and decision.rule == "auto_execute"

    def test_tenant_rules_are_reported_before_the_levels(self) -> None:
        wrong = signal(sl="1.0900")
        assert decide(wrong, config(blacklisted_symbols=["EURUSD"]), MONDAY_NOON).rule == "blacklist"  # type: ignore[union-attr]
        assert decide(wrong, config(), MONDAY_NOON).rule == "invalid_levels"  # type: ignore[union-attr]


class TestLevels:
    @pytest.mark.parametrize(("sig", "problem"), [
        (signal(), None),
        (signal(sl="1.0900"), "stop loss 1.0900 is not below the entry"),
        (signal(tps=("1.0900", "1.0800")), "take profit 1.0800 is not above the entry"),
        (signal(side=Side.SELL, sl="1.0900", tps=("1.0800",)), None),
        (signal(side=Side.SELL, sl="1.0800", tps=("1.0700",)), "stop loss 1.0800 is not above the entry"),
        (signal(side=Side.SELL, sl="1.0900", tps=("1.0950",)), "take profit 1.0950 is not below the entry"),
        # a zone: the stop must clear the whole zone, targets too
        (signal(side=Side.SELL, entry=None, zone=("4030.5", "4035.5"), sl="4022", tps=("4027.5",)),
         "stop loss 4022 is not above the entry"),
        (signal(side=Side.SELL, entry=None, zone=("4626", "4629"), sl="4632", tps=("4623", "4620")), None),
        (signal(entry=None, zone=("2341", "2345"), sl="2337", tps=("2343",)),
         "take profit 2343 is not above the entry"),
        # a bare market order: only the stop against the targets
        (signal(entry=None, sl="1.0800", tps=("1.0900",)), None),
        (signal(entry=None, sl="1.0900", tps=("1.0800",)), "take profit 1.0800 is on the stop loss's side"),
        (signal(entry=None, sl=None, tps=()), None),
    ])
    def test_wrong_side_levels(self, sig: ParsedSignal, problem: str | None) -> None:
        assert level_problem(sig) == problem

    def test_a_pending_order_needs_a_price_a_quote_cannot_give(self) -> None:
        for kind in (OrderType.LIMIT, OrderType.STOP):
            pending = ParsedSignal(symbol="XAUUSD", side=Side.BUY, order_type=kind, stop_loss=Decimal("1960"))
            assert level_problem(pending, reference=Decimal("1970")) == \
                f"a {kind.value.lower()} order needs an entry price to rest at"
            zoned = ParsedSignal(symbol="XAUUSD", side=Side.BUY, order_type=kind,
                                 entry_range=(Decimal("1968"), Decimal("1972")), stop_loss=Decimal("1960"))
            assert level_problem(zoned) is None
        assert decide(ParsedSignal(symbol="XAUUSD", side=Side.SELL, order_type=OrderType.LIMIT), config(),
                      MONDAY_NOON) == Rejected("invalid_levels", "a limit order needs an entry price to rest at")

    @pytest.mark.parametrize(("levels", "problem"), [
        ({"entry": "0.00001234", "stop_loss": "0.00001111"}, None),
        ({"entry": "0.000012340", "stop_loss": "0.00001111"}, None),  # a trailing zero adds no precision
        ({"entry": "0.000012345"}, "entry 0.000012345 has more than 8 decimal places"),
        ({"entry_range": ("0.00001234", "0.000012355")}, "entry zone 0.000012355 has more than 8 decimal places"),
        ({"take_profits": ("0.00001357", "0.000013579")}, "take profit 0.000013579 has more than 8 decimal places"),
    ])
    def test_a_level_finer_than_a_stored_price_is_refused(self, levels: dict[str, object], problem: str | None) -> None:
        values: dict[str, Any] = {name: tuple(Decimal(v) for v in value) if isinstance(value, tuple)
                                  else Decimal(str(value)) for name, value in levels.items()}
        decision = decide(ParsedSignal(symbol="PEPEUSDT", side=Side.BUY, **values), config(), MONDAY_NOON)
        assert decision == (Accepted() if problem is None else Rejected("price_precision", problem))

    def test_a_quote_stands_in_for_a_market_orders_entry(self) -> None:
        market = signal(entry=None, sl="1.0800", tps=("1.0900",))
        assert level_problem(market, reference=Decimal("1.0850")) is None
        assert level_problem(market, reference=Decimal("1.0790")) == "stop loss 1.0800 is not below the entry"
