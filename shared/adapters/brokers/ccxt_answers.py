"""What CCXT's unified answers mean for the port: order and close results, the venue's words in an error."""

from __future__ import annotations

import json
import re
from typing import Any

from shared.adapters.brokers.symbols import dec
from shared.ports.brokers import CloseResult, OrderResult, OrderStatus

STATUS = {"open": OrderStatus.PENDING, "closed": OrderStatus.FILLED, "canceled": OrderStatus.CANCELLED,
           "expired": OrderStatus.CANCELLED, "rejected": OrderStatus.REJECTED}


def order_result(client_order_id: str, order: dict[str, Any], *, duplicate: bool) -> OrderResult:
    status = STATUS.get(str(order.get("status")), OrderStatus.PENDING)
    filled = order.get("filled")
    if status == OrderStatus.PENDING and filled and order.get("type") == "market":
        status = OrderStatus.FILLED  # some venues answer a market order before marking it closed
    price = order.get("average") or (order.get("price") if status == OrderStatus.FILLED else None)
    return OrderResult(str(order.get("id")), client_order_id, status, dec(price, "price") if price else None,
                       duplicate=duplicate, units=dec(filled if filled else order.get("amount") or 0, "amount"))


def close_result(action_id: str, order: dict[str, Any], *, duplicate: bool) -> CloseResult:
    price = order.get("average") or order.get("price")
    return CloseResult(action_id, dec(order.get("filled") or 0, "filled"), dec(price, "price") if price else None,
                       None, duplicate=duplicate)


def venue_reason(exc: Exception, exchange: str) -> str:
    """The venue's words inside ccxt's message (``binance {"code":-2010,"msg":"..."}``)."""
    text = str(exc).removeprefix(f"{exchange} ")
    start = text.find("{")
    if start >= 0:
        try:
            body = json.loads(text[start:])
            return str(body.get("msg") or body.get("retMsg") or body.get("sMsg") or body.get("message") or text)
        except (ValueError, AttributeError):
            pass
    return re.sub(r"\?\S*", "", text)  # a request URL's query holds the signature: keep it out of reasons


def retry_after_of(exchange: Any) -> str | None:
    headers = getattr(exchange, "last_response_headers", None) or {}
    return next((str(v) for k, v in dict(headers).items() if str(k).lower() == "retry-after"), None)
