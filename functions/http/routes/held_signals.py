"""Signals held for review: the tenant lists them and approves (optionally corrected) or rejects each, once."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from pydantic import Field

from functions.http.audit import AuditedRoute
from functions.http.deps import ReviewServiceDep
from functions.http.models import PROBLEMS, ApiModel
from functions.http.routes.channels import SignalOut
from functions.http.security import PrincipalDep, TenantIdDep
from shared.domain.review import HeldSignal, HeldStatus
from shared.services.auth import Principal

router = APIRouter(prefix="/api/v1/tenants/{tenantId}/held-signals", tags=["review"], responses=PROBLEMS,
                   route_class=AuditedRoute)

HeldIdPath = Annotated[str, Path(alias="signalId", min_length=1, max_length=50, pattern=r"^[A-Za-z0-9_-]+$",
                                 examples=["hld_0123456789"])]
Price = Annotated[float, Field(gt=0, lt=1e15)]


class HeldSignalOut(ApiModel):
    id: str = Field(examples=["hld_0123456789"])
    channel_id: int = Field(examples=[-1001234567890])
    message_id: int = Field(examples=[9876543210])
    signal_index: int = Field(description="The signal's place in its message (a message may carry several)")
    signal: SignalOut
    hold_reason: str = Field(description="`low_confidence` or `channel_reviews_all`", examples=["low_confidence"])
    status: Literal["Pending", "Approved", "Rejected"]
    message_at: datetime
    created_at: datetime
    resolved_at: datetime | None = None
    resolved_by: str | None = None

    @classmethod
    def of(cls, h: HeldSignal) -> HeldSignalOut:
        return cls(id=h.id, channel_id=h.channel_id, message_id=h.message_id, signal_index=h.signal_index,
                   signal=SignalOut.model_validate(h.signal.to_json()), hold_reason=h.hold_reason.value,
                   status=h.status.value, message_at=h.message_at, created_at=h.created_at,
                   resolved_at=h.resolved_at, resolved_by=h.resolved_by)


class Corrections(ApiModel):
    """Fields to correct before trading; the rest stays as parsed."""

    symbol: Annotated[str, Field(min_length=1, max_length=30, pattern=r"^[A-Z0-9._]+$")] | None = None
    side: Literal["Buy", "Sell"] | None = None
    order_type: Literal["Market", "Limit", "Stop"] | None = None
    entry: Price | None = None
    entry_range: Annotated[list[Price], Field(min_length=2, max_length=2)] | None = None
    stop_loss: Price | None = None
    take_profits: Annotated[list[Price], Field(max_length=20)] | None = None


class ApproveIn(ApiModel):
    corrections: Corrections | None = Field(None, examples=[{"stopLoss": 2340, "takeProfits": [2360, 2375]}])


class RejectIn(ApiModel):
    note: Annotated[str, Field(max_length=500)] | None = Field(None, examples=["a results post, not a signal"])


class ApprovalOut(ApiModel):
    held_signal: HeldSignalOut
    commands: int = Field(description="Trade commands sent (one per broker)", examples=[1])


def _by(who: Principal) -> str:
    return "admin" if who.is_admin else "tenant"


@router.get("", response_model=list[HeldSignalOut], summary="Signals held for review, newest first")
def list_held_signals(
    tenant_id: TenantIdDep, review: ReviewServiceDep,
    status: Annotated[Literal["Pending", "Approved", "Rejected"] | None, Query()] = "Pending",
    limit: Annotated[int, Query(ge=1, le=200)] = 50, offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> list[HeldSignalOut]:
    found = review.page(tenant_id=tenant_id, status=HeldStatus(status) if status else None, limit=limit,
                        offset=offset)
    return [HeldSignalOut.of(h) for h in found]


@router.post("/{signalId}/approve", response_model=ApprovalOut,
             summary="Approve (optionally corrected): trade it now, unless older than maxSignalDelaySeconds")
def approve_held_signal(tenant_id: TenantIdDep, held_id: HeldIdPath, review: ReviewServiceDep, who: PrincipalDep,
                        body: ApproveIn | None = None) -> ApprovalOut:
    corrections: dict[str, Any] = {}
    if body is not None and body.corrections is not None:
        corrections = {name: getattr(body.corrections, name) for name in body.corrections.model_fields_set}
    approval = review.approve(tenant_id=tenant_id, held_id=held_id, corrections=corrections, by=_by(who))
    return ApprovalOut(held_signal=HeldSignalOut.of(approval.held), commands=approval.commands)


@router.post("/{signalId}/reject", response_model=HeldSignalOut, summary="Reject: it never trades")
def reject_held_signal(tenant_id: TenantIdDep, held_id: HeldIdPath, review: ReviewServiceDep, who: PrincipalDep,
                       body: RejectIn | None = None) -> HeldSignalOut:
    return HeldSignalOut.of(review.reject(tenant_id=tenant_id, held_id=held_id, by=_by(who),
                                          note=body.note if body else None))
