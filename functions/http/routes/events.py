"""The tenant's audit trail (paged) and the GDPR export (every row it owns, its session's files, its events)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import Field

from functions.http.deps import EventQueryServiceDep
from functions.http.models import PROBLEMS, ApiModel, Instant
from functions.http.routes.telegram_session import SessionManifestOut
from functions.http.security import TenantIdDep
from shared.domain.events import Event, EventType
from shared.ports.events import MAX_PAGE_SIZE

router = APIRouter(prefix="/api/v1/tenants/{tenantId}", tags=["events"], responses=PROBLEMS)


class EventMetadata(ApiModel):
    correlation_id: str = Field(examples=["3f2c9a0e6b1d4e7f8a9b0c1d2e3f4a5b"])
    source: str = Field(examples=["ConfigurationApi"])


class EventOut(ApiModel):
    id: str = Field(examples=["evt_0123456789"])
    type: EventType = Field(examples=["ConfigurationChanged"])
    tenant_id: str
    timestamp: datetime
    data: dict[str, Any] = Field(examples=[{"operation": "patch_channel", "fields": ["regexPattern"]}])
    metadata: EventMetadata

    @classmethod
    def of(cls, e: Event) -> EventOut:
        return cls(id=e.id, type=e.type, tenant_id=e.tenant_id, timestamp=e.timestamp, data=e.data,
                   metadata=EventMetadata(correlation_id=e.correlation_id, source=e.source))


class EventPageOut(ApiModel):
    items: list[EventOut]
    continuation: str | None = Field(description="Pass back as `continuation` for the next page; null: last page",
                                     examples=[None])


class ExportOut(ApiModel):
    exported_at: datetime
    tenant_id: str = Field(examples=["ten_0123456789"])
    tables: dict[str, list[dict[str, Any]]] = Field(
        description="Every row the tenant owns, by table; secret columns masked as `[redacted]`",
        examples=[{"Tenants": [{"Id": "ten_0123456789", "TelegramApiHash": "[redacted]"}]}])
    session: SessionManifestOut | None = Field(description="The stored Telegram session's files (not their bytes)")
    events: list[EventOut]
    offline_days: list[date] = Field(description="Archived days in the offline Archive tier, not included: "
                                                 "export again once rehydrated", examples=[[]])


@router.get("/events", response_model=EventPageOut, summary="The tenant's events, newest first, paged")
def list_events(
    tenant_id: TenantIdDep, events: EventQueryServiceDep,
    types: Annotated[list[EventType] | None, Query(alias="type", max_length=len(EventType))] = None,
    since: Annotated[Instant | None, Query(description="Inclusive (ISO 8601 with offset); default: until - 90 days")]
    = None,
    until: Annotated[Instant | None, Query(description="Exclusive; default: now")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 100,
    continuation: Annotated[str | None, Query(min_length=1, max_length=1000)] = None,
) -> EventPageOut:
    page = events.page(tenant_id=tenant_id, types=types, since=since, until=until, limit=limit,
                       continuation=continuation)
    return EventPageOut(items=[EventOut.of(e) for e in page.events], continuation=page.continuation)


@router.get("/export", response_model=ExportOut,
            summary="GDPR access and portability: every row, the session's file list and every event")
def export_tenant(tenant_id: TenantIdDep, events: EventQueryServiceDep) -> ExportOut:
    found = events.export(tenant_id=tenant_id)
    return ExportOut(exported_at=found.exported_at, tenant_id=tenant_id, tables=found.tables,
                     session=SessionManifestOut.of(found.session) if found.session else None,
                     events=[EventOut.of(e) for e in found.events], offline_days=found.offline_days)
