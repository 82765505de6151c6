"""BrokerConnection: a tenant's account at a broker, with credentials held only as an encrypted envelope."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from shared.domain import rules
from shared.domain.changes import UNSET, Maybe
from shared.domain.enums import BrokerType
from shared.domain.errors import ValidationError

METADATA_MAX_BYTES = 16_384
PAPER_BALANCE_MAX = Decimal(10) ** 15  # what a JSON number carries exactly
CREDENTIALS_MAX_CHARS = 65_536


@dataclass(frozen=True, slots=True)
class BrokerChanges:
    """What a tenant may change of a connection besides its credentials (``UNSET``: unchanged)."""

    display_name: Maybe[str] = UNSET
    metadata: Maybe[dict[str, Any]] = UNSET


@dataclass(slots=True)
class BrokerConnection:
    """Never cached (spec): it is read only when a trade executes."""

    id: str
    tenant_id: str
    broker_type: BrokerType
    display_name: str
    created_at: datetime
    encrypted_credentials: str = field(default="", repr=False)
    metadata: dict[str, Any] = field(default_factory=dict)
    is_active: bool = True
    updated_at: datetime | None = None
    last_used_at: datetime | None = None

    def __post_init__(self) -> None:
        self.id = rules.entity_id("id", self.id)
        self.tenant_id = rules.entity_id("tenant_id", self.tenant_id)
        self.broker_type = rules.enum_value("broker_type", BrokerType, self.broker_type)
        self.display_name = rules.required_text("display_name", self.display_name, 255)
        if not isinstance(self.encrypted_credentials, str) or len(self.encrypted_credentials) > CREDENTIALS_MAX_CHARS:
            raise ValidationError("encrypted_credentials", f"must be a string of at most {CREDENTIALS_MAX_CHARS} chars")
        if not isinstance(self.metadata, dict):
            raise ValidationError("metadata", "must be a JSON object")
        rules.json_depth("metadata", self.metadata)
        try:
            encoded = json.dumps(self.metadata, separators=(",", ":"), allow_nan=False)
        except (TypeError, ValueError):
            raise ValidationError("metadata", "must be JSON-serialisable") from None
        if len(encoded.encode()) > METADATA_MAX_BYTES:
            raise ValidationError("metadata", f"must be at most {METADATA_MAX_BYTES} bytes as JSON")
        if self.broker_type is BrokerType.PAPER:
            _check_paper_metadata(self.metadata)
        if not isinstance(self.is_active, bool):
            raise ValidationError("is_active", "must be a boolean")
        rules.aware("created_at", self.created_at)
        rules.aware("updated_at", self.updated_at, required=False)
        rules.aware("last_used_at", self.last_used_at, required=False)

    def apply(self, changes: BrokerChanges, now: datetime) -> BrokerConnection:
        """The whole row is re-validated before the write."""
        if changes.display_name is not UNSET:
            self.display_name = changes.display_name
        if changes.metadata is not UNSET:
            self.metadata = changes.metadata
        BrokerConnection.__post_init__(self)
        self.updated_at = now
        return self

    def activate(self, now: datetime) -> None:
        self.is_active = True
        self.updated_at = now

    def deactivate(self, now: datetime) -> None:
        self.is_active = False
        self.updated_at = now

    def mark_used(self, now: datetime) -> None:
        self.last_used_at = now


def _check_paper_metadata(metadata: dict[str, Any]) -> None:
    """The simulator's opening balance: refused here, when it is set, rather than at the first trade."""
    if "initialBalance" not in metadata:
        return
    value = metadata["initialBalance"]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError("metadata.initialBalance", "must be a number")
    if not 0 < Decimal(str(value)) <= PAPER_BALANCE_MAX:
        raise ValidationError("metadata.initialBalance", f"must be greater than 0 and at most {PAPER_BALANCE_MAX:.0f}")
