"""``pipster telegram set-webhook`` and ``pipster listen``: the Telegram intakes' operator commands."""

from __future__ import annotations

import argparse
import signal
import threading
from typing import Any


def register(groups: Any) -> None:
    parser: argparse.ArgumentParser = groups.add_parser("telegram", help="Telegram bot webhooks")
    commands = parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    webhook = commands.add_parser("set-webhook", help="point a tenant's bot at its webhook (a new secret)")
    webhook.add_argument("--tenant", required=True, help="the tenant id")
    webhook.set_defaults(handler=_set_webhook)

    listen = groups.add_parser("listen", help="run the session listener (long-running; one owner per session)")
    listen.add_argument("--tenant", action="append", default=None,
                        help="listen to this tenant only (repeatable); default: every tenant with a session")
    listen.add_argument("--for", dest="seconds", type=int, default=None,
                        help="stop after this many seconds, releasing every session (a scheduled job's run)")
    listen.set_defaults(handler=_listen)


def _set_webhook(args: argparse.Namespace) -> int:
    from shared.bootstrap import get_container
    from shared.domain.errors import DomainError
    from shared.ports.bot_api import BotApiError

    bots = get_container().telegram_bots
    try:
        bot = bots.set_webhook(tenant_id=args.tenant)
    except (BotApiError, DomainError) as exc:
        print(f"set-webhook failed: {exc}")
        return 1
    print(f"webhook of bot {bot.bot_id} set to {bots.webhook_url(bot.tenant_id)}")
    return 0


def _listen(args: argparse.Namespace) -> int:
    from shared.bootstrap import get_container
    from shared.services.listener_supervisor import ListenerSupervisor

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    if args.seconds:
        timer = threading.Timer(args.seconds, stop.set)
        timer.daemon = True
        timer.start()
    tenants = list(args.tenant) if args.tenant else None
    supervisor = ListenerSupervisor(get_container().listener, (lambda: tenants) if tenants else None)
    supervisor.run(stop)
    return 0
