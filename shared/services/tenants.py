"""Tenant use cases: registration (tenant + default trading configuration, atomically) and lifecycle."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from shared.clock import Clock
from shared.domain import rules
from shared.domain.enums import SubscriptionPlan
from shared.domain.errors import ConflictError, NotFoundError
from shared.domain.ids import new_id
from shared.domain.tenant import Tenant
from shared.domain.trading import TradingConfiguration
from shared.ports.repositories import AbstractUnitOfWork
from shared.ports.transactions import TransactionRunner
from shared.services.cache_invalidation import CacheInvalidator

logger = logging.getLogger(__name__)


class TenantService:
    """Registers tenants and moves them through their lifecycle."""

    def __init__(self, db: TransactionRunner, clock: Clock, cache: CacheInvalidator | None = None) -> None:
        self._db = db
        self._clock = clock
        self._cache = cache  # bootstrap always passes one; None only in tests without a cache

    def register(
        self, *, email: str, display_name: str, plan: SubscriptionPlan | int = SubscriptionPlan.FREE
    ) -> Tenant:
        """Create a tenant and its default trading configuration in one transaction."""
        now = self._clock.now()
        tenant = Tenant(id=new_id("ten"), email=email, display_name=display_name, plan=plan, created_at=now)
        trading = TradingConfiguration.default_for(tenant.id, new_id("trd"), now)

        def work(uow: AbstractUnitOfWork) -> Tenant:
            if uow.tenants.get_by_email(email=tenant.email) is not None:
                raise ConflictError("email", "is already registered")
            uow.tenants.add(tenant)
            uow.trading.add(trading)
            return tenant

        created = self._db.transact(work, what="register tenant")
        logger.info("tenant registered: %s", created.id)
        return created

    def get(self, *, tenant_id: str) -> Tenant:
        tenant = self._db.repositories.tenants.get_by_id(tenant_id=tenant_id)
        if tenant is None:
            raise NotFoundError("tenant", tenant_id, field="tenant_id")
        return tenant

    def deactivate(self, *, tenant_id: str) -> Tenant:
        return self._change(tenant_id, lambda t, now: t.deactivate(now))

    def reactivate(self, *, tenant_id: str) -> Tenant:
        return self._change(tenant_id, lambda t, now: t.reactivate())

    def suspend(self, *, tenant_id: str) -> Tenant:
        return self._change(tenant_id, lambda t, now: t.suspend(now))

    def schedule_deletion(self, *, tenant_id: str) -> Tenant:
        return self._change(tenant_id, lambda t, now: t.schedule_deletion(now))

    def restore(self, *, tenant_id: str) -> Tenant:
        return self._change(tenant_id, lambda t, now: t.restore(now))

    def _change(self, tenant_id: str, change: Callable[[Tenant, datetime], object]) -> Tenant:
        tenant_id = rules.entity_id("tenant_id", tenant_id)

        def work(uow: AbstractUnitOfWork) -> Tenant:
            tenant = uow.tenants.get_by_id(tenant_id=tenant_id)
            if tenant is None:
                raise NotFoundError("tenant", tenant_id, field="tenant_id")
            change(tenant, self._clock.now())
            uow.tenants.update(tenant)
            return tenant

        updated = self._db.transact(work, what="update tenant")
        if self._cache is not None:  # after the commit: a reader refilling the key now sees the new row
            self._cache.tenant(tenant_id)
        return updated
