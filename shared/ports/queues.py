"""The queue producer port: how the HTTP ingest endpoint hands a message to the pipeline."""

from __future__ import annotations

import abc

TELEGRAM_MESSAGES = "telegram-messages"
TRADE_COMMANDS = "trade-commands"
MESSAGE_MAX_BYTES = 48 * 1024  # 64 KiB per message once base64-encoded


class QueueUnavailableError(Exception):
    """The queue could not be written: the caller must report failure, never success."""


class MessageTooLargeError(ValueError):
    """The message would exceed the queue's 64 KiB limit once encoded."""


class AbstractMessageQueue(abc.ABC):
    def send(self, queue: str, body: str) -> str:
        """Enqueue ``body``; returns the message id. Raises rather than drop: nothing is lost silently."""
        if len(body.encode()) > MESSAGE_MAX_BYTES:
            raise MessageTooLargeError(f"message of {len(body.encode())} bytes exceeds {MESSAGE_MAX_BYTES}")
        return self._send(queue, body)

    @abc.abstractmethod
    def _send(self, queue: str, body: str) -> str: ...
