"""Who is calling the API: the operator's admin key, or a tenant's API key."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from shared.domain import api_keys
from shared.services.tenants import TenantService


@dataclass(frozen=True, slots=True)
class Principal:
    is_admin: bool
    tenant_id: str | None = None
    key_id: str | None = None  # a tenant key's public id (``key_...``), never its secret

    def audit(self) -> dict[str, str]:
        """Who acted, as an audit event records it: the admin key, or a tenant key by its id."""
        if self.is_admin:
            return {"principal": "admin"}
        return {"principal": "tenant", **({"keyId": self.key_id} if self.key_id else {})}


class Authenticator:
    """Resolves a presented key to a principal, or None when it is unknown or revoked."""

    def __init__(self, admin_key: str, tenants: TenantService) -> None:
        self._admin_key = admin_key.encode()
        self._tenants = tenants

    def identify(self, token: str) -> Principal | None:
        if self._admin_key and hmac.compare_digest(token.encode(), self._admin_key):
            return Principal(is_admin=True)
        tenant_id = self._tenants.authenticate(token)
        if tenant_id is None:
            return None
        parsed = api_keys.parse(token)
        return Principal(is_admin=False, tenant_id=tenant_id, key_id=parsed[0] if parsed else None)

    def reaches(self, who: Principal, tenant_id: str) -> bool:
        """Whether ``who`` may address ``tenant_id``: a tenant key its own tenant only; the admin key any
        tenant that exists (a missing one is a 404 everywhere, not an empty list or a queued message)."""
        if not who.is_admin:
            return who.tenant_id == tenant_id
        return self._tenants.exists(tenant_id=tenant_id)
