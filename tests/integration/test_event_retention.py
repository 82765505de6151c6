"""Retention on real servers with a controllable clock: the Tables TTL cleanup, the Blob cold archive
(Azurite), and both as ``pipster jobs run``."""

from __future__ import annotations

import gzip
import json
import uuid
from datetime import date, timedelta

import pytest

from shared.adapters.events.archive import BlobEventArchive, day_path
from shared.domain.errors import NotFoundError
from shared.domain.events import EventType, build_event
from shared.ports.event_archive import ArchiveOfflineError
from shared.services.event_retention import EventArchiver, TtlCleanup
from tests.support.event_stores import cosmos_store, tables_store

pytestmark = pytest.mark.azurite

DAY = date(2026, 1, 5)  # the clock fixture's day


@pytest.fixture
def store(azurite, clock):
    return tables_store(azurite, clock)


@pytest.fixture
def archive(azurite):
    from azure.storage.blob import BlobServiceClient

    service = BlobServiceClient.from_connection_string(azurite.connection_string)
    return BlobEventArchive(service, container=f"events-archive-{uuid.uuid4().hex[:8]}")


def _event(clock, tenant="tenant-a", type_=EventType.TRADE_EXECUTED, **data):
    return build_event(type_, tenant_id=tenant, data=data or {"symbol": "XAUUSD"}, source="TradeExecutor",
                       clock=clock, correlation_id="corr-1")


def _lines(archive, tenant, day):
    blob = archive._blobs().download_blob(day_path(tenant, day)).readall()
    return blob, gzip.decompress(blob).decode().splitlines()


class TestTtlCleanup:
    def test_the_cleanup_deletes_what_is_over_90_days_old(self, store, clock) -> None:
        store.append(_event(clock))
        clock.advance(timedelta(days=90, seconds=1))
        kept = _event(clock)
        store.append(kept)
        report = TtlCleanup(store, clock, batch_size=10).run()
        assert report["deleted"] == 1 and report["nativeTtl"] is False
        window = {"since": clock.now() - timedelta(days=200), "until": clock.now() + timedelta(days=1)}
        assert list(store.iter_events(tenant_id="tenant-a", **window)) == [kept]

    def test_on_cosmos_the_cleanup_leaves_expiry_to_the_service(self, clock) -> None:
        store, _ = cosmos_store(clock)
        assert TtlCleanup(store, clock).run()["nativeTtl"] is True


