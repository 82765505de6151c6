"""What-if over recorded messages: the outcomes, and what the pipeline decided when a message came, read
back from its events. No I/O, no state."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from shared.domain.channel import ChannelConfiguration
from shared.domain.events import Event
from shared.domain.signal import ParsedSignal
from shared.domain.stat_facts import HELD_EVENT, message_time

# Whether a parsed signal is held for review on this channel, and why (None: not held). The pipeline's own
# rule (``hold_reason(signal, channel)``) has this shape; its reason's string value is reported.
HoldRule = Callable[[ParsedSignal, ChannelConfiguration], object | None]


class Outcome(StrEnum):
    OPENED = "opened"
    REJECTED = "rejected"
    HELD = "held"
    NOT_A_SIGNAL = "notASignal"


@dataclass(frozen=True, slots=True)
class Verdict:
    outcome: Outcome
    rule: str | None = None  # rejected: the rule; held / not a signal: the reason
    detail: str = ""


@dataclass(frozen=True, slots=True)
class RecordedMessage:
    """A message as its events keep it: text, time, and what the pipeline decided then."""

    message_id: int
    at: datetime
    text: str
    recorded: Verdict


def recorded_messages(events: Iterable[Event], channel_id: int) -> tuple[list[RecordedMessage], int]:
    """The channel's messages (oldest first) from their pipeline events, and how many had no text (recorded
    before the text was kept). A message's recorded verdict: held if held, else rejected (the first rule,
    in time) if rejected, else not a signal, else opened."""
    grouped: dict[int, list[Event]] = {}
    for event in events:
        data = event.data
        if data.get("channelId") == channel_id and type(data.get("messageId")) is int:
            grouped.setdefault(data["messageId"], []).append(event)
    found, without_text = [], 0
    for message_id, group in grouped.items():
        group.sort(key=lambda e: (e.timestamp, e.id))
        text = next((e.data["text"] for e in group if isinstance(e.data.get("text"), str)), None)
        if text is None:
            without_text += 1
            continue
        found.append(RecordedMessage(message_id, message_time(group[0]), text, _recorded(group)))
    found.sort(key=lambda m: (m.at, m.message_id))
    return found, without_text


def _recorded(group: list[Event]) -> Verdict:
    types = {str(e.type): e for e in reversed(group)}  # the earliest of each type wins
    if HELD_EVENT in types:
        data = types[HELD_EVENT].data
        return Verdict(Outcome.HELD, _text(data.get("holdReason", data.get("reason"))))
    if "SignalRejected" in types:
        data = types["SignalRejected"].data
        return Verdict(Outcome.REJECTED, _text(data.get("rule")), _text(data.get("detail")) or "")
    if "NotASignal" in types:
        return Verdict(Outcome.NOT_A_SIGNAL, _text(types["NotASignal"].data.get("reason")))
    return Verdict(Outcome.OPENED)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
