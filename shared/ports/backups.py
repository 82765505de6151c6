"""The two sides of a logical backup: where the files go, and the database they come from and return to."""

from __future__ import annotations

import abc
from collections.abc import Callable, Mapping
from dataclasses import dataclass


class AbstractBackupFiles(abc.ABC):
    """A flat store of named files (``{backupId}/{file}``)."""

    @abc.abstractmethod
    def put(self, name: str, data: bytes) -> None: ...

    @abc.abstractmethod
    def get(self, name: str) -> bytes | None:
        """The file's bytes, or None when there is no such file."""

    @abc.abstractmethod
    def names(self) -> list[str]: ...

    @abc.abstractmethod
    def delete(self, name: str) -> None: ...


@dataclass(frozen=True, slots=True)
class TableDump:
    table: str
    payload: bytes  # gzip of JSON Lines, one row a line, in primary-key order
    rows: int


class AbstractBackupSource(abc.ABC):
    """The relational store as a backup sees it: one consistent snapshot out, every table back in."""

    @property
    @abc.abstractmethod
    def dialect(self) -> str: ...

    @abc.abstractmethod
    def dump(self, each: Callable[[TableDump], None]) -> str:
        """Hand every table to ``each``, all read from one consistent snapshot; returns the schema revision."""

    @abc.abstractmethod
    def current_revision(self) -> str | None:
        """The database's schema revision; None for an empty database."""

    @abc.abstractmethod
    def load(self, payloads: Mapping[str, bytes], *, revision: str, force: bool) -> dict[str, int]:
        """Every table's rows in one transaction; refuses a non-empty database unless ``force``."""
