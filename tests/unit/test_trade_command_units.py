"""The trade command's units: a decimal quantity (0.002 BTC, 0.5 lots) written as a decimal string, read from
that string or from a JSON integer (commands queued before units were decimal); anything else is an invalid
command naming ``units``."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from shared.domain.messages import InvalidMessageError, TradeCommand

SIGNAL = {"symbol": "BTCUSDT", "side": "Buy", "orderType": "Market", "takeProfits": []}
OPEN = {"clientOrderId": "pip-1", "tenantId": "ten_1", "brokerConnectionId": "brk_1", "messageKey": "ten_1:-1:43",
        "channelId": -1, "messageId": 43, "correlationId": "c1", "receivedAt": "2026-01-05T14:32:00Z",
        "signal": SIGNAL}


def parse(**fields: Any) -> TradeCommand:
    return TradeCommand.parse(json.dumps({**OPEN, **fields}))


@pytest.mark.parametrize(("units", "expected"), [
    (1, "1"), (250000, "250000"),  # a JSON integer: the form of commands already queued
    ("0.002", "0.002"), ("0.5", "0.5"), ("3", "3"), ("0.00000001", "0.00000001"), ("1.50000000", "1.5"),
    ("999999999999", "999999999999"),
])
def test_units_read_from_an_integer_or_a_decimal_string_and_write_a_decimal_string(units: object,
                                                                                 expected: str) -> None:
    command = parse(units=units)
    assert command.units == Decimal(expected) and isinstance(command.units, Decimal)
    written = json.loads(command.to_json())
    assert written["units"] == expected  # a string: no float ever carries the quantity
    assert TradeCommand.parse(command.to_json()) == command


@pytest.mark.parametrize("units", [
    0.002, 1.0, True, False, None, "", "abc", "NaN", "Infinity", "-0.5", -1, 0, "0", "0.000000001",
    "1000000000000", 10**30, [1], {"value": 1},
])
def test_anything_else_is_an_invalid_command_naming_units(units: object) -> None:
    with pytest.raises(InvalidMessageError) as err:
        parse(units=units)
    assert err.value.field == "units"


def test_missing_units_are_invalid() -> None:
    body = dict(OPEN)
    with pytest.raises(InvalidMessageError) as err:
        TradeCommand.parse(json.dumps(body))
    assert err.value.field == "units"


def test_an_action_command_carries_zero_units_in_either_form() -> None:
    action = {**OPEN, "action": "close", "tradeId": "trd_1", "signal": {}}
    for units in (0, "0"):
        command = TradeCommand.parse(json.dumps({**action, "units": units}))
        assert command.units == 0 and json.loads(command.to_json())["units"] == "0"
    for bad in (-1, 0.5, "x", True):
        with pytest.raises(InvalidMessageError) as err:
            TradeCommand.parse(json.dumps({**action, "units": bad}))
        assert err.value.field == "units"
