"""Enumerations with the specification's stored integer values."""

from __future__ import annotations

from enum import IntEnum


class TenantStatus(IntEnum):
    ACTIVE = 1
    INACTIVE = 2
    SUSPENDED = 3


class SubscriptionPlan(IntEnum):
    FREE = 0
    BASIC = 1
    PRO = 2
    ENTERPRISE = 3


class BrokerType(IntEnum):
    IG_MARKETS = 1
    OANDA = 2
    IBKR = 3
    ALPACA = 4
    FOREX_COM = 5
    # Crypto exchanges through CCXT; metadata.exchange names which (binance, bybit, okx).
    CCXT = 6
    # The built-in paper broker: far from the real brokers' range so new real ones never collide.
    PAPER = 100


class PositionSizingMode(IntEnum):
    FIXED = 1
    PERCENT_EQUITY = 2
