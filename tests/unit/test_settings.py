from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.settings import Settings

EXAMPLE = Path(__file__).parents[2] / "local.settings.example.json"


def test_embedded_default_is_a_sqlite_file_under_the_data_dir(monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PIPSTER_SQL_URL", raising=False)
    monkeypatch.setenv("PIPSTER_DATA_DIR", "/srv/pipster")
    assert Settings().database_url == "sqlite:////srv/pipster/pipster.db"


def test_local_settings_json_is_read_under_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "local.settings.json").write_text(json.dumps(
        {"Values": {"PIPSTER_SQL_URL": "sqlite:///from-file.db", "PIPSTER_SQL_POOL_SIZE": "7"}}))
    monkeypatch.setenv("PIPSTER_SQL_POOL_SIZE", "9")
    settings = Settings()
    assert settings.database_url == "sqlite:///from-file.db" and settings.sql_pool_size == 9


def test_out_of_range_setting_names_the_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PIPSTER_SQL_POOL_SIZE", "0")
    with pytest.raises(Exception, match="PIPSTER_SQL_POOL_SIZE"):
        Settings()


def test_the_example_file_documents_every_setting() -> None:
    documented = set(json.loads(EXAMPLE.read_text())["Values"])
    declared = {f.validation_alias for f in Settings.model_fields.values()}
    assert declared <= documented, sorted(declared - documented)


def test_the_sql_pool_is_sized_from_the_worker_threads_unless_set(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PIPSTER_SQL_POOL_SIZE", raising=False)
    monkeypatch.delenv("PIPSTER_SQL_MAX_OVERFLOW", raising=False)
    monkeypatch.setenv("PYTHON_THREADPOOL_THREAD_COUNT", "24")
    assert Settings().sql_pool == (24, 24)
    monkeypatch.setenv("PIPSTER_SQL_POOL_SIZE", "3")
    monkeypatch.setenv("PIPSTER_SQL_MAX_OVERFLOW", "0")
    assert Settings().sql_pool == (3, 0)


def test_the_idempotency_lease_must_end_before_the_queue_hold(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A claim outliving the host's 10-minute message hold: a crashed run's redeliveries all find it in
    progress, burn their dequeue count and poison a message nobody processed."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PIPSTER_IDEMPOTENCY_LEASE_SECONDS", "600")
    with pytest.raises(Exception, match="PIPSTER_IDEMPOTENCY_LEASE_SECONDS"):
        Settings()
    monkeypatch.setenv("PIPSTER_IDEMPOTENCY_LEASE_SECONDS", "599")
    assert Settings().idempotency_lease == 599
