"""The port services use to run a unit of work atomically (with transient-fault replay)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from shared.ports.repositories import AbstractRepositories, AbstractUnitOfWork

T = TypeVar("T")


class TransactionRunner(Protocol):
    """Runs ``work`` in one transaction and commits it; a transient fault replays the whole of ``work``."""

    repositories: AbstractRepositories

    def transact(self, work: Callable[[AbstractUnitOfWork], T], *, what: str = ...) -> T: ...

    def ping(self) -> None:
        """One round trip to the store (readiness); raises when it cannot answer."""
