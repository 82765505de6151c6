"""Who is calling: the admin key, or a tenant's API key. Both as ``Authorization: Bearer <key>``.

A tenant key reaches only its own tenant; any other tenant id answers 404 exactly as a missing one
would, so a key never learns which tenants exist.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request
from pydantic import BaseModel

from functions.http.deps import AuthenticatorDep
from functions.http.problems import ProblemError, api_field
from shared.domain.errors import NotFoundError
from shared.services.auth import Principal


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ProblemError(401, "Unauthorized", "send `Authorization: Bearer <key>`", field="Authorization",
                           headers={"WWW-Authenticate": "Bearer"})
    return token.strip()


def principal(request: Request, auth: AuthenticatorDep) -> Principal:
    found = auth.identify(_bearer(request))
    if found is None:
        raise ProblemError(401, "Unauthorized", "unknown or revoked key", field="Authorization",
                           headers={"WWW-Authenticate": "Bearer"})
    return found


PrincipalDep = Annotated[Principal, Depends(principal)]


def require_admin(who: PrincipalDep) -> Principal:
    if not who.is_admin:
        raise ProblemError(403, "Forbidden", "this operation needs the admin key")
    return who


def tenant_scope(tenant_id: Annotated[str, Path(alias="tenantId", min_length=1, max_length=50)],
                 who: PrincipalDep) -> str:
    """The path's tenant id, if the caller may act on it; otherwise the same 404 as a missing tenant."""
    if not who.is_admin and who.tenant_id != tenant_id:
        raise NotFoundError("tenant", tenant_id, field="tenant_id")
    return tenant_id


def require_admin_for(who: Principal, body: BaseModel, *fields: str) -> None:
    """403 naming the first of ``fields`` (admin-only) that a tenant key tried to set; nothing is changed."""
    if who.is_admin:
        return
    for name in fields:
        if getattr(body, name) is not None:
            field = api_field(name)
            raise ProblemError(403, "Forbidden", f"{field}: only the admin key may change it", field=field)


AdminDep = Annotated[Principal, Depends(require_admin)]
TenantIdDep = Annotated[str, Depends(tenant_scope)]
__all__ = ["AdminDep", "Principal", "PrincipalDep", "TenantIdDep", "require_admin_for"]
