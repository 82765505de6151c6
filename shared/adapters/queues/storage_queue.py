"""Azure Storage Queues producer, encoding bodies as base64 — what the Functions queue trigger decodes."""

from __future__ import annotations

import base64
import logging
import threading
from typing import Any

from shared.ports.queues import AbstractMessageQueue, QueueUnavailableError

logger = logging.getLogger(__name__)


class StorageQueueProducer(AbstractMessageQueue):
    """Sends to queues on one storage account; creates a queue on first use."""

    def __init__(self, service: Any) -> None:
        self._service = service
        self._ready: set[str] = set()
        self._lock = threading.Lock()

    def _send(self, queue: str, body: str) -> str:
        from azure.core.exceptions import AzureError, ResourceExistsError

        client = self._service.get_queue_client(queue)
        try:
            if queue not in self._ready:
                with self._lock:
                    try:
                        client.create_queue()
                    except ResourceExistsError:
                        pass
                    self._ready.add(queue)
            sent = client.send_message(base64.b64encode(body.encode()).decode())
        except AzureError as exc:
            raise QueueUnavailableError(f"could not enqueue to {queue}: {type(exc).__name__}") from exc
        logger.debug("enqueued message %s to %s", sent.id, queue)
        return str(sent.id)
