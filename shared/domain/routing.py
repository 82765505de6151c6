"""Broker routing: which of a tenant's broker connections a channel's signals go to. Pure.

Routing carries each connection's identity and whether it is active, never its credentials or metadata,
so it may be cached with the channel's other configuration; a connector is built from the connection
itself, read when one is needed (sizing on equity, the daily loss guard's balance).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from shared.domain.enums import BrokerType


@dataclass(frozen=True, slots=True)
class BrokerRoute:
    id: str
    broker_type: BrokerType
    is_active: bool = True


@dataclass(frozen=True, slots=True)
class BrokerRouting:
    """A tenant's connections in creation order, and the connections each channel configuration (by its id) is
    mapped to."""

    tenant_id: str
    brokers: tuple[BrokerRoute, ...] = ()
    mappings: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def for_channel(self, config_id: str) -> list[BrokerRoute]:
        """The channel's mapped connections, else every active one of the tenant; inactive ones never (a
        channel mapped only to inactive connections routes nowhere)."""
        mapped = self.mappings.get(config_id)
        return [b for b in self.brokers if b.is_active and (not mapped or b.id in mapped)]
