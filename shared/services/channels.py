"""Channel use cases: only an Active tenant changes its channels. Every write invalidates the
channel's cache key after the commit (an add too: it may replace a cached "no such channel")."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from shared.clock import Clock
from shared.domain import rules
from shared.domain.channel import ChannelConfiguration
from shared.domain.errors import ConflictError, NotFoundError
from shared.domain.ids import new_id
from shared.ports.repositories import AbstractUnitOfWork
from shared.ports.transactions import TransactionRunner
from shared.services.cache_invalidation import CacheInvalidator

logger = logging.getLogger(__name__)
_UNSET = object()


def require_active_tenant(uow: AbstractUnitOfWork, tenant_id: str) -> None:
    tenant = uow.tenants.get_by_id(tenant_id=tenant_id)
    if tenant is None:
        raise NotFoundError("tenant", tenant_id, field="tenant_id")
    tenant.ensure_active()


class ChannelService:
    """Adds and changes a tenant's channel configurations."""

    def __init__(self, db: TransactionRunner, clock: Clock, cache: CacheInvalidator | None = None) -> None:
        self._db = db
        self._clock = clock
        self._cache = cache  # bootstrap always passes one; None only in tests without a cache

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
        self._invalidate(added.tenant_id, added.channel_id)
        logger.info("channel added: tenant=%s channel=%s", added.tenant_id, added.channel_id)
        return added

    def update(self, *, tenant_id: str, config_id: str, channel_name: object = _UNSET,
               regex_pattern: object = _UNSET) -> ChannelConfiguration:
        """Change the name and/or the pattern (validated under RE2 when the channel is enabled)."""
        def change(config: ChannelConfiguration, now: datetime) -> None:
            if channel_name is not _UNSET:
                config.channel_name = rules.text("channel_name", channel_name, 255, required=False)
                config.updated_at = now
            if regex_pattern is not _UNSET:
                if not isinstance(regex_pattern, str):
                    rules.text("regex_pattern", regex_pattern, 0)  # raises the field's error
                config.change_pattern(regex_pattern, now)  # type: ignore[arg-type]

        return self._change(tenant_id, config_id, change)

    def enable(self, *, tenant_id: str, config_id: str) -> ChannelConfiguration:
        return self._change(tenant_id, config_id, lambda c, now: c.enable(now))

    def disable(self, *, tenant_id: str, config_id: str) -> ChannelConfiguration:
        return self._change(tenant_id, config_id, lambda c, now: c.disable(now))

    def delete(self, *, tenant_id: str, config_id: str) -> None:
        tenant_id, config_id = rules.entity_id("tenant_id", tenant_id), rules.entity_id("id", config_id)

        def work(uow: AbstractUnitOfWork) -> int:
            require_active_tenant(uow, tenant_id)
            config = self._existing(uow, tenant_id, config_id)
            uow.channels.delete(tenant_id=tenant_id, config_id=config_id)
            return config.channel_id

        channel_id = self._db.transact(work, what="delete channel")
        self._invalidate(tenant_id, channel_id)
        logger.info("channel deleted: tenant=%s channel=%s", tenant_id, channel_id)

    def _change(self, tenant_id: str, config_id: str,
                change: Callable[[ChannelConfiguration, datetime], object]) -> ChannelConfiguration:
        tenant_id, config_id = rules.entity_id("tenant_id", tenant_id), rules.entity_id("id", config_id)

        def work(uow: AbstractUnitOfWork) -> ChannelConfiguration:
            require_active_tenant(uow, tenant_id)
            config = self._existing(uow, tenant_id, config_id)
            change(config, self._clock.now())
            uow.channels.update(config)
            return config

        updated = self._db.transact(work, what="update channel")
        self._invalidate(tenant_id, updated.channel_id)
        return updated

    @staticmethod
    def _existing(uow: AbstractUnitOfWork, tenant_id: str, config_id: str) -> ChannelConfiguration:
        config = uow.channels.get_by_id(tenant_id=tenant_id, config_id=config_id)
        if config is None:
            raise NotFoundError("channel", config_id, field="config_id")
        return config

    def _invalidate(self, tenant_id: str, channel_id: int) -> None:
        if self._cache is not None:  # after the commit: a reader refilling the key now sees the new row
            self._cache.channel(tenant_id, channel_id)
