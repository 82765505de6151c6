"""The Function App as the Azure host indexes and invokes it."""

from __future__ import annotations

import asyncio
import json
import types
from typing import Any

import azure.functions as func
import pytest

from tests.e2e.conftest import ADMIN_KEY
from tests.support.function_app import bindings, registered


def test_exactly_one_http_function_carries_every_route() -> None:
    http = [name for name in registered() if any(b["type"] == "httpTrigger" for b in bindings(name))]
    assert http == ["http_app_func"]
    trigger = bindings("http_app_func")[0]
    assert trigger["authLevel"] == "FUNCTION" and trigger["route"] == "/{*route}"


def test_health_answers_through_the_azure_entry_point() -> None:
    request = func.HttpRequest("GET", "http://localhost/api/v1/health", headers={}, body=b"", route_params={})
    context = types.SimpleNamespace(invocation_id="test-invocation", function_name="http_app_func",
                                    function_directory=".", trace_context=None, retry_context=None)
    loop = asyncio.new_event_loop()
    try:
        response = loop.run_until_complete(registered()["http_app_func"].get_user_function()(request, context))
    finally:
        loop.close()
    assert response.status_code == 200 and json.loads(response.get_body()) == {"status": "ok"}


@pytest.fixture
def process_container(tmp_path, azurite, monkeypatch):  # type: ignore[no-untyped-def]
    """The process-wide container the Function App resolves, pointed at temporary stores (SQLite, Azurite)."""
    from shared.adapters.sql import migrate
    from shared.bootstrap import get_container
    from shared.settings import get_settings

    for name, value in {"PIPSTER_DATA_DIR": str(tmp_path), "PIPSTER_ADMIN_KEY": ADMIN_KEY,
                        "PIPSTER_ENVIRONMENT": "test", "AzureWebJobsStorage": azurite.connection_string}.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    get_container.cache_clear()
    container = get_container()
    migrate.upgrade(container.database.engine)
    yield container
    container.close()
    monkeypatch.undo()
    get_settings.cache_clear()
    get_container.cache_clear()


def call(method: str, path: str, *, key: str = ADMIN_KEY, body: Any = None, raw: bytes | None = None,
         headers: dict[str, str] | None = None) -> func.HttpResponse:
    """One request through the registered HTTP function, as the Functions host invokes it."""
    all_headers = {"Authorization": f"Bearer {key}", **(headers or {})}
    if body is not None:
        raw, all_headers["Content-Type"] = json.dumps(body).encode(), "application/json"
    request = func.HttpRequest(method, f"http://localhost{path}", headers=all_headers, body=raw or b"",
                               route_params={})
    context = types.SimpleNamespace(invocation_id="test-invocation", function_name="http_app_func",
                                    function_directory=".", trace_context=None, retry_context=None)
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(registered()["http_app_func"].get_user_function()(request, context))
    finally:
        loop.close()


def test_configuration_routes_through_the_azure_entry_point(process_container) -> None:  # type: ignore[no-untyped-def]
    from tests.e2e.test_api_telegram import SESSION, zipped

    created = call("POST", "/api/v1/tenants", body={"email": "azure@example.com", "displayName": "Azure"})
    assert created.status_code == 201, created.get_body()
    tenant_id, key = json.loads(created.get_body())["tenant"]["id"], json.loads(created.get_body())["apiKey"]
    url = f"/api/v1/tenants/{tenant_id}"

    channel = call("POST", f"{url}/channels", key=key, body={"channelId": -100777, "regexPattern": "(?P<side>BUY)"},
                   headers={"x-correlation-id": "azure-corr-1"})
    assert channel.status_code == 422 and json.loads(channel.get_body())["field"] == "regexPattern"
    assert channel.headers["x-correlation-id"] == "azure-corr-1"
    assert call("POST", f"{url}/channels", key=key, body={"channelId": -100777},
                headers={"x-correlation-id": "azure-corr-2"}).status_code == 201
    patched = call("PATCH", f"{url}/trading-config", key=key, body={"autoExecuteEnabled": True})
    assert json.loads(patched.get_body())["autoExecuteEnabled"] is True
    uploaded = call("PUT", f"{url}/telegram-session", key=key, raw=zipped(SESSION),
                    headers={"Content-Type": "application/zip"})
    assert uploaded.status_code == 200, uploaded.get_body()
    downloaded = call("GET", f"{url}/telegram-session", key=key)
    assert downloaded.status_code == 200 and downloaded.mimetype == "application/zip"

    events = json.loads(call("GET", f"{url}/events?type=ConfigurationChanged", key=key).get_body())["items"]
    assert "azure-corr-2" in {e["metadata"]["correlationId"] for e in events} and len(events) == 3
    other = json.loads(call("POST", "/api/v1/tenants", body={"email": "b@example.com", "displayName": "B"})
                       .get_body())["apiKey"]
    assert call("GET", f"{url}/channels", key=other).status_code == 404
    assert call("GET", "/api/v1/health/ready").status_code == 200
