"""The signal pipeline and executor through the registered queue functions (func.QueueMessage), on SQLite,
the real Redis (a namespace of its own) and Azurite (events)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from azure.functions.queue import QueueMessage

from devtools.localhost.invoke import OutValue
from shared.adapters.brokers.paper import PaperBroker
from shared.adapters.sql import migrate
from shared.bootstrap import Container, bootstrap
from shared.ports.idempotency import IdempotencyInProgressError, IdempotencyUnavailableError
from shared.settings import Settings
from tests.e2e.conftest import worker_container
from tests.support.function_app import registered
from tests.support.scenario import LONDON, Desk, message, seed_desk

GOLD = "BUY XAUUSD @ 2350.5\nSL 2340\nTP1 2360\nTP2 2370"


@pytest.fixture
def container(tmp_path: Path, azurite, redis_url: str, clock, monkeypatch: pytest.MonkeyPatch) -> Iterator[Container]:  # type: ignore[no-untyped-def]
    with worker_container(tmp_path, azurite, redis_url, clock, monkeypatch,
                          PIPSTER_IDEMPOTENCY_LEASE_SECONDS=2) as built:
        yield built


@pytest.fixture
def desk(container: Container) -> Desk:
    return seed_desk(container)


def deliver(body: bytes, dequeue_count: int = 1) -> list[str]:
    """What the host does for telegram-messages: call the function, collect its output binding."""
    out = OutValue()
    registered()["process_telegram_message"].get_user_function()(
        msg=QueueMessage(id=uuid.uuid4().hex, body=body, dequeue_count=dequeue_count), commands=out)
    return list(out.get() or [])


def execute(commands: list[str]) -> None:
    for command in commands:
        registered()["execute_trade_command"].get_user_function()(
            msg=QueueMessage(id=uuid.uuid4().hex, body=command.encode(), dequeue_count=1))


def events(container: Container, tenant_id: str) -> list[Any]:
    now = container.clock.now()
    return list(reversed(list(container.events.iter_events(tenant_id=tenant_id, since=now - timedelta(days=30),
                                                           until=now + timedelta(days=30)))))


def orders(container: Container, desk: Desk) -> list[dict[str, Any]]:
    connection = container.database.repositories.brokers.get_by_id(tenant_id=desk.tenant_id, broker_id=desk.broker_id)
    assert connection is not None
    return PaperBroker(container.database, connection, container.clock).orders()


def types(container: Container, desk: Desk) -> list[str]:
    """Event types, sorted: the fixed test clock gives events of one run the same timestamp."""
    return sorted(str(e.type) for e in events(container, desk.tenant_id))


def test_a_good_signal_becomes_one_sized_paper_order(container: Container, desk: Desk) -> None:
    commands = deliver(message(desk, 1, GOLD))
    assert len(commands) == 1
    execute(commands)
    (order,) = orders(container, desk)
    assert (order["Symbol"], order["Side"], order["Units"], order["Status"]) == ("XAUUSD", "Buy", 1, "Filled")
    assert types(container, desk) == ["SignalReceived", "TradeExecuted"]
    by_type = {str(e.type): e for e in events(container, desk.tenant_id)}
    received, executed = by_type["SignalReceived"], by_type["TradeExecuted"]
    assert received.data["symbol"] == "XAUUSD" and received.data["stopLoss"] == 2340.0
    assert executed.correlation_id == received.correlation_id and executed.data["status"] == "Filled"
    broker = container.database.repositories.brokers.get_by_id(tenant_id=desk.tenant_id, broker_id=desk.broker_id)
    assert broker is not None and broker.last_used_at == container.clock.now()


def test_a_duplicate_delivery_re_emits_the_same_commands_and_places_no_second_order(container: Container,
                                                                                      desk: Desk) -> None:
    first = deliver(message(desk, 2, GOLD))
    again = deliver(message(desk, 2, GOLD))
    assert again == first
    execute(first)
    execute(again)
    assert len(orders(container, desk)) == 1
    assert types(container, desk).count("Duplicate") == 1


@pytest.mark.parametrize(("content", "at", "outcome"), [
    ("SELL BTCUSD @ 64000 SL 65000 TP 60000", None, ("SignalRejected", "blacklist")),
    (GOLD, datetime(2026, 1, 5, 20, 0, tzinfo=UTC), ("SignalRejected", "session")),
    ("Good morning traders! Big week ahead, stay tuned.", None, ("NotASignal", None)),
    ("Close half now and move SL to BE", None, ("NotASignal", None)),
])
def test_rejections_and_chatter_are_events_and_place_nothing(
        container: Container, content: str, at: datetime | None, outcome: tuple[str, str | None]) -> None:
    desk = seed_desk(container, session=LONDON)
    assert deliver(message(desk, 3, content, at)) == []
    (last,) = [e for e in events(container, desk.tenant_id) if str(e.type) != "SignalReceived"]
    assert str(last.type) == outcome[0]
    if outcome[1]:
        assert last.data["rule"] == outcome[1]
    assert orders(container, desk) == []


@pytest.mark.parametrize("body", [b"not json", b'{"tenantId": "ten_x"}', None])
def test_invalid_messages_are_acknowledged_with_an_event_never_retried(container: Container, desk: Desk,
                                                                       body: bytes | None) -> None:
    from shared.observability.telemetry import telemetry

    raw = body if body is not None else message(desk, 4, "x" * 4097)
    before = telemetry.snapshot()["counters"].get("messages.invalid", 0)
    assert deliver(raw) == []  # returned normally: the host deletes it, no retry
    assert telemetry.snapshot()["counters"]["messages.invalid"] == before + 1
    rejected = [e for e in events(container, desk.tenant_id) if e.data.get("rule") == "invalid_message"]
    # the event goes to the tenant the message names (only the over-long one names this desk)
    assert len(rejected) == (1 if body is None else 0)


def test_the_same_message_id_with_other_content_is_an_error_event(container: Container, desk: Desk) -> None:
    deliver(message(desk, 5, GOLD))
    assert deliver(message(desk, 5, GOLD.replace("2350.5", "2351"))) == []
    rules = [e.data.get("rule") for e in events(container, desk.tenant_id)]
    assert "payload_mismatch" in rules


def test_a_worker_killed_between_claim_and_output_loses_nothing(container: Container, desk: Desk) -> None:
    """The first delivery claims and dies (its lease is never completed or released)."""
    body = message(desk, 6, GOLD)
    key = container.idempotency.key(tenant_id=desk.tenant_id, channel_id=-1001234567890, message_id=6)
    from shared.services.idempotency import payload_hash

    container.idempotency_store.claim(key, payload_hash=payload_hash(GOLD), token="dead-worker",
                                      lease_ms=container.idempotency.lease_ms, now_ms=0)
    with pytest.raises(IdempotencyInProgressError):
        deliver(body)  # the redelivery while the dead lease lives: raised, so the queue retries
    deadline = datetime.now(UTC) + timedelta(seconds=10)
    while True:
        try:
            commands = deliver(body, dequeue_count=3)
            break
        except IdempotencyInProgressError:
            assert datetime.now(UTC) < deadline, "the lease never expired"
            threading.Event().wait(0.2)
    execute(commands)
    assert len(orders(container, desk)) == 1


def test_two_workers_with_the_same_message_make_one_order(container: Container, desk: Desk) -> None:
    body = message(desk, 7, GOLD)
    results: list[Any] = []

    def worker() -> None:
        try:
            results.append(deliver(body))
        except IdempotencyInProgressError as exc:
            results.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for result in results:
        if isinstance(result, list):
            execute(result)
    execute(deliver(body))  # the retried one: a duplicate now, re-emitting the same command
    assert len(orders(container, desk)) == 1


def test_redis_down_fails_closed_and_nothing_is_lost(tmp_path: Path, azurite, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.support.services import free_port

    settings = Settings(PIPSTER_DATA_DIR=str(tmp_path), AzureWebJobsStorage=azurite.connection_string,
                        PIPSTER_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0", PIPSTER_REDIS_TIMEOUT=0.2,
                        PIPSTER_EVENTS_TABLE=f"ev{uuid.uuid4().hex[:10]}")
    down = bootstrap(settings, clock=clock)
    migrate.upgrade(down.database.engine)
    monkeypatch.setattr("shared.bootstrap.get_container", lambda: down)
    desk = seed_desk(down)
    with pytest.raises(IdempotencyUnavailableError):
        deliver(message(desk, 8, GOLD))  # raised: not acknowledged, the queue retries it
    assert orders(down, desk) == [] and types(down, desk) == []
    down.close()


def test_sql_down_is_retried_not_acknowledged(tmp_path: Path, azurite, redis_url: str, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.support.services import free_port

    settings = Settings(PIPSTER_DATA_DIR=str(tmp_path), AzureWebJobsStorage=azurite.connection_string,
                        PIPSTER_SQL_URL=f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test",
                        PIPSTER_SQL_RETRY_ATTEMPTS=1, PIPSTER_REDIS_URL=redis_url,
                        PIPSTER_REDIS_NAMESPACE=f"t{uuid.uuid4().hex[:10]}")
    down = bootstrap(settings, clock=clock)
    monkeypatch.setattr("shared.bootstrap.get_container", lambda: down)
    body = message(Desk("ten_abc", "chn_x", "brk_x"), 9, GOLD)
    with pytest.raises(Exception) as raised:
        deliver(body)
    assert "OperationalError" in type(raised.value).__name__ or "connect" in str(raised.value).lower()
    # The claim was released, not completed: once SQL is back the retry processes it.
    key = down.idempotency.key(tenant_id="ten_abc", channel_id=-1001234567890, message_id=9)
    assert down.idempotency_store.ttl_ms(key) is None
    down.close()


@pytest.mark.parametrize(("extra", "field"), [
    ({"channelId": 2**63}, "channelId"), ({"channelId": -(2**63) - 1}, "channelId"),
    ({"messageId": 2**63}, "messageId"), ({"messageId": 0}, "messageId"), ({"senderId": 10**30}, "senderId"),
])
def test_out_of_range_ids_are_acknowledged_with_an_event_never_retried(container: Container, desk: Desk,
                                                                      extra: dict[str, Any], field: str) -> None:
    """Hardening #8: ids beyond the columns' BIGINT reached SQL, failed there, and were retried into poison."""
    assert deliver(message(desk, 40, GOLD, **extra)) == []  # returned normally: acknowledged, not retried
    (rejected,) = [e for e in events(container, desk.tenant_id) if e.data.get("rule") == "invalid_message"]
    assert rejected.data["field"] == field
    assert orders(container, desk) == []


