"""Hourly logical backups of every SQL table, and verified restores: the rules, behind two small ports.

A backup is ``{id}/{table}.jsonl.gz`` per table plus ``{id}/manifest.json`` (row counts, SHA-256
checksums, schema revision), read from one consistent snapshot. The manifest is written last: a backup
without one is incomplete, never listed or restored, and pruned. A crashed backup is resumed by the next
run taking a fresh snapshot (a snapshot cannot span two runs and stay consistent). Secrets stay
encrypted: columns are exported exactly as stored. Restores verify every checksum before writing anything
and load every table in one transaction, so a failed restore leaves the database empty.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from shared.clock import Clock
from shared.domain.errors import DomainError, NotFoundError, ValidationError
from shared.ports.backups import AbstractBackupFiles, AbstractBackupSource, TableDump
from shared.ports.leases import AbstractLeases
from shared.services.reports import JobReport

logger = logging.getLogger(__name__)
FORMAT = 1
LEASE_NAME = "backup"  # the maintenance job's lease too: a backup run as a job holds one lease, not two
_ID_FORMAT = "%Y%m%dT%H%M%SZ"


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
    """Backup, list, prune and restore."""

    def __init__(self, source: AbstractBackupSource, files: AbstractBackupFiles, leases: AbstractLeases,
                 clock: Clock, retention_days: int = 7) -> None:
        if not 1 <= retention_days <= 35:
            raise ValidationError("PIPSTER_BACKUP_RETENTION_DAYS", "must be between 1 and 35")
        self._source = source
        self._files = files
        self._leases = leases
        self._clock = clock
        self._retention = timedelta(days=retention_days)

    # -- backup ---------------------------------------------------------------------------------------
    def run(self) -> JobReport:
        """Take a backup unless another runner holds the lease; prune expired ones either way."""
        lease = self._leases.acquire(LEASE_NAME)
        if lease is None:
            logger.info("backup skipped: another run holds the lock")
            return JobReport("backup", {"skipped": "another backup is running"})
        try:
            return self.run_held()
        finally:
            lease.release()

    def run_held(self) -> JobReport:
        """Take a backup and prune; the caller holds the backup lease (the maintenance job runner)."""
        started = time.perf_counter()
        info = self._backup()
        pruned = self.prune()
        logger.info("backup %s written: %s rows in %s tables", info.id, sum(info.rows.values()), len(info.rows))
        return JobReport("backup", {"backup": info.id, "rows": info.rows, "bytes": info.bytes, "pruned": pruned,
                                    "seconds": round(time.perf_counter() - started, 3)})

    def _backup(self) -> BackupInfo:
        now = self._clock.now()
        backup_id = now.strftime(_ID_FORMAT)
        tables: dict[str, dict[str, Any]] = {}

        def write(dump: TableDump) -> None:
            name = f"{backup_id}/{dump.table}.jsonl.gz"
            self._files.put(name, dump.payload)
            tables[dump.table] = {"blob": name, "rows": dump.rows, "bytes": len(dump.payload),
                                  "sha256": hashlib.sha256(dump.payload).hexdigest()}

        revision = self._source.dump(write)
        manifest = {"format": FORMAT, "id": backup_id, "createdAt": now.isoformat(), "schemaRevision": revision,
                    "dialect": self._source.dialect, "tables": tables}
        self._files.put(f"{backup_id}/manifest.json", json.dumps(manifest, indent=2).encode())
        return _info(manifest)

    # -- list and prune -------------------------------------------------------------------------------
    def complete(self) -> list[BackupInfo]:
        """Complete backups (with a manifest), newest first."""
        found = []
        for name in self._files.names():
            if name.endswith("/manifest.json"):
                data = self._files.get(name)
                if data is not None:
                    found.append(_info(json.loads(data)))
        return sorted(found, key=lambda b: b.id, reverse=True)

    def prune(self) -> list[str]:
        """Delete backups past retention, and incomplete ones (no manifest) older than an hour."""
        now = self._clock.now()
        complete = {b.id for b in self.complete()}
        by_backup: dict[str, list[str]] = {}
        for name in self._files.names():
            if "/" in name:
                by_backup.setdefault(name.split("/", 1)[0], []).append(name)
        pruned = []
        for backup_id, names in sorted(by_backup.items()):
            taken = datetime.strptime(backup_id, _ID_FORMAT).replace(tzinfo=now.tzinfo)
            expired = now - taken > self._retention
            abandoned = backup_id not in complete and now - taken > timedelta(hours=1)
            if expired or abandoned:
                for name in sorted(names, key=lambda n: n.endswith("manifest.json"), reverse=True):
                    self._files.delete(name)  # manifest first: never a listed, half-deleted backup
                pruned.append(backup_id)
        return pruned

    # -- restore --------------------------------------------------------------------------------------
    def restore(self, backup_id: str, *, force: bool = False) -> dict[str, Any]:
        """Restore into an empty database (or, with ``force``, replace what it holds)."""
        started = time.perf_counter()
        manifest = self._manifest(backup_id)
        payloads = {name: self._verified(spec) for name, spec in manifest["tables"].items()}
        counts = self._source.load(payloads, revision=manifest["schemaRevision"], force=force)
        for name, spec in manifest["tables"].items():
            if counts.get(name) != spec["rows"]:
                raise BackupCorruptError(f"{name}: restored {counts.get(name)} rows, manifest says {spec['rows']}")
        logger.info("backup %s restored: %s rows", backup_id, sum(counts.values()))
        return {"restored": backup_id, "rows": counts, "seconds": round(time.perf_counter() - started, 3)}

    def _manifest(self, backup_id: str) -> dict[str, Any]:
        data = self._files.get(f"{backup_id}/manifest.json")
        if data is None:
            raise NotFoundError("backup", backup_id, field="backup_id")
        return dict(json.loads(data))

    def _verified(self, spec: dict[str, Any]) -> bytes:
        payload = self._files.get(spec["blob"])
        if payload is None or hashlib.sha256(payload).hexdigest() != spec["sha256"]:
            raise BackupCorruptError(f"{spec['blob']} does not match its manifest checksum")
        return payload


def _info(manifest: dict[str, Any]) -> BackupInfo:
    return BackupInfo(
        id=manifest["id"], created_at=datetime.fromisoformat(manifest["createdAt"]),
        schema_revision=manifest["schemaRevision"],
        rows={name: spec["rows"] for name, spec in manifest["tables"].items()},
        bytes=sum(spec["bytes"] for spec in manifest["tables"].values()),
    )
