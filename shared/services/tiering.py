"""The session tiering job (spec "Lifecycle Management"): Hot, Cool or Archive by tenant activity.

    Hot      the tenant's session was accessed in the last 30 days
    Cool     30 days or more without access
    Archive  the tenant is deactivated (not active, or scheduled for deletion) and neither its
             deactivation nor the last access is less than 90 days old

A session found in Archive whose tenant is active again goes back to Hot (a standard-priority
rehydration) and its access clock restarts, so the next run does not send it straight to Cool.
The job is idempotent: a second run with the same clock moves nothing. The decision uses Pipster's
own access record and clock, not the blobs' Last-Modified (which Set Blob Tier leaves unchanged).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from shared.clock import Clock
from shared.domain.sessions import Tier
from shared.domain.tenant import Tenant
from shared.ports.repositories import AbstractRepositories
from shared.ports.sessions import AbstractSessionStore

logger = logging.getLogger(__name__)

COOL_AFTER = timedelta(days=30)
ARCHIVE_AFTER = timedelta(days=90)


def target_tier(tenant: Tenant, *, last_accessed_at: datetime, archived: bool, now: datetime) -> Tier:
    """The tier a tenant's session belongs in now."""
    idle = now - last_accessed_at
    if tenant.is_active:
        if archived:
            return Tier.HOT  # reactivated: bring it back online
        return Tier.COOL if idle >= COOL_AFTER else Tier.HOT
    quiet_since = max(last_accessed_at, tenant.deactivated_at or last_accessed_at)
    if now - quiet_since >= ARCHIVE_AFTER:
        return Tier.ARCHIVE
    return Tier.COOL if idle >= COOL_AFTER else Tier.HOT


@dataclass
class TieringReport:
    """What one run looked at and what it moved (JSON-ready via ``as_dict``)."""

    ran_at: str
    checked: int = 0
    unchanged: int = 0
    moved: list[dict[str, Any]] = field(default_factory=list)
    rehydrating: list[str] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    garbage_blobs: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class TieringService:
    """Moves every stored session to the tier its tenant's activity calls for."""

    def __init__(self, sessions: AbstractSessionStore, repositories: AbstractRepositories, clock: Clock) -> None:
        self._sessions = sessions
        self._repositories = repositories
        self._clock = clock

    def run(self) -> TieringReport:
        now = self._clock.now()
        report = TieringReport(ran_at=now.isoformat())
        for tenant_id in self._sessions.tenants():
            report.checked += 1
            try:
                self._tier(tenant_id, now, report)
            except Exception as exc:  # noqa: BLE001 - one tenant's failure must not stop the others
                logger.exception("tiering failed for tenant %s", tenant_id)
                report.errors.append({"tenant": tenant_id, "error": f"{type(exc).__name__}: {str(exc)[:200]}"})
        logger.info("tiering: %s sessions checked, %s moved, %s errors",
                    report.checked, len(report.moved), len(report.errors))
        return report

    def _tier(self, tenant_id: str, now: datetime, report: TieringReport) -> None:
        report.garbage_blobs += self._sessions.collect_garbage(tenant_id)
        info = self._sessions.info(tenant_id)
        if info is None:
            report.skipped.append({"tenant": tenant_id, "reason": "no committed session (leftovers only)"})
            return
        tenant = self._repositories.tenants.get_by_id(tenant_id=tenant_id)
        if tenant is None:
            # Purging a deleted tenant's files is the GDPR job's decision, not this one's.
            report.skipped.append({"tenant": tenant_id, "reason": "tenant not found"})
            return
        archived = info.tiers.get(Tier.ARCHIVE, 0) > 0
        target = target_tier(tenant, last_accessed_at=info.last_accessed_at, archived=archived, now=now)
        if info.rehydrating:
            report.rehydrating.append(tenant_id)
        if set(info.tiers) <= {target}:
            report.unchanged += 1
            return
        reactivated = archived and target is not Tier.ARCHIVE and tenant.is_active
        count = self._sessions.set_tier(tenant_id, target, touch_at=now if reactivated else None)
        if count == 0:
            report.unchanged += 1
            return
        source = {tier.value: n for tier, n in sorted(info.tiers.items()) if tier is not target}
        report.moved.append({"tenant": tenant_id, "from": source, "to": target.value, "blobs": count,
                             "reason": "reactivated" if reactivated else _reason(target)})


def _reason(target: Tier) -> str:
    return {
        Tier.HOT: "accessed in the last 30 days",
        Tier.COOL: "30 days or more without access",
        Tier.ARCHIVE: "deactivated for 90 days or more",
    }[target]
