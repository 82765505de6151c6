"""The HTTP transport the REST venues (OANDA, IG) share: one httpx client per connection, bounded retries
for what never reached the venue or was turned away for rate, and the line between *refused* and *unknown*.

* Not sent (connection refused, connect timeout): retried after a backoff, it cannot have executed.
* 429 (and a venue's own rate-limit answers): retried after ``Retry-After`` (bounded), it did not execute.
* Timeout, reset or 5xx after a *mutating* request was sent: ``OutcomeUnknownError``. The caller looks the
  order up by our client id before it sends anything again (``send_once``). Reads are simply retried.
* 401/403: ``CredentialsRejectedError``; any other 4xx: ``BrokerError`` with the venue's own reason.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import httpx

from shared.ports.brokers import BrokerError, BrokerUnavailableError, CredentialsRejectedError, OrderResult

logger = logging.getLogger(__name__)
T = TypeVar("T")
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class OutcomeUnknownError(Exception):
    """A mutating request was sent and no answer says whether the venue executed it."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard one call tries. ``attempts`` bounds both the transport retries and the resends."""

    attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 5.0
    timeout: float = 10.0

    def delay(self, attempt: int, retry_after: str | None = None) -> float:
        """Exponential from ``base_delay``; a venue's ``Retry-After`` wins when it asks for longer; never past
        ``max_delay`` (a longer wait belongs to the queue's redelivery, not to a worker holding a message)."""
        wanted = self.base_delay * float(2**attempt)
        asked = _retry_after_seconds(retry_after)
        if asked is not None:
            wanted = max(wanted, asked)
        return min(wanted, self.max_delay)


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class VenueHttp:
    """A venue's REST API. Subclasses say how the venue words a refusal and a rate limit."""

    venue = "venue"

    def __init__(self, base_url: str, *, policy: RetryPolicy, headers: dict[str, str] | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.policy = policy
        self._sleep = sleep
        self._client = httpx.Client(base_url=base_url.rstrip("/"), headers=headers or {},
                                    timeout=httpx.Timeout(policy.timeout), follow_redirects=False)

    def close(self) -> None:
        self._client.close()

    # Venue hooks ---------------------------------------------------------------------------------------
    def reason(self, response: httpx.Response) -> str:
        """The venue's own words for a refusal."""
        return f"HTTP {response.status_code}"

    def is_rate_limited(self, response: httpx.Response) -> bool:
        return response.status_code == 429

    def refresh_auth(self, response: httpx.Response) -> bool:
        """Called on a 401: True when the session was renewed and the request may be sent once more."""
        return False

    def auth_headers(self) -> dict[str, str]:
        return {}

    # ---------------------------------------------------------------------------------------------------
    def request(self, method: str, path: str, *, mutating: bool, json: Any = None,
                params: dict[str, str] | None = None, headers: dict[str, str] | None = None,
                missing_ok: bool = False) -> httpx.Response:
        """A 2xx answer (or a 404 when ``missing_ok``). Raises ``CredentialsRejectedError``, ``BrokerError``,
        ``BrokerUnavailableError`` or, for a mutating request whose fate is unknown, ``OutcomeUnknownError``."""
        refreshed = False
        attempt = 0
        while True:
            try:
                response = self._client.request(method, path, json=json, params=params,
                                                headers={**self.auth_headers(), **(headers or {})})
            except _NOT_SENT as exc:
                self._pause(attempt, None, f"{method} {path} not sent ({type(exc).__name__})")
                attempt += 1
                continue
            except httpx.TransportError as exc:
                if mutating:
                    raise OutcomeUnknownError(f"{self.venue} {method} {path}: {type(exc).__name__}") from exc
                self._pause(attempt, None, f"{method} {path} failed ({type(exc).__name__})")
                attempt += 1
                continue
            status = response.status_code
            if status < 300 or (status == 404 and missing_ok):
                return response
            if self.is_rate_limited(response):
                self._pause(attempt, response.headers.get("Retry-After"), f"{method} {path} rate limited")
                attempt += 1
                continue
            if status >= 500:
                if status == 503:  # honour the venue's wait before the caller looks the order up
                    self._pause(attempt, response.headers.get("Retry-After"), f"{method} {path} unavailable")
                    attempt += 1
                if mutating:
                    raise OutcomeUnknownError(f"{self.venue} {method} {path}: HTTP {status}")
                if status != 503:
                    self._pause(attempt, None, f"{method} {path} HTTP {status}")
                    attempt += 1
                continue
            if status == 401 and not refreshed and self.refresh_auth(response):
                refreshed = True
                continue
            if status in (401, 403):
                raise CredentialsRejectedError(self.reason(response))
            raise BrokerError(self.reason(response))

    def _pause(self, attempt: int, retry_after: str | None, what: str) -> None:
        if attempt + 1 >= self.policy.attempts:
            raise BrokerUnavailableError(f"{self.venue}: {what}; gave up after {self.policy.attempts} attempts")
        delay = self.policy.delay(attempt, retry_after)
        logger.warning("%s: %s; retrying in %.2f s", self.venue, what, delay)
        self._sleep(delay)


def send_once(send: Callable[[], T], lookup: Callable[[], T | None], *, policy: RetryPolicy,
              sleep: Callable[[float], None], what: str) -> T:
    """Exactly once: send; when the outcome is unknown, look the action up by our client id and return what
    the venue holds; only when it holds nothing is the request sent again (bounded by ``policy.attempts``).
    ``lookup`` raising ``BrokerUnavailableError`` leaves the outcome unknown: the queue retries the command,
    whose first step is the same lookup."""
    for attempt in range(policy.attempts):
        try:
            return send()
        except OutcomeUnknownError as exc:
            logger.warning("%s: outcome unknown (%s); looking it up before anything is sent again", what, exc)
            sleep(policy.delay(attempt))  # give the venue a moment to make the order visible
            found = lookup()
            if found is not None:
                return found
    raise BrokerUnavailableError(f"{what}: outcome still unknown after {policy.attempts} attempts")


def fresh(result: OrderResult) -> OrderResult:
    """What this call itself placed, found again after a lost answer: not a duplicate of an earlier call."""
    return OrderResult(result.broker_order_id, result.client_order_id, result.status, result.fill_price,
                       duplicate=False, broker_trade_id=result.broker_trade_id, units=result.units)
