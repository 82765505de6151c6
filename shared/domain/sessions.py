"""Telegram session files: the spec's folder layout, path rules, manifests and storage tiers.

A tenant's session is the folder TDLib keeps (spec "Blob Storage"):

    td.binlog            main session file (required)
    db/td.db             SQLite database
    db/td.db-journal
    files/...            media cache, any depth

Names are relative POSIX paths inside that folder. Anything that could climb out of it, hide in a
terminal or a log, or land outside the layout is refused with a ``ValidationError`` naming it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from shared.domain.errors import DomainError, ValidationError

MAIN_FILE = "td.binlog"
DB_FILES = frozenset({"db/td.db", "db/td.db-journal"})
MEDIA_FOLDER = "files/"
# Azure allows 1,024 characters per blob name; the tenant id and version prefix take up to ~90.
MAX_PATH = 900
MAX_FILES = 10_000
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # C0, DEL and C1
# Unicode categories that show nothing or reorder what follows (U+202E turns "cod<RLO>gpj.exe" into
# "codexe.jpg" on screen), separate lines, or cannot be encoded: format, line/paragraph separator, surrogate.
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Zl", "Zp", "Cs"})
_DRIVE = re.compile(r"[A-Za-z]:")


class Tier(StrEnum):
    """Blob access tiers the lifecycle uses, spelled as the Blob service spells them."""

    HOT = "Hot"
    COOL = "Cool"
    COLD = "Cold"  # not used by the policy; known so that a blob someone moved there can be moved back
    ARCHIVE = "Archive"


@dataclass(frozen=True, slots=True)
class SessionFile:
    """One file of a saved session: its path in the spec's layout, size and SHA-256 (hex)."""

    path: str
    size: int
    sha256: str

    @classmethod
    def of(cls, path: str, data: bytes) -> SessionFile:
        return cls(path, len(data), hashlib.sha256(data).hexdigest())


@dataclass(frozen=True, slots=True)
class SessionManifest:
    """What one save wrote: its version and every file, sorted by path."""

    tenant_id: str
    version: str
    saved_at: datetime
    files: tuple[SessionFile, ...]

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)

    @property
    def paths(self) -> list[str]:
        return [f.path for f in self.files]


@dataclass(frozen=True, slots=True)
class Session:
    """A loaded session: the manifest and every file's bytes, verified against it."""

    manifest: SessionManifest
    files: Mapping[str, bytes]


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """What the tiering job needs to know about one stored session, without reading its files."""

    tenant_id: str
    version: str
    last_accessed_at: datetime
    tiers: Mapping[Tier, int]  # blobs per tier
    rehydrating: int  # blobs on their way out of Archive


class SessionArchivedError(DomainError):
    """The session is in the Archive tier (offline); rehydration to Hot has been requested, retry later."""

    def __init__(self, tenant_id: str, *, started: bool, retry_after: timedelta) -> None:
        state = "rehydration to Hot started" if started else "rehydration already in progress"
        super().__init__(f"session of tenant {tenant_id!r} is archived, rehydrating ({state}); "
                         f"retry in about {int(retry_after.total_seconds() // 60)} minutes")
        self.tenant_id = tenant_id
        self.started = started
        self.retry_after = retry_after


class SessionIntegrityError(DomainError):
    """A stored file does not match the checksum recorded when it was saved."""

    def __init__(self, tenant_id: str, path: str, reason: str) -> None:
        super().__init__(f"session of tenant {tenant_id!r}: {path}: {reason}")
        self.tenant_id = tenant_id
        self.path = path


def check_path(path: object) -> str:
    """Return ``path`` when it is a safe relative name inside the spec's layout; else ``ValidationError``."""
    if not isinstance(path, str) or not path:
        raise ValidationError("path", "a file name is required")
    shown = repr(path[:100])
    if _CONTROL.search(path):
        raise ValidationError("path", f"{shown} contains a NUL or control character")
    if any(unicodedata.category(c) in _INVISIBLE_CATEGORIES for c in path):
        raise ValidationError("path", f"{shown} contains an invisible Unicode format or separator character")
    if "\\" in path:
        raise ValidationError("path", f"{shown} contains a backslash; use '/' between folders")
    if path.startswith("/") or _DRIVE.match(path):
        raise ValidationError("path", f"{shown} is absolute; names are relative to the session folder")
    if len(path) > MAX_PATH:
        raise ValidationError("path", f"{shown}... is longer than {MAX_PATH} characters")
    segments = path.split("/")
    if ".." in segments:
        raise ValidationError("path", f"{shown} contains '..' (would leave the session folder)")
    if "." in segments or "" in segments:
        raise ValidationError("path", f"{shown} has an empty or '.' folder name")
    if path != MAIN_FILE and path not in DB_FILES and not path.startswith(MEDIA_FOLDER):
        raise ValidationError(
            "path", f"{shown} is outside the session layout (td.binlog, db/td.db, db/td.db-journal, files/...)"
        )
    return path


def check_files(files: Mapping[str, bytes], *, max_bytes: int) -> dict[str, bytes]:
    """Validate a whole session before anything is written: names, layout, main file, size."""
    if not isinstance(files, Mapping):
        raise ValidationError("files", "must map file names to bytes")
    if len(files) > MAX_FILES:
        raise ValidationError("files", f"holds {len(files)} files; at most {MAX_FILES} are accepted")
    checked: dict[str, bytes] = {}
    total = 0
    for path, data in files.items():
        check_path(path)
        if not isinstance(data, bytes | bytearray | memoryview):
            raise ValidationError("files", f"{path!r} must be bytes")
        total += len(data)
        if total > max_bytes:
            raise ValidationError("files", f"the session exceeds the limit of {max_bytes} bytes "
                                           "(PIPSTER_SESSION_MAX_BYTES)")
        checked[path] = bytes(data)
    if MAIN_FILE not in checked:
        raise ValidationError("files", f"a session needs its main file {MAIN_FILE}")
    return checked
