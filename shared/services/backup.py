"""Hourly logical backups of every SQL table to Blob Storage, and verified restores.

A backup is ``backups/{id}/{table}.jsonl.gz`` per table plus ``backups/{id}/manifest.json`` (row counts,
SHA-256 checksums, schema revision), read from one consistent snapshot. The manifest is written last:
a backup without one is incomplete, never listed or restored, and pruned. A crashed backup is resumed
by the next run taking a fresh snapshot (a snapshot cannot span two runs and stay consistent).
Secrets stay encrypted: columns are exported exactly as stored. Restores verify every checksum before
writing anything and load every table in one transaction, so a failed restore leaves the database empty.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from shared.adapters.sql import migrate
from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.schema import metadata
from shared.adapters.sql.snapshot import from_json_value, snapshot, to_json_value
from shared.clock import Clock
from shared.domain.errors import ConflictError, DomainError, NotFoundError, ValidationError

logger = logging.getLogger(__name__)
CONTAINER = "backups"
FORMAT = 1
_LOCK_BLOB = ".lock"
_BATCH = 1000


class BackupCorruptError(DomainError):
    """A backup file does not match its manifest's checksum: nothing was restored."""


@dataclass(frozen=True)
class BackupInfo:
    id: str
    created_at: datetime
    schema_revision: str
    rows: dict[str, int]
    bytes: int


class BackupService:
    """Backup, list, prune and restore. ``blobs`` is an azure-storage-blob ``BlobServiceClient``."""

    def __init__(self, database: SqlDatabase, blobs: Any, clock: Clock, retention_days: int = 7) -> None:
        if not 1 <= retention_days <= 35:
            raise ValidationError("PIPSTER_BACKUP_RETENTION_DAYS", "must be between 1 and 35")
        self._db = database
        self._container = blobs.get_container_client(CONTAINER)
        self._clock = clock
        self._retention = timedelta(days=retention_days)

    # -- backup ---------------------------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        """Take a backup unless another runner holds the lock; prune expired ones either way."""
        started = time.perf_counter()
        self._ensure_container()
        lease = self._acquire_lock()
        if lease is None:
            logger.info("backup skipped: another run holds the lock")
            return {"skipped": "another backup is running"}
        try:
            info = self._backup(lease)
            pruned = self.prune()
        finally:
            lease.release()
        report = {"backup": info.id, "rows": info.rows, "bytes": info.bytes, "pruned": pruned,
                  "seconds": round(time.perf_counter() - started, 3)}
        logger.info("backup %s written: %s rows in %s tables", info.id, sum(info.rows.values()), len(info.rows))
        return report

    def _backup(self, lease: Any) -> BackupInfo:
        now = self._clock.now()
        backup_id = now.strftime("%Y%m%dT%H%M%SZ")
        tables: dict[str, dict[str, Any]] = {}
        with snapshot(self._db.engine) as conn:
            revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
            for table in metadata.sorted_tables:
                payload, rows = _export(conn, table)
                name = f"{backup_id}/{table.name}.jsonl.gz"
                self._container.upload_blob(name, payload, overwrite=True)
                tables[table.name] = {"blob": name, "rows": rows, "bytes": len(payload),
                                      "sha256": hashlib.sha256(payload).hexdigest()}
                lease.renew()
        manifest = {"format": FORMAT, "id": backup_id, "createdAt": now.isoformat(), "schemaRevision": revision,
                    "dialect": self._db.engine.dialect.name, "tables": tables}
        self._container.upload_blob(f"{backup_id}/manifest.json", json.dumps(manifest, indent=2), overwrite=True)
        return _info(manifest)

    # -- list and prune -------------------------------------------------------------------------------
    def list(self) -> list[BackupInfo]:
        """Complete backups (with a manifest), newest first."""
        self._ensure_container()
        found = []
        for blob in self._container.list_blobs():
            if blob.name.endswith("/manifest.json"):
                found.append(_info(json.loads(self._container.download_blob(blob.name).readall())))
        return sorted(found, key=lambda b: b.id, reverse=True)

    def prune(self) -> list[str]:
        """Delete backups past retention, and incomplete ones (no manifest) older than an hour."""
        now = self._clock.now()
        complete = {b.id for b in self.list()}
        by_backup: dict[str, list[Any]] = {}
        for blob in self._container.list_blobs():
            if "/" in blob.name:
                by_backup.setdefault(blob.name.split("/", 1)[0], []).append(blob)
        pruned = []
        for backup_id, blobs in sorted(by_backup.items()):
            taken = datetime.strptime(backup_id, "%Y%m%dT%H%M%SZ").replace(tzinfo=now.tzinfo)
            expired = now - taken > self._retention
            abandoned = backup_id not in complete and now - taken > timedelta(hours=1)
            if expired or abandoned:
                for blob in sorted(blobs, key=lambda b: b.name.endswith("manifest.json"), reverse=True):
                    self._container.delete_blob(blob.name)  # manifest first: never a listed, half-deleted backup
                pruned.append(backup_id)
        return pruned

    # -- restore --------------------------------------------------------------------------------------
    def restore(self, backup_id: str, *, force: bool = False) -> dict[str, Any]:
        """Restore into an empty database (or, with ``force``, replace what it holds)."""
        started = time.perf_counter()
        manifest = self._manifest(backup_id)
        files = {name: self._verified(spec) for name, spec in manifest["tables"].items()}
        engine = self._db.engine
        current = migrate.current_revision(engine)
        if current is None:
            migrate.upgrade(engine, manifest["schemaRevision"])
        elif current != manifest["schemaRevision"]:
            raise ValidationError("backup_id", f"backup is at schema revision {manifest['schemaRevision']}, "
                                               f"the database at {current}: restore into a database at that revision")
        counts: dict[str, int] = {}
        with engine.begin() as conn:
            if not force and any(conn.execute(sa.select(sa.literal(1)).select_from(t).limit(1)).first()
                                 for t in metadata.sorted_tables):
                raise ConflictError("database", "is not empty: restore into an empty database or pass --force")
            if force:
                for table in reversed(metadata.sorted_tables):
                    conn.execute(table.delete())
            for table in metadata.sorted_tables:
                counts[table.name] = _load(conn, table, files.get(table.name, b""))
        for name, spec in manifest["tables"].items():
            if counts.get(name) != spec["rows"]:
                raise BackupCorruptError(f"{name}: restored {counts.get(name)} rows, manifest says {spec['rows']}")
        logger.info("backup %s restored: %s rows", backup_id, sum(counts.values()))
        return {"restored": backup_id, "rows": counts, "seconds": round(time.perf_counter() - started, 3)}

    def _manifest(self, backup_id: str) -> dict[str, Any]:
        from azure.core.exceptions import ResourceNotFoundError

        try:
            return dict(json.loads(self._container.download_blob(f"{backup_id}/manifest.json").readall()))
        except ResourceNotFoundError:
            raise NotFoundError("backup", backup_id, field="backup_id") from None

    def _verified(self, spec: dict[str, Any]) -> bytes:
        payload: bytes = self._container.download_blob(spec["blob"]).readall()
        if hashlib.sha256(payload).hexdigest() != spec["sha256"]:
            raise BackupCorruptError(f"{spec['blob']} does not match its manifest checksum")
        return payload

    # -- plumbing -------------------------------------------------------------------------------------
    def _ensure_container(self) -> None:
        from azure.core.exceptions import ResourceExistsError

        try:
            self._container.create_container()
        except ResourceExistsError:
            pass

    def _acquire_lock(self) -> Any | None:
        from azure.core.exceptions import HttpResponseError, ResourceExistsError

        lock = self._container.get_blob_client(_LOCK_BLOB)
        try:
            lock.upload_blob(b"", overwrite=False)
        except ResourceExistsError:
            pass
        try:
            return lock.acquire_lease(lease_duration=60)
        except HttpResponseError as exc:
            if getattr(exc, "error_code", None) == "LeaseAlreadyPresent":
                return None
            raise


