"""The trades API over HTTP (FastAPI's TestClient, Azurite for events): a trade opened by the pipeline is
listed and read with its legs and history, managed by hand (202 + a queued command the executor runs),
moved by the paper market; the channel and trading-config routes take the lifecycle settings.
The queue of trade commands is an in-process fake here so the test can run the executor over it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared.bootstrap import Container
from shared.ports.queues import TRADE_COMMANDS
from tests.e2e.conftest import bearer, register
from tests.support.fake_queue import FakeQueue

CHANNEL = -1001234567890
SIGNAL = "BUY XAUUSD @ 2350.5\nSL 2340\nTP1 2360\nTP2 2370"


@pytest.fixture
def queue(container: Container) -> Iterator[FakeQueue]:
    fake = FakeQueue()
    container.queues = fake  # the override bootstrap() offers: commands stay in-process
    yield fake


@pytest.fixture
def desk(client: TestClient, container: Container, queue: FakeQueue) -> dict[str, Any]:
    tenant, key = register(client)
    url = f"/api/v1/tenants/{tenant['id']}"
    headers = bearer(key)
    assert client.post(f"{url}/channels", json={"channelId": CHANNEL, "followUpLinking": "replyOrSymbol"},
                       headers=headers).status_code == 201
    broker = client.post(f"{url}/brokers", json={"brokerType": "Paper", "displayName": "Paper",
                                                 "metadata": {"initialBalance": 100000}}, headers=headers).json()
    config = client.patch(f"{url}/trading-config", json={"autoExecuteEnabled": True, "fixedUnits": 2,
                                                         "breakevenAfterTp": 1}, headers=headers)
    assert config.status_code == 200, config.text
    return {"url": url, "headers": headers, "tenantId": tenant["id"], "brokerId": broker["id"]}


def signal(container: Container, desk: dict[str, Any], message_id: int, content: str) -> None:
    body = {"tenantId": desk["tenantId"], "channelId": CHANNEL, "messageId": message_id, "content": content,
            "timestamp": container.clock.now().isoformat()}
    for command in container.pipeline.handle(json.dumps(body)).commands:
        container.executor.handle(command)


def execute(container: Container, queue: FakeQueue) -> list[str]:
    outcomes = []
    while (command := queue.take(TRADE_COMMANDS)) is not None:
        outcomes.append(container.executor.handle(command).outcome.value)
    return outcomes


def test_the_lifecycle_settings_are_accepted_returned_and_checked(client: TestClient, desk: dict[str, Any]) -> None:
    url, headers = desk["url"], desk["headers"]
    channel = client.get(f"{url}/channels/{CHANNEL}", headers=headers).json()
    assert (channel["followUpLinking"], channel["followUpWindowHours"], channel["editPolicy"],
            channel["deletePolicy"]) == ("replyOrSymbol", 24, "apply", "cancelPending")
    patched = client.patch(f"{url}/channels/{CHANNEL}", json={"editPolicy": "ignore", "followUpWindowHours": 6},
                           headers=headers).json()
    assert (patched["editPolicy"], patched["followUpWindowHours"]) == ("ignore", 6)
    bad = client.patch(f"{url}/channels/{CHANNEL}", json={"deletePolicy": "closeAll"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["field"] == "deletePolicy"

    trading = client.patch(f"{url}/trading-config", json={
        "takeProfitStrategy": "weights", "takeProfitWeights": [60, 40], "pendingExpiryMinutes": 90,
        "maxSignalDelaySeconds": 120, "maxOpenTrades": 3, "requireStopLoss": True, "dailyLossLimitPercent": 2.5,
    }, headers=headers).json()
    assert (trading["takeProfitStrategy"], trading["takeProfitWeights"], trading["breakevenAfterTp"],
            trading["maxOpenTrades"], trading["requireStopLoss"], trading["dailyLossLimitPercent"]) == (
        "weights", [60.0, 40.0], 1, 3, True, 2.5)
    uneven = client.patch(f"{url}/trading-config", json={"takeProfitWeights": [60, 30]}, headers=headers)
    assert uneven.status_code == 422 and uneven.json()["field"] == "takeProfitWeights"
    assert client.get(f"{url}/trading-config", headers=headers).json()["takeProfitWeights"] == [60.0, 40.0]
    back = client.patch(f"{url}/trading-config", json={"takeProfitStrategy": "even"}, headers=headers).json()
    assert (back["takeProfitStrategy"], back["takeProfitWeights"]) == ("even", [])


def test_a_trade_is_listed_read_moved_by_the_market_and_closed_by_hand(
        client: TestClient, container: Container, queue: FakeQueue, desk: dict[str, Any]) -> None:
    url, headers = desk["url"], desk["headers"]
    signal(container, desk, 1, SIGNAL)

    page = client.get(f"{url}/trades", params={"status": "Open", "symbol": "xauusd", "channelId": CHANNEL},
                      headers=headers).json()
    (listed,) = page["items"]
    assert [(leg["units"], leg["takeProfit"], leg["entryFill"]) for leg in listed["legs"]] == [
        ("1", "2360", "2350.5"), ("1", "2370", "2350.5")]
    assert client.get(f"{url}/trades", params={"status": "Closed"}, headers=headers).json()["items"] == []

    moved = client.put(f"{url}/brokers/{desk['brokerId']}/paper/quotes/XAUUSD", json={"bid": "2360", "ask": "2360.3"},
                       headers=headers)
    assert moved.status_code == 200, moved.text
    assert [(e["leg"], e["reason"], e["legPnl"]) for e in moved.json()["happened"]] == [(0, "TakeProfit", "9.5")]

    trade_url = f"{url}/trades/{listed['id']}"
    detail = client.get(trade_url, headers=headers).json()
    assert detail["legs"][1]["stopLoss"] == "2350.5"  # breakeven after TP1
    assert [c["kind"] for c in detail["history"]] == ["Opened", "Filled", "Filled", "Closed", "StopMoved"]

    accepted = client.post(f"{trade_url}/close", json={}, headers=headers)
    assert accepted.status_code == 202 and accepted.json()["action"] == "close"
    assert execute(container, queue) == ["executed"]

    closed = client.get(trade_url, headers=headers).json()
    assert (closed["status"], closed["realizedPnl"]) == ("Closed", "19")  # +9.5 at TP1, +9.5 at the 2360 bid
    refused = client.post(f"{trade_url}/cancel", headers=headers)
    assert refused.status_code == 409 and refused.json()["field"] == "status"
    assert queue.waiting(TRADE_COMMANDS) == []


def test_a_retried_request_with_its_idempotency_key_acts_once(
        client: TestClient, container: Container, queue: FakeQueue, desk: dict[str, Any]) -> None:
    url, headers = desk["url"], desk["headers"]
    signal(container, desk, 1, "BUY XAUUSD @ 2350.5\nSL 2340\nTP 2370")
    client.put(f"{url}/brokers/{desk['brokerId']}/paper/quotes/XAUUSD", json={"bid": "2355", "ask": "2355.3"},
               headers=headers)
    (trade,) = client.get(f"{url}/trades", headers=headers).json()["items"]
    keyed = {**headers, "Idempotency-Key": "close-half-1"}

    first = client.post(f"{url}/trades/{trade['id']}/close", json={"percent": 50}, headers=keyed).json()
    again = client.post(f"{url}/trades/{trade['id']}/close", json={"percent": 50}, headers=keyed).json()

    assert first["clientOrderId"] == again["clientOrderId"]
    assert execute(container, queue) == ["executed", "executed"]
    leg = client.get(f"{url}/trades/{trade['id']}", headers=headers).json()["legs"][0]
    assert (leg["units"], leg["closedUnits"], leg["status"]) == ("2", "1", "Open")  # half, once


def test_manual_actions_check_their_input(client: TestClient, container: Container, desk: dict[str, Any]) -> None:
    url, headers = desk["url"], desk["headers"]
    signal(container, desk, 1, SIGNAL)
    (trade,) = client.get(f"{url}/trades", headers=headers).json()["items"]

    both = client.post(f"{url}/trades/{trade['id']}/stop-loss", json={"price": "2345", "toEntry": True},
                       headers=headers)
    neither = client.post(f"{url}/trades/{trade['id']}/stop-loss", json={}, headers=headers)
    over = client.post(f"{url}/trades/{trade['id']}/close", json={"percent": 150}, headers=headers)
    crossed = client.put(f"{url}/brokers/{desk['brokerId']}/paper/quotes/XAUUSD", json={"bid": "2", "ask": "1"},
                         headers=headers)

    assert [r.status_code for r in (both, neither, over, crossed)] == [422] * 4
    assert [r.json()["field"] for r in (both, neither, over, crossed)] == ["price", "price", "percent", "ask"]
    assert client.get(f"{url}/trades/trd_missing", headers=headers).status_code == 404


def test_the_ingest_endpoint_takes_replies_edits_and_deletions(client: TestClient, queue: FakeQueue,
                                                               desk: dict[str, Any]) -> None:
    url, headers = desk["url"], desk["headers"]
    base = {"channelId": CHANNEL, "messageId": 5}

    reply = client.post(f"{url}/messages", json={**base, "content": "close half", "replyToMessageId": 4},
                        headers=headers)
    edit = client.post(f"{url}/messages", json={**base, "content": SIGNAL, "editedAt": "2026-01-05T12:01:00Z"},
                       headers=headers)
    deletion = client.post(f"{url}/messages", json={**base, "deleted": True}, headers=headers)
    empty = client.post(f"{url}/messages", json={**base, "content": " "}, headers=headers)
    both = client.post(f"{url}/messages", json={**base, "deleted": True, "editedAt": "2026-01-05T12:01:00Z"},
                       headers=headers)

    assert [r.status_code for r in (reply, edit, deletion)] == [202] * 3
    assert [r.json()["messageKey"].split(":")[-1] for r in (reply, edit, deletion)] == [
        "5", f"5.edit.{int(datetime(2026, 1, 5, 12, 1, tzinfo=UTC).timestamp() * 1_000_000)}", "5.deleted"]
    queued = [json.loads(body) for body in queue.waiting("telegram-messages")]
    assert [(q.get("replyToMessageId"), q.get("editedAt"), q.get("deleted")) for q in queued] == [
        (4, None, None), (None, "2026-01-05T12:01:00Z", None), (None, None, True)]
    assert (empty.status_code, empty.json()["field"]) == (422, "content")
    assert (both.status_code, both.json()["field"]) == (422, "deleted")
