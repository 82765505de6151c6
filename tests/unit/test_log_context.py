from __future__ import annotations

import logging
import threading

import pytest

from shared.observability.context import current, install, log_context

logger = logging.getLogger("pipster.test")


def test_every_record_carries_the_context_fields(caplog: pytest.LogCaptureFixture) -> None:
    install()
    with caplog.at_level(logging.INFO, logger="pipster.test"):
        with log_context(invocation_id="inv-1", tenant_id="ten_1"):
            with log_context(correlation_id="corr-9", message_key="ten_1:5:7"):
                logger.info("inner")
            logger.info("outer")
        logger.info("outside")
    inner, outer, outside = caplog.records
    assert (inner.tenant_id, inner.correlation_id, inner.message_key) == ("ten_1", "corr-9", "ten_1:5:7")
    assert (outer.invocation_id, outer.correlation_id) == ("inv-1", "-")
    assert outside.tenant_id == "-"


def test_contexts_do_not_leak_between_threads() -> None:
    seen: dict[str, dict[str, str]] = {}

    def work(name: str) -> None:
        with log_context(tenant_id=name):
            threading.Event().wait(0.01)
            seen[name] = current()

    threads = [threading.Thread(target=work, args=(f"ten_{i}",)) for i in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(seen[name] == {"tenant_id": name} for name in seen) and len(seen) == 5


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValueError, match="password"), log_context(password="hunter2"):
        pass
