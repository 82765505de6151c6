"""The cold archive on Blob Storage: ``events-archive/{tenantId}/{yyyy}/{mm}/{dd}.jsonl.gz``.

Each file holds one tenant's events of one UTC day, one spec-shaped JSON document per line, oldest
first (ties by id). The gzip header carries no name and no time, so the same events always give
the same bytes: rewriting a day is idempotent down to the byte. The lifecycle policy (infra) moves
files to cooler tiers; a file in the Archive tier must be rehydrated before it can be read.
"""

from __future__ import annotations

import gzip
import json
import logging
import threading
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from shared.domain.errors import NotFoundError
from shared.domain.events import Event
from shared.ports.event_archive import CONTAINER, ArchivedDay, ArchiveOfflineError

if TYPE_CHECKING:
    from azure.storage.blob import BlobServiceClient, ContainerClient

logger = logging.getLogger(__name__)

CHECKPOINT_BLOB = "_state/archived-through.json"  # tenant ids start with a letter or digit: no clash


def day_path(tenant_id: str, day: date) -> str:
    """The blob name inside the container (the spec's path less the container name)."""
    return f"{tenant_id}/{day:%Y}/{day:%m}/{day:%d}.jsonl.gz"


def encode_day(events: Sequence[Event]) -> bytes:
    ordered = sorted(events, key=lambda e: (e.timestamp, e.id))
    lines = "".join(
        json.dumps(e.to_document(), ensure_ascii=False, separators=(",", ":")) + "\n" for e in ordered
    )
    return gzip.compress(lines.encode("utf-8"), mtime=0)


def decode_day(blob: bytes) -> list[Event]:
    text = gzip.decompress(blob).decode("utf-8")
    return [Event.from_document(json.loads(line)) for line in text.splitlines() if line]


class BlobEventArchive:
    """Day files in the ``events-archive`` container, created on first use."""

    def __init__(self, service: BlobServiceClient, container: str = CONTAINER) -> None:
        self._service = service
        self._container_name = container
        self._container: ContainerClient | None = None
        self._lock = threading.Lock()

    def _blobs(self) -> ContainerClient:
        from azure.core.exceptions import ResourceExistsError

        if self._container is None:
            with self._lock:
                if self._container is None:
                    client = self._service.get_container_client(self._container_name)
                    try:
                        client.create_container()
                    except ResourceExistsError:
                        pass
                    self._container = client
        return self._container

    def write_day(self, tenant_id: str, day: date, events: Sequence[Event]) -> ArchivedDay:
        from azure.storage.blob import ContentSettings

        strangers = {e.tenant_id for e in events} - {tenant_id}
        if strangers:
            raise ValueError(f"events of tenants {sorted(strangers)} cannot go into {tenant_id}'s archive")
        name = day_path(tenant_id, day)
        payload = encode_day(events)
        # One Put Blob replaces the whole file atomically: a crash leaves the old file or the new one.
        self._blobs().upload_blob(
            name, payload, overwrite=True,
            content_settings=ContentSettings(content_type="application/gzip"),
        )
        logger.info("archived %s events of tenant %s for %s", len(events), tenant_id, day)
        return ArchivedDay(f"{self._container_name}/{name}", len(events), len(payload))

    def read_day(self, tenant_id: str, day: date) -> list[Event]:
        from azure.core.exceptions import HttpResponseError, ResourceNotFoundError

        name = day_path(tenant_id, day)
        try:
            blob = self._blobs().download_blob(name).readall()
        except ResourceNotFoundError:
            raise NotFoundError("archived day", f"{tenant_id}/{day.isoformat()}") from None
        except HttpResponseError as exc:
            code = getattr(exc, "error_code", None)  # set by the storage SDK's error mapping, not declared
            if code in ("BlobArchived", "BlobBeingRehydrated"):
                raise ArchiveOfflineError(f"{name} is in the Archive tier ({code}); rehydrate it") from exc
            raise
        return decode_day(blob)

    def purge_tenant(self, tenant_id: str) -> int:
        """Delete the tenant's files, then every previous version: with blob versioning on (the spec's
        storage account), deleting a blob only turns it into a previous version."""
        from azure.core.exceptions import ResourceNotFoundError

        container = self._blobs()
        prefix = f"{tenant_id}/"
        names = [b.name for b in container.list_blobs(name_starts_with=prefix)]
        for name in names:
            try:  # a concurrent purge may have got there first: gone is done
                container.delete_blob(name, delete_snapshots="include")
            except ResourceNotFoundError:
                pass
        versions = 0
        for blob in container.list_blobs(name_starts_with=prefix, include=["versions"]):
            if getattr(blob, "version_id", None):
                try:
                    container.delete_blob(blob.name, version_id=blob.version_id)
                except ResourceNotFoundError:
                    pass
                versions += 1
        logger.info("purged %s archived days (%s versions) of tenant %s", len(names), versions, tenant_id)
        return len(names)

    def archived_through(self) -> date | None:
        from azure.core.exceptions import ResourceNotFoundError

        try:
            raw = self._blobs().download_blob(CHECKPOINT_BLOB).readall()
        except ResourceNotFoundError:
            return None
        return date.fromisoformat(json.loads(raw)["archivedThrough"])

    def set_archived_through(self, day: date) -> None:
        body = json.dumps({"archivedThrough": day.isoformat()})
        self._blobs().upload_blob(CHECKPOINT_BLOB, body.encode(), overwrite=True)
