"""Hardening #1: a burst of signals must not starve the SQL connection pool and stop all trading.

The local host runs up to 16 messages per queue trigger at once, plus the HTTP server's threads. Before the
fix the hot-path reader pinned one pooled connection to every thread that ever read, for the thread's whole
life: a burst of a few signals used every connection, and every later read waited for the pool's timeout.
Here 32 signals are posted at once through HTTP; every one must become exactly one paper order.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from shared.adapters.brokers.paper import PaperBroker
from tests.support.local_stack import local_stack
from tests.support.scenario import CHANNEL_ID, seed_desk
from tests.support.waiting import wait_for

BURST = 32


def test_a_burst_of_32_concurrent_signals_becomes_32_orders(tmp_path: Path, azurite, redis_url: str,  # type: ignore[no-untyped-def]
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    with local_stack(tmp_path, azurite, redis_url, monkeypatch) as stack:
        container = stack.container
        desk = seed_desk(container)
        key = container.tenants.rotate_api_key(tenant_id=desk.tenant_id)

        def post(message_id: int) -> int:
            response = httpx.post(
                f"{stack.url}/api/v1/tenants/{desk.tenant_id}/messages",
                json={"channelId": CHANNEL_ID, "messageId": message_id,
                      "content": "BUY GOLD @ 2350.5 SL 2340 TP 2360"},
                headers={"Authorization": f"Bearer {key}"}, timeout=60)
            return response.status_code

        with ThreadPoolExecutor(BURST) as pool:
            statuses = list(pool.map(post, range(1, BURST + 1)))
        assert statuses == [202] * BURST

        connection = container.database.repositories.brokers.get_by_id(tenant_id=desk.tenant_id,
                                                                       broker_id=desk.broker_id)
        paper = PaperBroker(container.database, connection, container.clock)  # type: ignore[arg-type]
        orders = wait_for(lambda: len(found := paper.orders()) >= BURST and found, timeout=60, interval=0.5)
        assert len(orders) == BURST
        assert len({o["ClientOrderId"] for o in orders}) == BURST
