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
# The codes of a renewal that can never succeed again: someone else holds the blob's lease now.
_LOST = {"LeaseIdMismatchWithLeaseOperation", "LeaseNotPresentWithLeaseOperation", "LeaseLost",
         "LeaseIsBrokenAndCannotBeRenewed"}


class BlobLease(AbstractLease):
    def __init__(self, blob: BlobClient, lease: Any, lease_seconds: int = LEASE_SECONDS) -> None:
        self._blob = blob
        self._lease = lease
        self._seconds = lease_seconds
        self._held = True
        self._stop = threading.Event()
        self._renewer = threading.Thread(target=self._renew, name="lease-renewer", daemon=True)
        self._renewer.start()

    @property
    def held(self) -> bool:
        return self._held

    def _renew(self) -> None:
        from azure.core.exceptions import HttpResponseError

        while not self._stop.wait(self._seconds / 3):
            try:
                self._lease.renew()
            except HttpResponseError as exc:
                code = str(getattr(exc, "error_code", "") or "")
                if code in _LOST or exc.status_code == 409:
                    logger.warning("lost the lease on %s (%s)", self._blob.blob_name, code or exc.status_code)
                    self._held = False
                    return
                logger.warning("could not renew the lease on %s", self._blob.blob_name)
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
    def __init__(self, blobs: BlobServiceClient, container: str | None = None, *,
                 lease_seconds: int = LEASE_SECONDS) -> None:
        if not 15 <= lease_seconds <= 60:
            raise ValueError("a Blob lease lasts 15 to 60 seconds")
        self._container = blobs.get_container_client(container or LOCK_CONTAINER)
        self._seconds = lease_seconds

    def acquire(self, name: str) -> BlobLease | None:
        from azure.core.exceptions import HttpResponseError, ResourceExistsError

        blob = self._container.get_blob_client(name)
        for create in (self._container.create_container, lambda: blob.upload_blob(b"", overwrite=False)):
            try:
                create()
            except ResourceExistsError:
                pass
        try:
            lease = blob.acquire_lease(lease_duration=self._seconds)
        except HttpResponseError as exc:
            if getattr(exc, "error_code", None) == "LeaseAlreadyPresent":
                return None
            raise
        return BlobLease(blob, lease, self._seconds)
