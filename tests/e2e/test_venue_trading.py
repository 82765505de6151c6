"""A tenant trades at three venues end to end: it configures an OANDA practice, an IG demo and a Binance
testnet (linear) connection through the API, verifies each, and a signal posted in each venue's channel runs
through the registered queue functions (pipeline, then executor) to an order at that venue.

No real venue is called: the operator settings (``PIPSTER_OANDA_PRACTICE_URL``, ``PIPSTER_IG_DEMO_URL``,
``PIPSTER_CCXT_URL_OVERRIDE``) point at loopback fakes written from each venue's public documentation
(tests/support/fake_oanda.py, fake_ig.py, fake_binance.py); the connectors use their real transports. The
stores are real too: SQLite, Redis (a namespace of its own) and Azurite (events)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from functions.http_api import create_api
from shared.bootstrap import Container
from tests.e2e.conftest import ADMIN_KEY, bearer, events_of, register, worker_container
from tests.e2e.test_pipeline import deliver, execute
from tests.support import fake_binance, fake_ig, fake_oanda
from tests.support.fake_binance import FakeBinance
from tests.support.fake_ig import FakeIg
from tests.support.fake_oanda import FakeOanda

OANDA_CHANNEL, IG_CHANNEL, BINANCE_CHANNEL, LIVE_CHANNEL = -1001001, -1001002, -1001003, -1001004
GOLD_BUY = "BUY XAUUSD @ 2350.5\nSL 2340\nTP 2360"
GOLD_SELL = "SELL XAUUSD @ 2350.2\nSL 2360\nTP 2340"
BITCOIN = "BUY BTCUSDT @ 60000\nSL 59000\nTP 62000"


@dataclass
class Venues:
    oanda: FakeOanda
    oanda_live: FakeOanda
    ig: FakeIg
    binance: FakeBinance


@pytest.fixture
def venues() -> Iterator[Venues]:
    with FakeOanda() as oanda, FakeOanda() as live, FakeIg() as ig, FakeBinance(usdt="100000") as binance:
        yield Venues(oanda, live, ig, binance)


@pytest.fixture
def container(tmp_path: Path, azurite, redis_url: str, clock, venues: Venues,  # type: ignore[no-untyped-def]
              monkeypatch: pytest.MonkeyPatch) -> Iterator[Container]:
    with worker_container(
            tmp_path, azurite, redis_url, clock, monkeypatch, PIPSTER_ADMIN_KEY=ADMIN_KEY, PIPSTER_ENVIRONMENT="test",
            PIPSTER_OANDA_PRACTICE_URL=venues.oanda.url, PIPSTER_OANDA_LIVE_URL=venues.oanda_live.url,
            PIPSTER_IG_DEMO_URL=venues.ig.url, PIPSTER_CCXT_URL_OVERRIDE=venues.binance.url,
            PIPSTER_BROKER_RETRY_BASE_DELAY=0.01, PIPSTER_BROKER_TIMEOUT_SECONDS=5) as built:
        yield built


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_api(lambda: container, container.settings), raise_server_exceptions=False) as api:
        yield api


class Tenant:
    """The tenant's side: everything through the API with its own key."""

    def __init__(self, client: TestClient) -> None:
        created, key = register(client, email=f"venues-{uuid.uuid4().hex[:6]}@example.com")
        self.id: str = created["id"]
        self.client, self.headers, self.url = client, bearer(key), f"/api/v1/tenants/{created['id']}"

    def call(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        response = self.client.request(method, self.url + path, json=body, headers=self.headers)
        assert response.status_code == status, response.text
        return response.json() if response.content else None

    def broker(self, broker_type: str, credentials: dict[str, str], metadata: dict[str, Any]) -> str:
        created = self.call("POST", "/brokers", {"brokerType": broker_type, "displayName": broker_type,
                                                 "credentials": credentials, "metadata": metadata}, status=201)
        return str(created["id"])

    def channel(self, channel_id: int, broker_id: str) -> None:
        self.call("POST", "/channels", {"channelId": channel_id, "channelName": str(channel_id)}, status=201)
        self.call("PUT", f"/channels/{channel_id}/brokers", [broker_id])

    def post(self, channel_id: int, message_id: int, content: str) -> list[str]:
        """A message in a channel through the pipeline; its commands through the executor."""
        body = {"tenantId": self.id, "channelId": channel_id, "messageId": message_id, "content": content,
                "timestamp": "2026-01-05T12:00:00+00:00", "senderId": 7}
        commands = deliver(json.dumps(body).encode())
        execute(commands)
        return commands

    def events(self, container: Container, *types: str) -> list[Any]:
        return events_of(container, self.id, *types)


OANDA_CREDENTIALS = {"token": fake_oanda.TOKEN, "accountId": fake_oanda.ACCOUNT}


@pytest.fixture
def tenant(client: TestClient) -> Tenant:
    tenant = Tenant(client)
    tenant.call("PATCH", "/trading-config", {"autoExecuteEnabled": True})
    return tenant


def test_a_tenant_configures_verifies_and_trades_at_oanda_ig_and_binance(
        tenant: Tenant, container: Container, venues: Venues) -> None:
    oanda = tenant.broker("Oanda", OANDA_CREDENTIALS, {"environment": "practice"})
    ig = tenant.broker("IgMarkets", {"apiKey": fake_ig.API_KEY, "username": fake_ig.USERNAME,
                                     "password": fake_ig.PASSWORD}, {"environment": "demo"})
    binance = tenant.broker("Ccxt", {"apiKey": fake_binance.API_KEY, "secret": fake_binance.SECRET},
                            {"exchange": "binance", "market": "linear", "environment": "testnet"})
    for broker_id in (oanda, ig, binance):
        assert tenant.call("POST", f"/brokers/{broker_id}/verify") == {"ok": True, "reason": None, "code": None}
    tenant.channel(OANDA_CHANNEL, oanda)
    tenant.channel(IG_CHANNEL, ig)
    tenant.channel(BINANCE_CHANNEL, binance)

    commands = [*tenant.post(OANDA_CHANNEL, 1, GOLD_BUY), *tenant.post(IG_CHANNEL, 2, GOLD_SELL),
                *tenant.post(BINANCE_CHANNEL, 3, BITCOIN)]
    assert len(commands) == 3
    execute(commands)  # the host redelivers every command: each is found at its venue by client id, not resent

    (oanda_order,) = venues.oanda.orders.values()
    assert (oanda_order["instrument"], oanda_order["units"]) == ("XAU_USD", "1")
    (ig_position,) = venues.ig.positions.values()
    assert (ig_position["epic"], ig_position["direction"]) == ("CS.D.CFDGOLD.CFDGC.IP", "SELL")
    entries = [o for o in venues.binance.orders.values() if not o["reduceOnly"]]
    assert [(o["symbol"], o["side"], o["origQty"]) for o in entries] == [("BTCUSDT", "BUY", "1")]
    assert {a["orderType"] for a in venues.binance.algo.values()} == {"STOP_MARKET", "TAKE_PROFIT_MARKET"}

    executed = tenant.events(container, "TradeExecuted")
    assert sorted(e.data["brokerConnectionId"] for e in executed) == sorted([oanda, ig, binance])
    assert all(e.data["status"] == "Filled" and not e.data["duplicate"] for e in executed)
    assert tenant.events(container, "TradeFailed") == []
    verified = [e for e in tenant.events(container, "UserAction") if e.data["operation"] == "verify_broker"]
    assert len(verified) == 3 and all(e.data["ok"] is True for e in verified)


def test_verify_answers_the_venues_reason_and_never_echoes_the_credentials(tenant: Tenant,
                                                                          container: Container) -> None:
    wrong = "wrong-token-SECRET-0123"
    broker_id = tenant.broker("Oanda", {"token": wrong, "accountId": fake_oanda.ACCOUNT}, {})
    answer = tenant.call("POST", f"/brokers/{broker_id}/verify")
    assert answer == {"ok": False, "reason": "Insufficient authorization to perform request.",
                      "code": "credentials_rejected"}
    missing = tenant.broker("Oanda", {"accountId": fake_oanda.ACCOUNT}, {})
    assert tenant.call("POST", f"/brokers/{missing}/verify")["code"] == "invalid_configuration"
    tenant.call("POST", "/brokers/brk_nope/verify", status=404)
    audited = {e.data["brokerId"]: e for e in tenant.events(container, "UserAction")
               if e.data["operation"] == "verify_broker"}  # the 404 is not audited: nothing was checked
    assert set(audited) == {broker_id, missing}
    assert (audited[broker_id].data["ok"], audited[broker_id].data["code"]) == (False, "credentials_rejected")
    assert wrong not in str([e.to_document() for e in tenant.events(container)])
    # verifying changes nothing: the connection stays as it was
    assert tenant.call("GET", f"/brokers/{broker_id}")["isActive"] is True


def test_rejected_credentials_fail_the_trade_and_disable_the_connection_with_an_event(
        tenant: Tenant, container: Container, venues: Venues) -> None:
    broker_id = tenant.broker("Oanda", {"token": "revoked-token", "accountId": fake_oanda.ACCOUNT}, {})
    tenant.channel(OANDA_CHANNEL, broker_id)

    tenant.post(OANDA_CHANNEL, 1, GOLD_BUY)

    (failed,) = tenant.events(container, "TradeFailed")
    assert (failed.data["reason"], failed.data["brokerConnectionId"]) == ("credentials_rejected", broker_id)
    (disabled,) = tenant.events(container, "BrokerConnectionDisabled")
    assert (disabled.data["brokerConnectionId"], disabled.data["reason"]) == (broker_id, "credentials_rejected")
    assert disabled.correlation_id == failed.correlation_id
    assert tenant.call("GET", f"/brokers/{broker_id}")["isActive"] is False
    assert venues.oanda.orders == {}
    # the next signal finds no active broker for the channel: nothing is sent to the venue again
    calls = len(venues.oanda.calls)
    assert tenant.post(OANDA_CHANNEL, 2, GOLD_BUY) == []
    assert len(venues.oanda.calls) == calls


def test_an_unmapped_symbol_fails_as_unknown_symbol(tenant: Tenant, container: Container, venues: Venues) -> None:
    broker_id = tenant.broker("Oanda", OANDA_CREDENTIALS, {})
    tenant.channel(OANDA_CHANNEL, broker_id)
    tenant.post(OANDA_CHANNEL, 1, "BUY USDZAR @ 18.5\nSL 18.3\nTP 18.9")  # no OANDA default for it
    (failed,) = tenant.events(container, "TradeFailed")
    assert failed.data["reason"] == "unknown_symbol"
    assert venues.oanda.orders == {}


def test_a_live_connection_trades_only_while_the_tenant_has_live_trading_enabled(
        tenant: Tenant, container: Container, venues: Venues) -> None:
    assert tenant.call("GET", "")["liveTradingEnabled"] is False
    live = tenant.broker("Oanda", OANDA_CREDENTIALS, {"environment": "live"})  # saving is allowed
    assert tenant.call("POST", f"/brokers/{live}/verify")["ok"] is True  # a read: allowed before consent
    tenant.channel(LIVE_CHANNEL, live)

    tenant.post(LIVE_CHANNEL, 1, GOLD_BUY)
    (refused,) = tenant.events(container, "TradeFailed")
    assert refused.data["reason"] == "live_trading_disabled"
    assert venues.oanda_live.orders == {} and venues.oanda.orders == {}

    enabled = tenant.call("PUT", "/live-trading", {"enabled": True})
    assert enabled["liveTradingEnabled"] is True
    tenant.post(LIVE_CHANNEL, 2, GOLD_BUY)
    assert len(venues.oanda_live.orders) == 1 and venues.oanda.orders == {}  # the operator's live host

    tenant.call("PUT", "/live-trading", {"enabled": False})
    tenant.post(LIVE_CHANNEL, 3, GOLD_BUY)
    assert [e.data["reason"] for e in tenant.events(container, "TradeFailed")] == ["live_trading_disabled"] * 2
    assert len(venues.oanda_live.orders) == 1

    switches = [e.data["liveTradingEnabled"] for e in tenant.events(container, "UserAction")
                if e.data["operation"] == "put_live_trading"]
    assert sorted(switches) == [False, True]  # both audited with the value (the test clock stands still)


def test_percent_of_equity_sizing_is_refused_at_the_pipeline_for_a_live_connection_without_consent(
        tenant: Tenant, container: Container, venues: Venues) -> None:
    tenant.call("PATCH", "/trading-config", {"sizingMode": "PercentEquity", "equityPercentage": 2})
    live = tenant.broker("Oanda", OANDA_CREDENTIALS, {"environment": "live"})
    tenant.channel(LIVE_CHANNEL, live)
    assert tenant.post(LIVE_CHANNEL, 1, GOLD_BUY) == []
    rejected = [e for e in tenant.events(container, "SignalRejected")]
    assert [e.data["rule"] for e in rejected] == ["live_trading_disabled"]
    assert venues.oanda_live.calls == []


def test_percent_of_equity_counts_an_ig_lot_as_its_contract(tenant: Tenant, container: Container,
                                                            venues: Venues) -> None:
    """1 IG EURUSD lot is 100,000 euros: 2% of about 50,000 USD buys no whole lot, so nothing is sent
    (without the contract size it would have bought 921 lots)."""
    tenant.call("PATCH", "/trading-config", {"sizingMode": "PercentEquity", "equityPercentage": 2})
    ig = tenant.broker("IgMarkets", {"apiKey": fake_ig.API_KEY, "username": fake_ig.USERNAME,
                                     "password": fake_ig.PASSWORD}, {})
    tenant.channel(IG_CHANNEL, ig)
    assert tenant.post(IG_CHANNEL, 1, "BUY EURUSD @ 1.0851\nSL 1.08\nTP 1.09") == []
    (rejected,) = tenant.events(container, "SignalRejected")
    assert rejected.data["rule"] == "sizing"
    assert venues.ig.positions == {}


def test_the_live_trading_switch_is_the_tenants_own_and_validated(client: TestClient, tenant: Tenant) -> None:
    other, other_key = register(client, email=f"other-{uuid.uuid4().hex[:6]}@example.com")
    response = client.put(f"/api/v1/tenants/{other['id']}/live-trading", json={"enabled": True},
                          headers=tenant.headers)
    assert response.status_code == 404  # another tenant is indistinguishable from a missing one
    for body in ({"enabled": "yes"}, {"enabled": 1}, {}, {"enabled": True, "extra": 1}):
        assert tenant.client.put(tenant.url + "/live-trading", json=body, headers=tenant.headers).status_code == 422
    assert tenant.call("GET", "")["liveTradingEnabled"] is False
    admin = client.put(f"/api/v1/tenants/{other['id']}/live-trading", json={"enabled": True},
                       headers=bearer(ADMIN_KEY))
    assert admin.status_code == 200 and admin.json()["liveTradingEnabled"] is True
    assert client.get(f"/api/v1/tenants/{other['id']}", headers=bearer(other_key)).json()["liveTradingEnabled"]


def test_percent_of_equity_is_sized_in_the_venues_units_and_refused_below_its_minimum(
        tenant: Tenant, container: Container, venues: Venues, monkeypatch: pytest.MonkeyPatch) -> None:
    tenant.call("PATCH", "/trading-config", {"sizingMode": "PercentEquity", "equityPercentage": 50})
    broker_id = tenant.broker("Oanda", OANDA_CREDENTIALS, {})
    tenant.channel(OANDA_CHANNEL, broker_id)

    # 50% of 100,000 USD at about 2,350 per ounce: 21 units
    assert len(tenant.post(OANDA_CHANNEL, 1, GOLD_BUY)) == 1
    (order,) = venues.oanda.orders.values()
    assert order["units"] == "21"

    # the same signal where the venue's minimum trade is 100 units: refused as sizing, nothing sent
    gold = next(i for i in fake_oanda.INSTRUMENTS if i["name"] == "XAU_USD")
    monkeypatch.setattr(fake_oanda, "INSTRUMENTS", [{**gold, "minimumTradeSize": "100"}])
    other = tenant.broker("Oanda", OANDA_CREDENTIALS, {})  # another connection: its own instrument cache
    tenant.call("PUT", f"/channels/{OANDA_CHANNEL}/brokers", [other])
    assert tenant.post(OANDA_CHANNEL, 2, GOLD_BUY) == []
    (rejected,) = tenant.events(container, "SignalRejected")
    assert rejected.data["rule"] == "sizing" and "minimum size 100" in rejected.data["detail"]
    assert len(venues.oanda.orders) == 1


BINANCE_LINEAR = {"exchange": "binance", "market": "linear", "environment": "testnet"}
BINANCE_CREDENTIALS = {"apiKey": fake_binance.API_KEY, "secret": fake_binance.SECRET}
IG_CREDENTIALS = {"apiKey": fake_ig.API_KEY, "username": fake_ig.USERNAME, "password": fake_ig.PASSWORD}


def test_fractional_fixed_units_are_ordered_as_written_at_binance_and_ig(
        tenant: Tenant, container: Container, venues: Venues) -> None:
    """0.002 BTC at Binance and 0.5 lots of gold at IG: the quantities the venues' fakes receive, and the
    trades the tenant reads back. Before units were decimal neither could be configured or ordered."""
    binance = tenant.broker("Ccxt", BINANCE_CREDENTIALS, BINANCE_LINEAR)
    ig = tenant.broker("IgMarkets", IG_CREDENTIALS, {})
    tenant.channel(BINANCE_CHANNEL, binance)
    tenant.channel(IG_CHANNEL, ig)

    assert tenant.call("PATCH", "/trading-config", {"fixedUnits": "0.002"})["fixedUnits"] == 0.002
    assert len(tenant.post(BINANCE_CHANNEL, 1, BITCOIN)) == 1
    assert tenant.call("PATCH", "/trading-config", {"fixedUnits": 0.5})["fixedUnits"] == 0.5
    assert len(tenant.post(IG_CHANNEL, 2, GOLD_BUY)) == 1

    (entry,) = [o for o in venues.binance.orders.values() if not o["reduceOnly"]]
    assert (entry["symbol"], entry["side"], entry["type"], entry["origQty"]) == ("BTCUSDT", "BUY", "MARKET", "0.002")
    assert sorted((a["orderType"], a["quantity"]) for a in venues.binance.algo.values()) == [
        ("STOP_MARKET", "0.002"), ("TAKE_PROFIT_MARKET", "0.002")]
    (position,) = venues.ig.positions.values()
    assert (position["epic"], position["direction"], position["size"]) == ("CS.D.CFDGOLD.CFDGC.IP", "BUY", 0.5)

    trades = {t["brokerConnectionId"]: t for t in tenant.call("GET", "/trades")["items"]}
    assert [leg["units"] for leg in trades[binance]["legs"]] == ["0.002"]
    assert [leg["units"] for leg in trades[ig]["legs"]] == ["0.5"]
    assert sorted(str(e.data["units"]) for e in tenant.events(container, "TradeExecuted")) == ["0.002", "0.5"]


def test_a_share_of_equity_buys_a_fraction_of_a_bitcoin_on_the_venues_step(
        tenant: Tenant, container: Container, venues: Venues) -> None:
    """1% of 100,000 USDT at about 60,000: 0.01666 BTC, rounded DOWN to Binance's step of 0.001 (not floored
    to 0 whole bitcoins, as before units were decimal)."""
    tenant.call("PATCH", "/trading-config", {"sizingMode": "PercentEquity", "equityPercentage": 1})
    binance = tenant.broker("Ccxt", BINANCE_CREDENTIALS, BINANCE_LINEAR)
    tenant.channel(BINANCE_CHANNEL, binance)
    assert len(tenant.post(BINANCE_CHANNEL, 1, BITCOIN)) == 1
    (entry,) = [o for o in venues.binance.orders.values() if not o["reduceOnly"]]
    assert entry["origQty"] == "0.016"


def test_the_exposure_of_a_fraction_of_an_ig_lot_counts_its_contract(tenant: Tenant, container: Container,
                                                                     venues: Venues) -> None:
    """0.5 EURUSD lots at IG are 50,000 euros (about 54,000 USD) on an account of about 50,000: over the 100%
    exposure limit, refused before anything is sent (counted as 0.5 x 1.085 USD it would have gone through)."""
    tenant.call("PATCH", "/trading-config", {"fixedUnits": 0.5})
    ig = tenant.broker("IgMarkets", IG_CREDENTIALS, {})
    tenant.channel(IG_CHANNEL, ig)
    tenant.post(IG_CHANNEL, 1, "BUY EURUSD @ 1.0851\nSL 1.08\nTP 1.09")
    (failed,) = tenant.events(container, "TradeFailed")
    assert failed.data["reason"] == "max_exposure" and "108.48% of equity" in failed.data["detail"]
    assert venues.ig.positions == {} and venues.ig.count("POST", "/positions/otc") == 0
