"""Composition root: settings -> adapters -> services, built once per worker process.

Backend choices live here and nowhere else. Nothing here runs at import: an import error while the
Functions host indexes the app would load zero functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property, lru_cache, partial
from typing import TYPE_CHECKING

from shared.adapters.sql.ciphertexts import SqlCiphertextStore
from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.engine import create_engine
from shared.adapters.sql.retry import RetryPolicy
from shared.adapters.sql.tenant_ids import all_tenant_ids
from shared.clock import Clock, SystemClock
from shared.crypto.envelope import EnvelopeCipher
from shared.crypto.errors import KeyConfigurationError
from shared.observability.context import install as install_log_context
from shared.observability.telemetry import telemetry
from shared.ports.event_archive import AbstractEventArchive
from shared.ports.events import AbstractEventStore
from shared.ports.keys import AbstractKeyProvider
from shared.services.channels import ChannelService
from shared.services.credentials import CredentialService
from shared.services.event_retention import EventArchiver, TtlCleanup
from shared.services.key_rotation import KeyRotationService
from shared.services.tenants import TenantService
from shared.settings import Settings, get_settings

if TYPE_CHECKING:
    from azure.storage.blob import BlobServiceClient

    from shared.services.backup import BackupService


@dataclass
class Container:
    """Everything a trigger or command needs, wired once."""

    settings: Settings
    clock: Clock
    database: SqlDatabase
    tenants: TenantService
    channels: ChannelService
    keys: AbstractKeyProvider
    cipher: EnvelopeCipher
    credentials: CredentialService
    key_rotation: KeyRotationService

    @cached_property
    def blobs(self) -> BlobServiceClient:
        """The data account's Blob client, built on first use (the SDK is imported only by what needs it)."""
        from shared.adapters.storage import blob_service

        return blob_service(self.settings)

    @cached_property
    def backups(self) -> BackupService:
        from shared.services.backup import BackupService

        return BackupService(self.database, self.blobs, self.clock, self.settings.backup_retention_days)
    events: AbstractEventStore
    event_archive: AbstractEventArchive
    ttl_cleanup: TtlCleanup
    event_archiver: EventArchiver

    def close(self) -> None:
        self.database.dispose()


def build_database(settings: Settings) -> SqlDatabase:
    engine = create_engine(
        settings.database_url, pool_size=settings.sql_pool_size, max_overflow=settings.sql_max_overflow
    )
    retry = RetryPolicy(
        attempts=settings.sql_retry_attempts,
        base_delay=settings.sql_retry_base_delay,
        max_delay=settings.sql_retry_max_delay,
    )
    return SqlDatabase(engine, retry)


def build_key_provider(settings: Settings, clock: Clock) -> AbstractKeyProvider:
    """Key Vault when PIPSTER_KEYVAULT_URL is set; the local key-ring file only in local environments.

    Nothing is fetched or created here: the first encryption does that (no I/O while the host indexes).
    """
    refresh = timedelta(seconds=settings.key_refresh_seconds)
    if settings.keyvault_url:
        from shared.adapters.keys.keyvault import KeyVaultKeyProvider, build_secret_client

        client = build_secret_client(settings.keyvault_url)
        return KeyVaultKeyProvider(client, settings.key_secret_name, clock=clock, refresh_after=refresh)
    if not settings.is_local:
        raise KeyConfigurationError(
            "PIPSTER_KEYVAULT_URL", f"is required in the {settings.environment!r} environment (a local key file "
            "is for local runs only)")
    from shared.adapters.keys.keyring_file import FileKeyProvider

    return FileKeyProvider(settings.key_file_path, clock=clock, refresh_after=refresh)


def build_event_store(settings: Settings, clock: Clock) -> AbstractEventStore:
    """PIPSTER_EVENTS_BACKEND: Azure Tables (default, on the storage account) or Cosmos DB. No I/O here."""
    if settings.events_backend == "cosmos":
        from shared.adapters.events.cosmos import CosmosEventStore, connect_container

        return CosmosEventStore(lambda: connect_container(settings))
    from shared.adapters.events.tables import TablesEventStore
    from shared.adapters.storage import table_service

    return TablesEventStore(table_service(settings), settings.events_table, clock=clock)


def build_event_archive(settings: Settings) -> AbstractEventArchive:
    from shared.adapters.events.archive import BlobEventArchive
    from shared.adapters.storage import blob_service

    return BlobEventArchive(blob_service(settings))


def bootstrap(
    settings: Settings | None = None,
    *,
    database: SqlDatabase | None = None,
    clock: Clock | None = None,
    keys: AbstractKeyProvider | None = None,
    events: AbstractEventStore | None = None,
    event_archive: AbstractEventArchive | None = None,
) -> Container:
    """Wire the application; every dependency can be overridden (tests, tools)."""
    settings = settings or get_settings()
    connection_string = settings.appinsights_connection_string.get_secret_value()
    if connection_string and not telemetry.enabled:
        telemetry.configure_azure_monitor(connection_string)
    install_log_context()
    clock = clock or SystemClock()
    database = database or build_database(settings)
    keys = keys or build_key_provider(settings, clock)
    cipher = EnvelopeCipher(keys)
    events = events or build_event_store(settings, clock)
    event_archive = event_archive or build_event_archive(settings)
    return Container(
        settings=settings,
        clock=clock,
        database=database,
        tenants=TenantService(database, clock),
        channels=ChannelService(database, clock),
        keys=keys,
        cipher=cipher,
        credentials=CredentialService(database, cipher, clock),
        key_rotation=KeyRotationService(
            keys, cipher, SqlCiphertextStore(database), clock, rotation_days=settings.key_rotation_days
        ),
        events=events,
        event_archive=event_archive,
        ttl_cleanup=TtlCleanup(events, clock),
        event_archiver=EventArchiver(events, event_archive, partial(all_tenant_ids, database), clock),
    )


@lru_cache(maxsize=1)
def get_container() -> Container:
    """The process-wide container (hosts reuse worker processes)."""
    return bootstrap()
