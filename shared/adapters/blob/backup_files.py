"""Backup files in the ``backups`` container of the data account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.ports.backups import AbstractBackupFiles

if TYPE_CHECKING:
    from azure.storage.blob import BlobServiceClient

CONTAINER = "backups"


class BlobBackupFiles(AbstractBackupFiles):
    def __init__(self, blobs: BlobServiceClient, container: str | None = None) -> None:
        self._container = blobs.get_container_client(container or CONTAINER)
        self._ready = False

    def _ensure(self) -> None:
        if self._ready:
            return
        from azure.core.exceptions import ResourceExistsError

        try:
            self._container.create_container()
        except ResourceExistsError:
            pass
        self._ready = True

    def put(self, name: str, data: bytes) -> None:
        self._ensure()
        self._container.upload_blob(name, data, overwrite=True)

    def get(self, name: str) -> bytes | None:
        from azure.core.exceptions import ResourceNotFoundError

        self._ensure()
        try:
            data: bytes = self._container.download_blob(name).readall()
        except ResourceNotFoundError:
            return None
        return data

    def names(self) -> list[str]:
        self._ensure()
        return [blob.name for blob in self._container.list_blobs()]

    def delete(self, name: str) -> None:
        self._container.delete_blob(name)
