"""The whole app under the local host, against Azurite and the real Redis: HTTP ingest -> telegram-messages ->
pipeline -> trade-commands -> executor -> paper order; and a message that keeps failing ends in the poison queue."""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import azure.functions as func
import httpx
import pytest
from azure.storage.queue import QueueServiceClient

from devtools.localhost.host import LocalHost
from functions import maintenance, signals, trades
from functions.http_api import create_api
from shared.adapters.brokers.paper import PaperBroker
from shared.adapters.sql import migrate
from shared.bootstrap import Container, bootstrap
from shared.settings import SCHEDULE_DEFAULTS, Settings
from tests.support.scenario import CHANNEL_ID, seed_desk
from tests.support.services import free_port
from tests.support.waiting import wait_for

ADMIN = "local-host-admin-key"


def build_app(container: Container) -> func.AsgiFunctionApp:
    """The same blueprints function_app.py registers, on a fresh app (an app is indexed once per process)."""
    app = func.AsgiFunctionApp(app=create_api(lambda: container, container.settings),
                               http_auth_level=func.AuthLevel.FUNCTION)
    for bp in (signals.bp, trades.bp, maintenance.bp):
        app.register_functions(bp)
    return app


def start_stack(tmp_path: Path, azurite: Any, redis_url: str, monkeypatch: pytest.MonkeyPatch,
                **settings: str) -> tuple[Container, LocalHost, int]:
    """A migrated container (Azurite, the real Redis, SQLite) served by the local host; ``settings`` add to it."""
    built = Settings(PIPSTER_DATA_DIR=str(tmp_path), AzureWebJobsStorage=azurite.connection_string,
                     PIPSTER_REDIS_URL=redis_url, PIPSTER_REDIS_NAMESPACE=f"t{uuid.uuid4().hex[:10]}",
                     PIPSTER_ADMIN_KEY=ADMIN, PIPSTER_EVENTS_TABLE=f"ev{uuid.uuid4().hex[:10]}", **settings)
    container = bootstrap(built)
    migrate.upgrade(container.database.engine)
    monkeypatch.setattr("shared.bootstrap.get_container", lambda: container)
    host_json = tmp_path / "host.json"
    host_json.write_text(json.dumps({"version": "2.0", "extensions": {"queues": {
        "maxDequeueCount": 5, "visibilityTimeout": "00:00:00", "maxPollingInterval": "00:00:00.500"}}}))
    port = free_port()
    host = LocalHost(app=build_app(container), settings={**SCHEDULE_DEFAULTS, "AzureWebJobsStorage":
                     azurite.connection_string}, host_json=host_json, port=port)
    host.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    return container, host, port


@pytest.fixture
def stack(tmp_path: Path, azurite, redis_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    container, host, port = start_stack(tmp_path, azurite, redis_url, monkeypatch)
    yield {"container": container, "port": port, "azurite": azurite}
    host.stop()
    container.close()



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
