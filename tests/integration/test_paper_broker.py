"""The built-in paper broker on SQLite and PostgreSQL: fills, quotes, account, idempotent client order ids."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from shared.adapters.brokers.factory import ConnectorFactory
from shared.adapters.brokers.paper import PaperBroker
from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.schema import paper_orders
from shared.domain.enums import BrokerType
from shared.ports.brokers import BrokerError, OrderRequest, client_order_id
from tests.integration.test_repositories import broker, count, save, tenant


@pytest.fixture
def paper(database: SqlDatabase, clock) -> PaperBroker:  # type: ignore[no-untyped-def]
    t = tenant()
    connection = broker(t.id, metadata={"initialBalance": 50000})
    save(database, t, connection)
    return PaperBroker(database, connection, clock)


def order(coid: str = "pip-1", **overrides: object) -> OrderRequest:
    values: dict[str, object] = {"client_order_id": coid, "symbol": "XAUUSD", "side": "Buy", "units": 2,
                                 "price": Decimal("2350.5"), "stop_loss": Decimal("2340"),
                                 "take_profits": (Decimal("2360"), Decimal("2370"))}
    values.update(overrides)
    return OrderRequest(**values)  # type: ignore[arg-type]


def test_a_market_order_fills_at_the_signal_entry_when_no_quote_is_set(paper: PaperBroker) -> None:
    result = paper.place_order(order())
    assert (result.status, result.fill_price, result.duplicate) == ("Filled", Decimal("2350.5"), False)
    summary = paper.get_account_summary()
    assert summary.balance == Decimal("50000.00") and summary.open_exposure == Decimal("4701.0")


def test_a_set_quote_fills_buys_at_the_ask_and_sells_at_the_bid(paper: PaperBroker) -> None:
    paper.set_quote("EURUSD", Decimal("1.08500"), Decimal("1.08520"))
    buy = paper.place_order(order("pip-b", symbol="EURUSD", price=None))
    sell = paper.place_order(order("pip-s", symbol="EURUSD", side="Sell", price=None))
    assert (buy.fill_price, sell.fill_price) == (Decimal("1.08520"), Decimal("1.08500"))
    assert paper.get_quote("EURUSD") is not None and paper.get_quote("GBPUSD") is None


def test_limit_orders_rest_as_pending(paper: PaperBroker) -> None:
    result = paper.place_order(order(order_type="Limit"))
    assert result.status == "Pending" and result.fill_price is None


def test_the_same_client_order_id_never_places_a_second_order(paper: PaperBroker, database: SqlDatabase) -> None:
    first = paper.place_order(order())
    again = paper.place_order(order(units=99))
    assert again.duplicate and again.broker_order_id == first.broker_order_id
    assert count(database, paper_orders) == 1


def test_concurrent_duplicates_place_one_order(paper: PaperBroker, database: SqlDatabase) -> None:
    results = []
    threads = [threading.Thread(target=lambda: results.append(paper.place_order(order("pip-race"))))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({r.broker_order_id for r in results}) == 1 and count(database, paper_orders) == 1
    assert sum(not r.duplicate for r in results) == 1


def test_an_order_without_any_price_is_refused(paper: PaperBroker) -> None:
    with pytest.raises(BrokerError, match="no quote"):
        paper.place_order(order(price=None))


def test_deleting_the_connection_or_tenant_removes_the_paper_account(paper: PaperBroker, database: SqlDatabase,
                                                                      clock) -> None:  # type: ignore[no-untyped-def]
    paper.place_order(order())
    connection = paper._connection
    database.transact(lambda uow: uow.tenants.delete(tenant_id=connection.tenant_id))
    assert count(database, paper_orders) == 0


def test_client_order_ids_are_deterministic_per_message_and_connection() -> None:
    assert client_order_id("t:1:2", "brk_a") == client_order_id("t:1:2", "brk_a")
    assert client_order_id("t:1:2", "brk_a") != client_order_id("t:1:2", "brk_b")
    assert len(client_order_id("t:1:2", "brk_a")) <= 100


def test_the_factory_caches_per_connection_and_refuses_unknown_brokers(database: SqlDatabase, clock) -> None:  # type: ignore[no-untyped-def]
    t = tenant()
    paper_connection, ibkr = broker(t.id), broker(t.id, broker_type=BrokerType.IBKR)
    factory = ConnectorFactory(database, clock)
    assert factory.for_connection(paper_connection, {}) is factory.for_connection(paper_connection, {})
    with pytest.raises(BrokerError, match="IBKR"):
        factory.for_connection(ibkr, {})
    with pytest.raises(BrokerError, match=r"credentials\.token is required"):
        factory.for_connection(broker(t.id, broker_type=BrokerType.OANDA), {})
