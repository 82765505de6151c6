"""The local host: starts the HTTP server, the queue workers and the timers of a FunctionApp."""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from devtools.localhost.bindings import BindingError, FunctionSpec, read_functions, resolve
from devtools.localhost.queues import QueueOptions, QueueTriggerWorker
from devtools.localhost.timers import TimerTriggerWorker
from shared.adapters.storage import queue_service_for
from shared.observability.liveness import liveness
from shared.settings import LOCAL_SETTINGS_FILE, SCHEDULE_DEFAULTS, Settings

logger = logging.getLogger(__name__)
HOLD_SETTING = "PIPSTER_LOCAL_QUEUE_HOLD_SECONDS"  # local host only: see QueueOptions.hold_seconds
LEASE_SETTING = "PIPSTER_IDEMPOTENCY_LEASE_SECONDS"


def load_function_app(app_dir: Path) -> Any:
    """The ``app`` of ``function_app.py`` in ``app_dir``, imported as the Functions host would."""
    import importlib
    import sys

    if str(app_dir) not in sys.path:
        sys.path.insert(0, str(app_dir))
    return importlib.import_module("function_app").app


def app_settings(directory: Path = Path(".")) -> dict[str, str]:
    """App settings as the host sees them: local.settings.json Values under the process environment."""
    values: dict[str, str] = dict(SCHEDULE_DEFAULTS)
    path = directory / LOCAL_SETTINGS_FILE
    if path.is_file():
        values.update({k: str(v) for k, v in json.loads(path.read_text()).get("Values", {}).items()})
    values.update(os.environ)
    values.setdefault("AzureWebJobsStorage", "UseDevelopmentStorage=true")
    return values


@dataclass
class LocalHost:
    """Runs ``app`` until ``stop()``; ``port=None`` serves no HTTP (queue- and timer-only runs, tests)."""

    app: Any
    settings: Mapping[str, str]
    host_json: Path = Path("host.json")
    port: int | None = 7071
    local: bool = True
    functions: list[FunctionSpec] = field(default_factory=list)
    queue_workers: list[QueueTriggerWorker] = field(default_factory=list)
    timer_workers: list[TimerTriggerWorker] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._server: Any = None

    def start(self) -> None:
        self.functions = read_functions(self.app, self.settings)
        options = QueueOptions.from_host_json(self.host_json)
        if self.settings.get(HOLD_SETTING):
            options = replace(options, hold_seconds=float(self.settings[HOLD_SETTING]))
            lease = float(self.settings.get(LEASE_SETTING) or Settings.model_fields["idempotency_lease"].default)
            if options.hold_seconds <= lease:
                raise BindingError(f"{HOLD_SETTING} ({options.hold_seconds:g} s) must be longer than {LEASE_SETTING} "
                                   f"({lease:g} s): a crashed run's message would come back while its claim lives")
        for spec in self.functions:
            if spec.trigger_type == "queueTrigger":
                service = self._queue_service(spec.trigger.get("connection"))
                worker = QueueTriggerWorker(spec, service, options, self._stop)
                worker.ensure_queues()
                self.queue_workers.append(worker)
                self._spawn(worker.run, f"queue:{spec.name}")
            elif spec.trigger_type == "timerTrigger":
                on_startup = bool(spec.trigger.get("runOnStartup", False))
                if on_startup and not self.local:
                    raise BindingError(f"{spec.name}: runOnStartup fires on every restart and scale-out; off in Azure")
                timer = TimerTriggerWorker(spec, resolve(spec.trigger["schedule"], self.settings), self._stop,
                                           run_on_startup=on_startup)
                self.timer_workers.append(timer)
                self._spawn(timer.run, f"timer:{spec.name}")
            elif spec.trigger_type == "httpTrigger":
                if self.port is not None:
                    self._serve_http(spec)
            else:
                raise BindingError(f"{spec.name}: the local host does not run {spec.trigger_type} triggers")
        logger.info("local host started: %s", ", ".join(f"{s.name} ({s.trigger_type})" for s in self.functions))

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        if self._server is not None:
            self._server.should_exit = True
        for thread in self._threads:
            thread.join(timeout)
        for worker in self.queue_workers:
            liveness.forget(worker.heart)

    def wait(self) -> None:
        """Block until stopped (Ctrl-C in ``pipster serve``)."""
        while not self._stop.wait(0.5):
            pass

    def _spawn(self, target: Any, name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _queue_service(self, connection_name: str | None) -> Any:
        name = connection_name or "AzureWebJobsStorage"
        connection, account = self.settings.get(name, ""), self.settings.get(f"{name}__accountName", "")
        if not connection and not account:
            raise BindingError(f"connection setting {name!r} is not set")
        return queue_service_for(connection, account)

    def _serve_http(self, spec: FunctionSpec) -> None:
        import uvicorn

        asgi = getattr(getattr(self.app, "middleware", None), "_app", None)
        if asgi is None:
            raise BindingError(f"{spec.name}: only an AsgiFunctionApp's HTTP function can be served locally")
        assert self.port is not None, "the HTTP port is chosen before the functions start"
        config = uvicorn.Config(asgi, host="127.0.0.1", port=self.port, log_level="info", lifespan="on")
        self._server = uvicorn.Server(config)
        self._spawn(self._server.run, "http")
