"""Session save + load on Azurite: the store (checksums, versioned folder, pointer, clean-up) against
plain uploads and downloads of the same files with no checks (the baseline).

Goal (issue: session files in Blob Storage): save + load <= 2x the plain round trip.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from azure.storage.blob import BlobServiceClient

from bench.harness import compare, report
from shared.adapters.blob.sessions import BlobSessionStore
from shared.clock import FixedClock
from tests.support import services
from tests.support.sessions import realistic_session


def main() -> bool:
    with services.azurite() as azurite, tempfile.TemporaryDirectory() as tmp:
        service = BlobServiceClient.from_connection_string(azurite.connection_string)
        files = realistic_session(Path(tmp))
        raw = service.get_container_client("raw")
        raw.create_container()
        store = BlobSessionStore(service.get_container_client("telegram-sessions"),
                                 FixedClock(datetime(2026, 1, 5, tzinfo=UTC)))

        def plain() -> None:
            for name, data in files.items():
                raw.get_blob_client(f"ten_bench/{name}").upload_blob(data, overwrite=True)
            for name in files:
                raw.get_blob_client(f"ten_bench/{name}").download_blob().readall()

        def through_store() -> None:
            store.save("ten_bench", files)
            store.load("ten_bench")

        figures = compare({
            "plain upload + download, no checks (baseline)": plain,
            "store.save + store.load": through_store,
        }, calls=100, rounds=3)
    size = sum(len(d) for d in files.values()) // 1024
    return report(f"session round trip on Azurite ({len(files)} files, {size} KiB), us per save+load", figures, 2.0)
