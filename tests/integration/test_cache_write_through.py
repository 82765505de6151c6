"""Write-through, the invalidation outbox and the warm job, on SQLite/PostgreSQL x in-process/real Redis.

A write leaves the new value in the cache (the next read is a hit and equals the database); of two racing
writers the later one's value stays; a write whose invalidation cannot reach the cache still commits, keeps
its outbox row, and the cache-repair job lands it; after a flush the job refills every Active tenant. The
broker routing (no credentials) is written through by every broker and mapping write the same way."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from shared.adapters.keys.keyring_file import FileKeyProvider
from shared.adapters.sql.database import SqlDatabase
from shared.clock import FixedClock
from shared.crypto.envelope import EnvelopeCipher
from shared.domain.enums import BrokerType
from shared.domain.tenant import Tenant
from shared.domain.trading import TradingChanges, TradingConfiguration
from shared.ports.cache import AbstractCache, CacheEntry, CacheUnavailableError, escape_glob
from shared.services import cache_codec as codec
from shared.services.brokers import BrokerService
from shared.services.cache_invalidation import CacheInvalidator
from shared.services.cache_metrics import CacheMetrics
from shared.services.cache_repair import CacheRepair
from shared.services.channels import ChannelService
from shared.services.config_provider import CachedConfigProvider
from shared.services.credentials import CredentialService
from shared.services.tenants import TenantService
from shared.services.trading import TradingService
from tests.support import caches
from tests.support.caches import Backend, CountingCache

CHANNEL = -1001234567890


class Unreachable(CountingCache):
    """The real cache behind a switch: while ``down``, every call fails as an unreachable Redis does."""

    down = False

    def _get_many(self, keys: list[str]) -> list[bytes | None]:
        self._fail()
        return super()._get_many(keys)

    def _set_many(self, entries: list[CacheEntry], only_if_absent: bool) -> list[bool]:
        self._fail()
        return super()._set_many(entries, only_if_absent)

    def _delete_matching(self, pattern: str) -> int:
        self._fail()
        return super()._delete_matching(pattern)

    def _fail(self) -> None:
        if self.down:
            raise CacheUnavailableError("redis set: ConnectionError")


@pytest.fixture(params=caches.BACKENDS)
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    yield from caches.open_backend(request)


@dataclass
class World:
    database: SqlDatabase
    cache: Unreachable
    provider: CachedConfigProvider
    invalidator: CacheInvalidator
    tenants: TenantService
    trading: TradingService
    tenant: Tenant
    repair: CacheRepair

    def read_trading(self) -> TradingConfiguration | None:
        return self.provider.get(tenant_id=self.tenant.id, channel_id=CHANNEL).trading

    def raw(self, key: str) -> bytes | None:
        return self.cache.inner.get_many([key])[0]


@pytest.fixture
def world(database: SqlDatabase, backend: Backend, clock: FixedClock) -> World:
    cache, metrics = Unreachable(backend.cache), CacheMetrics()
    provider = CachedConfigProvider(cache, database.repositories, keys=backend.keys, metrics=metrics, jitter=0)
    invalidator = CacheInvalidator(cache, keys=backend.keys, metrics=metrics, refresh=provider.current, clock=clock)
    tenants = TenantService(database, clock, invalidator)
    tenant = tenants.register(email="ops@example.com", display_name="Gold Desk")
    ChannelService(database, clock, invalidator).add(tenant_id=tenant.id, channel_id=CHANNEL, channel_name="Gold")
    return World(database, cache, provider, invalidator, tenants, TradingService(database, clock, invalidator),
                 tenant, CacheRepair(cache, database, invalidator, provider))


def _slippage(world: World, pips: str) -> None:
    world.trading.update(tenant_id=world.tenant.id, changes=TradingChanges(max_slippage_pips=Decimal(pips)))


def test_a_write_leaves_the_new_value_so_the_next_read_hits_without_the_database(world: World) -> None:
    world.read_trading()
    _slippage(world, "2.5")
    world.cache.reset()
    before = world.provider.metrics.snapshot()["trading"]

    trading = world.read_trading()

    assert trading is not None and trading.max_slippage_pips == Decimal("2.5")
    after = world.provider.metrics.snapshot()["trading"]
    assert after["hits"] == before["hits"] + 1 and after["misses"] == before["misses"]
    assert world.database.repositories.cache_outbox.pending(limit=10) == []  # landed: no row left


def test_a_channel_write_populates_its_entry(world: World) -> None:
    key = world.provider.keys.channel(world.tenant.id, CHANNEL)
    cached = world.raw(key)
    assert cached is not None and codec.decode_channel(cached).channel_name == "Gold"  # the add wrote it through


def test_of_two_racing_writers_the_later_tombstone_wins(world: World) -> None:
    """Writer A re-reads its row, then writer B commits and writes through; A's late compare-and-set finds
    B's value instead of A's tombstone and changes nothing."""
    real_refresh = world.provider.current

    def a_reads_then_b_overtakes(change):  # type: ignore[no-untyped-def]
        entries = real_refresh(change)  # A's read: 2.5
        world.invalidator.refresh = real_refresh
        _slippage(world, "7.0")  # B: commits, tombstones, writes 7.0 through
        return entries

    _slippage(world, "1.0")
    world.invalidator.refresh = a_reads_then_b_overtakes
    _slippage(world, "2.5")

    trading = world.read_trading()
    assert trading is not None and trading.max_slippage_pips == Decimal("7.0")


def test_an_invalidation_that_cannot_reach_the_cache_is_kept_and_landed_by_the_repair_job(world: World) -> None:
    assert world.read_trading().max_slippage_pips is None  # type: ignore[union-attr]  # cached
    world.cache.down = True
    _slippage(world, "3.0")  # commits although the cache is down
    [pending] = world.database.repositories.cache_outbox.pending(limit=10)
    assert pending.change.tenant_id == world.tenant.id
    world.cache.down = False
    stale = world.raw(world.provider.keys.trading(world.tenant.id))
    assert stale is not None and codec.decode_trading(stale).max_slippage_pips is None  # still the old value

    world.cache.down = True
    assert world.repair.sweep() == (0, 1)  # the cache still down: the row stays, its attempt counted
    assert world.database.repositories.cache_outbox.pending(limit=10)[0].attempts == 1
    world.cache.down = False
    assert world.repair.sweep() == (1, 0)

    assert world.database.repositories.cache_outbox.pending(limit=10) == []
    assert world.read_trading().max_slippage_pips == Decimal("3.0")  # type: ignore[union-attr]


def test_after_a_flush_the_repair_job_refills_every_active_tenant(world: World, backend: Backend) -> None:
    other = world.tenants.register(email="other@example.com", display_name="Other")
    world.tenants.suspend(tenant_id=other.id)
    cache: AbstractCache = backend.cache
    assert world.repair.run()["warmedEntries"] is not None  # no marker yet: a first fill
    cache.delete_matching(escape_glob(world.provider.keys.prefix) + "*")  # the flush

    report = world.repair.run()

    assert report["warmedEntries"] == 4  # tenant, trading, routing, channel of the one Active tenant
    before = world.provider.metrics.snapshot()["total"]
    world.read_trading()
    assert world.provider.metrics.snapshot()["total"]["misses"] == before["misses"]  # all four hit
    assert world.raw(world.provider.keys.tenant(other.id)) is None  # a suspended tenant is not warmed
    assert world.repair.run()["warmedEntries"] is None  # the marker is back: nothing to do


def _routes(world: World) -> list[str]:
    config = world.provider.get(tenant_id=world.tenant.id, channel_id=CHANNEL)
    assert config.channel is not None
    return [route.id for route in config.routing.for_channel(config.channel.id)]


def test_broker_and_mapping_writes_write_the_routing_through_without_its_credentials(
        world: World, tmp_path: Path, clock: FixedClock) -> None:
    cipher = EnvelopeCipher(FileKeyProvider(tmp_path / "keys.json", clock=clock))
    brokers = BrokerService(world.database, clock, CredentialService(world.database, cipher, clock, world.invalidator),
                            world.invalidator)
    channels = ChannelService(world.database, clock, world.invalidator)
    assert _routes(world) == []
    first = brokers.add(tenant_id=world.tenant.id, broker_type=BrokerType.PAPER, display_name="A")
    clock.advance(timedelta(seconds=1))  # routing keeps the connections in creation order
    second = brokers.add(tenant_id=world.tenant.id, broker_type=BrokerType.OANDA, display_name="B",
                         credentials={"token": "s3cret-token", "accountId": "001"})
    key = world.provider.keys.routing(world.tenant.id)
    cached = world.raw(key)
    assert cached is not None and b"s3cret" not in cached and second.encrypted_credentials.encode() not in cached
    world.cache.reset()
    assert _routes(world) == [first.id, second.id]  # written through: read from the cache
    assert world.cache.calls.get("get_many", 0) == 1 and world.provider.metrics.snapshot()["routing"]["misses"] == 1

    brokers.deactivate(tenant_id=world.tenant.id, broker_id=first.id)
    assert _routes(world) == [second.id]
    channels.set_brokers(tenant_id=world.tenant.id, channel_id=CHANNEL, broker_ids=[first.id])
    assert _routes(world) == []  # mapped to an inactive connection only: routed nowhere
    brokers.activate(tenant_id=world.tenant.id, broker_id=first.id)
    assert _routes(world) == [first.id]
    brokers.delete(tenant_id=world.tenant.id, broker_id=first.id)
    assert _routes(world) == [second.id]  # its mapping went with it
    assert world.database.repositories.cache_outbox.pending(limit=10) == []
    assert codec.decode_routing(world.raw(key) or b"") == world.database.repositories.brokers.routing(
        tenant_id=world.tenant.id)


def test_a_routing_change_the_cache_missed_is_landed_by_the_repair_job(world: World, tmp_path: Path,
                                                                       clock: FixedClock) -> None:
    cipher = EnvelopeCipher(FileKeyProvider(tmp_path / "keys.json", clock=clock))
    brokers = BrokerService(world.database, clock, CredentialService(world.database, cipher, clock, world.invalidator),
                            world.invalidator)
    added = brokers.add(tenant_id=world.tenant.id, broker_type=BrokerType.PAPER, display_name="A")
    assert _routes(world) == [added.id]
    world.cache.down = True
    brokers.deactivate(tenant_id=world.tenant.id, broker_id=added.id)  # commits; the cache did not hear of it
    world.cache.down = False
    assert _routes(world) == [added.id]  # stale until the job runs (at most one period: a minute)

    assert world.repair.sweep() == (1, 0)

    assert _routes(world) == []
