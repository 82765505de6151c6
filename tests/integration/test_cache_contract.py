"""One contract, two cache adapters: the in-process store and the real Redis (own key namespace per test)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from shared.ports.cache import CacheEntry, escape_glob
from tests.support import caches
from tests.support.caches import Backend


@pytest.fixture(params=caches.BACKENDS)
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    yield from caches.open_backend(request)


class TestReadsAndWrites:
    def test_get_many_answers_in_key_order_with_none_for_absent_keys(self, backend: Backend) -> None:
        a, b, c = backend.key("a"), backend.key("b"), backend.key("c")
        backend.cache.set_many([CacheEntry(a, b"1", 60_000), CacheEntry(c, b"\x00\xff binary", 60_000)])
        assert backend.cache.get_many([a, b, c]) == [b"1", None, b"\x00\xff binary"]
        assert backend.cache.get_many([]) == []

    def test_set_overwrites_unless_only_if_absent(self, backend: Backend) -> None:
        a, b = backend.key("a"), backend.key("b")
        assert backend.cache.set_many([CacheEntry(a, b"old", 60_000)]) == [True]
        written = backend.cache.set_many([CacheEntry(a, b"new", 60_000), CacheEntry(b, b"fresh", 60_000)],
                                         only_if_absent=True)
        assert written == [False, True]
        assert backend.cache.get_many([a, b]) == [b"old", b"fresh"]
        assert backend.cache.set_many([CacheEntry(a, b"new", 60_000)]) == [True]
        assert backend.cache.get_many([a]) == [b"new"]

    def test_a_non_positive_ttl_is_refused_before_anything_is_written(self, backend: Backend) -> None:
        a, b = backend.key("a"), backend.key("b")
        with pytest.raises(ValueError, match="ttl_ms"):
            backend.cache.set_many([CacheEntry(a, b"1", 60_000), CacheEntry(b, b"2", 0)])
        assert backend.cache.get_many([a, b]) == [None, None]


class TestWriteThroughAndWarm:
    def test_replace_many_writes_only_where_the_expected_value_still_is(self, backend: Backend) -> None:
        a, b, c = backend.key("a"), backend.key("b"), backend.key("c")
        backend.cache.set_many([CacheEntry(a, b"mine", 60_000), CacheEntry(b, b"theirs", 60_000)])
        written = backend.cache.replace_many([(CacheEntry(a, b"new-a", 30_000), b"mine"),
                                              (CacheEntry(b, b"new-b", 30_000), b"mine"),
                                              (CacheEntry(c, b"new-c", 30_000), b"mine")])
        assert written == [True, False, False]
        assert backend.cache.get_many([a, b, c]) == [b"new-a", b"theirs", None]
        assert 0 < (backend.cache.ttl_ms(a) or 0) <= 30_000

    def test_fill_many_writes_the_absent_extends_the_present_and_leaves_tombstones(self, backend: Backend) -> None:
        a, b, c = backend.key("a"), backend.key("b"), backend.key("c")
        backend.cache.set_many([CacheEntry(a, b"kept", 1_000), CacheEntry(b, b'"invalidated:t"', 1_000)])
        filled = backend.cache.fill_many([CacheEntry(a, b"warm-a", 60_000), CacheEntry(b, b"warm-b", 60_000),
                                          CacheEntry(c, b"warm-c", 60_000)], keep_prefix=b'"invalidated')
        assert filled == 1
        assert backend.cache.get_many([a, b, c]) == [b"kept", b'"invalidated:t"', b"warm-c"]
        assert (backend.cache.ttl_ms(a) or 0) > 1_000 and (backend.cache.ttl_ms(b) or 0) <= 1_000


class TestTimeToLive:
    def test_ttl_reads_back_what_was_set(self, backend: Backend) -> None:
        a = backend.key("a")
        backend.cache.set_many([CacheEntry(a, b"1", 300_000)])
        ttl = backend.cache.ttl_ms(a)
        assert ttl is not None and 295_000 < ttl <= 300_000
        assert backend.cache.ttl_ms(backend.key("never-set")) is None

    def test_an_entry_disappears_when_its_ttl_runs_out(self, backend: Backend) -> None:
        short, long = backend.key("short"), backend.key("long")
        backend.cache.set_many([CacheEntry(short, b"1", 80), CacheEntry(long, b"2", 60_000)])
        time.sleep(0.2)
        assert backend.cache.get_many([short, long]) == [None, b"2"]
        assert backend.cache.ttl_ms(short) is None
        assert backend.cache.set_many([CacheEntry(short, b"3", 60_000)], only_if_absent=True) == [True]

    def test_overwriting_resets_the_ttl(self, backend: Backend) -> None:
        a = backend.key("a")
        backend.cache.set_many([CacheEntry(a, b"1", 1_000)])
        backend.cache.set_many([CacheEntry(a, b"2", 600_000)])
        ttl = backend.cache.ttl_ms(a)
        assert ttl is not None and ttl > 590_000


class TestDeletion:
    def test_delete_removes_the_keys_and_counts_those_that_existed(self, backend: Backend) -> None:
        a, b = backend.key("a"), backend.key("b")
        backend.cache.set_many([CacheEntry(a, b"1", 60_000)])
        assert backend.cache.delete([a, b]) == 1
        assert backend.cache.get_many([a]) == [None]
        assert backend.cache.delete([]) == 0

    def test_delete_matching_removes_one_tenants_channels_and_nothing_else(self, backend: Backend) -> None:
        keys = backend.keys
        mine = [keys.channel("ten_1", c) for c in (-1001, -1002, 7)]
        others = [keys.channel("ten_10", -1001), keys.channel("ten_2", -1001), keys.tenant("ten_1"),
                  keys.trading("ten_1")]
        backend.cache.set_many([CacheEntry(k, b"x", 60_000) for k in mine + others])
        assert backend.cache.delete_matching(keys.channels_pattern("ten_1")) == 3
        assert backend.cache.get_many(mine) == [None, None, None]
        assert backend.cache.get_many(others) == [b"x"] * len(others)

    def test_delete_matching_walks_every_scan_page(self, backend: Backend) -> None:
        keys = backend.keys
        many = [keys.channel("ten_big", c) for c in range(1, 1_201)]
        for start in range(0, len(many), 400):
            backend.cache.set_many([CacheEntry(k, b"x", 60_000) for k in many[start:start + 400]])
        assert backend.cache.delete_matching(keys.channels_pattern("ten_big")) == 1_200
        assert backend.cache.get_many(many[::97]) == [None] * len(many[::97])

    def test_glob_characters_in_a_prefix_are_matched_literally(self, backend: Backend) -> None:
        literal, lookalike = backend.key("a*[b]?:1"), backend.key("aXXbY:1")
        backend.cache.set_many([CacheEntry(literal, b"1", 60_000), CacheEntry(lookalike, b"2", 60_000)])
        assert backend.cache.delete_matching(escape_glob(backend.key("a*[b]?:")) + "*") == 1
        assert backend.cache.get_many([literal, lookalike]) == [None, b"2"]
