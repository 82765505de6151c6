"""The idempotency state machine on both stores: the in-process one and the real Redis."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from shared.ports.idempotency import ClaimStatus, CompletionOutbox, IdempotencyPayloadMismatchError
from tests.support import caches
from tests.support.caches import Backend


@pytest.fixture(params=caches.BACKENDS)
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    yield from caches.open_backend(request)

LEASE = 300_000
DAY = 86_400_000


def _key(backend: Backend, message_id: int = 42) -> str:
    return backend.keys.idempotency("ten_a", -100123, message_id)


class TestClaim:
    def test_the_first_claim_wins_and_a_second_is_told_to_retry_after_the_lease(self, backend: Backend) -> None:
        key = _key(backend)
        first = backend.store.claim(key, payload_hash="h1", token="t1", lease_ms=LEASE, now_ms=1)
        second = backend.store.claim(key, payload_hash="h1", token="t2", lease_ms=LEASE, now_ms=2)
        assert (first.status, first.token) == (ClaimStatus.CLAIMED, "t1")
        assert second.status is ClaimStatus.IN_PROGRESS and second.token is None
        assert second.retry_after_ms is not None and LEASE - 5_000 < second.retry_after_ms <= LEASE

    def test_the_in_progress_record_lives_for_the_lease_only(self, backend: Backend) -> None:
        key = _key(backend)
        backend.store.claim(key, payload_hash="h1", token="t1", lease_ms=LEASE, now_ms=1)
        ttl = backend.store.ttl_ms(key)
        assert ttl is not None and LEASE - 5_000 < ttl <= LEASE

    def test_fifty_threads_claiming_one_key_produce_exactly_one_winner(self, backend: Backend) -> None:
        key = _key(backend)
        start = threading.Barrier(50)

        def claim(i: int) -> ClaimStatus:
            start.wait()
            return backend.store.claim(key, payload_hash="h", token=f"t{i}", lease_ms=LEASE, now_ms=i).status

        with ThreadPoolExecutor(max_workers=50) as pool:
            statuses = list(pool.map(claim, range(50)))
        assert statuses.count(ClaimStatus.CLAIMED) == 1
        assert statuses.count(ClaimStatus.IN_PROGRESS) == 49

    def test_same_key_with_another_payload_is_an_error_in_progress_and_after_completion(
            self, backend: Backend) -> None:
        key = _key(backend)
        backend.store.claim(key, payload_hash="h1", token="t1", lease_ms=LEASE, now_ms=1)
        with pytest.raises(IdempotencyPayloadMismatchError):
            backend.store.claim(key, payload_hash="h2", token="t2", lease_ms=LEASE, now_ms=2)
        assert backend.store.complete(key, token="t1", payload_hash="h1", ttl_ms=DAY, now_ms=3)
        with pytest.raises(IdempotencyPayloadMismatchError):
            backend.store.claim(key, payload_hash="h2", token="t3", lease_ms=LEASE, now_ms=4)

    def test_an_unreadable_record_is_never_taken_for_completed(self, backend: Backend) -> None:
        key = _key(backend)
        backend.put_raw_record(key, b"garbage{", 60_000)
        claim = backend.store.claim(key, payload_hash="h1", token="t1", lease_ms=LEASE, now_ms=1)
        assert claim.status is ClaimStatus.IN_PROGRESS


class TestCompleteAndRelease:
    def test_a_saved_response_is_returned_to_every_later_claim(self, backend: Backend) -> None:
        key = _key(backend)
        backend.store.claim(key, payload_hash="h1", token="t1", lease_ms=LEASE, now_ms=1)
        assert backend.store.complete(key, token="t1", payload_hash="h1", ttl_ms=DAY, now_ms=2,
                                      response='["command-1","command-2"]')
        for token in ("t2", "t3"):
            claim = backend.store.claim(key, payload_hash="h1", token=token, lease_ms=LEASE, now_ms=3)
            assert claim.status is ClaimStatus.COMPLETED and claim.response == '["command-1","command-2"]'

    def test_completed_is_kept_for_the_ttl_and_later_deliveries_are_duplicates(self, backend: Backend) -> None:
        key = _key(backend)
        backend.store.claim(key, payload_hash="h1", token="t1", lease_ms=LEASE, now_ms=1)
        assert backend.store.complete(key, token="t1", payload_hash="h1", ttl_ms=DAY, now_ms=2)
        ttl = backend.store.ttl_ms(key)
        assert ttl is not None and DAY - 5_000 < ttl <= DAY
        again = backend.store.claim(key, payload_hash="h1", token="t2", lease_ms=LEASE, now_ms=3)
        assert again.status is ClaimStatus.COMPLETED

    def test_release_lets_the_next_delivery_claim(self, backend: Backend) -> None:
        key = _key(backend)
        backend.store.claim(key, payload_hash="h1", token="t1", lease_ms=LEASE, now_ms=1)
        assert backend.store.release(key, token="t1")
        assert backend.store.ttl_ms(key) is None
        assert backend.store.claim(key, payload_hash="h1", token="t2", lease_ms=LEASE, now_ms=2).status \
            is ClaimStatus.CLAIMED

    def test_only_the_holder_releases_and_a_completed_record_is_never_released(self, backend: Backend) -> None:
        key = _key(backend)
        backend.store.claim(key, payload_hash="h1", token="t1", lease_ms=LEASE, now_ms=1)
        assert not backend.store.release(key, token="intruder")
        assert backend.store.complete(key, token="t1", payload_hash="h1", ttl_ms=DAY, now_ms=2)
        assert not backend.store.release(key, token="t1")
        assert backend.store.claim(key, payload_hash="h1", token="t2", lease_ms=LEASE, now_ms=3).status \
            is ClaimStatus.COMPLETED

    def test_a_claim_whose_lease_ran_out_is_claimed_again(self, backend: Backend) -> None:
        key = _key(backend)
        backend.store.claim(key, payload_hash="h1", token="dead-worker", lease_ms=100, now_ms=1)
        time.sleep(0.25)
        retry = backend.store.claim(key, payload_hash="h1", token="t2", lease_ms=LEASE, now_ms=2)
        assert retry.status is ClaimStatus.CLAIMED

    def test_a_late_completion_does_not_overwrite_the_new_holders_claim(self, backend: Backend) -> None:
        key = _key(backend)
        backend.store.claim(key, payload_hash="h1", token="slow", lease_ms=100, now_ms=1)
        time.sleep(0.25)
        backend.store.claim(key, payload_hash="h1", token="fresh", lease_ms=LEASE, now_ms=2)
        assert not backend.store.complete(key, token="slow", payload_hash="h1", ttl_ms=DAY, now_ms=3)
        assert backend.store.release(key, token="fresh")

    def test_a_late_completion_nobody_took_over_still_records_completed(self, backend: Backend) -> None:
        key = _key(backend)
        backend.store.claim(key, payload_hash="h1", token="slow", lease_ms=100, now_ms=1)
        time.sleep(0.25)
        assert backend.store.complete(key, token="slow", payload_hash="h1", ttl_ms=DAY, now_ms=3)
        assert backend.store.claim(key, payload_hash="h1", token="t2", lease_ms=LEASE, now_ms=4).status \
            is ClaimStatus.COMPLETED


def test_the_redis_record_holds_its_state_and_a_timestamp_under_the_spec_key(redis_url: str) -> None:
    """Read back with the plain client: the spec's key, a PTTL of 24 h once completed, JSON with a timestamp."""
    import json

    from shared.adapters.cache.redis_idempotency import RedisIdempotencyStore
    from shared.ports.cache import CacheKeys
    from tests.support.caches import guarded_redis, namespace, sweep

    redis, keys = guarded_redis(redis_url), CacheKeys(namespace())
    try:
        store = RedisIdempotencyStore(redis)
        key = keys.idempotency("ten_a", -100123, 77)
        assert key == f"{keys.namespace}pipster:idempotency:ten_a:-100123:77"
        store.claim(key, payload_hash="h1", token="t1", lease_ms=LEASE, now_ms=1_700_000_000_000)
        assert LEASE - 5_000 < redis.client.pttl(key) <= LEASE
        store.complete(key, token="t1", payload_hash="h1", ttl_ms=DAY, now_ms=1_700_000_000_500)
        assert DAY - 5_000 < redis.client.pttl(key) <= DAY
        record = json.loads(redis.client.get(key))
        assert record == {"status": "COMPLETED", "hash": "h1", "token": "t1", "at": 1_700_000_000_500}
    finally:
        sweep(redis, keys.namespace)
        redis.close()


