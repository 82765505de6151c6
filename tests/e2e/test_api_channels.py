"""Channels through the ASGI app: CRUD by Telegram channel id, RE2 validation at save, routing, dry-run parse."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.e2e.conftest import admin, bearer, events_of, register

PATTERN = r"(?P<side>BUY|SELL) (?P<symbol>[A-Z]{6}) @ (?P<entry>[0-9.]+) SL (?P<sl>[0-9.]+) TP (?P<tp1>[0-9.]+)"


@pytest.fixture
def tenant(client: TestClient) -> tuple[str, dict[str, str]]:
    created, key = register(client)
    return f"/api/v1/tenants/{created['id']}", bearer(key)


def test_channel_crud_by_telegram_channel_id(client: TestClient, tenant) -> None:  # type: ignore[no-untyped-def]
    url, key = tenant
    created = client.post(f"{url}/channels", json={"channelId": -1001, "channelName": "Gold", "regexPattern": PATTERN},
                          headers=key)
    assert created.status_code == 201, created.text
    assert created.json()["channelId"] == -1001 and created.json()["isEnabled"] is True
    assert created.json()["brokerIds"] == []
    client.post(f"{url}/channels", json={"channelId": -1002}, headers=key)
    assert [c["channelId"] for c in client.get(f"{url}/channels", headers=key).json()] == [-1002, -1001]

    patched = client.patch(f"{url}/channels/-1001", json={"channelName": None, "regexPattern": ""}, headers=key)
    assert patched.status_code == 200
    assert patched.json()["channelName"] is None and patched.json()["regexPattern"] == ""
    assert client.post(f"{url}/channels/-1001/disable", headers=key).json()["isEnabled"] is False
    assert client.post(f"{url}/channels/-1001/enable", headers=key).json()["isEnabled"] is True

    assert client.delete(f"{url}/channels/-1001", headers=key).status_code == 204
    missing = client.get(f"{url}/channels/-1001", headers=key)
    assert missing.status_code == 404 and missing.json()["field"] == "channelId"
    duplicate = client.post(f"{url}/channels", json={"channelId": -1002}, headers=key)
    assert duplicate.status_code == 409 and duplicate.json()["field"] == "channelId"


@pytest.mark.parametrize(("pattern", "reason"), [
    (r"(?P<symbol>\w+) (?P<side>BUY)\1", "RE2 rejects the pattern"),  # backreference
    (r"(?P<symbol>\w+)(?=x) (?P<side>BUY)", "RE2 rejects the pattern"),  # look-ahead
    (r"(?P<symbol>\w+)", "missing required named groups"),
])
def test_patterns_re2_rejects_are_422_naming_regex_pattern_and_nothing_changes(
        client: TestClient, tenant, container, pattern: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    url, key = tenant
    client.post(f"{url}/channels", json={"channelId": 7, "regexPattern": PATTERN}, headers=key)
    before = len(events_of(container, url.rsplit("/", 1)[1]))

    refused = client.patch(f"{url}/channels/7", json={"regexPattern": pattern}, headers=key)
    created = client.post(f"{url}/channels", json={"channelId": 8, "regexPattern": pattern}, headers=key)

    for response in (refused, created):
        assert response.status_code == 422 and response.json()["field"] == "regexPattern"
        assert reason in response.json()["detail"]
    assert client.get(f"{url}/channels/7", headers=key).json()["regexPattern"] == PATTERN
    assert client.get(f"{url}/channels/8", headers=key).status_code == 404
    assert len(events_of(container, url.rsplit("/", 1)[1])) == before


@pytest.mark.parametrize(("body", "field"), [
    ({"channelId": "abc"}, "channelId"),
    ({"channelId": 2**63}, "channelId"),
    ({"channelId": 0}, "channelId"),
    ({"channelId": 5, "channelName": "x" * 256}, "channelName"),
    ({"channelId": 5, "regexPattern": "a" * 4001}, "regexPattern"),
    ({"channelId": 5, "colour": "red"}, "colour"),
])
def test_invalid_channel_bodies_name_the_field(client: TestClient, tenant, body: dict, field: str) -> None:  # type: ignore[no-untyped-def]
    url, key = tenant
    response = client.post(f"{url}/channels", json=body, headers=key)
    assert response.status_code == 422 and response.json()["field"] == field
    assert client.get(f"{url}/channels", headers=key).json() == []


def test_routing_to_brokers_accepts_only_the_tenants_own(client: TestClient, tenant) -> None:  # type: ignore[no-untyped-def]
    url, key = tenant
    client.post(f"{url}/channels", json={"channelId": 11}, headers=key)
    mine = client.post(f"{url}/brokers", json={"brokerType": "Paper", "displayName": "Mine"}, headers=key).json()
    other_url, other_key = register(client, "other@example.com")
    theirs = client.post(f"/api/v1/tenants/{other_url['id']}/brokers", json={"brokerType": "Oanda",
                         "displayName": "Theirs"}, headers=bearer(other_key)).json()

    routed = client.put(f"{url}/channels/11/brokers", json=[mine["id"]], headers=key)
    assert routed.status_code == 200 and routed.json()["brokerIds"] == [mine["id"]]
    foreign = client.put(f"{url}/channels/11/brokers", json=[mine["id"], theirs["id"]], headers=key)
    assert foreign.status_code == 404
    repeated = client.put(f"{url}/channels/11/brokers", json=[mine["id"], mine["id"]], headers=key)
    assert repeated.status_code == 422 and repeated.json()["field"] == "brokerIds"
    assert client.get(f"{url}/channels/11", headers=key).json()["brokerIds"] == [mine["id"]]
    assert client.put(f"{url}/channels/11/brokers", json=[], headers=key).json()["brokerIds"] == []


def test_parse_is_a_dry_run_of_the_channels_pattern(client: TestClient, tenant, container) -> None:  # type: ignore[no-untyped-def]
    url, key = tenant
    tenant_id = url.rsplit("/", 1)[1]
    client.post(f"{url}/channels", json={"channelId": 21, "regexPattern": PATTERN}, headers=key)
    client.post(f"{url}/channels", json={"channelId": 22}, headers=key)
    before = len(events_of(container, tenant_id))

    parsed = client.post(f"{url}/channels/21/parse", json={"text": "BUY EURUSD @ 1.0850 SL 1.0800 TP 1.0900"},
                         headers=key)
    assert parsed.status_code == 200
    eurusd = {"symbol": "EURUSD", "side": "Buy", "orderType": "Market", "entry": 1.085, "entryRange": None,
              "stopLoss": 1.08, "takeProfits": [1.09], "confidence": 1.0, "reasons": []}
    assert parsed.json() == {"isSignal": True, "parser": "pattern", "reason": None, "signal": eurusd,
                             "signals": [eurusd]}
    not_signal = client.post(f"{url}/channels/21/parse", json={"text": "good morning traders"}, headers=key).json()
    assert not_signal["isSignal"] is False and not_signal["signal"] is None and not_signal["reason"]
    builtin = client.post(f"{url}/channels/22/parse", json={"text": "XAUUSD SELL 2350 SL 2360 TP 2340"},
                          headers=key).json()
    assert builtin["parser"] == "builtin" and builtin["signal"]["symbol"] == "XAUUSD"
    too_long = client.post(f"{url}/channels/21/parse", json={"text": "x" * 4097}, headers=key)
    assert too_long.status_code == 422 and too_long.json()["field"] == "text"
    assert len(events_of(container, tenant_id)) == before  # a dry run records nothing


def test_an_inactive_tenant_cannot_change_channels(client: TestClient, tenant) -> None:  # type: ignore[no-untyped-def]
    url, key = tenant
    client.post(f"{url}/deactivate", headers=admin())
    refused = client.post(f"{url}/channels", json={"channelId": 31}, headers=key)
    assert refused.status_code == 409 and refused.json()["field"] == "status"
