"""BrokerConnections and ChannelBrokerMappings repository."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from shared.adapters.sql.prepared import prepared
from shared.adapters.sql.rows import Executor, broker_from_row, broker_values, integrity_error
from shared.adapters.sql.schema import broker_connections, channel_broker_mappings, channel_configurations
from shared.domain.broker import BrokerConnection
from shared.domain.enums import BrokerType
from shared.domain.errors import NotFoundError
from shared.domain.routing import BrokerRoute, BrokerRouting
from shared.ports.repositories import AbstractBrokerConnectionRepository

_b = broker_connections.c
_m = channel_broker_mappings.c
_BY_ID = prepared(
    sa.select(broker_connections).where(_b.TenantId == sa.bindparam("tenant_id"), _b.Id == sa.bindparam("id"))
)
_BY_TENANT = prepared(
    sa.select(broker_connections).where(_b.TenantId == sa.bindparam("tenant_id")).order_by(_b.CreatedAt, _b.Id)
)
_ACTIVE = prepared(
    sa.select(broker_connections)
    .where(_b.TenantId == sa.bindparam("tenant_id"), _b.IsActive == sa.true())
    .order_by(_b.CreatedAt, _b.Id)
)
_ROUTES = prepared(
    sa.select(_b.Id, _b.BrokerType, _b.IsActive).where(_b.TenantId == sa.bindparam("tenant_id"))
    .order_by(_b.CreatedAt, _b.Id)
)
_MAPPINGS = prepared(
    sa.select(_m.ChannelConfigurationId, _m.BrokerConnectionId)
    .join(channel_configurations, channel_configurations.c.Id == _m.ChannelConfigurationId)
    .where(channel_configurations.c.TenantId == sa.bindparam("tenant_id"))
)
_MAPPED = prepared(
    sa.select(broker_connections)
    .join(channel_broker_mappings, _m.BrokerConnectionId == _b.Id)
    .where(_b.TenantId == sa.bindparam("tenant_id"), _m.ChannelConfigurationId == sa.bindparam("config_id"))
    .order_by(_b.CreatedAt, _b.Id)
)


class SqlBrokerConnectionRepository(AbstractBrokerConnectionRepository):
    """Broker connections, tenant-filtered; mappings only ever join a channel and a broker of one tenant."""

    def __init__(self, db: Executor) -> None:
        self._db = db

    def _get_by_id(self, tenant_id: str, broker_id: str) -> BrokerConnection | None:
        row = self._db.fetch_one(_BY_ID, {"tenant_id": tenant_id, "id": broker_id})
        return None if row is None else broker_from_row(row)

    def _get_by_tenant_id(self, tenant_id: str, *, active_only: bool) -> list[BrokerConnection]:
        statement = _ACTIVE if active_only else _BY_TENANT
        return [broker_from_row(r) for r in self._db.fetch_all(statement, {"tenant_id": tenant_id})]

    def _add(self, connection: BrokerConnection) -> None:
        try:
            self._db.execute(broker_connections.insert(), broker_values(connection))
        except sa.exc.IntegrityError as exc:
            missing = NotFoundError("tenant", connection.tenant_id, field="tenant_id")
            raise integrity_error(exc, unique={}, missing=missing) from exc

    def _update(self, connection: BrokerConnection) -> None:
        values = broker_values(connection)
        del values["Id"], values["TenantId"], values["CreatedAt"]
        statement = broker_connections.update().where(_b.Id == connection.id, _b.TenantId == connection.tenant_id)
        if self._db.execute(statement.values(values)).rowcount == 0:
            raise NotFoundError("broker connection", connection.id, field="broker_id")

    def _delete(self, tenant_id: str, broker_id: str) -> None:
        owned = sa.select(_b.Id).where(_b.Id == broker_id, _b.TenantId == tenant_id)
        self._db.execute(channel_broker_mappings.delete().where(_m.BrokerConnectionId.in_(owned)))
        deleted = self._db.execute(broker_connections.delete().where(_b.Id == broker_id, _b.TenantId == tenant_id))
        if deleted.rowcount == 0:
            raise NotFoundError("broker connection", broker_id, field="broker_id")

    def _mark_used(self, tenant_id: str, broker_id: str, at: datetime) -> None:
        statement = broker_connections.update().where(_b.Id == broker_id, _b.TenantId == tenant_id)
        if self._db.execute(statement.values(LastUsedAt=at)).rowcount == 0:
            raise NotFoundError("broker connection", broker_id, field="broker_id")

    def _get_channel_broker_ids(self, tenant_id: str, config_id: str) -> list[str]:
        return [b.id for b in self._get_mapped_brokers(tenant_id, config_id)]

    def _set_channel_brokers(self, tenant_id: str, config_id: str, broker_ids: list[str]) -> None:
        c = channel_configurations.c
        channel = sa.select(c.Id).where(c.Id == config_id, c.TenantId == tenant_id)
        if self._db.execute(channel).first() is None:
            raise NotFoundError("channel", config_id)
        if broker_ids:
            found = self._db.execute(sa.select(_b.Id).where(_b.TenantId == tenant_id, _b.Id.in_(broker_ids)))
            missing = sorted(set(broker_ids) - {r.Id for r in found})
            if missing:
                raise NotFoundError("broker connection", missing[0], field="broker_ids")
        self._db.execute(channel_broker_mappings.delete().where(_m.ChannelConfigurationId == config_id))
        if broker_ids:
            self._db.execute(
                channel_broker_mappings.insert(),
                [{"ChannelConfigurationId": config_id, "BrokerConnectionId": b} for b in broker_ids],
            )

    def _routing(self, tenant_id: str) -> BrokerRouting:
        brokers = tuple(BrokerRoute(r.Id, BrokerType(r.BrokerType), bool(r.IsActive))
                        for r in self._db.fetch_all(_ROUTES, {"tenant_id": tenant_id}))
        mapped: dict[str, set[str]] = {}
        for r in self._db.fetch_all(_MAPPINGS, {"tenant_id": tenant_id}):
            mapped.setdefault(r.ChannelConfigurationId, set()).add(r.BrokerConnectionId)
        return BrokerRouting(tenant_id, brokers, {config: frozenset(ids) for config, ids in mapped.items()})

    def _get_mapped_brokers(self, tenant_id: str, config_id: str) -> list[BrokerConnection]:
        rows = self._db.fetch_all(_MAPPED, {"tenant_id": tenant_id, "config_id": config_id})
        return [broker_from_row(r) for r in rows]
