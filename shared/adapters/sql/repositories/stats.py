"""ChannelStatFacts and ChannelDailyStats: the statistics repository, every statement filtered on the tenant.

``add_entry`` reads before it inserts rather than catching the duplicate key: on PostgreSQL a failed
statement aborts the whole transaction, and the caller's transaction (a trade's save) must go on. Two
workers recording the same fact at once: one insert fails with a conflict and that delivery is retried.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from shared.adapters.sql.rows import Executor, integrity_error
from shared.adapters.sql.schema_stats import COUNT_COLUMNS, channel_daily_stats, channel_stat_facts
from shared.domain.errors import NotFoundError
from shared.domain.stats import Counts, Curve, DayStats, FactKind, StatEntry
from shared.ports.stats import AbstractStatsRepository

_f, _d = channel_stat_facts.c, channel_daily_stats.c
_PLACES = Decimal("0.00000001")
_SUMMED = (*COUNT_COLUMNS, "GrossProfit", "GrossLoss", "RSum", "DelayMsSum")
_UNIQUE = {"EntryId": ("entry_id", "this fact is being recorded by another worker; retry")}
# Day-row columns <-> Counts fields (the curve's four are MONEY_COLUMNS' last four).
_COUNT_FIELDS = dict(zip(COUNT_COLUMNS, ("signals_received", "signals_traded", "signals_rejected", "signals_held",
                                         "not_a_signal", "trades_opened", "trades_closed", "trades_cancelled",
                                         "wins", "losses", "r_count", "delay_count"), strict=True))


def _entry_values(e: StatEntry) -> dict[str, Any]:
    return {"TenantId": e.tenant_id, "EntryId": e.entry_id, "ChannelId": e.channel_id, "Day": e.day,
            "Kind": e.kind.value, "At": e.at, "MessageKey": e.message_key, "Rule": e.rule, "Traded": e.traded,
            "Pnl": e.pnl, "Risk": e.risk, "DelayMs": e.delay_ms}


def _entry_from_row(r: Any) -> StatEntry:
    return StatEntry(tenant_id=r.TenantId, entry_id=r.EntryId, channel_id=r.ChannelId, kind=FactKind(r.Kind),
                     at=r.At, message_key=r.MessageKey, rule=r.Rule, traded=bool(r.Traded), pnl=r.Pnl, risk=r.Risk,
                     delay_ms=r.DelayMs)


def _day_values(s: DayStats) -> dict[str, Any]:
    c, curve = s.counts, s.curve
    return {"TenantId": s.tenant_id, "ChannelId": s.channel_id, "Day": s.day,
            **{column: getattr(c, name) for column, name in _COUNT_FIELDS.items()},
            "GrossProfit": c.gross_profit, "GrossLoss": c.gross_loss, "CurveNet": curve.net, "CurveHigh": curve.high,
            "CurveLow": curve.low, "MaxDrawdown": curve.drawdown, "RSum": c.r_sum, "DelayMsSum": c.delay_ms_sum,
            "RejectedByRule": json.dumps(c.rejected_by_rule, separators=(",", ":")),
            "UpdatedAt": datetime.now(UTC)}


def _day_from_row(r: Any) -> DayStats:
    counts = Counts(**{name: getattr(r, column) for column, name in _COUNT_FIELDS.items()},
                    gross_profit=r.GrossProfit, gross_loss=r.GrossLoss, r_sum=r.RSum, delay_ms_sum=r.DelayMsSum,
                    rejected_by_rule=json.loads(r.RejectedByRule))
    curve = Curve(net=r.CurveNet, high=r.CurveHigh, low=r.CurveLow, drawdown=r.MaxDrawdown)
    return DayStats(r.TenantId, r.ChannelId, r.Day, counts, curve)


def _range(tenant_id: str, channel_id: int | None, since: date | None, until: date | None
           ) -> list[sa.ColumnElement[bool]]:
    where = [_d.TenantId == tenant_id]
    if channel_id is not None:
        where.append(_d.ChannelId == channel_id)
    if since is not None:
        where.append(_d.Day >= since)
    if until is not None:
        where.append(_d.Day < until)
    return where


def _money(value: object) -> Decimal:
    """A summed DECIMAL, as each driver returns it (SQLite: a float), to the 8 places it is stored with."""
    return Decimal(str(value or 0)).quantize(_PLACES)


class SqlStatsRepository(AbstractStatsRepository):
    def __init__(self, db: Executor) -> None:
        self._db = db

    def _add_entry(self, entry: StatEntry) -> bool:
        found = self._db.execute(sa.select(_f.EntryId).where(
            _f.TenantId == entry.tenant_id, _f.EntryId == entry.entry_id)).first()
        if found is not None:
            return False
        try:
            self._db.execute(channel_stat_facts.insert(), _entry_values(entry))
        except sa.exc.IntegrityError as exc:
            raise integrity_error(exc, unique=_UNIQUE, missing=NotFoundError("tenant", entry.tenant_id)) from exc
        return True

    def _mark_traded(self, tenant_id: str, message_key: str) -> list[tuple[int, date]]:
        where = (_f.TenantId == tenant_id, _f.MessageKey == message_key, _f.Kind == FactKind.RECEIVED.value,
                 _f.Traded == sa.false())
        keys = [(r.ChannelId, r.Day) for r in self._db.execute(sa.select(_f.ChannelId, _f.Day).where(*where))]
        if keys:
            self._db.execute(channel_stat_facts.update().where(*where).values(Traded=True))
        return sorted(keys)

    def _opened_entries(self, tenant_id: str, message_key: str) -> list[StatEntry]:
        rows = self._db.execute(sa.select(channel_stat_facts).where(
            _f.TenantId == tenant_id, _f.MessageKey == message_key, _f.Kind == FactKind.OPENED.value)
            .order_by(_f.EntryId)).all()
        return [_entry_from_row(r) for r in rows]

    def _set_delay(self, tenant_id: str, entry_id: str, delay_ms: int | None) -> None:
        self._db.execute(channel_stat_facts.update().where(_f.TenantId == tenant_id, _f.EntryId == entry_id)
                         .values(DelayMs=delay_ms))

    def _message_time(self, tenant_id: str, message_key: str) -> datetime | None:
        signal_kinds = [k.value for k in (FactKind.RECEIVED, FactKind.REJECTED, FactKind.HELD)]
        found = self._db.execute(sa.select(sa.func.min(_f.At)).where(
            _f.TenantId == tenant_id, _f.MessageKey == message_key, _f.Kind.in_(signal_kinds))).scalar()
        return found if isinstance(found, datetime) else None

    def _entries_of_day(self, tenant_id: str, channel_id: int, day: date) -> list[StatEntry]:
        rows = self._db.execute(sa.select(channel_stat_facts).where(
            _f.TenantId == tenant_id, _f.ChannelId == channel_id, _f.Day == day)).all()
        return [_entry_from_row(r) for r in rows]

    def _day(self, tenant_id: str, channel_id: int, day: date) -> DayStats | None:
        row = self._db.execute(sa.select(channel_daily_stats).where(
            _d.TenantId == tenant_id, _d.ChannelId == channel_id, _d.Day == day)).first()
        return None if row is None else _day_from_row(row)

    def _has_later_close(self, entry: StatEntry) -> bool:
        later = sa.or_(_f.At > entry.at, sa.and_(_f.At == entry.at, _f.EntryId > entry.entry_id))
        return self._db.execute(sa.select(_f.EntryId).where(
            _f.TenantId == entry.tenant_id, _f.ChannelId == entry.channel_id, _f.Day == entry.day,
            _f.Kind == FactKind.CLOSED.value, later).limit(1)).first() is not None

    def _put_day(self, stats: DayStats) -> None:
        values = _day_values(stats)
        updated = self._db.execute(channel_daily_stats.update().where(
            _d.TenantId == stats.tenant_id, _d.ChannelId == stats.channel_id, _d.Day == stats.day).values(values))
        if updated.rowcount == 0:
            self._db.execute(channel_daily_stats.insert(), values)

    def _days(self, tenant_id: str, channel_id: int | None, since: date | None, until: date | None
              ) -> list[DayStats]:
        query = sa.select(channel_daily_stats).where(*_range(tenant_id, channel_id, since, until))
        return [_day_from_row(r) for r in self._db.execute(query.order_by(_d.ChannelId, _d.Day)).all()]

    def _summaries(self, tenant_id: str, channel_id: int | None, since: date | None, until: date | None
                   ) -> dict[int, tuple[Counts, list[Curve]]]:
        where = _range(tenant_id, channel_id, since, until)
        sums = self._db.execute(sa.select(_d.ChannelId, *(sa.func.sum(_d[c]).label(c) for c in _SUMMED))
                                .where(*where).group_by(_d.ChannelId)).all()
        curves: dict[int, list[Curve]] = {}
        for r in self._db.execute(sa.select(_d.ChannelId, _d.CurveNet, _d.CurveHigh, _d.CurveLow, _d.MaxDrawdown)
                                  .where(*where).order_by(_d.ChannelId, _d.Day)):
            curves.setdefault(r.ChannelId, []).append(Curve(r.CurveNet, r.CurveHigh, r.CurveLow, r.MaxDrawdown))
        by_rule: dict[int, dict[str, int]] = {}
        for r in self._db.execute(sa.select(_d.ChannelId, _d.RejectedByRule).where(*where, _d.SignalsRejected > 0)):
            merged = by_rule.setdefault(r.ChannelId, {})
            for rule, n in json.loads(r.RejectedByRule).items():
                merged[rule] = merged.get(rule, 0) + n
        return {r.ChannelId: (Counts(
            **{name: int(getattr(r, column)) for column, name in _COUNT_FIELDS.items()},
            gross_profit=_money(r.GrossProfit), gross_loss=_money(r.GrossLoss), r_sum=_money(r.RSum),
            delay_ms_sum=int(r.DelayMsSum), rejected_by_rule=dict(sorted(by_rule.get(r.ChannelId, {}).items()))),
            curves.get(r.ChannelId, [])) for r in sums}

    def _clear(self, tenant_id: str, kinds: tuple[FactKind, ...], at_or_after: datetime | None) -> int:
        facts = channel_stat_facts.delete().where(_f.TenantId == tenant_id, _f.Kind.in_([k.value for k in kinds]))
        if at_or_after is not None:
            facts = facts.where(_f.At >= at_or_after)
        deleted = int(self._db.execute(facts).rowcount)
        self._db.execute(channel_daily_stats.delete().where(_d.TenantId == tenant_id))
        return deleted

    def _day_keys(self, tenant_id: str) -> list[tuple[int, date]]:
        rows = self._db.execute(sa.select(_f.ChannelId, _f.Day).where(_f.TenantId == tenant_id).distinct())
        return sorted((r.ChannelId, r.Day) for r in rows)


__all__ = ["SqlStatsRepository"]
