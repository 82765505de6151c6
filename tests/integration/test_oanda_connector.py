"""The OANDA connector through its real httpx transport against a fake OANDA v20 server on loopback
(tests/support/fake_oanda.py, written from OANDA's public v20 documentation; no real venue is called).

Faults are the server's: it executes an order and closes the connection without answering, answers 429 or
503 before executing, or 500 after executing. The connector must end with exactly one order at the venue."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from shared.adapters.brokers import smoke
from shared.adapters.brokers.oanda import OandaConnector
from shared.adapters.sql.database import SqlDatabase
from shared.clock import Clock
from shared.domain.enums import BrokerType
from shared.ports.brokers import (
    BrokerError,
    BrokerUnavailableError,
    CloseRequest,
    CredentialsRejectedError,
    InstrumentSpec,
    ModifyRequest,
    OrderRef,
    OrderRequest,
    UnknownSymbolError,
    client_order_id,
)
from tests.support.fake_oanda import ACCOUNT, TOKEN, FakeOanda
from tests.support.venues import Sleeps, connection, factory

ORDERS = rf"/v3/accounts/{ACCOUNT}/orders"
TRADES = rf"/v3/accounts/{ACCOUNT}/trades"
CID = client_order_id("chat:1:42", "brk_oanda")


@pytest.fixture
def fake() -> Iterator[FakeOanda]:
    with FakeOanda() as venue:
        yield venue


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def build(fake: FakeOanda, database: SqlDatabase, clock: Clock, sleeps: Sleeps, *, token: str = TOKEN,
          metadata: dict[str, object] | None = None, allow_live: bool = False, **settings: object) -> OandaConnector:
    venues = factory(database, clock, sleeps, **{"oanda_practice_url": fake.url, **settings})
    meta = {"environment": "practice", **(metadata or {})}
    connector = venues.for_connection(connection(BrokerType.OANDA, meta), {"token": token, "accountId": ACCOUNT},
                                      allow_live=allow_live)
    assert isinstance(connector, OandaConnector)
    return connector


@pytest.fixture
def oanda(fake: FakeOanda, sqlite_database: SqlDatabase, clock: Clock, sleeps: Sleeps) -> OandaConnector:
    return build(fake, sqlite_database, clock, sleeps)


def gold(cid: str = CID, **overrides: object) -> OrderRequest:
    values: dict[str, object] = {"client_order_id": cid, "symbol": "XAUUSD", "side": "Buy", "units": Decimal(3),
                                 "stop_loss": Decimal("2340.12345"), "take_profits": (Decimal("2370.4444"),)}
    values.update(overrides)
    return OrderRequest(**values)  # type: ignore[arg-type]


def test_a_market_order_fills_with_our_client_ids_signed_units_and_rounded_prices(
        oanda: OandaConnector, fake: FakeOanda) -> None:
    result = oanda.place_order(gold(side="Sell"))
    assert (result.status, result.fill_price, result.units, result.duplicate) == (
        "Filled", Decimal("2350.100"), Decimal(3), False)
    sent = next(c.body["order"] for c in fake.calls if c.method == "POST")
    assert sent["units"] == "-3" and sent["type"] == "MARKET" and sent["timeInForce"] == "FOK"
    assert sent["clientExtensions"]["id"] == CID and sent["tradeClientExtensions"]["id"] == CID
    assert sent["stopLossOnFill"] == {"price": "2340.123"} and sent["takeProfitOnFill"] == {"price": "2370.444"}
    assert result.broker_trade_id in fake.trades


def test_units_round_down_to_the_instruments_precision_and_the_minimum_is_enforced(
        oanda: OandaConnector, fake: FakeOanda) -> None:
    oanda.place_order(gold(client_order_id("m", "b", 0), symbol="EURUSD", units=Decimal("1000.9"), stop_loss=None,
                           take_profits=(), order_type="Limit", price=Decimal("1.0812345")))
    oanda.place_order(gold(client_order_id("m", "b", 1), symbol="GER40", units=Decimal("1.27"), stop_loss=None,
                           take_profits=()))
    sent = [c.body["order"] for c in fake.calls if c.method == "POST"]
    assert [(o["units"], o.get("price")) for o in sent] == [("1000", "1.08123"), ("1.2", None)]
    with pytest.raises(BrokerError, match="below the minimum size 0.1 of DE30_EUR"):
        oanda.place_order(gold(client_order_id("m", "b", 2), symbol="GER40", units=Decimal("0.05")))
    assert len(fake.orders) == 2


def test_a_lost_response_after_the_venue_filled_is_looked_up_not_sent_again(
        oanda: OandaConnector, fake: FakeOanda) -> None:
    fake.fault("POST", ORDERS, "drop")
    result = oanda.place_order(gold())
    assert len(fake.orders) == 1 and fake.count("POST", ORDERS) == 1
    assert (result.status, result.fill_price, result.duplicate) == ("Filled", Decimal("2350.600"), False)
    assert fake.count("GET", ORDERS + "/@" + CID) == 2  # before sending, and after the lost answer


def test_a_5xx_after_the_venue_executed_is_unknown_and_settled_by_the_lookup(
        oanda: OandaConnector, fake: FakeOanda) -> None:
    fake.fault("POST", ORDERS, "after", status=500, body={"errorMessage": "internal"})
    assert oanda.place_order(gold()).status == "Filled"
    assert len(fake.orders) == 1 and fake.count("POST", ORDERS) == 1


def test_a_timeout_after_the_venue_filled_is_looked_up_not_sent_again(
        fake: FakeOanda, sqlite_database: SqlDatabase, clock: Clock, sleeps: Sleeps) -> None:
    connector = build(fake, sqlite_database, clock, sleeps, broker_timeout=0.3)
    fake.fault("POST", ORDERS, "stall", delay=0.8)
    assert connector.place_order(gold()).status == "Filled"
    assert len(fake.orders) == 1 and fake.count("POST", ORDERS) == 1


def test_an_outcome_still_unknown_is_left_to_the_queue_and_the_redelivery_finds_the_order(
        oanda: OandaConnector, fake: FakeOanda) -> None:
    lookup = ORDERS + "/@" + CID
    fake.fault("POST", ORDERS, "drop")
    # Faults are taken in order: the lookup before sending finds nothing, every lookup after the lost answer fails.
    fake.fault("GET", lookup, "status", status=404, body={"errorCode": "NO_SUCH_ORDER"})
    fake.fault("GET", lookup, "status", status=503, times=3, headers={"Retry-After": "0"})
    with pytest.raises(BrokerUnavailableError):
        oanda.place_order(gold())
    assert len(fake.orders) == 1
    redelivered = oanda.place_order(gold())
    assert redelivered.duplicate and redelivered.status == "Filled"
    assert len(fake.orders) == 1 and fake.count("POST", ORDERS) == 1


def test_an_order_the_venue_never_received_is_sent_again_once(oanda: OandaConnector, fake: FakeOanda) -> None:
    fake.fault("POST", ORDERS, "status", status=503, body={"errorMessage": "busy"}, headers={"Retry-After": "1"})
    assert oanda.place_order(gold()).status == "Filled"
    assert len(fake.orders) == 1 and fake.count("POST", ORDERS) == 2


def test_429_waits_as_the_venue_asks_then_succeeds(oanda: OandaConnector, fake: FakeOanda, sleeps: Sleeps) -> None:
    fake.fault("POST", ORDERS, "status", status=429, headers={"Retry-After": "2"}, body={"errorMessage": "slow"})
    assert oanda.place_order(gold()).status == "Filled"
    assert len(fake.orders) == 1 and 2.0 in sleeps


def test_rate_limits_past_the_attempts_leave_the_command_for_the_queue(
        oanda: OandaConnector, fake: FakeOanda) -> None:
    fake.fault("POST", ORDERS, "status", status=429, times=5, headers={"Retry-After": "0"})
    with pytest.raises(BrokerUnavailableError):
        oanda.place_order(gold())
    assert fake.orders == {}


def test_a_rejected_token_is_credentials_rejected(fake: FakeOanda, sqlite_database: SqlDatabase, clock: Clock,
                                                  sleeps: Sleeps) -> None:
    connector = build(fake, sqlite_database, clock, sleeps, token="revoked")
    with pytest.raises(CredentialsRejectedError) as raised:
        connector.verify()
    assert raised.value.code == "credentials_rejected" and "authorization" in raised.value.reason


def test_insufficient_margin_is_refused_with_the_venues_reason(fake: FakeOanda, sqlite_database: SqlDatabase,
                                                               clock: Clock, sleeps: Sleeps) -> None:
    fake.balance = Decimal(100)
    connector = build(fake, sqlite_database, clock, sleeps)
    with pytest.raises(BrokerError) as raised:
        connector.place_order(gold(units=Decimal(50)))
    assert (raised.value.code, raised.value.reason) == ("broker_refused", "INSUFFICIENT_MARGIN")
    fake.fault("POST", ORDERS, "drop")  # the refusal's answer lost: the lookup still finds the venue's reason
    with pytest.raises(BrokerError, match="INSUFFICIENT_MARGIN"):
        connector.place_order(gold(client_order_id("other", "brk"), units=Decimal(50)))


def test_a_redelivered_order_is_found_by_client_id_and_not_sent(oanda: OandaConnector, fake: FakeOanda) -> None:
    first = oanda.place_order(gold())
    again = oanda.place_order(gold(units=Decimal(99)))
    assert again.duplicate and again.broker_order_id == first.broker_order_id and again.units == Decimal(3)
    assert fake.count("POST", ORDERS) == 1 and oanda.get_order("pip-unknown") is None


def ref() -> OrderRef:
    return OrderRef(client_order_id=CID, symbol="XAUUSD", side="Buy")


def test_modify_close_and_cancel_each_act_once_when_their_answers_are_lost(
        oanda: OandaConnector, fake: FakeOanda) -> None:
    oanda.place_order(gold())
    trades = rf"/v3/accounts/{ACCOUNT}/trades/@{CID}"
    fake.fault("PUT", trades + "/orders", "drop")
    moved = oanda.modify_order(ModifyRequest("act-1", ref(), stop_loss=Decimal("2345.5555")))
    (trade,) = fake.trades.values()
    assert trade["stopLossOrder"]["price"] == "2345.556" and fake.count("PUT", trades + "/orders") == 1
    assert moved.status == "Filled"

    fake.fault("PUT", trades + "/close", "drop")
    closed = oanda.close(CloseRequest("act-2", ref()))
    assert trade["state"] == "CLOSED" and fake.count("PUT", trades + "/close") == 1
    assert closed.closed_units == Decimal(3) and not closed.duplicate
    assert oanda.close(CloseRequest("act-2", ref())).duplicate and fake.count("PUT", trades + "/close") == 1

    pending = client_order_id("chat:1:43", "brk_oanda")
    oanda.place_order(gold(pending, order_type="Limit", price=Decimal("2300")))
    fake.fault("PUT", ORDERS + f"/@{pending}/cancel", "drop")
    cancelled = oanda.cancel(OrderRef(pending, "XAUUSD", "Buy"), action_id="act-3")
    assert cancelled.status == "Cancelled" and fake.count("PUT", ORDERS + f"/@{pending}/cancel") == 1
    assert oanda.cancel(OrderRef(pending, "XAUUSD", "Buy"), action_id="act-3").status == "Cancelled"
    assert fake.count("PUT", ORDERS + f"/@{pending}/cancel") == 1


def test_a_partial_close_reduces_the_trade_and_reports_the_realised_pl(oanda: OandaConnector,
                                                                       fake: FakeOanda) -> None:
    oanda.place_order(gold())
    result = oanda.close(CloseRequest("act-p", ref(), units=Decimal(1)))
    (trade,) = fake.trades.values()
    assert trade["currentUnits"] == "2" and result.closed_units == Decimal(1)
    assert result.price == Decimal("2350.100") and result.realized_pnl == Decimal("-0.500")


def test_a_redelivered_partial_close_whose_first_delivery_closed_sends_nothing(oanda: OandaConnector,
                                                                              fake: FakeOanda) -> None:
    """OANDA's close carries no client id: the leg's open units on our side (3) tell a close already made
    (the trade holds 2, what closing 1 leaves) from one still to make."""
    oanda.place_order(gold())
    oanda.close(CloseRequest("act-p", ref(), units=Decimal(1), open_units=Decimal(3)))
    again = oanda.close(CloseRequest("act-p", ref(), units=Decimal(1), open_units=Decimal(3)))
    assert again.duplicate and again.closed_units == Decimal(1)
    (trade,) = fake.trades.values()
    assert trade["currentUnits"] == "2" and fake.count("PUT", TRADES + f"/@{CID}/close") == 1
    rest = oanda.close(CloseRequest("act-all", ref(), open_units=Decimal(2)))  # recorded since: 2 open
    assert rest.closed_units == Decimal(2) and trade["state"] == "CLOSED"


def test_a_pending_orders_entry_moves_by_replacement_keeping_our_client_id(oanda: OandaConnector,
                                                                           fake: FakeOanda) -> None:
    oanda.place_order(gold(order_type="Limit", price=Decimal("2300")))
    moved = oanda.modify_order(ModifyRequest("act-e", ref(), entry=Decimal("2310.12345")))
    live = [o for o in fake.orders.values() if o["state"] == "PENDING"]
    assert len(live) == 1 and live[0]["price"] == "2310.123" and live[0]["clientExtensions"]["id"] == CID
    assert moved.status == "Pending" and moved.broker_order_id == live[0]["id"]


def test_symbols_map_from_metadata_defaults_and_suffix_else_refused(fake: FakeOanda, sqlite_database: SqlDatabase,
                                                                     clock: Clock, sleeps: Sleeps) -> None:
    connector = build(fake, sqlite_database, clock, sleeps, metadata={"symbols": {"GOLD": "XAU_USD"}})
    quote = connector.get_quote("GOLD")
    assert quote is not None and (quote.bid, quote.ask, quote.pip_size) == (
        Decimal("2350.100"), Decimal("2350.600"), Decimal("0.01"))
    with pytest.raises(UnknownSymbolError) as raised:
        connector.get_quote("DOGEUSD")
    assert raised.value.code == "unknown_symbol"
    suffixed = build(fake, sqlite_database, clock, sleeps, metadata={"symbolSuffix": ".pro"})
    with pytest.raises(UnknownSymbolError):  # EUR_USD.pro is not an instrument of this account
        suffixed.get_quote("EURUSD")


def test_instrument_data_is_read_once_per_connection_for_a_day(fake: FakeOanda, sqlite_database: SqlDatabase,
                                                                clock: Clock, sleeps: Sleeps) -> None:
    connector = build(fake, sqlite_database, clock, sleeps)
    for symbol in ("EURUSD", "XAUUSD", "EURUSD"):
        connector.get_quote(symbol)
    assert fake.count("GET", rf"/v3/accounts/{ACCOUNT}/instruments") == 1


def test_account_summary_and_verify(oanda: OandaConnector, fake: FakeOanda) -> None:
    oanda.verify()
    oanda.place_order(gold())
    summary = oanda.get_account_summary()
    assert (summary.currency, summary.equity, summary.open_exposure) == ("USD", Decimal("100000.0000"),
                                                                        Decimal("7051.800"))


def test_live_is_refused_unless_the_tenant_enabled_it(fake: FakeOanda, sqlite_database: SqlDatabase, clock: Clock,
                                                      sleeps: Sleeps) -> None:
    with pytest.raises(BrokerError) as raised:
        build(fake, sqlite_database, clock, sleeps, metadata={"environment": "live"})
    assert raised.value.code == "live_trading_disabled"
    live = build(fake, sqlite_database, clock, sleeps, metadata={"environment": "live"}, allow_live=True,
                 oanda_live_url=fake.url, oanda_practice_url="https://practice.invalid")
    live.verify()  # reached the live host setting, not the practice one


def test_the_operators_demo_check_runs_end_to_end(fake: FakeOanda, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """The command docs/brokers.md gives operators for a practice account, here pointed at the fake."""
    monkeypatch.setenv("PIPSTER_OANDA_PRACTICE_URL", fake.url)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "oanda.json").write_text(json.dumps({"token": TOKEN, "accountId": ACCOUNT}))
    smoke.main(["oanda", "--credentials", str(tmp_path / "oanda.json"), "--trade", "EURUSD", "1"])
    printed = capsys.readouterr().out
    assert "verify: ok" in printed and "duplicate=True" in printed and TOKEN not in printed
    (trade,) = fake.trades.values()
    assert trade["state"] == "CLOSED" and len(fake.orders) == 1


def test_the_operators_demo_check_of_follow_ups_runs_end_to_end(fake: FakeOanda, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PIPSTER_OANDA_PRACTICE_URL", fake.url)
    (tmp_path / "oanda.json").write_text(json.dumps({"token": TOKEN, "accountId": ACCOUNT}))
    smoke.main(["oanda", "--credentials", str(tmp_path / "oanda.json"), "--trade", "EURUSD", "3", "--follow-ups"])
    printed = capsys.readouterr().out
    assert "stop moved:" in printed and "must be duplicate=True): CloseResult" in printed
    (trade,) = fake.trades.values()
    assert trade["state"] == "CLOSED" and trade["stopLossOrder"]["price"] == "1.07415"  # 1% below the bid
    assert fake.count("PUT", TRADES + r"/@[^/]+/close") == 2  # the half once, then the rest


def test_instrument_specs_come_from_one_instruments_read(oanda: OandaConnector, fake: FakeOanda) -> None:
    assert oanda.instrument_spec("XAUUSD") == InstrumentSpec(minimum=Decimal(1), step=Decimal(1))
    assert oanda.instrument_spec("GER40") == InstrumentSpec(minimum=Decimal("0.1"), step=Decimal("0.1"))
    assert len([c for c in fake.calls if c.path.endswith("/instruments")]) == 1
    with pytest.raises(UnknownSymbolError):
        oanda.instrument_spec("NZDSEK")
