"""The ingest route (a listener or bot hands a channel message to the pipeline): what it refuses, and that a
refusal queues nothing."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from azure.core.exceptions import ResourceNotFoundError
from fastapi.testclient import TestClient

from shared.bootstrap import Container
from shared.ports.queues import TELEGRAM_MESSAGES
from tests.e2e.conftest import admin, bearer, register


def _queued(container: Container, tenant_id: str) -> int:
    """Messages of the tenant waiting in Azurite's telegram-messages queue."""
    from azure.storage.queue import QueueServiceClient

    client = QueueServiceClient.from_connection_string(container.settings.webjobs_storage).get_queue_client(
        TELEGRAM_MESSAGES)
    try:
        peeked = client.peek_messages(max_messages=32)
    except ResourceNotFoundError:  # never created: nothing was sent
        return 0
    return sum(1 for m in peeked if json.loads(base64.b64decode(m.content))["tenantId"] == tenant_id)


@pytest.mark.parametrize("timestamp", ["0001-01-01T00:00:00-05:00", "0001-01-01T00:00:00Z",
                                       "9999-12-31T23:59:59+00:00", "9999-12-31T23:59:59-05:00",
                                       "1900-01-01T00:00:00Z"])
def test_a_timestamp_at_the_calendar_edges_is_422_naming_it(client: TestClient, container: Container,
                                                            timestamp: str) -> None:
    tenant, key = register(client)
    body: dict[str, Any] = {"channelId": 1, "messageId": 1, "content": "BUY XAUUSD", "timestamp": timestamp}
    response = client.post(f"/api/v1/tenants/{tenant['id']}/messages", json=body, headers=bearer(key))
    assert response.status_code == 422, response.text
    assert response.json()["field"] == "timestamp"
    assert _queued(container, tenant['id']) == 0


MESSAGE = {"channelId": 1, "messageId": 1, "content": "BUY XAUUSD"}


def test_admin_ingest_for_a_tenant_that_does_not_exist_is_404(client: TestClient, container: Container) -> None:
    response = client.post("/api/v1/tenants/ten_nobody/messages", json=MESSAGE, headers=admin())
    assert response.status_code == 404, response.text
    assert response.json()["field"] == "tenantId"
    assert _queued(container, "ten_nobody") == 0


@pytest.mark.parametrize(("stop", "who"), [("suspend", "admin"), ("delete", "tenant"), ("deactivate", "tenant")])
def test_a_tenant_that_is_not_active_cannot_post_messages(client: TestClient, container: Container, stop: str,
                                                          who: str) -> None:
    tenant, key = register(client)
    url = f"/api/v1/tenants/{tenant['id']}"
    stopped = (client.delete(url, headers=bearer(key)) if stop == "delete"
               else client.post(f"{url}/{stop}", headers=admin() if who == "admin" else bearer(key)))
    assert stopped.status_code in (200, 202), stopped.text
    for headers in (bearer(key), admin()):
        refused = client.post(f"{url}/messages", json=MESSAGE, headers=headers)
        assert refused.status_code == 409, refused.text
        assert refused.json()["field"] == "status"
    assert _queued(container, tenant["id"]) == 0


@pytest.mark.parametrize("path", ["brokers", "channels", "held-signals", "events", "trading-config",
                                  "telegram-session/status", "export"])
def test_admin_reads_of_a_tenant_that_does_not_exist_are_404(client: TestClient, path: str) -> None:
    response = client.get(f"/api/v1/tenants/ten_nobody/{path}", headers=admin())
    assert response.status_code == 404, response.text
    assert response.json()["field"] == "tenantId"
