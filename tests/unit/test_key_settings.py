"""Key settings and the composition root's choice of key store (nothing fetched or created while wiring)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.adapters.keys.keyring_file import FileKeyProvider
from shared.bootstrap import build_key_provider
from shared.clock import SystemClock
from shared.crypto.errors import KeyConfigurationError
from shared.settings import Settings


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("PIPSTER_KEYVAULT_URL", "PIPSTER_KEY_SECRET_NAME", "PIPSTER_KEY_FILE", "PIPSTER_KEY_ROTATION_DAYS",
                 "PIPSTER_ENVIRONMENT", "PIPSTER_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)


def test_defaults_a_local_ring_under_the_data_dir_and_90_days(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PIPSTER_DATA_DIR", "/srv/pipster")
    settings = Settings()
    assert settings.key_file_path == Path("/srv/pipster/keyring.json")
    assert settings.key_rotation_days == 90 and settings.key_secret_name == "pipster-data-key"
    monkeypatch.setenv("PIPSTER_KEY_FILE", "/etc/pipster/ring.json")
    assert Settings().key_file_path == Path("/etc/pipster/ring.json")


@pytest.mark.parametrize(("name", "value"), [
    ("PIPSTER_KEYVAULT_URL", "http://plain.vault.azure.net"),
    ("PIPSTER_KEY_SECRET_NAME", "not a name!"),
    ("PIPSTER_KEY_ROTATION_DAYS", "0"),
    ("PIPSTER_KEY_REFRESH_SECONDS", "0"),
])
def test_bad_key_settings_name_the_setting(monkeypatch: pytest.MonkeyPatch, name: str, value: str):
    monkeypatch.setenv(name, value)
    with pytest.raises(Exception, match=name):
        Settings()


def test_local_environments_get_the_key_ring_file_without_touching_it(tmp_path: Path):
    ring = tmp_path / "ring.json"
    provider = build_key_provider(Settings(PIPSTER_KEY_FILE=str(ring)), SystemClock())
    assert isinstance(provider, FileKeyProvider) and provider.path == ring and not ring.exists()


def test_a_deployed_environment_without_a_vault_refuses_to_start():
    settings = Settings(PIPSTER_ENVIRONMENT="production")
    with pytest.raises(KeyConfigurationError, match="PIPSTER_KEYVAULT_URL: is required in the 'production'"):
        build_key_provider(settings, SystemClock())
