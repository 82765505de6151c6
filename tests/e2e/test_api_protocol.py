"""HTTP-level answers every route shares: 405 with the methods the path serves, bodies over the limit, bodies
that are not UTF-8 or JSON nested past what any field needs."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.testclient import TestClient

from shared.bootstrap import Container
from tests.e2e.conftest import bearer, register


def test_405_names_every_method_the_path_serves_in_allow(client: TestClient) -> None:
    tenant, key = register(client)
    brokers = client.put(f"/api/v1/tenants/{tenant['id']}/brokers", json={}, headers=bearer(key))
    assert brokers.status_code == 405
    assert {m.strip() for m in brokers.headers["allow"].split(",")} == {"GET", "POST"}
    one = client.post(f"/api/v1/tenants/{tenant['id']}/brokers/brk_x", json={}, headers=bearer(key))
    assert one.status_code == 405
    assert {m.strip() for m in one.headers["allow"].split(",")} == {"GET", "PATCH", "DELETE"}
    messages = client.get(f"/api/v1/tenants/{tenant['id']}/messages", headers=bearer(key))
    assert messages.status_code == 405 and messages.headers["allow"] == "POST"


def test_a_chunked_body_over_the_limit_is_413(client: TestClient, container: Container) -> None:
    tenant, key = register(client)
    limit = container.settings.api_max_body_bytes

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit must be counted as the body arrives
        yield b'{"channelId": 1, "messageId": 1, "content": "'
        for _ in range(limit // 1024 + 2):
            yield b"x" * 1024
        yield b'"}'

    response = client.post(f"/api/v1/tenants/{tenant['id']}/messages", content=chunks(),
                           headers={**bearer(key), "content-type": "application/json"})
    assert response.status_code == 413, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_body_that_is_not_utf8_is_400_naming_the_body(client: TestClient) -> None:
    tenant, key = register(client)
    response = client.post(f"/api/v1/tenants/{tenant['id']}/messages",
                           content=b'{"channelId": 1, "messageId": 1, "content": "\xff\xfe"}',
                           headers={**bearer(key), "content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "body" and "UTF-8" in response.json()["detail"]


def test_json_nested_past_the_parser_is_422_naming_the_body(client: TestClient) -> None:
    tenant, key = register(client)
    response = client.post(f"/api/v1/tenants/{tenant['id']}/messages", content=b"[" * 1500 + b"]" * 1500,
                           headers={**bearer(key), "content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert response.json()["field"] == "body" and "nested" in response.json()["detail"]
