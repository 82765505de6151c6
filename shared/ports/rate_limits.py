"""Request rate limits: per API key and per client address."""

from __future__ import annotations

import abc
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Refusal:
    """A request over a limit: which limit (``key`` or ``address``) and whole seconds until it may retry."""

    scope: str
    retry_after: int


class AbstractRateLimiter(abc.ABC):
    @abc.abstractmethod
    def hit(self, *, key: str | None, address: str) -> Refusal | None:
        """Count one request of ``key`` (an identity, never a secret; None when unauthenticated) from
        ``address``; a ``Refusal`` when either is over its limit."""
