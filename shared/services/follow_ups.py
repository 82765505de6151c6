"""Follow-ups: a message about trades the channel already signalled, turned into trade commands.

Linking (the channel's ``followUpLinking``): ``reply`` acts only on the trades the replied-to message
opened; ``replyOrSymbol`` also takes a message that is no reply to the newest trades (Pending or Open)
from the channel on the one symbol the message names, opened within ``followUpWindowHours``. A
follow-up that links to nothing, or whose actions find nothing to act on, records ``FollowUpIgnored``
with the reason; "TP1 hit" and result talk record ``FollowUpNoted``. An action the message says not to take ("no
need to close") or to take only when something happens ("close half if it reaches 2360") is not taken: the
follow-up records ``FollowUpIgnored`` with ``follow_up_negated`` or ``follow_up_conditional``; so is one asked
as a question or left to the reader ("Close half? Up to you": ``follow_up_optional``).

While the daily loss limit holds, only actions that reduce risk run (close, cancel, stop to entry). A new stop
or target far out of a trade's scale is not applied to it (``implausible_price``).
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

from shared.domain.decision import finer_than_stored
from shared.domain.events import EventType
from shared.domain.messages import TradeAction, TradeActionKind
from shared.domain.signal import PRICE_PLACES
from shared.domain.trade import LegStatus, Trade
from shared.parsing.followups import FollowUp, FollowUpAction, FollowUpKind, Withheld
from shared.parsing.symbols import ALIASES
from shared.ports.repositories import AbstractRepositories
from shared.services.daily_loss import RULE as DAILY_LOSS
from shared.services.daily_loss import ConnectorFor, DailyLossGuard
from shared.services.pipeline_record import Inbound, PipelineOutcome, PipelineRecorder, result
from shared.services.trade_commands import action_command, live_legs

_TOKENS = re.compile(r"[^\W_]+(?:[._][^\W_]+)*")
_WINDOW_PAGE = 200
_SCALE = Decimal(3)
IMPLAUSIBLE = "implausible_price"
_WITHHELD = {
    Withheld.NEGATED: "the message names an action and says not to take it (or not yet): nothing is done",
    Withheld.CONDITIONAL: "the message names an action for when something happens: nothing is done now",
    Withheld.OPTIONAL: "the message asks, or leaves the action to the reader: nothing is done",
}


def reduces_risk(action: FollowUpAction) -> bool:
    return action.kind in (FollowUpKind.CLOSE, FollowUpKind.CANCEL) or (
        action.kind is FollowUpKind.MOVE_STOP and action.to_entry)


def implausible_price(action: FollowUpAction, trade: Trade) -> str | None:
    """Why a new stop or target cannot be this trade's ("move SL to 2,345" misread as 2.345 under gold at
    2350), or None: a price more than three times away from the trade's own first level is another market's
    number, a typo or a misreading, and moving a stop there would as good as remove it; a price finer than a
    stored one is not rounded behind the channel's back."""
    if action.price is None:
        return None
    if finer_than_stored(action.price):
        return f"{action.price} has more than {PRICE_PLACES} decimal places"
    levels = [p for leg in trade.legs for p in (leg.entry_fill, leg.requested_entry, leg.stop_loss, leg.take_profit)
              if p is not None]
    if not levels or levels[0] / _SCALE <= action.price <= levels[0] * _SCALE:
        return None
    return f"{action.price} is far from trade {trade.id}'s levels (near {levels[0]})"


def trade_action(action: FollowUpAction, trade: Trade) -> TradeAction | None:
    """What ``action`` does to ``trade``, or None when the trade has nothing it applies to."""
    open_legs, pending = live_legs(trade, LegStatus.OPEN), live_legs(trade, LegStatus.PENDING)
    if action.kind is FollowUpKind.MOVE_STOP:
        if not open_legs and not pending:
            return None
        return TradeAction(TradeActionKind.MODIFY, trade.id, to_entry=action.to_entry,
                           stop_loss=None if action.to_entry else action.price)
    if action.kind is FollowUpKind.CLOSE:
        # "close all" also withdraws entries still resting; a part closes only what is open
        if not open_legs and (action.percent is not None or not pending):
            return None
        return TradeAction(TradeActionKind.CLOSE, trade.id, percent=action.percent)
    if action.kind is FollowUpKind.CANCEL:
        return TradeAction(TradeActionKind.CANCEL, trade.id) if pending else None
    leg = None if action.target is None else action.target - 1
    if leg is not None and leg not in open_legs + pending:
        return None
    if leg is None and not open_legs and not pending:
        return None
    return TradeAction(TradeActionKind.MODIFY, trade.id, leg=leg, take_profit=action.price)


