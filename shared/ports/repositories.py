"""Relational-store ports: the spec's repositories and a unit of work.

Public methods check their arguments (so bad input fails before the database is touched) and call
the ``_hooks`` an adapter implements. Every method that reads tenant-owned rows takes the tenant id
and filters on it: another tenant's row is indistinguishable from a missing one.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Self

from shared.domain import rules
from shared.domain.api_keys import ApiKey
from shared.domain.broker import BrokerConnection
from shared.domain.channel import ChannelConfiguration
from shared.domain.enums import TenantStatus
from shared.domain.errors import ValidationError
from shared.domain.routing import BrokerRouting
from shared.domain.tenant import Tenant
from shared.domain.trading import TradingConfiguration
from shared.ports.cache_outbox import AbstractCacheOutboxRepository
from shared.ports.held_signals import AbstractHeldSignalRepository
from shared.ports.stats import AbstractStatsRepository
from shared.ports.telegram_bots import AbstractTelegramBotRepository
from shared.ports.trades import AbstractTradeRepository


class AbstractTenantRepository(abc.ABC):
    """ITenantRepository."""

    def get_by_id(self, *, tenant_id: str) -> Tenant | None:
        return self._get_by_id(rules.entity_id("tenant_id", tenant_id))

    def get_by_email(self, *, email: str) -> Tenant | None:
        return self._get_by_email(rules.email("email", email))

    def get_active_tenants(self) -> list[Tenant]:
        return self._get_active_tenants()

    def add(self, tenant: Tenant) -> None:
        """Insert; ``ConflictError`` on a duplicate id or (case-insensitive) email."""
        self._add(tenant)

    def update(self, tenant: Tenant) -> None:
        """Replace the stored row; ``NotFoundError`` when it does not exist; ``ConflictError`` on a taken email."""
        self._update(tenant)

    def delete(self, *, tenant_id: str) -> None:
        """Delete the tenant and every row it owns; ``NotFoundError`` when it does not exist."""
        self._delete(rules.entity_id("tenant_id", tenant_id))

    def exists(self, *, tenant_id: str) -> bool:
        return self._exists(rules.entity_id("tenant_id", tenant_id))

    def find(self, *, status: TenantStatus | None = None) -> list[Tenant]:
        """Every tenant (or those in ``status``), by id; an administrator's view."""
        return self._find(status)

    def due_for_purge(self, *, now: datetime) -> list[Tenant]:
        """Tenants scheduled for deletion whose grace ended at or before ``now``, by id. A system query
        (the GDPR purge job), so no tenant filter."""
        rules.aware("now", now)
        return self._due_for_purge(now)

    @abc.abstractmethod
    def _find(self, status: TenantStatus | None) -> list[Tenant]: ...
    @abc.abstractmethod
    def _due_for_purge(self, now: datetime) -> list[Tenant]: ...

    @abc.abstractmethod
    def _get_by_id(self, tenant_id: str) -> Tenant | None: ...
    @abc.abstractmethod
    def _get_by_email(self, email: str) -> Tenant | None: ...
    @abc.abstractmethod
    def _get_active_tenants(self) -> list[Tenant]: ...
    @abc.abstractmethod
    def _add(self, tenant: Tenant) -> None: ...
    @abc.abstractmethod
    def _update(self, tenant: Tenant) -> None: ...
    @abc.abstractmethod
    def _delete(self, tenant_id: str) -> None: ...
    @abc.abstractmethod
    def _exists(self, tenant_id: str) -> bool: ...


