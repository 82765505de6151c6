"""Session store on Azurite (started by the test run): round trip, atomic replacement, integrity, crashes."""

from __future__ import annotations

import io
import threading
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest

from shared.domain.errors import ConflictError, NotFoundError
from shared.domain.sessions import SessionIntegrityError
from tests.support import sessions as support

pytestmark = pytest.mark.azurite


@pytest.fixture
def container(azurite):
    with support.container(azurite.connection_string) as client:
        yield client


@pytest.fixture
def store(container, clock):
    return support.store(container, clock)


class TestRoundTrip:
    def test_a_realistic_session_folder_comes_back_byte_identical(self, store, tmp_path: Path) -> None:
        files = support.realistic_session(tmp_path)
        manifest = store.save("ten_alpha", files)

        loaded = store.load("ten_alpha")

        assert dict(loaded.files) == files
        assert loaded.manifest == manifest == store.manifest("ten_alpha")
        assert sorted(manifest.paths) == sorted(files)

    def test_each_save_is_stored_in_the_spec_layout_under_its_version(self, store, container, tmp_path) -> None:
        files = support.realistic_session(tmp_path)
        manifest = store.save("ten_alpha", files)

        prefix = f"ten_alpha/v/{manifest.version}/"
        names = support.blob_names(container)
        assert names == sorted(["ten_alpha/current.json"] + [prefix + name for name in files])
        assert {n[len(prefix):] for n in names if n.startswith(prefix)} >= {"td.binlog", "db/td.db",
                                                                            "db/td.db-journal"}

    def test_a_zip_of_the_session_folder_round_trips(self, store, tmp_path: Path) -> None:
        files = support.realistic_session(tmp_path)
        folder = tmp_path / "session"
        support.write_folder(folder, files)

        store.save_zip("ten_alpha", support.zip_folder(folder))
        exported = zipfile.ZipFile(io.BytesIO(store.load_zip("ten_alpha")))

        assert dict(store.load("ten_alpha").files) == files
        assert {name: exported.read(name) for name in exported.namelist()} == files

    def test_a_new_save_replaces_the_whole_session_and_removes_the_old_files(self, store, container) -> None:
        store.save("ten_alpha", {"td.binlog": b"one", "files/a.jpg": b"a"})
        second = store.save("ten_alpha", {"td.binlog": b"two", "db/td.db": b"db"})

        assert dict(store.load("ten_alpha").files) == {"td.binlog": b"two", "db/td.db": b"db"}
        assert support.blob_names(container) == sorted(
            ["ten_alpha/current.json", f"ten_alpha/v/{second.version}/td.binlog",
             f"ten_alpha/v/{second.version}/db/td.db"]
        )

    def test_tenants_are_kept_apart_even_with_a_shared_name_prefix(self, store) -> None:
        store.save("ten_a", {"td.binlog": b"a"})
        store.save("ten_ab", {"td.binlog": b"ab"})

        assert store.delete("ten_a") is True

        assert dict(store.load("ten_ab").files) == {"td.binlog": b"ab"}
        with pytest.raises(NotFoundError):
            store.load("ten_a")
        assert sorted(store.tenants()) == ["ten_ab"]

    def test_deleting_removes_every_blob_and_reports_when_there_was_nothing(self, store, container) -> None:
        store.save("ten_alpha", {"td.binlog": b"x", "files/deep/er/f.bin": b"y"})

        assert store.delete("ten_alpha") is True
        assert store.delete("ten_alpha") is False
        assert support.blob_names(container) == []
        with pytest.raises(NotFoundError, match="session 'ten_alpha' not found"):
            store.load("ten_alpha")

    def test_a_tenant_without_a_session_is_not_found(self, store) -> None:
        with pytest.raises(NotFoundError):
            store.load("ten_nobody")
        with pytest.raises(NotFoundError):
            store.manifest("ten_nobody")


