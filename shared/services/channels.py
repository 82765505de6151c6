"""Channel use cases: only an Active tenant changes its channels."""

from __future__ import annotations

import logging

from shared.clock import Clock
from shared.domain.channel import ChannelConfiguration
from shared.domain.errors import ConflictError, NotFoundError
from shared.domain.ids import new_id
from shared.ports.repositories import AbstractUnitOfWork
from shared.ports.transactions import TransactionRunner

logger = logging.getLogger(__name__)


def require_active_tenant(uow: AbstractUnitOfWork, tenant_id: str) -> None:
    tenant = uow.tenants.get_by_id(tenant_id=tenant_id)
    if tenant is None:
        raise NotFoundError("tenant", tenant_id, field="tenant_id")
    tenant.ensure_active()


class ChannelService:
    """Adds and changes a tenant's channel configurations."""

    def __init__(self, db: TransactionRunner, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def add(
        self, *, tenant_id: str, channel_id: int, channel_name: str | None = None, regex_pattern: str = "",
        is_enabled: bool = True,
    ) -> ChannelConfiguration:
        config = ChannelConfiguration(
            id=new_id("chn"), tenant_id=tenant_id, channel_id=channel_id, channel_name=channel_name,
            regex_pattern=regex_pattern, is_enabled=is_enabled, created_at=self._clock.now(),
        )

        def work(uow: AbstractUnitOfWork) -> ChannelConfiguration:
            require_active_tenant(uow, config.tenant_id)
            if uow.channels.get_by_tenant_and_channel(tenant_id=config.tenant_id, channel_id=channel_id):
                raise ConflictError("channel_id", "this channel is already configured for the tenant")
            uow.channels.add(config)
            return config

        added = self._db.transact(work, what="add channel")
        logger.info("channel added: tenant=%s channel=%s", added.tenant_id, added.channel_id)
        return added
