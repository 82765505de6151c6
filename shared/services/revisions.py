"""Edits and deletions of a channel message (each revision is claimed once, by its revision key).

Edits (``editPolicy``: ``apply`` default, ``ignore``): the trades the message opened follow the new text,
leg by leg: the stop, each leg's target (the leg's place among the written targets, as the split made
it), and the entry while the leg still rests. A trade's symbol and side never change: an edit that
changes them is ignored. An edit that turns a message that opened nothing into a signal opens the trade
as a new signal would (under the original message's key, so replies find it), and the same rules
apply, ``stale`` included: the age is the original message's.

Deletions (``deletePolicy``: ``cancelPending`` default, ``ignore``): the message's resting legs are
cancelled; an open position is never closed by a deletion.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shared.domain.events import EventType
from shared.domain.messages import TradeAction, TradeActionKind
from shared.domain.signal import NotASignal, OrderType, ParsedSignal
from shared.domain.trade import LegStatus, Trade, TradeLeg
from shared.domain.trade_rules import TakeProfitStrategy
from shared.parsing import SignalParser
from shared.ports.repositories import AbstractRepositories
from shared.services.pipeline_record import Inbound, PipelineOutcome, PipelineRecorder, result
from shared.services.signal_intake import SignalIntake
from shared.services.trade_commands import action_command, live_legs


class RevisionHandler:
    def __init__(self, *, repositories: AbstractRepositories, parser: SignalParser, intake: SignalIntake,
                 recorder: PipelineRecorder) -> None:
        self._repositories = repositories
        self._parser = parser
        self._intake = intake
        self._recorder = recorder

    def deleted(self, inbound: Inbound) -> dict[str, Any]:
        message = inbound.message
        if inbound.channel.delete_policy.value == "ignore":
            return self._recorder.ignored(inbound, "delete_policy_ignore", "the channel ignores deletions")
        trades = self._opened_by(inbound)
        if not trades:
            return self._recorder.ignored(inbound, "opened_no_trade", "the deleted message opened no trade")
        commands = [action_command(trade, TradeAction(TradeActionKind.CANCEL, trade.id), key=message.key,
                                   label="cancel.deleted", correlation_id=inbound.correlation,
                                   received_at=message.timestamp, message_id=message.message_id).to_json()
                    for trade in trades if live_legs(trade, LegStatus.PENDING)]
        if not commands:
            return self._recorder.ignored(inbound, "no_pending_leg",
                                          "nothing rests: an open position is never closed by a deletion",
                                          tradeIds=[t.id for t in trades])
        return result(PipelineOutcome.FOLLOW_UP, commands)

    def edited(self, inbound: Inbound) -> dict[str, Any]:
        message, channel = inbound.message, inbound.channel
        if channel.edit_policy.value == "ignore":
            return self._recorder.ignored(inbound, "edit_policy_ignore", "the channel ignores edits")
        parsed = self._parser.parse(message.content, pattern=channel.regex_pattern, channel_key=channel.id)
        trades = self._opened_by(inbound)
        if not trades:
            if isinstance(parsed, NotASignal):
                self._recorder.emit(EventType.NOT_A_SIGNAL, message, inbound.correlation, {"reason": parsed.reason})
                return result(PipelineOutcome.NOT_A_SIGNAL)
            return self._intake.open(inbound, parsed, message_key=message.original_key)
        if isinstance(parsed, NotASignal):
            return self._recorder.ignored(inbound, "edit_not_a_signal", f"the edited text is no signal: "
                                                                         f"{parsed.reason}")
        if (parsed.symbol, parsed.side.value) != (trades[0].symbol, trades[0].side):
            return self._recorder.ignored(inbound, "edit_changes_symbol_or_side",
                                          "a trade's symbol and side never change")
        self._recorder.emit(EventType.SIGNAL_RECEIVED, message, inbound.correlation,
                            {**parsed.to_json(), "edit": True})
        strategy = inbound.trading.take_profit_strategy if inbound.trading else TakeProfitStrategy.EVEN
        commands = []
        for trade in trades:
            for leg in trade.legs:
                action = _leg_edit(trade, leg, parsed, strategy)
                if action is not None:
                    commands.append(action_command(
                        trade, action, key=message.key, label=f"edit.{leg.index}", correlation_id=inbound.correlation,
                        received_at=message.timestamp, message_id=message.message_id).to_json())
        if not commands:
            return self._recorder.ignored(inbound, "edit_changes_nothing",
                                          "no level of a pending or open leg changed")
        return result(PipelineOutcome.FOLLOW_UP, commands)

    def _opened_by(self, inbound: Inbound) -> list[Trade]:
        return self._repositories.trades.get_by_message(tenant_id=inbound.tenant.id,
                                                        message_key=inbound.message.original_key)


def _leg_edit(trade: Trade, leg: TradeLeg, parsed: ParsedSignal, strategy: TakeProfitStrategy
              ) -> TradeAction | None:
    """The levels of ``leg`` that the new text changes (entry only while the leg rests)."""
    if leg.status not in (LegStatus.PENDING, LegStatus.OPEN):
        return None
    stop = parsed.stop_loss if parsed.stop_loss is not None and parsed.stop_loss != leg.stop_loss else None
    target: Decimal | None = None
    targets = parsed.take_profits[:1] if strategy is TakeProfitStrategy.FIRST else parsed.take_profits
    if leg.index < len(targets) and targets[leg.index] != leg.take_profit:
        target = targets[leg.index]
    entry = None
    if (leg.status is LegStatus.PENDING and leg.order_type != "Market"
            and parsed.order_type is not OrderType.MARKET and parsed.reference_price is not None
            and parsed.reference_price != leg.requested_entry):
        entry = parsed.reference_price
    if stop is None and target is None and entry is None:
        return None
    return TradeAction(TradeActionKind.MODIFY, trade.id, leg=leg.index, stop_loss=stop, take_profit=target,
                       entry=entry)
