"""The signal pipeline (issues 8 and 18), each figure beside a baseline measured in the same run.

1. Decision path - claim, config lookup, parse, rules (maxOpenTrades and the daily loss limit on), routing,
   sizing, the trade stored, complete - in-process on the real Redis and SQLite with a warm cache, events
   discarded, 100 and 10,000 tenants: p50/p95 per message and messages/s on one core. Floor: two raw
   EVALSHA round trips (the claim and the completion) plus the parser alone on the same message.
   Goals: p50 within 1.5x of the floor, p95 below 1 ms, >= 2,000 messages/s. When one is missed, the path's
   profile (pyinstrument) is printed as the share of each of its steps: what stands in the way.
2. Full path: the same plus the message's events (one append_many on Azure Tables) and the trade-command
   enqueue, on Azurite. Floor: one raw event write (an entity-group transaction) plus one raw enqueue, sampled
   after each message so that both meet Azurite in the same state. Goal: p50 within 1.5x of the floor. The
   parts (decision + events, enqueue) are printed beside their raw counterparts.
3. Cold start: `import function_app` on the embedded defaults, beside `python -c pass`. Goal: under 1.0 s.
   Printed beside it: the same import plus the HTTP app's build, which an HTTP instance's first request pays.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import redis

from shared.adapters.sql import migrate
from shared.adapters.sql.schema import (
    broker_connections,
    channel_configurations,
    tenants,
    trading_configurations,
)
from shared.bootstrap import Container, bootstrap
from shared.parsing import SignalParser
from shared.settings import Settings
from tests.support.services import REDIS_URL, azurite

CHANNEL = -1001234567890
GOLD = "BUY XAUUSD @ 2350.5\nSL 2340\nTP1 2360\nTP2 2370"
MESSAGES = 3000
FULL_PATH_MESSAGES = 500


class _Discard:
    """An event store that keeps nothing: the decision path is measured without the event appends."""

    def append(self, event: Any) -> bool:
        return True

    def append_many(self, events: Any) -> list[bool]:
        return [True] * len(events)


def _seed(container: Container, n: int) -> list[str]:
    now = datetime(2026, 1, 5, tzinfo=UTC)
    ids = [f"ten_{i:06d}" for i in range(n)]
    with container.database.engine.begin() as conn:
        conn.execute(tenants.insert(), [{
            "Id": t, "Email": f"{t}@example.com", "DisplayName": t, "Status": 1, "Plan": 1, "TelegramApiId": None,
            "TelegramApiHash": None, "TelegramPhoneNumber": None, "CreatedAt": now, "DeactivatedAt": None,
            "DeletionRequestedAt": None, "PurgeAfter": None} for t in ids])
        conn.execute(trading_configurations.insert(), [{
            "Id": f"trd_{t}", "TenantId": t, "SizingMode": 1, "FixedUnits": 1, "EquityPercentage": None,
            "MaxTotalExposurePercent": 100, "MaxSlippagePips": None, "WhitelistedSymbols": "[]",
            "BlacklistedSymbols": '["BTCUSD"]', "TradingSessionStart": None, "TradingSessionEnd": None,
            "TradingSessionDays": None, "AutoExecuteEnabled": True, "CreatedAt": now, "UpdatedAt": None,
            # Both rules on: the open-trade count and the day's realised P&L are read on every signal.
            "MaxOpenTrades": 100_000, "DailyLossLimitPercent": 5} for t in ids])
        conn.execute(channel_configurations.insert(), [{
            "Id": f"chn_{t}", "TenantId": t, "ChannelId": CHANNEL, "ChannelName": "Gold", "RegexPattern": "",
            "IsEnabled": True, "CreatedAt": now, "UpdatedAt": None} for t in ids])
        conn.execute(broker_connections.insert(), [{
            "Id": f"brk_{t}", "TenantId": t, "BrokerType": 100, "DisplayName": "Paper", "IsActive": True,
            "EncryptedCredentials": "", "Metadata": "{}", "CreatedAt": now, "UpdatedAt": None,
            "LastUsedAt": None} for t in ids])
    return ids


def _body(tenant: str, message_id: int) -> bytes:
    return json.dumps({"tenantId": tenant, "channelId": CHANNEL, "messageId": message_id, "content": GOLD,
                       "timestamp": "2026-01-05T12:00:00Z"}).encode()


NAMESPACES: list[str] = []  # this run's Redis namespaces, removed when it ends (see forget_namespaces)


def _container(tmp: str, storage: str | None = None) -> Container:
    namespace = f"bench{uuid.uuid4().hex[:8]}"
    NAMESPACES.append(namespace)
    settings = Settings(PIPSTER_DATA_DIR=tmp, PIPSTER_REDIS_URL=REDIS_URL, PIPSTER_REDIS_NAMESPACE=namespace,
                        **({"AzureWebJobsStorage": storage} if storage else {}))
    container = bootstrap(settings)
    migrate.upgrade(container.database.engine)
    return container


def forget_namespaces(client: redis.Redis) -> None:
    """Delete the keys this run wrote (10,000 tenants' entries each time): a shared Redis left with hundreds of
    thousands of them makes every later SCAN, the test suite's namespace sweeps among them, that much slower."""
    for namespace in NAMESPACES:
        batch = []
        for key in client.scan_iter(match=f"{namespace}*", count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                client.unlink(*batch)
                batch.clear()
        if batch:
            client.unlink(*batch)
    NAMESPACES.clear()


def _floor(client: redis.Redis, key: str) -> float:
    """Two raw EVALSHA round trips (what the claim and the completion are) plus the parser alone, in us."""
    script = client.register_script("return redis.call('GET', KEYS[1])")
    parser = SignalParser()
    samples = []
    for _ in range(3000):
        start = time.perf_counter()
        script(keys=[key])
        parser.parse(GOLD, channel_key="bench")
        script(keys=[key])
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1e6


def _warm(container: Container, ids: list[str]) -> None:
    for i, tenant in enumerate(ids):  # the cache, the L1, the compiled statements: one message per tenant
        container.pipeline.handle(_body(tenant, 10_000_000 + i))


def _run(container: Container, ids: list[str], count: int = MESSAGES) -> tuple[list[float], float]:
    pipeline = container.pipeline
    _warm(container, ids)
    latencies = []
    started = time.perf_counter()
    for n in range(count):
        body = _body(ids[n % len(ids)], n + 1)
        t0 = time.perf_counter()
        result = pipeline.handle(body)
        latencies.append((time.perf_counter() - t0) * 1e6)
        assert result.outcome == "accepted", result
    return latencies, count / (time.perf_counter() - started)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def decision_path() -> bool:
    client = redis.Redis.from_url(REDIS_URL)
    ok = True
    for n in (100, 10_000):
        with tempfile.TemporaryDirectory() as tmp:
            container = _container(tmp)
            container.events = _Discard()  # type: ignore[assignment]
            ids = _seed(container, n)
            latencies, rate = _run(container, ids)
            floor = _floor(client, f"bench:raw:{uuid.uuid4().hex}")
            container.close()
        p50, p95 = _pct(latencies, 0.5), _pct(latencies, 0.95)
        met = p50 <= 1.5 * floor and p95 < 1000 and rate >= 2000
        ok = ok and met
        print(f"\ndecision path - {n:,} tenants, warm cache, real Redis + SQLite, one core")
        print(f"  floor: 2 raw EVALSHA + parser (baseline)     {floor:8.1f} us   1.00x")
        print(f"  pipeline p50                                 {p50:8.1f} us  {p50 / floor:5.2f}x  (goal <= 1.5x)")
        print(f"  pipeline p95                                 {p95:8.1f} us  {p95 / floor:5.2f}x  (goal < 1000 us)")
        print(f"  throughput                                   {rate:8.0f} msg/s {1e6 / floor / rate:5.2f}x  "
              f"(goal >= 2,000; ratio: floor rate / rate)  {'met' if met else 'MISSED'}")
    if not ok:
        _what_stands_in_the_way()
    forget_namespaces(client)
    client.close()
    return ok


def _what_stands_in_the_way() -> None:
    from bench.profile_pipeline import phases

    total, shares = phases(1000)
    print(f"\n  what stands in the way - pyinstrument, 1,000 messages, 100 tenants ({total * 1000:.0f} us per message "
          "profiled; the floor's two EVALSHA and the parser are two of these steps)")
    for label, share in shares:
        print(f"    {share * 100:5.1f}%  {label}")


def full_path() -> bool:
    """The pipeline with its events on Tables and its command enqueued, each message followed by one raw event
    write and one raw enqueue: the floor is sampled beside the path, so both meet Azurite in the same state (its
    speed drifts over a run, and its tables grow). The parts are printed beside their raw counterparts."""
    from azure.data.tables import TableServiceClient
    from azure.storage.queue import QueueServiceClient

    from shared.adapters.queues.storage_queue import StorageQueueProducer

    decided, enqueued, raw_writes, raw_sends = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp, azurite() as storage:
        container = _container(tmp, storage.connection_string)
        ids = _seed(container, 100)
        producer = StorageQueueProducer(QueueServiceClient.from_connection_string(storage.connection_string))
        table = TableServiceClient.from_connection_string(storage.connection_string).create_table_if_not_exists(
            "benchraw")
        _warm(container, ids)
        for n in range(FULL_PATH_MESSAGES):
            t0 = time.perf_counter()
            result = container.pipeline.handle(_body(ids[n % len(ids)], n + 1))
            t1 = time.perf_counter()
            for command in result.commands:
                producer.send("trade-commands", command)
            t2 = time.perf_counter()
            assert result.outcome == "accepted", result
            table.submit_transaction([("create", {"PartitionKey": "t", "RowKey": f"r{n}", "Doc00": "x" * 400})])
            t3 = time.perf_counter()
            producer.send("bench-raw", "x" * 400)
            t4 = time.perf_counter()
            decided.append((t1 - t0) * 1e6)
            enqueued.append((t2 - t1) * 1e6)
            raw_writes.append((t3 - t2) * 1e6)
            raw_sends.append((t4 - t3) * 1e6)
        container.close()
    client = redis.Redis.from_url(REDIS_URL)
    forget_namespaces(client)
    client.close()
    latencies = [a + b for a, b in zip(decided, enqueued, strict=True)]
    floor = statistics.median(a + b for a, b in zip(raw_writes, raw_sends, strict=True))
    p50, p95 = _pct(latencies, 0.5), _pct(latencies, 0.95)
    rate = len(latencies) / (sum(latencies) / 1e6)
    met = p50 <= 1.5 * floor
    print("\nfull path - decision + the message's events (one batch, Tables) + trade-command enqueue, Azurite")
    print(f"  floor: 1 raw event write + 1 raw enqueue      {floor:8.1f} us   1.00x")
    print(f"  pipeline p50                                 {p50:8.1f} us  {p50 / floor:5.2f}x  (goal <= 1.5x)")
    print(f"  pipeline p95                                 {p95:8.1f} us  {p95 / floor:5.2f}x   ({rate:.0f} msg/s)"
          f"  {'met' if met else 'MISSED'}")
    print("  its parts, p50: decision + events (one append_many) "
          f"{_pct(decided, 0.5):8.1f} us beside a raw event write {_pct(raw_writes, 0.5):8.1f} us; "
          f"enqueue {_pct(enqueued, 0.5):8.1f} us beside a raw enqueue {_pct(raw_sends, 0.5):8.1f} us")
    return met


def cold_start() -> bool:
    repo = Path(__file__).resolve().parents[1]

    def timed(code: str) -> float:
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], cwd=repo, check=True, capture_output=True)
            runs.append(time.perf_counter() - start)
        return statistics.median(runs)

    baseline = timed("pass")
    cold = timed("import function_app")
    # What the lazy HTTP app moved out of the import: an HTTP instance's first request pays it once.
    first_http = timed("import function_app; from functions.lazy_http import build_api; build_api()")
    sdks = subprocess.run([sys.executable, "-c", "import sys, function_app; print(sorted(m for m in sys.modules if "
                           "m.split('.')[0] in ('redis', 'azure') and m.count('.') < 3 and ('storage' in m or "
                           "'cosmos' in m or 'keyvault' in m or 'monitor' in m or m == 'redis')))"],
                          cwd=repo, capture_output=True, text=True).stdout.strip()
    print("\ncold start — import function_app, embedded defaults")
    print(f"  python -c pass (baseline)                    {baseline:8.3f} s    1.00x")
    print(f"  import function_app                          {cold:8.3f} s   {cold / baseline:5.1f}x  (goal < 1.0 s: "
          f"{'met' if cold < 1.0 else 'MISSED'})")
    print(f"  + the HTTP app built (first request)         {first_http:8.3f} s   {first_http / baseline:5.1f}x  "
          "(queue and timer instances never pay it)")
    print(f"  backend SDKs imported: {sdks}")
    return cold < 1.0


def main() -> bool:
    return all([decision_path(), full_path(), cold_start()])
