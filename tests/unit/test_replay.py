"""Replay's pure parts: what a message's events say was decided, and the decision under a configuration."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shared.clock import FixedClock
from shared.domain.channel import ChannelConfiguration
from shared.domain.events import Event, EventType, build_event
from shared.domain.replay import Outcome, Verdict, recorded_messages
from shared.domain.trading import TradingConfiguration, TradingSession
from shared.parsing import SignalParser
from shared.services.replay import ReplayedMessage, verdict

AT = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)  # a Monday
TENANT, CHANNEL = "ten_replay", -1001
GOLD = "BUY XAUUSD @ 2350.5\nSL 2340\nTP1 2360"


def event(kind: EventType, message_id: int, *, seconds: int = 0, channel: int = CHANNEL, text: str | None = GOLD,
          **data: object) -> Event:
    clock = FixedClock(AT + timedelta(seconds=seconds))
    body = {"channelId": channel, "messageId": message_id, "messageAt": AT - timedelta(minutes=message_id), **data}
    if text is not None:
        body["text"] = text
    return build_event(kind, tenant_id=TENANT, source="SignalPipeline", clock=clock,
                       event_id=f"evt_{kind.value}_{message_id}_{data.get('rule', '')}", data=body)


def test_the_recorded_decision_reads_the_messages_events() -> None:
    events = [
        event(EventType.SIGNAL_RECEIVED, 1),
        event(EventType.SIGNAL_RECEIVED, 2), event(EventType.SIGNAL_REJECTED, 2, seconds=1, rule="session"),
        event(EventType.SIGNAL_REJECTED, 2, seconds=2, rule="no_broker"),
        event(EventType.NOT_A_SIGNAL, 3, text="hello", reason="no side"),
        event(EventType.SIGNAL_RECEIVED, 4, channel=-1002),  # another channel
        event(EventType.SIGNAL_RECEIVED, 6), event(EventType.SIGNAL_REJECTED, 6, seconds=1, rule="session"),
        event(EventType.NOT_A_SIGNAL, 6, seconds=2, reason="second half"),
        event(EventType.SIGNAL_RECEIVED, 7),
        event(EventType.SIGNAL_HELD, 7, seconds=1, heldSignalId="hs_1", holdReason="low_confidence"),
        event(EventType.SIGNAL_RECEIVED, 5, text=None),  # recorded before texts were kept
    ]
    messages, without_text = recorded_messages(events, CHANNEL)
    assert without_text == 1
    assert [m.message_id for m in messages] == [7, 6, 3, 2, 1]  # oldest message time first
    by_id = {m.message_id: m for m in messages}
    assert by_id[1].recorded == Verdict(Outcome.OPENED)
    assert by_id[2].recorded.outcome is Outcome.REJECTED and by_id[2].recorded.rule == "session"  # the first rule
    assert by_id[3].recorded == Verdict(Outcome.NOT_A_SIGNAL, "no side") and by_id[3].text == "hello"
    assert by_id[1].at == AT - timedelta(minutes=1)
    assert by_id[7].recorded == Verdict(Outcome.HELD, "low_confidence")
    assert by_id[6].recorded.rule == "session"  # a rejection outranks a not-a-signal of the same message


def test_a_configuration_decides_the_way_the_pipeline_does() -> None:
    parser = SignalParser()
    channel = ChannelConfiguration(id="chn_1", tenant_id=TENANT, channel_id=CHANNEL, created_at=AT)
    trading = TradingConfiguration(id="tc_1", tenant_id=TENANT, created_at=AT, auto_execute_enabled=True)
    assert verdict(parser, GOLD, AT, channel, trading) == Verdict(Outcome.OPENED)
    assert verdict(parser, "good morning", AT, channel, trading).outcome is Outcome.NOT_A_SIGNAL
    blacklisted = TradingConfiguration(id="tc_1", tenant_id=TENANT, created_at=AT, auto_execute_enabled=True,
                                       blacklisted_symbols=("XAUUSD",))
    assert verdict(parser, GOLD, AT, channel, blacklisted).rule == "blacklist"
    night = TradingConfiguration(id="tc_1", tenant_id=TENANT, created_at=AT, auto_execute_enabled=True,
                                 session=TradingSession(start=datetime(2026, 1, 1, 22).time(),
                                                        end=datetime(2026, 1, 1, 6).time()))
    assert verdict(parser, GOLD, AT, channel, night).rule == "session"
    assert verdict(parser, GOLD, AT, channel, None).rule == "no_trading_configuration"
    held = verdict(parser, GOLD, AT, channel, trading, hold=lambda signal, channel: "low_confidence")
    assert held == Verdict(Outcome.HELD, "low_confidence")
    # A tenant's rule refuses before any hold (as in the pipeline).
    assert verdict(parser, GOLD, AT, channel, blacklisted, hold=lambda s, c: "low_confidence").rule == "blacklist"
    crossed = "BUY XAUUSD @ 2350.5\nSL 2360\nTP1 2340"  # levels on the wrong sides: the parse's doubt
    assert verdict(parser, crossed, AT, channel, trading).rule == "invalid_levels"
    assert verdict(parser, crossed, AT, channel, trading, hold=lambda s, c: "levels").outcome is Outcome.HELD
    patterned = ChannelConfiguration(id="chn_1", tenant_id=TENANT, channel_id=CHANNEL, created_at=AT,
                                     regex_pattern=r"(?P<side>SELL) (?P<symbol>[A-Z]{6})")
    assert verdict(parser, GOLD, AT, patterned, trading).outcome is Outcome.NOT_A_SIGNAL


def test_a_change_is_another_outcome_or_another_rejecting_rule() -> None:
    message = recorded_messages([event(EventType.SIGNAL_RECEIVED, 1)], CHANNEL)[0][0]

    def changed(current: Verdict, candidate: Verdict) -> bool:
        return ReplayedMessage(message, current, candidate).changed

    assert changed(Verdict(Outcome.OPENED), Verdict(Outcome.REJECTED, "session"))
    assert changed(Verdict(Outcome.REJECTED, "session"), Verdict(Outcome.REJECTED, "blacklist"))
    assert not changed(Verdict(Outcome.NOT_A_SIGNAL, "no side"), Verdict(Outcome.NOT_A_SIGNAL, "no levels"))
    assert not changed(Verdict(Outcome.OPENED), Verdict(Outcome.OPENED))
