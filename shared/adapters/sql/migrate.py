"""Schema management: Alembic upgrades and offline DDL, without an alembic.ini on disk."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.dialects import mssql, postgresql, sqlite
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.schema import CreateIndex, CreateTable

from shared.adapters.sql.schema import metadata

logger = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
DIALECTS: dict[str, type[Dialect]] = {
    "mssql": mssql.dialect,
    "postgresql": postgresql.dialect,
    "sqlite": sqlite.dialect,
}


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Apply migrations up to ``revision``; returns the revision the database is at afterwards."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    now = current_revision(engine)
    logger.info("database at revision %s", now)
    return now


def ddl(dialect_name: str) -> str:
    """The schema's CREATE TABLE and CREATE INDEX statements for a dialect, compiled offline."""
    try:
        dialect = DIALECTS[dialect_name]()
    except KeyError:
        raise ValueError(f"dialect must be one of {sorted(DIALECTS)}") from None
    statements: list[str] = []
    for table in metadata.sorted_tables:
        statements.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        for index in sorted(table.indexes, key=lambda i: i.name or ""):
            statements.append(str(CreateIndex(index).compile(dialect=dialect)).strip())
    text = ";\n\n".join(statements) + ";\n"
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def table_names() -> list[str]:
    return [t.name for t in metadata.sorted_tables]

