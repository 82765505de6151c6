"""``pipster events``: read a tenant's audit trail from the store, or one archived day back from Blob."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta
from typing import Any

from shared.domain.errors import DomainError


def register(groups: Any) -> None:
    parser: argparse.ArgumentParser = groups.add_parser("events", help="audit trail: list events, read archives")
    commands = parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")

    listing = commands.add_parser("list", help="a tenant's events from the store, newest first, as JSON lines")
    listing.add_argument("--tenant", required=True)
    listing.add_argument("--days", type=int, default=1, help="how many days back from now (default 1)")
    listing.add_argument("--type", action="append", dest="types", help="only this event type (repeatable)")
    listing.set_defaults(handler=_list)

    archived = commands.add_parser("archived", help="one archived UTC day of a tenant, as JSON lines")
    archived.add_argument("--tenant", required=True)
    archived.add_argument("--day", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
    archived.set_defaults(handler=_archived)


def _print(events: Any) -> None:
    for event in events:
        sys.stdout.write(json.dumps(event.to_document(), ensure_ascii=False) + "\n")


def _list(args: argparse.Namespace) -> int:
    from shared.bootstrap import get_container

    container = get_container()
    now = container.clock.now()
    try:
        _print(container.events.iter_events(
            tenant_id=args.tenant, since=now - timedelta(days=args.days), until=now + timedelta(seconds=1),
            types=args.types,
        ))
    except DomainError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _archived(args: argparse.Namespace) -> int:
    from shared.bootstrap import get_container

    try:
        _print(get_container().event_archiver.read_day(args.tenant, args.day))
    except DomainError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
