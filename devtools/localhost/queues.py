"""Queue triggers: poll, invoke, deliver outputs, then delete — with host.json's retry and poison rules.

Mirrors the Functions host's QueueProcessor: a message is held invisible while its function runs; on
success the outputs are sent *before* the message is deleted (a crash in between redelivers it, never
drops it); on failure it becomes visible again after ``visibilityTimeout``; once its dequeue count
reaches ``maxDequeueCount`` its body is copied to ``<queue>-poison`` and the original deleted.

Storage faults never end a worker: polling backs off and resumes, and settling a message (delete, release,
output, poison) is retried until storage answers or the message's hold runs out (then it reappears and
is run again: the functions are idempotent). Each worker beats a heart that readiness checks.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from azure.functions.queue import QueueMessage

from devtools.localhost.bindings import FunctionSpec
from devtools.localhost.invoke import invoke
from shared.observability.liveness import Heart, liveness
from shared.ports.idempotency import IdempotencyInProgressError
from shared.settings import QUEUE_HOLD_SECONDS

logger = logging.getLogger(__name__)
POISON_SUFFIX = "-poison"
HOLD_SECONDS = float(QUEUE_HOLD_SECONDS)  # the host keeps a running message invisible (renewed while running)
_BACKOFF_FIRST, _BACKOFF_MAX = 0.2, 5.0  # seconds between attempts while storage does not answer
_FUNCTION_TIMEOUT = 300.0  # host.json functionTimeout's Consumption default
_TROUBLE_AFTER = 3  # consecutive failed polls before readiness reports the worker


@dataclass(frozen=True)
class QueueOptions:
    """host.json ``extensions.queues``, with the host's defaults."""

    batch_size: int = 16
    max_dequeue_count: int = 5
    visibility_timeout: float = 0.0
    max_polling_interval: float = 60.0
    message_encoding: str = "base64"
    # How long a received message stays invisible: a host killed mid-run gives it back after this. Not a
    # host.json setting; the local host's PIPSTER_LOCAL_QUEUE_HOLD_SECONDS shortens it for crash drills.
    hold_seconds: float = HOLD_SECONDS

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
        self._poll_failures = 0
        # Beats at least once per polling interval and per finished message; a batch whose every message runs
        # past the Functions timeout (5 minutes by default) is stalled.
        # Watched from the moment ``run`` starts until it ends on ``stop`` (a crash leaves it watched: dead).
        self.heart = Heart(f"queue:{spec.name}", stalled_after=2 * options.max_polling_interval + _FUNCTION_TIMEOUT)

    def ensure_queues(self) -> None:
        """Create the trigger, poison and output queues; storage being down does not stop the host from
        starting (the worker polls until it is back, and the queues of an earlier run are still there)."""
        from azure.core.exceptions import ResourceExistsError

        outputs = {o.queue_name for o in self.spec.outputs if o.queue_name}
        names = {self.queue_name, self.queue_name + POISON_SUFFIX} | outputs
        for name in sorted(names):
            try:
                self._service.create_queue(name)
            except ResourceExistsError:
                pass
            except Exception as exc:  # noqa: BLE001 - unreachable storage: the polling loop waits for it
                logger.warning("could not create queue %s (%s); the worker will poll until storage answers",
                               name, type(exc).__name__)
                return

    def run(self) -> None:
        """Poll until stopped. Nothing that happens to storage or to one message ends this loop."""
        liveness.watch(self.heart).bind()
        try:
            self._loop()
        finally:
            if self._stop.is_set():
                liveness.forget(self.heart)

    def _loop(self) -> None:
        idle = 0.1
        with ThreadPoolExecutor(self._options.batch_size, thread_name_prefix=f"q-{self.spec.name}") as pool:
            while not self._stop.is_set():
                self.heart.beat()
                messages = self._poll()
                if messages is None:  # storage unreachable: _poll waited its backoff
                    continue
                if not messages:
                    self._stop.wait(idle)
                    idle = min(idle * 2, self._options.max_polling_interval)
                    continue
                idle = 0.1
                list(pool.map(self._process_guarded, messages))

    def _poll(self) -> list[Any] | None:
        try:
            messages = list(self._queue.receive_messages(
                messages_per_page=self._options.batch_size, max_messages=self._options.batch_size,
                visibility_timeout=int(self._options.hold_seconds),
            ))
        except Exception as exc:  # noqa: BLE001 - storage unreachable: back off and keep polling, as the host does
            self._poll_failures += 1
            if self._poll_failures >= _TROUBLE_AFTER:
                self.heart.trouble = f"cannot poll {self.queue_name} ({type(exc).__name__})"
            delay = min(_BACKOFF_FIRST * 2 ** (self._poll_failures - 1), _BACKOFF_MAX)
            log = logger.exception if self._poll_failures == 1 else logger.warning
            log("polling %s failed (%s in a row, %s); next try in %.1f s", self.queue_name, self._poll_failures,
                type(exc).__name__, delay)
            self._stop.wait(delay)
            return None
        if self._poll_failures:
            logger.info("polling %s resumed after %s failure(s)", self.queue_name, self._poll_failures)
            self._poll_failures = 0
            self.heart.trouble = None
        return messages

    def _process_guarded(self, message: Any) -> None:
        try:
            self.process(message)
        except Exception:  # noqa: BLE001 - settling gave up (hold expired, stopping): the message reappears
            logger.exception("function %s: message %s left for redelivery", self.spec.name, message.id)
        finally:
            self.heart.beat()

    def _settle(self, what: str, call: Callable[[], Any], held_until: float) -> Any:
        """``call`` (a storage operation on a held message), retried with backoff until it succeeds; gives up
        (raises) once stopping or when the hold runs out, after which the message is visible again anyway."""
        delay = _BACKOFF_FIRST
        while True:
            try:
                return call()
            except Exception as exc:
                if self._stop.is_set() or time.monotonic() + delay >= held_until:
                    raise
                logger.warning("%s on %s failed (%s); retrying in %.1f s", what, self.queue_name,
                               type(exc).__name__, delay)
                self._stop.wait(delay)
                delay = min(delay * 2, _BACKOFF_MAX)

    def process(self, message: Any) -> None:
        name, count = self.spec.name, message.dequeue_count
        held_until = time.monotonic() + self._options.hold_seconds
        if count > self._options.max_dequeue_count:  # a host crashed mid-run repeatedly: poison before running
            self._to_poison(message, f"dequeue count {count} exceeds {self._options.max_dequeue_count}", held_until)
            return
        try:
            body = decode(message.content, self._options.message_encoding)
            queue_message = QueueMessage(
                id=message.id, body=body, dequeue_count=count, pop_receipt=message.pop_receipt,
                insertion_time=message.inserted_on, expiration_time=message.expires_on,
                time_next_visible=message.next_visible_on,
            )
            outputs = invoke(self.spec, queue_message)
        except Exception as exc:  # noqa: BLE001 - a failed invocation: retry or poison, as the host does
            if isinstance(exc, IdempotencyInProgressError):  # expected: another delivery holds the message
                logger.warning("function %s: message %s is in progress elsewhere; retrying later", name, message.id)
            else:
                logger.exception("function %s failed on message %s (dequeue count %s)", name, message.id, count)
            if count >= self._options.max_dequeue_count:
                self._to_poison(message, f"failed {count} times", held_until)
            else:
                visible_in = int(self._options.visibility_timeout)
                self._settle("release", lambda: self._queue.update_message(message, visibility_timeout=visible_in),
                             held_until)
            return
        self._deliver(outputs, held_until)
        self._settle("delete", lambda: self._queue.delete_message(message), held_until)
        logger.info("function %s completed message %s", name, message.id)

    def _deliver(self, outputs: dict[str, Any], held_until: float) -> None:
        for binding in self.spec.outputs:
            value = outputs.get(binding.name)
            if binding.queue_name is None or value is None:
                continue
            client = self._service.get_queue_client(binding.queue_name)
            for item in value if isinstance(value, list) else [value]:
                self._settle("output", partial(client.send_message, encode(item, self._options.message_encoding)),
                             held_until)

    def _to_poison(self, message: Any, why: str, held_until: float) -> None:
        # The body only, as the host does (the original id is lost).
        self._settle("poison", lambda: self._poison.send_message(message.content), held_until)
        self._settle("delete", lambda: self._queue.delete_message(message), held_until)
        logger.error("message %s moved to %s: %s", message.id, self.queue_name + POISON_SUFFIX, why)
