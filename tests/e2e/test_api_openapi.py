"""The OpenAPI document: every route of the issue is there, each operation with request and response
schemas and at least one example, every error documented as problem+json."""

from __future__ import annotations

from typing import Any

import pytest

from functions.http_api import create_api
from shared.settings import Settings

DOCUMENT = create_api(lambda: None, Settings(PIPSTER_ENVIRONMENT="test")).openapi()  # type: ignore[arg-type,return-value]
OPERATIONS = [(m.upper(), p, op) for p, item in DOCUMENT["paths"].items() for m, op in item.items()]
T = "/api/v1/tenants/{tenantId}"
ISSUE_ROUTES = {
    ("POST", "/api/v1/tenants"), ("GET", "/api/v1/tenants"), ("POST", f"{T}/suspend"), ("GET", T), ("PATCH", T),
    ("DELETE", T), ("POST", f"{T}/deactivate"), ("POST", f"{T}/reactivate"), ("POST", f"{T}/restore"),
    ("PUT", f"{T}/telegram-credentials"), ("GET", f"{T}/telegram-credentials"),
    ("POST", f"{T}/channels"), ("GET", f"{T}/channels"), ("GET", f"{T}/channels/{{channelId}}"),
    ("PATCH", f"{T}/channels/{{channelId}}"), ("DELETE", f"{T}/channels/{{channelId}}"),
    ("POST", f"{T}/channels/{{channelId}}/enable"), ("POST", f"{T}/channels/{{channelId}}/disable"),
    ("PUT", f"{T}/channels/{{channelId}}/brokers"), ("POST", f"{T}/channels/{{channelId}}/parse"),
    ("GET", f"{T}/trading-config"), ("PUT", f"{T}/trading-config"), ("PATCH", f"{T}/trading-config"),
    ("POST", f"{T}/brokers"), ("GET", f"{T}/brokers"), ("GET", f"{T}/brokers/{{brokerId}}"),
    ("PATCH", f"{T}/brokers/{{brokerId}}"), ("DELETE", f"{T}/brokers/{{brokerId}}"),
    ("PUT", f"{T}/brokers/{{brokerId}}/credentials"), ("POST", f"{T}/brokers/{{brokerId}}/activate"),
    ("POST", f"{T}/brokers/{{brokerId}}/deactivate"), ("POST", f"{T}/brokers/{{brokerId}}/verify"),
    ("PUT", f"{T}/live-trading"), ("PUT", f"{T}/telegram-session"),
    ("GET", f"{T}/telegram-session"), ("GET", f"{T}/telegram-session/status"), ("GET", f"{T}/events"),
    ("GET", f"{T}/export"), ("GET", "/api/v1/health"), ("GET", "/api/v1/health/ready"), ("GET", "/api/v1/metrics"),
}


def _resolve(node: Any, seen: frozenset[str] = frozenset()) -> Any:
    """The schema with every $ref inlined (a ref already being inlined is left as is: recursion)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref not in seen:
            target = DOCUMENT
            for part in ref.removeprefix("#/").split("/"):
                target = target[part]
            return _resolve(target, seen | {ref})
        return {k: _resolve(v, seen) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(v, seen) for v in node]
    return node


def _has_example(node: Any) -> bool:
    if isinstance(node, dict):
        return any(k in ("example", "examples") for k in node) or any(_has_example(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_example(v) for v in node)
    return False


def test_every_route_of_the_issue_is_documented() -> None:
    assert ISSUE_ROUTES <= {(m, p) for m, p, _ in OPERATIONS}


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS])
def test_each_operation_has_schemas_and_examples(method: str, path: str, operation: dict[str, Any]) -> None:
    success = {code: r for code, r in operation["responses"].items() if code.startswith("2")}
    assert success, "a documented success response"
    for code, response in success.items():
        if code == "204":
            continue
        (content,) = response["content"].values()
        assert content.get("schema"), (code, "response schema")
        assert _has_example(_resolve(content)), (code, "response example")
    if method in ("POST", "PUT", "PATCH") and "requestBody" in operation:
        for content in operation["requestBody"]["content"].values():
            assert content.get("schema") and _has_example(_resolve(content)), "request schema with an example"
    for code, response in operation["responses"].items():
        if code[0] == "4" or code == "500":  # a 503 of the readiness probe is its own report
            assert "application/problem+json" in response["content"], code
