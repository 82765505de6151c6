"""TDLib's JSON objects (``message``, ``updateDeleteMessages``...) as our channel updates.

TDLib numbers a channel's messages ``server id << 20``; the Bot API and our contract use the server id, so
every id is shifted back here. Only server messages (the low 20 bits clear) are real channel posts.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from shared.domain.channel_updates import ChannelDeletion, ChannelPost

SERVER_ID_SHIFT = 20
_CAPTIONED = {"messagePhoto", "messageVideo", "messageDocument", "messageAnimation", "messageAudio",
              "messageVoiceNote"}


def server_id(tdlib_id: int) -> int | None:
    """The message number Telegram shows, or None for a local (not yet sent or service) message."""
    if tdlib_id <= 0 or tdlib_id % (1 << SERVER_ID_SHIFT):
        return None
    return tdlib_id >> SERVER_ID_SHIFT


def tdlib_id(message_id: int) -> int:
    return message_id << SERVER_ID_SHIFT


def text_of(content: Any) -> str | None:
    if not isinstance(content, dict):
        return None
    kind = content.get("@type")
    holder = content.get("text") if kind == "messageText" else content.get("caption") if kind in _CAPTIONED else None
    text = holder.get("text") if isinstance(holder, dict) else None
    return text if isinstance(text, str) and text else None


def post_of(message: Any, *, edited: bool = False) -> ChannelPost | None:
    """A TDLib ``message`` as a post; None for what carries no text or is not a server message."""
    if not isinstance(message, dict) or message.get("@type") != "message":
        return None
    chat_id, raw_id, date = message.get("chat_id"), message.get("id"), message.get("date")
    if not (isinstance(chat_id, int) and isinstance(raw_id, int) and isinstance(date, int)):
        return None
    message_id = server_id(raw_id)
    content = text_of(message.get("content"))
    if message_id is None or content is None:
        return None
    edit_date = message.get("edit_date") or 0
    return ChannelPost(
        channel_id=chat_id, message_id=message_id, content=content, posted_at=datetime.fromtimestamp(date, UTC),
        reply_to_message_id=_reply_to(message),
        edited_at=datetime.fromtimestamp(edit_date, UTC) if edited and isinstance(edit_date, int) and edit_date
        else None,
        sender_id=_sender(message.get("sender_id")))


def deletion_of(update: Any) -> ChannelDeletion | None:
    """``updateDeleteMessages`` as a deletion; None when TDLib only dropped them from its cache."""
    if not isinstance(update, dict) or update.get("@type") != "updateDeleteMessages":
        return None
    if not update.get("is_permanent") or update.get("from_cache"):
        return None
    chat_id, ids = update.get("chat_id"), update.get("message_ids")
    if not isinstance(chat_id, int) or not isinstance(ids, list):
        return None
    server_ids = tuple(sorted(s for s in (server_id(i) for i in ids if isinstance(i, int)) if s is not None))
    return ChannelDeletion(chat_id, server_ids) if server_ids else None


def _reply_to(message: dict[str, Any]) -> int | None:
    reply = message.get("reply_to")
    if isinstance(reply, dict) and reply.get("@type") == "messageReplyToMessage":
        raw = reply.get("message_id")
        if isinstance(raw, int) and reply.get("chat_id") in (None, 0, message.get("chat_id")):
            return server_id(raw)
    raw = message.get("reply_to_message_id")  # TDLib before 1.8.14
    return server_id(raw) if isinstance(raw, int) and raw else None


def _sender(sender: Any) -> int | None:
    if not isinstance(sender, dict):
        return None
    value = sender.get("user_id", sender.get("chat_id"))
    return value if isinstance(value, int) else None
