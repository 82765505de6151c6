"""`make demo`: the backbone end to end on the embedded defaults, in a throwaway folder.

Starts Azurite and the local host, sets up a tenant (channel, trading rules, paper broker), posts a
handful of Telegram messages through the HTTP ingest endpoint — a good signal, the same message again, a
blacklisted symbol, one outside the trading session, chatter — waits for the queues to drain, prints the
audit trail and the paper orders; then tells the story of one managed trade (``devtools.demo_trade``) and
stops everything.
"""

from __future__ import annotations

import os
import socket
import tempfile
import time
from datetime import UTC, datetime, timedelta
from datetime import time as day_time
from pathlib import Path
from typing import Any

DEMO_KEY = "demo-admin-key-not-for-production"
CHANNEL = -1001987654321


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(project: Path) -> int:
    from devtools.localhost.azurite import connection_string, start_azurite

    workdir = Path(tempfile.mkdtemp(prefix="pipster-demo-"))
    ports = (_free_port(), _free_port(), _free_port())
    azurite = start_azurite(project, workdir / "azurite", ports)
    os.environ.update({"PIPSTER_DATA_DIR": str(workdir), "AzureWebJobsStorage": connection_string(ports),
                       "PIPSTER_ADMIN_KEY": DEMO_KEY, "PIPSTER_ENVIRONMENT": "local", "PIPSTER_REDIS_URL": ""})
    host = None
    try:
        from devtools.localhost.host import LocalHost, app_settings, load_function_app
        from shared.adapters.sql import migrate
        from shared.bootstrap import get_container
        from shared.settings import get_settings

        get_settings.cache_clear()
        get_container.cache_clear()
        container = get_container()
        migrate.upgrade(container.database.engine)
        app = load_function_app(project)
        port = _free_port()
        settings = {**app_settings(project), "AzureWebJobsStorage": connection_string(ports)}
        host = LocalHost(app=app, settings=settings, host_json=project / "host.json", port=port)
        host.start()
        _wait_http(port)
        desk = _set_up(container)
        _post_messages(port, desk, container)
        _print(container, desk)
        from devtools import demo_trade

        monday = datetime.now(UTC).date() - timedelta(days=datetime.now(UTC).weekday())
        demo_trade.tell(port, desk, container, datetime.combine(monday, day_time(12), tzinfo=UTC).isoformat())
        return 0
    finally:
        if host is not None:
            host.stop()
        if azurite is not None:
            azurite.terminate()
            azurite.wait(10)


def _wait_http(port: int, timeout: float = 30) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).raise_for_status()
            return
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _set_up(container: Any) -> dict[str, Any]:
    from shared.domain.broker import BrokerConnection
    from shared.domain.enums import BrokerType
    from shared.domain.ids import new_id
    from shared.domain.trading import TradingChanges, TradingSession

    tenant, key = container.tenants.register_with_api_key(email="gold.desk@example.com",
                                                          display_name="Gold Desk", plan=2)
    channel = container.channels.add(tenant_id=tenant.id, channel_id=CHANNEL, channel_name="Gold VIP Signals")
    session = TradingSession(day_time(7), day_time(16), frozenset(range(5)))  # 07:00-16:00 UTC, Mon-Fri
    container.trading.update(tenant_id=tenant.id, changes=TradingChanges(
        auto_execute_enabled=True, blacklisted_symbols=("BTCUSD",), session=session))
    broker = BrokerConnection(id=new_id("brk"), tenant_id=tenant.id, broker_type=BrokerType.PAPER,
                              display_name="Paper account", created_at=container.clock.now(),
                              metadata={"initialBalance": 100000})
    container.database.transact(lambda uow: uow.brokers.add(broker))
    print(f"tenant {tenant.id} ({tenant.display_name}), channel {channel.config.channel_id}, paper broker {broker.id}")
    print("rules: auto-execute on, BTCUSD blacklisted, session 07:00-16:00 UTC Mon-Fri, 1 unit per trade\n")
    return {"tenant": tenant.id, "key": key, "broker": broker}


