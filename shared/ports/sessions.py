"""Session-store port: a tenant's Telegram session folder, saved and loaded whole.

Public methods validate their input completely (tenant id, every name, the layout, the size limit,
the zip) before the adapter's ``_hooks`` run, so bad input never writes anything. Adapters promise:

- ``_save`` is all-or-nothing for readers: a load sees the previous session or the new one, never a
  mix, and a save that dies half-way leaves the previous session loadable;
- ``_load`` verifies every file against the checksums recorded at save time, records the tenant's
  last access, and raises ``SessionArchivedError`` (after requesting rehydration) for an archived one.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator, Mapping
from datetime import datetime

from shared.domain import rules
from shared.domain.errors import NotFoundError
from shared.domain.session_archive import read_zip, write_zip
from shared.domain.sessions import Session, SessionInfo, SessionManifest, Tier, check_files

DEFAULT_MAX_BYTES = 256 * 1024 * 1024


class AbstractSessionStore(abc.ABC):
    """Telegram session files per tenant."""

    def __init__(self, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes

    def save(self, tenant_id: str, files: Mapping[str, bytes]) -> SessionManifest:
        """Replace the tenant's whole session with ``files`` (path in the spec's layout -> bytes)."""
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        return self._save(tenant_id, check_files(files, max_bytes=self.max_bytes))

    def save_zip(self, tenant_id: str, archive: bytes) -> SessionManifest:
        """Replace the tenant's session with the contents of a zip of the session folder."""
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        return self._save(tenant_id, read_zip(archive, max_bytes=self.max_bytes))

    def load(self, tenant_id: str) -> Session:
        """The current session, byte-identical to what was saved. ``NotFoundError`` when there is none."""
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        session = self._load(tenant_id)
        if session is None:
            raise NotFoundError("session", tenant_id, field="tenant_id")
        return session

    def load_zip(self, tenant_id: str) -> bytes:
        """The current session as a zip in the spec's layout (the export format)."""
        return write_zip(dict(self.load(tenant_id).files))

    def manifest(self, tenant_id: str) -> SessionManifest:
        """The current session's files (spec layout), sizes and checksums, without reading them."""
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        manifest = self._manifest(tenant_id)
        if manifest is None:
            raise NotFoundError("session", tenant_id, field="tenant_id")
        return manifest

    def delete(self, tenant_id: str) -> bool:
        """Remove every stored byte of the tenant's session; False when there was none."""
        return self._delete(rules.entity_id("tenant_id", tenant_id))

    def tenants(self) -> Iterator[str]:
        """Tenant ids that have anything stored (committed sessions and leftovers of crashed saves)."""
        return self._tenants()

    def ping(self) -> None:
        """One round trip to the store (readiness); raises when it cannot answer."""
        self._ping()

    def info(self, tenant_id: str) -> SessionInfo | None:
        """Last access and tiers of the tenant's session, or None when it has no committed session."""
        return self._info(rules.entity_id("tenant_id", tenant_id))

    def set_tier(self, tenant_id: str, tier: Tier, *, touch_at: datetime | None = None) -> int:
        """Move every blob of the session to ``tier`` (Archive -> online is a standard-priority
        rehydration); returns how many blobs were asked to move. ``touch_at`` also records an access."""
        return self._set_tier(rules.entity_id("tenant_id", tenant_id), Tier(tier), touch_at)

    def collect_garbage(self, tenant_id: str) -> int:
        """Delete what crashed or superseded saves left behind (old enough not to be a save in flight)."""
        return self._collect_garbage(rules.entity_id("tenant_id", tenant_id))

    @abc.abstractmethod
    def _save(self, tenant_id: str, files: dict[str, bytes]) -> SessionManifest: ...
    @abc.abstractmethod
    def _load(self, tenant_id: str) -> Session | None: ...
    @abc.abstractmethod
    def _manifest(self, tenant_id: str) -> SessionManifest | None: ...
    @abc.abstractmethod
    def _delete(self, tenant_id: str) -> bool: ...
    @abc.abstractmethod
    def _tenants(self) -> Iterator[str]: ...
    @abc.abstractmethod
    def _info(self, tenant_id: str) -> SessionInfo | None: ...

    @abc.abstractmethod
    def _ping(self) -> None: ...
    @abc.abstractmethod
    def _set_tier(self, tenant_id: str, tier: Tier, touch_at: datetime | None) -> int: ...
    @abc.abstractmethod
    def _collect_garbage(self, tenant_id: str) -> int: ...