def _export(conn: sa.Connection, table: sa.Table) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    rows = 0
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as out:
        result = conn.execution_options(yield_per=_BATCH).execute(
            sa.select(table).order_by(*table.primary_key.columns))
        for row in result:
            record = {k: to_json_value(v) for k, v in row._mapping.items()}
            out.write(json.dumps(record, separators=(",", ":"), ensure_ascii=False).encode() + b"\n")
            rows += 1
    return buffer.getvalue(), rows


def _load(conn: sa.Connection, table: sa.Table, payload: bytes) -> int:
    if not payload:
        return 0
    columns = {c.name: c for c in table.columns}
    batch: list[dict[str, Any]] = []
    loaded = 0
    for line in gzip.decompress(payload).splitlines():
        record = json.loads(line)
        batch.append({k: from_json_value(columns[k], v) for k, v in record.items()})
        if len(batch) >= _BATCH:
            conn.execute(table.insert(), batch)
            loaded += len(batch)
            batch = []
    if batch:
        conn.execute(table.insert(), batch)
        loaded += len(batch)
    return loaded


def _info(manifest: dict[str, Any]) -> BackupInfo:
    return BackupInfo(
        id=manifest["id"], created_at=datetime.fromisoformat(manifest["createdAt"]),
        schema_revision=manifest["schemaRevision"],
        rows={name: spec["rows"] for name, spec in manifest["tables"].items()},
        bytes=sum(spec["bytes"] for spec in manifest["tables"].values()),
    )
