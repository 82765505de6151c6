"""What a maintenance job reports: named values, read like a mapping, recorded as JSON."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, eq=False)  # Mapping's equality: a report equals the dict of its values
class JobReport(Mapping[str, Any]):
    """A maintenance job's report: named values, read like a mapping, recorded as JSON."""

    job: str
    details: Mapping[str, Any] = field(default_factory=dict)  # not ``values``: Mapping.values() stays

    def __getitem__(self, key: str) -> Any:
        return self.as_dict()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.as_dict())

    def __len__(self) -> int:
        return len(self.details) + 1

    def as_dict(self) -> dict[str, Any]:
        return {"job": self.job, **self.details}
