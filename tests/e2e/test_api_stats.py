"""Statistics and replay through the API, on SQLite and Azurite (events): messages go through the real
pipeline (its signal facts leave with each message's completion and are counted when the statistics fold
runs, as its timer does every few seconds); a trade is saved and recorded as the executor will
(``record_trade`` in the unit of work of the save)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from typing import Any

from fastapi.testclient import TestClient

from shared.bootstrap import Container
from shared.domain.trade import Trade
from tests.e2e.conftest import admin, bearer, events_of, register
from tests.support.scenario import CHANNEL_ID, GOLD, Desk, message, seed_desk

AT = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)  # the conftest clock's instant (a Monday)
BITCOIN = "BUY BTCUSD @ 65000\nSL 64000\nTP 67000"  # the desk blacklists BTCUSD


def deliver(container: Container, desk: Desk) -> None:
    for message_id, text in ((1, GOLD), (2, "good morning traders"), (3, BITCOIN)):
        container.pipeline.handle(message(desk, message_id, text, at=AT - timedelta(seconds=5)))


def trade_of_message_1(container: Container, desk: Desk) -> Trade:
    """What the executor does for the trade the pipeline stored for message 1: filled 2 s after the message,
    closed at its target an hour later, each write counted in the statistics with it."""
    key = f"{desk.tenant_id}:{CHANNEL_ID}:1"
    (trade,) = container.database.repositories.trades.get_by_message(tenant_id=desk.tenant_id, message_key=key)
    trade.fill(0, fill_price=D("2350"), at=AT - timedelta(seconds=3))
    trade.close(0, exit_price=D("2360"), at=AT + timedelta(hours=1))

    def save(uow: Any) -> None:
        uow.trades.save(trade)
        container.stats_recorder.record_trade(uow, trade)

    container.database.transact(save)
    return trade


def test_channel_statistics_count_what_happened(client: TestClient, container: Container) -> None:
    desk = seed_desk(container)
    deliver(container, desk)
    trade_of_message_1(container, desk)  # the executor's fill and close, counted before the signals are
    url = f"/api/v1/tenants/{desk.tenant_id}"
    lagging = client.get(f"{url}/channels/{CHANNEL_ID}/stats", headers=admin()).json()
    assert (lagging["signalsReceived"], lagging["tradesClosed"]) == (0, 1)  # the fold has not run yet
    assert container.stats_fold.run()["folded"] == 4  # received x2, rejected, not a signal
    got = client.get(f"{url}/channels/{CHANNEL_ID}/stats", headers=admin())
    assert got.status_code == 200, got.text
    body = got.json()
    assert {k: body[k] for k in ("signalsReceived", "signalsTraded", "signalsRejected", "rejectedByRule",
                                 "notASignal", "tradesOpened", "tradesClosed", "wins", "losses")} == {
        "signalsReceived": 2, "signalsTraded": 1, "signalsRejected": 1, "rejectedByRule": {"blacklist": 1},
        "notASignal": 1, "tradesOpened": 1, "tradesClosed": 1, "wins": 1, "losses": 0}
    # +10 on the desk's 1 unit; risk 1 x 10 = 10: 1 R; filled 2 s after the message.
    assert (body["realizedPnl"], body["averageR"], body["winRate"], body["averageDelaySeconds"]) == (10, 1, 1, 2)
    assert body["profitFactor"] is None and body["maxDrawdown"] == 0
    every = client.get(f"{url}/stats", headers=admin()).json()["items"]
    assert [row["channelId"] for row in every] == [CHANNEL_ID] and every[0] == body
    earlier = client.get(f"{url}/channels/{CHANNEL_ID}/stats", params={"from": "2025-12-01", "to": "2026-01-04"},
                         headers=admin()).json()
    assert earlier["signalsReceived"] == 0 and earlier["tradesClosed"] == 0
    backwards = client.get(f"{url}/stats", params={"from": "2026-01-05", "to": "2026-01-04"}, headers=admin())
    assert backwards.status_code == 422 and backwards.json()["field"] == "to"


def test_a_redelivered_message_and_a_trade_saved_again_count_once(client: TestClient, container: Container) -> None:
    desk = seed_desk(container)
    deliver(container, desk)
    container.stats_fold.run()
    deliver(container, desk)  # redelivered: acknowledged as duplicates, nothing counted again
    trade = trade_of_message_1(container, desk)
    container.database.transact(lambda uow: container.stats_recorder.record_trade(uow, trade))
    assert container.stats_fold.run()["folded"] == 0
    body = client.get(f"/api/v1/tenants/{desk.tenant_id}/channels/{CHANNEL_ID}/stats", headers=admin()).json()
    assert (body["signalsReceived"], body["notASignal"], body["tradesClosed"]) == (2, 1, 1)
    report = container.stats_rebuilder.rebuild(tenant_id=desk.tenant_id)
    assert report.trades == 1
    assert client.get(f"/api/v1/tenants/{desk.tenant_id}/channels/{CHANNEL_ID}/stats",
                      headers=admin()).json() == body


def test_statistics_are_exported_and_another_tenant_cannot_read_them(client: TestClient,
                                                                     container: Container) -> None:
    desk = seed_desk(container)
    deliver(container, desk)
    container.stats_fold.run()
    export = client.get(f"/api/v1/tenants/{desk.tenant_id}/export", headers=admin()).json()
    assert export["tables"]["ChannelDailyStats"] and export["tables"]["ChannelStatFacts"]
    texts = {e["data"].get("text") for e in export["events"] if e["type"] in ("SignalReceived", "NotASignal")}
    assert {GOLD, "good morning traders", BITCOIN} <= texts  # replay's input is the tenant's data too
    _, intruder_key = register(client, "intruder@example.com")
    foreign = client.get(f"/api/v1/tenants/{desk.tenant_id}/stats", headers=bearer(intruder_key))
    assert foreign.status_code == 404


def test_replay_compares_today_with_a_candidate_and_changes_nothing(client: TestClient,
                                                                     container: Container) -> None:
    desk = seed_desk(container)
    deliver(container, desk)
    before = len(events_of(container, desk.tenant_id))
    url = f"/api/v1/tenants/{desk.tenant_id}/replay"
    window = {"channelId": CHANNEL_ID, "from": "2026-01-05T00:00:00Z", "to": "2026-01-06T00:00:00Z"}
    got = client.post(url, json={**window, "trading": {"blacklistedSymbols": []}}, headers=admin())
    assert got.status_code == 200, got.text
    body = got.json()
    assert (body["total"], body["changed"], body["withoutText"]) == (3, 1, 0)
    assert body["recorded"] == body["current"] == {"opened": 1, "rejected": 1, "held": 0, "notASignal": 1}
    assert body["candidate"] == {"opened": 2, "rejected": 0, "held": 0, "notASignal": 1}
    bitcoin = next(item for item in body["items"] if item["messageId"] == 3)
    assert bitcoin["current"]["rule"] == "blacklist" and bitcoin["candidate"]["outcome"] == "opened"
    assert bitcoin["changed"] and bitcoin["text"] == BITCOIN

    only_long = client.post(url, json={**window, "channel": {"regexPattern": r"(?P<side>SELL) (?P<symbol>[A-Z]+)"},
                                       "limit": 2}, headers=admin()).json()
    assert only_long["candidate"]["notASignal"] == 3 and only_long["changed"] == 2
    assert len(only_long["items"]) == 2 and only_long["nextOffset"] == 2

    reviewed = client.post(url, json={**window, "channel": {"autoExecute": False}}, headers=admin()).json()
    # A channel that reviews everything holds the good signal; the blacklist still refuses first.
    assert reviewed["candidate"] == {"opened": 0, "rejected": 1, "held": 1, "notASignal": 1}
    assert next(i for i in reviewed["items"] if i["messageId"] == 1)["candidate"]["rule"] == "channel_reviews_all"

    assert len(events_of(container, desk.tenant_id)) == before
    assert client.get(f"/api/v1/tenants/{desk.tenant_id}/trading-config",
                      headers=admin()).json()["blacklistedSymbols"] == ["BTCUSD"]
    unknown = client.post(url, json={**window, "channelId": -100999}, headers=admin())
    assert unknown.status_code == 404 and unknown.json()["field"] == "channelId"
    bad = client.post(url, json={**window, "trading": {"fixedUnits": 0}}, headers=admin())
    assert bad.status_code == 422


def test_the_console_rebuilds_and_replays(client: TestClient, container: Container, capsys: Any,
                                          monkeypatch: Any) -> None:
    from shared.cli import main

    monkeypatch.setattr("shared.bootstrap.get_container", lambda: container)
    desk = seed_desk(container)
    deliver(container, desk)
    trade_of_message_1(container, desk)
    assert main(["stats", "fold"]) == 0  # what the timer does: the signal facts counted now
    assert json.loads(capsys.readouterr().out)["folded"] == 4
    url = f"/api/v1/tenants/{desk.tenant_id}/channels/{CHANNEL_ID}/stats"
    before = client.get(url, headers=admin()).json()
    assert main(["stats", "rebuild", "--tenant", desk.tenant_id]) == 0
    assert "1 trades" in capsys.readouterr().out
    assert client.get(url, headers=admin()).json() == before

    assert main(["replay", "--tenant", desk.tenant_id, "--channel", str(CHANNEL_ID), "--from", "2026-01-05T00:00Z",
                 "--to", "2026-01-06T00:00Z", "--trading", '{"blacklisted_symbols": []}']) == 0
    out = capsys.readouterr()
    lines = [json.loads(line) for line in out.out.splitlines()]
    assert [line["changed"] for line in lines] == [False, False, True]  # messages 1, 2, 3 in time order
    assert json.loads(out.err.splitlines()[-1])["candidate"]["opened"] == 2
    assert main(["replay", "--tenant", desk.tenant_id, "--channel", str(CHANNEL_ID), "--from", "2026-01-05T00:00Z",
                 "--to", "2026-01-06T00:00Z", "--trading", '{"blacklist": []}']) == 2
    assert "--trading.blacklist" in capsys.readouterr().err
