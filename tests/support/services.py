"""Reaching the real services the integration tests use, and what to do when one is missing.

Locally a missing service skips its tests with the reason; under ``CI=true`` it fails the run, so
a green CI always means the tests really ran against the real servers.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
POSTGRES_ADMIN_URL = os.environ.get("PIPSTER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("PIPSTER_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def unavailable(service: str, reason: str) -> None:
    message = f"{service} is not available: {reason}"
    if IN_CI:
        pytest.fail(message + " (CI=true: a missing service fails the run)", pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh schema on the PostgreSQL server for this run; yields a URL whose search_path is that schema."""
    import sqlalchemy as sa

    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text("select 1"))
    except Exception as exc:  # noqa: BLE001 - any failure to reach it is "unavailable"
        admin.dispose()
        unavailable("PostgreSQL", f"{POSTGRES_ADMIN_URL}: {type(exc).__name__}")
    schema = f"pipster_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_ADMIN_URL else "?"
    try:
        yield f"{POSTGRES_ADMIN_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def require_redis() -> str:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except Exception as exc:  # noqa: BLE001
        unavailable("Redis", f"{REDIS_URL}: {type(exc).__name__}")
    finally:
        client.close()
    return REDIS_URL


DEV_ACCOUNT = "devstoreaccount1"
# Azurite's well-known development key (public, documented by Microsoft; not a secret).
DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


@dataclass(frozen=True)
class Azurite:
    blob_port: int
    queue_port: int
    table_port: int

    @property
    def connection_string(self) -> str:
        host = "http://127.0.0.1"
        return (
            f"DefaultEndpointsProtocol=http;AccountName={DEV_ACCOUNT};AccountKey={DEV_KEY};"
            f"BlobEndpoint={host}:{self.blob_port}/{DEV_ACCOUNT};"
            f"QueueEndpoint={host}:{self.queue_port}/{DEV_ACCOUNT};"
            f"TableEndpoint={host}:{self.table_port}/{DEV_ACCOUNT};"
        )


class RestartableAzurite:
    """One Azurite process on fixed free loopback ports with its own data folder; ``stop``/``start`` keep both,
    so what was stored survives a restart (an outage, not a wipe)."""

    def __init__(self) -> None:
        self.ports = Azurite(free_port(), free_port(), free_port())
        self.workdir = tempfile.mkdtemp(prefix="azurite-")
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = REPO / "node_modules" / ".bin" / "azurite"
        if not binary.exists() or shutil.which("node") is None:
            unavailable("Azurite", f"{binary} missing (run `make setup`)")
        ports = self.ports
        self.process = process = subprocess.Popen(
            [str(binary), "--silent", "--skipApiVersionCheck", "--loose",
             "--blobHost", "127.0.0.1", "--blobPort", str(ports.blob_port),
             "--queueHost", "127.0.0.1", "--queuePort", str(ports.queue_port),
             "--tableHost", "127.0.0.1", "--tablePort", str(ports.table_port),
             "--location", self.workdir],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while not all(port_open("127.0.0.1", p) for p in (ports.blob_port, ports.queue_port, ports.table_port)):
            if process.poll() is not None or time.monotonic() > deadline:
                err = process.stderr.read().decode(errors="replace")[-500:] if process.stderr else ""
                unavailable("Azurite", f"did not start: {err}")
            time.sleep(0.1)

    def stop(self) -> None:
        """A clean shutdown (SIGTERM): Azurite writes its data folder before it exits."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


@contextmanager
def azurite() -> Iterator[Azurite]:
    """Start Azurite from node_modules on free loopback ports with a throwaway data folder; stop it afterwards."""
    running = RestartableAzurite()
    try:
        running.start()
        yield running.ports
    finally:
        running.close()
