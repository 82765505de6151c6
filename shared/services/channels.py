"""Channel use cases, keyed by the API's identities (tenant id, Telegram channel id): reads, writes, broker
routing and a dry run of the channel's pattern. Only an Active tenant changes its channels. Every write
invalidates the channel's cache key after the commit (an add too: it may replace a cached "no such channel")."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from shared.clock import Clock
from shared.domain import rules
from shared.domain.channel import ChannelChanges, ChannelConfiguration
from shared.domain.errors import ConflictError, NotFoundError
from shared.domain.ids import new_id
from shared.domain.signal import NotASignal, ParsedSignal
from shared.parsing import SignalParser
from shared.ports.cache_outbox import CacheChange, CachedEntity
from shared.ports.repositories import AbstractRepositories, AbstractUnitOfWork
from shared.ports.transactions import TransactionRunner
from shared.services.cache_invalidation import CacheInvalidator, write

logger = logging.getLogger(__name__)
T = TypeVar("T")


def require_active_tenant(uow: AbstractUnitOfWork, tenant_id: str) -> None:
    tenant = uow.tenants.get_by_id(tenant_id=tenant_id)
    if tenant is None:
        raise NotFoundError("tenant", tenant_id, field="tenant_id")
    tenant.ensure_active()


@dataclass(frozen=True, slots=True)
class ChannelView:
    """A channel with the brokers it routes to (empty: every active broker of the tenant)."""

    config: ChannelConfiguration
    broker_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DryRun:
    """What the channel's parser makes of a text: the signals, or why it is not one."""

    parser: str  # "pattern" (the channel's) or "builtin"
    signals: tuple[ParsedSignal, ...]
    reason: str | None


