"""The whole app under the local host, against Azurite and the real Redis: HTTP ingest -> telegram-messages ->
pipeline -> trade-commands -> executor -> paper order; and a message that keeps failing ends in the poison queue."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from azure.storage.queue import QueueServiceClient

from shared.adapters.brokers.paper import PaperBroker
from shared.bootstrap import Container
from tests.support.local_stack import local_stack
from tests.support.scenario import CHANNEL_ID, seed_desk
from tests.support.waiting import wait_for


@pytest.fixture
def stack(tmp_path: Path, azurite, redis_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    with local_stack(tmp_path, azurite, redis_url, monkeypatch) as running:
        yield {"container": running.container, "port": running.port, "azurite": azurite}


def test_a_signal_posted_over_http_becomes_a_paper_order(stack: dict[str, Any]) -> None:
    container: Container = stack["container"]
    desk = seed_desk(container)
    key = container.tenants.rotate_api_key(tenant_id=desk.tenant_id)
    response = httpx.post(
        f"http://127.0.0.1:{stack['port']}/api/v1/tenants/{desk.tenant_id}/messages",
        json={"channelId": CHANNEL_ID, "messageId": 1, "content": "BUY GOLD @ 2350.5 SL 2340 TP 2360"},
        headers={"Authorization": f"Bearer {key}", "x-correlation-id": "corr-e2e-1"}, timeout=10)
    assert response.status_code == 202, response.text
    connection = container.database.repositories.brokers.get_by_id(tenant_id=desk.tenant_id, broker_id=desk.broker_id)
    paper = PaperBroker(container.database, connection, container.clock)  # type: ignore[arg-type]
    (order,) = wait_for(paper.orders, timeout=30)
    assert (order["Symbol"], order["Status"]) == ("XAUUSD", "Filled")


def test_a_message_that_keeps_failing_is_poisoned_after_five_attempts(stack: dict[str, Any],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    container: Container = stack["container"]

    def sql_down(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("database unreachable")

    monkeypatch.setattr(container.config, "get", sql_down)
    service = QueueServiceClient.from_connection_string(stack["azurite"].connection_string)
    body = json.dumps({"tenantId": "ten_poison", "channelId": CHANNEL_ID, "messageId": 99, "content": "BUY GOLD",
                       "timestamp": "2026-01-05T12:00:00Z"})
    service.get_queue_client("telegram-messages").send_message(base64.b64encode(body.encode()).decode())
    poisoned = wait_for(lambda: list(service.get_queue_client("telegram-messages-poison").receive_messages()), 60)
    assert json.loads(base64.b64decode(poisoned[0].content)) == json.loads(body)
