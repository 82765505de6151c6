"""Bad input to the session store on Azurite: a clear error naming the problem, and nothing written."""

from __future__ import annotations

import io
import stat
import struct
import zipfile

import pytest

from shared.domain.errors import ValidationError
from tests.support import sessions as support

pytestmark = pytest.mark.azurite

PREVIOUS = {"td.binlog": b"previous binlog", "files/keep.jpg": b"keep"}


@pytest.fixture
def container(azurite):
    with support.container(azurite.connection_string) as client:
        yield client


@pytest.fixture
def store(container, clock):
    """A store holding a previous session, with a small limit so the size rules are cheap to hit."""
    store = support.store(container, clock, max_bytes=64 * 1024)
    store.save("ten_alpha", PREVIOUS)
    return store


@pytest.fixture
def unchanged(store, container):
    """Asserts, after the test, that the stored blobs and the session are exactly as before."""
    before = support.blob_names(container)
    yield
    assert support.blob_names(container) == before
    assert dict(store.load("ten_alpha").files) == PREVIOUS


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in entries.items():
            # zipfile would cut a name at NUL when writing: write a stand-in, then put the NUL in the bytes.
            archive.writestr(zipfile.ZipInfo(name.replace("\x00", "\x01")), data, compress_type=compression)
    raw = buffer.getvalue()
    for name in entries:
        if "\x00" in name:
            raw = raw.replace(name.replace("\x00", "\x01").encode(), name.encode())
    return raw


BAD_NAMES = [
    ("../td.binlog", "'..'"),
    ("files/../../etc/passwd", "'..'"),
    ("/td.binlog", "absolute"),
    ("C:/td.binlog", "absolute"),
    ("files\\photo.jpg", "backslash"),
    ("files/a\x00.jpg", "NUL or control"),
    ("files/a\nb.jpg", "NUL or control"),
    ("files/a\x1b[31m.jpg", "NUL or control"),
    ("notes.txt", "outside the session layout"),
    ("db/other.db", "outside the session layout"),
    ("td.binlog/x", "outside the session layout"),
    ("files//x.jpg", "empty or '.'"),
    ("files/./x.jpg", "empty or '.'"),
]


@pytest.mark.usefixtures("unchanged")
class TestBadFileSets:
    @pytest.mark.parametrize(("name", "problem"), BAD_NAMES)
    def test_a_bad_name_is_refused_naming_the_problem(self, store, name: str, problem: str) -> None:
        with pytest.raises(ValidationError, match=problem) as caught:
            store.save("ten_alpha", {"td.binlog": b"new", "db/td.db": b"new", name: b"bad"})
        assert caught.value.field == "path"

    @pytest.mark.parametrize(("name", "problem"), BAD_NAMES)
    def test_a_bad_name_inside_a_zip_is_refused_naming_the_problem(self, store, name: str, problem: str) -> None:
        with pytest.raises(ValidationError, match=problem):
            store.save_zip("ten_alpha", _zip({"td.binlog": b"new", name: b"bad"}))

    def test_a_session_without_its_main_file_is_refused(self, store) -> None:
        with pytest.raises(ValidationError, match="needs its main file td.binlog"):
            store.save("ten_alpha", {"db/td.db": b"db"})

    def test_a_session_over_the_limit_is_refused(self, store) -> None:
        with pytest.raises(ValidationError, match="exceeds the limit of 65536 bytes"):
            store.save("ten_alpha", {"td.binlog": b"x" * 40_000, "files/big.bin": b"y" * 40_000})

    def test_a_bad_tenant_id_is_refused(self, store) -> None:
        with pytest.raises(ValidationError) as caught:
            store.save("../ten_alpha", {"td.binlog": b"x"})
        assert caught.value.field == "tenant_id"


