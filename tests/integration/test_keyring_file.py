"""The local key-ring file on the real file system: created 0600 on first use, refused when unsafe."""

from __future__ import annotations

import base64
import json
import os
import stat
import threading
from datetime import timedelta

import pytest

from shared.adapters.keys.keyring_file import FileKeyProvider
from shared.crypto.envelope import EnvelopeCipher, EnvelopeContext
from shared.crypto.errors import KeyConfigurationError, UnknownKeyVersionError

CONTEXT = EnvelopeContext(tenant_id="ten_a", entity="Tenants", field="TelegramApiHash", row_id="ten_a")


@pytest.fixture
def ring(tmp_path):
    return tmp_path / "data" / "keyring.json"


def test_first_use_creates_the_ring_with_mode_0600_and_one_32_byte_key(ring, clock):
    assert not ring.exists()
    key = FileKeyProvider(ring, clock=clock).current()
    assert stat.S_IMODE(ring.stat().st_mode) == 0o600
    document = json.loads(ring.read_text())
    assert [k["version"] for k in document["keys"]] == [key.version]
    assert base64.b64decode(document["keys"][0]["material"]) == key.material and len(key.material) == 32
    # a second process reads the same key rather than creating another
    assert FileKeyProvider(ring, clock=clock).current() == key


def test_a_ring_readable_by_others_is_refused_naming_the_setting(ring, clock):
    FileKeyProvider(ring, clock=clock).current()
    for mode in (0o644, 0o640, 0o606):
        os.chmod(ring, mode)
        with pytest.raises(KeyConfigurationError, match=r"PIPSTER_KEY_FILE: .*group or others.*chmod 600"):
            FileKeyProvider(ring, clock=clock).current()


def test_a_key_of_the_wrong_length_is_refused_naming_the_setting(ring, clock):
    FileKeyProvider(ring, clock=clock).current()
    document = json.loads(ring.read_text())
    document["keys"][0]["material"] = base64.b64encode(b"k" * 24).decode()
    ring.write_text(json.dumps(document))
    with pytest.raises(KeyConfigurationError, match="PIPSTER_KEY_FILE: .* 24 bytes; AES-256 needs 32"):
        FileKeyProvider(ring, clock=clock).current()


def test_a_garbled_ring_is_refused_without_echoing_its_content(ring, clock):
    ring.parent.mkdir(parents=True)
    ring.write_text('{"format": 1, "key_id": "local", "keys": [{"material": "c2VjcmV0"}]}')
    os.chmod(ring, 0o600)
    with pytest.raises(KeyConfigurationError, match="not a valid key-ring file") as caught:
        FileKeyProvider(ring, clock=clock).current()
    assert "c2VjcmV0" not in str(caught.value)


def test_rotation_appends_a_version_and_every_version_stays_readable(ring, clock):
    keys = FileKeyProvider(ring, clock=clock)
    cipher = EnvelopeCipher(keys)
    old = cipher.encrypt("first", CONTEXT)
    clock.advance(timedelta(days=90))
    new_key = keys.rotate()
    new = cipher.encrypt("second", CONTEXT)
    assert new_key.version in new and keys.current() == new_key
    reader = EnvelopeCipher(FileKeyProvider(ring, clock=clock))  # another process
    assert reader.decrypt_text(old, CONTEXT) == "first" and reader.decrypt_text(new, CONTEXT) == "second"
    assert [v.version for v in keys.versions()][-1] == new_key.version and len(keys.versions()) == 2
    assert stat.S_IMODE(ring.stat().st_mode) == 0o600
    with pytest.raises(UnknownKeyVersionError, match="not in the key ring"):
        reader.keys.get(key_id="local", version="0" * 32)


def test_concurrent_rotations_lose_no_version(ring, clock):
    FileKeyProvider(ring, clock=clock).current()
    created: list[str] = []

    def rotate_many() -> None:
        provider = FileKeyProvider(ring, clock=clock)
        for _ in range(10):
            created.append(provider.rotate().version)

    threads = [threading.Thread(target=rotate_many) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stored = {v.version for v in FileKeyProvider(ring, clock=clock).versions()}
    assert len(created) == 30 and set(created) <= stored and len(stored) == 31
    assert not [p for p in ring.parent.iterdir() if p.name.endswith(".tmp")]
