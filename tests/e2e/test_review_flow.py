"""Held for review, end to end through the local host (HTTP, Azurite queues, Redis): a doubtful signal posted
over HTTP is held and places nothing; the tenant lists it, approves it with a corrected stop over HTTP, and the
executor places exactly one order; a second approval and a rejection of a resolved signal are refused."""

from __future__ import annotations

from typing import Any

import httpx

from shared.adapters.brokers.paper import PaperBroker
from shared.bootstrap import Container
from tests.e2e.test_local_host_pipeline import stack  # noqa: F401 - the local host fixture
from tests.support.scenario import CHANNEL_ID, seed_desk
from tests.support.waiting import wait_for


def test_a_held_signal_trades_once_after_approval_over_http(stack: dict[str, Any]) -> None:  # noqa: F811
    container: Container = stack["container"]
    desk = seed_desk(container)
    key = container.tenants.rotate_api_key(tenant_id=desk.tenant_id)
    base = f"http://127.0.0.1:{stack['port']}/api/v1/tenants/{desk.tenant_id}"
    auth = {"Authorization": f"Bearer {key}"}
    posted = httpx.post(f"{base}/messages", headers=auth, timeout=10, json={
        "channelId": CHANNEL_ID, "messageId": 7, "content": "BUY XAUUSD 2350 SL 2360 TP 2370"})
    assert posted.status_code == 202, posted.text

    held = wait_for(lambda: httpx.get(f"{base}/held-signals", headers=auth, timeout=10).json() or None, timeout=20)
    (signal,) = held
    assert signal["status"] == "Pending" and signal["holdReason"] == "low_confidence"
    assert "sl_wrong_side" in signal["signal"]["reasons"]
    connection = container.database.repositories.brokers.get_by_id(tenant_id=desk.tenant_id, broker_id=desk.broker_id)
    assert connection is not None
    paper = PaperBroker(container.database, connection, container.clock)
    assert paper.orders() == []

    approved = httpx.post(f"{base}/held-signals/{signal['id']}/approve", headers=auth, timeout=10,
                          json={"corrections": {"stopLoss": 2340}})
    assert approved.status_code == 200, approved.text
    assert approved.json()["commands"] == 1 and approved.json()["heldSignal"]["status"] == "Approved"
    (order,) = wait_for(lambda: paper.orders() or None, timeout=20)
    assert float(order["StopLoss"]) == 2340.0

    again = httpx.post(f"{base}/held-signals/{signal['id']}/approve", headers=auth, timeout=10)
    assert again.status_code == 409 and again.json()["field"] == "status"
    rejected = httpx.post(f"{base}/held-signals/{signal['id']}/reject", headers=auth, timeout=10)
    assert rejected.status_code == 409
    assert httpx.get(f"{base}/held-signals", headers=auth, timeout=10).json() == []  # none pending
    assert len(paper.orders()) == 1
