"""The key provider port's cache: one store round trip per version, a refresh interval for the current
version, cached keys served with a 1-16 s backoff while the store is down."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.crypto.envelope import EnvelopeCipher, EnvelopeContext
from shared.crypto.errors import KeyConfigurationError, KeyStoreUnavailableError, UnknownKeyVersionError
from tests.support.keys import MemoryKeyProvider

CONTEXT = EnvelopeContext(tenant_id="ten_a", entity="BrokerConnections", field="EncryptedCredentials", row_id="b1")


def test_the_current_version_is_fetched_once_per_refresh_interval(clock):
    keys = MemoryKeyProvider(clock, refresh_after=timedelta(minutes=5))
    cipher = EnvelopeCipher(keys)
    envelopes = [cipher.encrypt(f"secret {i}", CONTEXT) for i in range(500)]
    assert [cipher.decrypt_text(e, CONTEXT) for e in envelopes] == [f"secret {i}" for i in range(500)]
    assert keys.calls == 1
    clock.advance(timedelta(minutes=4, seconds=59))
    cipher.encrypt("x", CONTEXT)
    assert keys.calls == 1
    clock.advance(timedelta(seconds=1))
    cipher.encrypt("x", CONTEXT)
    assert keys.calls == 2


def test_a_rotation_elsewhere_is_picked_up_at_the_next_refresh(clock):
    keys = MemoryKeyProvider(clock, refresh_after=timedelta(minutes=5))
    first = keys.current()
    newer = keys.add()  # another process rotated
    assert keys.current() == first
    clock.advance(timedelta(minutes=5))
    assert keys.current() == newer


def test_an_earlier_version_costs_one_round_trip_for_the_life_of_the_process(clock):
    keys = MemoryKeyProvider(clock)
    cipher = EnvelopeCipher(keys)
    old = cipher.encrypt("old", CONTEXT)
    keys.rotate()
    fresh = MemoryKeyProvider(clock)
    fresh.stored = list(keys.stored)
    reader = EnvelopeCipher(fresh)
    for _ in range(100):
        assert reader.decrypt_text(old, CONTEXT) == "old"
    assert fresh.calls == 1
    clock.advance(timedelta(days=365))
    reader.decrypt_text(old, CONTEXT)
    assert fresh.calls == 1


def test_while_the_store_is_down_the_cached_key_serves_and_retries_back_off_from_1_to_16_seconds(clock):
    keys = MemoryKeyProvider(clock, refresh_after=timedelta(seconds=60))
    cached = keys.current()
    clock.advance(timedelta(seconds=60))
    keys.down = True
    attempts_at = []
    for _ in range(70):
        before = keys.calls
        assert keys.current() == cached
        if keys.calls > before:
            attempts_at.append(clock.now())
        clock.advance(timedelta(seconds=1))
    gaps = [(b - a).total_seconds() for a, b in zip(attempts_at, attempts_at[1:], strict=False)]
    assert gaps[:6] == [1, 2, 4, 8, 16, 16]
    keys.down = False
    clock.advance(timedelta(seconds=16))
    assert keys.current() == cached and keys.calls == len(attempts_at) + 2


def test_without_a_cached_key_an_outage_is_an_error(clock):
    keys = MemoryKeyProvider(clock)
    keys.down = True
    with pytest.raises(KeyStoreUnavailableError, match="PIPSTER_TEST_KEYS"):
        keys.current()


def test_a_key_of_the_wrong_length_is_refused_naming_the_setting(clock):
    keys = MemoryKeyProvider(clock)
    keys.add(b"\x01" * 16)
    with pytest.raises(KeyConfigurationError, match="PIPSTER_TEST_KEYS: .* 16 bytes; AES-256 needs 32"):
        keys.current()


def test_unknown_versions_and_key_ids_are_explicit_errors(clock):
    keys = MemoryKeyProvider(clock)
    keys.current()
    with pytest.raises(UnknownKeyVersionError, match="no version"):
        keys.get(key_id=keys.key_id, version="0" * 32)
    with pytest.raises(UnknownKeyVersionError, match="not served here"):
        keys.get(key_id="other", version=keys.current().version)


def test_key_material_never_shows_in_repr(clock):
    key = MemoryKeyProvider(clock).current()
    assert key.material.hex() not in repr(key) and str(key.material) not in str(key)
