"""The broker connector port: what the executor needs from any venue (quotes, account, orders and the
actions on them after the first order).

Every method is idempotent on our client ids. A connector that cannot tell whether a request reached the
venue (timeout, reset, 5xx) looks the order up by client id before it sends anything again; only when the
outcome is still unknown does it raise ``BrokerUnavailableError`` so that the queue retries the command.
"""

from __future__ import annotations

import abc
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from shared.domain.broker import BrokerConnection
from shared.domain.errors import DomainError
from shared.domain.sizing import AccountSummary, Quote, unit_value_of


class BrokerError(DomainError):
    """The broker refused the request (permanent: retrying will not help). ``reason`` is the venue's words."""

    def __init__(self, reason: str, *, code: str = "broker_refused") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


class CredentialsRejectedError(BrokerError):
    """The venue rejected the connection's credentials (401/403): the connection should be deactivated."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, code="credentials_rejected")


class UnknownSymbolError(BrokerError):
    """The symbol has no mapping at this venue: refused, never guessed."""

    def __init__(self, symbol: str) -> None:
        super().__init__(f"no instrument for symbol {symbol!r} at this broker", code="unknown_symbol")


class BrokerUnavailableError(DomainError):
    """The broker could not be reached, or the outcome is still unknown (transient: retry the command)."""


class OrderStatus(StrEnum):
    PENDING = "Pending"  # resting entry (limit/stop) not yet filled
    FILLED = "Filled"  # the position is open
    CLOSED = "Closed"
    CANCELLED = "Cancelled"
    REJECTED = "Rejected"


@dataclass(frozen=True, slots=True)
class OrderRequest:
    """One leg's entry. ``units`` is the venue's quantity (units, contracts or base quantity), unsigned."""

    client_order_id: str
    symbol: str
    side: str  # "Buy" | "Sell"
    units: Decimal
    order_type: str = "Market"  # "Market" | "Limit" | "Stop"
    price: Decimal | None = None
    stop_loss: Decimal | None = None
    take_profits: tuple[Decimal, ...] = field(default_factory=tuple)
    expires_at: datetime | None = None  # resting entries: the venue's own expiry where it has one

    def __post_init__(self) -> None:
        if not isinstance(self.units, Decimal):
            object.__setattr__(self, "units", Decimal(self.units))


@dataclass(frozen=True, slots=True)
class OrderResult:
    """What the venue holds for one client order id. ``duplicate`` is True when the client id had already been
    placed: no second order was made."""

    broker_order_id: str
    client_order_id: str
    status: str  # an OrderStatus value
    fill_price: Decimal | None
    duplicate: bool = False
    broker_trade_id: str | None = None  # the position/trade the fill opened, where the venue has one
    units: Decimal | None = None  # the units open (or resting) now


@dataclass(frozen=True, slots=True)
class OrderRef:
    """Which leg an action applies to: our entry client id and whatever ids the venue gave back."""

    client_order_id: str
    symbol: str
    side: str
    broker_order_id: str | None = None
    broker_trade_id: str | None = None


@dataclass(frozen=True, slots=True)
class ModifyRequest:
    """New stop loss / take profit (an open or pending leg) or entry price (pending only). None: unchanged."""

    action_id: str  # our deterministic client id of this action
    ref: OrderRef
    stop_loss: Decimal | None = None
    take_profit: Decimal | None = None
    entry: Decimal | None = None


@dataclass(frozen=True, slots=True)
class CloseRequest:
    """Close ``units`` of a leg (None: the whole leg). ``open_units``: what our records hold open on the leg
    before this close, so a venue that carries no client id on a close (OANDA, IG) can tell a close an earlier
    delivery already made (its answer lost, nothing recorded) from one still to make (``to_send``)."""

    action_id: str
    ref: OrderRef
    units: Decimal | None = None  # None: the whole leg
    open_units: Decimal | None = None

    def to_send(self, venue_open: Decimal) -> Decimal:
        """How much is still to close when the venue holds ``venue_open`` of the leg. The close aims at leaving
        ``open_units - units`` open (nothing, for a whole close): what the venue holds beyond that is sent,
        never more than asked nor than the venue holds; 0 means an earlier delivery already made it. Without
        ``open_units`` it is ``units`` (or everything)."""
        wanted = venue_open if self.units is None else min(self.units, venue_open)
        if self.open_units is None:
            return max(Decimal(0), wanted)
        left = Decimal(0) if self.units is None else max(Decimal(0), self.open_units - self.units)
        return max(Decimal(0), min(wanted, venue_open - left))

    @property
    def asked(self) -> Decimal | None:
        """The units this close was to close, as our records see them (a duplicate reports these)."""
        return self.units if self.units is not None else self.open_units


@dataclass(frozen=True, slots=True)
class CloseResult:
    action_id: str
    closed_units: Decimal
    price: Decimal | None
    realized_pnl: Decimal | None  # in the account currency, where the venue reports it
    duplicate: bool = False


@dataclass(frozen=True, slots=True)
class InstrumentSpec:
    """What the venue accepts as an order's size for one instrument, in its own units (OANDA units, IG
    contracts, an exchange's base quantity): at least ``minimum``, in multiples of ``step``; one venue unit
    is ``contract_size`` units of the quoted instrument (IG's EURUSD CFD: 100,000 euros)."""

    minimum: Decimal
    step: Decimal
    contract_size: Decimal = Decimal(1)


class MarketEventKind(StrEnum):
    FILLED = "Filled"  # a resting entry filled
    STOP_LOSS = "StopLoss"  # an open leg closed at its stop
    TAKE_PROFIT = "TakeProfit"  # an open leg closed at its target
    EXPIRED = "Expired"  # a resting entry reached its expiry and was cancelled


@dataclass(frozen=True, slots=True)
class MarketEvent:
    """What the market did to one order without our asking (a fill, a stop, a target, an expiry);
    ``client_order_id`` is the leg's entry id (our deterministic id)."""

    kind: MarketEventKind
    client_order_id: str
    broker_order_id: str
    symbol: str
    side: str
    units: Decimal  # filled, closed or cancelled
    price: Decimal | None  # the fill or exit price; None for an expiry
    realized_pnl: Decimal | None  # closes only, in the account currency
    at: datetime


def client_order_id(message_key: str, broker_connection_id: str, leg: int = 0, action: str = "open") -> str:
    """Deterministic per (message, broker connection, leg, action): a redelivered command never acts twice.
    Leg 0's ``open`` keeps the first wave's form, so ids already at a venue stay valid."""
    material = f"{message_key}|{broker_connection_id}"
    if leg or action != "open":
        material += f"|{leg}|{action}"
    digest = hashlib.sha256(material.encode()).hexdigest()
    return f"pip-{digest[:40]}"


class AbstractBrokerConnector(abc.ABC):
    """One tenant's account at one venue. Implementations must be idempotent on client ids."""

    @abc.abstractmethod
    def get_quote(self, symbol: str, *, reference: Decimal | None = None) -> Quote | None:
        """The current price; a broker without one may answer with ``reference`` (the signal's entry)."""

    @abc.abstractmethod
    def get_account_summary(self) -> AccountSummary: ...

    @abc.abstractmethod
    def place_order(self, order: OrderRequest) -> OrderResult: ...

    @abc.abstractmethod
    def get_order(self, client_order_id: str, *, symbol: str | None = None) -> OrderResult | None:
        """The order placed with this client id, or None when the venue has none. ``symbol``: the order's
        signal symbol; venues that look orders up per market (crypto exchanges) need it, others ignore it."""

    @abc.abstractmethod
    def modify_order(self, request: ModifyRequest) -> OrderResult: ...

    @abc.abstractmethod
    def close(self, request: CloseRequest) -> CloseResult: ...

    @abc.abstractmethod
    def cancel(self, ref: OrderRef, *, action_id: str) -> OrderResult: ...

    def instrument_spec(self, symbol: str) -> InstrumentSpec | None:
        """The venue's minimum size and step for a symbol (from its cached instrument data), or None when the
        connector has none (the paper broker): sizing then keeps whole units. Raises ``UnknownSymbolError``
        for a symbol the venue does not list."""
        return None

    def unit_value(self, symbol: str, quote: Quote) -> Decimal:
        """One venue unit's notional in the account currency (see ``shared.domain.sizing``)."""
        spec = self.instrument_spec(symbol)
        return unit_value_of(quote, spec.contract_size if spec is not None else Decimal(1))

    def verify(self) -> None:
        """Check the credentials against the venue; raises ``CredentialsRejectedError`` or ``BrokerError``."""
        self.get_account_summary()


class AbstractMarketSimulator(abc.ABC):
    """A venue whose market we move ourselves (the paper broker): a quote returns what it caused."""

    @abc.abstractmethod
    def set_quote(self, symbol: str, bid: Decimal, ask: Decimal) -> list[MarketEvent]: ...


class AbstractConnectorFactory(abc.ABC):
    """Builds (and caches) a connector for a broker connection from its decrypted credentials."""

    @abc.abstractmethod
    def for_connection(self, connection: BrokerConnection, credentials: dict[str, Any], *,
                       allow_live: bool = False) -> AbstractBrokerConnector:
        """``allow_live``: the tenant enabled live trading; a ``live`` connection without it is refused
        (``BrokerError`` code ``live_trading_disabled``)."""
