"""``pipster keys``: the data-encryption key's versions, rotation and re-encryption of stored secrets."""

from __future__ import annotations

import argparse
import json
from typing import Any

from shared.services.key_rotation import DEFAULT_BATCH_SIZE


def register(groups: Any) -> None:
    parser: argparse.ArgumentParser = groups.add_parser("keys", help="data-encryption keys: status, rotate, reencrypt")
    commands = parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")

    status = commands.add_parser("status", help="list key versions (never their material) and envelopes left behind")
    status.set_defaults(handler=_status)

    rotate = commands.add_parser(
        "rotate", help="add a key version when the current one is older than PIPSTER_KEY_ROTATION_DAYS")
    rotate.add_argument("--force", action="store_true", help="rotate now, whatever the current version's age")
    rotate.set_defaults(handler=_rotate)

    reencrypt = commands.add_parser("reencrypt", help="rewrite every stored envelope under the current key version")
    reencrypt.add_argument("--batch-size", type=_positive, default=DEFAULT_BATCH_SIZE, help="rows per transaction")
    reencrypt.add_argument("--max-batches", type=_positive, default=None,
                           help="stop after this many batches (a later run resumes)")
    reencrypt.set_defaults(handler=_reencrypt)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _container() -> Any:
    from shared.bootstrap import get_container

    return get_container()


def _print(report: dict[str, Any]) -> None:
    print(json.dumps(report, indent=2, default=str))


def _status(args: argparse.Namespace) -> int:
    _print(_container().key_rotation.status())
    return 0


def _rotate(args: argparse.Namespace) -> int:
    _print(_container().key_rotation.rotate(force=args.force).as_dict())
    return 0


def _reencrypt(args: argparse.Namespace) -> int:
    report = _container().key_rotation.reencrypt(batch_size=args.batch_size, max_batches=args.max_batches)
    _print(report.as_dict())
    return 0 if not report.unreadable else 1
