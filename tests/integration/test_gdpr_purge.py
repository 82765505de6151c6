"""The GDPR purge on the real stores: SQLite and PostgreSQL, Redis, Azurite (Blob + Tables), a FixedClock.

"Nothing left behind" is checked by searching every store for the tenant: every row of every SQL table,
every Redis key under the test's namespace, every blob under the tenant's prefix in the session and
archive containers, every row of the event table in the tenant's partition. Azurite has no blob
versioning, so previous versions are checked by one test whose SDK transport adds them (``_VersionedBlobs``).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from azure.storage.blob import BlobServiceClient

from shared.adapters.brokers.paper import PaperBroker
from shared.adapters.cache.redis_cache import RedisCache
from shared.adapters.cache.redis_idempotency import RedisIdempotencyStore
from shared.adapters.events.archive import BlobEventArchive
from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.schema import metadata
from shared.clock import FixedClock
from shared.domain import api_keys
from shared.domain.events import SYSTEM_TENANT, EventType, build_event
from shared.domain.trading import TradingConfiguration
from shared.ports.brokers import OrderRequest
from shared.ports.cache import CacheEntry, CacheKeys, escape_glob
from shared.services.gdpr import GdprPurge, GdprPurgeError
from shared.services.tenants import TenantService
from tests.integration.test_repositories import broker, channel, ref, save, tenant
from tests.support import sessions as session_support
from tests.support.caches import guarded_redis, namespace, sweep
from tests.support.event_stores import tables_store
from tests.support.services import Azurite
from tests.support.trades import seed_managed_trade

GRACE = timedelta(days=30)
SESSION = {"td.binlog": b"binlog", "db/td.db": b"db" * 50}


class World:
    """Every store the purge touches, each private to this test."""

    def __init__(self, database: SqlDatabase, clock: FixedClock, azurite: Azurite, redis_url: str) -> None:
        self.database, self.clock = database, clock
        self.redis = guarded_redis(redis_url)
        self.keys = CacheKeys(namespace())
        self.cache, self.idempotency = RedisCache(self.redis), RedisIdempotencyStore(self.redis)
        blobs = BlobServiceClient.from_connection_string(azurite.connection_string)
        self.session_container = blobs.get_container_client(f"sessions-{uuid.uuid4().hex[:12]}")
        self.sessions = session_support.store(self.session_container, clock)
        self.archive_container = blobs.get_container_client(f"archive-{uuid.uuid4().hex[:12]}")
        self.archive = BlobEventArchive(blobs, self.archive_container.container_name)
        self.events = tables_store(azurite, clock)
        self.tenants = TenantService(database, clock)
        self.purge = GdprPurge(database, self.cache, self.idempotency, self.keys, self.sessions, self.events,
                               self.archive, clock)

    def seed(self) -> str:
        """A tenant with rows in every SQL table, cache and idempotency keys, a session, events, an archive."""
        t = tenant(email=f"{uuid.uuid4().hex[:10]}@example.com", display_name="Erasable Person")
        c1, c2 = channel(t.id, -1001), channel(t.id, -1002)
        b = broker(t.id)
        save(self.database, t, c1, c2, b, TradingConfiguration.default_for(t.id, ref("trd"), self.clock.now()))
        self.database.transact(lambda uow: uow.brokers.set_channel_brokers(tenant_id=t.id, config_id=c1.id,
                                                                           broker_ids=[b.id]))
        self.database.transact(lambda uow: uow.api_keys.add(api_keys.issue(t.id, self.clock.now()).record))
        PaperBroker(self.database, b, self.clock).place_order(
            OrderRequest(f"pip-{t.id[-6:]}", "XAUUSD", "Buy", 1, price=Decimal("2350.5")))
        seed_managed_trade(self.database, b, self.clock)  # trades, legs, history, a paper action
        k = self.keys
        self.cache.set_many([CacheEntry(key, b"cached", 300_000) for key in
                             (k.tenant(t.id), k.trading(t.id), k.channel(t.id, -1001), k.channel(t.id, -1002))])
        for message in range(3):
            self.idempotency.claim(k.idempotency(t.id, -1001, message), payload_hash="h", token="tok",
                                   lease_ms=600_000, now_ms=0)
        self.sessions.save(t.id, SESSION)
        self.sessions.save(t.id, {**SESSION, "td.binlog": b"second version"})
        event = build_event(EventType.SIGNAL_RECEIVED, tenant_id=t.id, source="test", clock=self.clock,
                            data={"text": "BUY XAUUSD"})
        self.events.append(event)
        self.archive.write_day(t.id, self.clock.now().date(), [event])
        return t.id

    def request_deletion(self, tenant_id: str) -> None:
        self.tenants.schedule_deletion(tenant_id=tenant_id)

    def leftovers(self, tenant_id: str, owned: set[str]) -> dict[str, list[Any]]:
        """Everything any store still holds that names the tenant or one of its rows' ids."""
        found: dict[str, list[Any]] = {"sql": [], "redis": [], "sessions": [], "archive": [], "events": []}
        with self.database.engine.connect() as conn:
            for table in metadata.sorted_tables:
                for row in conn.execute(sa.select(table)):
                    if any(isinstance(v, str) and any(o in v for o in owned) for v in row):
                        found["sql"].append((table.name, tuple(row)))
        pattern = escape_glob(self.keys.namespace) + "*"
        found["redis"] = [k for k in self.redis.client.scan_iter(match=pattern, count=500)
                          if tenant_id.encode() in k]
        for name, container in (("sessions", self.session_container), ("archive", self.archive_container)):
            if container.exists():
                found[name] = [b.name for b in container.list_blobs(name_starts_with=f"{tenant_id}/",
                                                                    include=["versions", "snapshots"])]
        table = self.events._table()
        found["events"] = list(table.query_entities("PartitionKey eq @t", parameters={"t": tenant_id}))
        return {store: items for store, items in found.items() if items}

    def owned_ids(self, tenant_id: str) -> set[str]:
        owned = {tenant_id}
        with self.database.engine.connect() as conn:
            for table in metadata.sorted_tables:
                if "TenantId" in table.c and "Id" in table.c:
                    owned |= set(conn.execute(sa.select(table.c.Id).where(table.c.TenantId == tenant_id)).scalars())
        return owned

    def deletion_events(self) -> list[Any]:
        now = self.clock.now()
        return [e for e in self.events.iter_events(tenant_id=SYSTEM_TENANT, since=now - timedelta(days=60),
                                                    until=now + timedelta(days=1))
                if e.type is EventType.TENANT_DELETED]

    def close(self) -> None:
        sweep(self.redis, self.keys.namespace)
        for container in (self.session_container, self.archive_container):
            if container.exists():
                container.delete_container()
        self.redis.close()


