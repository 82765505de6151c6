"""Per-channel statistics and replay.

1. The statistics of a channel with 10,000 closed trades (50 a day over 200 days), read through the service
   (its day rows: counts summed by the store, curves chained), beside ONE primary-key read of a tenant
   through its repository; and beside reading the channel's 10,000 facts and folding them, which is what
   answering from the facts (or the events) on every call would cost. SQLite (WAL), as ``make run`` uses.
2. Replay: per recorded message, the two decisions replay makes (today's configuration and a candidate:
   parse, rules, sizing) beside the parser alone on the same messages, as messages per second.

Goals: the day rows answer at least 20x faster than folding the facts on every call (the reason they
exist; their cost grows with the days in the range, not the trades: 200 rows here); replay at least a third
of the parser's throughput (it parses twice per message; the rules are cheap beside parsing).
"""

from __future__ import annotations

import itertools
import random
import tempfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from bench.harness import compare, report
from bench.parsing import _messages
from shared.adapters.sql import migrate
from shared.adapters.sql.database import SqlDatabase
from shared.adapters.sql.engine import create_engine
from shared.adapters.sql.schema_stats import channel_stat_facts
from shared.domain.channel import ChannelConfiguration
from shared.domain.stats import FactKind, combine, fold_day
from shared.domain.tenant import Tenant
from shared.domain.trading import TradingChanges, TradingConfiguration
from shared.parsing import SignalParser
from shared.services.replay import verdict
from shared.services.stats import StatsService, refold

TENANT, CHANNEL = "ten_bench_stats", -1001
CLOSED_TRADES, DAYS = 10_000, 200
START = datetime(2026, 1, 1, tzinfo=UTC)


def _seed(database: SqlDatabase) -> None:
    rng = random.Random(19)
    per_day = CLOSED_TRADES // DAYS
    rows = [{"TenantId": TENANT, "EntryId": f"close:trd_{i:06d}", "ChannelId": CHANNEL, "Day": at.date(),
             "Kind": FactKind.CLOSED.value, "At": at, "MessageKey": f"{TENANT}:{CHANNEL}:{i}", "Rule": None,
             "Traded": False, "Pnl": Decimal(rng.randint(-300, 400)), "Risk": Decimal(200), "DelayMs": None}
            for i in range(CLOSED_TRADES)
            for at in [START + timedelta(days=i // per_day, minutes=i % per_day * 20)]]

    def work(uow) -> None:  # type: ignore[no-untyped-def]
        uow.tenants.add(Tenant(id=TENANT, email="bench@example.com", display_name="Bench", created_at=START))
        uow.connection.execute(channel_stat_facts.insert(), rows)
        for day in range(DAYS):
            refold(uow.stats, TENANT, CHANNEL, (START + timedelta(days=day)).date())

    database.transact(work)


def statistics_case() -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        database = SqlDatabase(create_engine(f"sqlite:///{Path(tmp) / 'bench.db'}"))
        migrate.upgrade(database.engine)
        _seed(database)
        service = StatsService(database)
        stats = database.repositories.stats
        got = service.channel(tenant_id=TENANT, channel_id=CHANNEL)
        assert got.counts.trades_closed == CLOSED_TRADES, got.counts

        def from_facts() -> object:
            days = [fold_day(TENANT, CHANNEL, d, stats.entries_of_day(tenant_id=TENANT, channel_id=CHANNEL, day=d))
                    for d in (date(2026, 1, 1) + timedelta(days=n) for n in range(DAYS))]
            return combine(days, channel_id=CHANNEL)

        figures = compare({
            "tenant by primary key (baseline)": lambda: database.repositories.tenants.get_by_id(tenant_id=TENANT),
            f"channel stats, {CLOSED_TRADES} closed trades (day rows)": lambda: service.channel(
                tenant_id=TENANT, channel_id=CHANNEL),
        }, calls=200, rounds=5)
        scan = compare({"same, folded from the 10,000 facts": from_facts}, calls=100, rounds=1)
        database.dispose()
    report("channel statistics — SQLite (WAL)", figures)
    baseline, day_rows = figures.values()
    scanned = scan["same, folded from the 10,000 facts"]
    met = scanned / day_rows >= 20
    print(f"  {'same, folded from the facts on every call':<44} {scanned:9.1f} us  {scanned / baseline:5.2f}x  "
          f"(day rows {scanned / day_rows:.0f}x faster; goal >= 20x: {'met' if met else 'MISSED'})")
    return met


def replay_case() -> bool:
    texts = _messages("synthetic")  # the corpus split the parser's own throughput figure uses
    parser = SignalParser()
    now = datetime(2026, 1, 5, 12, tzinfo=UTC)
    channel = ChannelConfiguration(id="chn_bench", tenant_id=TENANT, channel_id=CHANNEL, created_at=now)
    current = TradingConfiguration(id="trd_cfg", tenant_id=TENANT, created_at=now, auto_execute_enabled=True)
    candidate = current.apply(TradingChanges(blacklisted_symbols=("XAUUSD",)), now)
    source = itertools.cycle(texts)
    parse_only = itertools.cycle(texts)

    def replay_one() -> object:
        text = next(source)
        return verdict(parser, text, now, channel, current), verdict(parser, text, now, channel, candidate)

    figures = compare({"parser alone (baseline)": lambda: parser.parse(next(parse_only)),
                       "replay: today + candidate decisions": replay_one})
    print("\nreplay throughput (messages/s)")
    for name, us in figures.items():
        print(f"  {name:<44} {1e6 / us:9.0f} msg/s")
    return report("replay per message", figures, 3.0)


def main() -> bool:
    return all([statistics_case(), replay_case()])
