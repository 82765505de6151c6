"""The message contract's revision fields, and the mapping of Telegram's objects (Bot API and TDLib) to it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from shared.adapters.telegram import tdlib_objects as td
from shared.domain.messages import InvalidMessageError, TelegramMessageReceived
from shared.domain.telegram_bot import TelegramBot, bot_id_of, secret_hash
from shared.services.telegram_webhook import to_message
from tests.support import tdlib_recordings as rec

AT = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
BASE = {"tenantId": "ten_1", "channelId": -100, "messageId": 5, "content": "Buy", "timestamp": "2026-01-05T12:00:00Z"}


def test_an_original_message_serialises_as_before_and_has_the_plain_key() -> None:
    message = TelegramMessageReceived.parse(json.dumps(BASE))
    assert set(json.loads(message.to_json())) == {*BASE, "senderId"}
    assert message.key == message.original_key == "ten_1:-100:5"


def test_revision_fields_round_trip_and_give_each_revision_its_own_key() -> None:
    edit = TelegramMessageReceived.parse(json.dumps({**BASE, "replyToMessageId": 4,
                                                     "editedAt": "2026-01-05T12:01:00+00:00"}))
    assert edit.reply_to_message_id == 4 and edit.edited_at == datetime(2026, 1, 5, 12, 1, tzinfo=UTC)
    assert TelegramMessageReceived.parse(edit.to_json()) == edit
    gone = TelegramMessageReceived.parse(json.dumps({**BASE, "content": "", "deleted": True}))
    assert len({edit.key, gone.key, edit.original_key}) == 3 and gone.original_key == edit.original_key


@pytest.mark.parametrize(("field", "value"), [("replyToMessageId", "4"), ("editedAt", "yesterday"),
                                              ("editedAt", "2026-01-05T12:01:00"), ("deleted", "yes")])
def test_a_bad_revision_field_is_rejected_naming_it(field: str, value: object) -> None:
    with pytest.raises(InvalidMessageError) as caught:
        TelegramMessageReceived.parse(json.dumps({**BASE, field: value}))
    assert caught.value.field == field


def test_bot_tokens_and_webhook_secrets() -> None:
    assert bot_id_of("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0") == 123456789
    with pytest.raises(Exception, match="botToken"):
        bot_id_of("123456789")
    bot = TelegramBot("ten_1", 1, "env", AT, AT, secret_hash("s3cret"))
    assert bot.accepts("s3cret") and not bot.accepts("s3cre") and not bot.accepts(None) and not bot.accepts("")
    assert not TelegramBot("ten_1", 1, "env", AT, AT).accepts("")  # no webhook set: nothing is accepted


def test_the_bot_api_message_maps_to_the_contract() -> None:
    mapped = to_message("ten_1", {"message_id": 9, "date": 1767614400, "edit_date": 1767614460,
                                  "chat": {"id": -100}, "text": "Buy", "reply_to_message": {"message_id": 8}},
                        edited=True)
    assert isinstance(mapped, TelegramMessageReceived)
    assert (mapped.message_id, mapped.reply_to_message_id, mapped.timestamp, mapped.edited_at) == (
        9, 8, AT, datetime(2026, 1, 5, 12, 1, tzinfo=UTC))
    assert to_message("ten_1", {"message_id": 9, "date": 1, "chat": {"id": -100}, "text": "x"}, edited=True) == \
        "edited message without edit_date"


def test_tdlib_ids_are_shifted_to_message_numbers_and_local_ones_dropped() -> None:
    assert td.server_id(11 << 20) == 11 and td.server_id((11 << 20) + 1) is None and td.server_id(0) is None
    post = td.post_of(rec.message(-100, 11, "Sell", 1767614400, reply_to=10, caption=True))
    assert post is not None and (post.message_id, post.reply_to_message_id, post.content) == (11, 10, "Sell")
    assert td.post_of({**rec.message(-100, 11, "x", 1), "content": {"@type": "messageSticker"}}) is None


def test_only_permanent_deletions_count() -> None:
    deletion = td.deletion_of(rec.deleted(-100, [3, 1]))
    assert deletion is not None and deletion.message_ids == (1, 3)
    assert td.deletion_of(rec.deleted(-100, [3], from_cache=True)) is None
    assert td.deletion_of(rec.deleted(-100, [3], permanent=False)) is None
