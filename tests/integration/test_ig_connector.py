"""The IG connector through its real httpx transport against a fake IG REST API on loopback
(tests/support/fake_ig.py, written from IG's public REST reference; no real venue is called).

Our client id travels as the ``dealReference`` (30 characters), so a lost answer is settled through
``GET /confirms/{dealReference}`` before anything is sent again."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from shared.adapters.brokers.ig import IgConnector
from shared.adapters.brokers.ig.connector import REFERENCE_LENGTH
from shared.adapters.brokers.symbols import venue_client_id
from shared.adapters.sql.database import SqlDatabase
from shared.clock import Clock
from shared.domain.enums import BrokerType
from shared.ports.brokers import (
    BrokerError,
    CloseRequest,
    CredentialsRejectedError,
    InstrumentSpec,
    ModifyRequest,
    OrderRef,
    OrderRequest,
    UnknownSymbolError,
    client_order_id,
)
from tests.support.fake_ig import ACCOUNT, API_KEY, PASSWORD, USERNAME, FakeIg
from tests.support.venues import Sleeps, connection, factory

CID = client_order_id("chat:7:1", "brk_ig")
REF = venue_client_id(CID, REFERENCE_LENGTH)
OPEN = "/positions/otc"


@pytest.fixture
def fake() -> Iterator[FakeIg]:
    with FakeIg() as venue:
        yield venue


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def build(fake: FakeIg, database: SqlDatabase, clock: Clock, sleeps: Sleeps, *, password: str = PASSWORD,
          metadata: dict[str, object] | None = None, **settings: object) -> IgConnector:
    venues = factory(database, clock, sleeps, ig_demo_url=fake.url, **settings)
    credentials = {"apiKey": API_KEY, "username": USERNAME, "password": password, "accountId": ACCOUNT}
    connector = venues.for_connection(connection(BrokerType.IG_MARKETS, {"environment": "demo", **(metadata or {})}),
                                      credentials)
    assert isinstance(connector, IgConnector)
    return connector


@pytest.fixture
def ig(fake: FakeIg, sqlite_database: SqlDatabase, clock: Clock, sleeps: Sleeps) -> IgConnector:
    return build(fake, sqlite_database, clock, sleeps)


def eurusd(cid: str = CID, **overrides: object) -> OrderRequest:
    values: dict[str, object] = {"client_order_id": cid, "symbol": "EURUSD", "side": "Buy", "units": Decimal("2.37"),
                                 "stop_loss": Decimal("1.0800049"), "take_profits": (Decimal("1.0900051"),)}
    values.update(overrides)
    return OrderRequest(**values)  # type: ignore[arg-type]


def test_a_market_deal_opens_with_our_reference_and_rounded_size_and_levels(ig: IgConnector, fake: FakeIg) -> None:
    result = ig.place_order(eurusd())
    (position,) = fake.positions.values()
    assert len(REF) == 30 and position["dealReference"] == REF
    assert (position["size"], position["stopLevel"], position["limitLevel"]) == (2.3, 1.08, 1.09001)
    assert (result.status, result.fill_price, result.broker_trade_id, result.duplicate) == (
        "Filled", Decimal("1.0851"), position["dealId"], False)
    sent = next(c for c in fake.calls if c.path == OPEN and c.method == "POST")
    assert sent.headers["version"] == "2" and sent.body["orderType"] == "MARKET" and sent.body["expiry"] == "-"


def test_below_the_minimum_deal_size_is_refused_before_sending(ig: IgConnector, fake: FakeIg) -> None:
    with pytest.raises(BrokerError, match="below the minimum size 0.5"):
        ig.place_order(eurusd(units=Decimal("0.49")))
    assert fake.count("POST", OPEN) == 0


def test_a_lost_answer_after_ig_opened_the_deal_is_confirmed_not_resent(ig: IgConnector, fake: FakeIg) -> None:
    fake.fault("POST", OPEN, "drop")
    result = ig.place_order(eurusd())
    assert len(fake.positions) == 1 and fake.count("POST", OPEN) == 1
    assert result.status == "Filled" and not result.duplicate
    assert fake.count("GET", f"/confirms/{REF}") >= 2  # before sending, and after the lost answer


def test_a_5xx_after_ig_executed_is_unknown_and_settled_by_the_confirm(ig: IgConnector, fake: FakeIg) -> None:
    fake.fault("POST", OPEN, "after", status=502, body={"errorCode": "system.error"})
    assert ig.place_order(eurusd()).status == "Filled"
    assert len(fake.positions) == 1 and fake.count("POST", OPEN) == 1


def test_a_timeout_after_ig_opened_the_deal_is_confirmed_not_resent(
        fake: FakeIg, sqlite_database: SqlDatabase, clock: Clock, sleeps: Sleeps) -> None:
    connector = build(fake, sqlite_database, clock, sleeps, broker_timeout=0.3)
    fake.fault("POST", OPEN, "stall", delay=0.8)
    assert connector.place_order(eurusd()).status == "Filled"
    assert len(fake.positions) == 1 and fake.count("POST", OPEN) == 1


def test_igs_rate_limit_answer_is_waited_out_then_the_deal_goes_through(ig: IgConnector, fake: FakeIg,
                                                                        sleeps: Sleeps) -> None:
    fake.fault("POST", OPEN, "status", status=403, body={"errorCode": "error.public-api.exceeded-api-key-allowance"})
    fake.fault("POST", OPEN, "status", status=429, headers={"Retry-After": "3"})
    assert ig.place_order(eurusd()).status == "Filled"
    assert len(fake.positions) == 1 and fake.count("POST", OPEN) == 3 and 3.0 in sleeps


def test_an_expired_session_is_renewed_once_and_the_request_resent(ig: IgConnector, fake: FakeIg) -> None:
    ig.verify()
    fake.expire_sessions()
    assert ig.place_order(eurusd()).status == "Filled"
    assert fake.count("POST", "/session") == 2 and len(fake.positions) == 1


def test_a_wrong_password_is_credentials_rejected(fake: FakeIg, sqlite_database: SqlDatabase, clock: Clock,
                                                  sleeps: Sleeps) -> None:
    connector = build(fake, sqlite_database, clock, sleeps, password="wrong")
    with pytest.raises(CredentialsRejectedError) as raised:
        connector.verify()
    assert raised.value.reason == "error.security.invalid-details"
    assert fake.count("POST", "/session") == 1  # a refused login is never retried


def test_insufficient_funds_is_refused_with_igs_reason(fake: FakeIg, sqlite_database: SqlDatabase, clock: Clock,
                                                       sleeps: Sleeps) -> None:
    fake.available = Decimal(100)
    connector = build(fake, sqlite_database, clock, sleeps)
    with pytest.raises(BrokerError) as raised:
        connector.place_order(eurusd(units=Decimal(10)))
    assert (raised.value.code, raised.value.reason) == ("broker_refused", "INSUFFICIENT_FUNDS")
    assert fake.positions == {}


def test_a_redelivered_deal_is_found_by_reference_and_not_sent(ig: IgConnector, fake: FakeIg) -> None:
    first = ig.place_order(eurusd())
    again = ig.place_order(eurusd(units=Decimal(9)))
    assert again.duplicate and again.broker_order_id == first.broker_order_id
    assert fake.count("POST", OPEN) == 1
    fake.confirms.clear()  # IG has dropped the confirmation: the open position still carries the reference
    assert ig.place_order(eurusd()).broker_order_id == first.broker_order_id and fake.count("POST", OPEN) == 1


def test_amend_close_and_cancel_each_act_once_when_their_answers_are_lost(ig: IgConnector, fake: FakeIg) -> None:
    placed = ig.place_order(eurusd())
    deal = placed.broker_order_id
    ref = OrderRef(CID, "EURUSD", "Buy", broker_trade_id=deal)
    fake.fault("PUT", f"{OPEN}/{deal}", "drop")
    ig.modify_order(ModifyRequest("act-1", ref, stop_loss=Decimal("1.07")))
    assert fake.positions[deal]["stopLevel"] == 1.07 and fake.positions[deal]["limitLevel"] == 1.09001
    assert fake.count("PUT", f"{OPEN}/{deal}") == 1

    fake.fault("DELETE", OPEN, "drop")
    closed = ig.close(CloseRequest("act-2", ref))
    assert fake.positions == {} and fake.count("DELETE", OPEN) == 1 and closed.closed_units == Decimal("2.3")
    assert ig.close(CloseRequest("act-2", ref)).duplicate and fake.count("DELETE", OPEN) == 1

    pending = client_order_id("chat:7:2", "brk_ig")
    ig.place_order(eurusd(pending, order_type="Limit", price=Decimal("1.07")))
    (working,) = fake.working
    fake.fault("DELETE", f"/workingorders/otc/{working}", "drop")
    assert ig.cancel(OrderRef(pending, "EURUSD", "Buy"), action_id="act-3").status == "Cancelled"
    assert fake.working == {} and fake.count("DELETE", f"/workingorders/otc/{working}") == 1


def test_a_partial_close_reports_igs_level_and_profit(ig: IgConnector, fake: FakeIg) -> None:
    deal = ig.place_order(eurusd(units=Decimal(2))).broker_order_id
    result = ig.close(CloseRequest("act-p", OrderRef(CID, "EURUSD", "Buy", broker_trade_id=deal), units=Decimal(1)))
    assert fake.positions[deal]["size"] == 1.0 and result.closed_units == Decimal(1)
    assert result.price == Decimal("1.085") and result.realized_pnl == Decimal("-10.0")


def test_a_redelivered_partial_close_whose_first_delivery_closed_sends_nothing(ig: IgConnector, fake: FakeIg) -> None:
    """IG's close carries no reference of ours: the leg's open size on our side (2) tells a close already made
    (the position holds 1.5, what closing 0.5 leaves) from one still to make."""
    deal = ig.place_order(eurusd(units=Decimal(2))).broker_order_id
    request = CloseRequest("act-p", OrderRef(CID, "EURUSD", "Buy", broker_trade_id=deal), units=Decimal("0.5"),
                           open_units=Decimal(2))
    ig.close(request)
    again = ig.close(request)
    assert again.duplicate and again.closed_units == Decimal("0.5")
    assert fake.positions[deal]["size"] == 1.5 and fake.count("DELETE", "/positions/otc") == 1


def test_a_working_orders_entry_and_stop_move_in_place(ig: IgConnector, fake: FakeIg) -> None:
    pending = ig.place_order(eurusd(order_type="Limit", price=Decimal("1.07")))
    assert pending.status == "Pending"
    ig.modify_order(ModifyRequest("act-e", OrderRef(CID, "EURUSD", "Buy"), entry=Decimal("1.0712345"),
                                  stop_loss=Decimal("1.06")))
    (data,) = fake.working.values()
    assert data["orderLevel"] == 1.07123 and data["stopDistance"] == pytest.approx(0.01123)


def test_symbols_defaults_and_metadata_map_else_unknown(fake: FakeIg, sqlite_database: SqlDatabase, clock: Clock,
                                                        sleeps: Sleeps) -> None:
    connector = build(fake, sqlite_database, clock, sleeps, metadata={"symbols": {"GOLD": "CS.D.CFDGOLD.CFDGC.IP"}})
    gold = connector.get_quote("GOLD")
    assert gold is not None and (gold.bid, gold.ask) == (Decimal("2350.1"), Decimal("2350.5"))
    with pytest.raises(UnknownSymbolError):
        connector.get_quote("BTCUSD")


def test_account_summary_is_the_logins_account(ig: IgConnector) -> None:
    summary = ig.get_account_summary()
    assert (summary.currency, summary.balance, summary.equity) == ("USD", Decimal("50000.0"), Decimal("50012.5"))


def test_an_account_other_than_the_logins_is_refused_on_verify(fake: FakeIg, sqlite_database: SqlDatabase,
                                                               clock: Clock, sleeps: Sleeps) -> None:
    venues = factory(sqlite_database, clock, sleeps, ig_demo_url=fake.url)
    connector = venues.for_connection(connection(BrokerType.IG_MARKETS, {"environment": "demo"}), {
        "apiKey": API_KEY, "username": USERNAME, "password": PASSWORD, "accountId": "OTHER1"})
    with pytest.raises(BrokerError) as raised:
        connector.verify()
    assert raised.value.code == "invalid_configuration" and "OTHER1" in raised.value.reason


def test_instrument_specs_carry_the_dealing_rules_and_the_contract_size(ig: IgConnector, fake: FakeIg) -> None:
    assert ig.instrument_spec("EURUSD") == InstrumentSpec(minimum=Decimal("0.5"), step=Decimal("0.1"),
                                                          contract_size=Decimal(100000))
    assert ig.instrument_spec("XAUUSD").contract_size == Decimal(1)
    ig.instrument_spec("EURUSD")
    assert len([c for c in fake.calls if c.path == "/markets/CS.D.EURUSD.CFD.IP"]) == 1  # cached
