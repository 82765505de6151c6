"""OANDA v20 REST: a small typed httpx client and the connector on top of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shared.adapters.brokers.config import credential
from shared.adapters.brokers.oanda.answers import oanda_instrument
from shared.adapters.brokers.oanda.client import OandaHttp
from shared.adapters.brokers.oanda.connector import OandaConnector
from shared.adapters.brokers.symbols import SymbolMap
from shared.adapters.brokers.venue_http import RetryPolicy

__all__ = ["OandaConnector", "build_oanda"]


def build_oanda(base_url: str, metadata: dict[str, Any], credentials: dict[str, Any], *, policy: RetryPolicy,
                sleep: Callable[[float], None], instrument_ttl: float) -> OandaConnector:
    """``credentials``: ``token`` (a personal access token) and ``accountId`` (or ``metadata.accountId``)."""
    token = credential(credentials, "token")
    account = credential({"accountId": metadata.get("accountId"), **credentials}, "accountId")
    http = OandaHttp(base_url, token=token, account_id=account, policy=policy, sleep=sleep)
    return OandaConnector(http, SymbolMap(metadata, oanda_instrument), instrument_ttl=instrument_ttl, sleep=sleep)
