"""Shared pieces of the API's pydantic models: camelCase JSON, enums by name."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from shared.domain.enums import SubscriptionPlan, TenantStatus

PlanName = Literal["Free", "Basic", "Pro", "Enterprise"]
StatusName = Literal["Active", "Inactive", "Suspended"]


class ApiModel(BaseModel):
    """Request and response bodies: camelCase on the wire, unknown fields refused."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


def plan_name(plan: SubscriptionPlan) -> PlanName:
    return plan.name.capitalize()  # type: ignore[return-value]


def plan_value(name: PlanName) -> SubscriptionPlan:
    return SubscriptionPlan[name.upper()]


def status_name(status: TenantStatus) -> StatusName:
    return status.name.capitalize()  # type: ignore[return-value]


def status_value(name: StatusName) -> TenantStatus:
    return TenantStatus[name.upper()]
