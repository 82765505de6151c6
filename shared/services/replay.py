"""Replay (what-if): a channel's recorded messages through the parser and the rules, under the tenant's
configuration as it is and under a candidate. Reads only: nothing is placed, stored or appended.

The messages come from the pipeline's own events (SignalReceived, SignalRejected, NotASignal, SignalHeld
carry the text and the message time), so replay sees what the tenant's retention keeps (90 days) and
nothing more. At most ``MAX_MESSAGES`` per call: a longer range is refused, naming ``to``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from shared.clock import Clock
from shared.domain import rules
from shared.domain.channel import ChannelChanges, ChannelConfiguration
from shared.domain.decision import INVALID_LEVELS, Rejected, decide
from shared.domain.errors import NotFoundError, ValidationError
from shared.domain.events import EventType
from shared.domain.replay import HoldRule, Outcome, RecordedMessage, Verdict, recorded_messages
from shared.domain.signal import NotASignal
from shared.domain.sizing import size_order
from shared.domain.stat_facts import SIGNAL_EVENT_TYPES
from shared.domain.trading import TradingChanges, TradingConfiguration
from shared.parsing import SignalParser
from shared.ports.events import AbstractEventStore
from shared.ports.repositories import AbstractRepositories

MAX_MESSAGES = 5000
PAGE_MAX = 500
_QUERY_TYPES = [t for t in SIGNAL_EVENT_TYPES if t in EventType._value2member_map_]


@dataclass(frozen=True, slots=True)
class ReplayedMessage:
    message: RecordedMessage
    current: Verdict  # today's configuration
    candidate: Verdict

    @property
    def changed(self) -> bool:
        """Another outcome, or a rejection by another rule (a reason worded otherwise is no change)."""
        current, candidate = self.current, self.candidate
        return current.outcome is not candidate.outcome or (
            current.outcome is Outcome.REJECTED and current.rule != candidate.rule)


@dataclass(frozen=True, slots=True)
class ReplayResult:
    total: int  # messages with text in the range
    without_text: int  # recorded before messages kept their text: not replayed
    changed: int
    recorded: dict[str, int]  # outcome counts: what happened
    current: dict[str, int]  # under today's configuration
    candidate: dict[str, int]
    candidate_rejections: dict[str, int]  # by rule
    items: list[ReplayedMessage]  # this page
    next_offset: int | None


class ReplayService:
    def __init__(self, events: AbstractEventStore, repositories: AbstractRepositories, parser: SignalParser,
                 clock: Clock, hold: HoldRule | None = None) -> None:
        self._events = events
        self._repositories = repositories
        self._parser = parser
        self._clock = clock
        self._hold = hold

    def replay(self, *, tenant_id: str, channel_id: int, since: datetime, until: datetime,
               channel: ChannelChanges | None = None, trading: TradingChanges | None = None, offset: int = 0,
               limit: int = 100) -> ReplayResult:
        tenant_id = rules.entity_id("tenant_id", tenant_id)
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= PAGE_MAX:
            raise ValidationError("limit", f"must be from 1 to {PAGE_MAX}")
        if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
            raise ValidationError("offset", "must be 0 or more")
        live = self._repositories.channels.get_by_tenant_and_channel(tenant_id=tenant_id, channel_id=channel_id)
        if live is None:
            raise NotFoundError("channel", str(channel_id), field="channelId")
        now = self._clock.now()
        # Copies: the candidate is applied to them, never to anything a cache or another reader holds.
        candidate_channel = dataclasses.replace(live)
        if channel is not None:
            candidate_channel.apply(channel, now)
        current_trading = self._repositories.trading.get_by_tenant_id(tenant_id=tenant_id)
        candidate_trading = current_trading
        if trading is not None:
            if current_trading is None:
                raise NotFoundError("trading configuration", tenant_id, field="trading")
            candidate_trading = current_trading.apply(trading, now)
        messages, without_text = self._messages(tenant_id, channel_id, since, until)
        replayed = [ReplayedMessage(m, verdict(self._parser, m.text, m.at, live, current_trading, self._hold),
                                    verdict(self._parser, m.text, m.at, candidate_channel, candidate_trading,
                                            self._hold)) for m in messages]
        end = offset + limit
        return ReplayResult(
            total=len(replayed), without_text=without_text, changed=sum(r.changed for r in replayed),
            recorded=_count(r.message.recorded for r in replayed), current=_count(r.current for r in replayed),
            candidate=_count(r.candidate for r in replayed),
            candidate_rejections=dict(sorted(Counter(r.candidate.rule or "" for r in replayed
                                                     if r.candidate.outcome is Outcome.REJECTED).items())),
            items=replayed[offset:end], next_offset=end if end < len(replayed) else None)

    def _messages(self, tenant_id: str, channel_id: int, since: datetime, until: datetime
                  ) -> tuple[list[RecordedMessage], int]:
        seen: set[int] = set()
        kept = []
        for event in self._events.iter_events(tenant_id=tenant_id, since=since, until=until, types=_QUERY_TYPES):
            message_id = event.data.get("messageId")
            if event.data.get("channelId") != channel_id or type(message_id) is not int:
                continue
            seen.add(message_id)
            if len(seen) > MAX_MESSAGES:
                raise ValidationError("to", f"the range holds more than {MAX_MESSAGES} messages: narrow it")
            kept.append(event)
        return recorded_messages(kept, channel_id)


def verdict(parser: SignalParser, text: str, at: datetime, channel: ChannelConfiguration,
            trading: TradingConfiguration | None, hold: HoldRule | None = None) -> Verdict:
    """The decision the pipeline's pure steps reach for ``text`` received at ``at``: parse with the channel's
    pattern, the hold rule, the tenant's rules (``decide``), fixed sizing. Checks that need a broker or live
    state (percent-of-equity sizing, slippage, exposure, open trades, daily loss) are not replayed."""
    pattern = channel.regex_pattern
    # A pattern of its own cache key: a candidate pattern must not replace the live one in the parser's cache.
    key = f"replay:{hashlib.sha256(pattern.encode()).hexdigest()[:16]}" if pattern else ""
    parsed = parser.parse(text, pattern=pattern, channel_key=key, vocabulary=channel.vocabulary)
    if isinstance(parsed, NotASignal):
        return Verdict(Outcome.NOT_A_SIGNAL, parsed.reason)
    if trading is None:
        return Verdict(Outcome.REJECTED, "no_trading_configuration", "tenant has no trading rules")
    decision = decide(parsed, trading, at)
    why = None if hold is None else hold(parsed, channel)
    # As the pipeline: the tenant's rules refuse for good; levels that cannot be right are the parse's doubt,
    # which a person may correct, so such a signal is held rather than refused.
    if isinstance(decision, Rejected) and (why is None or decision.rule != INVALID_LEVELS):
        return Verdict(Outcome.REJECTED, decision.rule, decision.detail)
    if why is not None:
        return Verdict(Outcome.HELD, str(getattr(why, "value", why)))
    if trading.fixed_units is not None:
        sized = size_order(trading)
        if isinstance(sized, Rejected):
            return Verdict(Outcome.REJECTED, sized.rule, sized.detail)
    return Verdict(Outcome.OPENED)


def _count(verdicts: Iterable[Verdict]) -> dict[str, int]:
    counts = Counter(v.outcome.value for v in verdicts)
    return {outcome.value: counts.get(outcome.value, 0) for outcome in Outcome}
