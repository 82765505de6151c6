"""Broker connections. Credentials are write-only: accepted, sealed, never returned (``credentialsSet``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Request, Response, status
from pydantic import Field

from functions.http.audit import AuditedRoute, audit_detail, audited
from functions.http.deps import BrokerServiceDep
from functions.http.models import NO_CONTROL_CHARS, PROBLEMS, ApiModel, by_pascal, pascal
from functions.http.security import TenantIdDep
from shared.domain.broker import BrokerChanges, BrokerConnection
from shared.domain.enums import BrokerType
from shared.domain.errors import ValidationError
from shared.domain.events import EventType

router = APIRouter(prefix="/api/v1/tenants/{tenantId}/brokers", tags=["brokers"], responses=PROBLEMS,
                   route_class=AuditedRoute)

BrokerTypeName = Literal["IgMarkets", "Oanda", "Ibkr", "Alpaca", "ForexCom", "Paper", "Ccxt"]
BrokerIdPath = Annotated[str, Path(alias="brokerId", min_length=1, max_length=50, examples=["brk_0123456789"])]
DisplayName = Annotated[str, Field(min_length=1, max_length=255, pattern=NO_CONTROL_CHARS, examples=["OANDA live"])]
Credentials = Annotated[dict[str, Any], Field(
    min_length=1, max_length=50, description="Write-only; sealed with the tenant's key, never returned",
    examples=[{"accountId": "001-001-1234567-001", "apiToken": "…"}])]
Metadata = Annotated[dict[str, Any], Field(max_length=100, description="Non-secret settings (at most 16 KiB as JSON)",
                                           examples=[{"environment": "practice"}])]


class BrokerCreate(ApiModel):
    broker_type: BrokerTypeName = Field(examples=["Oanda"])
    display_name: DisplayName
    credentials: Credentials | None = None
    metadata: Metadata = {}
    is_active: bool = True


class BrokerPatch(ApiModel):
    display_name: DisplayName | None = None
    metadata: Metadata | None = None


class CredentialsPut(ApiModel):
    credentials: Credentials


class BrokerOut(ApiModel):
    id: str = Field(examples=["brk_0123456789"])
    broker_type: BrokerTypeName = Field(examples=["Oanda"])
    display_name: str
    metadata: dict[str, Any]
    is_active: bool
    credentials_set: bool = Field(description="Whether credentials are stored (they are never returned)",
                                  examples=[True])
    created_at: datetime
    updated_at: datetime | None = None
    last_used_at: datetime | None = None

    @classmethod
    def of(cls, b: BrokerConnection) -> BrokerOut:
        return cls(id=b.id, broker_type=pascal(b.broker_type.name), display_name=b.display_name,  # type: ignore[arg-type]
                   metadata=b.metadata, is_active=b.is_active, credentials_set=bool(b.encrypted_credentials),
                   created_at=b.created_at, updated_at=b.updated_at, last_used_at=b.last_used_at)


class VerificationOut(ApiModel):
    ok: bool = Field(description="Whether the venue accepted the credentials", examples=[False])
    reason: str | None = Field(default=None, description="The venue's reason when it did not (never the credentials)",
                               examples=["Insufficient authorization to perform request."])
    code: str | None = Field(default=None, examples=["credentials_rejected"],
                             description="credentials_rejected | invalid_configuration | broker_refused | "
                                         "broker_unavailable | credentials_unreadable")


@router.post("", status_code=status.HTTP_201_CREATED, response_model=BrokerOut, summary="Add a broker connection")
def create_broker(tenant_id: TenantIdDep, body: BrokerCreate, brokers: BrokerServiceDep) -> BrokerOut:
    return BrokerOut.of(brokers.add(
        tenant_id=tenant_id, broker_type=by_pascal(BrokerType, body.broker_type), display_name=body.display_name,
        credentials=body.credentials, metadata=body.metadata, is_active=body.is_active))


@router.get("", response_model=list[BrokerOut], summary="List the tenant's broker connections")
def list_brokers(tenant_id: TenantIdDep, brokers: BrokerServiceDep) -> list[BrokerOut]:
    return [BrokerOut.of(b) for b in brokers.for_tenant(tenant_id=tenant_id)]


@router.get("/{brokerId}", response_model=BrokerOut, summary="Read a broker connection (without credentials)")
def get_broker(tenant_id: TenantIdDep, broker_id: BrokerIdPath, brokers: BrokerServiceDep) -> BrokerOut:
    return BrokerOut.of(brokers.get(tenant_id=tenant_id, broker_id=broker_id))


@router.patch("/{brokerId}", response_model=BrokerOut, summary="Change the display name or metadata")
def patch_broker(tenant_id: TenantIdDep, broker_id: BrokerIdPath, body: BrokerPatch,
                 brokers: BrokerServiceDep) -> BrokerOut:
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    for name, value in changes.items():
        if value is None:
            raise ValidationError(name, "must not be null (omit it to leave it unchanged)")
    return BrokerOut.of(brokers.update(tenant_id=tenant_id, broker_id=broker_id, changes=BrokerChanges(**changes)))


@router.delete("/{brokerId}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response,
               summary="Remove a broker connection (and the channel routing to it)")
def delete_broker(tenant_id: TenantIdDep, broker_id: BrokerIdPath, brokers: BrokerServiceDep) -> Response:
    brokers.delete(tenant_id=tenant_id, broker_id=broker_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put("/{brokerId}/credentials", response_model=BrokerOut,
            summary="Replace the credentials (write-only: the response says only `credentialsSet`)")
def put_broker_credentials(tenant_id: TenantIdDep, broker_id: BrokerIdPath, body: CredentialsPut,
                           brokers: BrokerServiceDep) -> BrokerOut:
    return BrokerOut.of(brokers.set_credentials(tenant_id=tenant_id, broker_id=broker_id,
                                                          credentials=body.credentials))


@router.post("/{brokerId}/activate", response_model=BrokerOut, summary="Activate (signals route to it)")
def activate_broker(tenant_id: TenantIdDep, broker_id: BrokerIdPath, brokers: BrokerServiceDep) -> BrokerOut:
    return BrokerOut.of(brokers.activate(tenant_id=tenant_id, broker_id=broker_id))


@router.post("/{brokerId}/deactivate", response_model=BrokerOut, summary="Deactivate (no signal routes to it)")
def deactivate_broker(tenant_id: TenantIdDep, broker_id: BrokerIdPath, brokers: BrokerServiceDep) -> BrokerOut:
    return BrokerOut.of(brokers.deactivate(tenant_id=tenant_id, broker_id=broker_id))


@router.post("/{brokerId}/verify", response_model=VerificationOut,
             summary="Check the stored credentials against the venue (changes nothing; 200 either way)")
@audited(EventType.USER_ACTION)
def verify_broker(tenant_id: TenantIdDep, broker_id: BrokerIdPath, request: Request,
                  brokers: BrokerServiceDep) -> VerificationOut:
    outcome = brokers.verify(tenant_id=tenant_id, broker_id=broker_id)
    audit_detail(request, ok=outcome.ok, code=outcome.code)
    return VerificationOut(ok=outcome.ok, reason=outcome.reason, code=outcome.code)
