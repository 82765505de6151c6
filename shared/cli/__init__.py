"""The ``pipster`` operator console: one module per command group, each adding its subparser."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from types import ModuleType

from shared.cli import backup, db, events, jobs, keys, poison, stats, telegram

# Each group module exposes ``register(subparsers)``; its handlers return a process exit code.
GROUPS: list[ModuleType] = [db, jobs, backup, keys, events, poison, stats, telegram]


def _groups() -> list[ModuleType]:
    """The operator's commands, plus ``serve`` and ``demo`` where the (never deployed) dev tools are installed."""
    try:
        from devtools.cli import GROUPS as DEV_GROUPS
    except ImportError:
        return GROUPS
    return [*GROUPS, *DEV_GROUPS]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pipster", description="Pipster backbone operations")
    parser.add_argument("-v", "--verbose", action="store_true", help="log at DEBUG level")
    groups = parser.add_subparsers(dest="group", required=True, metavar="COMMAND")
    for group in _groups():
        group.register(groups)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # The Azure SDKs log every HTTP request at INFO; an operator needs their warnings, not the traffic.
    logging.getLogger("azure").setLevel(logging.WARNING)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
