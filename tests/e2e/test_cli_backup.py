"""`pipster jobs run backup`, `pipster backup list` and `pipster backup restore` as an operator runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.services import Azurite

PIPSTER = Path(sys.executable).parent / "pipster"


def pipster(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PIPSTER), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_backup_then_restore_into_a_new_database(azurite: Azurite, tmp_path: Path) -> None:
    env = {"PATH": os.environ["PATH"], "AzureWebJobsStorage": azurite.connection_string,
           "PIPSTER_DATA_DIR": str(tmp_path / "source")}
    assert pipster("db", "upgrade", env=env, cwd=tmp_path).returncode == 0
    ran = pipster("jobs", "run", "backup", env=env, cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    listed = pipster("backup", "list", env=env, cwd=tmp_path)
    backup_id = listed.stdout.split()[0]
    assert f'"backup": "{backup_id}"' in ran.stdout
    target = {**env, "PIPSTER_DATA_DIR": str(tmp_path / "target")}
    restored = pipster("backup", "restore", backup_id, env=target, cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert (tmp_path / "target" / "pipster.db").exists()
    again = pipster("backup", "restore", backup_id, env=env, cwd=tmp_path)
    assert again.returncode == 0  # the source is empty of rows: restoring there is allowed too
    missing = pipster("backup", "restore", "19990101T000000Z", env=target, cwd=tmp_path)
    assert missing.returncode == 1 and "not found" in missing.stdout
