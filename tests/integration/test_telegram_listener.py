"""The session listener against the real stores (Azurite: leases, sessions, checkpoints, the queue and the
events table; SQLite), with TDLib faked at its JSON update boundary (tests/support/fake_tdlib.py replays
recorded update objects; nothing logs in to Telegram).

Covered: subscribing to the enabled channels; new, edited and deleted messages mapped to the message
contract; the back-fill of a gap before live updates (a message older than the maximum signal delay is
recorded, not enqueued); the session written back; one owner per session and the hand-over when the owner
dies (a listener process killed with SIGKILL while holding the lease).
"""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from azure.storage.queue import QueueServiceClient

from shared.adapters.blob.checkpoints import BlobCheckpoints
from shared.adapters.sql import migrate
from shared.bootstrap import Container, bootstrap
from shared.services.telegram_listener import TenantListener
from shared.settings import Settings
from tests.support import tdlib_recordings as rec
from tests.support.fake_tdlib import SIGNED_IN, FakeTdlib
from tests.support.listener_runtime import runtime_of
from tests.support.services import REPO
from tests.support.waiting import wait_for

CHANNEL = -1001234567890
OTHER = -1009876543210  # a channel the tenant has, but disabled
LEASE_SECONDS = 15  # the Blob service's shortest lease: the hand-over test waits at most this long


@pytest.fixture
def settings(tmp_path: Path, azurite) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"PIPSTER_DATA_DIR": str(tmp_path), "PIPSTER_ENVIRONMENT": "test",
            "AzureWebJobsStorage": azurite.connection_string, "PIPSTER_EVENTS_TABLE": f"ev{uuid.uuid4().hex[:10]}"}


@pytest.fixture
def container(settings: dict[str, str]) -> Iterator[Container]:
    built = bootstrap(Settings(**settings))
    migrate.upgrade(built.database.engine)
    yield built
    built.close()


@pytest.fixture
def tenant_id(container: Container) -> str:
    tenant = container.tenants.register(email=f"l-{uuid.uuid4().hex[:8]}@example.com", display_name="Listener")
    container.credentials.set_telegram_credentials(tenant_id=tenant.id, api_id=1234567,
                                                   api_hash="0123456789abcdef0123456789abcdef")
    container.channels.add(tenant_id=tenant.id, channel_id=CHANNEL, channel_name="Gold")
    container.channels.add(tenant_id=tenant.id, channel_id=OTHER, channel_name="Old")
    container.channels.disable(tenant_id=tenant.id, channel_id=OTHER)
    container.sessions.save(tenant.id, {"td.binlog": SIGNED_IN, "db/td.db": b"old sqlite"})
    return tenant.id


def queued(container: Container, tenant_id: str) -> list[dict[str, Any]]:
    service = QueueServiceClient.from_connection_string(container.settings.webjobs_storage)
    client = service.get_queue_client("telegram-messages")
    try:
        peeked = client.peek_messages(max_messages=32)
    except Exception:  # noqa: BLE001 - not created yet: nothing was sent
        return []
    return [b for b in (json.loads(base64.b64decode(m.content)) for m in peeked) if b["tenantId"] == tenant_id]


def at_least(container: Container, tenant_id: str, count: int) -> list[dict[str, Any]] | None:
    found = queued(container, tenant_id)
    return found if len(found) >= count else None


@pytest.fixture(autouse=True)
def empty_queue(azurite) -> None:  # type: ignore[no-untyped-def]
    client = QueueServiceClient.from_connection_string(azurite.connection_string).get_queue_client(
        "telegram-messages")
    try:
        client.create_queue()
    except Exception:  # noqa: BLE001 - it exists
        client.clear_messages()


