"""The message-level state machine (``MessageIdempotency``) on both stores, as the pipeline will use it."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from shared.clock import SystemClock
from shared.domain.errors import ValidationError
from shared.ports.idempotency import IdempotencyInProgressError, IdempotencyPayloadMismatchError
from shared.services.idempotency import MessageIdempotency, payload_hash
from tests.support import caches
from tests.support.caches import Backend


@pytest.fixture(params=caches.BACKENDS)
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    yield from caches.open_backend(request)

MESSAGE = {"tenant_id": "ten_a", "channel_id": -100123, "message_id": 9001}
PAYLOAD = {"text": "Buy #XAUUSD 3750.5 / SL 3740 / TP 3753", "date": "2026-01-05T12:00:00Z"}


def _service(backend: Backend, lease_seconds: float = 300) -> MessageIdempotency:
    return MessageIdempotency(backend.store, SystemClock(), keys=backend.keys, lease_seconds=lease_seconds)


class TestMessageIdempotency:
    def test_a_message_is_processed_once_and_its_redelivery_acknowledged_without_effect(
            self, backend: Backend) -> None:
        service, effects = _service(backend), []
        first = service.run(**MESSAGE, payload=PAYLOAD, handler=lambda: effects.append("order") or "done")
        second = service.run(**MESSAGE, payload=PAYLOAD, handler=lambda: effects.append("order again"))
        assert (first.duplicate, first.result) == (False, "done")
        assert second.duplicate and effects == ["order"]
        ttl = backend.store.ttl_ms(first.key)
        assert ttl is not None and ttl > 86_000_000

    def test_a_handled_failure_releases_the_claim_so_the_retry_processes_it(self, backend: Backend) -> None:
        service, effects = _service(backend), []

        def broker_down() -> None:
            raise ConnectionError("broker unreachable")

        with pytest.raises(ConnectionError):
            service.run(**MESSAGE, payload=PAYLOAD, handler=broker_down)
        retried = service.run(**MESSAGE, payload=PAYLOAD, handler=lambda: effects.append("order"))
        assert not retried.duplicate and effects == ["order"]

    def test_a_delivery_while_another_is_in_progress_is_told_to_retry_later(self, backend: Backend) -> None:
        service, effects = _service(backend), []

        def handler() -> None:
            with pytest.raises(IdempotencyInProgressError) as busy:
                service.run(**MESSAGE, payload=PAYLOAD, handler=lambda: effects.append("twice"))
            assert 0 < busy.value.retry_after_ms <= 300_000
            effects.append("once")

        service.run(**MESSAGE, payload=PAYLOAD, handler=handler)
        assert effects == ["once"]

    def test_a_worker_that_dies_after_claiming_does_not_lose_the_message(self, backend: Backend) -> None:
        """The dead worker never completes nor releases; the redelivery waits out the lease, then runs."""
        service, effects = _service(backend, lease_seconds=0.3), []
        key = service.key(**MESSAGE)
        backend.store.claim(key, payload_hash=payload_hash(PAYLOAD), token="dead", lease_ms=300, now_ms=0)
        with pytest.raises(IdempotencyInProgressError):
            service.run(**MESSAGE, payload=PAYLOAD, handler=lambda: effects.append("too early"))
        time.sleep(0.45)
        outcome = service.run(**MESSAGE, payload=PAYLOAD, handler=lambda: effects.append("order"))
        assert not outcome.duplicate and effects == ["order"]

    def test_same_message_id_with_other_content_is_a_distinct_error(self, backend: Backend) -> None:
        service, effects = _service(backend), []
        service.run(**MESSAGE, payload=PAYLOAD, handler=lambda: effects.append("buy"))
        edited = {**PAYLOAD, "text": "Sell #XAUUSD 3760"}
        with pytest.raises(IdempotencyPayloadMismatchError):
            service.run(**MESSAGE, payload=edited, handler=lambda: effects.append("sell"))
        assert effects == ["buy"]

    def test_the_key_is_the_spec_key_and_bad_ids_name_their_field(self, backend: Backend) -> None:
        service = _service(backend)
        assert service.key(**MESSAGE) == f"{backend.keys.namespace}pipster:idempotency:ten_a:-100123:9001"
        with pytest.raises(ValidationError) as bad:
            service.key(tenant_id="ten_a", channel_id="x", message_id=1)  # type: ignore[arg-type]
        assert bad.value.field == "channel_id"
        with pytest.raises(ValidationError) as bad:
            service.key(tenant_id="ten_a", channel_id=1, message_id="a:b*")
        assert bad.value.field == "message_id"


def test_payload_hash_ignores_key_order_and_tells_contents_apart() -> None:
    assert payload_hash({"a": 1, "b": 2}) == payload_hash({"b": 2, "a": 1})
    assert payload_hash({"a": 1}) != payload_hash({"a": 2})
    assert payload_hash("text") == payload_hash(b"text")
