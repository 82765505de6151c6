"""The tenant's Telegram sign-in: API credentials (the hash write-only) and the session folder (a zip).

An archived session (Blob Archive tier, offline) cannot be read until it is rehydrated: reading it starts
the rehydration and answers 409 "archived, rehydrating" with ``Retry-After`` (seconds) — a state of the
resource, not a server failure, so no 5xx.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request, Response
from pydantic import Field

from functions.http.audit import AuditedRoute
from functions.http.deps import ContainerDep
from functions.http.models import PROBLEMS, ApiModel, problem_response
from functions.http.problems import ProblemError
from functions.http.security import TenantIdDep
from shared.domain.sessions import SessionArchivedError, SessionManifest, Tier
from shared.domain.tenant import Tenant

router = APIRouter(prefix="/api/v1/tenants/{tenantId}", tags=["telegram"], responses=PROBLEMS,
                   route_class=AuditedRoute)

ZIP = "application/zip"
_ARCHIVED: dict[int | str, dict[str, Any]] = {409: {
    **problem_response("The session is archived, rehydrating (retry after `Retry-After` seconds), or another save won"),
    "headers": {"Retry-After": {"description": "Seconds until the session should be readable (when archived)",
                                "schema": {"type": "integer"}}},
}}


class TelegramCredentialsPut(ApiModel):
    api_id: Annotated[int, Field(ge=1, le=2**31 - 1, examples=[1234567])]
    api_hash: Annotated[str, Field(pattern=r"^[0-9a-fA-F]{32}$", description="Write-only",
                                   examples=["0123456789abcdef0123456789abcdef"])]
    phone_number: Annotated[str, Field(min_length=1, max_length=50, pattern=r"^\+?[0-9 ()-]+$",
                                       examples=["+447700900123"])] | None = None


class TelegramCredentialsOut(ApiModel):
    api_id: int | None = Field(examples=[1234567])
    phone_number: str | None = Field(examples=["+447700900123"])
    api_hash_set: bool = Field(description="Whether an API hash is stored (it is never returned)", examples=[True])

    @classmethod
    def of(cls, t: Tenant) -> TelegramCredentialsOut:
        return cls(api_id=t.telegram_api_id, phone_number=t.telegram_phone_number,
                   api_hash_set=bool(t.telegram_api_hash))


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
    state: Literal["available", "archived", "rehydrating"] = Field(
        description="`archived`: offline, the next read starts a rehydration; `rehydrating`: retry later",
        examples=["available"])
    tier: str = Field(description="The Blob access tier most of the session's files are in", examples=["Hot"])
    tiers: dict[str, int] = Field(description="Files per tier", examples=[{"Hot": 3}])
    total_bytes: int = Field(examples=[65792])
    file_count: int = Field(examples=[3])
    last_accessed_at: datetime
    version: str


@router.put("/telegram-credentials", response_model=TelegramCredentialsOut,
            summary="Set the Telegram API id, hash (write-only) and phone number")
def put_telegram_credentials(tenant_id: TenantIdDep, body: TelegramCredentialsPut,
                             container: ContainerDep) -> TelegramCredentialsOut:
    tenant = container.credentials.set_telegram_credentials(
        tenant_id=tenant_id, api_id=body.api_id, api_hash=body.api_hash, phone_number=body.phone_number)
    container.cache_invalidator.tenant(tenant_id)  # a cached tenant carries the API id
    return TelegramCredentialsOut.of(tenant)


@router.get("/telegram-credentials", response_model=TelegramCredentialsOut,
            summary="The Telegram API id and phone number; only whether the hash is set")
def get_telegram_credentials(tenant_id: TenantIdDep, container: ContainerDep) -> TelegramCredentialsOut:
    return TelegramCredentialsOut.of(container.tenants.get(tenant_id=tenant_id))


@router.put("/telegram-session", response_model=SessionManifestOut, responses=_ARCHIVED,
            summary="Upload the session folder as a zip (replaces the whole session)",
            openapi_extra={"requestBody": {"required": True, "content": {ZIP: {
                "schema": {"type": "string", "format": "binary"},
                "example": "<zip of td.binlog, db/td.db, files/...>"}}}})
async def put_telegram_session(tenant_id: TenantIdDep, request: Request,
                               container: ContainerDep) -> SessionManifestOut:
    from starlette.concurrency import run_in_threadpool

    archive = await request.body()
    if not archive:
        raise ProblemError(422, "Invalid request", "body: a zip of the session folder is required", field="body")

    def save() -> SessionManifest:  # blocking I/O: off the event loop
        container.tenants.get(tenant_id=tenant_id).ensure_active()
        return container.sessions.save_zip(tenant_id, archive)

    return SessionManifestOut.of(await run_in_threadpool(save))


@router.get("/telegram-session", response_class=Response, responses={
    **_ARCHIVED, 200: {"description": "The session folder as a zip", "content": {ZIP: {
        "schema": {"type": "string", "format": "binary"}, "example": "<zip>"}}}},
    summary="Download the session folder as a zip")
def get_telegram_session(tenant_id: TenantIdDep, container: ContainerDep) -> Response:
    try:
        archive = container.sessions.load_zip(tenant_id)
    except SessionArchivedError as exc:
        raise _archived(exc) from None
    return Response(archive, media_type=ZIP,
                    headers={"Content-Disposition": f'attachment; filename="{tenant_id}-session.zip"'})


@router.get("/telegram-session/status", response_model=SessionStatusOut,
            summary="Tier, size and last access of the session (and whether it is archived or rehydrating)")
def get_telegram_session_status(tenant_id: TenantIdDep, container: ContainerDep) -> SessionStatusOut:
    from shared.domain.errors import NotFoundError

    info = container.sessions.info(tenant_id)
    if info is None:
        raise NotFoundError("session", tenant_id, field="tenant_id")
    manifest = container.sessions.manifest(tenant_id)
    tiers = {str(Tier(t).value): n for t, n in info.tiers.items()}
    tier = max(tiers, key=lambda t: tiers[t]) if tiers else Tier.HOT.value
    state: Literal["available", "archived", "rehydrating"] = "available"
    if info.rehydrating:
        state = "rehydrating"
    elif tiers.get(Tier.ARCHIVE.value):
        state = "archived"
    return SessionStatusOut(state=state, tier=tier, tiers=tiers, total_bytes=manifest.total_bytes,
                            file_count=len(manifest.files), last_accessed_at=info.last_accessed_at,
                            version=info.version)


def _archived(exc: SessionArchivedError) -> ProblemError:
    seconds = max(1, int(exc.retry_after.total_seconds()))
    return ProblemError(409, "Archived, rehydrating", str(exc), field="telegramSession",
                        headers={"Retry-After": str(seconds)})
