"""The CCXT connector (Binance testnet mode) through CCXT's real transport, signing and precision against a
fake of Binance's REST API on loopback (tests/support/fake_binance.py, written from Binance's public API
documentation; no exchange is called). The operator setting PIPSTER_CCXT_URL_OVERRIDE points CCXT at it."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from shared.adapters.brokers.ccxt_exchange import CcxtConnector, exchange_id, protective_id
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
from tests.support.fake_binance import API_KEY, SECRET, FakeBinance
from tests.support.venues import Sleeps, connection, factory

CID = client_order_id("chat:9:1", "brk_bin")
SPOT, FAPI = "/api/v3/order", "/fapi/v1/order"


@pytest.fixture
def fake() -> Iterator[FakeBinance]:
    with FakeBinance() as venue:
        yield venue


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def build(fake: FakeBinance, database: SqlDatabase, clock: Clock, sleeps: Sleeps, *, market: str = "spot",
          key: str = API_KEY, metadata: dict[str, object] | None = None, allow_live: bool = False,
          **settings: object) -> CcxtConnector:
    venues = factory(database, clock, sleeps, ccxt_url_override=fake.url, **settings)
    meta = {"exchange": "binance", "market": market, "environment": "practice", **(metadata or {})}
    connector = venues.for_connection(connection(BrokerType.CCXT, meta), {"apiKey": key, "secret": SECRET},
                                      allow_live=allow_live)
    assert isinstance(connector, CcxtConnector)
    return connector


@pytest.fixture
def spot(fake: FakeBinance, sqlite_database: SqlDatabase, clock: Clock, sleeps: Sleeps) -> CcxtConnector:
    return build(fake, sqlite_database, clock, sleeps)


@pytest.fixture
def linear(fake: FakeBinance, sqlite_database: SqlDatabase, clock: Clock, sleeps: Sleeps) -> CcxtConnector:
    return build(fake, sqlite_database, clock, sleeps, market="linear")


def btc(cid: str = CID, **overrides: object) -> OrderRequest:
    values: dict[str, object] = {"client_order_id": cid, "symbol": "BTCUSDT", "side": "Buy",
                                 "units": Decimal("0.0123456")}
    values.update(overrides)
    return OrderRequest(**values)  # type: ignore[arg-type]


def sent(fake: FakeBinance, path: str) -> list[dict[str, str]]:
    return [fake.params(c) for c in fake.calls if c.method == "POST" and c.path == path]


def test_a_spot_market_order_carries_our_client_id_and_the_markets_step(spot: CcxtConnector,
                                                                        fake: FakeBinance) -> None:
    result = spot.place_order(btc())
    (order,) = sent(fake, SPOT)
    assert order["newClientOrderId"] == exchange_id(CID) and len(order["newClientOrderId"]) == 32
    assert order["quantity"] == "0.01234" and order["type"] == "MARKET"
    assert (result.status, result.fill_price, result.units) == ("Filled", Decimal("60000.1"), Decimal("0.01234"))


def test_limit_prices_round_to_the_tick(spot: CcxtConnector, fake: FakeBinance) -> None:
    result = spot.place_order(btc(order_type="Limit", price=Decimal("58000.123")))
    (order,) = sent(fake, SPOT)
    assert order["price"] == "58000.12" and result.status == "Pending"


def test_a_lost_response_after_the_exchange_filled_is_looked_up_not_resent(spot: CcxtConnector,
                                                                           fake: FakeBinance) -> None:
    fake.fault("POST", SPOT, "drop")
    result = spot.place_order(btc())
    assert len(fake.orders) == 1 and len(sent(fake, SPOT)) == 1
    assert result.status == "Filled" and not result.duplicate
    lookups = [fake.params(c) for c in fake.calls if c.method == "GET" and c.path == SPOT]
    assert len(lookups) == 2 and {q["origClientOrderId"] for q in lookups} == {exchange_id(CID)}


def test_a_5xx_after_the_exchange_executed_is_settled_by_the_lookup(spot: CcxtConnector, fake: FakeBinance) -> None:
    fake.fault("POST", SPOT, "after", status=502, body={"code": -1001, "msg": "Internal error"})
    assert spot.place_order(btc()).status == "Filled"
    assert len(fake.orders) == 1 and len(sent(fake, SPOT)) == 1


def test_a_timeout_after_the_exchange_filled_is_looked_up_not_resent(
        fake: FakeBinance, sqlite_database: SqlDatabase, clock: Clock, sleeps: Sleeps) -> None:
    connector = build(fake, sqlite_database, clock, sleeps, broker_timeout=0.3)
    fake.fault("POST", SPOT, "stall", delay=0.8)
    assert connector.place_order(btc()).status == "Filled"
    assert len(fake.orders) == 1 and len(sent(fake, SPOT)) == 1


def test_429_is_waited_out_then_the_order_goes_through_once(spot: CcxtConnector, fake: FakeBinance,
                                                            sleeps: Sleeps) -> None:
    fake.fault("POST", SPOT, "status", status=429, headers={"Retry-After": "2"},
               body={"code": -1003, "msg": "Too many requests."})
    assert spot.place_order(btc()).status == "Filled"
    assert len(fake.orders) == 1 and len(sent(fake, SPOT)) == 2 and 2.0 in sleeps


def test_an_invalid_api_key_is_credentials_rejected(fake: FakeBinance, sqlite_database: SqlDatabase, clock: Clock,
                                                    sleeps: Sleeps) -> None:
    connector = build(fake, sqlite_database, clock, sleeps, key="revoked")
    with pytest.raises(CredentialsRejectedError) as raised:
        connector.verify()
    assert raised.value.reason == "Invalid API-key, IP, or permissions for action."


def test_insufficient_balance_is_refused_with_the_exchanges_reason(spot: CcxtConnector, fake: FakeBinance) -> None:
    with pytest.raises(BrokerError) as raised:
        spot.place_order(btc(units=Decimal(5)))
    assert raised.value.reason == "Account has insufficient balance for requested action."
    assert fake.orders == {}


def test_a_redelivered_order_is_found_by_client_id_and_not_sent(spot: CcxtConnector, fake: FakeBinance) -> None:
    first = spot.place_order(btc())
    again = spot.place_order(btc(units=Decimal(1)))
    assert again.duplicate and again.broker_order_id == first.broker_order_id and len(sent(fake, SPOT)) == 1
    found = spot.get_order(CID, symbol="BTCUSDT")
    assert found is not None and found.broker_order_id == first.broker_order_id


def test_spot_entries_with_a_stop_are_refused_rather_than_left_unprotected(spot: CcxtConnector,
                                                                            fake: FakeBinance) -> None:
    with pytest.raises(BrokerError) as raised:
        spot.place_order(btc(stop_loss=Decimal(59000)))
    assert raised.value.code == "unsupported_order" and sent(fake, SPOT) == []


def test_a_linear_entry_gets_reduce_only_stop_and_target_each_once(linear: CcxtConnector, fake: FakeBinance) -> None:
    order = btc(stop_loss=Decimal("59000.123"), take_profits=(Decimal(61000),))
    linear.place_order(order)
    linear.place_order(order)  # redelivered: nothing is sent again
    assert len(sent(fake, FAPI)) == 1
    protective = {o["orderType"]: o for o in fake.algo.values()}
    assert set(protective) == {"STOP_MARKET", "TAKE_PROFIT_MARKET"}
    assert protective["STOP_MARKET"]["triggerPrice"] == "59000.1" and protective["STOP_MARKET"]["reduceOnly"]
    assert protective["STOP_MARKET"]["side"] == "SELL" and protective["STOP_MARKET"]["quantity"] == "0.012"


def test_modify_close_and_cancel_each_act_once_when_their_answers_are_lost(linear: CcxtConnector,
                                                                           fake: FakeBinance) -> None:
    linear.place_order(btc(stop_loss=Decimal(59000)))
    ref = OrderRef(CID, "BTCUSDT", "Buy")
    fake.fault("POST", "/fapi/v1/algoOrder", "drop")
    linear.modify_order(ModifyRequest("act-1", ref, stop_loss=Decimal(59500)))
    states = sorted((Decimal(o["triggerPrice"]), o["algoStatus"]) for o in fake.algo.values())
    assert states == [(Decimal(59000), "CANCELED"), (Decimal(59500), "NEW")]

    fake.fault("POST", FAPI, "drop")
    closed = linear.close(CloseRequest("act-2", ref))
    closes = [o for o in sent(fake, FAPI) if o.get("reduceOnly") == "true"]
    assert len(closes) == 1 and closes[0]["side"] == "SELL" and closed.closed_units == Decimal("0.012")
    assert linear.close(CloseRequest("act-2", ref)).duplicate
    assert len([o for o in sent(fake, FAPI) if o.get("reduceOnly") == "true"]) == 1

    pending = client_order_id("chat:9:2", "brk_bin")
    linear.place_order(btc(pending, order_type="Limit", price=Decimal(55000)))
    fake.fault("DELETE", FAPI, "drop")
    assert linear.cancel(OrderRef(pending, "BTCUSDT", "Buy"), action_id="act-3").status == "Cancelled"
    assert fake.count("DELETE", FAPI) == 1 and fake.orders["linear" + exchange_id(pending)]["status"] == "CANCELED"


def test_each_stop_move_replaces_the_last_and_a_whole_close_leaves_nothing_behind(linear: CcxtConnector,
                                                                                  fake: FakeBinance) -> None:
    """The position is the market's, shared by every leg: the leg's own open units are what a whole close
    sends after a partial one (the entry's size would be refused as reduce-only, -2022), and its stop and
    target, moved or not, are withdrawn (a stop left behind would close the next position on the market)."""
    linear.place_order(btc(units=Decimal("0.004"), stop_loss=Decimal(59000), take_profits=(Decimal(61000),)))
    other = client_order_id("chat:9:7", "brk_bin")  # another leg on the same market keeps its own orders
    linear.place_order(btc(other, units=Decimal("0.002"), stop_loss=Decimal(58000)))
    ref = OrderRef(CID, "BTCUSDT", "Buy")
    for action, stop in (("act-1", 59500), ("act-2", 60000)):
        linear.modify_order(ModifyRequest(action, ref, stop_loss=Decimal(stop)))
    live = {o["clientAlgoId"]: o["triggerPrice"] for o in fake.algo.values() if o["algoStatus"] == "NEW"}
    assert sorted(live.values()) == ["58000", "60000", "61000"]
    assert protective_id(CID, "sl", "act-2") in live and exchange_id(CID, "tp") in live

    linear.close(CloseRequest("act-3", ref, units=Decimal("0.002"), open_units=Decimal("0.004")))
    still = sorted(o["triggerPrice"] for o in fake.algo.values() if o["algoStatus"] == "NEW")
    assert fake.net_position() == Decimal("0.004") and still == ["58000", "60000", "61000"]  # a part leaves them
    linear.close(CloseRequest("act-4", ref, open_units=Decimal("0.002")))
    assert fake.net_position() == Decimal("0.002")
    left = [(o["clientAlgoId"], o["triggerPrice"]) for o in fake.algo.values() if o["algoStatus"] == "NEW"]
    assert left == [(exchange_id(other, "sl"), "58000")]


def test_symbols_come_from_the_exchanges_market_list_or_metadata(fake: FakeBinance, sqlite_database: SqlDatabase,
                                                                 clock: Clock, sleeps: Sleeps) -> None:
    connector = build(fake, sqlite_database, clock, sleeps, market="linear",
                      metadata={"symbols": {"BITCOIN": "BTC/USDT:USDT"}})
    quote = connector.get_quote("BITCOIN")
    assert quote is not None and quote.ask == Decimal("60000.1")
    assert connector.get_quote("BTCUSDT") == quote
    with pytest.raises(UnknownSymbolError):
        connector.get_quote("DOGEUSDT")


def test_live_needs_the_tenants_consent(fake: FakeBinance, sqlite_database: SqlDatabase, clock: Clock,
                                        sleeps: Sleeps) -> None:
    with pytest.raises(BrokerError) as raised:
        build(fake, sqlite_database, clock, sleeps, metadata={"environment": "live"})
    assert raised.value.code == "live_trading_disabled"
    with pytest.raises(BrokerError, match="metadata.exchange"):
        build(fake, sqlite_database, clock, sleeps, metadata={"exchange": "mtgox"})


def test_instrument_specs_are_the_markets_amount_limits(spot: CcxtConnector, linear: CcxtConnector) -> None:
    assert spot.instrument_spec("BTCUSDT") == InstrumentSpec(minimum=Decimal("0.0001"), step=Decimal("0.00001"))
    assert linear.instrument_spec("BTCUSDT") == InstrumentSpec(minimum=Decimal("0.001"), step=Decimal("0.001"))
    with pytest.raises(BrokerError) as raised:
        linear.instrument_spec("DOGEUSDT")
    assert raised.value.code == "unknown_symbol"
