"""Named leases: one holder at a time across every worker (a job, a backup, a listener's session)."""

from __future__ import annotations

import abc


class AbstractLease(abc.ABC):
    """A held lease, renewed in the background until ``release``."""

    @abc.abstractmethod
    def release(self) -> None:
        """Give the lease up now (it would expire on its own within a minute)."""

    @property
    def held(self) -> bool:
        """False once a renewal found the lease gone: the holder must stop what the lease guards."""
        return True


class AbstractLeases(abc.ABC):
    """Acquires named leases."""

    @abc.abstractmethod
    def acquire(self, name: str) -> AbstractLease | None:
        """The lease on ``name``, or None while another holder has it."""
