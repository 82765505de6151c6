"""Done-when of the Bot API intake, through the local host (Azurite queues, real Redis): a channel post
delivered to the webhook with the right secret becomes a paper order; a wrong secret changes nothing; an
edit of the post is enqueued as a revision and never places a second order.

The bot's webhook is set against a fake Bot API server on loopback (tests/support/fake_bot_api.py), which
also hands us the secret Telegram would echo; Telegram is never called.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from shared.adapters.brokers.paper import PaperBroker
from shared.bootstrap import Container
from tests.support.fake_bot_api import fake_bot_api
from tests.support.local_stack import local_stack
from tests.support.scenario import CHANNEL_ID, seed_desk
from tests.support.waiting import wait_for

TOKEN = "987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1"


@pytest.fixture
def stack(tmp_path: Path, azurite, redis_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    with fake_bot_api() as bot_api:
        bot_api.tokens.add(TOKEN)
        with local_stack(tmp_path, azurite, redis_url, monkeypatch, PIPSTER_TELEGRAM_API_URL=bot_api.url,
                         PIPSTER_PUBLIC_BASE_URL="https://pipster.example.net") as running:
            yield {"container": running.container, "port": running.port, "bot_api": bot_api}


def test_a_webhook_update_becomes_a_paper_order_and_its_edit_no_second_one(stack: dict[str, Any]) -> None:
    container: Container = stack["container"]
    base = f"http://127.0.0.1:{stack['port']}"
    desk = seed_desk(container)
    key = container.tenants.rotate_api_key(tenant_id=desk.tenant_id)
    auth = {"Authorization": f"Bearer {key}"}
    assert httpx.put(f"{base}/api/v1/tenants/{desk.tenant_id}/telegram-bot", json={"botToken": TOKEN},
                     headers=auth, timeout=10).status_code == 200
    assert httpx.post(f"{base}/api/v1/tenants/{desk.tenant_id}/telegram-bot/set-webhook", headers=auth,
                      timeout=10).status_code == 200
    secret = stack["bot_api"].webhooks[TOKEN]["secret_token"]
    now = int(time.time())
    post = {"message_id": 501, "date": now, "chat": {"id": CHANNEL_ID, "type": "channel"},
            "text": "BUY GOLD @ 2350.5 SL 2340 TP 2360"}
    webhook = f"{base}/api/telegram/webhook/{desk.tenant_id}"

    wrong = httpx.post(webhook, json={"update_id": 1, "channel_post": post},
                       headers={"X-Telegram-Bot-Api-Secret-Token": "forged"}, timeout=10)
    assert wrong.status_code == 401

    right = httpx.post(webhook, json={"update_id": 2, "channel_post": post},
                       headers={"X-Telegram-Bot-Api-Secret-Token": secret}, timeout=10)
    assert right.status_code == 200 and right.json()["outcome"] == "enqueued"
    connection = container.database.repositories.brokers.get_by_id(tenant_id=desk.tenant_id, broker_id=desk.broker_id)
    paper = PaperBroker(container.database, connection, container.clock)  # type: ignore[arg-type]
    (order,) = wait_for(paper.orders, timeout=30)
    assert (order["Symbol"], order["Status"]) == ("XAUUSD", "Filled")

    edited = {**post, "edit_date": now + 30, "text": "BUY GOLD @ 2350.5 SL 2345 TP 2360"}
    answer = httpx.post(webhook, json={"update_id": 3, "edited_channel_post": edited},
                        headers={"X-Telegram-Bot-Api-Secret-Token": secret}, timeout=10)
    assert answer.status_code == 200 and answer.json()["outcome"] == "enqueued"
    revision = wait_for(lambda: _events(container, desk.tenant_id, "NotASignal"), timeout=30)
    assert "an edit of message" in revision[0].data["reason"]
    assert len(paper.orders()) == 1  # the revision is recorded, never a second order


def _events(container: Container, tenant_id: str, kind: str) -> list[Any]:
    from tests.e2e.conftest import events_of

    return events_of(container, tenant_id, kind)
