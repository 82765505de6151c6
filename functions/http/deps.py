"""Request-scoped access to the process's container (overridable by tests through ``app.state``).

The composition root is imported on the first request, not when the host indexes the app: indexing stays
fast and never touches a backend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request

if TYPE_CHECKING:
    from shared.bootstrap import Container
    from shared.services.tenants import TenantService


def container(request: Request) -> Container:
    provider = request.app.state.container_provider
    return provider()  # type: ignore[no-any-return]


def process_container() -> Container:
    from shared.bootstrap import get_container

    return get_container()


if TYPE_CHECKING:
    ContainerDep = Annotated[Container, Depends(container)]
else:  # FastAPI reads the annotation at runtime; the type itself is only for the type checker
    ContainerDep = Annotated[Any, Depends(container)]


def tenant_service(c: ContainerDep) -> TenantService:
    """The one service the tenant-administration routes see."""
    return c.tenants


if TYPE_CHECKING:
    TenantServiceDep = Annotated[TenantService, Depends(tenant_service)]
else:
    TenantServiceDep = Annotated[Any, Depends(tenant_service)]
