"""Hardening #2: the local host's queue workers survive a storage outage and resume.

Before the fix, the first storage error while settling a message (delete, release, output) escaped the
worker's loop: the worker thread died silently and nothing was processed again until a restart. Here
Azurite (a private one, so other tests keep theirs) is stopped under load and started again on the same
ports and data: every message the API accepted becomes exactly one order, nothing is poisoned, and
readiness reports the workers healthy again afterwards.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from shared.adapters.brokers.paper import PaperBroker
from shared.ports.brokers import client_order_id
from tests.support.local_stack import local_stack
from tests.support.scenario import CHANNEL_ID, seed_desk
from tests.support.services import RestartableAzurite
from tests.support.waiting import wait_for

MESSAGES = 24
OUTAGE_SECONDS = 12  # longer than the storage SDK's own retries (about 9 s), which would hide a shorter one


def test_messages_accepted_around_a_storage_outage_are_each_traded_once(  # type: ignore[no-untyped-def]
        tmp_path: Path, restartable_azurite: RestartableAzurite, redis_url: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A message whose settling failed in the outage comes back after the queue hold: a short one (and an
    # idempotency lease shorter still, as the host requires) keeps the wait for its order within the test.
    with local_stack(tmp_path, restartable_azurite.ports, redis_url, monkeypatch,
                     host_settings={"PIPSTER_LOCAL_QUEUE_HOLD_SECONDS": "20",
                                    "PIPSTER_IDEMPOTENCY_LEASE_SECONDS": "10"},
                     PIPSTER_IDEMPOTENCY_LEASE_SECONDS=10) as stack:
        container = stack.container
        desk = seed_desk(container)
        key = container.tenants.rotate_api_key(tenant_id=desk.tenant_id)
        accepted: list[int] = []

        def post_steadily() -> None:
            with httpx.Client(timeout=30) as client:
                for message_id in range(1, MESSAGES + 1):
                    response = client.post(
                        f"{stack.url}/api/v1/tenants/{desk.tenant_id}/messages",
                        json={"channelId": CHANNEL_ID, "messageId": message_id,
                              "content": "BUY GOLD @ 2350.5 SL 2340 TP 2360"},
                        headers={"Authorization": f"Bearer {key}"})
                    if response.status_code == 202:
                        accepted.append(message_id)
                    else:  # refused while storage is down: never accepted, so never owed an order
                        assert response.status_code == 503, response.text
                    time.sleep(0.25)

        poster = threading.Thread(target=post_steadily)
        poster.start()
        wait_for(lambda: len(accepted) >= 4, timeout=20)
        restartable_azurite.stop()  # mid-load: messages are being polled, run and settled
        time.sleep(OUTAGE_SECONDS)
        restartable_azurite.start()
        poster.join(timeout=120)
        assert accepted, "nothing was accepted"

        connection = container.database.repositories.brokers.get_by_id(tenant_id=desk.tenant_id,
                                                                       broker_id=desk.broker_id)
        paper = PaperBroker(container.database, connection, container.clock)  # type: ignore[arg-type]
        orders = wait_for(lambda: len(found := paper.orders()) >= len(accepted) and found, timeout=90, interval=0.5)
        expected = {client_order_id(f"{desk.tenant_id}:{CHANNEL_ID}:{m}", desk.broker_id) for m in accepted}
        assert Counter(o["ClientOrderId"] for o in orders) == Counter(expected)  # each accepted one, once
        assert all(worker.heart.problem() is None for worker in stack.host.queue_workers)
        ready = httpx.get(f"{stack.url}/api/v1/health/ready", timeout=30).json()
        assert ready["checks"]["workers"]["ok"], ready