@pytest.fixture
def world(database: SqlDatabase, clock: FixedClock, azurite: Azurite, redis_url: str) -> Iterator[World]:
    w = World(database, clock, azurite, redis_url)
    yield w
    w.close()
    database.dispose()  # the hot-path reader keeps one connection per thread, even for threads that ended


def due(world: World) -> tuple[str, set[str], str]:
    """A tenant due for purge (with its owned ids) and a bystander tenant that is not."""
    doomed, bystander = world.seed(), world.seed()
    owned = world.owned_ids(doomed)
    world.request_deletion(doomed)
    world.clock.advance(GRACE + timedelta(minutes=1))
    return doomed, owned, bystander


def test_the_purge_leaves_nothing_behind_and_spares_other_tenants(world: World) -> None:
    doomed, owned, bystander = due(world)
    before = world.leftovers(bystander, world.owned_ids(bystander))
    email = world.database.repositories.tenants.get_by_id(tenant_id=doomed).email
    assert set(world.leftovers(doomed, owned)) == {"sql", "redis", "sessions", "archive", "events"}

    report = world.purge.run()

    assert report["purged"] == [doomed] and report["due"] == 1
    erased = report["tenants"][0]
    assert erased["sqlTenant"] is True and erased["idempotencyKeys"] == 3 and erased["cacheKeys"] == 4
    assert world.leftovers(doomed, owned) == {}
    assert world.leftovers(bystander, world.owned_ids(bystander)) == before
    (event,) = world.deletion_events()
    assert event.data["tenantId"] == doomed and event.data["erased"]["events"] == 1
    assert email not in str(event.to_document()) and "Erasable Person" not in str(event.to_document())


def test_a_tenant_inside_its_grace_or_restored_is_untouched(world: World) -> None:
    restored, waiting = world.seed(), world.seed()
    world.request_deletion(restored)
    world.request_deletion(waiting)
    world.clock.advance(GRACE - timedelta(days=1))
    world.tenants.restore(tenant_id=restored)
    snapshot = {t: world.leftovers(t, world.owned_ids(t)) for t in (restored, waiting)}

    assert world.purge.run() == {"job": "gdpr-purge", "due": 0, "purged": [], "tenants": []}
    world.clock.advance(timedelta(days=2))  # now past the grace of `waiting` only
    assert world.purge.run()["purged"] == [waiting]
    assert world.leftovers(restored, world.owned_ids(restored)) == snapshot[restored]
    assert world.database.repositories.tenants.get_by_id(tenant_id=restored).purge_after is None


def test_two_purges_at_once_both_succeed_and_erase_once(world: World) -> None:
    doomed, owned, _ = due(world)
    start = threading.Barrier(2)
    reports: list[dict[str, Any]] = []
    errors: list[BaseException] = []

    def run() -> None:
        start.wait()
        try:
            reports.append(world.purge.run())
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    deleted_rows = [t["sqlTenant"] for r in reports for t in r["tenants"]]
    assert deleted_rows.count(True) <= 1 and world.leftovers(doomed, owned) == {}
    assert len(world.deletion_events()) == 1


@pytest.mark.parametrize("failing", [("archive", "purge_tenant"), ("idempotency", "delete_matching"),
                                     ("events", "append"), ("database", "transact")])
