"""IG REST trading API: a small httpx client with IG's session tokens and the connector on top of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shared.adapters.brokers.config import credential
from shared.adapters.brokers.ig.answers import ig_epic
from shared.adapters.brokers.ig.client import IgHttp
from shared.adapters.brokers.ig.connector import IgConnector
from shared.adapters.brokers.symbols import SymbolMap
from shared.adapters.brokers.venue_http import RetryPolicy

__all__ = ["IgConnector", "build_ig"]


def build_ig(base_url: str, metadata: dict[str, Any], credentials: dict[str, Any], *, policy: RetryPolicy,
             sleep: Callable[[float], None], instrument_ttl: float) -> IgConnector:
    """``credentials``: ``apiKey``, ``username`` and ``password``; ``accountId`` optional (must be the login's
    current account)."""
    http = IgHttp(base_url, api_key=credential(credentials, "apiKey"), identifier=credential(credentials, "username"),
                  password=credential(credentials, "password"), policy=policy, sleep=sleep)
    account = credentials.get("accountId") or metadata.get("accountId")
    return IgConnector(http, SymbolMap(metadata, ig_epic), account_id=str(account) if account else None,
                       instrument_ttl=instrument_ttl, sleep=sleep)
