"""The tenant's managed trades (legs, levels, fills, P&L, history), manual actions on them, and the paper
account's market. Prices and P&L travel as decimal strings, so no digit is lost on the way.

A manual action answers 202: its trade command is queued for the executor, which records TradeModified /
TradeClosed / TradeCancelled as it does for a follow-up. Send ``Idempotency-Key`` to make a retried
request act once.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, overload

from fastapi import APIRouter, Header, Path, Query, status
from pydantic import Field

from functions.http.audit import AuditedRoute, audited
from functions.http.deps import TradeServiceDep
from functions.http.models import LAX, PROBLEMS, ApiModel
from functions.http.security import TenantIdDep
from shared.domain.events import EventType
from shared.domain.messages import TradeCommand
from shared.domain.trade import LegStatus, Trade, TradeChange, TradeLeg
from shared.ports.trades import TRADE_PAGE_MAX

router = APIRouter(prefix="/api/v1/tenants/{tenantId}", tags=["trades"], responses=PROBLEMS,
                   route_class=AuditedRoute)

StatusName = Literal["Pending", "Open", "Closed", "Cancelled", "Rejected"]
TradeIdPath = Annotated[str, Path(alias="tradeId", min_length=1, max_length=50, examples=["trd_0123456789"])]
BrokerIdPath = Annotated[str, Path(alias="brokerId", min_length=1, max_length=50, examples=["brk_0123456789"])]
SymbolPath = Annotated[str, Path(min_length=1, max_length=30, pattern=r"^[A-Za-z0-9][A-Za-z0-9._]*$",
                                 examples=["XAUUSD"])]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", min_length=1, max_length=64,
                                              pattern=r"^[A-Za-z0-9._-]+$",
                                              description="A retried request with the same key acts once")]
Price = Annotated[Decimal, LAX, Field(gt=0, le=Decimal("999999999999"), max_digits=20, decimal_places=8,
                                 examples=["2350.5"])]


def _num(value: Decimal) -> str:
    """A stored DECIMAL(20, 8) as people write it: 2360, not 2360.00000000 (and never 2.36E+3)."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


@overload
def _opt(value: Decimal) -> str: ...
@overload
def _opt(value: None) -> None: ...
def _opt(value: Decimal | None) -> str | None:
    return None if value is None else _num(value)


class LegOut(ApiModel):
    leg: int = Field(examples=[0])
    status: StatusName = Field(examples=["Open"])
    units: str = Field(examples=["1"])
    closed_units: str = Field(examples=["0"])
    order_type: str = Field(examples=["Limit"])
    requested_entry: str | None = Field(examples=["2350.5"])
    entry_fill: str | None = Field(examples=["2350.5"])
    stop_loss: str | None = Field(examples=["2340"])
    take_profit: str | None = Field(examples=["2360"])
    opened_at: datetime | None
    close_price: str | None = Field(examples=[None])
    closed_at: datetime | None
    close_reason: str | None = Field(examples=[None])
    realized_pnl: str = Field(examples=["0"])
    client_order_id: str = Field(examples=["pip-0123456789abcdef0123456789abcdef01234567"])
    broker_order_id: str | None = Field(examples=["pord_0123456789"])

    @classmethod
    def of(cls, leg: TradeLeg) -> LegOut:
        return cls(leg=leg.index, status=leg.status.value, units=_num(leg.units),
                   closed_units=_num(leg.closed_units), order_type=leg.order_type,
                   requested_entry=_opt(leg.requested_entry), entry_fill=_opt(leg.entry_fill),
                   stop_loss=_opt(leg.stop_loss), take_profit=_opt(leg.take_profit),
                   opened_at=leg.opened_at, close_price=_opt(leg.close_price), closed_at=leg.closed_at,
                   close_reason=None if leg.close_reason is None else leg.close_reason.value,
                   realized_pnl=_num(leg.realized_pnl), client_order_id=leg.client_order_id,
                   broker_order_id=leg.broker_order_id)


class TradeOut(ApiModel):
    id: str = Field(examples=["trd_0123456789"])
    status: StatusName = Field(examples=["Open"])
    broker_connection_id: str = Field(examples=["brk_0123456789"])
    channel_id: int = Field(examples=[-1001234567890])
    message_id: int = Field(examples=[42])
    symbol: str = Field(examples=["XAUUSD"])
    side: Literal["Buy", "Sell"] = Field(examples=["Buy"])
    realized_pnl: str = Field(description="Sum of the legs' booked P&L", examples=["95.5"])
    created_at: datetime
    updated_at: datetime | None
    legs: list[LegOut]

    @classmethod
    def of(cls, t: Trade) -> TradeOut:
        return cls(id=t.id, status=t.status.value, broker_connection_id=t.broker_connection_id,
                   channel_id=t.channel_id, message_id=t.message_id, symbol=t.symbol,
                   side=t.side, realized_pnl=_num(t.realized_pnl), created_at=t.created_at,  # type: ignore[arg-type]  # Trade validates side as Buy or Sell
                   updated_at=t.updated_at, legs=[LegOut.of(leg) for leg in t.legs])


class ChangeOut(ApiModel):
    at: datetime
    kind: str = Field(examples=["StopMoved"])
    leg: int | None = Field(examples=[0])
    realized_pnl: str | None = Field(examples=[None])
    detail: dict[str, Any] = Field(examples=[{"before": "2340", "after": "2350.5"}])

    @classmethod
    def of(cls, c: TradeChange) -> ChangeOut:
        return cls(at=c.at, kind=c.kind, leg=c.leg, realized_pnl=_opt(c.realized_pnl), detail=c.detail)


class TradeDetailOut(TradeOut):
    history: list[ChangeOut]