class TestIntegrityAndAccess:
    def test_a_file_changed_behind_the_stores_back_is_refused_by_checksum(self, store, container) -> None:
        manifest = store.save("ten_alpha", {"td.binlog": b"A" * 1000, "db/td.db": b"D" * 1000})
        # Same length, different bytes: only the SHA-256 recorded at save time can tell.
        container.get_blob_client(f"ten_alpha/v/{manifest.version}/db/td.db").upload_blob(b"E" * 1000, overwrite=True)

        with pytest.raises(SessionIntegrityError, match="db/td.db: SHA-256"):
            store.load("ten_alpha")

    def test_a_damaged_pointer_is_reported_and_a_new_save_replaces_it(self, store, container) -> None:
        store.save("ten_alpha", {"td.binlog": b"old"})
        pointer = container.get_blob_client("ten_alpha/current.json")
        metadata = pointer.get_blob_properties().metadata
        pointer.upload_blob(b'{"format":1,"files":[]}', overwrite=True, metadata=metadata)

        with pytest.raises(SessionIntegrityError, match="current.json: SHA-256"):
            store.load("ten_alpha")
        store.save("ten_alpha", {"td.binlog": b"new"})
        assert dict(store.load("ten_alpha").files) == {"td.binlog": b"new"}
        assert len([n for n in support.blob_names(container) if n.endswith("td.binlog")]) == 1

    def test_each_blob_carries_its_sha256_and_content_md5(self, store, container) -> None:
        import hashlib

        manifest = store.save("ten_alpha", {"td.binlog": b"binlog bytes"})
        props = container.get_blob_client(f"ten_alpha/v/{manifest.version}/td.binlog").get_blob_properties()

        assert props.metadata["sha256"] == hashlib.sha256(b"binlog bytes").hexdigest()
        assert bytes(props.content_settings.content_md5) == hashlib.md5(b"binlog bytes").digest()

    def test_each_load_records_the_last_access_time(self, store, clock) -> None:
        store.save("ten_alpha", {"td.binlog": b"x"})
        clock.advance(timedelta(days=3))

        store.load("ten_alpha")

        assert store.info("ten_alpha").last_accessed_at == clock.now()


class Crash(BaseException):
    """A process dying: not an ``Exception``, so no clean-up code runs."""


class _CrashingBlob:
    def __init__(self, blob, should_crash) -> None:
        self._blob = blob
        self._should_crash = should_crash

    def upload_blob(self, *args, **kwargs):
        if self._should_crash(self._blob.blob_name):
            raise Crash()
        return self._blob.upload_blob(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._blob, name)


class _CrashingContainer:
    """The real container client, except that the chosen upload never completes."""

    def __init__(self, container, should_crash) -> None:
        self._container = container
        self._should_crash = should_crash

    def get_blob_client(self, name):
        return _CrashingBlob(self._container.get_blob_client(name), self._should_crash)

    def __getattr__(self, name):
        return getattr(self._container, name)


