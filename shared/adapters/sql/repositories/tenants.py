"""Tenants table repository."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from shared.adapters.sql.prepared import prepared
from shared.adapters.sql.rows import Executor, integrity_error, tenant_from_row, tenant_values
from shared.adapters.sql.schema import (
    broker_connections,
    channel_broker_mappings,
    channel_configurations,
    held_signals,
    tenants,
    trade_changes,
    trade_legs,
    trades,
    trading_configurations,
)
from shared.adapters.sql.schema_stats import channel_daily_stats, channel_stat_facts
from shared.domain.enums import TenantStatus
from shared.domain.errors import NotFoundError
from shared.domain.tenant import Tenant
from shared.ports.repositories import AbstractTenantRepository

# Built once and compiled once per dialect (see prepared.py): the hot path's reads.
_BY_ID = prepared(sa.select(tenants).where(tenants.c.Id == sa.bindparam("id")))
_BY_EMAIL = prepared(sa.select(tenants).where(tenants.c.Email == sa.bindparam("email")))
_ACTIVE = prepared(
    sa.select(tenants)
    .where(tenants.c.Status == int(TenantStatus.ACTIVE), tenants.c.DeletionRequestedAt.is_(None))
    .order_by(tenants.c.Id)
)
_ALL = prepared(sa.select(tenants).order_by(tenants.c.Id))
_BY_STATUS = prepared(sa.select(tenants).where(tenants.c.Status == sa.bindparam("status")).order_by(tenants.c.Id))
_DUE_FOR_PURGE = prepared(
    sa.select(tenants)
    .where(tenants.c.DeletionRequestedAt.is_not(None), tenants.c.PurgeAfter <= sa.bindparam("now"))
    .order_by(tenants.c.Id)
)
_EXISTS = prepared(sa.select(tenants.c.Id).where(tenants.c.Id == sa.bindparam("id")))
_UNIQUE = {"Email": ("email", "is already registered")}


class SqlTenantRepository(AbstractTenantRepository):
    """Tenants on any SQLAlchemy dialect; deleting a tenant removes every row it owns, in the same transaction."""

    def __init__(self, db: Executor) -> None:
        self._db = db

    def _get_by_id(self, tenant_id: str) -> Tenant | None:
        row = self._db.fetch_one(_BY_ID, {"id": tenant_id})
        return None if row is None else tenant_from_row(row)

    def _get_by_email(self, email: str) -> Tenant | None:
        row = self._db.fetch_one(_BY_EMAIL, {"email": email})
        return None if row is None else tenant_from_row(row)

    def _get_active_tenants(self) -> list[Tenant]:
        return [tenant_from_row(r) for r in self._db.fetch_all(_ACTIVE)]

    def _add(self, tenant: Tenant) -> None:
        try:
            self._db.execute(tenants.insert(), tenant_values(tenant))
        except sa.exc.IntegrityError as exc:
            raise integrity_error(exc, unique=_UNIQUE, missing=NotFoundError("tenant", tenant.id)) from exc

    def _update(self, tenant: Tenant) -> None:
        values = tenant_values(tenant)
        del values["Id"], values["CreatedAt"]
        try:
            result = self._db.execute(tenants.update().where(tenants.c.Id == tenant.id).values(values))
        except sa.exc.IntegrityError as exc:
            raise integrity_error(exc, unique=_UNIQUE, missing=NotFoundError("tenant", tenant.id)) from exc
        if result.rowcount == 0:
            raise NotFoundError("tenant", tenant.id)

    def _delete(self, tenant_id: str) -> None:
        owned_channels = sa.select(channel_configurations.c.Id).where(channel_configurations.c.TenantId == tenant_id)
        owned_brokers = sa.select(broker_connections.c.Id).where(broker_connections.c.TenantId == tenant_id)
        m = channel_broker_mappings.c
        self._db.execute(
            channel_broker_mappings.delete().where(
                sa.or_(m.ChannelConfigurationId.in_(owned_channels), m.BrokerConnectionId.in_(owned_brokers))
            )
        )
        owned_trades = sa.select(trades.c.Id).where(trades.c.TenantId == tenant_id)
        for child in (trade_changes, trade_legs):  # explicit, not left to each dialect's cascade
            self._db.execute(child.delete().where(child.c.TradeId.in_(owned_trades)))
        for table in (trades, held_signals, broker_connections, channel_configurations, trading_configurations,
                      channel_stat_facts, channel_daily_stats):
            self._db.execute(table.delete().where(table.c.TenantId == tenant_id))
        if self._db.execute(tenants.delete().where(tenants.c.Id == tenant_id)).rowcount == 0:
            raise NotFoundError("tenant", tenant_id)

    def _find(self, status: TenantStatus | None) -> list[Tenant]:
        if status is None:
            return [tenant_from_row(r) for r in self._db.fetch_all(_ALL)]
        return [tenant_from_row(r) for r in self._db.fetch_all(_BY_STATUS, {"status": int(status)})]

    def _due_for_purge(self, now: datetime) -> list[Tenant]:
        return [tenant_from_row(r) for r in self._db.fetch_all(_DUE_FOR_PURGE, {"now": now})]

    def _exists(self, tenant_id: str) -> bool:
        return self._db.fetch_one(_EXISTS, {"id": tenant_id}) is not None
