"""Trading-configuration use cases: read and change a tenant's risk rules; each change invalidates
``pipster:trading:{tenantId}`` after the commit."""

from __future__ import annotations

import logging

from shared.clock import Clock
from shared.domain import rules
from shared.domain.errors import NotFoundError
from shared.domain.trading import TradingChanges, TradingConfiguration
from shared.ports.cache_outbox import CacheChange, CachedEntity
from shared.ports.repositories import AbstractUnitOfWork
from shared.ports.transactions import TransactionRunner
from shared.services.cache_invalidation import CacheInvalidator, write
from shared.services.channels import require_active_tenant

logger = logging.getLogger(__name__)

class TradingService:
    """Reads and updates the one trading configuration of a tenant."""

    def __init__(self, db: TransactionRunner, clock: Clock, cache: CacheInvalidator | None = None) -> None:
        self._db = db
        self._clock = clock
        self._cache = cache

    def get(self, *, tenant_id: str) -> TradingConfiguration:
        config = self._db.repositories.trading.get_by_tenant_id(tenant_id=rules.entity_id("tenant_id", tenant_id))
        if config is None:
            raise NotFoundError("trading configuration", tenant_id, field="tenant_id")
        return config

    def update(self, *, tenant_id: str, changes: TradingChanges) -> TradingConfiguration:
        """Apply ``changes``; the whole result is validated before the write."""
        tenant_id = rules.entity_id("tenant_id", tenant_id)

        def work(uow: AbstractUnitOfWork) -> TradingConfiguration:
            require_active_tenant(uow, tenant_id)
            current = uow.trading.get_by_tenant_id(tenant_id=tenant_id)
            if current is None:
                raise NotFoundError("trading configuration", tenant_id, field="tenant_id")
            updated = current.apply(changes, self._clock.now())
            uow.trading.update(updated)
            return updated

        updated = write(self._db, self._cache, work, CacheChange(CachedEntity.TRADING, tenant_id),
                        what="update trading configuration")
        logger.info("trading configuration updated: tenant=%s", tenant_id)
        return updated
