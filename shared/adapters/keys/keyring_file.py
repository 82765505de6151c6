"""The local key store: a key-ring file, created on first use with mode 0600.

For local runs and tests, where no Key Vault exists. The file is JSON::

    {"format": 1, "key_id": "local",
     "keys": [{"version": "<32 hex>", "created_at": "<ISO 8601 UTC>", "material": "<base64 of 32 bytes>"}]}

The last entry is the current version; rotation appends one. Writes go to a temporary file in the same
directory and replace the ring atomically, under an exclusive lock, so two processes rotating at once
neither lose a version nor leave a torn file.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import logging
import os
import secrets
import stat
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from shared.clock import Clock
from shared.crypto.errors import KeyConfigurationError, UnknownKeyVersionError
from shared.crypto.keys import KEY_BYTES, KEY_VERSION, AbstractKeyProvider, DataKey, KeyVersionInfo

try:  # POSIX only; elsewhere concurrent rotation from two processes is not guarded
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

SETTING = "PIPSTER_KEY_FILE"
LOCAL_KEY_ID = "local"
RING_FORMAT = 1


class FileKeyProvider(AbstractKeyProvider):
    """Data keys in a local key-ring file (see the module docstring for the format)."""

    setting = SETTING

    def __init__(self, path: Path, *, clock: Clock, refresh_after: timedelta = timedelta(minutes=5)) -> None:
        super().__init__(clock=clock, refresh_after=refresh_after)
        self.path = Path(path)

    @property
    def key_id(self) -> str:
        return LOCAL_KEY_ID

    def _fetch_current(self) -> DataKey:
        ring = self._load()
        if ring:
            return ring[-1]
        with self._exclusive():
            ring = self._load()
            if not ring:  # first run: nobody created it meanwhile
                ring = [self._new_key(secrets.token_bytes(KEY_BYTES))]
                self._write(ring)
                logger.info("created key ring %s with version %s", self.path, ring[0].version)
        return ring[-1]

    def _fetch_current_if_any(self) -> DataKey | None:
        ring = self._load()
        return ring[-1] if ring else None

    def _fetch_version(self, version: str) -> DataKey:
        for key in self._load():
            if key.version == version:
                return key
        raise UnknownKeyVersionError(SETTING, f"key version {version} is not in the key ring {self.path}")

    def _create_version(self, material: bytes) -> DataKey:
        with self._exclusive():
            ring = self._load()
            ring.append(self._new_key(material))
            self._write(ring)
        return ring[-1]

    def _list_versions(self) -> list[KeyVersionInfo]:
        return [KeyVersionInfo(k.key_id, k.version, k.created_at) for k in self._load()]

    def _new_key(self, material: bytes) -> DataKey:
        return DataKey(LOCAL_KEY_ID, secrets.token_hex(16), self._clock.now(), material)

    def _load(self) -> list[DataKey]:
        try:
            info = self.path.stat()
        except FileNotFoundError:
            return []
        if stat.S_IMODE(info.st_mode) & 0o077:
            raise KeyConfigurationError(
                SETTING, f"{self.path} is accessible to group or others (mode {oct(stat.S_IMODE(info.st_mode))}); "
                "it holds encryption keys: chmod 600 it")
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
            if document.get("format") != RING_FORMAT or document.get("key_id") != LOCAL_KEY_ID:
                raise ValueError("unknown format or key id")
            return [self._parse(entry) for entry in document["keys"]]
        except KeyConfigurationError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KeyConfigurationError(SETTING, f"{self.path} is not a valid key-ring file") from exc

    def _parse(self, entry: dict[str, Any]) -> DataKey:
        version = entry["version"]
        if not isinstance(version, str) or not KEY_VERSION.fullmatch(version):
            raise ValueError("bad version")
        created_at = datetime.fromisoformat(entry["created_at"])
        if created_at.tzinfo is None:
            raise ValueError("created_at must carry a time zone")
        try:
            material = base64.b64decode(entry["material"], validate=True)
        except binascii.Error as exc:
            raise ValueError("material is not base64") from exc
        if len(material) != KEY_BYTES:
            raise KeyConfigurationError(
                SETTING, f"key version {version} in {self.path} is {len(material)} bytes; AES-256 needs {KEY_BYTES}")
        return DataKey(LOCAL_KEY_ID, version, created_at, material)

    def _write(self, ring: list[DataKey]) -> None:
        document = {
            "format": RING_FORMAT, "key_id": LOCAL_KEY_ID,
            "keys": [{"version": k.version, "created_at": k.created_at.isoformat(),
                      "material": base64.b64encode(k.material).decode("ascii")} for k in ring],
        }
        temporary = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(document, handle, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise

    @contextlib.contextmanager
    def _exclusive(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path.with_name(self.path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock
