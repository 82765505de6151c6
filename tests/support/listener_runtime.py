"""The session listener's runtime over a test container: real Blob leases, sessions, checkpoints and queue
(Azurite), the real SQL store, and the real TDLib client over the fake TDLib JSON interface."""

from __future__ import annotations

from pathlib import Path

from shared.adapters.blob.checkpoints import BlobCheckpoints
from shared.adapters.blob.leases import BlobLeases
from shared.adapters.telegram.tdjson_hub import TdJsonHub
from shared.adapters.telegram.tdlib_client import TdlibClientFactory
from shared.bootstrap import Container
from shared.clock import SystemClock
from shared.services.telegram_listener import ListenerRuntime
from tests.support.fake_tdlib import FakeTdlib


def runtime_of(container: Container, fake: FakeTdlib, *, lease_seconds: int = 15) -> ListenerRuntime:
    return ListenerRuntime(
        leases=BlobLeases(container.blobs, lease_seconds=lease_seconds), sessions=container.sessions,
        checkpoints=BlobCheckpoints(container.blobs), credentials=container.credentials,
        repositories=container.database.repositories, queues=container.queues, events=container.events,
        clients=TdlibClientFactory(Path(container.settings.data_dir) / "listener", TdJsonHub(fake), timeout=10),
        clock=SystemClock())
