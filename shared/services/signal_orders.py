"""From an accepted signal to its trade commands: the brokers it routes to, each one sized.

The pipeline uses it for the signals it trades at once, the review service for the ones a person approved,
so both produce the same commands, each with a deterministic client order id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.crypto.errors import DecryptionError
from shared.domain.broker import BrokerConnection
from shared.domain.decision import Rejected
from shared.domain.messages import TradeCommand
from shared.domain.signal import ParsedSignal
from shared.domain.sizing import Sized, fit_to_venue, size_order
from shared.domain.trading import TradingConfiguration
from shared.observability.telemetry import telemetry
from shared.ports.brokers import AbstractConnectorFactory, BrokerError, client_order_id
from shared.ports.repositories import AbstractRepositories
from shared.services.config_provider import CachedConfigProvider
from shared.services.credentials import CredentialService


@dataclass(frozen=True, slots=True)
class SignalOrigin:
    """Where a signal came from: what its commands and events are keyed and correlated by."""

    tenant_id: str
    channel_id: int
    channel_config_id: str
    message_key: str
    message_id: int
    received_at: datetime
    correlation_id: str
    order_key: str  # what client order ids derive from: the message key (and the signal's place in it)


@dataclass(frozen=True, slots=True)
class Routed:
    commands: tuple[str, ...]
    refusals: tuple[tuple[str, Rejected], ...]  # (broker id, why) for each broker that could not take it


class SignalRouter:
    def __init__(self, *, repositories: AbstractRepositories, connectors: AbstractConnectorFactory,
                 credentials: CredentialService, config: CachedConfigProvider) -> None:
        self._repositories = repositories
        self._config = config
        self._connectors = connectors
        self._credentials = credentials

    def brokers(self, origin: SignalOrigin) -> list[BrokerConnection]:
        """The channel's brokers, else the tenant's active ones."""
        return self._repositories.brokers.get_brokers_for_channel(tenant_id=origin.tenant_id,
                                                                  config_id=origin.channel_config_id)

    def route(self, signal: ParsedSignal, trading: TradingConfiguration, origin: SignalOrigin,
              brokers: list[BrokerConnection]) -> Routed:
        """One sized command per broker; a broker that cannot be sized for is refused alone."""
        commands: list[str] = []
        refusals: list[tuple[str, Rejected]] = []
        signal_json = signal.to_json()
        for broker in brokers:
            sized = self._size(signal, trading, broker)
            if isinstance(sized, Rejected):
                refusals.append((broker.id, sized))
                continue
            commands.append(TradeCommand(
                client_order_id=client_order_id(origin.order_key, broker.id), tenant_id=origin.tenant_id,
                broker_connection_id=broker.id, message_key=origin.message_key, channel_id=origin.channel_id,
                message_id=origin.message_id, units=sized.units, signal=signal_json,
                correlation_id=origin.correlation_id, received_at=origin.received_at,
                traceparent=telemetry.inject().get("traceparent"),
            ).to_json())
        return Routed(tuple(commands), tuple(refusals))

    def _size(self, signal: ParsedSignal, trading: TradingConfiguration, broker: Any) -> Sized | Rejected:
        """Fixed units need nothing more (the connector rounds them to the venue's step and refuses them below
        its minimum when it places them); a share of equity asks the broker for its account and a quote, and
        is fitted to the venue's minimum size and step where the connector knows them."""
        if trading.fixed_units is not None:
            return size_order(trading)
        # A permanent fault at one broker refuses that broker alone: the others still get their commands.
        # (An unreachable broker raises BrokerUnavailableError past this: the whole message is retried.)
        try:
            secrets = dict(self._credentials.open_broker_credentials(broker))
        except DecryptionError as exc:
            return Rejected("credentials_unreadable", type(exc).__name__)
        try:
            tenant = self._config.get_tenant(tenant_id=broker.tenant_id)
            connector = self._connectors.for_connection(
                broker, secrets, allow_live=tenant is not None and tenant.live_trading_enabled)
            quote = connector.get_quote(signal.symbol, reference=signal.reference_price)
            unit_value = connector.unit_value(signal.symbol, quote) if quote is not None else None
            sized = size_order(trading, account=connector.get_account_summary(), unit_value=unit_value)
            spec = connector.instrument_spec(signal.symbol)
            if isinstance(sized, Rejected) or spec is None:
                return sized
            return fit_to_venue(sized, minimum=spec.minimum, step=spec.step, instrument=signal.symbol)
        except BrokerError as exc:
            return Rejected(exc.code, exc.reason)
