"""TradingConfigurations table repository (one row per tenant)."""

from __future__ import annotations

import sqlalchemy as sa

from shared.adapters.sql.prepared import prepared
from shared.adapters.sql.rows import Executor, integrity_error, trading_from_row, trading_values
from shared.adapters.sql.schema import trading_configurations
from shared.domain.errors import NotFoundError
from shared.domain.trading import TradingConfiguration
from shared.ports.repositories import AbstractTradingConfigurationRepository

_c = trading_configurations.c
_BY_TENANT = prepared(sa.select(trading_configurations).where(_c.TenantId == sa.bindparam("tenant_id")))
_UNIQUE = {"TenantId": ("tenant_id", "the tenant already has a trading configuration")}


class SqlTradingConfigurationRepository(AbstractTradingConfigurationRepository):
    """Trading configurations; symbol lists stored as JSON arrays, session days as CSV (spec)."""

    def __init__(self, db: Executor) -> None:
        self._db = db

    def _get_by_tenant_id(self, tenant_id: str) -> TradingConfiguration | None:
        row = self._db.fetch_one(_BY_TENANT, {"tenant_id": tenant_id})
        return None if row is None else trading_from_row(row)

    def _add(self, config: TradingConfiguration) -> None:
        try:
            self._db.execute(trading_configurations.insert(), trading_values(config))
        except sa.exc.IntegrityError as exc:
            missing = NotFoundError("tenant", config.tenant_id, field="tenant_id")
            raise integrity_error(exc, unique=_UNIQUE, missing=missing) from exc

    def _update(self, config: TradingConfiguration) -> None:
        values = trading_values(config)
        del values["Id"], values["TenantId"], values["CreatedAt"]
        statement = trading_configurations.update().where(_c.TenantId == config.tenant_id, _c.Id == config.id)
        if self._db.execute(statement.values(values)).rowcount == 0:
            raise NotFoundError("trading configuration", config.id)
