"""``pipster backup``: list backups and restore one (spec: RTO < 1 hour)."""

from __future__ import annotations

import argparse
import json
from typing import Any


def register(groups: Any) -> None:
    parser: argparse.ArgumentParser = groups.add_parser("backup", help="SQL backups in Blob Storage")
    commands = parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    commands.add_parser("list", help="complete backups, newest first").set_defaults(handler=_list)
    restore = commands.add_parser("restore", help="restore a backup into an empty database")
    restore.add_argument("backup_id", metavar="ID")
    restore.add_argument("--force", action="store_true", help="replace the rows of a non-empty database")
    restore.set_defaults(handler=_restore)


def _list(args: argparse.Namespace) -> int:
    from shared.bootstrap import get_container

    for info in get_container().backups.complete():
        print(f"{info.id}  revision {info.schema_revision}  {sum(info.rows.values()):>9} rows  {info.bytes:>11} bytes")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from shared.bootstrap import get_container
    from shared.domain.errors import DomainError

    try:
        report = get_container().backups.restore(args.backup_id, force=args.force)
    except DomainError as exc:
        print(f"restore refused: {exc}")
        return 1
    print(json.dumps(report, indent=2))
    return 0
