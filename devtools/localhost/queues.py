"""Queue triggers: poll, invoke, deliver outputs, then delete — with host.json's retry and poison rules.

Mirrors the Functions host's QueueProcessor: a message is held invisible while its function runs; on
success the outputs are sent *before* the message is deleted (a crash in between redelivers it, never
drops it); on failure it becomes visible again after ``visibilityTimeout``; once its dequeue count
reaches ``maxDequeueCount`` its body is copied to ``<queue>-poison`` and the original deleted.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from azure.functions.queue import QueueMessage

from devtools.localhost.bindings import FunctionSpec
from devtools.localhost.invoke import invoke
from shared.ports.idempotency import IdempotencyInProgressError

logger = logging.getLogger(__name__)
POISON_SUFFIX = "-poison"
_HOLD_SECONDS = 600  # the host keeps a running message invisible for 10 minutes (renewed while running)


@dataclass(frozen=True)
class QueueOptions:
    """host.json ``extensions.queues``, with the host's defaults."""

    batch_size: int = 16
    max_dequeue_count: int = 5
    visibility_timeout: float = 0.0
    max_polling_interval: float = 60.0
    message_encoding: str = "base64"

    @classmethod
    def from_host_json(cls, path: Path) -> QueueOptions:
        if not path.is_file():
            return cls()
        queues = json.loads(path.read_text()).get("extensions", {}).get("queues", {})
        return cls(
            batch_size=int(queues.get("batchSize", 16)),
            max_dequeue_count=int(queues.get("maxDequeueCount", 5)),
            visibility_timeout=_timespan(queues.get("visibilityTimeout", "00:00:00")),
            max_polling_interval=_timespan(queues.get("maxPollingInterval", "00:01:00")),
            message_encoding=str(queues.get("messageEncoding", "base64")).lower(),
        )


def _timespan(value: str) -> float:
    hours, minutes, seconds = value.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def encode(body: str | bytes, encoding: str) -> str:
    raw = body.encode() if isinstance(body, str) else body
    return base64.b64encode(raw).decode() if encoding == "base64" else raw.decode()


def decode(content: str, encoding: str) -> bytes:
    if encoding != "base64":
        return content.encode()
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("message is not base64 (host.json messageEncoding=base64)") from exc


class QueueTriggerWorker:
    """Polls one trigger queue until ``stop`` is set; runs up to ``batch_size`` messages at a time."""

    def __init__(self, spec: FunctionSpec, queue_service: Any, options: QueueOptions, stop: threading.Event) -> None:
        self.spec = spec
        self.queue_name: str = spec.trigger["queueName"]
        self._service = queue_service
        self._options = options
        self._stop = stop
        self._queue = queue_service.get_queue_client(self.queue_name)
        self._poison = queue_service.get_queue_client(self.queue_name + POISON_SUFFIX)

    def ensure_queues(self) -> None:
        from azure.core.exceptions import ResourceExistsError

        outputs = {o.queue_name for o in self.spec.outputs if o.queue_name}
        names = {self.queue_name, self.queue_name + POISON_SUFFIX} | outputs
        for name in names:
            try:
                self._service.create_queue(name)
            except ResourceExistsError:
                pass

    def run(self) -> None:
        idle = 0.1
        with ThreadPoolExecutor(self._options.batch_size, thread_name_prefix=f"q-{self.spec.name}") as pool:
            while not self._stop.is_set():
                try:
                    messages = list(self._queue.receive_messages(
                        messages_per_page=self._options.batch_size, max_messages=self._options.batch_size,
                        visibility_timeout=_HOLD_SECONDS,
                    ))
                except Exception:  # noqa: BLE001 - storage unreachable: keep polling, as the host does
                    logger.exception("polling %s failed", self.queue_name)
                    messages = []
                if not messages:
                    self._stop.wait(idle)
                    idle = min(idle * 2, self._options.max_polling_interval)
                    continue
                idle = 0.1
                list(pool.map(self.process, messages))

    def process(self, message: Any) -> None:
        name, count = self.spec.name, message.dequeue_count
        if count > self._options.max_dequeue_count:  # a host crashed mid-run repeatedly: poison before running
            self._to_poison(message, f"dequeue count {count} exceeds {self._options.max_dequeue_count}")
            return
        try:
            body = decode(message.content, self._options.message_encoding)
            queue_message = QueueMessage(
                id=message.id, body=body, dequeue_count=count, pop_receipt=message.pop_receipt,
                insertion_time=message.inserted_on, expiration_time=message.expires_on,
                time_next_visible=message.next_visible_on,
            )
            outputs = invoke(self.spec, queue_message)
            self._deliver(outputs)
        except Exception as exc:  # noqa: BLE001 - a failed invocation: retry or poison, as the host does
            if isinstance(exc, IdempotencyInProgressError):  # expected: another delivery holds the message
                logger.warning("function %s: message %s is in progress elsewhere; retrying later", name, message.id)
            else:
                logger.exception("function %s failed on message %s (dequeue count %s)", name, message.id, count)
            if count >= self._options.max_dequeue_count:
                self._to_poison(message, f"failed {count} times")
            else:
                self._queue.update_message(message, visibility_timeout=int(self._options.visibility_timeout))
            return
        self._queue.delete_message(message)
        logger.info("function %s completed message %s", name, message.id)

    def _deliver(self, outputs: dict[str, Any]) -> None:
        for binding in self.spec.outputs:
            value = outputs.get(binding.name)
            if binding.queue_name is None or value is None:
                continue
            client = self._service.get_queue_client(binding.queue_name)
            for item in value if isinstance(value, list) else [value]:
                client.send_message(encode(item, self._options.message_encoding))

    def _to_poison(self, message: Any, why: str) -> None:
        self._poison.send_message(message.content)  # the body only, as the host does (original id is lost)
        self._queue.delete_message(message)
        logger.error("message %s moved to %s: %s", message.id, self.queue_name + POISON_SUFFIX, why)
