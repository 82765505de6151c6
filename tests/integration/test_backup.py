"""Backups to Blob (Azurite) from SQLite and PostgreSQL, restored and compared row by row."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from azure.storage.blob import BlobServiceClient

from shared.adapters.backups import blob_backup_service
from shared.adapters.blob.backup_files import CONTAINER
from shared.adapters.brokers.paper import PaperBroker
from shared.adapters.sql import migrate
from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.engine import create_engine
from shared.adapters.sql.schema import metadata
from shared.clock import FixedClock
from shared.domain.errors import ConflictError, NotFoundError
from shared.domain.trading import TradingConfiguration
from shared.ports.brokers import OrderRequest
from shared.services.backup import BackupCorruptError, BackupService
from shared.services.stats import StatsRecorder
from tests.integration.test_repositories import NOW, broker, channel, ref, save, tenant
from tests.support.services import Azurite
from tests.support.trades import seed_managed_trade


@pytest.fixture
def blobs(azurite: Azurite) -> BlobServiceClient:
    service = BlobServiceClient.from_connection_string(azurite.connection_string)
    return service


@pytest.fixture
def container_name(blobs: BlobServiceClient, monkeypatch: pytest.MonkeyPatch) -> str:
    """A container per test, so tests never see each other's backups."""
    name = f"backups-{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr("shared.adapters.blob.backup_files.CONTAINER", name)
    return name


def seed(database: SqlDatabase, clock: FixedClock) -> None:
    for i in range(3):
        t = tenant(telegram_api_hash=f"v1.k1.ENCRYPTED{i}", display_name=f"Déjà vu {i}")
        c1, c2 = channel(t.id, -1001 - i, regex_pattern=r"(?P<side>BUY)\s(?P<symbol>\w+)"), channel(t.id, 77 + i)
        b = broker(t.id, metadata={"account": f"A{i}"})
        trading = TradingConfiguration.default_for(t.id, ref("trd"), NOW)
        trading.max_slippage_pips = Decimal("1.25")
        save(database, t, c1, c2, b, trading)
        database.transact(lambda uow, t=t, c1=c1, b=b: uow.brokers.set_channel_brokers(
            tenant_id=t.id, config_id=c1.id, broker_ids=[b.id]))
        order = OrderRequest(f"pip-{i}", "XAUUSD", "Buy", 1, price=Decimal("2350.12345678"))
        PaperBroker(database, b, clock).place_order(order)
        trade = seed_managed_trade(database, b, clock)  # trades, legs, history, a paper action
        database.transact(lambda uow, trade=trade: StatsRecorder(database).record_trade(uow, trade))  # stats rows


def dump(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {t.name: [tuple(r) for r in conn.execute(sa.select(t).order_by(*t.primary_key.columns))]
                for t in metadata.sorted_tables}


def fresh_sqlite(tmp_path: Path) -> SqlDatabase:
    return SqlDatabase(create_engine(f"sqlite:///{tmp_path / f'restore-{uuid.uuid4().hex[:6]}.db'}"))


def test_round_trip_restores_every_row_into_an_empty_database(database: SqlDatabase, blobs: BlobServiceClient,
                                                              container_name: str, clock: FixedClock,
                                                              tmp_path: Path) -> None:
    seed(database, clock)
    report = blob_backup_service(database, blobs, clock).run()
    assert report["rows"]["Tenants"] == 3 and report["rows"]["ChannelConfigurations"] == 6
    assert (report["rows"]["Trades"], report["rows"]["TradeLegs"], report["rows"]["PaperActions"]) == (3, 3, 3)
    assert (report["rows"]["ChannelStatFacts"], report["rows"]["ChannelDailyStats"]) == (6, 3)  # opened, closed
    target = fresh_sqlite(tmp_path)
    restored = blob_backup_service(target, blobs, clock).restore(report["backup"])
    assert restored["rows"] == report["rows"]
    assert dump(target.engine) == dump(database.engine)
    assert migrate.current_revision(target.engine) == migrate.head_revision()
    target.dispose()


def test_secrets_stay_encrypted_in_the_backup(database: SqlDatabase, blobs: BlobServiceClient, container_name: str,
                                              clock: FixedClock) -> None:
    import gzip

    seed(database, clock)
    backup_id = blob_backup_service(database, blobs, clock).run()["backup"]
    tenants_file = blobs.get_container_client(container_name).download_blob(f"{backup_id}/Tenants.jsonl.gz").readall()
    assert b"v1.k1.ENCRYPTED0" in gzip.decompress(tenants_file)  # the stored envelope, as stored


def test_a_non_empty_database_is_refused_unless_forced(database: SqlDatabase, blobs: BlobServiceClient,
                                                       container_name: str, clock: FixedClock) -> None:
    seed(database, clock)
    service = blob_backup_service(database, blobs, clock)
    backup_id = service.run()["backup"]
    before = dump(database.engine)
    with pytest.raises(ConflictError, match="not empty"):
        service.restore(backup_id)
    save(database, tenant())
    service.restore(backup_id, force=True)
    assert dump(database.engine) == before


def test_a_corrupted_file_restores_nothing(database: SqlDatabase, blobs: BlobServiceClient, container_name: str,
                                          clock: FixedClock, tmp_path: Path) -> None:
    seed(database, clock)
    backup_id = blob_backup_service(database, blobs, clock).run()["backup"]
    blobs.get_container_client(container_name).upload_blob(f"{backup_id}/Tenants.jsonl.gz", b"garbage",
                                                           overwrite=True)
    target = fresh_sqlite(tmp_path)
    with pytest.raises(BackupCorruptError, match="Tenants"):
        blob_backup_service(target, blobs, clock).restore(backup_id)
    assert not sa.inspect(target.engine).get_table_names() or all(not rows for rows in dump(target.engine).values())
    with pytest.raises(NotFoundError):
        blob_backup_service(target, blobs, clock).restore("20200101T000000Z")
    target.dispose()


def test_two_runners_at_once_make_one_backup(database: SqlDatabase, blobs: BlobServiceClient, container_name: str,
                                            clock: FixedClock) -> None:
    seed(database, clock)
    reports: list[dict[str, Any]] = []
    threads = [threading.Thread(target=lambda: reports.append(blob_backup_service(database, blobs, clock).run()))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len([r for r in reports if "backup" in r]) >= 1
    assert len(blob_backup_service(database, blobs, clock).complete()) == 1  # same instant, same id: no double work


def test_retention_prunes_old_and_abandoned_backups(database: SqlDatabase, blobs: BlobServiceClient,
                                                    container_name: str, clock: FixedClock) -> None:
    service = blob_backup_service(database, blobs, clock, retention_days=7)
    old = service.run()["backup"]
    container = blobs.get_container_client(container_name)
    clock.advance(timedelta(hours=2))
    abandoned = clock.now().strftime("%Y%m%dT%H%M%SZ")
    container.upload_blob(f"{abandoned}/Tenants.jsonl.gz", b"half a backup")  # a crash before the manifest
    assert [b.id for b in service.complete()] == [old]  # incomplete backups are never listed
    clock.advance(timedelta(days=7))
    report = service.run()
    assert set(report["pruned"]) == {old, abandoned}
    assert [b.id for b in service.complete()] == [report["backup"]]


def test_retention_is_bounded() -> None:
    from shared.domain.errors import ValidationError

    with pytest.raises(ValidationError, match="RETENTION"):
        BackupService(None, None, None, None, retention_days=36)  # type: ignore[arg-type]  # rejected first


def test_the_default_container_is_backups() -> None:
    assert CONTAINER == "backups"
