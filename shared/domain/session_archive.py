"""A session folder as a zip archive, read defensively (the API accepts uploads of it).

Checks, all before a byte is stored: the archive's own size, every entry's name (``check_path``),
no links or encrypted entries, no duplicates, the declared total against the limit, each entry's
compression ratio (a zip bomb expands a few KiB into GiB), and — while inflating — the real output
against what the entry declared, so a forged header cannot smuggle more data than it admits to.
"""

from __future__ import annotations

import io
import stat
import zipfile

from shared.domain.errors import ValidationError
from shared.domain.sessions import MAX_FILES, check_files, check_path

# Session files compress modestly (SQLite pages, media); 200x is far past any honest entry.
MAX_RATIO = 200
# Tiny entries may compress "badly" in ratio terms without any risk; the ratio rule starts here.
RATIO_FLOOR_BYTES = 1 << 20
_CHUNK = 1 << 16


def _check_entry(info: zipfile.ZipInfo) -> None:
    name = info.orig_filename
    if info.flag_bits & 0x1:
        raise ValidationError("archive", f"entry {name!r} is encrypted")
    if info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16):
        raise ValidationError("archive", f"entry {name!r} is a symbolic link")
    if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise ValidationError(
            "archive",
            f"entry {name!r} expands {info.file_size // max(info.compress_size, 1)}x "
            f"(limit {MAX_RATIO}x): refusing a likely zip bomb",
        )


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                out += chunk
                if len(out) > info.file_size:
                    raise ValidationError("archive", f"entry {info.orig_filename!r} inflates past its declared size")
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
        raise ValidationError("archive", f"entry {info.orig_filename!r} is corrupt: {exc}") from exc
    if len(out) != info.file_size:
        raise ValidationError("archive", f"entry {info.orig_filename!r} is shorter than it declares")
    return bytes(out)


def read_zip(data: bytes, *, max_bytes: int) -> dict[str, bytes]:
    """The session's files from a zip of the session folder; ``ValidationError`` naming the problem."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ValidationError("archive", "must be the bytes of a zip file")
    if len(data) > max_bytes:
        raise ValidationError("archive", f"is {len(data)} bytes; the limit is {max_bytes} (PIPSTER_SESSION_MAX_BYTES)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as exc:
        raise ValidationError("archive", f"is not a readable zip file: {exc}") from exc
    with archive:
        entries = [i for i in archive.infolist() if not i.is_dir()]
        if len(entries) > MAX_FILES:
            raise ValidationError("archive", f"holds {len(entries)} files; at most {MAX_FILES} are accepted")
        names: set[str] = set()
        declared = 0
        for info in entries:
            # orig_filename: zipfile cuts ``filename`` at a NUL byte, which would hide the problem.
            name = check_path(info.orig_filename)
            if name in names:
                raise ValidationError("archive", f"entry {name!r} appears twice")
            names.add(name)
            _check_entry(info)
            declared += info.file_size
            if declared > max_bytes:
                raise ValidationError(
                    "archive", f"expands past the limit of {max_bytes} bytes (PIPSTER_SESSION_MAX_BYTES)"
                )
        files = {info.orig_filename: _inflate(archive, info) for info in entries}
    return check_files(files, max_bytes=max_bytes)


def write_zip(files: dict[str, bytes]) -> bytes:
    """A zip of the session folder in the spec's layout (deflated; entries sorted by name)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            archive.writestr(name, files[name])
    return buffer.getvalue()