class ChannelService:
    """Adds, reads and changes a tenant's channel configurations."""

    def __init__(self, db: TransactionRunner, clock: Clock, cache: CacheInvalidator | None = None,
                 parser: SignalParser | None = None) -> None:
        self._db = db
        self._clock = clock
        self._cache = cache  # bootstrap always passes one; None only in tests without a cache
        self._parser = parser or SignalParser()

    def add(
        self, *, tenant_id: str, channel_id: int, channel_name: str | None = None, regex_pattern: str = "",
        is_enabled: bool = True, changes: ChannelChanges | None = None,
    ) -> ChannelView:
        """``changes``: follow-up and review settings other than the defaults, set in the same write."""
        config = ChannelConfiguration(
            id=new_id("chn"), tenant_id=tenant_id, channel_id=channel_id, channel_name=channel_name,
            regex_pattern=regex_pattern, is_enabled=is_enabled, created_at=self._clock.now(),
        )
        if changes is not None:
            config.apply(changes, config.created_at)
            config.updated_at = None

        def work(uow: AbstractUnitOfWork) -> ChannelConfiguration:
            require_active_tenant(uow, config.tenant_id)
            if uow.channels.get_by_tenant_and_channel(tenant_id=config.tenant_id, channel_id=channel_id):
                raise ConflictError("channel_id", "this channel is already configured for the tenant")
            uow.channels.add(config)
            return config

        added = self._write(work, config.tenant_id, channel_id, what="add channel")
        logger.info("channel added: tenant=%s channel=%s", added.tenant_id, added.channel_id)
        return ChannelView(added, ())

    def get(self, *, tenant_id: str, channel_id: int) -> ChannelView:
        repositories = self._db.repositories
        return self._view(repositories, _existing(repositories, tenant_id, channel_id))

    def for_tenant(self, *, tenant_id: str) -> list[ChannelView]:
        """Every channel of the tenant, by Telegram channel id."""
        repositories = self._db.repositories
        configs = repositories.channels.get_by_tenant_id(tenant_id=rules.entity_id("tenant_id", tenant_id))
        return [self._view(repositories, c) for c in sorted(configs, key=lambda c: c.channel_id)]

    def update(self, *, tenant_id: str, channel_id: int, changes: ChannelChanges) -> ChannelView:
        return self._change(tenant_id, channel_id, lambda c, now: c.apply(changes, now))

    def enable(self, *, tenant_id: str, channel_id: int) -> ChannelView:
        return self._change(tenant_id, channel_id, lambda c, now: c.enable(now))

    def disable(self, *, tenant_id: str, channel_id: int) -> ChannelView:
        return self._change(tenant_id, channel_id, lambda c, now: c.disable(now))

    def delete(self, *, tenant_id: str, channel_id: int) -> None:
        tenant_id = rules.entity_id("tenant_id", tenant_id)

        def work(uow: AbstractUnitOfWork) -> None:
            require_active_tenant(uow, tenant_id)
            config = _existing(uow, tenant_id, channel_id)
            uow.channels.delete(tenant_id=tenant_id, config_id=config.id)

        self._write(work, tenant_id, channel_id, what="delete channel", routing=True)  # its mappings go too
        logger.info("channel deleted: tenant=%s channel=%s", tenant_id, channel_id)

    def set_brokers(self, *, tenant_id: str, channel_id: int, broker_ids: Sequence[str]) -> ChannelView:
        """Replace the brokers a channel routes to (an empty list: every active broker of the tenant)."""
        tenant_id = rules.entity_id("tenant_id", tenant_id)

        def work(uow: AbstractUnitOfWork) -> ChannelView:
            require_active_tenant(uow, tenant_id)
            config = _existing(uow, tenant_id, channel_id)
            uow.brokers.set_channel_brokers(tenant_id=tenant_id, config_id=config.id, broker_ids=broker_ids)
            return self._view(uow, config)

        return self._write(work, tenant_id, channel_id, what="set channel brokers", routing=True)

    def dry_run(self, *, tenant_id: str, channel_id: int, text: str) -> DryRun:
        """Parse ``text`` as the pipeline would for this channel; nothing is stored or traded."""
        config = _existing(self._db.repositories, rules.entity_id("tenant_id", tenant_id), channel_id)
        found = self._parser.parse_all(text, pattern=config.regex_pattern, channel_key=config.id,
                                       vocabulary=config.vocabulary)
        parser = "pattern" if config.regex_pattern else "builtin"
        if isinstance(found, NotASignal):
            return DryRun(parser, (), found.reason)
        return DryRun(parser, tuple(found), None)

    def _change(self, tenant_id: str, channel_id: int,
                change: Callable[[ChannelConfiguration, datetime], object]) -> ChannelView:
        tenant_id = rules.entity_id("tenant_id", tenant_id)

        def work(uow: AbstractUnitOfWork) -> ChannelView:
            require_active_tenant(uow, tenant_id)
            config = _existing(uow, tenant_id, channel_id)
            change(config, self._clock.now())
            uow.channels.update(config)
            return self._view(uow, config)

        return self._write(work, tenant_id, channel_id, what="update channel")

    @staticmethod
    def _view(repositories: AbstractRepositories | AbstractUnitOfWork, config: ChannelConfiguration) -> ChannelView:
        ids = repositories.brokers.get_channel_broker_ids(tenant_id=config.tenant_id, config_id=config.id)
        return ChannelView(config, tuple(ids))

    def _write(self, work: Callable[[AbstractUnitOfWork], T], tenant_id: str, channel_id: int, *, what: str,
               routing: bool = False) -> T:
        """The write and, after its commit, the channel's cache entry written through (an add too: it may
        replace a cached "no such channel"); with ``routing``, the tenant's broker routing too."""
        changes = [CacheChange(CachedEntity.CHANNEL, tenant_id, (channel_id,))]
        if routing:
            changes.append(CacheChange(CachedEntity.ROUTING, tenant_id))
        return write(self._db, self._cache, work, *changes, what=what)


def _existing(repositories: AbstractRepositories | AbstractUnitOfWork, tenant_id: str,
              channel_id: int) -> ChannelConfiguration:
    config = repositories.channels.get_by_tenant_and_channel(tenant_id=tenant_id, channel_id=channel_id)
    if config is None:
        raise NotFoundError("channel", str(channel_id), field="channel_id")
    return config
