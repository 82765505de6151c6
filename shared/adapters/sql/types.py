"""Column types that compile to the specification's exact SQL Server types and behave alike everywhere."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import mssql
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles


class _MssqlInt(sa.types.Integer):
    """INTEGER, spelled INT on SQL Server as the spec writes it."""


@compiles(_MssqlInt, "mssql")
def _compile_int(type_: _MssqlInt, compiler: Any, **kw: Any) -> str:
    return "INT"


class _MssqlDecimal(sa.types.DECIMAL):  # type: ignore[type-arg]
    """DECIMAL(p, s) on SQL Server (the dialect would spell it NUMERIC)."""


@compiles(_MssqlDecimal, "mssql")
def _compile_decimal(type_: _MssqlDecimal, compiler: Any, **kw: Any) -> str:
    return f"DECIMAL({type_.precision}, {type_.scale})"


class _MssqlNVarcharMax(sa.types.UnicodeText):
    """NVARCHAR(MAX): the spec's spelling; never NTEXT."""


@compiles(_MssqlNVarcharMax, "mssql")
def _compile_nvarchar_max(type_: _MssqlNVarcharMax, compiler: Any, **kw: Any) -> str:
    return "NVARCHAR(MAX)"


class _MssqlTime(mssql.TIME):
    """TIME on SQL Server even before the server version is known (offline DDL would fall back to DATETIME)."""


@compiles(_MssqlTime, "mssql")
def _compile_time(type_: _MssqlTime, compiler: Any, **kw: Any) -> str:
    return "TIME"


class Int(sa.types.TypeDecorator[int]):
    """INT on SQL Server, INTEGER elsewhere."""

    impl = sa.Integer
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine[Any]:
        return dialect.type_descriptor(_MssqlInt() if dialect.name == "mssql" else sa.Integer())


class NVarcharMax(sa.types.TypeDecorator[str]):
    """NVARCHAR(MAX) on SQL Server (never the deprecated NTEXT), TEXT elsewhere."""

    impl = sa.UnicodeText
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "mssql":
            return _MssqlNVarcharMax()
        return dialect.type_descriptor(sa.UnicodeText())


class UtcDateTime(sa.types.TypeDecorator[datetime]):
    """DATETIMEOFFSET on SQL Server, timestamptz on PostgreSQL, UTC text on SQLite; always aware UTC in Python."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "mssql":
            return dialect.type_descriptor(mssql.DATETIMEOFFSET())
        return dialect.type_descriptor(sa.DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: pass a timezone-aware UTC datetime")
        value = value.astimezone(UTC)
        # SQLite has no offset type; storing UTC without it keeps text order equal to time order.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Money(sa.types.TypeDecorator[Decimal]):
    """DECIMAL(p, s) everywhere; SQLite (no native decimal) round-trips through its float, re-quantized here."""

    impl = sa.DECIMAL
    cache_ok = True

    def __init__(self, precision: int, scale: int) -> None:
        super().__init__(precision=precision, scale=scale)
        self._exp = Decimal(1).scaleb(-scale)

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine[Any]:
        impl: sa.DECIMAL[Any] = self.impl  # type: ignore[assignment]
        if dialect.name == "mssql":
            return _MssqlDecimal(impl.precision, impl.scale)
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.DECIMAL(impl.precision, impl.scale, asdecimal=False))
        return dialect.type_descriptor(sa.DECIMAL(impl.precision, impl.scale))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        return float(value) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(str(value)).quantize(self._exp)


class TimeOfDay(sa.types.TypeDecorator[time]):
    """TIME on every dialect."""

    impl = sa.Time
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "mssql":
            return _MssqlTime()  # type: ignore[no-untyped-call]  # the mssql dialect's TIME has no annotations
        return dialect.type_descriptor(sa.Time())


class _MssqlDate(mssql.DATE):
    """DATE on SQL Server even before the server version is known (offline DDL would fall back to DATETIME)."""


@compiles(_MssqlDate, "mssql")
def _compile_date(type_: _MssqlDate, compiler: Any, **kw: Any) -> str:
    return "DATE"


class Day(sa.types.TypeDecorator[date]):
    """A calendar day (DATE) on every dialect."""

    impl = sa.Date
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "mssql":
            return _MssqlDate()
        return dialect.type_descriptor(sa.Date())
