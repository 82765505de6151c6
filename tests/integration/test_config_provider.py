"""The cached config provider with write-through invalidation: SQLite and PostgreSQL x in-process and Redis."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest

from shared.adapters.sql.database import SqlDatabase
from shared.clock import FixedClock
from shared.domain.channel import ChannelChanges
from shared.domain.enums import TenantStatus
from shared.domain.tenant import Tenant
from shared.domain.trading import TradingChanges
from shared.ports.cache import CacheEntry
from shared.services import cache_codec as codec
from shared.services.cache_invalidation import CacheInvalidator
from shared.services.cache_metrics import CacheMetrics
from shared.services.channels import ChannelService
from shared.services.config_provider import CachedConfigProvider
from shared.services.tenants import TenantService
from shared.services.trading import TradingService
from tests.support import caches
from tests.support.caches import Backend, CountingCache

CHANNEL = -1001234567890
PATTERN = r"(?P<side>BUY|SELL) (?P<symbol>[A-Z]+)"
SECRET_HASH = "v1:ENVELOPE-do-not-cache"
PHONE = "+44 7700 900123"


@pytest.fixture(params=caches.BACKENDS)
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    yield from caches.open_backend(request)


@dataclass
class World:
    database: SqlDatabase
    cache: CountingCache
    backend: Backend
    metrics: CacheMetrics
    provider: CachedConfigProvider
    tenants: TenantService
    channels: ChannelService
    trading: TradingService
    tenant: Tenant

    def read(self, channel_id: int = CHANNEL):  # type: ignore[no-untyped-def]
        return self.provider.get(tenant_id=self.tenant.id, channel_id=channel_id)


@pytest.fixture
def world(database: SqlDatabase, backend: Backend, clock: FixedClock) -> World:
    cache, metrics = CountingCache(backend.cache), CacheMetrics()
    invalidator = CacheInvalidator(cache, keys=backend.keys, metrics=metrics)
    tenants = TenantService(database, clock, invalidator)
    tenant = tenants.register(email="ops@example.com", display_name="Gold Desk")

    def add_secrets(uow) -> None:  # type: ignore[no-untyped-def]
        uow.tenants.update(dataclasses.replace(tenant, telegram_api_id=12345, telegram_api_hash=SECRET_HASH,
                                               telegram_phone_number=PHONE))

    database.transact(add_secrets)
    channels = ChannelService(database, clock, invalidator)
    channels.add(tenant_id=tenant.id, channel_id=CHANNEL, channel_name="Gold VIP", regex_pattern=PATTERN)
    provider = CachedConfigProvider(cache, database.repositories, keys=backend.keys, metrics=metrics)
    backend.cache.delete([backend.keys.channel(tenant.id, CHANNEL)])  # as if the add's tombstone had expired
    cache.reset()
    return World(database, cache, backend, metrics, provider, tenants, channels,
                 TradingService(database, clock, invalidator), tenant)


def _raw(world: World, key: str) -> bytes | None:
    return world.backend.cache.get_many([key])[0]


class TestCacheAside:
    def test_a_miss_reads_the_database_and_fills_the_spec_keys_and_the_routing(self, world: World) -> None:
        config = world.read()
        assert config.tenant is not None and config.tenant.id == world.tenant.id
        assert config.channel is not None and config.channel.regex_pattern == PATTERN
        assert config.trading is not None and config.trading.fixed_units == 1
        assert world.cache.calls == {"get_many": 1, "set_many": 1}
        keys, tid = world.backend.keys, world.tenant.id
        for key in (keys.tenant(tid), keys.channel(tid, CHANNEL), keys.trading(tid), keys.routing(tid)):
            ttl = world.backend.cache.ttl_ms(key)
            assert ttl is not None and 0.9 * 300_000 - 1_000 < ttl <= 300_000, key
        assert keys.tenant(world.tenant.id) == f"{keys.namespace}pipster:tenant:{world.tenant.id}"
        assert world.metrics.snapshot()["total"]["misses"] == 4
        assert config.routing == world.database.repositories.brokers.routing(tenant_id=tid)

    def test_a_hit_is_one_round_trip_and_equals_the_database_without_secrets(self, world: World) -> None:
        missed = world.read()
        world.cache.reset()
        cached = world.read()
        assert cached == missed  # a miss answers in the cached form too: no secrets either way
        assert world.cache.calls == {"get_many": 1}
        stored = world.database.repositories.tenants.get_by_id(tenant_id=world.tenant.id)
        assert stored is not None and stored.telegram_api_hash == SECRET_HASH
        assert cached.tenant == dataclasses.replace(stored, telegram_api_hash=None, telegram_phone_number=None)
        assert cached.channel == world.database.repositories.channels.get_by_tenant_and_channel(
            tenant_id=world.tenant.id, channel_id=CHANNEL)
        assert cached.trading == world.database.repositories.trading.get_by_tenant_id(tenant_id=world.tenant.id)
        snapshot = world.metrics.snapshot()
        assert snapshot["tenant"]["hits"] == 1 and snapshot["total"]["hit_rate"] == 0.5

    def test_no_secret_reaches_the_cache(self, world: World) -> None:
        world.read()
        raw = _raw(world, world.backend.keys.tenant(world.tenant.id))
        assert raw is not None and b"Gold Desk" in raw
        # the phone in full and as bare digits: a short run such as "7700" turns up in a random tenant id
        assert SECRET_HASH.encode() not in raw and PHONE.encode() not in raw and b"7700900123" not in raw

    def test_an_unknown_channel_is_cached_briefly_as_absent(self, world: World) -> None:
        assert world.read(channel_id=-42).channel is None
        key = world.backend.keys.channel(world.tenant.id, -42)
        ttl = world.backend.cache.ttl_ms(key)
        assert ttl is not None and ttl <= 30_000
        world.cache.reset()
        assert world.read(channel_id=-42).channel is None
        assert world.cache.calls == {"get_many": 1}  # the database was not asked again

    def test_an_unreadable_entry_is_served_from_the_database_and_replaced(self, world: World) -> None:
        key = world.backend.keys.trading(world.tenant.id)
        world.backend.cache.set_many([CacheEntry(key, b"{not json", 60_000)])
        assert world.read().trading is not None
        assert world.metrics.snapshot()["trading"]["errors"] == 1
        assert world.read().trading is not None and world.metrics.snapshot()["trading"]["hits"] == 1

    def test_bad_input_names_the_field(self, world: World) -> None:
        from shared.domain.errors import ValidationError

        with pytest.raises(ValidationError) as bad:
            world.provider.get(tenant_id="no spaces allowed", channel_id=1)
        assert bad.value.field == "tenant_id"
        with pytest.raises(ValidationError) as bad:
            world.provider.get(tenant_id=world.tenant.id, channel_id="1")  # type: ignore[arg-type]
        assert bad.value.field == "channel_id"


class TestReadAfterWrite:
    """Every write path: fill the cache, write, read again -> the new value, never the cached old one."""

    def test_tenant_lifecycle_changes(self, world: World) -> None:
        world.read()
        world.tenants.suspend(tenant_id=world.tenant.id)
        assert world.read().tenant.status is TenantStatus.SUSPENDED  # type: ignore[union-attr]
        world.tenants.schedule_deletion(tenant_id=world.tenant.id)
        assert world.read().tenant.deletion_requested_at is not None  # type: ignore[union-attr]
        world.tenants.restore(tenant_id=world.tenant.id)
        assert world.read().tenant.deletion_requested_at is None  # type: ignore[union-attr]

    def test_a_tenant_write_invalidates_all_its_channels_and_trading_but_no_other_tenant(self, world: World) -> None:
        other = world.tenants.register(email="other@example.com", display_name="Other")
        world.channels.add(tenant_id=other.id, channel_id=CHANNEL)
        world.read()
        world.read(channel_id=-77)  # a negative entry, also a channel key of this tenant
        world.provider.get(tenant_id=other.id, channel_id=CHANNEL)
        world.tenants.deactivate(tenant_id=world.tenant.id)
        keys = world.backend.keys
        assert _raw(world, keys.channel(world.tenant.id, CHANNEL)) is None
        assert _raw(world, keys.channel(world.tenant.id, -77)) is None
        trading = _raw(world, keys.trading(world.tenant.id))  # held by the writer's tombstone (no write-through
        assert trading is None or codec.is_tombstone(trading)  # is wired here): a read misses
        assert _raw(world, keys.channel(other.id, CHANNEL)) is not None
        assert _raw(world, keys.tenant(other.id)) is not None
        assert world.read().tenant.status is TenantStatus.INACTIVE  # type: ignore[union-attr]

    def test_channel_pattern_name_enable_disable_and_delete(self, world: World) -> None:
        channel_id = world.read().channel.channel_id  # type: ignore[union-attr]
        new_pattern = r"(?P<symbol>[A-Z]+) (?P<side>LONG|SHORT)"
        world.channels.update(tenant_id=world.tenant.id, channel_id=channel_id,
                              changes=ChannelChanges(regex_pattern=new_pattern, channel_name="Renamed"))
        after = world.read().channel
        assert after is not None and (after.regex_pattern, after.channel_name) == (new_pattern, "Renamed")
        world.channels.disable(tenant_id=world.tenant.id, channel_id=channel_id)
        assert world.read().channel.is_enabled is False  # type: ignore[union-attr]
        world.channels.enable(tenant_id=world.tenant.id, channel_id=channel_id)
        assert world.read().channel.is_enabled is True  # type: ignore[union-attr]
        world.channels.delete(tenant_id=world.tenant.id, channel_id=channel_id)
        assert world.read().channel is None

    def test_adding_a_channel_replaces_the_cached_absence(self, world: World) -> None:
        assert world.read(channel_id=-555).channel is None
        world.channels.add(tenant_id=world.tenant.id, channel_id=-555, channel_name="New")
        assert world.read(channel_id=-555).channel is not None

    def test_trading_configuration_update(self, world: World) -> None:
        world.read()
        world.trading.update(tenant_id=world.tenant.id, changes=TradingChanges(
            max_slippage_pips=Decimal("2.5"), blacklisted_symbols=("BTCUSD",), auto_execute_enabled=True))
        trading = world.read().trading
        assert trading is not None and trading.max_slippage_pips == Decimal("2.50")
        assert trading.blacklisted_symbols == ("BTCUSD",) and trading.auto_execute_enabled

    def test_a_reader_that_loaded_the_old_row_before_the_write_cannot_put_it_back(self, world: World) -> None:
        """The classic cache-aside race: the read misses, loads the row, the write commits and invalidates,
        then the read fills the cache with what it loaded. The tombstone refuses that fill."""
        repositories = world.database.repositories
        real_get = repositories.tenants.get_by_id

        def load_then_lose_the_race(*, tenant_id: str) -> Tenant | None:
            old = real_get(tenant_id=tenant_id)
            world.tenants.suspend(tenant_id=tenant_id)  # commits and invalidates while the read is in flight
            return old

        repositories.tenants.get_by_id = load_then_lose_the_race  # type: ignore[method-assign]
        try:
            raced = world.read()
        finally:
            del repositories.tenants.get_by_id  # back to the class's method
        assert raced.tenant.status is TenantStatus.ACTIVE  # type: ignore[union-attr]  # it read before the write
        assert world.read().tenant.status is TenantStatus.SUSPENDED  # type: ignore[union-attr]

    def test_a_failed_write_changes_nothing_and_keeps_the_cache(self, world: World) -> None:
        from shared.domain.errors import ValidationError

        world.read()
        world.cache.reset()
        with pytest.raises(ValidationError) as bad:
            world.trading.update(tenant_id=world.tenant.id, changes=TradingChanges(fixed_units=0))
        assert bad.value.field == "fixed_units"
        assert world.cache.calls == {}
        assert world.read().trading.fixed_units == 1  # type: ignore[union-attr]


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_fifty_threads_missing_one_hot_key_cost_one_database_read(world: World) -> None:
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    repositories = world.database.repositories
    real_get, reads = repositories.tenants.get_by_id, []

    def slow_get(*, tenant_id: str) -> Tenant | None:
        reads.append(tenant_id)
        # The first load holds until every thread has missed in the cache (a loaded CI machine once let a thread
        # miss only after a fixed 0.2 s had passed and the load had ended: a second read, no stampede), then
        # long enough for them all to join it
        deadline = time.monotonic() + 10
        while world.cache.calls.get("get_many", 0) < 50 and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)
        return real_get(tenant_id=tenant_id)

    repositories.tenants.get_by_id = slow_get  # type: ignore[method-assign]
    world.cache.reset()
    start = threading.Barrier(50)

    def read(_: int) -> Tenant | None:
        start.wait()
        return world.provider.get_tenant(tenant_id=world.tenant.id)

    try:
        with ThreadPoolExecutor(max_workers=50) as pool:
            tenants = list(pool.map(read, range(50)))
    finally:
        del repositories.tenants.get_by_id
    assert len(reads) == 1
    assert all(t is not None and t.id == world.tenant.id for t in tenants)
