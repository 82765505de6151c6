"""Per-channel statistics: the facts they count, one UTC day's summary, and a range's metrics. Pure.

A *fact* (``StatEntry``) is one thing that happened once: a signal event, a trade's first fill, its
final close, its cancellation. Facts are keyed (``entry_id``) so recording one twice counts it once. A
day's summary (``DayStats``) is a fold of that day's facts; a range's figures (``ChannelStats``) are a
fold of its days. Every figure is a sum except the closed-trade equity curve, which is kept per day as
(net, highest point, lowest point, deepest drawdown) from the day's start: those four combine exactly
across days, so the range's max drawdown never needs the trades themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

ZERO = Decimal(0)


class FactKind(StrEnum):
    RECEIVED = "received"  # SignalReceived: a message parsed as a signal
    REJECTED = "rejected"  # SignalRejected (with its rule)
    HELD = "held"  # SignalHeld: kept for a person to review
    NOT_A_SIGNAL = "not_a_signal"  # NotASignal
    OPENED = "opened"  # a trade's first fill
    CLOSED = "closed"  # a filled trade with nothing left open or resting
    CANCELLED = "cancelled"  # a trade that ended without any fill (cancelled, expired or refused)


@dataclass(frozen=True, slots=True)
class StatEntry:
    """One counted fact. ``at`` orders closes within a day (ties by ``entry_id``); ``day`` is its UTC date."""

    tenant_id: str
    entry_id: str
    channel_id: int
    kind: FactKind
    at: datetime
    message_key: str | None = None
    rule: str | None = None  # rejected: the rule
    traded: bool = False  # received: the message opened at least one trade
    pnl: Decimal | None = None  # closed: realised P&L of the whole trade
    risk: Decimal | None = None  # closed: money at risk at entry (units x stop distance at fill); None: no stop
    delay_ms: int | None = None  # opened: first fill minus the message's time

    @property
    def day(self) -> date:
        return self.at.date()


@dataclass(frozen=True, slots=True)
class Curve:
    """A stretch of the closed-trade equity curve, measured from its own start (0).

    ``high``/``low``: the highest and lowest running totals (0 included); ``drawdown``: the deepest fall
    from a running peak. Two stretches in order combine exactly (``then``)."""

    net: Decimal = ZERO
    high: Decimal = ZERO
    low: Decimal = ZERO
    drawdown: Decimal = ZERO

    def add(self, pnl: Decimal) -> Curve:
        net = self.net + pnl
        return Curve(net, max(self.high, net), min(self.low, net), max(self.drawdown, self.high - net))

    def then(self, later: Curve) -> Curve:
        return Curve(
            net=self.net + later.net,
            high=max(self.high, self.net + later.high),
            low=min(self.low, self.net + later.low),
            drawdown=max(self.drawdown, later.drawdown, self.high - (self.net + later.low)),
        )


@dataclass(frozen=True, slots=True)
class Counts:
    """The additive part of the statistics (a day's, or a range's)."""

    signals_received: int = 0
    signals_traded: int = 0
    signals_rejected: int = 0
    signals_held: int = 0
    not_a_signal: int = 0
    trades_opened: int = 0
    trades_closed: int = 0
    trades_cancelled: int = 0
    wins: int = 0
    losses: int = 0
    gross_profit: Decimal = ZERO
    gross_loss: Decimal = ZERO  # a positive amount
    r_sum: Decimal = ZERO
    r_count: int = 0
    delay_ms_sum: int = 0
    delay_count: int = 0
    rejected_by_rule: dict[str, int] = field(default_factory=dict)

    def plus(self, other: Counts) -> Counts:
        rules = dict(self.rejected_by_rule)
        for rule, n in other.rejected_by_rule.items():
            rules[rule] = rules.get(rule, 0) + n
        return Counts(**{name: getattr(self, name) + getattr(other, name) for name in _ADDITIVE},
                      rejected_by_rule=rules)


_ADDITIVE = tuple(name for name in Counts.__dataclass_fields__ if name != "rejected_by_rule")
_R_PLACES = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class DayStats:
    tenant_id: str
    channel_id: int
    day: date
    counts: Counts
    curve: Curve


def fold_day(tenant_id: str, channel_id: int, day: date, entries: Iterable[StatEntry]) -> DayStats:
    """The day's summary from its facts (any order: closes are put in time order here)."""
    counts, closes = Counts(), []
    by_rule: dict[str, int] = {}
    for e in entries:
        if e.kind is FactKind.RECEIVED:
            counts = replace(counts, signals_received=counts.signals_received + 1,
                             signals_traded=counts.signals_traded + int(e.traded))
        elif e.kind is FactKind.REJECTED:
            counts = replace(counts, signals_rejected=counts.signals_rejected + 1)
            by_rule[e.rule or "unknown"] = by_rule.get(e.rule or "unknown", 0) + 1
        elif e.kind is FactKind.HELD:
            counts = replace(counts, signals_held=counts.signals_held + 1)
        elif e.kind is FactKind.NOT_A_SIGNAL:
            counts = replace(counts, not_a_signal=counts.not_a_signal + 1)
        elif e.kind is FactKind.OPENED:
            delayed = e.delay_ms is not None
            counts = replace(counts, trades_opened=counts.trades_opened + 1,
                             delay_ms_sum=counts.delay_ms_sum + (e.delay_ms or 0),
                             delay_count=counts.delay_count + int(delayed))
        elif e.kind is FactKind.CANCELLED:
            counts = replace(counts, trades_cancelled=counts.trades_cancelled + 1)
        elif e.kind is FactKind.CLOSED:
            closes.append(e)
    curve = Curve()
    for e in sorted(closes, key=lambda c: (c.at, c.entry_id)):
        pnl = e.pnl or ZERO
        curve = curve.add(pnl)
        has_r = e.risk is not None and e.risk > 0
        counts = replace(
            counts, trades_closed=counts.trades_closed + 1, wins=counts.wins + int(pnl > 0),
            losses=counts.losses + int(pnl < 0), gross_profit=counts.gross_profit + max(pnl, ZERO),
            gross_loss=counts.gross_loss + max(-pnl, ZERO),
            r_sum=counts.r_sum + (r_multiple(pnl, e.risk) if has_r and e.risk is not None else ZERO),
            r_count=counts.r_count + int(has_r))
    return DayStats(tenant_id, channel_id, day, replace(counts, rejected_by_rule=dict(sorted(by_rule.items()))),
                    curve)


