"""AES-256-GCM envelopes: round trip, format, nonce freshness, and every way an envelope can fail to open."""

from __future__ import annotations

import base64
import re
import secrets
from datetime import timedelta

import pytest

from shared.crypto.envelope import FORMAT, EnvelopeCipher, EnvelopeContext, key_prefix, parse
from shared.crypto.errors import (
    DecryptionError,
    EncryptionError,
    EnvelopeIntegrityError,
    MalformedEnvelopeError,
    UnknownKeyVersionError,
)
from tests.support.keys import MemoryKeyProvider

API_HASH = "0123456789abcdef0123456789abcdef"
CONTEXT = EnvelopeContext(tenant_id="ten_a", entity="Tenants", field="TelegramApiHash", row_id="ten_a")
ENVELOPE = re.compile(r"penv1:[0-9A-Za-z-]+:[0-9a-f]{32}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+")


@pytest.fixture
def keys(clock):
    return MemoryKeyProvider(clock)


@pytest.fixture
def cipher(keys):
    return EnvelopeCipher(keys)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class TestRoundTrip:
    def test_text_comes_back_unchanged(self, cipher):
        envelope = cipher.encrypt(API_HASH, CONTEXT)
        assert cipher.decrypt_text(envelope, CONTEXT) == API_HASH

    def test_bytes_and_unicode_and_empty_come_back(self, cipher):
        for value in (b"\x00\xff" * 100, "mot de passe é 🔑", ""):
            envelope = cipher.encrypt(value, CONTEXT)
            expected = value if isinstance(value, bytes) else value.encode()
            assert cipher.decrypt(envelope, CONTEXT) == expected

    def test_envelope_is_self_describing_and_hides_the_plaintext(self, cipher, keys):
        envelope = cipher.encrypt(API_HASH, CONTEXT)
        key = keys.current()
        assert ENVELOPE.fullmatch(envelope)
        assert envelope.startswith(key_prefix(key.key_id, key.version))
        parsed = parse(envelope)
        assert (parsed.key_id, parsed.key_version, len(parsed.nonce)) == (key.key_id, key.version, 12)
        assert len(parsed.sealed) == len(API_HASH) + 16
        assert API_HASH not in envelope

    def test_a_telegram_hash_envelope_fits_the_column_under_the_longest_key_vault_secret_name(self, clock):
        longest = MemoryKeyProvider(clock, key_id="k" * 127)
        envelope = EnvelopeCipher(longest).encrypt(API_HASH, CONTEXT)
        assert len(envelope) == 121 + 127 <= 255

    def test_the_same_plaintext_never_gives_the_same_envelope(self, cipher):
        assert cipher.encrypt(API_HASH, CONTEXT) != cipher.encrypt(API_HASH, CONTEXT)

    def test_100000_encryptions_never_repeat_a_nonce(self, cipher, keys):
        # The nonce field is canonical base64url (one spelling per byte string): distinct text = distinct nonce.
        nonces = {cipher.encrypt(API_HASH, CONTEXT).split(":")[3] for _ in range(100_000)}
        assert len(nonces) == 100_000
        assert all(len(base64.urlsafe_b64decode(n + "==")) == 12 for n in list(nonces)[:1000])
        assert cipher.encryptions[(keys.key_id, keys.current().version)] == 100_000

    def test_bad_context_or_plaintext_is_refused(self, cipher):
        with pytest.raises(EncryptionError, match="tenant_id"):
            EnvelopeContext(tenant_id="", entity="Tenants", field="TelegramApiHash")
        with pytest.raises(EncryptionError):
            cipher.encrypt(12345, CONTEXT)  # type: ignore[arg-type]


class TestAssociatedData:
    @pytest.mark.parametrize("other", [
        EnvelopeContext(tenant_id="ten_b", entity="Tenants", field="TelegramApiHash", row_id="ten_a"),
        EnvelopeContext(tenant_id="ten_a", entity="BrokerConnections", field="TelegramApiHash", row_id="ten_a"),
        EnvelopeContext(tenant_id="ten_a", entity="Tenants", field="EncryptedCredentials", row_id="ten_a"),
        EnvelopeContext(tenant_id="ten_a", entity="Tenants", field="TelegramApiHash", row_id="ten_b"),
        EnvelopeContext(tenant_id="ten_a", entity="Tenants", field="TelegramApiHash"),
    ], ids=["tenant", "entity", "field", "row", "no-row"])
    def test_an_envelope_moved_elsewhere_does_not_open(self, cipher, other):
        envelope = cipher.encrypt(API_HASH, CONTEXT)
        with pytest.raises(EnvelopeIntegrityError, match="integrity check failed") as caught:
            cipher.decrypt(envelope, other)
        assert API_HASH not in str(caught.value) and envelope not in str(caught.value)


