"""The broker connector port: what the executor needs from any broker (quotes, account, orders)."""

from __future__ import annotations

import abc
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from shared.domain.broker import BrokerConnection
from shared.domain.errors import DomainError
from shared.domain.sizing import AccountSummary, Quote


class BrokerError(DomainError):
    """The broker refused the request (permanent: retrying will not help)."""


class BrokerUnavailableError(DomainError):
    """The broker could not be reached (transient: the trade command should be retried)."""


@dataclass(frozen=True, slots=True)
class OrderRequest:
    client_order_id: str
    symbol: str
    side: str  # "Buy" | "Sell"
    units: int
    order_type: str = "Market"  # "Market" | "Limit" | "Stop"
    price: Decimal | None = None
    stop_loss: Decimal | None = None
    take_profits: tuple[Decimal, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class OrderResult:
    """``duplicate`` is True when the client order id had already been placed: no second order was made."""

    broker_order_id: str
    client_order_id: str
    status: str  # "Filled" | "Pending"
    fill_price: Decimal | None
    duplicate: bool = False


def client_order_id(message_key: str, broker_connection_id: str) -> str:
    """Deterministic per (message, broker connection): a redelivered command can never place a second order."""
    digest = hashlib.sha256(f"{message_key}|{broker_connection_id}".encode()).hexdigest()
    return f"pip-{digest[:40]}"


class AbstractBrokerConnector(abc.ABC):
    """One tenant's account at one broker. Implementations must be idempotent on ``client_order_id``."""

    @abc.abstractmethod
    def get_quote(self, symbol: str, *, reference: Decimal | None = None) -> Quote | None:
        """The current price; a broker without one may answer with ``reference`` (the signal's entry)."""

    @abc.abstractmethod
    def get_account_summary(self) -> AccountSummary: ...

    @abc.abstractmethod
    def place_order(self, order: OrderRequest) -> OrderResult: ...


class AbstractConnectorFactory(abc.ABC):
    """Builds (and caches) a connector for a broker connection from its decrypted credentials."""

    @abc.abstractmethod
    def for_connection(self, connection: BrokerConnection, credentials: dict[str, Any]) -> AbstractBrokerConnector: ...