class Running:
    def __init__(self, listener: TenantListener) -> None:
        self.listener = listener
        self.stop = threading.Event()
        self.thread = threading.Thread(target=listener.run, args=(self.stop,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(30)
        assert not self.thread.is_alive()


def start(container: Container, fake: FakeTdlib, tenant_id: str) -> Running:
    listener = TenantListener(runtime_of(container, fake, lease_seconds=LEASE_SECONDS), tenant_id,
                              poll_seconds=0.1, retry_seconds=0.5)
    return Running(listener)


def test_new_edited_and_deleted_messages_of_enabled_channels_are_enqueued(container: Container,
                                                                         tenant_id: str) -> None:
    now = int(time.time())
    fake = FakeTdlib()
    fake.post(rec.message(CHANNEL, 10, "yesterday's signal", now - 86_400))
    fake.post(rec.message(OTHER, 3, "elsewhere", now - 86_400))
    running = start(container, fake, tenant_id)
    try:
        assert running.listener.connected.wait(20)
        wait_for(lambda: BlobCheckpoints(container.blobs).load(tenant_id) == {CHANNEL: 10}, timeout=10)
        assert [r["chat_id"] for r in fake.sent("openChat")] == [CHANNEL]  # subscribed to the enabled one only

        signal_post = rec.message(CHANNEL, 11, "Buy XAUUSD 3750 SL 3740", now, reply_to=10)
        fake.post(signal_post)
        fake.push(rec.new_message(signal_post))
        fake.push(rec.new_message(rec.message(OTHER, 4, "Sell EURUSD", now)))  # disabled channel: ignored
        fake.post({**signal_post, "edit_date": now + 60,
                   "content": rec.content_changed(CHANNEL, 11, "Buy XAUUSD 3750 SL 3745")["new_content"]})
        fake.push(rec.content_changed(CHANNEL, 11, "Buy XAUUSD 3750 SL 3745"))
        fake.push(rec.edited(CHANNEL, 11, now + 60))
        fake.push(rec.deleted(CHANNEL, [10], permanent=False, from_cache=True))  # only left TDLib's cache
        fake.push(rec.deleted(CHANNEL, [11]))
        messages = wait_for(lambda: at_least(container, tenant_id, 3), timeout=20)
    finally:
        running.close()

    new, edit, gone = messages
    assert (new["channelId"], new["messageId"], new["replyToMessageId"]) == (CHANNEL, 11, 10)
    assert new["content"] == "Buy XAUUSD 3750 SL 3740" and "editedAt" not in new and "deleted" not in new
    assert edit["messageId"] == 11 and edit["content"] == "Buy XAUUSD 3750 SL 3745" and edit["editedAt"]
    assert gone["messageId"] == 11 and gone["deleted"] is True
    assert len(queued(container, tenant_id)) == 3  # nothing from the disabled channel, nothing for the cache drop
    assert BlobCheckpoints(container.blobs).load(tenant_id) == {CHANNEL: 11}
    session = container.sessions.load(tenant_id).files  # written back through the store's replace
    assert session["td.binlog"] == SIGNED_IN + b"|used" and session["db/td.db"].startswith(b"sqlite of client")


def test_a_gap_is_back_filled_before_live_updates_and_too_late_messages_are_recorded_not_sent(
        container: Container, tenant_id: str) -> None:
    now = int(time.time())
    BlobCheckpoints(container.blobs).save(tenant_id, {CHANNEL: 20})
    fake = FakeTdlib()
    for number, age, text in [(19, 7200, "old"), (20, 3600, "last seen"), (21, 900, "Buy GBPUSD 1.25"),
                              (22, 60, "Buy XAUUSD 3750"), (23, 5, "Sell XAUUSD 3760")]:
        fake.post(rec.message(CHANNEL, number, text, now - age))
    live = rec.message(CHANNEL, 24, "Close all", now)
    fake.post(live)
    # TDLib reports a back-filled message live as well, and the new one right after connecting.
    fake.after_ready = [rec.new_message(fake.history[CHANNEL][22 << 20]), rec.new_message(live)]
    running = start(container, fake, tenant_id)
    try:
        messages = wait_for(lambda: at_least(container, tenant_id, 3), timeout=20)
        time.sleep(0.5)  # anything sent twice would be there by now
        assert [m["messageId"] for m in queued(container, tenant_id)] == [22, 23, 24]
    finally:
        running.close()
    assert [m["content"] for m in messages] == ["Buy XAUUSD 3750", "Sell XAUUSD 3760", "Close all"]
    assert BlobCheckpoints(container.blobs).load(tenant_id) == {CHANNEL: 24}
    rejected = _events(container, tenant_id, "SignalRejected")
    assert [(e.data["rule"], e.data["messageId"]) for e in rejected] == [("too_late", 21)]


def test_a_session_that_is_not_signed_in_never_connects(container: Container, tenant_id: str) -> None:
    container.sessions.save(tenant_id, {"td.binlog": b"logged out"})
    fake = FakeTdlib()
    fake.post(rec.message(CHANNEL, 1, "x", int(time.time())))
    running = Running(TenantListener(runtime_of(container, fake, lease_seconds=LEASE_SECONDS), tenant_id,
                                     poll_seconds=0.1, retry_seconds=0.5, not_signed_in_seconds=1))
    try:
        wait_for(lambda: len(fake.sent("setTdlibParameters")) >= 2, timeout=20)  # tried, and tries again later
        assert not running.listener.connected.is_set() and not fake.sent("openChat")
    finally:
        running.close()
    assert queued(container, tenant_id) == []


def test_one_owner_per_session_and_a_dead_owner_is_replaced_within_the_lease(
        container: Container, tenant_id: str, settings: dict[str, str]) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.support.listener_child", json.dumps(settings), tenant_id, str(CHANNEL),
         str(LEASE_SECONDS)], cwd=REPO, stdout=subprocess.PIPE, text=True, env={**os.environ})
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "connected"
        fake = FakeTdlib()
        now = int(time.time())
        fake.post(rec.message(CHANNEL, 1, "hello", now - 3600))
        standby = start(container, fake, tenant_id)
        time.sleep(LEASE_SECONDS + 3)  # longer than a lease: the owner renews it while connected
        assert not standby.listener.connected.is_set() and not fake.sent("setTdlibParameters")  # it waits
        fake.post(rec.message(CHANNEL, 2, "Buy XAUUSD 3750", now))  # posted while the owner is dying
        child.send_signal(signal.SIGKILL)  # dies holding the lease: no release, no write-back
        child.wait(10)
        killed_at = time.monotonic()
        assert standby.listener.connected.wait(LEASE_SECONDS + 10)
        assert time.monotonic() - killed_at <= LEASE_SECONDS + 5
        (message,) = wait_for(lambda: queued(container, tenant_id) or None, timeout=10)  # the gap, back-filled
        assert message["messageId"] == 2
        standby.close()
    finally:
        if child.poll() is None:
            child.kill()


