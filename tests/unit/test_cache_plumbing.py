"""Keys, the TTL store, the circuit breaker and the metrics: no I/O."""

from __future__ import annotations

import subprocess
import sys

import pytest

from shared.adapters.cache.breaker import CLOSED, HALF_OPEN, OPEN, CircuitBreaker
from shared.adapters.cache.ttl_store import TtlStore, glob_regex
from shared.ports.cache import CacheKeys, escape_glob
from shared.services.cache_metrics import CacheMetrics


class Ticker:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_production_keys_are_exactly_the_spec_patterns() -> None:
    keys = CacheKeys()
    assert keys.tenant("ten_1") == "pipster:tenant:ten_1"
    assert keys.channel("ten_1", -100123) == "pipster:channel:ten_1:-100123"
    assert keys.trading("ten_1") == "pipster:trading:ten_1"
    assert keys.idempotency("ten_1", -100123, 55) == "pipster:idempotency:ten_1:-100123:55"
    assert keys.channels_pattern("ten_1") == "pipster:channel:ten_1:*"
    assert CacheKeys("run-7:").tenant("t") == "run-7:pipster:tenant:t"


def test_glob_matching_follows_redis_match_for_what_we_use() -> None:
    assert glob_regex("pipster:channel:ten_1:*").fullmatch("pipster:channel:ten_1:-100")
    assert not glob_regex("pipster:channel:ten_1:*").fullmatch("pipster:channel:ten_10:-100")
    assert glob_regex("a?c").fullmatch("abc") and not glob_regex("a?c").fullmatch("abbc")
    assert glob_regex(escape_glob("x*[y]?") + "*").fullmatch("x*[y]?tail")
    assert not glob_regex(escape_glob("x*") + "*").fullmatch("xxtail")


class TestTtlStore:
    def test_entries_expire_on_the_given_clock(self) -> None:
        tick = Ticker()
        store = TtlStore(monotonic=tick)
        store.set("a", b"1", 1_000)
        tick.now += 0.999
        assert store.get("a") == b"1" and store.ttl_ms("a") == 1
        tick.now += 0.001
        assert store.get("a") is None and store.ttl_ms("a") is None and len(store) == 0

    def test_past_its_bound_it_drops_expired_then_oldest_entries(self) -> None:
        tick = Ticker()
        store = TtlStore(monotonic=tick, max_entries=3)
        store.set("short", b"s", 10)
        store.set("old", b"o", 60_000)
        store.set("mid", b"m", 60_000)
        tick.now += 1
        store.set("new", b"n", 60_000)
        assert [store.get(k) for k in ("short", "old", "mid", "new")] == [None, b"o", b"m", b"n"]
        store.set("newer", b"n2", 60_000)
        assert store.get("old") is None and len(store) == 3


class TestCircuitBreaker:
    def test_opens_after_consecutive_failures_and_lets_one_trial_through_after_the_pause(self) -> None:
        tick = Ticker()
        breaker = CircuitBreaker(failure_threshold=2, reset_after=5, monotonic=tick)
        breaker.record_failure()
        breaker.record_success()  # a success resets the count
        breaker.record_failure()
        assert breaker.state == CLOSED and breaker.allow()
        breaker.record_failure()
        assert breaker.state == OPEN and not breaker.allow()
        tick.now += 5
        assert breaker.allow() and breaker.state == HALF_OPEN
        assert not breaker.allow()  # only one trial at a time
        breaker.record_failure()
        assert breaker.state == OPEN and breaker.trips == 2
        tick.now += 5
        assert breaker.allow()
        breaker.record_success()
        assert breaker.state == CLOSED and breaker.allow()

    def test_a_trial_that_never_reports_back_is_replaced_after_the_pause(self) -> None:
        tick = Ticker()
        breaker = CircuitBreaker(failure_threshold=1, reset_after=5, monotonic=tick)
        breaker.record_failure()
        tick.now += 5
        assert breaker.allow()  # the trial's thread dies without reporting
        tick.now += 4.9
        assert not breaker.allow()
        tick.now += 0.1
        assert breaker.allow() and breaker.state == HALF_OPEN

    def test_bad_parameters_are_refused(self) -> None:
        with pytest.raises(ValueError):
            CircuitBreaker(failure_threshold=0)


def test_metrics_count_per_entity_and_give_the_hit_rate() -> None:
    metrics = CacheMetrics()
    assert metrics.hit_rate() == 0.0
    metrics.record_many([("tenant", "hit"), ("tenant", "hit"), ("channel", "miss"), ("trading", "error")])
    metrics.record("channel", "write_error")
    snapshot = metrics.snapshot()
    assert snapshot["tenant"] == {"hits": 2, "misses": 0, "errors": 0, "write_errors": 0,
                                  "invalidation_errors": 0, "hit_rate": 1.0}
    assert snapshot["channel"]["write_errors"] == 1
    assert snapshot["total"]["hit_rate"] == 0.5


def test_without_a_redis_url_the_in_process_stores_are_used_and_redis_is_never_imported(tmp_path) -> None:
    code = (
        "import sys; from shared.settings import Settings; from shared.bootstrap import bootstrap\n"
        "c = bootstrap(Settings(sql_url='sqlite://', redis_url=''))\n"
        "print(type(c.cache).__name__, type(c.idempotency.store).__name__, 'redis' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path,
                         env={"PYTHONPATH": str(__import__("pathlib").Path(__file__).parents[2])})
    assert out.stdout.split() == ["InProcessCache", "InProcessIdempotencyStore", "False"]


def test_the_redis_url_is_a_secret_in_settings() -> None:
    from shared.settings import Settings

    settings = Settings(redis_url="rediss://:access-key-123@pipster.redis.cache.windows.net:6380/0")
    assert "access-key-123" not in repr(settings) and "access-key-123" not in str(settings.model_dump())
    assert settings.redis_url.get_secret_value().endswith(":6380/0")


def test_a_lease_as_long_as_the_completed_ttl_is_refused_naming_the_setting() -> None:
    from pydantic import ValidationError

    from shared.settings import Settings

    with pytest.raises(ValidationError, match="PIPSTER_IDEMPOTENCY_LEASE_SECONDS"):
        Settings(idempotency_lease=3_600, idempotency_ttl=3_600)
