"""One repository contract, run against SQLite and the PostgreSQL server (a fresh schema per run)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.schema import tenants as tenants_table
from shared.domain.broker import BrokerConnection
from shared.domain.channel import ChannelConfiguration
from shared.domain.enums import BrokerType, PositionSizingMode, SubscriptionPlan, TenantStatus
from shared.domain.errors import ConflictError, NotFoundError, ValidationError
from shared.domain.tenant import Tenant
from shared.domain.trading import TradingConfiguration, TradingSession

NOW = datetime(2026, 1, 5, 12, 0, 0, 123456, tzinfo=UTC)


def ref(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def tenant(**overrides: object) -> Tenant:
    tid = ref("ten")
    values: dict[str, object] = {"id": tid, "email": f"{tid}@example.com", "display_name": "Desk", "created_at": NOW}
    values.update(overrides)
    return Tenant(**values)  # type: ignore[arg-type]


def channel(tenant_id: str, channel_id: int = -1001, **overrides: object) -> ChannelConfiguration:
    values: dict[str, object] = {"id": ref("chn"), "tenant_id": tenant_id, "channel_id": channel_id,
                                 "created_at": NOW}
    values.update(overrides)
    return ChannelConfiguration(**values)  # type: ignore[arg-type]


def broker(tenant_id: str, **overrides: object) -> BrokerConnection:
    values: dict[str, object] = {"id": ref("brk"), "tenant_id": tenant_id, "broker_type": BrokerType.PAPER,
                                 "display_name": "Paper", "created_at": NOW, "encrypted_credentials": "v1.x"}
    values.update(overrides)
    return BrokerConnection(**values)  # type: ignore[arg-type]


def save(database: SqlDatabase, *entities: object) -> None:
    def work(uow) -> None:  # type: ignore[no-untyped-def]
        for entity in entities:
            repo = {Tenant: uow.tenants, ChannelConfiguration: uow.channels, BrokerConnection: uow.brokers,
                    TradingConfiguration: uow.trading}[type(entity)]
            repo.add(entity)

    database.transact(work)


def count(database: SqlDatabase, table: sa.Table) -> int:
    with database.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


class TestTenantRepository:
    def test_round_trip_keeps_every_field(self, database: SqlDatabase) -> None:
        t = tenant(plan=SubscriptionPlan.PRO, telegram_api_id=12345, telegram_api_hash="v1.enc",
                   telegram_phone_number="+44 7700 900123", deactivated_at=NOW + timedelta(hours=1))
        save(database, t)
        loaded = database.repositories.tenants.get_by_id(tenant_id=t.id)
        assert loaded == t
        assert loaded is not None and loaded.created_at.tzinfo is not None

    def test_the_live_trading_switch_is_stored_and_off_by_default(self, database: SqlDatabase) -> None:
        t = tenant()
        save(database, t)
        loaded = database.repositories.tenants.get_by_id(tenant_id=t.id)
        assert loaded is not None and loaded.live_trading_enabled is False
        t.set_live_trading(True)
        database.transact(lambda uow: uow.tenants.update(t))
        loaded = database.repositories.tenants.get_by_id(tenant_id=t.id)
        assert loaded is not None and loaded.live_trading_enabled is True

    def test_get_by_email_is_case_insensitive(self, database: SqlDatabase) -> None:
        t = tenant()
        save(database, t)
        assert database.repositories.tenants.get_by_email(email=t.email.upper()) == t

    def test_duplicate_email_in_other_case_is_a_conflict_and_changes_nothing(self, database: SqlDatabase) -> None:
        first = tenant()
        save(database, first)
        with pytest.raises(ConflictError) as err:
            save(database, tenant(email=first.email.upper()))
        assert err.value.field == "email"
        assert count(database, tenants_table) == 1

    def test_duplicate_id_is_a_conflict(self, database: SqlDatabase) -> None:
        first = tenant()
        save(database, first)
        with pytest.raises(ConflictError) as err:
            save(database, tenant(id=first.id))
        assert err.value.field == "id"

    def test_active_tenants_exclude_inactive_suspended_and_scheduled_for_deletion(self, database: SqlDatabase) -> None:
        active, inactive, suspended, leaving = tenant(), tenant(), tenant(), tenant()
        inactive.deactivate(NOW)
        suspended.suspend(NOW)
        leaving.schedule_deletion(NOW)
        save(database, active, inactive, suspended, leaving)
        assert [t.id for t in database.repositories.tenants.get_active_tenants()] == [active.id]

    def test_update_and_exists(self, database: SqlDatabase) -> None:
        t = tenant()
        save(database, t)
        t.deactivate(NOW)
        t.display_name = "Renamed"
        database.transact(lambda uow: uow.tenants.update(t))
        loaded = database.repositories.tenants.get_by_id(tenant_id=t.id)
        assert loaded is not None and loaded.status is TenantStatus.INACTIVE and loaded.display_name == "Renamed"
        assert database.repositories.tenants.exists(tenant_id=t.id)
        assert not database.repositories.tenants.exists(tenant_id="ten_missing")

    def test_update_or_delete_of_an_unknown_tenant_is_not_found(self, database: SqlDatabase) -> None:
        with pytest.raises(NotFoundError):
            database.transact(lambda uow: uow.tenants.update(tenant()))
        with pytest.raises(NotFoundError):
            database.transact(lambda uow: uow.tenants.delete(tenant_id="ten_missing"))

    def test_delete_removes_every_owned_row_and_nothing_else(self, database: SqlDatabase) -> None:
        gone, kept = tenant(), tenant()
        gone_channel, kept_channel = channel(gone.id), channel(kept.id)
        gone_broker = broker(gone.id)
        save(database, gone, kept, gone_channel, kept_channel, gone_broker,
             TradingConfiguration.default_for(gone.id, ref("trd"), NOW))
        database.transact(lambda uow: uow.brokers.set_channel_brokers(
            tenant_id=gone.id, config_id=gone_channel.id, broker_ids=[gone_broker.id]))
        database.transact(lambda uow: uow.tenants.delete(tenant_id=gone.id))
        repos = database.repositories
        assert repos.tenants.get_by_id(tenant_id=gone.id) is None
        assert repos.channels.get_by_tenant_id(tenant_id=gone.id) == []
        assert repos.trading.get_by_tenant_id(tenant_id=gone.id) is None
        assert repos.brokers.get_by_tenant_id(tenant_id=gone.id) == []
        assert repos.channels.get_by_tenant_id(tenant_id=kept.id) == [kept_channel]

    def test_over_long_values_fail_before_the_database(self, database: SqlDatabase) -> None:
        with pytest.raises(ValidationError) as err:
            database.repositories.tenants.get_by_id(tenant_id="x" * 51)
        assert err.value.field == "tenant_id"


class TestChannelRepository:
    def test_round_trip_and_lookups(self, database: SqlDatabase) -> None:
        t = tenant()
        on = channel(t.id, -100111, channel_name="Gold signals", regex_pattern=r"(?P<side>BUY)\s(?P<symbol>\w+)")
        off = channel(t.id, -100222, is_enabled=False, regex_pattern="(draft")
        save(database, t, on, off)
        repo = database.repositories.channels
        assert repo.get_by_id(tenant_id=t.id, config_id=on.id) == on
        assert repo.get_by_tenant_and_channel(tenant_id=t.id, channel_id=-100222) == off
        assert repo.get_by_tenant_id(tenant_id=t.id) == [off, on]  # ordered by ChannelId
        assert repo.get_enabled_by_tenant_id(tenant_id=t.id) == [on]

    def test_the_same_channel_twice_for_one_tenant_is_a_conflict(self, database: SqlDatabase) -> None:
        t = tenant()
        save(database, t, channel(t.id, 42))
        with pytest.raises(ConflictError) as err:
            save(database, channel(t.id, 42))
        assert err.value.field == "channel_id"

    def test_two_tenants_may_follow_the_same_channel(self, database: SqlDatabase) -> None:
        a, b = tenant(), tenant()
        save(database, a, b, channel(a.id, 42), channel(b.id, 42))

    def test_a_channel_for_an_unknown_tenant_is_not_found(self, database: SqlDatabase) -> None:
        with pytest.raises(NotFoundError) as err:
            save(database, channel("ten_nobody"))
        assert err.value.field == "tenant_id"

    def test_another_tenants_channel_is_invisible(self, database: SqlDatabase) -> None:
        owner, other = tenant(), tenant()
        c = channel(owner.id)
        save(database, owner, other, c)
        repo = database.repositories.channels
        assert repo.get_by_id(tenant_id=other.id, config_id=c.id) is None
        assert repo.get_by_tenant_and_channel(tenant_id=other.id, channel_id=c.channel_id) is None
        stolen = channel(other.id, c.channel_id, id=c.id, channel_name="stolen")
        with pytest.raises(NotFoundError):
            database.transact(lambda uow: uow.channels.update(stolen))
        with pytest.raises(NotFoundError):
            database.transact(lambda uow: uow.channels.delete(tenant_id=other.id, config_id=c.id))
        assert repo.get_by_id(tenant_id=owner.id, config_id=c.id) == c

    def test_update_and_delete(self, database: SqlDatabase) -> None:
        t = tenant()
        c = channel(t.id)
        save(database, t, c)
        c.disable(NOW + timedelta(minutes=1))
        database.transact(lambda uow: uow.channels.update(c))
        assert database.repositories.channels.get_by_id(tenant_id=t.id, config_id=c.id) == c
        database.transact(lambda uow: uow.channels.delete(tenant_id=t.id, config_id=c.id))
        assert database.repositories.channels.get_by_id(tenant_id=t.id, config_id=c.id) is None


class TestTradingRepository:
    def test_round_trip_with_session_lists_and_decimals(self, database: SqlDatabase) -> None:
        t = tenant()
        config = TradingConfiguration(
            id=ref("trd"), tenant_id=t.id, created_at=NOW, sizing_mode=PositionSizingMode.PERCENT_EQUITY,
            fixed_units=None, equity_percentage=Decimal("2.50"), max_total_exposure_percent=Decimal("99.99"),
            max_slippage_pips=Decimal("12345678.91"), whitelisted_symbols=("EURUSD", "XAUUSD"),
            blacklisted_symbols=("BTCUSD",), session=TradingSession(time(22), time(2), frozenset({0, 4})),
            auto_execute_enabled=True,
        )
        save(database, t, config)
        loaded = database.repositories.trading.get_by_tenant_id(tenant_id=t.id)
        assert loaded == config
        assert loaded is not None and loaded.session is not None and loaded.session.crosses_midnight

    def test_one_configuration_per_tenant(self, database: SqlDatabase) -> None:
        t = tenant()
        save(database, t, TradingConfiguration.default_for(t.id, ref("trd"), NOW))
        with pytest.raises(ConflictError) as err:
            save(database, TradingConfiguration.default_for(t.id, ref("trd"), NOW))
        assert err.value.field == "tenant_id"

    def test_update(self, database: SqlDatabase) -> None:
        t = tenant()
        config = TradingConfiguration.default_for(t.id, ref("trd"), NOW)
        save(database, t, config)
        config.auto_execute_enabled = True
        config.blacklisted_symbols = ("GBPJPY",)
        config.session = TradingSession(days=frozenset({5, 6}))
        database.transact(lambda uow: uow.trading.update(config))
        assert database.repositories.trading.get_by_tenant_id(tenant_id=t.id) == config


class TestBrokerRepository:
    def test_round_trip_active_filter_and_last_used(self, database: SqlDatabase) -> None:
        t = tenant()
        on = broker(t.id, metadata={"account": "DEMO-1", "leverage": 30})
        off = broker(t.id, is_active=False, created_at=NOW + timedelta(seconds=1))
        save(database, t, on, off)
        repo = database.repositories.brokers
        assert repo.get_by_id(tenant_id=t.id, broker_id=on.id) == on
        assert repo.get_by_tenant_id(tenant_id=t.id) == [on, off]
        assert repo.get_by_tenant_id(tenant_id=t.id, active_only=True) == [on]
        used = NOW + timedelta(hours=2)
        database.transact(lambda uow: uow.brokers.mark_used(tenant_id=t.id, broker_id=on.id, at=used))
        loaded = repo.get_by_id(tenant_id=t.id, broker_id=on.id)
        assert loaded is not None and loaded.last_used_at == used and loaded.display_name == on.display_name

    def test_routing_uses_mapped_brokers_else_all_active(self, database: SqlDatabase) -> None:
        t = tenant()
        mapped_channel, plain_channel = channel(t.id, 1), channel(t.id, 2)
        b1, b2 = broker(t.id), broker(t.id, created_at=NOW + timedelta(seconds=1))
        b3 = broker(t.id, is_active=False)
        save(database, t, mapped_channel, plain_channel, b1, b2, b3)
        database.transact(lambda uow: uow.brokers.set_channel_brokers(
            tenant_id=t.id, config_id=mapped_channel.id, broker_ids=[b2.id, b3.id]))
        repo = database.repositories.brokers
        mapped_ids = repo.get_channel_broker_ids(tenant_id=t.id, config_id=mapped_channel.id)
        assert sorted(mapped_ids) == sorted([b2.id, b3.id])
        routing = repo.routing(tenant_id=t.id)
        assert [b.id for b in routing.for_channel(mapped_channel.id)] == [b2.id]
        assert [b.id for b in routing.for_channel(plain_channel.id)] == [b1.id, b2.id]
        assert [b.id for b in routing.for_channel("chn_unknown")] == [b1.id, b2.id]
        database.transact(lambda uow: uow.brokers.set_channel_brokers(
            tenant_id=t.id, config_id=mapped_channel.id, broker_ids=[b3.id]))
        assert repo.routing(tenant_id=t.id).for_channel(mapped_channel.id) == []  # mapped to inactive ones only

    def test_mapping_another_tenants_broker_is_refused_and_changes_nothing(self, database: SqlDatabase) -> None:
        mine, theirs = tenant(), tenant()
        c, own, foreign = channel(mine.id), broker(mine.id), broker(theirs.id)
        save(database, mine, theirs, c, own, foreign)
        database.transact(lambda uow: uow.brokers.set_channel_brokers(
            tenant_id=mine.id, config_id=c.id, broker_ids=[own.id]))
        with pytest.raises(NotFoundError) as err:
            database.transact(lambda uow: uow.brokers.set_channel_brokers(
                tenant_id=mine.id, config_id=c.id, broker_ids=[foreign.id]))
        assert err.value.field == "broker_ids"
        assert database.repositories.brokers.get_channel_broker_ids(tenant_id=mine.id, config_id=c.id) == [own.id]
        with pytest.raises(NotFoundError):
            database.transact(lambda uow: uow.brokers.set_channel_brokers(
                tenant_id=theirs.id, config_id=c.id, broker_ids=[foreign.id]))

    def test_another_tenants_broker_is_invisible(self, database: SqlDatabase) -> None:
        owner, other = tenant(), tenant()
        b = broker(owner.id)
        save(database, owner, other, b)
        assert database.repositories.brokers.get_by_id(tenant_id=other.id, broker_id=b.id) is None
        with pytest.raises(NotFoundError):
            database.transact(lambda uow: uow.brokers.mark_used(tenant_id=other.id, broker_id=b.id, at=NOW))
        with pytest.raises(NotFoundError):
            database.transact(lambda uow: uow.brokers.delete(tenant_id=other.id, broker_id=b.id))

    def test_delete_removes_its_mappings(self, database: SqlDatabase) -> None:
        t = tenant()
        c, b = channel(t.id), broker(t.id)
        save(database, t, c, b)
        database.transact(lambda uow: uow.brokers.set_channel_brokers(
            tenant_id=t.id, config_id=c.id, broker_ids=[b.id]))
        database.transact(lambda uow: uow.brokers.delete(tenant_id=t.id, broker_id=b.id))
        assert database.repositories.brokers.get_channel_broker_ids(tenant_id=t.id, config_id=c.id) == []
