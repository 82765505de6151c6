"""Replay (what-if): a channel's recorded messages re-run under today's configuration and a candidate one.
Nothing is placed, stored or appended."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import Field

from functions.http.deps import ReplayServiceDep
from functions.http.models import PROBLEMS, ApiModel, Instant
from functions.http.routes.channels import ChannelPatch, TelegramChannelId, channel_changes
from functions.http.routes.trading import TradingPatch, trading_changes
from functions.http.security import TenantIdDep
from shared.domain.replay import Verdict
from shared.services.replay import PAGE_MAX, ReplayedMessage

router = APIRouter(prefix="/api/v1/tenants/{tenantId}", tags=["replay"], responses=PROBLEMS)


class ReplayIn(ApiModel):
    channel_id: TelegramChannelId
    from_: Instant = Field(alias="from", description="ISO 8601 with an offset; inclusive")
    to: Instant = Field(description="Exclusive")
    channel: ChannelPatch | None = Field(None, description="Candidate channel changes (as PATCH .../channels/{id})")
    trading: TradingPatch | None = Field(None, description="Candidate trading changes (as PATCH .../trading-config)")
    offset: Annotated[int, Field(ge=0)] = 0
    limit: Annotated[int, Field(ge=1, le=PAGE_MAX)] = 100


class VerdictOut(ApiModel):
    outcome: str = Field(examples=["rejected"])
    rule: str | None = Field(None, description="The rule (rejected) or the reason (held, not a signal)",
                             examples=["session"])
    detail: str = ""

    @classmethod
    def of(cls, v: Verdict) -> VerdictOut:
        return cls(outcome=v.outcome.value, rule=v.rule, detail=v.detail)


class ReplayedOut(ApiModel):
    message_id: int
    at: datetime
    text: str
    recorded: VerdictOut = Field(description="What the pipeline decided when the message came")
    current: VerdictOut = Field(description="Today's configuration, re-run")
    candidate: VerdictOut
    changed: bool = Field(description="current and candidate differ")

    @classmethod
    def of(cls, r: ReplayedMessage) -> ReplayedOut:
        m = r.message
        return cls(message_id=m.message_id, at=m.at, text=m.text, recorded=VerdictOut.of(m.recorded),
                   current=VerdictOut.of(r.current), candidate=VerdictOut.of(r.candidate), changed=r.changed)


class ReplayOut(ApiModel):
    total: int
    without_text: int = Field(description="Messages recorded before their text was kept: not replayed")
    changed: int
    recorded: dict[str, int]
    current: dict[str, int]
    candidate: dict[str, int]
    candidate_rejections: dict[str, int]
    items: list[ReplayedOut]
    next_offset: int | None = Field(description="Pass as `offset` for the next page; null: last page")


@router.post("/replay", response_model=ReplayOut,
             summary="Re-run a channel's recorded messages under a candidate configuration (changes nothing)")
def replay(tenant_id: TenantIdDep, body: ReplayIn, service: ReplayServiceDep) -> ReplayOut:
    result = service.replay(
        tenant_id=tenant_id, channel_id=body.channel_id, since=body.from_, until=body.to,
        channel=None if body.channel is None else channel_changes(body.channel),
        trading=None if body.trading is None else trading_changes(body.trading), offset=body.offset,
        limit=body.limit)
    return ReplayOut(total=result.total, without_text=result.without_text, changed=result.changed,
                     recorded=result.recorded, current=result.current, candidate=result.candidate,
                     candidate_rejections=result.candidate_rejections,
                     items=[ReplayedOut.of(r) for r in result.items], next_offset=result.next_offset)
