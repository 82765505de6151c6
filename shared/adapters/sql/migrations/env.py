"""Alembic environment: runs against the connection handed in by ``shared.adapters.sql.migrate``."""

from __future__ import annotations

from alembic import context

from shared.adapters.sql.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only via `alembic` CLI, which we do not use
    raise RuntimeError("run migrations through `pipster db upgrade`")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
