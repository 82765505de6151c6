"""An in-memory key store for unit tests: the port's own caching and checks, no file or network."""

from __future__ import annotations

import secrets
from datetime import timedelta

from shared.clock import Clock
from shared.crypto.errors import KeyStoreUnavailableError, UnknownKeyVersionError
from shared.crypto.keys import AbstractKeyProvider, DataKey, KeyVersionInfo


class MemoryKeyProvider(AbstractKeyProvider):
    """Versions in a list; ``calls`` counts store round trips; ``down`` makes the store fail as unavailable."""

    setting = "PIPSTER_TEST_KEYS"

    def __init__(self, clock: Clock, *, key_id: str = "test-key", refresh_after: timedelta = timedelta(minutes=5),
                 create_on_first_use: bool = True) -> None:
        super().__init__(clock=clock, refresh_after=refresh_after)
        self._key_id = key_id
        self.stored: list[DataKey] = []
        self.calls = 0
        self.down = False
        self._create = create_on_first_use

    @property
    def key_id(self) -> str:
        return self._key_id

    def add(self, material: bytes | None = None) -> DataKey:
        key = DataKey(self._key_id, secrets.token_hex(16), self._clock.now(), material or secrets.token_bytes(32))
        self.stored.append(key)
        return key

    def _touch(self) -> None:
        self.calls += 1
        if self.down:
            raise KeyStoreUnavailableError(self.setting, "store is down (test)")

    def _fetch_current(self) -> DataKey:
        self._touch()
        if not self.stored and self._create:
            self.add()
        return super()._fetch_current() if not self.stored else self.stored[-1]

    def _fetch_current_if_any(self) -> DataKey | None:
        return self.stored[-1] if self.stored else None

    def _fetch_version(self, version: str) -> DataKey:
        self._touch()
        for key in self.stored:
            if key.version == version:
                return key
        raise UnknownKeyVersionError(self.setting, f"no version {version}")

    def _create_version(self, material: bytes) -> DataKey:
        self._touch()
        return self.add(material)

    def _list_versions(self) -> list[KeyVersionInfo]:
        return [KeyVersionInfo(k.key_id, k.version, k.created_at) for k in self.stored]
