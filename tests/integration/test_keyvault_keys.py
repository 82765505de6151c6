"""The Key Vault key provider through the REAL ``azure-keyvault-secrets`` SDK, with a faked HTTP transport.

No Key Vault emulator can run on our machines, so ``SecretClient`` (pipeline, challenge authentication,
retry policy, paging, deserialisation) runs unchanged and only its transport is replaced by
``tests.support.keyvault.FakeVaultTransport``, which serves the secrets REST API's responses: versions
(set/get/list, paged), 401 challenges, 404, 403 and 429 with Retry-After.
"""

from __future__ import annotations

import base64
import logging
import subprocess
import sys
from datetime import timedelta

import pytest

from shared.adapters.keys.keyvault import KeyVaultKeyProvider, build_secret_client
from shared.crypto.envelope import EnvelopeCipher, EnvelopeContext, parse
from shared.crypto.errors import (
    KeyAccessDeniedError,
    KeyConfigurationError,
    KeyStoreUnavailableError,
    UnknownKeyVersionError,
)
from tests.support.keyvault import VAULT_URL, FakeCredential, FakeVaultTransport
from tests.support.services import REPO

NAME = "pipster-data-key"
CONTEXT = EnvelopeContext(tenant_id="ten_a", entity="BrokerConnections", field="EncryptedCredentials", row_id="b1")


@pytest.fixture
def vault(clock):
    return FakeVaultTransport(lambda: clock.now().timestamp())


@pytest.fixture
def keys(vault, clock):
    client = build_secret_client(VAULT_URL, credential=FakeCredential(), transport=vault)
    return KeyVaultKeyProvider(client, NAME, clock=clock, refresh_after=timedelta(minutes=5))


def _material(n: int = 32) -> str:
    return base64.b64encode(bytes(range(n))).decode()


def test_a_missing_secret_is_a_configuration_error_until_rotate_creates_it(keys, vault):
    with pytest.raises(KeyConfigurationError, match="PIPSTER_KEY_SECRET_NAME: .*does not exist.*pipster keys rotate"):
        keys.current()
    assert keys.peek_current() is None and keys.versions() == []
    created = keys.rotate()
    stored = vault.secrets[NAME][-1]
    assert stored.version == created.version and len(base64.b64decode(stored.value)) == 32
    assert stored.tags == {"purpose": "pipster-data-encryption-key"} and stored.content_type.startswith("application/")
    assert keys.current() == created


def test_one_vault_round_trip_per_version_per_process(keys, vault, clock):
    first = vault.add_version(NAME, _material())
    cipher = EnvelopeCipher(keys)
    old = [cipher.encrypt(f"v1 secret {i}", CONTEXT) for i in range(300)]
    second = keys.rotate()
    new = [cipher.encrypt(f"v2 secret {i}", CONTEXT) for i in range(300)]
    reader = EnvelopeCipher(KeyVaultKeyProvider(
        build_secret_client(VAULT_URL, credential=FakeCredential(), transport=vault), NAME, clock=clock))
    vault.requests.clear()
    for envelope in old + new:
        reader.decrypt(envelope, CONTEXT)
    assert vault.counts() == {("GET", f"/secrets/{NAME}/{first}"): 1, ("GET", f"/secrets/{NAME}/{second.version}"): 1}
    assert {parse(e).key_version for e in old} == {first} and {parse(e).key_version for e in new} == {second.version}


def test_the_current_version_is_rechecked_after_the_refresh_interval(keys, vault, clock):
    vault.add_version(NAME, _material())
    cipher = EnvelopeCipher(keys)
    for _ in range(100):
        cipher.encrypt("x", CONTEXT)
    assert vault.counts()[("GET", f"/secrets/{NAME}/")] == 1
    newer = vault.add_version(NAME, _material())  # rotated by another process
    clock.advance(timedelta(minutes=5))
    assert parse(cipher.encrypt("x", CONTEXT)).key_version == newer
    assert vault.counts()[("GET", f"/secrets/{NAME}/")] == 2


def test_throttling_is_retried_after_the_retry_after_header(keys, vault):
    vault.add_version(NAME, _material())
    vault.fail_next(429, times=2, retry_after="3")
    assert keys.current().material == bytes(range(32))
    assert vault.sleeps == [3.0, 3.0]


def test_persistent_throttling_serves_the_cached_key_and_backs_off(keys, vault, clock):
    version = vault.add_version(NAME, _material())
    cached = keys.current()
    clock.advance(timedelta(minutes=5))
    vault.fail_next(429, times=4, retry_after="1")  # the SDK's 1 try + 3 retries
    assert keys.current() == cached
    requests = len(vault.requests)
    clock.advance(timedelta(milliseconds=900))
    assert keys.current() == cached and len(vault.requests) == requests  # backing off: no vault call
    clock.advance(timedelta(milliseconds=100))
    assert keys.current().version == version and len(vault.requests) == requests + 1


