"""Helpers for session-store tests: a store on its own Azurite container and a realistic session folder."""

from __future__ import annotations

import io
import os
import sqlite3
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from azure.storage.blob import BlobServiceClient, ContainerClient

from shared.adapters.blob.sessions import BlobSessionStore
from shared.clock import Clock


@contextmanager
def container(connection_string: str) -> Iterator[ContainerClient]:
    """A fresh container per test (the store creates it on first save), removed afterwards."""
    client = BlobServiceClient.from_connection_string(connection_string).get_container_client(
        f"sessions-{uuid.uuid4().hex[:16]}"
    )
    try:
        yield client
    finally:
        if client.exists():
            client.delete_container()


def store(client: ContainerClient, clock: Clock, **options: object) -> BlobSessionStore:
    return BlobSessionStore(client, clock, **options)  # type: ignore[arg-type]


def sqlite_file(folder: Path) -> bytes:
    """A real SQLite database file, like TDLib's db/td.db."""
    path = folder / "td.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table messages (id integer primary key, body blob)")
        conn.executemany("insert into messages (body) values (?)", [(os.urandom(300),) for _ in range(200)])
    conn.close()
    return path.read_bytes()


def realistic_session(folder: Path) -> dict[str, bytes]:
    """td.binlog, a real SQLite db and journal, and a nested media cache with awkward but legal names."""
    return {
        "td.binlog": os.urandom(64 * 1024) + bytes(range(256)),
        "db/td.db": sqlite_file(folder),
        "db/td.db-journal": b"",
        "files/photos/file_0.jpg": b"\xff\xd8\xff\xe0" + os.urandom(150_000),
        "files/documents/2026/01/report.pdf": b"%PDF-1.7\n" + os.urandom(20_000),
        "files/videos/clip #1 (final)?.mp4": os.urandom(300_000),
        "files/voice/100% done.ogg": os.urandom(5_000),
        "files/stickers/клип-ünïcødé.webp": os.urandom(1_000),
        "files/temp/zeros.bin": bytes(4096),
    }


def write_folder(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def zip_folder(root: Path) -> bytes:
    """Zip a session folder the way a user's tool would (directory entries included)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*")):
            archive.write(path, path.relative_to(root).as_posix())
    return buffer.getvalue()


def blob_names(client: ContainerClient) -> list[str]:
    if not client.exists():
        return []
    return sorted(b.name for b in client.list_blobs())
