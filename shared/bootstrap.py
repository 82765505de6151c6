"""Composition root: settings -> adapters -> services, built once per worker process.

Backend choices live here and nowhere else. Nothing here runs at import: an import error while the
Functions host indexes the app would load zero functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.engine import create_engine
from shared.adapters.sql.retry import RetryPolicy
from shared.clock import Clock, SystemClock
from shared.ports.sessions import AbstractSessionStore
from shared.services.channels import ChannelService
from shared.services.tenants import TenantService
from shared.services.tiering import TieringService
from shared.settings import Settings, get_settings


@dataclass
class Container:
    """Everything a trigger or command needs, wired once."""

    settings: Settings
    clock: Clock
    database: SqlDatabase
    tenants: TenantService
    channels: ChannelService

    def close(self) -> None:
        self.database.dispose()

    # Built on first use: importing the Blob SDK costs ~0.25 s, which a cold start that never touches
    # sessions should not pay. Assigning the attribute (bootstrap's override) replaces the builder.
    @cached_property
    def sessions(self) -> AbstractSessionStore:
        return build_session_store(self.settings, self.clock)

    @cached_property
    def tiering(self) -> TieringService:
        return TieringService(self.sessions, self.database.repositories, self.clock)


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


def build_session_store(settings: Settings, clock: Clock) -> AbstractSessionStore:
    """Telegram session files on Blob Storage (Azurite locally), container ``telegram-sessions``."""
    from shared.adapters.blob.layout import CONTAINER
    from shared.adapters.blob.sessions import BlobSessionStore
    from shared.adapters.storage import blob_service

    container = blob_service(settings).get_container_client(CONTAINER)
    return BlobSessionStore(container, clock, max_bytes=settings.session_max_bytes)


def bootstrap(
    settings: Settings | None = None,
    *,
    database: SqlDatabase | None = None,
    clock: Clock | None = None,
    sessions: AbstractSessionStore | None = None,
) -> Container:
    """Wire the application; every dependency can be overridden (tests, tools)."""
    settings = settings or get_settings()
    clock = clock or SystemClock()
    database = database or build_database(settings)
    container = Container(
        settings=settings,
        clock=clock,
        database=database,
        tenants=TenantService(database, clock),
        channels=ChannelService(database, clock),
    )
    if sessions is not None:
        container.sessions = sessions
    return container


@lru_cache(maxsize=1)
def get_container() -> Container:
    """The process-wide container (hosts reuse worker processes)."""
    return bootstrap()
