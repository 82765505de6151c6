"""Shared pieces of the API's pydantic models: camelCase JSON, enums by name."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from shared.domain.enums import SubscriptionPlan, TenantStatus

NO_CONTROL_CHARS = r"^[^\x00-\x1f]*$"
PlanName = Literal["Free", "Basic", "Pro", "Enterprise"]
StatusName = Literal["Active", "Inactive", "Suspended"]


class ApiModel(BaseModel):
    """Request and response bodies: camelCase on the wire, unknown fields refused."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class Problem(BaseModel):
    """RFC 9457 problem details; ``field`` names the offending field when there is one."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    field: str | None = None
    errors: list[dict[str, str]] | None = None


def _problem(description: str) -> dict[str, Any]:
    schema = Problem.model_json_schema()
    return {"description": description, "content": {"application/problem+json": {"schema": schema}}}


PROBLEMS: dict[int | str, dict[str, Any]] = {
    400: _problem("Malformed request body"),
    401: _problem("Missing, unknown or revoked key"),
    403: _problem("The key may not perform this operation"),
    404: _problem("No such resource (or another tenant's)"),
    409: _problem("Conflict with the current state"),
    413: _problem("Request body too large"),
    422: _problem("Invalid request; `field` names the first offending field"),
    500: _problem("Unexpected failure (logged)"),
}


def plan_name(plan: SubscriptionPlan) -> PlanName:
    return plan.name.capitalize()  # type: ignore[return-value]


def plan_value(name: PlanName) -> SubscriptionPlan:
    return SubscriptionPlan[name.upper()]


def status_name(status: TenantStatus) -> StatusName:
    return status.name.capitalize()  # type: ignore[return-value]


def status_value(name: StatusName) -> TenantStatus:
    return TenantStatus[name.upper()]
