"""The managed-trade story through the local host (Azurite queues, the real Redis, HTTP in, the Functions'
queue triggers between): a two-target signal split evenly into two legs; a reply "move SL to entry"; a
paper quote that fills TP1; a reply "close all"; the trade Closed with its P&L. Then an edited pending
signal, a deleted one, a stale one, and the daily loss halt. Every step is asserted on the stored trade
or the tenant's events, as a user would see them through the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from typing import Any

import httpx

from shared.bootstrap import Container
from shared.domain.trade import LegStatus, Trade
from tests.e2e.test_local_host_pipeline import stack  # noqa: F401  # the fixture: host, Azurite, Redis
from tests.support.scenario import CHANNEL_ID, seed_desk
from tests.support.waiting import wait_for

SIGNAL = "BUY XAUUSD @ 2350.5\nSL 2340\nTP1 2360\nTP2 2370"
LIMIT = "BUY LIMIT XAUUSD @ 2340\nSL 2330\nTP1 2350\nTP2 2360"


class Desk:
    def __init__(self, host: dict[str, Any]) -> None:
        self.container: Container = host["container"]
        seeded = seed_desk(self.container)
        self.tenant_id, self.broker_id = seeded.tenant_id, seeded.broker_id
        key = self.container.tenants.rotate_api_key(tenant_id=self.tenant_id)
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{host['port']}/api/v1/tenants/{self.tenant_id}",
                                 headers={"Authorization": f"Bearer {key}"}, timeout=15)

    def post(self, message_id: int, content: str = "", **extra: Any) -> None:
        response = self.http.post("/messages", json={"channelId": CHANNEL_ID, "messageId": message_id,
                                                     "content": content, **extra})
        assert response.status_code == 202, response.text

    def configure(self, **fields: Any) -> None:
        response = self.http.patch("/trading-config", json=fields)
        assert response.status_code == 200, response.text

    def quote(self, bid: str, ask: str) -> list[dict[str, Any]]:
        response = self.http.put(f"/brokers/{self.broker_id}/paper/quotes/XAUUSD", json={"bid": bid, "ask": ask})
        assert response.status_code == 200, response.text
        happened: list[dict[str, Any]] = response.json()["happened"]
        return happened

    def trade(self, message_id: int) -> Trade | None:
        key = f"{self.tenant_id}:{CHANNEL_ID}:{message_id}"
        found = self.container.database.repositories.trades.get_by_message(tenant_id=self.tenant_id,
                                                                          message_key=key)
        return found[0] if found else None

    def until(self, message_id: int, check: Any, timeout: float = 30) -> Trade:
        def ready() -> Trade | None:
            trade = self.trade(message_id)
            return trade if trade is not None and check(trade) else None

        found = wait_for(ready, timeout=timeout)
        assert found is not None
        return found

    def events(self, kind: str) -> list[dict[str, Any]]:
        response = self.http.get("/events", params={"type": kind})
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()["items"]
        return items


def test_the_managed_trade_story(stack: dict[str, Any]) -> None:  # noqa: F811  # the imported fixture
    desk = Desk(stack)
    desk.configure(fixedUnits=2, breakevenAfterTp=1, maxSignalDelaySeconds=600)

    # A two-target signal, even split: two legs of one unit, each with its own target.
    desk.post(1, SIGNAL)
    trade = desk.until(1, lambda t: t.status is LegStatus.OPEN)
    assert [(leg.units, leg.take_profit) for leg in trade.legs] == [(D(1), D(2360)), (D(1), D(2370))]

    # A reply moves the stop of both legs to the entry.
    desk.post(2, "move SL to entry", replyToMessageId=1)
    desk.until(1, lambda t: [leg.stop_loss for leg in t.legs] == [D("2350.5")] * 2)

    # The market reaches TP1: leg 0 closes at its target; leg 1 stays open, protected at its entry.
    assert [(e["leg"], e["reason"]) for e in desk.quote("2360", "2360.3")] == [(0, "TakeProfit")]
    trade = desk.until(1, lambda t: t.legs[0].status is LegStatus.CLOSED)
    assert (trade.legs[1].status, trade.legs[1].stop_loss) == (LegStatus.OPEN, D("2350.5"))

    # "close all": the trade is Closed, with its P&L (+9.5 at TP1, +9.5 at the 2360 bid).
    desk.post(3, "close all", replyToMessageId=1)
    trade = desk.until(1, lambda t: t.status is LegStatus.CLOSED)
    assert trade.realized_pnl == D(19)
    detail = desk.http.get(f"/trades/{trade.id}").json()
    assert (detail["status"], detail["realizedPnl"]) == ("Closed", "19")
    assert [c["kind"] for c in detail["history"]][-1] == "Closed"

    # An edited pending signal: its legs' entry, stop and targets follow the new text.
    desk.post(10, LIMIT)
    desk.until(10, lambda t: t.status is LegStatus.PENDING and all(leg.broker_order_id for leg in t.legs))
    edited_at = datetime.now(UTC).isoformat()
    desk.post(10, "BUY LIMIT XAUUSD @ 2338\nSL 2328\nTP1 2350\nTP2 2365", editedAt=edited_at)
    trade = desk.until(10, lambda t: all(leg.requested_entry == D(2338) for leg in t.legs))
    assert [(leg.stop_loss, leg.take_profit) for leg in trade.legs] == [(D(2328), D(2350)), (D(2328), D(2365))]

    # A deleted pending signal: its resting legs are cancelled.
    desk.post(11, "SELL LIMIT XAUUSD @ 2380\nSL 2390\nTP 2370")
    desk.until(11, lambda t: t.status is LegStatus.PENDING and all(leg.broker_order_id for leg in t.legs))
    desk.post(11, deleted=True)
    desk.until(11, lambda t: t.status is LegStatus.CANCELLED)

    # A stale signal (posted an hour ago; the limit is ten minutes): rejected, nothing opens.
    desk.post(12, SIGNAL, timestamp=(datetime.now(UTC) - timedelta(hours=1)).isoformat())
    stale = wait_for(lambda: [e for e in desk.events("SignalRejected") if e["data"]["messageId"] == 12], 30)
    assert stale[0]["data"]["rule"] == "stale" and desk.trade(12) is None

    # The daily loss halt: a 40-unit trade is stopped out (-420, -401 for the day); new trades are refused.
    desk.configure(fixedUnits=40)
    desk.quote("2350.2", "2350.5")  # a market buy fills at the ask
    desk.post(13, "BUY XAUUSD @ 2350.5\nSL 2340\nTP 2400")
    desk.until(13, lambda t: t.status is LegStatus.OPEN)
    assert [e["reason"] for e in desk.quote("2339", "2339.3")] == ["StopLoss"]
    desk.configure(dailyLossLimitPercent=0.25)
    desk.post(14, SIGNAL)
    halted = wait_for(lambda: desk.events("TradingHalted"), 30)
    assert halted[0]["data"]["realizedLoss"] == "401"
    refused = wait_for(lambda: [e for e in desk.events("SignalRejected") if e["data"]["messageId"] == 14], 30)
    assert refused[0]["data"]["rule"] == "daily_loss_limit" and desk.trade(14) is None
