"""What a broker connection's metadata and credentials must hold, checked with errors that name the field."""

from __future__ import annotations

from typing import Any

from shared.domain.broker import BrokerConnection
from shared.ports.brokers import BrokerError

PRACTICE = frozenset({"practice", "demo", "testnet"})


def environment_of(connection: BrokerConnection) -> str:
    """``practice`` or ``live``; a connection that names none is practice (nothing trades real money by default)."""
    value = connection.metadata.get("environment", "practice")
    if value in PRACTICE:
        return "practice"
    if value == "live":
        return "live"
    raise BrokerError("metadata.environment must be practice, demo or live", code="invalid_configuration")


def credential(credentials: dict[str, Any], name: str) -> str:
    value = credentials.get(name)
    if not isinstance(value, str) or not value.strip():
        raise BrokerError(f"credentials.{name} is required", code="invalid_configuration")
    return value.strip()
