"""``pipster db``: schema migrations and the offline DDL a DBA reviews."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from shared.adapters.sql import migrate


def register(groups: Any) -> None:
    parser: argparse.ArgumentParser = groups.add_parser("db", help="relational store: migrations and DDL")
    commands = parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")

    up = commands.add_parser("upgrade", help="apply Alembic migrations up to head on PIPSTER_SQL_URL")
    up.add_argument("--revision", default="head")
    up.set_defaults(handler=_upgrade)

    ddl = commands.add_parser("ddl", help="print CREATE TABLE / CREATE INDEX statements, offline")
    ddl.add_argument("--dialect", required=True, choices=sorted(migrate.DIALECTS))
    ddl.set_defaults(handler=_ddl)


def _upgrade(args: argparse.Namespace) -> int:
    from shared.adapters.sql.engine import safe_url
    from shared.bootstrap import build_database
    from shared.settings import get_settings

    settings = get_settings()
    database = build_database(settings)
    try:
        revision = migrate.upgrade(database.engine, args.revision)
    finally:
        database.dispose()
    print(f"database {safe_url(settings.database_url)} is at revision {revision}")
    return 0


def _ddl(args: argparse.Namespace) -> int:
    sys.stdout.write(migrate.ddl(args.dialect))
    return 0
