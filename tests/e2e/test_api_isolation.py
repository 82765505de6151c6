"""Tenant isolation on EVERY tenant route, taken from the OpenAPI document so new routes are covered.

Another tenant's key on a tenant's path answers exactly as a missing tenant does (404, same problem body),
and changes nothing; a tenant's own path with another tenant's channel or broker id is a plain 404.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from functions.http_api import create_api
from shared.bootstrap import Container
from shared.domain.messages import TelegramMessageReceived
from shared.domain.review import HoldReason
from shared.domain.signal import ParsedSignal, Side
from shared.services.pipeline_record import Inbound
from shared.settings import Settings
from tests.e2e.conftest import admin, bearer, register
from tests.support.trades import seed_managed_trade

CHANNEL_ID = -1001234567890


def _tenant_operations() -> list[tuple[str, str]]:
    document = create_api(lambda: None, Settings(PIPSTER_ENVIRONMENT="test")).openapi()  # type: ignore[arg-type,return-value]
    # The configuration API's tenant routes; Telegram's webhook takes no API key (its isolation, a webhook
    # secret per tenant, is tested in test_telegram_webhook.py).
    return [(method.upper(), path) for path, item in document["paths"].items()
            if "{tenantId}" in path and path.startswith("/api/v1/") for method in item]


OPERATIONS = _tenant_operations()


def _call(client: TestClient, method: str, path: str, headers: dict[str, str]) -> Any:
    body: dict[str, Any] = {}
    if method in ("POST", "PUT", "PATCH"):
        body = {"content": b"PK\x05\x06" + bytes(18), "headers": {**headers, "content-type": "application/zip"}} \
            if path.endswith("/telegram-session") else {"json": [] if path.endswith("/brokers") and method == "PUT"
                                                         else {}, "headers": headers}
    else:
        body = {"headers": headers}
    return client.request(method, path, **body)


@pytest.fixture
def victim(client: TestClient, container: Container) -> dict[str, Any]:
    tenant, key = register(client, "victim@example.com")
    url = f"/api/v1/tenants/{tenant['id']}"
    client.post(f"{url}/channels", json={"channelId": CHANNEL_ID}, headers=bearer(key)).json()
    broker = client.post(f"{url}/brokers", json={"brokerType": "Paper", "displayName": "V"}, headers=bearer(key)).json()
    connection = container.database.repositories.brokers.get_by_id(tenant_id=tenant["id"], broker_id=broker["id"])
    assert connection is not None
    trade = seed_managed_trade(container.database, connection, container.clock)
    config = container.config.get(tenant_id=tenant["id"], channel_id=CHANNEL_ID)
    assert config.tenant is not None and config.channel is not None
    message = TelegramMessageReceived(tenant_id=tenant["id"], channel_id=CHANNEL_ID, message_id=1, content="",
                                      timestamp=container.clock.now())
    signal = ParsedSignal(symbol="XAUUSD", side=Side.BUY, entry=Decimal("2350"), confidence=0.4)
    inbound = Inbound(message, "c", config.tenant, config.channel, config.trading, config.routing)
    held = container.review.hold(inbound, index=0, signal=signal, reason=HoldReason.LOW_CONFIDENCE,
                                 message_key=message.key)
    return {"tenantId": tenant["id"], "channelId": str(CHANNEL_ID), "brokerId": broker["id"], "tradeId": trade.id,
            "symbol": trade.symbol, "signalId": held.id}


def test_the_operation_list_covers_the_tenant_routes() -> None:
    assert len(OPERATIONS) >= 30 and ("GET", "/api/v1/tenants/{tenantId}/export") in OPERATIONS


@pytest.mark.parametrize(("method", "template"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_another_tenants_key_gets_the_same_404_as_a_missing_tenant(client: TestClient, victim: dict[str, Any],
                                                                   method: str, template: str) -> None:
    _, intruder_key = register(client, "intruder@example.com")
    before = client.get(f"/api/v1/tenants/{victim['tenantId']}/export", headers=admin()).json()["tables"]

    foreign = _call(client, method, template.format(**victim), bearer(intruder_key))
    missing = _call(client, method, template.format(**{**victim, "tenantId": "ten_doesnotexist"}),
                    bearer(intruder_key))

    assert foreign.status_code == missing.status_code == 404, foreign.text
    assert foreign.headers["content-type"] == missing.headers["content-type"] == "application/problem+json"
    assert {k: v for k, v in foreign.json().items() if k != "instance"} == {
        k: v for k, v in missing.json().items() if k != "instance"}
    after = client.get(f"/api/v1/tenants/{victim['tenantId']}/export", headers=admin()).json()["tables"]
    assert after == before


@pytest.mark.parametrize(("method", "template"), [(m, p) for m, p in OPERATIONS if "{channelId}" in p or
                                                  "{brokerId}" in p or "{tradeId}" in p or "{signalId}" in p])
def test_another_tenants_channel_broker_or_trade_is_not_found_under_ones_own_path(
        client: TestClient, victim: dict[str, Any], method: str, template: str) -> None:
    intruder, intruder_key = register(client, "intruder@example.com")
    response = _call(client, method, template.format(**{**victim, "tenantId": intruder["id"]}), bearer(intruder_key))
    assert response.status_code in (404, 422), response.text  # 422: a body this probe does not bother to fill
    if response.status_code == 422:
        valid = {"PATCH": {}, "POST": {"text": "BUY EURUSD"}, "PUT": {"credentials": {"k": "v"}}}[method]
        if template.endswith("/quotes/{symbol}"):
            valid = {"bid": "2350", "ask": "2350.5"}
        response = client.request(method, template.format(**{**victim, "tenantId": intruder["id"]}), json=valid,
                                  headers=bearer(intruder_key))
    assert response.status_code == 404 and response.json()["field"] in ("channelId", "brokerId", "tradeId", "signalId")
