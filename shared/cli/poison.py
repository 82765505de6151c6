"""``pipster poison``: inspect and replay messages the host moved to ``<queue>-poison``.

A replayed message goes back to its queue unchanged: the body still carries the message's own identity
(tenant, channel and message ids, or the trade command's client order id), so the pipeline's idempotency
and the brokers' client order ids keep a replay from acting twice.
"""

from __future__ import annotations

import argparse
import base64
from typing import Any

QUEUES = ("telegram-messages", "trade-commands")


def register(groups: Any) -> None:
    parser: argparse.ArgumentParser = groups.add_parser("poison", help="poison queues: list and replay")
    commands = parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    listing = commands.add_parser("list", help="show what waits in a poison queue")
    listing.add_argument("queue", choices=QUEUES)
    listing.set_defaults(handler=_list)
    replay = commands.add_parser("replay", help="move poisoned messages back to their queue")
    replay.add_argument("queue", choices=QUEUES)
    replay.add_argument("--max", type=int, default=32, help="at most this many messages (default 32)")
    replay.set_defaults(handler=_replay)


def _clients(queue: str) -> tuple[Any, Any]:
    from shared.adapters.storage import queue_service
    from shared.settings import get_settings

    service = queue_service(get_settings())
    return service.get_queue_client(queue), service.get_queue_client(f"{queue}-poison")


def _list(args: argparse.Namespace) -> int:
    _, poison = _clients(args.queue)
    for message in poison.peek_messages(max_messages=32):
        body = base64.b64decode(message.content).decode(errors="replace")
        print(f"{message.id}  inserted {message.inserted_on:%Y-%m-%d %H:%M:%S}  {body[:160]}")
    return 0


def _replay(args: argparse.Namespace) -> int:
    queue, poison = _clients(args.queue)
    moved = 0
    while moved < args.max:
        batch = list(poison.receive_messages(max_messages=min(32, args.max - moved), visibility_timeout=60))
        if not batch:
            break
        for message in batch:
            queue.send_message(message.content)  # send first: a crash here duplicates, never loses
            poison.delete_message(message)
            moved += 1
    print(f"replayed {moved} message(s) from {args.queue}-poison to {args.queue}")
    return 0