class AbstractChannelConfigurationRepository(abc.ABC):
    """IChannelConfigurationRepository, tenant-scoped."""

    def get_by_id(self, *, tenant_id: str, config_id: str) -> ChannelConfiguration | None:
        return self._get_by_id(rules.entity_id("tenant_id", tenant_id), rules.entity_id("id", config_id))

    def get_by_tenant_and_channel(self, *, tenant_id: str, channel_id: int) -> ChannelConfiguration | None:
        if isinstance(channel_id, bool) or not isinstance(channel_id, int):
            raise ValidationError("channel_id", "must be an integer")
        return self._get_by_tenant_and_channel(rules.entity_id("tenant_id", tenant_id), channel_id)

    def get_by_tenant_id(self, *, tenant_id: str) -> list[ChannelConfiguration]:
        return self._get_by_tenant_id(rules.entity_id("tenant_id", tenant_id), enabled_only=False)

    def get_enabled_by_tenant_id(self, *, tenant_id: str) -> list[ChannelConfiguration]:
        return self._get_by_tenant_id(rules.entity_id("tenant_id", tenant_id), enabled_only=True)

    def add(self, config: ChannelConfiguration) -> None:
        """Insert; ``ConflictError`` if the tenant already has this channel; ``NotFoundError`` for an unknown tenant."""
        self._add(config)

    def update(self, config: ChannelConfiguration) -> None:
        self._update(config)

    def delete(self, *, tenant_id: str, config_id: str) -> None:
        self._delete(rules.entity_id("tenant_id", tenant_id), rules.entity_id("id", config_id))

    @abc.abstractmethod
    def _get_by_id(self, tenant_id: str, config_id: str) -> ChannelConfiguration | None: ...
    @abc.abstractmethod
    def _get_by_tenant_and_channel(self, tenant_id: str, channel_id: int) -> ChannelConfiguration | None: ...
    @abc.abstractmethod
    def _get_by_tenant_id(self, tenant_id: str, *, enabled_only: bool) -> list[ChannelConfiguration]: ...
    @abc.abstractmethod
    def _add(self, config: ChannelConfiguration) -> None: ...
    @abc.abstractmethod
    def _update(self, config: ChannelConfiguration) -> None: ...
    @abc.abstractmethod
    def _delete(self, tenant_id: str, config_id: str) -> None: ...


class AbstractTradingConfigurationRepository(abc.ABC):
    """One trading configuration per tenant (UNIQUE TenantId)."""

    def get_by_tenant_id(self, *, tenant_id: str) -> TradingConfiguration | None:
        return self._get_by_tenant_id(rules.entity_id("tenant_id", tenant_id))

    def add(self, config: TradingConfiguration) -> None:
        """Insert; ``ConflictError`` when the tenant already has one."""
        self._add(config)

    def update(self, config: TradingConfiguration) -> None:
        self._update(config)

    @abc.abstractmethod
    def _get_by_tenant_id(self, tenant_id: str) -> TradingConfiguration | None: ...
    @abc.abstractmethod
    def _add(self, config: TradingConfiguration) -> None: ...
    @abc.abstractmethod
    def _update(self, config: TradingConfiguration) -> None: ...


