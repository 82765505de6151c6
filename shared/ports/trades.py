"""The trade repository port: managed trades (issue 15) with their legs and history, tenant-scoped."""

from __future__ import annotations

import abc
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from shared.domain import rules
from shared.domain.errors import ConflictError, ValidationError
from shared.domain.trade import Trade, TradeChange, TradeStatus

TRADE_PAGE_MAX = 200


class StaleTradeError(ConflictError):
    """The trade changed since it was read (another worker saved first): reload it and decide again."""

    def __init__(self, trade_id: str) -> None:
        super().__init__("version", f"trade {trade_id} was changed by someone else; reload and retry")
        self.trade_id = trade_id


class OpenTradeLimitError(ConflictError):
    """``maxOpenTrades``: the tenant already has that many trades Pending or Open (nothing was written)."""

    def __init__(self, active: int, limit: int) -> None:
        super().__init__("max_open_trades", f"{active} trades are pending or open; the limit is {limit}")
        self.active = active
        self.limit = limit


class DayInLossError(ConflictError):
    """``dailyLossLimitPercent``: the tenant's closes since the day began booked a loss (nothing was written).
    Whether it reaches the limit needs the brokers' balances: the caller weighs it outside the transaction."""

    def __init__(self, realized: Decimal) -> None:
        super().__init__("daily_loss_limit", f"the day's realised P&L is {realized}")
        self.realized = realized


class AbstractTradeRepository(abc.ABC):
    """Trades with their legs and history, tenant-scoped. ``save`` is a conditional update on the trade's
    version: a save from a stale copy raises ``StaleTradeError`` and writes nothing."""

    def get(self, *, tenant_id: str, trade_id: str) -> Trade | None:
        return self._get(rules.entity_id("tenant_id", tenant_id), rules.entity_id("trade_id", trade_id))

    def get_by_message(self, *, tenant_id: str, message_key: str) -> list[Trade]:
        """The trades one message opened (one per broker connection), oldest first."""
        return self._get_by_message(rules.entity_id("tenant_id", tenant_id),
                                    rules.text("message_key", message_key, 150) or "")

    def newest_open_on_symbol(self, *, tenant_id: str, channel_id: int, symbol: str,
                              since: datetime) -> list[Trade]:
        """``replyOrSymbol`` linking: the newest Pending/Open trades on ``symbol`` from the channel created at
        or after ``since`` (one per broker connection the newest message reached), newest first."""
        if isinstance(channel_id, bool) or not isinstance(channel_id, int):
            raise ValidationError("channel_id", "must be an integer")
        return self._newest_open_on_symbol(rules.entity_id("tenant_id", tenant_id), channel_id,
                                           rules.text("symbol", symbol, 30) or "", rules.aware("since", since))

    def page(self, *, tenant_id: str, status: TradeStatus | None = None, channel_id: int | None = None,
             symbol: str | None = None, limit: int = 50, offset: int = 0) -> list[Trade]:
        """A page of the tenant's trades, newest first."""
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= TRADE_PAGE_MAX:
            raise ValidationError("limit", f"must be from 1 to {TRADE_PAGE_MAX}")
        if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
            raise ValidationError("offset", "must be 0 or more")
        return self._page(rules.entity_id("tenant_id", tenant_id), status, channel_id,
                          None if symbol is None else symbol.upper(), limit, offset)

    def count_active(self, *, tenant_id: str) -> int:
        """Trades Pending or Open (``maxOpenTrades``)."""
        return self._count_active(rules.entity_id("tenant_id", tenant_id))

    def realized_since(self, *, tenant_id: str, since: datetime) -> Decimal:
        """P&L booked by closes at or after ``since`` (``dailyLossLimitPercent``: a loss is negative)."""
        return self._realized_since(rules.entity_id("tenant_id", tenant_id), rules.aware("since", since))

    def pending_created_before(self, *, tenant_id: str, before: datetime) -> list[Trade]:
        """Trades with a leg still resting, created before ``before`` (the pending-expiry sweep)."""
        return self._pending_created_before(rules.entity_id("tenant_id", tenant_id), rules.aware("before", before))

    def history(self, *, tenant_id: str, trade_id: str) -> list[TradeChange]:
        """Every change of the trade, oldest first (empty for an unknown trade or another tenant's)."""
        return self._history(rules.entity_id("tenant_id", tenant_id), rules.entity_id("trade_id", trade_id))

    def add(self, trade: Trade) -> None:
        """Insert a new trade with its legs and recorded changes; ``ConflictError`` when the message already
        opened a trade on that broker connection. Sets ``version`` to 1."""
        self.add_all([trade])

    def add_all(self, trades: Sequence[Trade], *, max_active: int | None = None,
                loss_since: datetime | None = None) -> None:
        """Insert one message's new trades (one per broker connection) with their legs and changes: one
        statement per table. The opening rules are checked in the same transaction, under a lock on the tenant
        held to its end (two messages at once cannot both pass on the last free place), in one statement:
        with ``max_active``, only while the tenant has fewer trades Pending or Open than that (the message's
        own not counted), else ``OpenTradeLimitError``; with ``loss_since``, only while the closes since then
        booked no loss, else ``DayInLossError``. Either way nothing is written. ``ConflictError`` when the
        message already opened a trade on one of the connections."""
        if not trades:
            return
        first = trades[0]
        for trade in trades:
            if trade.version != 0:
                raise ValidationError("version", "an added trade is new (version 0)")
            if (trade.tenant_id, trade.message_key) != (first.tenant_id, first.message_key):
                raise ValidationError("trades", "the trades of one message are added together")
        if max_active is not None and (isinstance(max_active, bool) or not isinstance(max_active, int)
                                       or max_active < 1):
            raise ValidationError("max_active", "must be a positive whole number")
        self._add_all(list(trades), max_active, None if loss_since is None else rules.aware("loss_since", loss_since))

    def save(self, trade: Trade) -> None:
        """Write the trade's legs and new changes if nobody saved since it was read; bumps ``version``."""
        if trade.version < 1:
            raise ValidationError("version", "save a trade that was read or added")
        self._save(trade)

    @abc.abstractmethod
    def _get(self, tenant_id: str, trade_id: str) -> Trade | None: ...
    @abc.abstractmethod
    def _get_by_message(self, tenant_id: str, message_key: str) -> list[Trade]: ...
    @abc.abstractmethod
    def _newest_open_on_symbol(self, tenant_id: str, channel_id: int, symbol: str, since: datetime | None
                               ) -> list[Trade]: ...
    @abc.abstractmethod
    def _page(self, tenant_id: str, status: TradeStatus | None, channel_id: int | None, symbol: str | None,
              limit: int, offset: int) -> list[Trade]: ...
    @abc.abstractmethod
    def _count_active(self, tenant_id: str) -> int: ...
    @abc.abstractmethod
    def _realized_since(self, tenant_id: str, since: datetime | None) -> Decimal: ...
    @abc.abstractmethod
    def _pending_created_before(self, tenant_id: str, before: datetime | None) -> list[Trade]: ...
    @abc.abstractmethod
    def _history(self, tenant_id: str, trade_id: str) -> list[TradeChange]: ...
    @abc.abstractmethod
    def _add_all(self, trades: list[Trade], max_active: int | None, loss_since: datetime | None) -> None: ...
    @abc.abstractmethod
    def _save(self, trade: Trade) -> None: ...
