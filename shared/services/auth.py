"""Who is calling the API: the operator's admin key, or a tenant's API key."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from shared.services.tenants import TenantService


@dataclass(frozen=True, slots=True)
class Principal:
    is_admin: bool
    tenant_id: str | None = None


class Authenticator:
    """Resolves a presented key to a principal, or None when it is unknown or revoked."""

    def __init__(self, admin_key: str, tenants: TenantService) -> None:
        self._admin_key = admin_key.encode()
        self._tenants = tenants

    def identify(self, token: str) -> Principal | None:
        if self._admin_key and hmac.compare_digest(token.encode(), self._admin_key):
            return Principal(is_admin=True)
        tenant_id = self._tenants.authenticate(token)
        return None if tenant_id is None else Principal(is_admin=False, tenant_id=tenant_id)

    def reaches(self, who: Principal, tenant_id: str) -> bool:
        """Whether ``who`` may address ``tenant_id``: a tenant key its own tenant only; the admin key any
        tenant that exists (a missing one is a 404 everywhere, not an empty list or a queued message)."""
        if not who.is_admin:
            return who.tenant_id == tenant_id
        return self._tenants.exists(tenant_id=tenant_id)
