"""``pipster jobs run NAME``: the maintenance jobs, through the same runner the timer triggers use."""

from __future__ import annotations

import argparse
import json
from typing import Any

from shared.services.maintenance import JOBS


def register(groups: Any) -> None:
    parser: argparse.ArgumentParser = groups.add_parser("jobs", help="maintenance jobs")
    commands = parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    run = commands.add_parser("run", help="run one maintenance job now and print what it did")
    run.add_argument("name", choices=sorted(JOBS))
    run.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from shared.bootstrap import get_container
    report = get_container().jobs.run(args.name)
    print(json.dumps(report, indent=2, default=str))
    return 0
