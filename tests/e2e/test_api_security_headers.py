"""Hardening (security headers): every API answer, errors included, tells browsers and caches how to treat it.

Before, responses carried no such headers: a JSON answer holding a freshly issued key could be cached by a
proxy or a browser, sniffed as HTML, or framed.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.e2e.conftest import admin, register

EXPECTED = {
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    "strict-transport-security": "max-age=31536000; includeSubDomains",
}


@pytest.mark.parametrize(("method", "path", "auth"), [
    ("get", "/api/v1/health", False), ("get", "/api/v1/tenants", True), ("get", "/api/v1/tenants", False),
    ("get", "/api/v1/tenants/ten_missing", True), ("post", "/api/v1/tenants", True), ("get", "/nowhere", False),
])
def test_every_answer_carries_the_security_headers(client: TestClient, method: str, path: str, auth: bool) -> None:
    response = getattr(client, method)(path, headers=admin() if auth else {})
    assert {name: response.headers.get(name) for name in EXPECTED} == EXPECTED, response.status_code


def test_a_new_key_is_never_cached(client: TestClient) -> None:
    response = client.post("/api/v1/tenants", json={"email": "k@example.com", "displayName": "K"}, headers=admin())
    assert response.status_code == 201 and response.headers["cache-control"] == "no-store"


def test_the_docs_page_may_load_its_scripts(client: TestClient) -> None:
    """Swagger UI loads its script and styles from a CDN; the strict policy would blank the page."""
    register(client)
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "content-security-policy" not in docs.headers
    assert docs.headers["x-content-type-options"] == "nosniff"
