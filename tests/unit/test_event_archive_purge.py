"""GDPR purge of the cold archive on a versioned account. Azurite keeps no blob versions, so this drives
``BlobEventArchive`` with an in-memory container that behaves as versioning does: deleting a blob keeps
it as a previous version until that version is deleted by id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from shared.adapters.events.archive import BlobEventArchive
from shared.clock import FixedClock
from shared.domain.events import EventType, build_event


@dataclass
class _Blob:
    name: str
    version_id: str | None = None


class FakeVersionedContainer:
    def __init__(self) -> None:
        self.current: dict[str, bytes] = {}
        self.versions: dict[tuple[str, str], bytes] = {}
        self._next = 0

    def _archive(self, name: str) -> None:
        self._next += 1
        self.versions[(name, f"v{self._next}")] = self.current.pop(name)

    def upload_blob(self, name: str, data: bytes, overwrite: bool = False, **kwargs: object) -> None:
        if name in self.current:
            self._archive(name)
        self.current[name] = data

    def list_blobs(self, name_starts_with: str = "", include: list[str] | None = None) -> list[_Blob]:
        blobs = [_Blob(n) for n in self.current if n.startswith(name_starts_with)]
        if include and "versions" in include:
            blobs += [_Blob(n, v) for (n, v) in self.versions if n.startswith(name_starts_with)]
        return blobs

    def delete_blob(self, name: str, version_id: str | None = None, **kwargs: object) -> None:
        if version_id:
            del self.versions[(name, version_id)]
        else:
            self._archive(name)


def test_purge_leaves_no_version_of_the_tenants_days_and_keeps_others() -> None:
    container = FakeVersionedContainer()
    archive = BlobEventArchive(service=None)  # type: ignore[arg-type]
    archive._container = container  # type: ignore[assignment]
    clock = FixedClock(datetime(2026, 1, 5, 12, tzinfo=UTC))
    day = date(2026, 1, 5)
    mine = build_event(EventType.USER_ACTION, tenant_id="tenant-a", source="Api", clock=clock, data={"a": 1})
    theirs = build_event(EventType.USER_ACTION, tenant_id="tenant-b", source="Api", clock=clock)
    archive.write_day("tenant-a", day, [mine])
    archive.write_day("tenant-a", day, [mine])  # a rerun: the first file is now a previous version
    archive.write_day("tenant-b", day, [theirs])
    assert archive.purge_tenant("tenant-a") == 1
    assert not [n for n in container.current if n.startswith("tenant-a/")]
    assert not [n for (n, _) in container.versions if n.startswith("tenant-a/")]
    assert list(container.current) == ["tenant-b/2026/01/05.jsonl.gz"]
