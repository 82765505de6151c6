"""The container plumbing the session store is built on: pointer reads, prefix listing and deletion,
bounded parallelism. No session rules here; those are in ``sessions``."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

from azure.core.exceptions import HttpResponseError, ResourceExistsError, ResourceNotFoundError

from shared.adapters.blob import layout
from shared.adapters.blob.layout import Pointer
from shared.domain.sessions import SessionIntegrityError

if TYPE_CHECKING:
    from azure.storage.blob import BlobProperties, ContainerClient

logger = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")

_BATCH = 256  # the Blob batch API's limit per request


class BlobFolders:
    """One container seen as folders of blobs (``prefix/``), with the pointer blob per tenant."""

    def __init__(self, container: ContainerClient, *, workers: int = 8) -> None:
        self.container = container
        self._workers = workers
        self._ready = False
        self._ready_lock = threading.Lock()

    def delete_quietly(self, prefix: str) -> None:
        try:
            self.delete_prefix(prefix)
        except Exception:  # noqa: BLE001 - leftovers are collected later by the tiering job
            logger.exception("could not remove %s; left for garbage collection", prefix)

    def delete_prefix(self, prefix: str) -> int:
        names = [b.name for b in self.blobs(prefix)]
        for start in range(0, len(names), _BATCH):
            batch = names[start:start + _BATCH]
            # Snapshots go with their blob: a blob that has any cannot be deleted on its own (409).
            for response in self.container.delete_blobs(*batch, raise_on_any_failure=False,
                                                        delete_snapshots="include"):
                if response.status_code not in (202, 404):
                    raise HttpResponseError(message=f"deleting under {prefix}: HTTP {response.status_code}",
                                            response=response)
        return len(names)

    def delete_versions(self, prefix: str) -> int:
        """Delete every previous version under ``prefix``: with blob versioning on (the spec's storage
        account), deleting a blob only turns it into a previous version. Gone already counts as done."""
        try:
            versions = [(b.name, b.version_id) for b in self.container.list_blobs(name_starts_with=prefix,
                                                                                 include=["versions"])
                        if getattr(b, "version_id", None)]
        except ResourceNotFoundError:
            return 0
        for name, version_id in versions:
            try:
                self.container.delete_blob(name, version_id=version_id)
            except ResourceNotFoundError:
                pass
        return len(versions)

    def ensure_container(self) -> None:
        with self._ready_lock:
            if self._ready:
                return
            try:
                self.container.create_container()
            except ResourceExistsError:
                pass
            self._ready = True

    def blobs(self, prefix: str) -> list[BlobProperties]:
        try:
            return list(self.container.list_blobs(name_starts_with=prefix))
        except ResourceNotFoundError:
            return []

    def read_pointer(self, tenant_id: str) -> Pointer | None:
        try:
            downloader = self.container.get_blob_client(layout.pointer_name(tenant_id)).download_blob(
                validate_content=True
            )
            body = downloader.readall()
        except ResourceNotFoundError:
            return None
        props = downloader.properties
        metadata = dict(props.metadata or {})
        if metadata.get(layout.META_SHA256) != layout.sha256_hex(body):
            raise SessionIntegrityError(tenant_id, layout.POINTER, "SHA-256 does not match its metadata")
        return Pointer(layout.decode(body), str(props.etag), metadata)

    def pointer_properties(self, tenant_id: str) -> BlobProperties | None:
        try:
            return self.container.get_blob_client(layout.pointer_name(tenant_id)).get_blob_properties()
        except ResourceNotFoundError:
            return None

    def parallel(self, work: Callable[[T], R], items: Iterable[T]) -> list[R]:
        items = list(items)
        if len(items) <= 1:
            return [work(i) for i in items]
        with ThreadPoolExecutor(max_workers=min(self._workers, len(items))) as pool:
            return list(pool.map(work, items))
