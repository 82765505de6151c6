"""The Bot API intake through the FastAPI app, with the real queue (Azurite) and the real SQL store (SQLite).

``setWebhook`` is called on a fake Bot API server on loopback (tests/support/fake_bot_api.py, written from
the Bot API docs); Telegram itself is never called. The webhook is then posted what Telegram would post.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from azure.storage.queue import QueueServiceClient
from fastapi.testclient import TestClient

from functions.http_api import create_api
from shared.adapters.sql import migrate
from shared.bootstrap import Container, bootstrap
from shared.cli import main as cli
from shared.settings import Settings
from tests.e2e.conftest import ADMIN_KEY, admin, register
from tests.support.fake_bot_api import FakeBotApi, fake_bot_api

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"
CHANNEL = -1001234567890
PUBLIC = "https://pipster.example.net"


@pytest.fixture
def bot_api() -> Iterator[FakeBotApi]:
    with fake_bot_api() as server:
        server.tokens.add(TOKEN)
        yield server


@pytest.fixture
def container(tmp_path: Path, clock, azurite, bot_api: FakeBotApi) -> Iterator[Container]:  # type: ignore[no-untyped-def]
    settings = Settings(PIPSTER_DATA_DIR=str(tmp_path), PIPSTER_ADMIN_KEY=ADMIN_KEY, PIPSTER_ENVIRONMENT="test",
                        AzureWebJobsStorage=azurite.connection_string, PIPSTER_TELEGRAM_API_URL=bot_api.url,
                        PIPSTER_PUBLIC_BASE_URL=PUBLIC)
    built = bootstrap(settings, clock=clock)
    migrate.upgrade(built.database.engine)
    queue = QueueServiceClient.from_connection_string(azurite.connection_string).get_queue_client("telegram-messages")
    try:
        queue.create_queue()
    except Exception:  # noqa: BLE001 - it exists already
        queue.clear_messages()
    yield built
    built.close()


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_api(lambda: container, container.settings), raise_server_exceptions=False) as c:
        yield c


def queued(container: Container, tenant_id: str) -> list[dict[str, Any]]:
    service = QueueServiceClient.from_connection_string(container.settings.webjobs_storage)
    peeked = service.get_queue_client("telegram-messages").peek_messages(max_messages=32)
    bodies = [json.loads(base64.b64decode(m.content)) for m in peeked]
    return [b for b in bodies if b["tenantId"] == tenant_id]


@pytest.fixture
def tenant(client: TestClient, bot_api: FakeBotApi) -> dict[str, Any]:
    """A tenant with a configured channel and a bot whose webhook is set; ``secret`` is what Telegram got."""
    found, key = register(client)
    headers = {"Authorization": f"Bearer {key}"}
    assert client.post(f"/api/v1/tenants/{found['id']}/channels", json={"channelId": CHANNEL},
                       headers=headers).status_code == 201
    put = client.put(f"/api/v1/tenants/{found['id']}/telegram-bot", json={"botToken": TOKEN}, headers=headers)
    assert put.status_code == 200, put.text
    done = client.post(f"/api/v1/tenants/{found['id']}/telegram-bot/set-webhook", headers=headers)
    assert done.status_code == 200, done.text
    return {"id": found["id"], "headers": headers, "secret": bot_api.webhooks[TOKEN]["secret_token"]}


def post(client: TestClient, tenant: dict[str, Any], update: dict[str, Any], secret: str | None = "right") -> Any:
    headers = {} if secret is None else {
        "X-Telegram-Bot-Api-Secret-Token": tenant["secret"] if secret == "right" else secret}
    return client.post(f"/api/telegram/webhook/{tenant['id']}", json=update, headers=headers)


def channel_post(update_id: int, message_id: int, text: str, **extra: Any) -> dict[str, Any]:
    return {"update_id": update_id, "channel_post": {
        "message_id": message_id, "date": 1767614400, "chat": {"id": CHANNEL, "type": "channel", "title": "Gold"},
        "text": text, **extra}}


def test_set_webhook_sends_the_url_a_fresh_secret_and_the_four_update_kinds(
        client: TestClient, tenant: dict[str, Any], bot_api: FakeBotApi, container: Container) -> None:
    sent = bot_api.webhooks[TOKEN]
    assert sent["url"] == f"{PUBLIC}/api/telegram/webhook/{tenant['id']}"
    assert sent["allowed_updates"] == ["message", "edited_message", "channel_post", "edited_channel_post"]
    assert len(sent["secret_token"]) >= 32
    stored = container.database.repositories.telegram_bots.get(tenant_id=tenant["id"])
    assert stored is not None and stored.webhook_set_at is not None
    assert TOKEN not in stored.encrypted_token and sent["secret_token"] not in (stored.webhook_secret_hash or "")
    shown = client.get(f"/api/v1/tenants/{tenant['id']}/telegram-bot", headers=tenant["headers"])
    assert shown.status_code == 200 and shown.json()["botId"] == 123456789 and shown.json()["webhookSetAt"]
    assert TOKEN not in shown.text and TOKEN.split(":")[1] not in shown.text


def test_the_right_secret_puts_the_channel_post_on_the_queue(client: TestClient, tenant: dict[str, Any],
                                                            container: Container) -> None:
    update = channel_post(1001, 77, "Buy #XAUUSD 3750.5 / SL 3740 / TP 3760",
                          reply_to_message_id=None, reply_to_message={"message_id": 70, "date": 1767614000,
                                                                      "chat": {"id": CHANNEL, "type": "channel"}})
    answer = post(client, tenant, update)
    assert answer.status_code == 200 and answer.json()["outcome"] == "enqueued"
    (message,) = queued(container, tenant["id"])
    assert message["channelId"] == CHANNEL and message["messageId"] == 77
    assert message["content"].startswith("Buy #XAUUSD") and message["replyToMessageId"] == 70
    assert message["timestamp"] == "2026-01-05T12:00:00Z" and "editedAt" not in message


@pytest.mark.parametrize("secret", [None, "wrong-secret", ""])
def test_a_wrong_or_missing_secret_answers_401_and_enqueues_nothing(
        client: TestClient, tenant: dict[str, Any], container: Container, secret: str | None) -> None:
    answer = post(client, tenant, channel_post(1002, 78, "Sell EURUSD 1.10"), secret=secret)
    assert answer.status_code == 401
    assert queued(container, tenant["id"]) == []


def test_a_tenant_without_a_bot_answers_401(client: TestClient, container: Container) -> None:
    found, _ = register(client, email="nobot@example.com")
    answer = client.post(f"/api/telegram/webhook/{found['id']}", json=channel_post(1, 1, "Buy"),
                         headers={"X-Telegram-Bot-Api-Secret-Token": "anything"})
    assert answer.status_code == 401 and queued(container, found["id"]) == []


def test_a_redelivered_update_is_enqueued_once(client: TestClient, tenant: dict[str, Any],
                                               container: Container) -> None:
    update = channel_post(1003, 79, "Buy GBPUSD 1.25")
    answers = [post(client, tenant, update).json()["outcome"] for _ in range(3)]
    assert answers == ["enqueued", "duplicate", "duplicate"]
    assert [m["messageId"] for m in queued(container, tenant["id"])] == [79]


def test_an_edited_channel_post_becomes_a_message_with_edited_at(client: TestClient, tenant: dict[str, Any],
                                                                 container: Container) -> None:
    post(client, tenant, channel_post(1004, 80, "Buy XAUUSD 3750 SL 3740"))
    edited = {"update_id": 1005, "edited_channel_post": {
        "message_id": 80, "date": 1767614400, "edit_date": 1767614460, "chat": {"id": CHANNEL, "type": "channel"},
        "text": "Buy XAUUSD 3750 SL 3745"}}
    assert post(client, tenant, edited).json()["outcome"] == "enqueued"
    original, edit = queued(container, tenant["id"])
    assert "editedAt" not in original
    assert edit["messageId"] == 80 and edit["editedAt"] == "2026-01-05T12:01:00Z"
    assert edit["content"] == "Buy XAUUSD 3750 SL 3745"


def test_a_caption_is_the_content_and_group_messages_count(client: TestClient, tenant: dict[str, Any],
                                                           container: Container) -> None:
    update = {"update_id": 1006, "message": {"message_id": 5, "date": 1767614400, "from": {"id": 42},
                                             "chat": {"id": CHANNEL, "type": "supergroup"},
                                             "photo": [], "caption": "Sell USDJPY 150"}}
    assert post(client, tenant, update).json()["outcome"] == "enqueued"
    (message,) = queued(container, tenant["id"])
    assert message["content"] == "Sell USDJPY 150" and message["senderId"] == 42


@pytest.mark.parametrize(("update", "reason"), [
    ({"update_id": 2001, "channel_post": {"message_id": 1, "date": 1767614400, "chat": {"id": -100999},
                                          "text": "Buy"}}, "chat is not a configured, enabled channel"),
    ({"update_id": 2002, "callback_query": {"id": "1"}}, "update kind not handled"),
    ({"update_id": 2003, "channel_post": {"message_id": 2, "date": 1767614400, "chat": {"id": CHANNEL},
                                          "sticker": {}}}, "message without text or caption"),
    ({"channel_post": {}}, "no update_id"),
])
def test_other_chats_and_update_kinds_answer_200_and_are_ignored(
        client: TestClient, tenant: dict[str, Any], container: Container, update: dict[str, Any],
        reason: str) -> None:
    answer = post(client, tenant, update)
    assert answer.status_code == 200 and answer.json() == {"outcome": "ignored", "reason": reason}
    assert queued(container, tenant["id"]) == []


def test_a_disabled_channel_is_ignored(client: TestClient, tenant: dict[str, Any], container: Container) -> None:
    container.channels.disable(tenant_id=tenant["id"], channel_id=CHANNEL)
    assert post(client, tenant, channel_post(1007, 81, "Buy")).json()["outcome"] == "ignored"
    assert queued(container, tenant["id"]) == []


def test_setting_the_webhook_again_rotates_the_secret(client: TestClient, tenant: dict[str, Any],
                                                      bot_api: FakeBotApi, container: Container) -> None:
    assert client.post(f"/api/v1/tenants/{tenant['id']}/telegram-bot/set-webhook",
                       headers=tenant["headers"]).status_code == 200
    fresh = bot_api.webhooks[TOKEN]["secret_token"]
    assert fresh != tenant["secret"]
    assert post(client, tenant, channel_post(1008, 82, "Buy")).status_code == 401
    assert post(client, {**tenant, "secret": fresh}, channel_post(1008, 82, "Buy")).status_code == 200


def test_a_refused_set_webhook_is_a_502_naming_the_bot_api(client: TestClient, tenant: dict[str, Any],
                                                           bot_api: FakeBotApi) -> None:
    bot_api.tokens.clear()  # the token was revoked in BotFather
    answer = client.post(f"/api/v1/tenants/{tenant['id']}/telegram-bot/set-webhook", headers=tenant["headers"])
    assert answer.status_code == 502 and "Unauthorized" in answer.json()["detail"]
    assert TOKEN not in answer.text


def test_a_bad_bot_token_is_refused_naming_the_field(client: TestClient) -> None:
    found, key = register(client, email="badtoken@example.com")
    answer = client.put(f"/api/v1/tenants/{found['id']}/telegram-bot", json={"botToken": "not-a-token"},
                        headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 422 and answer.json()["field"] == "botToken"


def test_the_cli_sets_the_webhook(client: TestClient, tenant: dict[str, Any], bot_api: FakeBotApi,
                                  container: Container, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("shared.bootstrap.get_container", lambda: container)
    before = bot_api.webhooks[TOKEN]["secret_token"]
    assert cli(["telegram", "set-webhook", "--tenant", tenant["id"]]) == 0
    assert bot_api.webhooks[TOKEN]["secret_token"] != before
    assert f"webhook/{tenant['id']}" in capsys.readouterr().out


def test_admin_sees_the_webhook_url(client: TestClient, tenant: dict[str, Any]) -> None:
    shown = client.get(f"/api/v1/tenants/{tenant['id']}/telegram-bot", headers=admin())
    assert shown.json()["webhookUrl"] == f"{PUBLIC}/api/telegram/webhook/{tenant['id']}"


def test_one_tenants_webhook_secret_opens_no_other_tenants_webhook(client: TestClient, tenant: dict[str, Any],
                                                                   bot_api: FakeBotApi, container: Container) -> None:
    other_token = "555555555:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw2"
    bot_api.tokens.add(other_token)
    other, key = register(client, email="other@example.com")
    headers = {"Authorization": f"Bearer {key}"}
    client.post(f"/api/v1/tenants/{other['id']}/channels", json={"channelId": CHANNEL}, headers=headers)
    client.put(f"/api/v1/tenants/{other['id']}/telegram-bot", json={"botToken": other_token}, headers=headers)
    assert client.post(f"/api/v1/tenants/{other['id']}/telegram-bot/set-webhook", headers=headers).status_code == 200
    crossed = post(client, {**tenant, "secret": bot_api.webhooks[other_token]["secret_token"]},
                   channel_post(3001, 90, "Buy"))
    assert crossed.status_code == 401 and queued(container, tenant["id"]) == []
