"""One Alembic migration compiled offline for a dialect (Azure SQL: no SQL Server runs here)."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.operations import Operations

from shared.adapters.sql import migrate


def compiled(version_file: str, step: str, dialect: str = "mssql") -> str:
    """The SQL that ``step`` ("upgrade" or "downgrade") of ``versions/<version_file>`` would run."""
    path = Path(migrate.MIGRATIONS) / "versions" / version_file
    spec = importlib.util.spec_from_file_location(f"migration_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = io.StringIO()
    context = MigrationContext.configure(dialect_name=dialect, opts={"as_sql": True, "output_buffer": out})
    with Operations.context(context):
        getattr(module, step)()
    return out.getvalue()
