from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.domain.enums import SubscriptionPlan, TenantStatus
from shared.domain.errors import InvalidStateError, ValidationError
from shared.domain.tenant import Tenant

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def make(**overrides: object) -> Tenant:
    values: dict[str, object] = {"id": "ten_1", "email": "Trader@Example.COM", "display_name": "Trader",
                                 "created_at": NOW}
    values.update(overrides)
    return Tenant(**values)  # type: ignore[arg-type]


class TestTenantValidation:
    def test_email_is_stored_lower_case_so_uniqueness_is_case_insensitive(self) -> None:
        assert make().email == "trader@example.com"

    @pytest.mark.parametrize("email", ["", "no-at-sign", "a@b", "two@@example.com", "sp ace@example.com",
                                       "x" * 250 + "@example.com"])
    def test_invalid_email_names_the_field(self, email: str) -> None:
        with pytest.raises(ValidationError) as err:
            make(email=email)
        assert err.value.field == "email"

    def test_display_name_longer_than_its_column_is_rejected(self) -> None:
        with pytest.raises(ValidationError) as err:
            make(display_name="x" * 256)
        assert err.value.field == "display_name"

    def test_multibyte_display_name_is_measured_in_bytes_for_varchar(self) -> None:
        with pytest.raises(ValidationError) as err:
            make(display_name="ж" * 200)  # 400 bytes in UTF-8
        assert err.value.field == "display_name"

    @pytest.mark.parametrize(("field", "value"), [("status", 9), ("plan", 7), ("plan", "GOLD"), ("status", True)])
    def test_invalid_enum_values_name_the_field(self, field: str, value: object) -> None:
        with pytest.raises(ValidationError) as err:
            make(**{field: value})
        assert err.value.field == field

    def test_enums_have_the_specification_values(self) -> None:
        assert [s.value for s in TenantStatus] == [1, 2, 3]
        assert {p.name: p.value for p in SubscriptionPlan} == {"FREE": 0, "BASIC": 1, "PRO": 2, "ENTERPRISE": 3}

    def test_id_longer_than_fifty_characters_is_rejected(self) -> None:
        with pytest.raises(ValidationError) as err:
            make(id="t" * 51)
        assert err.value.field == "id"

    def test_naive_timestamps_are_rejected(self) -> None:
        with pytest.raises(ValidationError) as err:
            make(created_at=datetime(2026, 1, 1))
        assert err.value.field == "created_at"

    def test_repr_never_shows_the_telegram_secret(self) -> None:
        tenant = make(telegram_api_hash="ENVELOPE-abc", telegram_phone_number="+44 7700 900123")
        assert "ENVELOPE-abc" not in repr(tenant) and "7700" not in repr(tenant)


class TestTenantLifecycle:
    def test_deactivate_sets_deactivated_at_and_reactivate_clears_it(self) -> None:
        tenant = make()
        tenant.deactivate(NOW)
        assert (tenant.status, tenant.deactivated_at) == (TenantStatus.INACTIVE, NOW)
        tenant.reactivate()
        assert (tenant.status, tenant.deactivated_at) == (TenantStatus.ACTIVE, None)

    def test_suspend_from_active_or_inactive(self) -> None:
        active, inactive = make(), make()
        inactive.deactivate(NOW - timedelta(days=1))
        active.suspend(NOW)
        inactive.suspend(NOW)
        assert active.status is inactive.status is TenantStatus.SUSPENDED
        assert active.deactivated_at == NOW
        assert inactive.deactivated_at == NOW - timedelta(days=1)

    def test_a_suspended_tenant_cannot_reactivate_itself_but_can_be_reinstated(self) -> None:
        tenant = make()
        tenant.suspend(NOW)
        with pytest.raises(InvalidStateError) as err:
            tenant.reactivate()
        assert err.value.field == "status"
        tenant.reinstate()
        assert tenant.status is TenantStatus.ACTIVE and tenant.deactivated_at is None

    @pytest.mark.parametrize("transition", ["reactivate", "reinstate"])
    def test_invalid_transitions_from_active_are_refused(self, transition: str) -> None:
        with pytest.raises(InvalidStateError):
            getattr(make(), transition)()

    def test_only_active_tenants_may_change_configuration(self) -> None:
        tenant = make()
        tenant.ensure_active()
        tenant.deactivate(NOW)
        with pytest.raises(InvalidStateError) as err:
            tenant.ensure_active()
        assert err.value.field == "status"

    def test_deletion_has_a_thirty_day_grace_and_can_be_restored_inside_it(self) -> None:
        tenant = make()
        purge = tenant.schedule_deletion(NOW)
        assert purge == NOW + timedelta(days=30)
        assert not tenant.is_active
        with pytest.raises(InvalidStateError):
            tenant.ensure_active()
        tenant.restore(NOW + timedelta(days=29))
        assert tenant.deletion_requested_at is None and tenant.purge_after is None and tenant.is_active

    def test_restore_after_the_grace_is_refused(self) -> None:
        tenant = make()
        tenant.schedule_deletion(NOW)
        with pytest.raises(InvalidStateError):
            tenant.restore(NOW + timedelta(days=30))


class TestLiveTrading:
    def test_off_until_the_tenant_enables_it_and_it_can_be_withdrawn(self) -> None:
        tenant = make()
        assert tenant.live_trading_enabled is False
        tenant.set_live_trading(True)
        assert tenant.live_trading_enabled is True
        tenant.set_live_trading(False)
        assert tenant.live_trading_enabled is False

    @pytest.mark.parametrize("value", [1, "true", None])
    def test_only_a_boolean_is_accepted(self, value: object) -> None:
        tenant = make()
        with pytest.raises(ValidationError) as err:
            tenant.set_live_trading(value)  # type: ignore[arg-type]  # the wrong type is the point
        assert err.value.field == "enabled" and tenant.live_trading_enabled is False

    def test_a_tenant_that_is_not_active_cannot_give_consent(self) -> None:
        tenant = make()
        tenant.suspend(NOW)
        with pytest.raises(InvalidStateError):
            tenant.set_live_trading(True)
        assert tenant.live_trading_enabled is False