@pytest.mark.parametrize(("change", "field"), [
    ({"channelId": 2**63}, "channelId"), ({"messageId": -1}, "messageId"),
    ({"units": 10**30}, "units"), ({"signal": {}}, "signal.symbol"),
    ({"signal": {"symbol": "XAUUSD", "side": "Buy", "entry": "NaN"}}, "signal.entry"),
    ({"signal": {"symbol": "XAUUSD", "side": "Sideways"}}, "signal.side"),
])
def test_out_of_range_trade_commands_are_acknowledged_with_an_event_never_retried(
        container: Container, desk: Desk, change: dict[str, Any], field: str) -> None:
    """Hardening #8: a command the executor can never carry out is a TradeFailed event, not five retries."""
    import json

    (command,) = deliver(message(desk, 41, GOLD))
    broken = json.dumps({**json.loads(command), **change})
    registered()["execute_trade_command"].get_user_function()(  # returns normally: the host deletes it
        msg=QueueMessage(id=uuid.uuid4().hex, body=broken.encode(), dequeue_count=1))
    assert container.executor.handle(broken).outcome == "invalid"
    assert orders(container, desk) == []
    failed = [e for e in container.events.iter_events(
        tenant_id="system", since=container.clock.now() - timedelta(days=1),
        until=container.clock.now() + timedelta(days=1)) if e.data.get("reason") == "invalid_command"]
    assert field in {e.data["field"] for e in failed}


@pytest.mark.parametrize("stop", ["suspend", "deactivate", "schedule_deletion"])
def test_a_command_queued_before_its_tenant_stopped_trading_places_nothing(container: Container, desk: Desk,
                                                                          stop: str) -> None:
    """Hardening (suspended tenants): commands already in trade-commands executed after a suspension."""
    commands = deliver(message(desk, 42, GOLD))
    getattr(container.tenants, stop)(tenant_id=desk.tenant_id)
    execute(commands)
    assert orders(container, desk) == []
    (failed,) = [e for e in events(container, desk.tenant_id) if str(e.type) == "TradeFailed"]
    assert failed.data["reason"] == "tenant_inactive"
