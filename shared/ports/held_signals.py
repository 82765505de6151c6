"""The held-signals repository: tenant-scoped, with a resolution that happens at most once."""

from __future__ import annotations

import abc

from shared.domain.review import HeldSignal, HeldStatus


class AbstractHeldSignalRepository(abc.ABC):
    @abc.abstractmethod
    def add_if_absent(self, held: HeldSignal) -> HeldSignal:
        """Store ``held`` unless the same message's signal is already held; returns the stored one (a
        redelivered message holds nothing twice)."""

    @abc.abstractmethod
    def get(self, *, tenant_id: str, held_id: str) -> HeldSignal | None: ...

    @abc.abstractmethod
    def page(self, *, tenant_id: str, status: HeldStatus | None, limit: int, offset: int) -> list[HeldSignal]:
        """Newest first."""

    @abc.abstractmethod
    def resolve(self, held: HeldSignal) -> bool:
        """Write ``held``'s resolution only if the row is still Pending; False when another resolution won."""
