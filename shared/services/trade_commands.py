"""The one way an action on a stored trade becomes a trade command (follow-ups, edits, deletions, the
tenant's manual actions and the pending-expiry sweep all build theirs here).

The command's client id is ``client_order_id(key, broker, 0, label)``: ``key`` is what asked for the action
(the follow-up's revision key, or the tenant's request key) and ``label`` names the action and its place
in that request, so a redelivered command finds its first result at the venue and acts once. The executor
derives each leg's action id from the command's client id.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from shared.domain.messages import TradeAction, TradeCommand
from shared.domain.trade import LegStatus, Trade
from shared.observability.telemetry import telemetry
from shared.ports.brokers import client_order_id


def action_command(trade: Trade, action: TradeAction, *, key: str, label: str, correlation_id: str,
                   received_at: datetime, message_id: int | None = None) -> TradeCommand:
    return TradeCommand(
        client_order_id=client_order_id(key, trade.broker_connection_id, 0, label), tenant_id=trade.tenant_id,
        broker_connection_id=trade.broker_connection_id, message_key=key, channel_id=trade.channel_id,
        message_id=trade.message_id if message_id is None else message_id, units=Decimal(0), signal={},
        correlation_id=correlation_id, received_at=received_at, action=action,
        traceparent=telemetry.inject().get("traceparent"),
    )


def live_legs(trade: Trade, *statuses: LegStatus) -> list[int]:
    """The legs of ``trade`` in any of ``statuses`` (default: Pending or Open)."""
    wanted = statuses or (LegStatus.PENDING, LegStatus.OPEN)
    return [leg.index for leg in trade.legs if leg.status in wanted]
