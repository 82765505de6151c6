"""The statistics' definitions (docs/statistics.md), each on a small history whose answer is worked by hand."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D

from shared.clock import FixedClock
from shared.domain.events import EventType, build_event
from shared.domain.stat_facts import fact_of_event, risk_at_entry, trade_facts
from shared.domain.stats import ChannelStats, Curve, FactKind, StatEntry, combine, fold_day
from shared.domain.trade import LegStatus
from tests.support.trades import new_trade

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TENANT = "ten_stats"


def fact(kind: FactKind, n: int, *, minutes: int = 0, day: int = 0, **values: object) -> StatEntry:
    at = T0 + timedelta(days=day, minutes=minutes)
    return StatEntry(tenant_id=TENANT, entry_id=f"{kind}:{n}", channel_id=-1001, kind=kind, at=at,
                     **values)  # type: ignore[arg-type]  # the test passes each kind's own fields


def closes(*pnls: str, day: int = 0, risk: str | None = "10") -> list[StatEntry]:
    return [fact(FactKind.CLOSED, i + 100 * day, minutes=i, day=day, pnl=D(p), risk=None if risk is None else D(risk))
            for i, p in enumerate(pnls)]


def stats_of(entries: list[StatEntry]) -> ChannelStats:
    days: dict[date, list[StatEntry]] = {}
    for e in entries:
        days.setdefault(e.day, []).append(e)
    folded = [fold_day(TENANT, -1001, d, es) for d, es in days.items()]
    return combine(folded, channel_id=-1001)


def test_signal_counts_and_rejections_by_rule() -> None:
    s = stats_of([
        fact(FactKind.RECEIVED, 1, traded=True), fact(FactKind.RECEIVED, 2), fact(FactKind.RECEIVED, 3, traded=True),
        fact(FactKind.REJECTED, 4, rule="session"), fact(FactKind.REJECTED, 5, rule="session"),
        fact(FactKind.REJECTED, 6, rule="blacklist"), fact(FactKind.HELD, 7), fact(FactKind.NOT_A_SIGNAL, 8),
        fact(FactKind.NOT_A_SIGNAL, 9),
    ])
    c = s.counts
    assert (c.signals_received, c.signals_traded, c.signals_rejected, c.signals_held, c.not_a_signal) == (3, 2, 3, 1, 2)
    assert c.rejected_by_rule == {"blacklist": 1, "session": 2}


def test_win_rate_counts_a_breakeven_as_not_a_win() -> None:
    s = stats_of(closes("30", "-10", "0", "20"))
    assert (s.counts.trades_closed, s.counts.wins, s.counts.losses) == (4, 2, 1)
    assert s.win_rate == D("0.5")


def test_profit_factor_is_gross_profit_over_gross_loss_and_none_without_a_loss() -> None:
    assert stats_of(closes("30", "-10", "-5", "20")).profit_factor == D("3.3333")
    assert stats_of(closes("30", "20")).profit_factor is None
    assert stats_of([]).win_rate is None and stats_of([]).average_r is None


def test_realised_pnl_is_the_sum_of_closed_trades() -> None:
    assert stats_of(closes("30.5", "-10.25", "4")).realized_pnl == D("24.25")


def test_average_r_uses_the_risk_at_entry_and_skips_trades_without_a_stop() -> None:
    entries = closes("20", "-10", risk="10") + closes("50", day=1, risk=None)
    s = stats_of(entries)
    assert s.counts.r_count == 2 and s.average_r == D("0.5")  # (2 + -1) / 2; the stopless +50 has no R


def test_max_drawdown_follows_the_closes_in_time_order_within_a_day() -> None:
    # In time order: +10, +20 (peak 30), -25 (5), +5 (10), -15 (-5): deepest fall 30 - -5 = 35.
    entries = [fact(FactKind.CLOSED, n, minutes=m, pnl=D(p)) for n, m, p in
               [(1, 50, "5"), (2, 10, "20"), (3, 0, "10"), (4, 30, "-25"), (5, 55, "-15")]]
    assert stats_of(entries).max_drawdown == D("35")


def test_max_drawdown_spans_days() -> None:
    # 40 | +10 (peak 50), -30 | -35: the curve goes 40, 50, 20, -15; the fall from 50 to -15 is 65.
    entries = closes("40", day=0) + closes("10", "-30", day=1) + closes("-35", day=2)
    assert stats_of(entries).max_drawdown == D("65")
    # A range starting on day 3 starts its curve there: 0 to -35.
    later = [e for e in entries if e.day == T0.date() + timedelta(days=2)]
    assert stats_of(later).max_drawdown == D("35")


def test_curves_chained_day_by_day_equal_the_curve_of_all_closes() -> None:
    rng = random.Random(19)
    for _ in range(200):
        pnls = [D(rng.randint(-500, 500)) / 10 for _ in range(rng.randint(0, 30))]
        whole = Curve()
        for p in pnls:
            whole = whole.add(p)
        chained, start = Curve(), 0
        while start < len(pnls):
            cut = rng.randint(start + 1, len(pnls))
            part = Curve()
            for p in pnls[start:cut]:
                part = part.add(p)
            chained, start = chained.then(part), cut
        assert chained == whole


def test_average_delay_is_first_fill_minus_message_time() -> None:
    s = stats_of([fact(FactKind.OPENED, 1, delay_ms=1500), fact(FactKind.OPENED, 2, delay_ms=2500),
                  fact(FactKind.OPENED, 3)])
    assert s.counts.trades_opened == 3 and s.average_delay_seconds == D("2.000")


def test_a_trade_opens_at_its_first_fill_and_closes_at_its_last_close() -> None:
    trade = new_trade(TENANT, created_at=T0, legs=2)
    message_at = T0 - timedelta(seconds=3)
    assert trade_facts(trade, [], message_at) == []
    trade.fill(0, fill_price=D("2350"), at=T0 + timedelta(seconds=1))
    trade.fill(1, fill_price=D("2351"), at=T0 + timedelta(seconds=2))
    (opened,) = trade_facts(trade, [], message_at)
    assert opened.kind is FactKind.OPENED and opened.delay_ms == 4000 and opened.entry_id == f"open:{trade.id}"
    trade.close(0, exit_price=D("2360"), at=T0 + timedelta(hours=1))
    assert [f.kind for f in trade_facts(trade, [], message_at)] == [FactKind.OPENED]  # one leg still open
    trade.close(1, exit_price=D("2345"), at=T0 + timedelta(hours=2))
    closed = trade_facts(trade, trade.new_changes, message_at)[1]
    # Leg 0: 1.5 x +10 = 15; leg 1: 1.5 x -6 = -9. Risk: 1.5 x (2350-2340) + 1.5 x (2351-2340) = 31.5.
    assert closed.kind is FactKind.CLOSED and closed.at == T0 + timedelta(hours=2)
    assert closed.pnl == D("6") and closed.risk == D("31.5")


def test_the_risk_is_the_stop_at_fill_even_after_a_move_to_breakeven() -> None:
    trade = new_trade(TENANT, created_at=T0, legs=1)
    trade.fill(0, fill_price=D("2350"), at=T0)
    trade.move_stop(0, to_entry=True, at=T0 + timedelta(minutes=5))
    assert trade.legs[0].stop_loss == D("2350")
    assert risk_at_entry(trade, trade.new_changes) == D("15")  # 1.5 x (2350 - 2340), not 0
    stopless = new_trade(TENANT, created_at=T0, legs=1)
    stopless.legs[0].stop_loss = None
    stopless.fill(0, fill_price=D("2350"), at=T0)
    assert risk_at_entry(stopless, stopless.new_changes) is None


def test_a_trade_that_never_filled_is_cancelled_not_opened() -> None:
    trade = new_trade(TENANT, created_at=T0, legs=2, order_type="Limit")
    trade.cancel(0, at=T0 + timedelta(minutes=1))
    trade.reject(1, reason="venue refused", at=T0 + timedelta(minutes=2))
    assert trade.status is LegStatus.CANCELLED
    (cancelled,) = trade_facts(trade, trade.new_changes, None)
    assert cancelled.kind is FactKind.CANCELLED and cancelled.day == date(2026, 3, 2)


def test_events_become_facts_on_the_message_time_and_some_rejections_are_not_counted() -> None:
    clock = FixedClock(T0)
    data = {"channelId": -1001, "messageId": 5, "messageAt": T0 - timedelta(days=1)}
    received = build_event(EventType.SIGNAL_RECEIVED, tenant_id=TENANT, source="t", clock=clock, data=data)
    f = fact_of_event(received)
    assert f is not None and f.kind is FactKind.RECEIVED and f.day == date(2026, 3, 1)
    assert f.message_key == f"{TENANT}:-1001:5" and f.entry_id == received.id
    for rule in ("tenant_inactive", "invalid_message"):
        skipped = build_event(EventType.SIGNAL_REJECTED, tenant_id=TENANT, source="t", clock=clock,
                              data={**data, "rule": rule})
        assert fact_of_event(skipped) is None
    no_channel = build_event(EventType.NOT_A_SIGNAL, tenant_id=TENANT, source="t", clock=clock, data={})
    assert fact_of_event(no_channel) is None
    held = build_event(EventType.SIGNAL_HELD, tenant_id=TENANT, source="t", clock=clock,
                       data={**data, "heldSignalId": "hs_1", "holdReason": "low_confidence"})
    held_fact = fact_of_event(held)
    assert held_fact is not None and held_fact.kind is FactKind.HELD
    executed = build_event(EventType.TRADE_EXECUTED, tenant_id=TENANT, source="t", clock=clock, data=data)
    assert fact_of_event(executed) is None