class TestAtomicReplacement:
    @pytest.mark.parametrize("dies_at", ["first file", "third file", "pointer"])
    def test_a_save_that_dies_half_way_leaves_the_previous_session_intact(
        self, container, clock, dies_at: str
    ) -> None:
        store = support.store(container, clock, workers=1)
        previous = {"td.binlog": b"old binlog", "db/td.db": b"old db", "files/a.jpg": b"old a"}
        store.save("ten_alpha", previous)
        uploads: list[str] = []

        def should_crash(name: str) -> bool:
            uploads.append(name)
            if dies_at == "pointer":
                return name.endswith("current.json")
            return len(uploads) == (1 if dies_at == "first file" else 3)

        dying = support.store(_CrashingContainer(container, should_crash), clock, workers=1)
        new = {"td.binlog": b"new", "db/td.db": b"new db", "db/td.db-journal": b"j", "files/b.jpg": b"b"}
        with pytest.raises(Crash):
            dying.save("ten_alpha", new)

        assert dict(store.load("ten_alpha").files) == previous
        # The dead save's leftovers are collected once they are old enough not to be a save in flight.
        assert store.collect_garbage("ten_alpha") == 0
        clock.advance(timedelta(hours=2))
        collected = store.collect_garbage("ten_alpha")
        assert collected == len(uploads) - 1  # every upload that completed before the crash
        current = store.manifest("ten_alpha").version
        assert all(n == "ten_alpha/current.json" or f"/v/{current}/" in n for n in support.blob_names(container))
        assert dict(store.load("ten_alpha").files) == previous

    def test_a_concurrent_reader_never_sees_a_mix_of_two_saves(self, store) -> None:
        def generation(n: int) -> dict[str, bytes]:
            files = {"td.binlog": f"gen{n}:binlog".encode(), "db/td.db": f"gen{n}:db".encode() * 50}
            if n % 2:
                files["files/odd.bin"] = f"gen{n}:odd".encode()
            else:
                files["db/td.db-journal"] = f"gen{n}:journal".encode()
            return files

        store.save("ten_alpha", generation(0))
        done = threading.Event()
        seen: set[int] = set()
        problems: list[str] = []

        def read() -> None:
            while not done.is_set():
                try:
                    files = dict(store.load("ten_alpha").files)
                except Exception as exc:  # noqa: BLE001 - every failure is a finding
                    problems.append(f"{type(exc).__name__}: {exc}")
                    continue
                n = int(files["td.binlog"].split(b":")[0][3:])
                if files != generation(n):
                    problems.append(f"mixed session around generation {n}: {sorted(files)}")
                seen.add(n)

        readers = [threading.Thread(target=read) for _ in range(3)]
        for reader in readers:
            reader.start()
        try:
            for n in range(1, 11):
                store.save("ten_alpha", generation(n))
        finally:
            done.set()
            for reader in readers:
                reader.join()

        assert problems == []
        assert len(seen) > 2, seen
        assert dict(store.load("ten_alpha").files) == generation(10)

    def test_a_load_recording_its_access_during_a_save_does_not_fail_the_save(self, store, container, clock) -> None:
        store.save("ten_alpha", {"td.binlog": b"old"})
        clock.advance(timedelta(days=2))
        loads: list[bytes] = []

        def load_just_before_the_pointer_write(name: str) -> bool:
            if name.endswith("current.json") and not loads:
                loads.append(store.load("ten_alpha").files["td.binlog"])  # changes the pointer's ETag
            return False

        saving = support.store(_CrashingContainer(container, load_just_before_the_pointer_write), clock)
        saving.save("ten_alpha", {"td.binlog": b"new"})

        assert loads == [b"old"]
        assert dict(store.load("ten_alpha").files) == {"td.binlog": b"new"}

    @pytest.mark.parametrize("first_save", [True, False])
    def test_a_pointer_write_whose_response_was_lost_still_counts(self, store, container, clock,
                                                                  first_save: bool) -> None:
        from azure.core.exceptions import ResourceExistsError, ResourceModifiedError

        if not first_save:
            store.save("ten_alpha", {"td.binlog": b"old"})

        class LostResponse(_CrashingBlob):
            # The write reaches the service; the SDK's retry of it then fails its own condition.
            def upload_blob(self, *args, **kwargs):
                self._blob.upload_blob(*args, **kwargs)
                raise (ResourceExistsError if first_save else ResourceModifiedError)("condition not met")

        class Container(_CrashingContainer):
            def get_blob_client(self, name):
                blob = self._container.get_blob_client(name)
                return LostResponse(blob, None) if name.endswith("current.json") else blob

        support.store(Container(container, None), clock).save("ten_alpha", {"td.binlog": b"new"})

        assert dict(store.load("ten_alpha").files) == {"td.binlog": b"new"}

    def test_concurrent_saves_leave_exactly_one_of_them_whole(self, store) -> None:
        store.save("ten_alpha", {"td.binlog": b"base"})
        saved: list[dict[str, bytes]] = []
        conflicts: list[ConflictError] = []
        lock = threading.Lock()

        def save(worker: int) -> None:
            for i in range(4):
                files = {"td.binlog": f"w{worker}-{i}".encode(), f"files/w{worker}.bin": bytes([worker]) * 100}
                try:
                    store.save("ten_alpha", files)
                    with lock:
                        saved.append(files)
                except ConflictError as exc:
                    with lock:
                        conflicts.append(exc)

        workers = [threading.Thread(target=save, args=(w,)) for w in range(3)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

        assert len(saved) + len(conflicts) == 12 and saved
        assert dict(store.load("ten_alpha").files) in saved
