"""Listener checkpoints on Blob Storage: ``telegram-listener/{tenantId}/checkpoints.json``.

One small JSON blob per tenant, replaced whole on each write (a single PUT is atomic for readers).
Only the holder of the tenant's session lease writes it, so no write condition is needed.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from azure.core.exceptions import ResourceExistsError, ResourceNotFoundError

from shared.ports.checkpoints import AbstractCheckpoints

if TYPE_CHECKING:
    from azure.storage.blob import BlobServiceClient

CONTAINER = "telegram-listener"


class BlobCheckpoints(AbstractCheckpoints):
    def __init__(self, blobs: BlobServiceClient, container: str = CONTAINER) -> None:
        self._container = blobs.get_container_client(container)
        self._created = False

    def _blob_name(self, tenant_id: str) -> str:
        return f"{tenant_id}/checkpoints.json"

    def _load(self, tenant_id: str) -> dict[int, int]:
        try:
            raw = self._container.get_blob_client(self._blob_name(tenant_id)).download_blob().readall()
        except ResourceNotFoundError:
            return {}
        body = json.loads(raw)
        return {int(channel): int(message) for channel, message in body.get("channels", {}).items()}

    def _save(self, tenant_id: str, checkpoints: dict[int, int]) -> None:
        if not self._created:
            try:
                self._container.create_container()
            except ResourceExistsError:
                pass
            self._created = True
        body = json.dumps({"channels": {str(c): m for c, m in sorted(checkpoints.items())}}, separators=(",", ":"))
        self._container.get_blob_client(self._blob_name(tenant_id)).upload_blob(body.encode(), overwrite=True)

    def _delete(self, tenant_id: str) -> bool:
        try:
            self._container.get_blob_client(self._blob_name(tenant_id)).delete_blob()
        except ResourceNotFoundError:
            return False
        return True
