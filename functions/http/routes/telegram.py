"""The tenant's Telegram API credentials: the API id and phone number, and the API hash (write-only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import Field

from functions.http.audit import AuditedRoute
from functions.http.deps import CredentialServiceDep
from functions.http.models import PROBLEMS, ApiModel
from functions.http.security import TenantIdDep
from shared.domain.tenant import Tenant

router = APIRouter(prefix="/api/v1/tenants/{tenantId}", tags=["telegram"], responses=PROBLEMS,
                   route_class=AuditedRoute)

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


@router.put("/telegram-credentials", response_model=TelegramCredentialsOut,
            summary="Set the Telegram API id, hash (write-only) and phone number")
def put_telegram_credentials(tenant_id: TenantIdDep, body: TelegramCredentialsPut,
                             credentials: CredentialServiceDep) -> TelegramCredentialsOut:
    return TelegramCredentialsOut.of(credentials.set_telegram_credentials(
        tenant_id=tenant_id, api_id=body.api_id, api_hash=body.api_hash, phone_number=body.phone_number))


@router.get("/telegram-credentials", response_model=TelegramCredentialsOut,
            summary="The Telegram API id and phone number; only whether the hash is set")
def get_telegram_credentials(tenant_id: TenantIdDep, credentials: CredentialServiceDep) -> TelegramCredentialsOut:
    return TelegramCredentialsOut.of(credentials.get_telegram_credentials(tenant_id=tenant_id))