class FollowUpHandler:
    def __init__(self, *, repositories: AbstractRepositories, recorder: PipelineRecorder, guard: DailyLossGuard,
                 connector_for: ConnectorFor) -> None:
        self._repositories = repositories
        self._recorder = recorder
        self._guard = guard
        self._connector_for = connector_for

    def handle(self, inbound: Inbound, follow_up: FollowUp) -> dict[str, Any]:
        trades, reason, detail = self._link(inbound)
        if not trades:
            return self._recorder.ignored(inbound, reason, detail)
        ids = [t.id for t in trades]
        if follow_up.note is not None:
            self._recorder.emit(EventType.FOLLOW_UP_NOTED, inbound.message, inbound.correlation, {
                "note": follow_up.note.value, "targetReached": follow_up.target_reached, "tradeIds": ids})
        if follow_up.withheld is not None:
            return self._recorder.ignored(inbound, follow_up.withheld.value, _WITHHELD[follow_up.withheld],
                                          tradeIds=ids)
        if follow_up.informational:
            return result(PipelineOutcome.NOTED)
        halted = None
        if not all(reduces_risk(a) for a in follow_up.actions):
            halted = self._halted(inbound, trades)
        commands: list[str] = []
        implausible = False
        message = inbound.message
        for i, action in enumerate(follow_up.actions):
            if halted is not None and not reduces_risk(action):
                self._recorder.ignored(inbound, DAILY_LOSS, halted, action=action.kind.value, tradeIds=ids)
                continue
            for trade in trades:
                off = implausible_price(action, trade)
                if off is not None:
                    self._recorder.ignored(inbound, IMPLAUSIBLE, off, action=action.kind.value, tradeIds=[trade.id])
                    implausible = True
                    continue
                wanted = trade_action(action, trade)
                if wanted is not None:
                    commands.append(action_command(
                        trade, wanted, key=message.key, label=f"{action.kind.value}.{i}",
                        correlation_id=inbound.correlation, received_at=message.timestamp,
                        message_id=message.message_id).to_json())
        if not commands:
            if halted is not None or implausible:
                return result(PipelineOutcome.IGNORED)
            return self._recorder.ignored(inbound, "nothing_to_act_on",
                                          "the linked trades have no leg this follow-up applies to", tradeIds=ids)
        return result(PipelineOutcome.FOLLOW_UP, commands)

    def _link(self, inbound: Inbound) -> tuple[list[Trade], str, str]:
        message, channel = inbound.message, inbound.channel
        trades = self._repositories.trades
        if message.reply_to_message_id is not None:
            parent = f"{message.tenant_id}:{message.channel_id}:{message.reply_to_message_id}"
            linked = trades.get_by_message(tenant_id=message.tenant_id, message_key=parent)
            if linked:
                return linked, "", ""
            if channel.follow_up_linking.value == "reply":
                return [], "parent_opened_no_trade", f"message {message.reply_to_message_id} opened no trade"
        elif channel.follow_up_linking.value == "reply":
            return [], "not_a_reply", "the channel links follow-ups by reply only and this message replies to none"
        since = self._recorder.now() - timedelta(hours=channel.follow_up_window_hours)
        symbols = self._named_symbols(inbound)
        if len(symbols) != 1:
            why = "names no symbol of an open trade" if not symbols else f"names several symbols {sorted(symbols)}"
            return [], "no_symbol" if not symbols else "ambiguous_symbol", f"the message {why}"
        (symbol,) = symbols
        linked = trades.newest_open_on_symbol(tenant_id=message.tenant_id, channel_id=message.channel_id,
                                              symbol=symbol, since=since)
        if not linked:
            return [], "no_open_trade_on_symbol", (f"no pending or open {symbol} trade from this channel in the "
                                                   f"last {channel.follow_up_window_hours} h")
        return linked, "", ""

    def _named_symbols(self, inbound: Inbound) -> set[str]:
        """The symbols of the channel's active trades that the message names as a word."""
        message = inbound.message
        words = set(_TOKENS.findall(message.content.upper().replace("/", "")))
        words |= {ALIASES[w] for w in words if w in ALIASES}  # "gold" names XAUUSD as a signal would
        active: set[str] = set()
        for status in (LegStatus.OPEN, LegStatus.PENDING):
            active.update(t.symbol for t in self._repositories.trades.page(
                tenant_id=message.tenant_id, status=status, channel_id=message.channel_id, limit=_WINDOW_PAGE))
        return active & words

    def _halted(self, inbound: Inbound, trades: list[Trade]) -> str | None:
        brokers = []
        for broker_id in sorted({t.broker_connection_id for t in trades}):
            broker = self._repositories.brokers.get_by_id(tenant_id=inbound.tenant.id, broker_id=broker_id)
            if broker is not None and broker.is_active:
                brokers.append(broker)
        return self._guard.halted(inbound, brokers, self._connector_for)
