"""The tenant's Telegram session folder (a zip): upload, download and status.

An archived session (Blob Archive tier, offline) cannot be read until it is rehydrated: reading it starts
the rehydration and answers 409 "archived, rehydrating" with ``Retry-After`` (seconds) — a state of the
resource, not a server failure, so no 5xx.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import Field

from functions.http.audit import AuditedRoute
from functions.http.deps import SessionServiceDep
from functions.http.models import PROBLEMS, ApiModel, problem_response
from functions.http.problems import ProblemError
from functions.http.security import TenantIdDep
from shared.domain.sessions import SessionArchivedError, SessionManifest
from shared.services.sessions import SessionState, SessionStatus

router = APIRouter(prefix="/api/v1/tenants/{tenantId}", tags=["telegram"], responses=PROBLEMS,
                   route_class=AuditedRoute)

ZIP = "application/zip"
_ARCHIVED: dict[int | str, dict[str, Any]] = {409: {
    **problem_response("The session is archived, rehydrating (retry after `Retry-After` seconds), or another save won"),
    "headers": {"Retry-After": {"description": "Seconds until the session should be readable (when archived)",
                                "schema": {"type": "integer"}}},
}}


class SessionFileOut(ApiModel):
    path: str = Field(examples=["td.binlog"])
    size: int = Field(examples=[65792])
    sha256: str


class SessionManifestOut(ApiModel):
    version: str
    saved_at: datetime
    total_bytes: int = Field(examples=[65792])
    files: list[SessionFileOut]

    @classmethod
    def of(cls, m: SessionManifest) -> SessionManifestOut:
        return cls(version=m.version, saved_at=m.saved_at, total_bytes=m.total_bytes,
                   files=[SessionFileOut(path=f.path, size=f.size, sha256=f.sha256) for f in m.files])


class SessionStatusOut(ApiModel):
    state: SessionState = Field(
        description="`archived`: offline, the next read starts a rehydration; `rehydrating`: retry later",
        examples=["available"])
    tier: str = Field(description="The Blob access tier most of the session's files are in", examples=["Hot"])
    tiers: dict[str, int] = Field(description="Files per tier", examples=[{"Hot": 3}])
    total_bytes: int = Field(examples=[65792])
    file_count: int = Field(examples=[3])
    last_accessed_at: datetime
    version: str

    @classmethod
    def of(cls, s: SessionStatus) -> SessionStatusOut:
        return cls(state=s.state, tier=s.tier, tiers=s.tiers, total_bytes=s.total_bytes,
                   file_count=s.file_count, last_accessed_at=s.last_accessed_at, version=s.version)


@router.put("/telegram-session", response_model=SessionManifestOut, responses=_ARCHIVED,
            summary="Upload the session folder as a zip (replaces the whole session)",
            openapi_extra={"requestBody": {"required": True, "content": {ZIP: {
                "schema": {"type": "string", "format": "binary"},
                "example": "<zip of td.binlog, db/td.db, files/...>"}}}})
async def put_telegram_session(tenant_id: TenantIdDep, request: Request,
                               sessions: SessionServiceDep) -> SessionManifestOut:
    from starlette.concurrency import run_in_threadpool

    archive = await request.body()
    if not archive:
        raise ProblemError(422, "Invalid request", "body: a zip of the session folder is required", field="body")
    # blocking I/O: off the event loop
    manifest = await run_in_threadpool(lambda: sessions.upload(tenant_id=tenant_id, archive=archive))
    return SessionManifestOut.of(manifest)


@router.get("/telegram-session", response_class=Response, responses={
    **_ARCHIVED, 200: {"description": "The session folder as a zip", "content": {ZIP: {
        "schema": {"type": "string", "format": "binary"}, "example": "<zip>"}}}},
    summary="Download the session folder as a zip")
def get_telegram_session(tenant_id: TenantIdDep, sessions: SessionServiceDep) -> Response:
    try:
        archive = sessions.download(tenant_id=tenant_id)
    except SessionArchivedError as exc:
        raise _archived(exc) from None
    return Response(archive, media_type=ZIP,
                    headers={"Content-Disposition": f'attachment; filename="{tenant_id}-session.zip"'})


@router.get("/telegram-session/status", response_model=SessionStatusOut,
            summary="Tier, size and last access of the session (and whether it is archived or rehydrating)")
def get_telegram_session_status(tenant_id: TenantIdDep, sessions: SessionServiceDep) -> SessionStatusOut:
    return SessionStatusOut.of(sessions.status(tenant_id=tenant_id))


def _archived(exc: SessionArchivedError) -> ProblemError:
    seconds = max(1, int(exc.retry_after.total_seconds()))
    return ProblemError(409, "Archived, rehydrating", str(exc), field="telegramSession",
                        headers={"Retry-After": str(seconds)})
