"""SELECTs compiled once per dialect, for the hot-path reader; INSERTs the same, for the trade write.

A SQLAlchemy ``Connection.execute`` costs ~60 us per call on this hardware against ~8 us for the
statement itself on SQLite (``make bench``), almost all of it per-call execution bookkeeping. The
hot path reads three rows per message, so its statements are compiled once here and run straight
on the DBAPI cursor, with SQLAlchemy's own bind and result processors applied: the same SQL and
the same Python values as ``Connection.execute``, without the per-call work.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar, cast

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

_Compiled = TypeVar("_Compiled")


class CompiledQuery:
    """One statement's SQL text, parameter order and processors for one dialect."""

    def __init__(self, statement: sa.Select[Any], dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql: str = compiled.string
        self._positional: tuple[str, ...] | None = tuple(compiled.positiontup) if compiled.positiontup else None
        # Values bound in the statement itself (e.g. ``Status == 1``); callers supply the rest.
        self._defaults: dict[str, Any] = {k: v for k, v in compiled.params.items() if v is not None}
        # SQLAlchemy types the processors as one callable or a sequence (tuples); Select parameters are scalars.
        self._bind: dict[str, Callable[[Any], Any]] = cast(
            "dict[str, Callable[[Any], Any]]", dict(compiled._bind_processors))  # noqa: SLF001
        self._dialect = dialect
        self._types = [c.type for c in statement.selected_columns]
        self._row: Any = namedtuple("Row", [c.key for c in statement.selected_columns])  # type: ignore[misc]  # names known only at run time
        # Resolved from the first cursor description: some drivers' processors depend on the column's type code.
        self._result: list[Callable[[Any], Any] | None] | None = None
        self._needs_processing = True

    def arguments(self, params: Mapping[str, Any]) -> Any:
        merged = {**self._defaults, **params} if self._defaults else params
        bound = {k: (self._bind[k](v) if k in self._bind else v) for k, v in merged.items()}
        return bound if self._positional is None else tuple(bound[name] for name in self._positional)

    def rows(self, cursor: Any, raw: Sequence[Any]) -> list[Any]:
        if self._result is None:
            codes = [d[1] for d in cursor.description]
            self._result = [t._cached_result_processor(self._dialect, code) for t, code in zip(self._types, codes, strict=True)]  # noqa: SLF001,E501
            self._needs_processing = any(p is not None for p in self._result)
        return [self.row(r) for r in raw]

    def row(self, raw: tuple[Any, ...]) -> Any:
        if not self._needs_processing:
            return self._row._make(raw)
        assert self._result is not None
        return self._row._make([v if p is None or v is None else p(v) for p, v in zip(self._result, raw, strict=True)])


class _PerDialect(Generic[_Compiled]):
    """One statement, compiled on first use for each dialect that runs it (``compiler`` says how)."""

    def __init__(self, compiler: Callable[[Dialect], _Compiled]) -> None:
        self._compile = compiler
        self._compiled: dict[str, _Compiled] = {}

    def for_dialect(self, dialect: Dialect) -> _Compiled:
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            compiled = self._compiled[dialect.name] = self._compile(dialect)
        return compiled


class PreparedQuery(_PerDialect[CompiledQuery]):
    """A module-level SELECT that the reader runs without per-call compilation or execution overhead."""

    def __init__(self, statement: sa.Select[Any]) -> None:
        super().__init__(lambda dialect: CompiledQuery(statement, dialect))
        self.statement = statement


def prepared(statement: sa.Select[Any]) -> PreparedQuery:
    return PreparedQuery(statement)


class CompiledInsert:
    """An INSERT of every column of a table, for one dialect: its SQL text, parameter order and processors."""

    def __init__(self, statement: sa.Insert, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql: str = compiled.string
        self._positional: tuple[str, ...] | None = tuple(compiled.positiontup) if compiled.positiontup else None
        self._bind: dict[str, Callable[[Any], Any]] = cast(
            "dict[str, Callable[[Any], Any]]", dict(compiled._bind_processors))  # noqa: SLF001

    def arguments(self, row: Mapping[str, Any]) -> Any:
        bound = {k: (self._bind[k](v) if k in self._bind else v) for k, v in row.items()}
        return bound if self._positional is None else tuple(bound[name] for name in self._positional)


class PreparedInsert(_PerDialect[CompiledInsert]):
    """A table's full-row INSERT, run as one ``executemany`` on the DBAPI cursor inside a unit of work (the
    trade write's rows: the same SQL and values as ``Connection.execute(table.insert(), rows)``, without its
    per-call work). Every row names every column."""

    def __init__(self, table: sa.Table) -> None:
        statement = table.insert()
        super().__init__(lambda dialect: CompiledInsert(statement, dialect))
        self.statement = statement
        self.columns = frozenset(c.key for c in table.columns)
