"""Composition root: settings -> adapters -> services, built once per worker process.

Backend choices live here and nowhere else. Nothing here runs at import: an import error while the
Functions host indexes the app would load zero functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache, partial

from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.engine import create_engine
from shared.adapters.sql.retry import RetryPolicy
from shared.adapters.sql.tenant_ids import all_tenant_ids
from shared.clock import Clock, SystemClock
from shared.ports.event_archive import AbstractEventArchive
from shared.ports.events import AbstractEventStore
from shared.services.channels import ChannelService
from shared.services.event_retention import EventArchiver, TtlCleanup
from shared.services.tenants import TenantService
from shared.settings import Settings, get_settings


@dataclass
class Container:
    """Everything a trigger or command needs, wired once."""

    settings: Settings
    clock: Clock
    database: SqlDatabase
    tenants: TenantService
    channels: ChannelService
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
    events: AbstractEventStore | None = None,
    event_archive: AbstractEventArchive | None = None,
) -> Container:
    """Wire the application; every dependency can be overridden (tests, tools)."""
    settings = settings or get_settings()
    clock = clock or SystemClock()
    database = database or build_database(settings)
    events = events or build_event_store(settings, clock)
    event_archive = event_archive or build_event_archive(settings)
    return Container(
        settings=settings,
        clock=clock,
        database=database,
        tenants=TenantService(database, clock),
        channels=ChannelService(database, clock),
        events=events,
        event_archive=event_archive,
        ttl_cleanup=TtlCleanup(events, clock),
        event_archiver=EventArchiver(events, event_archive, partial(all_tenant_ids, database), clock),
    )


@lru_cache(maxsize=1)
def get_container() -> Container:
    """The process-wide container (hosts reuse worker processes)."""
    return bootstrap()
