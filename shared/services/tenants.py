"""Tenant use cases: registration (tenant + default trading configuration, atomically) and lifecycle."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from shared.clock import Clock
from shared.domain import api_keys, rules
from shared.domain.enums import SubscriptionPlan, TenantStatus
from shared.domain.errors import ConflictError, NotFoundError
from shared.domain.ids import new_id
from shared.domain.tenant import Tenant, TenantChanges
from shared.domain.trading import TradingConfiguration
from shared.ports.cache_outbox import CacheChange, CachedEntity
from shared.ports.repositories import AbstractUnitOfWork
from shared.ports.transactions import TransactionRunner
from shared.services.cache_invalidation import CacheInvalidator, write

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
        return self._register(email, display_name, plan, with_api_key=False)[0]

    def register_with_api_key(
        self, *, email: str, display_name: str, plan: SubscriptionPlan | int = SubscriptionPlan.FREE
    ) -> tuple[Tenant, str]:
        """As ``register``, plus the tenant's first API key in the same transaction; the key is returned once."""
        tenant, key = self._register(email, display_name, plan, with_api_key=True)
        assert key is not None
        return tenant, key

    def rotate_api_key(self, *, tenant_id: str) -> str:
        """Revoke every key of the tenant and issue a new one (returned once)."""
        tenant_id = rules.entity_id("tenant_id", tenant_id)

        def work(uow: AbstractUnitOfWork) -> str:
            if not uow.tenants.exists(tenant_id=tenant_id):
                raise NotFoundError("tenant", tenant_id, field="tenant_id")
            now = self._clock.now()
            uow.api_keys.revoke_all(tenant_id=tenant_id, at=now)
            issued = api_keys.issue(tenant_id, now)
            uow.api_keys.add(issued.record)
            return issued.plaintext

        return self._db.transact(work, what="rotate api key")

    def revoke_api_keys(self, *, tenant_id: str) -> int:
        """Revoke every key of the tenant (a leak): its callers get 401 until the administrator issues a new one."""
        tenant_id = rules.entity_id("tenant_id", tenant_id)

        def work(uow: AbstractUnitOfWork) -> int:
            if not uow.tenants.exists(tenant_id=tenant_id):
                raise NotFoundError("tenant", tenant_id, field="tenant_id")
            return uow.api_keys.revoke_all(tenant_id=tenant_id, at=self._clock.now())

        revoked = self._db.transact(work, what="revoke api keys")
        logger.info("api keys revoked: %s of tenant %s", revoked, tenant_id)
        return revoked

    def authenticate(self, presented: str) -> str | None:
        """The tenant id a presented API key belongs to, or None (unknown, malformed or revoked)."""
        parsed = api_keys.parse(presented)
        if parsed is None:
            return None
        record = self._db.repositories.api_keys.get(key_id=parsed[0])
        return record.tenant_id if record is not None and api_keys.matches(record, parsed[1]) else None

    def _register(
        self, email: str, display_name: str, plan: SubscriptionPlan | int, *, with_api_key: bool
    ) -> tuple[Tenant, str | None]:
        now = self._clock.now()
        tenant = Tenant(id=new_id("ten"), email=email, display_name=display_name,
                        plan=rules.enum_value("plan", SubscriptionPlan, plan), created_at=now)
        trading = TradingConfiguration.default_for(tenant.id, new_id("trd"), now)
        issued = api_keys.issue(tenant.id, now) if with_api_key else None

        def work(uow: AbstractUnitOfWork) -> Tenant:
            if uow.tenants.get_by_email(email=tenant.email) is not None:
                raise ConflictError("email", "is already registered")
            uow.tenants.add(tenant)
            uow.trading.add(trading)
            if issued is not None:
                uow.api_keys.add(issued.record)
            return tenant

        created = self._db.transact(work, what="register tenant")
        logger.info("tenant registered: %s", created.id)
        return created, issued.plaintext if issued else None

    def exists(self, *, tenant_id: str) -> bool:
        return self._db.repositories.tenants.get_by_id(tenant_id=tenant_id) is not None

    def get(self, *, tenant_id: str) -> Tenant:
        tenant = self._db.repositories.tenants.get_by_id(tenant_id=tenant_id)
        if tenant is None:
            raise NotFoundError("tenant", tenant_id, field="tenant_id")
        return tenant

    def update_profile(self, *, tenant_id: str, changes: TenantChanges) -> Tenant:
        return self._change(tenant_id, lambda tenant, now: tenant.apply(changes, now))

    def set_live_trading(self, *, tenant_id: str, enabled: bool) -> Tenant:
        """Give or withdraw the tenant's consent to trade live accounts. Takes effect on the next command:
        workers read the flag through the cache, which this change invalidates."""
        updated = self._change(tenant_id, lambda t, now: t.set_live_trading(enabled))
        logger.info("tenant %s live trading %s", updated.id, "enabled" if enabled else "disabled")
        return updated

    def find(self, *, status: TenantStatus | None = None) -> list[Tenant]:
        return self._db.repositories.tenants.find(status=status)

    def deactivate(self, *, tenant_id: str) -> Tenant:
        return self._change(tenant_id, lambda t, now: t.deactivate(now))

    def reactivate(self, *, tenant_id: str) -> Tenant:
        return self._change(tenant_id, lambda t, now: t.reactivate())

    def suspend(self, *, tenant_id: str) -> Tenant:
        return self._change(tenant_id, lambda t, now: t.suspend(now))

    def reinstate(self, *, tenant_id: str) -> Tenant:
        """Lift a suspension (the administrator's decision)."""
        return self._change(tenant_id, lambda t, now: t.reinstate())

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

        return write(self._db, self._cache, work, CacheChange(CachedEntity.TENANT, tenant_id), what="update tenant")
