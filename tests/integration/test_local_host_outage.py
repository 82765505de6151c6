"""Hardening #2: a queue worker of the local host survives storage going away mid-message and resumes.

Deterministic: the function holds its message until Azurite (a private one) has been stopped, so settling
the message (sending its output, deleting it) meets a dead account. Before the fix the error escaped the
worker's loop and the thread died: nothing was processed again. Now settling backs off until storage is
back, the output is delivered once, and later messages run.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import azure.functions as func
import pytest
from azure.storage.queue import QueueServiceClient

from devtools.localhost.host import LocalHost
from tests.support.services import RestartableAzurite
from tests.support.waiting import wait_for

OUTAGE_SECONDS = 25  # longer than two of the storage SDK's own retry rounds (about 9 s each), which hide shorter ones


class Gate:
    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()


def gated_relay_app(gate: Gate) -> func.FunctionApp:
    app = func.FunctionApp()

    @app.queue_trigger(arg_name="msg", queue_name="gated-in", connection="AzureWebJobsStorage")
    @app.queue_output(arg_name="out", queue_name="gated-out", connection="AzureWebJobsStorage")
    def gated_relay(msg: func.QueueMessage, out: func.Out[str]) -> None:
        body = msg.get_body().decode()
        if body == "held":
            gate.entered.set()
            gate.release.wait(30)
        out.set(body.upper())

    return app


@pytest.fixture
def storage(restartable_azurite: RestartableAzurite) -> RestartableAzurite:
    return restartable_azurite


@pytest.fixture
def gate() -> Gate:
    return Gate()


@pytest.fixture
def host(storage: RestartableAzurite, gate: Gate, tmp_path: Path) -> Iterator[LocalHost]:
    host_json = tmp_path / "host.json"
    host_json.write_text('{"version": "2.0", "extensions": {"queues": {"maxDequeueCount": 3, '
                         '"visibilityTimeout": "00:00:00", "maxPollingInterval": "00:00:01"}}}')
    running = LocalHost(app=gated_relay_app(gate), settings={"AzureWebJobsStorage": storage.ports.connection_string},
                        host_json=host_json, port=None)
    running.start()
    yield running
    gate.release.set()
    running.stop()


def _send(service: QueueServiceClient, body: str) -> None:
    service.get_queue_client("gated-in").send_message(base64.b64encode(body.encode()).decode())


def _received(service: QueueServiceClient, seen: list[str]) -> list[str]:
    client = service.get_queue_client("gated-out")
    for message in client.receive_messages(max_messages=32):
        seen.append(base64.b64decode(message.content).decode())
        client.delete_message(message)
    return seen


def test_a_worker_settles_its_message_after_storage_returns_and_goes_on(
        host: LocalHost, storage: RestartableAzurite, gate: Gate) -> None:
    service = QueueServiceClient.from_connection_string(storage.ports.connection_string)
    _send(service, "held")
    assert gate.entered.wait(20), "the held message never ran"
    storage.stop()
    gate.release.set()  # the function returns while storage is down: its output and delete must wait
    time.sleep(OUTAGE_SECONDS)
    storage.start()
    _send(service, "after")
    seen: list[str] = []
    wait_for(lambda: sorted(_received(service, seen)) == ["AFTER", "HELD"], timeout=40, interval=0.5)
    time.sleep(2)  # anything delivered twice would show up now
    assert sorted(_received(service, seen)) == ["AFTER", "HELD"]
    (worker,) = host.queue_workers
    assert worker.heart.problem() is None