class TestArchive:
    def test_a_day_is_written_as_gzipped_json_lines_at_the_spec_path(self, store, archive, clock) -> None:
        first = _event(clock, price=3750.5)
        clock.advance(timedelta(hours=1))
        second = _event(clock, type_=EventType.SIGNAL_REJECTED, rule="max_open_trades")
        clock.advance(timedelta(days=1))
        not_that_day = _event(clock)
        for event in (first, second, not_that_day):
            store.append(event)
        written = EventArchiver(store, archive, lambda: ["tenant-a"], clock).archive_day("tenant-a", DAY)
        assert written.path == f"{archive._container_name}/tenant-a/2026/01/05.jsonl.gz"
        assert written.events == 2
        _, lines = _lines(archive, "tenant-a", DAY)
        assert [json.loads(line) for line in lines] == [first.to_document(), second.to_document()]
        assert archive.read_day("tenant-a", DAY) == [first, second]

    def test_rerunning_a_day_rewrites_the_same_file_without_duplicating_lines(self, store, archive, clock) -> None:
        archiver = EventArchiver(store, archive, lambda: ["tenant-a"], clock)
        store.append(_event(clock))
        archiver.archive_day("tenant-a", DAY)
        before, lines = _lines(archive, "tenant-a", DAY)
        archiver.archive_day("tenant-a", DAY)
        again, lines_again = _lines(archive, "tenant-a", DAY)
        assert again == before and lines_again == lines and len(lines) == 1
        late = _event(clock, note="arrived late")
        store.append(late)
        archiver.archive_day("tenant-a", DAY)
        assert len(_lines(archive, "tenant-a", DAY)[1]) == 2

    def test_the_job_archives_finished_days_for_every_tenant_and_catches_up(self, store, archive, clock) -> None:
        for tenant in ("tenant-a", "tenant-b"):
            store.append(_event(clock, tenant))
        archiver = EventArchiver(store, archive, lambda: ["tenant-a", "tenant-b", "tenant-quiet"], clock)
        assert archiver.run()["days"] == ["2026-01-04"]  # first run: the last finished day only
        clock.advance(timedelta(days=1, minutes=30))  # 2026-01-06 12:30: the 5th is over
        report = archiver.run()
        assert report["days"] == ["2026-01-05"]
        assert report["files"] == 2  # tenant-a and tenant-b; the quiet tenant has no file
        assert archive.read_day("tenant-b", DAY)[0].tenant_id == "tenant-b"
        with pytest.raises(NotFoundError):
            archive.read_day("tenant-quiet", DAY)
        assert archiver.run()["days"] == []  # nothing new: nothing rewritten
        clock.advance(timedelta(days=3))  # three missed runs: caught up in one
        assert archiver.run()["days"] == ["2026-01-06", "2026-01-07", "2026-01-08"]
        assert archive.archived_through() == date(2026, 1, 8)

    def test_erasing_a_tenant_deletes_its_events_and_archived_days_only(self, store, archive, clock) -> None:
        store.append(_event(clock, "tenant-a"))
        store.append(_event(clock, "tenant-b"))
        archiver = EventArchiver(store, archive, lambda: ["tenant-a", "tenant-b"], clock)
        archiver.archive_range([DAY])
        assert archiver.erase_tenant("tenant-a") == {"tenantId": "tenant-a", "events": 1, "archivedDays": 1}
        with pytest.raises(NotFoundError):
            archive.read_day("tenant-a", DAY)
        window = {"since": clock.now() - timedelta(days=1), "until": clock.now() + timedelta(days=1)}
        assert list(store.iter_events(tenant_id="tenant-a", **window)) == []
        assert len(archive.read_day("tenant-b", DAY)) == 1
        assert len(list(store.iter_events(tenant_id="tenant-b", **window))) == 1

    def test_an_archived_tier_file_is_reported_as_offline(self, store, archive, clock, monkeypatch) -> None:
        from azure.core.exceptions import HttpResponseError

        class Archived(HttpResponseError):
            error_code = "BlobArchived"

        def offline(*args, **kwargs):
            raise Archived(message="This operation is not permitted on an archived blob.")

        monkeypatch.setattr(archive._blobs(), "download_blob", offline)
        with pytest.raises(ArchiveOfflineError, match="rehydrate"):
            archive.read_day("tenant-a", DAY)

    def test_events_of_another_tenant_never_enter_a_tenants_file(self, archive, clock) -> None:
        with pytest.raises(ValueError, match="tenant-b"):
            archive.write_day("tenant-a", DAY, [_event(clock, "tenant-b")])


def test_both_jobs_run_from_the_pipster_console(azurite, sqlite_database, clock, monkeypatch, capsys) -> None:
    from shared import bootstrap as composition
    from shared.cli import main
    from shared.services.tenants import TenantService
    from shared.settings import Settings

    settings = Settings(blob_connection=azurite.connection_string, events_table=f"ev{uuid.uuid4().hex[:10]}")
    container = composition.bootstrap(settings, database=sqlite_database, clock=clock)
    tenant = TenantService(sqlite_database, clock).register(email=f"{uuid.uuid4().hex[:8]}@example.com",
                                                            display_name="Desk")
    try:
        container.events.append(_event(clock, tenant.id))
        monkeypatch.setattr(composition, "get_container", lambda: container)
        clock.advance(timedelta(days=1, hours=2))
        assert main(["jobs", "run", "events-archive"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["days"] == ["2026-01-05"] and report["files"] >= 1
        assert len(container.event_archive.read_day(tenant.id, DAY)) == 1
        assert main(["events", "archived", "--tenant", tenant.id, "--day", "2026-01-05"]) == 0
        [line] = capsys.readouterr().out.splitlines()
        assert json.loads(line)["tenantId"] == tenant.id
        assert main(["events", "list", "--tenant", tenant.id, "--days", "2", "--type", "TradeExecuted"]) == 0
        assert [json.loads(x)["type"] for x in capsys.readouterr().out.splitlines()] == ["TradeExecuted"]
        assert main(["events", "archived", "--tenant", tenant.id, "--day", "2026-01-03"]) == 2
        clock.advance(timedelta(days=90))
        assert main(["jobs", "run", "ttl-cleanup"]) == 0
        assert json.loads(capsys.readouterr().out)["deleted"] >= 1
    finally:  # the session's SQLite database is shared: leave no tenant behind
        sqlite_database.transact(lambda uow: uow.tenants.delete(tenant_id=tenant.id))
