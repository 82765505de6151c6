"""The tiering job on Azurite and the SQL stores (SQLite and PostgreSQL), on a controllable clock.

Azurite really applies Set Blob Tier (Hot/Cool/Archive) and really refuses to read an archived blob
(409 BlobArchived). It does NOT emulate the hours-long rehydration: Archive -> Hot takes effect at once
and ``archive_status`` never reads ``rehydrate-pending-to-hot`` (Azure/Azurite#819). So most tests see
rehydration requested and finished in one step; ``TestRehydrationInProgress`` shows the pending state
by rewriting Azurite's responses in the real SDK's HTTP transport (the one fake in this file).
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from shared.domain.sessions import SessionArchivedError, Tier
from shared.services.tenants import TenantService
from shared.services.tiering import TieringService
from tests.support import sessions as support

pytestmark = pytest.mark.azurite

DAY = timedelta(days=1)
SESSION = {"td.binlog": b"binlog", "db/td.db": b"db" * 100, "files/photos/a.jpg": b"\xff\xd8" + bytes(500)}


@pytest.fixture
def container(azurite):
    with support.container(azurite.connection_string) as client:
        yield client


@pytest.fixture
def store(container, clock):
    return support.store(container, clock)


@pytest.fixture
def tenants(database, clock):
    return TenantService(database, clock)


@pytest.fixture
def job(store, database, clock):
    return TieringService(store, database.repositories, clock)


def _tiers(container, tenant_id: str) -> set[str]:
    """The tiers of the tenant's blobs as the Blob service reports them (the pointer stays Hot)."""
    return {str(b.blob_tier) for b in container.list_blobs(name_starts_with=f"{tenant_id}/v/")}


def _moves(report) -> dict[str, str]:
    return {move["tenant"]: move["to"] for move in report.moved}


class TestTierTransitions:
    def test_sessions_follow_their_tenants_activity_through_every_tier(self, store, tenants, job, container,
                                                                         clock) -> None:
        active = tenants.register(email="active@example.com", display_name="Active")
        leaving = tenants.register(email="leaving@example.com", display_name="Leaving")
        store.save(active.id, SESSION)
        store.save(leaving.id, SESSION)
        tenants.deactivate(tenant_id=leaving.id)

        assert job.run().moved == []  # fresh sessions are Hot already

        clock.advance(30 * DAY)
        report = job.run()
        assert _moves(report) == {active.id: "Cool", leaving.id: "Cool"}
        assert _tiers(container, active.id) == _tiers(container, leaving.id) == {"Cool"}
        assert job.run().moved == []  # idempotent

        clock.advance(10 * DAY)
        store.load(active.id)  # an access brings the active tenant back to Hot at the next run
        assert _moves(job.run()) == {active.id: "Hot"}
        assert _tiers(container, active.id) == {"Hot"}

        clock.advance(50 * DAY - timedelta(seconds=1))
        assert _moves(job.run()) == {active.id: "Cool"}  # 89 days 23:59:59 after deactivation: still Cool

        clock.advance(timedelta(seconds=1))
        report = job.run()
        assert _moves(report) == {leaving.id: "Archive"}
        assert _tiers(container, leaving.id) == {"Archive"}
        assert {m["tenant"]: m["reason"] for m in report.moved}[leaving.id] == "deactivated for 90 days or more"
        assert job.run().moved == []

        clock.advance(365 * DAY)
        assert job.run().moved == []  # an active tenant is never archived, however idle
        assert _tiers(container, active.id) == {"Cool"}

    def test_a_reactivated_tenant_goes_back_to_hot_and_stays_there(self, store, tenants, job, container,
                                                                    clock) -> None:
        tenant = tenants.register(email="back@example.com", display_name="Back")
        store.save(tenant.id, SESSION)
        tenants.deactivate(tenant_id=tenant.id)
        clock.advance(91 * DAY)
        job.run()
        assert _tiers(container, tenant.id) == {"Archive"}

        clock.advance(200 * DAY)
        tenants.reactivate(tenant_id=tenant.id)
        report = job.run()

        assert report.moved == [{"tenant": tenant.id, "from": {"Archive": 3}, "to": "Hot", "blobs": 3,
                                 "reason": "reactivated"}]
        assert _tiers(container, tenant.id) == {"Hot"}
        assert store.info(tenant.id).last_accessed_at == clock.now()
        clock.advance(29 * DAY)
        assert job.run().moved == []
        assert dict(store.load(tenant.id).files) == SESSION

    def test_a_session_whose_tenant_is_unknown_is_left_alone(self, store, job, container, clock) -> None:
        store.save("ten_gone", SESSION)
        clock.advance(400 * DAY)

        report = job.run()

        assert report.moved == [] and report.skipped == [{"tenant": "ten_gone", "reason": "tenant not found"}]
        assert _tiers(container, "ten_gone") == {"Hot"}

    def test_the_job_collects_what_crashed_saves_left_behind(self, store, tenants, job, container, clock) -> None:
        tenant = tenants.register(email="crash@example.com", display_name="Crash")
        store.save(tenant.id, SESSION)
        leftover = f"{tenant.id}/v/20250101T000000000000Z-deadbeef/td.binlog"
        container.get_blob_client(leftover).upload_blob(b"half a save")

        report = job.run()

        assert report.garbage_blobs == 1
        assert leftover not in support.blob_names(container)
        assert dict(store.load(tenant.id).files) == SESSION


