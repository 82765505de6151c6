"""Tenant administration: lift a suspension (admin), rotate a tenant's API key (the tenant or admin), revoke
every key of a tenant (admin). One service: ``TenantService``.

A rotated key is shown once, in the response (which, like every answer, is ``Cache-Control: no-store``);
only its hash is stored, and the audit event records the operation, never the key.
"""

from __future__ import annotations

from fastapi import APIRouter, status
from pydantic import Field

from functions.http.audit import AuditedRoute, audited
from functions.http.deps import TenantServiceDep
from functions.http.models import PROBLEMS, ApiModel
from functions.http.routes.tenants import TenantOut
from functions.http.security import AdminDep, TenantIdDep
from shared.domain import api_keys
from shared.domain.events import EventType

router = APIRouter(prefix="/api/v1/tenants", tags=["tenants"], responses=PROBLEMS, route_class=AuditedRoute)


class KeyIssued(ApiModel):
    key_id: str = Field(examples=["key_0123456789abcdef"])
    api_key: str = Field(description="Shown once; only its hash is stored. Every earlier key is revoked.",
                         examples=["pip_key_0123456789abcdef.…"])


class KeysRevoked(ApiModel):
    revoked: int = Field(description="Keys revoked by this call", examples=[1])


@router.post("/{tenantId}/reinstate", response_model=TenantOut, summary="Lift a suspension (admin)")
@audited(EventType.USER_ACTION)
def reinstate(tenant_id: TenantIdDep, tenants: TenantServiceDep, _: AdminDep) -> TenantOut:
    return TenantOut.of(tenants.reinstate(tenant_id=tenant_id))


@router.post("/{tenantId}/api-keys", status_code=status.HTTP_201_CREATED, response_model=KeyIssued,
             summary="Rotate the API key: issue a new one (shown once) and revoke every other")
@audited(EventType.USER_ACTION)
def rotate_api_key(tenant_id: TenantIdDep, tenants: TenantServiceDep) -> KeyIssued:
    plaintext = tenants.rotate_api_key(tenant_id=tenant_id)
    parsed = api_keys.parse(plaintext)
    if parsed is None:  # the service issues only well-formed keys
        raise RuntimeError("an issued API key does not parse")
    return KeyIssued(key_id=parsed[0], api_key=plaintext)


@router.delete("/{tenantId}/api-keys", response_model=KeysRevoked,
               summary="Revoke every API key of the tenant (admin), e.g. after a leak")
@audited(EventType.USER_ACTION)
def revoke_api_keys(tenant_id: TenantIdDep, tenants: TenantServiceDep, _: AdminDep) -> KeysRevoked:
    return KeysRevoked(revoked=tenants.revoke_api_keys(tenant_id=tenant_id))
