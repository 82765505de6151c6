"""Atomicity, transient-fault replay and connection recovery, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.schema import tenants as tenants_table
from shared.adapters.sql.schema import trading_configurations
from shared.domain.errors import ConflictError, InvalidStateError, ValidationError
from shared.domain.trading import TradingConfiguration
from shared.services.channels import ChannelService
from shared.services.tenants import TenantService
from tests.integration.test_repositories import NOW, count, ref, tenant


class FakeTransientError(Exception):
    """Shaped like pyodbc's error for Azure SQL's 40613 ('database not currently available')."""


def test_nothing_is_written_unless_commit_is_called(database: SqlDatabase) -> None:
    t = tenant()
    with database.unit_of_work() as uow:
        uow.tenants.add(t)
    assert database.repositories.tenants.get_by_id(tenant_id=t.id) is None


def test_an_error_mid_transaction_leaves_no_half_state(database: SqlDatabase) -> None:
    t = tenant()
    with pytest.raises(RuntimeError), database.unit_of_work() as uow:
        uow.tenants.add(t)
        uow.trading.add(TradingConfiguration.default_for(t.id, ref("trd"), NOW))
        raise RuntimeError("crash before commit")
    assert count(database, tenants_table) == 0 and count(database, trading_configurations) == 0


def test_a_transient_fault_replays_the_whole_transaction_once_committed(database: SqlDatabase) -> None:
    t = tenant()
    attempts: list[int] = []

    def work(uow) -> None:  # type: ignore[no-untyped-def]
        attempts.append(1)
        uow.tenants.add(t)
        if len(attempts) == 1:
            raise sa.exc.OperationalError("INSERT", {}, FakeTransientError("42000", "Database unavailable. (40613)"))

    database.transact(work)
    assert len(attempts) == 2 and count(database, tenants_table) == 1


def test_the_reader_recovers_after_the_server_drops_its_connection(database: SqlDatabase) -> None:
    t = tenant()
    database.transact(lambda uow: uow.tenants.add(t))
    assert database.repositories.tenants.get_by_id(tenant_id=t.id) == t
    # Break the pooled connection the next read will check out, behind the pool's back.
    pooled = database.engine.raw_connection()
    dbapi_connection = pooled.dbapi_connection
    if database.engine.dialect.name == "postgresql":
        pid = dbapi_connection.info.backend_pid  # type: ignore[union-attr]
        with database.engine.connect() as admin:
            admin.execute(sa.text("select pg_terminate_backend(:pid)"), {"pid": pid})
        pooled.close()
    else:
        pooled.close()
        dbapi_connection.close()  # type: ignore[union-attr]
    assert database.repositories.tenants.get_by_id(tenant_id=t.id) == t


def run_threads(target: Callable[[], None], count: int) -> None:
    threads = [threading.Thread(target=target) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_reads_from_many_threads_see_committed_writes(database: SqlDatabase) -> None:
    t = tenant()
    database.transact(lambda uow: uow.tenants.add(t))
    seen: list[bool] = []

    def read() -> None:
        seen.append(database.repositories.tenants.get_by_id(tenant_id=t.id) == t)

    run_threads(read, 8)
    assert seen == [True] * 8


class TestServices:
    def test_registration_creates_the_tenant_and_its_default_trading_configuration_together(
        self, database: SqlDatabase, clock
    ) -> None:  # type: ignore[no-untyped-def]
        created = TenantService(database, clock).register(email="Desk@Example.com", display_name="Desk", plan=2)
        assert created.email == "desk@example.com" and created.created_at == clock.now()
        trading = database.repositories.trading.get_by_tenant_id(tenant_id=created.id)
        assert trading is not None and trading.fixed_units == 1 and not trading.auto_execute_enabled

    def test_registration_with_a_taken_email_changes_nothing(self, database: SqlDatabase, clock) -> None:  # type: ignore[no-untyped-def]
        service = TenantService(database, clock)
        service.register(email="desk@example.com", display_name="Desk")
        with pytest.raises(ConflictError) as err:
            service.register(email="DESK@example.com", display_name="Other")
        assert err.value.field == "email"
        assert count(database, tenants_table) == 1 and count(database, trading_configurations) == 1

    def test_invalid_registration_never_touches_the_database(self, database: SqlDatabase, clock) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(ValidationError) as err:
            TenantService(database, clock).register(email="desk@example.com", display_name="x" * 300)
        assert err.value.field == "display_name" and count(database, tenants_table) == 0

    def test_only_an_active_tenant_adds_channels(self, database: SqlDatabase, clock) -> None:  # type: ignore[no-untyped-def]
        tenants, channels = TenantService(database, clock), ChannelService(database, clock)
        t = tenants.register(email="desk@example.com", display_name="Desk")
        channels.add(tenant_id=t.id, channel_id=-100123)
        tenants.deactivate(tenant_id=t.id)
        with pytest.raises(InvalidStateError) as err:
            channels.add(tenant_id=t.id, channel_id=-100456)
        assert err.value.field == "status"
        assert [c.channel_id for c in database.repositories.channels.get_by_tenant_id(tenant_id=t.id)] == [-100123]

    def test_lifecycle_transitions_are_persisted(self, database: SqlDatabase, clock) -> None:  # type: ignore[no-untyped-def]
        service = TenantService(database, clock)
        t = service.register(email="desk@example.com", display_name="Desk")
        assert service.deactivate(tenant_id=t.id).deactivated_at == clock.now()
        assert service.reactivate(tenant_id=t.id).deactivated_at is None
        scheduled = service.schedule_deletion(tenant_id=t.id)
        assert service.get(tenant_id=t.id).purge_after == scheduled.purge_after
        assert service.restore(tenant_id=t.id).purge_after is None


def test_reads_hold_no_connection_once_they_return(database: SqlDatabase) -> None:
    """Hardening #1: a thread that has read keeps no pooled connection; many threads cannot drain the pool."""
    t = tenant()
    database.transact(lambda uow: uow.tenants.add(t))
    before = database.engine.pool.checkedout()
    barrier = threading.Barrier(24)
    seen: list[bool] = []

    def read() -> None:  # 24 long-lived threads reading at once: more than the pool (5 + 10) holds
        seen.append(database.repositories.tenants.get_by_id(tenant_id=t.id) == t)
        barrier.wait(timeout=30)  # every thread still alive while the others read
        seen.append(database.repositories.tenants.get_by_id(tenant_id=t.id) == t)

    run_threads(read, 24)
    assert seen == [True] * 48
    assert database.engine.pool.checkedout() == before


def test_readiness_ping_refuses_at_once_when_the_pool_is_drained(database: SqlDatabase) -> None:
    from shared.adapters.sql.database import PoolExhaustedError

    status = database.pool_status()
    assert status.capacity is not None, "every dialect's pool is bounded (pool size + overflow)"
    held = [database.engine.connect() for _ in range(status.capacity - status.checked_out)]
    try:
        assert database.pool_status().exhausted
        with pytest.raises(PoolExhaustedError):
            database.ping()
    finally:
        for conn in held:
            conn.close()
    database.ping()
