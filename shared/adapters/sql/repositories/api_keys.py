"""TenantApiKeys table repository."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from shared.adapters.sql.prepared import prepared
from shared.adapters.sql.rows import Executor, integrity_error
from shared.adapters.sql.schema import tenant_api_keys
from shared.domain.api_keys import ApiKey
from shared.domain.errors import NotFoundError
from shared.ports.repositories import AbstractApiKeyRepository

_k = tenant_api_keys.c
_BY_ID = prepared(sa.select(tenant_api_keys).where(_k.Id == sa.bindparam("id")))


class SqlApiKeyRepository(AbstractApiKeyRepository):
    def __init__(self, db: Executor) -> None:
        self._db = db

    def _get(self, key_id: str) -> ApiKey | None:
        row = self._db.fetch_one(_BY_ID, {"id": key_id})
        if row is None:
            return None
        return ApiKey(row.Id, row.TenantId, row.KeyHash, row.CreatedAt, row.RevokedAt)

    def _add(self, key: ApiKey) -> None:
        values = {"Id": key.id, "TenantId": key.tenant_id, "KeyHash": key.key_hash, "CreatedAt": key.created_at,
                  "RevokedAt": key.revoked_at}
        try:
            self._db.execute(tenant_api_keys.insert(), values)
        except sa.exc.IntegrityError as exc:
            raise integrity_error(exc, unique={}, missing=NotFoundError("tenant", key.tenant_id)) from exc

    def _revoke_all(self, tenant_id: str, at: datetime) -> int:
        statement = tenant_api_keys.update().where(_k.TenantId == tenant_id, _k.RevokedAt.is_(None))
        return int(self._db.execute(statement.values(RevokedAt=at)).rowcount)
