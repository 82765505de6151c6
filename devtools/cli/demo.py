"""``pipster demo``: the whole backbone end to end in a throwaway folder (see ``devtools.demo``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(groups: Any) -> None:
    parser: argparse.ArgumentParser = groups.add_parser("demo", help="run the end-to-end demo and print a timeline")
    parser.add_argument("--app-dir", type=Path, default=Path("."), help="folder holding function_app.py")
    parser.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> int:
    from devtools.demo import run

    return run(args.app_dir.resolve())
