"""Shared pieces of the API's pydantic models: camelCase JSON, enums by name."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from shared.domain import rules
from shared.domain.enums import SubscriptionPlan, TenantStatus
from shared.domain.errors import ValidationError

NO_CONTROL_CHARS = r"^[^\x00-\x1f]*$"
PlanName = Literal["Free", "Basic", "Pro", "Enterprise"]
StatusName = Literal["Active", "Inactive", "Suspended"]
E = TypeVar("E", bound=Enum)
LAX = Field(strict=False)
"""For a field whose JSON form is not its Python type (``ApiModel`` is strict): an ISO 8601 string for a
datetime or a time, a JSON number (or a numeric string) for a Decimal."""


def _instant(value: datetime) -> datetime:
    try:
        return rules.instant("timestamp", value)
    except ValidationError as exc:
        raise ValueError(exc.reason) from None  # pydantic names the field it was given for


Instant = Annotated[datetime, LAX, AfterValidator(_instant)]


def _bounded(value: dict[str, Any]) -> dict[str, Any]:
    try:
        rules.json_depth("json", value)
    except ValidationError as exc:
        raise ValueError(exc.reason) from None
    return value


JsonObject = Annotated[dict[str, Any], AfterValidator(_bounded)]
"""A free-form JSON object input, nested at most ``rules.MAX_JSON_DEPTH`` levels."""
"""A timestamp input: ISO 8601, years 1970 to 2999 (the calendar's edges overflow once an offset applies)."""


class ApiModel(BaseModel):
    """Request and response bodies: camelCase on the wire, unknown fields refused, and strict: a value must
    come as its JSON type ("7" is not 7, "yes" and 1 are not true). The types JSON has no literal for
    (timestamps, times of day, decimals) opt out field by field with ``LAX``."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid", strict=True)



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
