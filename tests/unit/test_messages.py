from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from shared.domain.messages import InvalidMessageError, TelegramMessageReceived

GOOD = {"tenantId": "ten_1", "channelId": -1001234567890, "messageId": 42, "content": "BUY GOLD @ 2350",
        "timestamp": "2026-01-05T14:32:00Z", "senderId": 7}


def test_round_trip_and_key() -> None:
    message = TelegramMessageReceived.parse(json.dumps(GOOD))
    assert message.timestamp == datetime(2026, 1, 5, 14, 32, tzinfo=UTC)
    assert message.key == "ten_1:-1001234567890:42"
    assert TelegramMessageReceived.parse(message.to_json()) == message


@pytest.mark.parametrize(("raw", "field"), [
    (b"not json", "body"), (b"\xff\xfe", "body"), ("[1, 2]", "body"),
    (json.dumps({**GOOD, "tenantId": None}), "tenantId"),
    (json.dumps({**GOOD, "tenantId": "../etc"}), "tenantId"),
    (json.dumps({k: v for k, v in GOOD.items() if k != "channelId"}), "channelId"),
    (json.dumps({**GOOD, "messageId": "42"}), "messageId"),
    (json.dumps({**GOOD, "messageId": True}), "messageId"),
    (json.dumps({**GOOD, "content": "x" * 4097}), "content"),
    (json.dumps({**GOOD, "timestamp": "yesterday"}), "timestamp"),
    (json.dumps({**GOOD, "timestamp": "2026-01-05T14:32:00"}), "timestamp"),
    (json.dumps({**GOOD, "senderId": "me"}), "senderId"),
    (json.dumps({**GOOD, "channelId": 2**63}), "channelId"),
    (json.dumps({**GOOD, "messageId": 0}), "messageId"),
    (json.dumps({**GOOD, "senderId": -(2**63) - 1}), "senderId"),
])
def test_invalid_messages_name_the_field(raw: str | bytes, field: str) -> None:
    with pytest.raises(InvalidMessageError) as err:
        TelegramMessageReceived.parse(raw)
    assert err.value.field == field


def test_ids_at_the_bigint_limits_are_accepted() -> None:
    message = TelegramMessageReceived.parse(json.dumps({**GOOD, "channelId": -(2**63), "messageId": 2**63 - 1}))
    assert (message.channel_id, message.message_id) == (-(2**63), 2**63 - 1)


def test_content_of_exactly_the_limit_is_accepted() -> None:
    assert len(TelegramMessageReceived.parse(json.dumps({**GOOD, "content": "x" * 4096})).content) == 4096
