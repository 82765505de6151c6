"""HeldSignals table repository: every statement filtered on the tenant; a resolution is one conditional UPDATE."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from shared.adapters.sql.rows import Executor
from shared.adapters.sql.schema import held_signals
from shared.domain.review import HeldSignal, HeldStatus
from shared.domain.signal import ParsedSignal
from shared.ports.held_signals import AbstractHeldSignalRepository

_h = held_signals.c


def _values(held: HeldSignal) -> dict[str, Any]:
    return {
        "Id": held.id, "TenantId": held.tenant_id, "ChannelId": held.channel_id, "MessageKey": held.message_key,
        "MessageId": held.message_id, "SignalIndex": held.signal_index,
        "Signal": json.dumps(held.signal.to_json(), ensure_ascii=False), "HoldReason": held.hold_reason.value,
        "Status": held.status.value, "MessageAt": held.message_at, "CreatedAt": held.created_at,
        "CorrelationId": held.correlation_id, "ResolvedAt": held.resolved_at, "ResolvedBy": held.resolved_by,
        "RejectionNote": held.rejection_note,
    }


def _held(r: Any) -> HeldSignal:
    return HeldSignal(
        id=r.Id, tenant_id=r.TenantId, channel_id=r.ChannelId, message_key=r.MessageKey, message_id=r.MessageId,
        signal_index=r.SignalIndex, signal=ParsedSignal.from_json(json.loads(r.Signal)), hold_reason=r.HoldReason,
        status=r.Status, message_at=r.MessageAt, created_at=r.CreatedAt, correlation_id=r.CorrelationId,
        resolved_at=r.ResolvedAt, resolved_by=r.ResolvedBy, rejection_note=r.RejectionNote,
    )


class SqlHeldSignalRepository(AbstractHeldSignalRepository):
    def __init__(self, db: Executor) -> None:
        self._db = db

    def add_if_absent(self, held: HeldSignal) -> HeldSignal:
        existing = self._db.execute(sa.select(held_signals).where(
            _h.TenantId == held.tenant_id, _h.MessageKey == held.message_key,
            _h.SignalIndex == held.signal_index)).first()
        if existing is not None:
            return _held(existing)
        self._db.execute(held_signals.insert(), _values(held))
        return held

    def get(self, *, tenant_id: str, held_id: str) -> HeldSignal | None:
        row = self._db.execute(sa.select(held_signals).where(_h.TenantId == tenant_id, _h.Id == held_id)).first()
        return None if row is None else _held(row)

    def page(self, *, tenant_id: str, status: HeldStatus | None, limit: int, offset: int) -> list[HeldSignal]:
        query = sa.select(held_signals).where(_h.TenantId == tenant_id)
        if status is not None:
            query = query.where(_h.Status == status.value)
        query = query.order_by(_h.CreatedAt.desc(), _h.Id.desc()).limit(limit).offset(offset)
        return [_held(r) for r in self._db.execute(query).all()]

    def resolve(self, held: HeldSignal) -> bool:
        result = self._db.execute(held_signals.update().where(
            _h.TenantId == held.tenant_id, _h.Id == held.id, _h.Status == HeldStatus.PENDING.value,
        ).values(Status=held.status.value, ResolvedAt=held.resolved_at, ResolvedBy=held.resolved_by,
                 RejectionNote=held.rejection_note))
        return bool(result.rowcount == 1)
