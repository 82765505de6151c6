"""TDLib JSON objects as TDLib sends them, for the listener's tests: our own fixtures, written from TDLib's
``td_api.tl`` (message, updateNewMessage, updateMessageContent, updateMessageEdited, updateDeleteMessages,
updateAuthorizationState). Ids are TDLib's: a channel's message N is ``N << 20``.
"""

from __future__ import annotations

from typing import Any

SHIFT = 20


def message(chat_id: int, number: int, text: str, date: int, *, edit_date: int = 0, reply_to: int | None = None,
            caption: bool = False) -> dict[str, Any]:
    formatted = {"@type": "formattedText", "text": text, "entities": []}
    content = ({"@type": "messagePhoto", "photo": {"@type": "photo", "sizes": []}, "caption": formatted,
                "has_spoiler": False} if caption else {"@type": "messageText", "text": formatted})
    return {
        "@type": "message", "id": number << SHIFT, "sender_id": {"@type": "messageSenderChat", "chat_id": chat_id},
        "chat_id": chat_id, "is_outgoing": False, "is_pinned": False, "is_channel_post": True, "date": date,
        "edit_date": edit_date, "author_signature": "", "media_album_id": "0",
        "reply_to": {"@type": "messageReplyToMessage", "chat_id": chat_id, "message_id": reply_to << SHIFT}
        if reply_to else None,
        "content": content,
    }


def new_message(msg: dict[str, Any]) -> dict[str, Any]:
    return {"@type": "updateNewMessage", "message": msg}


def content_changed(chat_id: int, number: int, text: str) -> dict[str, Any]:
    return {"@type": "updateMessageContent", "chat_id": chat_id, "message_id": number << SHIFT,
            "new_content": {"@type": "messageText", "text": {"@type": "formattedText", "text": text, "entities": []}}}


def edited(chat_id: int, number: int, edit_date: int) -> dict[str, Any]:
    return {"@type": "updateMessageEdited", "chat_id": chat_id, "message_id": number << SHIFT,
            "edit_date": edit_date, "reply_markup": None}


def deleted(chat_id: int, numbers: list[int], *, permanent: bool = True, from_cache: bool = False) -> dict[str, Any]:
    return {"@type": "updateDeleteMessages", "chat_id": chat_id, "message_ids": [n << SHIFT for n in numbers],
            "is_permanent": permanent, "from_cache": from_cache}


def authorization(state: str) -> dict[str, Any]:
    return {"@type": "updateAuthorizationState", "authorization_state": {"@type": state}}
