"""Session rules without I/O: names in the spec's layout, the tier policy, zip intake, lazy wiring."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from shared.domain.errors import ValidationError
from shared.domain.session_archive import read_zip, write_zip
from shared.domain.sessions import Tier, check_files, check_path
from shared.domain.tenant import Tenant
from shared.services.tiering import target_tier

NOW = datetime(2026, 6, 1, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.mark.parametrize("name", [
    "td.binlog", "db/td.db", "db/td.db-journal", "files/a.jpg", "files/deep/er/x y #1?.bin", "files/ünï/код.webp",
    "files/..hidden", "files/a..b",
])
def test_names_in_the_spec_layout_are_accepted(name: str) -> None:
    assert check_path(name) == name


@pytest.mark.parametrize(("name", "problem"), [
    ("", "required"), ("../x", "'..'"), ("files/..", "'..'"), ("/etc/passwd", "absolute"), ("c:x", "absolute"),
    ("files\\x", "backslash"), ("files/\x00", "NUL"), ("files/\t", "control"), ("files/\x7f", "control"),
    ("db/td.db-wal", "outside"), ("files", "outside"), ("TD.BINLOG", "outside"), ("files/", "empty"),
    ("files/" + "x" * 1000, "longer than"),
    # Invisible or reordering characters: a name shown in a listing or a log must read as what it is
    ("files/cod\u202egpj.exe", "format"), ("files/a\u200bb", "format"), ("files/\ufeffx", "format"),
    ("files/a\u2028b", "format"), ("files/a\x85b", "control"), ("files/\ud800", "format"),
])
def test_unsafe_or_foreign_names_are_refused(name: str, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        check_path(name)


def test_a_file_set_must_hold_bytes_and_the_main_file() -> None:
    with pytest.raises(ValidationError, match="must be bytes"):
        check_files({"td.binlog": "text"}, max_bytes=100)  # type: ignore[dict-item]
    with pytest.raises(ValidationError, match="main file"):
        check_files({"files/a": b""}, max_bytes=100)
    assert check_files({"td.binlog": bytearray(b"x")}, max_bytes=1) == {"td.binlog": b"x"}


def test_a_zip_written_by_the_store_reads_back_identically() -> None:
    files = {"td.binlog": b"b", "db/td.db": bytes(range(256)), "files/x/y.bin": b"\x00" * 10}
    assert read_zip(write_zip(files), max_bytes=10_000) == files


def test_directory_entries_in_a_zip_are_ignored() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("db/", b"")
        archive.writestr("td.binlog", b"b")
    assert read_zip(buffer.getvalue(), max_bytes=1000) == {"td.binlog": b"b"}


def test_a_zip_with_too_many_entries_is_refused_before_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shared.domain.session_archive.MAX_FILES", 3)
    files = {"td.binlog": b"b", **{f"files/{i}.bin": b"x" for i in range(3)}}
    with pytest.raises(ValidationError, match="holds 4 files; at most 3"):
        read_zip(write_zip(files), max_bytes=10_000)


def _tenant(*, active: bool, deactivated_days_ago: int | None = None) -> Tenant:
    tenant = Tenant(id="ten_1", email="t@example.com", display_name="T", created_at=NOW - 400 * DAY)
    if not active:
        tenant.deactivate(NOW - (deactivated_days_ago or 0) * DAY)
    return tenant


@pytest.mark.parametrize(("active", "idle_days", "deactivated_days", "archived", "expected"), [
    (True, 0, None, False, Tier.HOT),
    (True, 29.9, None, False, Tier.HOT),
    (True, 30, None, False, Tier.COOL),
    (True, 500, None, False, Tier.COOL),  # active tenants are never archived
    (True, 500, None, True, Tier.HOT),  # ...and come back from Archive when reactivated
    (False, 10, 100, False, Tier.HOT),  # deactivated but recently accessed
    (False, 45, 100, False, Tier.COOL),
    (False, 100, 89, False, Tier.COOL),  # deactivated less than 90 days ago
    (False, 100, 90, False, Tier.ARCHIVE),
    (False, 89, 200, False, Tier.COOL),  # accessed less than 90 days ago
    (False, 200, 200, True, Tier.ARCHIVE),
])
def test_the_tier_follows_activity(active: bool, idle_days: float, deactivated_days: int | None, archived: bool,
                                   expected: Tier) -> None:
    tenant = _tenant(active=active, deactivated_days_ago=deactivated_days)
    tier = target_tier(tenant, last_accessed_at=NOW - idle_days * DAY, archived=archived, now=NOW)
    assert tier is expected


def test_a_tenant_scheduled_for_deletion_counts_as_deactivated() -> None:
    tenant = _tenant(active=True)
    tenant.schedule_deletion(NOW - 95 * DAY)
    assert target_tier(tenant, last_accessed_at=NOW - 95 * DAY, archived=False, now=NOW) is Tier.ARCHIVE


def test_the_blob_sdk_is_imported_only_when_sessions_are_first_used(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from shared.bootstrap import bootstrap\n"
        "container = bootstrap()\n"
        "assert 'azure.storage.blob' not in sys.modules, 'imported at bootstrap'\n"
        "container.tiering\n"
        "assert 'azure.storage.blob' in sys.modules\n"
    )
    env = {"PIPSTER_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={**env, "PYTHONPATH": str(
        Path(__file__).parents[2])}, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
