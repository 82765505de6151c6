"""Per-channel statistics from what actually happened: one channel over a range of UTC days, or every
channel of the tenant (one row each). Definitions: docs/statistics.md."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import Field

from functions.http.deps import StatsServiceDep
from functions.http.models import PROBLEMS, ApiModel
from functions.http.routes.channels import ChannelIdPath
from functions.http.security import TenantIdDep
from shared.domain.stats import ChannelStats

router = APIRouter(prefix="/api/v1/tenants/{tenantId}", tags=["statistics"], responses=PROBLEMS)

From = Annotated[date | None, Query(alias="from", description="First UTC day, inclusive (default: the first)")]
To = Annotated[date | None, Query(alias="to", description="Last UTC day, inclusive (default: the last)")]


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class ChannelStatsOut(ApiModel):
    channel_id: int = Field(examples=[-1001234567890])
    signals_received: int
    signals_traded: int
    signals_rejected: int
    rejected_by_rule: dict[str, int] = Field(examples=[{"session": 3, "blacklist": 1}])
    signals_held: int
    not_a_signal: int
    trades_opened: int
    trades_closed: int
    trades_cancelled: int
    wins: int
    losses: int
    win_rate: float | None = Field(description="wins / closed trades; null without a closed trade", examples=[0.55])
    realized_pnl: float = Field(description="Sum of closed trades' realised P&L (the venue's currency)")
    average_r: float | None = Field(description="Mean P&L / money at risk at entry, over trades with a stop")
    profit_factor: float | None = Field(description="Gross profit / gross loss; null without a loss")
    max_drawdown: float = Field(description="Deepest fall of the closed-trade equity curve from a peak")
    average_delay_seconds: float | None = Field(description="Mean of first fill - message time")

    @classmethod
    def of(cls, s: ChannelStats) -> ChannelStatsOut:
        c = s.counts
        return cls(channel_id=s.channel_id or 0, signals_received=c.signals_received, signals_traded=c.signals_traded,
                   signals_rejected=c.signals_rejected, rejected_by_rule=c.rejected_by_rule,
                   signals_held=c.signals_held, not_a_signal=c.not_a_signal, trades_opened=c.trades_opened,
                   trades_closed=c.trades_closed, trades_cancelled=c.trades_cancelled, wins=c.wins, losses=c.losses,
                   win_rate=_float(s.win_rate), realized_pnl=float(s.realized_pnl), average_r=_float(s.average_r),
                   profit_factor=_float(s.profit_factor), max_drawdown=float(s.max_drawdown),
                   average_delay_seconds=_float(s.average_delay_seconds))


class StatsPageOut(ApiModel):
    items: list[ChannelStatsOut]


@router.get("/channels/{channelId}/stats", response_model=ChannelStatsOut,
            summary="One channel's statistics over a range of UTC days")
def channel_stats(tenant_id: TenantIdDep, channel_id: ChannelIdPath, stats: StatsServiceDep,
                  since: From = None, until: To = None) -> ChannelStatsOut:
    return ChannelStatsOut.of(stats.channel(tenant_id=tenant_id, channel_id=channel_id, since=since, until=until))


@router.get("/stats", response_model=StatsPageOut, summary="Every channel's statistics, one row each")
def all_stats(tenant_id: TenantIdDep, stats: StatsServiceDep, since: From = None, until: To = None) -> StatsPageOut:
    return StatsPageOut(items=[ChannelStatsOut.of(s) for s in stats.all_channels(tenant_id=tenant_id, since=since,
                                                                                  until=until)])
