"""The local host against Azurite: queue triggers, output bindings, poison handling, timers, validation."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import azure.functions as func
import pytest
from azure.storage.queue import QueueServiceClient

from devtools.localhost.bindings import BindingError
from devtools.localhost.host import LocalHost
from tests.support import sample_app
from tests.support.services import Azurite
from tests.support.waiting import wait_for


@pytest.fixture
def timer_runs() -> list[bool]:
    return []


@pytest.fixture
def host(azurite: Azurite, tmp_path: Path, timer_runs: list[bool]) -> Iterator[LocalHost]:
    host_json = tmp_path / "host.json"
    host_json.write_text('{"version": "2.0", "extensions": {"queues": {"maxDequeueCount": 3, '
                         '"visibilityTimeout": "00:00:00", "maxPollingInterval": "00:00:01"}}}')
    settings = {"AzureWebJobsStorage": azurite.connection_string, "RELAY_QUEUE": "relay-in"}
    running = LocalHost(app=sample_app.build_app(timer_runs), settings=settings,
                        host_json=host_json, port=None)
    running.start()
    yield running
    running.stop()


def drain(service: QueueServiceClient, queue: str) -> list[str]:
    client = service.get_queue_client(queue)
    bodies = []
    for message in client.receive_messages(max_messages=32):
        bodies.append(base64.b64decode(message.content).decode())
        client.delete_message(message)
    return bodies


def send(service: QueueServiceClient, queue: str, body: str) -> None:
    service.get_queue_client(queue).send_message(base64.b64encode(body.encode()).decode())


def test_functions_and_settings_come_from_the_binding_metadata(host: LocalHost) -> None:
    assert {s.name: s.trigger_type for s in host.functions} == {
        "relay": "queueTrigger", "always_fails": "queueTrigger", "every_second": "timerTrigger"}
    assert {w.queue_name for w in host.queue_workers} == {"relay-in", "always-fails"}  # %RELAY_QUEUE% resolved


def test_a_message_runs_its_function_and_the_output_binding_is_delivered(host: LocalHost, azurite: Azurite) -> None:
    service = QueueServiceClient.from_connection_string(azurite.connection_string)
    send(service, "relay-in", "buy xauusd")
    assert wait_for(lambda: drain(service, "relay-out")) == ["BUY XAUUSD"]
    assert service.get_queue_client("relay-in").get_queue_properties().approximate_message_count == 0


def test_a_failing_message_is_retried_then_moved_to_the_poison_queue(host: LocalHost, azurite: Azurite) -> None:
    service = QueueServiceClient.from_connection_string(azurite.connection_string)
    send(service, "always-fails", "bad")
    assert wait_for(lambda: drain(service, "always-fails-poison"), timeout=30) == ["bad"]
    assert service.get_queue_client("always-fails").get_queue_properties().approximate_message_count == 0


def test_a_non_base64_message_is_poisoned_not_lost(host: LocalHost, azurite: Azurite) -> None:
    service = QueueServiceClient.from_connection_string(azurite.connection_string)
    service.get_queue_client("relay-in").send_message("{raw json, not base64}")
    poisoned = wait_for(lambda: list(service.get_queue_client("relay-in-poison").receive_messages()), timeout=30)
    assert poisoned[0].content == "{raw json, not base64}"


def test_timers_fire_on_their_schedule(host: LocalHost, timer_runs: list[bool]) -> None:
    wait_for(lambda: len(timer_runs) >= 2, timeout=10)
    assert host.timer_workers[0].runs >= 2


@pytest.mark.parametrize(("schedule", "message"), [("*/5 * * * *", "six-field"), ("nonsense", "six-field")])
def test_a_five_field_or_invalid_schedule_is_refused(schedule: str, message: str) -> None:
    app = func.FunctionApp()

    @app.timer_trigger(arg_name="t", schedule=schedule)
    def tick(t: func.TimerRequest) -> None:  # pragma: no cover - never runs
        pass

    with pytest.raises(BindingError, match=message):
        LocalHost(app=app, settings={}, port=None).start()


@pytest.mark.parametrize("queue", ["orders-poison", "q" * 60, "Bad_Name"])
def test_queue_names_without_a_valid_poison_queue_are_refused(queue: str) -> None:
    app = func.FunctionApp()

    @app.queue_trigger(arg_name="m", queue_name=queue, connection="AzureWebJobsStorage")
    def consume(m: func.QueueMessage) -> None:  # pragma: no cover - never runs
        pass

    with pytest.raises(BindingError, match="queue"):
        LocalHost(app=app, settings={"AzureWebJobsStorage": "UseDevelopmentStorage=true"}, port=None).start()


def test_run_on_startup_is_refused_outside_local_environments() -> None:
    app = func.FunctionApp()

    @app.timer_trigger(arg_name="t", schedule="0 0 * * * *", run_on_startup=True)
    def tick(t: func.TimerRequest) -> None:  # pragma: no cover - never runs
        pass

    with pytest.raises(BindingError, match="runOnStartup"):
        LocalHost(app=app, settings={}, port=None, local=False).start()


def test_a_missing_setting_reference_is_a_clear_error() -> None:
    with pytest.raises(BindingError, match="RELAY_QUEUE"):
        LocalHost(app=sample_app.build_app([]), settings={"AzureWebJobsStorage": "UseDevelopmentStorage=true"},
                  port=None).start()


def test_a_queue_hold_not_longer_than_the_idempotency_lease_is_refused() -> None:
    """The local host's crash-drill hold must outlast the claim of a run it gives back, as in Azure."""
    with pytest.raises(BindingError, match="PIPSTER_LOCAL_QUEUE_HOLD_SECONDS"):
        LocalHost(app=sample_app.build_app([]), port=None, settings={
            "AzureWebJobsStorage": "UseDevelopmentStorage=true", "RELAY_QUEUE": "relay-in",
            "PIPSTER_LOCAL_QUEUE_HOLD_SECONDS": "30", "PIPSTER_IDEMPOTENCY_LEASE_SECONDS": "30"}).start()