class TestTampering:
    def test_every_flipped_byte_of_nonce_ciphertext_and_tag_is_detected(self, cipher):
        envelope = cipher.encrypt(API_HASH, CONTEXT)
        parsed = parse(envelope)
        head = key_prefix(parsed.key_id, parsed.key_version)
        for i in range(len(parsed.nonce)):
            nonce = bytearray(parsed.nonce)
            nonce[i] ^= 0x01
            with pytest.raises(EnvelopeIntegrityError):
                cipher.decrypt(f"{head}{_b64(bytes(nonce))}:{_b64(parsed.sealed)}", CONTEXT)
        for i in range(len(parsed.sealed)):
            sealed = bytearray(parsed.sealed)
            sealed[i] ^= 0x80
            with pytest.raises(EnvelopeIntegrityError):
                cipher.decrypt(f"{head}{_b64(parsed.nonce)}:{_b64(bytes(sealed))}", CONTEXT)

    def test_an_envelope_relabelled_with_another_existing_version_does_not_open(self, cipher, keys):
        old = keys.current()
        envelope = cipher.encrypt(API_HASH, CONTEXT)
        new = keys.rotate()
        relabelled = envelope.replace(old.version, new.version)
        with pytest.raises(EnvelopeIntegrityError):
            cipher.decrypt(relabelled, CONTEXT)

    def test_a_wrong_key_with_the_same_id_and_version_does_not_open(self, cipher, keys, clock):
        envelope = cipher.encrypt(API_HASH, CONTEXT)
        impostor = MemoryKeyProvider(clock)
        original = keys.current()
        impostor.stored.append(type(original)(original.key_id, original.version, original.created_at,
                                              secrets.token_bytes(32)))
        with pytest.raises(EnvelopeIntegrityError):
            EnvelopeCipher(impostor).decrypt(envelope, CONTEXT)

    def test_an_unknown_key_version_is_an_explicit_error(self, cipher, keys):
        envelope = cipher.encrypt(API_HASH, CONTEXT)
        unknown = envelope.replace(keys.current().version, "f" * 32)
        with pytest.raises(UnknownKeyVersionError, match="no version") as caught:
            cipher.decrypt(unknown, CONTEXT)
        assert isinstance(caught.value, DecryptionError)
        other_key = envelope.replace(f":{keys.key_id}:", ":another-key:")
        with pytest.raises(UnknownKeyVersionError, match="another-key"):
            cipher.decrypt(other_key, CONTEXT)


class TestMalformed:
    def test_every_truncation_fails_with_a_decryption_error(self, cipher):
        envelope = cipher.encrypt(API_HASH, CONTEXT)
        for cut in range(len(envelope)):
            with pytest.raises(DecryptionError) as caught:
                cipher.decrypt(envelope[:cut], CONTEXT)
            assert API_HASH not in str(caught.value)

    @pytest.mark.parametrize("garbled", [
        None, 42, "", "hello", API_HASH, "penv1", "penv1::::", "penv1:a:b:c:d:e",
        "penv1:test-key:abc:!!!!:AAAA", "penv1:test key:abc:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA",
        "penv1:test-key:abc:AAAAAAAAAAAAAAAA:AAAA", "penv1:test-key:abc:AAAA:AAAAAAAAAAAAAAAAAAAAAA",
        "penv1:test-key:abc:AAAAAAAAAAAAAAAB:AAAAAAAAAAAAAAAAAAAAAB",  # non-canonical base64url
    ])
    def test_garbage_is_a_malformed_envelope(self, cipher, garbled):
        with pytest.raises(MalformedEnvelopeError):
            cipher.decrypt(garbled, CONTEXT)

    def test_an_unknown_format_version_is_named(self, cipher):
        envelope = cipher.encrypt(API_HASH, CONTEXT)
        with pytest.raises(MalformedEnvelopeError, match="unsupported envelope format 'penv2'"):
            cipher.decrypt("penv2" + envelope[len(FORMAT):], CONTEXT)


class TestRotationReadability:
    def test_old_versions_stay_readable_and_new_envelopes_use_the_new_version(self, cipher, keys, clock):
        before = cipher.encrypt(API_HASH, CONTEXT)
        clock.advance(timedelta(days=91))
        new = keys.rotate()
        after = cipher.encrypt(API_HASH, CONTEXT)
        assert parse(after).key_version == new.version != parse(before).key_version
        assert cipher.decrypt_text(before, CONTEXT) == cipher.decrypt_text(after, CONTEXT) == API_HASH

    def test_reencrypt_moves_to_the_given_key_and_skips_envelopes_already_there(self, cipher, keys):
        before = cipher.encrypt(API_HASH, CONTEXT)
        new = keys.rotate()
        moved = cipher.reencrypt(before, CONTEXT, key=new)
        assert moved is not None and parse(moved).key_version == new.version
        assert cipher.decrypt_text(moved, CONTEXT) == API_HASH
        assert cipher.reencrypt(moved, CONTEXT, key=new) is None
