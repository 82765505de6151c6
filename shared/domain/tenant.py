"""The Tenant aggregate: identity, plan, status transitions and the GDPR deletion grace."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from shared.domain import rules
from shared.domain.changes import UNSET, Maybe
from shared.domain.enums import SubscriptionPlan, TenantStatus
from shared.domain.errors import InvalidStateError, ValidationError

DELETION_GRACE = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class TenantChanges:
    """The profile fields of a tenant (``UNSET``: unchanged). Plan and status are the operator's to change
    (the edge checks who asks); a status moves only through the lifecycle's transitions."""

    display_name: Maybe[str] = UNSET
    plan: Maybe[SubscriptionPlan | int] = UNSET
    status: Maybe[TenantStatus | int] = UNSET


@dataclass(slots=True)
class Tenant:
    """A customer of Pipster. ``telegram_api_hash`` holds only an encrypted envelope, never plaintext."""

    id: str
    email: str
    display_name: str
    created_at: datetime
    status: TenantStatus = TenantStatus.ACTIVE
    plan: SubscriptionPlan = SubscriptionPlan.FREE
    telegram_api_id: int | None = None
    telegram_api_hash: str | None = field(default=None, repr=False)
    telegram_phone_number: str | None = field(default=None, repr=False)
    deactivated_at: datetime | None = None
    deletion_requested_at: datetime | None = None
    purge_after: datetime | None = None
    # Connections whose metadata.environment is "live" trade only while this is on (the tenant's explicit
    # consent); practice/demo connections do not depend on it.
    live_trading_enabled: bool = False

    def __post_init__(self) -> None:
        self.id = rules.entity_id("id", self.id)
        self.email = rules.email("email", self.email)
        self.display_name = rules.required_text("display_name", self.display_name, 255)
        self.status = rules.enum_value("status", TenantStatus, self.status)
        self.plan = rules.enum_value("plan", SubscriptionPlan, self.plan)
        rules.aware("created_at", self.created_at)
        if self.telegram_api_id is not None and (
            isinstance(self.telegram_api_id, bool)
            or not isinstance(self.telegram_api_id, int)
            or not 0 < self.telegram_api_id < 2**31
        ):
            raise ValidationError("telegram_api_id", "must be a positive 32-bit integer")
        self.telegram_api_hash = rules.text("telegram_api_hash", self.telegram_api_hash, 255, required=False)
        self.telegram_phone_number = rules.phone("telegram_phone_number", self.telegram_phone_number)
        rules.aware("deactivated_at", self.deactivated_at, required=False)
        rules.aware("deletion_requested_at", self.deletion_requested_at, required=False)
        rules.aware("purge_after", self.purge_after, required=False)
        if not isinstance(self.live_trading_enabled, bool):
            raise ValidationError("live_trading_enabled", "must be true or false")

    def apply(self, changes: TenantChanges, now: datetime) -> Tenant:
        if changes.display_name is not UNSET:
            self.display_name = rules.required_text("display_name", changes.display_name, 255)
        if changes.plan is not UNSET:
            self.plan = rules.enum_value("plan", SubscriptionPlan, changes.plan)
        if changes.status is not UNSET:
            self.move_to(rules.enum_value("status", TenantStatus, changes.status), now)
        return self

    def set_live_trading(self, enabled: bool) -> None:
        """The tenant's consent to trade real money; only an Active tenant gives or withdraws it."""
        if not isinstance(enabled, bool):
            raise ValidationError("enabled", "must be true or false")
        self.ensure_active()
        self.live_trading_enabled = enabled

    @property
    def is_active(self) -> bool:
        return self.status is TenantStatus.ACTIVE and self.deletion_requested_at is None

    def ensure_active(self) -> None:
        """Only Active tenants (not scheduled for deletion) may change their configuration."""
        if self.deletion_requested_at is not None:
            raise InvalidStateError("status", "tenant is scheduled for deletion")
        if self.status is not TenantStatus.ACTIVE:
            raise InvalidStateError("status", f"tenant is {self.status.name.lower()}, not active")

    def deactivate(self, now: datetime) -> None:
        if self.status is not TenantStatus.ACTIVE:
            raise InvalidStateError("status", f"cannot deactivate a {self.status.name.lower()} tenant")
        self.status = TenantStatus.INACTIVE
        self.deactivated_at = now

    def reactivate(self) -> None:
        if self.status is not TenantStatus.INACTIVE:
            raise InvalidStateError("status", f"cannot reactivate a {self.status.name.lower()} tenant")
        self.status = TenantStatus.ACTIVE
        self.deactivated_at = None

    def suspend(self, now: datetime) -> None:
        if self.status is TenantStatus.SUSPENDED:
            raise InvalidStateError("status", "tenant is already suspended")
        if self.status is TenantStatus.ACTIVE:
            self.deactivated_at = now
        self.status = TenantStatus.SUSPENDED

    def reinstate(self) -> None:
        """Lift a suspension (an administrator's decision, not the tenant's)."""
        if self.status is not TenantStatus.SUSPENDED:
            raise InvalidStateError("status", f"cannot reinstate a {self.status.name.lower()} tenant")
        self.status = TenantStatus.ACTIVE
        self.deactivated_at = None

    def move_to(self, status: TenantStatus, now: datetime) -> None:
        """Set ``status`` through the lifecycle's own transitions (an administrator's PATCH); no-op if already."""
        if status is self.status:
            return
        if status is TenantStatus.SUSPENDED:
            self.suspend(now)
        elif status is TenantStatus.INACTIVE:
            self.deactivate(now)
        elif self.status is TenantStatus.SUSPENDED:
            self.reinstate()
        else:
            self.reactivate()

    def schedule_deletion(self, now: datetime, grace: timedelta = DELETION_GRACE) -> datetime:
        """GDPR right to deletion: soft delete now, purge once the grace has passed. Returns the purge date."""
        if self.deletion_requested_at is not None:
            raise InvalidStateError("status", "tenant is already scheduled for deletion")
        self.deletion_requested_at = now
        self.purge_after = now + grace
        return self.purge_after

    def restore(self, now: datetime) -> None:
        if self.deletion_requested_at is None or self.purge_after is None:
            raise InvalidStateError("status", "tenant is not scheduled for deletion")
        if now >= self.purge_after:
            raise InvalidStateError("status", "the deletion grace period has passed")
        self.deletion_requested_at = None
        self.purge_after = None
