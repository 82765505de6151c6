"""Check a connector against a venue's practice/demo account: what the loopback fakes cannot prove.

    python -m shared.adapters.brokers.smoke oanda --credentials oanda.json --metadata '{"environment":"practice"}'
    python -m shared.adapters.brokers.smoke oanda --credentials oanda.json --trade EURUSD 1

    python -m shared.adapters.brokers.smoke oanda --credentials oanda.json --trade EURUSD 2 --follow-ups

Reads the credentials from a JSON file (never printed), builds the connector through the factory from the
operator settings (PIPSTER_* environment), then: verify, account summary, a quote. With ``--trade`` it also
places a market order of the given size with a fresh client id, places it again (must come back as the same
order, ``duplicate``), reads it back by client id and closes it. With ``--follow-ups`` as well, the order goes
with a stop 2% below the bid, the stop moves to 1% below, half is closed (rounded down to the venue's step),
the same close is sent again (must close nothing more) and the rest is closed: what the follow-up tests do
against the fakes, on the venue itself (a spot exchange account skips the stop: it has none). Live
connections are refused: practice only.
"""

from __future__ import annotations

import argparse
import json
import uuid
from datetime import UTC, datetime
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

from shared.adapters.brokers.factory import ConnectorFactory
from shared.clock import SystemClock
from shared.domain.broker import BrokerConnection
from shared.domain.enums import BrokerType
from shared.domain.sizing import Quote
from shared.ports.brokers import (
    AbstractBrokerConnector,
    CloseRequest,
    ModifyRequest,
    OrderRef,
    OrderRequest,
    client_order_id,
)
from shared.settings import Settings

VENUES = {"oanda": BrokerType.OANDA, "ig": BrokerType.IG_MARKETS, "ccxt": BrokerType.CCXT}


def run(venue: str, credentials: dict[str, Any], metadata: dict[str, Any], trade: tuple[str, str] | None,
        follow_ups: bool = False) -> None:
    if metadata.get("environment", "practice") == "live":
        raise SystemExit("the smoke check trades practice/demo accounts only")
    connection = BrokerConnection(id="brk_smoke", tenant_id="ten_smoke", broker_type=VENUES[venue],
                                  display_name="smoke", created_at=datetime.now(UTC),
                                  encrypted_credentials="smoke", metadata=metadata)
    factory = ConnectorFactory(None, SystemClock(), Settings())  # type: ignore[arg-type]  # no paper broker here
    connector = factory.for_connection(connection, credentials)
    connector.verify()
    print("verify: ok")
    print("account:", connector.get_account_summary())
    symbol = trade[0] if trade else str(metadata.get("smokeSymbol", "EURUSD" if venue != "ccxt" else "BTCUSDT"))
    print("quote:", symbol, connector.get_quote(symbol))
    if trade is None:
        return
    cid = client_order_id(f"smoke:{uuid.uuid4().hex}", connection.id)
    stops = follow_ups and not (venue == "ccxt" and metadata.get("market", "spot") == "spot")
    quote = connector.get_quote(symbol) if stops else None
    order = OrderRequest(client_order_id=cid, symbol=symbol, side="Buy", units=Decimal(trade[1]),
                         stop_loss=quote.bid * Decimal("0.98") if quote is not None else None)
    first = connector.place_order(order)
    again = connector.place_order(order)
    print("placed:", first)
    print("again (must be the same order, duplicate=True):", again)
    if again.broker_order_id != first.broker_order_id or not again.duplicate:
        raise SystemExit("FAILED: the second placement was not recognised as the same order")
    ref = OrderRef(cid, symbol, "Buy", first.broker_order_id, first.broker_trade_id)
    units = first.units or order.units
    if follow_ups:
        units = _follow_ups(connector, ref, units, quote)
    closed = connector.close(CloseRequest(f"{cid}-close", ref, open_units=units))
    print("closed:", closed)


def _follow_ups(connector: AbstractBrokerConnector, ref: OrderRef, units: Decimal, quote: Quote | None) -> Decimal:
    """The stop moved, half closed, the same close again; the units left open."""
    if quote is not None:
        print("stop moved:", connector.modify_order(ModifyRequest(f"{ref.client_order_id}-stop", ref,
                                                                  stop_loss=quote.bid * Decimal("0.99"))))
    spec = connector.instrument_spec(ref.symbol)
    step = spec.step if spec is not None else Decimal(1)
    half = (units / 2 / step).to_integral_value(rounding=ROUND_DOWN) * step
    if half <= 0:
        raise SystemExit(f"FAILED: half of {units} is below the venue's step {step}: trade more units")
    request = CloseRequest(f"{ref.client_order_id}-half", ref, units=half, open_units=units)
    print("half closed:", connector.close(request))
    repeated = connector.close(request)
    print("the same close again (must be duplicate=True):", repeated)
    if not repeated.duplicate:
        raise SystemExit("FAILED: the repeated close was not recognised as made")
    return units - half


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("venue", choices=sorted(VENUES))
    parser.add_argument("--credentials", type=Path, required=True, help="JSON file with the venue's credentials")
    parser.add_argument("--metadata", default="{}", help="the connection's metadata as JSON")
    parser.add_argument("--trade", nargs=2, metavar=("SYMBOL", "UNITS"), help="also place and close an order")
    parser.add_argument("--follow-ups", action="store_true",
                        help="with --trade: a stop, moved; half closed, twice; then the rest")
    args = parser.parse_args(argv)
    credentials = json.loads(args.credentials.read_text(encoding="utf-8"))
    run(args.venue, credentials, json.loads(args.metadata), tuple(args.trade) if args.trade else None,
        follow_ups=args.follow_ups)


if __name__ == "__main__":
    main()