def _post_messages(port: int, desk: dict[str, Any], container: Any) -> None:
    import httpx

    monday = datetime.now(UTC).date() - timedelta(days=datetime.now(UTC).weekday())
    def at(hour: int) -> str:
        return datetime.combine(monday, day_time(hour, 30), tzinfo=UTC).isoformat()

    # (message id, content, posted at, what it shows, the event that ends its processing)
    messages = [
        (101, "🔥 GOLD BUY NOW @ 2350.5\nSL 2340\nTP1 2360\nTP2 2375", at(10), "a good signal", "TradeExecuted"),
        (101, "🔥 GOLD BUY NOW @ 2350.5\nSL 2340\nTP1 2360\nTP2 2375", at(10), "the same message again",
         "Duplicate"),
        (102, "SELL BTC/USD 64000\nSL 65500\nTP 61000", at(11), "a blacklisted symbol", "SignalRejected"),
        (103, "EURUSD buy 1.0850 sl 1.0820 tp 1.0910", at(21), "outside the session", "SignalRejected"),
        (104, "Good morning team! Big NFP day today, trade safe 🙏", at(9), "chatter", "NotASignal"),
    ]
    for message_id, content, timestamp, what, done in messages:
        response = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/tenants/{desk['tenant']}/messages",
            json={"channelId": CHANNEL, "messageId": message_id, "content": content, "timestamp": timestamp},
            headers={"Authorization": f"Bearer {desk['key']}", "x-correlation-id": f"demo-{message_id}"}, timeout=10)
        response.raise_for_status()
        print(f"posted message {message_id} ({what}) -> {response.status_code}")
        _wait_for(container, desk["tenant"], message_id, done)
    time.sleep(1.0)  # the duplicate's re-emitted trade command settles at the paper broker


def _events(container: Any, tenant_id: str) -> list[Any]:
    now = datetime.now(UTC)
    found = container.events.iter_events(tenant_id=tenant_id, since=now - timedelta(days=1),
                                         until=now + timedelta(days=1))
    return sorted(found, key=lambda e: (e.timestamp, e.id))


def _wait_for(container: Any, tenant_id: str, message_id: int, event_type: str, timeout: float = 60) -> None:
    """Until ``event_type`` is recorded for the message: each message is shown after the previous one's outcome."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(str(e.type) == event_type and e.data.get("messageId") == message_id
               for e in _events(container, tenant_id)):
            return
        time.sleep(0.2)
    raise TimeoutError(f"message {message_id} did not reach {event_type} within {timeout} s")


def _print(container: Any, desk: dict[str, Any]) -> None:
    from shared.adapters.brokers.paper import PaperBroker

    print("\ntimeline (the audit trail, oldest first)")
    for event in _events(container, desk["tenant"]):
        data = event.data
        what = {
            "SignalReceived": f"{data.get('side')} {data.get('symbol')} entry {data.get('entry')} "
                              f"SL {data.get('stopLoss')} TP {data.get('takeProfits')}",
            "SignalRejected": f"rule={data.get('rule')}: {data.get('detail')}",
            "NotASignal": f"{data.get('reason')}",
            "Duplicate": f"already processed; {data.get('reemittedCommands')} command(s) re-emitted",
            "TradeExecuted": f"{data.get('side')} {data.get('units')} {data.get('symbol')} -> {data.get('status')} "
                             f"at {data.get('fillPrice')} (order {data.get('brokerOrderId')}, "
                             f"duplicate={data.get('duplicate')})",
            "TradeFailed": f"reason={data.get('reason')}: {data.get('detail')}",
        }.get(str(event.type), str(data))
        print(f"  {event.timestamp:%H:%M:%S.%f}"[:-3] + f"  msg {data.get('messageId', '-'):>4}  "
              f"{str(event.type):<15} {what}  [corr {event.correlation_id}]")
    orders = PaperBroker(container.database, desk["broker"], container.clock).orders()
    print(f"\npaper orders ({len(orders)})")
    for order in orders:
        print(f"  {order['Id']}  {order['Side']} {order['Units']} {order['Symbol']} {order['OrderType']} "
              f"{order['Status']} at {order['FillPrice']}  client order id {order['ClientOrderId']}")
    _print_statistics(container, desk)


def _print_statistics(container: Any, desk: dict[str, Any]) -> None:
    """The channel's statistics as GET /api/v1/tenants/{id}/channels/{channelId}/stats answers them."""
    s = container.stats.channel(tenant_id=desk["tenant"], channel_id=CHANNEL)
    c = s.counts
    print(f"\nchannel statistics (GET /api/v1/tenants/{desk['tenant']}/channels/{CHANNEL}/stats)")
    print(f"  signals: received {c.signals_received}, traded {c.signals_traded}, rejected {c.signals_rejected} "
          f"{c.rejected_by_rule}, held {c.signals_held}, not a signal {c.not_a_signal}")
    print(f"  trades: opened {c.trades_opened}, closed {c.trades_closed}, cancelled {c.trades_cancelled}; "
          f"win rate {s.win_rate}, realised P&L {s.realized_pnl:f}, max drawdown {s.max_drawdown:f}")
