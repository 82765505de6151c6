"""Telegram credentials (hash write-only) and the session zip through the ASGI app, on Azurite."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from functions.http_api import create_api
from shared.domain.sessions import Tier
from tests.e2e.conftest import bearer, events_of, register

API_HASH = "0123456789abcdef0123456789abcdef"
SESSION = {"td.binlog": b"\x00binlog" * 1000, "db/td.db": b"SQLite format 3\x00" + bytes(5000),
           "files/photos/a.jpg": b"\xff\xd8" + bytes(300)}


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def tenant(client: TestClient) -> tuple[str, dict[str, str]]:
    created, key = register(client)
    return f"/api/v1/tenants/{created['id']}", bearer(key)


def test_telegram_credentials_never_return_the_hash(client: TestClient, tenant, container) -> None:  # type: ignore[no-untyped-def]
    url, key = tenant
    tenant_id = url.rsplit("/", 1)[1]
    assert client.get(f"{url}/telegram-credentials", headers=key).json() == {
        "apiId": None, "phoneNumber": None, "apiHashSet": False}
    put = client.put(f"{url}/telegram-credentials", json={"apiId": 1234567, "apiHash": API_HASH,
                                                          "phoneNumber": "+447700900123"}, headers=key)
    assert put.status_code == 200
    assert put.json() == {"apiId": 1234567, "phoneNumber": "+447700900123", "apiHashSet": True}
    assert client.get(f"{url}/telegram-credentials", headers=key).json() == put.json()
    assert container.credentials.reveal_telegram_credentials(tenant_id=tenant_id).api_hash == API_HASH
    export = client.get(f"{url}/export", headers=key)
    assert export.json()["tables"]["Tenants"][0]["TelegramApiHash"] == "[redacted]"
    documents = json.dumps([e.to_document() for e in events_of(container, tenant_id)])
    assert API_HASH not in export.text and API_HASH not in documents and "apiHash" in documents  # the name only
    bad = client.put(f"{url}/telegram-credentials", json={"apiId": 1, "apiHash": "xyz"}, headers=key)
    assert bad.status_code == 422 and bad.json()["field"] == "apiHash"


def test_session_upload_download_and_status(client: TestClient, tenant, container) -> None:  # type: ignore[no-untyped-def]
    url, key = tenant
    assert client.get(f"{url}/telegram-session", headers=key).status_code == 404
    assert client.get(f"{url}/telegram-session/status", headers=key).status_code == 404

    uploaded = client.put(f"{url}/telegram-session", content=zipped(SESSION),
                          headers={**key, "content-type": "application/zip"})
    assert uploaded.status_code == 200, uploaded.text
    assert sorted(f["path"] for f in uploaded.json()["files"]) == sorted(SESSION)
    assert uploaded.json()["totalBytes"] == sum(map(len, SESSION.values()))

    downloaded = client.get(f"{url}/telegram-session", headers=key)
    assert downloaded.status_code == 200 and downloaded.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(downloaded.content)) as archive:
        assert {n: archive.read(n) for n in archive.namelist() if not n.endswith("/")} == SESSION

    status = client.get(f"{url}/telegram-session/status", headers=key).json()
    assert status["state"] == "available" and status["tier"] == "Hot" and status["fileCount"] == 3
    assert status["totalBytes"] == uploaded.json()["totalBytes"]
    assert status["lastAccessedAt"].startswith(container.clock.now().date().isoformat())


def test_invalid_session_archives_are_refused_and_keep_the_previous_session(client: TestClient, tenant) -> None:  # type: ignore[no-untyped-def]
    url, key = tenant
    client.put(f"{url}/telegram-session", content=zipped(SESSION), headers={**key, "content-type": "application/zip"})
    for body in (b"not a zip", zipped({"../escape": b"x"}), zipped({"db/td.db": b"no binlog"}), b""):
        refused = client.put(f"{url}/telegram-session", content=body,
                             headers={**key, "content-type": "application/zip"})
        assert refused.status_code == 422, (body[:20], refused.text)
    assert client.get(f"{url}/telegram-session/status", headers=key).json()["fileCount"] == 3


def test_an_archived_session_answers_409_rehydrating_with_retry_after(client: TestClient, tenant, container) -> None:  # type: ignore[no-untyped-def]
    url, key = tenant
    tenant_id = url.rsplit("/", 1)[1]
    client.put(f"{url}/telegram-session", content=zipped(SESSION), headers={**key, "content-type": "application/zip"})
    container.sessions.set_tier(tenant_id, Tier.ARCHIVE)
    assert client.get(f"{url}/telegram-session/status", headers=key).json()["state"] == "archived"

    archived = client.get(f"{url}/telegram-session", headers=key)

    assert archived.status_code == 409 and archived.headers["content-type"] == "application/problem+json"
    assert "archived, rehydrating" in archived.json()["detail"] and int(archived.headers["retry-after"]) > 0
    # Azurite completes the rehydration at once (Azure takes hours): the next read succeeds.
    assert client.get(f"{url}/telegram-session", headers=key).status_code == 200


def test_session_uploads_have_their_own_body_limit(container, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = container.settings.model_copy(update={"api_max_body_bytes": 2048, "session_max_bytes": 40_000})
    container.settings = settings
    with TestClient(create_api(lambda: container, settings), raise_server_exceptions=False) as client:
        created, key = register(client)
        url = f"/api/v1/tenants/{created['id']}"
        headers = {**bearer(key), "content-type": "application/zip"}
        small = {"td.binlog": bytes(range(256)) * 20}  # about 5 kB zipped: over the API limit, under the session's
        assert client.put(f"{url}/telegram-session", content=zipped(small), headers=headers).status_code == 200
        huge = client.put(f"{url}/telegram-session", content=b"x" * 50_000, headers=headers)
        assert huge.status_code == 413
        other = client.patch(url, content=b'{"displayName": "' + b"x" * 3000 + b'"}',
                             headers={**bearer(key), "content-type": "application/json"})
        assert other.status_code == 413
