"""The container: every adapter and service a trigger or command needs, wired once per worker process.
Services are built on first use (cached properties), so a cold start pays only for what it touches."""


from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property, partial
from typing import TYPE_CHECKING

from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.tenant_ids import all_tenant_ids
from shared.bootstrap.builders import build_event_archive, build_event_store, build_rate_limiter, build_session_store
from shared.clock import Clock
from shared.crypto.envelope import EnvelopeCipher
from shared.crypto.keys import AbstractKeyProvider
from shared.parsing import SignalParser
from shared.ports.cache import AbstractCache
from shared.ports.event_archive import AbstractEventArchive
from shared.ports.events import AbstractEventStore
from shared.ports.idempotency import AbstractIdempotencyStore
from shared.ports.leases import AbstractLeases
from shared.ports.sessions import AbstractSessionStore
from shared.services.cache_invalidation import CacheInvalidator
from shared.services.cache_metrics import CacheMetrics
from shared.services.channels import ChannelService
from shared.services.config_provider import CachedConfigProvider
from shared.services.credentials import CredentialService
from shared.services.event_retention import EventArchiver, TtlCleanup
from shared.services.idempotency import MessageIdempotency
from shared.services.key_rotation import KeyRotationService
from shared.services.tenants import TenantService
from shared.services.tiering import TieringService
from shared.services.trading import TradingService
from shared.settings import Settings

if TYPE_CHECKING:
    from azure.storage.blob import BlobServiceClient

    from shared.adapters.brokers.factory import ConnectorFactory
    from shared.ports.bot_api import AbstractBotApi
    from shared.ports.checkpoints import AbstractCheckpoints
    from shared.ports.queues import AbstractMessageQueue
    from shared.ports.rate_limits import AbstractRateLimiter
    from shared.services.audit_log import AuditLog
    from shared.services.auth import Authenticator
    from shared.services.backup import BackupService
    from shared.services.brokers import BrokerService
    from shared.services.cache_repair import CacheRepair
    from shared.services.event_queries import EventQueryService
    from shared.services.executor import TradeExecutor
    from shared.services.gdpr import GdprPurge
    from shared.services.gdpr_export import GdprExporter
    from shared.services.ingest import IngestService
    from shared.services.maintenance import JobRunner
    from shared.services.operations import OperationsService
    from shared.services.pipeline import SignalPipeline
    from shared.services.replay import ReplayService
    from shared.services.review import ReviewService
    from shared.services.sessions import SessionService
    from shared.services.stats import StatsRecorder, StatsService
    from shared.services.stats_feed import StatsFeed
    from shared.services.stats_fold import StatsFold
    from shared.services.stats_rebuild import StatsRebuilder
    from shared.services.telegram_bots import TelegramBotService
    from shared.services.telegram_listener import ListenerRuntime
    from shared.services.telegram_webhook import TelegramWebhookService
    from shared.services.trade_expiry import PendingExpirySweep
    from shared.services.trades import TradeService

logger = logging.getLogger(__name__)




