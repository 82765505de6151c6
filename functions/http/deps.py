"""Request-scoped access to the process's container (overridable by tests through ``app.state``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from shared.bootstrap import Container


def container(request: Request) -> Container:
    provider = request.app.state.container_provider
    return provider()  # type: ignore[no-any-return]


ContainerDep = Annotated[Container, Depends(container)]
