"""A tenant ready to trade: channel, trading rules and a paper broker, wired through the real services."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

from shared.bootstrap import Container
from shared.domain.broker import BrokerConnection
from shared.domain.enums import BrokerType
from shared.domain.trading import TradingChanges, TradingSession

CHANNEL_ID = -1001234567890
GOLD = "BUY XAUUSD @ 2350.5\nSL 2340\nTP1 2360\nTP2 2370"
GOLD_AT_MARKET = "BUY XAUUSD NOW\nSL 2340\nTP 2360"  # no price written: only a quote prices it


@dataclass
class Desk:
    tenant_id: str
    channel_config_id: str
    broker_id: str


def seed_desk(container: Container, *, email: str | None = None, session: TradingSession | None = None,
              blacklist: tuple[str, ...] = ("BTCUSD",), initial_balance: int = 100000) -> Desk:
    tenant = container.tenants.register(email=email or f"desk-{uuid.uuid4().hex[:8]}@example.com",
                                        display_name="Demo Desk")
    channel = container.channels.add(tenant_id=tenant.id, channel_id=CHANNEL_ID, channel_name="Gold Signals")
    container.trading.update(tenant_id=tenant.id, changes=TradingChanges(
        auto_execute_enabled=True, blacklisted_symbols=blacklist, session=session))
    broker = BrokerConnection(id=f"brk_{uuid.uuid4().hex}", tenant_id=tenant.id, broker_type=BrokerType.PAPER,
                              display_name="Paper account", created_at=container.clock.now(),
                              metadata={"initialBalance": initial_balance})
    container.database.transact(lambda uow: uow.brokers.add(broker))
    return Desk(tenant.id, channel.config.id, broker.id)


def message(desk: Desk, message_id: int, content: str, at: datetime | None = None, **extra: Any) -> bytes:
    body = {"tenantId": desk.tenant_id, "channelId": CHANNEL_ID, "messageId": message_id, "content": content,
            "timestamp": (at or datetime(2026, 1, 5, 12, 0, tzinfo=UTC)).isoformat(), "senderId": 7, **extra}
    return json.dumps(body).encode()


LONDON = TradingSession(time(7), time(16))