@dataclass
class Container:
    """Everything a trigger or command needs, wired once."""

    settings: Settings
    clock: Clock
    database: SqlDatabase
    tenants: TenantService
    channels: ChannelService
    trading: TradingService
    cache: AbstractCache
    cache_metrics: CacheMetrics
    config: CachedConfigProvider
    idempotency: MessageIdempotency
    keys: AbstractKeyProvider
    cipher: EnvelopeCipher
    credentials: CredentialService
    key_rotation: KeyRotationService
    cache_invalidator: CacheInvalidator
    parser: SignalParser

    @property
    def idempotency_store(self) -> AbstractIdempotencyStore:
        return self.idempotency.store

    @cached_property
    def blobs(self) -> BlobServiceClient:
        """The data account's Blob client, built on first use (the SDK is imported only by what needs it)."""
        from shared.adapters.storage import blob_service

        return blob_service(self.settings)

    @cached_property
    def leases(self) -> AbstractLeases:
        from shared.adapters.blob.leases import BlobLeases

        return BlobLeases(self.blobs)

    @cached_property
    def backups(self) -> BackupService:
        from shared.adapters.backups import blob_backup_service

        return blob_backup_service(self.database, self.blobs, self.clock, self.settings.backup_retention_days,
                                   leases=self.leases)

    @cached_property
    def jobs(self) -> JobRunner:
        from shared.services.maintenance import JobRunner, MaintenanceServices

        services = MaintenanceServices(
            backups=lambda: self.backups, key_rotation=lambda: self.key_rotation, tiering=lambda: self.tiering,
            ttl_cleanup=lambda: self.ttl_cleanup, event_archiver=lambda: self.event_archiver,
            gdpr_purge=lambda: self.gdpr_purge, trade_expiry=lambda: self.trade_expiry,
            cache_repair=lambda: self.cache_repair)
        return JobRunner(leases=self.leases, events=lambda: self.events, clock=self.clock, services=services)

    # Built on first use: importing the storage SDKs costs ~0.25 s each, which a cold start that never
    # touches them should not pay. Assigning the attribute (bootstrap's overrides) replaces the builder.
    @cached_property
    def events(self) -> AbstractEventStore:
        return build_event_store(self.settings, self.clock)

    @cached_property
    def event_archive(self) -> AbstractEventArchive:
        return build_event_archive(self.blobs)

    @cached_property
    def ttl_cleanup(self) -> TtlCleanup:
        return TtlCleanup(self.events, self.clock)

    @cached_property
    def cache_repair(self) -> CacheRepair:
        from shared.services.cache_repair import CacheRepair

        return CacheRepair(self.cache, self.database, self.cache_invalidator, self.config)

    @cached_property
    def event_archiver(self) -> EventArchiver:
        return EventArchiver(self.events, self.event_archive, partial(all_tenant_ids, self.database), self.clock)

    @cached_property
    def sessions(self) -> AbstractSessionStore:
        return build_session_store(self.blobs, self.settings, self.clock)

    @cached_property
    def gdpr_purge(self) -> GdprPurge:
        from shared.services.gdpr import GdprPurge

        return GdprPurge(self.database, self.cache, self.idempotency_store, self.idempotency.keys, self.sessions,
                         self.events, self.event_archive, self.clock, checkpoints=self.listener_checkpoints)

    @cached_property
    def listener_checkpoints(self) -> AbstractCheckpoints:
        from shared.adapters.blob.checkpoints import BlobCheckpoints

        return BlobCheckpoints(self.blobs)

    @cached_property
    def trade_expiry(self) -> PendingExpirySweep:
        from shared.services.trade_expiry import PendingExpirySweep

        return PendingExpirySweep(self.database, lambda: self.executor, partial(all_tenant_ids, self.database),
                                  self.clock)

    @cached_property
    def tiering(self) -> TieringService:
        return TieringService(self.sessions, self.database.repositories, self.clock)

    @cached_property
    def connectors(self) -> ConnectorFactory:
        from shared.adapters.brokers.factory import ConnectorFactory

        return ConnectorFactory(self.database, self.clock, self.settings)

    @cached_property
    def queues(self) -> AbstractMessageQueue:
        """Producer for the Functions host's queues (the HTTP ingest endpoint writes telegram-messages)."""
        from shared.adapters.queues.storage_queue import StorageQueueProducer
        from shared.adapters.storage import queue_service

        return StorageQueueProducer(queue_service(self.settings))

    @cached_property
    def review(self) -> ReviewService:
        from shared.services.review import ReviewService

        return ReviewService(db=self.database, config=self.config, opener=lambda: self.pipeline.open_approved,
                             queues=self.queues, events=self.events, clock=self.clock)

    @cached_property
    def pipeline(self) -> SignalPipeline:
        from shared.services.pipeline import SignalPipeline

        # The signal events' statistics facts leave with each message's completion; the fold counts them.
        return SignalPipeline(idempotency=self.idempotency, config=self.config, parser=self.parser,
                              database=self.database, connectors=self.connectors,
                              credentials=self.credentials, events=self.events, clock=self.clock,
                              holder=self.review.hold, stats=self.stats_recorder, stats_feed=self.stats_feed)

    @cached_property
    def stats_feed(self) -> StatsFeed:
        """The statistics feed: on the idempotency store's own feed, where completions append their outbox."""
        from shared.services.stats_feed import StatsFeed

        return StatsFeed(self.idempotency_store.feed, self.idempotency.keys.stats_feed(), self.stats_recorder)

    @cached_property
    def stats_fold(self) -> StatsFold:
        """Counts what the statistics feed holds into the day rows (the timer ``statistics_fold``)."""
        from shared.services.stats_fold import StatsFold

        return StatsFold(self.idempotency_store.feed, self.stats_feed.stream, self.stats_recorder)

    @cached_property
    def stats_recorder(self) -> StatsRecorder:
        """The statistics' one writer: the executor calls ``record_trade(uow, trade)`` after each trade save."""
        from shared.services.stats import StatsRecorder

        return StatsRecorder(self.database)

    @cached_property
    def stats(self) -> StatsService:
        from shared.services.stats import StatsService

        return StatsService(self.database)

    @cached_property
    def stats_rebuilder(self) -> StatsRebuilder:
        from shared.services.stats_rebuild import StatsRebuilder

        return StatsRebuilder(self.database, self.events, self.clock)

    @cached_property
    def replay(self) -> ReplayService:
        from shared.domain.review import hold_reason
        from shared.services.replay import ReplayService

        return ReplayService(self.events, self.database.repositories, self.parser, self.clock, hold=hold_reason)

    @cached_property
    def executor(self) -> TradeExecutor:
        from shared.services.executor import TradeExecutor

        return TradeExecutor(database=self.database, config=self.config, credentials=self.credentials,
                             connectors=self.connectors, events=self.events, clock=self.clock,
                             stats=self.stats_recorder, cache=self.cache_invalidator)

    @cached_property
    def trades(self) -> TradeService:
        from shared.services.trades import TradeService

        return TradeService(self.database, self.clock, queues=lambda: self.queues, executor=lambda: self.executor)

    @cached_property
    def rate_limiter(self) -> AbstractRateLimiter:
        return build_rate_limiter(self.settings)

    @cached_property
    def brokers(self) -> BrokerService:
        from shared.services.brokers import BrokerService

        return BrokerService(self.database, self.clock, self.credentials, self.cache_invalidator, self.connectors)

    @cached_property
    def session_files(self) -> SessionService:
        from shared.services.sessions import SessionService

        return SessionService(self.sessions, self.database.repositories)

    @cached_property
    def event_queries(self) -> EventQueryService:
        from shared.services.event_queries import EventQueryService

        return EventQueryService(self.events, self.gdpr_export, self.clock)

    @cached_property
    def ingest(self) -> IngestService:
        from shared.services.ingest import IngestService

        return IngestService(self.queues, self.clock, self.config)

    @cached_property
    def bot_api(self) -> AbstractBotApi:
        from shared.adapters.telegram.bot_api import HttpBotApi

        return HttpBotApi(self.settings.telegram_api_url)

    @cached_property
    def telegram_bots(self) -> TelegramBotService:
        from shared.services.telegram_bots import TelegramBotService

        return TelegramBotService(self.database, self.cipher, self.bot_api, self.clock,
                                  public_base_url=self.settings.public_base_url)

    @cached_property
    def telegram_webhook(self) -> TelegramWebhookService:
        from shared.services.telegram_webhook import TelegramWebhookService

        return TelegramWebhookService(self.database.repositories, self.config, self.idempotency, self.queues,
                                      self.clock)

    @cached_property
    def listener(self) -> ListenerRuntime:
        """The session listener's parts (``pipster listen``); TDLib is imported only when a session connects."""
        from shared.adapters.blob.leases import BlobLeases
        from shared.adapters.telegram.tdlib_client import TdlibClientFactory
        from shared.services.telegram_listener import ListenerRuntime

        return ListenerRuntime(
            leases=BlobLeases(self.blobs, lease_seconds=self.settings.listener_lease_seconds),
            sessions=self.sessions, checkpoints=self.listener_checkpoints, credentials=self.credentials,
            repositories=self.database.repositories, queues=self.queues, events=self.events,
            clients=TdlibClientFactory(self.settings.data_dir / "listener"), clock=self.clock)

    @cached_property
    def operations(self) -> OperationsService:
        from shared.services.operations import OperationsService

        # Stores resolved at check time: the storage SDKs load only when the first readiness probe runs.
        return OperationsService(database=self.database, cache=self.cache,
                                 cache_namespace=self.settings.redis_namespace, sessions=lambda: self.sessions,
                                 events=lambda: self.events, metrics=self.cache_metrics, clock=self.clock)

    @cached_property
    def authenticator(self) -> Authenticator:
        from shared.services.auth import Authenticator

        return Authenticator(self.settings.admin_key.get_secret_value(), self.tenants)

    @cached_property
    def audit_log(self) -> AuditLog:
        from shared.services.audit_log import AuditLog

        return AuditLog(self.events, self.clock)

    @cached_property
    def gdpr_export(self) -> GdprExporter:
        from shared.adapters.sql.tenant_rows import tenant_rows
        from shared.services.gdpr_export import GdprExporter

        return GdprExporter(partial(tenant_rows, self.database), self.sessions, self.events, self.event_archive,
                            self.clock)

    def close(self) -> None:
        self.cache.close()
        self.idempotency_store.close()
        self.database.dispose()
