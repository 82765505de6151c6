"""The Telegram Bot API, as far as Pipster calls it: registering a bot's webhook."""

from __future__ import annotations

import abc
from collections.abc import Sequence


class BotApiError(Exception):
    """The Bot API refused the call or could not be reached. The message never holds the bot token."""

    def __init__(self, reason: str, *, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


class AbstractBotApi(abc.ABC):
    @abc.abstractmethod
    def set_webhook(self, *, token: str, url: str, secret_token: str, allowed_updates: Sequence[str]) -> None:
        """Point the bot's updates at ``url``; Telegram echoes ``secret_token`` in a header on each delivery."""
