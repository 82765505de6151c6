"""The in-process L1 (``NearCache``) on the real Redis at 127.0.0.1:6379, under a namespace of this run's own.

A warm lookup costs no round trip; a value another process writes replaces the local copy (Redis's
invalidation message), so concurrent writers in other processes are never shadowed by a stale copy; when
the invalidation listener is cut off, nothing held before is served after it is back."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator

import pytest
import redis

from shared.adapters.cache.near_cache import NearCache
from shared.adapters.cache.redis_cache import RedisCache
from shared.ports.cache import CacheEntry
from shared.services import cache_codec
from tests.support.caches import guarded_redis, namespace, sweep
from tests.support.waiting import wait_for

TTL_MS = 60_000


def build(url: str, prefix: str) -> NearCache:
    guarded = guarded_redis(url)
    pool = guarded.client.connection_pool
    return NearCache(RedisCache(guarded), lambda: pool.connection_class(**pool.connection_kwargs), [prefix],
                     is_tombstone=cache_codec.is_tombstone)


def live(cache: NearCache) -> bool:
    return bool(cache.health()["near"]["invalidations"])  # type: ignore[index]


@pytest.fixture
def prefix(redis_url: str) -> Iterator[str]:
    ns = namespace()
    yield f"{ns}pipster:trading:"
    raw = guarded_redis(redis_url)
    sweep(raw, ns)
    raw.close()


@pytest.fixture
def near(redis_url: str, prefix: str) -> Iterator[NearCache]:
    cache = build(redis_url, prefix)
    wait_for(lambda: live(cache), timeout=5)
    yield cache
    cache.close()


def test_a_warm_lookup_makes_no_round_trip(near: NearCache, prefix: str, monkeypatch: pytest.MonkeyPatch) -> None:
    near.set_many([CacheEntry(prefix + "a", b"1", TTL_MS)])
    # Fetched and kept (a reply that crossed the write's own invalidation message is not kept: read again).
    wait_for(lambda: near.get_many([prefix + "a"]) == [b"1"] and near.health()["near"]["entries"] == 1,  # type: ignore[index]
             timeout=2, interval=0.01)
    trips: list[list[str]] = []
    inner = near._redis  # noqa: SLF001 - the spy sits between the L1 and Redis
    real = inner.get_many
    monkeypatch.setattr(inner, "get_many", lambda keys: trips.append(list(keys)) or real(keys))

    assert near.get_many([prefix + "a"]) == [b"1"]
    assert near.get_many([prefix + "a", prefix + "b"]) == [b"1", None]

    assert trips == [[prefix + "b"]]  # only the key it did not hold


def test_a_tombstone_is_never_held(near: NearCache, prefix: str) -> None:
    tomb = cache_codec.tombstone("t")
    near.set_many([CacheEntry(prefix + "a", tomb, TTL_MS)])
    near.get_many([prefix + "a"])
    assert near.health()["near"]["entries"] == 0  # type: ignore[index]


def _writer(url: str, prefix: str, count: int) -> None:
    """Another worker process: writes 1..count through its own NearCache, reading back as it goes."""
    cache = build(url, prefix)
    for n in range(1, count + 1):
        cache.set_many([CacheEntry(prefix + "hot", str(n).encode(), TTL_MS)])
        cache.get_many([prefix + "hot"])
    cache.close()


def test_a_value_written_by_other_processes_replaces_the_local_copy(redis_url: str, near: NearCache,
                                                                    prefix: str) -> None:
    near.set_many([CacheEntry(prefix + "hot", b"0", TTL_MS)])
    spawn = multiprocessing.get_context("spawn")
    writers = [spawn.Process(target=_writer, args=(redis_url, prefix, 300)) for _ in range(2)]
    for process in writers:
        process.start()
    seen: list[int] = []
    while any(p.is_alive() for p in writers):
        value = near.get_many([prefix + "hot"])[0]
        assert value is not None
        seen.append(int(value))
    for process in writers:
        process.join(30)
        assert process.exitcode == 0
    final = int(redis.Redis.from_url(redis_url).get(prefix + "hot") or b"-1")
    wait_for(lambda: near.get_many([prefix + "hot"])[0] == str(final).encode(), timeout=2, interval=0.01)
    assert final == 300 and len(set(seen)) > 1  # the reader followed the writers while they wrote


def test_nothing_held_before_the_listener_was_cut_off_is_served_after(redis_url: str, near: NearCache,
                                                                     prefix: str) -> None:
    near.set_many([CacheEntry(prefix + "a", b"old", TTL_MS)])
    assert near.get_many([prefix + "a"]) == [b"old"]
    raw = redis.Redis.from_url(redis_url)
    cut = near.listener_id
    raw.execute_command("CLIENT", "KILL", "ID", cut)  # our listener only: the server is shared
    raw.set(prefix + "a", b"new", px=TTL_MS)  # written while nobody may be telling this process
    wait_for(lambda: live(near) and near.listener_id != cut, timeout=10)

    assert near.get_many([prefix + "a"]) == [b"new"]