class AbstractBrokerConnectionRepository(abc.ABC):
    """Broker connections and the channel-to-broker mappings that route signals to them."""

    def get_by_id(self, *, tenant_id: str, broker_id: str) -> BrokerConnection | None:
        return self._get_by_id(rules.entity_id("tenant_id", tenant_id), rules.entity_id("broker_id", broker_id))

    def get_by_tenant_id(self, *, tenant_id: str, active_only: bool = False) -> list[BrokerConnection]:
        return self._get_by_tenant_id(rules.entity_id("tenant_id", tenant_id), active_only=active_only)

    def add(self, connection: BrokerConnection) -> None:
        self._add(connection)

    def update(self, connection: BrokerConnection) -> None:
        self._update(connection)

    def delete(self, *, tenant_id: str, broker_id: str) -> None:
        """Delete the connection and its channel mappings."""
        self._delete(rules.entity_id("tenant_id", tenant_id), rules.entity_id("broker_id", broker_id))

    def mark_used(self, *, tenant_id: str, broker_id: str, at: datetime) -> None:
        """Set LastUsedAt alone, so a concurrent edit of the connection is never overwritten."""
        rules.aware("last_used_at", at)
        self._mark_used(rules.entity_id("tenant_id", tenant_id), rules.entity_id("broker_id", broker_id), at)

    def get_channel_broker_ids(self, *, tenant_id: str, config_id: str) -> list[str]:
        return self._get_channel_broker_ids(rules.entity_id("tenant_id", tenant_id), rules.entity_id("id", config_id))

    def set_channel_brokers(self, *, tenant_id: str, config_id: str, broker_ids: Sequence[str]) -> None:
        """Replace a channel's mappings; every id must be a broker of the same tenant (``NotFoundError`` if not)."""
        ids = [rules.entity_id("broker_ids", b) for b in broker_ids]
        if len(set(ids)) != len(ids):
            raise ValidationError("broker_ids", "must not repeat a broker")
        self._set_channel_brokers(rules.entity_id("tenant_id", tenant_id), rules.entity_id("id", config_id), ids)

    def routing(self, *, tenant_id: str) -> BrokerRouting:
        """The tenant's routing (its connections' ids, types and states, and every channel's mappings): what
        ``BrokerRouting.for_channel`` decides from, cached with the configuration."""
        return self._routing(rules.entity_id("tenant_id", tenant_id))

    @abc.abstractmethod
    def _get_by_id(self, tenant_id: str, broker_id: str) -> BrokerConnection | None: ...
    @abc.abstractmethod
    def _get_by_tenant_id(self, tenant_id: str, *, active_only: bool) -> list[BrokerConnection]: ...
    @abc.abstractmethod
    def _add(self, connection: BrokerConnection) -> None: ...
    @abc.abstractmethod
    def _update(self, connection: BrokerConnection) -> None: ...
    @abc.abstractmethod
    def _delete(self, tenant_id: str, broker_id: str) -> None: ...
    @abc.abstractmethod
    def _mark_used(self, tenant_id: str, broker_id: str, at: datetime) -> None: ...
    @abc.abstractmethod
    def _get_channel_broker_ids(self, tenant_id: str, config_id: str) -> list[str]: ...
    @abc.abstractmethod
    def _set_channel_brokers(self, tenant_id: str, config_id: str, broker_ids: list[str]) -> None: ...
    @abc.abstractmethod
    def _get_mapped_brokers(self, tenant_id: str, config_id: str) -> list[BrokerConnection]: ...
    @abc.abstractmethod
    def _routing(self, tenant_id: str) -> BrokerRouting: ...


class AbstractApiKeyRepository(abc.ABC):
    """Tenant API keys (hashes only)."""

    def get(self, *, key_id: str) -> ApiKey | None:
        return self._get(rules.entity_id("key_id", key_id))

    def add(self, key: ApiKey) -> None:
        self._add(key)

    def revoke_all(self, *, tenant_id: str, at: datetime) -> int:
        return self._revoke_all(rules.entity_id("tenant_id", tenant_id), at)

    @abc.abstractmethod
    def _get(self, key_id: str) -> ApiKey | None: ...
    @abc.abstractmethod
    def _add(self, key: ApiKey) -> None: ...
    @abc.abstractmethod
    def _revoke_all(self, tenant_id: str, at: datetime) -> int: ...


class RepositorySet(abc.ABC):  # noqa: B024 (declares the repositories; no behaviour to make abstract)
    """Every repository the services use, as a transaction (``AbstractUnitOfWork``) or committed reads
    (``AbstractRepositories``) offer them."""

    tenants: AbstractTenantRepository
    channels: AbstractChannelConfigurationRepository
    trading: AbstractTradingConfigurationRepository
    brokers: AbstractBrokerConnectionRepository
    api_keys: AbstractApiKeyRepository
    trades: AbstractTradeRepository
    stats: AbstractStatsRepository
    held_signals: AbstractHeldSignalRepository
    telegram_bots: AbstractTelegramBotRepository
    cache_outbox: AbstractCacheOutboxRepository


class AbstractUnitOfWork(RepositorySet):
    """One transaction over every repository. Rolls back unless ``commit()`` was called."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.rollback()

    @abc.abstractmethod
    def commit(self) -> None: ...

    @abc.abstractmethod
    def rollback(self) -> None: ...


class AbstractRepositories(RepositorySet):
    """Repositories for reads outside a transaction (the hot path): each call sees committed data."""

