"""Broker-connection use cases: only an Active tenant changes its connections; credentials are sealed by
``CredentialService`` before they reach the unit of work. Connections are never cached (spec); their
routing is (ids, types, active or not: ``shared.domain.routing``), so every write here writes the tenant's
routing entry through, with the outbox (``cache_invalidation``)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from shared.clock import Clock
from shared.crypto.errors import DecryptionError
from shared.domain import rules
from shared.domain.broker import BrokerChanges, BrokerConnection
from shared.domain.enums import BrokerType
from shared.domain.errors import NotFoundError
from shared.domain.ids import new_id
from shared.ports.brokers import AbstractConnectorFactory, BrokerError, BrokerUnavailableError
from shared.ports.cache_outbox import CacheChange, CachedEntity
from shared.ports.repositories import AbstractUnitOfWork
from shared.ports.transactions import TransactionRunner
from shared.services.cache_invalidation import CacheInvalidator, write
from shared.services.channels import require_active_tenant
from shared.services.credentials import CredentialService

logger = logging.getLogger(__name__)
Render = Callable[[BrokerConnection], object]  # the caller's answer, built before the write commits
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Verification:
    """A connection's credentials checked against its venue: ``reason`` is the venue's own words (never the
    credentials); ``code`` the refusal's kind (``credentials_rejected``, ``invalid_configuration``, ...)."""

    ok: bool
    reason: str | None = None
    code: str | None = None


class BrokerService:
    """Adds, changes and removes a tenant's broker connections and routes channels to them."""

    def __init__(self, db: TransactionRunner, clock: Clock, credentials: CredentialService,
                 cache: CacheInvalidator | None = None, connectors: AbstractConnectorFactory | None = None) -> None:
        self._db = db
        self._clock = clock
        self._credentials = credentials
        self._cache = cache
        self._connectors = connectors

    def verify(self, *, tenant_id: str, broker_id: str) -> Verification:
        """Open the credentials in memory, build the connector and ask the venue (a read: the account). A live
        connection can be verified before live trading is enabled: nothing is traded. Changes nothing."""
        connection = self.get(tenant_id=rules.entity_id("tenant_id", tenant_id),
                              broker_id=rules.entity_id("broker_id", broker_id))
        if self._connectors is None:
            raise RuntimeError("BrokerService.verify needs a connector factory")
        try:
            secrets = dict(self._credentials.open_broker_credentials(connection))
        except DecryptionError as exc:
            return Verification(False, f"the stored credentials cannot be opened ({type(exc).__name__})",
                                "credentials_unreadable")
        try:
            self._connectors.for_connection(connection, secrets, allow_live=True).verify()
        except BrokerError as exc:
            outcome = Verification(False, exc.reason, exc.code)
        except BrokerUnavailableError as exc:
            outcome = Verification(False, str(exc), "broker_unavailable")
        else:
            outcome = Verification(True)
        logger.info("broker connection verified: tenant=%s broker=%s ok=%s code=%s", connection.tenant_id,
                    connection.id, outcome.ok, outcome.code)
        return outcome

    def for_tenant(self, *, tenant_id: str) -> list[BrokerConnection]:
        return self._db.repositories.brokers.get_by_tenant_id(tenant_id=tenant_id)

    def get(self, *, tenant_id: str, broker_id: str) -> BrokerConnection:
        connection = self._db.repositories.brokers.get_by_id(tenant_id=tenant_id, broker_id=broker_id)
        if connection is None:
            raise NotFoundError("broker connection", broker_id, field="broker_id")
        return connection

    def add(self, *, tenant_id: str, broker_type: BrokerType, display_name: str,
            credentials: Mapping[str, Any] | None = None, metadata: dict[str, Any] | None = None,
            is_active: bool = True, render: Render | None = None) -> BrokerConnection:
        """``render``: builds the caller's answer inside the transaction (a failure rolls the write back)."""
        broker_id = new_id("brk")
        sealed = "" if credentials is None else self._credentials.seal_broker_credentials(
            tenant_id=tenant_id, broker_id=broker_id, credentials=credentials)
        connection = BrokerConnection(
            id=broker_id, tenant_id=tenant_id, broker_type=broker_type, display_name=display_name,
            created_at=self._clock.now(), encrypted_credentials=sealed, metadata=metadata or {}, is_active=is_active)

        def work(uow: AbstractUnitOfWork) -> BrokerConnection:
            require_active_tenant(uow, connection.tenant_id)
            uow.brokers.add(connection)
            if render is not None:
                render(connection)
            return connection

        added = self._write(connection.tenant_id, work, what="add broker connection")
        logger.info("broker connection added: tenant=%s broker=%s", added.tenant_id, added.id)
        return added

    def update(self, *, tenant_id: str, broker_id: str, changes: BrokerChanges,
               render: Render | None = None) -> BrokerConnection:
        return self._change(tenant_id, broker_id, lambda c, now: c.apply(changes, now), render)

    def activate(self, *, tenant_id: str, broker_id: str) -> BrokerConnection:
        return self._change(tenant_id, broker_id, lambda c, now: c.activate(now))

    def deactivate(self, *, tenant_id: str, broker_id: str) -> BrokerConnection:
        return self._change(tenant_id, broker_id, lambda c, now: c.deactivate(now))

    def set_credentials(self, *, tenant_id: str, broker_id: str, credentials: Mapping[str, Any]) -> BrokerConnection:
        return self._credentials.set_broker_credentials(tenant_id=tenant_id, broker_id=broker_id,
                                                        credentials=credentials)

    def delete(self, *, tenant_id: str, broker_id: str) -> None:
        tenant_id, broker_id = rules.entity_id("tenant_id", tenant_id), rules.entity_id("broker_id", broker_id)

        def work(uow: AbstractUnitOfWork) -> None:
            require_active_tenant(uow, tenant_id)
            uow.brokers.delete(tenant_id=tenant_id, broker_id=broker_id)

        self._write(tenant_id, work, what="delete broker connection")
        logger.info("broker connection deleted: tenant=%s broker=%s", tenant_id, broker_id)

    def _change(self, tenant_id: str, broker_id: str,
                change: Callable[[BrokerConnection, datetime], object],
                render: Render | None = None) -> BrokerConnection:
        tenant_id, broker_id = rules.entity_id("tenant_id", tenant_id), rules.entity_id("broker_id", broker_id)

        def work(uow: AbstractUnitOfWork) -> BrokerConnection:
            require_active_tenant(uow, tenant_id)
            connection = uow.brokers.get_by_id(tenant_id=tenant_id, broker_id=broker_id)
            if connection is None:
                raise NotFoundError("broker connection", broker_id, field="broker_id")
            change(connection, self._clock.now())
            uow.brokers.update(connection)
            if render is not None:
                render(connection)
            return connection

        return self._write(tenant_id, work, what="update broker connection")

    def _write(self, tenant_id: str, work: Callable[[AbstractUnitOfWork], T], *, what: str) -> T:
        """The write, then the tenant's routing entry written through (an outbox row with the write)."""
        return write(self._db, self._cache, work, CacheChange(CachedEntity.ROUTING, tenant_id), what=what)
