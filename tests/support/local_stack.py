"""The whole app under the local host, against Azurite and the real Redis, for end-to-end tests."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import azure.functions as func
import pytest

from devtools.localhost.host import LocalHost
from functions import maintenance, signals, trades
from functions.http_api import create_api
from shared.adapters.sql import migrate
from shared.bootstrap import Container, bootstrap
from shared.settings import SCHEDULE_DEFAULTS, Settings
from tests.support.services import free_port
from tests.support.waiting import wait_until_serving

ADMIN = "local-host-admin-key"


def build_app(container: Container) -> func.AsgiFunctionApp:
    """The same blueprints function_app.py registers, on a fresh app (an app is indexed once per process)."""
    app = func.AsgiFunctionApp(app=create_api(lambda: container, container.settings),
                               http_auth_level=func.AuthLevel.FUNCTION)
    for bp in (signals.bp, trades.bp, maintenance.bp):
        app.register_functions(bp)
    return app


@dataclass
class LocalStack:
    container: Container
    host: LocalHost
    port: int
    azurite: Any

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def local_stack(tmp_path: Path, azurite: Any, redis_url: str, monkeypatch: pytest.MonkeyPatch,
                host_settings: dict[str, str] | None = None, **settings: Any) -> Iterator[LocalStack]:
    """Container, migrated SQLite database and a started ``LocalHost`` serving HTTP on a free port;
    ``host_settings`` reach the local host only (its queue hold for crash drills)."""
    values: dict[str, Any] = {
        "PIPSTER_DATA_DIR": str(tmp_path), "AzureWebJobsStorage": azurite.connection_string,
        "PIPSTER_REDIS_URL": redis_url, "PIPSTER_REDIS_NAMESPACE": f"t{uuid.uuid4().hex[:10]}",
        "PIPSTER_ADMIN_KEY": ADMIN, "PIPSTER_EVENTS_TABLE": f"ev{uuid.uuid4().hex[:10]}", **settings}
    container = bootstrap(Settings(**values))
    migrate.upgrade(container.database.engine)
    monkeypatch.setattr("shared.bootstrap.get_container", lambda: container)
    host_json = tmp_path / "host.json"
    host_json.write_text(json.dumps({"version": "2.0", "extensions": {"queues": {
        "maxDequeueCount": 5, "visibilityTimeout": "00:00:00", "maxPollingInterval": "00:00:00.500"}}}))
    port = free_port()
    host = LocalHost(app=build_app(container), settings={**SCHEDULE_DEFAULTS, "AzureWebJobsStorage":
                     azurite.connection_string, **(host_settings or {})}, host_json=host_json, port=port)
    host.start()
    wait_until_serving(port)
    try:
        yield LocalStack(container, host, port, azurite)
    finally:
        host.stop()
        container.close()
