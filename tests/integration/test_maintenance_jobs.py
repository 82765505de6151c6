"""Every maintenance job through ``run_job`` on a real container (SQLite/PostgreSQL, Redis, Azurite, FixedClock).

For each job: two runners at once (one runs, the other skips: the work is done once, one MaintenanceRun
event), and a crash part-way (recorded as a failed run, raised) after which the next run finishes the work.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from azure.storage.blob import BlobServiceClient

from shared.adapters.events.archive import BlobEventArchive
from shared.adapters.sql.database import SqlDatabase
from shared.bootstrap import Container, bootstrap
from shared.clock import FixedClock
from shared.domain.events import SYSTEM_TENANT, EventType, build_event
from shared.domain.sessions import Tier
from shared.domain.trade import LegStatus
from shared.domain.trading import TradingChanges
from shared.ports.cache import CacheEntry
from shared.ports.cache_outbox import CacheChange, CachedEntity
from shared.services import cache_codec as codec
from shared.services.maintenance import JOBS, Job, JobRunner, MaintenanceServices, Report
from shared.settings import Settings
from tests.support import sessions as session_support
from tests.support.caches import sweep
from tests.support.scenario import message, seed_desk
from tests.support.services import Azurite

DAY = timedelta(days=1)
SESSION = {"td.binlog": b"binlog", "db/td.db": b"db" * 50}


@pytest.fixture
def app(database: SqlDatabase, clock: FixedClock, azurite: Azurite, redis_url: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> Iterator[Container]:
    """A container whose blob containers, event table and Redis namespace are this test's own."""
    suffix = uuid.uuid4().hex[:10]
    monkeypatch.setattr("shared.adapters.blob.leases.LOCK_CONTAINER", f"locks-{suffix}")
    monkeypatch.setattr("shared.adapters.blob.backup_files.CONTAINER", f"backups-{suffix}")
    settings = Settings(blob_connection=azurite.connection_string, events_table=f"ev{suffix}", redis_url=redis_url,
                        redis_namespace=f"test-{suffix}:", key_file=str(tmp_path / "keyring.json"))
    blobs = BlobServiceClient.from_connection_string(azurite.connection_string)
    sessions = blobs.get_container_client(f"sessions-{suffix}")
    container = bootstrap(settings, database=database, clock=clock,
                          sessions=session_support.store(sessions, clock),
                          event_archive=BlobEventArchive(blobs, f"archive-{suffix}"))
    yield container
    sweep(container.idempotency.store._redis, settings.redis_namespace)  # type: ignore[attr-defined]
    container.cache.close()
    database.dispose()  # the hot-path reader keeps one connection per thread, even for threads that ended


def tenant(app: Container) -> str:
    return app.tenants.register(email=f"{uuid.uuid4().hex[:10]}@example.com", display_name="Ops").id


def signal(app: Container, tenant_id: str) -> None:
    app.events.append(build_event(EventType.SIGNAL_RECEIVED, tenant_id=tenant_id, source="test", clock=app.clock))


def raw_events(app: Container, tenant_id: str) -> list[Any]:
    return list(app.events._table().query_entities(  # type: ignore[attr-defined]
        "PartitionKey eq @t", parameters={"t": tenant_id}))


def system_events(app: Container, type_: EventType) -> list[Any]:
    now = app.clock.now()
    return [e for e in app.events.iter_events(tenant_id=SYSTEM_TENANT, since=now - 200 * DAY, until=now + DAY)
            if e.type is type_]


def runs(app: Container, job: str) -> list[str]:
    return sorted(e.data["status"] for e in system_events(app, EventType.MAINTENANCE_RUN) if e.data["job"] == job)


# -- per job: what to prepare, where to crash, how to tell the work was done (once) ---------------------------

def seed_backup(app: Container) -> str:
    return tenant(app)


def done_backup(app: Container, _: str) -> None:
    (backup,) = app.backups.complete()
    assert backup.rows["Tenants"] == 1


def seed_key_rotation(app: Container) -> str:
    app.keys.current()
    app.clock.advance(91 * DAY)
    return ""


def done_key_rotation(app: Container, _: str) -> None:
    assert len(app.keys.versions()) == 2  # rotated exactly once


def seed_ttl(app: Container) -> str:
    tenant_id = tenant(app)
    signal(app, tenant_id)
    app.clock.advance(91 * DAY)
    return tenant_id


def done_ttl(app: Container, tenant_id: str) -> None:
    assert raw_events(app, tenant_id) == []


def seed_archive(app: Container) -> str:
    tenant_id = tenant(app)
    signal(app, tenant_id)
    app.clock.advance(DAY + timedelta(hours=2))
    return tenant_id


def done_archive(app: Container, tenant_id: str) -> None:
    assert len(app.event_archive.read_day(tenant_id, (app.clock.now() - DAY).date())) == 1  # no duplicate lines
    assert app.event_archive.archived_through() == (app.clock.now() - DAY).date()


def seed_tiering(app: Container) -> str:
    tenant_id = tenant(app)
    app.sessions.save(tenant_id, SESSION)
    app.clock.advance(31 * DAY)
    return tenant_id


def done_tiering(app: Container, tenant_id: str) -> None:
    info = app.sessions.info(tenant_id)
    assert info is not None and set(info.tiers) == {Tier.COOL}


