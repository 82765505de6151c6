"""``pipster jobs run NAME``: the maintenance jobs, the same services the timer triggers call."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

# name -> callable(container) returning a JSON-serialisable report of what the job did.
# Each job module adds its entry here; the timer triggers call the same services.
JOBS: dict[str, Callable[[Any], dict[str, Any]]] = {}


def _tiering(container: Any) -> dict[str, Any]:
    """Session blobs to Hot/Cool/Archive by tenant activity; the report lists every move."""
    return container.tiering.run().as_dict()


JOBS["tiering"] = _tiering


def register(groups: Any) -> None:
    parser: argparse.ArgumentParser = groups.add_parser("jobs", help="maintenance jobs")
    commands = parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    run = commands.add_parser("run", help="run one maintenance job now and print what it did")
    run.add_argument("name", choices=sorted(JOBS) or ["(none yet)"])
    run.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from shared.bootstrap import get_container

    job = JOBS.get(args.name)
    if job is None:
        print(f"unknown job {args.name!r}")
        return 2
    report = job(get_container())
    print(json.dumps(report, indent=2, default=str))
    return 0
