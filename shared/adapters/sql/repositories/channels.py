"""ChannelConfigurations table repository."""

from __future__ import annotations

import sqlalchemy as sa

from shared.adapters.sql.prepared import prepared
from shared.adapters.sql.rows import Executor, channel_from_row, channel_values, integrity_error
from shared.adapters.sql.schema import channel_broker_mappings, channel_configurations
from shared.domain.channel import ChannelConfiguration
from shared.domain.errors import NotFoundError
from shared.ports.repositories import AbstractChannelConfigurationRepository

_c = channel_configurations.c
_BY_ID = prepared(
    sa.select(channel_configurations).where(_c.TenantId == sa.bindparam("tenant_id"), _c.Id == sa.bindparam("id"))
)
_BY_CHANNEL = prepared(
    sa.select(channel_configurations).where(
        _c.TenantId == sa.bindparam("tenant_id"), _c.ChannelId == sa.bindparam("channel_id")
    )
)
_BY_TENANT = prepared(
    sa.select(channel_configurations).where(_c.TenantId == sa.bindparam("tenant_id")).order_by(_c.ChannelId)
)
_ENABLED = prepared(
    sa.select(channel_configurations)
    .where(_c.TenantId == sa.bindparam("tenant_id"), _c.IsEnabled == sa.true())
    .order_by(_c.ChannelId)
)
_UNIQUE = {"ChannelId": ("channel_id", "this channel is already configured for the tenant"),
           "TenantChannel": ("channel_id", "this channel is already configured for the tenant")}


class SqlChannelConfigurationRepository(AbstractChannelConfigurationRepository):
    """Channel configurations, always filtered on the tenant id."""

    def __init__(self, db: Executor) -> None:
        self._db = db

    def _get_by_id(self, tenant_id: str, config_id: str) -> ChannelConfiguration | None:
        row = self._db.fetch_one(_BY_ID, {"tenant_id": tenant_id, "id": config_id})
        return None if row is None else channel_from_row(row)

    def _get_by_tenant_and_channel(self, tenant_id: str, channel_id: int) -> ChannelConfiguration | None:
        row = self._db.fetch_one(_BY_CHANNEL, {"tenant_id": tenant_id, "channel_id": channel_id})
        return None if row is None else channel_from_row(row)

    def _get_by_tenant_id(self, tenant_id: str, *, enabled_only: bool) -> list[ChannelConfiguration]:
        statement = _ENABLED if enabled_only else _BY_TENANT
        return [channel_from_row(r) for r in self._db.fetch_all(statement, {"tenant_id": tenant_id})]

    def _add(self, config: ChannelConfiguration) -> None:
        try:
            self._db.execute(channel_configurations.insert(), channel_values(config))
        except sa.exc.IntegrityError as exc:
            missing = NotFoundError("tenant", config.tenant_id, field="tenant_id")
            raise integrity_error(exc, unique=_UNIQUE, missing=missing) from exc

    def _update(self, config: ChannelConfiguration) -> None:
        values = channel_values(config)
        del values["Id"], values["TenantId"], values["CreatedAt"]
        statement = channel_configurations.update().where(_c.Id == config.id, _c.TenantId == config.tenant_id)
        try:
            result = self._db.execute(statement.values(values))
        except sa.exc.IntegrityError as exc:
            raise integrity_error(exc, unique=_UNIQUE, missing=NotFoundError("channel", config.id)) from exc
        if result.rowcount == 0:
            raise NotFoundError("channel", config.id)

    def _delete(self, tenant_id: str, config_id: str) -> None:
        owned = sa.select(_c.Id).where(_c.Id == config_id, _c.TenantId == tenant_id)
        self._db.execute(
            channel_broker_mappings.delete().where(channel_broker_mappings.c.ChannelConfigurationId.in_(owned))
        )
        deleted = self._db.execute(channel_configurations.delete().where(_c.Id == config_id, _c.TenantId == tenant_id))
        if deleted.rowcount == 0:
            raise NotFoundError("channel", config_id)
