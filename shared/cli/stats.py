"""``pipster stats rebuild``, ``pipster stats fold`` and ``pipster replay``: the statistics recomputed, the
statistics feed counted now (what the ``statistics_fold`` timer does), and a what-if from the console."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from decimal import Decimal
from typing import Any

from shared.domain.changes import UNSET
from shared.domain.channel import ChannelChanges
from shared.domain.enums import PositionSizingMode
from shared.domain.errors import DomainError, ValidationError
from shared.domain.trading import TradingChanges


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("give a UTC offset (e.g. 2026-03-01T00:00:00Z)")
    return moment


def register(groups: Any) -> None:
    parser: argparse.ArgumentParser = groups.add_parser("stats", help="per-channel statistics")
    commands = parser.add_subparsers(dest="command", required=True, metavar="SUBCOMMAND")
    rebuild = commands.add_parser("rebuild", help="recompute a tenant's statistics from its trades and events")
    rebuild.add_argument("--tenant", required=True)
    rebuild.add_argument("--signals-since", type=_moment, help="recount signal events from here (default: the "
                                                               "event retention, 90 days)")
    rebuild.set_defaults(handler=_rebuild)
    fold = commands.add_parser("fold", help="count what the statistics feed holds now (the timer does it every "
                                            "few seconds)")
    fold.set_defaults(handler=_fold)

    replay = groups.add_parser("replay", help="re-run a channel's recorded messages under a candidate config")
    replay.add_argument("--tenant", required=True)
    replay.add_argument("--channel", required=True, type=int, help="the Telegram channel id")
    replay.add_argument("--from", dest="since", required=True, type=_moment)
    replay.add_argument("--to", dest="until", required=True, type=_moment)
    replay.add_argument("--pattern", help="candidate channel pattern (RE2; empty string: the built-in parser)")
    replay.add_argument("--trading", help="candidate trading changes as JSON with the domain's field names, e.g. "
                                          '\'{"blacklisted_symbols": [], "auto_execute_enabled": true}\' (sessions: '
                                          "use the API)")
    replay.add_argument("--offset", type=int, default=0)
    replay.add_argument("--limit", type=int, default=100)
    replay.set_defaults(handler=_replay)


def _rebuild(args: argparse.Namespace) -> int:
    from shared.bootstrap import get_container

    try:
        report = get_container().stats_rebuilder.rebuild(tenant_id=args.tenant, signals_since=args.signals_since)
    except DomainError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"tenant {report.tenant_id}: {report.signal_facts} signal events since "
          f"{report.signals_since.isoformat()}, {report.trades} trades, {report.days} channel-days")
    return 0


def _fold(_args: argparse.Namespace) -> int:
    from shared.bootstrap import get_container

    print(json.dumps(get_container().stats_fold.run().as_dict()))
    return 0


def _replay(args: argparse.Namespace) -> int:
    from shared.bootstrap import get_container

    try:
        trading = _trading_changes(args.trading) if args.trading else None
        channel = None if args.pattern is None else ChannelChanges(channel_name=UNSET, regex_pattern=args.pattern)
        result = get_container().replay.replay(
            tenant_id=args.tenant, channel_id=args.channel, since=args.since, until=args.until, channel=channel,
            trading=trading, offset=args.offset, limit=args.limit)
    except DomainError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for item in result.items:
        m = item.message
        sys.stdout.write(json.dumps({
            "messageId": m.message_id, "at": m.at.isoformat(), "recorded": m.recorded.outcome.value,
            "current": [item.current.outcome.value, item.current.rule],
            "candidate": [item.candidate.outcome.value, item.candidate.rule], "changed": item.changed,
        }, ensure_ascii=False) + "\n")
    summary = {"total": result.total, "changed": result.changed, "withoutText": result.without_text,
               "current": result.current, "candidate": result.candidate,
               "candidateRejections": result.candidate_rejections, "nextOffset": result.next_offset}
    print(json.dumps(summary), file=sys.stderr)
    return 0


def _trading_changes(raw: str) -> TradingChanges:
    """``--trading``: field names as ``TradingChanges`` has them; the configuration validates the values."""
    try:
        given = json.loads(raw)
    except ValueError:
        raise ValidationError("--trading", "is not JSON") from None
    if not isinstance(given, dict):
        raise ValidationError("--trading", "must be a JSON object")
    values: dict[str, Any] = {}
    for name, value in given.items():
        if name not in _TRADING_FIELDS:
            raise ValidationError(f"--trading.{name}", f"is not one of {', '.join(sorted(_TRADING_FIELDS))}")
        if name == "sizing_mode":
            try:
                value = PositionSizingMode[str(value).upper().replace("PERCENTEQUITY", "PERCENT_EQUITY")]
            except KeyError:
                raise ValidationError("--trading.sizing_mode", "must be Fixed or PercentEquity") from None
        elif isinstance(value, list):
            value = tuple(value)
        elif isinstance(value, float):  # by its shortest repr: 0.1 is 0.1 (whole numbers stay whole)
            value = Decimal(str(value))
        values[name] = value
    return TradingChanges(**values)


_TRADING_FIELDS = frozenset(TradingChanges.__dataclass_fields__) - {"session"}
