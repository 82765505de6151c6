"""Where a session's blobs live, and the pointer blob that says which save is current.

    telegram-sessions/
      {tenantId}/current.json                 the pointer: version + manifest (always Hot)
      {tenantId}/v/{version}/td.binlog        one complete copy of the spec's layout per save
      {tenantId}/v/{version}/db/td.db
      {tenantId}/v/{version}/db/td.db-journal
      {tenantId}/v/{version}/files/...

A save uploads a new version folder, then replaces the pointer (conditionally on its ETag), then
deletes the folder it superseded. Readers resolve the pointer first, so they see one version whole.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from shared.domain.sessions import SessionFile, SessionManifest

CONTAINER = "telegram-sessions"
POINTER = "current.json"
FORMAT = 1
_STAMP = "%Y%m%dT%H%M%S%fZ"
_STAMP_LEN = 22

# Blob metadata keys (must be C# identifiers; the service lower-cases them).
META_VERSION = "version"
META_SHA256 = "sha256"
META_LAST_ACCESS = "lastaccessedat"


def tenant_prefix(tenant_id: str) -> str:
    return f"{tenant_id}/"


def pointer_name(tenant_id: str) -> str:
    return f"{tenant_id}/{POINTER}"


def versions_prefix(tenant_id: str) -> str:
    return f"{tenant_id}/v/"


def version_prefix(tenant_id: str, version: str) -> str:
    return f"{tenant_id}/v/{version}/"


def new_version(now: datetime) -> str:
    """Sortable by time, unique across concurrent savers (random suffix)."""
    return f"{now.astimezone(UTC).strftime(_STAMP)}-{secrets.token_hex(4)}"


def version_time(version: str) -> datetime | None:
    try:
        return datetime.strptime(version[:_STAMP_LEN], _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Pointer:
    """The current.json blob as read: the manifest it holds, its ETag and metadata."""

    manifest: SessionManifest
    etag: str
    metadata: dict[str, str]

    @property
    def version(self) -> str:
        return self.manifest.version


def encode(manifest: SessionManifest) -> bytes:
    body = {
        "format": FORMAT,
        "tenantId": manifest.tenant_id,
        "version": manifest.version,
        "savedAt": manifest.saved_at.isoformat(),
        "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in manifest.files],
    }
    return json.dumps(body, separators=(",", ":"), sort_keys=True).encode()


def decode(body: bytes) -> SessionManifest:
    data = json.loads(body)
    if data.get("format") != FORMAT:
        raise ValueError(f"unknown pointer format {data.get('format')!r}")
    files = tuple(SessionFile(f["path"], int(f["size"]), f["sha256"]) for f in data["files"])
    return SessionManifest(data["tenantId"], data["version"], datetime.fromisoformat(data["savedAt"]), files)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def md5(data: bytes) -> bytearray:
    # Content-MD5 is the Blob service's own transport check, not a security function.
    return bytearray(hashlib.md5(data, usedforsecurity=False).digest())
