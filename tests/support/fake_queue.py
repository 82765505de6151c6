"""An in-memory queue producer: what the Storage Queues producer sends, kept in lists per queue."""

from __future__ import annotations

import threading
import uuid
from collections import deque

from shared.ports.queues import AbstractMessageQueue


class FakeQueue(AbstractMessageQueue):
    """Bodies in send order per queue; the port's own size check runs before anything is kept."""

    def __init__(self) -> None:
        self._queues: dict[str, deque[str]] = {}
        self._lock = threading.Lock()

    def _send(self, queue: str, body: str) -> str:
        with self._lock:
            self._queues.setdefault(queue, deque()).append(body)
        return uuid.uuid4().hex

    def waiting(self, queue: str) -> list[str]:
        """The bodies not yet taken, oldest first."""
        with self._lock:
            return list(self._queues.get(queue, ()))

    def take(self, queue: str) -> str | None:
        """The oldest body, removed (what a trigger's dequeue does), or None when the queue is empty."""
        with self._lock:
            waiting = self._queues.get(queue)
            return waiting.popleft() if waiting else None