class TestErasure:
    def test_a_tenants_records_are_deleted_by_pattern_and_no_other_tenants(self, backend: Backend) -> None:
        keys = backend.keys
        mine = [keys.idempotency("ten_a", -100123, m) for m in range(3)]
        others = [keys.idempotency("ten_ab", -100123, 1), keys.idempotency("ten_b", -100123, 1)]
        for key in mine + others:
            backend.store.claim(key, payload_hash="h", token="t", lease_ms=LEASE, now_ms=1)
        assert backend.store.delete_matching(keys.idempotency_pattern("ten_a")) == 3
        assert [backend.store.ttl_ms(k) for k in mine] == [None, None, None]
        assert all(backend.store.ttl_ms(k) is not None for k in others)
        assert backend.store.delete_matching(keys.idempotency_pattern("ten_a")) == 0  # already gone: no error


class TestCompletionOutbox:
    """A completion's outbox goes to the store's feed in the same atomic step, and only with the completion that
    wins; the feed is read oldest first and trimmed by its reader."""

    def outbox(self, backend: Backend, *entries: bytes) -> CompletionOutbox:
        return CompletionOutbox(backend.keys.stats_feed(), entries)

    def test_a_completion_appends_its_outbox_in_order(self, backend: Backend) -> None:
        key, stream = _key(backend), backend.keys.stats_feed()
        backend.store.claim(key, payload_hash="h", token="t1", lease_ms=LEASE, now_ms=1)
        assert backend.store.complete(key, token="t1", payload_hash="h", ttl_ms=DAY, now_ms=2,
                                      outbox=self.outbox(backend, b"one", b"two"))
        items = backend.store.feed.read(stream, limit=10)
        assert [item.data for item in items] == [b"one", b"two"]
        assert backend.store.claim(key, payload_hash="h", token="t2", lease_ms=LEASE, now_ms=3).status is (
            ClaimStatus.COMPLETED)

    def test_a_completion_that_lost_its_lease_appends_nothing(self, backend: Backend) -> None:
        key, stream = _key(backend), backend.keys.stats_feed()
        backend.store.claim(key, payload_hash="h", token="t1", lease_ms=LEASE, now_ms=1)
        backend.put_raw_record(key, b'{"status":"IN_PROGRESS","hash":"h","token":"t2","at":5}', LEASE)  # taken over
        assert not backend.store.complete(key, token="t1", payload_hash="h", ttl_ms=DAY, now_ms=6,
                                          outbox=self.outbox(backend, b"late"))
        assert backend.store.feed.length(stream) == 0

    def test_the_reader_takes_the_oldest_first_and_removes_what_it_handled(self, backend: Backend) -> None:
        stream, feed = backend.keys.stats_feed(), backend.store.feed
        feed.append(stream, [f"e{i}".encode() for i in range(5)])
        first = feed.read(stream, limit=3)
        assert [item.data for item in first] == [b"e0", b"e1", b"e2"]
        assert feed.read(stream, limit=3) == first  # read again until removed (a reader that died)
        assert feed.remove(stream, [item.id for item in first]) == 3
        assert [item.data for item in feed.read(stream, limit=10)] == [b"e3", b"e4"]
        assert feed.length(stream) == 2
        assert feed.remove(stream, [item.id for item in first]) == 0  # gone already: no error