def test_a_crash_mid_purge_leaves_the_tenant_due_and_the_next_run_finishes(
        world: World, failing: tuple[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    doomed, owned, bystander = due(world)
    holder = getattr(world.purge, failing[0])

    def crash(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("the process died here")

    monkeypatch.setattr(holder, failing[1], crash)
    with pytest.raises(GdprPurgeError, match="ConnectionError"):
        world.purge.run()
    monkeypatch.undo()
    assert [t.id for t in world.database.repositories.tenants.due_for_purge(now=world.clock.now())] == [doomed]

    assert world.purge.run()["purged"] == [doomed]
    assert world.leftovers(doomed, owned) == {}
    assert len(world.deletion_events()) == 1
    assert world.database.repositories.tenants.get_by_id(tenant_id=bystander) is not None
    assert world.purge.run()["purged"] == []  # nothing due any more: a rerun is a no-op


def test_due_for_purge_is_inclusive_of_the_boundary_and_ignores_active_tenants(world: World) -> None:
    active, doomed = world.seed(), world.seed()
    world.request_deletion(doomed)
    purge_after: datetime = world.database.repositories.tenants.get_by_id(tenant_id=doomed).purge_after
    repo = world.database.repositories.tenants
    assert repo.due_for_purge(now=purge_after - timedelta(microseconds=1)) == []
    assert [t.id for t in repo.due_for_purge(now=purge_after)] == [doomed]
    assert active not in {t.id for t in repo.due_for_purge(now=purge_after + timedelta(days=999))}


def test_archive_days_of_other_dates_go_too(world: World) -> None:
    doomed, owned, _ = due(world)
    old = build_event(EventType.SIGNAL_RECEIVED, tenant_id=doomed, source="test", clock=world.clock)
    world.archive.write_day(doomed, date(2025, 6, 1), [old])
    assert world.purge.run()["tenants"][0]["archivedDays"] == 2
    assert world.leftovers(doomed, owned) == {}


class _VersionedBlobs:
    """The one fake here: a transport for the real SDK that forwards to Azurite and adds what Azurite lacks,
    blob versioning. Previous versions the test registers appear in listings with ``include=versions`` and
    go only when deleted by version id (Azurite itself ignores ``versionid`` and would delete the current
    blob, so such deletes are sent to a name that does not exist and answered 202 for a known version)."""

    def __new__(cls, versions: set[tuple[str, str, str]]):  # type: ignore[no-untyped-def]
        from urllib.parse import parse_qs, unquote, urlparse

        from azure.core.pipeline.transport import RequestsTransport

        class Transport(RequestsTransport):
            def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
                url = urlparse(request.url)
                query = parse_qs(url.query)
                known = None
                if request.method == "DELETE" and "versionid" in query:
                    container, name = unquote(url.path).split("/", 3)[2:]
                    known = (container, name, query["versionid"][0])
                    request.url = request.url.replace(url.path, f"{url.path}-no-such-blob", 1)
                response = super().send(request, **kwargs)
                if known is not None and known in versions:
                    versions.discard(known)
                    response.status_code = 202
                elif "comp=list" in request.url and "versions" in query.get("include", [""])[0]:
                    container = unquote(url.path).split("/")[2]
                    prefix = query.get("prefix", [""])[0]
                    extra = "".join(
                        f"<Blob><Name>{n}</Name><VersionId>{v}</VersionId><Properties><Last-Modified>"
                        "Mon, 05 Jan 2026 12:00:00 GMT</Last-Modified><Etag>0x1</Etag><Content-Length>1"
                        "</Content-Length><BlobType>BlockBlob</BlobType></Properties></Blob>"
                        for c, n, v in sorted(versions) if c == container and n.startswith(prefix)).encode()
                    body = response.internal_response.content
                    body = body.replace(b"<Blobs/>", b"<Blobs></Blobs>").replace(b"</Blobs>", extra + b"</Blobs>")
                    response.internal_response._content = body
                    if getattr(response, "_content", None) is not None:  # azure-core may have read it already
                        response._content = body
                return response

        return Transport()


def test_previous_blob_versions_of_sessions_and_archive_are_deleted_too(world: World, azurite: Azurite) -> None:
    doomed, owned, bystander = due(world)
    sessions, archive = world.session_container.container_name, world.archive_container.container_name
    versions = {(c, f"{t}/{name}", "2026-01-05T12:00:00.0000000Z")
                for t in (doomed, bystander)
                for c, name in ((sessions, "session.json"), (sessions, "v/old/td.binlog"), (archive, "2026/01/01.gz"))}
    blobs = BlobServiceClient.from_connection_string(azurite.connection_string, transport=_VersionedBlobs(versions))
    world.purge.sessions = session_support.store(blobs.get_container_client(sessions), world.clock)
    world.purge.archive = BlobEventArchive(blobs, archive)

    assert world.purge.run()["purged"] == [doomed]
    assert sorted(n.split("/")[0] for _, n, _ in versions) == [bystander] * 3
