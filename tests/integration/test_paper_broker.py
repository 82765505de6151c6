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


# --- the simulator: quotes move the market; actions after the first order ------------------------------------

from datetime import timedelta  # noqa: E402

from shared.adapters.brokers.paper_market import MarketEventKind  # noqa: E402
from shared.clock import FixedClock  # noqa: E402
from shared.ports.brokers import CloseRequest, ModifyRequest, OrderRef  # noqa: E402

D = Decimal


def ref_of(coid: str = "pip-1", side: str = "Buy") -> OrderRef:
    return OrderRef(client_order_id=coid, symbol="XAUUSD", side=side)


def quote(paper: PaperBroker, bid: str, ask: str | None = None) -> list[MarketEventKind]:
    return [e.kind for e in paper.set_quote("XAUUSD", D(bid), D(ask or bid))]


def test_a_resting_limit_fills_when_the_quote_reaches_it_and_exposure_counts_only_open_positions(
        paper: PaperBroker) -> None:
    paper.place_order(order(order_type="Limit", price=D("2345"), take_profits=(D("2360"),)))
    assert quote(paper, "2347", "2347.5") == [] and paper.get_account_summary().open_exposure == 0
    events = paper.set_quote("XAUUSD", D("2344.5"), D("2345"))
    assert [(e.kind, e.client_order_id, e.price, e.units) for e in events] == [
        (MarketEventKind.FILLED, "pip-1", D("2345"), D(2))]
    assert paper.get_account_summary().open_exposure == D("4690")
    assert quote(paper, "2361") == [MarketEventKind.TAKE_PROFIT]
    summary = paper.get_account_summary()
    assert summary.open_exposure == 0 and summary.balance == D("50030.00")  # 2 x (2360 - 2345), at the target


def test_a_stop_closes_at_the_stop_price_and_books_the_loss(paper: PaperBroker) -> None:
    paper.place_order(order())  # filled at 2350.5, stop 2340
    events = paper.set_quote("XAUUSD", D("2339"), D("2339.5"))
    assert [(e.kind, e.price, e.realized_pnl) for e in events] == [(MarketEventKind.STOP_LOSS, D(2340), D("-21.0"))]
    assert paper.get_account_summary().balance == D("49979.00")
    assert quote(paper, "2300") == []  # closed: nothing more happens to it
    result = paper.get_order("pip-1")
    assert result is not None and (result.status, result.units) == ("Closed", D(0))


def test_short_exits_are_checked_on_the_ask_and_a_quote_touching_stop_and_target_takes_the_stop(
        paper: PaperBroker) -> None:
    paper.place_order(order(side="Sell", stop_loss=D("2360"), take_profits=(D("2340"),)))  # sold at 2350.5
    assert quote(paper, "2345", "2346") == []
    events = paper.set_quote("XAUUSD", D("2339"), D("2339.5"))  # a short's target is checked on the ask
    assert [(e.kind, e.price, e.realized_pnl) for e in events] == [(MarketEventKind.TAKE_PROFIT, D(2340), D("21.0"))]
    paper.place_order(order("pip-2", take_profits=(D("2400"),), stop_loss=D("2300")))  # buy at 2339.5
    paper.modify_order(ModifyRequest(action_id="act-1", ref=ref_of("pip-2"), stop_loss=D("2400"),
                                     take_profit=D("2399")))
    assert quote(paper, "2399.5") == [MarketEventKind.STOP_LOSS]  # the stop, moved past the target, wins


def test_partial_and_whole_closes_at_the_quote_are_idempotent_on_the_action_id(paper: PaperBroker) -> None:
    paper.place_order(order(units=4))  # filled at 2350.5
    quote(paper, "2355", "2355.5")
    first = paper.close(CloseRequest(action_id="close-half", ref=ref_of(), units=D(1)))
    assert (first.closed_units, first.price, first.realized_pnl, first.duplicate) == (D(1), D(2355), D("4.5"), False)
    again = paper.close(CloseRequest(action_id="close-half", ref=ref_of(), units=D(1)))
    assert again.duplicate and again.closed_units == D(1) and paper.get_account_summary().balance == D("50004.50")
    held = paper.get_order("pip-1")
    assert held is not None and (held.status, held.units) == ("Filled", D(3))
    rest = paper.close(CloseRequest(action_id="close-rest", ref=ref_of()))
    assert rest.closed_units == D(3) and paper.get_account_summary().balance == D("50018.00")
    with pytest.raises(BrokerError) as err:
        paper.close(CloseRequest(action_id="close-more", ref=ref_of()))
    assert err.value.code == "invalid_state"


