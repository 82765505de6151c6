"""The demo's second act: one managed trade, from the signal to its P&L.

A two-target gold signal opens two legs (4 units split evenly); the paper market reaches TP1, which closes
leg 1 and moves leg 2's stop to its entry (breakevenAfterTp 1); a reply says "close half", another
"close all". Everything goes through the HTTP API and the queues, as a channel and a tenant would.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx

CHANNEL = -1001987654321
SIGNAL = "GOLD BUY @ 2350.5\nSL 2340\nTP1 2360\nTP2 2370"
STORY = ("TradeExecuted", "TradeModified", "TradeClosed", "TradeCancelled", "FollowUpIgnored", "FollowUpNoted")


def tell(port: int, desk: dict[str, Any], container: Any, posted_at: str) -> None:
    from shared.domain.trade_rules import TakeProfitStrategy
    from shared.domain.trading import TradingChanges

    container.trading.update(tenant_id=desk["tenant"], changes=TradingChanges(
        fixed_units=Decimal(4), take_profit_strategy=TakeProfitStrategy.EVEN, breakeven_after_tp=1))
    api = httpx.Client(base_url=f"http://127.0.0.1:{port}/api/v1/tenants/{desk['tenant']}", timeout=10,
                       headers={"Authorization": f"Bearer {desk['key']}"})
    started = datetime.now(UTC)
    print("\nthe managed trade: 4 units, split evenly over TP1/TP2, breakeven after TP1")
    _post(api, 201, SIGNAL, posted_at)
    trade = _wait(lambda: _trade(api, "Open", 201))
    _quote(api, desk, "2360", "2360.3", "the market reaches TP1")
    _quote(api, desk, "2365", "2365.3", "the market moves on")
    _post(api, 202, "close half", posted_at, reply_to=201)
    _wait(lambda: _settled(container, desk["tenant"], started, 202))
    _post(api, 203, "close all", posted_at, reply_to=201)
    _wait(lambda: _trade(api, "Closed", 201))
    _print(api, container, desk["tenant"], started, trade["id"])


def _post(api: httpx.Client, message_id: int, content: str, posted_at: str, reply_to: int | None = None) -> None:
    body: dict[str, Any] = {"channelId": CHANNEL, "messageId": message_id, "content": content,
                            "timestamp": posted_at}
    if reply_to is not None:
        body["replyToMessageId"] = reply_to
    api.post("/messages", json=body).raise_for_status()
    shown = content.replace("\n", " / ")
    print(f"  channel: message {message_id}{f' (reply to {reply_to})' if reply_to else ''}: {shown}")


def _quote(api: httpx.Client, desk: dict[str, Any], bid: str, ask: str, why: str) -> None:
    response = api.put(f"/brokers/{desk['broker'].id}/paper/quotes/XAUUSD", json={"bid": bid, "ask": ask})
    response.raise_for_status()
    print(f"  market:  XAUUSD {bid}/{ask} ({why})")


def _trade(api: httpx.Client, status: str, message_id: int) -> dict[str, Any] | None:
    items: list[dict[str, Any]] = api.get("/trades", params={"status": status}).json()["items"]
    return next((t for t in items if t["messageId"] == message_id), None)


def _settled(container: Any, tenant_id: str, since: datetime, message_id: int) -> bool:
    return any(e.data.get("messageId") == message_id for e in _events(container, tenant_id, since, ("TradeClosed",)))


def _events(container: Any, tenant_id: str, since: datetime, types: tuple[str, ...]) -> list[Any]:
    found = container.events.iter_events(tenant_id=tenant_id, since=since - timedelta(seconds=1),
                                         until=datetime.now(UTC) + timedelta(seconds=5), types=list(types))
    return sorted(found, key=lambda e: (e.timestamp, e.id))


def _wait(check: Any, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise TimeoutError("the managed trade did not reach the next step in time")


def _print(api: httpx.Client, container: Any, tenant_id: str, since: datetime, trade_id: str) -> None:
    print("\nmanaged-trade timeline (events, oldest first)")
    for event in _events(container, tenant_id, since, STORY):
        data = event.data
        if data.get("tradeId") != trade_id:
            continue
        legs = ", ".join(f"leg {leg['leg'] + 1} {leg['status']} {leg['closedUnits']}/{leg['units']} "
                         f"SL {leg['stopLoss']} TP {leg['takeProfit']}" for leg in data.get("legs", []))
        cause = data.get("reason") or data.get("action") or ""
        print(f"  {event.timestamp:%H:%M:%S}  {str(event.type):<14} {cause:<10} P&L {data.get('realizedPnl'):>6}"
              f"  [{legs}]")
    trade = api.get(f"/trades/{trade_id}").json()
    print(f"\ntrade {trade['id']}: {trade['side']} {trade['symbol']} {trade['status']}, realised P&L "
          f"{trade['realizedPnl']} USD")
    for change in trade["history"]:
        leg = "" if change["leg"] is None else f"leg {change['leg'] + 1}"
        detail = ", ".join(f"{k}={_plain(v)}" for k, v in change["detail"].items()
                           if k in ("price", "units", "after", "reason"))
        print(f"  {change['kind']:<11} {leg:<6} {detail}")


def _plain(value: Any) -> str:
    """2350.50000000 as 2350.5; words as they are."""
    try:
        return format(Decimal(str(value)).normalize(), "f")
    except InvalidOperation:
        return str(value)
