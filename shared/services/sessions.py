"""The tenant's Telegram session folder as the API sees it: upload (only an Active tenant), download, status.

An archived session (Blob Archive tier, offline) cannot be read until it is rehydrated: reading it starts the
rehydration and raises ``SessionArchivedError`` with a retry-after, a state of the resource, not a failure.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from shared.domain import rules
from shared.domain.errors import NotFoundError
from shared.domain.sessions import SessionManifest, Tier
from shared.ports.repositories import AbstractRepositories
from shared.ports.sessions import AbstractSessionStore

logger = logging.getLogger(__name__)


class SessionState(StrEnum):
    AVAILABLE = "available"
    ARCHIVED = "archived"  # offline: the next read starts a rehydration
    REHYDRATING = "rehydrating"  # on its way back: retry later


@dataclass(frozen=True, slots=True)
class SessionStatus:
    state: SessionState
    tier: str  # the tier most of the session's files are in
    tiers: dict[str, int]  # files per tier
    total_bytes: int
    file_count: int
    last_accessed_at: datetime
    version: str


class SessionService:
    """Upload, download and status of one tenant's stored session."""

    def __init__(self, store: AbstractSessionStore, repositories: AbstractRepositories) -> None:
        self._store = store
        self._repositories = repositories

    def upload(self, *, tenant_id: str, archive: bytes) -> SessionManifest:
        """Replace the whole session with the files of ``archive`` (a zip); only an Active tenant may."""
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        tenant = self._repositories.tenants.get_by_id(tenant_id=tenant_id)
        if tenant is None:
            raise NotFoundError("tenant", tenant_id, field="tenant_id")
        tenant.ensure_active()
        manifest = self._store.save_zip(tenant_id, archive)
        logger.info("telegram session saved for tenant %s (%d files)", tenant_id, len(manifest.files))
        return manifest

    def download(self, *, tenant_id: str) -> bytes:
        """The session folder as a zip; ``SessionArchivedError`` while it is offline."""
        return self._store.load_zip(rules.entity_id("tenant_id", tenant_id))

    def status(self, *, tenant_id: str) -> SessionStatus:
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        info = self._store.info(tenant_id)
        if info is None:
            raise NotFoundError("session", tenant_id, field="tenant_id")
        manifest = self._store.manifest(tenant_id)
        tiers = {str(Tier(t).value): n for t, n in info.tiers.items()}
        tier = max(tiers, key=lambda t: tiers[t]) if tiers else Tier.HOT.value
        state = SessionState.AVAILABLE
        if info.rehydrating:
            state = SessionState.REHYDRATING
        elif tiers.get(Tier.ARCHIVE.value):
            state = SessionState.ARCHIVED
        return SessionStatus(state=state, tier=tier, tiers=tiers, total_bytes=manifest.total_bytes,
                             file_count=len(manifest.files), last_accessed_at=info.last_accessed_at,
                             version=info.version)
