"""The listener's checkpoints: the last message id it handed on, per channel of a tenant."""

from __future__ import annotations

import abc
from collections.abc import Mapping

from shared.domain import rules


class AbstractCheckpoints(abc.ABC):
    def load(self, tenant_id: str) -> dict[int, int]:
        """channel id -> last processed message id (empty for a tenant never listened to)."""
        return self._load(rules.entity_id("tenant_id", tenant_id))

    def save(self, tenant_id: str, checkpoints: Mapping[int, int]) -> None:
        """Replace the tenant's checkpoints (one writer: the holder of the session's lease)."""
        self._save(rules.entity_id("tenant_id", tenant_id), dict(checkpoints))

    def delete(self, tenant_id: str) -> bool:
        return self._delete(rules.entity_id("tenant_id", tenant_id))

    @abc.abstractmethod
    def _load(self, tenant_id: str) -> dict[int, int]: ...
    @abc.abstractmethod
    def _save(self, tenant_id: str, checkpoints: dict[int, int]) -> None: ...
    @abc.abstractmethod
    def _delete(self, tenant_id: str) -> bool: ...
