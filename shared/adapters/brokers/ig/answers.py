"""What IG's answers mean: dealing rules, the symbol defaults, positions and working orders as results."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shared.adapters.brokers.ig.client import Json
from shared.adapters.brokers.symbols import dec
from shared.ports.brokers import OrderResult, OrderStatus

# IG CFD epics for the common names (spread-bet accounts use other epics: map them in metadata.symbols).
_EPICS = {"XAUUSD": "CS.D.CFDGOLD.CFDGC.IP", "XAGUSD": "CS.D.CFDSILVER.CFM.IP", "US30": "IX.D.DOW.IFD.IP",
          "NAS100": "IX.D.NASDAQ.IFD.IP", "SPX500": "IX.D.SPTRD.IFD.IP", "GER40": "IX.D.DAX.IFD.IP",
          "DE40": "IX.D.DAX.IFD.IP", "UK100": "IX.D.FTSE.IFD.IP"}
_FX = frozenset("EURUSD GBPUSD USDJPY AUDUSD USDCAD USDCHF NZDUSD EURGBP EURJPY GBPJPY EURCHF AUDJPY".split())


def ig_epic(symbol: str) -> str | None:
    return f"CS.D.{symbol}.CFD.IP" if symbol in _FX else _EPICS.get(symbol)


@dataclass(frozen=True, slots=True)
class Market:
    epic: str
    decimals: int
    minimum_size: Decimal
    size_step: Decimal
    currency: str
    contract_size: Decimal


def market_of(epic: str, raw: Json) -> Market:
    rules = raw.get("dealingRules") or {}
    minimum = dec((rules.get("minDealSize") or {}).get("value", 1), "minDealSize")
    instrument = raw.get("instrument") or {}
    currencies = instrument.get("currencies") or [{}]
    currency = next((c for c in currencies if c.get("isDefault")), currencies[0]).get("code", "USD")
    decimals = int((raw.get("snapshot") or {}).get("decimalPlacesFactor", 5))
    step_exponent = minimum.normalize().as_tuple().exponent
    step = Decimal(1).scaleb(min(0, step_exponent if isinstance(step_exponent, int) else 0))
    return Market(epic, decimals, minimum, step, str(currency), dec(instrument.get("contractSize", 1), "contractSize"))


def level_of(confirm: Json) -> Decimal | None:
    return dec(confirm["level"], "level") if confirm.get("level") is not None else None


def number(value: Any) -> Any:
    """IG takes levels as JSON numbers."""
    return float(value) if isinstance(value, Decimal) else value


def same_level(have: Any, want: Any) -> bool:
    if have is None or want is None:
        return have is None and want is None
    return dec(have, "level") == dec(want, "level")


def position_result(client_order_id: str, position: Json) -> OrderResult:
    deal_id = str(position["dealId"])
    return OrderResult(deal_id, client_order_id, OrderStatus.FILLED, dec(position["level"], "level"), duplicate=True,
                       broker_trade_id=deal_id, units=dec(position["size"], "size"))


def working_result(client_order_id: str, data: Json) -> OrderResult:
    return OrderResult(str(data["dealId"]), client_order_id, OrderStatus.PENDING, None, duplicate=True,
                       units=dec(data.get("orderSize", data.get("size", 0)), "size"))