@pytest.mark.usefixtures("unchanged")
class TestBadArchives:
    def test_an_archive_over_the_limit_is_refused(self, store) -> None:
        import os

        archive = _zip({"td.binlog": os.urandom(70_000)}, zipfile.ZIP_STORED)
        with pytest.raises(ValidationError, match=r"is \d+ bytes; the limit is 65536 \(PIPSTER_SESSION_MAX_BYTES\)"):
            store.save_zip("ten_alpha", archive)

    def test_an_archive_that_expands_past_the_limit_is_refused(self, store) -> None:
        archive = _zip({"td.binlog": b"x", "files/a.bin": bytes(40_000), "files/b.bin": bytes(40_000)})
        assert len(archive) < 2_000
        with pytest.raises(ValidationError, match="expands past the limit of 65536 bytes"):
            store.save_zip("ten_alpha", archive)

    def test_a_zip_bomb_is_refused_by_its_compression_ratio(self, container, clock) -> None:
        roomy = support.store(container, clock, max_bytes=256 * 1024 * 1024)
        archive = _zip({"td.binlog": b"x", "files/bomb.bin": bytes(50 * 1024 * 1024)})
        assert len(archive) < 100_000
        with pytest.raises(ValidationError, match="'files/bomb.bin' expands 1\\d{3}x .*zip bomb"):
            roomy.save_zip("ten_alpha", archive)

    def test_an_entry_that_hides_its_real_size_is_refused(self, store) -> None:
        archive = bytearray(_zip({"td.binlog": b"x", "files/liar.bin": bytes(30_000)}))
        _forge_sizes(archive, "files/liar.bin", declared=1_000)
        with pytest.raises(ValidationError, match="'files/liar.bin' is corrupt"):
            store.save_zip("ten_alpha", bytes(archive))

    def test_duplicate_entries_are_refused(self, store) -> None:
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive = _zip_with_duplicate()
        with pytest.raises(ValidationError, match="'td.binlog' appears twice"):
            store.save_zip("ten_alpha", archive)

    def test_a_symbolic_link_entry_is_refused(self, store) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("td.binlog", b"x")
            link = zipfile.ZipInfo("files/link.jpg")
            link.create_system = 3
            link.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(link, "/etc/passwd")
        with pytest.raises(ValidationError, match="'files/link.jpg' is a symbolic link"):
            store.save_zip("ten_alpha", buffer.getvalue())

    def test_an_encrypted_entry_is_refused(self, store) -> None:
        archive = bytearray(_zip({"td.binlog": b"x"}))
        _set_flag(archive, "td.binlog", 0x1)
        with pytest.raises(ValidationError, match="'td.binlog' is encrypted"):
            store.save_zip("ten_alpha", bytes(archive))

    def test_bytes_that_are_not_a_zip_are_refused(self, store) -> None:
        with pytest.raises(ValidationError, match="archive: is not a readable zip file"):
            store.save_zip("ten_alpha", b"PK\x03\x04 certainly not a zip")


def _zip_with_duplicate() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("td.binlog", b"one")
        archive.writestr("td.binlog", b"two")
    return buffer.getvalue()


def _headers(archive: bytearray, name: str) -> tuple[int, int]:
    """Offsets of ``name``'s local file header and central directory entry."""
    encoded = name.encode()
    local = archive.find(b"PK\x03\x04")
    while archive[local + 30:local + 30 + len(encoded)] != encoded:
        local = archive.find(b"PK\x03\x04", local + 4)
    central = archive.find(b"PK\x01\x02")
    while archive[central + 46:central + 46 + len(encoded)] != encoded:
        central = archive.find(b"PK\x01\x02", central + 4)
    return local, central


def _forge_sizes(archive: bytearray, name: str, *, declared: int) -> None:
    """Make the headers claim a smaller uncompressed size than the entry really inflates to."""
    local, central = _headers(archive, name)
    struct.pack_into("<I", archive, local + 22, declared)
    struct.pack_into("<I", archive, central + 24, declared)


def _set_flag(archive: bytearray, name: str, flag: int) -> None:
    local, central = _headers(archive, name)
    for offset in (local + 6, central + 8):
        (bits,) = struct.unpack_from("<H", archive, offset)
        struct.pack_into("<H", archive, offset, bits | flag)
