"""Composition root: settings -> adapters -> services, built once per worker process.

Backend choices live here and nowhere else. Nothing here runs at import: an import error while the
Functions host indexes the app would load zero functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.engine import create_engine
from shared.adapters.sql.retry import RetryPolicy
from shared.clock import Clock, SystemClock
from shared.observability.context import install as install_log_context
from shared.observability.telemetry import telemetry
from shared.services.channels import ChannelService
from shared.services.tenants import TenantService
from shared.settings import Settings, get_settings

if TYPE_CHECKING:
    from shared.services.backup import BackupService


@dataclass
class Container:
    """Everything a trigger or command needs, wired once."""

    settings: Settings
    clock: Clock
    database: SqlDatabase
    tenants: TenantService
    channels: ChannelService

    @cached_property
    def backups(self) -> BackupService:
        """Built on first use: the Blob SDK is imported only by what needs it."""
        from shared.adapters.storage import blob_service
        from shared.services.backup import BackupService

        return BackupService(self.database, blob_service(self.settings), self.clock,
                             self.settings.backup_retention_days)

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


def bootstrap(
    settings: Settings | None = None, *, database: SqlDatabase | None = None, clock: Clock | None = None
) -> Container:
    """Wire the application; every dependency can be overridden (tests, tools)."""
    settings = settings or get_settings()
    connection_string = settings.appinsights_connection_string.get_secret_value()
    if connection_string and not telemetry.enabled:
        telemetry.configure_azure_monitor(connection_string)
    install_log_context()
    clock = clock or SystemClock()
    database = database or build_database(settings)
    return Container(
        settings=settings,
        clock=clock,
        database=database,
        tenants=TenantService(database, clock),
        channels=ChannelService(database, clock),
    )


@lru_cache(maxsize=1)
def get_container() -> Container:
    """The process-wide container (hosts reuse worker processes)."""
    return bootstrap()
