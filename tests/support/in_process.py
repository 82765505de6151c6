"""The application built by ``bootstrap()`` on in-process stores only, for the functional tier.

SQL is SQLite in a file under the test's own temporary folder, through the production engine (pooled
connections, WAL, ``BEGIN IMMEDIATE``), not ``sqlite://``: an in-memory database belongs to one
connection, so SQLAlchemy hands every user in a thread that same connection (SingletonThreadPool). The
hot-path reader's autocommit connection and a unit of work's transaction would then be one connection,
and any second thread would see an empty database: neither is what the services meet in production.

The cache and the idempotency records are the in-process stores (no ``PIPSTER_REDIS_URL``), the keys
the local key-ring file, events a ``FakeEventStore``, queues a ``FakeQueue``, the broker the paper broker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from shared.adapters.brokers.paper import PaperBroker
from shared.adapters.sql import migrate
from shared.bootstrap import Container, bootstrap
from shared.clock import Clock
from shared.domain.events import Event, EventType
from shared.ports.queues import TRADE_COMMANDS
from shared.ports.repositories import AbstractUnitOfWork
from shared.services.pipeline import PipelineResult
from shared.settings import Settings
from tests.support.fake_event_store import FakeEventStore
from tests.support.fake_queue import FakeQueue


@dataclass
class InProcessApp:
    """The container and the fakes it was built with, plus what the Functions host does around them."""

    container: Container
    events: FakeEventStore
    queue: FakeQueue

    def deliver(self, body: bytes) -> PipelineResult:
        """A telegram-messages delivery: the pipeline runs, its commands go to trade-commands as the
        function's output binding would send them."""
        result = self.container.pipeline.handle(body)
        for command in result.commands:
            self.queue.send(TRADE_COMMANDS, command)
        return result

    def execute_waiting(self) -> list[str]:
        """Run the executor over every waiting trade command, oldest first; their outcomes in that order."""
        outcomes = []
        while (command := self.queue.take(TRADE_COMMANDS)) is not None:
            outcomes.append(self.container.executor.handle(command.encode()).outcome.value)
        return outcomes

    def events_of(self, tenant_id: str, kind: EventType) -> list[Event]:
        """The tenant's events of one type, read through the port as the timeline reads them."""
        now = self.container.clock.now()
        return list(self.events.iter_events(tenant_id=tenant_id, since=now - timedelta(days=1),
                                            until=now + timedelta(days=1), types=[kind]))

    def move_envelope(self, tenant_id: str, envelope: str, *, to: str) -> None:
        """Write an envelope sealed for one connection into another's row (a bad restore, a hand-run copy)."""
        def work(uow: AbstractUnitOfWork) -> None:
            row = uow.brokers.get_by_id(tenant_id=tenant_id, broker_id=to)
            assert row is not None, f"no broker connection {to}"
            row.encrypted_credentials = envelope
            uow.brokers.update(row)

        self.container.database.transact(work, what="copy an envelope between rows")

    def paper_orders(self, tenant_id: str, broker_id: str) -> list[dict[str, Any]]:
        """The rows of a paper account's orders table."""
        return self.paper(tenant_id, broker_id).orders()

    def paper(self, tenant_id: str, broker_id: str) -> PaperBroker:
        connection = self.container.database.repositories.brokers.get_by_id(tenant_id=tenant_id, broker_id=broker_id)
        assert connection is not None, f"no broker connection {broker_id}"
        return PaperBroker(self.container.database, connection, self.container.clock)


def only(events: list[Event]) -> Event:
    assert len(events) == 1, f"expected one event, found {[e.data for e in events]}"
    return events[0]


def build_in_process_app(data_dir: Path, clock: Clock, sql_url: str = "") -> InProcessApp:
    """Settings name every backend explicitly, so nothing in the environment can point this at a server
    (``sql_url``: the integration tier's PostgreSQL; empty: SQLite in ``data_dir``)."""
    settings = Settings(environment="local", data_dir=data_dir, sql_url=sql_url, redis_url=SecretStr(""),
                        keyvault_url="", key_file="", appinsights_connection_string=SecretStr(""))
    events, queue = FakeEventStore(clock), FakeQueue()
    container = bootstrap(settings, clock=clock, events=events, queues=queue)
    migrate.upgrade(container.database.engine)
    return InProcessApp(container, events, queue)
