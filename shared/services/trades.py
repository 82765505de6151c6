"""The tenant's trades: read them, act on them by hand, and move a paper account's market.

A manual action is the same trade command a follow-up produces (``trade_commands.action_command``),
enqueued on ``trade-commands`` for the executor: the same events, the same idempotency. Its key is the
caller's ``Idempotency-Key`` when it sends one (a retried request then acts once), else a fresh one.
The action is checked against the trade's state before it is queued, so a request that cannot act
(close a trade with nothing open, cancel one with nothing resting) is refused and queues nothing.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from shared.clock import Clock
from shared.domain import rules
from shared.domain.errors import InvalidStateError, NotFoundError, ValidationError
from shared.domain.messages import TradeAction, TradeCommand
from shared.domain.trade import Trade, TradeChange, TradeStatus
from shared.parsing.followups import FollowUpAction, FollowUpKind
from shared.ports.queues import TRADE_COMMANDS, AbstractMessageQueue
from shared.ports.transactions import TransactionRunner
from shared.services.follow_ups import trade_action
from shared.services.trade_commands import action_command

if TYPE_CHECKING:
    from shared.services.executor import TradeExecutor

logger = logging.getLogger(__name__)
_KEY_MAX = 64


@dataclass(frozen=True, slots=True)
class TradeDetail:
    trade: Trade
    history: list[TradeChange]


class TradeService:
    def __init__(self, database: TransactionRunner, clock: Clock, *, queues: Callable[[], AbstractMessageQueue],
                 executor: Callable[[], TradeExecutor]) -> None:
        self._db = database
        self._clock = clock
        self._queues = queues
        self._executor = executor

    def page(self, *, tenant_id: str, status: TradeStatus | None = None, channel_id: int | None = None,
             symbol: str | None = None, limit: int = 50, offset: int = 0) -> list[Trade]:
        return self._db.repositories.trades.page(tenant_id=tenant_id, status=status, channel_id=channel_id,
                                                 symbol=symbol, limit=limit, offset=offset)

    def get(self, *, tenant_id: str, trade_id: str) -> TradeDetail:
        trade = self._require(tenant_id, trade_id)
        return TradeDetail(trade, self._db.repositories.trades.history(tenant_id=tenant_id, trade_id=trade_id))

    def close(self, *, tenant_id: str, trade_id: str, percent: Decimal | None = None,
              request_key: str | None = None) -> TradeCommand:
        trade = self._require(tenant_id, trade_id)
        if percent is not None:
            percent = rules.decimal("percent", percent, minimum=Decimal("0.01"), maximum=Decimal(100))
        return self._enqueue(trade, FollowUpAction(FollowUpKind.CLOSE, percent=percent), request_key)

    def move_stop(self, *, tenant_id: str, trade_id: str, price: Decimal | None = None, to_entry: bool = False,
                  request_key: str | None = None) -> TradeCommand:
        trade = self._require(tenant_id, trade_id)
        if to_entry == (price is not None):
            raise ValidationError("price", "give a price or toEntry: true (one of them)")
        action = FollowUpAction(FollowUpKind.MOVE_STOP, to_entry=to_entry,
                                price=None if price is None else _price(price))
        return self._enqueue(trade, action, request_key)

    def cancel(self, *, tenant_id: str, trade_id: str, request_key: str | None = None) -> TradeCommand:
        return self._enqueue(self._require(tenant_id, trade_id), FollowUpAction(FollowUpKind.CANCEL), request_key)

    def set_paper_quote(self, *, tenant_id: str, broker_id: str, symbol: str, bid: Decimal,
                        ask: Decimal) -> list[dict[str, Any]]:
        """Move a paper account's market; returns what it did to the tenant's trades (fills and closes)."""
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        broker_id = rules.entity_id("brokerId", broker_id)
        symbol = symbol.strip().upper().replace("/", "")
        if not symbol or len(symbol) > 30 or not symbol.replace(".", "").replace("_", "").isalnum():
            raise ValidationError("symbol", "must be 1-30 letters, digits, '.' or '_'")
        bid, ask = _price(bid, "bid"), _price(ask, "ask")
        if ask < bid:
            raise ValidationError("ask", "must be at or above the bid")
        return self._executor().move_paper_market(tenant_id=tenant_id, broker_id=broker_id, symbol=symbol,
                                                  bid=bid, ask=ask)

    def _enqueue(self, trade: Trade, wanted: FollowUpAction, request_key: str | None) -> TradeCommand:
        action: TradeAction | None = trade_action(wanted, trade)
        if action is None:
            raise InvalidStateError("status", f"trade {trade.id} is {trade.status.value}: nothing to "
                                              f"{wanted.kind.value.replace('_', ' ')}")
        key = f"{trade.tenant_id}:api:{_request_key(request_key)}"
        command = action_command(trade, action, key=key, label=f"{wanted.kind.value}.api",
                                 correlation_id=uuid.uuid4().hex, received_at=self._clock.now())
        self._queues().send(TRADE_COMMANDS, command.to_json())
        logger.info("manual %s queued for trade %s", action.kind.value, trade.id)
        return command

    def _require(self, tenant_id: str, trade_id: str) -> Trade:
        trade = self._db.repositories.trades.get(tenant_id=tenant_id, trade_id=trade_id)
        if trade is None:
            raise NotFoundError("trade", trade_id, field="tradeId")
        return trade


def _price(value: Decimal, field: str = "price") -> Decimal:
    return rules.decimal(field, value, minimum=Decimal("0.00000001"), maximum=Decimal("999999999999"), places=8)


def _request_key(given: str | None) -> str:
    if given is None:
        return uuid.uuid4().hex
    if not given or len(given) > _KEY_MAX or not all(c.isalnum() or c in "-_." for c in given):
        raise ValidationError("Idempotency-Key", f"must be 1-{_KEY_MAX} letters, digits, '-', '_' or '.'")
    return given
