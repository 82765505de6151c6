"""Process a message at most once in effect, and never drop it: claim (leased), run, complete or release.

- claim -> CLAIMED: run the handler; success -> COMPLETED for 24 h; an exception -> release, re-raise
  (the queue's retry processes it again).
- claim -> IN_PROGRESS: ``IdempotencyInProgressError`` (let it propagate: the queue retries later).
- claim -> COMPLETED: a duplicate, acknowledged with no effect.
- same key, different payload: ``IdempotencyPayloadMismatchError`` (an error event, never a duplicate).
- store unreachable at claim: ``IdempotencyUnavailableError`` — fail closed, never process undeduplicated.
A worker that dies holding the claim leaves a lease that expires on its own; the redelivery then wins.
An ``outbox`` (built after the handler returned) is appended with the completion, atomically; when the
store cannot be reached at completion, ``Outcome.outbox_lost`` tells the caller to hand it on itself.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from shared.clock import Clock
from shared.domain import rules
from shared.domain.errors import ValidationError
from shared.ports.cache import CacheKeys
from shared.ports.idempotency import (
    AbstractIdempotencyStore,
    ClaimStatus,
    CompletionOutbox,
    IdempotencyInProgressError,
    IdempotencyUnavailableError,
)

logger = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    """``duplicate`` True: the message was already processed and the handler did not run. ``outbox_lost``: the
    store did not answer at completion, so the outbox was not appended (the caller hands it on itself)."""

    key: str
    duplicate: bool
    result: T | None = None
    outbox_lost: bool = False


def payload_hash(payload: bytes | str | Mapping[str, object]) -> str:
    """sha256 of the payload (a mapping is hashed in canonical JSON form, so key order does not matter)."""
    if isinstance(payload, Mapping):
        data = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()
    elif isinstance(payload, str):
        data = payload.encode()
    else:
        data = bytes(payload)
    return hashlib.sha256(data).hexdigest()


class MessageIdempotency:
    """The state machine over an ``AbstractIdempotencyStore`` with the spec's key and TTL."""

    def __init__(self, store: AbstractIdempotencyStore, clock: Clock, *, keys: CacheKeys | None = None,
                 lease_seconds: float = 300, ttl_seconds: float = 86_400) -> None:
        if lease_seconds <= 0 or ttl_seconds <= lease_seconds:
            raise ValueError("the lease must be positive and shorter than the completed TTL")
        self.store = store
        self._clock = clock
        self.keys = keys or CacheKeys()
        self.lease_ms = int(lease_seconds * 1000)
        self.ttl_ms = int(ttl_seconds * 1000)

    def key(self, *, tenant_id: str, channel_id: int, message_id: int | str) -> str:
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        if isinstance(channel_id, bool) or not isinstance(channel_id, int):
            raise ValidationError("channel_id", "must be an integer")
        if isinstance(message_id, bool) or not isinstance(message_id, int | str) or message_id == "":
            raise ValidationError("message_id", "must be an integer or a non-empty id")
        if isinstance(message_id, str):
            message_id = rules.entity_id("message_id", message_id)
        return self.keys.idempotency(tenant_id, channel_id, message_id)

    def run(self, *, tenant_id: str, channel_id: int, message_id: int | str,
            payload: bytes | str | Mapping[str, object], handler: Callable[[], T],
            save_result: bool = False, outbox: Callable[[], CompletionOutbox | None] | None = None) -> Outcome[T]:
        """Run ``handler`` unless this message was processed already; see the module docstring.

        With ``save_result`` the handler's (JSON-serialisable) result is stored with the COMPLETED record
        and a duplicate gets it back as ``Outcome.result``: an output the host writes *after* the handler
        returns (a queue output binding) is then re-emitted if the first delivery died before writing it.
        """
        key = self.key(tenant_id=tenant_id, channel_id=channel_id, message_id=message_id)
        return self.run_key(key, payload=payload, handler=handler, save_result=save_result, outbox=outbox)

    def run_key(self, key: str, *, payload: bytes | str | Mapping[str, object], handler: Callable[[], T],
                save_result: bool = False, outbox: Callable[[], CompletionOutbox | None] | None = None
                ) -> Outcome[T]:
        """``run`` under a key the caller built (e.g. ``CacheKeys.telegram_update``), with the same lease and TTL."""
        digest = payload_hash(payload)
        token = uuid.uuid4().hex
        claim = self.store.claim(key, payload_hash=digest, token=token, lease_ms=self.lease_ms,
                                  now_ms=self._now_ms())
        if claim.status is ClaimStatus.COMPLETED:
            logger.info("duplicate message acknowledged: %s", key)
            saved = json.loads(claim.response) if claim.response is not None else None
            return Outcome(key, duplicate=True, result=saved)
        if claim.status is ClaimStatus.IN_PROGRESS:
            raise IdempotencyInProgressError(key, claim.retry_after_ms or 0)
        try:
            result = handler()
        except BaseException:
            self._release(key, token)
            raise
        entries = outbox() if outbox is not None else None
        landed = self._complete(key, token, digest, json.dumps(result) if save_result else None, entries)
        return Outcome(key, duplicate=False, result=result, outbox_lost=entries is not None and not landed)

    def _release(self, key: str, token: str) -> None:
        try:
            if not self.store.release(key, token=token):
                logger.warning("claim on %s was no longer ours at release (lease expired)", key)
        except IdempotencyUnavailableError:
            # The lease runs out on its own; the retry is only delayed by it, never lost.
            logger.warning("could not release %s: store unavailable; the lease will expire", key)

    def _complete(self, key: str, token: str, digest: str, response: str | None,
                  outbox: CompletionOutbox | None) -> bool:
        """False only when the store did not answer (a completion that lost its lease appends nothing, but the
        delivery that took over appends its own)."""
        try:
            completed = self.store.complete(key, token=token, payload_hash=digest, ttl_ms=self.ttl_ms,
                                             now_ms=self._now_ms(), response=response, outbox=outbox)
        except IdempotencyUnavailableError:
            # The effects are durable and the message will be acknowledged; a redelivery after the lease
            # would run again, which downstream deterministic ids (one order per message) absorb.
            logger.error("could not mark %s completed: store unavailable", key)
            return False
        if not completed:
            logger.warning("%s was claimed by another delivery after our lease expired", key)
        return True

    def _now_ms(self) -> int:
        return int(self._clock.now().timestamp() * 1000)