class TestArchivedRead:
    def test_loading_an_archived_session_starts_rehydration_and_reports_it(self, store, tenants, job, container,
                                                                          clock) -> None:
        tenant = tenants.register(email="cold@example.com", display_name="Cold")
        store.save(tenant.id, SESSION)
        tenants.deactivate(tenant_id=tenant.id)
        clock.advance(120 * DAY)
        job.run()
        assert _tiers(container, tenant.id) == {"Archive"}

        with pytest.raises(SessionArchivedError, match="archived, rehydrating") as caught:
            store.load(tenant.id)

        assert caught.value.started is True and caught.value.retry_after > timedelta(0)
        # Azurite completes the standard-priority rehydration at once (Azure takes up to 15 hours).
        assert _tiers(container, tenant.id) == {"Hot"}
        assert store.info(tenant.id).last_accessed_at == clock.now()
        assert dict(store.load(tenant.id).files) == SESSION
        # The attempted read counts as an access: the next run does not archive it again.
        assert job.run().moved == []
        assert _tiers(container, tenant.id) == {"Hot"}

    def test_a_partly_archived_session_is_not_half_read(self, store, container, clock) -> None:
        manifest = store.save("ten_partial", SESSION)
        container.get_blob_client(f"ten_partial/v/{manifest.version}/db/td.db").set_standard_blob_tier("Archive")

        with pytest.raises(SessionArchivedError):
            store.load("ten_partial")
        assert dict(store.load("ten_partial").files) == SESSION


class TestCommand:
    def test_pipster_jobs_run_tiering_prints_what_it_moved(self, azurite, tmp_path, monkeypatch, capsys) -> None:
        from shared import bootstrap, settings
        from shared.adapters.sql import migrate
        from shared.cli import main

        database_url = f"sqlite:///{tmp_path / 'pipster.db'}"
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("PIPSTER_SQL_URL", database_url)
        monkeypatch.setenv("AzureWebJobsStorage", azurite.connection_string)
        monkeypatch.delenv("PIPSTER_BLOB_CONNECTION", raising=False)
        monkeypatch.delenv("PIPSTER_BLOB_ACCOUNT_URL", raising=False)
        settings.get_settings.cache_clear()
        bootstrap.get_container.cache_clear()
        try:
            container = bootstrap.get_container()
            migrate.upgrade(container.database.engine)
            tenant = container.tenants.register(email="cli@example.com", display_name="CLI")
            container.sessions.save(tenant.id, SESSION)
            container.tenants.deactivate(tenant_id=tenant.id)
            # A session last touched long ago, as if saved 100 days before this run.
            pointer = container.sessions.info(tenant.id)
            assert pointer is not None
            container.sessions.set_tier(tenant.id, Tier.HOT, touch_at=pointer.last_accessed_at - 100 * DAY)
            _backdate_deactivation(container, tenant.id, 100 * DAY)

            assert main(["jobs", "run", "tiering"]) == 0

            printed = json.loads(capsys.readouterr().out)
            assert printed["moved"] == [{"tenant": tenant.id, "from": {"Hot": 3}, "to": "Archive", "blobs": 3,
                                         "reason": "deactivated for 90 days or more"}]
            container.sessions.delete(tenant.id)
        finally:
            bootstrap.get_container().close()
            bootstrap.get_container.cache_clear()
            settings.get_settings.cache_clear()


