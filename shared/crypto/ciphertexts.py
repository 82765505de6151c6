"""The port re-encryption uses: find envelopes not yet under a key version, and swap them safely."""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass, field

from shared.crypto.columns import SecretColumn


@dataclass(frozen=True, slots=True)
class StoredCiphertext:
    """One stored envelope and the row it belongs to."""

    column: SecretColumn
    tenant_id: str
    row_id: str
    envelope: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class CiphertextSwap:
    """Replace ``old`` by ``new`` in one row, only if the row still holds ``old``."""

    row_id: str
    old: str = field(repr=False)
    new: str = field(repr=False)


class AbstractCiphertextStore(abc.ABC):
    """Envelopes at rest, column by column, in row-id order (keyset pages: a restart is cheap)."""

    @abc.abstractmethod
    def scan(
        self, *, column: SecretColumn, excluding_prefix: str, after_row_id: str | None, limit: int
    ) -> list[StoredCiphertext]:
        """Up to ``limit`` non-empty envelopes not starting with ``excluding_prefix``, row id > ``after_row_id``."""

    @abc.abstractmethod
    def compare_and_swap(self, *, column: SecretColumn, swaps: Sequence[CiphertextSwap]) -> int:
        """Apply ``swaps`` in one transaction, each only where the row still holds its ``old`` value.

        Returns how many rows changed; a row updated meanwhile (by the application, or by a second
        re-encryption run) keeps its newer value.
        """

    @abc.abstractmethod
    def count(self, *, column: SecretColumn, excluding_prefix: str) -> int:
        """How many non-empty envelopes do not start with ``excluding_prefix``."""
