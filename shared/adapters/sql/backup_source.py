"""The SQL side of a logical backup: every table as gzipped JSON Lines from one snapshot, and back."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable, Mapping
from typing import Any

import sqlalchemy as sa

from shared.adapters.sql import migrate
from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.schema import metadata
from shared.adapters.sql.snapshot import from_json_value, snapshot, to_json_value
from shared.domain.errors import ConflictError, ValidationError
from shared.ports.backups import AbstractBackupSource, TableDump

_BATCH = 1000


class SqlBackupSource(AbstractBackupSource):
    def __init__(self, database: SqlDatabase) -> None:
        self._db = database

    @property
    def dialect(self) -> str:
        return self._db.engine.dialect.name

    def dump(self, each: Callable[[TableDump], None]) -> str:
        with snapshot(self._db.engine) as conn:
            revision: str = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
            for table in metadata.sorted_tables:
                payload, rows = _export(conn, table)
                each(TableDump(table.name, payload, rows))
        return revision

    def current_revision(self) -> str | None:
        return migrate.current_revision(self._db.engine)

    def load(self, payloads: Mapping[str, bytes], *, revision: str, force: bool) -> dict[str, int]:
        engine = self._db.engine
        current = migrate.current_revision(engine)
        if current is None:
            migrate.upgrade(engine, revision)
        elif current != revision:
            raise ValidationError("backup_id", f"backup is at schema revision {revision}, the database at "
                                               f"{current}: restore into a database at that revision")
        counts: dict[str, int] = {}
        with engine.begin() as conn:
            if not force and any(conn.execute(sa.select(sa.literal(1)).select_from(t).limit(1)).first()
                                 for t in metadata.sorted_tables):
                raise ConflictError("database", "is not empty: restore into an empty database or pass --force")
            if force:
                for table in reversed(metadata.sorted_tables):
                    conn.execute(table.delete())
            for table in metadata.sorted_tables:
                counts[table.name] = _load(conn, table, payloads.get(table.name, b""))
        return counts


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