def test_a_fraction_of_a_unit_is_placed_held_and_closed(paper: PaperBroker) -> None:
    """Units are decimal: 0.5 at the paper broker, half of it closed, the rest held (before: whole units only)."""
    placed = paper.place_order(order(units=D("0.5")))  # filled at 2350.5
    assert (placed.status, placed.units) == ("Filled", D("0.5"))
    quote(paper, "2355", "2355.5")
    half = paper.close(CloseRequest(action_id="close-half", ref=ref_of(), units=D("0.25")))
    assert (half.closed_units, half.realized_pnl) == (D("0.25"), D("1.125"))
    held = paper.get_order("pip-1")
    assert held is not None and held.units == D("0.25")
    with pytest.raises(BrokerError, match="at most 8 decimal places"):
        paper.place_order(order("pip-2", units=D("0.000000001")))


def test_closing_more_than_is_open_or_without_a_quote_is_refused_and_changes_nothing(paper: PaperBroker) -> None:
    paper.place_order(order())  # no quote set: filled at the signal's price
    with pytest.raises(BrokerError) as err:
        paper.close(CloseRequest(action_id="c1", ref=ref_of()))
    assert err.value.code == "no_quote"
    quote(paper, "2351")
    with pytest.raises(BrokerError) as err:
        paper.close(CloseRequest(action_id="c1", ref=ref_of(), units=D(3)))
    assert err.value.code == "invalid_request" and paper.get_account_summary().balance == D("50000.00")
    assert paper.close(CloseRequest(action_id="c1", ref=ref_of())).duplicate is False  # the refusal kept no record


def test_cancel_rests_only_on_pending_orders_and_is_idempotent(paper: PaperBroker) -> None:
    paper.place_order(order("pip-lim", order_type="Limit", price=D("2300")))
    cancelled = paper.cancel(ref_of("pip-lim"), action_id="cx-1")
    assert (cancelled.status, cancelled.units, cancelled.duplicate) == ("Cancelled", D(0), False)
    assert paper.cancel(ref_of("pip-lim"), action_id="cx-1").duplicate
    assert quote(paper, "2299") == []  # a cancelled entry never fills
    paper.place_order(order("pip-mkt"))
    with pytest.raises(BrokerError) as err:
        paper.cancel(ref_of("pip-mkt"), action_id="cx-2")
    assert err.value.code == "invalid_state"
    with pytest.raises(BrokerError) as err:
        paper.cancel(ref_of("pip-none"), action_id="cx-3")
    assert err.value.code == "unknown_order"


def test_modify_moves_a_pending_entry_but_never_a_filled_one(paper: PaperBroker) -> None:
    paper.place_order(order("pip-lim", order_type="Limit", price=D("2300"), stop_loss=D("2290")))
    moved = paper.modify_order(ModifyRequest(action_id="m-1", ref=ref_of("pip-lim"), entry=D("2320")))
    assert moved.status == "Pending" and paper.orders()[0]["Price"] == D("2320")
    assert quote(paper, "2319.5", "2320") == [MarketEventKind.FILLED]
    with pytest.raises(BrokerError) as err:
        paper.modify_order(ModifyRequest(action_id="m-2", ref=ref_of("pip-lim"), entry=D("2310")))
    assert err.value.code == "invalid_state"
    with pytest.raises(BrokerError):
        paper.modify_order(ModifyRequest(action_id="m-3", ref=ref_of("pip-lim")))


def test_a_resting_entry_past_its_expiry_is_cancelled_by_the_next_quote(paper: PaperBroker, clock: FixedClock) -> None:
    paper.place_order(order(order_type="Limit", price=D("2300"), expires_at=clock.now() + timedelta(minutes=30)))
    assert quote(paper, "2310") == []
    clock.advance(timedelta(minutes=31))
    assert quote(paper, "2299") == [MarketEventKind.EXPIRED]
    result = paper.get_order("pip-1")
    assert result is not None and result.status == "Cancelled"


def test_concurrent_deliveries_of_one_close_book_it_once(paper: PaperBroker) -> None:
    paper.place_order(order(units=2))
    quote(paper, "2355")
    results = []
    threads = [threading.Thread(target=lambda: results.append(
        paper.close(CloseRequest(action_id="close-race", ref=ref_of(), units=D(1))))) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 6 and sum(not r.duplicate for r in results) == 1
    assert paper.get_account_summary().balance == D("50004.50")  # 1 x (2355 - 2350.5), once