def test_throttling_with_nothing_cached_is_an_unavailable_error(keys, vault):
    vault.add_version(NAME, _material())
    vault.fail_next(429, times=4, retry_after="2")
    with pytest.raises(KeyStoreUnavailableError, match="PIPSTER_KEY_SECRET_NAME: Key Vault answered 429 .Throttled."):
        keys.current()
    assert vault.sleeps == [2.0] * 3 and not vault.failures


def test_an_unknown_version_is_an_explicit_error(keys, vault):
    vault.add_version(NAME, _material())
    cipher = EnvelopeCipher(keys)
    envelope = cipher.encrypt("x", CONTEXT)
    with pytest.raises(UnknownKeyVersionError, match="has no version"):
        cipher.decrypt(envelope.replace(parse(envelope).key_version, "a" * 32), CONTEXT)


def test_a_denied_identity_is_an_access_error_naming_the_setting(keys, vault):
    vault.add_version(NAME, _material())
    vault.denied = True
    with pytest.raises(KeyAccessDeniedError, match="PIPSTER_KEY_SECRET_NAME: the identity may not use secret"):
        keys.current()


def test_a_disabled_version_cannot_be_read(keys, vault, clock):
    vault.add_version(NAME, _material())
    cipher = EnvelopeCipher(keys)
    envelope = cipher.encrypt("x", CONTEXT)
    vault.secrets[NAME][0].enabled = False
    reader = EnvelopeCipher(KeyVaultKeyProvider(
        build_secret_client(VAULT_URL, credential=FakeCredential(), transport=vault), NAME, clock=clock))
    with pytest.raises(KeyAccessDeniedError):
        reader.decrypt(envelope, CONTEXT)


def test_a_secret_of_the_wrong_length_or_not_base64_is_refused(keys, vault, clock):
    vault.add_version(NAME, _material(16))
    with pytest.raises(KeyConfigurationError, match="PIPSTER_KEY_SECRET_NAME: .*16 bytes; AES-256 needs 32"):
        keys.current()
    vault.add_version(NAME, "not base64 at all!")
    clock.advance(timedelta(minutes=5))
    with pytest.raises(KeyConfigurationError, match="not base64 key material"):
        keys.current()


def test_versions_are_listed_across_pages_without_their_values(keys, vault, clock):
    made = []
    for _ in range(30):
        made.append(vault.add_version(NAME, _material()))
        clock.advance(timedelta(days=1))
    vault.requests.clear()
    listed = keys.versions()
    assert [v.version for v in listed] == made
    assert vault.counts() == {("GET", f"/secrets/{NAME}/versions"): 2}


def test_a_soft_deleted_secret_name_is_explained(keys, vault):
    vault.fail_next(409)
    with pytest.raises(KeyConfigurationError, match="PIPSTER_KEY_SECRET_NAME: .*deleted but recoverable"):
        keys.rotate()


def test_a_bad_secret_name_is_refused_naming_the_setting(vault, clock):
    client = build_secret_client(VAULT_URL, credential=FakeCredential(), transport=vault)
    with pytest.raises(KeyConfigurationError, match="PIPSTER_KEY_SECRET_NAME"):
        KeyVaultKeyProvider(client, "bad name!", clock=clock)


def test_no_key_material_reaches_the_logs(keys, vault, caplog):
    caplog.set_level(logging.DEBUG)
    vault.add_version(NAME, _material())
    cipher = EnvelopeCipher(keys)
    envelope = cipher.encrypt("x", CONTEXT)
    rotated = keys.rotate()
    cipher.decrypt(envelope, CONTEXT)
    vault.fail_next(403)
    with pytest.raises(KeyAccessDeniedError) as caught:
        keys.get(key_id=NAME, version="b" * 32)
    text = caplog.text + str(caught.value)
    assert caplog.records  # the SDK's HTTP logging was on
    for material in (bytes(range(32)), rotated.material):
        assert base64.b64encode(material).decode() not in text and material.hex() not in text


def test_the_key_vault_sdk_is_imported_only_when_a_vault_is_configured():
    probe = (
        "import sys; from datetime import UTC, datetime\n"
        "from shared.bootstrap import build_key_provider\n"
        "from shared.clock import SystemClock\n"
        "from shared.settings import Settings\n"
        "build_key_provider(Settings(PIPSTER_KEY_FILE='/nonexistent/ring.json'), SystemClock())\n"
        "assert 'azure.keyvault.secrets' not in sys.modules, 'imported without a vault'\n"
        f"p = build_key_provider(Settings(PIPSTER_KEYVAULT_URL='{VAULT_URL}'), SystemClock())\n"
        "assert type(p).__name__ == 'KeyVaultKeyProvider' and 'azure.keyvault.secrets' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
