"""Backup and restore of 10,000 tenants with 5 channels each, SQLite + Azurite (spec: RTO < 1 hour).

Baseline in the same run: SQLite's own online backup API copying the whole database file. The same
backup and restore are then measured on PostgreSQL (one schema to another) when the test server is up.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from azure.storage.blob import BlobServiceClient

from shared.adapters.backups import blob_backup_service
from shared.adapters.sql import migrate
from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.engine import create_engine
from shared.adapters.sql.schema import channel_configurations, tenants, trading_configurations
from shared.clock import FixedClock
from tests.support.services import azurite, postgres_schema

TENANTS, CHANNELS = 10_000, 5
RTO_SECONDS = 3600


def _seed(database: SqlDatabase) -> None:
    now = datetime(2026, 1, 5, tzinfo=UTC)
    t_rows = [{"Id": f"ten_{i:06d}", "Email": f"t{i}@example.com", "DisplayName": f"Tenant {i}", "Status": 1,
               "Plan": 1, "TelegramApiId": 1000 + i, "TelegramApiHash": "v1.k1." + "A" * 80,
               "TelegramPhoneNumber": "+44 7700 900000", "CreatedAt": now, "DeactivatedAt": None,
               "DeletionRequestedAt": None, "PurgeAfter": None} for i in range(TENANTS)]
    trading = [{"Id": f"trd_{i:06d}", "TenantId": f"ten_{i:06d}", "SizingMode": 1, "FixedUnits": 1,
                "EquityPercentage": None, "MaxTotalExposurePercent": 50, "MaxSlippagePips": 2,
                "WhitelistedSymbols": "[]", "BlacklistedSymbols": '["BTCUSD"]', "TradingSessionStart": None,
                "TradingSessionEnd": None, "TradingSessionDays": None, "AutoExecuteEnabled": True, "CreatedAt": now,
                "UpdatedAt": None} for i in range(TENANTS)]
    channels = [{"Id": f"chn_{i:06d}_{c}", "TenantId": f"ten_{i:06d}", "ChannelId": -1001000000000 - c,
                 "ChannelName": f"Signals {c}", "RegexPattern": "", "IsEnabled": True, "CreatedAt": now,
                 "UpdatedAt": None} for i in range(TENANTS) for c in range(CHANNELS)]
    with database.engine.begin() as conn:
        conn.execute(tenants.insert(), t_rows)
        conn.execute(trading_configurations.insert(), trading)
        conn.execute(channel_configurations.insert(), channels)


def main() -> bool:
    clock = FixedClock(datetime(2026, 1, 5, 12, tzinfo=UTC))
    with tempfile.TemporaryDirectory() as tmp, azurite() as storage:
        blobs = BlobServiceClient.from_connection_string(storage.connection_string)
        source_path = Path(tmp) / "source.db"
        source = SqlDatabase(create_engine(f"sqlite:///{source_path}"))
        migrate.upgrade(source.engine)
        _seed(source)

        started = time.perf_counter()
        with sqlite3.connect(source_path) as src, sqlite3.connect(Path(tmp) / "copy.db") as dst:
            src.backup(dst)
        file_copy = time.perf_counter() - started

        report = blob_backup_service(source, blobs, clock).run()
        target = SqlDatabase(create_engine(f"sqlite:///{Path(tmp) / 'target.db'}"))
        restored = blob_backup_service(target, blobs, clock).restore(report["backup"])
        source.dispose()
        target.dispose()

    rows = sum(report["rows"].values())
    print(f"\nbackup / restore — {TENANTS:,} tenants x {CHANNELS} channels ({rows:,} rows), SQLite + Azurite")
    print(f"  sqlite3 online backup of the file (baseline) {file_copy:8.2f} s   1.00x")
    ratio = report["seconds"] / file_copy
    print(f"  backup to Blob (gzipped JSON + manifest)     {report['seconds']:8.2f} s  {ratio:5.1f}x"
          f"   {report['bytes'] / 1e6:.1f} MB")
    print(f"  restore from Blob, verified                  {restored['seconds']:8.2f} s  "
          f"{restored['seconds'] / file_copy:5.1f}x   RTO budget {RTO_SECONDS} s: "
          f"{'met' if restored['seconds'] < RTO_SECONDS else 'MISSED'} ({restored['seconds'] / RTO_SECONDS:.2%} of it)")
    ok = restored["rows"] == report["rows"] and restored["seconds"] < RTO_SECONDS
    return bool(ok and _postgres(clock))


def _postgres(clock: FixedClock) -> bool:
    """The same data on PostgreSQL: backup from one schema, restore into an empty one."""
    try:
        with azurite() as storage, postgres_schema() as source_url, postgres_schema() as target_url:
            blobs = BlobServiceClient.from_connection_string(storage.connection_string)
            source = SqlDatabase(create_engine(source_url))
            migrate.upgrade(source.engine)
            _seed(source)
            report = blob_backup_service(source, blobs, clock).run()
            target = SqlDatabase(create_engine(target_url))
            restored = blob_backup_service(target, blobs, clock).restore(report["backup"])
            source.dispose()
            target.dispose()
    except BaseException as exc:  # noqa: BLE001 - pytest's skip (server down) is a BaseException
        if type(exc).__name__ != "Skipped":
            raise
        print(f"  PostgreSQL not reachable: not measured ({exc})")
        return True
    print(f"  PostgreSQL backup to Blob                    {report['seconds']:8.2f} s")
    print(f"  PostgreSQL restore from Blob, verified       {restored['seconds']:8.2f} s   RTO budget {RTO_SECONDS} s: "
          f"{'met' if restored['seconds'] < RTO_SECONDS else 'MISSED'}")
    return bool(restored["rows"] == report["rows"] and restored["seconds"] < RTO_SECONDS)
