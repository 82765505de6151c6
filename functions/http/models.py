"""Shared pieces of the API's pydantic models: camelCase JSON, enums by name."""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from shared.domain.enums import SubscriptionPlan, TenantStatus

NO_CONTROL_CHARS = r"^[^\x00-\x1f]*$"
PlanName = Literal["Free", "Basic", "Pro", "Enterprise"]
StatusName = Literal["Active", "Inactive", "Suspended"]
E = TypeVar("E", bound=Enum)


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


def problem_response(description: str) -> dict[str, Any]:
    schema = Problem.model_json_schema()
    return {"description": description, "content": {"application/problem+json": {"schema": schema}}}


PROBLEMS: dict[int | str, dict[str, Any]] = {
    400: problem_response("Malformed request body"),
    401: problem_response("Missing, unknown or revoked key"),
    403: problem_response("The key may not perform this operation"),
    404: problem_response("No such resource (or another tenant's)"),
    409: problem_response("Conflict with the current state"),
    413: problem_response("Request body too large"),
    422: problem_response("Invalid request; `field` names the first offending field"),
    429: {**problem_response("Over the rate limit of the key or the client address"),
          "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}}},
    500: problem_response("Unexpected failure (logged)"),
}


def plan_name(plan: SubscriptionPlan) -> PlanName:
    return plan.name.capitalize()  # type: ignore[return-value]


def plan_value(name: PlanName) -> SubscriptionPlan:
    return SubscriptionPlan[name.upper()]


def status_name(status: TenantStatus) -> StatusName:
    return status.name.capitalize()  # type: ignore[return-value]


def status_value(name: StatusName) -> TenantStatus:
    return TenantStatus[name.upper()]


def pascal(name: str) -> str:
    """An enum member's name as the API spells it: IG_MARKETS -> IgMarkets."""
    return "".join(part.capitalize() for part in name.split("_"))


def by_pascal(enum: type[E], value: str) -> E:
    return next(member for member in enum if pascal(member.name) == value)
