"""The backup service on its production adapters: SQL tables out, Blob files in, Blob leases."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.adapters.blob.backup_files import BlobBackupFiles
from shared.adapters.blob.leases import BlobLeases
from shared.adapters.sql.backup_source import SqlBackupSource
from shared.adapters.sql.database import SqlDatabase
from shared.clock import Clock
from shared.ports.leases import AbstractLeases
from shared.services.backup import BackupService

if TYPE_CHECKING:
    from azure.storage.blob import BlobServiceClient


def blob_backup_service(database: SqlDatabase, blobs: BlobServiceClient, clock: Clock, retention_days: int = 7,
                        *, leases: AbstractLeases | None = None) -> BackupService:
    return BackupService(SqlBackupSource(database), BlobBackupFiles(blobs), leases or BlobLeases(blobs), clock,
                         retention_days)
