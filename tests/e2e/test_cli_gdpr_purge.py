"""`pipster jobs run gdpr-purge` as an operator runs it: a tenant past its grace is erased, then nothing is due."""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from shared.bootstrap import bootstrap
from shared.clock import FixedClock
from shared.domain.events import EventType, build_event
from shared.settings import Settings
from tests.e2e.test_cli_backup import pipster
from tests.support.services import Azurite


def test_the_purge_job_erases_a_tenant_past_its_grace(azurite: Azurite, tmp_path: Path) -> None:
    table = f"ev{uuid.uuid4().hex[:10]}"
    env = {"PATH": os.environ["PATH"], "AzureWebJobsStorage": azurite.connection_string,
           "PIPSTER_DATA_DIR": str(tmp_path), "PIPSTER_EVENTS_TABLE": table}
    assert pipster("db", "upgrade", env=env, cwd=tmp_path).returncode == 0
    # Deletion requested 31 days ago (the CLI runs on the real clock): the grace is over now.
    past = FixedClock(datetime.now(UTC) - timedelta(days=31))
    app = bootstrap(Settings(**env), clock=past)
    try:
        doomed = app.tenants.register(email=f"{uuid.uuid4().hex[:8]}@example.com", display_name="Leaving").id
        kept = app.tenants.register(email=f"{uuid.uuid4().hex[:8]}@example.com", display_name="Staying").id
        for tenant_id in (doomed, kept):
            app.sessions.save(tenant_id, {"td.binlog": b"binlog"})
            app.events.append(build_event(EventType.SIGNAL_RECEIVED, tenant_id=tenant_id, source="e2e", clock=past))
        app.tenants.schedule_deletion(tenant_id=doomed)

        ran = pipster("jobs", "run", "gdpr-purge", env=env, cwd=tmp_path)
        assert ran.returncode == 0, ran.stderr
        report = json.loads(ran.stdout)
        assert report["purged"] == [doomed] and report["tenants"][0]["events"] == 1

        assert app.database.repositories.tenants.get_by_id(tenant_id=doomed) is None
        assert app.sessions.info(doomed) is None and app.sessions.info(kept) is not None
        assert app.database.repositories.tenants.get_by_id(tenant_id=kept) is not None
        again = pipster("jobs", "run", "gdpr-purge", env=env, cwd=tmp_path)
        assert again.returncode == 0 and json.loads(again.stdout)["purged"] == []
    finally:
        app.close()
