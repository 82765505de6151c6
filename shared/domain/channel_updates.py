"""What a Telegram session reports about a channel: a message posted or edited, or messages deleted.

Ids are the ones the Bot API and our message contract use: ``channel_id`` is the chat id (-100...),
``message_id`` the channel's own message number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ChannelPost:
    """A message as it reads now; ``edited_at`` is set when it comes from an edit."""

    channel_id: int
    message_id: int
    content: str
    posted_at: datetime
    reply_to_message_id: int | None = None
    edited_at: datetime | None = None
    sender_id: int | None = None


@dataclass(frozen=True, slots=True)
class ChannelDeletion:
    channel_id: int
    message_ids: tuple[int, ...]


ChannelUpdate = ChannelPost | ChannelDeletion
