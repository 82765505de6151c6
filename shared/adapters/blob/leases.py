"""Blob leases (one empty blob per name in a container of its own), renewed in the background."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from shared.ports.leases import AbstractLease, AbstractLeases

if TYPE_CHECKING:
    from azure.storage.blob import BlobClient, BlobServiceClient

logger = logging.getLogger(__name__)
LOCK_CONTAINER = "maintenance-locks"
LEASE_SECONDS = 60  # a holder that dies loses the lease within a minute


class BlobLease(AbstractLease):
    def __init__(self, blob: BlobClient, lease: Any) -> None:
        self._blob = blob
        self._lease = lease
        self._stop = threading.Event()
        self._renewer = threading.Thread(target=self._renew, name="lease-renewer", daemon=True)
        self._renewer.start()

    def _renew(self) -> None:
        while not self._stop.wait(LEASE_SECONDS / 3):
            try:
                self._lease.renew()
            except Exception:  # noqa: BLE001 - a lost lease only risks duplicate (idempotent) work
                logger.warning("could not renew the lease on %s", self._blob.blob_name)

    def release(self) -> None:
        self._stop.set()
        self._renewer.join(5)
        try:
            self._lease.release()
        except Exception:  # noqa: BLE001 - it expires on its own within a minute
            logger.warning("could not release the lease on %s", self._blob.blob_name)


class BlobLeases(AbstractLeases):
    def __init__(self, blobs: BlobServiceClient, container: str | None = None) -> None:
        self._container = blobs.get_container_client(container or LOCK_CONTAINER)

    def acquire(self, name: str) -> BlobLease | None:
        from azure.core.exceptions import HttpResponseError, ResourceExistsError

        blob = self._container.get_blob_client(name)
        for create in (self._container.create_container, lambda: blob.upload_blob(b"", overwrite=False)):
            try:
                create()
            except ResourceExistsError:
                pass
        try:
            lease = blob.acquire_lease(lease_duration=LEASE_SECONDS)
        except HttpResponseError as exc:
            if getattr(exc, "error_code", None) == "LeaseAlreadyPresent":
                return None
            raise
        return BlobLease(blob, lease)