def _events(container: Container, tenant_id: str, kind: str) -> list[Any]:
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    return list(container.events.iter_events(tenant_id=tenant_id, since=now - timedelta(hours=1),
                                             until=now + timedelta(minutes=1), types=[kind]))


def test_the_gdpr_purge_erases_the_listeners_checkpoints(container: Container, tenant_id: str) -> None:
    from datetime import UTC, datetime, timedelta

    checkpoints = BlobCheckpoints(container.blobs)
    checkpoints.save(tenant_id, {CHANNEL: 42})
    container.tenants.schedule_deletion(tenant_id=tenant_id)
    tenant = container.database.repositories.tenants.get_by_id(tenant_id=tenant_id)
    assert tenant is not None
    erased = container.gdpr_purge.purge(tenant, datetime.now(UTC) + timedelta(days=31))
    assert erased["listenerCheckpoints"] is True and checkpoints.load(tenant_id) == {}


def test_a_listener_whose_lease_was_taken_disconnects(container: Container, tenant_id: str) -> None:
    fake = FakeTdlib()
    fake.post(rec.message(CHANNEL, 1, "hello", int(time.time()) - 3600))
    running = start(container, fake, tenant_id)
    try:
        assert running.listener.connected.wait(20)
        # An operator breaks the lease and someone else takes it: the next renewal finds it gone.
        blob = container.blobs.get_container_client("maintenance-locks").get_blob_client(
            f"telegram-session-{tenant_id}")
        from azure.storage.blob import BlobLeaseClient

        BlobLeaseClient(blob).break_lease(lease_break_period=0)
        blob.acquire_lease(lease_duration=LEASE_SECONDS)
        wait_for(lambda: not running.listener.connected.is_set(), timeout=LEASE_SECONDS)
        assert fake.sent("close")  # the session was closed, not left running beside the new holder
    finally:
        running.close()


def test_pipster_listen_serves_each_tenant_with_credentials_and_a_session(container: Container,
                                                                         tenant_id: str) -> None:
    from shared.services.listener_supervisor import ListenerSupervisor, listenable_tenants

    no_session = container.tenants.register(email=f"n-{uuid.uuid4().hex[:8]}@example.com", display_name="N")
    container.credentials.set_telegram_credentials(tenant_id=no_session.id, api_id=7654321,
                                                   api_hash="fedcba9876543210fedcba9876543210")
    fake = FakeTdlib()
    fake.post(rec.message(CHANNEL, 1, "hello", int(time.time()) - 3600))
    runtime = runtime_of(container, fake, lease_seconds=LEASE_SECONDS)
    found = listenable_tenants(runtime)
    assert tenant_id in found and no_session.id not in found
    supervisor = ListenerSupervisor(runtime, lambda: [tenant_id], rescan_seconds=0.2,
                                    listener=lambda t: TenantListener(runtime, t, poll_seconds=0.1))
    stop = threading.Event()
    thread = threading.Thread(target=supervisor.run, args=(stop,), daemon=True)
    thread.start()
    try:
        wait_for(lambda: tenant_id in supervisor.listeners, timeout=5)
        assert supervisor.listeners[tenant_id].connected.wait(20)
        time.sleep(0.5)  # several rescans: still one listener per tenant
        assert list(supervisor.listeners) == [tenant_id] and len(fake.sent("setTdlibParameters")) == 1
    finally:
        stop.set()
        thread.join(60)
    assert not thread.is_alive() and fake.sent("close")


def test_the_tenants_own_signal_delay_bounds_what_a_back_fill_trades(container: Container, tenant_id: str) -> None:
    """maxSignalDelaySeconds of 30 minutes: a message missed for 15 is still traded, not recorded as too late."""
    from shared.domain.trading import TradingChanges

    container.trading.update(tenant_id=tenant_id, changes=TradingChanges(max_signal_delay_seconds=1800))
    now = int(time.time())
    BlobCheckpoints(container.blobs).save(tenant_id, {CHANNEL: 20})
    fake = FakeTdlib()
    for number, age, text in [(21, 900, "Buy GBPUSD 1.25"), (22, 3000, "Buy XAUUSD 3750")]:
        fake.post(rec.message(CHANNEL, number, text, now - age))
    running = start(container, fake, tenant_id)
    try:
        wait_for(lambda: at_least(container, tenant_id, 1), timeout=20)
        wait_for(lambda: _events(container, tenant_id, "SignalRejected"), timeout=20)
    finally:
        running.close()
    assert [m["messageId"] for m in queued(container, tenant_id)] == [21]
    rejected = _events(container, tenant_id, "SignalRejected")
    assert [(e.data["rule"], e.data["messageId"]) for e in rejected] == [("too_late", 22)]
