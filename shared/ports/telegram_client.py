"""A Telegram user session, as the listener needs it. The client library stays behind this port.

One client per tenant session. Calls come from one thread (the tenant's listener); ``next_update``
returns what the session received since, mapped to ``ChannelUpdate``s, in the order Telegram sent it.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator, Mapping

from shared.domain.channel_updates import ChannelPost, ChannelUpdate


class TelegramClientError(Exception):
    """The session failed (network, Telegram refused a call): reconnect later."""


class SessionNotAuthorizedError(TelegramClientError):
    """The stored session is not signed in: the tenant must upload a signed-in session (no login here)."""


class AbstractTelegramClient(abc.ABC):
    @abc.abstractmethod
    def connect(self) -> None:
        """Start the session from its files and wait until it is signed in."""

    @abc.abstractmethod
    def subscribe(self, channel_ids: Iterable[int]) -> None:
        """Open these channels so their new, edited and deleted messages arrive as updates."""

    @abc.abstractmethod
    def last_message_id(self, channel_id: int) -> int | None:
        """The newest message id of the channel (None when it has none)."""

    @abc.abstractmethod
    def iter_history(self, channel_id: int, after_id: int) -> Iterator[ChannelPost]:
        """The channel's messages with an id above ``after_id``, oldest first."""

    @abc.abstractmethod
    def next_update(self, timeout: float) -> ChannelUpdate | None:
        """The next channel update, or None when none came within ``timeout`` seconds."""

    @abc.abstractmethod
    def session_files(self) -> dict[str, bytes]:
        """The session folder as it is now, in the session store's layout (for the write-back)."""

    @abc.abstractmethod
    def close(self) -> dict[str, bytes]:
        """Stop the session; returns its folder as the library left it (store layout, for the write-back)
        and removes the local copy."""


class AbstractTelegramClientFactory(abc.ABC):
    @abc.abstractmethod
    def open(self, tenant_id: str, *, api_id: int, api_hash: str,
             files: Mapping[str, bytes]) -> AbstractTelegramClient:
        """A client over the session ``files`` (the store's layout), not connected yet."""
