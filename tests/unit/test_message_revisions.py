"""Replies, edits and deletions on the message contract; follow-up actions on the trade command."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from shared.domain.messages import (
    InvalidMessageError,
    TelegramMessageReceived,
    TradeAction,
    TradeActionKind,
    TradeCommand,
)

GOOD = {"tenantId": "ten_1", "channelId": -1001234567890, "messageId": 42, "content": "BUY GOLD @ 2350",
        "timestamp": "2026-01-05T14:32:00Z"}


def test_an_old_message_keeps_its_key_and_json() -> None:
    message = TelegramMessageReceived.parse(json.dumps(GOOD))
    assert (message.reply_to_message_id, message.edited_at, message.deleted) == (None, None, False)
    assert message.key == message.original_key == "ten_1:-1001234567890:42" and message.revision_id == 42
    assert not {"replyToMessageId", "editedAt", "deleted"} & set(json.loads(message.to_json()))


def test_each_edit_is_its_own_key_and_the_original_stays() -> None:
    first = TelegramMessageReceived.parse(json.dumps({**GOOD, "editedAt": "2026-01-05T14:35:00+02:00"}))
    second = TelegramMessageReceived.parse(json.dumps({**GOOD, "editedAt": "2026-01-05T14:36:00Z"}))
    assert first.edited_at == datetime(2026, 1, 5, 12, 35, tzinfo=UTC)
    assert first.original_key == "ten_1:-1001234567890:42"
    assert len({first.key, second.key, first.original_key}) == 3 and first.key.startswith(first.original_key)
    assert TelegramMessageReceived.parse(first.to_json()) == first


def test_a_reply_and_a_deletion_round_trip() -> None:
    reply = TelegramMessageReceived.parse(json.dumps({**GOOD, "replyToMessageId": 41}))
    deleted = TelegramMessageReceived.parse(json.dumps({**GOOD, "deleted": True}))
    assert reply.reply_to_message_id == 41 and reply.key == reply.original_key
    assert deleted.deleted and deleted.key == "ten_1:-1001234567890:42.deleted"
    for message in (reply, deleted):
        assert TelegramMessageReceived.parse(message.to_json()) == message


@pytest.mark.parametrize(("extra", "field"), [
    ({"replyToMessageId": "41"}, "replyToMessageId"), ({"replyToMessageId": True}, "replyToMessageId"),
    ({"replyToMessageId": 2**63}, "replyToMessageId"), ({"editedAt": "yesterday"}, "editedAt"),
    ({"editedAt": "2026-01-05T14:35:00"}, "editedAt"), ({"editedAt": 1736087700}, "editedAt"),
    ({"deleted": "yes"}, "deleted"), ({"deleted": 1}, "deleted"),
    ({"deleted": True, "editedAt": "2026-01-05T14:35:00Z"}, "deleted"),
])
def test_bad_revision_fields_name_the_field(extra: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidMessageError) as err:
        TelegramMessageReceived.parse(json.dumps({**GOOD, **extra}))
    assert err.value.field == field


COMMAND = {"clientOrderId": "pip-1", "tenantId": "ten_1", "brokerConnectionId": "brk_1", "messageKey": "ten_1:-1:43",
           "channelId": -1, "messageId": 43, "correlationId": "c1", "receivedAt": "2026-01-05T14:32:00Z"}


def test_an_open_command_has_no_action() -> None:
    signal = {"symbol": "XAUUSD", "side": "Buy", "orderType": "Market", "takeProfits": []}
    command = TradeCommand.parse(json.dumps({**COMMAND, "units": 2, "signal": signal}))
    assert command.action is None and "action" not in json.loads(command.to_json())


def test_a_close_command_round_trips_with_its_parameters() -> None:
    body = {**COMMAND, "action": "close", "tradeId": "trd_1", "leg": 1, "percent": "50"}
    command = TradeCommand.parse(json.dumps(body))
    assert command.action == TradeAction(TradeActionKind.CLOSE, "trd_1", leg=1, percent=Decimal(50))
    assert command.units == 0 and command.signal == {}
    assert TradeCommand.parse(command.to_json()) == command


def test_a_modify_to_entry_and_a_cancel() -> None:
    modify = TradeCommand.parse(json.dumps({**COMMAND, "action": "modify", "tradeId": "trd_1", "toEntry": True,
                                            "takeProfit": 2375.5}))
    assert modify.action is not None and modify.action.to_entry and modify.action.take_profit == Decimal("2375.5")
    cancel = TradeCommand.parse(json.dumps({**COMMAND, "action": "cancel", "tradeId": "trd_1"}))
    assert cancel.action is not None and cancel.action.kind is TradeActionKind.CANCEL


@pytest.mark.parametrize(("extra", "field"), [
    ({"action": "hedge", "tradeId": "trd_1"}, "action"),
    ({"action": "close"}, "tradeId"),
    ({"action": "close", "tradeId": "trd_1", "percent": 150}, "percent"),
    ({"action": "close", "tradeId": "trd_1", "percent": "NaN"}, "percent"),
    ({"action": "close", "tradeId": "trd_1", "percent": 10, "closeUnits": 1}, "closeUnits"),
    ({"action": "close", "tradeId": "trd_1", "stopLoss": 1}, "stopLoss"),
    ({"action": "modify", "tradeId": "trd_1"}, "stopLoss"),
    ({"action": "modify", "tradeId": "trd_1", "stopLoss": 1, "toEntry": True}, "toEntry"),
    ({"action": "modify", "tradeId": "trd_1", "stopLoss": -5}, "stopLoss"),
    ({"action": "modify", "tradeId": "trd_1", "toEntry": "yes"}, "toEntry"),
    ({"action": "cancel", "tradeId": "trd_1", "percent": 5}, "percent"),
    ({"action": "cancel", "tradeId": "trd_1", "leg": -1}, "leg"),
])
def test_bad_actions_name_the_field(extra: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidMessageError) as err:
        TradeCommand.parse(json.dumps({**COMMAND, **extra}))
    assert err.value.field == field