class TradePageOut(ApiModel):
    items: list[TradeOut]
    limit: int = Field(examples=[50])
    offset: int = Field(examples=[0])


class CloseIn(ApiModel):
    percent: Annotated[Decimal, LAX] | None = Field(None, gt=0, le=100, max_digits=5, decimal_places=2, examples=[50],
                                    description="Of each open leg; omit to close everything (and withdraw "
                                                "resting entries)")


class StopLossIn(ApiModel):
    price: Price | None = None
    to_entry: bool = Field(False, description="Move the stop to each leg's entry (breakeven)", examples=[True])


class ActionAccepted(ApiModel):
    trade_id: str = Field(examples=["trd_0123456789"])
    action: Literal["modify", "close", "cancel"] = Field(examples=["close"])
    client_order_id: str = Field(description="The command's deterministic id", examples=["pip-0123456789abcdef"])

    @classmethod
    def of(cls, command: TradeCommand) -> ActionAccepted:
        assert command.action is not None
        return cls(trade_id=command.action.trade_id, action=command.action.kind.value,  # type: ignore[arg-type]  # an action command is never "open"
                   client_order_id=command.client_order_id)


class QuoteIn(ApiModel):
    bid: Price
    ask: Price


class QuoteOut(ApiModel):
    symbol: str = Field(examples=["XAUUSD"])
    bid: str = Field(examples=["2360"])
    ask: str = Field(examples=["2360.3"])
    happened: list[dict[str, Any]] = Field(description="What the quote did to the tenant's trades, in order "
                                                       "(the same data as the events recorded)",
                                           examples=[[{"tradeId": "trd_0123456789", "leg": 0,
                                                       "reason": "TakeProfit", "price": "2360"}]])


@router.get("/trades", response_model=TradePageOut, summary="The tenant's trades, newest first, paged")
def list_trades(
    tenant_id: TenantIdDep, trades: TradeServiceDep,
    status_filter: Annotated[StatusName | None, Query(alias="status")] = None,
    channel_id: Annotated[int | None, Query(alias="channelId", ge=-(2**63), lt=2**63)] = None,
    symbol: Annotated[str | None, Query(min_length=1, max_length=30)] = None,
    limit: Annotated[int, Query(ge=1, le=TRADE_PAGE_MAX)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> TradePageOut:
    found = trades.page(tenant_id=tenant_id, status=None if status_filter is None else LegStatus(status_filter),
                        channel_id=channel_id, symbol=symbol, limit=limit, offset=offset)
    return TradePageOut(items=[TradeOut.of(t) for t in found], limit=limit, offset=offset)


@router.get("/trades/{tradeId}", response_model=TradeDetailOut,
            summary="A trade with its legs, levels, fills, P&L and history")
def get_trade(tenant_id: TenantIdDep, trade_id: TradeIdPath, trades: TradeServiceDep) -> TradeDetailOut:
    found = trades.get(tenant_id=tenant_id, trade_id=trade_id)
    return TradeDetailOut(**TradeOut.of(found.trade).model_dump(),
                          history=[ChangeOut.of(c) for c in found.history])


@router.post("/trades/{tradeId}/close", status_code=status.HTTP_202_ACCEPTED, response_model=ActionAccepted,
             summary="Close the trade, or a percent of each open leg (queued for the executor)")
@audited(EventType.USER_ACTION)
def close_trade(tenant_id: TenantIdDep, trade_id: TradeIdPath, body: CloseIn, trades: TradeServiceDep,
                idempotency_key: IdempotencyKey = None) -> ActionAccepted:
    return ActionAccepted.of(trades.close(tenant_id=tenant_id, trade_id=trade_id, percent=body.percent,
                                          request_key=idempotency_key))


@router.post("/trades/{tradeId}/stop-loss", status_code=status.HTTP_202_ACCEPTED, response_model=ActionAccepted,
             summary="Move the stop loss to a price or to the entry (queued for the executor)")
@audited(EventType.USER_ACTION)
def move_stop_loss(tenant_id: TenantIdDep, trade_id: TradeIdPath, body: StopLossIn, trades: TradeServiceDep,
                   idempotency_key: IdempotencyKey = None) -> ActionAccepted:
    return ActionAccepted.of(trades.move_stop(tenant_id=tenant_id, trade_id=trade_id, price=body.price,
                                              to_entry=body.to_entry, request_key=idempotency_key))


@router.post("/trades/{tradeId}/cancel", status_code=status.HTTP_202_ACCEPTED, response_model=ActionAccepted,
             summary="Cancel the trade's resting entries (an open position is closed, not cancelled)")
@audited(EventType.USER_ACTION)
def cancel_trade(tenant_id: TenantIdDep, trade_id: TradeIdPath, trades: TradeServiceDep,
                 idempotency_key: IdempotencyKey = None) -> ActionAccepted:
    return ActionAccepted.of(trades.cancel(tenant_id=tenant_id, trade_id=trade_id, request_key=idempotency_key))


@router.put("/brokers/{brokerId}/paper/quotes/{symbol}", response_model=QuoteOut,
            summary="Move a paper account's market: fills resting entries, closes legs at their stop or target")
@audited(EventType.USER_ACTION)
def set_paper_quote(tenant_id: TenantIdDep, broker_id: BrokerIdPath, symbol: SymbolPath, body: QuoteIn,
                    trades: TradeServiceDep) -> QuoteOut:
    happened = trades.set_paper_quote(tenant_id=tenant_id, broker_id=broker_id, symbol=symbol, bid=body.bid,
                                      ask=body.ask)
    return QuoteOut(symbol=symbol.upper(), bid=_num(body.bid), ask=_num(body.ask), happened=happened)
