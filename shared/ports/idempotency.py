"""The idempotency port: a per-message record that moves IN_PROGRESS (leased) -> COMPLETED.

A bare ``SET NX`` before processing loses the message when the worker dies after the claim: the
redelivery finds the key and is acknowledged as a duplicate. So a claim is a *lease* that expires
on its own, completion is a separate step taken once the effects are durable, and a handled
failure releases the claim so the queue's retry can process the message.

A completion may carry an outbox: entries appended to a feed in the same atomic step (a transactional
outbox). Only the completion that wins appends them, so what a message's processing hands on downstream
(its statistics facts) leaves exactly when the message is marked processed, in no extra round trip.
"""

from __future__ import annotations

import abc
import enum
from dataclasses import dataclass

from shared.ports.feeds import AbstractFeed

# A feed stream is capped (approximately, on Redis) so a reader that stopped cannot grow it without bound
# and push the TTL keys (idempotency records, the cache) out of memory: past the cap the oldest go.
OUTBOX_MAX_ENTRIES = 500_000


class IdempotencyError(Exception):
    """Base class of the idempotency errors."""


class IdempotencyUnavailableError(IdempotencyError):
    """The store cannot be reached: the message must not be processed now (fail closed; the queue retries)."""


class IdempotencyInProgressError(IdempotencyError):
    """Another delivery of the message holds the lease: retry later (after ``retry_after_ms``)."""

    def __init__(self, key: str, retry_after_ms: int) -> None:
        super().__init__(f"message is being processed elsewhere; retry in {retry_after_ms} ms")
        self.key = key
        self.retry_after_ms = retry_after_ms


class IdempotencyPayloadMismatchError(IdempotencyError):
    """The same message key arrived with different content: an error event, never a silent duplicate."""

    def __init__(self, key: str) -> None:
        super().__init__("the message id was seen before with a different payload")
        self.key = key


class ClaimStatus(enum.Enum):
    CLAIMED = "claimed"  # this caller holds the lease and must complete or release it
    IN_PROGRESS = "in_progress"  # someone else holds a live lease
    COMPLETED = "completed"  # already processed: acknowledge with no effect


@dataclass(frozen=True, slots=True)
class Claim:
    """The outcome of a claim. ``token`` identifies the lease holder (CLAIMED only);
    ``retry_after_ms`` is the lease's remaining time (IN_PROGRESS only)."""

    key: str
    status: ClaimStatus
    token: str | None = None
    retry_after_ms: int | None = None
    response: str | None = None  # COMPLETED only: what the first run saved, if it saved anything


@dataclass(frozen=True, slots=True)
class CompletionOutbox:
    """Entries for ``stream`` of the store's ``feed``, appended atomically with the completion."""

    stream: str
    entries: tuple[bytes, ...]


class AbstractIdempotencyStore(abc.ABC):
    """Records keyed by the spec's ``pipster:idempotency:{tenantId}:{channelId}:{messageId}``.

    Every operation is atomic on the store. ``payload_hash`` is compared on every claim: the same key
    with another hash raises ``IdempotencyPayloadMismatchError`` whatever the record's state.
    Store failures raise ``IdempotencyUnavailableError``.
    """

    def claim(self, key: str, *, payload_hash: str, token: str, lease_ms: int, now_ms: int) -> Claim:
        """Create an IN_PROGRESS record held by ``token`` for ``lease_ms``, unless a live record exists."""
        if lease_ms <= 0:
            raise ValueError("lease_ms must be positive")
        return self._claim(key, payload_hash, token, lease_ms, now_ms)

    def complete(self, key: str, *, token: str, payload_hash: str, ttl_ms: int, now_ms: int,
                 response: str | None = None, outbox: CompletionOutbox | None = None) -> bool:
        """Mark COMPLETED for ``ttl_ms``, saving ``response`` for duplicates, and append ``outbox``'s entries
        to ``feed`` in the same atomic step. False (and nothing appended) when another token has claimed the
        key since (our lease expired and a redelivery took over); an expired lease nobody took is still
        completed."""
        if ttl_ms <= 0:
            raise ValueError("ttl_ms must be positive")
        return self._complete(key, token, payload_hash, ttl_ms, now_ms, response,
                              outbox if outbox is not None and outbox.entries else None)

    @property
    @abc.abstractmethod
    def feed(self) -> AbstractFeed:
        """The feed completions append their outbox to (read by whoever consumes it)."""

    def release(self, key: str, *, token: str) -> bool:
        """Delete our IN_PROGRESS record so a retry can claim it; False when it is no longer ours."""
        return self._release(key, token)

    def ttl_ms(self, key: str) -> int | None:
        """Remaining time of the record (PTTL); None when absent."""
        return self._ttl_ms(key)

    def delete_matching(self, pattern: str) -> int:
        """Remove every record whose key matches the glob ``pattern`` (SCAN on Redis, never KEYS); returns
        how many were removed. The GDPR purge uses it with ``CacheKeys.idempotency_pattern``."""
        return self._delete_matching(pattern)

    def close(self) -> None:  # noqa: B027 - optional hook: the in-process store holds no connections
        """Release connections."""

    @abc.abstractmethod
    def _delete_matching(self, pattern: str) -> int: ...
    @abc.abstractmethod
    def _claim(self, key: str, payload_hash: str, token: str, lease_ms: int, now_ms: int) -> Claim: ...
    @abc.abstractmethod
    def _complete(self, key: str, token: str, payload_hash: str, ttl_ms: int, now_ms: int,
                  response: str | None, outbox: CompletionOutbox | None) -> bool: ...
    @abc.abstractmethod
    def _release(self, key: str, token: str) -> bool: ...
    @abc.abstractmethod
    def _ttl_ms(self, key: str) -> int | None: ...