def seed_purge(app: Container) -> str:
    tenant_id = tenant(app)
    app.sessions.save(tenant_id, SESSION)
    signal(app, tenant_id)
    app.tenants.schedule_deletion(tenant_id=tenant_id)
    app.clock.advance(31 * DAY)
    return tenant_id


def done_purge(app: Container, tenant_id: str) -> None:
    assert app.database.repositories.tenants.get_by_id(tenant_id=tenant_id) is None
    assert app.sessions.info(tenant_id) is None and raw_events(app, tenant_id) == []
    assert [e.data["tenantId"] for e in system_events(app, EventType.TENANT_DELETED)] == [tenant_id]


def seed_trade_expiry(app: Container) -> str:
    """A resting limit entry 11 minutes old for a tenant whose entries expire after 10."""
    desk = seed_desk(app)
    app.trading.update(tenant_id=desk.tenant_id, changes=TradingChanges(pending_expiry_minutes=10))
    for command in app.pipeline.handle(message(desk, 1, "BUY LIMIT XAUUSD @ 2340\nSL 2330\nTP 2350")).commands:
        app.executor.handle(command)
    app.clock.advance(timedelta(minutes=11))
    return desk.tenant_id


def done_trade_expiry(app: Container, tenant_id: str) -> None:
    (trade,) = app.database.repositories.trades.page(tenant_id=tenant_id)
    assert trade.status is LegStatus.CANCELLED


def seed_cache_repair(app: Container) -> str:
    """A trading change whose invalidation never reached the cache: a stale entry and its outbox row."""
    tenant_id = tenant(app)
    app.cache.set_many([CacheEntry(app.config.keys.trading(tenant_id), b'{"stale":true}', 600_000)])
    app.database.transact(lambda uow: uow.cache_outbox.add(
        entry_id=f"cob_{uuid.uuid4().hex}", change=CacheChange(CachedEntity.TRADING, tenant_id), at=app.clock.now()))
    return tenant_id


def done_cache_repair(app: Container, tenant_id: str) -> None:
    assert app.database.repositories.cache_outbox.pending(limit=10) == []
    cached = app.cache.get_many([app.config.keys.trading(tenant_id)])[0]
    assert cached is not None and codec.decode_trading(cached).tenant_id == tenant_id  # the row, written through
    assert app.cache.get_many([app.config.keys.warm_marker()])[0] is not None


@dataclass(frozen=True)
class Case:
    seed: Callable[[Container], str]
    done: Callable[[Container, str], None]
    crash_at: Callable[[Container], tuple[Any, str]]  # (object, method) that fails once, part-way through


CASES = {
    "backup": Case(seed_backup, done_backup, lambda app: (app.backups._files, "put")),
    "key-rotation": Case(seed_key_rotation, done_key_rotation, lambda app: (app.key_rotation, "reencrypt")),
    "ttl-cleanup": Case(seed_ttl, done_ttl, lambda app: (app.events, "delete_expired")),
    "events-archive": Case(seed_archive, done_archive, lambda app: (app.event_archive, "set_archived_through")),
    "tiering": Case(seed_tiering, done_tiering, lambda app: (app.sessions, "set_tier")),
    "gdpr-purge": Case(seed_purge, done_purge, lambda app: (app.event_archive, "purge_tenant")),
    "trade-expiry": Case(seed_trade_expiry, done_trade_expiry, lambda app: (app.executor, "handle")),
    "cache-repair": Case(seed_cache_repair, done_cache_repair, lambda app: (app.cache_invalidator, "apply")),
}


def runner(app: Container, jobs: dict[str, Job]) -> JobRunner:
    """A runner on the app's own leases, events and services, with ``jobs`` in place of the real ones."""
    return JobRunner(leases=app.leases, events=lambda: app.events, clock=app.clock,
                     services=app.jobs._services, jobs=jobs)


def test_every_job_has_a_case() -> None:
    assert set(CASES) == set(JOBS)


@pytest.mark.parametrize("name", sorted(CASES))
def test_two_runners_at_once_do_the_work_once(app: Container, name: str) -> None:
    case = CASES[name]
    subject = case.seed(app)
    inside, release = threading.Event(), threading.Event()
    outcome: dict[str, Any] = {}

    def held(services: MaintenanceServices) -> Report:
        inside.set()
        release.wait(30)
        return JOBS[name](services)  # the real job, run while the second runner tries

    def first() -> None:
        try:
            outcome["report"] = runner(app, {name: held}).run(name)
        except BaseException as exc:  # noqa: BLE001 - asserted below
            outcome["error"] = exc

    thread = threading.Thread(target=first)
    thread.start()
    assert inside.wait(30)
    second = app.jobs.run(name)
    release.set()
    thread.join(120)
    assert "error" not in outcome, outcome.get("error")
    assert second == {"job": name, "skipped": "another runner holds the lease"}
    assert outcome["report"].get("skipped") != second["skipped"]
    case.done(app, subject)
    assert runs(app, name) == ["succeeded"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_crash_part_way_is_recorded_raised_and_the_next_run_finishes(
        app: Container, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES[name]
    subject = case.seed(app)
    target, method = case.crash_at(app)

    def crash(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("the process died here")

    with monkeypatch.context() as patch, pytest.raises(Exception):  # noqa: B017, PT011 - any failure will do
        patch.setattr(target, method, crash)
        app.jobs.run(name)
    assert runs(app, name) == ["failed"]
    app.jobs.run(name)
    case.done(app, subject)
    assert runs(app, name) == ["failed", "succeeded"]
