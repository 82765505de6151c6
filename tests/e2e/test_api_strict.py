"""Write routes take JSON as typed: a number sent as a string, a boolean as "yes" or 1, is refused (422 naming
the field) rather than guessed at. Timestamps still come as ISO 8601 strings and decimals as JSON numbers."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.e2e.conftest import admin, bearer, register


@pytest.mark.parametrize(("method", "path", "body", "field"), [
    ("post", "/channels", {"channelId": "7"}, "channelId"),
    ("post", "/channels", {"channelId": 7, "isEnabled": "yes"}, "isEnabled"),
    ("post", "/channels", {"channelId": 7, "autoExecute": 1}, "autoExecute"),
    ("post", "/channels", {"channelId": 7.0}, "channelId"),
    ("post", "/channels", {"channelId": 7, "reviewBelowConfidence": "0.5"}, "reviewBelowConfidence"),
    ("put", "/trading-config", {"autoExecuteEnabled": "true"}, "autoExecuteEnabled"),
    ("put", "/trading-config", {"fixedUnits": True}, "fixedUnits"),
    ("put", "/trading-config", {"fixedUnits": "thirty"}, "fixedUnits"),
    ("put", "/trading-config", {"fixedUnits": "0.000000001"}, "fixedUnits"),
    ("put", "/trading-config", {"fixedUnits": 123456789.12345678}, "fixedUnits"),
    ("post", "/brokers", {"brokerType": "Paper", "displayName": "P", "isActive": "no"}, "isActive"),
    ("post", "/messages", {"channelId": "1", "messageId": 1, "content": "x"}, "channelId"),
    ("post", "/messages", {"channelId": 1, "messageId": True, "content": "x"}, "messageId"),
    ("post", "/messages", {"channelId": 1, "messageId": 1, "content": 5}, "content"),
])
def test_a_value_of_the_wrong_json_type_is_422_naming_the_field(client: TestClient, method: str, path: str,
                                                                body: dict[str, Any], field: str) -> None:
    tenant, key = register(client)
    url = f"/api/v1/tenants/{tenant['id']}"
    response = getattr(client, method)(url + path, json=body, headers=bearer(key))
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field
    assert client.get(f"{url}/channels", headers=bearer(key)).json() == []


def test_typed_json_is_still_accepted(client: TestClient) -> None:
    tenant, key = register(client, plan="Pro")
    url = f"/api/v1/tenants/{tenant['id']}"
    assert client.post(f"{url}/channels", json={"channelId": 7, "isEnabled": False, "reviewBelowConfidence": 0.5,
                                                "autoExecute": True}, headers=bearer(key)).status_code == 201
    trading = client.put(f"{url}/trading-config", headers=bearer(key), json={
        "autoExecuteEnabled": True, "fixedUnits": 30, "equityPercentage": 2.5,
        "session": {"start": "07:00:00", "end": "16:30:00"}})
    assert trading.status_code == 200, trading.text
    posted = client.post(f"{url}/messages", json={"channelId": 7, "messageId": 1, "content": "x",
                                                  "timestamp": "2026-01-05T14:32:00Z"}, headers=admin())
    assert posted.status_code == 202, posted.text
