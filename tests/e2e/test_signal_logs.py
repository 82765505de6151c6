"""Every log line on a signal's path carries the invocation id, tenant id, correlation id and message key,
and the correlation id given at HTTP ingest is the one the pipeline and the executor log."""

from __future__ import annotations

import logging

import pytest
from azure.functions.queue import QueueMessage

from devtools.localhost.invoke import OutValue
from shared.bootstrap import Container
from shared.observability.context import install
from tests.e2e.test_pipeline import GOLD, container  # noqa: F401 - the fixture
from tests.support.function_app import registered
from tests.support.scenario import message, seed_desk


def test_signal_path_log_lines_carry_the_trace_fields(container: Container,  # noqa: F811
                                                     caplog: pytest.LogCaptureFixture) -> None:
    install()
    desk = seed_desk(container)
    body = message(desk, 77, GOLD, correlationId="corr-from-http-ingest")
    with caplog.at_level(logging.DEBUG):
        caplog.clear()
        out = OutValue()
        registered()["process_telegram_message"].get_user_function()(
            msg=QueueMessage(id="invocation-pipeline-1", body=body, dequeue_count=1), commands=out)
        (command,) = out.get()
        registered()["execute_trade_command"].get_user_function()(
            msg=QueueMessage(id="invocation-executor-1", body=command.encode(), dequeue_count=1))
    # The signal's path; the cache-repair warm runs on a thread of its own, outside any message.
    ours = [r for r in caplog.records if r.name.startswith(("shared.services", "shared.adapters.brokers"))
            and r.name != "shared.services.cache_repair"]
    assert len(ours) >= 3, [r.getMessage() for r in caplog.records]
    key = f"{desk.tenant_id}:-1001234567890:77"
    for record in ours:
        assert record.tenant_id == desk.tenant_id, record.getMessage()
        assert record.correlation_id == "corr-from-http-ingest", record.getMessage()
        assert record.message_key == key, record.getMessage()
        assert record.invocation_id in ("invocation-pipeline-1", "invocation-executor-1"), record.getMessage()
    assert {r.invocation_id for r in ours} == {"invocation-pipeline-1", "invocation-executor-1"}
