"""The key provider port: data-encryption keys by id and version, the current one, and rotation.

The public methods hold the shared bookkeeping (STYLE §4: template methods): an in-memory cache in
which a version, once fetched, is kept for the life of the process (versions never change), the
current version is re-checked only every ``refresh_after``, and a key store that fails while a
current key is cached is retried only after an exponential backoff of 1 to 16 s, the cached key
serving meanwhile (RELIABILITY K1). Adapters implement the ``_hooks``.
"""

from __future__ import annotations

import abc
import logging
import re
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from shared.clock import Clock
from shared.crypto.errors import KeyConfigurationError, KeyStoreUnavailableError, UnknownKeyVersionError

logger = logging.getLogger(__name__)

KEY_BYTES = 32  # AES-256
# Key Vault secret names and versions fit these; the local ring uses the same shapes.
KEY_ID = re.compile(r"[0-9A-Za-z-]{1,127}")
KEY_VERSION = re.compile(r"[0-9A-Za-z]{1,64}")
BACKOFF_FIRST = 1.0
BACKOFF_MAX = 16.0


@dataclass(frozen=True, slots=True)
class DataKey:
    """One version of a data-encryption key. The material never appears in repr/str."""

    key_id: str
    version: str
    created_at: datetime
    material: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class KeyVersionInfo:
    """A key version's metadata, without its material."""

    key_id: str
    version: str
    created_at: datetime
    enabled: bool = True


class AbstractKeyProvider(abc.ABC):
    """Where data keys live (Key Vault secret versions, or a local key-ring file).

    ``setting`` names the setting an operator changes to fix a problem with this store; every error
    names it.
    """

    setting: str = ""

    def __init__(self, *, clock: Clock, refresh_after: timedelta = timedelta(minutes=5)) -> None:
        self._clock = clock
        self._refresh_after = refresh_after
        self._lock = threading.Lock()
        self._versions: dict[tuple[str, str], DataKey] = {}
        self._current: DataKey | None = None
        self._checked_at: datetime | None = None
        self._retry_at: datetime | None = None
        self._failures = 0

    @property
    @abc.abstractmethod
    def key_id(self) -> str:
        """The id of the key this provider serves (its versions are what rotates)."""

    def current(self) -> DataKey:
        """The version new envelopes are sealed with (created on first use where the store allows it)."""
        with self._lock:
            now = self._clock.now()
            if self._current is not None and not self._due(now):
                return self._current
            try:
                key = self._checked(self._fetch_current())
            except KeyStoreUnavailableError as exc:
                if self._current is None:
                    raise
                self._failures += 1
                delay = min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** (self._failures - 1))
                self._retry_at = now + timedelta(seconds=delay)
                logger.warning("key store unavailable (%s); serving cached key version %s, next try in %.0f s",
                               exc.reason, self._current.version, delay)
                return self._current
            self._remember_current(key, now)
            return key

    def get(self, *, key_id: str, version: str) -> DataKey:
        """A given version, for opening envelopes sealed before a rotation; ``UnknownKeyVersionError`` if absent."""
        cached = self._versions.get((key_id, version))
        if cached is not None:  # the hot path: every version is fetched once per process
            return cached
        if not KEY_ID.fullmatch(key_id or "") or not KEY_VERSION.fullmatch(version or ""):
            raise UnknownKeyVersionError(self.setting, "the envelope names a malformed key id or version")
        if key_id != self.key_id:
            raise UnknownKeyVersionError(self.setting, f"key id {key_id!r} is not served here (have {self.key_id!r})")
        with self._lock:
            cached = self._versions.get((key_id, version))
            if cached is None:
                cached = self._checked(self._fetch_version(version))
                self._versions[(key_id, version)] = cached
            return cached

    def rotate(self) -> DataKey:
        """Create a new version from fresh random bytes and make it current. Earlier versions stay readable."""
        with self._lock:
            key = self._checked(self._create_version(secrets.token_bytes(KEY_BYTES)))
            self._remember_current(key, self._clock.now())
        logger.info("key %s rotated: new version %s", key.key_id, key.version)
        return key

    def versions(self) -> list[KeyVersionInfo]:
        """Every version's metadata, oldest first (no material is fetched)."""
        return sorted(self._list_versions(), key=lambda v: (v.created_at, v.version))

    def peek_current(self, *, fresh: bool = False) -> KeyVersionInfo | None:
        """The current version's metadata, or None when no key exists yet (nothing is created).

        ``fresh`` asks the store even within the refresh interval (rotation decides on the latest state).
        """
        with self._lock:
            if not fresh and self._current is not None and not self._due(self._clock.now()):
                key: DataKey | None = self._current
            else:
                key = self._fetch_current_if_any()
                if key is not None:
                    self._remember_current(self._checked(key), self._clock.now())
        if key is None:
            return None
        return KeyVersionInfo(key.key_id, key.version, key.created_at)

    def _due(self, now: datetime) -> bool:
        if self._retry_at is not None and now < self._retry_at:
            return False
        return self._checked_at is None or now - self._checked_at >= self._refresh_after

    def _remember_current(self, key: DataKey, now: datetime) -> None:
        self._current = key
        self._versions[(key.key_id, key.version)] = key
        self._checked_at = now
        self._retry_at = None
        self._failures = 0

    def _checked(self, key: DataKey) -> DataKey:
        if len(key.material) != KEY_BYTES:
            raise KeyConfigurationError(
                self.setting,
                f"key {key.key_id} version {key.version} is {len(key.material)} bytes; AES-256 needs {KEY_BYTES}",
            )
        return key

    def _fetch_current(self) -> DataKey:
        """The current version; a store that creates keys on first use may create it here."""
        key = self._fetch_current_if_any()
        if key is None:
            raise KeyConfigurationError(self.setting, "no key exists yet: run `pipster keys rotate` to create it")
        return key

    @abc.abstractmethod
    def _fetch_current_if_any(self) -> DataKey | None: ...
    @abc.abstractmethod
    def _fetch_version(self, version: str) -> DataKey: ...
    @abc.abstractmethod
    def _create_version(self, material: bytes) -> DataKey: ...
    @abc.abstractmethod
    def _list_versions(self) -> list[KeyVersionInfo]: ...
