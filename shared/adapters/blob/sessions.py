"""Session store on Azure Blob Storage (``azure-storage-blob``), container ``telegram-sessions``.

Atomic replacement: versioned folders plus a pointer blob written last (see ``layout``). Blob
versioning was the alternative; it is not emulated by Azurite and would leave the superseded files
addressable only by version id, so the pointer design is what runs everywhere.

Integrity: each file's SHA-256 goes into the pointer's manifest and the blob's metadata; uploads
carry Content-MD5 (the service rejects a body that does not match) and downloads ask for per-range
MD5 (the SDK rejects a mismatch), then the whole file is checked against the manifest's SHA-256.

Last access: recorded in the pointer blob's metadata on each load. It lives beside the data the
tiering job moves, needs no schema change, and costs at most one metadata write per load (loads
happen at worker start-up, rarely). Like Azure's own last-access tracking it has a resolution
(one hour here, against thresholds of 30 and 90 days), so a burst of loads writes it once. Writing it
changes the pointer's ETag, which a concurrent save tolerates: it retries its conditional write as
long as the *version* it replaced is unchanged.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from azure.core import MatchConditions
from azure.core.exceptions import (
    HttpResponseError,
    ResourceExistsError,
    ResourceModifiedError,
    ResourceNotFoundError,
)
from azure.storage.blob import ContentSettings, RehydratePriority, StandardBlobTier

from shared.adapters.blob import layout
from shared.adapters.blob.folders import BlobFolders
from shared.adapters.blob.layout import Pointer
from shared.clock import Clock
from shared.domain.errors import ConflictError
from shared.domain.sessions import (
    Session,
    SessionArchivedError,
    SessionFile,
    SessionInfo,
    SessionIntegrityError,
    SessionManifest,
    Tier,
)
from shared.ports.sessions import DEFAULT_MAX_BYTES, AbstractSessionStore

if TYPE_CHECKING:
    from azure.storage.blob import BlobProperties, ContainerClient

logger = logging.getLogger(__name__)

_ARCHIVED = ("BlobArchived", "BlobBeingRehydrated")
_COMMIT_ATTEMPTS = 5
_LOAD_ATTEMPTS = 5
ACCESS_RESOLUTION = timedelta(hours=1)


def _code(exc: HttpResponseError) -> str:
    code = getattr(exc, "error_code", None)  # set by the storage SDK's error mapping, not declared
    return str(getattr(code, "value", code) or "")


def _rehydrating(props: BlobProperties) -> bool:
    return str(props.archive_status or "").startswith("rehydrate-pending")


class BlobSessionStore(AbstractSessionStore):
    """Telegram session folders in one container, one folder per tenant (the spec's layout per version)."""

    def __init__(
        self,
        container: ContainerClient,
        clock: Clock,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        workers: int = 8,
        orphan_grace: timedelta = timedelta(hours=1),
        retry_after: timedelta = timedelta(hours=1),
    ) -> None:
        super().__init__(max_bytes=max_bytes)
        self._container = container
        self._blobs = BlobFolders(container, workers=workers)
        self._clock = clock
        self._orphan_grace = orphan_grace
        self._retry_after = retry_after

    def _ping(self) -> None:
        self._container.exists()

    # -- save ---------------------------------------------------------------------------------------

    def _save(self, tenant_id: str, files: dict[str, bytes]) -> SessionManifest:
        self._blobs.ensure_container()
        now = self._clock.now()
        manifest = SessionManifest(
            tenant_id, layout.new_version(now), now, tuple(SessionFile.of(p, files[p]) for p in sorted(files))
        )
        # The pointer's properties are enough to replace it, even when its body is damaged.
        previous = self._blobs.pointer_properties(tenant_id)
        base = previous.metadata.get(layout.META_VERSION) if previous else None
        prefix = layout.version_prefix(tenant_id, manifest.version)
        try:
            self._blobs.parallel(lambda f: self._upload_file(tenant_id, prefix, files[f.path], f), manifest.files)
            self._commit(manifest, base, previous.etag if previous else None, now)
        except Exception:
            # Nothing points at the new folder: removing it is tidy-up, never needed for correctness.
            self._blobs.delete_quietly(prefix)
            raise
        if base:
            self._blobs.delete_quietly(layout.version_prefix(tenant_id, base))
        logger.info("session saved: tenant %s version %s (%s files, %s bytes)",
                    tenant_id, manifest.version, len(manifest.files), manifest.total_bytes)
        return manifest

    def _upload_file(self, tenant_id: str, prefix: str, data: bytes, file: SessionFile) -> None:
        # validate_content: each request carries Content-MD5 and the service refuses a body that does not
        # match (per block for large files); the whole-file MD5 is stored as the blob's property too.
        self._container.get_blob_client(prefix + file.path).upload_blob(
            data,
            overwrite=True,
            validate_content=True,
            metadata={layout.META_SHA256: file.sha256},
            content_settings=ContentSettings(content_type="application/octet-stream", content_md5=layout.md5(data)),
            standard_blob_tier=StandardBlobTier.HOT,
        )

    def _commit(self, manifest: SessionManifest, base: str | None, etag: str | None, now: datetime) -> None:
        """Replace the pointer iff it still names the version this save replaces (optimistic, by ETag)."""
        tenant_id = manifest.tenant_id
        body = layout.encode(manifest)
        metadata = {
            layout.META_VERSION: manifest.version,
            layout.META_SHA256: layout.sha256_hex(body),
            layout.META_LAST_ACCESS: now.isoformat(),
        }
        blob = self._container.get_blob_client(layout.pointer_name(tenant_id))
        for _ in range(_COMMIT_ATTEMPTS):
            condition: dict[str, Any] = (
                {"etag": etag, "match_condition": MatchConditions.IfNotModified} if etag else {}
            )
            try:
                blob.upload_blob(
                    body, overwrite=etag is not None, validate_content=True, metadata=metadata,
                    content_settings=ContentSettings(content_type="application/json", content_md5=layout.md5(body)),
                    standard_blob_tier=StandardBlobTier.HOT, **condition,
                )
                return
            except (ResourceModifiedError, ResourceExistsError):
                latest = self._blobs.pointer_properties(tenant_id)
                latest_version = latest.metadata.get(layout.META_VERSION) if latest else None
                if latest_version == manifest.version:
                    return  # our write landed but its response was lost; the SDK's retry then hit the condition
                if latest_version != base:
                    raise ConflictError(
                        "session", "another save replaced this tenant's session meanwhile; retry"
                    ) from None
                etag = latest.etag if latest else None  # only the access time changed: try again
        raise ConflictError("session", "the session pointer kept changing; retry")

    # -- load ---------------------------------------------------------------------------------------

    def _load(self, tenant_id: str) -> Session | None:
        for _ in range(_LOAD_ATTEMPTS):
            pointer = self._blobs.read_pointer(tenant_id)
            if pointer is None:
                return None
            try:
                contents = self._download_version(tenant_id, pointer)
            except ResourceNotFoundError:
                # A newer save committed and removed this version while we read it: read the new one.
                logger.info("session of tenant %s replaced during load; reading the new version", tenant_id)
                continue
            except HttpResponseError as exc:
                if _code(exc) not in _ARCHIVED:
                    raise
                started = self._rehydrate(tenant_id, pointer.version)
                self._touch(tenant_id, pointer)
                raise SessionArchivedError(tenant_id, started=started > 0, retry_after=self._retry_after) from exc
            self._touch(tenant_id, pointer)
            return Session(pointer.manifest, contents)
        raise ConflictError("session", "the session changed on every attempt to read it; retry")

    def _download_version(self, tenant_id: str, pointer: Pointer) -> dict[str, bytes]:
        prefix = layout.version_prefix(tenant_id, pointer.version)
        files = pointer.manifest.files
        contents = self._blobs.parallel(lambda f: self._download_file(prefix, f, tenant_id), files)
        return {f.path: data for f, data in zip(files, contents, strict=True)}

    def _download_file(self, prefix: str, file: SessionFile, tenant_id: str) -> bytes:
        data = self._container.get_blob_client(prefix + file.path).download_blob(validate_content=True).readall()
        if len(data) != file.size:
            raise SessionIntegrityError(tenant_id, file.path, f"{len(data)} bytes stored, {file.size} saved")
        if layout.sha256_hex(data) != file.sha256:
            raise SessionIntegrityError(tenant_id, file.path, "SHA-256 does not match the one recorded at save")
        return data

    def _touch(self, tenant_id: str, pointer: Pointer, at: datetime | None = None) -> None:
        """Record the access in the pointer's metadata; a save that raced us records its own."""
        at = at or self._clock.now()
        recorded = pointer.metadata.get(layout.META_LAST_ACCESS)
        if recorded and abs(at - datetime.fromisoformat(recorded)) < ACCESS_RESOLUTION:
            return
        metadata = {**pointer.metadata, layout.META_LAST_ACCESS: at.isoformat()}
        try:
            self._container.get_blob_client(layout.pointer_name(tenant_id)).set_blob_metadata(
                metadata, etag=pointer.etag, match_condition=MatchConditions.IfNotModified
            )
        except (ResourceModifiedError, ResourceNotFoundError):
            logger.info("session of tenant %s changed while recording its access; left as is", tenant_id)

    def _manifest(self, tenant_id: str) -> SessionManifest | None:
        pointer = self._blobs.read_pointer(tenant_id)
        return None if pointer is None else pointer.manifest

    # -- tiers --------------------------------------------------------------------------------------

    def _info(self, tenant_id: str) -> SessionInfo | None:
        props = self._blobs.pointer_properties(tenant_id)
        if props is None:
            return None
        version = props.metadata[layout.META_VERSION]
        blobs = list(self._blobs.blobs(layout.version_prefix(tenant_id, version)))
        tiers = Counter(Tier(str(b.blob_tier)) for b in blobs if b.blob_tier)
        return SessionInfo(
            tenant_id, version, datetime.fromisoformat(props.metadata[layout.META_LAST_ACCESS]),
            dict(tiers), sum(1 for b in blobs if _rehydrating(b)),
        )

    def _set_tier(self, tenant_id: str, tier: Tier, touch_at: datetime | None) -> int:
        pointer = self._blobs.read_pointer(tenant_id)
        if pointer is None:
            return 0
        moving = [b for b in self._blobs.blobs(layout.version_prefix(tenant_id, pointer.version))
                  if str(b.blob_tier) != tier.value and not _rehydrating(b)]
        self._blobs.parallel(lambda b: self._set_blob_tier(b, tier), moving)
        if touch_at is not None:
            self._touch(tenant_id, pointer, touch_at)
        if moving:
            logger.info("session of tenant %s: %s blobs -> %s", tenant_id, len(moving), tier.value)
        return len(moving)

    def _set_blob_tier(self, blob: BlobProperties, tier: Tier) -> None:
        # Leaving Archive is a rehydration; Standard priority (up to 15 h) is the cheap one.
        leaving_archive = str(blob.blob_tier) == Tier.ARCHIVE.value and tier is not Tier.ARCHIVE
        priority = RehydratePriority.STANDARD if leaving_archive else None
        try:
            self._container.get_blob_client(blob.name).set_standard_blob_tier(tier.value, rehydrate_priority=priority)
        except ResourceNotFoundError:
            logger.info("%s was replaced by a newer save while being tiered", blob.name)

    def _rehydrate(self, tenant_id: str, version: str) -> int:
        """Ask for every archived blob of ``version`` to come back to Hot; returns how many were asked."""
        archived = [b for b in self._blobs.blobs(layout.version_prefix(tenant_id, version))
                    if str(b.blob_tier) == Tier.ARCHIVE.value and not _rehydrating(b)]
        self._blobs.parallel(lambda b: self._set_blob_tier(b, Tier.HOT), archived)
        logger.info("session of tenant %s is archived: rehydration requested for %s blobs", tenant_id, len(archived))
        return len(archived)

    # -- listing, deletion, garbage ------------------------------------------------------------------

    def _tenants(self) -> Iterator[str]:
        try:
            for item in self._container.walk_blobs(delimiter="/"):
                if item.name.endswith("/"):
                    yield item.name[:-1]
        except ResourceNotFoundError:
            return

    def _delete(self, tenant_id: str) -> bool:
        # The pointer goes first: from then on readers see "no session", never a half-deleted one.
        try:
            self._container.delete_blob(layout.pointer_name(tenant_id))
            existed = True
        except ResourceNotFoundError:
            existed = False
        deleted = self._blobs.delete_prefix(layout.tenant_prefix(tenant_id))
        versions = self._blobs.delete_versions(layout.tenant_prefix(tenant_id))
        return deleted + versions > 0 or existed

    def _collect_garbage(self, tenant_id: str) -> int:
        props = self._blobs.pointer_properties(tenant_id)
        current = props.metadata.get(layout.META_VERSION) if props else None
        cutoff = self._clock.now() - self._orphan_grace
        deleted = 0
        try:
            folders = [p.name for p in self._container.walk_blobs(layout.versions_prefix(tenant_id), delimiter="/")]
        except ResourceNotFoundError:
            return 0
        for folder in folders:
            version = folder[len(layout.versions_prefix(tenant_id)):].rstrip("/")
            made = layout.version_time(version)
            if version == current or made is None or made > cutoff:
                continue  # current, foreign, or possibly a save still in flight
            deleted += self._blobs.delete_prefix(folder)
        if deleted:
            logger.info("session of tenant %s: removed %s leftover blobs", tenant_id, deleted)
        return deleted