def _backdate_deactivation(container, tenant_id: str, by: timedelta) -> None:
    def work(uow):
        tenant = uow.tenants.get_by_id(tenant_id=tenant_id)
        tenant.deactivated_at -= by
        uow.tenants.update(tenant)

    container.database.transact(work)


class _PendingRehydration:
    """A transport for the real SDK that forwards every request to Azurite and then makes archived blobs
    look the way Azure shows them during the hours of a rehydration (Azurite has no such state):
    reads fail with 409 ``BlobBeingRehydrated`` and listings carry ``rehydrate-pending-to-hot``.
    It also records the Set Blob Tier requests, which must not be repeated while one is pending."""

    def __new__(cls):
        from azure.core.pipeline.transport import RequestsTransport

        class Transport(RequestsTransport):
            tier_requests: list[str] = []

            def send(self, request, **kwargs):
                if "comp=tier" in request.url:
                    self.tier_requests.append(request.url)
                response = super().send(request, **kwargs)
                headers = response.internal_response.headers
                if response.status_code == 409 and headers.get("x-ms-error-code") == "BlobArchived":
                    headers["x-ms-error-code"] = "BlobBeingRehydrated"
                    _rewrite(response, b"BlobArchived", b"BlobBeingRehydrated")
                elif "comp=list" in request.url and response.status_code == 200:
                    _rewrite(response, b"<AccessTier>Archive</AccessTier>",
                             b"<AccessTier>Archive</AccessTier><ArchiveStatus>rehydrate-pending-to-hot</ArchiveStatus>")
                return response

        return Transport()


def _rewrite(response, old: bytes, new: bytes) -> None:
    """Replace bytes in a response body, whether or not azure-core has already read it."""
    internal = response.internal_response
    internal._content = internal.content.replace(old, new)
    if getattr(response, "_content", None) is not None:
        response._content = response._content.replace(old, new)


class TestRehydrationInProgress:
    """Driven through the real SDK against Azurite, with the responses rewritten by ``_PendingRehydration``."""

    def test_loading_while_rehydrating_reports_it_and_asks_for_nothing_again(self, azurite, container, tenants,
                                                                             database, clock) -> None:
        from azure.storage.blob import BlobServiceClient

        tenant = tenants.register(email="pending@example.com", display_name="Pending")
        support.store(container, clock).save(tenant.id, SESSION)
        for blob in container.list_blobs(name_starts_with=f"{tenant.id}/v/"):
            container.get_blob_client(blob.name).set_standard_blob_tier("Archive")
        transport = _PendingRehydration()
        pending = BlobServiceClient.from_connection_string(azurite.connection_string, transport=transport)
        store = support.store(pending.get_container_client(container.container_name), clock)

        with pytest.raises(SessionArchivedError, match="rehydration already in progress") as caught:
            store.load(tenant.id)
        assert caught.value.started is False

        info = store.info(tenant.id)
        assert info.rehydrating == 3 and info.tiers == {Tier.ARCHIVE: 3}
        report = TieringService(store, database.repositories, clock).run()
        assert report.rehydrating == [tenant.id] and report.moved == [] and report.errors == []
        assert transport.tier_requests == []
