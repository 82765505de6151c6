"""A circuit breaker for the Redis connection: stop paying a timeout on every call while it is down.

Hand-written rather than ``pybreaker``: pybreaker runs every call inside one lock, which would
serialise all of a worker's threads on the hot path. Here the closed state costs one attribute
read; only transitions take the lock.
"""

from __future__ import annotations

import logging
import threading
import time

from shared.adapters.cache.ttl_store import Monotonic

logger = logging.getLogger(__name__)

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half-open"


class CircuitBreaker:
    """Opens after ``failure_threshold`` consecutive failures; after ``reset_after`` seconds one trial
    call is let through (half-open): success closes the circuit, failure opens it again. A trial that
    never reports back (its thread died) is replaced by another after ``reset_after``."""

    def __init__(self, *, failure_threshold: int = 3, reset_after: float = 5.0,
                 monotonic: Monotonic = time.monotonic) -> None:
        if failure_threshold < 1 or reset_after <= 0:
            raise ValueError("failure_threshold must be >= 1 and reset_after > 0")
        self.failure_threshold = failure_threshold
        self.reset_after = reset_after
        self._now = monotonic
        self._lock = threading.Lock()
        self._state = CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self.trips = 0

    @property
    def state(self) -> str:
        return self._state

    def allow(self) -> bool:
        """Whether a call may go to the server now."""
        if self._state is CLOSED:
            return True
        with self._lock:
            if self._state is not CLOSED and self._now() - self._opened_at >= self.reset_after:
                self._state = HALF_OPEN  # this caller is the one trial; others keep failing fast
                self._opened_at = self._now()  # a trial that never reports back gets replaced after the pause
                return True
            return False

    def record_success(self) -> None:
        if self._state is CLOSED and self._failures == 0:
            return
        with self._lock:
            if self._state is not CLOSED:
                logger.info("redis circuit closed: the server answers again")
            self._state = CLOSED
            self._failures = 0

    def record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._state is HALF_OPEN or (self._state is CLOSED and self._failures >= self.failure_threshold):
                self._state = OPEN
                self._opened_at = self._now()
                self.trips += 1
                logger.warning("redis circuit opened after %s failure(s); retrying in %.1f s",
                               self._failures, self.reset_after)
