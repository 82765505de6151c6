"""Trades, TradeLegs and TradeChanges: the trade repository, every statement filtered on the tenant.

``save`` is one conditional UPDATE on ``Version``: of two workers that read the same version only the
first to write succeeds; the second's UPDATE matches no row (PostgreSQL re-checks the predicate after the
first commits; SQLite serialises writers) and it gets ``StaleTradeError`` before writing a leg.

``add_all`` with its opening rules first locks the tenant's row (``FOR NO KEY UPDATE`` on PostgreSQL, which
foreign-key checks do not wait for; ``UPDLOCK`` on SQL Server; SQLite's ``BEGIN IMMEDIATE`` already holds the
database's one write lock), then counts in a statement of its own, which sees every trade committed by a
transaction that held the lock before it: the open trades and the day's booked P&L, each an index range.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from shared.adapters.sql.prepared import PreparedInsert, prepared
from shared.adapters.sql.rows import Executor, integrity_error
from shared.adapters.sql.schema import tenants, trade_changes, trade_legs, trades
from shared.domain.errors import NotFoundError, ValidationError
from shared.domain.trade import CloseReason, LegStatus, Trade, TradeChange, TradeLeg, TradeStatus
from shared.ports.trades import AbstractTradeRepository, DayInLossError, OpenTradeLimitError, StaleTradeError

_t, _l, _h = trades.c, trade_legs.c, trade_changes.c
_ACTIVE = (LegStatus.PENDING.value, LegStatus.OPEN.value)
# Written into the SQL (code constants), so the statement is the same on every call.
_IS_ACTIVE = _t.Status.in_([sa.literal_column(f"'{status}'") for status in _ACTIVE])
# The tenant's open trades but the message's own: a range of the index (TenantId, Status), whose rows the cap
# itself keeps few (``maxOpenTrades``).
_ACTIVE_COUNT = (sa.select(sa.func.count().label("active")).select_from(trades)
                 .where(_t.TenantId == sa.bindparam("tenant_id"), _IS_ACTIVE,
                        _t.MessageKey != sa.bindparam("other_than")))
_REALIZED = sa.select(sa.func.sum(_h.RealizedPnl)).where(
    _h.TenantId == sa.bindparam("tenant_id"), _h.At >= sa.bindparam("since", type_=_h.At.type),
    _h.RealizedPnl.is_not(None))
_ACTIVE_AND_BOOKED = prepared(sa.select(_ACTIVE_COUNT.scalar_subquery().label("active"),
                                        _REALIZED.scalar_subquery().label("realized")))
_ACTIVE_ONLY = prepared(_ACTIVE_COUNT)
_LOCK_TENANT = (sa.select(tenants.c.Id).where(tenants.c.Id == sa.bindparam("tenant_id"))
                .with_for_update(key_share=True).with_hint(tenants, "WITH (UPDLOCK, ROWLOCK)", "mssql"))
_CHANGES_PER_SAVE = 1000
# The trade write's rows go in through the DBAPI cursor, compiled once (shared/adapters/sql/prepared.py).
_INSERT_TRADES, _INSERT_LEGS, _INSERT_CHANGES = (PreparedInsert(t) for t in (trades, trade_legs, trade_changes))
_UNIQUE = {"MessageKey": ("message_key", "this message already opened a trade on this broker connection")}


def _trade_values(trade: Trade) -> dict[str, Any]:
    return {"Status": trade.status.value, "UpdatedAt": trade.updated_at}


def _leg_values(trade_id: str, leg: TradeLeg) -> dict[str, Any]:
    return {
        "TradeId": trade_id, "LegIndex": leg.index, "Units": leg.units, "ClosedUnits": leg.closed_units,
        "OrderType": leg.order_type, "RequestedEntry": leg.requested_entry, "EntryFill": leg.entry_fill,
        "StopLoss": leg.stop_loss, "TakeProfit": leg.take_profit, "Status": leg.status.value,
        "OpenedAt": leg.opened_at, "ClosePrice": leg.close_price, "ClosedAt": leg.closed_at,
        "CloseReason": None if leg.close_reason is None else leg.close_reason.value,
        "RealizedPnl": leg.realized_pnl, "ClientOrderId": leg.client_order_id, "BrokerOrderId": leg.broker_order_id,
        "BrokerTradeId": leg.broker_trade_id,
    }


def _leg_from_row(r: Any) -> TradeLeg:
    return TradeLeg(
        index=r.LegIndex, units=r.Units, client_order_id=r.ClientOrderId, order_type=r.OrderType,
        requested_entry=r.RequestedEntry, stop_loss=r.StopLoss, take_profit=r.TakeProfit,
        status=LegStatus(r.Status), entry_fill=r.EntryFill, opened_at=r.OpenedAt, closed_units=r.ClosedUnits,
        close_price=r.ClosePrice, closed_at=r.ClosedAt,
        close_reason=None if r.CloseReason is None else CloseReason(r.CloseReason),
        realized_pnl=r.RealizedPnl, broker_order_id=r.BrokerOrderId, broker_trade_id=r.BrokerTradeId,
    )


def _change_values(tenant_id: str, sequence: int, change: TradeChange) -> dict[str, Any]:
    return {"Id": change.id, "TradeId": change.trade_id, "TenantId": tenant_id, "Sequence": sequence, "At": change.at,
            "Kind": change.kind,
            "LegIndex": change.leg, "ActionId": change.action_id, "RealizedPnl": change.realized_pnl,
            "Detail": json.dumps(change.detail, separators=(",", ":"), ensure_ascii=False)}


def _change_from_row(r: Any) -> TradeChange:
    return TradeChange(id=r.Id, trade_id=r.TradeId, at=r.At, kind=r.Kind, leg=r.LegIndex, action_id=r.ActionId,
                       realized_pnl=r.RealizedPnl, detail=json.loads(r.Detail))


class SqlTradeRepository(AbstractTradeRepository):
    def __init__(self, db: Executor) -> None:
        self._db = db

    # --- reads ----------------------------------------------------------------------------------------------

    def _trades(self, statement: sa.Select[Any]) -> list[Trade]:
        rows = list(self._db.execute(statement).all())
        if not rows:
            return []
        legs: dict[str, list[TradeLeg]] = {r.Id: [] for r in rows}
        leg_rows = self._db.execute(
            sa.select(trade_legs).where(_l.TradeId.in_(list(legs))).order_by(_l.TradeId, _l.LegIndex)).all()
        for leg in leg_rows:
            legs[leg.TradeId].append(_leg_from_row(leg))
        return [Trade(id=r.Id, tenant_id=r.TenantId, broker_connection_id=r.BrokerConnectionId,
                      channel_id=r.ChannelId, message_key=r.MessageKey, message_id=r.MessageId, symbol=r.Symbol,
                      side=r.Side, created_at=r.CreatedAt, legs=legs[r.Id], updated_at=r.UpdatedAt,
                      version=r.Version) for r in rows]

    def _get(self, tenant_id: str, trade_id: str) -> Trade | None:
        found = self._trades(sa.select(trades).where(_t.TenantId == tenant_id, _t.Id == trade_id))
        return found[0] if found else None

    def _get_by_message(self, tenant_id: str, message_key: str) -> list[Trade]:
        return self._trades(sa.select(trades).where(_t.TenantId == tenant_id, _t.MessageKey == message_key)
                            .order_by(_t.CreatedAt, _t.Id))

    def _newest_open_on_symbol(self, tenant_id: str, channel_id: int, symbol: str, since: datetime | None
                               ) -> list[Trade]:
        newest = (sa.select(_t.MessageKey)
                  .where(_t.TenantId == tenant_id, _t.ChannelId == channel_id, _t.Symbol == symbol.upper(),
                         _t.Status.in_(_ACTIVE), _t.CreatedAt >= since)
                  .order_by(_t.CreatedAt.desc(), _t.Id.desc()).limit(1))
        key = self._db.execute(newest).scalar()
        if key is None:
            return []
        return self._trades(sa.select(trades).where(_t.TenantId == tenant_id, _t.MessageKey == key,
                                                    _t.Status.in_(_ACTIVE)).order_by(_t.Id))

    def _page(self, tenant_id: str, status: TradeStatus | None, channel_id: int | None, symbol: str | None,
              limit: int, offset: int) -> list[Trade]:
        statement = sa.select(trades).where(_t.TenantId == tenant_id)
        if status is not None:
            statement = statement.where(_t.Status == LegStatus(status).value)
        if channel_id is not None:
            statement = statement.where(_t.ChannelId == channel_id)
        if symbol is not None:
            statement = statement.where(_t.Symbol == symbol)
        return self._trades(statement.order_by(_t.CreatedAt.desc(), _t.Id.desc()).limit(limit).offset(offset))

    def _count_active(self, tenant_id: str) -> int:
        return int(self._db.execute(_ACTIVE_COUNT, {"tenant_id": tenant_id, "other_than": ""}).scalar_one())

    def _realized_since(self, tenant_id: str, since: datetime | None) -> Decimal:
        return _decimal(self._db.execute(_REALIZED, {"tenant_id": tenant_id, "since": since}).scalar())


    def _pending_created_before(self, tenant_id: str, before: datetime | None) -> list[Trade]:
        resting = sa.select(_l.TradeId).where(_l.Status == LegStatus.PENDING.value)
        return self._trades(sa.select(trades).where(_t.TenantId == tenant_id, _t.CreatedAt < before,
                                                    _t.Id.in_(resting)).order_by(_t.CreatedAt, _t.Id))

    def _history(self, tenant_id: str, trade_id: str) -> list[TradeChange]:
        statement = (sa.select(trade_changes).select_from(trade_changes.join(trades))
                     .where(_t.TenantId == tenant_id, _h.TradeId == trade_id).order_by(_h.Sequence))
        return [_change_from_row(r) for r in self._db.execute(statement).all()]

    # --- writes ---------------------------------------------------------------------------------------------

    def _add_all(self, added: list[Trade], max_active: int | None, loss_since: datetime | None) -> None:
        first = added[0]
        if max_active is not None or loss_since is not None:
            if self._db.dialect_name != "sqlite":  # SQLite: BEGIN IMMEDIATE holds the one write lock already
                self._db.execute(_LOCK_TENANT, {"tenant_id": first.tenant_id})
            params = {"tenant_id": first.tenant_id, "other_than": first.message_key, "since": loss_since}
            if loss_since is None:  # (an aggregate: always one row)
                active, realized = int(self._db.fetch_all(_ACTIVE_ONLY, params)[0][0]), Decimal(0)
            else:
                row = self._db.fetch_all(_ACTIVE_AND_BOOKED, params)[0]
                active, realized = int(row.active), _decimal(row.realized)
            if max_active is not None and active >= max_active:
                raise OpenTradeLimitError(active, max_active)
            if realized < 0:
                raise DayInLossError(realized)
        rows = [{"Id": t.id, "TenantId": t.tenant_id, "BrokerConnectionId": t.broker_connection_id,
                 "ChannelId": t.channel_id, "MessageKey": t.message_key, "MessageId": t.message_id, "Symbol": t.symbol,
                 "Side": t.side, "Version": 1, "CreatedAt": t.created_at, **_trade_values(t)} for t in added]
        try:
            self._db.insert_many(_INSERT_TRADES, rows)
        except sa.exc.IntegrityError as exc:
            missing = NotFoundError("tenant", first.tenant_id, field="tenant_id")
            raise integrity_error(exc, unique=_UNIQUE, missing=missing) from exc
        self._db.insert_many(_INSERT_LEGS, [_leg_values(t.id, leg) for t in added for leg in t.legs])
        self._db.insert_many(_INSERT_CHANGES, [_change_values(t.tenant_id, _CHANGES_PER_SAVE + i, c) for t in added
                                               for i, c in enumerate(_checked_changes(t))])
        for trade in added:
            trade.new_changes.clear()
            trade.version = 1

    def _save(self, trade: Trade) -> None:
        statement = (trades.update()
                     .where(_t.Id == trade.id, _t.TenantId == trade.tenant_id, _t.Version == trade.version)
                     .values(Version=_t.Version + 1, **_trade_values(trade)))
        if self._db.execute(statement).rowcount == 0:
            exists = self._db.execute(sa.select(_t.Id).where(_t.Id == trade.id, _t.TenantId == trade.tenant_id))
            if exists.first() is None:
                raise NotFoundError("trade", trade.id, field="trade_id")
            raise StaleTradeError(trade.id)
        for leg in trade.legs:
            values = _leg_values(trade.id, leg)
            updated = self._db.execute(trade_legs.update().where(_l.TradeId == trade.id, _l.LegIndex == leg.index)
                                       .values({k: v for k, v in values.items() if k not in ("TradeId", "LegIndex")}))
            if updated.rowcount == 0:
                self._db.execute(trade_legs.insert(), values)
        self._write_changes(trade, version=trade.version + 1)
        trade.version += 1

    def _write_changes(self, trade: Trade, *, version: int) -> None:
        """Changes are numbered by the version that wrote them, then in order: saves are serialised by the
        version check, so the numbers never collide and history reads back in the order it happened."""
        if _checked_changes(trade):
            rows = [_change_values(trade.tenant_id, version * _CHANGES_PER_SAVE + i, c)
                    for i, c in enumerate(trade.new_changes)]
            self._db.execute(trade_changes.insert(), rows)
        trade.new_changes.clear()


def _checked_changes(trade: Trade) -> list[TradeChange]:
    if len(trade.new_changes) >= _CHANGES_PER_SAVE:
        raise ValidationError("changes", f"at most {_CHANGES_PER_SAVE - 1} changes per save")
    return trade.new_changes


def _decimal(total: object) -> Decimal:
    return Decimal(0) if total is None else Decimal(str(total))
