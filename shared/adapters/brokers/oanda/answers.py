"""What OANDA's v20 answers mean: instruments, the symbol defaults, a placed order, a closed trade."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shared.adapters.brokers.oanda.client import Json
from shared.adapters.brokers.symbols import dec, fx_or_metal
from shared.ports.brokers import BrokerError, CloseResult, OrderResult, OrderStatus

_INDICES = {"US30": "US30_USD", "DJ30": "US30_USD", "NAS100": "NAS100_USD", "US100": "NAS100_USD",
            "SPX500": "SPX500_USD", "US500": "SPX500_USD", "GER40": "DE30_EUR", "DE40": "DE30_EUR",
            "GER30": "DE30_EUR", "UK100": "UK100_GBP", "JP225": "JP225_USD", "AUS200": "AU200_AUD"}


def oanda_instrument(symbol: str) -> str | None:
    pair = fx_or_metal(symbol)
    return f"{pair[0]}_{pair[1]}" if pair else _INDICES.get(symbol)


@dataclass(frozen=True, slots=True)
class Instrument:
    name: str
    display_precision: int
    units_precision: int
    minimum_size: Decimal
    pip: Decimal


def instrument_of(raw: dict[str, Any]) -> Instrument:
    return Instrument(name=str(raw["name"]), display_precision=int(raw.get("displayPrecision", 5)),
                      units_precision=int(raw.get("tradeUnitsPrecision", 0)),
                      minimum_size=dec(raw.get("minimumTradeSize", "1"), "minimumTradeSize"),
                      pip=Decimal(1).scaleb(int(raw.get("pipLocation", -4))))


def placed(client_order_id: str, answer: Json) -> OrderResult:
    fill = answer.get("orderFillTransaction")
    if fill:
        opened = fill.get("tradeOpened") or {}
        return OrderResult(str(fill.get("orderID")), client_order_id, OrderStatus.FILLED,
                           dec(fill["price"], "price"), broker_trade_id=opened.get("tradeID"),
                           units=abs(dec(opened.get("units", fill.get("units", "0")), "units")))
    cancelled = answer.get("orderCancelTransaction")
    if cancelled:
        raise BrokerError(str(cancelled.get("reason") or "order cancelled by OANDA"))
    created = answer.get("orderCreateTransaction") or {}
    return OrderResult(str(created.get("id")), client_order_id, OrderStatus.PENDING, None,
                       units=abs(dec(created.get("units", "0"), "units")))


def closed_trade(action_id: str, trade: Json, *, duplicate: bool) -> CloseResult:
    price = trade.get("averageClosePrice")
    pnl = trade.get("realizedPL")
    return CloseResult(action_id, abs(dec(trade.get("initialUnits", "0"), "initialUnits")),
                       dec(price, "averageClosePrice") if price is not None else None,
                       dec(pnl, "realizedPL") if pnl is not None else None, duplicate=duplicate)