def r_multiple(pnl: Decimal, risk: Decimal) -> Decimal:
    """P&L in units of the money at risk at entry, to 4 places (so sums are the same on every store)."""
    return (pnl / risk).quantize(_R_PLACES)


@dataclass(frozen=True, slots=True)
class ChannelStats:
    """A range of days for one channel (or, with ``channel_id`` None, every channel), with the metrics."""

    channel_id: int | None
    since: date | None
    until: date | None
    counts: Counts
    curve: Curve

    @property
    def realized_pnl(self) -> Decimal:
        return self.curve.net

    @property
    def max_drawdown(self) -> Decimal:
        return self.curve.drawdown

    @property
    def win_rate(self) -> Decimal | None:
        """Wins / closed trades (a breakeven is not a win); None without a closed trade."""
        closed = self.counts.trades_closed
        return None if closed == 0 else (Decimal(self.counts.wins) / closed).quantize(_R_PLACES)

    @property
    def profit_factor(self) -> Decimal | None:
        """Gross profit / gross loss; None without a loss (it would be infinite or undefined)."""
        if self.counts.gross_loss == 0:
            return None
        return (self.counts.gross_profit / self.counts.gross_loss).quantize(_R_PLACES)

    @property
    def average_r(self) -> Decimal | None:
        """Mean R over closed trades that had a stop at entry."""
        c = self.counts
        return None if c.r_count == 0 else (c.r_sum / c.r_count).quantize(_R_PLACES)

    @property
    def average_delay_seconds(self) -> Decimal | None:
        """Mean of (first fill - message time) over opened trades whose message time is known."""
        c = self.counts
        return None if c.delay_count == 0 else (Decimal(c.delay_ms_sum) / c.delay_count / 1000).quantize(
            Decimal("0.001"))


def combine(days: Iterable[DayStats], *, channel_id: int | None, since: date | None = None,
            until: date | None = None) -> ChannelStats:
    """A range's statistics from its days. The curve is chained in day order; channels of one day are
    chained in channel order (closes of different channels on one day are not interleaved by time)."""
    counts, curve = Counts(), Curve()
    for d in sorted(days, key=lambda d: (d.day, d.channel_id)):
        counts, curve = counts.plus(d.counts), curve.then(d.curve)
    return ChannelStats(channel_id, since, until, counts, curve)


def chain(curves: Iterable[Curve]) -> Curve:
    """Stretches of the curve, given in time order, as one."""
    whole = Curve()
    for curve in curves:
        whole = whole.then(curve)
    return whole
