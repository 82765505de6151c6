"""The Function App as the Azure host indexes and invokes it."""

from __future__ import annotations

import asyncio
import json
import types

import azure.functions as func

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
