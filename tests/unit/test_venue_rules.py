"""The pure rules the venue connectors share: backoff and Retry-After, venue-sized client ids, the symbol map's
validation and rounding, the factory's environment checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from email.utils import format_datetime

import pytest

from shared.adapters.brokers.ccxt_exchange import exchange_id
from shared.adapters.brokers.config import environment_of
from shared.adapters.brokers.ig.answers import ig_epic
from shared.adapters.brokers.oanda.answers import oanda_instrument
from shared.adapters.brokers.symbols import SymbolMap, round_price, round_units, venue_client_id
from shared.adapters.brokers.venue_http import RetryPolicy
from shared.domain.broker import BrokerConnection
from shared.domain.enums import BrokerType
from shared.ports.brokers import BrokerError, CloseRequest, OrderRef, UnknownSymbolError, client_order_id


def test_backoff_grows_honours_retry_after_and_stays_bounded() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=5.0)
    assert [policy.delay(n) for n in range(4)] == [0.5, 1.0, 2.0, 4.0]
    assert policy.delay(0, "3") == 3.0 and policy.delay(0, "120") == 5.0 and policy.delay(2, "0") == 2.0
    soon = format_datetime(datetime.now(UTC) + timedelta(seconds=4), usegmt=True)
    assert 2.5 <= policy.delay(0, soon) <= 4.0
    assert policy.delay(0, "not a date") == 0.5


def test_venue_client_ids_are_deterministic_short_alphanumeric_and_distinct() -> None:
    a, b = client_order_id("m:1", "brk_a"), client_order_id("m:1", "brk_b")
    assert venue_client_id(a, 30) == venue_client_id(a, 30) != venue_client_id(b, 30)
    assert len(venue_client_id(a, 30)) == 30 and venue_client_id(a, 32).isalnum()
    assert exchange_id(a) != exchange_id(a, "sl") != exchange_id(a, "tp") and len(exchange_id(a, "sl")) == 32
    with pytest.raises(BrokerError):
        venue_client_id("not/ours", 30)


def test_the_symbol_map_prefers_metadata_then_defaults_with_suffix() -> None:
    symbols = SymbolMap({"symbols": {"gold": "XAU_USD"}, "symbolSuffix": ".pro"}, oanda_instrument)
    assert symbols.instrument("GOLD") == "XAU_USD" and symbols.instrument("eurusd") == "EUR_USD.pro"
    assert symbols.instrument("GER40") == "DE30_EUR.pro"
    with pytest.raises(UnknownSymbolError):
        symbols.instrument("DOGEUSD")
    assert SymbolMap({}, ig_epic).instrument("EURUSD") == "CS.D.EURUSD.CFD.IP"


@pytest.mark.parametrize("metadata, field", [({"symbols": ["EURUSD"]}, "metadata.symbols"),
                                             ({"symbols": {"A": ""}}, "metadata.symbols"),
                                             ({"symbolSuffix": 7}, "metadata.symbolSuffix")])
def test_a_malformed_symbol_map_names_the_field(metadata: dict[str, object], field: str) -> None:
    with pytest.raises(BrokerError, match=field) as raised:
        SymbolMap(metadata, oanda_instrument)
    assert raised.value.code == "invalid_configuration"


def test_units_round_down_and_prices_to_the_nearest_tick() -> None:
    assert round_units(Decimal("1.279"), Decimal("0.1")) == Decimal("1.2")
    assert round_units(Decimal("999.99"), Decimal(1)) == Decimal(999)
    assert round_price(Decimal("1.0812351"), 5) == Decimal("1.08124")


def test_environment_defaults_to_practice_and_rejects_anything_else() -> None:
    def conn(metadata: dict[str, object]) -> BrokerConnection:
        return BrokerConnection(id="brk_1", tenant_id="ten_1", broker_type=BrokerType.OANDA, display_name="x",
                                created_at=datetime(2026, 1, 1, tzinfo=UTC), metadata=metadata)

    assert environment_of(conn({})) == "practice" and environment_of(conn({"environment": "demo"})) == "practice"
    assert environment_of(conn({"environment": "live"})) == "live"
    with pytest.raises(BrokerError, match="metadata.environment"):
        environment_of(conn({"environment": "production"}))


def test_ccxt_connections_build_for_each_exchange_in_practice_mode_on_the_operators_host() -> None:
    from shared.adapters.brokers.ccxt_exchange import build_ccxt

    def urls(value: object) -> list[str]:
        if isinstance(value, dict):
            return [u for v in value.values() for u in urls(v)]
        return [value] if isinstance(value, str) else []

    for name, credentials in (("binance", {}), ("bybit", {}), ("okx", {"password": "pass"})):
        connector = build_ccxt({"exchange": name, "market": "linear"}, {"apiKey": "k", "secret": "s", **credentials},
                               live=False, practice_mode="testnet", url_override="http://127.0.0.1:9",
                               policy=RetryPolicy(), sleep=lambda _: None)
        exchange = connector._exchange
        assert exchange.id == name and exchange.isSandboxModeEnabled
        assert urls(exchange.urls["api"]) and all(u.split("/")[2] == "127.0.0.1:9" for u in urls(exchange.urls["api"]))
    with pytest.raises(BrokerError, match="credentials.password"):
        build_ccxt({"exchange": "okx"}, {"apiKey": "k", "secret": "s"}, live=False, practice_mode="testnet",
                   url_override="", policy=RetryPolicy(), sleep=lambda _: None)


@pytest.mark.parametrize(("units", "open_units", "venue_open", "expected"), [
    ("1", "2", "2", "1"),  # nothing closed yet: close the part
    ("1", "2", "1", "0"),  # an earlier delivery closed it (its answer lost): nothing more
    ("1", "2", "1.5", "0.5"),  # half of it went through: only the rest
    ("1", "2", "0.5", "0"),  # more than asked is gone already: never more
    (None, "2", "1", "1"),  # a whole close takes what is there
    (None, "1", "0", "0"),
    ("1", None, "1", "1"),  # without our records' figure: as asked
    (None, None, "3", "3"),
    ("5", "5", "3", "3"),  # never more than the venue holds
])
def test_a_close_sends_what_the_venue_holds_beyond_what_it_is_to_leave(units: str | None, open_units: str | None,
                                                                      venue_open: str, expected: str) -> None:
    request = CloseRequest("act", OrderRef("pip-1", "XAUUSD", "Buy"), units=None if units is None else Decimal(units),
                           open_units=None if open_units is None else Decimal(open_units))
    assert request.to_send(Decimal(venue_open)) == Decimal(expected)
