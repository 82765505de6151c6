"""Tenants: registration and listing (admin), profile and lifecycle (the tenant or admin), GDPR deletion."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from pydantic import EmailStr, Field

from functions.http.audit import AuditedRoute, audit_detail, audit_tenant, audited
from functions.http.deps import TenantServiceDep
from functions.http.models import (
    NO_CONTROL_CHARS,
    PROBLEMS,
    ApiModel,
    PlanName,
    StatusName,
    plan_name,
    plan_value,
    status_name,
    status_value,
)
from functions.http.security import AdminDep, PrincipalDep, TenantIdDep, require_admin_for
from shared.domain.changes import UNSET
from shared.domain.events import EventType
from shared.domain.tenant import Tenant, TenantChanges

router = APIRouter(prefix="/api/v1/tenants", tags=["tenants"], responses=PROBLEMS, route_class=AuditedRoute)

ADMIN_ONLY_FIELDS = ("plan", "status")  # a tenant key changing its own plan would bill itself as it likes
DisplayName = Annotated[str, Field(min_length=1, max_length=255, pattern=NO_CONTROL_CHARS, examples=["Gold Desk"])]


class TenantCreate(ApiModel):
    email: Annotated[EmailStr, Field(max_length=254, examples=["desk@example.com"])]
    display_name: DisplayName
    plan: PlanName = "Free"


class TenantPatch(ApiModel):
    display_name: DisplayName | None = None
    plan: PlanName | None = Field(None, description="Admin key only")
    status: StatusName | None = Field(None, description="Admin key only; moves through the lifecycle's transitions")


class TenantOut(ApiModel):
    id: str = Field(examples=["ten_0123456789abcdef"])
    email: str = Field(examples=["desk@example.com"])
    display_name: str
    status: StatusName
    plan: PlanName
    created_at: datetime
    deactivated_at: datetime | None = None
    deletion_requested_at: datetime | None = None
    purge_after: datetime | None = None
    live_trading_enabled: bool = Field(
        description="Connections with metadata.environment=live trade only while this is true", examples=[False])

    @classmethod
    def of(cls, t: Tenant) -> TenantOut:
        return cls(id=t.id, email=t.email, display_name=t.display_name, status=status_name(t.status),
                   plan=plan_name(t.plan), created_at=t.created_at, deactivated_at=t.deactivated_at,
                   deletion_requested_at=t.deletion_requested_at, purge_after=t.purge_after,
                   live_trading_enabled=t.live_trading_enabled)


class LiveTradingPut(ApiModel):
    enabled: bool = Field(strict=True, description="true: live connections may trade real money; false: refused",
                          examples=[True])


class TenantCreated(ApiModel):
    tenant: TenantOut
    api_key: str = Field(description="Shown once; only its hash is stored.", examples=["pip_key_0123456789abcdef.…"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=TenantCreated,
             summary="Register a tenant (admin); returns its API key once")
@audited(EventType.TENANT_CREATED)
def create_tenant(body: TenantCreate, request: Request, tenants: TenantServiceDep, _: AdminDep) -> TenantCreated:
    tenant, key = tenants.register_with_api_key(
        email=str(body.email), display_name=body.display_name, plan=plan_value(body.plan))
    audit_tenant(request, tenant.id)
    return TenantCreated(tenant=TenantOut.of(tenant), api_key=key)


@router.get("", response_model=list[TenantOut], summary="List tenants (admin)")
def list_tenants(tenants: TenantServiceDep, _: AdminDep,
                 status_filter: Annotated[StatusName | None, Query(alias="status")] = None) -> list[TenantOut]:
    found = tenants.find(status=status_value(status_filter) if status_filter else None)
    return [TenantOut.of(t) for t in found]


@router.get("/{tenantId}", response_model=TenantOut, summary="Read a tenant")
def get_tenant(tenant_id: TenantIdDep, tenants: TenantServiceDep) -> TenantOut:
    return TenantOut.of(tenants.get(tenant_id=tenant_id))


@router.patch("/{tenantId}", response_model=TenantOut, summary="Change display name; plan and status (admin)")
def patch_tenant(tenant_id: TenantIdDep, body: TenantPatch, tenants: TenantServiceDep, who: PrincipalDep) -> TenantOut:
    require_admin_for(who, body, *ADMIN_ONLY_FIELDS)
    changes = TenantChanges(display_name=body.display_name if body.display_name is not None else UNSET,
                            plan=plan_value(body.plan) if body.plan else UNSET,
                            status=status_value(body.status) if body.status else UNSET)
    return TenantOut.of(tenants.update_profile(tenant_id=tenant_id, changes=changes))


@router.post("/{tenantId}/deactivate", response_model=TenantOut, summary="Deactivate (Active -> Inactive)")
@audited(EventType.USER_ACTION)
def deactivate(tenant_id: TenantIdDep, tenants: TenantServiceDep) -> TenantOut:
    return TenantOut.of(tenants.deactivate(tenant_id=tenant_id))


@router.post("/{tenantId}/reactivate", response_model=TenantOut, summary="Reactivate (Inactive -> Active)")
@audited(EventType.USER_ACTION)
def reactivate(tenant_id: TenantIdDep, tenants: TenantServiceDep) -> TenantOut:
    return TenantOut.of(tenants.reactivate(tenant_id=tenant_id))


@router.post("/{tenantId}/suspend", response_model=TenantOut, summary="Suspend a tenant (admin)")
@audited(EventType.USER_ACTION)
def suspend(tenant_id: TenantIdDep, tenants: TenantServiceDep, _: AdminDep) -> TenantOut:
    return TenantOut.of(tenants.suspend(tenant_id=tenant_id))


@router.delete("/{tenantId}", status_code=status.HTTP_202_ACCEPTED, response_model=TenantOut,
               summary="GDPR deletion: soft delete now, purge after a 30-day grace (purgeAfter)")
@audited(EventType.TENANT_DELETED)
def delete_tenant(tenant_id: TenantIdDep, tenants: TenantServiceDep) -> TenantOut:
    return TenantOut.of(tenants.schedule_deletion(tenant_id=tenant_id))


@router.post("/{tenantId}/restore", response_model=TenantOut, summary="Cancel a deletion within its grace")
@audited(EventType.USER_ACTION)
def restore(tenant_id: TenantIdDep, tenants: TenantServiceDep) -> TenantOut:
    return TenantOut.of(tenants.restore(tenant_id=tenant_id))


@router.put("/{tenantId}/live-trading", response_model=TenantOut,
            summary="Enable or disable trading on live accounts (off until the tenant enables it)")
@audited(EventType.USER_ACTION)
def put_live_trading(tenant_id: TenantIdDep, body: LiveTradingPut, request: Request,
                     tenants: TenantServiceDep) -> TenantOut:
    audit_detail(request, liveTradingEnabled=body.enabled)
    return TenantOut.of(tenants.set_live_trading(tenant_id=tenant_id, enabled=body.enabled))
