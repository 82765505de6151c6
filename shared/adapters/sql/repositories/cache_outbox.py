"""CacheOutbox table repository."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from shared.adapters.sql.rows import Executor
from shared.adapters.sql.schema import cache_outbox
from shared.ports.cache_outbox import AbstractCacheOutboxRepository, CacheChange, CachedEntity, PendingChange

_o = cache_outbox.c


class SqlCacheOutboxRepository(AbstractCacheOutboxRepository):
    def __init__(self, db: Executor) -> None:
        self._db = db

    def add(self, *, entry_id: str, change: CacheChange, at: datetime) -> None:
        self._db.execute(cache_outbox.insert(), {
            "Id": entry_id, "Entity": change.entity.value, "TenantId": change.tenant_id,
            "ChannelIds": json.dumps(list(change.channel_ids)), "CreatedAt": at, "Attempts": 0})

    def pending(self, *, limit: int) -> list[PendingChange]:
        return [PendingChange(row.Id, CacheChange(CachedEntity(row.Entity), row.TenantId,
                                                  tuple(int(c) for c in json.loads(row.ChannelIds))),
                              row.CreatedAt, row.Attempts)
                for row in self._db.execute(sa.select(cache_outbox).order_by(_o.CreatedAt, _o.Id).limit(limit))]

    def remove(self, *, entry_ids: Sequence[str]) -> int:
        if not entry_ids:
            return 0
        return int(self._db.execute(cache_outbox.delete().where(_o.Id.in_(list(entry_ids)))).rowcount)

    def record_attempt(self, *, entry_ids: Sequence[str]) -> None:
        if entry_ids:
            self._db.execute(cache_outbox.update().where(_o.Id.in_(list(entry_ids)))
                             .values(Attempts=_o.Attempts + 1))
